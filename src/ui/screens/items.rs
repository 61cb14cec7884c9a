//! A part's items.

use ratatui::layout::Rect;

use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::list::{ListRow, list, list_buttons, list_layout};
use crate::app::{Action, App};

pub fn part_items(
    app: &App,
    p: &mut Painter,
    area: Rect,
    guide: usize,
    part: usize,
    selected: usize,
) {
    let Some(c) = app.guide(guide) else { return };
    let entries: Vec<ListRow> = app
        .part_items(guide, part)
        .into_iter()
        .map(|i| ListRow {
            label: c.items[i].name.clone(),
            detail: c.items[i].code.clone().unwrap_or_default(),
        })
        .collect();
    let title = c
        .parts
        .get(part)
        .map(|p| p.display_title())
        .unwrap_or_default();
    let (l, buttons) = list_layout(p, area, entries.len(), &[(strings::BACK, Action::Back)]);
    list(p, l, area, &title, &entries, selected);
    list_buttons(p, l, area, entries.len(), selected, &buttons, |_| true);
}
