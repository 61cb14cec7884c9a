//! Which of a visitor's actions would do anything on the screen now. The
//! drawing offers only those as tap targets and draws the others disabled,
//! so that no button is a dead end (返回 on Home, 删除 with nothing typed).
//! Paging is the drawing's to judge: it alone knows where the page ends.

use super::update::{MAX_PIN_DIGITS, MAX_QUERY_CHARS};
use super::{Action, App, RateStep, Screen};

impl App {
    /// Whether `action` would change what the visitor sees (or ask the
    /// runtime for something) on the current screen.
    pub fn acts(&self, action: &Action) -> bool {
        let screen = self.screen();
        let saving = matches!(
            screen,
            Screen::Rate {
                step: RateStep::Saving,
                ..
            }
        );
        match action {
            Action::Back => !matches!(screen, Screen::Home { .. }) && !saving,
            Action::GoHome => self.stack.len() > 1 && !saving,
            Action::OpenSearch => !matches!(screen, Screen::Search { .. }),
            Action::Rate | Action::RateHall => {
                !matches!(screen, Screen::Rate { .. } | Screen::Thanks { .. })
            }
            Action::EndVisit => !self.at_rest(),
            // The hidden corner and the chord open the PIN pad, but not over
            // the operator's own screens.
            Action::CornerTap | Action::OperatorChord => !screen.is_operator(),
            Action::Type(_) => {
                matches!(screen, Screen::Search { query, .. } if query.chars().count() < MAX_QUERY_CHARS)
            }
            Action::DeleteChar | Action::ClearQuery => {
                matches!(screen, Screen::Search { query, .. } if !query.is_empty())
            }
            Action::PinDigit(_) => matches!(
                screen,
                Screen::Pin { digits, error } if digits.len() < MAX_PIN_DIGITS || error.is_some()
            ),
            Action::PinBack => matches!(
                screen,
                Screen::Pin { digits, error } if !digits.is_empty() || error.is_some()
            ),
            _ => true,
        }
    }
}
