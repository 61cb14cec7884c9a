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
//! the query it extends.

use std::collections::HashMap;

use nucleo::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo::{Matcher, Utf32String};
use pinyin::ToPinyinMulti;

use crate::catalog::Catalog;
use crate::parallel::gather;

/// What a search result opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Guide { guide: usize },
    Part { guide: usize, part: usize },
    Item { guide: usize, item: usize },
}

impl Target {
    pub fn guide(self) -> usize {
        match self {
            Target::Guide { guide } | Target::Part { guide, .. } | Target::Item { guide, .. } => guide,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub target: Target,
    pub score: u32,
}

struct Entry {
    target: Target,
    /// The Chinese text with its context, in [`Haystacks::text`]: what a
    /// query typed with an input method is matched against.
    text: u32,
    /// In [`Haystacks::ascii`]: what an A–Z (or digit) query is matched
    /// against, the text's ASCII words (codes, ids), then the pinyin
    /// spellings. Kept apart from `text` because an ASCII needle in Chinese
    /// text takes nucleo's slow Unicode path, and can only ever match the
    /// ASCII in it.
    ascii: Vec<u32>,
}

impl Entry {
    fn haystacks(&self, ascii: bool) -> &[u32] {
        if ascii {
            &self.ascii
        } else {
            std::slice::from_ref(&self.text)
        }
    }
}

/// Every distinct haystack once. Cities carry the same national items and
/// parts under the same names (half the spellings of the shipped catalog
/// are repeats), and each is scored once per keystroke, not once per guide.
#[derive(Default)]
struct Haystacks {
    ascii: Vec<Utf32String>,
    text: Vec<Utf32String>,
}

/// The ids given so far, while an index is built.
type Ids = HashMap<(bool, String), u32>;

impl Haystacks {
    fn id(&mut self, ids: &mut Ids, ascii: bool, haystack: String) -> u32 {
        let table = if ascii {
            &mut self.ascii
        } else {
            &mut self.text
        };
        *ids.entry((ascii, haystack)).or_insert_with_key(|(_, h)| {
            table.push(Utf32String::from(h.as_str()));
            u32::try_from(table.len() - 1).expect("fewer than 2^32 haystacks")
        })
    }

    fn table(&self, ascii: bool) -> &[Utf32String] {
        if ascii { &self.ascii } else { &self.text }
    }
}

/// Spellings kept per name: far more than the polyphones of any service
/// name need, a bound only for a hostile catalog.
const MAX_SPELLINGS: usize = 64;

pub struct SearchIndex {
    entries: Vec<Entry>,
    haystacks: Haystacks,
    /// One per core the search may use.
    matchers: Vec<Matcher>,
    /// The last search: a query that only adds to it can match no other
    /// haystack, so a keystroke rescores those alone.
    last: Option<Last>,
}

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
        let mut index = SearchIndex {
            entries: Vec::new(),
            haystacks: Haystacks::default(),
            matchers: (0..threads())
                .map(|_| Matcher::new(nucleo::Config::DEFAULT))
                .collect(),
            last: None,
        };
        let ids = &mut Ids::new();
        for (ci, guide) in order
            .iter()
            .filter_map(|&ci| Some((ci, catalog.guides.get(ci)?)))
        {
            let names: Vec<&str> = std::iter::once(guide.name.as_str())
                .chain(guide.aliases.iter().map(String::as_str))
                .collect();
            index.add(ids, Target::Guide { guide: ci }, &names, &[]);
            for (pi, part) in guide.parts.iter().enumerate() {
                let title = part.display_title();
                index.add(
                    ids,
                    Target::Part { guide: ci, part: pi },
                    &[&title],
                    &[&guide.name],
                );
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
                index.add(ids, Target::Item { guide: ci, item: ii }, &names, &context);
            }
        }
        index
    }

    /// `names` are what the entry is called (they get pinyin); `context` is
    /// other text it can be found by (guide, part, code).
    fn add(&mut self, ids: &mut Ids, target: Target, names: &[&str], context: &[&str]) {
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
        let mut ascii: Vec<u32> = ascii
            .into_iter()
            .map(|h| self.haystacks.id(ids, true, h))
            .collect();
        ascii.sort_unstable();
        ascii.dedup();
        let text = self.haystacks.id(ids, false, text);
        self.entries.push(Entry {
            target,
            text,
            ascii,
        });
    }

    /// Entries matching `query`, best first; ties keep catalog order, guides
    /// and parts before items. An empty query matches nothing.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<Hit> {
        let query = sanitize(query);
        let ascii = query.is_ascii();
        let table = self.haystacks.table(ascii);
        let candidates = match self.last.take() {
            Some(last) if last.ascii == ascii && query.starts_with(&last.query) => last.matched,
            _ => (0..table.len() as u32).collect(),
        };
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
        let mut hits = self.best_per_entry(ascii, &scored);
        self.last = Some(Last {
            query,
            ascii,
            matched: scored.into_iter().map(|(id, _)| id).collect(),
        });
        hits.sort_by_key(|(order, h)| (std::cmp::Reverse(h.score), *order));
        hits.into_iter().take(limit).map(|(_, h)| h).collect()
    }

    /// Each entry that matched, scored as its best haystack, in entry order.
    fn best_per_entry(&self, ascii: bool, scored: &[(u32, u32)]) -> Vec<(usize, Hit)> {
        let mut scores = vec![None; self.haystacks.table(ascii).len()];
        for &(id, score) in scored {
            scores[id as usize] = Some(score);
        }
        let best = |ids: &[u32]| ids.iter().filter_map(|&id| scores[id as usize]).max();
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(order, entry)| {
                let score = best(entry.haystacks(ascii))?;
                Some((
                    order,
                    Hit {
                        target: entry.target,
                        score,
                    },
                ))
            })
            .collect()
    }
}

/// Scores the `candidates` (ids in `table`), on several threads when they are
/// many: a province-sized catalog stays quick on a 2-core kiosk. The matches
/// come back in candidate order.
fn score(
    matchers: &mut [Matcher],
    pattern: &Pattern,
    table: &[Utf32String],
    candidates: &[u32],
) -> Vec<(u32, u32)> {
    let chunk = candidates.len().div_ceil(matchers.len()).max(PARALLEL_FROM);
    std::thread::scope(|s| {
        let mut chunks = candidates.chunks(chunk).zip(matchers.iter_mut());
        let Some((mine, matcher)) = chunks.next() else {
            return Vec::new();
        };
        let others: Vec<_> = chunks
            .map(|(c, m)| s.spawn(move || score_chunk(pattern, table, c, m)))
            .collect();
        gather(score_chunk(pattern, table, mine, matcher), others)
    })
}

/// Below this many candidates one thread is quicker than starting another.
const PARALLEL_FROM: usize = 1024;

fn score_chunk(
    pattern: &Pattern,
    table: &[Utf32String],
    candidates: &[u32],
    matcher: &mut Matcher,
) -> Vec<(u32, u32)> {
    candidates
        .iter()
        .filter_map(|&id| Some((id, pattern.score(table[id as usize].slice(..), matcher)?)))
        .collect()
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

    #[test]
    fn sanitize_drops_syntax_and_folds_full_width() {
        assert_eq!(sanitize("^can'bao$ !x"), "canbao x");
        assert_eq!(sanitize("ＣＳ\u{3000}参保"), "cs 参保");
        assert_eq!(sanitize("\\ \u{1b}[2J"), "2j");
        assert_eq!(sanitize("0731-7"), "0731-7");
        assert_eq!(sanitize("   "), "");
    }
}
