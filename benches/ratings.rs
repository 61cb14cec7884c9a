//! `cargo bench --bench ratings`: what a durable append costs, and what
//! exporting a million records costs in time and peak memory, beside `jq`
//! turning the same file into CSV where it is installed. Prints figures;
//! asserts nothing about them.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Utc};
use kiosk::config::{Config, Settings};
use kiosk::ratings::{self, Format, Level, Origin, Output, Rating, RatingLog, Subject};

const APPENDS: usize = 2_000;
const EXPORTED: u64 = 1_000_000;

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    append_latency(&tmp.path().join("appends"));
    export_a_million(tmp.path());
}

fn offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

/// A plausible rating: levels and items vary, names are real-length.
fn rating(i: u64, now: DateTime<Utc>) -> Rating {
    let origin = Origin {
        hall_id: "zz01".into(),
        terminal_id: "T01".into(),
        catalog_version: "3f9a1c".into(),
    };
    let level = Level::ALL[(i % 5) as usize];
    let reasons = if level.is_bad() {
        vec!["等候时间长".to_string()]
    } else {
        Vec::new()
    };
    let item_id = format!("0020360010{:02}", i % 40);
    let subject = Subject::Item {
        city_id: "zhuzhou",
        item_id: &item_id,
        name: "城乡居民基本医疗保险参保登记（含新生儿）",
    };
    Rating::new(now, offset(), &origin, subject, level, &reasons)
}

fn append_latency(dir: &Path) {
    let (mut log, _) = RatingLog::open(dir);
    let now = Utc::now();
    let mut times: Vec<Duration> = (0..APPENDS as u64)
        .map(|i| {
            let r = rating(i, now);
            let start = Instant::now();
            log.append(&r).unwrap();
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "append with fsync, {APPENDS} records: median {:.2?}, p99 {:.2?}, max {:.2?}",
        times[APPENDS / 2],
        times[APPENDS * 99 / 100],
        times[APPENDS - 1]
    );
}

fn export_a_million(root: &Path) {
    let settings = Settings::new(Config {
        ratings_dir: root.join("r"),
        export_dir: root.join("e"),
        ..Config::default()
    })
    .expect("a valid config");
    let now = DateTime::parse_from_rfc3339("2026-11-23T02:00:00Z")
        .unwrap()
        .to_utc();
    let day = now.with_timezone(&offset()).date_naive();
    // Written straight to the day file: a million fsyncs would take an hour
    // and measure nothing new.
    fs::create_dir_all(settings.ratings_dir()).unwrap();
    let file = File::create(settings.ratings_dir().join(format!("{day}.jsonl"))).unwrap();
    let mut out = BufWriter::new(file);
    for i in 0..EXPORTED {
        serde_json::to_writer(&mut out, &rating(i, now)).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
    drop(out);

    let before = peak_rss_kb();
    let start = Instant::now();
    fs::create_dir_all(settings.export_dir()).unwrap();
    let output = Output::File {
        path: settings.default_export(day, Format::Csv),
        replace: true,
    };
    let files = settings.rating_files();
    let done = ratings::export(&files, day, Format::Csv, settings.offset, output).unwrap();
    let elapsed = start.elapsed();
    let after = peak_rss_kb();
    let size = fs::metadata(done.path.unwrap()).unwrap().len();
    assert_eq!(done.records, EXPORTED, "every record exported");
    println!(
        "export of {EXPORTED} records to CSV ({} MB): {elapsed:.2?}; peak RSS {before} kB before, {after} kB after",
        size >> 20
    );
    jq(&settings.ratings_dir().join(format!("{day}.jsonl")), root);
}

/// The same day file through `jq` to CSV, as a hall without this program
/// might do it; the columns are the export's, without its checks.
fn jq(day_file: &Path, root: &Path) {
    let program = r#"[.time, .day, .hall_id, .terminal_id, .city_id, .item_id, .item_name,
        .level_label, .level_code, .is_bad, (.reasons | join("；")), .catalog_version] | @csv"#;
    let out = File::create(root.join("jq.csv")).unwrap();
    let start = Instant::now();
    match Command::new("jq")
        .args(["-r", program])
        .arg(day_file)
        .stdout(out)
        .status()
    {
        Ok(status) if status.success() => {
            println!(
                "jq -r '[…] | @csv' on the same file: {:.2?}",
                start.elapsed()
            )
        }
        Ok(status) => println!("jq failed: {status}"),
        Err(_) => println!("jq is not installed, not compared"),
    }
}

/// VmHWM: the process's peak resident set so far.
fn peak_rss_kb() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}
