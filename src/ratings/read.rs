//! Streaming reads of the day files: one line at a time through a small
//! buffer, never a whole file, so a year of ratings or a 10 MB line of
//! garbage costs the same memory. Whatever cannot be read is reported and
//! skipped; the good records around it are still read.

use std::collections::HashSet;
use std::fmt;
use std::fs::{self, File};
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use walkdir::WalkDir;

use super::Rating;
use super::record::{LegacyIds, parse_line};
use super::spare::held_lines;
use super::store::QUARANTINE_DIR;

/// The longest line accepted. A record is well under 1 KiB; anything longer
/// is damage or a foreign file, and is skipped without being held in memory.
pub const MAX_LINE: usize = 64 * 1024;

/// How many skipped lines are described in full; the rest are only counted.
const SHOWN_SKIPS: usize = 20;

/// `2026-11-23.jsonl`
pub(super) fn day_file_name(day: NaiveDate) -> String {
    format!("{}.jsonl", day.format("%Y-%m-%d"))
}

fn day_of_file_name(name: &str) -> Option<NaiveDate> {
    let day = NaiveDate::parse_from_str(name.strip_suffix(".jsonl")?, "%Y-%m-%d").ok()?;
    // Only the canonical spelling: `2026-1-3.jsonl` is not a day file.
    (day_file_name(day) == name).then_some(day)
}

/// Every entry of `dir` named like a day file, with its day, in day order.
/// Other entries (the quarantine folder, an operator's notes) are not ours.
pub(super) fn day_entries(dir: &Path) -> io::Result<Vec<(NaiveDate, PathBuf)>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if let Some(day) = entry.file_name().to_str().and_then(day_of_file_name) {
            out.push((day, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// Fails for anything but a regular file, before it is opened: opening a
/// FIFO would block and a directory cannot hold records.
pub(super) fn ensure_regular(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_file() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is not a regular file",
        )),
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    }
}

/// A line or file that was not read as a record, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    /// 1-based; `None` when the whole file was skipped.
    pub line: Option<u64>,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": skipped {}", self.reason)
    }
}

/// What a read skipped: how many lines or files, and the first few in full.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skips {
    pub count: u64,
    pub first: Vec<Skipped>,
}

impl Skips {
    pub fn push(&mut self, s: Skipped) {
        self.count += 1;
        if self.first.len() < SHOWN_SKIPS {
            self.first.push(s);
        }
    }

    /// One line per skip shown, and one for the rest.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.first.iter().map(Skipped::to_string).collect();
        let rest = self.count - self.first.len() as u64;
        if rest > 0 {
            out.push(format!("… and {rest} more skipped"));
        }
        out
    }
}

/// The records of the days `from..=to` in `dir`, in day and file order. A
/// missing folder holds no records.
pub fn records(dir: &Path, from: NaiveDate, to: NaiveDate) -> io::Result<Records> {
    let files = match day_entries(dir) {
        Ok(all) => all
            .into_iter()
            .filter(|(day, _)| (from..=to).contains(day))
            .map(|(day, path)| Input::File(path, Some(day)))
            .collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    Ok(Records::new(files, from..=to, Dedup::held()))
}

/// The records of the days `from..=to` in files from anywhere — day files
/// and record exports of many terminals and halls, or folders holding them
/// (every `*.jsonl` below, but for quarantined lines) — each counted once
/// by its id. A path that does not exist is an error; a file or folder
/// that cannot be read is skipped and reported.
pub fn fleet(paths: &[PathBuf], from: NaiveDate, to: NaiveDate) -> io::Result<Records> {
    let mut inputs = Vec::new();
    for path in paths {
        let meta = fs::metadata(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        if !meta.is_dir() {
            inputs.push(Input::File(path.clone(), None));
            continue;
        }
        let walk = WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || e.file_name() != QUARANTINE_DIR);
        for entry in walk {
            inputs.extend(match entry {
                Ok(e) if e.file_type().is_dir() => None,
                Ok(e) => (e.path().extension() == Some("jsonl".as_ref()))
                    .then(|| Input::File(e.into_path(), None)),
                Err(e) => Some(Input::Unreadable(Skipped {
                    path: e.path().unwrap_or(path).to_path_buf(),
                    line: None,
                    reason: format!("the whole folder or file: {e}"),
                })),
            });
        }
    }
    Ok(Records::new(
        inputs,
        from..=to,
        Dedup::Every(HashSet::new()),
    ))
}

/// One file to read, or why one could not even be listed.
enum Input {
    /// With its day when it is a day file, whose records must be of it.
    File(PathBuf, Option<NaiveDate>),
    Unreadable(Skipped),
}

/// How records met twice are counted once.
enum Dedup {
    /// One terminal's files: a day file never repeats a record (the log
    /// sees to it), but a held record may be in its day file too, between
    /// the write and the emptying of the spare. Only held ids are kept.
    Held {
        ids: HashSet<String>,
        seen: HashSet<String>,
    },
    /// Files from anywhere: every id read so far, as 16 bytes of hash.
    Every(HashSet<u128>),
}

impl Dedup {
    fn held() -> Dedup {
        Dedup::Held {
            ids: HashSet::new(),
            seen: HashSet::new(),
        }
    }

    /// Whether `id` was met before (and remembers it).
    fn repeated(&mut self, id: &str) -> bool {
        match self {
            Dedup::Held { ids, seen } => {
                if ids.contains(id) {
                    seen.insert(id.to_owned());
                }
                false
            }
            Dedup::Every(seen) => !seen.insert(id_hash(id)),
        }
    }
}

/// 128 bits of SipHash, two keys: for a million ids the chance that two
/// differ yet collide is below 10^-26.
fn id_hash(id: &str) -> u128 {
    let half = |key: u8| {
        let mut h = std::hash::DefaultHasher::new();
        (key, id).hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// Yields each record, or why a line or file was skipped; records met
/// before (by id) are counted in [`Records::duplicates`] instead.
pub struct Records {
    files: std::vec::IntoIter<Input>,
    current: Option<RecordFile>,
    /// The held records of the days asked for, after the files.
    held: std::vec::IntoIter<Result<Rating, Skipped>>,
    days: RangeInclusive<NaiveDate>,
    dedup: Dedup,
    duplicates: u64,
}

impl Records {
    fn new(files: Vec<Input>, days: RangeInclusive<NaiveDate>, dedup: Dedup) -> Records {
        Records {
            files: files.into_iter(),
            current: None,
            held: Vec::new().into_iter(),
            days,
            dedup,
            duplicates: 0,
        }
    }

    /// Records met more than once so far, and counted once.
    pub fn duplicates(&self) -> u64 {
        self.duplicates
    }

    /// Counts too the records that the kiosk holds in its spare file at
    /// `spare` because the day files could not take them yet (see
    /// [`super::Spare`]): they were acknowledged to visitors.
    pub fn and_held(mut self, spare: &Path) -> Records {
        let skip = |reason: String, line| Skipped {
            path: spare.to_path_buf(),
            line,
            reason,
        };
        let mut legacy = LegacyIds::default();
        let held: Vec<_> = match held_lines(spare) {
            Ok(lines) => lines
                .iter()
                .enumerate()
                .filter_map(|(n, line)| match parse_line(line, &mut legacy) {
                    Ok(r) => self.days.contains(&r.day).then_some(Ok(r)),
                    Err(e) => Some(Err(skip(e, Some(n as u64 + 1)))),
                })
                .collect(),
            Err(e) => vec![Err(skip(format!("the whole file: {e}"), None))],
        };
        if let Dedup::Held { ids, .. } = &mut self.dedup {
            ids.extend(held.iter().flatten().map(|r| r.id.clone()));
        }
        self.held = held.into_iter();
        self
    }

    /// The next held record not already met in a day file.
    fn next_held(&mut self) -> Option<Result<Rating, Skipped>> {
        for item in self.held.by_ref() {
            match (&item, &self.dedup) {
                (Ok(r), Dedup::Held { seen, .. }) if seen.contains(&r.id) => {
                    self.duplicates += 1;
                }
                _ => return Some(item),
            }
        }
        None
    }
}

impl Iterator for Records {
    type Item = Result<Rating, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(file) = &mut self.current {
                match file.next() {
                    Some(Ok(r)) if !self.days.contains(&r.day) => continue,
                    Some(Ok(r)) if self.dedup.repeated(&r.id) => {
                        self.duplicates += 1;
                        continue;
                    }
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            match self.files.next() {
                None => return self.next_held(),
                Some(Input::Unreadable(skip)) => return Some(Err(skip)),
                Some(Input::File(path, day)) => match RecordFile::open(day, path) {
                    Ok(file) => self.current = Some(file),
                    Err(skip) => return Some(Err(skip)),
                },
            }
        }
    }
}

struct RecordFile {
    /// A day file's day: its records must be of it.
    day: Option<NaiveDate>,
    path: PathBuf,
    reader: BufReader<File>,
    buf: Vec<u8>,
    line: u64,
    legacy: LegacyIds,
    /// Set after a read error: the rest of the file cannot be trusted.
    done: bool,
}

impl RecordFile {
    fn open(day: Option<NaiveDate>, path: PathBuf) -> Result<RecordFile, Skipped> {
        let opened = ensure_regular(&path).and_then(|()| File::open(&path));
        match opened {
            Ok(file) => Ok(RecordFile {
                day,
                path,
                reader: BufReader::with_capacity(64 * 1024, file),
                buf: Vec::new(),
                line: 0,
                legacy: LegacyIds::default(),
                done: false,
            }),
            Err(e) => Err(Skipped {
                path,
                line: None,
                reason: format!("the whole file: {e}"),
            }),
        }
    }

    fn next(&mut self) -> Option<Result<Rating, Skipped>> {
        if self.done {
            return None;
        }
        let read = next_line(&mut self.reader, &mut self.buf);
        self.line += 1;
        let reason = match read {
            Ok(None) => return None,
            Ok(Some(Line::Whole)) => match self.decode() {
                Ok(rating) => return Some(Ok(rating)),
                Err(reason) => reason,
            },
            // A spare file's reserved space: zeros after its records.
            Ok(Some(Line::Unterminated | Line::TooLong(_)))
                if self.day.is_none() && self.buf.iter().all(|&b| b == 0) =>
            {
                return None;
            }
            Ok(Some(Line::Unterminated)) => {
                "an unfinished last line (being written now, or torn by a crash: \
                 the kiosk quarantines it when it starts)"
                    .into()
            }
            Ok(Some(Line::TooLong(n))) => {
                format!("a line of {n} bytes (at most {MAX_LINE} are accepted)")
            }
            Err(e) => {
                self.done = true;
                format!("the rest of the file: {e}")
            }
        };
        Some(Err(Skipped {
            path: self.path.clone(),
            line: Some(self.line),
            reason,
        }))
    }

    fn decode(&mut self) -> Result<Rating, String> {
        let r = parse_line(&self.buf, &mut self.legacy)?;
        match self.day {
            Some(day) if r.day != day => Err(format!("a record of {} in the file of {day}", r.day)),
            _ => Ok(r),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Line {
    /// Ended by a newline; its bytes are in the buffer.
    Whole,
    /// The file ended before a newline.
    Unterminated,
    /// Longer than [`MAX_LINE`]: consumed, not kept.
    TooLong(u64),
}

/// Reads the next line into `buf` without its newline, or consumes it
/// without keeping it when it is too long. `None` at the end of the file.
pub(super) fn next_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<Line>> {
    buf.clear();
    let mut len: u64 = 0;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(match len {
                0 => None,
                n if n > MAX_LINE as u64 => Some(Line::TooLong(n)),
                _ => Some(Line::Unterminated),
            });
        }
        let newline = memchr::memchr(b'\n', chunk);
        let part = &chunk[..newline.unwrap_or(chunk.len())];
        len += part.len() as u64;
        if len <= MAX_LINE as u64 {
            buf.extend_from_slice(part);
        }
        let used = part.len() + usize::from(newline.is_some());
        reader.consume(used);
        if newline.is_some() {
            return Ok(Some(if len > MAX_LINE as u64 {
                Line::TooLong(len)
            } else {
                Line::Whole
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_capped_and_the_last_may_be_unterminated() {
        let long = vec![b'x'; MAX_LINE + 1];
        let mut data = b"one\n\n".to_vec();
        data.extend_from_slice(&long);
        data.extend_from_slice(b"\ntwo");
        let mut r = BufReader::with_capacity(16, &data[..]);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        while let Some(line) = next_line(&mut r, &mut buf).unwrap() {
            got.push((line, String::from_utf8(buf.clone()).unwrap()));
        }
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], (Line::Whole, "one".into()));
        assert_eq!(got[1], (Line::Whole, "".into()));
        assert_eq!(got[2].0, Line::TooLong(MAX_LINE as u64 + 1));
        assert!(got[2].1.len() <= MAX_LINE, "a long line is not kept");
        assert_eq!(got[3], (Line::Unterminated, "two".into()));
    }

    #[test]
    fn only_canonical_day_names_are_day_files() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(day_file_name(day), "2026-11-03.jsonl");
        assert_eq!(day_of_file_name("2026-11-03.jsonl"), Some(day));
        for other in [
            "2026-11-3.jsonl",
            "2026-11-03.json",
            "2026-13-01.jsonl",
            "quarantine",
        ] {
            assert_eq!(day_of_file_name(other), None, "{other}");
        }
    }
}
