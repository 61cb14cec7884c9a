//! The text pages: an item's guide, its charts, the comparison across
//! guides, the operator's messages and the start-up notice. Each is lines
//! wrapped to the width drawn, scrolled, with buttons below.

use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::super::painter::Painter;
use super::super::widgets::buttons::button_grid;
use super::super::{layout, strings};
use crate::app::{Action, App, Screen, Shown};
use crate::document::lines::{self, Role, ViewLine};
use crate::document::sections::JUMPS;
use crate::text;

/// A screen of scrollable text: its lines for the width of `area`.
#[derive(Debug, Clone)]
pub struct TextPage {
    pub lines: Vec<ViewLine>,
    pub area: Rect,
    /// The lines the text itself takes; blank lines may follow, so that
    /// every field the item page jumps to can be scrolled to the top.
    pub content: usize,
    /// On an item: each field's title and the line it starts on.
    pub sections: Vec<(&'static str, usize)>,
}

impl TextPage {
    pub fn visible(&self) -> usize {
        usize::from(self.area.height)
    }

    /// The field whose lines are at the top of the page scrolled to `scroll`.
    pub fn section_at(&self, scroll: usize) -> Option<&'static str> {
        let before = self
            .sections
            .iter()
            .take_while(|(_, start)| *start <= scroll);
        before.last().or(self.sections.first()).map(|(t, _)| *t)
    }

    /// The line each field of the jump row starts on.
    pub fn jumps(&self) -> [Option<usize>; JUMPS.len()] {
        JUMPS.map(|title| {
            let found = self.sections.iter().find(|(t, _)| *t == title);
            found.map(|(_, start)| *start)
        })
    }
}

/// The buttons under a text page, in their order. An item's jump row is
/// apart ([`jump_buttons`]); more of an item's actions go on the end of
/// this row, which wraps onto a second row when they need the room.
pub fn page_buttons(screen: &Screen) -> Vec<(&'static str, Action)> {
    let next = match screen {
        Screen::Item { .. } => vec![
            (strings::SHOW_CHART, Action::ShowChart),
            (strings::SHOW_ONLINE, Action::ShowChannels),
            (strings::SHOW_COMPARE, Action::ShowCompare),
            (strings::RATE_ITEM, Action::Rate),
        ],
        Screen::Chart { .. } | Screen::Compare { .. } | Screen::OperatorMessages { .. } => {
            vec![(strings::BACK, Action::Back)]
        }
        Screen::SetupNotice { .. } => vec![(strings::CONTINUE, Action::Back)],
        _ => return Vec::new(),
    };
    let mut buttons = vec![
        (strings::PAGE_UP, Action::Page(-1)),
        (strings::PAGE_DOWN, Action::Page(1)),
    ];
    buttons.extend(next);
    buttons
}

/// An item's jump row: one target per field of [`JUMPS`], numbered for the
/// keypad (digit 4 is 办理材料).
pub fn jump_buttons(screen: &Screen) -> Vec<(&'static str, Action)> {
    match screen {
        Screen::Item { .. } => (0..JUMPS.len())
            .map(|n| (strings::JUMP_LABELS[n], Action::JumpTo(n)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The page's layout: the text, then the jump row and the buttons.
fn page_layout(app: &App, body: Rect, large: bool) -> layout::PageLayout {
    let labels = |b: Vec<(&'static str, Action)>| -> Vec<&'static str> {
        b.into_iter().map(|(l, _)| l).collect()
    };
    let (jumps, rest) = (labels(jump_buttons(app.screen())), labels(buttons(app)));
    layout::text_page(body, large, &[&jumps, &rest])
}

/// The buttons under the text page on screen: [`page_buttons`], and on an
/// item 打印告知单 where the hall has a receipt printer.
fn buttons(app: &App) -> Vec<(&'static str, Action)> {
    let mut buttons = page_buttons(app.screen());
    if app.opts.printer && matches!(app.screen(), Screen::Item { .. }) {
        buttons.push((strings::PRINT_TICKET, Action::PrintTicket));
    }
    buttons
}

/// The text of the current screen laid out in `body`, when it is a text page.
pub fn text_page(app: &App, body: Rect) -> Option<TextPage> {
    let area = page_layout(app, body, app.large).text;
    let width = usize::from(area.width.saturating_sub(1)).max(2);
    let mut sections = Vec::new();
    let lines = match app.screen() {
        Screen::Item { guide, item, .. } => {
            let (_, i) = app.item(*guide, *item)?;
            let own = app.own_district(*guide);
            sections = lines::section_starts(i, own, width);
            lines::item_lines(i, own, width)
        }
        Screen::Chart { guide, item, .. } => lines::chart_lines(app.item(*guide, *item)?.1, width),
        Screen::Compare { guide, item, .. } => {
            let peers = lines::peers(&app.catalog, *guide, *item);
            lines::compare_lines(&app.catalog, &peers, width)
        }
        Screen::OperatorMessages {
            message, detail, ..
        } => {
            let (title, plain) = strings::message(*message);
            titled(title, plain, detail, width)
        }
        Screen::SetupNotice { lines, .. } => {
            titled(strings::SETUP, strings::SETUP_INTRO, lines, width)
        }
        _ => return None,
    };
    let (mut lines, sections) = if app.large {
        spaced(lines, sections)
    } else {
        (lines, sections)
    };
    let content = lines.len();
    // The last field jumped to must reach the top of the page.
    let last_jump = JUMPS
        .iter()
        .filter_map(|j| sections.iter().find(|(t, _)| t == j))
        .map(|(_, start)| *start)
        .max();
    if let Some(start) = last_jump {
        let blank = ViewLine {
            text: String::new(),
            role: Role::Body,
        };
        lines.resize(content.max(start + usize::from(area.height)), blank);
    }
    Some(TextPage {
        lines,
        area,
        content,
        sections,
    })
}

/// A title, a plain sentence, and the raw lines below them.
fn titled(title: &str, plain: &str, detail: &[String], width: usize) -> Vec<ViewLine> {
    let mut lines = lines::wrapped(title, width, Role::Title);
    lines.extend(lines::wrapped(plain, width, Role::Body));
    for d in detail {
        lines.extend(lines::wrapped(d, width, Role::Muted));
    }
    lines
}

/// Large mode leaves a blank line after each line of prose; the fields'
/// starts move with their lines.
fn spaced(
    lines: Vec<ViewLine>,
    sections: Vec<(&'static str, usize)>,
) -> (Vec<ViewLine>, Vec<(&'static str, usize)>) {
    let mut moved = Vec::with_capacity(lines.len());
    let mut out = Vec::with_capacity(lines.len() * 2);
    for l in lines {
        moved.push(out.len());
        let gap = (l.role != Role::Diagram).then(|| ViewLine {
            text: String::new(),
            role: Role::Body,
        });
        out.push(l);
        out.extend(gap);
    }
    let sections = sections
        .into_iter()
        .map(|(t, start)| (t, moved.get(start).copied().unwrap_or(out.len())))
        .collect();
    (out, sections)
}

pub fn draw(app: &App, p: &mut Painter, area: Rect, scroll: usize) {
    let Some(page) = text_page(app, area) else {
        return;
    };
    let visible = page.visible();
    p.viewport.text_lines = page.lines.len();
    p.viewport.text_rows = visible;
    p.viewport.jumps = page.jumps();
    let max_scroll = page.lines.len().saturating_sub(visible);
    let scroll = scroll.min(max_scroll);
    p.viewport.shown = sections_shown(&page.lines, scroll..scroll + visible);
    for (row, line) in page.lines.iter().skip(scroll).take(visible).enumerate() {
        let y = page.area.y + row as u16;
        let style = p.palette.line(line.role);
        p.text(page.area, page.area.x + 1, y, &line.text, style);
    }
    if page.lines.len() > visible {
        position(p, area, scroll, visible, page.content);
    }
    let l = page_layout(app, area, p.large);
    let h = l.button_height;
    jump_row(p, &l.groups[0], h, &page, scroll, app.screen());
    let live = |a: &Action| match a {
        Action::Page(d) if *d < 0 => scroll > 0,
        Action::Page(_) => scroll < max_scroll,
        a => app.acts(a),
    };
    button_grid(p, l.groups[1], h, &buttons(app), live);
}

/// The jump row: the field showing marked, and a target for each field
/// that a tap would scroll to.
fn jump_row(p: &mut Painter, area: &Rect, h: u16, page: &TextPage, scroll: usize, screen: &Screen) {
    let buttons = jump_buttons(screen);
    let labels: Vec<&str> = buttons.iter().map(|(l, _)| *l).collect();
    let per_row = layout::buttons_per_row(area.width, &labels, h);
    let showing = page.section_at(scroll);
    let starts = page.jumps();
    let cells = layout::grid(*area, buttons.len(), per_row);
    for (((label, action), cell), (title, start)) in
        buttons.iter().zip(cells).zip(JUMPS.iter().zip(starts))
    {
        let style = if showing == Some(*title) {
            p.palette.selected()
        } else {
            p.palette.row()
        };
        match start {
            Some(start) if start != scroll => p.button(cell, label, style, action.clone()),
            _ => p.face(cell, label, style),
        }
    }
}

/// The sections of `lines` of which one of `rows` shows. A section starts
/// at a title line (a field's 【title】, a chart's headings) that does not
/// follow another, blank lines aside; lines before the first (an item's
/// code) belong to none.
fn sections_shown(lines: &[ViewLine], rows: std::ops::Range<usize>) -> Shown {
    let mut started = 0;
    let mut after_title = false;
    let mut shown: Option<Shown> = None;
    for (i, line) in lines.iter().enumerate().take(rows.end) {
        if line.text.is_empty() {
            continue;
        }
        let title = line.role == Role::Title;
        started += usize::from(title && !after_title);
        after_title = title;
        if i >= rows.start && started > 0 {
            let first = shown.map_or(started - 1, |s| s.first);
            shown = Some(Shown {
                first,
                end: started,
            });
        }
    }
    shown.unwrap_or_default()
}

/// Where the page is, at the right of the breadcrumb bar above it.
fn position(p: &mut Painter, area: Rect, scroll: usize, visible: usize, total: usize) {
    let first = (scroll + 1).min(total);
    let shown = strings::lines_shown(first, (scroll + visible).min(total), total);
    let crumb = Rect {
        y: area.y.saturating_sub(1),
        height: 1,
        ..area
    };
    let x = crumb.right().saturating_sub(text::width(&shown) as u16);
    let cell = Rect {
        x,
        width: crumb.right().saturating_sub(x),
        ..crumb
    };
    p.fill(cell, p.palette.crumb());
    let style = p.palette.crumb().add_modifier(Modifier::BOLD);
    p.text(crumb, x, crumb.y, &shown, style);
}
