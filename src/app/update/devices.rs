//! The hall's optional hardware: reading the screen aloud and printing the
//! 一次性告知单. The state machine decides what is read and printed and
//! when reading stops; the runtime runs the programs and reports back.

use super::*;
use crate::speech::SpeechState;

/// 朗读: reads the screen as last drawn, or stops the reading.
pub(super) fn read_aloud(app: &mut App) -> Vec<Effect> {
    if !app.opts.speech {
        return Vec::new();
    }
    if app.speech == SpeechState::Speaking {
        // `update` tells the runtime to stop.
        app.speech = SpeechState::Idle;
        return Vec::new();
    }
    // Until the runtime says otherwise: the 朗读 target turns into 停止 at once.
    app.speech = SpeechState::Speaking;
    vec![Effect::ReadAloud(Reading {
        screen: app.screen().clone(),
        shown: app.viewport.shown,
    })]
}

pub(super) fn speech_report(app: &mut App, state: SpeechState) {
    app.dirty |= app.speech != state;
    app.speech = state;
}

/// Which page the visitor is on, to stop reading when it changes: the
/// stack's depth and the kind of screen on top (scrolling, paging and a
/// moved selection stay on the page).
pub(super) fn page(app: &App) -> (usize, std::mem::Discriminant<Screen>) {
    (app.stack.len(), std::mem::discriminant(app.screen()))
}

/// After an action: a page left (or a reset) silences the reading, and a
/// reading the state machine ended is stopped in the runtime too.
pub(super) fn settle_speech(
    app: &mut App,
    was: (usize, std::mem::Discriminant<Screen>),
    was_speaking: bool,
    effects: &mut Vec<Effect>,
) {
    if page(app) != was && !matches!(app.speech, SpeechState::Idle) {
        // 朗读不可用 belongs to the page it was said on, too.
        app.speech = SpeechState::Idle;
        app.dirty = true;
    }
    let reading = effects.iter().any(|e| matches!(e, Effect::ReadAloud(_)));
    if was_speaking && app.speech != SpeechState::Speaking && !reading {
        effects.push(Effect::StopReading);
    }
}

/// 打印告知单: one ticket at a time, of the item on screen.
pub(super) fn print_ticket(app: &mut App) -> Vec<Effect> {
    let Some((guide, item)) = app.current_item() else {
        return Vec::new();
    };
    if !app.opts.printer || app.print == PrintStatus::Printing {
        return Vec::new();
    }
    app.print = PrintStatus::Printing;
    vec![Effect::PrintTicket { guide, item }]
}

/// The printer's answer; one that comes after a reset belongs to no visitor.
pub(super) fn printed(app: &mut App, result: Result<(), crate::ticket::PrintFailure>) {
    if app.print != PrintStatus::Printing {
        return;
    }
    let until = app.clock.mono + PRINTED_FOR;
    app.print = match result {
        Ok(()) => PrintStatus::Printed { until },
        Err(failure) => PrintStatus::Failed { failure, until },
    };
    app.dirty = true;
}

/// A print's outcome leaves the screen after a while.
pub(super) fn print_expiry(app: &mut App) {
    if let PrintStatus::Printed { until } | PrintStatus::Failed { until, .. } = app.print
        && app.clock.mono >= until
    {
        app.print = PrintStatus::Idle;
        app.dirty = true;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::app::tests::{app, at};
    use crate::app::*;
    use crate::speech::SpeechState;
    use crate::ticket::PrintFailure;

    /// The test app with a speech program and a printer.
    fn equipped() -> App {
        let mut app = app();
        app.opts.speech = true;
        app.opts.printer = true;
        app
    }

    fn act(app: &mut App, secs: u64, action: Action) -> Vec<Effect> {
        update(app, action, at(secs))
    }

    /// 示例市's first item, its page drawn showing fields 1 and 2.
    fn on_item(app: &mut App) {
        act(app, 1, Action::Choose(1));
        act(app, 1, Action::Choose(0));
        let shown = Shown { first: 1, end: 3 };
        act(
            app,
            1,
            Action::Viewport(Viewport {
                text_lines: 60,
                text_rows: 12,
                shown,
                ..Viewport::default()
            }),
        );
    }

    #[test]
    fn a_hall_with_neither_reads_nor_prints() {
        let mut app = app();
        on_item(&mut app);
        assert!(act(&mut app, 2, Action::ReadAloud).is_empty());
        assert!(act(&mut app, 2, Action::PrintTicket).is_empty());
        assert_eq!(app.speech, SpeechState::Idle);
        assert_eq!(app.print, PrintStatus::Idle);
    }

    #[test]
    fn reading_says_the_screen_and_what_of_it_was_drawn_and_a_second_tap_stops_it() {
        let mut app = equipped();
        on_item(&mut app);
        let screen = app.screen().clone();
        let effects = act(&mut app, 2, Action::ReadAloud);
        let shown = Shown { first: 1, end: 3 };
        assert_eq!(effects, [Effect::ReadAloud(Reading { screen, shown })]);
        assert_eq!(app.speech, SpeechState::Speaking);
        // The runtime says it speaks; scrolling stays on the page.
        assert!(act(&mut app, 2, Action::Speech(SpeechState::Speaking)).is_empty());
        assert!(act(&mut app, 3, Action::Move(1)).is_empty());
        assert_eq!(act(&mut app, 4, Action::ReadAloud), [Effect::StopReading]);
        assert_eq!(app.speech, SpeechState::Idle);
        // Once more reads again.
        assert!(matches!(
            act(&mut app, 5, Action::ReadAloud)[..],
            [Effect::ReadAloud(_)]
        ));
    }

    #[test]
    fn leaving_the_page_or_the_idle_reset_stops_the_reading() {
        let mut app = equipped();
        on_item(&mut app);
        act(&mut app, 2, Action::ReadAloud);
        assert_eq!(act(&mut app, 3, Action::Back), [Effect::StopReading]);
        assert_eq!(app.speech, SpeechState::Idle);
        // Opening a view of the item leaves the page too.
        act(&mut app, 4, Action::Choose(0));
        act(&mut app, 4, Action::ReadAloud);
        assert_eq!(act(&mut app, 5, Action::ShowChart), [Effect::StopReading]);

        // On Home nothing changes page at the reset: it stops all the same.
        let mut app = equipped();
        act(&mut app, 1, Action::ToggleLarge);
        act(&mut app, 2, Action::ReadAloud);
        assert!(app.next_wakeup() <= POLL, "the loop looks at the speech");
        let effects = act(&mut app, 2 + 90, Action::Tick);
        assert!(app.at_rest());
        assert_eq!(effects, [Effect::StopReading]);
    }

    #[test]
    fn a_reading_that_ends_or_cannot_start_is_not_stopped_and_unavailable_is_said_on_its_page() {
        let mut app = equipped();
        on_item(&mut app);
        act(&mut app, 2, Action::ReadAloud);
        assert!(act(&mut app, 9, Action::Speech(SpeechState::Idle)).is_empty());
        assert_eq!(app.speech, SpeechState::Idle);
        assert!(app.next_wakeup() > POLL);

        act(&mut app, 10, Action::ReadAloud);
        let missing = SpeechState::Unavailable("espeak-ng: not found".into());
        app.dirty = false;
        assert!(act(&mut app, 10, Action::Speech(missing.clone())).is_empty());
        assert!(app.dirty, "朗读不可用 is drawn");
        assert_eq!(app.speech, missing);
        // A tap tries again; leaving the page forgets it.
        assert!(matches!(
            act(&mut app, 11, Action::ReadAloud)[..],
            [Effect::ReadAloud(_)]
        ));
        act(&mut app, 11, Action::Speech(missing));
        assert!(act(&mut app, 12, Action::Back).is_empty());
        assert_eq!(app.speech, SpeechState::Idle);
    }

    #[test]
    fn one_ticket_at_a_time_and_its_outcome_said_for_a_while() {
        let mut app = equipped();
        // Not on Home: there is no item to print.
        assert!(act(&mut app, 1, Action::PrintTicket).is_empty());
        on_item(&mut app);
        let (guide, item) = app.current_item().unwrap();
        assert_eq!(
            act(&mut app, 2, Action::PrintTicket),
            [Effect::PrintTicket { guide, item }]
        );
        assert_eq!(app.print, PrintStatus::Printing);
        assert!(app.next_wakeup() <= POLL);
        assert!(
            act(&mut app, 3, Action::PrintTicket).is_empty(),
            "a second tap while printing"
        );
        // Leaving the item does not stop the ticket.
        act(&mut app, 4, Action::Back);
        act(&mut app, 5, Action::Printed(Err(PrintFailure::TimedOut)));
        let until = at(5).mono + PRINTED_FOR;
        assert_eq!(
            app.print,
            PrintStatus::Failed {
                failure: PrintFailure::TimedOut,
                until
            }
        );
        assert!(app.next_wakeup() <= PRINTED_FOR);
        act(&mut app, 5 + PRINTED_FOR.as_secs() - 1, Action::Tick);
        assert!(matches!(app.print, PrintStatus::Failed { .. }));
        act(&mut app, 5 + PRINTED_FOR.as_secs(), Action::Tick);
        assert_eq!(app.print, PrintStatus::Idle);
    }

    #[test]
    fn a_ticket_printed_after_the_reset_answers_no_one() {
        let mut app = equipped();
        on_item(&mut app);
        act(&mut app, 2, Action::PrintTicket);
        act(&mut app, 2, Action::EndVisit);
        assert_eq!(app.print, PrintStatus::Idle);
        act(&mut app, 3, Action::Printed(Ok(())));
        assert_eq!(app.print, PrintStatus::Idle);
        assert!(app.next_wakeup() > Duration::from_secs(1));
    }

    #[test]
    fn v_reads_on_every_screen_but_the_letter_pad_and_p_prints_on_an_item() {
        let key =
            |app: &App, c| key_action(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        let mut app = equipped();
        assert_eq!(key(&app, 'v'), Some(Action::ReadAloud));
        on_item(&mut app);
        assert_eq!(key(&app, 'v'), Some(Action::ReadAloud));
        assert_eq!(key(&app, 'p'), Some(Action::PrintTicket));
        act(&mut app, 2, Action::OpenSearch);
        assert_eq!(key(&app, 'v'), Some(Action::Type('v')));
    }
}
