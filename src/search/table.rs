//! Haystacks end to end, in the form nucleo scores: ASCII ones as bytes,
//! the others as nucleo's characters. One allocation per table instead of
//! one per haystack, so a province's index (200 000 haystacks) is read from
//! a snapshot with a few copies, not 200 000 conversions.

use nucleo::{Utf32Str, Utf32String};
use serde::{Deserialize, Serialize};

/// Where one haystack lies: in `ascii` (bytes) or in `unicode` (characters).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Span {
    unicode: bool,
    start: u32,
    end: u32,
}

/// A table as a snapshot keeps it: the characters as UTF-8.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Stored {
    ascii: String,
    unicode: String,
    spans: Vec<Span>,
    /// The characters in `unicode`, while the table is built.
    #[serde(skip)]
    chars: usize,
}

impl Stored {
    /// Adds `haystack`, as nucleo would hold it ([`Utf32String::from`]),
    /// and returns its id.
    pub fn push(&mut self, haystack: &str) -> u32 {
        let span = match Utf32String::from(haystack) {
            Utf32String::Ascii(s) => Span {
                unicode: false,
                start: offset(self.ascii.len()),
                end: offset(self.ascii.len() + s.len()),
            },
            Utf32String::Unicode(chars) => {
                let start = offset(self.chars);
                self.chars += chars.len();
                self.unicode.extend(chars.iter());
                Span {
                    unicode: true,
                    start,
                    end: offset(self.chars),
                }
            }
        };
        if !span.unicode {
            self.ascii.push_str(haystack);
        }
        self.spans.push(span);
        offset(self.spans.len() - 1)
    }
}

impl Stored {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether every span lies inside its buffer: a stored table read back
    /// from a file is checked before use, so scoring never slices outside.
    pub fn is_whole(&self) -> bool {
        let chars = self.unicode.chars().count();
        self.spans.iter().all(|s| {
            let end = if s.unicode { chars } else { self.ascii.len() };
            s.start <= s.end && s.end as usize <= end
        }) && self.ascii.is_ascii()
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("an index under 4 GiB")
}

/// A table ready to score.
#[derive(Clone)]
pub struct Table {
    ascii: String,
    unicode: Vec<char>,
    spans: Vec<Span>,
}

impl From<Stored> for Table {
    fn from(s: Stored) -> Table {
        Table {
            ascii: s.ascii,
            unicode: s.unicode.chars().collect(),
            spans: s.spans,
        }
    }
}

impl Table {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Haystack `id`, as nucleo scores it.
    pub fn get(&self, id: u32) -> Utf32Str<'_> {
        let s = self.spans[id as usize];
        let range = s.start as usize..s.end as usize;
        if s.unicode {
            Utf32Str::Unicode(&self.unicode[range])
        } else {
            Utf32Str::Ascii(&self.ascii.as_bytes()[range])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(haystacks: &[&str]) -> Stored {
        let mut stored = Stored::default();
        for h in haystacks {
            stored.push(h);
        }
        stored
    }

    fn stored_is_whole(haystacks: &[&str]) -> bool {
        stored(haystacks).is_whole()
    }

    #[test]
    fn every_haystack_reads_back_as_nucleo_holds_it() {
        let haystacks = ["cb", "参保登记 p01", "", "chang sha", "ＣＳ e\u{301}"];
        let table = Table::from(stored(&haystacks));
        let ids = 0..haystacks.len() as u32;
        assert!(stored_is_whole(&haystacks));
        assert_eq!(table.len(), haystacks.len());
        for (h, id) in haystacks.iter().zip(ids) {
            assert_eq!(table.get(id), Utf32String::from(*h).slice(..), "{h}");
        }
    }

    #[test]
    fn a_span_outside_its_buffer_is_caught() {
        let mut broken = stored(&["cb", "参保"]);
        broken.spans[1].end += 1;
        assert!(!broken.is_whole());
        let mut broken = stored(&["cb", "参保"]);
        broken.spans[0].end = 100;
        assert!(!broken.is_whole());
    }
}
