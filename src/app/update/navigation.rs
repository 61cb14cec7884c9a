//! Moving around: lists, pages, digits, Back and Home, an item's views.

use super::*;
use crate::search::Target;

pub(super) fn back(app: &mut App) {
    match app.screen() {
        Screen::Home { .. } => {}
        Screen::Rate {
            then_home: true, ..
        } => app.stack.truncate(1),
        Screen::Rate {
            step: RateStep::Saving,
            ..
        } => {}
        Screen::Thanks { .. } => finish_thanks(app),
        _ => {
            app.stack.pop();
        }
    }
}

/// Home, offering once to rate the item being left.
pub(super) fn go_home(app: &mut App) {
    if let Some((guide, item)) = app.current_item() {
        let target = RateTarget::Item { guide, item };
        if !app.visit.rated.contains(&target) && app.visit.offered.insert(target) {
            start_rating(app, target, true);
            return;
        }
    }
    if !matches!(
        app.screen(),
        Screen::Rate {
            step: RateStep::Saving,
            ..
        }
    ) {
        app.stack.truncate(1);
    }
}

pub(super) fn selected_mut(screen: &mut Screen) -> Option<&mut usize> {
    match screen {
        Screen::Home { selected }
        | Screen::Guide { selected, .. }
        | Screen::Part { selected, .. }
        | Screen::Search { selected, .. }
        | Screen::Operator { selected } => Some(selected),
        _ => None,
    }
}

pub(super) fn scroll_mut(screen: &mut Screen) -> Option<&mut usize> {
    match screen {
        Screen::Item { scroll, .. }
        | Screen::Chart { scroll, .. }
        | Screen::Compare { scroll, .. }
        | Screen::OperatorMessages { scroll, .. }
        | Screen::SetupNotice { scroll, .. } => Some(scroll),
        _ => None,
    }
}

/// Moves the list selection or scrolls the text by `d` (lines or entries).
pub(super) fn shift(app: &mut App, d: i64) {
    let len = app.list_len();
    let max_scroll = app.viewport.max_scroll();
    let screen = top(app);
    if let Some(sel) = selected_mut(screen) {
        *sel = (*sel as i64 + d).clamp(0, len.saturating_sub(1) as i64) as usize;
    } else if let Some(scroll) = scroll_mut(screen) {
        *scroll = (*scroll as i64 + d).clamp(0, max_scroll as i64) as usize;
    }
}

pub(super) fn move_by(app: &mut App, d: i32) {
    if matches!(app.screen(), Screen::Channels { .. }) {
        turn_channel(app, d);
    } else {
        shift(app, i64::from(d));
    }
}

pub(super) fn page_by(app: &mut App, d: i32) {
    let step = if scroll_mut(&mut app.screen().clone()).is_some() {
        app.viewport.text_rows
    } else {
        app.viewport.list_page
    };
    let step = step.max(1);
    move_by_page(app, i64::from(d) * step as i64);
}

pub(super) fn move_by_page(app: &mut App, d: i64) {
    if matches!(app.screen(), Screen::Channels { .. }) {
        turn_channel(app, d.signum() as i32);
    } else {
        shift(app, d);
    }
}

/// Digit n picks the n-th entry drawn on the current page.
pub(super) fn pick(app: &mut App, n: usize) -> Vec<Effect> {
    match app.screen() {
        Screen::Rate {
            step: RateStep::Level,
            ..
        } => match Level::from_key(n as u8 + 1) {
            Some(level) => choose_level(app, level),
            None => Vec::new(),
        },
        Screen::Rate {
            step: RateStep::Reasons { .. },
            ..
        } => {
            toggle_reason(app, n);
            Vec::new()
        }
        screen => {
            let Some(sel) = selected_mut(&mut screen.clone()).copied() else {
                return Vec::new();
            };
            let page = app.viewport.list_page.max(1);
            choose(app, sel / page * page + n)
        }
    }
}

pub(super) fn open_selected(app: &mut App) -> Vec<Effect> {
    match app.screen().clone() {
        Screen::Pin { .. } => check_pin(app),
        Screen::Rate {
            step: RateStep::Reasons { .. },
            ..
        } => submit(app),
        Screen::Thanks { .. } | Screen::Notice { .. } => {
            back(app);
            Vec::new()
        }
        mut screen => match selected_mut(&mut screen) {
            Some(sel) => {
                let sel = *sel;
                choose(app, sel)
            }
            None => Vec::new(),
        },
    }
}

/// Opens entry `i` of the list on screen.
pub(super) fn choose(app: &mut App, i: usize) -> Vec<Effect> {
    if i >= app.list_len() {
        return Vec::new();
    }
    if let Some(sel) = selected_mut(top(app)) {
        *sel = i;
    }
    match app.screen().clone() {
        Screen::Home { .. } => open_city(app, app.guide_order[i]),
        Screen::Guide { guide, .. } => app.stack.push(Screen::Part {
            guide,
            part: i,
            selected: 0,
        }),
        Screen::Part { guide, part, .. } => {
            if let Some(&item) = app.part_items(guide, part).get(i) {
                app.stack.push(Screen::Item {
                    guide,
                    item,
                    scroll: 0,
                });
            }
        }
        Screen::Search { hits, .. } => open_target(app, hits[i].target),
        Screen::Operator { .. } => return operator_choice(app, i),
        Screen::Rate {
            step: RateStep::Level,
            ..
        } => return choose_level(app, Level::ALL[i]),
        Screen::Rate {
            step: RateStep::Reasons { .. },
            ..
        } => toggle_reason(app, i),
        _ => {}
    }
    Vec::new()
}

/// A guide with a single part opens straight on its items.
pub(super) fn open_city(app: &mut App, guide: usize) {
    let parts = app.guide(guide).map_or(0, |c| c.parts.len());
    app.stack.push(if parts == 1 {
        Screen::Part {
            guide,
            part: 0,
            selected: 0,
        }
    } else {
        Screen::Guide { guide, selected: 0 }
    });
}

pub(super) fn open_target(app: &mut App, target: Target) {
    match target {
        Target::Guide { guide } => open_city(app, guide),
        Target::Part { guide, part } => app.stack.push(Screen::Part {
            guide,
            part,
            selected: 0,
        }),
        Target::Item { guide, item } => app.stack.push(Screen::Item {
            guide,
            item,
            scroll: 0,
        }),
    }
}

/// From any item screen, opens another view of the same item (replacing a
/// sibling view, so Back returns to the item page).
pub(super) fn show(app: &mut App, make: impl Fn(usize, usize) -> Screen) {
    let Some((guide, item)) = app.current_item() else {
        return;
    };
    if !matches!(app.screen(), Screen::Item { .. }) {
        app.stack.pop();
    }
    let screen = make(guide, item);
    if matches!(screen, Screen::Compare { .. })
        && crate::document::lines::peers(&app.catalog, guide, item).len() < 2
    {
        app.stack.push(Screen::Item {
            guide,
            item,
            scroll: 0,
        });
        app.stack.push(Screen::Notice {
            notice: Notice::NothingToCompare,
        });
        return;
    }
    app.stack.push(screen);
}

/// On an item, scrolls to where field `n` of the jump row starts, as the
/// drawing last measured it.
pub(super) fn jump_to(app: &mut App, n: usize) {
    let (Some(Some(start)), Screen::Item { scroll, .. }) =
        (app.viewport.jumps.get(n).copied(), top(app))
    else {
        return;
    };
    *scroll = start;
}

/// The previous or next page of an item's channels, of as many as the
/// drawing last showed.
pub(super) fn turn_channel(app: &mut App, d: i32) {
    let last = app.viewport.pages.saturating_sub(1) as i64;
    if let Screen::Channels { page, .. } = top(app) {
        *page = (*page as i64 + i64::from(d)).clamp(0, last) as usize;
    }
}
