//! Fuzzy search over the catalog with nucleo, in Chinese, full pinyin and
//! pinyin initials, so a visitor with only an A–Z pad (no input method) finds
//! 长沙 by “changsha” or “cs”.
//!
//! Every city, part and item is an entry with several haystacks — its
//! Chinese text, then its names spelt out in pinyin and in initials, one
//! haystack per combination of the readings of polyphonic characters
//! (长沙 → "chang sha" and "zhang sha", "cs" and "zs") — scored separately;
//! an entry's score is its best haystack's, so 参保 is found by "cb" as
//! tightly as if 参 had one reading.

use nucleo::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo::{Matcher, Utf32String};
use pinyin::ToPinyinMulti;

use crate::catalog::Catalog;

/// What a search result opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    City { city: usize },
    Part { city: usize, part: usize },
    Item { city: usize, item: usize },
}

impl Target {
    pub fn city(self) -> usize {
        match self {
            Target::City { city } | Target::Part { city, .. } | Target::Item { city, .. } => city,
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
    /// The Chinese text with its context: what a query typed with an input
    /// method is matched against.
    text: Utf32String,
    /// What an A–Z (or digit) query is matched against: the text's ASCII
    /// words (codes, ids), then the pinyin spellings. Kept apart from `text`
    /// because an ASCII needle in Chinese text takes nucleo's slow Unicode
    /// path, and can only ever match the ASCII in it.
    ascii: Vec<Utf32String>,
}

/// Spellings kept per name: far more than the polyphones of any service
/// name need, a bound only for a hostile catalog.
const MAX_SPELLINGS: usize = 64;

pub struct SearchIndex {
    entries: Vec<Entry>,
    /// One per core the search may use.
    matchers: Vec<Matcher>,
    /// The last query and the entries it matched (by index): a query that
    /// only adds to it can match nothing else, so a keystroke rescores those
    /// alone.
    last: Option<(String, Vec<usize>)>,
}

impl SearchIndex {
    /// Indexes the cities in `order` (the hall's own city first), so equal
    /// scores list the hall's own guide first.
    pub fn new(catalog: &Catalog, order: &[usize]) -> Self {
        let mut entries = Vec::new();
        for (ci, city) in order
            .iter()
            .filter_map(|&ci| Some((ci, catalog.cities.get(ci)?)))
        {
            let names: Vec<&str> = std::iter::once(city.name.as_str())
                .chain(city.aliases.iter().map(String::as_str))
                .collect();
            entries.push(Entry::new(Target::City { city: ci }, &names, &[]));
            for (pi, part) in city.parts.iter().enumerate() {
                let title = part.display_title();
                entries.push(Entry::new(
                    Target::Part { city: ci, part: pi },
                    &[&title],
                    &[&city.name],
                ));
            }
            for (ii, item) in city.items.iter().enumerate() {
                let mut names = vec![item.name.as_str()];
                names.extend(item.heading.as_deref());
                names.extend(item.aliases.iter().map(String::as_str));
                let part = city
                    .part(&item.part)
                    .and_then(|p| p.title.as_deref())
                    .unwrap_or("");
                let mut context = vec![city.name.as_str(), part, item.id.as_str()];
                context.extend(item.code.as_deref());
                entries.push(Entry::new(
                    Target::Item { city: ci, item: ii },
                    &names,
                    &context,
                ));
            }
        }
        SearchIndex {
            entries,
            matchers: (0..threads())
                .map(|_| Matcher::new(nucleo::Config::DEFAULT))
                .collect(),
            last: None,
        }
    }

    /// Entries matching `query`, best first; ties keep catalog order, cities
    /// and parts before items. An empty query matches nothing.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<Hit> {
        let query = sanitize(query);
        let candidates = match self.last.take() {
            Some((last, matched)) if !last.is_empty() && query.starts_with(&last) => matched,
            _ => (0..self.entries.len()).collect(),
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
        // In candidate order, which is ascending: the next keystroke's candidates.
        let mut hits = self.score(&pattern, query.is_ascii(), &candidates);
        self.last = Some((query, hits.iter().map(|(order, _)| *order).collect()));
        hits.sort_by_key(|(order, h)| (std::cmp::Reverse(h.score), *order));
        hits.into_iter().take(limit).map(|(_, h)| h).collect()
    }

    /// Scores the `candidates` (entry indices), on several threads when they
    /// are many: a province-sized catalog stays quick on a 2-core kiosk.
    fn score(&mut self, pattern: &Pattern, ascii: bool, candidates: &[usize]) -> Vec<(usize, Hit)> {
        let chunk = candidates
            .len()
            .div_ceil(self.matchers.len())
            .max(PARALLEL_FROM);
        let entries = &self.entries;
        std::thread::scope(|s| {
            let mut chunks = candidates.chunks(chunk).zip(self.matchers.iter_mut());
            let Some((mine, matcher)) = chunks.next() else {
                return Vec::new();
            };
            let others: Vec<_> = chunks
                .map(|(c, m)| s.spawn(move || score_chunk(entries, pattern, ascii, c, m)))
                .collect();
            let mut hits = score_chunk(entries, pattern, ascii, mine, matcher);
            for other in others {
                hits.extend(
                    other
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                );
            }
            hits
        })
    }
}

/// Below this many candidates one thread is quicker than starting another.
const PARALLEL_FROM: usize = 1024;

fn score_chunk(
    entries: &[Entry],
    pattern: &Pattern,
    ascii: bool,
    candidates: &[usize],
    matcher: &mut Matcher,
) -> Vec<(usize, Hit)> {
    let mut hits = Vec::new();
    for &order in candidates {
        let entry = &entries[order];
        let haystacks = if ascii {
            &entry.ascii[..]
        } else {
            std::slice::from_ref(&entry.text)
        };
        let score = haystacks
            .iter()
            .filter_map(|h| pattern.score(h.slice(..), matcher))
            .max();
        if let Some(score) = score {
            let target = entry.target;
            hits.push((order, Hit { target, score }));
        }
    }
    hits
}

impl Entry {
    /// `names` are what the entry is called (they get pinyin); `context` is
    /// other text it can be found by (city, part, code).
    fn new(target: Target, names: &[&str], context: &[&str]) -> Entry {
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
        ascii.sort();
        ascii.dedup();
        Entry {
            target,
            text: Utf32String::from(text),
            ascii: ascii.into_iter().map(Utf32String::from).collect(),
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

    #[test]
    fn sanitize_drops_syntax_and_folds_full_width() {
        assert_eq!(sanitize("^can'bao$ !x"), "canbao x");
        assert_eq!(sanitize("ＣＳ\u{3000}参保"), "cs 参保");
        assert_eq!(sanitize("\\ \u{1b}[2J"), "2j");
        assert_eq!(sanitize("0731-7"), "0731-7");
        assert_eq!(sanitize("   "), "");
    }
}
