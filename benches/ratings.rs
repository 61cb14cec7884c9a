//! `cargo bench --bench ratings`: what a durable append costs, and what
//! exporting a million records costs in time and peak memory — by the
//! native profile, through other profiles (the ratio to native is the
//! target: at most 1.5), as records — beside `jq` turning the same file into
//! CSV where it is installed. Prints figures; asserts nothing about them.
//!
//! `KIOSK_BENCH_RUNS=n` sets how many times each export runs (default 5):
//! the median is printed, with the range. `KIOSK_BENCH_RECORDS=n` exports n
//! records instead of a million, `KIOSK_BENCH_LAYOUTS=native,records` only
//! those (for a profiler).

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
/// How many records the export benchmark writes and exports.
fn exported() -> u64 {
    env_number("KIOSK_BENCH_RECORDS").unwrap_or(1_000_000)
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

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
    for i in 0..exported() {
        serde_json::to_writer(&mut out, &rating(i, now)).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
    drop(out);
    fs::create_dir_all(settings.export_dir()).unwrap();

    let runs = env_number("KIOSK_BENCH_RUNS").unwrap_or(5).max(1);
    let province = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/examples/province.ron");
    let profiles = [
        Profile::shipped("native").unwrap(),
        Profile::shipped("gbt39046").unwrap(),
        ratings::profile::load("province", &province).unwrap(),
    ];
    let only = std::env::var("KIOSK_BENCH_LAYOUTS").ok();
    let layouts: Vec<Layout<'_>> = profiles
        .iter()
        .map(Layout::Profile)
        .chain([Layout::Records])
        .filter(|l| {
            only.as_deref()
                .is_none_or(|o| o.split(',').any(|n| n == name(*l)))
        })
        .collect();
    let before = peak_rss_kb();
    // Round by round, every layout once a round, so a machine that gets
    // busier or quieter meanwhile weighs on all of them alike.
    let mut times: Vec<Vec<Timed>> = vec![Vec::new(); layouts.len()];
    for _ in 0..runs {
        for (layout, times) in layouts.iter().zip(&mut times) {
            times.push(time_export(&settings, day, *layout));
        }
    }
    let native = times[0].clone();
    for (layout, times) in layouts.iter().zip(times) {
        report(&settings, day, *layout, &times, &native);
    }
    println!(
        "peak RSS over all exports: {before} kB before, {} kB after",
        peak_rss_kb()
    );
    jq(&settings.ratings_dir().join(format!("{day}.jsonl")), root);
}

/// An export's wall-clock time, and the CPU time (user and system) it
/// took: on a shared machine the CPU time varies less.
#[derive(Debug, Clone, Copy)]
struct Timed {
    wall: Duration,
    cpu: Duration,
}

/// One export of the day by `layout`, timed.
fn time_export(settings: &Settings, day: NaiveDate, layout: Layout<'_>) -> Timed {
    let output = Output::File {
        path: settings.default_export(day, layout),
        replace: true,
    };
    let (start, cpu) = (Instant::now(), cpu_time());
    let done = ratings::export(
        &settings.sources(),
        day..=day,
        layout,
        settings.offset,
        output,
    )
    .unwrap();
    let timed = Timed {
        wall: start.elapsed(),
        cpu: cpu_time() - cpu,
    };
    assert_eq!(done.records, exported(), "every record exported");
    timed
}

/// The medians and ranges of the wall-clock and CPU times, and the medians
/// of their ratios to the native profile's in the same round.
fn report(
    settings: &Settings,
    day: NaiveDate,
    layout: Layout<'_>,
    times: &[Timed],
    native: &[Timed],
) {
    let spread = |of: &dyn Fn(&Timed) -> Duration| {
        let mut v: Vec<Duration> = times.iter().map(of).collect();
        v.sort();
        let mut ratios: Vec<f64> = times
            .iter()
            .zip(native)
            .map(|(t, n)| of(t).as_secs_f64() / of(n).as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        let n = v.len();
        format!(
            "median {:.2?} ({:.2?} – {:.2?}), {:.2}× native ({:.2} – {:.2})",
            v[n / 2],
            v[0],
            v[n - 1],
            ratios[n / 2],
            ratios[0],
            ratios[n - 1]
        )
    };
    let name = match layout {
        Layout::Profile(p) => format!("profile {}", p.name),
        Layout::Records => "records".into(),
    };
    let size = fs::metadata(settings.default_export(day, layout))
        .unwrap()
        .len();
    println!(
        "export of {} records, {name} ({} MB of {}), {} runs:\n  wall {}\n  CPU  {}",
        exported(),
        size >> 20,
        layout.extension(),
        times.len(),
        spread(&|t| t.wall),
        spread(&|t| t.cpu),
    );
}

fn name(layout: Layout<'_>) -> &str {
    match layout {
        Layout::Profile(p) => &p.name,
        Layout::Records => "records",
    }
}

/// This process's user and system CPU time so far (/proc/self/stat, in
/// clock ticks of 10 ms).
fn cpu_time() -> Duration {
    let stat = fs::read_to_string("/proc/self/stat").unwrap();
    // Fields after the command name, which is in parentheses: utime is the
    // 14th field of the line, stime the 15th.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<u64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .map(|f| f.parse().unwrap())
        .collect();
    Duration::from_millis((fields[0] + fields[1]) * 10)
}

/// The same day file through `jq` to CSV, as a hall without this program
/// might do it; the columns are the export's, without its checks.
fn jq(day_file: &Path, root: &Path) {
    let program = r#"[.time, .day, .hall_id, .terminal_id, .guide_id, .item_id, .item_name,
        .level_label, .level_code, .is_bad, (.reasons | map(.label) | join("；")),
        .catalog_version] | @csv"#;
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
