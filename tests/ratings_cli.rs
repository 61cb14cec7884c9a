//! `kiosk export` and `kiosk stats` as the hall staff run them: what they
//! print, what they write, and the message and exit code of every mistake.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use chrono::{DateTime, FixedOffset};
use kiosk::ratings::{Level, Origin, Rating, RatingLog, Reason, Subject, new_id};
use predicates::prelude::*;
use predicates::str::contains;

/// A folder with a kiosk.ron and, on 2026-11-23, one 非常满意 and one
/// 不满意 rating of an item whose name is a formula.
fn hall() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("kiosk.ron"),
        r#"(hall_id: "zz01", terminal_id: "T01", ratings_dir: "r", export_dir: "e")"#,
    )
    .unwrap();
    let (mut log, _) = RatingLog::open(tmp.path().join("r"));
    for (level, reasons) in [
        (Level::VerySatisfied, vec![]),
        (Level::Dissatisfied, vec![Reason::legacy("流程繁琐")]),
    ] {
        let item = ("002036001001", "=1+1");
        append(&mut log, "2026-11-23T02:00:00Z", item, level, &reasons);
    }
    tmp
}

/// Appends a rating of the item `(id, name)` given at `utc` on terminal T01
/// of hall zz01.
fn append(
    log: &mut RatingLog,
    utc: &str,
    (item_id, name): (&str, &str),
    level: Level,
    reasons: &[Reason],
) {
    let origin = Origin {
        hall_id: "zz01".into(),
        terminal_id: "T01".into(),
        catalog_version: "abc123".into(),
        ..Origin::default()
    };
    let subject = Subject::Item {
        guide_id: "zhuzhou",
        item_id,
        code: None,
        name,
    };
    let at = DateTime::parse_from_rfc3339(utc).unwrap().to_utc();
    let offset = FixedOffset::east_opt(8 * 3600).unwrap();
    let rating = Rating::new(new_id(), at, offset, &origin, subject, level, reasons);
    log.append(&rating).unwrap();
}

fn kiosk(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kiosk").unwrap();
    cmd.current_dir(dir).args(["--config", "kiosk.ron"]);
    cmd
}

#[test]
fn export_writes_the_day_into_the_export_folder_and_says_where() {
    let tmp = hall();
    kiosk(tmp.path())
        .args(["export", "--date", "2026-11-23"])
        .assert()
        .success()
        .stdout(contains("2 records of 2026-11-23 written to"))
        .stdout(contains("zz01-T01-2026-11-23.csv"));
    let csv = fs::read(tmp.path().join("e/zz01-T01-2026-11-23.csv")).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with("\u{feff}时间(UTC+08:00),日期,"));
    assert!(text.contains(",'=1+1,非常满意,5,否,,abc123\r\n"));
    assert!(text.contains(",'=1+1,不满意,2,是,流程繁琐,abc123\r\n"));
}

#[test]
fn export_to_standard_output_reports_on_standard_error() {
    let tmp = hall();
    kiosk(tmp.path())
        .args([
            "export",
            "--date",
            "2026-11-23",
            "--format",
            "jsonl",
            "--out",
            "-",
        ])
        .assert()
        .success()
        .stdout(contains(r#""level_label":"不满意""#).and(contains("written").not()))
        .stderr(contains(
            "2 records of 2026-11-23 written to standard output",
        ));
    assert!(!tmp.path().join("e").exists());
}

#[test]
fn export_to_a_device_is_no_error_though_it_cannot_be_synced() {
    // fsync fails on /dev/null and pipes; only a regular file is synced.
    let tmp = hall();
    kiosk(tmp.path())
        .args(["export", "--date", "2026-11-23", "--out", "/dev/null"])
        .assert()
        .success()
        .stdout(contains("2 records of 2026-11-23 written to /dev/null"));
}

#[test]
fn stats_print_counts_and_the_rate_with_its_formula() {
    let tmp = hall();
    kiosk(tmp.path())
        .args([
            "stats",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--by",
            "item",
        ])
        .assert()
        .success()
        .stdout(contains("评价统计 2026-11-01 至 2026-11-30"))
        .stdout(contains("zhuzhou 002036001001 =1+1"))
        .stdout(contains(
            "满意率 = (非常满意+满意+基本满意)/总数 = (1+0+0)/2 = 50.00%",
        ));
}

#[test]
fn damaged_lines_are_warned_about_but_do_not_fail_the_command() {
    let tmp = hall();
    let day = tmp.path().join("r/2026-11-23.jsonl");
    let mut bytes = b"garbage\n".to_vec();
    bytes.extend(fs::read(&day).unwrap());
    fs::write(&day, bytes).unwrap();
    kiosk(tmp.path())
        .args(["stats", "--date", "2026-11-23"])
        .assert()
        .success()
        .stderr(contains(
            "2026-11-23.jsonl:1: skipped a line that is not a rating record",
        ))
        .stdout(contains("= (1+0+0)/2 = 50.00%"));
}

#[test]
fn a_bad_date_is_refused_with_the_expected_form() {
    let tmp = hall();
    for args in [
        ["export", "--date", "2026-11-31"],
        ["stats", "--date", "23.11.2026"],
    ] {
        kiosk(tmp.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("expected a date as YYYY-MM-DD"));
    }
}

#[test]
fn a_two_digit_year_or_a_future_day_is_refused() {
    let tmp = hall();
    kiosk(tmp.path())
        .args(["export", "--date", "26-12-03"])
        .assert()
        .code(2)
        .stderr(contains("expected a date as YYYY-MM-DD"));
    let tomorrow = (chrono::Utc::now() + chrono::Duration::hours(8 + 24)).date_naive();
    for args in [
        ["export", "--date", &tomorrow.to_string()],
        ["stats", "--date", &tomorrow.to_string()],
    ] {
        kiosk(tmp.path())
            .args(args)
            .assert()
            .code(1)
            .stderr(contains(format!("{tomorrow} is in the future")));
    }
}

/// `--out` never replaces a file unless told to, and never a ratings file
/// however it is reached: through a symbolic or a hard link.
#[test]
fn export_out_refuses_existing_files_and_links_to_the_ratings() {
    let tmp = hall();
    let config = fs::read(tmp.path().join("kiosk.ron")).unwrap();
    kiosk(tmp.path())
        .args(["export", "--date", "2026-11-23", "--out", "kiosk.ron"])
        .assert()
        .code(1)
        .stderr(contains(
            "kiosk.ron: refused: the file exists (give --force to replace it)",
        ));
    assert_eq!(fs::read(tmp.path().join("kiosk.ron")).unwrap(), config);

    let day = tmp.path().join("r/2026-11-23.jsonl");
    let before = fs::read(&day).unwrap();
    std::os::unix::fs::symlink(&day, tmp.path().join("soft.csv")).unwrap();
    fs::hard_link(&day, tmp.path().join("hard.csv")).unwrap();
    for link in ["soft.csv", "hard.csv"] {
        kiosk(tmp.path())
            .args(["export", "--date", "2026-11-23", "--force", "--out", link])
            .assert()
            .code(1)
            .stderr(contains(format!("{link}: refused: it is a ratings file")));
    }
    assert_eq!(fs::read(&day).unwrap(), before);

    fs::write(tmp.path().join("old.csv"), "old").unwrap();
    kiosk(tmp.path())
        .args([
            "export",
            "--date",
            "2026-11-23",
            "--force",
            "--out",
            "old.csv",
        ])
        .assert()
        .success();
    assert!(
        fs::read(tmp.path().join("old.csv"))
            .unwrap()
            .starts_with(b"\xEF\xBB\xBF")
    );
}

#[test]
fn a_backwards_or_half_range_is_refused() {
    let tmp = hall();
    kiosk(tmp.path())
        .args(["stats", "--from", "2026-11-24", "--to", "2026-11-23"])
        .assert()
        .code(1)
        .stderr(contains("--from: 2026-11-24 is after --to 2026-11-23"));
    kiosk(tmp.path())
        .args(["stats", "--from", "2026-11-24"])
        .assert()
        .code(2)
        .stderr(contains("--to <TO>"));
    kiosk(tmp.path())
        .args(["stats", "--date", "2026-11-24", "--to", "2026-11-25"])
        .assert()
        .code(2)
        .stderr(contains("cannot be used with"));
}

#[test]
fn an_unwritable_out_is_refused_with_its_path() {
    let tmp = hall();
    kiosk(tmp.path())
        .args([
            "export",
            "--date",
            "2026-11-23",
            "--out",
            "kiosk.ron/day.csv",
        ])
        .assert()
        .code(1)
        .stderr(contains(
            "kiosk.ron/day.csv: cannot use its folder: it is not a folder",
        ));
}

/// Every byte the commands print, as text, checked for control characters
/// other than line breaks: none may reach the staff's terminal.
fn printed(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let raw = text.chars().find(|&c| c.is_control() && c != '\n');
    assert_eq!(raw, None, "a raw control character was printed:\n{text}");
    text
}

/// A ratings folder left by a crash, a careless copy or a prankster: the
/// staff commands report and skip what they cannot read, never wait on a
/// FIFO or a device, keep every good record, and print nothing a record
/// smuggled in that could drive the terminal.
#[test]
fn export_and_stats_skip_a_hostile_folder_in_bounded_time_and_keep_the_good_records() {
    let tmp = hall();
    let r = tmp.path().join("r");
    let (mut log, _) = RatingLog::open(&r);
    let name = "\u{1b}[2J\u{1b}]0;pwned\u{7}清屏";
    append(
        &mut log,
        "2026-11-23T03:00:00Z",
        ("x", name),
        Level::VerySatisfied,
        &[],
    );
    drop(log);
    let day = r.join("2026-11-23.jsonl");
    let mut bytes = fs::read(&day).unwrap();
    bytes.extend_from_slice(b"garbage\n\xff\xfe not UTF-8\n{\"schema\":9}\n");
    bytes.extend(std::iter::repeat_n(b'x', 3 << 20));
    fs::write(&day, bytes).unwrap();
    let fifo = r.join("2026-11-24.jsonl");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", r.join("2026-11-25.jsonl")).unwrap();
    fs::create_dir(r.join("2026-11-26.jsonl")).unwrap();
    let limit = std::time::Duration::from_secs(30);

    let out = kiosk(tmp.path())
        .args([
            "stats",
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-30",
            "--by",
            "item",
        ])
        .timeout(limit)
        .assert()
        .success();
    let (stdout, stderr) = (
        printed(&out.get_output().stdout),
        printed(&out.get_output().stderr),
    );
    assert!(stdout.contains("= (2+0+0)/3 = 66.67%"), "{stdout}");
    assert!(
        stdout.contains(r"zhuzhou x \u{1b}[2J\u{1b}]0;pwned\u{7}清屏"),
        "{stdout}"
    );
    for warning in [
        "2026-11-23.jsonl:4: skipped a line that is not a rating record",
        "2026-11-23.jsonl:5: skipped a line that is not a rating record",
        "2026-11-23.jsonl:6: skipped schema 9",
        "2026-11-23.jsonl:7: skipped a line of 3145728 bytes",
        "2026-11-24.jsonl: skipped the whole file: is not a regular file",
        "2026-11-25.jsonl: skipped the whole file: is not a regular file",
        "2026-11-26.jsonl: skipped the whole file: is not a regular file",
    ] {
        assert!(stderr.contains(warning), "{warning} missing:\n{stderr}");
    }

    let out = kiosk(tmp.path())
        .args([
            "export",
            "--date",
            "2026-11-23",
            "--format",
            "jsonl",
            "--out",
            "-",
        ])
        .timeout(limit)
        .assert()
        .success();
    assert_eq!(printed(&out.get_output().stdout).lines().count(), 3);
    let stderr = printed(&out.get_output().stderr);
    assert!(
        stderr.contains("3 records of 2026-11-23 written to standard output"),
        "{stderr}"
    );
    for date in ["2026-11-24", "2026-11-25"] {
        kiosk(tmp.path())
            .args(["export", "--date", date])
            .timeout(limit)
            .assert()
            .success()
            .stdout(contains(format!("0 records of {date} written to")))
            .stderr(contains("skipped the whole file: is not a regular file"));
    }
}
