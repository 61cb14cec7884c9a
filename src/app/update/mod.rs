//! `update`: one action in, the next state and the effects out. Split by
//! concern: moving around, search, rating, and the operator's screens.

mod catalog;
mod devices;
mod navigation;
mod operator;
mod rating;
mod search;

use std::time::Duration;

use ratatui::layout::Rect;

use super::*;
use catalog::{found, reloaded, swap_if_idle};
use devices::*;
use navigation::*;
use operator::*;
use rating::*;
use search::*;

pub(super) use operator::MAX_PIN_DIGITS;
pub(super) use search::MAX_QUERY_CHARS;

pub fn update(app: &mut App, action: Action, clock: Clock) -> Vec<Effect> {
    app.clock = clock;
    if action.is_input() {
        app.last_input = clock.mono;
        app.dirty = true;
        // While the overlay asks 还需要更多时间吗？, any input is the answer.
        if app.idle_deadline.take().is_some() {
            return Vec::new();
        }
    }
    let (was, was_speaking) = (
        page(app),
        app.speech == crate::speech::SpeechState::Speaking,
    );
    let report = matches!(action, Action::Speech(_));
    let mut effects = apply(app, action);
    if !report {
        settle_speech(app, was, was_speaking, &mut effects);
    }
    effects
}

fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Tick => {
            tick(app);
            return swap_if_idle(app);
        }
        Action::Resize { width, height } => {
            app.area = Rect::new(0, 0, width, height);
            app.dirty = true;
        }
        Action::Ignored => {}
        Action::Back => back(app),
        Action::GoHome => go_home(app),
        Action::OpenSearch => open_search(app),
        Action::Move(d) => move_by(app, d),
        Action::Page(d) => page_by(app, d),
        Action::Pick(n) => return pick(app, n),
        Action::Choose(i) => return choose(app, i),
        Action::Open => return open_selected(app),
        Action::JumpTo(n) => jump_to(app, n),
        Action::ShowChart => show(app, |guide, item| Screen::Chart {
            guide,
            item,
            scroll: 0,
        }),
        Action::ShowChannels => show(app, |guide, item| Screen::Channels {
            guide,
            item,
            page: 0,
        }),
        Action::ShowCompare => show(app, |guide, item| Screen::Compare {
            guide,
            item,
            scroll: 0,
        }),
        Action::Channel(d) => turn_channel(app, d),
        Action::ToggleLarge => app.large = !app.large,
        Action::ReadAloud => return read_aloud(app),
        Action::PrintTicket => return print_ticket(app),
        Action::Type(c) => edit_query(app, |q| {
            if q.chars().count() < MAX_QUERY_CHARS {
                q.extend(c.to_lowercase());
            }
        }),
        Action::DeleteChar => edit_query(app, |q| {
            q.pop();
        }),
        Action::ClearQuery => edit_query(app, String::clear),
        Action::Rate => rate_here(app),
        Action::RateHall => start_rating(app, RateTarget::Hall, false),
        Action::ChooseLevel(level) => return choose_level(app, level),
        Action::ToggleReason(i) => toggle_reason(app, i),
        Action::Submit => return submit(app),
        Action::Skip => skip_rating(app),
        Action::EndVisit => reset(app),
        Action::CornerTap => corner_tap(app),
        Action::OperatorChord => open_pin(app),
        Action::PinDigit(d) => pin_digit(app, d),
        Action::PinBack => pin_edit(app, |d| {
            d.pop();
        }),
        Action::ExportToday if app.screen().is_operator() => {
            return vec![Effect::ExportToday];
        }
        Action::ExportToday => {}
        Action::ConfirmQuit if *app.screen() == Screen::ConfirmQuit => return vec![Effect::Quit],
        Action::ConfirmQuit => {}
        Action::Recorded(result) => recorded(app, result),
        Action::Reloaded(result) => return reloaded(app, result),
        Action::CatalogFound(news) => return found(app, news),
        Action::Exported(Ok(done)) => message(app, Message::Exported, vec![done]),
        Action::Exported(Err(e)) => message(app, Message::ExportFailed, vec![e]),
        Action::Figures(Ok(figures)) => app.stack.push(Screen::OperatorStats { figures }),
        Action::Figures(Err(e)) => message(app, Message::FiguresFailed, vec![e]),
        Action::Status(status) => {
            app.dirty |= app.status != status;
            app.status = status;
        }
        Action::Speech(state) => speech_report(app, state),
        Action::Printed(result) => printed(app, result),
        Action::Viewport(viewport) => measured(app, viewport),
    }
    Vec::new()
}

pub(super) fn top(app: &mut App) -> &mut Screen {
    if app.stack.is_empty() {
        app.stack.push(Screen::Home { selected: 0 });
    }
    let last = app.stack.len() - 1;
    &mut app.stack[last]
}

/// Back to Home with nothing of the visit left.
pub(super) fn reset(app: &mut App) {
    app.stack = vec![Screen::Home { selected: 0 }];
    app.visit = Visit::default();
    // What the visitor read is packed again: memory stays that of the catalog.
    app.catalog.forget_unpacked();
    app.large = false;
    app.idle_deadline = None;
    // Nothing of the visit is read or said on: `update` stops the reading,
    // and a ticket still printing answers no one.
    app.speech = crate::speech::SpeechState::Idle;
    app.print = PrintStatus::Idle;
    app.dirty = true;
}

fn tick(app: &mut App) {
    print_expiry(app);
    let now = app.clock.mono;
    if let Some(deadline) = app.idle_deadline {
        if now >= deadline {
            reset(app);
        }
        app.dirty = true; // the countdown moved
        return;
    }
    if let Screen::Thanks { until, .. } = *app.screen()
        && now >= until
    {
        finish_thanks(app);
        // The thank-you is gone: redraw, or its 继续 button stays on screen
        // and takes taps meant for the screen now under it.
        app.dirty = true;
    }
    if now.saturating_sub(app.last_input) >= app.opts.idle_timeout && !app.at_rest() {
        if app.stack.len() == 1 {
            // On Home there is nothing to ask about: start afresh quietly.
            reset(app);
        } else {
            app.idle_deadline = Some(now + app.opts.idle_warning);
            app.dirty = true;
        }
    }
    let minute = app.clock.wall.timestamp().div_euclid(60);
    if minute != app.shown_minute {
        app.shown_minute = minute;
        app.dirty = true;
    }
}

/// The drawing reports what it showed of the top screen: keep the
/// selection and the scroll within it (a resize, or Back revealing a page
/// scrolled at another size, may have left them past the end).
fn measured(app: &mut App, viewport: Viewport) {
    app.viewport = viewport;
    let len = app.list_len();
    let before = app.screen().clone();
    let screen = top(app);
    if let Some(scroll) = scroll_mut(screen) {
        *scroll = (*scroll).min(viewport.max_scroll());
    }
    if let Some(sel) = selected_mut(screen) {
        *sel = (*sel).min(len.saturating_sub(1));
    }
    if let Screen::Channels { page, .. } = screen {
        *page = (*page).min(viewport.pages.saturating_sub(1));
    }
    app.dirty |= *app.screen() != before;
}
