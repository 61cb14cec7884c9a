//! `kiosk diff OLD NEW` on the shipped catalog and edited copies of it:
//! exactly the changes made are listed, in text and in JSON Lines, with
//! diff(1)'s exit codes.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog")
}

/// A copy of the shipped catalog with `edit` applied to zhuzhou.ron.
fn edited_copy(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(shipped()).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
    }
    let file = tmp.path().join("zhuzhou.ron");
    let text = fs::read_to_string(&file).unwrap();
    let new = edit(text.clone());
    assert_ne!(new, text, "the edit must change the file");
    fs::write(&file, new).unwrap();
    tmp
}

fn replace_first(text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

/// A changed phone, a removed material and a new item, in 株洲市.
fn three_changes(text: String) -> String {
    let text = replace_first(text, "\"0731-28681675\"", "\"0731-28680000\"");
    let text = replace_first(
        text,
        "                        \"《株洲市基本医疗保险单位参保信息登记表》（加盖单位公章）\",\n",
        "",
    );
    replace_first(
        text,
        "        ),\n    ],\n    source_notes: [",
        "        ),\n        (id: \"0733-99\", name: \"测试新增事项\", part: \"p01\", time_limit: \"即时办结。\"),\n    ],\n    source_notes: [",
    )
}

fn kiosk_diff(old: &Path, new: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("kiosk")
        .unwrap()
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(extra)
        .assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

#[test]
fn a_changed_phone_a_removed_material_and_a_new_item_are_exactly_what_is_listed() {
    let new = edited_copy(three_changes);
    let text = kiosk_diff(&shipped(), new.path(), &[]).code(1).stderr("");
    assert_eq!(
        stdout(&text),
        "株洲市 单位参保登记: 办理材料 删除 《株洲市基本医疗保险单位参保信息登记表》（加盖单位公章）\n\
         株洲市 单位参保登记: 监督电话 市本级 0731-28681675 → 0731-28680000\n\
         株洲市: 新增事项 测试新增事项（0733-99）\n"
    );
    let jsonl = kiosk_diff(&shipped(), new.path(), &["--format", "jsonl"]).code(1);
    let lines: Vec<serde_json::Value> = stdout(&jsonl)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<(&str, &str, &str, &str)> = lines
        .iter()
        .map(|v| {
            (
                v["guide"].as_str().unwrap(),
                v["item"].as_str().unwrap(),
                v["change"].as_str().unwrap(),
                v["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "zhuzhou",
                "002036001001",
                "removed",
                "materials[0].entries[1]"
            ),
            (
                "zhuzhou",
                "002036001001",
                "changed",
                "supervision.phones[0].number"
            ),
            ("zhuzhou", "0733-99", "added", ""),
        ]
    );
    // 株洲市 gives its item codes as ids only.
    assert_eq!(lines[0]["code"], serde_json::Value::Null);
    assert_eq!(
        lines[0]["old"],
        "《株洲市基本医疗保险单位参保信息登记表》（加盖单位公章）"
    );
    assert_eq!(lines[0]["new"], serde_json::Value::Null);
    assert_eq!(lines[1]["old"], "0731-28681675");
    assert_eq!(lines[1]["new"], "0731-28680000");
    assert_eq!(lines[2]["code"], serde_json::Value::Null);
    assert_eq!(lines[2]["new"]["name"], "测试新增事项");
    assert_eq!(lines[2]["new"]["time_limit"], "即时办结。");
    // The other way round, the same changes undone.
    let back = kiosk_diff(new.path(), &shipped(), &[]).code(1);
    assert_eq!(
        stdout(&back),
        "株洲市: 删除事项 测试新增事项（0733-99）\n\
         株洲市 单位参保登记: 办理材料 新增 《株洲市基本医疗保险单位参保信息登记表》（加盖单位公章）\n\
         株洲市 单位参保登记: 监督电话 市本级 0731-28680000 → 0731-28681675\n"
    );
}

#[test]
fn equal_catalogs_exit_0_and_print_nothing() {
    let copy = edited_copy(|t| t.replace("// ", "// 注："));
    kiosk_diff(&shipped(), copy.path(), &[])
        .code(0)
        .stdout("")
        .stderr("");
    kiosk_diff(&shipped(), &shipped(), &["--format", "jsonl"])
        .code(0)
        .stdout("")
        .stderr("");
}

#[test]
fn a_renamed_item_with_the_same_code_is_one_change_of_its_name() {
    let new =
        edited_copy(|t| replace_first(t, "name: \"单位参保登记\"", "name: \"用人单位参保登记\""));
    let text = kiosk_diff(&shipped(), new.path(), &[]).code(1);
    assert_eq!(
        stdout(&text),
        "株洲市 用人单位参保登记: 名称 单位参保登记 → 用人单位参保登记\n"
    );
    let jsonl = kiosk_diff(&shipped(), new.path(), &["--format", "jsonl"]).code(1);
    assert_eq!(
        stdout(&jsonl),
        "{\"guide\":\"zhuzhou\",\"item\":\"002036001001\",\"code\":null,\"change\":\"changed\",\"path\":\"name\",\"old\":\"单位参保登记\",\"new\":\"用人单位参保登记\"}\n"
    );
}

#[test]
fn an_unreadable_folder_exits_2_with_a_clear_message() {
    let missing = shipped().join("no-such-folder");
    let out = kiosk_diff(&shipped(), &missing, &[]).code(2).stdout("");
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr,
        format!(
            "{}: cannot read catalog folder: No such file or directory (os error 2)\n1 problem found\n",
            missing.display()
        )
    );
    // Its name is printed escaped, never sent to the terminal.
    let hostile = Path::new("/nonexistent/\u{1b}[2J");
    let out = kiosk_diff(hostile, &shipped(), &[]).code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.starts_with("/nonexistent/\\u{1b}[2J: cannot read"),
        "{stderr}"
    );
}

#[test]
fn a_catalog_that_fails_validation_exits_2_with_its_located_problems() {
    let broken =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/several-problems");
    let expected = fs::read_to_string(broken.join("expected.txt"))
        .unwrap()
        .replace("./guide.ron", &broken.join("guide.ron").display().to_string());
    kiosk_diff(&broken, &shipped(), &["--format", "jsonl"])
        .code(2)
        .stdout("")
        .stderr(expected);
}

#[test]
fn diff_reads_no_kiosk_ron() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("kiosk.ron"), "(not a config").unwrap();
    Command::cargo_bin("kiosk")
        .unwrap()
        .current_dir(tmp.path())
        .arg("diff")
        .arg(shipped())
        .arg(shipped())
        .assert()
        .code(0);
}
