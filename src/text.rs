//! Chinese-aware text measuring and wrapping, in terminal cells (a CJK
//! character is two cells). Nothing here slices strings by bytes.
//!
//! ratatui's `Paragraph` wraps only at spaces, which leaves a run of Chinese as
//! one unbreakable word; every screen and the CLI pre-wrap with [`wrap`]
//! instead, which breaks by Unicode line-breaking rules (UAX #14).

use std::borrow::Cow;

use textwrap::{Options, WordSeparator};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Display width of one character; control characters count as none.
pub fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Replaces control characters (other than line breaks) so that text from an
/// editable catalog can never send an escape sequence to the terminal.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_unsafe(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// A control character other than a line break, or a bidirectional
/// formatting character: never shown, never let into the catalog.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi(c)
}

/// The bidirectional embeddings, overrides, isolates and marks: invisible,
/// they make a terminal that honours them show a line's characters in an
/// order other than the file's (a phone number reversed, a URL disguised).
/// No guide needs one.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Wraps `s` to lines of at most `width` cells (at least 2, so that one wide
/// character always fits). Explicit line breaks are kept; empty input gives no lines.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    wrap_indent(s, width, "", "")
}

/// Like [`wrap`], with a first-line prefix and a hanging indent for the rest.
pub fn wrap_indent(s: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let width = width.max(2);
    // An indent that leaves no room for a wide character would break the
    // width guarantee: drop it rather than overflow.
    let fits = |p: &str| self::width(p) + 2 <= width;
    let first = if fits(first) { first } else { "" };
    let rest = if fits(rest) { rest } else { "" };
    let text = clean(s);
    let mut out = Vec::new();
    for (n, para) in text.split('\n').enumerate() {
        let opts = Options::new(width)
            .word_separator(WordSeparator::UnicodeBreakProperties)
            .initial_indent(if n == 0 { first } else { rest })
            .subsequent_indent(rest);
        if para.trim().is_empty() {
            if n > 0 {
                out.push(String::new());
            }
            continue;
        }
        out.extend(
            textwrap::wrap(para, opts)
                .into_iter()
                .map(|l| l.into_owned()),
        );
    }
    out
}

/// Cuts `s` to at most `width` cells, ending with … when something was cut.
pub fn truncate(s: &str, width: usize) -> String {
    if self::width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Pads `s` with spaces on both sides to `width` cells (no cut).
pub fn center(s: &str, width: usize) -> String {
    let w = self::width(s);
    let left = width.saturating_sub(w) / 2;
    let right = width.saturating_sub(w + left);
    format!("{}{s}{}", " ".repeat(left), " ".repeat(right))
}

/// Pads `s` with spaces on the right to `width` cells (no cut).
pub fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(self::width(s))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_replaced_line_breaks_kept() {
        assert_eq!(clean("a\u{1b}[2J\nb"), "a\u{FFFD}[2J\nb");
        assert_eq!(clean("电话\u{202E}0731"), "电话\u{FFFD}0731");
        assert!(matches!(clean("株洲\n市本级"), Cow::Borrowed(_)));
    }

    #[test]
    fn cjk_counts_two_cells() {
        assert_eq!(width("办结"), 4);
        assert_eq!(width("0731-28681675"), 13);
        assert_eq!(width("（一）"), 6);
    }

    #[test]
    fn wraps_chinese_between_ideographs_within_width() {
        let s = "材料不全的一次性告知需补齐的材料并重新提交";
        let lines = wrap(s, 10);
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert_eq!(lines.concat(), s);
        assert_eq!(lines[0], "材料不全的");
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let lines = wrap("不超过5个工作日。", 8);
        assert!(lines.iter().all(|l| !l.starts_with('。')), "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 8));
    }

    #[test]
    fn hanging_indent_and_explicit_breaks() {
        let lines = wrap_indent("第一行\n第二行很长很长很长", 10, "1.", "  ");
        assert_eq!(lines, ["1.第一行", "  第二行很", "  长很长很", "  长"]);
    }

    #[test]
    fn tiny_widths_still_hold_one_wide_character() {
        for w in 0..4 {
            for l in wrap("受理审核", w) {
                assert!(width(&l) <= w.max(2), "{l:?} at {w}");
            }
        }
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(clean("a\u{1b}[2Jb\nc"), "a\u{FFFD}[2Jb\nc");
        assert!(wrap("x\u{7}y", 10)[0].contains('\u{FFFD}'));
    }

    #[test]
    fn truncate_and_pad_measure_cells() {
        assert_eq!(truncate("医疗保障局", 6), "医疗…");
        assert_eq!(truncate("医疗", 6), "医疗");
        assert_eq!(pad("医", 4), "医  ");
        assert_eq!(center("医", 6), "  医  ");
    }
}
