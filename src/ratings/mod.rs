//! The satisfaction-ratings log (好差评, five levels): the record, the
//! append-only day files, their statistics and the daily export.
//!
//! The screens make a [`Rating`] and [`RatingLog::append`] it; the operator
//! menu and `kiosk stats` / `kiosk export` read the same files through
//! [`stats`] and [`export`], without opening the log for writing.

mod export;
mod level;
mod read;
mod record;
mod stats;
mod store;
#[cfg(test)]
mod tests;

use chrono::{FixedOffset, NaiveDate, Utc};

pub use export::{ExportError, Exported, Format, Output, default_path, export};
pub use level::Level;
pub use read::{MAX_LINE, Records, Skipped, Skips, records};
pub use record::{HALL_ITEM_NAME, Origin, Rating, SCHEMA, Subject};
pub use stats::{Group, GroupBy, RATE_FORMULA, Stats, Summary, stats};
pub use store::{QUARANTINE_DIR, RatingLog};

/// Today in the hall, whose day decides the day file and the default export.
pub fn today(offset: FixedOffset) -> NaiveDate {
    Utc::now().with_timezone(&offset).date_naive()
}
