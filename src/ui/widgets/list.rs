//! A list of rows, numbered 1… for the keypad, a page at a time, each row a
//! tap target; and the buttons under it.

use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::super::layout::{self, ListLayout};
use super::super::painter::Painter;
use super::super::strings;
use super::buttons::button_grid;
use crate::app::Action;
use crate::text;

/// One entry of a list.
pub struct ListRow {
    pub label: String,
    pub detail: String,
}

/// Draws the page of `entries` holding `selected`, numbered 1… for the
/// keypad, each row a tap target for its absolute index.
pub fn list(
    p: &mut Painter,
    l: ListLayout,
    body: Rect,
    title: &str,
    entries: &[ListRow],
    selected: usize,
) -> u16 {
    let page = layout::page_size(l.list, p.large, body);
    let first = selected / page * page;
    let pages = entries.len().div_ceil(page).max(1);
    let heading = if pages > 1 {
        strings::page_of(title, first / page + 1, pages)
    } else {
        title.to_string()
    };
    let title_end = l.title.x
        + 1
        + p.text(
            l.title,
            l.title.x + 1,
            l.title.y,
            &heading,
            p.palette.title(),
        );
    rows(
        p,
        l.list,
        layout::target_height(body, p.large),
        entries,
        selected,
        page,
    );
    title_end
}

/// The page of `entries` holding `selected` in rows `h` tall, numbered 1…
/// for the keypad, the label on the left and the detail on the right; each
/// row is a tap target for its absolute index.
pub fn rows(
    p: &mut Painter,
    area: Rect,
    h: u16,
    entries: &[ListRow],
    selected: usize,
    page: usize,
) {
    // Digits pick from this page: the state machine is told its size.
    p.viewport.list_page = page.max(1);
    let first = selected / page.max(1) * page.max(1);
    p.viewport.shown = crate::app::Shown {
        first,
        end: (first + page).min(entries.len()),
    };
    for (n, entry) in entries.iter().enumerate().skip(first).take(page) {
        let cell = Rect::new(
            area.x,
            area.y + (n - first) as u16 * h,
            area.width,
            h.max(1),
        );
        // Rows taller than one keep their last line blank, to stand apart.
        let row = Rect {
            height: cell.height - u16::from(cell.height > 1),
            ..cell
        };
        let style = if n == selected {
            p.palette.selected()
        } else {
            p.palette.row()
        };
        p.fill(row, style);
        let mid = row.y + row.height / 2;
        let number = format!(" {} ", n - first + 1);
        let used = p.text(row, row.x, mid, &number, style.add_modifier(Modifier::BOLD));
        let room = usize::from(row.width.saturating_sub(used + 1));
        let name = text::truncate(&entry.label, room);
        let used2 = p.text(
            row,
            row.x + used + 1,
            mid,
            &name,
            style.add_modifier(Modifier::BOLD),
        );
        let detail_room = usize::from(row.width.saturating_sub(used + used2 + 3));
        if !entry.detail.is_empty() && detail_room >= 4 {
            let detail = text::truncate(&entry.detail, detail_room);
            let x = row.right().saturating_sub(text::width(&detail) as u16 + 1);
            p.text(row, x, mid, &detail, style.remove_modifier(Modifier::BOLD));
        }
        p.targets.add(cell.intersection(area), Action::Choose(n));
    }
}

/// A list screen's layout and the buttons under its list: `extra`, then
/// 上一页 and 下一页 when the entries are more than a page holds. The
/// buttons wrap onto more rows where their labels need the room.
pub fn list_layout<'a>(
    p: &Painter,
    body: Rect,
    len: usize,
    extra: &[(&'a str, Action)],
) -> (ListLayout, Vec<(&'a str, Action)>) {
    let h = layout::target_height(body, p.large);
    let rows = |buttons: &[(&str, Action)]| {
        let labels: Vec<&str> = buttons.iter().map(|(l, _)| *l).collect();
        if labels.is_empty() {
            0
        } else {
            layout::button_rows(body.width, &labels, h)
        }
    };
    let mut buttons = extra.to_vec();
    let l = layout::list_screen(body, p.large, rows(&buttons));
    if len <= layout::page_size(l.list, p.large, body) {
        return (l, buttons);
    }
    buttons.push((strings::PAGE_UP_KEY, Action::Page(-1)));
    buttons.push((strings::PAGE_DOWN_KEY, Action::Page(1)));
    // Two more buttons may take another row, and the page gets shorter:
    // still more entries than it holds.
    (layout::list_screen(body, p.large, rows(&buttons)), buttons)
}

/// The buttons under a list, as [`list_layout`] gave them: the page turns
/// live while there is a page that way, the others as `live` says.
pub fn list_buttons(
    p: &mut Painter,
    l: ListLayout,
    body: Rect,
    len: usize,
    selected: usize,
    buttons: &[(&str, Action)],
    live: impl Fn(&Action) -> bool,
) {
    let page = layout::page_size(l.list, p.large, body);
    let (at, last) = (selected / page, len.saturating_sub(1) / page);
    let h = layout::target_height(body, p.large);
    let live = |a: &Action| match a {
        Action::Page(d) if *d < 0 => at > 0,
        Action::Page(_) => at < last,
        a => live(a),
    };
    button_grid(p, l.buttons, h, buttons, live);
}
