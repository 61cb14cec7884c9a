//! The real `kiosk` binary in a pseudo-terminal, read back through a
//! terminal emulator (vt100): navigation by keypad, search by pinyin
//! initials, taps as SGR mouse sequences, a rating written to the log,
//! lockdown against Ctrl-C and friends, the idle reset, and the operator's
//! exit restoring the terminal.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const COLS: u16 = 100;
const ROWS: u16 = 30;

struct Kiosk {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Kiosk {
    fn start(config: &Path) -> Kiosk {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kiosk"));
        cmd.arg("--config");
        cmd.arg(config);
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("kiosk starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            ROWS.try_into().unwrap(),
            COLS.try_into().unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (Arc::clone(&screen), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        // The master must outlive the child's use of the terminal.
        std::mem::forget(pair.master);
        Kiosk {
            screen,
            raw,
            writer,
            child,
        }
    }

    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until `needle` is on screen.
    fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting for {needle:?}; the screen shows:\n{}",
            self.text()
        );
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    /// The cell (row, col) where `needle` starts on screen.
    fn find(&self, needle: &str) -> Option<(u16, u16)> {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        for row in 0..ROWS {
            let mut line = String::new();
            let mut cols = Vec::new();
            for col in 0..COLS {
                let cell = screen.cell(row, col)?;
                if cell.is_wide_continuation() {
                    continue;
                }
                for _ in cell.contents().chars() {
                    cols.push(col);
                }
                line.push_str(if cell.has_contents() {
                    cell.contents()
                } else {
                    " "
                });
                if !cell.has_contents() {
                    cols.push(col);
                }
            }
            if let Some(byte) = line.find(needle) {
                let index = line[..byte].chars().count();
                return Some((row, cols[index]));
            }
        }
        None
    }

    /// Taps `needle` as a touch screen does: an SGR press and release.
    fn tap(&mut self, needle: &str) {
        self.wait_for(needle);
        let (row, col) = self.find(needle).unwrap();
        let (x, y) = (col + 1, row + 1);
        self.send(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        // A failed test must not leave a kiosk behind.
        let _ = self.child.kill();
    }
}

fn config(dir: &Path) -> PathBuf {
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let path = dir.join("kiosk.ron");
    std::fs::write(
        &path,
        format!(
            "(hall_name: \"测试大厅\", catalog: {:?}, home_city: \"zhuzhou\", home_district: \"市本级\",
              idle_timeout_secs: 10, idle_warning_secs: 5, ratings_dir: \"r\", log_dir: \"logs\",
              operator_pin_hash: {:?})",
            catalog.display().to_string(),
            include_str!("../kiosk.ron")
                .lines()
                .find_map(|l| l.trim().strip_prefix("operator_pin_hash: \"")?.strip_suffix("\",").map(str::to_string))
                .expect("the shipped kiosk.ron has a PIN hash"),
        ),
    )
    .unwrap();
    path
}

#[test]
fn a_visit_from_home_to_a_rating_and_the_operators_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let mut k = Kiosk::start(&config(tmp.path()));
    k.wait_for("请选择城市或指南");
    k.wait_for("株洲市");

    // Keypad: 1 = 株洲市 (the home city), 4 = 第四部分, 1 = its first item.
    k.send("1");
    k.wait_for("株洲市：请选择部分");
    k.send("4");
    k.wait_for("异地安置退休人员备案");
    k.send("1");
    k.wait_for("【受理单位】");
    k.wait_for("首页 › 株洲市 › 第四部分");
    k.send("f");
    k.wait_for("判断是否受理");
    k.send("c");
    k.wait_for("在微信中搜索公众号");
    k.send("\x1b");
    k.wait_for("【受理单位】");

    // Search by pinyin initials: 异地安置退休人员备案; the hall's own city first.
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
    let mut k = Kiosk::start(&config(tmp.path()));
    k.wait_for("永州市");
    k.tap("永州市");
    k.wait_for("永州市：请选择部分");
    k.send("1");
    k.wait_for("单位参保登记");
    k.send("1");
    k.wait_for("【受理单位】");
    k.send("c");
    k.wait_for("http://www.yzylbzj.com/pss-");
    k.wait_for("请用手机扫描二维码");
}

#[test]
fn sigterm_from_a_supervisor_ends_the_kiosk_and_gives_the_terminal_back() {
    let tmp = tempfile::tempdir().unwrap();
    let mut k = Kiosk::start(&config(tmp.path()));
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
