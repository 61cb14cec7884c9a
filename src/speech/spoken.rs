//! The words a screen is read aloud with: a pure function from what a screen
//! shows ([`Script`]) to the text a speech engine is given, as a person reads
//! it to a visitor.
//!
//! The rules, in the order they apply:
//! - **List markers** at the start of a text or after a pause (`1.` `1、`
//!   `1）` `（1）` `（一）` `一、` `①`) are read as ordinals: 第一.
//! - **Quantities** are read as numbers: a run of digits without a leading
//!   zero followed by a unit or measure word (`15个工作日` → 十五个工作日,
//!   `30日`, `60周岁`, `1000元` → 一千元, up to eight digits), or of at most
//!   four digits after 第 共 满 约 … (`第3` → 第三); a bare `2` before a
//!   measure word is 两 (`2个` → 两个), as is a leading 2 of 千 and 万.
//!   Decimals (`1.5万元` → 一点五万元), percentages (`90%` → 百分之九十),
//!   times (`8:30` → 八点三十分, `12:00` → 十二点) and ranges between them
//!   (`3-5个工作日` → 三至五个工作日, `8:30-12:00` → …至十二点) too.
//! - **Dates** `2020-11-30` are read as 二零二零年十一月三十日, and a
//!   four-digit year before 年 digit by digit (`2020年` → 二零二零年).
//! - **Every other digit run** — phone numbers, codes, QQ numbers, hotlines
//!   (`12393`), anything with a leading zero — is read digit by digit, 1 as
//!   一: `0731-28681675` → 零七三一，二八六八一六七五.
//! - **Punctuation and symbols** are never spoken: sentence ends (。；！？)
//!   become a full stop, other marks and spaces a short pause (，); quotes
//!   and book-title marks (“”《》) nothing; between two Latin letters or
//!   digits (a web address, a mail address) a space.
//! - **Control and invisible formatting characters** are dropped.

use crate::document::sections::{self, Block, Section};

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Units and measure words after which a digit run is a quantity.
const UNITS: &str = "个日天周月年岁元角分万千百亿份张项次名人户家倍页条号时秒步类种批层楼部件本级余多工自以至到或内后前起整半季届期轮章节款笔所座间米克斤度成小公寸";
/// Measure words before which a bare 2 is read 两.
const LIANG: &str = "个份张项次名人户家倍页条种类周天步件本批年万千百";
/// Words after which a short digit run is a quantity even with no unit.
const BEFORE: &str = "第共满约近前后过于达逾至到每各";
/// Separators of a range between two quantities (`3-5`, `8:30~12:00`).
const RANGE: &str = "-－~～—–至到";
/// Marks after which a list marker may start.
const MARKER_AFTER: &str = "。；;：:，,！？!?";

/// What a screen shows, in reading order: built by each screen from what is
/// in view (see [`Script::from_sections`] for an item's fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    /// The page title, read first.
    pub title: String,
    pub chunks: Vec<Chunk>,
}

/// One piece of a screen, each read as a sentence of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    /// A field title or group heading (办理材料, 在职职工).
    Heading(String),
    Text(String),
    /// One of a numbered list (steps, materials): 第n，….
    Numbered {
        n: usize,
        text: String,
    },
    /// An entry chosen with digit key `key` (a list page, the five levels):
    /// 按n，… — how the visitor picks it on the keypad.
    Choice {
        key: usize,
        text: String,
    },
}

impl Script {
    pub fn new(title: impl Into<String>) -> Script {
        Script {
            title: title.into(),
            chunks: Vec::new(),
        }
    }

    /// An item's fields as the item screen shows them: each section's title,
    /// then its blocks.
    pub fn from_sections(title: impl Into<String>, sections: &[Section]) -> Script {
        let chunks = sections
            .iter()
            .flat_map(|s| {
                std::iter::once(Chunk::Heading(s.title.to_string()))
                    .chain(s.blocks.iter().map(Chunk::from))
            })
            .collect();
        Script {
            title: title.into(),
            chunks,
        }
    }
}

impl From<&Block> for Chunk {
    fn from(block: &Block) -> Chunk {
        match block {
            Block::Numbered { n, text } => Chunk::Numbered {
                n: *n,
                text: text.clone(),
            },
            Block::Heading(h) => Chunk::Heading(h.clone()),
            Block::Entry {
                label,
                text,
                own: true,
            } => Chunk::Text(format!("本厅，{label}：{text}")),
            other => Chunk::Text(sections::block_plain(other)),
        }
    }
}

/// The text given to the speech engine: one sentence per line, the title
/// first, each ending in 。; pieces with nothing to say are left out.
pub fn spoken(script: &Script) -> String {
    let pieces = std::iter::once(say(&script.title)).chain(script.chunks.iter().map(chunk));
    pieces
        .filter(|p| !p.is_empty())
        .map(|p| format!("{p}。\n"))
        .collect()
}

fn chunk(c: &Chunk) -> String {
    let (lead, text) = match c {
        Chunk::Heading(t) | Chunk::Text(t) => return say(t),
        Chunk::Numbered { n, text } => (format!("第{}", number(*n as u64)), text),
        Chunk::Choice { key, text } => (format!("按{}", number(*key as u64)), text),
    };
    let rest = say(text);
    if rest.is_empty() {
        lead
    } else {
        format!("{lead}，{rest}")
    }
}

/// A pause between words; the strongest pending one is spoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pause {
    None,
    /// Between two Latin words or numbers.
    Space,
    Short,
    Long,
}

/// Words with the pause owed before the next one; no pause leads or trails.
struct Speech {
    out: String,
    pause: Pause,
}

impl Speech {
    fn word(&mut self, w: &str) {
        if w.is_empty() {
            return;
        }
        if !self.out.is_empty() {
            match self.pause {
                Pause::None => {}
                Pause::Space => self.out.push(' '),
                Pause::Short => self.out.push('，'),
                Pause::Long => self.out.push('。'),
            }
        }
        self.pause = Pause::None;
        self.out.push_str(w);
    }

    fn pause(&mut self, p: Pause) {
        self.pause = self.pause.max(p);
    }
}

/// One piece of text as it is spoken (see the module's rules), without a
/// final full stop.
pub fn say(text: &str) -> String {
    let chars = normalise(text);
    let mut speech = Speech {
        out: String::new(),
        pause: Pause::None,
    };
    let mut i = 0;
    while i < chars.len() {
        if may_start_marker(&chars, i)
            && let Some((n, end)) = marker(&chars, i)
        {
            speech.word(&format!("第{}", number(n)));
            speech.pause(Pause::Short);
            i = end;
            continue;
        }
        let c = chars[i];
        if c.is_ascii_digit() {
            i = digits(&chars, i, &mut speech);
        } else if c.is_alphanumeric() {
            speech.word(c.encode_utf8(&mut [0; 4]));
            i += 1;
        } else {
            speech.pause(pause_at(&chars, i));
            i += 1;
        }
    }
    speech.out
}

/// Full-width digits and signs as ASCII; control, invisible and replacement
/// characters dropped, line breaks and tabs as spaces.
fn normalise(text: &str) -> Vec<char> {
    text.chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '％' => Some('%'),
            '．' => Some('.'),
            '：' => Some(':'),
            c if c.is_whitespace() => Some(' '),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{FFFD}' => None,
            c if crate::text::is_unsafe(c) => None,
            c => Some(c),
        })
        .collect()
}

/// The pause a mark or space at `i` makes.
fn pause_at(chars: &[char], i: usize) -> Pause {
    let c = chars[i];
    if "“”‘’\"'《》〈〉「」『』".contains(c) {
        return Pause::None;
    }
    // Inside a web or mail address (a letter on one side, a letter or
    // digit on the other): a space. Between two numbers: a pause.
    let (before, after) = (
        i.checked_sub(1).map(|p| chars[p]),
        chars.get(i + 1).copied(),
    );
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    if latin(before) && latin(after) {
        return if letter(before) || letter(after) {
            Pause::Space
        } else {
            Pause::Short
        };
    }
    if "。；;！？!?.…".contains(c) {
        Pause::Long
    } else {
        Pause::Short
    }
}

/// A list marker may start a text, or follow a pause or a space.
fn may_start_marker(chars: &[char], i: usize) -> bool {
    match chars[..i].iter().rev().find(|c| **c != ' ') {
        None => true,
        Some(p) => MARKER_AFTER.contains(*p) || chars[i - 1] == ' ',
    }
}

/// `1.` `1、` `1）` `（1）` `（一）` `一、` `①` at `i`: the ordinal and where
/// the text after it starts.
fn marker(chars: &[char], i: usize) -> Option<(u64, usize)> {
    let c = chars[i];
    if let '①'..='⑳' = c {
        return Some((c as u64 - '①' as u64 + 1, i + 1));
    }
    if "（(".contains(c) {
        let (n, end) = ordinal_at(chars, i + 1)?;
        return chars
            .get(end)
            .filter(|c| "）)".contains(**c))
            .map(|_| (n, end + 1));
    }
    let (n, end) = ordinal_at(chars, i)?;
    let closes = if c.is_ascii_digit() {
        ".、）)"
    } else {
        "、"
    };
    let after = chars.get(end + 1);
    (chars.get(end).is_some_and(|m| closes.contains(*m))
        && !after.is_some_and(char::is_ascii_digit))
    .then_some((n, end + 1))
}

/// One to three digits or Chinese numerals (一 … 九十九) at `i`.
fn ordinal_at(chars: &[char], i: usize) -> Option<(u64, usize)> {
    let end = i + chars[i..]
        .iter()
        .take(4)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if end > i {
        let n: String = chars[i..end].iter().collect();
        return (end - i <= 3).then(|| Some((n.parse().ok()?, end)))?;
    }
    let end = i + chars[i..]
        .iter()
        .take(4)
        .take_while(|c| c == &&'十' || DIGITS[1..].contains(c))
        .count();
    let value = |c: &char| DIGITS.iter().position(|d| d == c).unwrap_or(0) as u64;
    let n = match &chars[i..end] {
        [d] if *d != '十' => value(d),
        ['十'] => 10,
        ['十', d] => 10 + value(d),
        [d, '十'] => value(d) * 10,
        [d, '十', e] => value(d) * 10 + value(e),
        _ => return None,
    };
    (n > 0).then_some((n, end))
}

/// Where the digit run at `i` ends (`i` itself past the end).
fn run_end(chars: &[char], i: usize) -> usize {
    i + chars
        .get(i..)
        .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
}

fn value(chars: &[char]) -> u64 {
    chars.iter().fold(0u64, |n, c| {
        n.saturating_mul(10)
            .saturating_add(u64::from(*c as u8 - b'0'))
    })
}

fn one_by_one(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| DIGITS[(*c as u8 - b'0') as usize])
        .collect()
}

/// A number read from the text, as words.
struct Read {
    words: String,
    end: usize,
    /// Read as an amount (so it may open or close a range).
    quantity: bool,
}

/// Speaks the digits at `i` (with a range after them); returns where reading goes on.
fn digits(chars: &[char], i: usize, speech: &mut Speech) -> usize {
    let left = read_number(chars, i, false);
    let sep = left.end;
    if chars.get(sep).is_some_and(|c| RANGE.contains(*c))
        && chars.get(sep + 1).is_some_and(char::is_ascii_digit)
    {
        let right = read_number(chars, sep + 1, false);
        let forced = read_number(chars, i, true);
        if right.quantity && forced.quantity && forced.end == sep {
            let to = if "至到".contains(chars[sep]) {
                chars[sep]
            } else {
                '至'
            };
            speech.word(&format!("{}{to}{}", forced.words, right.words));
            return right.end;
        }
    }
    speech.word(&left.words);
    sep
}

/// The number at `i`; `as_quantity` reads a plain run as an amount even
/// without a unit after it (the left end of a range).
fn read_number(chars: &[char], i: usize, as_quantity: bool) -> Read {
    let end = run_end(chars, i);
    let run = &chars[i..end];
    let prev = i.checked_sub(1).map(|p| chars[p]);
    if let Some(read) = time(chars, i).or_else(|| date(chars, i)) {
        return read;
    }
    let latin_before = prev.is_some_and(|p| p.is_ascii_alphabetic() || p == '.');
    let amount = !latin_before && run.len() <= 8 && (run[0] != '0' || run.len() == 1);
    if amount && let Some(read) = decimal(chars, i, end) {
        return read;
    }
    let next = chars.get(end).copied();
    if amount && next == Some('%') {
        return Read {
            words: format!("百分之{}", number(value(run))),
            end: end + 1,
            quantity: true,
        };
    }
    let year = run.len() == 4 && next == Some('年');
    let unit = next.is_some_and(|n| UNITS.contains(n));
    let short = run.len() <= 4 && (as_quantity || prev.is_some_and(|p| BEFORE.contains(p)));
    if amount && !year && (unit || short) {
        let two = run == ['2'] && prev != Some('第') && next.is_some_and(|n| LIANG.contains(n));
        let words = if two {
            "两".into()
        } else {
            number(value(run))
        };
        return Read {
            words,
            end,
            quantity: true,
        };
    }
    Read {
        words: one_by_one(run),
        end,
        quantity: false,
    }
}

/// `8:30` → 八点三十分, `12:00` → 十二点.
fn time(chars: &[char], i: usize) -> Option<Read> {
    let h_end = run_end(chars, i);
    let m_end = run_end(chars, h_end + 1);
    let (h, m) = (value(&chars[i..h_end]), chars.get(h_end + 1..m_end)?);
    if h_end - i > 2 || chars.get(h_end) != Some(&':') || m.len() != 2 || h > 24 {
        return None;
    }
    let minutes = match value(m) {
        0 => String::new(),
        60.. => return None,
        m @ 1..=9 => format!("零{}分", number(m)),
        m => format!("{}分", number(m)),
    };
    Some(Read {
        words: format!("{}点{minutes}", number(h)),
        end: m_end,
        quantity: true,
    })
}

/// `2020-11-30`, `2020/11/30`, `2020.11.30` → 二零二零年十一月三十日.
fn date(chars: &[char], i: usize) -> Option<Read> {
    let y_end = run_end(chars, i);
    let sep = *chars.get(y_end).filter(|c| "-/.".contains(**c))?;
    let m_end = run_end(chars, y_end + 1);
    let d_end = run_end(chars, m_end + 1);
    let (m, d) = (chars.get(y_end + 1..m_end)?, chars.get(m_end + 1..d_end)?);
    let fits = |r: &[char], max| !r.is_empty() && r.len() <= 2 && (1..=max).contains(&value(r));
    if y_end - i != 4 || chars.get(m_end) != Some(&sep) || !fits(m, 12) || !fits(d, 31) {
        return None;
    }
    Some(Read {
        words: format!(
            "{}年{}月{}日",
            one_by_one(&chars[i..y_end]),
            number(value(m)),
            number(value(d))
        ),
        end: d_end,
        quantity: false,
    })
}

/// `1.5` → 一点五, the whole part an amount, the fraction digit by digit;
/// not a version (`1.2.3`).
fn decimal(chars: &[char], i: usize, end: usize) -> Option<Read> {
    if chars.get(end) != Some(&'.') || !chars.get(end + 1)?.is_ascii_digit() {
        return None;
    }
    let f_end = run_end(chars, end + 1);
    if chars
        .get(f_end)
        .is_some_and(|c| *c == '.' || c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut words = format!(
        "{}点{}",
        number(value(&chars[i..end])),
        one_by_one(&chars[end + 1..f_end])
    );
    let mut f_end = f_end;
    if chars.get(f_end) == Some(&'%') {
        words = format!("百分之{words}");
        f_end += 1;
    }
    Some(Read {
        words,
        end: f_end,
        quantity: true,
    })
}

/// 0 → 零, 15 → 十五, 105 → 一百零五, 2000 → 两千, 12000 → 一万两千.
pub fn number(n: u64) -> String {
    if n >= 100_000_000 {
        return n
            .to_string()
            .chars()
            .map(|c| DIGITS[c as usize - '0' as usize])
            .collect();
    }
    if n >= 10_000 {
        let (high, low) = (n / 10_000, n % 10_000);
        let high = if high == 2 {
            "两".into()
        } else {
            below_10000(high)
        };
        return match low {
            0 => format!("{high}万"),
            1..=999 => format!("{high}万零{}", below_10000(low)),
            _ => format!("{high}万{}", below_10000(low)),
        };
    }
    below_10000(n)
}

fn below_10000(n: u64) -> String {
    if n == 0 {
        return "零".into();
    }
    let mut out = String::new();
    let mut gap = false;
    for (place, unit) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
        let d = (n / place % 10) as usize;
        if d == 0 {
            gap |= !out.is_empty();
            continue;
        }
        if gap {
            out.push('零');
            gap = false;
        }
        match (d, unit) {
            (1, "十") if out.is_empty() => {}
            (2, "千") => out.push('两'),
            _ => out.push(DIGITS[d]),
        }
        out.push_str(unit);
    }
    out
}

#[cfg(test)]
mod tests;
