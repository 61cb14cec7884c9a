//! The ratings as a file for the hall or a platform: by an export profile
//! (CSV that opens correctly in Excel on Windows, or JSON Lines, in the
//! platform's columns and codes), or the records themselves as JSON Lines
//! for other tools. Streams record by record, so a million records take
//! seconds and no more memory than one.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::ops::RangeInclusive;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::{FixedOffset, NaiveDate};

use super::profile::{self, Format, Profile};
use super::read::{Admit, Batch, Item, Records, Skips, day_entries, fleet};
use super::store::parent_of;
use super::{Rating, RatingFiles};

/// What an export writes: the stored records, or a profile's columns.
#[derive(Debug, Clone, Copy)]
pub enum Layout<'a> {
    /// The records as stored (schema 2, `schema/rating.schema.json`), one
    /// JSON object a line: what `kiosk stats` and other tools read back.
    Records,
    Profile(&'a Profile),
}

impl Layout<'_> {
    pub fn extension(&self) -> &'static str {
        match self {
            Layout::Records => Format::Jsonl.extension(),
            Layout::Profile(p) => p.format.extension(),
        }
    }
}

/// Where records are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sources {
    /// One terminal's day files and spare.
    Terminal(RatingFiles),
    /// Day files and record exports of any terminals and halls, or folders
    /// of them; every record counted once, by its id.
    Fleet(Vec<PathBuf>),
}

impl Sources {
    /// The records of the days `from..=to`.
    pub fn records(&self, from: NaiveDate, to: NaiveDate) -> io::Result<Records> {
        match self {
            Sources::Terminal(files) => files.records(from, to),
            Sources::Fleet(paths) => fleet(paths, from, to),
        }
    }

    /// The path an error in reading is best told at.
    pub fn place(&self) -> &Path {
        match self {
            Sources::Terminal(files) => &files.dir,
            Sources::Fleet(paths) => paths.first().map_or(Path::new("."), PathBuf::as_path),
        }
    }

    /// Whether writing `path` could overwrite ratings, or put an export
    /// where it would be read as ratings.
    fn protects(&self, path: &Path) -> bool {
        match self {
            Sources::Terminal(files) => files.holds(path) || inside(parent_of(path), &files.dir),
            Sources::Fleet(paths) => {
                let target = fs::metadata(path).ok();
                paths.iter().any(|p| match fs::metadata(p) {
                    Ok(m) if m.is_dir() => inside(parent_of(path), p),
                    Ok(m) => target.as_ref().is_some_and(|t| same_file(t, &m)),
                    Err(_) => false,
                })
            }
        }
    }
}

/// Where an export goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// A file, written whole beside its target and renamed into place, so
    /// a failed export leaves what was there. An existing file is replaced
    /// only when `replace`; a device or pipe is written to directly.
    File {
        path: PathBuf,
        replace: bool,
    },
    Stdout,
}

/// What an export wrote.
#[derive(Debug)]
pub struct Exported {
    /// `None` for standard output.
    pub path: Option<PathBuf>,
    pub records: u64,
    /// Records met more than once and written once.
    pub duplicates: u64,
    pub skips: Skips,
}

/// An export that failed, with the path and what could not be done to it.
#[derive(Debug, thiserror::Error)]
#[error("{}: {action}: {source}", path.display())]
pub struct ExportError {
    pub path: PathBuf,
    pub action: &'static str,
    #[source]
    pub source: io::Error,
}

/// `<hall_id>-<terminal_id>-2026-11-23.csv`, the name of a day's export:
/// `.jsonl` for the records, and the profile's name before the extension
/// for a profile other than the default.
pub fn default_file_name(
    hall_id: &str,
    terminal_id: &str,
    day: NaiveDate,
    layout: Layout<'_>,
) -> String {
    let infix = match layout {
        Layout::Profile(p) if p.name != profile::DEFAULT_PROFILE => format!(".{}", p.name),
        _ => String::new(),
    };
    format!(
        "{hall_id}-{terminal_id}-{}{infix}.{}",
        day.format("%Y-%m-%d"),
        layout.extension()
    )
}

/// Exports the ratings of the hall-local days `days` from `sources`;
/// `offset` is the hall's, for profiles that write times in it.
pub fn export(
    sources: &Sources,
    days: RangeInclusive<NaiveDate>,
    layout: Layout<'_>,
    offset: FixedOffset,
    output: Output,
) -> Result<Exported, ExportError> {
    let fail = |path: &Path, action, source| ExportError {
        path: path.to_path_buf(),
        action,
        source,
    };
    let mut records = sources
        .records(*days.start(), *days.end())
        .map_err(|e| fail(sources.place(), "cannot read", e))?;
    let (path, replace) = match output {
        Output::Stdout => {
            let counted = write(&mut records, layout, offset, io::stdout().lock())
                .map_err(|e| fail("-".as_ref(), "cannot write", e))?;
            return Ok(counted.exported(None, &records));
        }
        Output::File { path, replace } => (path, replace),
    };
    let target =
        Target::check(&path, sources, replace).map_err(|(action, e)| fail(&path, action, e))?;
    let counted = target
        .write(|out| write(&mut records, layout, offset, out))
        .map_err(|(action, e)| fail(&path, action, e))?;
    Ok(counted.exported(Some(path), &records))
}

/// Records written, and what was skipped.
pub(super) struct Counted {
    records: u64,
    skips: Skips,
}

impl Counted {
    fn exported(self, path: Option<PathBuf>, records: &Records) -> Exported {
        Exported {
            path,
            records: self.records,
            duplicates: records.duplicates(),
            skips: self.skips,
        }
    }
}

/// Why a target was refused or could not be written: what, and the error.
type Failure = (&'static str, io::Error);

/// A checked export target.
enum Target<'a> {
    /// A regular file, new or to be replaced: written beside and renamed.
    File { path: &'a Path, replace: bool },
    /// A device or pipe, written to directly (`/dev/null`, a named pipe).
    Stream(&'a Path),
}

impl<'a> Target<'a> {
    /// Refuses a target that is, or would write into, the ratings themselves
    /// however it is spelt — a link to a day file, a path through a bind
    /// mount — by comparing device and inode, not paths; and an existing
    /// file unless it may be replaced.
    fn check(path: &'a Path, sources: &Sources, replace: bool) -> Result<Target<'a>, Failure> {
        let refuse = |action, why: &str| {
            Err((
                action,
                io::Error::new(io::ErrorKind::InvalidInput, why.to_string()),
            ))
        };
        if sources.protects(path) {
            return refuse(
                "refused",
                "it is a ratings file or inside the ratings folder, which an export must never overwrite",
            );
        }
        match fs::symlink_metadata(path) {
            // Nothing there (or no folder to hold it): writing says which.
            Err(_) => Ok(Target::File { path, replace }),
            Ok(meta) if meta.is_file() || meta.is_symlink() => {
                if replace {
                    Ok(Target::File { path, replace })
                } else {
                    refuse("refused", "the file exists (give --force to replace it)")
                }
            }
            Ok(meta) if meta.is_dir() => refuse("refused", "it is a folder"),
            Ok(_) => Ok(Target::Stream(path)),
        }
    }

    fn write<T>(self, fill: impl FnOnce(&File) -> io::Result<T>) -> Result<T, Failure> {
        match self {
            Target::Stream(path) => {
                let file = File::create(path).map_err(|e| ("cannot open", e))?;
                fill(&file).map_err(|e| ("cannot write", e))
            }
            Target::File { path, replace } => write_and_rename(path, replace, fill),
        }
    }
}

/// Writes a temporary file in the target's folder, makes it durable and
/// renames it over the target (or links it, refusing a file that appeared
/// meanwhile, when it may not replace one). On any failure the temporary
/// file goes and the target is as it was.
fn write_and_rename<T>(
    path: &Path,
    replace: bool,
    fill: impl FnOnce(&File) -> io::Result<T>,
) -> Result<T, Failure> {
    let dir = parent_of(path);
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            let e = io::Error::new(io::ErrorKind::NotADirectory, "it is not a folder");
            return Err(("cannot use its folder", e));
        }
        Err(e) => return Err(("cannot use its folder", e)),
    }
    let temp = tempfile::Builder::new()
        .prefix(".export-")
        .tempfile_in(dir)
        .map_err(|e| ("cannot create a file in its folder", e))?;
    let done = fill(temp.as_file())
        .and_then(|done| temp.as_file().sync_all().map(|()| done))
        .map_err(|e| ("cannot write (nothing was replaced)", e))?;
    let placed = if replace {
        temp.persist(path).map(|_| ())
    } else {
        temp.persist_noclobber(path).map(|_| ())
    };
    placed.map_err(|e| {
        (
            "cannot put the file in place (nothing was replaced)",
            e.error,
        )
    })?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| ("cannot make the file durable", e))?;
    Ok(done)
}

/// Whether `dir` (which may not exist yet) is `root` or below it: its nearest
/// existing ancestor and that one's ancestors compared by device and inode.
fn inside(dir: &Path, root: &Path) -> bool {
    let Ok(root) = fs::metadata(root) else {
        return false;
    };
    let nearest = dir.ancestors().find_map(|a| a.canonicalize().ok());
    nearest.is_some_and(|existing| {
        existing
            .ancestors()
            .any(|p| fs::metadata(p).is_ok_and(|m| same_file(&m, &root)))
    })
}

fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.dev() == b.dev() && a.ino() == b.ino()
}

impl RatingFiles {
    /// Whether `path`, followed through links, is one of the files that hold
    /// ratings: a day file or the spare.
    fn holds(&self, path: &Path) -> bool {
        let Ok(target) = fs::metadata(path) else {
            return false;
        };
        let days = day_entries(&self.dir).unwrap_or_default();
        days.iter()
            .map(|(_, p)| p.as_path())
            .chain(self.spare.as_deref())
            .filter_map(|p| fs::metadata(p).ok())
            .any(|m| same_file(&m, &target))
    }
}

fn write(
    records: &mut Records,
    layout: Layout<'_>,
    offset: FixedOffset,
    out: impl Write,
) -> io::Result<Counted> {
    match layout {
        Layout::Records => write_records(records, out),
        Layout::Profile(p) => match p.format {
            Format::Csv => profile::write_csv(records, p, offset, out),
            Format::Jsonl => profile::write_json_lines(records, p, offset, out),
        },
    }
}

/// Feeds every record to `row`; collects what was skipped. Lines are read
/// on a second thread while `row` writes, a few batches ahead, and decoding
/// them (most of an export's work) is shared: the reading thread decodes a
/// batch while the writing one has batches waiting, and hands it over
/// undecoded when it has none.
pub(super) fn drain(
    records: &mut Records,
    mut row: impl FnMut(&Rating) -> io::Result<()>,
) -> io::Result<Counted> {
    let mut counted = Counted {
        records: 0,
        skips: Skips::default(),
    };
    let (lines, admit, ready) = records.halves();
    counted.take(ready, admit, &mut row)?;
    // Batches handed over and not yet taken by the writing thread.
    let waiting = &AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel(4);
        let (back, used) = mpsc::channel::<Vec<Item>>();
        scope.spawn(move || {
            while let Some(batch) = lines.batch() {
                let handed = if waiting.load(Ordering::Relaxed) == 0 {
                    Handed::Lines(batch)
                } else {
                    Handed::Items(batch.decode())
                };
                waiting.fetch_add(1, Ordering::Relaxed);
                // The writer stopped (an error): so does the reader.
                if tx.send(handed).is_err() {
                    return;
                }
                // Records are freed on the thread that made them: glibc's
                // malloc frees another thread's memory slowly, under a lock.
                used.try_iter().for_each(drop);
            }
        });
        for handed in rx {
            waiting.fetch_sub(1, Ordering::Relaxed);
            match handed {
                // Decoded here, freed here.
                Handed::Lines(batch) => drop(counted.take(batch.decode(), admit, &mut row)?),
                Handed::Items(items) => {
                    let items = counted.take(items, admit, &mut row)?;
                    let _ = back.send(items);
                }
            }
        }
        Ok(counted)
    })
}

/// A batch as the reading thread hands it to the writing one.
enum Handed {
    Lines(Batch),
    Items(Vec<Item>),
}

impl Counted {
    /// Admits `items` in order, feeds each record admitted to `row`, and
    /// gives them back.
    fn take(
        &mut self,
        mut items: Vec<Item>,
        admit: &mut Admit,
        row: &mut impl FnMut(&Rating) -> io::Result<()>,
    ) -> io::Result<Vec<Item>> {
        for item in &mut items {
            if !admit.admit(item) {
                continue;
            }
            match item {
                Ok(decoded) => {
                    row(&decoded.rating)?;
                    self.records += 1;
                }
                Err(skip) => self.skips.push(skip.clone()),
            }
        }
        Ok(items)
    }
}

fn write_records(records: &mut Records, out: impl Write) -> io::Result<Counted> {
    let mut out = BufWriter::with_capacity(64 * 1024, out);
    let counted = drain(records, |r| {
        serde_json::to_writer(&mut out, r)?;
        out.write_all(b"\n")
    })?;
    out.flush()?;
    Ok(counted)
}
