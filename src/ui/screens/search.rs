//! Search: the query, its results, the letter pad.

use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::super::layout::{self};
use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::letter_pad::pad;
use super::super::widgets::list::{ListRow, rows};
use crate::app::App;
use crate::search::Target;

pub fn search(
    app: &App,
    p: &mut Painter,
    area: Rect,
    query: &str,
    selected: usize,
    hits: &[crate::search::Hit],
) {
    let s = layout::search(area, p.large);
    let prompt = if query.is_empty() {
        strings::TYPE_PINYIN.to_string()
    } else {
        strings::query(query)
    };
    p.fill(
        Rect {
            height: 1,
            ..s.query
        },
        p.palette.crumb(),
    );
    p.text(
        s.query,
        s.query.x + 1,
        s.query.y,
        &prompt,
        p.palette.crumb().add_modifier(Modifier::BOLD),
    );
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
    rows(
        p,
        s.results,
        h,
        &entries,
        selected,
        layout::search_page(app.area, p.large),
    );
    pad(p, s.pad);
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
