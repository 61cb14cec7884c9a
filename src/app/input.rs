//! Keys to actions. The same keys work on every screen (they are shown in
//! the hint bar); a numeric keypad alone reaches everything: digits pick,
//! Enter opens, Backspace goes back, + and − page.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::{Action, App, RateStep, Screen};

/// The action for a key press; keys that mean nothing here are `Ignored`
/// (they still count as the visitor being there). Nothing quits: Ctrl-C,
/// Ctrl-Z, Ctrl-\ and q arrive as plain keys in raw mode and are ignored.
pub fn key_action(app: &App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        // The operator's key chord.
        KeyCode::F(12) => Action::OperatorChord,
        KeyCode::Char('o' | 'O') if ctrl && alt => Action::OperatorChord,
        _ if ctrl || alt => Action::Ignored,
        KeyCode::Home => Action::GoHome,
        KeyCode::Esc => Action::Back,
        KeyCode::Up => Action::Move(-1),
        KeyCode::Down => Action::Move(1),
        KeyCode::Left => Action::Channel(-1),
        KeyCode::Right => Action::Channel(1),
        KeyCode::PageUp | KeyCode::Char('-') => Action::Page(-1),
        KeyCode::PageDown | KeyCode::Char('+') => Action::Page(1),
        KeyCode::Enter => Action::Open,
        code => screen_key(app, code),
    })
}

/// Keys whose meaning depends on the screen.
fn screen_key(app: &App, code: KeyCode) -> Action {
    let screen = app.screen();
    match (screen, code) {
        (Screen::Pin { .. }, KeyCode::Char(c @ '0'..='9')) => Action::PinDigit(c as u8 - b'0'),
        (Screen::Pin { .. }, KeyCode::Backspace) => Action::PinBack,
        (Screen::Search { .. }, KeyCode::Backspace) => Action::DeleteChar,
        (Screen::Search { .. }, KeyCode::Char(c)) if c.is_ascii_alphabetic() || c == ' ' => {
            Action::Type(c.to_ascii_lowercase())
        }
        (_, KeyCode::Backspace) => Action::Back,
        // On an item the digits are its jump row's: 4 = 办理材料.
        (Screen::Item { .. }, KeyCode::Char(c @ '1'..='9')) => {
            Action::JumpTo(usize::from(c as u8 - b'1'))
        }
        (_, KeyCode::Char(c @ '1'..='9')) => Action::Pick(usize::from(c as u8 - b'1')),
        (_, KeyCode::Char('/')) => Action::OpenSearch,
        (_, KeyCode::Char('v')) => Action::ReadAloud,
        (
            Screen::Rate {
                step: RateStep::Reasons { .. },
                ..
            },
            KeyCode::Char('0'),
        ) => Action::Submit,
        (
            Screen::Item { .. }
            | Screen::Chart { .. }
            | Screen::Channels { .. }
            | Screen::Compare { .. },
            KeyCode::Char(c),
        ) => match c {
            'f' => Action::ShowChart,
            'c' => Action::ShowChannels,
            'm' => Action::ShowCompare,
            'r' => Action::Rate,
            'p' => Action::PrintTicket,
            _ => Action::Ignored,
        },
        (_, KeyCode::Char('r')) => Action::Rate,
        _ => Action::Ignored,
    }
}

/// Pointer movement alone is not a visitor: only presses and the wheel count.
pub fn mouse_is_activity(kind: MouseEventKind) -> bool {
    !matches!(
        kind,
        MouseEventKind::Moved | MouseEventKind::Drag(_) | MouseEventKind::Up(_)
    )
}
