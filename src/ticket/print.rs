//! Sending a ticket to the printer off the calling thread, with a timeout,
//! and telling apart what went wrong: the screen words each kind for the
//! visitor (`ui::strings::print_failure`).

use std::fs::OpenOptions;
use std::io::{self, ErrorKind, Read, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use super::{Ticket, escpos};
use crate::config::Settings;

/// Where tickets go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// An ESC/POS printer's device file (`/dev/usb/lp0`), sent ESC/POS bytes.
    Device(PathBuf),
    /// A program and its arguments (`lp -d receipt`), fed plain UTF-8 text.
    Command(Vec<String>),
}

/// The receipt printer `kiosk.ron` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printer {
    pub output: Output,
    /// The paper's width in cells: 32 (58 mm) or 48 (80 mm).
    pub columns: usize,
    pub timeout: Duration,
}

/// Why a ticket was not printed, told apart as a visitor can act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintFailure {
    /// The device file or the program is not there.
    Missing(String),
    /// The printer is in use.
    Busy(String),
    /// Any other error: no paper, a jam, a failed command.
    Failed(String),
    /// No answer within the timeout.
    TimedOut,
}

impl PrintFailure {
    /// The detail for the operator's log.
    pub fn detail(&self) -> &str {
        match self {
            PrintFailure::Missing(d) | PrintFailure::Busy(d) | PrintFailure::Failed(d) => d,
            PrintFailure::TimedOut => "timed out",
        }
    }

    fn from_io(what: &str, e: &io::Error) -> PrintFailure {
        let detail = format!("{what}: {e}");
        match (e.kind(), e.raw_os_error().map(Errno::from_raw)) {
            (ErrorKind::NotFound, _) | (_, Some(Errno::ENODEV | Errno::ENXIO)) => {
                PrintFailure::Missing(detail)
            }
            (ErrorKind::WouldBlock, _) | (_, Some(Errno::EBUSY)) => PrintFailure::Busy(detail),
            _ => PrintFailure::Failed(detail),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintState {
    Printing,
    Done,
    Failed(PrintFailure),
}

/// A ticket on its way to the printer.
pub struct PrintJob {
    result: Receiver<Result<(), PrintFailure>>,
    deadline: Instant,
    /// A command's process group, killed when it overruns.
    group: Option<Pid>,
    state: PrintState,
}

impl Printer {
    /// The printer `kiosk.ron` configures, if any (`kiosk check` has
    /// validated it: exactly one output).
    pub fn from_settings(settings: &Settings) -> Option<Printer> {
        let p = settings.config.printer.as_ref()?;
        let output = match (&p.device, &p.command) {
            (Some(device), _) => Output::Device(settings.resolve(device)),
            (None, Some(argv)) if !argv.is_empty() => Output::Command(argv.clone()),
            _ => return None,
        };
        Some(Printer {
            output,
            columns: usize::from(p.columns),
            timeout: Duration::from_secs(p.timeout_secs),
        })
    }

    /// The bytes this printer is sent for `ticket`.
    pub fn bytes(&self, ticket: &Ticket) -> Vec<u8> {
        match self.output {
            Output::Device(_) => escpos::encode(ticket),
            Output::Command(_) => ticket.plain_text().into_bytes(),
        }
    }

    /// Starts printing `ticket` (composed for [`Printer::columns`]) and
    /// returns at once.
    pub fn start(&self, ticket: &Ticket) -> PrintJob {
        let (tx, result) = mpsc::channel();
        let bytes = self.bytes(ticket);
        let mut group = None;
        match &self.output {
            Output::Device(path) => {
                let path = path.clone();
                // A device that stops taking data blocks this thread, never
                // the screen; the job reports the timeout meanwhile.
                std::thread::spawn(move || tx.send(write_device(&path, &bytes)));
            }
            Output::Command(argv) => match spawn(argv) {
                Ok(mut child) => {
                    group = i32::try_from(child.id()).ok().map(Pid::from_raw);
                    let program = argv[0].clone();
                    std::thread::spawn(move || {
                        if let Some(mut stdin) = child.stdin.take() {
                            // A program that stops reading is judged by how it ends.
                            let _ = stdin.write_all(&bytes);
                        }
                        let mut stderr = String::new();
                        if let Some(mut e) = child.stderr.take() {
                            let _ = e.read_to_string(&mut stderr);
                        }
                        let ended = match child.wait() {
                            Ok(status) if status.success() => Ok(()),
                            Ok(status) => Err(PrintFailure::Failed(format!(
                                "{program} ended: {status}: {}",
                                stderr.lines().next().unwrap_or("").trim()
                            ))),
                            Err(e) => Err(PrintFailure::from_io(&program, &e)),
                        };
                        tx.send(ended)
                    });
                }
                Err(failure) => {
                    let _ = tx.send(Err(failure));
                }
            },
        }
        PrintJob {
            result,
            deadline: Instant::now() + self.timeout,
            group,
            state: PrintState::Printing,
        }
    }
}

fn write_device(path: &std::path::Path, bytes: &[u8]) -> Result<(), PrintFailure> {
    let what = path.display().to_string();
    // Never created: a missing printer must not become a file in /dev.
    let mut device = OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| PrintFailure::from_io(&what, &e))?;
    device
        .write_all(bytes)
        .and_then(|()| device.flush())
        .map_err(|e| PrintFailure::from_io(&what, &e))
}

/// The print command in its own process group (so a timeout can end all of
/// it), its output kept off the kiosk's terminal.
fn spawn(argv: &[String]) -> Result<std::process::Child, PrintFailure> {
    Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| PrintFailure::from_io(&argv[0], &e))
}

impl PrintJob {
    /// How the job stands, without waiting. Past the timeout a command is
    /// killed and the job has failed.
    pub fn poll(&mut self) -> PrintState {
        if self.state != PrintState::Printing {
            return self.state.clone();
        }
        self.state = match self.result.try_recv() {
            Ok(Ok(())) => PrintState::Done,
            Ok(Err(failure)) => PrintState::Failed(failure),
            Err(TryRecvError::Disconnected) => {
                PrintState::Failed(PrintFailure::Failed("the print thread ended".into()))
            }
            Err(TryRecvError::Empty) if Instant::now() >= self.deadline => {
                if let Some(group) = self.group.take() {
                    // Its thread then reaps it.
                    let _ = killpg(group, Signal::SIGKILL);
                }
                PrintState::Failed(PrintFailure::TimedOut)
            }
            Err(TryRecvError::Empty) => PrintState::Printing,
        };
        self.state.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_errors_are_classified_for_the_visitor() {
        let class = |errno: Errno| PrintFailure::from_io("/dev/usb/lp0", &io::Error::from(errno));
        assert!(matches!(class(Errno::ENOENT), PrintFailure::Missing(_)));
        assert!(matches!(class(Errno::ENODEV), PrintFailure::Missing(_)));
        assert!(matches!(class(Errno::EBUSY), PrintFailure::Busy(_)));
        assert!(matches!(class(Errno::EAGAIN), PrintFailure::Busy(_)));
        let paper_out = class(Errno::EIO);
        assert!(matches!(paper_out, PrintFailure::Failed(_)));
        assert!(paper_out.detail().starts_with("/dev/usb/lp0: "));
    }
}
