//! One rating as stored: a JSON object on one line of its day file, in the
//! layout `schema/rating.schema.json` publishes.
//!
//! The record holds no personal data at all: no name, ID, phone, queue number
//! or free text, and its time only to the minute (finer time would only help
//! to link a rating to CCTV or queue logs).
//!
//! Schema 2 (this program writes it) gives every record a stable `id`, the
//! place the platforms need (行政区划 `region_code`, the unit's
//! 统一社会信用代码 `unit_code`, the terminal's `rating_channel`), the item's
//! platform code, and coded reasons with their list's version. Schema 1
//! records (before) still read: their reasons get their legacy codes and
//! their id is derived from their content (see [`LegacyIds`]).

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike, Utc};
use compact_str::CompactString;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer, de};
use sha2::{Digest, Sha256};

use super::Level;
use super::reasons::{About, LEGACY_VERSION, Reason};

/// The version of the record layout this program writes.
pub const SCHEMA: u32 = 2;

/// The versions this program reads.
pub const SCHEMAS: [u32; 2] = [1, 2];

/// The item name of a rating of the hall as a whole.
pub const HALL_ITEM_NAME: &str = "大厅整体服务";

/// Where ratings come from: fixed for one run of the program.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    pub hall_id: String,
    pub terminal_id: String,
    /// The hall's 行政区划 code, where configured.
    pub region_code: Option<String>,
    /// The hall's unit code (统一社会信用代码), where configured.
    pub unit_code: Option<String>,
    /// How the platform names this terminal's channel (政务大厅其他终端 …).
    pub rating_channel: Option<String>,
    /// The version of the reason list the screens offer.
    pub taxonomy_version: String,
    /// The catalog version the visitor saw (`Catalog::version`).
    pub catalog_version: String,
}

/// What was rated: one item as shown on screen, or the hall as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    Hall,
    Item {
        guide_id: &'a str,
        item_id: &'a str,
        /// The item's platform code (实施编码 / 事项编码), where the catalog
        /// has one: never made up.
        code: Option<&'a str>,
        /// The name as shown, which may differ from a later catalog's.
        name: &'a str,
    },
}

/// One visitor's rating.
///
/// Codes and ids are [`CompactString`]s, held inline up to 24 bytes: an
/// export reads a million records, and a `String` each would be ten
/// allocations a record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "Wire")]
pub struct Rating {
    /// Unique and stable: made once when the rating is made, and kept by
    /// every copy of the record (held, written later, exported).
    pub id: String,
    pub hall_id: CompactString,
    pub terminal_id: CompactString,
    pub region_code: Option<CompactString>,
    pub unit_code: Option<CompactString>,
    pub rating_channel: Option<CompactString>,
    /// UTC, on a whole minute.
    pub time: DateTime<Utc>,
    /// The hall-local day, fixed when the rating is made so that a later
    /// change of the configured offset cannot move old records.
    pub day: NaiveDate,
    pub guide_id: Option<CompactString>,
    /// `None` for the hall as a whole.
    pub item_id: Option<CompactString>,
    pub item_code: Option<CompactString>,
    pub item_name: String,
    pub level: Level,
    /// 差评原因 from the configured list; only for a 差评.
    pub reasons: Vec<Reason>,
    /// The reason list's version; for every 差评, and only for one.
    pub taxonomy_version: Option<CompactString>,
    pub catalog_version: CompactString,
}

/// A new record id: 122 random bits (UUID v4). Random rather than a
/// per-terminal sequence: it needs no counter that a restart, a restored
/// backup, a re-imaged terminal, a full disk or two processes on one folder
/// could set back, and says nothing about the visitor or the time.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Rating {
    pub fn new(
        id: String,
        now: DateTime<Utc>,
        offset: FixedOffset,
        origin: &Origin,
        subject: Subject<'_>,
        level: Level,
        reasons: &[Reason],
    ) -> Rating {
        let (guide_id, item_id, item_code, item_name) = match subject {
            Subject::Hall => (None, None, None, HALL_ITEM_NAME),
            Subject::Item {
                guide_id,
                item_id,
                code,
                name,
            } => (Some(guide_id), Some(item_id), code, name),
        };
        let code = |s: &str| CompactString::from(s);
        Rating {
            id,
            hall_id: code(&origin.hall_id),
            terminal_id: code(&origin.terminal_id),
            region_code: origin.region_code.as_deref().map(code),
            unit_code: origin.unit_code.as_deref().map(code),
            rating_channel: origin.rating_channel.as_deref().map(code),
            time: whole_minute(now),
            day: now.with_timezone(&offset).date_naive(),
            guide_id: guide_id.map(code),
            item_id: item_id.map(code),
            item_code: item_code.map(code),
            item_name: item_name.to_owned(),
            level,
            reasons: reasons.to_vec(),
            taxonomy_version: level.is_bad().then(|| code(&origin.taxonomy_version)),
            catalog_version: code(&origin.catalog_version),
        }
    }

    /// Why this record must not be stored, if it must not: the fields are
    /// public, so a hand-made record is checked before it is written.
    pub fn problem(&self) -> Option<String> {
        if self.id.is_empty() {
            return Some("the record has no id".into());
        }
        self.content_problem()
    }

    /// [`Rating::problem`] but for the id, which a schema 1 record gets from
    /// its reader.
    fn content_problem(&self) -> Option<String> {
        if self.time != whole_minute(self.time) {
            return Some(format!("time {} is not on a whole minute", self.time));
        }
        if !self.level.is_bad() && (!self.reasons.is_empty() || self.taxonomy_version.is_some()) {
            return Some(format!(
                "reasons given for {}, not a 差评",
                self.level.label()
            ));
        }
        if self.level.is_bad() && self.taxonomy_version.is_none() {
            return Some("a 差评 without the version of its reason list".into());
        }
        let codes = self.reasons.iter().map(|r| &r.code);
        if codes
            .clone()
            .enumerate()
            .any(|(i, c)| codes.clone().take(i).any(|e| e == c))
        {
            return Some("a reason is given twice".into());
        }
        None
    }
}

fn whole_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(0)
        .and_then(|t| t.with_second(0))
        .expect("every minute has a second 0")
}

/// The record as written (schema 2). The level's code, label and 差评 flag
/// are all stored so that a person reading the file, or another tool, needs
/// no table; on reading they must agree. Borrowed field by field: exports
/// write a million of these.
impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut w = s.serialize_struct("Rating", 19)?;
        w.serialize_field("schema", &SCHEMA)?;
        w.serialize_field("id", &self.id)?;
        w.serialize_field("hall_id", &self.hall_id)?;
        w.serialize_field("terminal_id", &self.terminal_id)?;
        w.serialize_field("region_code", &self.region_code)?;
        w.serialize_field("unit_code", &self.unit_code)?;
        w.serialize_field("rating_channel", &self.rating_channel)?;
        w.serialize_field("time", &self.time)?;
        w.serialize_field("day", &self.day)?;
        w.serialize_field("guide_id", &self.guide_id)?;
        w.serialize_field("item_id", &self.item_id)?;
        w.serialize_field("item_code", &self.item_code)?;
        w.serialize_field("item_name", &self.item_name)?;
        w.serialize_field("level_code", &self.level.code())?;
        w.serialize_field("level_label", self.level.label())?;
        w.serialize_field("is_bad", &self.level.is_bad())?;
        let reasons: Vec<ReasonOut<'_>> = self.reasons.iter().map(ReasonOut::from).collect();
        w.serialize_field("reasons", &reasons)?;
        w.serialize_field("taxonomy_version", &self.taxonomy_version)?;
        w.serialize_field("catalog_version", &self.catalog_version)?;
        w.end()
    }
}

/// A reason as written.
#[derive(Serialize)]
struct ReasonOut<'a> {
    code: &'a str,
    label: &'a str,
    about: &'static str,
}

impl<'a> From<&'a Reason> for ReasonOut<'a> {
    fn from(r: &'a Reason) -> ReasonOut<'a> {
        ReasonOut {
            code: &r.code,
            label: &r.label,
            about: r.about.as_str(),
        }
    }
}

/// A reason as read: coded (schema 2) or a bare label (schema 1). Told
/// apart by its JSON type, not by trying each form (serde's untagged
/// buffers every reason of a million records).
enum WireReason {
    Coded(CodedReason),
    Label(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodedReason {
    code: String,
    label: String,
    about: String,
}

impl<'de> Deserialize<'de> for WireReason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<WireReason, D::Error> {
        struct Either;
        impl<'de> de::Visitor<'de> for Either {
            type Value = WireReason;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a reason: {code, label, about} or (schema 1) a label")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<WireReason, E> {
                Ok(WireReason::Label(v.to_owned()))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<WireReason, A::Error> {
                CodedReason::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(WireReason::Coded)
            }
        }
        d.deserialize_any(Either)
    }
}

/// Either schema as read: the fields of the other are absent.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    schema: u32,
    #[serde(default)]
    id: Option<String>,
    hall_id: CompactString,
    terminal_id: CompactString,
    #[serde(default)]
    region_code: Option<CompactString>,
    #[serde(default)]
    unit_code: Option<CompactString>,
    #[serde(default)]
    rating_channel: Option<CompactString>,
    time: DateTime<Utc>,
    day: NaiveDate,
    /// Schema 1's name of `guide_id`.
    #[serde(default)]
    city_id: Option<CompactString>,
    #[serde(default)]
    guide_id: Option<CompactString>,
    item_id: Option<CompactString>,
    #[serde(default)]
    item_code: Option<CompactString>,
    item_name: String,
    level_code: u8,
    level_label: CompactString,
    is_bad: bool,
    reasons: Vec<WireReason>,
    #[serde(default)]
    taxonomy_version: Option<CompactString>,
    catalog_version: CompactString,
}

impl TryFrom<Wire> for Rating {
    type Error = String;

    fn try_from(w: Wire) -> Result<Rating, String> {
        let level = Level::from_code(w.level_code)
            .ok_or_else(|| format!("level_code {} is not 1 to 5", w.level_code))?;
        if w.level_label != level.label() || w.is_bad != level.is_bad() {
            return Err(format!(
                "level_code {} does not match level_label \"{}\" and is_bad {}",
                w.level_code, w.level_label, w.is_bad
            ));
        }
        let legacy = match w.schema {
            1 => true,
            2 => false,
            other => return Err(wrong_schema(other)),
        };
        let reasons = w
            .reasons
            .into_iter()
            .map(|r| match (r, legacy) {
                (WireReason::Label(label), true) => Ok(Reason::legacy(&label)),
                (WireReason::Coded(CodedReason { code, label, about }), false) => {
                    match About::parse(&about) {
                        Some(about) => Ok(Reason { code, label, about }),
                        None => Err(format!(
                            "reason {code}: about \"{about}\" is not service, item or other"
                        )),
                    }
                }
                _ => Err(format!("reasons not of the form of schema {}", w.schema)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let v2_only = w.id.is_some()
            || w.region_code.is_some()
            || w.unit_code.is_some()
            || w.rating_channel.is_some()
            || w.guide_id.is_some()
            || w.item_code.is_some()
            || w.taxonomy_version.is_some();
        let (id, taxonomy_version) = if legacy {
            if v2_only {
                return Err("a schema 1 record with fields of schema 2".into());
            }
            // The id is given by the reader (it knows the line).
            (String::new(), level.is_bad().then(|| LEGACY_VERSION.into()))
        } else {
            if w.city_id.is_some() {
                return Err("a schema 2 record with city_id (schema 2 calls it guide_id)".into());
            }
            match w.id {
                Some(id) if !id.is_empty() => (id, w.taxonomy_version),
                _ => return Err("a schema 2 record without an id".into()),
            }
        };
        let rating = Rating {
            id,
            hall_id: w.hall_id,
            terminal_id: w.terminal_id,
            region_code: w.region_code,
            unit_code: w.unit_code,
            rating_channel: w.rating_channel,
            time: w.time,
            day: w.day,
            guide_id: w.guide_id.or(w.city_id),
            item_id: w.item_id,
            item_code: w.item_code,
            item_name: w.item_name,
            level,
            reasons,
            taxonomy_version,
            catalog_version: w.catalog_version,
        };
        match rating.content_problem() {
            Some(p) => Err(p),
            None => Ok(rating),
        }
    }
}

pub(super) fn wrong_schema(schema: u32) -> String {
    format!("schema {schema} (this program reads schemas 1 and 2)")
}

/// The schema of a line that did not parse as a record, when it names one:
/// a newer layout fails on its new fields before its version is checked.
pub(super) fn schema_of(line: &[u8]) -> Option<u32> {
    #[derive(Deserialize)]
    struct Probe {
        schema: u32,
    }
    serde_json::from_slice::<Probe>(line).ok().map(|p| p.schema)
}

/// Ids for the schema 1 records of one file, which have none of their own:
/// `v1-` the first 16 bytes of the SHA-256 of the line, in hex (see
/// [`parse_line`]), and `-k` for the k-th line of that content in the file
/// (see [`LegacyIds::number`]). A day file and a copy or an export of it
/// give every record the same id; two identical ratings in one minute (two
/// visitors) stay two.
#[derive(Debug, Default)]
pub(super) struct LegacyIds {
    seen: HashMap<String, u32>,
}

impl LegacyIds {
    /// The id of the next line whose content hashes to `base`.
    pub(super) fn number(&mut self, base: &str) -> String {
        let k = self.seen.entry(base.to_owned()).or_insert(0);
        *k += 1;
        format!("{base}-{k}")
    }
}

/// `v1-` and the line's hash, the start of a schema 1 record's id.
fn legacy_base(line: &[u8]) -> String {
    let digest = Sha256::digest(line.trim_ascii());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("v1-{hex}")
}

/// A line of a ratings file as a record, of either schema, and whether it is
/// of schema 1: its id is then only its content's (see [`LegacyIds`]).
pub(super) fn parse_line(line: &[u8]) -> Result<(Rating, bool), String> {
    // The line checked as UTF-8 at once (mostly ASCII: fast) rather than
    // string by string, which for Chinese text costs most of a parse.
    let text = std::str::from_utf8(line)
        .map_err(|e| format!("a line that is not a rating record: {e}"))?;
    match serde_json::from_str::<Rating>(text) {
        Ok(mut r) => {
            let legacy = r.id.is_empty();
            if legacy {
                r.id = legacy_base(line);
            }
            Ok((r, legacy))
        }
        Err(e) => Err(match schema_of(line) {
            Some(schema) if !SCHEMAS.contains(&schema) => wrong_schema(schema),
            _ => format!("a line that is not a rating record: {e}"),
        }),
    }
}
