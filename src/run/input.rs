//! Terminal input on its own thread, ending when the terminal goes away.
//!
//! crossterm parses the bytes into events, but cannot tell a terminal that
//! hung up from one that is quiet: its reader then spins at full speed (a
//! pty whose master closed answers every poll with POLLHUP and every read
//! with nothing). So this thread waits on the terminal itself, with a
//! level-triggered `poll` that sees the hang-up, and asks crossterm for
//! events only when there is input (or a resize) to read.

use std::fs::File;
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};
use rustix::event::{PollFd, PollFlags, poll};

/// What the input thread reports.
#[derive(Debug)]
pub enum Input {
    Event(Event),
    /// The terminal hung up or failed; the thread has ended.
    Gone(String),
}

/// How long crossterm may wait for the rest of an escape sequence whose
/// first bytes have arrived.
const SEQUENCE_WAIT: Duration = Duration::from_millis(1);

/// Starts the input thread. It ends when the terminal goes (after sending
/// [`Input::Gone`]) or when the receiver is dropped.
pub fn spawn() -> io::Result<Receiver<Input>> {
    let tty = Tty::open()?;
    // crossterm sets its reader up on first use: now, while the terminal is
    // surely there, and so that a terminal it cannot read fails the start.
    event::poll(Duration::ZERO)?;
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            if let Err(why) = serve(&tty, &tx) {
                let _ = tx.send(Input::Gone(why));
            }
        })?;
    Ok(rx)
}

/// The terminal crossterm reads (standard input when it is a terminal, else
/// /dev/tty), and a pipe that a SIGWINCH writes to, so a resize wakes the
/// thread as input does.
struct Tty {
    fd: OwnedFd,
    winch: UnixStream,
}

impl Tty {
    fn open() -> io::Result<Tty> {
        let stdin = rustix::stdio::stdin();
        let fd = if rustix::termios::isatty(stdin) {
            rustix::io::dup(stdin)?
        } else {
            File::open("/dev/tty")?.into()
        };
        let (winch, wake) = UnixStream::pair()?;
        winch.set_nonblocking(true)?;
        wake.set_nonblocking(true)?;
        signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, wake)?;
        Ok(Tty { fd, winch })
    }
}

/// Forwards events until the terminal goes (`Err` says how) or nobody
/// listens any more (`Ok`).
fn serve(tty: &Tty, tx: &Sender<Input>) -> Result<(), String> {
    loop {
        let ready = wait(tty.fd.as_fd(), tty.winch.as_fd()).map_err(|e| format!("poll: {e}"))?;
        let mut resized = false;
        // What the terminal still holds is read before a hang-up counts.
        while event::poll(SEQUENCE_WAIT).map_err(|e| format!("read: {e}"))? {
            let event = event::read().map_err(|e| format!("read: {e}"))?;
            resized |= matches!(event, Event::Resize(..));
            if tx.send(Input::Event(event)).is_err() {
                return Ok(());
            }
        }
        if ready.winch {
            drain(&tty.winch);
            // crossterm reports a resize too, unless its own watch on the
            // signal was not set up yet.
            if !resized && let Ok(size) = rustix::termios::tcgetwinsize(&tty.fd) {
                let event = Event::Resize(size.ws_col, size.ws_row);
                if tx.send(Input::Event(event)).is_err() {
                    return Ok(());
                }
            }
        }
        if ready.gone {
            return Err("the terminal hung up".into());
        }
    }
}

struct Ready {
    winch: bool,
    /// Hung up, or no longer a terminal at all.
    gone: bool,
}

/// Blocks until the terminal has input or hangs up, or a resize comes.
fn wait(tty: BorrowedFd, winch: BorrowedFd) -> io::Result<Ready> {
    let mut fds = [
        PollFd::new(&tty, PollFlags::IN),
        PollFd::new(&winch, PollFlags::IN),
    ];
    loop {
        match poll(&mut fds, None) {
            Ok(_) => break,
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    let tty = fds[0].revents();
    Ok(Ready {
        winch: fds[1].revents().contains(PollFlags::IN),
        gone: tty.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
    })
}

/// Empties the resize pipe (one byte per signal).
fn drain(pipe: &UnixStream) {
    let mut buf = [0u8; 64];
    while matches!(io::Read::read(&mut &*pipe, &mut buf), Ok(n) if n > 0) {}
}
