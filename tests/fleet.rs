//! Many terminals, many days: `kiosk stats` and `kiosk export` over the
//! files of a fleet, every record counted once however often it is given;
//! and DuckDB, loading the same files with `read_json` and running the
//! README's query, agreeing with `kiosk stats` figure for figure.

#[path = "common/fleet.rs"]
mod fleet;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use chrono::{Duration, NaiveDate};
use kiosk::ratings::{Level, Rating, Subject};

fn kiosk() -> Command {
    Command::cargo_bin("kiosk").unwrap()
}

/// Runs `kiosk` in `dir` (with no kiosk.ron there: every setting a default).
fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let out = kiosk().current_dir(dir).args(args).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(out.status.success(), "{args:?}: {stderr}");
    (stdout, stderr)
}

/// A fleet of `halls` × `terminals` terminals over `days` days from
/// 2026-11-01, as their ratings folders are collected:
/// `<root>/<hall>/<terminal>/ratings/<day>.jsonl`. Returns every record.
fn generate(root: &Path, halls: usize, terminals: usize, days: i64, seed: u64) -> Vec<Rating> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let reasons = fleet::reasons();
    let first: NaiveDate = "2026-11-01".parse().unwrap();
    let items = ["002036001001", "002036001002", "002036004001", "0731-7"];
    let mut all = Vec::new();
    for h in 0..halls {
        for t in 0..terminals {
            let (hall, terminal) = (format!("h{h:02}"), format!("T{t:02}"));
            let origin = fleet::origin(&hall, &terminal);
            let dir = root.join(&hall).join(&terminal).join("ratings");
            for d in 0..days {
                let day = first + Duration::days(d);
                let at = fleet::morning(day);
                let day_ratings: Vec<Rating> = (0..rng.usize(0..30))
                    .map(|_| {
                        // Mostly content, as halls report; a 差评 now and then.
                        let level = Level::ALL[[0, 0, 0, 1, 1, 2, 3, 4][rng.usize(0..8)]];
                        let chosen: Vec<_> = reasons
                            .iter()
                            .filter(|_| rng.u8(0..4) == 0)
                            .cloned()
                            .collect();
                        let subject = match rng.usize(0..6) {
                            0 => Subject::Hall,
                            i => fleet::item(items[i % items.len()]),
                        };
                        fleet::rating(&origin, at, subject, level, &chosen)
                    })
                    .collect();
                if !day_ratings.is_empty() {
                    fleet::write_day_file(&dir, &day_ratings);
                }
                all.extend(day_ratings);
            }
        }
    }
    all
}

/// `kiosk stats --by hall,terminal,day` rows: (hall, terminal, day) →
/// (the five counts, total, 差评, the rate in percent).
type Row = ([u64; 5], u64, u64, f64);

fn stats_rows(stdout: &str) -> BTreeMap<(String, String, String), Row> {
    stdout
        .lines()
        .filter(|l| l.starts_with('h'))
        .map(|l| {
            let t: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(t.len(), 11, "{l}");
            let n = |i: usize| t[i].parse::<u64>().unwrap();
            let terminal = t[1].split_once('/').unwrap().1.to_owned();
            let rate = t[10].trim_end_matches('%').parse().unwrap();
            (
                (t[0].to_owned(), terminal, t[2].to_owned()),
                ([n(3), n(4), n(5), n(6), n(7)], n(8), n(9), rate),
            )
        })
        .collect()
}

/// The 合计 row's total.
fn grand_total(stdout: &str) -> u64 {
    let line = stdout.lines().find(|l| l.starts_with("合计")).unwrap();
    line.split_whitespace().nth(6).unwrap().parse().unwrap()
}

#[test]
fn stats_and_export_over_a_fleet_count_each_record_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("fleet");
    let records = generate(&root, 2, 2, 3, 7);
    let dir = |p: &Path| p.to_str().unwrap().to_owned();
    let (once, _) = run(
        tmp.path(),
        &["stats", &dir(&root), "--by", "hall,terminal,day"],
    );
    assert_eq!(grand_total(&once), records.len() as u64);

    // The same folder twice, one day file again, and a records export of
    // the whole fleet: nothing counts twice.
    let all = tmp.path().join("all.jsonl");
    let (said, _) = run(
        tmp.path(),
        &[
            "export",
            "--format",
            "jsonl",
            "--out",
            &dir(&all),
            &dir(&root),
        ],
    );
    assert!(
        said.contains(&format!(
            "{} records of every day written to",
            records.len()
        )),
        "{said}"
    );
    let one_day = root.join("h00/T00/ratings/2026-11-02.jsonl");
    let (again, note) = run(
        tmp.path(),
        &[
            "stats",
            &dir(&root),
            &dir(&root),
            &dir(&one_day),
            &dir(&all),
            "--by",
            "hall,terminal,day",
        ],
    );
    assert_eq!(stats_rows(&again), stats_rows(&once));
    assert!(
        note.contains("records met more than once (the same id) were counted once"),
        "{note}"
    );

    // A day of the fleet, by a profile, to one file.
    let out = tmp.path().join("day.csv");
    let (said, _) = run(
        tmp.path(),
        &[
            "export",
            "--profile",
            "gbt39046",
            "--date",
            "2026-11-02",
            "--out",
            &dir(&out),
            &dir(&root),
            &dir(&all),
        ],
    );
    let that_day = records
        .iter()
        .filter(|r| r.day.to_string() == "2026-11-02")
        .count();
    assert!(
        said.contains(&format!("{that_day} records of 2026-11-02")),
        "{said}"
    );
    // An export must not land among the files it reads.
    let inside = root.join("h00/x.csv");
    kiosk()
        .current_dir(tmp.path())
        .args(["export", "--out", &dir(&inside), &dir(&root)])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("refused"));
    kiosk()
        .current_dir(tmp.path())
        .args(["export", &dir(&root)])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("give --out FILE"));
}

#[test]
fn schema_1_day_files_read_export_and_count_once_with_their_copies() {
    let tmp = tempfile::tempdir().unwrap();
    // As the program wrote them before records had ids: two visitors who
    // gave the same rating in the same minute are two identical lines.
    let line = r#"{"schema":1,"hall_id":"zz01","terminal_id":"T01","time":"2026-11-23T02:07:00Z","day":"2026-11-23","city_id":"zhuzhou","item_id":"002036001001","item_name":"职工参保登记","level_code":2,"level_label":"不满意","is_bad":true,"reasons":["流程繁琐"],"catalog_version":"abc"}"#;
    let other = line.replace(
        r#""level_code":2,"level_label":"不满意","is_bad":true,"reasons":["流程繁琐"]"#,
        r#""level_code":5,"level_label":"非常满意","is_bad":false,"reasons":[]"#,
    );
    let old = tmp.path().join("old/ratings");
    fs::create_dir_all(&old).unwrap();
    fs::write(
        old.join("2026-11-23.jsonl"),
        format!("{line}\n{line}\n{other}\n"),
    )
    .unwrap();
    let copy = tmp.path().join("copy");
    fs::create_dir_all(&copy).unwrap();
    fs::copy(old.join("2026-11-23.jsonl"), copy.join("2026-11-23.jsonl")).unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_owned();

    let records = tmp.path().join("records.jsonl");
    run(
        tmp.path(),
        &[
            "export",
            "--format",
            "jsonl",
            "--out",
            &s(&records),
            &s(&old),
        ],
    );
    let exported: Vec<Rating> = fs::read_to_string(&records)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(exported.len(), 3);
    assert_ne!(exported[0].id, exported[1].id, "two visitors stay two");
    assert!(exported.iter().all(|r| r.id.starts_with("v1-")));
    assert_eq!(
        exported[0].reasons[0].code,
        kiosk::ratings::reasons::legacy_code("流程繁琐")
    );
    assert_eq!(exported[0].taxonomy_version.as_deref(), Some("legacy"));

    // The old day file, a copy of it, and its export (now schema 2): three.
    let (out, _) = run(tmp.path(), &["stats", &s(&old), &s(&copy), &s(&records)]);
    assert_eq!(grand_total(&out), 3);
    let csv = tmp.path().join("old.csv");
    run(tmp.path(), &["export", "--out", &s(&csv), &s(&old)]);
    let text = fs::read_to_string(&csv).unwrap();
    assert!(text.contains(",不满意,2,是,流程繁琐,abc\r\n"), "{text}");
}

/// The Python with DuckDB: `$KIOSK_PYTHON`, else the venv `.ci/run` makes,
/// else `python3`. `None` (and a message) when it has no duckdb module; under
/// CI=true that fails the test instead.
fn python_with_duckdb() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/duckdb-venv/bin/python");
    let candidates = [
        std::env::var_os("KIOSK_PYTHON").map(PathBuf::from),
        venv.exists().then_some(venv),
        Some(PathBuf::from("python3")),
    ];
    let found = candidates.into_iter().flatten().find(|p| {
        Process::new(p)
            .args(["-c", "import duckdb"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if found.is_none() {
        let why = "no Python with duckdb (README: `pip install duckdb`, as .ci/run does)";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}");
        eprintln!("skipped: {why}");
    }
    found
}

/// The README's query, its `fleet/` made `root`.
fn readme_query(root: &Path) -> String {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("-- 满意率 per hall, terminal and day")
        .expect("the README's query");
    let end = start + readme[start..].find("```").unwrap();
    readme[start..end].replace("'fleet/", &format!("'{}/", root.display()))
}

#[test]
fn duckdb_agrees_with_kiosk_stats_on_a_generated_fleet() {
    let Some(python) = python_with_duckdb() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("fleet");
    let records = generate(&root, 5, 10, 30, 2026);
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    // Duplicates, as a province gets them: a terminal's folder sent twice,
    // and another's records exported beside its day files.
    let twice = root.join("h01/T03-resent/ratings");
    fs::create_dir_all(&twice).unwrap();
    for entry in fs::read_dir(root.join("h01/T03/ratings")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, twice.join(path.file_name().unwrap())).unwrap();
    }
    let exported = tmp.path().join("h02-T04.jsonl");
    run(
        tmp.path(),
        &[
            "export",
            "--format",
            "jsonl",
            "--out",
            &s(&exported),
            &s(&root.join("h02/T04")),
        ],
    );
    fs::rename(&exported, root.join("h02/T04/export.jsonl")).unwrap();

    let (stdout, _) = run(
        tmp.path(),
        &["stats", &s(&root), "--by", "hall,terminal,day"],
    );
    let ours = stats_rows(&stdout);
    assert_eq!(
        grand_total(&stdout),
        records.len() as u64,
        "duplicates counted once"
    );

    let mut child = Process::new(&python)
        .args([
            "-c",
            "import sys, duckdb\nfor row in duckdb.sql(sys.stdin.read()).fetchall():\n    print('\\t'.join(str(x) for x in row))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(readme_query(&root).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: BTreeMap<(String, String, String), Row> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let t: Vec<&str> = l.split('\t').collect();
            assert_eq!(t.len(), 11, "{l}");
            let n = |i: usize| t[i].parse::<u64>().unwrap();
            let rate: f64 = t[10].parse().unwrap();
            (
                (t[0].to_owned(), t[1].to_owned(), t[2].to_owned()),
                ([n(3), n(4), n(5), n(6), n(7)], n(8), n(9), rate * 100.0),
            )
        })
        .collect();
    assert_eq!(ours.len(), theirs.len(), "the same groups");
    let total: u64 = theirs.values().map(|r| r.1).sum();
    assert_eq!(
        total,
        records.len() as u64,
        "DuckDB counts duplicates once too"
    );
    for (key, (counts, total, bad, rate)) in &ours {
        let (d_counts, d_total, d_bad, d_rate) = theirs
            .get(key)
            .unwrap_or_else(|| panic!("{key:?} in DuckDB"));
        assert_eq!((counts, total, bad), (d_counts, d_total, d_bad), "{key:?}");
        // kiosk prints the rate to 0.01 %; DuckDB gives it exactly.
        assert!(
            (rate - d_rate).abs() <= 0.005 + 1e-9,
            "{key:?}: {rate} vs {d_rate}"
        );
    }
}
