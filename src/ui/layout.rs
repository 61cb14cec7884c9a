//! Screen geometry shared by the state machine and the drawing: how many
//! entries a page holds and where each region sits, as pure functions of the
//! terminal size. Because `update` and `draw` both ask here, the digit a
//! visitor presses always picks the entry drawn with that digit.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the screen only says 窗口太小.
pub const MIN_W: u16 = 40;
pub const MIN_H: u16 = 12;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_W || area.height < MIN_H
}

/// The four bands every screen has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    /// Hall name, date and time.
    pub header: Rect,
    /// Where the visitor is: 首页 › 株洲市 › ….
    pub crumb: Rect,
    pub body: Rect,
    /// Tappable hints: 返回 / 首页 / 搜索 / 评价.
    pub hints: Rect,
}

pub fn bands(area: Rect) -> Bands {
    let hints = if area.height >= 20 { 3 } else { 1 };
    let [header, crumb, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(hints),
    ])
    .areas(area);
    Bands {
        header,
        crumb,
        body,
        hints,
    }
}

/// Rows one tap target takes: 3 (5 in large mode) where the body allows three
/// of them, fewer on a tiny window.
pub fn target_height(body: Rect, large: bool) -> u16 {
    let want = if large { 5 } else { 3 };
    if body.height >= 3 * want {
        want
    } else if body.height >= 9 {
        3
    } else {
        1
    }
}

/// How many list entries fit in `list`.
pub fn page_size(list: Rect, large: bool, body: Rect) -> usize {
    usize::from(list.height / target_height(body, large).max(1)).max(1)
}

/// A list screen: a title line, the entries, and a row of buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListLayout {
    pub title: Rect,
    pub list: Rect,
    pub buttons: Rect,
}

/// A list screen with `button_rows` rows of buttons under the list.
pub fn list_screen(body: Rect, large: bool, button_rows: u16) -> ListLayout {
    let h = target_height(body, large);
    let with_buttons = button_rows > 0;
    let buttons = h * button_rows;
    // A second title row (for a hint) only where rows are not scarce.
    let title_rows = if body.height >= 24 { 2 } else { 1 };
    let [title, list, _gap, buttons] = Layout::vertical([
        Constraint::Length(title_rows),
        Constraint::Min(0),
        Constraint::Length(u16::from(with_buttons && body.height > 20)),
        Constraint::Length(buttons),
    ])
    .areas(body);
    ListLayout {
        title,
        list,
        buttons,
    }
}

/// A page of text with its rows of buttons below, one area per group of
/// buttons (a group wraps onto more rows when its labels need the room).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLayout {
    pub text: Rect,
    /// Every group's rows together.
    pub buttons: Rect,
    pub groups: Vec<Rect>,
    /// How tall each button is.
    pub button_height: u16,
}

pub fn text_page(body: Rect, large: bool, groups: &[&[&str]]) -> PageLayout {
    let heights = |h: u16| -> Vec<u16> {
        groups
            .iter()
            .filter(|g| !g.is_empty())
            .map(|g| button_rows(body.width, g, h) * h)
            .collect()
    };
    // Buttons of one row each where full-height ones would take more than
    // half the page: the text must keep room to be read.
    let mut h = target_height(body, large).min(3);
    if heights(h).iter().sum::<u16>() > body.height / 2 {
        h = 1;
    }
    let heights = heights(h);
    let [text, buttons] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(heights.iter().sum())])
            .areas(body);
    let areas = Layout::vertical(heights.iter().map(|&h| Constraint::Length(h))).split(buttons);
    let mut areas = areas.iter();
    let groups = groups
        .iter()
        .map(|g| match g.is_empty() {
            true => Rect {
                height: 0,
                ..buttons
            },
            false => areas.next().copied().unwrap_or_default(),
        })
        .collect();
    PageLayout {
        text,
        buttons,
        groups,
        button_height: h,
    }
}

/// Buttons are never narrower than this, where the width allows.
const MIN_BUTTON: u16 = 10;

/// How many of the buttons labelled `labels` go in a row of `width`, each
/// `height` tall: as many as leave every label whole on its face (see
/// [`label_lines`]), each at least [`MIN_BUTTON`] cells wide, at least
/// one; spread evenly over the rows that takes (six in rows of three, not
/// five and one).
pub fn buttons_per_row(width: u16, labels: &[&str], height: u16) -> usize {
    let n = labels.len().max(1);
    let fit = (1..=most_per_row(width, n))
        .rev()
        .find(|&per_row| {
            let cell = (usize::from(width) / per_row).saturating_sub(1);
            let (room, rows) = label_room(cell as u16, height);
            labels.iter().all(|l| label_lines(l, room, rows).is_some())
        })
        .unwrap_or(1);
    n.div_ceil(n.div_ceil(fit))
}

/// The most of `n` buttons a row of `width` holds, each at least
/// [`MIN_BUTTON`] cells wide; at least one.
pub fn most_per_row(width: u16, n: usize) -> usize {
    usize::from(width / MIN_BUTTON).clamp(1, n.max(1))
}

/// The rows a group of buttons takes (see [`buttons_per_row`]).
pub fn button_rows(width: u16, labels: &[&str], height: u16) -> u16 {
    labels
        .len()
        .div_ceil(buttons_per_row(width, labels, height)) as u16
}

/// The cells a label has on a button of `width`×`height`: a margin each
/// side where the button is wide, and every row but the blank last one of
/// a button three rows or taller.
pub fn label_room(width: u16, height: u16) -> (usize, usize) {
    let margin = if width >= 8 { 2 } else { 0 };
    let rows = height - u16::from(height > 2);
    (usize::from(width.saturating_sub(margin)), usize::from(rows))
}

/// A button's label as lines of at most `width` cells, broken only at its
/// spaces (“流程图 f” may take two lines, “评价本厅服务” never does);
/// `None` when a word is wider than `width` or the lines are more than `rows`.
pub fn label_lines(label: &str, width: usize, rows: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split(' ').filter(|w| !w.is_empty()) {
        if crate::text::width(word) > width {
            return None;
        }
        match lines.last_mut() {
            Some(line) if crate::text::width(line) + 1 + crate::text::width(word) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    (lines.len() <= rows).then_some(lines)
}

/// Splits `area` into a grid of `n` equal buttons, `per_row` to a row.
pub fn grid(area: Rect, n: usize, per_row: usize) -> Vec<Rect> {
    let per_row = per_row.max(1);
    let rows = n.div_ceil(per_row).max(1);
    let row_h = area.height / rows as u16;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (r, c) = ((i / per_row) as u16, (i % per_row) as u16);
        let x0 = area.x + (u32::from(area.width) * u32::from(c) / per_row as u32) as u16;
        let x1 = area.x + (u32::from(area.width) * (u32::from(c) + 1) / per_row as u32) as u16;
        out.push(Rect::new(
            x0,
            area.y + r * row_h,
            x1.saturating_sub(x0).saturating_sub(1).max(1),
            row_h,
        ));
    }
    out
}

/// The search screen: the query, the results and the letter pad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchLayout {
    pub query: Rect,
    pub results: Rect,
    pub pad: Rect,
}

/// Keys of the on-screen pad: A–Z, 0–9, then 删除 and 清空.
pub const PAD_KEYS: usize = 26 + 10 + 2;

pub fn pad_columns(width: u16) -> usize {
    match width {
        0..=59 => 8,
        60..=77 => 10,
        _ => 13,
    }
}

pub fn search(body: Rect, large: bool) -> SearchLayout {
    let cols = pad_columns(body.width);
    let rows = PAD_KEYS.div_ceil(cols) as u16;
    // Keys three rows tall when that leaves room for a few results.
    let key_h: u16 = match body.height {
        h if h >= rows * 3 + 6 => 3,
        h if h >= rows * 2 + 6 => 2,
        _ => 1,
    };
    let key_h = if large && body.height >= rows * 4 + 14 {
        4
    } else {
        key_h
    };
    let [query, results, pad] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(rows * key_h),
    ])
    .areas(body);
    SearchLayout {
        query,
        results,
        pad,
    }
}

/// Results shown per page on the search screen.
pub fn search_page(area: Rect, large: bool) -> usize {
    let b = bands(area);
    let s = search(b.body, large);
    usize::from(s.results.height / search_row_height(s.results, large)).max(1)
}

/// Rows per result: three where three results fit, else two, else one.
pub fn search_row_height(results: Rect, large: bool) -> u16 {
    match results.height {
        h if h >= if large { 15 } else { 9 } => 3,
        h if h >= 4 => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_cells_stay_inside_the_area() {
        for w in 1..120 {
            for h in 1..20 {
                let area = Rect::new(3, 2, w, h);
                for n in [1, 4, 6, 38] {
                    for r in grid(area, n, most_per_row(w, n)) {
                        assert!(
                            r.right() <= area.right() && r.bottom() <= area.bottom(),
                            "{area:?} {r:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn targets_are_three_rows_where_the_screen_allows() {
        let b = bands(Rect::new(0, 0, 80, 24));
        assert_eq!(b.hints.height, 3);
        assert_eq!(target_height(b.body, false), 3);
        assert_eq!(target_height(b.body, true), 5);
        assert_eq!(target_height(Rect::new(0, 0, 40, 8), false), 1);
    }
}
