//! Streaming reads of the day files: one line at a time through a small
//! buffer, never a whole file, so a year of ratings or a 10 MB line of
//! garbage costs the same memory. Whatever cannot be read is reported and
//! skipped; the good records around it are still read.

use std::collections::HashSet;
use std::fmt;
use std::fs::{self, File};
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader};
use std::ops::{Range, RangeInclusive};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
///
/// In two halves, which an export runs on two threads (see
/// [`super::export`]): [`Lines`] reads the files into batches of lines;
/// a batch is decoded on either thread, as a line needs no other; then
/// [`Admit`] takes the records in read order, as only it needs the lines
/// before.
pub struct Records {
    lines: Lines,
    admit: Admit,
    /// Decoded, not yet admitted.
    ready: std::vec::IntoIter<Item>,
}

/// A line decoded: a record, or why it was skipped.
pub(super) type Item = Result<Decoded, Skipped>;

/// A record as decoded, before [`Admit`] numbers a schema 1 record's id
/// and counts repeats.
pub(super) struct Decoded {
    pub(super) rating: Rating,
    from: ReadFrom,
}

/// Where a decoded record comes from.
#[derive(Clone, Copy)]
enum ReadFrom {
    File,
    /// A schema 1 record of the `n`-th file opened: its id is its content's
    /// hash until [`Admit`] numbers it among the same content's lines.
    Legacy(u32),
    /// The spare file, read after all the others.
    Held,
}

impl Records {
    fn new(files: Vec<Input>, days: RangeInclusive<NaiveDate>, dedup: Dedup) -> Records {
        Records {
            lines: Lines {
                files: files.into_iter(),
                current: None,
                opened: 0,
                held: Vec::new().into_iter(),
            },
            admit: Admit {
                days,
                dedup,
                duplicates: 0,
                legacy: LegacyIds::default(),
                legacy_file: None,
            },
            ready: Vec::new().into_iter(),
        }
    }

    /// Records met more than once so far, and counted once.
    pub fn duplicates(&self) -> u64 {
        self.admit.duplicates
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
        let held: Vec<Item> = match held_lines(spare) {
            Ok(lines) => lines
                .iter()
                .enumerate()
                .filter_map(|(n, line)| match parse_line(line) {
                    Ok((mut rating, is_legacy)) => {
                        if is_legacy {
                            rating.id = legacy.number(&rating.id);
                        }
                        let held = Decoded {
                            rating,
                            from: ReadFrom::Held,
                        };
                        self.admit
                            .days
                            .contains(&held.rating.day)
                            .then_some(Ok(held))
                    }
                    Err(e) => Some(Err(skip(e, Some(n as u64 + 1)))),
                })
                .collect(),
            Err(e) => vec![Err(skip(format!("the whole file: {e}"), None))],
        };
        if let Dedup::Held { ids, .. } = &mut self.admit.dedup {
            ids.extend(held.iter().flatten().map(|d| d.rating.id.clone()));
        }
        self.lines.held = held.into_iter();
        self
    }

    /// The reading half, the admitting half, and what was decoded but not
    /// yet admitted (by an earlier `next`): for an export's two threads.
    pub(super) fn halves(&mut self) -> (&mut Lines, &mut Admit, Vec<Item>) {
        let ready = std::mem::take(&mut self.ready).collect();
        (&mut self.lines, &mut self.admit, ready)
    }
}

impl Iterator for Records {
    type Item = Result<Rating, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            for mut item in self.ready.by_ref() {
                if self.admit.admit(&mut item) {
                    return Some(item.map(|d| d.rating));
                }
            }
            self.ready = self.lines.batch()?.decode().into_iter();
        }
    }
}

/// Lines of one batch, read and not yet decoded.
pub(super) struct Batch {
    /// The lines end to end.
    bytes: Vec<u8>,
    steps: Vec<Step>,
}

/// A line in a [`Batch`], or what stands in its place.
enum Step {
    Line {
        source: Arc<Source>,
        number: u64,
        at: Range<usize>,
    },
    /// A skip or a held record: rare, so boxed.
    Done(Box<Item>),
}

/// The file a line is read from.
struct Source {
    path: PathBuf,
    /// A day file's day: its records must be of it.
    day: Option<NaiveDate>,
    /// Its place among the files opened (for [`ReadFrom::Legacy`]).
    serial: u32,
}

/// Lines read ahead in batches of this many.
pub(super) const BATCH: usize = 1024;

impl Batch {
    /// Every line decoded, in order. Needs nothing but the batch, so any
    /// thread can do it.
    pub(super) fn decode(self) -> Vec<Item> {
        let bytes = self.bytes;
        self.steps
            .into_iter()
            .map(|step| match step {
                Step::Line { source, number, at } => decode(&source, number, &bytes[at]),
                Step::Done(item) => *item,
            })
            .collect()
    }
}

fn decode(source: &Source, number: u64, line: &[u8]) -> Item {
    let decoded = parse_line(line).and_then(|(rating, legacy)| match source.day {
        Some(day) if rating.day != day => {
            Err(format!("a record of {} in the file of {day}", rating.day))
        }
        _ => Ok(Decoded {
            rating,
            from: if legacy {
                ReadFrom::Legacy(source.serial)
            } else {
                ReadFrom::File
            },
        }),
    });
    decoded.map_err(|reason| Skipped {
        path: source.path.clone(),
        line: Some(number),
        reason,
    })
}

/// The reading half of [`Records`]: the files in order, then the held
/// records.
pub(super) struct Lines {
    files: std::vec::IntoIter<Input>,
    current: Option<RecordFile>,
    opened: u32,
    /// The held records of the days asked for, after the files.
    held: std::vec::IntoIter<Item>,
}

impl Lines {
    /// The next [`BATCH`] lines or so; `None` after the last.
    pub(super) fn batch(&mut self) -> Option<Batch> {
        let mut batch = Batch {
            bytes: Vec::new(),
            steps: Vec::with_capacity(BATCH),
        };
        while batch.steps.len() < BATCH {
            if let Some(file) = &mut self.current {
                if file.read_into(&mut batch) {
                    continue;
                }
                self.current = None;
            }
            let step = match self.files.next() {
                Some(Input::Unreadable(skip)) => Step::Done(Box::new(Err(skip))),
                Some(Input::File(path, day)) => {
                    self.opened += 1;
                    match RecordFile::open(day, path, self.opened) {
                        Ok(file) => {
                            self.current = Some(file);
                            continue;
                        }
                        Err(skip) => Step::Done(Box::new(Err(skip))),
                    }
                }
                None => match self.held.next() {
                    Some(item) => Step::Done(Box::new(item)),
                    None => break,
                },
            };
            batch.steps.push(step);
        }
        (!batch.steps.is_empty()).then_some(batch)
    }
}

/// The admitting half of [`Records`]: what depends on the records before.
pub(super) struct Admit {
    days: RangeInclusive<NaiveDate>,
    dedup: Dedup,
    duplicates: u64,
    legacy: LegacyIds,
    /// The file whose schema 1 records `legacy` numbers.
    legacy_file: Option<u32>,
}

impl Admit {
    /// Whether `item` is yielded, in read order: a skip always; a record
    /// when it is of the days asked for and was not met before. A schema 1
    /// record gets its id here.
    pub(super) fn admit(&mut self, item: &mut Item) -> bool {
        let Ok(decoded) = item else {
            return true;
        };
        let r = &mut decoded.rating;
        match decoded.from {
            ReadFrom::Held => match &self.dedup {
                Dedup::Held { seen, .. } if seen.contains(&r.id) => {
                    self.duplicates += 1;
                    false
                }
                _ => true,
            },
            from => {
                if let ReadFrom::Legacy(file) = from {
                    if self.legacy_file != Some(file) {
                        self.legacy = LegacyIds::default();
                        self.legacy_file = Some(file);
                    }
                    r.id = self.legacy.number(&r.id);
                }
                if !self.days.contains(&r.day) {
                    return false;
                }
                let repeated = self.dedup.repeated(&r.id);
                self.duplicates += u64::from(repeated);
                !repeated
            }
        }
    }
}

struct RecordFile {
    source: Arc<Source>,
    reader: BufReader<File>,
    buf: Vec<u8>,
    line: u64,
    /// Set after a read error: the rest of the file cannot be trusted.
    done: bool,
}

impl RecordFile {
    fn open(day: Option<NaiveDate>, path: PathBuf, serial: u32) -> Result<RecordFile, Skipped> {
        let opened = ensure_regular(&path).and_then(|()| File::open(&path));
        match opened {
            Ok(file) => Ok(RecordFile {
                source: Arc::new(Source { path, day, serial }),
                reader: BufReader::with_capacity(64 * 1024, file),
                buf: Vec::new(),
                line: 0,
                done: false,
            }),
            Err(e) => Err(Skipped {
                path,
                line: None,
                reason: format!("the whole file: {e}"),
            }),
        }
    }

    /// Reads the next line into `batch`, or why it was skipped; `false` at
    /// the end of the file.
    fn read_into(&mut self, batch: &mut Batch) -> bool {
        if self.done {
            return false;
        }
        let read = next_line(&mut self.reader, &mut self.buf);
        self.line += 1;
        let reason = match read {
            Ok(None) => return false,
            Ok(Some(Line::Whole)) => {
                let start = batch.bytes.len();
                batch.bytes.extend_from_slice(&self.buf);
                batch.steps.push(Step::Line {
                    source: Arc::clone(&self.source),
                    number: self.line,
                    at: start..batch.bytes.len(),
                });
                return true;
            }
            // A spare file's reserved space: zeros after its records.
            Ok(Some(Line::Unterminated | Line::TooLong(_)))
                if self.source.day.is_none() && self.buf.iter().all(|&b| b == 0) =>
            {
                return false;
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
        batch.steps.push(Step::Done(Box::new(Err(Skipped {
            path: self.source.path.clone(),
            line: Some(self.line),
            reason,
        }))));
        true
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
