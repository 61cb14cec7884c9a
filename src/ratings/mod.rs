//! The satisfaction-ratings log (好差评, five levels): the record, the
//! append-only day files, their statistics, the reason list, and the export
//! by profiles that platforms ingest as they are.
//!
//! The screens make a [`Rating`] and [`RatingLog::append`] it; the operator
//! menu and `kiosk stats` / `kiosk export` read the same files through
//! [`stats`] and [`export`], without opening the log for writing — or the
//! files of a whole fleet of terminals ([`Sources::Fleet`]).

mod export;
mod level;
pub mod place;
pub mod profile;
mod read;
pub mod reasons;
mod record;
mod spare;
mod stats;
mod store;
#[cfg(test)]
mod tests;

use std::io;
use std::path::PathBuf;

use chrono::{FixedOffset, NaiveDate, Utc};

pub use export::{ExportError, Exported, Layout, Output, Sources, default_file_name, export};
pub use level::Level;
pub use profile::{Format, Profile};
pub use read::{MAX_LINE, Records, Skipped, Skips, fleet, records};
pub use reasons::{About, Reason, Taxonomy};
pub use record::{HALL_ITEM_NAME, Origin, Rating, SCHEMA, Subject, new_id};
pub use spare::{SPARE_BYTES, Spare, held_lines};
pub use stats::{Group, GroupBy, RATE_FORMULA, Stats, Summary, stats};
pub use store::{Held, QUARANTINE_DIR, RatingLog};

/// Today in the hall, whose day decides the day file and the default export.
pub fn today(offset: FixedOffset) -> NaiveDate {
    Utc::now().with_timezone(&offset).date_naive()
}

/// The files that hold one terminal's ratings: the day files' folder, and
/// the spare file of records held back from it (see [`Spare`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingFiles {
    pub dir: PathBuf,
    pub spare: Option<PathBuf>,
}

impl RatingFiles {
    /// Every record of the days `from..=to`, the held ones included.
    pub fn records(&self, from: NaiveDate, to: NaiveDate) -> io::Result<Records> {
        let records = records(&self.dir, from, to)?;
        Ok(match &self.spare {
            Some(spare) => records.and_held(spare),
            None => records,
        })
    }
}
