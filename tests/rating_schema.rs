//! The JSON Schema of the record (`schema/rating.schema.json`) against real
//! records: a day file as the log writes it and `kiosk export --format
//! jsonl` of it, with every level, every reason, ratings of items and of the
//! hall, and records that leave place fields out. Broken records fail.

#[path = "common/fleet.rs"]
mod fleet;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use kiosk::ratings::RatingLog;
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/rating.schema.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft202012::new(&schema).expect("the schema is a valid draft 2020-12 schema")
}

fn errors(v: &jsonschema::Validator, record: &Value) -> Vec<String> {
    v.iter_errors(record)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn real_day_files_and_exports_match_the_published_schema() {
    let tmp = tempfile::tempdir().unwrap();
    fleet::kiosk_ron(tmp.path(), "zz01", "T01", "");
    let day = "2026-11-23".parse().unwrap();
    let mut origin = fleet::origin("zz01", "T01");
    let mut ratings = fleet::every_level_and_reason(&origin, day);
    // A terminal whose kiosk.ron names no place codes.
    origin.region_code = None;
    origin.unit_code = None;
    ratings.extend(fleet::every_level_and_reason(&origin, day));
    let (mut log, _) = RatingLog::open(tmp.path().join("r"));
    for r in &ratings {
        log.append(r).unwrap();
    }
    let day_file = fs::read_to_string(tmp.path().join("r/2026-11-23.jsonl")).unwrap();
    let out = Command::cargo_bin("kiosk")
        .unwrap()
        .current_dir(tmp.path())
        .args([
            "--config",
            "kiosk.ron",
            "export",
            "--format",
            "jsonl",
            "--date",
            "2026-11-23",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let export = String::from_utf8(out.stdout).unwrap();
    let v = validator();
    for (what, text) in [("day file", &day_file), ("export", &export)] {
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), ratings.len(), "{what}");
        for line in lines {
            let record: Value = serde_json::from_str(line).unwrap();
            assert_eq!(errors(&v, &record), Vec::<String>::new(), "{what}: {line}");
        }
    }
}

#[test]
fn the_schema_refuses_what_the_reader_refuses() {
    let day = "2026-11-23".parse().unwrap();
    let ratings = fleet::every_level_and_reason(&fleet::origin("zz01", "T01"), day);
    let bad = ratings.iter().find(|r| !r.reasons.is_empty()).unwrap();
    let good: Value = serde_json::to_value(bad).unwrap();
    let v = validator();
    assert!(errors(&v, &good).is_empty());
    type Spoil = fn(&mut Value);
    let broken: [(&str, Spoil); 8] = [
        ("no id", |r| {
            r.as_object_mut().unwrap().remove("id");
        }),
        ("a level out of range", |r| r["level_code"] = 6.into()),
        ("code and label disagree", |r| {
            r["level_label"] = "非常满意".into()
        }),
        ("a field of another layout", |r| {
            r["city_id"] = "zhuzhou".into()
        }),
        ("seconds in the time", |r| {
            r["time"] = "2026-11-23T02:07:31Z".into()
        }),
        ("a 差评 without the list's version", |r| {
            r["taxonomy_version"] = Value::Null
        }),
        ("an unknown 'about'", |r| {
            r["reasons"][0]["about"] = "window".into()
        }),
        ("a region code of 7 digits", |r| {
            r["region_code"] = "4302021".into()
        }),
    ];
    for (what, spoil) in broken {
        let mut record = good.clone();
        spoil(&mut record);
        assert!(!errors(&v, &record).is_empty(), "{what} passed the schema");
        assert!(
            serde_json::from_value::<kiosk::ratings::Rating>(record.clone()).is_err()
                || what == "a region code of 7 digits",
            "{what} passed the reader"
        );
    }
    let praised = ratings.iter().find(|r| !r.level.is_bad()).unwrap();
    let mut with_reason = serde_json::to_value(praised).unwrap();
    with_reason["reasons"] = good["reasons"].clone();
    assert!(!errors(&v, &with_reason).is_empty(), "reasons for a 好评");
}
