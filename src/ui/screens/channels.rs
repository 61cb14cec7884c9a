//! An item's online channels: one QR code a page, then those without an
//! address, grouped by district, on as many pages as they take.

use ratatui::layout::Rect;
use ratatui::style::Style;

use super::super::layout::{self};
use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::buttons::button_grid;
use super::super::widgets::qr::draw_qr;
use crate::app::{Action, App};
use crate::catalog::trust;
use crate::document::lines::Role;
use crate::document::online::{self, Listed};
use crate::qr::Qr;
use crate::{document::sections, text};

pub fn channels(app: &App, p: &mut Painter, area: Rect, guide: usize, item: usize, page: usize) {
    let Some((g, it)) = app.item(guide, item) else {
        return;
    };
    let listed = online::listed(g, it, app.own_district(guide));
    let (linked, unlinked): (Vec<Listed>, Vec<Listed>) =
        listed.into_iter().partition(|l| l.channel.url.is_some());
    let turns = [
        (strings::PREVIOUS_CHANNEL, Action::Channel(-1)),
        (strings::NEXT_CHANNEL, Action::Channel(1)),
        (strings::BACK, Action::Back),
    ];
    let labels = turns.clone().map(|(l, _)| l);
    let l = layout::text_page(area, p.large, &[&labels]);
    let list = list_lines(
        p,
        l.text.width.saturating_sub(2),
        linked.is_empty(),
        &unlinked,
    );
    let rows = usize::from(l.text.height).max(1);
    let list_pages = if unlinked.is_empty() && !linked.is_empty() {
        0
    } else {
        list.len().div_ceil(rows).max(1)
    };
    let pages = linked.len() + list_pages;
    p.viewport.pages = pages;
    let page = page.min(pages - 1);
    // One page: only 返回; more: 上一个 and 下一个 too, each live while
    // there is a page that way.
    let buttons = if pages > 1 { &turns[..] } else { &turns[2..] };
    let live = |a: &Action| match a {
        Action::Channel(d) if *d < 0 => page > 0,
        Action::Channel(_) => page + 1 < pages,
        _ => true,
    };
    let count = strings::page_count(page + 1, pages);
    match linked.get(page) {
        Some(o) if trust::shows_qr(o.channel, &app.opts.trusted_hosts) => {
            qr_page(p, area, o, &count, buttons, &live)
        }
        Some(o) => untrusted_page(p, area, o, &count, buttons, &live),
        None => {
            let first = (page - linked.len()) * rows;
            let shown = list.iter().skip(first).take(rows);
            let inner = Rect {
                x: l.text.x + 1,
                width: l.text.width.saturating_sub(2),
                ..l.text
            };
            for (y, (line, style)) in (inner.y..).zip(shown) {
                p.text(inner, inner.x, y, line, *style);
            }
            if pages > 1 {
                position(p, area, &count);
            }
            button_grid(p, l.buttons, l.button_height, buttons, live);
        }
    }
}

/// Width of the text column beside a QR code.
const SIDE_TEXT: u16 = 30;

/// One online channel: its code beside its name and address when the
/// screen is wide enough, above them otherwise; never a cropped code.
pub fn qr_page(
    p: &mut Painter,
    area: Rect,
    listed: &Listed,
    count: &str,
    buttons: &[(&str, Action)],
    live: &dyn Fn(&Action) -> bool,
) {
    let o = listed.channel;
    let url = o.url.as_deref().unwrap_or_default();
    let Ok(qr) = Qr::new(url) else { return };
    let title = strings::channel_title(&o.name, o.kind.label(), count);
    let left = Rect {
        width: area.width.saturating_sub(SIDE_TEXT + 1),
        ..area
    };
    let side =
        qr.fit(usize::from(left.width), usize::from(left.height)) != crate::qr::Fit::TooSmall;
    let (code_area, text_area, button_area, h) = if side {
        let text = Rect {
            x: left.right() + 1,
            width: SIDE_TEXT.min(area.width),
            ..area
        };
        let h = layout::target_height(area, p.large).min(3);
        let [text, buttons] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Min(0),
            ratatui::layout::Constraint::Length(h * buttons.len() as u16),
        ])
        .areas(text);
        (left, text, buttons, h)
    } else {
        let labels: Vec<&str> = buttons.iter().map(|(l, _)| *l).collect();
        let l = layout::text_page(area, p.large, &[&labels]);
        // The text under the code: its title, districts, how to scan, the address.
        let width = usize::from(l.text.width.saturating_sub(2));
        let district = districts_line(p, listed)
            .map(|(d, _)| d)
            .unwrap_or_default();
        let lines = [title.as_str(), &district, strings::SCAN, url]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| text::wrap(s, width).len() as u16)
            .sum::<u16>();
        let code = Rect {
            height: l.text.height.saturating_sub(lines + 1),
            ..l.text
        };
        let text = Rect {
            y: code.bottom(),
            height: l.text.height.saturating_sub(code.height),
            ..l.text
        };
        (code, text, l.buttons, l.button_height)
    };
    let drawn = draw_qr(p.buf, code_area, &qr);
    let mut y = text_area.y;
    let inner = Rect {
        x: text_area.x + 1,
        width: text_area.width.saturating_sub(2),
        ..text_area
    };
    let mut say = |p: &mut Painter, s: &str, style: Style| {
        for l in text::wrap(s, usize::from(inner.width)) {
            p.text(inner, inner.x, y, &l, style);
            y += 1;
        }
    };
    say(p, &title, p.palette.title());
    if let Some((line, style)) = districts_line(p, listed) {
        say(p, &line, style);
    }
    if drawn {
        say(p, strings::SCAN, p.palette.muted());
    } else {
        say(
            p,
            strings::CODE_TOO_BIG,
            p.palette.line(crate::document::lines::Role::Own),
        );
    }
    say(p, url, p.palette.title());
    if side {
        // Stacked in the column beside the code.
        for ((label, action), cell) in
            buttons
                .iter()
                .zip(layout::grid(button_area, buttons.len(), 1))
        {
            match live(action) {
                true => p.button(cell, label, p.palette.button(), action.clone()),
                false => p.disabled(cell, label),
            }
        }
    } else {
        button_grid(p, button_area, h, buttons, live);
    }
}

/// A channel whose address is outside the trusted hosts: neither a code
/// nor the address, only where to ask.
pub fn untrusted_page(
    p: &mut Painter,
    area: Rect,
    listed: &Listed,
    count: &str,
    buttons: &[(&str, Action)],
    live: &dyn Fn(&Action) -> bool,
) {
    let o = listed.channel;
    let labels: Vec<&str> = buttons.iter().map(|(l, _)| *l).collect();
    let l = layout::text_page(area, p.large, &[&labels]);
    let inner = Rect {
        x: l.text.x + 1,
        width: l.text.width.saturating_sub(2),
        ..l.text
    };
    let mut lines = vec![(
        strings::channel_title(&o.name, o.kind.label(), count),
        p.palette.title(),
    )];
    lines.extend(districts_line(p, listed));
    lines.push((strings::ASK_THE_WINDOW.into(), p.palette.body()));
    let mut y = inner.y;
    for (s, style) in lines {
        for l in text::wrap(&s, usize::from(inner.width)) {
            p.text(inner, inner.x, y, &l, style);
            y += 1;
        }
    }
    button_grid(p, l.buttons, l.button_height, buttons, live);
}

/// Which districts list a channel, the hall's own marked; nothing when the
/// guide names none.
fn districts_line(p: &Painter, listed: &Listed) -> Option<(String, Style)> {
    if listed.districts.is_empty() {
        return None;
    }
    let style = if listed.own {
        p.palette.line(Role::Own)
    } else {
        p.palette.muted()
    };
    Some((strings::for_districts(&listed.districts, listed.own), style))
}

/// The channels without a web address, grouped by the districts that list
/// them, as lines of `width` cells: what the last pages show.
fn list_lines(
    p: &Painter,
    width: u16,
    none_linked: bool,
    unlinked: &[Listed],
) -> Vec<(String, Style)> {
    let intro = match (none_linked, unlinked.is_empty()) {
        (true, true) => strings::NO_ONLINE,
        (true, false) => strings::NO_ADDRESS,
        _ => strings::WITHOUT_ADDRESS,
    };
    let width = usize::from(width).max(2);
    let mut out: Vec<(String, Style)> = text::wrap(intro, width)
        .into_iter()
        .map(|l| (l, p.palette.title()))
        .collect();
    let groups = online::groups(unlinked);
    // Headings only where the guide lists channels by district.
    let headed = groups.iter().any(|g| !g.districts.is_empty());
    for group in groups {
        if headed {
            let heading = if group.districts.is_empty() {
                strings::NO_DISTRICT.to_string()
            } else {
                strings::for_districts(&group.districts, group.own)
            };
            let style = if group.own {
                p.palette.line(Role::Own)
            } else {
                p.palette.line(Role::Heading)
            };
            out.extend(text::wrap(&heading, width).into_iter().map(|l| (l, style)));
        }
        for l in &group.channels {
            let how = sections::how_to_reach(l.channel);
            let lines = text::wrap_indent(&how, width, "  ", "    ");
            out.extend(lines.into_iter().map(|l| (l, p.palette.body())));
        }
    }
    out
}

/// The page count at the right of the breadcrumb bar above `area`.
fn position(p: &mut Painter, area: Rect, count: &str) {
    let shown = format!(" {count} ");
    let y = area.y.saturating_sub(1);
    let x = area.right().saturating_sub(text::width(&shown) as u16);
    let cell = Rect::new(x, y, area.right().saturating_sub(x), 1);
    p.fill(cell, p.palette.crumb());
    p.text(cell, x, y, &shown, p.palette.crumb());
}
