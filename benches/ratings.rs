//! `cargo bench --bench ratings`: what a durable append costs, and what
//! exporting a million records costs in time and peak memory — by the
//! native profile, through other profiles (the ratio to native is the
//! target: at most 1.5), as records — beside `jq` turning the same file into
//! CSV where it is installed. Prints figures; asserts nothing about them.
//!
//! `KIOSK_BENCH_RUNS=n` sets how many times each export runs (default 5):
//! the median is printed, with the range.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use kiosk::config::{Config, Settings};
use kiosk::ratings::{
    self, About, Layout, Level, Origin, Output, Profile, Rating, RatingLog, Reason, Subject,
};

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

/// A plausible rating: levels and items vary, names are real-length, a
/// 差评 has a reason.
fn rating(i: u64, now: DateTime<Utc>) -> Rating {
    let origin = Origin {
        hall_id: "zz01".into(),
        terminal_id: "T01".into(),
        region_code: Some("430202".into()),
        unit_code: Some("91350100M000100Y43".into()),
        rating_channel: Some("政务大厅其他终端".into()),
        taxonomy_version: "kiosk-2026.1".into(),
        catalog_version: "3f9a1c".into(),
    };
    let level = Level::ALL[(i % 5) as usize];
    let reasons = if level.is_bad() {
        vec![Reason::new("S05", "窗口空岗、等候时间长", About::Service)]
    } else {
        Vec::new()
    };
    let item_id = format!("0020360010{:02}", i % 40);
    let subject = Subject::Item {
        guide_id: "zhuzhou",
        item_id: &item_id,
        code: Some(&item_id),
        name: "城乡居民基本医疗保险参保登记（含新生儿）",
    };
    let id = format!("00000000-0000-4000-8000-{i:012}");
    Rating::new(id, now, offset(), &origin, subject, level, &reasons)
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
    fs::create_dir_all(settings.export_dir()).unwrap();

    let runs: usize = std::env::var("KIOSK_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let province = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/examples/province.ron");
    let profiles = [
        Profile::shipped("native").unwrap(),
        Profile::shipped("gbt39046").unwrap(),
        ratings::profile::load("province", &province).unwrap(),
    ];
    let before = peak_rss_kb();
    let mut native = None;
    for profile in &profiles {
        let median = time_export(&settings, day, Layout::Profile(profile), runs);
        let base = *native.get_or_insert(median);
        println!(
            "  {:.2}× the native profile's median",
            median.as_secs_f64() / base.as_secs_f64()
        );
    }
    time_export(&settings, day, Layout::Records, runs);
    println!(
        "peak RSS over all exports: {before} kB before, {} kB after",
        peak_rss_kb()
    );
    jq(&settings.ratings_dir().join(format!("{day}.jsonl")), root);
}

/// Exports the day `runs` times by `layout`, prints the median and range,
/// and returns the median.
fn time_export(settings: &Settings, day: NaiveDate, layout: Layout<'_>, runs: usize) -> Duration {
    let path = settings.default_export(day, layout);
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let output = Output::File {
                path: path.clone(),
                replace: true,
            };
            let start = Instant::now();
            let done = ratings::export(
                &settings.sources(),
                day..=day,
                layout,
                settings.offset,
                output,
            )
            .unwrap();
            let elapsed = start.elapsed();
            assert_eq!(done.records, EXPORTED, "every record exported");
            elapsed
        })
        .collect();
    times.sort();
    let name = match layout {
        Layout::Profile(p) => format!("profile {}", p.name),
        Layout::Records => "records".into(),
    };
    let size = fs::metadata(&path).unwrap().len();
    println!(
        "export of {EXPORTED} records, {name} ({} MB of {}): median {:.2?} of {runs} runs ({:.2?} – {:.2?})",
        size >> 20,
        layout.extension(),
        times[runs / 2],
        times[0],
        times[runs - 1]
    );
    times[runs / 2]
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
