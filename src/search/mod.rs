//! Fuzzy search over the catalog with nucleo, in Chinese, full pinyin and
//! pinyin initials, so a visitor with only an A–Z pad (no input method) finds
//! 长沙 by “changsha” or “cs”.
//!
//! Every guide, part and item is an entry with several haystacks — its
//! Chinese text, then its names spelt out in pinyin and in initials, one
//! haystack per combination of the readings of polyphonic characters
//! (长沙 → "chang sha" and "zhang sha", "cs" and "zs") — scored separately;
//! an entry's score is its best haystack's, so 参保 is found by "cb" as
//! tightly as if 参 had one reading. A keystroke scores each distinct
//! haystack once, however many guides share it, and only those that matched
//! the query it extends; a query that still matches a province's worth of
//! spellings is scored by nucleo's greedy matcher (see [`OPTIMAL_UP_TO`]).

use std::collections::{HashMap, HashSet};

use nucleo::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo::{Matcher, Utf32Str};
use pinyin::ToPinyinMulti;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Guide};

mod table;
use table::{Stored, Table};

/// What a search result opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    Guide { guide: usize },
    Part { guide: usize, part: usize },
    Item { guide: usize, item: usize },
}

impl Target {
    pub fn guide(self) -> usize {
        match self {
            Target::Guide { guide } | Target::Part { guide, .. } | Target::Item { guide, .. } => {
                guide
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub target: Target,
    pub score: u32,
}

#[derive(Clone, Serialize, Deserialize)]
struct Entry {
    target: Target,
    /// The Chinese text with its context, in [`IndexParts::text`]: what a
    /// query typed with an input method is matched against.
    text: u32,
    /// Where in [`IndexParts::ascii_ids`] the ids (in [`IndexParts::ascii`])
    /// of what an A–Z (or digit) query is matched against lie: the text's
    /// ASCII words (codes, ids), then the pinyin spellings. Kept apart from
    /// `text` because an ASCII needle in Chinese text takes nucleo's slow
    /// Unicode path, and can only ever match the ASCII in it.
    ascii: (u32, u32),
    /// What makes the entry the same as another guide's (ids in
    /// [`IndexParts`]'s twin keys, [`NONE`] where there is none): a part's
    /// title; an item's name and its code, as [`crate::catalog::Item::same_service`]
    /// compares them.
    twins: [u32; 2],
    /// For an item, the entry of the part holding it; else [`NONE`].
    part: u32,
}

/// No such id.
const NONE: u32 = u32::MAX;

impl Entry {
    /// The entry's haystacks in the table `ascii` names; `ascii_ids` are the
    /// index's.
    fn haystacks<'a>(&'a self, ascii: bool, ascii_ids: &'a [u32]) -> &'a [u32] {
        if ascii {
            &ascii_ids[self.ascii.0 as usize..self.ascii.1 as usize]
        } else {
            std::slice::from_ref(&self.text)
        }
    }
}

/// What an index knows of a catalog, in catalog order: every entry and every
/// distinct haystack once. Cities carry the same national items and parts
/// under the same names (half the spellings of the shipped catalog are
/// repeats), and each is scored once per keystroke, not once per guide.
/// Spelling every name in pinyin is most of the work, so a catalog snapshot
/// keeps this.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct IndexParts {
    entries: Vec<Entry>,
    /// Every entry's ASCII haystack ids, end to end: one allocation, read in
    /// order on every keystroke, rather than one per entry.
    ascii_ids: Vec<u32>,
    ascii: Stored,
    text: Stored,
}

/// An entry before its haystacks have ids.
struct Spelt {
    target: Target,
    text: String,
    ascii: Vec<String>,
    /// Its twin keys (see [`Entry::twins`]) as text.
    twins: Vec<String>,
    /// For an item, its part's place among the guide's parts.
    part: Option<usize>,
}

impl IndexParts {
    /// Every guide, part and item of `catalog`, spelt on every core.
    pub fn new(catalog: &Catalog) -> IndexParts {
        let spelt: Vec<Vec<Spelt>> = catalog
            .guides
            .par_iter()
            .enumerate()
            .map(|(ci, guide)| spell_city(ci, guide))
            .collect();
        let mut parts = IndexParts::default();
        let mut ids = HashMap::new();
        let mut twin_ids = HashMap::new();
        // Each guide's first entry is the guide, then its parts in order.
        let mut first_part = 0;
        for entry in spelt.into_iter().flatten() {
            if let Target::Guide { .. } = entry.target {
                first_part = parts.entries.len() + 1;
            }
            let part = match entry.target {
                Target::Item { .. } => entry.part.map_or(NONE, |p| (first_part + p) as u32),
                _ => NONE,
            };
            let mut ascii: Vec<u32> = entry
                .ascii
                .into_iter()
                .map(|h| id(&mut ids, &mut parts.ascii, true, h))
                .collect();
            ascii.sort_unstable();
            ascii.dedup();
            let start = parts.ascii_ids.len() as u32;
            parts.ascii_ids.extend(ascii);
            let text = id(&mut ids, &mut parts.text, false, entry.text);
            let mut twins = [NONE; 2];
            for (slot, key) in twins.iter_mut().zip(entry.twins) {
                let next = twin_ids.len() as u32;
                *slot = *twin_ids.entry(key).or_insert(next);
            }
            parts.entries.push(Entry {
                target: entry.target,
                text,
                ascii: (start, parts.ascii_ids.len() as u32),
                twins,
                part,
            });
        }
        parts
    }
}

impl IndexParts {
    /// Whether every id and target lies inside the index and `catalog`:
    /// parts read back from a file are checked before use.
    pub fn fits(&self, catalog: &Catalog) -> bool {
        let target_exists = |t: Target| {
            let Some(guide) = catalog.guides.get(t.guide()) else {
                return false;
            };
            match t {
                Target::Guide { .. } => true,
                Target::Part { part, .. } => part < guide.parts.len(),
                Target::Item { item, .. } => item < guide.items.len(),
            }
        };
        let ascii = self.ascii.len() as u32;
        self.ascii.is_whole()
            && self.text.is_whole()
            && self.ascii_ids.iter().all(|&id| id < ascii)
            && self.entries.iter().all(|e| {
                let (start, end) = e.ascii;
                target_exists(e.target)
                    && (e.part == NONE || (e.part as usize) < self.entries.len())
                    && (e.text as usize) < self.text.len()
                    && start <= end
                    && end as usize <= self.ascii_ids.len()
            })
    }
}

/// The id of `haystack` in `table`, added if new.
fn id(
    ids: &mut HashMap<(bool, String), u32>,
    table: &mut Stored,
    ascii: bool,
    haystack: String,
) -> u32 {
    *ids.entry((ascii, haystack))
        .or_insert_with_key(|(_, h)| table.push(h))
}

/// The entries of one guide: the guide, its parts, its items.
fn spell_city(ci: usize, guide: &Guide) -> Vec<Spelt> {
    let names: Vec<&str> = std::iter::once(guide.name.as_str())
        .chain(guide.aliases.iter().map(String::as_str))
        .collect();
    let mut out = vec![spell(Target::Guide { guide: ci }, &names, &[])];
    for (pi, part) in guide.parts.iter().enumerate() {
        let title = part.display_title();
        let mut spelt = spell(
            Target::Part {
                guide: ci,
                part: pi,
            },
            &[&title],
            &[&guide.name],
        );
        spelt.twins.push(format!("part {title}"));
        out.push(spelt);
    }
    for (ii, item) in guide.items.iter().enumerate() {
        let mut names = vec![item.name.as_str()];
        names.extend(item.heading.as_deref());
        names.extend(item.aliases.iter().map(String::as_str));
        let part = guide
            .part(&item.part)
            .and_then(|p| p.title.as_deref())
            .unwrap_or("");
        let mut context = vec![guide.name.as_str(), part, item.id.as_str()];
        context.extend(item.code.as_deref());
        let mut spelt = spell(
            Target::Item {
                guide: ci,
                item: ii,
            },
            &names,
            &context,
        );
        spelt.twins.push(format!("item {}", item.comparable_name()));
        spelt
            .twins
            .extend(item.code.as_ref().map(|c| format!("code {c}")));
        spelt.part = guide.parts.iter().position(|p| p.id == item.part);
        out.push(spelt);
    }
    out
}

/// `names` are what the entry is called (they get pinyin); `context` is
/// other text it can be found by (guide, part, code).
fn spell(target: Target, names: &[&str], context: &[&str]) -> Spelt {
    let text = names
        .iter()
        .chain(context)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let ascii_words: Vec<&str> = text
        .split(|c: char| !c.is_ascii() || c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let mut ascii = vec![ascii_words.join(" ")];
    for name in names {
        ascii.extend(spellings(name, |p| p.plain(), " "));
        ascii.extend(spellings(name, |p| p.first_letter(), ""));
    }
    ascii.retain(|h| !h.is_empty());
    Spelt {
        target,
        text,
        ascii,
        twins: Vec::new(),
        part: None,
    }
}

/// Spellings kept per name: far more than the polyphones of any service
/// name need, a bound only for a hostile catalog.
const MAX_SPELLINGS: usize = 64;

#[derive(Clone)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    ascii_ids: Vec<u32>,
    ascii: Table,
    text: Table,
    /// Each guide's place in the hall's order (the hall's own guide first),
    /// by which equal scores are listed; `None` for a guide not searched.
    rank: Vec<Option<u32>>,
    /// The hall's own guide, whose services other guides' copies of them
    /// never push down the list.
    home: Option<usize>,
    /// One per core the search may use.
    matchers: Vec<Matcher>,
    /// The last search: a query that only adds to it can match no other
    /// haystack, so a keystroke rescores those alone.
    last: Option<Last>,
    /// How many entries the last search matched, before the limit.
    matched: usize,
}

#[derive(Clone)]
struct Last {
    query: String,
    /// Which table was searched: ASCII spellings or the Chinese text.
    ascii: bool,
    /// The haystacks that matched, by id, in ascending order.
    matched: Vec<u32>,
}

impl SearchIndex {
    /// Indexes the guides in `order` (the hall's own guide first), so equal
    /// scores list the hall's own guide first.
    pub fn new(catalog: &Catalog, order: &[usize]) -> Self {
        Self::from_parts(IndexParts::new(catalog), order)
    }

    /// The index of `parts`, searching the guides in `order`.
    pub fn from_parts(parts: IndexParts, order: &[usize]) -> Self {
        let guides = parts
            .entries
            .iter()
            .map(|e| e.target.guide() + 1)
            .max()
            .unwrap_or(0);
        let mut rank = vec![None; guides.max(order.iter().map(|&c| c + 1).max().unwrap_or(0))];
        for (r, &guide) in order.iter().enumerate() {
            rank[guide] = Some(r as u32);
        }
        SearchIndex {
            entries: parts.entries,
            ascii_ids: parts.ascii_ids,
            ascii: Table::from(parts.ascii),
            text: Table::from(parts.text),
            rank,
            home: None,
            matchers: (0..threads())
                .map(|_| Matcher::new(nucleo::Config::DEFAULT))
                .collect(),
            last: None,
            matched: 0,
        }
    }

    /// The same index, for a hall whose own guide is `home`.
    pub fn with_home(mut self, home: Option<usize>) -> Self {
        self.home = home;
        self
    }

    fn table(&self, ascii: bool) -> &Table {
        if ascii { &self.ascii } else { &self.text }
    }

    /// Entries matching `query`, best first (see [`SearchIndex::ranked`]).
    /// An empty query matches nothing.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<Hit> {
        let query = sanitize(query);
        let ascii = query.is_ascii();
        let table = if ascii { &self.ascii } else { &self.text };
        let candidates = match self.last.take() {
            Some(last) if last.ascii == ascii && query.starts_with(&last.query) => last.matched,
            _ => (0..table.len() as u32).collect(),
        };
        self.matched = 0;
        if query.is_empty() {
            return Vec::new();
        }
        // AtomKind::Fuzzy: no fzf syntax, every character is matched literally.
        let pattern = Pattern::new(
            &query,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        let scored = score(&mut self.matchers, &pattern, table, &candidates);
        let found = self.best_per_entry(ascii, &scored);
        self.last = Some(Last {
            query,
            ascii,
            matched: scored.into_iter().map(|(id, _)| id).collect(),
        });
        self.matched = found.len();
        let mut hits = self.ranked(found);
        // Only the first `limit` are shown: those are found, then sorted,
        // not every match of a one-letter query in a province's catalog.
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by_key(limit - 1, |(key, _)| *key);
        }
        hits.truncate(limit);
        hits.sort_unstable_by_key(|(key, _)| *key);
        hits.into_iter().map(|(_, h)| h).collect()
    }

    /// How many entries the last search matched, however many it returned.
    pub fn matched(&self) -> usize {
        self.matched
    }

    /// Each entry that matched (by its place in `entries`), scored as its
    /// best haystack.
    fn best_per_entry(&self, ascii: bool, scored: &[(u32, u32)]) -> Vec<(usize, u32)> {
        let mut scores = vec![None; self.table(ascii).len()];
        for &(id, score) in scored {
            scores[id as usize] = Some(score);
        }
        let best = |ids: &[u32]| ids.iter().filter_map(|&id| scores[id as usize]).max();
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(e, entry)| {
                self.rank.get(entry.target.guide()).copied().flatten()?;
                Some((e, best(entry.haystacks(ascii, &self.ascii_ids))?))
            })
            .collect()
    }

    /// The matches with the key they are listed by, smallest first:
    /// 1. Another guide's copy of a service (an item of the same name or
    ///    code, a part of the same title) that the hall's own guide also
    ///    matched comes after everything else: it stays reachable, but the
    ///    home guide's own entries keep the first page.
    /// 2. Then the better score first; a part whose items matched too
    ///    counts as its weakest such item, and comes after it: the item
    ///    a visitor asked for is listed above the part that holds it.
    /// 3. Equal scores keep the hall's order of guides, then a guide's
    ///    own order (the guide, its parts, its items), but a part after
    ///    its items.
    fn ranked(&self, found: Vec<(usize, u32)>) -> Vec<(RankKey, Hit)> {
        let home_twins: HashSet<u32> = found
            .iter()
            .map(|&(e, _)| &self.entries[e])
            .filter(|entry| Some(entry.target.guide()) == self.home)
            .flat_map(|entry| entry.twins)
            .filter(|&t| t != NONE)
            .collect();
        let mut weakest_item: HashMap<u32, u32> = HashMap::new();
        for &(e, score) in &found {
            let part = self.entries[e].part;
            if part != NONE {
                let weakest = weakest_item.entry(part).or_insert(score);
                *weakest = (*weakest).min(score);
            }
        }
        found
            .into_iter()
            .map(|(e, score)| {
                let entry = &self.entries[e];
                let guide = entry.target.guide();
                let copy = self.home.is_some_and(|home| home != guide)
                    && entry.twins.iter().any(|t| home_twins.contains(t));
                let items = weakest_item.get(&(e as u32)).copied();
                let key = RankKey {
                    copy,
                    score: std::cmp::Reverse(items.map_or(score, |w| w.min(score))),
                    rank: self.rank[guide].unwrap_or(u32::MAX),
                    after_items: items.is_some(),
                    entry: e,
                };
                let hit = Hit {
                    target: entry.target,
                    score,
                };
                (key, hit)
            })
            .collect()
    }
}

/// What results are listed by, field by field (see [`SearchIndex::ranked`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct RankKey {
    copy: bool,
    score: std::cmp::Reverse<u32>,
    rank: u32,
    after_items: bool,
    entry: usize,
}

/// Scores the `candidates` (ids in `table`) that match: optimally, unless
/// the query matches more than [`OPTIMAL_UP_TO`] haystacks with a word of
/// two letters or more. Which scoring a query gets depends on the query
/// alone, not on the candidates its keystrokes left, so deleting a letter
/// ranks as typing it did. The matches come back in candidate order.
fn score(
    matchers: &mut [Matcher],
    pattern: &Pattern,
    table: &Table,
    candidates: &[u32],
) -> Vec<(u32, u32)> {
    // For one character nucleo's optimal matcher is a linear scan too.
    let letters = pattern.atoms.iter().all(|a| a.needle_text().len() == 1);
    if candidates.len() <= OPTIMAL_UP_TO || letters {
        return Scoring::Optimal.all(matchers, pattern, table, candidates);
    }
    let found = Scoring::greedy(pattern).all(matchers, pattern, table, candidates);
    if found.len() > OPTIMAL_UP_TO {
        return found;
    }
    let matched: Vec<u32> = found.into_iter().map(|(id, _)| id).collect();
    Scoring::Optimal.all(matchers, pattern, table, &matched)
}

/// Below this many candidates one thread is quicker than starting another.
const PARALLEL_FROM: usize = 1024;

/// Up to this many matching haystacks a query is scored with nucleo's
/// optimal matcher: a few milliseconds on a 2-core kiosk. Beyond, in a
/// province's catalog where the first letters of a query still match tens
/// of thousands of spellings, the optimal matcher's table for each would
/// hold the screen for a frame or more, and the greedy one (linear, as
/// fzf's v1 and nucleo's own fallback for long haystacks) scores them
/// instead. It matches the same haystacks and never scores one higher; the
/// next letters narrow the matches and are scored optimally again.
const OPTIMAL_UP_TO: usize = 16_384;

/// Which of nucleo's matchers scores a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scoring {
    Optimal,
    /// With the case and normalisation `Pattern::score` would use: ignore
    /// case (the pattern is built with [`CaseMatching::Ignore`]) and
    /// normalise unless the needle holds a character that normalising
    /// changes ([`Normalization::Smart`]).
    Greedy {
        normalize: bool,
    },
}

impl Scoring {
    fn greedy(pattern: &Pattern) -> Scoring {
        let normalize = pattern
            .atoms
            .iter()
            .flat_map(|atom| atom.needle_text().chars())
            .all(|c| nucleo::chars::normalize(c) == c);
        Scoring::Greedy { normalize }
    }

    /// The `candidates` that match, scored on several cores when they are
    /// many: a province-sized catalog stays quick on a 2-core kiosk. The
    /// calling thread scores the first share itself, so a keystroke with few
    /// candidates never waits for a pool thread to wake.
    fn all(
        self,
        matchers: &mut [Matcher],
        pattern: &Pattern,
        table: &Table,
        candidates: &[u32],
    ) -> Vec<(u32, u32)> {
        let chunk = candidates.len().div_ceil(matchers.len()).max(PARALLEL_FROM);
        let mut shares: Vec<Vec<(u32, u32)>> = vec![Vec::new(); matchers.len()];
        let mut work = candidates
            .chunks(chunk)
            .zip(matchers.iter_mut())
            .zip(shares.iter_mut());
        if let Some(((mine, matcher), out)) = work.next() {
            rayon::in_place_scope(|s| {
                for ((c, m), out) in work {
                    s.spawn(move |_| *out = self.chunk(pattern, table, c, m));
                }
                *out = self.chunk(pattern, table, mine, matcher);
            });
        }
        shares.concat()
    }

    fn chunk(
        self,
        pattern: &Pattern,
        table: &Table,
        candidates: &[u32],
        matcher: &mut Matcher,
    ) -> Vec<(u32, u32)> {
        if let Scoring::Greedy { normalize } = self {
            matcher.config.ignore_case = true;
            matcher.config.normalize = normalize;
        }
        candidates
            .iter()
            .filter_map(|&id| Some((id, self.one(pattern, table.get(id), matcher)?)))
            .collect()
    }

    /// `haystack`'s score, the sum over the pattern's words as
    /// `Pattern::score` adds them.
    fn one(self, pattern: &Pattern, haystack: Utf32Str, matcher: &mut Matcher) -> Option<u32> {
        match self {
            Scoring::Optimal => pattern.score(haystack, matcher),
            Scoring::Greedy { .. } => pattern.atoms.iter().try_fold(0, |sum, atom| {
                let score = matcher.fuzzy_match_greedy(haystack, atom.needle_text())?;
                Some(sum + u32::from(score))
            }),
        }
    }
}

/// The cores a search may use: all of a kiosk's few, at most four.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// `name` spelt with `spell`: first with every character's usual reading,
/// then once more for each other reading of each polyphonic character
/// (长沙 → "chang sha", "zhang sha", "chang suo"), so every reading is
/// searchable while the count stays linear in the name's length.
/// Characters without pinyin pass through.
pub fn spellings(
    name: &str,
    spell: impl Fn(pinyin::Pinyin) -> &'static str,
    sep: &str,
) -> Vec<String> {
    let readings: Vec<Vec<String>> = name
        .chars()
        .filter_map(|c| match c.to_pinyin_multi() {
            Some(multi) => {
                let mut r: Vec<String> = Vec::new();
                for p in multi {
                    let s = spell(p).to_string();
                    if !r.contains(&s) {
                        r.push(s);
                    }
                }
                Some(r)
            }
            None if c.is_alphanumeric() => Some(vec![c.to_lowercase().collect()]),
            None => None,
        })
        .collect();
    let usual: Vec<&str> = readings.iter().map(|r| r[0].as_str()).collect();
    let mut out = vec![usual.join(sep)];
    for (i, r) in readings.iter().enumerate() {
        for other in r.iter().skip(1) {
            if out.len() == MAX_SPELLINGS {
                return out;
            }
            let mut v = usual.clone();
            v[i] = other;
            out.push(v.join(sep));
        }
    }
    out
}

/// Keeps letters, digits, CJK and single spaces; folds full-width forms and
/// the ideographic space from an input method. Whatever nucleo or a terminal
/// might treat as syntax or control is dropped.
pub fn sanitize(query: &str) -> String {
    let folded = query.chars().map(|c| match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(' '),
        c => c,
    });
    let kept: String = folded
        // fzf's operators and its escape go; they are never part of a name.
        .filter(|c| !matches!(c, '\'' | '^' | '$' | '!' | '\\') && !c.is_control())
        // Other punctuation separates words, but codes keep their dashes.
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .flat_map(char::to_lowercase)
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polyphonic_characters_give_one_spelling_per_reading() {
        let full = spellings("长沙", |p| p.plain(), " ");
        assert!(
            full.contains(&"chang sha".to_string()) && full.contains(&"zhang sha".to_string()),
            "{full:?}"
        );
        let initials = spellings("长沙", |p| p.first_letter(), "");
        assert!(
            initials.contains(&"cs".to_string()) && initials.contains(&"zs".to_string()),
            "{initials:?}"
        );
        assert!(spellings("参保", |p| p.first_letter(), "").contains(&"cb".to_string()));
        for (word, a, b) in [("重新", "chong", "zhong"), ("银行", "hang", "xing")] {
            let all = spellings(word, |p| p.plain(), " ").join("|");
            assert!(all.contains(a) && all.contains(b), "{word}: {all}");
        }
    }

    #[test]
    fn spellings_are_bounded() {
        let name = "长重行参".repeat(20);
        assert_eq!(spellings(&name, |p| p.plain(), " ").len(), MAX_SPELLINGS);
        assert_eq!(spellings("", |p| p.plain(), " "), [""]);
    }

    fn fuzzy(query: &str) -> Pattern {
        Pattern::new(
            query,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        )
    }

    #[test]
    fn greedy_scoring_matches_what_optimal_matches_and_never_scores_higher() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
        let catalog = crate::catalog::load_dir(&dir).expect("the shipped catalog");
        let index = SearchIndex::new(&catalog, &[]);
        let mut matcher = Matcher::new(nucleo::Config::DEFAULT);
        let mut lower = 0;
        for query in [
            "cb",
            "canbao",
            "ydjy",
            "shen",
            "zhuanyi",
            "0731",
            "mtb",
            "参保",
            "异地 备案",
        ] {
            let pattern = fuzzy(query);
            let table = index.table(query.is_ascii());
            let ids: Vec<u32> = (0..table.len() as u32).collect();
            let optimal = Scoring::Optimal.chunk(&pattern, table, &ids, &mut matcher);
            let greedy = Scoring::greedy(&pattern).chunk(&pattern, table, &ids, &mut matcher);
            assert!(!optimal.is_empty(), "{query:?} finds nothing");
            let found = |v: &[(u32, u32)]| v.iter().map(|&(id, _)| id).collect::<Vec<_>>();
            assert_eq!(found(&greedy), found(&optimal), "{query:?}");
            for (&(id, g), &(_, o)) in greedy.iter().zip(&optimal) {
                assert!(
                    g <= o,
                    "{query:?} on {:?}: greedy {g} > optimal {o}",
                    table.get(id)
                );
                lower += usize::from(g < o);
            }
        }
        // Else this test could not tell the two scorings apart.
        assert!(lower > 0);
    }

    #[test]
    fn a_query_is_scored_alike_whatever_candidates_its_keystrokes_left() {
        // More haystacks than OPTIMAL_UP_TO match "ca"; only a few match
        // "cs", where the greedy matcher takes the first c and s apart
        // rather than the two side by side. A single letter is scored
        // optimally however many it matches.
        let mut stored = Stored::default();
        for i in 0..OPTIMAL_UP_TO + 100 {
            stored.push(&format!("bac ca bao deng ji {i}"));
        }
        for i in 0..50 {
            stored.push(&format!("cx sa cs {i}"));
        }
        let table = Table::from(stored);
        let all: Vec<u32> = (0..table.len() as u32).collect();
        let mut matchers: Vec<Matcher> = (0..2)
            .map(|_| Matcher::new(nucleo::Config::DEFAULT))
            .collect();
        let broad = fuzzy("ca");
        assert_eq!(
            score(&mut matchers, &broad, &table, &all),
            Scoring::greedy(&broad).all(&mut matchers, &broad, &table, &all),
        );
        // The greedy matcher would take the c inside "bac".
        let letter = fuzzy("c");
        let optimal = Scoring::Optimal.all(&mut matchers, &letter, &table, &all);
        assert_eq!(score(&mut matchers, &letter, &table, &all), optimal);
        assert_ne!(
            optimal,
            Scoring::greedy(&letter).all(&mut matchers, &letter, &table, &all)
        );
        let narrow = fuzzy("cs");
        let fresh = score(&mut matchers, &narrow, &table, &all);
        assert_eq!(fresh.len(), 50);
        assert_eq!(
            fresh,
            Scoring::Optimal.all(&mut matchers, &narrow, &table, &all)
        );
        assert_ne!(
            fresh,
            Scoring::greedy(&narrow).all(&mut matchers, &narrow, &table, &all)
        );
        // Typed after "c", or after "cx s", it scores as when fresh.
        for before in ["c", "cx s"] {
            let left: Vec<u32> = score(&mut matchers, &fuzzy(before), &table, &all)
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            assert_eq!(
                score(&mut matchers, &narrow, &table, &left),
                fresh,
                "after {before:?}"
            );
        }
    }

    #[test]
    fn sanitize_drops_syntax_and_folds_full_width() {
        assert_eq!(sanitize("^can'bao$ !x"), "canbao x");
        assert_eq!(sanitize("ＣＳ\u{3000}参保"), "cs 参保");
        assert_eq!(sanitize("\\ \u{1b}[2J"), "2j");
        assert_eq!(sanitize("0731-7"), "0731-7");
        assert_eq!(sanitize("   "), "");
    }
}
