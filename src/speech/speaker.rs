//! Reading aloud through an external speech program (espeak-ng by default):
//! the text goes to the program's standard input, and the kiosk never waits
//! on it. Stopping kills the program's whole process group (a wrapper script
//! and the player it started too), and reaps it.

use std::io::{ErrorKind, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use crate::config::{Settings, Speech};

/// The speech program used when `kiosk.ron` names none and it is on PATH.
pub const DEFAULT_COMMAND: [&str; 3] = ["espeak-ng", "-v", "cmn"];

/// What the speaker is doing, for the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeechState {
    /// Nothing is being read: never started, finished, or stopped.
    Idle,
    Speaking,
    /// There is no speech program: none configured, or it is not installed.
    Unavailable(String),
    /// The program could not be run or ended with a failure.
    Failed(String),
}

impl SpeechState {
    /// Whether the screen should say 朗读不可用.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, SpeechState::Unavailable(_) | SpeechState::Failed(_))
    }
}

/// The speech command `kiosk.ron` asks for: its own, none (`Off`), or the
/// default one when that program is on PATH.
pub fn command(setting: &Speech) -> Option<Vec<String>> {
    match setting {
        Speech::Off => None,
        Speech::Command(argv) => Some(argv.clone()),
        Speech::Auto => which::which(DEFAULT_COMMAND[0])
            .ok()
            .map(|_| DEFAULT_COMMAND.map(String::from).to_vec()),
    }
}

/// One speech program, speaking at most one text at a time.
pub struct Speaker {
    command: Option<Vec<String>>,
    child: Option<Child>,
    state: SpeechState,
}

impl Speaker {
    /// A speaker running `command` (program and arguments); `None` speaks nothing.
    pub fn new(command: Option<Vec<String>>) -> Speaker {
        Speaker {
            command: command.filter(|argv| !argv.is_empty()),
            child: None,
            state: SpeechState::Idle,
        }
    }

    pub fn from_settings(settings: &Settings) -> Speaker {
        Speaker::new(command(&settings.config.speech))
    }

    /// Whether there is a speech program at all: the screens offer 朗读 only then.
    pub fn is_configured(&self) -> bool {
        self.command.is_some()
    }

    /// Starts reading `text`, stopping what was being read. Returns at once;
    /// [`Speaker::poll`] tells how it goes.
    pub fn speak(&mut self, text: &str) {
        self.stop();
        let Some(argv) = &self.command else {
            self.state = SpeechState::Unavailable("no speech program is configured".into());
            return;
        };
        // Its own process group, so that stopping reaches whatever it starts;
        // its output never reaches the kiosk's terminal.
        let spawned = Command::new(&argv[0])
            .args(&argv[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn();
        self.state = match spawned {
            Err(e) if e.kind() == ErrorKind::NotFound => {
                SpeechState::Unavailable(format!("{}: not found", argv[0]))
            }
            Err(e) => SpeechState::Failed(format!("{}: {e}", argv[0])),
            Ok(mut child) => {
                // A pipe holds 64 KiB: a writer thread keeps a long text from
                // blocking the caller. It ends when the text is written or
                // the program is killed (a broken pipe).
                if let Some(mut stdin) = child.stdin.take() {
                    let text = text.to_owned();
                    std::thread::spawn(move || stdin.write_all(text.as_bytes()));
                }
                self.child = Some(child);
                SpeechState::Speaking
            }
        };
    }

    /// Stops reading: kills the program and everything it started, and reaps it.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        if let Ok(pid) = i32::try_from(child.id()) {
            // The group may already be gone; there is nothing else to do then.
            let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
        }
        // The program itself, should its group not have been reachable.
        let _ = child.kill();
        let _ = child.wait();
        self.state = SpeechState::Idle;
    }

    /// How the reading goes, without waiting; a finished program is reaped.
    pub fn poll(&mut self) -> SpeechState {
        if let Some(child) = &mut self.child {
            let ended = match child.try_wait() {
                Ok(None) => None,
                Ok(Some(status)) if status.success() => Some(SpeechState::Idle),
                Ok(Some(status)) => Some(SpeechState::Failed(format!(
                    "{} ended: {status}",
                    self.command.as_ref().map_or("", |a| a[0].as_str())
                ))),
                Err(e) => Some(SpeechState::Failed(e.to_string())),
            };
            if let Some(state) = ended {
                self.child = None;
                self.state = state;
            }
        }
        self.state.clone()
    }
}

impl Drop for Speaker {
    /// Speech never outlives the kiosk.
    fn drop(&mut self) {
        self.stop();
    }
}
