//! Export profiles: how one platform wants the ratings. A profile is a RON
//! file naming, for each CSV column or JSON field, the record field or the
//! constant it comes from, a map of values (level code → the platform's
//! code, channel → code, reason code → indicator code), and how times are
//! written. So a province's interface is data a hall writes, not code.
//!
//! Two are built in (`profiles/native.ron`, this program's own columns, and
//! `profiles/gbt39046.ron`, the national data set); a hall's own live in the
//! profiles folder beside `kiosk.ron` and may replace them by name.

mod render;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use chrono::format::{Item, StrftimeItems};
use serde::Deserialize;

use super::Level;
use super::reasons::is_code;
use crate::ronfile::{Problem, line_col, read_text, ron_options};

pub use render::Unmapped;
pub(super) use render::{write_csv, write_json_lines};

/// The profile an export uses when none is named.
pub const DEFAULT_PROFILE: &str = "native";

/// The profiles built into the program, by name.
const SHIPPED: [(&str, &str); 2] = [
    ("native", include_str!("../../profiles/native.ron")),
    ("gbt39046", include_str!("../../profiles/gbt39046.ron")),
];

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Format {
    /// UTF-8 with BOM, CRLF, formula cells neutralised: opens in Excel.
    Csv,
    /// One JSON object per line.
    #[serde(rename = "JsonLines")]
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

/// The record fields a column can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Schema,
    Id,
    HallId,
    TerminalId,
    RegionCode,
    UnitCode,
    RatingChannel,
    /// Written with the profile's `time_format` in its `time_zone`.
    Time,
    /// The hall-local day, `2026-11-23`.
    Day,
    GuideId,
    ItemId,
    ItemCode,
    ItemName,
    /// The stored code: 5 = 非常满意 … 1 = 非常不满意.
    LevelCode,
    LevelLabel,
    /// `true` or `false`.
    IsBad,
    /// A list: joined in CSV (and with `join` in JSON), else a JSON array.
    ReasonCodes,
    ReasonLabels,
    TaxonomyVersion,
    CatalogVersion,
}

impl Field {
    fn is_list(self) -> bool {
        matches!(self, Field::ReasonCodes | Field::ReasonLabels)
    }

    /// Every text the field can have, where that is a short closed set.
    fn closed_values(self) -> Option<Vec<String>> {
        match self {
            Field::LevelCode => Some(Level::ALL.map(|l| l.code().to_string()).to_vec()),
            Field::LevelLabel => Some(Level::ALL.map(|l| l.label().to_string()).to_vec()),
            Field::IsBad => Some(vec!["true".into(), "false".into()]),
            _ => None,
        }
    }
}

/// Which offset times are written in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub enum Zone {
    /// The hall's (`utc_offset` in kiosk.ron).
    #[default]
    Hall,
    Utc,
    /// A fixed offset, `Offset("+08:00")`.
    Offset(String),
}

/// A profile as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[serde(default)]
    description: Option<String>,
    format: Format,
    #[serde(default = "default_time_format")]
    time_format: String,
    #[serde(default)]
    time_zone: Zone,
    columns: Vec<ColumnFile>,
}

fn default_time_format() -> String {
    "%Y-%m-%d %H:%M".into()
}

/// One column (or JSON field) as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnFile {
    name: String,
    #[serde(default)]
    field: Option<Field>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    map: Option<BTreeMap<String, String>>,
    #[serde(default)]
    default: Option<String>,
    #[serde(default)]
    join: Option<String>,
    #[serde(default)]
    number: bool,
}

/// Where a column's cells come from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Field(Field),
    Const(String),
}

/// A checked column, ready to render.
#[derive(Debug, Clone)]
struct Column {
    name: String,
    source: Source,
    map: Option<HashMap<String, String>>,
    /// For a missing value, or one the map lacks.
    default: Option<String>,
    join: Option<String>,
    /// Written as a JSON number (checked to be one).
    number: bool,
}

/// A loaded, checked profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub description: Option<String>,
    pub format: Format,
    zone: Zone,
    time: Vec<Item<'static>>,
    /// Whether the time format names no offset, so that times can be
    /// written without one (chrono formats an offset for every row else).
    time_naive: bool,
    columns: Vec<Column>,
    /// Where it was read from (`<built in>/NAME.ron` for a shipped one),
    /// and its text, to point problems at their place.
    path: PathBuf,
    source: String,
}

/// Placeholder in a column name for the offset times are written in.
const OFFSET_PLACEHOLDER: &str = "{utc_offset}";

impl Profile {
    /// Parses and checks the profile `name` from `text` read at `path`.
    pub fn parse(name: &str, path: &Path, text: &str) -> Result<Profile, Vec<Problem>> {
        let file: ProfileFile = ron_options()
            .from_str(text)
            .map_err(|e| vec![Problem::from_ron(path, &e)])?;
        let at = Locator { path, text };
        let mut problems = Vec::new();
        let time = match StrftimeItems::new(&file.time_format).parse_to_owned() {
            Ok(items) if !file.time_format.is_empty() => items,
            _ => {
                problems.push(at.key("time_format", format!(
                    "bad time format \"{}\": use chrono's strftime fields, e.g. \"%Y%m%dT%H%M%S\" or \"%Y-%m-%d %H:%M:%S\"",
                    file.time_format
                )));
                Vec::new()
            }
        };
        if let Zone::Offset(o) = &file.time_zone
            && o.parse::<FixedOffset>().is_err()
        {
            problems.push(at.key(
                "time_zone",
                format!("time_zone Offset(\"{o}\") is not an offset such as \"+08:00\""),
            ));
        }
        if file.columns.is_empty() {
            problems.push(at.key("columns", "columns lists no column".into()));
        }
        let mut columns = Vec::new();
        for c in file.columns {
            let nth = columns_named(&columns, &c.name);
            match column(c, file.format, &at, nth) {
                Ok(column) if nth > 0 => problems.push(at.column(
                    &column.name,
                    nth,
                    format!("column \"{}\" is given twice", column.name),
                )),
                Ok(column) => columns.push(column),
                Err(p) => problems.extend(p),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Profile {
            name: name.to_owned(),
            description: file.description,
            format: file.format,
            zone: file.time_zone,
            time_naive: needs_no_offset(&time),
            time,
            columns,
            path: path.to_path_buf(),
            source: text.to_owned(),
        })
    }

    /// The shipped profile `name`.
    pub fn shipped(name: &str) -> Option<Profile> {
        let (name, text) = SHIPPED.iter().find(|(n, _)| *n == name)?;
        let path = PathBuf::from(format!("<built in>/{name}.ron"));
        Some(Profile::parse(name, &path, text).expect("shipped profiles are checked by tests"))
    }

    /// The offset times are written in, given the hall's.
    pub fn offset(&self, hall: FixedOffset) -> FixedOffset {
        match &self.zone {
            Zone::Hall => hall,
            Zone::Utc => FixedOffset::east_opt(0).expect("zero is an offset"),
            Zone::Offset(o) => o.parse().unwrap_or(hall),
        }
    }

    /// The column names (the CSV header), for times in `offset`.
    pub fn header(&self, offset: FixedOffset) -> Vec<String> {
        let shown = offset.to_string();
        self.columns
            .iter()
            .map(|c| c.name.replace(OFFSET_PLACEHOLDER, &shown))
            .collect()
    }

    /// What keeps this profile from taking this terminal's records, or makes
    /// its output incomplete, judged against the terminal's configuration.
    pub fn check_against(&self, terminal: &Terminal<'_>) -> Checked {
        let at = Locator {
            path: &self.path,
            text: &self.source,
        };
        let mut out = Checked::default();
        for c in &self.columns {
            let Source::Field(field) = c.source else {
                continue;
            };
            let problem = |message: String| at.column(&c.name, 0, message);
            let unmapped = |value: &str| {
                c.map
                    .as_ref()
                    .is_some_and(|m| !m.contains_key(value) && c.default.is_none())
            };
            match field {
                Field::RatingChannel if unmapped(terminal.rating_channel) => {
                    out.errors.push(problem(format!(
                        "column \"{}\": this terminal's rating_channel \"{}\" has no entry in its map",
                        c.name, terminal.rating_channel
                    )));
                }
                Field::ReasonCodes => {
                    for code in terminal.reason_codes.iter().filter(|code| unmapped(code)) {
                        out.errors.push(problem(format!(
                            "column \"{}\": reason code \"{code}\" of kiosk.ron's bad_reasons has no entry in its map",
                            c.name
                        )));
                    }
                }
                Field::RegionCode | Field::UnitCode if c.default.is_none() => {
                    let (key, set) = match field {
                        Field::RegionCode => ("region_code", terminal.region_code),
                        _ => ("unit_code", terminal.unit_code),
                    };
                    if !set {
                        out.warnings.push(problem(format!(
                            "column \"{}\" takes {key}, which kiosk.ron does not set: it will be empty",
                            c.name
                        )));
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// The facts of a terminal's configuration a profile is checked against.
#[derive(Debug, Clone)]
pub struct Terminal<'a> {
    pub rating_channel: &'a str,
    pub reason_codes: Vec<&'a str>,
    pub region_code: bool,
    pub unit_code: bool,
}

/// What [`Profile::check_against`] found.
#[derive(Debug, Default)]
pub struct Checked {
    /// The export would fail.
    pub errors: Vec<Problem>,
    /// It would work, but leave columns empty.
    pub warnings: Vec<Problem>,
}

/// Whether `items` format a time without knowing its offset.
fn needs_no_offset(items: &[Item<'_>]) -> bool {
    use std::fmt::Write;
    let sample = chrono::NaiveDateTime::default();
    write!(String::new(), "{}", sample.format_with_items(items.iter())).is_ok()
}

/// How many columns already have this name.
fn columns_named(columns: &[Column], name: &str) -> usize {
    columns.iter().filter(|c| c.name == name).count()
}

/// Checks one column as written; `nth` earlier columns share its name.
fn column(
    c: ColumnFile,
    format: Format,
    at: &Locator<'_>,
    nth: usize,
) -> Result<Column, Vec<Problem>> {
    let problem =
        |message: String| at.column(&c.name, nth, format!("column \"{}\": {message}", c.name));
    let mut problems = Vec::new();
    if c.name.trim().is_empty() {
        problems.push(at.key("name", "a column has an empty name".into()));
    }
    let source = match (c.field, &c.value) {
        (Some(f), None) => Source::Field(f),
        (None, Some(v)) => Source::Const(v.clone()),
        _ => {
            problems.push(problem(
                "give either field (a record field) or value (a constant)".into(),
            ));
            return Err(problems);
        }
    };
    match (&source, &c.map) {
        (Source::Const(_), Some(_)) => problems.push(problem("a map needs a field to map".into())),
        (Source::Field(f), Some(map)) => problems.extend(map_problems(*f, map, &c.name, at, nth)),
        _ => {}
    }
    if let Some(join) = &c.join {
        if !matches!(source, Source::Field(f) if f.is_list()) {
            problems.push(problem(
                "join is only for the list fields reason_codes and reason_labels".into(),
            ));
        }
        if format == Format::Csv && join.is_empty() {
            problems.push(problem("join must not be empty in a CSV cell".into()));
        }
    }
    if c.number {
        problems.extend(number_problems(&source, &c).into_iter().map(problem));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Column {
        name: c.name,
        source,
        map: c.map.map(|m| m.into_iter().collect()),
        default: c.default,
        join: c.join,
        number: c.number,
    })
}

/// A map over a level or the 差评 flag must give every value its code (a
/// level left out would be a rating the platform never gets), and no key
/// that no record has; reason codes must look like codes.
fn map_problems(
    field: Field,
    map: &BTreeMap<String, String>,
    name: &str,
    at: &Locator<'_>,
    nth: usize,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(values) = field.closed_values() {
        for (i, value) in values.iter().enumerate() {
            if !map.contains_key(value) {
                let what = match field {
                    Field::LevelCode | Field::LevelLabel => {
                        let l = Level::ALL[i];
                        format!("level {} {} (\"{value}\")", l.code(), l.label())
                    }
                    _ => format!("value \"{value}\""),
                };
                problems.push(at.column(
                    name,
                    nth,
                    format!("column \"{name}\": unmapped {what}: its map must give every one"),
                ));
            }
        }
        for key in map.keys().filter(|k| !values.contains(k)) {
            problems.push(at.after_column(
                name,
                nth,
                &format!("{key:?}"),
                format!(
                    "column \"{name}\": map key \"{key}\" is no value of this field (it has {})",
                    values.join(", ")
                ),
            ));
        }
    }
    if field == Field::ReasonCodes {
        for key in map.keys().filter(|k| !is_code(k)) {
            problems.push(at.after_column(
                name,
                nth,
                &format!("{key:?}"),
                format!("column \"{name}\": map key \"{key}\" is not a reason code"),
            ));
        }
    }
    problems
}

/// `number: true` needs a cell that is always a JSON number.
fn number_problems(source: &Source, c: &ColumnFile) -> Vec<String> {
    let not_number = |v: &str| serde_json::from_str::<serde_json::Number>(v).is_err();
    let mut bad: Vec<String> = Vec::new();
    match (source, &c.map) {
        (Source::Const(v), _) if not_number(v) => {
            bad.push(format!("value \"{v}\" is not a number"))
        }
        (Source::Field(_), Some(map)) => bad.extend(
            map.values()
                .filter(|v| not_number(v))
                .map(|v| format!("map value \"{v}\" is not a number")),
        ),
        (Source::Field(Field::LevelCode | Field::Schema), None) | (Source::Const(_), _) => {}
        (Source::Field(_), None) => bad.push(
            "number: true needs level_code, schema, a numeric value or a map to numbers".into(),
        ),
    }
    if let Some(d) = c.default.as_deref().filter(|d| not_number(d)) {
        bad.push(format!("default \"{d}\" is not a number"));
    }
    bad
}

/// Points problems at their place in a profile's text.
struct Locator<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Locator<'_> {
    fn at_offset(&self, offset: Option<usize>, message: String) -> Problem {
        match offset {
            Some(o) => {
                let (line, col) = line_col(&self.text.as_bytes()[..o]);
                Problem::at(self.path, line, col, message)
            }
            None => Problem::file(self.path, message),
        }
    }

    /// At the key `key:` (the first one).
    fn key(&self, key: &str, message: String) -> Problem {
        let offset = self
            .text
            .match_indices(key)
            .map(|(i, _)| i)
            .find(|&i| self.text[i + key.len()..].trim_start().starts_with(':'));
        self.at_offset(offset, message)
    }

    /// Where the column named `name` (the `nth` after the first) starts.
    fn column_offset(&self, name: &str, nth: usize) -> Option<usize> {
        let quoted = format!("{name:?}");
        self.text.match_indices(&quoted).map(|(i, _)| i).nth(nth)
    }

    fn column(&self, name: &str, nth: usize, message: String) -> Problem {
        self.at_offset(self.column_offset(name, nth), message)
    }

    /// At `needle` after the column's name (a map key), else at the column.
    fn after_column(&self, name: &str, nth: usize, needle: &str, message: String) -> Problem {
        let start = self.column_offset(name, nth);
        let found = start.and_then(|s| self.text[s..].find(needle).map(|i| s + i));
        self.at_offset(found.or(start), message)
    }
}

/// Names a profile may have: they name files.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The profile `name`: a file path (with a `/` or ending in `.ron`), else
/// `<dir>/<name>.ron` where there is one, else a shipped profile.
pub fn find(name: &str, dir: &Path) -> Result<Profile, Vec<Problem>> {
    let path = Path::new(name);
    if name.contains('/') || name.ends_with(".ron") {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or(name);
        return load(stem, path);
    }
    if !is_name(name) {
        return Err(vec![Problem::file(
            dir,
            format!("\"{name}\" is no profile name (a-z, 0-9, - and _) nor a .ron file"),
        )]);
    }
    let own = dir.join(format!("{name}.ron"));
    if own.exists() {
        return load(name, &own);
    }
    Profile::shipped(name).ok_or_else(|| {
        vec![Problem::file(
            &own,
            format!(
                "no profile \"{name}\": there is no such file, and the built-in ones are {}",
                SHIPPED.map(|(n, _)| n).join(", ")
            ),
        )]
    })
}

/// The profile in the file at `path`, named `name`.
pub fn load(name: &str, path: &Path) -> Result<Profile, Vec<Problem>> {
    let text = read_text(path).map_err(|p| vec![p])?;
    Profile::parse(name, path, &text)
}

/// Every profile file in `dir` (none when there is no such folder), each
/// loaded and checked.
pub fn all_in(dir: &Path) -> Vec<(PathBuf, Result<Profile, Vec<Problem>>)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_owned();
            let loaded = if is_name(&name) {
                load(&name, &p)
            } else {
                Err(vec![Problem::file(
                    &p,
                    "a profile's file name must use only a-z, 0-9, - and _ (it is the profile's name)",
                )])
            };
            (p, loaded)
        })
        .collect()
}

#[cfg(test)]
mod tests;
