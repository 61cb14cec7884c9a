//! One rating as stored: a JSON object on one line of its day file.
//!
//! The record holds no personal data at all: no name, ID, phone, queue number
//! or free text, and its time only to the minute (finer time would only help
//! to link a rating to CCTV or queue logs).

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::Level;

/// The version of the record layout below; records of another version are
/// reported and skipped, never guessed at.
pub const SCHEMA: u32 = 1;

/// The item name of a rating of the hall as a whole.
pub const HALL_ITEM_NAME: &str = "大厅整体服务";

/// Where ratings come from: fixed for one run of the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub hall_id: String,
    pub terminal_id: String,
    /// The catalog version the visitor saw (`Catalog::version`).
    pub catalog_version: String,
}

/// What was rated: one item as shown on screen, or the hall as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    Hall,
    Item {
        city_id: &'a str,
        item_id: &'a str,
        /// The name as shown, which may differ from a later catalog's.
        name: &'a str,
    },
}

/// One visitor's rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Wire", try_from = "Wire")]
pub struct Rating {
    pub hall_id: String,
    pub terminal_id: String,
    /// UTC, on a whole minute.
    pub time: DateTime<Utc>,
    /// The hall-local day, fixed when the rating is made so that a later
    /// change of the configured offset cannot move old records.
    pub day: NaiveDate,
    pub city_id: Option<String>,
    /// `None` for the hall as a whole.
    pub item_id: Option<String>,
    pub item_name: String,
    pub level: Level,
    /// 差评原因 tags from the configured list; only for a 差评.
    pub reasons: Vec<String>,
    pub catalog_version: String,
}

impl Rating {
    pub fn new(
        now: DateTime<Utc>,
        offset: FixedOffset,
        origin: &Origin,
        subject: Subject<'_>,
        level: Level,
        reasons: &[String],
    ) -> Rating {
        let (city_id, item_id, item_name) = match subject {
            Subject::Hall => (None, None, HALL_ITEM_NAME),
            Subject::Item {
                city_id,
                item_id,
                name,
            } => (Some(city_id.to_owned()), Some(item_id.to_owned()), name),
        };
        Rating {
            hall_id: origin.hall_id.clone(),
            terminal_id: origin.terminal_id.clone(),
            time: whole_minute(now),
            day: now.with_timezone(&offset).date_naive(),
            city_id,
            item_id,
            item_name: item_name.to_owned(),
            level,
            reasons: reasons.to_vec(),
            catalog_version: origin.catalog_version.clone(),
        }
    }

    /// Why this record must not be stored, if it must not: the fields are
    /// public, so a hand-made record is checked before it is written.
    pub fn problem(&self) -> Option<String> {
        if self.time != whole_minute(self.time) {
            return Some(format!("time {} is not on a whole minute", self.time));
        }
        if !self.reasons.is_empty() && !self.level.is_bad() {
            return Some(format!(
                "reasons given for {}, not a 差评",
                self.level.label()
            ));
        }
        None
    }
}

fn whole_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(0)
        .and_then(|t| t.with_second(0))
        .expect("every minute has a second 0")
}

/// The record as it is on disk. The level's code, label and 差评 flag are all
/// stored so that a person reading the file, or another tool, needs no table;
/// on reading they must agree.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    schema: u32,
    hall_id: String,
    terminal_id: String,
    time: DateTime<Utc>,
    day: NaiveDate,
    city_id: Option<String>,
    item_id: Option<String>,
    item_name: String,
    level_code: u8,
    level_label: String,
    is_bad: bool,
    reasons: Vec<String>,
    catalog_version: String,
}

impl From<Rating> for Wire {
    fn from(r: Rating) -> Wire {
        Wire {
            schema: SCHEMA,
            hall_id: r.hall_id,
            terminal_id: r.terminal_id,
            time: r.time,
            day: r.day,
            city_id: r.city_id,
            item_id: r.item_id,
            item_name: r.item_name,
            level_code: r.level.code(),
            level_label: r.level.label().to_owned(),
            is_bad: r.level.is_bad(),
            reasons: r.reasons,
            catalog_version: r.catalog_version,
        }
    }
}

impl TryFrom<Wire> for Rating {
    type Error = String;

    fn try_from(w: Wire) -> Result<Rating, String> {
        if w.schema != SCHEMA {
            return Err(wrong_schema(w.schema));
        }
        let level = Level::from_code(w.level_code)
            .ok_or_else(|| format!("level_code {} is not 1 to 5", w.level_code))?;
        if w.level_label != level.label() || w.is_bad != level.is_bad() {
            return Err(format!(
                "level_code {} does not match level_label \"{}\" and is_bad {}",
                w.level_code, w.level_label, w.is_bad
            ));
        }
        let rating = Rating {
            hall_id: w.hall_id,
            terminal_id: w.terminal_id,
            time: w.time,
            day: w.day,
            city_id: w.city_id,
            item_id: w.item_id,
            item_name: w.item_name,
            level,
            reasons: w.reasons,
            catalog_version: w.catalog_version,
        };
        match rating.problem() {
            Some(p) => Err(p),
            None => Ok(rating),
        }
    }
}

pub(super) fn wrong_schema(schema: u32) -> String {
    format!("schema {schema} (this program reads schema {SCHEMA})")
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
