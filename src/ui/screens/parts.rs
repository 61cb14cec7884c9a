//! A guide's parts.

use ratatui::layout::Rect;

use super::super::layout::{self};
use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::list::{ListRow, list, list_buttons};
use crate::app::{Action, App};

pub fn guide_parts(app: &App, p: &mut Painter, area: Rect, guide: usize, selected: usize) {
    let Some(c) = app.guide(guide) else { return };
    let l = layout::list_screen(area, p.large, true);
    let entries: Vec<ListRow> = c
        .parts
        .iter()
        .map(|part| ListRow {
            label: part.display_title(),
            detail: strings::part_count(c.items_in(&part.id).count()),
        })
        .collect();
    list(
        p,
        l,
        area,
        &strings::choose_part(&c.name),
        &entries,
        selected,
    );
    list_buttons(p, l, area, entries.len(), &[(strings::BACK, Action::Back)]);
}
