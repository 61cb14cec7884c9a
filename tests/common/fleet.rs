//! Ratings as terminals leave them, for the export, schema and fleet tests:
//! halls and terminals with kiosk.ron's place fields, every level, coded
//! reasons, ratings of items and of the hall as a whole.

#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use kiosk::ratings::reasons::{DEFAULT_VERSION, ReasonEntry, default_entries};
use kiosk::ratings::{Level, Origin, Rating, Reason, Subject, new_id};

pub fn hall_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

pub fn origin(hall: &str, terminal: &str) -> Origin {
    Origin {
        hall_id: hall.into(),
        terminal_id: terminal.into(),
        region_code: Some("430202".into()),
        unit_code: Some("91350100M000100Y43".into()),
        rating_channel: Some("政务大厅其他终端".into()),
        taxonomy_version: DEFAULT_VERSION.into(),
        catalog_version: "4f1485bd9cfc".into(),
    }
}

/// The built-in reason list.
pub fn reasons() -> Vec<Reason> {
    default_entries()
        .into_iter()
        .map(|e| match e {
            ReasonEntry::Coded(r) => r,
            ReasonEntry::Plain(_) => unreachable!("the built-in list is coded"),
        })
        .collect()
}

/// 10:07 hall time on `day`.
pub fn morning(day: NaiveDate) -> DateTime<Utc> {
    hall_offset()
        .from_local_datetime(&day.and_hms_opt(10, 7, 0).unwrap())
        .unwrap()
        .to_utc()
}

pub fn item(code: &str) -> Subject<'_> {
    Subject::Item {
        guide_id: "zhuzhou",
        item_id: code,
        code: Some(code),
        name: "城乡居民基本医疗保险参保登记",
    }
}

pub fn rating(
    origin: &Origin,
    at: DateTime<Utc>,
    subject: Subject<'_>,
    level: Level,
    reasons: &[Reason],
) -> Rating {
    let chosen = if level.is_bad() { reasons } else { &[] };
    Rating::new(new_id(), at, hall_offset(), origin, subject, level, chosen)
}

/// A day of one terminal with every level, every reason of the list spread
/// over its 差评, and a rating of the hall as a whole.
pub fn every_level_and_reason(origin: &Origin, day: NaiveDate) -> Vec<Rating> {
    let reasons = reasons();
    let at = morning(day);
    let mut out: Vec<Rating> = Level::ALL
        .into_iter()
        .map(|l| rating(origin, at, item("002036001001"), l, &[]))
        .collect();
    for chunk in reasons.chunks(3) {
        out.push(rating(
            origin,
            at,
            item("002036001002"),
            Level::VeryDissatisfied,
            chunk,
        ));
        out.push(rating(
            origin,
            at,
            Subject::Hall,
            Level::Dissatisfied,
            chunk,
        ));
    }
    out
}

/// Writes `ratings` as the day file of their day in `dir`, as the log does.
pub fn write_day_file(dir: &Path, ratings: &[Rating]) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let day = ratings[0].day;
    let path = dir.join(format!("{day}.jsonl"));
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .unwrap();
    for r in ratings {
        assert_eq!(r.day, day);
        let mut line = serde_json::to_vec(r).unwrap();
        line.push(b'\n');
        file.write_all(&line).unwrap();
    }
    path
}

/// A kiosk.ron in `dir` for `hall`/`terminal`, its ratings in `r/`, its
/// exports in `e/`, with `extra` fields.
pub fn kiosk_ron(dir: &Path, hall: &str, terminal: &str, extra: &str) -> PathBuf {
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let path = dir.join("kiosk.ron");
    fs::write(
        &path,
        format!(
            "(\n    hall_id: {hall:?},\n    terminal_id: {terminal:?},\n    catalog: {:?},\n    ratings_dir: \"r\",\n    export_dir: \"e\",\n    region_code: \"430202\",\n    unit_code: \"91350100M000100Y43\",\n{extra})\n",
            catalog.display().to_string()
        ),
    )
    .unwrap();
    path
}
