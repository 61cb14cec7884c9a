//! A new catalog going into use: the operator's reload, swapped at once
//! while the operator waits for it, and a catalog found in the folder,
//! swapped only when the kiosk is at rest after an idle timeout, never
//! under a visitor. The newest word on the folder wins: a refusal drops a
//! catalog that was waiting, a valid catalog clears a refusal.

use super::*;

/// The operator's 重新加载目录: one reload at a time (the menu says
/// 正在加载… meanwhile; the runtime does the work off the screen's thread).
pub(super) fn reload(app: &mut App) -> Vec<Effect> {
    if app.catalog_status.loading {
        return Vec::new();
    }
    app.catalog_status.loading = true;
    app.dirty = true;
    vec![Effect::Reload]
}

/// What the operator's reload came to. An operator still in the operator
/// screens gets it at once, with what came of it; one who has left is no
/// longer watching, and a valid catalog then waits for the idle reset like
/// one found by a look at the folder.
pub(super) fn reloaded(app: &mut App, result: Result<Loaded, Vec<String>>) -> Vec<Effect> {
    app.catalog_status.loading = false;
    app.dirty = true;
    let watching = app.screen().is_operator();
    match result {
        Ok(loaded) if watching => {
            let in_use = swap(app, loaded);
            app.stack = vec![
                Screen::Home { selected: 0 },
                Screen::Operator { selected: 0 },
            ];
            let lines = app.catalog.guides.iter().map(|c| c.summary()).collect();
            message(app, Message::Reloaded, lines);
            vec![in_use]
        }
        Ok(loaded) => found(app, Found::New(loaded)),
        Err(problems) => {
            if watching {
                message(app, Message::ReloadRefused, problems.clone());
            }
            found(app, Found::Refused(problems))
        }
    }
}

/// A look at the catalog folder found it changed.
pub(super) fn found(app: &mut App, found: Found) -> Vec<Effect> {
    let status = &mut app.catalog_status;
    (status.pending, status.refused) = match found {
        Found::InUse => (None, None),
        Found::New(loaded) => (Some(loaded), None),
        Found::Refused(problems) => (None, Some(problems)),
    };
    app.dirty = true;
    swap_if_idle(app)
}

/// Puts a waiting catalog into use when nobody is there: the kiosk is at
/// rest (after the idle reset, or never touched) and has had no input for
/// the idle timeout.
pub(super) fn swap_if_idle(app: &mut App) -> Vec<Effect> {
    let idle = app.clock.mono.saturating_sub(app.last_input) >= app.opts.idle_timeout;
    if !(idle && app.at_rest() && app.idle_deadline.is_none()) {
        return Vec::new();
    }
    match app.catalog_status.pending.take() {
        Some(loaded) => vec![swap(app, loaded)],
        None => Vec::new(),
    }
}

/// The new catalog, its order and index in place of the old, in this one
/// update that only moves them: indices into the old one are gone, so the
/// visit starts afresh (the caller puts the screens back).
fn swap(app: &mut App, loaded: Loaded) -> Effect {
    let (catalog, home, order, index) = loaded.into_parts();
    let retired = Retired::new(
        std::mem::replace(&mut app.catalog, catalog),
        std::mem::replace(&mut app.index, index),
    );
    app.home = home;
    app.guide_order = order;
    app.visit = Visit::default();
    let status = &mut app.catalog_status;
    (status.since, status.pending, status.refused) = (app.clock.wall, None, None);
    app.dirty = true;
    Effect::CatalogInUse {
        version: app.catalog.version.clone(),
        retired,
    }
}
