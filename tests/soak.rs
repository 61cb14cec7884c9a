//! The soak: the real binary in a pseudo-terminal for ten minutes of
//! scripted visits (keypad navigation, search, ratings, resizes, idle
//! resets), checking that its memory and its open files do not grow.
//!
//! Ignored by plain `cargo test`; CI runs it explicitly in release:
//! `cargo test --locked --release --test soak -- --ignored`. Set
//! `KIOSK_SOAK_SECS` to try it briefly (default 600), and
//! `KIOSK_SOAK_SCALE=20` to run it on the catalog 20 times over (a
//! province's, tests/common/scale.rs; default 1, the shipped one).

mod common;
// Each test file uses part of it.
#[allow(dead_code)]
#[path = "common/scale.rs"]
mod scale;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Kiosk, config, config_for};

/// Kiosk sizes the terminal cycles through: landscape, portrait, small.
const SIZES: [(u16, u16); 4] = [(100, 30), (80, 24), (120, 40), (60, 48)];
/// Allowed growth of resident memory between the first and the last window.
const RSS_MARGIN: f64 = 1.10;
const RSS_SLACK_KB: f64 = 1024.0;

#[derive(Debug, Clone, Copy)]
struct Sample {
    at: Duration,
    rss_kb: u64,
    fds: usize,
}

fn sample(pid: u32, start: Instant) -> Option<Sample> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let rss_kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.count();
    Some(Sample {
        at: start.elapsed(),
        rss_kb,
        fds,
    })
}

/// Samples the child every second on its own thread until `stop`.
fn sampler(pid: u32, stop: Arc<AtomicBool>) -> Arc<Mutex<Vec<Sample>>> {
    let samples = Arc::new(Mutex::new(Vec::new()));
    let out = Arc::clone(&samples);
    let start = Instant::now();
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            if let Some(s) = sample(pid, start) {
                out.lock().unwrap().push(s);
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    samples
}

/// One visitor: keypad to an item and its views, search by initials, a
/// rating on the way home, then 结束本次服务 so the next visit may rate again.
fn visit(k: &mut Kiosk, n: usize) {
    k.wait_for("请选择城市或指南");
    k.send("1");
    k.wait_for("株洲市：请选择部分");
    k.send(&((n % 3) + 1).to_string());
    k.send("1");
    k.wait_for("【受理单位】");
    for view in ["f", "c", "m", "\x1b", "\x1b[6~", "\x1b[6~", "\x1b[5~"] {
        k.send(view);
    }
    k.send("/");
    k.wait_for("请输入拼音或首字母");
    k.send("ydaz");
    k.wait_for("查找：ydaz");
    k.send("1");
    k.wait_for("【受理单位】");
    k.send("\x1b[H");
    k.wait_for("作出评价");
    k.send(&((n % 5) + 1).to_string());
    if n % 5 >= 3 {
        // 不满意 and 非常不满意 ask for reasons first.
        k.send("1");
        k.send("0");
    }
    k.wait_for("感谢您的评价");
    k.send("\r");
    // The label's start: with a province's guides Home pages, and beside
    // the paging buttons the label wraps (结束本次服 / 务 at 80 columns,
    // 结束本 / 次服务 at 60).
    k.tap("结束本");
}

fn mean(samples: &[Sample], f: impl Fn(&Sample) -> f64) -> f64 {
    samples.iter().map(f).sum::<f64>() / samples.len().max(1) as f64
}

#[test]
#[ignore = "ten minutes; run explicitly (see the module comment)"]
fn ten_minutes_of_use_leak_neither_memory_nor_files() {
    let secs: u64 = std::env::var("KIOSK_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let scale: usize = std::env::var("KIOSK_SOAK_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let tmp = tempfile::tempdir().unwrap();
    let (kiosk_ron, catalog) = if scale > 1 {
        let catalog = tmp.path().join("catalog");
        let items = scale::write_catalog(scale, &catalog);
        let what = format!("the catalog {scale}× over ({items} items)");
        (config_for(tmp.path(), &catalog), what)
    } else {
        (config(tmp.path()), "the shipped catalog".to_string())
    };
    let (cols, rows) = SIZES[0];
    let mut k = Kiosk::start(&kiosk_ron, cols, rows);
    let pid = k.child.process_id().expect("a pid");
    let stop = Arc::new(AtomicBool::new(false));
    let samples = sampler(pid, Arc::clone(&stop));
    let start = Instant::now();
    let mut visits = 0;
    while start.elapsed() < Duration::from_secs(secs) {
        visit(&mut k, visits);
        visits += 1;
        // Only the screen matters here; ten minutes of output would pile up.
        k.raw.lock().unwrap().clear();
        let (cols, rows) = SIZES[visits % SIZES.len()];
        k.resize(cols, rows);
        if visits % 4 == 0 {
            // Walk away mid-visit: the idle question, then the reset.
            k.send("1");
            k.wait_for("还需要更多时间吗？");
            k.wait_for("请选择城市或指南");
        }
    }
    stop.store(true, Ordering::Relaxed);
    assert!(k.alive(), "the kiosk ended during the soak");
    let samples = samples.lock().unwrap().clone();

    // The first window starts after a warm-up (caches, the search index
    // touched, the allocator settled); the last one ends the run.
    let warm_up = Duration::from_secs(secs / 10);
    let window = Duration::from_secs((secs / 4).clamp(5, 60));
    let first: Vec<Sample> = samples
        .iter()
        .filter(|s| s.at >= warm_up && s.at < warm_up + window)
        .copied()
        .collect();
    let end = samples.last().map_or(Duration::ZERO, |s| s.at);
    let last: Vec<Sample> = samples
        .iter()
        .filter(|s| s.at + window > end)
        .copied()
        .collect();
    let rss = |w: &[Sample]| mean(w, |s| s.rss_kb as f64);
    let fds = |w: &[Sample]| mean(w, |s| s.fds as f64);
    let ratings = std::fs::read_dir(tmp.path().join("r"))
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|t| t.lines().count())
        .sum::<usize>();
    eprintln!(
        "soak: {secs} s, {catalog}, {visits} visits, {ratings} ratings, {} samples; \
         VmRSS first {:.0} kB, last {:.0} kB (max {} kB); fds first {:.1}, last {:.1}",
        samples.len(),
        rss(&first),
        rss(&last),
        samples.iter().map(|s| s.rss_kb).max().unwrap_or(0),
        fds(&first),
        fds(&last),
    );
    assert!(!first.is_empty() && !last.is_empty(), "too few samples");
    assert_eq!(ratings, visits, "one rating per visit");
    assert!(
        rss(&last) <= rss(&first) * RSS_MARGIN + RSS_SLACK_KB,
        "memory grew"
    );
    assert!(fds(&last) <= fds(&first) + 0.5, "file handles leaked");
}
