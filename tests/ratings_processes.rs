//! The log against real processes: appenders killed with SIGKILL at random
//! moments, and two appenders writing one folder at once. The appenders are
//! this test binary itself, re-executed with `APPENDER` set, so no extra
//! binary ships.

use std::collections::{HashMap, HashSet};
use std::env;
use std::hash::{BuildHasher, RandomState};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use chrono::{FixedOffset, NaiveDate, Utc};
use kiosk::ratings::{Level, Origin, Rating, RatingLog, Subject, new_id, records};

/// `DIR|TAG|COUNT`: append COUNT records (0 = until killed) to DIR, with item
/// ids `TAG-0`, `TAG-1`, …
const APPENDER: &str = "KIOSK_TEST_APPENDER";
const CONFIRMED: &str = "appended ";

/// Does nothing in an ordinary test run; in a child, it is the appender.
#[test]
fn appender_child() {
    let Ok(spec) = env::var(APPENDER) else {
        return;
    };
    let mut parts = spec.split('|');
    let (dir, tag, count) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap().parse::<u64>().unwrap(),
    );
    let (mut log, _) = RatingLog::open(dir);
    let origin = Origin {
        hall_id: "hall".into(),
        terminal_id: tag.into(),
        catalog_version: "v".into(),
        ..Origin::default()
    };
    let offset = FixedOffset::east_opt(8 * 3600).unwrap();
    let mut out = std::io::stdout().lock();
    for seq in (0..).take_while(|&s| count == 0 || s < count) {
        // Names of up to 12 KB make many writes span pages, where a kill can
        // cut a write short.
        let name = "事".repeat((seq as usize * 997) % 4000);
        let item_id = format!("{tag}-{seq}");
        let subject = Subject::Item {
            guide_id: "c",
            item_id: &item_id,
            code: None,
            name: &name,
        };
        let r = Rating::new(
            new_id(),
            Utc::now(),
            offset,
            &origin,
            subject,
            Level::Satisfied,
            &[],
        );
        log.append(&r).unwrap();
        // Only now is the record confirmed.
        // One write, after a newline that ends whatever the harness printed.
        out.write_all(format!("\n{CONFIRMED}{item_id}\n").as_bytes())
            .unwrap();
        out.flush().unwrap();
    }
}

fn spawn_appender(dir: &Path, tag: &str, count: u64) -> Child {
    Command::new(env::current_exe().unwrap())
        .args([
            "appender_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(APPENDER, format!("{}|{tag}|{count}", dir.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The item ids a child confirmed, as they arrive.
fn confirmations(child: &mut Child) -> (mpsc::Receiver<String>, thread::JoinHandle<()>) {
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = thread::spawn(move || {
        let mut stdout = BufReader::new(stdout);
        let mut line = String::new();
        while stdout.read_line(&mut line).unwrap() > 0 {
            // A line cut short by the kill confirms nothing.
            let id = line
                .strip_suffix('\n')
                .and_then(|l| l.strip_prefix(CONFIRMED));
            if let Some(id) = id {
                let _ = tx.send(id.to_string());
            }
            line.clear();
        }
    });
    (rx, reader)
}

/// Every record in `dir`, by item id, failing on any line that is not whole.
fn read_back(dir: &Path) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for item in records(dir, NaiveDate::MIN, NaiveDate::MAX).unwrap() {
        let rating = item.unwrap_or_else(|skip| panic!("{skip}"));
        *seen.entry(rating.item_id.unwrap().into()).or_default() += 1;
    }
    seen
}

/// xorshift64: enough to scatter the kills; the seed is printed.
fn random_delays(rounds: usize) -> Vec<Duration> {
    let mut x = RandomState::new().hash_one(0u8) | 1;
    println!("kill delays from seed {x}");
    (0..rounds)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_micros(x % 40_000)
        })
        .collect()
}

#[test]
fn killed_appenders_lose_no_confirmed_record() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut confirmed = HashSet::new();
    let mut repairs = Vec::new();
    for (round, delay) in random_delays(30).into_iter().enumerate() {
        let mut child = spawn_appender(dir, &format!("r{round}"), 0);
        let (rx, reader) = confirmations(&mut child);
        // Kill among the appends, not while the child is starting.
        let first = rx.recv().expect("the appender confirmed nothing");
        thread::sleep(delay);
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        confirmed.insert(first);
        confirmed.extend(rx.try_iter());
        let (_, reports) = RatingLog::open(dir);
        repairs.extend(reports);
    }
    println!(
        "{} records confirmed; {} torn lines quarantined",
        confirmed.len(),
        repairs.len()
    );
    assert!(
        repairs
            .iter()
            .all(|r| r.contains("quarantined a torn last line"))
    );
    let seen = read_back(dir);
    let lost: Vec<_> = confirmed
        .iter()
        .filter(|id| !seen.contains_key(*id))
        .collect();
    assert!(lost.is_empty(), "confirmed but lost: {lost:?}");
    let doubled: Vec<_> = seen.iter().filter(|&(_, &n)| n > 1).collect();
    assert!(doubled.is_empty(), "written twice: {doubled:?}");
}

#[test]
fn two_appenders_on_one_folder_write_only_whole_records() {
    const EACH: u64 = 150;
    let tmp = tempfile::tempdir().unwrap();
    let children: Vec<Child> = ["a", "b"]
        .iter()
        .map(|tag| spawn_appender(tmp.path(), tag, EACH))
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (_, reports) = RatingLog::open(tmp.path());
    assert!(reports.is_empty(), "{reports:?}");
    let seen = read_back(tmp.path());
    assert_eq!(seen.len() as u64, 2 * EACH);
    for tag in ["a", "b"] {
        for seq in 0..EACH {
            assert_eq!(seen.get(&format!("{tag}-{seq}")), Some(&1), "{tag}-{seq}");
        }
    }
}
