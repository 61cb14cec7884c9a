//! A new catalog going into use, driven by actions alone: one found in the
//! folder waits for the idle reset, a refused one leaves the catalog in
//! use, and the operator's reload runs while the screen keeps answering.

use std::time::Duration;

use super::tests::{app, at, catalog, options};
use super::*;
use crate::snapshot::Ready;

/// The test catalog with its first guide renamed, as version `version`.
pub(crate) fn newer(name: &str, version: &str) -> Loaded {
    let mut catalog = catalog();
    catalog.guides[0].name = name.into();
    catalog.version = version.into();
    let index = IndexParts::new(&catalog);
    let ready = Ready {
        catalog,
        index,
        from_snapshot: false,
    };
    Loaded::new(ready, &options())
}

/// The version a swap (the only effect) put into use, and the version it
/// let go of.
fn in_use(effects: &[Effect]) -> Option<(String, String)> {
    match effects {
        [Effect::CatalogInUse { version, retired }] => {
            Some((version.clone(), format!("{retired:?}")))
        }
        _ => None,
    }
}

fn swapped(new: &str, old: &str) -> Option<(String, String)> {
    Some((new.into(), format!("Retired({old})")))
}

fn run(app: &mut App, secs: u64, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    actions
        .into_iter()
        .flat_map(|a| update(app, a, at(secs)))
        .collect()
}

fn names(app: &App) -> Vec<&str> {
    app.catalog.guides.iter().map(|g| g.name.as_str()).collect()
}

#[test]
fn a_catalog_found_waits_for_the_idle_reset_and_then_goes_in_whole() {
    let mut app = app();
    // A visitor is in a guide's parts when the look finds a new catalog.
    run(&mut app, 1, [Action::Choose(0)]);
    assert!(matches!(app.screen(), Screen::Guide { .. }));
    let found = Action::CatalogFound(Found::New(newer("新示例市", "v2")));
    assert!(run(&mut app, 2, [found]).is_empty());
    assert_eq!(names(&app), ["示例市", "另一市"]);
    assert!(app.catalog_status.pending.is_some());
    // Not while the visitor may still be there, nor under the idle question.
    for secs in [30, 90, 91, 105] {
        assert!(
            run(&mut app, secs, [Action::Tick]).is_empty(),
            "at {secs} s"
        );
        assert_eq!(app.catalog.version, "test", "at {secs} s");
    }
    assert!(app.idle_deadline.is_some(), "the idle question is up");
    // At the reset: in whole, catalog and index, with the ratings told.
    let effects = run(&mut app, 111, [Action::Tick]);
    assert_eq!(in_use(&effects), swapped("v2", "test"));
    assert_eq!(names(&app), ["新示例市", "另一市"]);
    assert_eq!(*app.screen(), Screen::Home { selected: 0 });
    assert_eq!(app.catalog_status.since, at(111).wall);
    assert_eq!(app.catalog_status.pending, None);
    let hits = app.index.search("xinshili", 5);
    assert!(
        hits.iter()
            .any(|h| h.target == crate::search::Target::Guide { guide: 0 }),
        "the new name is searched: {hits:?}"
    );
}

#[test]
fn at_rest_a_catalog_still_waits_for_the_idle_timeout_after_the_last_touch() {
    let mut app = app();
    run(&mut app, 5, [Action::EndVisit]);
    assert!(app.at_rest());
    let found = Action::CatalogFound(Found::New(newer("新示例市", "v2")));
    assert!(run(&mut app, 10, [found]).is_empty());
    // The loop is woken for the moment it may go in.
    assert!(app.next_wakeup() <= Duration::from_secs(85));
    assert!(run(&mut app, 94, [Action::Tick]).is_empty());
    assert_eq!(app.catalog.version, "test");
    assert_eq!(
        in_use(&run(&mut app, 95, [Action::Tick])),
        swapped("v2", "test")
    );
    // Found when the kiosk has been left alone long enough: in at once.
    let found = Action::CatalogFound(Found::New(newer("第三版", "v3")));
    assert_eq!(in_use(&run(&mut app, 400, [found])), swapped("v3", "v2"));
    assert_eq!(names(&app)[0], "第三版");
}

#[test]
fn a_refused_catalog_leaves_the_one_in_use_and_the_newest_word_wins() {
    let mut app = app();
    let problems = vec!["catalog/demo.ron:3:5: Expected comma".to_string()];
    run(&mut app, 1, [Action::Choose(0)]);
    run(
        &mut app,
        2,
        [Action::CatalogFound(Found::New(newer("新示例市", "v2")))],
    );
    // The folder changed again, now broken: what waited is dropped too.
    run(
        &mut app,
        3,
        [Action::CatalogFound(Found::Refused(problems.clone()))],
    );
    assert_eq!(app.catalog_status.pending, None);
    assert_eq!(app.catalog_status.refused, Some(problems));
    for secs in [91, 111, 500] {
        assert!(run(&mut app, secs, [Action::Tick]).is_empty());
    }
    assert_eq!(app.catalog.version, "test");
    assert_eq!(names(&app), ["示例市", "另一市"]);
    // Mended: the refusal is gone, the mended one waits.
    run(&mut app, 501, [Action::Choose(0)]);
    let found = Action::CatalogFound(Found::New(newer("新示例市", "v3")));
    run(&mut app, 502, [found]);
    assert_eq!(app.catalog_status.refused, None);
    assert!(app.catalog_status.pending.is_some());
    // Put back as it was: nothing waits any more.
    run(&mut app, 503, [Action::CatalogFound(Found::InUse)]);
    assert_eq!(app.catalog_status.pending, None);
    assert!(run(&mut app, 700, [Action::Tick]).is_empty());
    assert_eq!(app.catalog.version, "test");
}

#[test]
fn the_screen_answers_while_a_reload_runs_and_one_runs_at_a_time() {
    let mut app = app();
    app.stack.push(Screen::Operator { selected: 0 });
    assert_eq!(run(&mut app, 1, [Action::Choose(0)]), [Effect::Reload]);
    assert!(app.catalog_status.loading);
    // A second one while it runs is refused: the menu says 正在加载….
    assert!(run(&mut app, 2, [Action::Choose(0)]).is_empty());
    // Everything else is answered meanwhile: the menu, leaving it, a visit.
    run(&mut app, 2, [Action::Move(1)]);
    assert_eq!(*app.screen(), Screen::Operator { selected: 1 });
    run(&mut app, 3, [Action::Back, Action::Choose(0)]);
    assert!(matches!(app.screen(), Screen::Guide { guide: 1, .. }));
    // The operator left: the result waits for the idle reset.
    let done = Action::Reloaded(Ok(newer("新示例市", "v2")));
    assert!(run(&mut app, 4, [done]).is_empty());
    assert!(!app.catalog_status.loading);
    assert!(matches!(app.screen(), Screen::Guide { guide: 1, .. }));
    assert_eq!(app.catalog.version, "test");
    assert!(run(&mut app, 200, [Action::Tick]).is_empty());
    assert_eq!(
        in_use(&run(&mut app, 220, [Action::Tick])),
        swapped("v2", "test")
    );
    // An operator who waits gets it at once, in one update.
    app.stack.push(Screen::Operator { selected: 0 });
    assert_eq!(run(&mut app, 221, [Action::Choose(0)]), [Effect::Reload]);
    let done = Action::Reloaded(Ok(newer("第三版", "v3")));
    assert_eq!(in_use(&run(&mut app, 223, [done])), swapped("v3", "v2"));
    assert_eq!(names(&app)[0], "第三版");
    assert!(matches!(
        app.screen(),
        Screen::OperatorMessages {
            message: Message::Reloaded,
            ..
        }
    ));
    assert_eq!(app.catalog_status.since, at(223).wall);
}

#[test]
fn a_refused_reload_is_shown_to_the_operator_and_remembered_for_the_menu() {
    let mut app = app();
    app.stack.push(Screen::Operator { selected: 0 });
    run(&mut app, 1, [Action::Choose(0)]);
    let problems = vec!["catalog/demo.ron:3:5: Expected comma".to_string()];
    assert!(run(&mut app, 2, [Action::Reloaded(Err(problems.clone()))]).is_empty());
    assert_eq!(app.catalog.version, "test");
    assert!(matches!(
        app.screen(),
        Screen::OperatorMessages { message: Message::ReloadRefused, detail, .. } if *detail == problems
    ));
    assert_eq!(app.catalog_status.refused, Some(problems));
    assert!(!app.catalog_status.loading);
}

/// A catalog swapped in resolves the hall's home afresh: where the home
/// guide moved in it, it is still first on Home with its district.
#[test]
fn a_swapped_catalog_keeps_the_halls_home_where_it_moved() {
    let mut app = app();
    let home = app.home_guide().expect("the test hall's home");
    assert_eq!((app.catalog.guides[home].id.as_str(), home), ("other", 1));
    let mut catalog = catalog();
    catalog.guides.reverse();
    catalog.version = "v2".into();
    let index = IndexParts::new(&catalog);
    let ready = Ready {
        catalog,
        index,
        from_snapshot: false,
    };
    let found = Action::CatalogFound(Found::New(Loaded::new(ready, &options())));
    run(&mut app, 1, [found]);
    let effects = run(&mut app, 100, [Action::Tick]);
    assert_eq!(in_use(&effects), swapped("v2", "test"));
    assert_eq!(app.home_guide(), Some(0));
    assert_eq!(app.catalog.guides[0].id, "other");
    assert_eq!(app.guide_order[0], 0);
    assert_eq!(app.own_district(0), Some("东区"));
}
