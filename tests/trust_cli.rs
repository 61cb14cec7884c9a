//! QR codes only to trusted sites: the shipped allow-list covers the shipped
//! guides, `kiosk check` fails on an address outside it (the located
//! messages themselves are in tests/fixtures/broken/url-untrusted), and a
//! bad entry in kiosk.ron is refused where it is written.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kiosk::catalog::trust::{Verdict, judge};
use kiosk::config::{self, Config};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kiosk(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kiosk").unwrap();
    cmd.current_dir(dir);
    cmd
}

#[test]
fn the_shipped_allow_list_is_the_default_and_covers_every_shipped_address() {
    let settings = config::load(&root().join("kiosk.ron"), true).unwrap();
    let shipped = &settings.config.trusted_hosts;
    assert_eq!(shipped, &Config::default().trusted_hosts);
    let catalog = kiosk::catalog::load_dir(&root().join("catalog")).unwrap();
    let urls: Vec<&str> = catalog
        .guides
        .iter()
        .flat_map(|c| &c.items)
        .flat_map(|i| i.linked_channels())
        .filter_map(|o| o.url.as_deref())
        .collect();
    assert!(urls.len() > 40, "{}", urls.len());
    for url in urls {
        let verdict = judge(url, shipped);
        assert!(verdict.shows_qr(), "{url}: {verdict:?}");
    }
    assert_eq!(
        judge("https://www.hunan.gov.cn/", shipped),
        Verdict::Trusted
    );
    assert!(!judge("https://www.hunan.gov.cn.example.com/", shipped).shows_qr());
}

#[test]
fn check_passes_the_shipped_catalog_and_notes_its_http_addresses() {
    let out = kiosk(&root()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let notes: Vec<&str> = stderr.lines().collect();
    assert!(!notes.is_empty());
    for note in &notes {
        assert!(
            note.starts_with("note: catalog/") && note.contains("is http, not https"),
            "{note}"
        );
    }
    // One note per address and file, each located at a line and column.
    assert!(notes.len() <= 10, "{stderr}");
    assert!(
        stderr.contains("note: catalog/xianan.ron:364:55: item qu-06: online channel \"湖北政务服务网\": url \"http://zwfw.hubei.gov.cn/\" is http, not https; shown as printed (and in 15 more places of this file)"),
        "{stderr}"
    );
}

#[test]
fn an_untrusted_address_fails_check_but_not_the_kiosk() {
    let dir = root().join("tests/fixtures/broken/url-untrusted");
    let out = kiosk(&dir)
        .args(["check", "--catalog", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    // The catalog itself is valid: the kiosk runs and hides the codes.
    kiosk(&dir)
        .args(["list", "--catalog", "."])
        .assert()
        .success();
    // With the hosts trusted, check passes.
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("kiosk.ron"),
        format!(
            "(catalog: {:?}, trusted_hosts: [Suffix(\"gov.cn\"), Suffix(\"evil.example\"), Host(\"EVILGOV.cn\")])",
            dir.display().to_string()
        ),
    )
    .unwrap();
    let out = kiosk(tmp.path())
        .args(["check", "--config", "kiosk.ron"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Still refused: a user name before @ disguises the host.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.matches("the kiosk shows no QR code").count(), 1);
    assert!(stderr.contains("has a user name before @"), "{stderr}");
}

#[test]
fn a_bad_trusted_hosts_entry_is_refused_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("kiosk.ron"),
        "(\n    hall_id: \"h\",\n    trusted_hosts: [Suffix(\"cn\"), Host(\"*.gov.cn\"), Host(\"www.gov.cn\")],\n)\n",
    )
    .unwrap();
    kiosk(tmp.path())
        .args(["check", "--config", "kiosk.ron"])
        .assert()
        .code(1)
        .stderr(
            "kiosk.ron:3: trusted_hosts: Suffix(\"cn\") would trust every site under it; name a domain such as gov.cn; \
             \"*.gov.cn\" is not a host name: write Host(\"www.example.gov.cn\") for one host, Suffix(\"gov.cn\") for a domain and its subdomains\n\
             1 problem found\n",
        );
}
