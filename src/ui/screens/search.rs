//! Search: the query, its results, the letter pad.

use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::super::layout::{self};
use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::letter_pad::pad;
use super::super::widgets::list::{ListRow, rows};
use crate::app::{Action, App};
use crate::search::Target;
use crate::text;

/// Width of the column of page turns beside the results.
const TURNS: u16 = 12;

pub fn search(
    app: &App,
    p: &mut Painter,
    area: Rect,
    query: &str,
    selected: usize,
    hits: &[crate::search::Hit],
    total: usize,
) {
    let s = layout::search(area, p.large);
    let prompt = if query.is_empty() {
        strings::TYPE_PINYIN.to_string()
    } else {
        strings::query(query)
    };
    let bar = Rect {
        height: 1,
        ..s.query
    };
    p.fill(bar, p.palette.crumb());
    let style = p.palette.crumb().add_modifier(Modifier::BOLD);
    let used = p.text(bar, bar.x + 1, bar.y, &prompt, style);
    if hits.is_empty() && !query.is_empty() {
        let none = strings::NOTHING_FOUND;
        p.text(
            s.results,
            s.results.x + 1,
            s.results.y,
            none,
            p.palette.muted(),
        );
    }
    let entries: Vec<ListRow> = hits
        .iter()
        .map(|hit| {
            let (label, detail) = describe(app, hit.target);
            ListRow { label, detail }
        })
        .collect();
    let h = layout::search_row_height(s.results, p.large);
    let page = usize::from(s.results.height / h).max(1);
    let paged = entries.len() > page && s.results.width > TURNS * 2;
    let (list, turns) = if paged {
        let list = Rect {
            width: s.results.width - TURNS,
            ..s.results
        };
        let turns = Rect {
            x: list.right() + 1,
            width: TURNS - 1,
            ..s.results
        };
        (list, turns)
    } else {
        (s.results, Rect::default())
    };
    rows(p, list, h, &entries, selected, page);
    if !hits.is_empty() {
        let (at, pages) = (selected / page, hits.len().div_ceil(page));
        let count = strings::results_count(total, hits.len(), at + 1, pages);
        // At the right of the query, where it leaves room.
        let x = bar.right().saturating_sub(text::width(&count) as u16 + 1);
        if x > bar.x + used + 2 {
            p.text(bar, x, bar.y, &count, p.palette.crumb());
        }
        if paged {
            let buttons = [
                (strings::PAGE_UP, Action::Page(-1)),
                (strings::PAGE_DOWN, Action::Page(1)),
            ];
            let last = pages - 1;
            for ((label, action), cell) in buttons.iter().zip(layout::grid(turns, 2, 1)) {
                let live = if *action == Action::Page(-1) {
                    at > 0
                } else {
                    at < last
                };
                match live {
                    true => p.button(cell, label, p.palette.button(), action.clone()),
                    false => p.disabled(cell, label),
                }
            }
        }
    }
    pad(p, s.pad, |a| app.acts(a));
}

/// A result's name, and which guide (and part) it belongs to.
pub fn describe(app: &App, target: Target) -> (String, String) {
    let guide = app.guide(target.guide());
    let city_name = guide.map(|c| c.name.clone()).unwrap_or_default();
    match target {
        Target::Guide { .. } => (city_name, strings::GUIDE_RESULT.into()),
        Target::Part { part, .. } => {
            let title = guide
                .and_then(|c| c.parts.get(part))
                .map(|p| p.display_title())
                .unwrap_or_default();
            (title, city_name)
        }
        Target::Item { item, .. } => {
            let name = guide
                .and_then(|c| c.items.get(item))
                .map(|i| i.name.clone())
                .unwrap_or_default();
            (name, city_name)
        }
    }
}
