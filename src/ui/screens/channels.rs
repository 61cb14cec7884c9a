//! An item's online channels: one QR code a page, then those without an address.

use ratatui::layout::Rect;
use ratatui::style::Style;

use super::super::layout::{self};
use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::buttons::button_row;
use super::super::widgets::qr::draw_qr;
use crate::app::{Action, App};
use crate::catalog::trust;
use crate::qr::Qr;
use crate::{document::sections, text};

pub fn channels(app: &App, p: &mut Painter, area: Rect, guide: usize, item: usize, page: usize) {
    let Some((_, it)) = app.item(guide, item) else {
        return;
    };
    let online: Vec<_> = it.channels.iter().flat_map(|c| &c.online).collect();
    let linked: Vec<_> = online.iter().filter(|o| o.url.is_some()).collect();
    let pages = app.channel_pages(guide, item);
    let mut buttons = vec![(strings::BACK, Action::Back)];
    if pages > 1 {
        buttons.insert(0, (strings::PREVIOUS_CHANNEL, Action::Channel(-1)));
        buttons.insert(1, (strings::NEXT_CHANNEL, Action::Channel(1)));
    }
    let count = format!("{}/{}", page + 1, pages);
    match linked.get(page) {
        Some(o) if trust::shows_qr(o, &app.opts.trusted_hosts) => {
            qr_page(p, area, o, &count, &buttons)
        }
        Some(o) => untrusted_page(p, area, o, &count, &buttons),
        None => {
            let l = layout::text_page(area, p.large, buttons.len());
            let unlinked: Vec<_> = online.iter().filter(|o| o.url.is_none()).collect();
            channel_list(p, l.text, linked.is_empty(), &unlinked);
            button_row(p, l.buttons, &buttons);
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
    o: &crate::catalog::OnlineChannel,
    count: &str,
    buttons: &[(&str, Action)],
) {
    let url = o.url.as_deref().unwrap_or_default();
    let Ok(qr) = Qr::new(url) else { return };
    let title = format!("{}（{}） {count}", o.name, o.kind.label());
    let left = Rect {
        width: area.width.saturating_sub(SIDE_TEXT + 1),
        ..area
    };
    let side =
        qr.fit(usize::from(left.width), usize::from(left.height)) != crate::qr::Fit::TooSmall;
    let (code_area, text_area, button_area) = if side {
        let text = Rect {
            x: left.right() + 1,
            width: SIDE_TEXT.min(area.width),
            ..area
        };
        let h = layout::target_height(area, p.large).min(3) * buttons.len() as u16;
        let [text, buttons] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Min(0),
            ratatui::layout::Constraint::Length(h),
        ])
        .areas(text);
        (left, text, buttons)
    } else {
        let l = layout::text_page(area, p.large, buttons.len());
        let lines = 2 + text::wrap(url, usize::from(l.text.width)).len() as u16;
        let code = Rect {
            height: l.text.height.saturating_sub(lines + 1),
            ..l.text
        };
        let text = Rect {
            y: code.bottom(),
            height: l.text.height.saturating_sub(code.height),
            ..l.text
        };
        (code, text, l.buttons)
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
    let per_row = if side {
        1
    } else {
        layout::button_columns(button_area.width, buttons.len())
    };
    for ((label, action), cell) in
        buttons
            .iter()
            .zip(layout::grid(button_area, buttons.len(), per_row))
    {
        p.button(cell, label, p.palette.button(), action.clone());
    }
}

/// A channel whose address is outside the trusted hosts: neither a code
/// nor the address, only where to ask.
pub fn untrusted_page(
    p: &mut Painter,
    area: Rect,
    o: &crate::catalog::OnlineChannel,
    count: &str,
    buttons: &[(&str, Action)],
) {
    let l = layout::text_page(area, p.large, buttons.len());
    let inner = Rect {
        x: l.text.x + 1,
        width: l.text.width.saturating_sub(2),
        ..l.text
    };
    let title = format!("{}（{}） {count}", o.name, o.kind.label());
    let lines = [
        (title, p.palette.title()),
        (strings::ASK_THE_WINDOW.into(), p.palette.body()),
    ];
    let mut y = inner.y;
    for (s, style) in lines {
        for l in text::wrap(&s, usize::from(inner.width)) {
            p.text(inner, inner.x, y, &l, style);
            y += 1;
        }
    }
    button_row(p, l.buttons, buttons);
}

/// The channels without a web address, and how to reach each.
pub fn channel_list(
    p: &mut Painter,
    area: Rect,
    none_linked: bool,
    unlinked: &[&&crate::catalog::OnlineChannel],
) {
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let intro = match (none_linked, unlinked.is_empty()) {
        (true, true) => strings::NO_ONLINE,
        (true, false) => strings::NO_ADDRESS,
        _ => strings::WITHOUT_ADDRESS,
    };
    let mut lines = vec![(intro.to_string(), p.palette.title())];
    for o in unlinked {
        lines.push((sections::how_to_reach(o), p.palette.body()));
    }
    let mut y = inner.y;
    for (s, style) in lines {
        for l in text::wrap_indent(&s, usize::from(inner.width), "", "  ") {
            p.text(inner, inner.x, y, &l, style);
            y += 1;
        }
    }
}
