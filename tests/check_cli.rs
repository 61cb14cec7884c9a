//! `kiosk check` and friends against fixture catalogs and configs: every
//! broken fixture must fail with exactly the message and location recorded
//! next to it, and the kiosk itself must refuse to start with the same text.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn kiosk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("kiosk runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_broken_catalog_fails_with_its_recorded_message() {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures().join("broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "fixtures missing: {cases:?}");
    for dir in cases {
        let expected = fs::read_to_string(dir.join("expected.txt")).unwrap();
        let out = kiosk(&dir, &["check", "--catalog", "."]);
        assert_eq!(out.status.code(), Some(1), "{}", dir.display());
        assert_eq!(text(&out.stderr), expected, "{}", dir.display());
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn the_kiosk_refuses_to_start_on_a_broken_catalog_with_the_same_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures().join("broken/several-problems");
    let config = tmp.path().join("kiosk.ron");
    fs::write(
        &config,
        format!("(catalog: {:?})", dir.display().to_string()),
    )
    .unwrap();
    let out = kiosk(tmp.path(), &["--config", "kiosk.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = fs::read_to_string(dir.join("expected.txt"))
        .unwrap()
        .replace("./guide.ron", &dir.join("guide.ron").display().to_string());
    assert_eq!(text(&out.stderr), expected);
}

#[test]
fn a_clean_catalog_prints_one_summary_line_per_city_and_a_total() {
    let out = kiosk(
        &fixtures().join("base"),
        &["check", "--catalog", ".", "--config", "../config/good.ron"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "demo  示例市  1 parts  1 items  (1)");
    assert!(lines[1].starts_with("total: 1 guides, 1 items (catalog version "));
}

#[test]
fn every_broken_config_fails_with_its_recorded_message() {
    let dir = fixtures().join("config");
    for name in [
        "bad-values",
        "bad-devices",
        "misspelt-field",
        "unknown-home-guide",
        "unknown-home-district",
    ] {
        let out = kiosk(&dir, &["check", "--config", &format!("{name}.ron")]);
        let expected = fs::read_to_string(dir.join(format!("{name}.expected"))).unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert_eq!(text(&out.stderr), expected, "{name}");
    }
    let out = kiosk(&dir, &["check", "--config", "good.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_missing_explicit_config_is_an_error_but_a_missing_default_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let out = kiosk(tmp.path(), &["check", "--config", "nope.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("nope.ron: cannot read: "));
    let base = fixtures().join("base");
    let out = kiosk(tmp.path(), &["list", "--catalog", base.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn show_prints_every_field_and_ends_with_the_diagram() {
    let out = kiosk(
        &fixtures().join("base"),
        &[
            "show",
            "demo",
            "单位参保登记",
            "--catalog",
            ".",
            "--width",
            "60",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    for title in [
        "【受理单位】",
        "【服务对象】",
        "【办理渠道】",
        "【办理流程】",
        "【办理材料】",
        "【办理时限】",
        "【查询方式】",
        "【监督电话】",
        "【评价渠道】",
        "【办理流程图】",
    ] {
        assert!(s.contains(title), "{title} missing:\n{s}");
    }
    // Fields the guide does not give are said to be missing, not left blank.
    assert!(s.contains("【受理单位】\n指南未载明"), "{s}");
    assert!(s.contains("东区：0000-7654321"));
    assert!(s.trim_end().ends_with("'----'"), "{s}");
    assert!(
        s.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 60)
    );
}

#[test]
fn flow_finds_items_by_id_and_cities_by_name() {
    let base = fixtures().join("base");
    let by_id = kiosk(&base, &["flow", "demo", "001", "--catalog", "."]);
    let by_name = kiosk(&base, &["flow", "示例市", "单位参保登记", "--catalog", "."]);
    assert_eq!(by_id.status.code(), Some(0));
    assert_eq!(by_id.stdout, by_name.stdout);
    assert!(text(&by_id.stdout).contains("< 判断是否受理 >"));
}

#[test]
fn unknown_city_or_item_says_what_exists() {
    let base = fixtures().join("base");
    let out = kiosk(&base, &["show", "nowhere", "001", "--catalog", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "catalog: no guide \"nowhere\" (there are: demo 示例市)\n1 problem found\n"
    );
    let out = kiosk(&base, &["flow", "demo", "999", "--catalog", "."]);
    assert_eq!(
        text(&out.stderr),
        "catalog: no item \"999\" in 示例市 (`kiosk list demo` shows the ids)\n1 problem found\n"
    );
}

#[test]
fn pin_hashes_a_pin_and_refuses_non_digits() {
    use std::io::Write;
    let run = |input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kiosk"))
            .arg("pin")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let ok = run("2468\n");
    assert_eq!(ok.status.code(), Some(0));
    let line = text(&ok.stdout);
    assert!(
        line.starts_with("operator_pin_hash: \"pbkdf2-sha256$"),
        "{line}"
    );
    assert!(!line.contains("2468$") && !line.ends_with("2468\"\n"));
    let bad = run("abcd\n");
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("the PIN must be 4 to 12 digits"));
}

#[test]
fn an_item_with_two_subflows_shows_both_charts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = kiosk(
        root,
        &["flow", "changsha", "002036002003-3", "--width", "60"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    for heading in [
        "〔个人办理〕",
        "〔单位批量办理〕",
        "（指南未附流程图，此图据办理流程整理）",
    ] {
        assert!(s.contains(heading), "{heading} missing:\n{s}");
    }
    assert_eq!(s.matches("< 判断是否受理 >").count(), 2, "{s}");
}

/// The text of `bytes`, failing on any control character but a line break:
/// catalog bytes quoted in a message must never drive the terminal.
fn printable_only(bytes: &[u8]) -> String {
    let s = text(bytes);
    let raw = s.chars().find(|&c| c.is_control() && c != '\n');
    assert_eq!(raw, None, "a raw control character was printed:\n{s}");
    s
}

#[test]
fn escape_sequences_in_a_catalog_are_printed_escaped_never_raw() {
    for dir in fs::read_dir(fixtures().join("broken")).unwrap() {
        let out = kiosk(&dir.unwrap().path(), &["check", "--catalog", "."]);
        printable_only(&out.stdout);
        printable_only(&out.stderr);
    }
    // The file's name itself, quoted at the start of every message.
    let tmp = tempfile::tempdir().unwrap();
    let broken = fixtures().join("broken/escape-at-syntax-error/guide.ron");
    fs::copy(broken, tmp.path().join("c\u{1b}[2Jity.ron")).unwrap();
    let out = kiosk(tmp.path(), &["check", "--catalog", "."]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = printable_only(&out.stderr);
    assert!(stderr.starts_with(r"./c\u{1b}[2Jity.ron:19:"), "{stderr}");
}

#[path = "common/tmpfs.rs"]
mod tmpfs;

/// A kiosk.ron in `dir` for the base fixture catalog, with `fields` added.
fn config_with(dir: &Path, fields: &str) {
    let catalog = fixtures().join("base");
    let pin = "pbkdf2-sha256$200000$d00a6135e27b91af8f1f384e8bb117f3$08feaddc02367680019c6c20d98af6249b04547d9563a52437e81ea505ef7f08";
    fs::write(
        dir.join("kiosk.ron"),
        format!(
            "(\n    catalog: {:?},\n    operator_pin_hash: {pin:?},\n{fields}\n    trusted_hosts: [Host(\"example.org\")],\n)\n",
            catalog.display().to_string()
        ),
    )
    .unwrap();
}

/// Folders the kiosk must write to: a file in the way, a parent that is
/// not there (an unmounted disk), a read-only disk. Each fails `check` at
/// its field's line, and the kiosk shows the same lines at start.
#[test]
fn check_fails_on_folders_the_kiosk_cannot_write() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a-file"), "").unwrap();
    let cases = [
        (
            "    ratings_dir: \"a-file\",",
            "kiosk.ron:4: ratings_dir \"a-file\" is not a folder",
        ),
        (
            "    ratings_dir: \"/mnt/no-such-usb/ratings\",",
            "kiosk.ron:4: ratings_dir \"/mnt/no-such-usb/ratings\" does not exist, nor does the folder that would hold it (/mnt/no-such-usb): is a disk not mounted?",
        ),
    ];
    for (field, expected) in cases {
        config_with(tmp.path(), field);
        let out = kiosk(tmp.path(), &["check", "--config", "kiosk.ron"]);
        assert_eq!(out.status.code(), Some(1), "{field}");
        assert!(
            text(&out.stderr).contains(expected),
            "{field}\n{}",
            text(&out.stderr)
        );
    }
    let Some(disk) = tmpfs::TmpFs::mount(256) else {
        return;
    };
    fs::create_dir(disk.join("exports")).unwrap();
    disk.read_only();
    let fields = format!(
        "    export_dir: {:?},\n    ratings_dir: {:?},",
        disk.join("exports").display().to_string(),
        disk.join("ratings").display().to_string(),
    );
    config_with(tmp.path(), &fields);
    let out = kiosk(tmp.path(), &["check", "--config", "kiosk.ron"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("kiosk.ron:5: ratings_dir"), "{stderr}");
    assert!(
        stderr.contains("is not writable: Read-only file system"),
        "{stderr}"
    );
    assert!(stderr.contains("kiosk.ron:4: export_dir"), "{stderr}");
}

/// A configuration that works but not as a hall would want: warnings on
/// standard error, success.
#[test]
fn check_warns_without_a_pin_or_a_kiosk_ron() {
    let tmp = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let out = kiosk(
        tmp.path(),
        &["check", "--catalog", shipped.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning: kiosk.ron: no kiosk.ron was found: every setting is a default"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning: kiosk.ron: operator_pin_hash is not set: the operator menu can never open"
        ),
        "{stderr}"
    );
    config_with(tmp.path(), "");
    let out = kiosk(tmp.path(), &["check", "--config", "kiosk.ron"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}
