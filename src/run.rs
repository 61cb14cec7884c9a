//! The full-screen kiosk: a terminal guard, the event loop, and the effects
//! (the ratings log, reloading, export) the state machine asks for. Kept thin:
//! every decision is made in `app::update`.

mod effects;
mod terminal;

use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::Utc;
use ratatui::crossterm::event::{self, Event, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use crate::app::{self, Action, App, Clock, Options};
use crate::catalog::Problem;
use crate::config::Settings;
use crate::snapshot::Ready;
use crate::ui::{self, Hits};

use effects::Effects;
use terminal::TerminalGuard;

/// The longest the loop sleeps, so a SIGTERM is seen promptly.
const MAX_SLEEP: Duration = Duration::from_millis(500);
/// A second tap on the same target this soon is a touch screen's double fire.
const DOUBLE_TAP: Duration = Duration::from_millis(250);

pub fn run(settings: Settings, ready: Ready) -> Result<(), Vec<Problem>> {
    terminal::install_panic_hook(settings.log_dir());
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).map_err(|e| {
            vec![Problem::file(
                "kiosk".as_ref(),
                format!("cannot watch signals: {e}"),
            )]
        })?;
    }
    let mut effects = Effects::new(&settings, &ready.catalog.version);
    let mut term = TerminalGuard::enter().map_err(|e| {
        vec![Problem::file(
            "terminal".as_ref(),
            format!("cannot set up the terminal: {e}"),
        )]
    })?;
    let start = Instant::now();
    let clock = move || Clock {
        mono: start.elapsed(),
        wall: Utc::now(),
    };
    let size = term.size().unwrap_or_default();
    let mut app = App::with_index(
        ready.catalog,
        ready.index,
        Options::from_settings(&settings),
        Rect::new(0, 0, size.width, size.height),
        clock(),
    );
    effects.report_status(&mut app);
    let result = event_loop(&mut app, &mut term, &mut effects, &stop, &clock);
    drop(term);
    result.map_err(|e| vec![Problem::file("terminal".as_ref(), e.to_string())])
}

/// Reads terminal events on their own thread: crossterm's reader can spin
/// forever on a terminal that hung up, and the loop must still see a stop.
fn spawn_input() -> Receiver<io::Result<Event>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if tx.send(event).is_err() || failed {
                break;
            }
        }
    });
    rx
}

fn event_loop(
    app: &mut App,
    term: &mut TerminalGuard,
    effects: &mut Effects,
    stop: &AtomicBool,
    clock: &dyn Fn() -> Clock,
) -> io::Result<()> {
    let input = spawn_input();
    let mut hits = Hits::default();
    let mut last_tap: Option<(Duration, Action)> = None;
    while !stop.load(Ordering::Relaxed) {
        if app.dirty {
            hits = term.draw(|frame| ui::draw(app, frame))?;
            app.dirty = false;
        }
        let action = match input.recv_timeout(app.next_wakeup().min(MAX_SLEEP)) {
            Ok(event) => translate(app, event?, &hits, &mut last_tap, clock().mono),
            Err(RecvTimeoutError::Timeout) => Some(Action::Tick),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        let Some(action) = action else { continue };
        if action == Action::Tick {
            // A terminal that has gone (its window closed, its pty hung up)
            // answers no size: nobody is left to serve, so stop.
            if term.size().is_err() {
                return Ok(());
            }
            effects.retry(app);
        }
        let mut queue: VecDeque<_> = app::update(app, action, clock()).into();
        while let Some(effect) = queue.pop_front() {
            match effects.carry_out(effect, app) {
                effects::Outcome::Quit => return Ok(()),
                effects::Outcome::Then(result) => queue.extend(app::update(app, result, clock())),
            }
        }
    }
    Ok(())
}

/// A terminal event as an action; `None` for what is not a visitor at all
/// (the pointer moving, a button released). `now` is the monotonic clock,
/// passed in so the monkey test feeds events exactly as this loop does.
pub(crate) fn translate(
    app: &App,
    event: Event,
    hits: &Hits,
    last_tap: &mut Option<(Duration, Action)>,
    now: Duration,
) -> Option<Action> {
    match event {
        Event::Key(key) => app::key_action(app, key),
        Event::Mouse(m) if !app::mouse_is_activity(m.kind) => None,
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let action = hits.at(m.column, m.row).cloned().unwrap_or(Action::Ignored);
                let double = last_tap
                    .as_ref()
                    .is_some_and(|(t, a)| *a == action && now.saturating_sub(*t) < DOUBLE_TAP);
                *last_tap = Some((now, action.clone()));
                Some(if double { Action::Ignored } else { action })
            }
            MouseEventKind::ScrollUp => Some(Action::Move(-3)),
            MouseEventKind::ScrollDown => Some(Action::Move(3)),
            _ => Some(Action::Ignored),
        },
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => Some(Action::Ignored),
    }
}
