//! The real `kiosk` binary in a pseudo-terminal, read back through a
//! terminal emulator (vt100): shared by the end-to-end tests and the soak.

// Shared by several test files, each of which uses only part of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

pub mod escpos;
pub mod rawpty;

/// The standard output of `command`, which must succeed: otherwise the
/// test fails with its standard error.
pub fn stdout_of(command: &mut std::process::Command) -> String {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A sound file's length in seconds, as sox measures it.
pub fn audio_seconds(wav: &Path) -> f64 {
    let out = stdout_of(
        std::process::Command::new("sox")
            .args(["--i", "-D"])
            .arg(wav),
    );
    out.trim().parse().unwrap()
}

/// Whether `program` is installed; under CI (`CI=true`) its absence fails
/// the test, elsewhere the test says it skips.
pub fn have(program: &str) -> bool {
    if which::which(program).is_ok() {
        return true;
    }
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "{program} is needed in CI: apt-get install espeak-ng sox (see README)"
    );
    eprintln!("skipping: {program} is not installed (apt-get install espeak-ng sox)");
    false
}

pub struct Kiosk {
    pub screen: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Kept for resizing, and because the child's terminal ends with it.
    master: Box<dyn MasterPty + Send>,
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Kiosk {
    /// Starts `kiosk --config <config>` in a terminal of `cols`×`rows`.
    pub fn start(config: &Path, cols: u16, rows: u16) -> Kiosk {
        let pair = native_pty_system()
            .openpty(pty_size(cols, rows))
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kiosk"));
        cmd.arg("--config");
        cmd.arg(config);
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("kiosk starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        // No scrollback: only the screen matters, and it keeps memory flat.
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            rows.try_into().expect("rows"),
            cols.try_into().expect("cols"),
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
        Kiosk {
            screen,
            raw,
            writer,
            child,
            master: pair.master,
        }
    }

    pub fn text(&self) -> String {
        screen_text(&self.screen)
    }

    /// Waits until `needle` is on screen.
    pub fn wait_for(&self, needle: &str) {
        wait_on(&self.screen, needle);
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Resizes the terminal, as a window manager or a rotated screen does.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let (r, c) = (
            rows.try_into().expect("rows"),
            cols.try_into().expect("cols"),
        );
        // The emulator takes the new size first, and holds its lock while
        // the pty changes: the kiosk's full redraw for the new size must
        // never be read at the old one, or it wraps into garbage that the
        // later partial redraws never repair.
        let mut parser = self.screen.lock().unwrap();
        parser.screen_mut().set_size(r, c);
        self.master.resize(pty_size(cols, rows)).unwrap();
        drop(parser);
        std::thread::sleep(Duration::from_millis(150));
    }

    /// The cell (row, col) where `needle` starts on screen.
    pub fn find(&self, needle: &str) -> Option<(u16, u16)> {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        for row in 0..rows.get() {
            let mut line = String::new();
            let mut at = Vec::new();
            for col in 0..cols.get() {
                let cell = screen.cell(row, col)?;
                if cell.is_wide_continuation() {
                    continue;
                }
                for _ in cell.contents().chars() {
                    at.push(col);
                }
                line.push_str(if cell.has_contents() {
                    cell.contents()
                } else {
                    " "
                });
                if !cell.has_contents() {
                    at.push(col);
                }
            }
            if let Some(byte) = line.find(needle) {
                let index = line[..byte].chars().count();
                return Some((row, at[index]));
            }
        }
        None
    }

    /// Taps `needle` as a touch screen does: an SGR press and release.
    pub fn tap(&mut self, needle: &str) {
        self.wait_for(needle);
        let (row, col) = self.find(needle).unwrap();
        self.tap_at(row, col);
    }

    /// Taps the cell at `row`, `col` (from 0).
    pub fn tap_at(&mut self, row: u16, col: u16) {
        let (x, y) = (col + 1, row + 1);
        self.send(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
    }

    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        // A failed test must not leave a kiosk behind.
        let _ = self.child.kill();
    }
}

/// From Home, opens 永州市's 单位参保登记 (part 1, item 1), which has an
/// online address.
pub fn yongzhou_item(k: &mut Kiosk) {
    k.tap("永州市");
    k.wait_for("永州市：请选择部分");
    k.send("1");
    k.wait_for("单位参保登记");
    k.send("1");
    k.wait_for("【受理单位】");
}

/// What a terminal emulator shows.
pub fn screen_text(screen: &Mutex<vt100::Parser>) -> String {
    screen.lock().unwrap().screen().contents()
}

/// Waits until `needle` is on `screen`, 20 s at most: otherwise the test
/// fails with what the screen shows.
pub fn wait_on(screen: &Mutex<vt100::Parser>, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if screen_text(screen).contains(needle) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "timed out waiting for {needle:?}; the screen shows:\n{}",
        screen_text(screen)
    );
}

/// A kiosk.ron in `dir` for the shipped catalog: home guide 株洲市, idle
/// question after 10 s and reset 5 s later, the shipped PIN (2468).
pub fn config(dir: &Path) -> PathBuf {
    config_for(dir, &Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog"))
}

/// [`config`] for the catalog folder `catalog`.
pub fn config_for(dir: &Path, catalog: &Path) -> PathBuf {
    config_with(dir, catalog, "")
}

/// [`config`] with more fields (`speech: Off, printer: (…)`), written as
/// they go in kiosk.ron.
pub fn config_plus(dir: &Path, fields: &str) -> PathBuf {
    config_with(
        dir,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog"),
        fields,
    )
}

/// [`config_for`] with more fields (`"catalog_check_secs: 1,"`).
pub fn config_with(dir: &Path, catalog: &Path, fields: &str) -> PathBuf {
    let path = dir.join("kiosk.ron");
    std::fs::write(
        &path,
        format!(
            "(hall_name: \"测试大厅\", catalog: {:?}, home_guide: \"zhuzhou\", home_district: \"市本级\",
              idle_timeout_secs: 10, idle_warning_secs: 5, ratings_dir: \"r\", log_dir: \"logs\",
              {fields}
              operator_pin_hash: {:?})",
            catalog.display().to_string(),
            include_str!("../../kiosk.ron")
                .lines()
                .find_map(|l| l.trim().strip_prefix("operator_pin_hash: \"")?.strip_suffix("\",").map(str::to_string))
                .expect("the shipped kiosk.ron has a PIN hash"),
        ),
    )
    .unwrap();
    path
}
