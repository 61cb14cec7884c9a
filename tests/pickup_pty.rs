//! The real binary picking up an updated catalog folder by itself
//! (`catalog_check_secs`), in a pseudo-terminal: a good change goes into use
//! at the idle reset and not before, a broken one is refused while the old
//! catalog keeps serving, and a folder that keeps changing while it is read
//! is never loaded.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{Kiosk, config_with};

const COLS: u16 = 100;
const ROWS: u16 = 30;
const HOME: &str = "请选择城市或指南";

/// A copy of the shipped catalog in `dir`, and a kiosk.ron that looks at
/// it every second (idle question after 10 s, reset 5 s later).
fn copied(dir: &Path) -> (PathBuf, PathBuf) {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let catalog = dir.join("catalog");
    fs::create_dir(&catalog).unwrap();
    for entry in fs::read_dir(shipped).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "ron") {
            fs::copy(&path, catalog.join(path.file_name().unwrap())).unwrap();
        }
    }
    let config = config_with(dir, &catalog, "catalog_check_secs: 1,");
    (catalog, config)
}

/// yongzhou.ron with the guide's name (shown on Home) replaced.
fn renamed(catalog: &Path, name: &str) -> String {
    let text = fs::read_to_string(catalog.join("yongzhou.ron")).unwrap();
    assert!(text.contains("name: \"永州市\""));
    text.replacen("name: \"永州市\"", &format!("name: \"{name}\""), 1)
}

/// The kiosk's event log.
fn events(dir: &Path) -> String {
    fs::read_to_string(dir.join("logs/kiosk.log")).unwrap_or_default()
}

/// Waits until the event log has `needle`.
fn wait_for_event(dir: &Path, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !events(dir).contains(needle) {
        assert!(
            Instant::now() < deadline,
            "never logged {needle:?}:\n{}",
            events(dir)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_good_catalog_change_goes_into_use_at_the_idle_reset_and_not_before() {
    let tmp = tempfile::tempdir().unwrap();
    let (catalog, config) = copied(tmp.path());
    let mut k = Kiosk::start(&config, COLS, ROWS);
    k.wait_for(HOME);
    k.wait_for("永州市");
    // A visitor is in 株洲市 when the maintainer's update lands.
    k.send("1");
    k.wait_for("株洲市：请选择部分");
    fs::write(catalog.join("yongzhou.ron"), renamed(&catalog, "永州新区")).unwrap();
    wait_for_event(tmp.path(), "goes into use at the next idle reset");
    // Validated, and waiting: the visitor still has the catalog they began with.
    k.send("\x1b");
    k.wait_for(HOME);
    assert!(k.text().contains("永州市") && !k.text().contains("永州新区"));
    k.send("1");
    k.wait_for("株洲市：请选择部分");
    k.wait_for("还需要更多时间吗？");
    let asked = Instant::now();
    assert!(!events(tmp.path()).contains("now in use"));
    k.wait_for("永州新区");
    assert!(
        asked.elapsed() >= Duration::from_secs(3),
        "in use before the reset"
    );
    let text = k.text();
    assert!(text.contains(HOME) && !text.contains("永州市"), "{text}");
    let version = kiosk::catalog::load::version_of(&catalog).unwrap();
    wait_for_event(tmp.path(), &format!("catalog {version} now in use"));
    // A rating from now on records the catalog it was given under.
    k.tap("评价本厅服务");
    k.send("1");
    k.wait_for("感谢您的评价");
    let day = fs::read_dir(tmp.path().join("r")).unwrap().next().unwrap();
    let record = fs::read_to_string(day.unwrap().path()).unwrap();
    assert!(
        record.contains(&format!("\"catalog_version\":\"{version}\"")),
        "{record}"
    );
}

#[test]
fn a_broken_catalog_change_is_refused_and_the_old_one_keeps_serving() {
    let tmp = tempfile::tempdir().unwrap();
    let (catalog, config) = copied(tmp.path());
    let mut k = Kiosk::start(&config, COLS, ROWS);
    k.wait_for(HOME);
    let broken = renamed(&catalog, "永州新区").replacen("kind: Place", "kind: Town", 1);
    fs::write(catalog.join("yongzhou.ron"), broken).unwrap();
    wait_for_event(tmp.path(), "catalog refused, the one in use");
    let log = events(tmp.path());
    assert!(log.contains("yongzhou.ron:"), "located: {log}");
    // Left alone long enough for a waiting catalog to have gone in.
    std::thread::sleep(Duration::from_secs(11));
    k.send("4");
    k.wait_for("永州市：请选择部分");
    assert!(!k.text().contains("永州新区"));
    // The operator menu says so.
    k.send("\x1b[24~");
    k.wait_for("请输入密码");
    k.send("2468\r");
    k.wait_for("运维菜单");
    k.wait_for("新目录有误未启用（1 处");
    assert_eq!(events(tmp.path()).matches("catalog refused").count(), 1);
}

#[test]
fn a_folder_changing_while_it_is_read_is_never_loaded() {
    let tmp = tempfile::tempdir().unwrap();
    let (catalog, config) = copied(tmp.path());
    let k = Kiosk::start(&config, COLS, ROWS);
    k.wait_for(HOME);
    // Idle long enough that a valid catalog found would go in at once.
    std::thread::sleep(Duration::from_secs(11));
    // A copy that never settles: the file rewritten over and over, each
    // version valid on its own.
    let versions = [renamed(&catalog, "永州甲"), renamed(&catalog, "永州乙")];
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, file) = (Arc::clone(&stop), catalog.join("yongzhou.ron"));
        let versions = versions.clone();
        std::thread::spawn(move || {
            for n in 0.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                fs::write(&file, &versions[n % 2]).unwrap();
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let until = Instant::now() + Duration::from_secs(8);
    while Instant::now() < until {
        let text = k.text();
        assert!(
            !text.contains("永州甲") && !text.contains("永州乙"),
            "{text}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    let log = events(tmp.path());
    assert!(log.contains("changed while it was read"), "{log}");
    assert!(!log.contains("is valid"), "{log}");
    assert!(k.text().contains("永州市"));
    // Once it holds still, the next look takes it.
    fs::write(catalog.join("yongzhou.ron"), &versions[1]).unwrap();
    k.wait_for("永州乙");
}
