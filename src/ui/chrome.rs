//! What every screen has: the header with the hall and the time, where the
//! visitor is, the hint bar, the idle question, and the too-small notice.

use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::painter::Painter;
use super::screens::text::page_buttons;
use super::{layout, strings};
use crate::app::{Action, App, PrintStatus, Screen};
use crate::speech::SpeechState;
use crate::text;

pub(crate) fn too_small(p: &mut Painter, area: Rect) {
    let style = p.palette.header();
    p.fill(area, style);
    let mid = area.y + area.height / 2;
    p.centered(area, mid.saturating_sub(1), strings::TOO_SMALL, style);
    p.centered(area, mid, strings::CALL_STAFF, style);
}

pub(crate) fn header(app: &App, p: &mut Painter, area: Rect) {
    let note = note(app);
    // A note for the visitor turns the header into a yellow bar.
    let style = if note.is_some() {
        p.palette.overlay()
    } else {
        p.palette.header()
    };
    p.fill(area, style);
    let local = app.clock.wall.with_timezone(&app.opts.offset);
    let weekday =
        strings::WEEKDAYS[chrono::Datelike::weekday(&local).num_days_from_monday() as usize];
    let when = strings::date_time(
        &local.format("%Y年%m月%d日").to_string(),
        weekday,
        &local.format("%H:%M").to_string(),
    );
    let when_w = text::width(&when) as u16;
    let left = format!(" {}", note.unwrap_or(app.opts.hall_name.as_str()));
    // A note the clock would cut takes the whole bar.
    let clock = note.is_none() || text::width(&left) as u16 + when_w + 2 <= area.width;
    let room = if clock {
        area.width.saturating_sub(when_w + 2)
    } else {
        area.width
    };
    let left = text::truncate(&left, usize::from(room));
    p.text(
        area,
        area.x,
        area.y,
        &left,
        style.add_modifier(Modifier::BOLD),
    );
    if clock && area.width > when_w + 1 {
        p.text(area, area.right() - when_w - 1, area.y, &when, style);
    }
}

/// What the visitor is told of the printer and the speech program: the
/// ticket's progress and outcome, or that reading aloud does not work.
fn note(app: &App) -> Option<&'static str> {
    match &app.print {
        PrintStatus::Printing => return Some(strings::PRINTING),
        PrintStatus::Printed { .. } => return Some(strings::PRINTED),
        PrintStatus::Failed { failure, .. } => return Some(strings::print_failure(failure)),
        PrintStatus::Idle => {}
    }
    app.speech
        .is_unavailable()
        .then_some(strings::SPEECH_UNAVAILABLE)
}

/// 首页 › 株洲市 › …, cut from the left when too long so the end stays.
pub(crate) fn crumb(app: &App, p: &mut Painter, area: Rect) {
    let style = p.palette.crumb();
    p.fill(area, style);
    let parts = breadcrumb(app);
    // Text pages show where they are at the right of this bar.
    let position = if page_buttons(app.screen()).is_empty() {
        0
    } else {
        18
    };
    let room = usize::from(area.width.saturating_sub(2 + position));
    let mut shown = parts.join(" › ");
    let mut skip = 1;
    while text::width(&shown) > room && skip < parts.len() {
        shown = format!("… › {}", parts[skip..].join(" › "));
        skip += 1;
    }
    p.text(
        area,
        area.x + 1,
        area.y,
        &text::truncate(&shown, room),
        style,
    );
}

/// The hint bar: the same tappable keys on every screen (朗读 where the
/// hall has a speech program).
pub(crate) fn hints(app: &App, p: &mut Painter, area: Rect) {
    let style = p.palette.hint();
    p.fill(area, style);
    let rate = if app.current_item().is_some() {
        strings::RATE
    } else {
        strings::RATE_HALL
    };
    let mut keys = vec![
        ("Esc", strings::BACK, Action::Back),
        ("Home", strings::HOME, Action::GoHome),
        ("/", strings::SEARCH, Action::OpenSearch),
        ("r", rate, Action::Rate),
    ];
    if app.opts.speech {
        let read = if app.speech == SpeechState::Speaking {
            strings::STOP_READING
        } else {
            strings::READ_ALOUD
        };
        keys.push(("v", read, Action::ReadAloud));
    }
    let n = keys.len();
    for ((key, label, action), cell) in keys.into_iter().zip(layout::grid(area, n, n)) {
        // What would do nothing here (返回 on Home) is drawn faint, untappable.
        let live = app.acts(&action);
        let style = if live {
            p.palette.hint_button()
        } else {
            p.palette.hint_off()
        };
        p.fill(cell, style);
        let mid = cell.y + cell.height / 2;
        let both = format!("{key} {label}");
        let shown = if text::width(&both) + 2 <= usize::from(cell.width) {
            both
        } else {
            label.to_string()
        };
        p.centered(cell, mid, &shown, style.add_modifier(Modifier::BOLD));
        if live {
            p.targets.add(cell, action);
        }
    }
}

pub(crate) fn idle_overlay(p: &mut Painter, area: Rect, secs: u64) {
    let w = area.width.saturating_sub(4).min(44);
    let h = area.height.saturating_sub(2).min(11);
    let boxed = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    // The whole screen answers: any tap means 继续.
    p.targets.add(area, Action::Ignored);
    let style = p.palette.overlay();
    p.fill(boxed, style);
    p.centered(
        boxed,
        boxed.y + 1,
        strings::IDLE_QUESTION,
        style.add_modifier(Modifier::BOLD),
    );
    p.centered(boxed, boxed.y + 2, &strings::idle_countdown(secs), style);
    let button_h = layout::target_height(boxed, p.large)
        .min(boxed.height.saturating_sub(4))
        .max(1);
    let button = Rect::new(
        boxed.x + 2,
        boxed.bottom().saturating_sub(button_h + 1),
        w.saturating_sub(4),
        button_h,
    );
    p.button(
        button,
        strings::CONTINUE,
        p.palette.button(),
        Action::Ignored,
    );
}

/// Where the visitor is: 首页 › 株洲市 › ….
pub fn breadcrumb(app: &App) -> Vec<String> {
    let mut crumb = vec![strings::HOME.to_string()];
    let name = |guide: usize| app.guide(guide).map(|c| c.name.clone());
    let part_title = |guide: usize, part: usize| {
        app.guide(guide)
            .and_then(|c| c.parts.get(part))
            .map(|p| p.display_title())
    };
    let item = |guide: usize, item: usize| {
        app.item(guide, item)
            .map(|(c, i)| crate::document::sections::breadcrumb(c, i))
            .unwrap_or_default()
    };
    let (steps, last): (Vec<String>, Option<&str>) = match app.screen() {
        Screen::Home { .. } => (Vec::new(), None),
        Screen::Guide { guide, .. } => (name(*guide).into_iter().collect(), None),
        Screen::Part { guide, part, .. } => {
            let steps = name(*guide).into_iter().chain(part_title(*guide, *part));
            (steps.collect(), None)
        }
        Screen::Item {
            guide,
            item: i,
            scroll,
        } => {
            // Which field is at the top of the page as drawn now.
            let body = layout::bands(app.area).body;
            let page = super::screens::text::text_page(app, body);
            let field = page.and_then(|p| {
                p.section_at((*scroll).min(p.lines.len().saturating_sub(p.visible())))
            });
            (item(*guide, *i), field)
        }
        Screen::Chart { guide, item: i, .. } => (item(*guide, *i), Some(strings::CHART)),
        Screen::Channels { guide, item: i, .. } => (item(*guide, *i), Some(strings::ONLINE)),
        Screen::Compare { guide, item: i, .. } => (item(*guide, *i), Some(strings::COMPARE)),
        Screen::Search { .. } => (Vec::new(), Some(strings::FIND)),
        Screen::Rate { .. } | Screen::Thanks { .. } => (Vec::new(), Some(strings::RATING)),
        Screen::Notice { .. } => (Vec::new(), Some(strings::NOTICE)),
        Screen::SetupNotice { .. } => (Vec::new(), Some(strings::SETUP)),
        Screen::Pin { .. }
        | Screen::Operator { .. }
        | Screen::OperatorStats { .. }
        | Screen::OperatorMessages { .. }
        | Screen::ConfirmQuit
        | Screen::QrTest => (Vec::new(), Some(strings::OPERATOR)),
    };
    crumb.extend(steps);
    crumb.extend(last.map(String::from));
    crumb
}
