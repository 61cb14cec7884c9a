//! The terminal going away, as it does when a window is closed, a cable
//! pulled or a supervisor restarts the terminal emulator: the kiosk ends
//! cleanly (exit 0, one line in its log, no panic report), promptly and
//! without spinning; and a burst of input never holds a key back.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::rawpty::RawKiosk;
use common::{Kiosk, config};

/// Closes the kiosk's terminal and returns how long it took to end and the
/// CPU time (in 1/100 s) it used meanwhile; checks it ended cleanly.
fn close_and_watch(k: &mut RawKiosk, logs: &Path) -> (Duration, u64) {
    let before = k.cpu_ticks().expect("the kiosk runs");
    let closed = Instant::now();
    k.close();
    let mut ticks = before;
    while !k.ended() && closed.elapsed() < Duration::from_secs(30) {
        ticks = k.cpu_ticks().unwrap_or(ticks);
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = closed.elapsed();
    ticks = k.cpu_ticks().unwrap_or(ticks);
    let status = k.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(
        !logs.join("panic.log").exists(),
        "{}",
        fs::read_to_string(logs.join("panic.log")).unwrap_or_default()
    );
    let log = fs::read_to_string(logs.join("kiosk.log")).unwrap();
    let ends: Vec<&str> = log.lines().filter(|l| l.contains(" ended")).collect();
    assert_eq!(ends.len(), 1, "{log}");
    (took, ticks - before)
}

#[test]
fn closing_the_controlling_terminal_is_a_clean_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let mut k = RawKiosk::start(&config(tmp.path()), 80, 24, true);
    k.wait_for("请选择城市或指南");
    let (took, _) = close_and_watch(&mut k, &tmp.path().join("logs"));
    eprintln!("ended {took:?} after its terminal closed (SIGHUP)");
}

/// In a session of its own the kiosk gets no SIGHUP: it must see the
/// hang-up itself, and neither spin nor wait for the next minute's redraw.
#[test]
fn a_terminal_gone_without_sighup_ends_within_a_second_without_spinning() {
    let tmp = tempfile::tempdir().unwrap();
    let mut k = RawKiosk::start(&config(tmp.path()), 80, 24, false);
    k.wait_for("请选择城市或指南");
    let logs = tmp.path().join("logs");
    let (took, ticks) = close_and_watch(&mut k, &logs);
    eprintln!("ended {took:?} after its terminal closed, using {ticks}/100 s of CPU");
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert!(ticks <= 10, "{ticks}/100 s of CPU: it spun");
    let log = fs::read_to_string(logs.join("kiosk.log")).unwrap();
    assert!(
        log.contains("ended: the terminal is gone (the terminal hung up)"),
        "{log}"
    );
}

/// A barcode scanner, a stuck key or a paste sends kilobytes at once; the
/// key after it must take effect when it arrives, not when the next does.
#[test]
fn a_burst_of_input_holds_no_key_back() {
    let tmp = tempfile::tempdir().unwrap();
    let mut k = Kiosk::start(&config(tmp.path()), 80, 24);
    k.wait_for("请选择城市或指南");
    k.send(&"x".repeat(5000));
    std::thread::sleep(Duration::from_millis(500));
    k.send("1");
    let asked = Instant::now();
    k.wait_for("株洲市：请选择部分");
    eprintln!(
        "the key after 5000 bytes took effect in {:?}",
        asked.elapsed()
    );
}
