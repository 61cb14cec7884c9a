//! The satisfaction-ratings log (好差评, five levels): the record and the
//! append-only day files.
//!
//! The screens make a [`Rating`] and [`RatingLog::append`] it; readers go
//! through [`records`], without opening the log for writing.

mod level;
mod read;
mod record;
mod store;
#[cfg(test)]
mod tests;

use chrono::{FixedOffset, NaiveDate, Utc};

pub use level::Level;
pub use read::{MAX_LINE, Records, Skipped, Skips, records};
pub use record::{HALL_ITEM_NAME, Origin, Rating, SCHEMA, Subject};
pub use store::{QUARANTINE_DIR, RatingLog};

/// Today in the hall, whose day decides the day file and the default export.
pub fn today(offset: FixedOffset) -> NaiveDate {
    Utc::now().with_timezone(&offset).date_naive()
}
