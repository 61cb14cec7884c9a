//! Home: the guides, and what a visitor can do from here.

use ratatui::layout::Rect;

use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::list::{ListRow, list, list_buttons, list_layout};
use crate::app::{Action, App};
use crate::text;

pub fn home(app: &App, p: &mut Painter, area: Rect, selected: usize) {
    let entries: Vec<ListRow> = app
        .guide_order
        .iter()
        .filter_map(|&c| app.guide(c))
        .map(|c| ListRow {
            label: c.name.clone(),
            detail: strings::items_count(c.items.len()),
        })
        .collect();
    let large = if app.large {
        strings::LARGE_OFF
    } else {
        strings::LARGE_ON
    };
    let (l, buttons) = list_layout(
        p,
        area,
        entries.len(),
        &[
            (strings::FIND_ITEM, Action::OpenSearch),
            (large, Action::ToggleLarge),
            (strings::RATE_THE_HALL, Action::RateHall),
            (strings::END_VISIT, Action::EndVisit),
        ],
    );
    let title_end = list(p, l, area, strings::CHOOSE_GUIDE, &entries, selected);
    // How to use the terminal: under the title where there is a row, else beside it.
    let how = strings::HOW_TO;
    let (x, y) = if l.title.height > 1 {
        (l.title.x + 1, l.title.y + 1)
    } else {
        (title_end + 2, l.title.y)
    };
    let room = usize::from(l.title.right().saturating_sub(x + 1));
    if room >= 12 {
        p.text(l.title, x, y, &text::truncate(how, room), p.palette.muted());
    }
    list_buttons(p, l, area, entries.len(), selected, &buttons, |a| {
        app.acts(a)
    });
}
