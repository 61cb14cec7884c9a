//! The operator menu and the ratings log's state.

use ratatui::layout::Rect;

use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::list::{ListRow, list, list_buttons, list_layout};
use crate::app::{Action, App, CatalogStatus, OperatorChoice};
use crate::ratings::Held;

pub fn operator(app: &App, p: &mut Painter, area: Rect, selected: usize) {
    // What the operator should know, beside the entry that deals with it.
    let detail = |choice| match choice {
        OperatorChoice::Reload => catalog_news(&app.catalog_status),
        OperatorChoice::Figures => log_status(app),
        _ => String::new(),
    };
    let entries: Vec<ListRow> = OperatorChoice::ALL
        .into_iter()
        .map(|choice| ListRow {
            label: strings::operator_choice(choice).to_string(),
            detail: detail(choice),
        })
        .collect();
    let status = &app.catalog_status;
    let since = status.since.with_timezone(&app.opts.offset);
    let title = strings::operator_menu(
        &app.catalog.version,
        app.catalog.item_count(),
        &since.format(strings::SINCE_FORMAT).to_string(),
    );
    let (l, buttons) = list_layout(p, area, entries.len(), &[(strings::BACK, Action::Back)]);
    list(p, l, area, &title, &entries, selected);
    list_buttons(p, l, area, entries.len(), selected, &buttons, |_| true);
}

/// A reload under way, or a newer catalog waiting or refused.
fn catalog_news(status: &CatalogStatus) -> String {
    match status {
        CatalogStatus { loading: true, .. } => strings::CATALOG_LOADING.to_string(),
        CatalogStatus {
            pending: Some(new), ..
        } => strings::catalog_waiting(new.version()),
        CatalogStatus {
            refused: Some(problems),
            ..
        } => strings::catalog_refused(problems.len()),
        _ => String::new(),
    }
}

/// The ratings log's state in a few words.
pub fn log_status(app: &App) -> String {
    let s = &app.status;
    match (&s.held, &s.log_error) {
        (Held::InMemory { count, why }, _) => strings::held_in_memory(*count, why),
        (Held::Spared { count, path }, e) => {
            strings::held_spared(*count, path, e.as_deref().unwrap_or(""))
        }
        (Held::None, Some(e)) => strings::log_error(e),
        (Held::None, None) if !s.notes.is_empty() => strings::log_repaired(s.notes.len()),
        (Held::None, None) => strings::LOG_OK.to_string(),
    }
}
