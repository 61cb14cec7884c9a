//! Rating: the five levels, then reasons for a 差评, and where to complain.

use ratatui::layout::Rect;
use ratatui::style::Style;

use super::super::layout::{self};
use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::buttons::bottom_bar;
use crate::app::{Action, App, RateStep, RateTarget};
use crate::ratings::{About, Level, Reason};
use crate::text;

/// What is being rated, as the question names it: “单位参保登记” or 本厅.
pub fn subject(app: &App, target: RateTarget) -> String {
    match target {
        RateTarget::Item { guide, item } => app
            .item(guide, item)
            .map(|(_, i)| strings::quoted(&i.name))
            .unwrap_or_default(),
        RateTarget::Hall => strings::THE_HALL.into(),
    }
}

pub fn rate(app: &App, p: &mut Painter, area: Rect, target: RateTarget, step: &RateStep) {
    let subject = subject(app, target);
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
            let h = layout::target_height(area, p.large).min(3);
            y = reason_groups(p, inner, y, h, &app.opts.bad_reasons, chosen);
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

/// The reason tags under a heading per group (about the service, about the
/// item, other), in the list's order, which is grouped. Fewer per row, or
/// lower buttons, where that lets every label be read whole. Returns the
/// line below them.
fn reason_groups(
    p: &mut Painter,
    inner: Rect,
    mut y: u16,
    h: u16,
    reasons: &[Reason],
    chosen: &[bool],
) -> u16 {
    let groups: Vec<(About, usize, usize)> = About::ALL
        .into_iter()
        .filter_map(|about| {
            let first = reasons.iter().position(|r| r.about == about)?;
            let n = reasons.iter().filter(|r| r.about == about).count();
            Some((about, first, n))
        })
        .collect();
    let label = |i: usize| {
        let on = chosen.get(i).copied().unwrap_or(false);
        (on, strings::reason_tag(on, i + 1, &reasons[i].label))
    };
    // Room for the headings, the supervision line and the 提交 bar.
    let room = inner
        .bottom()
        .saturating_sub(y + groups.len() as u16 + 3 + h);
    let most = if inner.width >= 60 { 3 } else { 2 };
    let shape = |per_row: usize| {
        let rows: u16 = groups.iter().map(|g| g.2.div_ceil(per_row) as u16).sum();
        let h = (room / rows.max(1)).clamp(1, h);
        // As the painter lays a label out: broken only between words.
        let cell = (usize::from(inner.width) / per_row).saturating_sub(1);
        let (width, lines) = layout::label_room(cell as u16, h);
        let readable =
            (0..reasons.len()).all(|i| layout::label_lines(&label(i).1, width, lines).is_some());
        (per_row, h, readable)
    };
    let (per_row, h, _) = (1..=most)
        .rev()
        .map(shape)
        .find(|s| s.2)
        .unwrap_or_else(|| shape(most));
    for (about, first, n) in groups {
        p.text(
            inner,
            inner.x,
            y,
            strings::reason_group(about),
            p.palette.muted(),
        );
        y += 1;
        let height = (n.div_ceil(per_row) as u16 * h).min(inner.bottom().saturating_sub(y));
        let area = Rect::new(inner.x, y, inner.width, height);
        for (i, cell) in (first..first + n).zip(layout::grid(area, n, per_row)) {
            let (on, text) = label(i);
            let style = if on {
                p.palette.selected()
            } else {
                p.palette.row()
            };
            p.button(cell, &text, style, Action::ToggleReason(i));
        }
        y = area.bottom();
    }
    y + 1
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
