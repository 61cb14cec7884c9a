//! No acknowledged rating lost: the kiosk on a disk that is full, rated,
//! then stopped by SIGTERM. Every rating the visitor was thanked for is in
//! the export at once, and in its day file after the next start, once.

mod common;
#[path = "common/tmpfs.rs"]
mod tmpfs;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::Kiosk;

/// A kiosk.ron whose ratings and logs are both on `disk`.
fn config_on(dir: &Path, disk: &Path) -> std::path::PathBuf {
    let path = common::config(dir);
    let original = fs::read_to_string(&path).unwrap();
    let text = original.replace(
        "ratings_dir: \"r\", log_dir: \"logs\"",
        &format!(
            "ratings_dir: {:?}, log_dir: {:?}",
            disk.join("r").display().to_string(),
            disk.join("logs").display().to_string()
        ),
    );
    assert_ne!(text, original, "the fixture's folders moved to the disk");
    fs::write(&path, text).unwrap();
    path
}

fn rate_the_hall(k: &mut Kiosk) {
    k.tap("评价本厅服务");
    k.wait_for("请您对本厅的服务作出评价");
    k.send("2");
    k.wait_for("评价已收到，系统正在暂存，稍后自动保存。");
    k.tap("结束本次服务");
    k.wait_for("请选择城市或指南");
}

/// Today's ratings as `kiosk export` gives them, one JSON line each.
fn exported(config: &Path) -> Vec<String> {
    let out = common::stdout_of(
        Command::new(env!("CARGO_BIN_EXE_kiosk"))
            .args(["--config", config.to_str().unwrap()])
            .args(["export", "--format", "jsonl", "--out", "-"]),
    );
    out.lines().map(String::from).collect()
}

fn stop(k: &mut Kiosk) {
    let pid = k.child.process_id().unwrap().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while k.alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(k.child.wait().unwrap().success());
}

#[test]
fn ratings_thanked_for_on_a_full_disk_survive_sigterm_and_a_restart() {
    let Some(disk) = tmpfs::TmpFs::mount(1024) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let config = config_on(tmp.path(), &disk.path);
    let mut k = Kiosk::start(&config, 100, 30);
    k.wait_for("请选择城市或指南");
    disk.fill();
    rate_the_hall(&mut k);
    rate_the_hall(&mut k);
    // The operator is told where they are.
    k.send("\x1b[24~");
    k.wait_for("请输入密码");
    k.send("2468\r");
    k.wait_for("日志错误：2条评价已暂存于");
    stop(&mut k);
    let log = fs::read_to_string(disk.join("logs/kiosk.log")).unwrap_or_default();
    eprintln!("kiosk.log on the full disk:\n{log}");

    // Still full: the export counts the held ratings.
    let held = exported(&config);
    assert_eq!(held.len(), 2, "{held:#?}");
    assert!(held.iter().all(|r| r.contains("\"level_label\":\"满意\"")));

    // Room again: the next start writes them to the day file, once.
    disk.free();
    let mut k = Kiosk::start(&config, 100, 30);
    k.wait_for("请选择城市或指南");
    stop(&mut k);
    let day_files: Vec<String> = fs::read_dir(disk.join("r"))
        .unwrap()
        .filter_map(|e| fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    let written: usize = day_files.iter().map(|f| f.lines().count()).sum();
    assert_eq!(written, 2, "{day_files:#?}");
    assert_eq!(exported(&config), held, "the same two, not four");
}
