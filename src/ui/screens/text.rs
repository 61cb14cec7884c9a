//! The text pages: an item's guide, its charts, the comparison across
//! guides, the operator's messages and the start-up notice. Each is lines
//! wrapped to the width drawn, scrolled, with buttons below.

use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::super::painter::Painter;
use super::super::widgets::buttons::button_row;
use super::super::{layout, strings};
use crate::app::{Action, App, Screen, Shown};
use crate::document::lines::{self, Role, ViewLine};
use crate::text;

/// A screen of scrollable text: its lines for the width of `area`.
#[derive(Debug, Clone)]
pub struct TextPage {
    pub lines: Vec<ViewLine>,
    pub area: Rect,
}

impl TextPage {
    pub fn visible(&self) -> usize {
        usize::from(self.area.height)
    }
}

/// The buttons under a text page, in their order.
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
    let area = layout::text_page(body, app.large, buttons(app).len()).text;
    let width = usize::from(area.width.saturating_sub(1)).max(2);
    let lines = match app.screen() {
        Screen::Item { guide, item, .. } => {
            let (_, i) = app.item(*guide, *item)?;
            lines::item_lines(i, app.own_district(*guide), width)
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
    Some(TextPage {
        lines: if app.large { spaced(lines) } else { lines },
        area,
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

/// Large mode leaves a blank line between lines of prose.
fn spaced(lines: Vec<ViewLine>) -> Vec<ViewLine> {
    lines
        .into_iter()
        .flat_map(|l| {
            let gap = (l.role != Role::Diagram).then(|| ViewLine {
                text: String::new(),
                role: Role::Body,
            });
            std::iter::once(l).chain(gap)
        })
        .collect()
}

pub fn draw(app: &App, p: &mut Painter, area: Rect, scroll: usize) {
    let Some(page) = text_page(app, area) else {
        return;
    };
    let visible = page.visible();
    p.viewport.text_lines = page.lines.len();
    p.viewport.text_rows = visible;
    let scroll = scroll.min(page.lines.len().saturating_sub(visible));
    p.viewport.shown = sections_shown(&page.lines, scroll..scroll + visible);
    for (row, line) in page.lines.iter().skip(scroll).take(visible).enumerate() {
        let y = page.area.y + row as u16;
        let style = p.palette.line(line.role);
        p.text(page.area, page.area.x + 1, y, &line.text, style);
    }
    if page.lines.len() > visible {
        position(p, area, scroll, visible, page.lines.len());
    }
    let buttons = buttons(app);
    let b = layout::text_page(area, p.large, buttons.len()).buttons;
    button_row(p, b, &buttons);
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
    let shown = strings::lines_shown(scroll + 1, (scroll + visible).min(total), total);
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
