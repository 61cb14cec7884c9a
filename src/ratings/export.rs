//! One day's ratings as a file for the hall: CSV that opens correctly in
//! Excel on Windows (UTF-8 with BOM, CRLF, RFC 4180 quoting, formula cells
//! neutralised), or JSON Lines for other tools. Streams record by record, so
//! a million records take seconds and no more memory than one.

use std::borrow::Cow;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{FixedOffset, NaiveDate, Timelike};

use super::Rating;
use super::read::{Records, Skips, records};
use super::store::parent_of;
use crate::config::Settings;

/// Excel on Windows reads BOM-less UTF-8 as the ANSI code page: mojibake.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Cells starting with these are formulas to a spreadsheet, even when quoted;
/// item names come from an editable catalog. NUL is in OWASP's list too.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\0'];

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
        }
    }
}

/// Where an export goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// [`default_path`] in the configured export folder, which is created.
    Default,
    Path(PathBuf),
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

/// `<hall_id>-<terminal_id>-2026-11-23.csv` in the export folder.
pub fn default_path(settings: &Settings, day: NaiveDate, format: Format) -> PathBuf {
    let c = &settings.config;
    settings.export_dir().join(format!(
        "{}-{}-{}.{}",
        c.hall_id,
        c.terminal_id,
        day.format("%Y-%m-%d"),
        format.extension()
    ))
}

/// Exports the ratings of the hall-local day `day`.
pub fn export(
    settings: &Settings,
    day: NaiveDate,
    format: Format,
    output: Output,
) -> Result<Exported, ExportError> {
    let ratings = settings.ratings_dir();
    let fail = |path: &Path, action, source| ExportError {
        path: path.to_path_buf(),
        action,
        source,
    };
    let records = records(&ratings, day, day).map_err(|e| fail(&ratings, "cannot read", e))?;
    let path = match output {
        Output::Stdout => {
            let (records, skips) = write(records, format, settings.offset, io::stdout().lock())
                .map_err(|e| fail("-".as_ref(), "cannot write", e))?;
            return Ok(Exported {
                path: None,
                records,
                skips,
            });
        }
        Output::Path(path) => path,
        Output::Default => {
            let dir = settings.export_dir();
            fs::create_dir_all(&dir).map_err(|e| fail(&dir, "cannot create", e))?;
            default_path(settings, day, format)
        }
    };
    if inside(&path, &ratings) {
        let why = io::Error::new(io::ErrorKind::InvalidInput, "it could overwrite a day file");
        return Err(fail(&path, "refused inside the ratings folder", why));
    }
    let (records, skips) = write_file(&path, records, format, settings.offset)?;
    Ok(Exported {
        path: Some(path),
        records,
        skips,
    })
}

/// Whether `path` would be written into `dir` or below it, however spelt.
fn inside(path: &Path, dir: &Path) -> bool {
    match (parent_of(path).canonicalize(), dir.canonicalize()) {
        (Ok(parent), Ok(dir)) => parent.starts_with(dir),
        _ => false,
    }
}

fn write_file(
    path: &Path,
    records: Records,
    format: Format,
    offset: FixedOffset,
) -> Result<(u64, Skips), ExportError> {
    let fail = |action, source| ExportError {
        path: path.to_path_buf(),
        action,
        source,
    };
    let file = File::create(path).map_err(|e| fail("cannot create", e))?;
    write(records, format, offset, &file)
        .and_then(|counted| sync(&file).map(|()| counted))
        .map_err(|e| {
            // A half export must not pass for a whole one on a USB stick;
            // but /dev/full and the like are not ours to remove.
            if path.is_file() && fs::remove_file(path).is_ok() {
                fail("cannot write (the incomplete file was removed)", e)
            } else {
                fail("cannot write", e)
            }
        })
}

/// Makes a written file durable. Only a regular file can be: `/dev/null` or
/// a pipe refuses fsync, and exporting there is no error.
fn sync(file: &File) -> io::Result<()> {
    if file.metadata()?.is_file() {
        file.sync_all()
    } else {
        Ok(())
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
