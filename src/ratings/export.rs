//! One day's ratings as a file for the hall: CSV that opens correctly in
//! Excel on Windows (UTF-8 with BOM, CRLF, RFC 4180 quoting, formula cells
//! neutralised), or JSON Lines for other tools. Streams record by record, so
//! a million records take seconds and no more memory than one.

use std::borrow::Cow;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use chrono::{FixedOffset, NaiveDate, Timelike};

use super::Rating;
use super::RatingFiles;
use super::read::{Records, Skips, day_entries};
use super::store::parent_of;

/// Excel on Windows reads BOM-less UTF-8 as the ANSI code page: mojibake.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Cells starting with these are formulas to a spreadsheet, even when quoted;
/// item names come from an editable catalog. NUL is in OWASP's list too.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\0'];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
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

/// `<hall_id>-<terminal_id>-2026-11-23.csv`, the name of a day's export.
pub fn default_file_name(
    hall_id: &str,
    terminal_id: &str,
    day: NaiveDate,
    format: Format,
) -> String {
    format!(
        "{hall_id}-{terminal_id}-{}.{}",
        day.format("%Y-%m-%d"),
        format.extension()
    )
}

/// Exports the ratings of the hall-local day `day` held in `files`.
pub fn export(
    files: &RatingFiles,
    day: NaiveDate,
    format: Format,
    offset: FixedOffset,
    output: Output,
) -> Result<Exported, ExportError> {
    let fail = |path: &Path, action, source| ExportError {
        path: path.to_path_buf(),
        action,
        source,
    };
    let records = files
        .records(day, day)
        .map_err(|e| fail(&files.dir, "cannot read", e))?;
    let (path, replace) = match output {
        Output::Stdout => {
            let (records, skips) = write(records, format, offset, io::stdout().lock())
                .map_err(|e| fail("-".as_ref(), "cannot write", e))?;
            return Ok(Exported {
                path: None,
                records,
                skips,
            });
        }
        Output::File { path, replace } => (path, replace),
    };
    let target =
        Target::check(&path, files, replace).map_err(|(action, e)| fail(&path, action, e))?;
    let (records, skips) = target
        .write(|out| write(records, format, offset, out))
        .map_err(|(action, e)| fail(&path, action, e))?;
    Ok(Exported {
        path: Some(path),
        records,
        skips,
    })
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
    fn check(path: &'a Path, files: &RatingFiles, replace: bool) -> Result<Target<'a>, Failure> {
        let refuse = |action, why: &str| {
            Err((
                action,
                io::Error::new(io::ErrorKind::InvalidInput, why.to_string()),
            ))
        };
        if files.holds(path) || inside(parent_of(path), &files.dir) {
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
    records: Records,
    format: Format,
    offset: FixedOffset,
    out: impl Write,
) -> io::Result<(u64, Skips)> {
    match format {
        Format::Csv => write_csv(records, offset, out),
        Format::Jsonl => write_jsonl(records, out),
    }
}

/// Feeds every record to `row`; collects what was skipped.
fn drain(
    records: Records,
    mut row: impl FnMut(&Rating) -> io::Result<()>,
) -> io::Result<(u64, Skips)> {
    let mut written = 0;
    let mut skips = Skips::default();
    for item in records {
        match item {
            Ok(rating) => {
                row(&rating)?;
                written += 1;
            }
            Err(skip) => skips.push(skip),
        }
    }
    Ok((written, skips))
}

fn write_csv(
    records: Records,
    offset: FixedOffset,
    mut out: impl Write,
) -> io::Result<(u64, Skips)> {
    out.write_all(BOM)?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(64 * 1024)
        .from_writer(out);
    write_row(&mut csv, &header(offset))?;
    let counted = drain(records, |r| write_row(&mut csv, &csv_row(r, offset)))?;
    csv.flush()?;
    Ok(counted)
}

/// Every cell, the header's too, goes through [`neutralise`].
fn write_row(csv: &mut csv::Writer<impl Write>, cells: &[Cow<'_, str>]) -> io::Result<()> {
    for cell in cells {
        csv.write_field(neutralise(cell).as_bytes())?;
    }
    Ok(csv.write_record(None::<&[u8]>)?)
}

fn write_jsonl(records: Records, out: impl Write) -> io::Result<(u64, Skips)> {
    let mut out = BufWriter::with_capacity(64 * 1024, out);
    let counted = drain(records, |r| {
        serde_json::to_writer(&mut out, r)?;
        out.write_all(b"\n")
    })?;
    out.flush()?;
    Ok(counted)
}

const HEADER: [&str; 12] = [
    "时间",
    "日期",
    "大厅",
    "终端",
    "城市",
    "事项编码",
    "事项名称",
    "评价等级",
    "等级代码",
    "是否差评",
    "差评原因",
    "目录版本",
];

/// The time column is hall-local, and says which offset it is in.
fn header(offset: FixedOffset) -> [Cow<'static, str>; 12] {
    let mut h = HEADER.map(Cow::Borrowed);
    h[0] = Cow::Owned(format!("{}(UTC{offset})", HEADER[0]));
    h
}

fn csv_row(r: &Rating, offset: FixedOffset) -> [Cow<'_, str>; 12] {
    [
        local_minute(r, offset).into(),
        r.day.to_string().into(),
        r.hall_id.as_str().into(),
        r.terminal_id.as_str().into(),
        r.city_id.as_deref().unwrap_or("").into(),
        r.item_id.as_deref().unwrap_or("").into(),
        r.item_name.as_str().into(),
        r.level.label().into(),
        r.level.code().to_string().into(),
        if r.level.is_bad() { "是" } else { "否" }.into(),
        r.reasons.join("；").into(),
        r.catalog_version.as_str().into(),
    ]
}

/// `2026-11-23 10:15`, which Excel reads as a time. Not `format()`: it parses
/// its pattern anew for every one of a million rows.
fn local_minute(r: &Rating, offset: FixedOffset) -> String {
    let t = r.time.with_timezone(&offset);
    format!("{} {:02}:{:02}", t.date_naive(), t.hour(), t.minute())
}

/// Prefixes `'` to a cell a spreadsheet would take for a formula. Rejecting
/// it is no option: `-无-` is ordinary text.
fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}
