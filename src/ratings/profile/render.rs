//! A profile's cells for each record, written as CSV (Excel-safe: BOM,
//! CRLF, RFC 4180 quoting, formula cells neutralised) or as JSON Lines.
//! Record by record, with no buffer growing with the file.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};

use chrono::FixedOffset;
use compact_str::CompactString;

use super::{Column, Field, Profile, Source};
use crate::ratings::Rating;
use crate::ratings::export::{Counted, drain};
use crate::ratings::read::Records;

/// Excel on Windows reads BOM-less UTF-8 as the ANSI code page: mojibake.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Cells starting with these are formulas to a spreadsheet, even when quoted;
/// item names come from an editable catalog. NUL is in OWASP's list too.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\0'];

/// How list cells are joined in CSV when the profile says nothing.
const CSV_JOIN: &str = "；";

/// A record value that the profile's map does not cover: the export stops
/// rather than send the platform a wrong or empty code.
#[derive(Debug, thiserror::Error)]
#[error(
    "record {id}: column \"{column}\": the value \"{value}\" has no entry in the profile's map (add it, or a default)"
)]
pub struct Unmapped {
    pub id: String,
    pub column: String,
    pub value: String,
}

impl From<Unmapped> for io::Error {
    fn from(e: Unmapped) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, e)
    }
}

/// A record field's value: none, a text, or a list of texts.
enum Got<'a> {
    Missing,
    Text(Cow<'a, str>),
    List(Vec<&'a str>),
}

/// Renders records by one profile, reusing its time buffer.
struct Renderer<'p> {
    profile: &'p Profile,
    offset: FixedOffset,
    uses_time: bool,
    time: String,
}

impl<'p> Renderer<'p> {
    fn new(profile: &'p Profile, hall: FixedOffset) -> Renderer<'p> {
        Renderer {
            profile,
            offset: profile.offset(hall),
            uses_time: profile
                .columns
                .iter()
                .any(|c| c.source == Source::Field(Field::Time)),
            time: String::new(),
        }
    }

    /// Formats the record's time once, for every column that wants it. Not
    /// `format()`: it would parse the pattern anew for each of a million rows.
    fn start(&mut self, r: &Rating) {
        if self.uses_time {
            self.time.clear();
            let t = r.time.with_timezone(&self.offset);
            let items = self.profile.time.iter();
            let _ = if self.profile.time_naive {
                write!(self.time, "{}", t.naive_local().format_with_items(items))
            } else {
                write!(self.time, "{}", t.format_with_items(items))
            };
        }
    }
}

fn got<'a>(field: Field, r: &'a Rating, time: &'a str) -> Got<'a> {
    let text = |s: &'a str| Got::Text(Cow::Borrowed(s));
    let opt = |s: &'a Option<CompactString>| s.as_deref().map_or(Got::Missing, text);
    match field {
        Field::Schema => Got::Text(super::super::SCHEMA.to_string().into()),
        Field::Id => text(&r.id),
        Field::HallId => text(&r.hall_id),
        Field::TerminalId => text(&r.terminal_id),
        Field::RegionCode => opt(&r.region_code),
        Field::UnitCode => opt(&r.unit_code),
        Field::RatingChannel => opt(&r.rating_channel),
        Field::Time => text(time),
        Field::Day => Got::Text(r.day.to_string().into()),
        Field::GuideId => opt(&r.guide_id),
        Field::ItemId => opt(&r.item_id),
        Field::ItemCode => opt(&r.item_code),
        Field::ItemName => text(&r.item_name),
        Field::LevelCode => Got::Text(Cow::Borrowed(LEVEL_CODES[r.level.index()])),
        Field::LevelLabel => text(r.level.label()),
        Field::IsBad => text(if r.level.is_bad() { "true" } else { "false" }),
        Field::ReasonCodes => Got::List(r.reasons.iter().map(|x| x.code.as_str()).collect()),
        Field::ReasonLabels => Got::List(r.reasons.iter().map(|x| x.label.as_str()).collect()),
        Field::TaxonomyVersion => opt(&r.taxonomy_version),
        Field::CatalogVersion => text(&r.catalog_version),
    }
}

/// The stored level codes as text, in display order (5 = 非常满意).
const LEVEL_CODES: [&str; 5] = ["5", "4", "3", "2", "1"];

impl Column {
    /// `value` through the map, if there is one.
    fn mapped<'a>(&'a self, value: &'a str, id: &str) -> Result<&'a str, Unmapped> {
        let Some(map) = &self.map else {
            return Ok(value);
        };
        map.get(value)
            .or(self.default.as_ref())
            .map(String::as_str)
            .ok_or_else(|| Unmapped {
                id: id.to_owned(),
                column: self.name.clone(),
                value: value.to_owned(),
            })
    }

    fn joined(&self, items: &[&str], id: &str, join: &str) -> Result<String, Unmapped> {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(join);
            }
            out.push_str(self.mapped(item, id)?);
        }
        Ok(out)
    }

    /// The column's CSV cell for `r`.
    fn text<'a>(&'a self, r: &'a Rating, time: &'a str) -> Result<Cow<'a, str>, Unmapped> {
        let field = match &self.source {
            Source::Const(v) => return Ok(Cow::Borrowed(v)),
            Source::Field(f) => *f,
        };
        Ok(match got(field, r, time) {
            Got::Missing => Cow::Borrowed(self.default.as_deref().unwrap_or("")),
            Got::Text(Cow::Borrowed(t)) => Cow::Borrowed(self.mapped(t, &r.id)?),
            Got::Text(Cow::Owned(t)) => Cow::Owned(self.mapped(&t, &r.id)?.to_owned()),
            Got::List(items) => {
                let join = self.join.as_deref().unwrap_or(CSV_JOIN);
                Cow::Owned(self.joined(&items, &r.id, join)?)
            }
        })
    }

    /// Writes the column's JSON value for `r`.
    fn write_json(&self, out: &mut impl Write, r: &Rating, time: &str) -> io::Result<()> {
        let scalar = |out: &mut dyn Write, v: &str| -> io::Result<()> {
            if self.number {
                out.write_all(v.as_bytes())
            } else {
                serde_json::to_writer(out, v).map_err(io::Error::from)
            }
        };
        let field = match &self.source {
            Source::Const(v) => return scalar(out, v),
            Source::Field(f) => *f,
        };
        match got(field, r, time) {
            Got::Missing => match &self.default {
                Some(d) => scalar(out, d),
                None => out.write_all(b"null"),
            },
            Got::Text(t) => scalar(out, self.mapped(&t, &r.id)?),
            Got::List(items) => match &self.join {
                Some(join) => scalar(out, &self.joined(&items, &r.id, join)?),
                None => {
                    let mapped = items
                        .iter()
                        .map(|i| self.mapped(i, &r.id))
                        .collect::<Result<Vec<_>, _>>()?;
                    serde_json::to_writer(out, &mapped).map_err(io::Error::from)
                }
            },
        }
    }
}

/// The records as CSV by `profile`.
pub(in crate::ratings) fn write_csv(
    records: &mut Records,
    profile: &Profile,
    hall: FixedOffset,
    mut out: impl Write,
) -> io::Result<Counted> {
    out.write_all(BOM)?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(64 * 1024)
        .from_writer(out);
    let mut renderer = Renderer::new(profile, hall);
    let header = profile.header(renderer.offset);
    write_row(
        &mut csv,
        header.iter().map(|h| Ok(Cow::Borrowed(h.as_str()))),
    )?;
    let counted = drain(records, |r| {
        renderer.start(r);
        let time = renderer.time.as_str();
        write_row(&mut csv, profile.columns.iter().map(|c| c.text(r, time)))
    })?;
    csv.flush()?;
    Ok(counted)
}

/// Every cell, the header's too, goes through [`neutralise`].
fn write_row<'a>(
    csv: &mut csv::Writer<impl Write>,
    cells: impl Iterator<Item = Result<Cow<'a, str>, Unmapped>>,
) -> io::Result<()> {
    for cell in cells {
        csv.write_field(neutralise(&cell?).as_bytes())?;
    }
    Ok(csv.write_record(None::<&[u8]>)?)
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

/// The records as JSON Lines by `profile`: one object a record, its keys
/// the column names in the profile's order.
pub(in crate::ratings) fn write_json_lines(
    records: &mut Records,
    profile: &Profile,
    hall: FixedOffset,
    out: impl Write,
) -> io::Result<Counted> {
    let mut out = BufWriter::with_capacity(64 * 1024, out);
    let mut renderer = Renderer::new(profile, hall);
    let keys: Vec<String> = profile
        .header(renderer.offset)
        .iter()
        .map(|k| serde_json::to_string(k).expect("a string serialises"))
        .collect();
    let counted = drain(records, |r| {
        renderer.start(r);
        for (i, (c, key)) in profile.columns.iter().zip(&keys).enumerate() {
            out.write_all(if i == 0 { b"{" } else { b"," })?;
            out.write_all(key.as_bytes())?;
            out.write_all(b":")?;
            c.write_json(&mut out, r, &renderer.time)?;
        }
        out.write_all(b"}\n")
    })?;
    out.flush()?;
    Ok(counted)
}
