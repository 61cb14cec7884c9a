//! Taking over the terminal and giving it back on every way out: normal
//! exit, an error, a signal, a terminal that went away, or a panic (whose
//! report goes to a file, never to the screen a visitor is looking at).

use std::io::{self, Stdout, Write, stdout};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Size;

use super::journal;
use crate::ui::Drawn;

/// Whether the terminal is ours now; restoring happens once, and only after
/// entering (so nothing is sent to a terminal that was never changed).
static ENTERED: AtomicBool = AtomicBool::new(false);

/// The terminal, ours until dropped. Fields drop in order: the ratatui
/// terminal first, whose drop may complain on standard error when the
/// terminal is gone — which by then still goes to the event log.
pub struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    _stderr: StderrToLog,
}

impl TerminalGuard {
    /// Takes the terminal over; what the program or a library would print on
    /// standard error meanwhile goes to the event log in `log_dir`, never
    /// over the visitor's screen.
    pub fn enter(log_dir: &Path) -> io::Result<TerminalGuard> {
        let stderr = StderrToLog::new(log_dir);
        enable_raw_mode()?;
        ENTERED.store(true, Ordering::SeqCst);
        execute!(
            stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            cursor::Hide
        )?;
        let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
        Ok(TerminalGuard {
            terminal,
            _stderr: stderr,
        })
    }

    pub fn size(&self) -> io::Result<Size> {
        self.terminal.size()
    }

    /// Draws one frame inside a synchronized update, so the terminal shows
    /// it whole or not at all.
    pub fn draw(&mut self, paint: impl FnOnce(&mut ratatui::Frame) -> Drawn) -> io::Result<Drawn> {
        let mut drawn = Drawn::default();
        execute!(stdout(), BeginSynchronizedUpdate)?;
        let done = self.terminal.draw(|f| drawn = paint(f)).map(|_| ());
        execute!(stdout(), EndSynchronizedUpdate)?;
        done.map(|()| drawn)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Gives the terminal back: mouse off, main screen, cursor shown, cooked mode.
pub fn restore() {
    if ENTERED.swap(false, Ordering::SeqCst) {
        let _ = execute!(
            stdout(),
            DisableMouseCapture,
            LeaveAlternateScreen,
            cursor::Show
        );
        let _ = disable_raw_mode();
        let _ = stdout().flush();
    }
}

/// Standard error sent to the event log while it lives, then given back.
struct StderrToLog {
    /// The original standard error, when it was redirected.
    saved: Option<OwnedFd>,
}

impl StderrToLog {
    fn new(log_dir: &Path) -> StderrToLog {
        let redirected = journal::open_events(log_dir).ok().and_then(|log| {
            let saved = rustix::io::dup(rustix::stdio::stderr()).ok()?;
            rustix::stdio::dup2_stderr(&log).ok()?;
            Some(saved)
        });
        StderrToLog { saved: redirected }
    }
}

impl Drop for StderrToLog {
    fn drop(&mut self) {
        if let Some(saved) = self.saved.take() {
            let _ = rustix::stdio::dup2_stderr(&saved);
        }
    }
}

/// Replaces the panic hook: restore the terminal, then append the report to
/// `log_dir/panic.log` (bounded). Nothing is printed where visitors could see it.
pub fn install_panic_hook(log_dir: PathBuf) {
    std::panic::set_hook(Box::new(move |info| {
        restore();
        let report = format!(
            "{} kiosk panicked: {info}\n{}\n",
            chrono::Utc::now().to_rfc3339(),
            std::backtrace::Backtrace::force_capture()
        );
        let _ = journal::append(&log_dir, journal::PANICS, report.as_bytes());
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_reported_to_the_log_file() {
        let dir = tempfile::tempdir().unwrap();
        let previous = std::panic::take_hook();
        install_panic_hook(dir.path().join("logs"));
        let caught = std::panic::catch_unwind(|| panic!("测试崩溃"));
        std::panic::set_hook(previous);
        assert!(caught.is_err());
        let report = std::fs::read_to_string(dir.path().join("logs/panic.log")).unwrap();
        assert!(
            report.contains("kiosk panicked") && report.contains("测试崩溃"),
            "{report}"
        );
    }
}
