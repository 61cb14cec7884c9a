//! The append-only log: one JSON line per rating, one file per hall-local
//! day, in one folder.
//!
//! Nothing confirmed is ever lost. Each record goes down as one `write` of the
//! whole line to a file opened O_APPEND, under an exclusive advisory lock (so
//! two kiosks misconfigured onto one folder cannot interleave bytes), and is
//! `sync_data`'d before `append` returns Ok. A crash can therefore tear only
//! the line being written, and only at the end of a file; that torn tail is
//! moved into `quarantine/` (never deleted) and cut off, at `open` and before
//! every append, so a new record never follows a torn one.
//!
//! A failed append does not stop the program: the record is held, in memory
//! and in the [`Spare`] file whose space was reserved at start-up, and is
//! written by the next append or `retry_pending` — in this run or, after an
//! exit, the next (which takes the spare's records back at `hold_in`).

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::IgnoredAny;

use super::Rating;
use super::read::{Line, MAX_LINE, day_entries, day_file_name, ensure_regular, next_line};
use super::spare::Spare;

/// The folder, inside the ratings folder, that keeps torn lines.
pub const QUARANTINE_DIR: &str = "quarantine";

/// A record ready to write: its day file and its whole line.
struct Encoded {
    day: NaiveDate,
    line: Vec<u8>,
}

/// The ratings folder, open for appending.
pub struct RatingLog {
    dir: PathBuf,
    pending: VecDeque<Encoded>,
    last_error: Option<io::Error>,
    /// The day whose directory entry this log last made durable.
    synced_day: Option<NaiveDate>,
    notices: Vec<String>,
    spare: Option<Spare>,
    /// Why the held records are not (all) in the spare, when they are not.
    spare_error: Option<String>,
}

/// Where the records held back from the day files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// Nothing is held.
    None,
    /// `count` records, safe in the spare file at `path`.
    Spared { count: usize, path: PathBuf },
    /// `count` records held only in memory: lost if the program ends now.
    InMemory { count: usize, why: String },
}

impl RatingLog {
    /// Opens `dir` (making it if its parent exists) and repairs every day
    /// file's torn last line. The strings say what was repaired or could not
    /// be checked, for the operator. A folder that cannot be made or listed
    /// is no reason not to start: its error is [`RatingLog::last_error`],
    /// records are held, and every append tries the folder again.
    pub fn open(dir: impl Into<PathBuf>) -> (RatingLog, Vec<String>) {
        let mut log = RatingLog {
            dir: dir.into(),
            pending: VecDeque::new(),
            last_error: None,
            synced_day: None,
            notices: Vec::new(),
            spare: None,
            spare_error: None,
        };
        let reports = match log.ensure_dir().and_then(|()| repair_all(&log.dir)) {
            Ok(reports) => reports,
            Err(e) => {
                log.last_error = Some(located(&log.dir, &e));
                Vec::new()
            }
        };
        (log, reports)
    }

    /// Keeps held records in the spare file at `path` as well as in memory,
    /// and takes back the records an earlier run left there, writing them to
    /// their day files if it can. Says what it did, for the operator.
    pub fn hold_in(&mut self, path: &Path) -> Vec<String> {
        let (spare, earlier) = match Spare::open(path) {
            Ok(opened) => opened,
            Err(e) => {
                self.spare_error = Some(format!("{}: {e}", path.display()));
                return vec![format!(
                    "{}: cannot reserve space for held ratings: {e}",
                    path.display()
                )];
            }
        };
        self.spare = Some(spare);
        let mut notes = Vec::new();
        let mut taken = Vec::new();
        for line in earlier {
            match decode_held(line) {
                Ok(encoded) => taken.push(encoded),
                Err(why) => notes.push(format!("{}: skipped {why}", path.display())),
            }
        }
        // A run that ended between writing records and emptying the spare
        // left them in both: they are not written twice.
        let (written, taken): (Vec<_>, Vec<_>) = taken
            .into_iter()
            .partition(|e| in_day_file(&self.dir, e).unwrap_or(false));
        let taken_count = taken.len();
        self.pending.extend(taken);
        if !written.is_empty() {
            notes.push(format!(
                "{} ratings held by an earlier run were already in their day files",
                written.len()
            ));
            self.save_held();
        }
        if taken_count > 0 {
            let written = self.retry_pending().unwrap_or(0);
            notes.push(format!(
                "{taken_count} ratings held by an earlier run were taken back from {}; {written} written to the log",
                path.display()
            ));
        }
        notes
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `rating` durably. On an I/O error the record is held (see
    /// [`RatingLog::held`]) and the error returned; a record that can never
    /// be written (see [`Rating::problem`]) is refused outright.
    pub fn append(&mut self, rating: &Rating) -> io::Result<()> {
        let encoded = encode(rating)?;
        // Older records first, so each day file stays in time order.
        let _ = self.retry_pending();
        if let Err(e) = self.write(&encoded) {
            self.pending.push_back(encoded);
            self.last_error = Some(copy_error(&e));
            self.save_held();
            return Err(e);
        }
        Ok(())
    }

    /// Tries every held record once. `Ok(written)` when none is left;
    /// otherwise the last error, with the failures still held.
    pub fn retry_pending(&mut self) -> io::Result<usize> {
        if self.pending.is_empty() {
            return Ok(0);
        }
        let mut written = 0;
        let mut error = None;
        for pending in std::mem::take(&mut self.pending) {
            match self.write(&pending) {
                Ok(()) => written += 1,
                Err(e) => {
                    self.pending.push_back(pending);
                    error = Some(e);
                }
            }
        }
        self.last_error = error.as_ref().map(copy_error);
        if written > 0 {
            self.save_held();
        }
        match error {
            Some(e) => Err(e),
            None => Ok(written),
        }
    }

    /// How many records are held back from the day files.
    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    /// Where the held records are, for the operator (and the exit question).
    pub fn held(&self) -> Held {
        let count = self.pending.len();
        match (&self.spare, &self.spare_error) {
            _ if count == 0 => Held::None,
            (Some(spare), None) => Held::Spared {
                count,
                path: spare.path().to_path_buf(),
            },
            (_, why) => Held::InMemory {
                count,
                why: why.clone().unwrap_or_else(|| "no spare file".into()),
            },
        }
    }

    /// Why the held records could not be written, while any are held.
    pub fn last_error(&self) -> Option<&io::Error> {
        self.last_error.as_ref()
    }

    /// Repairs made since `open` (a torn line left by another process that
    /// crashed while writing to this folder), for the operator.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Mirrors the held records into the spare; a failure is remembered for
    /// [`RatingLog::held`], the records stay held in memory regardless.
    fn save_held(&mut self) {
        let Some(spare) = &mut self.spare else { return };
        let stored = spare.store(self.pending.iter().map(|p| p.line.as_slice()));
        self.spare_error = stored
            .err()
            .map(|e| format!("{}: {e}", spare.path().display()));
    }

    /// Makes the ratings folder, but not a missing parent: a ratings folder
    /// on an unmounted disk must not quietly land on the system disk.
    fn ensure_dir(&self) -> io::Result<()> {
        match fs::metadata(&self.dir) {
            Ok(meta) if meta.is_dir() => Ok(()),
            Ok(_) => Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                "is not a folder",
            )),
            Err(_) => {
                fs::create_dir(&self.dir)?;
                sync_dir(parent_of(&self.dir))
            }
        }
    }

    fn write(&mut self, record: &Encoded) -> io::Result<()> {
        self.ensure_dir().map_err(|e| located(&self.dir, &e))?;
        let path = self.dir.join(day_file_name(record.day));
        self.write_to(&path, record).map_err(|e| located(&path, &e))
    }

    fn write_to(&mut self, path: &Path, record: &Encoded) -> io::Result<()> {
        let mut file = open_day_file(path)?;
        if self.synced_day != Some(record.day) {
            // The file may be new: make its name durable, not only its data.
            sync_dir(&self.dir)?;
            self.synced_day = Some(record.day);
        }
        file.lock()?;
        self.notices.extend(repair_tail(&self.dir, path, &file)?);
        let end = file.metadata()?.len();
        let written = file.write_all(&record.line).and_then(|()| file.sync_data());
        if written.is_err() {
            // Cut off a partial or unconfirmed line, so the retry neither
            // follows torn bytes nor, usually, doubles the record.
            let _ = file.set_len(end);
        }
        written
    }
}

/// Repairs the torn tail of every day file in `dir`.
fn repair_all(dir: &Path) -> io::Result<Vec<String>> {
    let mut reports = Vec::new();
    for (_, path) in day_entries(dir)? {
        let repaired = open_day_file(&path).and_then(|file| {
            file.lock()?;
            repair_tail(dir, &path, &file)
        });
        match repaired {
            Ok(report) => reports.extend(report),
            Err(e) => reports.push(format!("{}: not checked: {e}", path.display())),
        }
    }
    Ok(reports)
}

/// A line from the spare, checked as a record before it is written again.
fn decode_held(line: Vec<u8>) -> Result<Encoded, String> {
    let text = String::from_utf8_lossy(&line).trim_end().to_string();
    match serde_json::from_slice::<Rating>(&line) {
        Ok(rating) => Ok(Encoded {
            day: rating.day,
            line,
        }),
        Err(e) => Err(format!("a line that is not a rating record ({e}): {text}")),
    }
}

/// Whether the day file of `record` already holds its very line.
fn in_day_file(dir: &Path, record: &Encoded) -> io::Result<bool> {
    let path = dir.join(day_file_name(record.day));
    ensure_regular(&path)?;
    let wanted = record.line.strip_suffix(b"\n").unwrap_or(&record.line);
    let mut reader = io::BufReader::new(File::open(path)?);
    let mut buf = Vec::new();
    while let Some(line) = next_line(&mut reader, &mut buf)? {
        if line == Line::Whole && buf == wanted {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The record's line, refusing a record that could not be read back.
fn encode(rating: &Rating) -> io::Result<Encoded> {
    let refuse = |why: String| io::Error::new(io::ErrorKind::InvalidInput, why);
    if let Some(problem) = rating.problem() {
        return Err(refuse(problem));
    }
    let mut line = serde_json::to_vec(rating).map_err(io::Error::other)?;
    line.push(b'\n');
    if line.len() > MAX_LINE {
        return Err(refuse(format!(
            "a record of {} bytes (at most {MAX_LINE})",
            line.len()
        )));
    }
    Ok(Encoded {
        day: rating.day,
        line,
    })
}

fn open_day_file(path: &Path) -> io::Result<File> {
    match ensure_regular(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
}

/// With the file locked: moves a torn last line into quarantine and cuts the
/// file back to its last whole record. Says what it did, if anything.
fn repair_tail(dir: &Path, path: &Path, file: &File) -> io::Result<Option<String>> {
    let len = file.metadata()?.len();
    let Some(start) = torn_tail(file, len)? else {
        return Ok(None);
    };
    let kept = quarantine(dir, path, file, start, len)?;
    file.set_len(start)?;
    file.sync_all()?;
    Ok(Some(format!(
        "quarantined a torn last line of {} ({} bytes) into {}",
        path.display(),
        len - start,
        kept.display()
    )))
}

/// Where the last line starts, if it is torn: not ended by a newline, or not
/// JSON (a power cut can leave zeros where the last write was).
fn torn_tail(file: &File, len: u64) -> io::Result<Option<u64>> {
    if len == 0 {
        return Ok(None);
    }
    let mut last = [0u8];
    file.read_exact_at(&mut last, len - 1)?;
    if last[0] != b'\n' {
        // Cut it off however far back it starts.
        return line_start(file, len, u64::MAX);
    }
    let end = len - 1;
    let Some(start) = line_start(file, end, MAX_LINE as u64)? else {
        // Too long to be ours, yet whole: reading reports and skips it, and
        // this check, made before every append, stays cheap.
        return Ok(None);
    };
    let mut line = vec![0; (end - start) as usize];
    file.read_exact_at(&mut line, start)?;
    let whole = serde_json::from_slice::<IgnoredAny>(&line).is_ok();
    Ok((!whole).then_some(start))
}

/// The offset just after the last newline before `end` (or 0), scanning
/// backwards; `None` once the line proves longer than `max`.
fn line_start(file: &File, end: u64, max: u64) -> io::Result<Option<u64>> {
    let mut buf = [0u8; 8192];
    let mut pos = end;
    while pos > 0 && end - pos <= max {
        let n = buf.len().min(pos as usize);
        let chunk = &mut buf[..n];
        file.read_exact_at(chunk, pos - n as u64)?;
        if let Some(i) = chunk.iter().rposition(|&b| b == b'\n') {
            let start = pos - n as u64 + i as u64 + 1;
            return Ok((end - start <= max).then_some(start));
        }
        pos -= n as u64;
    }
    Ok((pos == 0 && end <= max).then_some(0))
}

/// Appends bytes `start..len` of `file`, and a newline, to the day file's
/// namesake in the quarantine folder, durably. Returns that file's path.
fn quarantine(dir: &Path, path: &Path, file: &File, start: u64, len: u64) -> io::Result<PathBuf> {
    let qdir = dir.join(QUARANTINE_DIR);
    fs::create_dir_all(&qdir)?;
    sync_dir(dir)?;
    let name = path.file_name().unwrap_or(path.as_os_str());
    let qpath = qdir.join(name);
    let mut out = OpenOptions::new().append(true).create(true).open(&qpath)?;
    let mut source = file;
    source.seek(SeekFrom::Start(start))?;
    io::copy(&mut source.take(len - start), &mut out)?;
    out.write_all(b"\n")?;
    out.sync_data()?;
    sync_dir(&qdir)?;
    Ok(qpath)
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// The folder holding `path`; `.` for a bare name.
pub(super) fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The error with the path it happened at.
fn located(path: &Path, e: &io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// `io::Error` is not `Clone`; the operator menu needs only kind and text.
fn copy_error(e: &io::Error) -> io::Error {
    io::Error::new(e.kind(), e.to_string())
}
