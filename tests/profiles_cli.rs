//! `kiosk export --profile` and `kiosk check` of export profiles, as a hall
//! runs them: GB/T 39046's columns and codes, the README's worked example
//! of a province's interface, and a broken profile pointed at.

#[path = "common/fleet.rs"]
mod fleet;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use chrono::NaiveDate;
use predicates::str::contains;

fn kiosk(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kiosk").unwrap();
    cmd.current_dir(dir).args(["--config", "kiosk.ron"]);
    cmd
}

fn day() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

/// A hall whose terminal rated `day()` with every level and every reason.
fn hall(extra: &str) -> (tempfile::TempDir, Vec<kiosk::ratings::Rating>) {
    let tmp = tempfile::tempdir().unwrap();
    fleet::kiosk_ron(tmp.path(), "zz01", "T01", extra);
    let ratings = fleet::every_level_and_reason(&fleet::origin("zz01", "T01"), day());
    fleet::write_day_file(&tmp.path().join("r"), &ratings);
    (tmp, ratings)
}

/// GB/T 39046-2020, 政务服务绩效评价基础数据集: its fields, and its
/// 满意度代码 table — written out here from the standard, not from the
/// profile under test.
const GBT39046_FIELDS: [&str; 9] = [
    "办件编号",
    "评价渠道",
    "评价人",
    "评价时间",
    "评价次数",
    "满意度",
    "满意度代码",
    "文字评价",
    "行政区划",
];
const GBT39046_CODES: [(&str, &str); 5] = [
    ("非常满意", "1"),
    ("满意", "2"),
    ("基本满意", "3"),
    ("不满意", "4"),
    ("非常不满意", "5"),
];

#[test]
fn gbt39046_export_writes_exactly_the_standards_columns_codes_and_times() {
    let (tmp, ratings) = hall("");
    let out = kiosk(tmp.path())
        .args([
            "export",
            "--profile",
            "gbt39046",
            "--date",
            "2026-11-23",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = out.stdout;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
    assert!(bytes.ends_with(b"\r\n"), "CRLF");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, GBT39046_FIELDS);
    let rows: Vec<BTreeMap<String, String>> = reader.deserialize().map(Result::unwrap).collect();
    assert_eq!(rows.len(), ratings.len());
    let codes: BTreeMap<&str, &str> = GBT39046_CODES.into_iter().collect();
    let mut seen_levels = BTreeSet::new();
    for row in &rows {
        let label = row["满意度"].as_str();
        assert_eq!(row["满意度代码"], codes[label], "{label}");
        seen_levels.insert(label.to_owned());
        // YYYYMMDDThhmmss, the hall's local time of 10:07.
        let time = &row["评价时间"];
        assert!(
            time.len() == 15
                && time.as_bytes()[8] == b'T'
                && time
                    .bytes()
                    .enumerate()
                    .all(|(i, b)| i == 8 || b.is_ascii_digit()),
            "{time}"
        );
        assert_eq!(time, "20261123T100700");
        assert_eq!(row["评价渠道"], "政务大厅其他终端");
        assert_eq!(row["行政区划"], "430202");
        assert_eq!(row["评价次数"], "1");
        assert_eq!((row["评价人"].as_str(), row["文字评价"].as_str()), ("", ""));
        assert!(row["办件编号"].len() <= 50, "an..50");
    }
    assert_eq!(seen_levels.len(), 5, "every level");
    let ids: BTreeSet<&str> = rows.iter().map(|r| r["办件编号"].as_str()).collect();
    let expected: BTreeSet<&str> = ratings.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, expected);
}

#[test]
fn the_readme_example_profile_passes_check_and_exports() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/examples/province.ron");
    let text = fs::read_to_string(&example).unwrap();
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&text),
        "the README shows the example file as it is"
    );

    let (tmp, ratings) = hall("    export_profile: \"hunan\",\n");
    fs::create_dir(tmp.path().join("profiles")).unwrap();
    fs::copy(&example, tmp.path().join("profiles/hunan.ron")).unwrap();
    kiosk(tmp.path())
        .arg("check")
        .assert()
        .success()
        .stdout(contains(
            "export profile: hunan; profile files in profiles: hunan",
        ));
    kiosk(tmp.path())
        .args(["export", "--date", "2026-11-23"])
        .assert()
        .success()
        .stdout(contains("zz01-T01-2026-11-23.hunan.jsonl"));
    let written = fs::read_to_string(tmp.path().join("e/zz01-T01-2026-11-23.hunan.jsonl")).unwrap();
    let rows: Vec<serde_json::Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), ratings.len());
    for (row, r) in rows.iter().zip(&ratings) {
        assert_eq!(row["areaCode"], "430202");
        assert_eq!(row["deptCode"], "91350100M000100Y43");
        assert_eq!(row["projectNo"], r.id.as_str());
        assert_eq!(row["pf"], 5);
        // The province counts as the record does: 5 = 非常满意.
        assert_eq!(row["satisfaction"], r.level.code());
        assert_eq!(row["assessTime"], "2026-11-23 10:07:00");
        assert_eq!(row["assessNumber"], 1);
        let codes: Vec<&str> = r.reasons.iter().map(|x| x.code.as_str()).collect();
        let detail = row["evalDetail"].as_str().unwrap();
        assert_eq!(
            detail.split(',').filter(|s| !s.is_empty()).count(),
            codes.len()
        );
        assert!(
            detail
                .split(',')
                .filter(|s| !s.is_empty())
                .all(|c| c.len() == 4 && c.starts_with('0'))
        );
    }
}

#[test]
fn check_points_at_every_problem_of_a_halls_profile() {
    let (tmp, _) = hall("    export_profile: \"bad\",\n");
    fs::create_dir(tmp.path().join("profiles")).unwrap();
    fs::write(
        tmp.path().join("profiles/bad.ron"),
        "(\n    format: Csv,\n    time_format: \"%Y-%m-%d %H:%M:%L\",\n    columns: [\n        (name: \"satisfaction\", field: level_code, map: {\"5\": \"1\", \"4\": \"2\"}),\n        (name: \"pf\", field: rating_channel, map: {\"自助终端\": \"5\"}),\n    ],\n)\n",
    )
    .unwrap();
    let out = kiosk(tmp.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("profiles/bad.ron:3:5: bad time format \"%Y-%m-%d %H:%M:%L\""),
        "{stderr}"
    );
    for level in ["3 基本满意", "2 不满意", "1 非常不满意"] {
        assert!(
            stderr.contains(&format!(
                "profiles/bad.ron:5:16: column \"satisfaction\": unmapped level {level}"
            )),
            "{stderr}"
        );
    }
    fs::write(
        tmp.path().join("profiles/bad.ron"),
        "(format: Csv, columns: [\n  (name: \"pf\", field: rating_channel, map: {\"自助终端\": \"5\"}),\n  (name: \"x\", field: satisfaction),\n])\n",
    )
    .unwrap();
    let out = kiosk(tmp.path()).arg("check").output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("profiles/bad.ron:3:"),
        "unknown source field located: {stderr}"
    );
    assert!(stderr.contains("satisfaction"), "{stderr}");
    fs::write(
        tmp.path().join("profiles/bad.ron"),
        "(format: Csv, columns: [\n  (name: \"pf\", field: rating_channel, map: {\"自助终端\": \"5\"}),\n])\n",
    )
    .unwrap();
    let out = kiosk(tmp.path()).arg("check").output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("profiles/bad.ron:2:10: column \"pf\": this terminal's rating_channel \"政务大厅其他终端\" has no entry in its map"),
        "{stderr}"
    );
    kiosk(tmp.path())
        .args(["export", "--profile", "nope", "--date", "2026-11-23"])
        .assert()
        .code(1)
        .stderr(contains("no profile \"nope\""));
}

#[test]
fn export_without_options_uses_the_profile_kiosk_ron_names() {
    let (tmp, _) = hall("    export_profile: \"gbt39046\",\n");
    kiosk(tmp.path())
        .args(["export", "--date", "2026-11-23"])
        .assert()
        .success()
        .stdout(contains("zz01-T01-2026-11-23.gbt39046.csv"));
    let csv = fs::read(tmp.path().join("e/zz01-T01-2026-11-23.gbt39046.csv")).unwrap();
    assert!(
        String::from_utf8(csv)
            .unwrap()
            .starts_with("\u{feff}办件编号,评价渠道,")
    );
}
