//! The operator's screens: the hidden gesture, the PIN pad and its lock,
//! the menu, and what its requests came to.

use super::*;

/// Wrong PINs before the pad locks, and for how long.
const PIN_TRIES: u32 = 3;
const PIN_LOCK_WALL: chrono::TimeDelta = chrono::TimeDelta::seconds(60);
/// Corner taps must come this close together to open the PIN pad.
const TAP_WINDOW: Duration = Duration::from_secs(3);
/// The longest PIN the pad takes.
pub(in crate::app) const MAX_PIN_DIGITS: usize = 12;

pub(super) fn corner_tap(app: &mut App) {
    let now = app.clock.mono;
    app.corner_taps
        .retain(|&t| now.saturating_sub(t) <= TAP_WINDOW);
    app.corner_taps.push(now);
    if app.corner_taps.len() >= app.opts.operator_taps as usize {
        app.corner_taps.clear();
        open_pin(app);
    }
}

pub(super) fn open_pin(app: &mut App) {
    if !app.screen().is_operator() {
        app.stack.push(Screen::Pin {
            digits: String::new(),
            error: None,
        });
    }
}

pub(super) fn pin_edit(app: &mut App, edit: impl FnOnce(&mut String)) {
    if let Screen::Pin { digits, error } = top(app) {
        edit(digits);
        *error = None;
    }
}

pub(super) fn pin_digit(app: &mut App, d: u8) {
    pin_edit(app, |digits| {
        if digits.len() < MAX_PIN_DIGITS {
            digits.push(char::from(b'0' + d % 10));
        }
    });
}

pub(super) fn check_pin(app: &mut App) -> Vec<Effect> {
    let now = app.clock.wall;
    let Screen::Pin { digits, .. } = app.screen().clone() else {
        return Vec::new();
    };
    // A lock longer than PIN_LOCK_WALL is a clock set back: it does not hold.
    let locked = app
        .pin_guard
        .locked_until
        .is_some_and(|t| now < t && t - now <= PIN_LOCK_WALL);
    let verdict = if locked {
        Err(PinError::Locked)
    } else {
        match app
            .opts
            .pin
            .as_deref()
            .and_then(crate::config::PinHash::parse)
        {
            None => Err(PinError::NotSet),
            Some(hash) if hash.verify(&digits) => Ok(()),
            Some(_) => Err(PinError::Wrong),
        }
    };
    let before = app.pin_guard;
    match verdict {
        Ok(()) => {
            app.pin_guard = PinGuard::default();
            *top(app) = Screen::Operator { selected: 0 };
        }
        Err(e) => {
            if e == PinError::Wrong {
                let guard = &mut app.pin_guard;
                guard.failures += 1;
                if guard.failures >= PIN_TRIES {
                    guard.failures = 0;
                    guard.locked_until = Some(now + PIN_LOCK_WALL);
                }
            }
            *top(app) = Screen::Pin {
                digits: String::new(),
                error: Some(e),
            };
        }
    }
    if app.pin_guard == before {
        Vec::new()
    } else {
        vec![Effect::SavePinGuard(app.pin_guard)]
    }
}

pub(super) fn operator_choice(app: &mut App, i: usize) -> Vec<Effect> {
    let Some(choice) = OperatorChoice::ALL.get(i) else {
        return Vec::new();
    };
    match choice {
        OperatorChoice::Reload => super::catalog::reload(app),
        OperatorChoice::Figures => vec![Effect::LoadFigures],
        OperatorChoice::Export => vec![Effect::ExportToday],
        OperatorChoice::QrTest => {
            app.stack.push(Screen::QrTest);
            Vec::new()
        }
        // Held ratings are safe in the spare file, or only in memory:
        // either way the operator should know before the program ends.
        OperatorChoice::Quit if app.status.held != Held::None => {
            app.stack.push(Screen::ConfirmQuit);
            Vec::new()
        }
        OperatorChoice::Quit => vec![Effect::Quit],
    }
}

/// What came of an operator's request, the raw messages below it.
pub(super) fn message(app: &mut App, message: Message, detail: Vec<String>) {
    app.stack.push(Screen::OperatorMessages {
        message,
        detail,
        scroll: 0,
    });
}
