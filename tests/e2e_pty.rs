//! The real `kiosk` binary in a pseudo-terminal, read back through a
//! terminal emulator (vt100): navigation by keypad, search by pinyin
//! initials, taps as SGR mouse sequences, a rating written to the log,
//! lockdown against Ctrl-C and friends, the idle reset, and the operator's
//! exit restoring the terminal.

mod common;

use std::time::{Duration, Instant};

use common::{Kiosk, config};

const COLS: u16 = 100;
const ROWS: u16 = 30;

#[test]
fn a_visit_from_home_to_a_rating_and_the_operators_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let mut k = Kiosk::start(&config(tmp.path()), COLS, ROWS);
    k.wait_for("请选择城市或指南");
    k.wait_for("株洲市");

    // Keypad: 1 = 株洲市 (the home guide), 4 = 第四部分, 1 = its first item.
    k.send("1");
    k.wait_for("株洲市：请选择部分");
    k.send("4");
    k.wait_for("异地安置退休人员备案");
    k.send("1");
    k.wait_for("【受理单位】");
    // The crumb ends with the field at the top of the page.
    k.wait_for("异地安置退休人员备案 › 受理单位");
    k.send("f");
    k.wait_for("判断是否受理");
    k.send("c");
    k.wait_for("在微信中搜索公众号");
    k.send("\x1b");
    k.wait_for("【受理单位】");

    // Search by pinyin initials: 异地安置退休人员备案; the hall's own guide first.
    k.send("/");
    k.wait_for("请输入拼音或首字母");
    k.send("ydaztxryba");
    k.wait_for("查找：ydaztxryba");
    k.wait_for("异地安置退休人员备案");
    k.send("1");
    k.wait_for("【受理单位】");

    // Touch: 首页 in the hint bar offers a rating of the item being left.
    k.tap("Home 首页");
    k.wait_for("请您对“异地安置退休人员备案”的服务作出评价");
    k.tap("1 非常满意");
    k.wait_for("感谢您的评价");
    let log = std::fs::read_dir(tmp.path().join("r"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "jsonl"));
    let log = std::fs::read_to_string(log.expect("a day file").path()).unwrap();
    assert!(
        log.contains("异地安置退休人员备案") && log.lines().count() == 1,
        "{log}"
    );
    k.tap("继续 Enter");
    k.wait_for("请选择城市或指南");

    // Lockdown: none of these leaves the program.
    for key in ["\x03", "\x1a", "\x1c", "q", "\x1b", "\x04"] {
        k.send(key);
        assert!(k.alive(), "{key:?} ended the kiosk");
    }
    k.wait_for("请选择城市或指南");

    // Idle: after 10 s the question, after 5 more everything resets.
    k.send("1");
    k.wait_for("株洲市：请选择部分");
    k.wait_for("还需要更多时间吗？");
    let asked = Instant::now();
    k.wait_for("请选择城市或指南");
    assert!(asked.elapsed() >= Duration::from_secs(3));
    assert!(!k.text().contains("还需要更多时间吗"));

    // The operator: F12, the PIN, then 退出程序.
    k.send("\x1b[24~");
    k.wait_for("请输入密码");
    k.send("2468\r");
    k.wait_for("运维菜单");
    k.send("5");
    let deadline = Instant::now() + Duration::from_secs(10);
    while k.alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = k.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(200));
    let raw = String::from_utf8_lossy(&k.raw.lock().unwrap()).into_owned();
    for restore in ["\x1b[?1049l", "\x1b[?25h", "\x1b[?1000l"] {
        assert!(
            raw.contains(restore),
            "the terminal was not given back: {restore:?} missing"
        );
    }
    assert!(!k.screen.lock().unwrap().screen().alternate_screen());
}

#[test]
fn a_qr_page_shows_the_channels_url() {
    let tmp = tempfile::tempdir().unwrap();
    let mut k = Kiosk::start(&config(tmp.path()), COLS, ROWS);
    k.wait_for("永州市");
    common::yongzhou_item(&mut k);
    k.send("c");
    k.wait_for("http://www.yzylbzj.com/pss-");
    k.wait_for("请用手机扫描二维码");
    // A window shrunk too far says so, and the page comes back with it.
    k.resize(20, 8);
    k.wait_for("窗口太小");
    k.resize(COLS, ROWS);
    k.wait_for("请用手机扫描二维码");
}

#[test]
fn sigterm_from_a_supervisor_ends_the_kiosk_and_gives_the_terminal_back() {
    let tmp = tempfile::tempdir().unwrap();
    let mut k = Kiosk::start(&config(tmp.path()), COLS, ROWS);
    k.wait_for("请选择城市或指南");
    let pid = k.child.process_id().expect("a pid");
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    while k.alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!k.alive(), "still running 5 s after SIGTERM");
    std::thread::sleep(Duration::from_millis(200));
    let raw = String::from_utf8_lossy(&k.raw.lock().unwrap()).into_owned();
    assert!(
        raw.contains("\x1b[?1049l") && raw.contains("\x1b[?25h"),
        "terminal not restored"
    );
}

/// Start-up opens the ratings folder and repairs its day files: a FIFO or a
/// symlink to /dev/zero there must neither hang it nor stop it, and a rating
/// that cannot be written waits in memory and is shown to the operator.
#[test]
fn a_hostile_ratings_folder_neither_hangs_nor_stops_the_kiosk() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path().join("r");
    std::fs::create_dir(&r).unwrap();
    let hall_day = |days: i64| {
        let now = chrono::Utc::now() + chrono::Duration::hours(8 - 24 * days);
        r.join(format!("{}.jsonl", now.format("%Y-%m-%d")))
    };
    let fifo = std::process::Command::new("mkfifo")
        .arg(hall_day(0))
        .status();
    assert!(fifo.unwrap().success(), "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", hall_day(1)).unwrap();
    std::fs::write(hall_day(2), vec![b'x'; 3 << 20]).unwrap();
    let mut k = Kiosk::start(&config(tmp.path()), COLS, ROWS);
    k.wait_for("请选择城市或指南");
    k.tap("评价本厅服务");
    k.send("1");
    k.wait_for("评价已收到，系统正在暂存");
    k.send("\r");
    k.send("\x1b[24~");
    k.send("2468\r");
    k.wait_for("日志错误：1条评价已暂存于");
    assert!(k.alive());
}

/// Three wrong PINs lock the pad for a minute, and a restart (a supervisor,
/// or someone pulling the plug) does not give three more tries.
#[test]
fn the_pin_lock_holds_across_a_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let config = config(tmp.path());
    let mut k = Kiosk::start(&config, COLS, ROWS);
    k.wait_for("请选择城市或指南");
    k.send("\x1b[24~");
    k.wait_for("请输入密码");
    for _ in 0..3 {
        k.send("1111\r");
        k.wait_for("密码错误");
    }
    let guard = tmp.path().join("logs/pin-guard.json");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(&guard).is_ok_and(|g| g.contains("\"locked_until\":\"")) {
        assert!(Instant::now() < deadline, "the lock was never kept");
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = k.child.process_id().unwrap().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    assert!(k.child.wait().unwrap().success());

    let mut k = Kiosk::start(&config, COLS, ROWS);
    k.wait_for("请选择城市或指南");
    k.send("\x1b[24~");
    k.wait_for("请输入密码");
    k.send("2468\r");
    k.wait_for("输入错误次数过多，请一分钟后再试");
}
