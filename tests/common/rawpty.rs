//! The kiosk in a pseudo-terminal whose every descriptor the test holds, so
//! that the test can close the terminal for real (portable-pty keeps a copy
//! of the master in its reader). The kiosk may get the terminal as its
//! controlling terminal (closing it then sends SIGHUP) or run in a session
//! of its own without one (closing it then sends nothing: the kiosk must
//! see the hang-up on its own).

// Shared by several test files, each of which uses only part of it.
#![allow(dead_code)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rustix::event::{PollFd, PollFlags, poll};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};

pub struct RawKiosk {
    pub child: Child,
    master: Option<OwnedFd>,
    screen: Arc<Mutex<vt100::Parser>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

impl RawKiosk {
    /// Starts `kiosk --config <config>` in a `cols`×`rows` terminal; with
    /// `controlling`, the terminal is its controlling terminal.
    pub fn start(config: &Path, cols: u16, rows: u16, controlling: bool) -> RawKiosk {
        let master =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let slave = File::options()
            .read(true)
            .write(true)
            .open(name.to_str().unwrap())
            .unwrap();
        let size = rustix::termios::Winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        rustix::termios::tcsetwinsize(&slave, size).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosk"));
        cmd.arg("--config")
            .arg(config)
            .env("TERM", "xterm-256color")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe system calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                rustix::process::setsid()?;
                if controlling {
                    rustix::process::ioctl_tiocsctty(rustix::stdio::stdin())?;
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("kiosk starts");
        let (r, c) = (
            rows.try_into().expect("rows"),
            cols.try_into().expect("cols"),
        );
        let screen = Arc::new(Mutex::new(vt100::Parser::new(r, c, 0)));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = {
            let (screen, stop) = (Arc::clone(&screen), Arc::clone(&stop));
            let fd = master.try_clone().unwrap();
            std::thread::spawn(move || read_until_stopped(fd, &screen, &stop))
        };
        RawKiosk {
            child,
            master: Some(master),
            screen,
            stop,
            reader: Some(reader),
        }
    }

    pub fn text(&self) -> String {
        super::screen_text(&self.screen)
    }

    pub fn wait_for(&self, needle: &str) {
        super::wait_on(&self.screen, needle);
    }

    pub fn send(&self, bytes: &[u8]) {
        let master = self.master.as_ref().expect("the terminal is open");
        File::from(master.try_clone().unwrap())
            .write_all(bytes)
            .unwrap();
    }

    /// Closes the terminal: every descriptor of its master side.
    pub fn close(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.master = None;
    }

    /// The CPU time the kiosk has used, in clock ticks (1/100 s), read from
    /// /proc while it runs or is a zombie not yet waited for.
    pub fn cpu_ticks(&self) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        let after_name = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = after_name.split(' ').collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    }

    /// Whether the kiosk has ended (a zombie, not yet waited for, counts).
    pub fn ended(&self) -> bool {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id()));
        stat.map_or(true, |s| {
            s.rsplit(')')
                .next()
                .is_some_and(|r| r.trim_start().starts_with('Z'))
        })
    }
}

impl Drop for RawKiosk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        self.close();
        let _ = self.child.wait();
    }
}

fn read_until_stopped(master: OwnedFd, screen: &Mutex<vt100::Parser>, stop: &AtomicBool) {
    let mut file = File::from(master);
    let mut buf = [0u8; 8192];
    while !stop.load(Ordering::SeqCst) {
        let fd = file.as_fd();
        let mut fds = [PollFd::new(&fd, PollFlags::IN)];
        let timeout = rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 50_000_000,
        };
        if poll(&mut fds, Some(&timeout)).unwrap_or(0) == 0 {
            continue;
        }
        match file.read(&mut buf) {
            Ok(n) if n > 0 => screen.lock().unwrap().process(&buf[..n]),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}
