//! The full-screen kiosk: a terminal guard, the event loop, and the effects
//! (the ratings log, reloading, export) the state machine asks for. Kept thin:
//! every decision is made in `app::update`.

mod effects;
mod input;
mod journal;
mod loader;
mod terminal;

use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::Utc;
use ratatui::crossterm::event::{Event, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use crate::app::{self, Action, App, Clock, Options};
use crate::config::Settings;
use crate::snapshot::Ready;
use crate::ui::{self, TapTargets};

use effects::Effects;
use input::Input;
use terminal::TerminalGuard;

/// The longest the loop sleeps, so a SIGTERM is seen promptly.
const MAX_SLEEP: Duration = Duration::from_millis(500);
/// A second tap on the same target this soon is a touch screen's double fire.
const DOUBLE_TAP: Duration = Duration::from_millis(250);

/// How the event loop ended.
enum Ended {
    /// 退出程序 in the operator menu.
    Quit,
    /// SIGTERM, SIGINT or SIGHUP.
    Signal,
    /// The terminal hung up or can no longer be written: nobody is left to
    /// serve, and that is no error.
    TerminalGone(String),
}

/// Why the kiosk could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot watch signals: {0}")]
    Signals(io::Error),
    #[error("cannot read the terminal: {0}")]
    Input(io::Error),
    #[error("cannot set up the terminal: {0}")]
    Terminal(io::Error),
}

/// Runs the kiosk until the operator quits, a signal comes or the terminal
/// goes. `setup` lists what keeps this terminal from working as it should;
/// it is shown full screen at start, for whoever sees it first.
pub fn run(settings: Settings, ready: Ready, setup: Vec<String>) -> Result<(), Error> {
    let log_dir = settings.log_dir();
    terminal::install_panic_hook(log_dir.clone());
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).map_err(Error::Signals)?;
    }
    let mut effects = Effects::new(&settings, &ready.catalog.version);
    let input = input::spawn().map_err(Error::Input)?;
    let mut term = TerminalGuard::enter(&log_dir).map_err(Error::Terminal)?;
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
    )
    .with_pin_guard(effects::load_pin_guard(&settings))
    .with_setup_notice(setup);
    app::update(&mut app, Action::Status(effects.status()), clock());
    journal::write(&log_dir, "started");
    let ended = event_loop(&mut app, &mut term, &mut effects, &input, &stop, &clock);
    drop(term);
    let held = effects.finish();
    journal::write(
        &log_dir,
        &match ended {
            Ended::Quit => "ended by the operator".to_string(),
            Ended::Signal => "ended by a signal".to_string(),
            Ended::TerminalGone(why) => format!("ended: the terminal is gone ({why})"),
        },
    );
    if let Some(held) = held {
        journal::write(&log_dir, &held);
    }
    Ok(())
}

fn event_loop(
    app: &mut App,
    term: &mut TerminalGuard,
    effects: &mut Effects,
    input: &Receiver<Input>,
    stop: &AtomicBool,
    clock: &dyn Fn() -> Clock,
) -> Ended {
    let mut targets = TapTargets::default();
    let mut last_tap: Option<(Duration, Action)> = None;
    // Since the loop last stopped waiting: how long it has been busy.
    let mut woke = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        if app.dirty {
            let drawn = match term.draw(|frame| ui::draw(app, frame)) {
                Ok(drawn) => drawn,
                Err(e) => return Ended::TerminalGone(format!("drawing failed: {e}")),
            };
            app.dirty = false;
            targets = drawn.targets;
            // What was drawn decides what a digit picks and a page turn moves.
            if drawn.viewport != app.viewport {
                app::update(app, Action::Viewport(drawn.viewport), clock());
            }
            continue;
        }
        effects.loader.waiting(woke.elapsed());
        let sleep = app.next_wakeup().min(MAX_SLEEP);
        let action = match effects.loader.done() {
            Some(loaded) => Some(loaded),
            None => match input.recv_timeout(sleep.min(effects.loader.wait_at_most())) {
                Ok(Input::Event(event)) => {
                    translate(app, event, &targets, &mut last_tap, clock().mono)
                }
                Ok(Input::Gone(why)) => return Ended::TerminalGone(why),
                Err(RecvTimeoutError::Timeout) => Some(Action::Tick),
                Err(RecvTimeoutError::Disconnected) => {
                    return Ended::TerminalGone("the input thread ended".into());
                }
            },
        };
        woke = Instant::now();
        if let Some(action) = action {
            if action == Action::Tick {
                effects.retry();
            }
            if feed(app, effects, action, clock).is_err() {
                return Ended::Quit;
            }
        }
        // The speech program and the printer report at their own pace.
        for report in effects.poll() {
            if feed(app, effects, report, clock).is_err() {
                return Ended::Quit;
            }
        }
        let status = effects.status();
        if status != app.status {
            app::update(app, Action::Status(status), clock());
        }
    }
    Ended::Signal
}

/// Updates the state with `action` and carries out the effects, feeding
/// their results back; `Err` when one of them is to quit.
fn feed(
    app: &mut App,
    effects: &mut Effects,
    action: Action,
    clock: &dyn Fn() -> Clock,
) -> Result<(), ()> {
    let mut queue: VecDeque<_> = app::update(app, action, clock()).into();
    while let Some(effect) = queue.pop_front() {
        match effects.carry_out(effect, app) {
            effects::Outcome::Quit => return Err(()),
            effects::Outcome::Then(result) => queue.extend(app::update(app, result, clock())),
            effects::Outcome::Nothing => {}
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
    targets: &TapTargets,
    last_tap: &mut Option<(Duration, Action)>,
    now: Duration,
) -> Option<Action> {
    match event {
        Event::Key(key) => app::key_action(app, key),
        Event::Mouse(m) if !app::mouse_is_activity(m.kind) => None,
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let action = targets
                    .at(m.column, m.row)
                    .cloned()
                    .unwrap_or(Action::Ignored);
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

#[cfg(test)]
mod monkey;
