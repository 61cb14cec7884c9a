//! A guide's parts.

use ratatui::layout::Rect;

use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::list::{ListRow, list, list_buttons, list_layout};
use crate::app::{Action, App};

pub fn guide_parts(app: &App, p: &mut Painter, area: Rect, guide: usize, selected: usize) {
    let Some(c) = app.guide(guide) else { return };
    let entries: Vec<ListRow> = c
        .parts
        .iter()
        .map(|part| ListRow {
            label: part.display_title(),
            detail: strings::part_count(c.items_in(&part.id).count()),
        })
        .collect();
    let (l, buttons) = list_layout(p, area, entries.len(), &[(strings::BACK, Action::Back)]);
    list(
        p,
        l,
        area,
        &strings::choose_part(&c.name),
        &entries,
        selected,
    );
    list_buttons(p, l, area, entries.len(), selected, &buttons, |_| true);
}
