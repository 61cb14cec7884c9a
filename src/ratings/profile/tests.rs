use std::path::Path;

use chrono::{DateTime, FixedOffset};

use super::*;
use crate::ratings::reasons::{About, Reason};
use crate::ratings::{
    Layout, Origin, Output, Rating, RatingFiles, RatingLog, Sources, Subject, export, new_id,
};

fn parse(text: &str) -> Result<Profile, Vec<String>> {
    Profile::parse("t", "t.ron".as_ref(), text)
        .map_err(|ps| ps.iter().map(ToString::to_string).collect())
}

/// A profile of one column, as a hall would write it.
fn one_column(column: &str) -> String {
    format!("(\n    format: Csv,\n    columns: [\n        {column},\n    ],\n)\n")
}

fn province() -> Profile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/examples/province.ron");
    load("province", &path).unwrap()
}

#[test]
fn the_shipped_profiles_and_the_readme_example_are_valid() {
    for name in ["native", "gbt39046"] {
        let p = Profile::shipped(name).unwrap();
        assert_eq!(p.format, Format::Csv);
        let on_disk = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("profiles/{name}.ron"));
        assert!(load(name, &on_disk).is_ok(), "{name}");
    }
    assert_eq!(province().format, Format::Jsonl);
    assert!(Profile::shipped("nope").is_none());
}

#[test]
fn an_unknown_source_field_is_reported_at_its_place() {
    let text = one_column(r#"(name: "x", field: levle_code)"#);
    let problems = parse(&text).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("t.ron:4:"), "{problems:?}");
    assert!(problems[0].contains("levle_code"), "{problems:?}");
}

#[test]
fn an_unmapped_level_names_the_level_and_its_column() {
    let text = one_column(
        r#"(name: "满意度代码", field: level_code, map: {"5": "1", "4": "2", "2": "4", "1": "5"})"#,
    );
    let problems = parse(&text).unwrap_err();
    assert_eq!(
        problems,
        [
            "t.ron:4:16: column \"满意度代码\": unmapped level 3 基本满意 (\"3\"): its map must give every one"
        ]
    );
    let labels = one_column(
        r#"(name: "s", field: level_label, map: {"非常满意": "1", "满意": "2", "一般": "3", "不满意": "4", "非常不满意": "5"})"#,
    );
    let problems = parse(&labels).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("unmapped level 3 基本满意"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("t.ron:4:")
            && problems[1].contains("map key \"一般\" is no value of this field"),
        "{problems:?}"
    );
}

#[test]
fn a_bad_time_format_or_zone_is_reported_at_its_key() {
    let text = "(\n    format: Csv,\n    time_format: \"%Y%m%dT%H%Q\",\n    time_zone: Offset(\"+8h\"),\n    columns: [(name: \"t\", field: time)],\n)\n";
    let problems = parse(text).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("t.ron:3:5: bad time format \"%Y%m%dT%H%Q\""),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("t.ron:4:5: time_zone Offset(\"+8h\")"),
        "{problems:?}"
    );
}

#[test]
fn columns_that_cannot_work_are_refused() {
    let cases = [
        (r#"(name: "a", field: id, value: "1")"#, "give either field"),
        (r#"(name: "a")"#, "give either field"),
        (
            r#"(name: "a", value: "1", map: {"1": "2"})"#,
            "a map needs a field",
        ),
        (
            r#"(name: "a", field: item_name, join: ",")"#,
            "join is only for",
        ),
        (
            r#"(name: "a", field: item_name, number: true)"#,
            "number: true needs",
        ),
        (
            r#"(name: "a", value: "一", number: true)"#,
            "value \"一\" is not a number",
        ),
        (
            r#"(name: "a", field: reason_codes, map: {"S 1": "x"})"#,
            "is not a reason code",
        ),
        (
            r#"(name: "a", field: is_bad, map: {"true": "是"})"#,
            "unmapped value \"false\"",
        ),
        (r#"(name: "", value: "1")"#, "a column has an empty name"),
    ];
    for (column, expected) in cases {
        let problems = parse(&one_column(column)).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.contains(expected) && p.starts_with("t.ron:4:")),
            "{column}: {problems:?}"
        );
    }
    let twice = "(format: Csv, columns: [(name: \"a\", value: \"1\"),\n (name: \"a\", field: id)])";
    let problems = parse(twice).unwrap_err();
    assert_eq!(problems, ["t.ron:2:9: column \"a\" is given twice"]);
    let none = parse("(format: Csv, columns: [])").unwrap_err();
    assert!(none[0].contains("columns lists no column"), "{none:?}");
}

#[test]
fn a_profile_is_checked_against_the_terminal_it_serves() {
    let p = province();
    let terminal = Terminal {
        rating_channel: "自助终端",
        reason_codes: vec!["S01", "X9"],
        region_code: false,
        unit_code: true,
    };
    let checked = p.check_against(&terminal);
    let errors: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("column \"pf\": this terminal's rating_channel \"自助终端\""));
    assert!(errors[1].contains("reason code \"X9\""));
    let warnings: Vec<String> = checked.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("column \"areaCode\" takes region_code"));
    let fine = Terminal {
        rating_channel: "政务大厅其他终端",
        reason_codes: vec!["S01", "O01"],
        region_code: true,
        unit_code: true,
    };
    let checked = p.check_against(&fine);
    assert!(checked.errors.is_empty() && checked.warnings.is_empty());
}

#[test]
fn find_prefers_a_halls_own_file_and_names_what_exists() {
    let tmp = tempfile::tempdir().unwrap();
    let own = "(format: JsonLines, columns: [(name: \"id\", field: id)])";
    std::fs::write(tmp.path().join("native.ron"), own).unwrap();
    assert_eq!(find("native", tmp.path()).unwrap().format, Format::Jsonl);
    assert_eq!(find("gbt39046", tmp.path()).unwrap().columns.len(), 9);
    let missing = find("hunan", tmp.path()).unwrap_err();
    assert!(
        missing[0].to_string().ends_with(
            "no profile \"hunan\": there is no such file, and the built-in ones are native, gbt39046"
        ),
        "{missing:?}"
    );
    assert!(find("../x", tmp.path()).is_err());
    let loaded = all_in(tmp.path());
    assert_eq!(loaded.len(), 1);
}

/// Ratings of every level, the 差评 ones with reasons, in `dir`.
fn every_level(dir: &Path) -> Vec<Rating> {
    let origin = Origin {
        hall_id: "zz01".into(),
        terminal_id: "T01".into(),
        region_code: Some("430202".into()),
        unit_code: None,
        rating_channel: Some("政务大厅其他终端".into()),
        taxonomy_version: "kiosk-2026.1".into(),
        catalog_version: "v".into(),
    };
    let now = DateTime::parse_from_rfc3339("2026-11-23T02:07:00Z")
        .unwrap()
        .to_utc();
    let offset = FixedOffset::east_opt(8 * 3600).unwrap();
    let reasons = [
        Reason::new("S01", "服务态度不积极、不主动", About::Service),
        Reason::new("I02", "收取办事指南以外材料", About::Item),
    ];
    let (mut log, _) = RatingLog::open(dir);
    Level::ALL
        .into_iter()
        .map(|level| {
            let subject = Subject::Item {
                guide_id: "zhuzhou",
                item_id: "002036001001",
                code: Some("002036001001"),
                name: "=职工参保登记",
            };
            let chosen = if level.is_bad() { &reasons[..] } else { &[] };
            let r = Rating::new(new_id(), now, offset, &origin, subject, level, chosen);
            log.append(&r).unwrap();
            r
        })
        .collect()
}

fn export_by(dir: &Path, profile: &Profile, out: &Path) -> String {
    let sources = Sources::Terminal(RatingFiles {
        dir: dir.to_path_buf(),
        spare: None,
    });
    let day = "2026-11-23".parse().unwrap();
    let hall = FixedOffset::east_opt(8 * 3600).unwrap();
    let output = Output::File {
        path: out.to_path_buf(),
        replace: false,
    };
    let done = export(&sources, day..=day, Layout::Profile(profile), hall, output).unwrap();
    assert_eq!(done.records, 5);
    String::from_utf8(std::fs::read(out).unwrap()).unwrap()
}

#[test]
fn json_lines_by_a_profile_carry_its_names_codes_and_types() {
    let tmp = tempfile::tempdir().unwrap();
    let written = every_level(&tmp.path().join("r"));
    let text = export_by(
        &tmp.path().join("r"),
        &province(),
        &tmp.path().join("out.jsonl"),
    );
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // In the profile's order, which serde_json's map would not keep.
    let keys = [
        "areaCode",
        "deptCode",
        "taskCode",
        "projectNo",
        "pf",
        "satisfaction",
        "evalDetail",
        "assessTime",
        "assessNumber",
    ];
    let first = text.lines().next().unwrap();
    let at: Vec<usize> = keys
        .iter()
        .map(|k| first.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{first}");
    assert_eq!(rows[0].as_object().unwrap().len(), keys.len());
    for (row, r) in rows.iter().zip(&written) {
        assert_eq!(row["satisfaction"], serde_json::json!(r.level.code()));
        assert_eq!(row["pf"], serde_json::json!(5));
        assert_eq!(row["projectNo"], serde_json::json!(r.id));
        assert_eq!(row["areaCode"], "430202");
        assert_eq!(row["deptCode"], serde_json::Value::Null);
        assert_eq!(row["taskCode"], "002036001001");
        assert_eq!(row["assessTime"], "2026-11-23 10:07:00");
        assert_eq!(row["assessNumber"], serde_json::json!(1));
        let detail = if r.level.is_bad() { "0101,0202" } else { "" };
        assert_eq!(row["evalDetail"], detail);
    }
}

#[test]
fn a_value_the_map_lacks_stops_the_export_and_replaces_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    every_level(&tmp.path().join("r"));
    let narrow = parse(&one_column(
        r#"(name: "pf", field: rating_channel, map: {"自助终端": "5"})"#,
    ))
    .unwrap();
    let sources = Sources::Terminal(RatingFiles {
        dir: tmp.path().join("r"),
        spare: None,
    });
    let day = "2026-11-23".parse().unwrap();
    let out = tmp.path().join("out.csv");
    let output = Output::File {
        path: out.clone(),
        replace: false,
    };
    let hall = FixedOffset::east_opt(8 * 3600).unwrap();
    let err = export(&sources, day..=day, Layout::Profile(&narrow), hall, output).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(
            "column \"pf\": the value \"政务大厅其他终端\" has no entry in the profile's map"
        ),
        "{text}"
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn times_are_written_in_the_profiles_zone_with_or_without_its_offset() {
    let tmp = tempfile::tempdir().unwrap();
    every_level(&tmp.path().join("r"));
    let text = "(format: JsonLines, time_format: \"%Y-%m-%dT%H:%M:%S%:z\", time_zone: Utc,\n columns: [(name: \"t\", field: time), (name: \"d\", field: day)])";
    let with_offset = parse(text).unwrap();
    let out = export_by(
        &tmp.path().join("r"),
        &with_offset,
        &tmp.path().join("a.jsonl"),
    );
    assert!(
        out.lines()
            .all(|l| l == r#"{"t":"2026-11-23T02:07:00+00:00","d":"2026-11-23"}"#),
        "{out}"
    );
    let plain = parse(&text.replace("%:z", "").replace("Utc", "Offset(\"+09:00\")")).unwrap();
    let out = export_by(&tmp.path().join("r"), &plain, &tmp.path().join("b.jsonl"));
    assert!(
        out.lines()
            .all(|l| l.starts_with(r#"{"t":"2026-11-23T11:07:00","#)),
        "{out}"
    );
}
