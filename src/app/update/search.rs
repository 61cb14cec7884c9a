//! The search screen: the query, typed on the letter pad, and its results.

use super::*;

/// How many results a search keeps.
const SEARCH_LIMIT: usize = 60;
/// A query longer than this is a stuck key, not a visitor.
pub(in crate::app) const MAX_QUERY_CHARS: usize = 24;

pub(super) fn open_search(app: &mut App) {
    if !matches!(app.screen(), Screen::Search { .. }) {
        app.stack.push(Screen::Search {
            query: String::new(),
            selected: 0,
            hits: Vec::new(),
            total: 0,
        });
    }
}

pub(super) fn edit_query(app: &mut App, edit: impl FnOnce(&mut String)) {
    let Screen::Search { query, .. } = app.screen() else {
        return;
    };
    let mut q = query.clone();
    edit(&mut q);
    let hits = app.index.search(&q, SEARCH_LIMIT);
    let total = app.index.matched();
    *top(app) = Screen::Search {
        query: q,
        selected: 0,
        hits,
        total,
    };
}
