//! Rating: the five levels, then reasons for a 差评, and where to complain.

use ratatui::layout::Rect;
use ratatui::style::Style;

use super::super::layout::{self};
use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::buttons::bottom_bar;
use crate::app::{Action, App, RateStep, RateTarget};
use crate::ratings::Level;
use crate::text;

pub fn rate(app: &App, p: &mut Painter, area: Rect, target: RateTarget, step: &RateStep) {
    let subject = match target {
        RateTarget::Item { guide, item } => app
            .item(guide, item)
            .map(|(_, i)| strings::quoted(&i.name))
            .unwrap_or_default(),
        RateTarget::Hall => strings::THE_HALL.into(),
    };
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let mut y = inner.y;
    let say = |p: &mut Painter, s: &str, style: Style, y: &mut u16| {
        for l in text::wrap(s, usize::from(inner.width)) {
            p.text(inner, inner.x, *y, &l, style);
            *y += 1;
        }
    };
    match step {
        RateStep::Level => {
            say(p, &strings::rate_what(&subject), p.palette.title(), &mut y);
            let h = layout::target_height(area, p.large);
            let buttons: Vec<(String, Action)> = Level::ALL
                .iter()
                .enumerate()
                .map(|(i, l)| (format!("{} {}", i + 1, l.label()), Action::ChooseLevel(*l)))
                .collect();
            // One row of five where every label fits whole, else a column:
            // never a shape that sets some levels apart from the others.
            let labels: Vec<&str> = buttons.iter().map(|(l, _)| l.as_str()).collect();
            let per_row = match layout::buttons_per_row(inner.width, &labels, h) {
                5 => 5,
                _ => 1,
            };
            let rows = 5usize.div_ceil(per_row) as u16;
            let grid_area = Rect::new(
                inner.x,
                y + 1,
                inner.width,
                (rows * h).min(inner.bottom().saturating_sub(y + 1)),
            );
            // Every level the same weight and none chosen beforehand: the
            // 好差评 rules forbid nudging the visitor either way.
            for ((label, action), cell) in buttons.iter().zip(layout::grid(grid_area, 5, per_row)) {
                p.button(cell, label, p.palette.button(), action.clone());
            }
            y = grid_area.bottom() + 1;
            say(p, strings::BAD_ARE_LAST, p.palette.muted(), &mut y);
            let phones = supervision_line(app, target);
            say(p, &strings::complain_to(&phones), p.palette.muted(), &mut y);
            let skip = Rect::new(
                inner.x,
                inner.bottom().saturating_sub(h.min(3)),
                inner.width.min(20),
                h.min(3),
            );
            if skip.y >= y {
                p.button(skip, strings::SKIP, p.palette.row(), Action::Skip);
            }
        }
        RateStep::Reasons { level, chosen } => {
            say(
                p,
                &strings::choose_reasons(level.label()),
                p.palette.title(),
                &mut y,
            );
            let reasons = &app.opts.bad_reasons;
            let h = layout::target_height(area, p.large).min(3);
            let labels: Vec<String> = reasons
                .iter()
                .enumerate()
                .map(|(i, r)| reason_label(false, i, r))
                .collect();
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            let per_row = layout::buttons_per_row(inner.width, &labels, h).min(3);
            let rows = reasons.len().div_ceil(per_row) as u16;
            let grid_area = Rect::new(
                inner.x,
                y,
                inner.width,
                (rows * h).min(inner.bottom().saturating_sub(y)),
            );
            for (i, cell) in layout::grid(grid_area, reasons.len(), per_row)
                .into_iter()
                .enumerate()
            {
                let on = chosen.get(i).copied().unwrap_or(false);
                let label = reason_label(on, i, &reasons[i]);
                let style = if on {
                    p.palette.selected()
                } else {
                    p.palette.row()
                };
                p.button(cell, &label, style, Action::ToggleReason(i));
            }
            y = grid_area.bottom() + 1;
            let phones = supervision_line(app, target);
            say(
                p,
                &strings::anonymous_complain_to(&phones),
                p.palette.line(crate::document::lines::Role::Own),
                &mut y,
            );
            let buttons = [
                (strings::SUBMIT, Action::Submit),
                (strings::SKIP, Action::Skip),
            ];
            bottom_bar(p, inner, y, &buttons);
        }
        RateStep::Saving => {
            p.centered(
                inner,
                inner.y + inner.height / 2,
                strings::SAVING,
                p.palette.title(),
            );
        }
    }
}

/// A reason tag's button: `[x] 2 等候时间长`.
fn reason_label(on: bool, i: usize, reason: &str) -> String {
    format!("{} {} {reason}", if on { "[x]" } else { "[ ]" }, i + 1)
}

/// The 监督电话 a visitor with a complaint should call: the hall's own
/// district's first, else every number the item lists.
pub fn supervision_line(app: &App, target: RateTarget) -> String {
    let RateTarget::Item { guide, item } = target else {
        let home = app.home_guide().and_then(|g| app.guide(g));
        return home
            .and_then(|c| c.items.iter().find_map(|i| i.supervision.as_ref()))
            .map(|s| phones_of(s, app.home_guide().and_then(|g| app.own_district(g))))
            .unwrap_or_else(|| strings::ASK_THE_WINDOW.into());
    };
    app.item(guide, item)
        .and_then(|(_, i)| i.supervision.as_ref())
        .map(|s| phones_of(s, app.own_district(guide)))
        .unwrap_or_else(|| strings::ASK_THE_WINDOW.into())
}

pub fn phones_of(s: &crate::catalog::Supervision, own: Option<&str>) -> String {
    let mine: Vec<&crate::catalog::Phone> = s
        .phones
        .iter()
        .filter(|p| p.district.as_deref() == own && own.is_some())
        .collect();
    let shown = if mine.is_empty() {
        s.phones.iter().collect()
    } else {
        mine
    };
    let list: Vec<String> = shown
        .iter()
        .map(|p| match p.district.as_deref().or(p.label.as_deref()) {
            Some(d) => format!("{d} {}", p.number),
            None => p.number.clone(),
        })
        .collect();
    if list.is_empty() {
        s.text
            .clone()
            .unwrap_or_else(|| strings::ASK_THE_WINDOW.into())
    } else {
        list.join("，")
    }
}
