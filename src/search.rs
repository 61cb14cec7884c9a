//! Fuzzy search over the catalog with nucleo, in Chinese, full pinyin and
//! pinyin initials, so a visitor with only an A–Z pad (no input method) finds
//! 长沙 by “changsha” or “cs”.
//!
//! Every city, part and item is an entry with three haystacks — its Chinese
//! text, the full pinyin of its names with every reading of polyphonic
//! characters (长 → chang zhang), and the initials of those readings — scored
//! separately; an entry's score is its best haystack's.

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
    haystacks: [Utf32String; 3],
}

pub struct SearchIndex {
    entries: Vec<Entry>,
    matcher: Matcher,
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
            matcher: Matcher::new(nucleo::Config::DEFAULT),
        }
    }

    /// Entries matching `query`, best first; ties keep catalog order, cities
    /// and parts before items. An empty query matches nothing.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<Hit> {
        let query = sanitize(query);
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
        let mut hits: Vec<(usize, Hit)> = Vec::new();
        for (order, entry) in self.entries.iter().enumerate() {
            let score = entry
                .haystacks
                .iter()
                .filter_map(|h| pattern.score(h.slice(..), &mut self.matcher))
                .max();
            if let Some(score) = score {
                hits.push((
                    order,
                    Hit {
                        target: entry.target,
                        score,
                    },
                ));
            }
        }
        hits.sort_by_key(|(order, h)| (std::cmp::Reverse(h.score), *order));
        hits.into_iter().take(limit).map(|(_, h)| h).collect()
    }
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
        let full = names
            .iter()
            .map(|n| full_pinyin(n))
            .collect::<Vec<_>>()
            .join(" ");
        let initials = names
            .iter()
            .map(|n| initials(n))
            .collect::<Vec<_>>()
            .join(" ");
        Entry {
            target,
            haystacks: [text.into(), full.into(), initials.into()],
        }
    }
}

/// Every reading of every character, syllables separated by spaces:
/// 长沙 → "zhang chang sha suo". Other characters pass through.
pub fn full_pinyin(s: &str) -> String {
    let mut out = Vec::new();
    for c in s.chars() {
        match c.to_pinyin_multi() {
            Some(multi) => {
                let mut readings: Vec<&str> = multi.into_iter().map(|p| p.plain()).collect();
                readings.dedup();
                out.push(readings.join(" "));
            }
            None if c.is_alphanumeric() => out.push(c.to_lowercase().collect()),
            None => {}
        }
    }
    out.join(" ")
}

/// The initials of every reading, run together per character: 长沙 → "czs",
/// so both "cs" and "zs" are subsequences of it.
pub fn initials(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c.to_pinyin_multi() {
            Some(multi) => {
                let mut letters: Vec<&str> = multi.into_iter().map(|p| p.first_letter()).collect();
                letters.sort_unstable();
                letters.dedup();
                out.extend(letters);
            }
            None if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            None => {}
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
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .flat_map(char::to_lowercase)
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polyphonic_characters_get_every_reading() {
        // Readings in the data's order (沙 also reads suo); all of them count.
        assert_eq!(full_pinyin("长沙"), "zhang chang sha suo");
        assert!(full_pinyin("重").contains("zhong") && full_pinyin("重").contains("chong"));
        assert!(full_pinyin("行").contains("xing") && full_pinyin("行").contains("hang"));
        assert_eq!(initials("长沙"), "czs");
        assert_eq!(initials("参保"), "csb");
    }

    #[test]
    fn sanitize_drops_syntax_and_folds_full_width() {
        assert_eq!(sanitize("^can'bao$ !x"), "can bao x");
        assert_eq!(sanitize("ＣＳ\u{3000}参保"), "cs 参保");
        assert_eq!(sanitize("\\ \u{1b}[2J"), "2j");
        assert_eq!(sanitize("   "), "");
    }
}
