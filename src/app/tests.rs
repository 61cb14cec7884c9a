//! The state machine, driven by actions alone: no terminal, no files, a
//! clock that moves only when a test says so.

use std::time::Duration;

use chrono::TimeZone;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEventKind};

use super::*;
use crate::ratings::About;
use crate::search::Target;

/// Two small guides that share one item (code 001), so compare has a peer.
pub(crate) fn catalog() -> Catalog {
    let base = include_str!("../../tests/fixtures/base/guide.ron");
    let end = "    ],\n)";
    let other = [
        ("id: \"demo\"", "id: \"other\""),
        ("示例市", "另一市"),
        ("即时办结。", "不超过5个工作日。"),
        (
            "parts: [(id: \"p01\", number: 1, title: \"参保登记\")],",
            "parts: [(id: \"p01\", number: 1, title: \"参保登记\"), (id: \"p02\", number: 2, title: \"异地就医备案\")],",
        ),
        (
            end,
            "        (id: \"201\", name: \"异地安置退休人员备案\", part: \"p02\", time_limit: \"即时办结。\"),\n    ],\n)",
        ),
    ]
    .into_iter()
    .fold(base.to_string(), |text, (from, to)| replaced(&text, from, to));
    let more_items: String = (2..=14)
        .map(|n| format!("(id: \"{n:03}\", name: \"参保事项{n}\", part: \"p01\"),\n"))
        .collect();
    let base = replaced(base, end, &format!("{more_items}{end}"));
    Catalog::of_texts(&[base, other])
}

/// `text` with `from` replaced, failing if `from` is not there: a fixture
/// edited in its base file must not silently stop being what the tests say.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the fixture no longer has {from:?}");
    text.replace(from, to)
}

pub(crate) fn options() -> Options {
    Options {
        hall_name: "测试大厅".into(),
        offset: chrono::FixedOffset::east_opt(8 * 3600).unwrap(),
        idle_timeout: Duration::from_secs(90),
        idle_warning: Duration::from_secs(20),
        bad_reasons: vec![
            Reason::new("S01", "等候时间长", About::Service),
            Reason::new("I01", "流程繁琐", About::Item),
            Reason::new("O01", "其他", About::Other),
        ],
        operator_taps: 5,
        pin: Some(pin_hash().to_string()),
        theme: Theme::Standard,
        home_guide: Some("other".into()),
        home_district: Some("东区".into()),
        trusted_hosts: vec![crate::catalog::trust::TrustedHost::Host(
            "example.org".into(),
        )],
        speech: false,
        printer: false,
    }
}

/// Hashing is deliberately slow: hash the test PIN once for all tests.
fn pin_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| crate::config::PinHash::generate("2468").unwrap())
}

pub(crate) fn at(secs: u64) -> Clock {
    Clock {
        mono: Duration::from_secs(secs),
        wall: Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
            + chrono::Duration::seconds(secs as i64),
    }
}

pub(crate) fn app() -> App {
    App::new(catalog(), options(), Rect::new(0, 0, 80, 24), at(0))
}

/// Applies actions at time `secs`, returning every effect.
fn run(app: &mut App, secs: u64, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    actions
        .into_iter()
        .flat_map(|a| update(app, a, at(secs)))
        .collect()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn home_lists_the_home_city_first() {
    let app = app();
    let names: Vec<&str> = app
        .guide_order
        .iter()
        .map(|&c| app.catalog.guides[c].name.as_str())
        .collect();
    assert_eq!(names, ["另一市", "示例市"]);
}

#[test]
fn city_part_item() {
    let mut app = app();
    run(&mut app, 1, [Action::Choose(1)]);
    // 示例市 has one part: its items open straight away.
    assert!(matches!(
        app.screen(),
        Screen::Part {
            guide: 0,
            part: 0,
            ..
        }
    ));
    run(&mut app, 2, [Action::Choose(0)]);
    assert!(matches!(
        app.screen(),
        Screen::Item {
            guide: 0,
            item: 0,
            ..
        }
    ));
    run(&mut app, 3, [Action::ShowChart]);
    assert!(matches!(
        app.screen(),
        Screen::Chart {
            guide: 0,
            item: 0,
            ..
        }
    ));
    run(&mut app, 4, [Action::Back, Action::Back]);
    assert!(matches!(app.screen(), Screen::Part { .. }));
}

#[test]
fn digits_pick_the_entries_of_the_page_shown() {
    let mut app = app();
    run(&mut app, 1, [Action::Choose(1)]);
    // The drawing says a page shows five entries.
    let page = 5;
    run(&mut app, 1, [list_of(page)]);
    run(&mut app, 2, [Action::Page(1), Action::Pick(1)]);
    let Screen::Item { item, .. } = *app.screen() else {
        panic!("{:?}", app.screen())
    };
    assert_eq!(item, page + 1);
    // A digit past the last entry does nothing.
    run(
        &mut app,
        3,
        [Action::Back, Action::Page(9), Action::Pick(8)],
    );
    assert!(matches!(app.screen(), Screen::Part { .. }));
}

#[test]
fn leaving_an_item_for_home_offers_a_rating_once_and_skipping_records_nothing() {
    let mut app = app();
    run(
        &mut app,
        1,
        [Action::Choose(1), Action::Choose(0), Action::ShowChannels],
    );
    let effects = run(&mut app, 2, [Action::GoHome]);
    assert!(effects.is_empty());
    assert!(matches!(
        app.screen(),
        Screen::Rate {
            then_home: true,
            ..
        }
    ));
    assert!(run(&mut app, 3, [Action::Skip]).is_empty());
    assert_eq!(app.stack, [Screen::Home { selected: 1 }]);
    // Offered once per visit: the second time Home is just Home.
    run(
        &mut app,
        4,
        [Action::Choose(1), Action::Choose(0), Action::GoHome],
    );
    assert_eq!(app.stack.len(), 1);
}

#[test]
fn a_rating_is_written_before_the_thanks_and_only_once_per_visit() {
    let mut app = app();
    run(&mut app, 1, [Action::Choose(1), Action::Choose(0)]);
    let effects = run(&mut app, 2, [Action::Rate, Action::Pick(1)]);
    let [Effect::Record(draft)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(draft.level, Level::Satisfied);
    assert_eq!(draft.item, Some(("001".into(), "单位参保登记".into())));
    assert_eq!(draft.guide.as_deref(), Some("demo"));
    assert!(matches!(
        app.screen(),
        Screen::Rate {
            step: RateStep::Saving,
            ..
        }
    ));
    // Keys during the write change nothing.
    assert!(run(&mut app, 2, [Action::Back, Action::Pick(0)]).is_empty());
    run(&mut app, 2, [Action::Recorded(Ok(()))]);
    assert!(matches!(app.screen(), Screen::Thanks { saved: true, .. }));
    // The runtime draws, then the thank-you times out on a tick alone:
    // that must ask for a redraw (found by the monkey test).
    app.dirty = false;
    run(&mut app, 2 + THANKS_FOR.as_secs(), [Action::Tick]);
    assert!(matches!(app.screen(), Screen::Item { .. }));
    assert!(app.dirty, "the thank-you would stay on screen");
    let again = run(&mut app, 10, [Action::Rate]);
    assert!(again.is_empty());
    assert!(matches!(app.screen(), Screen::Notice { .. }));
}

#[test]
fn a_bad_rating_asks_for_reasons_and_carries_the_chosen_tags() {
    let mut app = app();
    let effects = run(
        &mut app,
        1,
        [
            Action::RateHall,
            Action::ChooseLevel(Level::VeryDissatisfied),
        ],
    );
    assert!(effects.is_empty());
    run(
        &mut app,
        2,
        [
            Action::ToggleReason(0),
            Action::Pick(2),
            Action::ToggleReason(2),
        ],
    );
    let effects = run(&mut app, 3, [Action::ToggleReason(1), Action::Submit]);
    let [Effect::Record(draft)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(draft.level, Level::VeryDissatisfied);
    let chosen: Vec<&str> = draft.reasons.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(chosen, ["S01", "I01"]);
    assert_eq!(draft.item, None);
}

#[test]
fn a_failed_write_still_thanks_the_visitor_and_tells_the_operator() {
    let mut app = app();
    run(
        &mut app,
        1,
        [Action::RateHall, Action::ChooseLevel(Level::Basic)],
    );
    run(
        &mut app,
        1,
        [Action::Recorded(Err("No space left on device".into()))],
    );
    assert!(matches!(app.screen(), Screen::Thanks { saved: false, .. }));
}

/// The runtime reports held ratings; 退出程序 then asks first, and only
/// 确定退出 quits.
#[test]
fn quitting_with_held_ratings_asks_first() {
    let mut app = app();
    let held = Held::Spared {
        count: 2,
        path: "logs/held-ratings.jsonl".into(),
    };
    let status = Status {
        log_error: Some("r: No space left on device".into()),
        held,
        notes: Vec::new(),
    };
    run(&mut app, 1, [Action::Status(status)]);
    app.stack.push(Screen::Operator { selected: 0 });
    assert!(run(&mut app, 2, [Action::Choose(4)]).is_empty());
    assert_eq!(*app.screen(), Screen::ConfirmQuit);
    run(&mut app, 3, [Action::Back]);
    assert!(matches!(app.screen(), Screen::Operator { .. }));
    assert!(
        run(&mut app, 4, [Action::ConfirmQuit]).is_empty(),
        "not from the menu"
    );
    run(&mut app, 5, [Action::Choose(4)]);
    assert_eq!(run(&mut app, 6, [Action::ConfirmQuit]), [Effect::Quit]);
}

/// Three wrong PINs lock the pad even across a restart: the state machine
/// asks for its memory to be kept, and a new one given it stays locked.
#[test]
fn the_pin_lock_survives_a_restart() {
    let mut app = app();
    run(&mut app, 1, [Action::OperatorChord]);
    let mut saved = None;
    for _ in 0..3 {
        for effect in run(&mut app, 2, [Action::PinDigit(9), Action::Open]) {
            if let Effect::SavePinGuard(guard) = effect {
                saved = Some(guard);
            }
        }
    }
    let saved = saved.expect("the lock is kept");
    assert!(saved.locked_until.is_some());
    let mut restarted =
        App::new(catalog(), options(), Rect::new(0, 0, 80, 24), at(5)).with_pin_guard(saved);
    let pin = [2, 4, 6, 8].map(Action::PinDigit);
    run(&mut restarted, 5, [Action::OperatorChord]);
    run(
        &mut restarted,
        5,
        pin.clone().into_iter().chain([Action::Open]),
    );
    assert!(matches!(
        restarted.screen(),
        Screen::Pin {
            error: Some(PinError::Locked),
            ..
        }
    ));
    run(&mut restarted, 70, pin.into_iter().chain([Action::Open]));
    assert!(matches!(restarted.screen(), Screen::Operator { .. }));
}

#[test]
fn idle_asks_then_resets_everything_to_home() {
    let mut app = app();
    run(
        &mut app,
        1,
        [
            Action::ToggleLarge,
            Action::OpenSearch,
            Action::Type('c'),
            Action::Type('b'),
        ],
    );
    run(
        &mut app,
        1,
        [Action::RateHall, Action::ChooseLevel(Level::Dissatisfied)],
    );
    run(&mut app, 90, [Action::Tick]);
    assert!(
        app.idle_deadline.is_none(),
        "not yet: 89 s since the last input"
    );
    run(&mut app, 91, [Action::Tick]);
    assert_eq!(app.idle_countdown(), Some(20));
    run(&mut app, 100, [Action::Tick]);
    assert_eq!(app.idle_countdown(), Some(11));
    run(&mut app, 111, [Action::Tick]);
    assert!(app.at_rest(), "{:?}", app.stack);
    assert!(!app.large);
}

#[test]
fn any_input_during_the_countdown_means_continue() {
    let mut app = app();
    run(&mut app, 1, [Action::OpenSearch, Action::Type('x')]);
    run(&mut app, 95, [Action::Tick]);
    assert!(app.idle_deadline.is_some());
    // The tap answers the question and does nothing else.
    run(&mut app, 96, [Action::Choose(0)]);
    assert!(app.idle_deadline.is_none());
    assert!(matches!(app.screen(), Screen::Search { query, .. } if query == "x"));
    run(&mut app, 150, [Action::Tick]);
    assert!(app.idle_deadline.is_none());
}

#[test]
fn home_at_rest_sleeps_until_the_next_minute() {
    let app = app();
    assert_eq!(app.next_wakeup(), Duration::from_secs(60));
    let mut busy = self::app();
    run(&mut busy, 30, [Action::OpenSearch]);
    assert_eq!(
        busy.next_wakeup(),
        Duration::from_secs(30),
        "the minute comes before the idle timeout"
    );
}

#[test]
fn no_key_quits_and_nothing_but_the_operator_menu_does() {
    let mut app = app();
    let keys = [
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL),
        KeyEvent::new(KeyCode::Char('\\'), KeyModifiers::CONTROL),
        key(KeyCode::Char('q')),
        key(KeyCode::Esc),
        KeyEvent::new(KeyCode::F(4), KeyModifiers::ALT),
    ];
    for k in keys {
        let action = key_action(&app, k).unwrap();
        assert!(
            run(&mut app, 1, [action])
                .iter()
                .all(|e| *e != Effect::Quit)
        );
    }
    assert!(!mouse_is_activity(MouseEventKind::Moved));
    assert!(!mouse_is_activity(MouseEventKind::Drag(MouseButton::Left)));
    assert!(mouse_is_activity(MouseEventKind::Down(MouseButton::Left)));
}

#[test]
fn search_by_initials_and_full_pinyin() {
    let mut app = app();
    run(
        &mut app,
        1,
        [Action::OpenSearch, Action::Type('c'), Action::Type('b')],
    );
    let Screen::Search { hits, .. } = app.screen() else {
        panic!()
    };
    let items: Vec<&str> = hits
        .iter()
        .filter_map(|h| match h.target {
            crate::search::Target::Item { guide, item } => {
                Some(app.catalog.guides[guide].items[item].name.as_str())
            }
            _ => None,
        })
        .collect();
    assert!(
        items.len() >= 14 && items.iter().all(|n| n.contains("参保")),
        "{items:?}"
    );
    run(&mut app, 2, [Action::ClearQuery]);
    for c in "canbao".chars() {
        run(&mut app, 2, [Action::Type(c)]);
    }
    let Screen::Search { hits, .. } = app.screen() else {
        panic!()
    };
    let first = hits.first().expect("canbao finds something").target;
    run(&mut app, 3, [list_of(4), Action::Pick(0)]);
    let opened = match *app.screen() {
        Screen::Item { guide, item, .. } => Target::Item { guide, item },
        Screen::Part { guide, part, .. } => Target::Part { guide, part },
        Screen::Guide { guide, .. } => Target::Guide { guide },
        ref other => panic!("{other:?}"),
    };
    assert_eq!(opened, first, "the digit opens the result drawn with it");
}

#[test]
fn the_operator_gets_in_with_taps_and_the_pin_and_can_quit() {
    let mut app = app();
    run(&mut app, 1, std::iter::repeat_n(Action::CornerTap, 4));
    assert!(matches!(app.screen(), Screen::Home { .. }));
    run(&mut app, 2, [Action::CornerTap]);
    assert!(matches!(app.screen(), Screen::Pin { .. }));
    run(
        &mut app,
        3,
        [
            Action::PinDigit(1),
            Action::PinDigit(2),
            Action::PinDigit(3),
            Action::PinDigit(4),
            Action::Open,
        ],
    );
    assert!(matches!(app.screen(), Screen::Pin { error: Some(_), .. }));
    for d in [2, 4, 6, 8] {
        run(&mut app, 4, [Action::PinDigit(d)]);
    }
    run(&mut app, 4, [Action::Open]);
    assert!(matches!(app.screen(), Screen::Operator { .. }));
    assert_eq!(run(&mut app, 5, [Action::Choose(4)]), [Effect::Quit]);
}

#[test]
fn three_wrong_pins_lock_the_pad_for_a_minute() {
    let mut app = app();
    run(&mut app, 1, [Action::OperatorChord]);
    for _ in 0..3 {
        run(&mut app, 2, [Action::PinDigit(9), Action::Open]);
    }
    for d in [2, 4, 6, 8] {
        run(&mut app, 3, [Action::PinDigit(d)]);
    }
    run(&mut app, 3, [Action::Open]);
    assert!(matches!(
        app.screen(),
        Screen::Pin {
            error: Some(PinError::Locked),
            ..
        }
    ));
    for d in [2, 4, 6, 8] {
        run(&mut app, 70, [Action::PinDigit(d)]);
    }
    run(&mut app, 70, [Action::Open]);
    assert!(matches!(app.screen(), Screen::Operator { .. }));
}

#[test]
fn a_broken_reload_keeps_the_old_catalog() {
    let mut app = app();
    let before = app.catalog.clone();
    run(
        &mut app,
        1,
        [
            Action::OperatorChord,
            Action::Reloaded(Err(vec!["x.ron:1:1: Expected comma".into()])),
        ],
    );
    assert_eq!(app.catalog, before);
    assert!(
        matches!(app.screen(), Screen::OperatorMessages { message: Message::ReloadRefused, detail, .. } if detail[0].contains("Expected comma"))
    );
}

#[test]
fn export_is_for_the_operator_only() {
    let mut app = app();
    assert!(run(&mut app, 1, [Action::ExportToday]).is_empty());
    run(&mut app, 1, [Action::OperatorChord]);
    assert_eq!(
        run(&mut app, 1, [Action::ExportToday]),
        [Effect::ExportToday]
    );
}

#[test]
fn compare_opens_for_a_shared_item_and_explains_when_there_is_none() {
    let mut app = app();
    run(
        &mut app,
        1,
        [Action::Choose(1), Action::Choose(0), Action::ShowCompare],
    );
    assert!(matches!(
        app.screen(),
        Screen::Compare {
            guide: 0,
            item: 0,
            ..
        }
    ));
    run(
        &mut app,
        2,
        [
            Action::Back,
            Action::Back,
            Action::Choose(1),
            Action::ShowCompare,
        ],
    );
    assert_eq!(
        *app.screen(),
        Screen::Notice {
            notice: Notice::NothingToCompare
        }
    );
}

/// What the drawing reports for a list of `page` entries a page.
fn list_of(page: usize) -> Action {
    Action::Viewport(Viewport {
        list_page: page,
        ..Viewport::default()
    })
}

/// What the drawing reports for a text of `lines` lines, `rows` shown.
fn text_of(lines: usize, rows: usize) -> Action {
    Action::Viewport(Viewport {
        text_lines: lines,
        text_rows: rows,
        ..Viewport::default()
    })
}

fn scroll(app: &App) -> usize {
    match *app.screen() {
        Screen::Item { scroll, .. } | Screen::Chart { scroll, .. } => scroll,
        ref other => panic!("{other:?}"),
    }
}

#[test]
fn scrolling_pages_by_what_is_shown_and_stops_at_the_end_of_the_text() {
    let mut app = app();
    run(
        &mut app,
        1,
        [Action::Choose(1), Action::Choose(0), text_of(40, 12)],
    );
    run(&mut app, 1, [Action::Page(1)]);
    assert_eq!(scroll(&app), 12);
    run(&mut app, 1, std::iter::repeat_n(Action::Page(1), 50));
    assert_eq!(scroll(&app), 28);
    run(&mut app, 1, [Action::Move(-1)]);
    assert_eq!(scroll(&app), 27);
}

#[test]
fn a_page_revealed_at_another_size_is_kept_within_its_text_once_drawn() {
    let mut app = app();
    run(
        &mut app,
        1,
        [Action::Choose(1), Action::Choose(0), text_of(40, 12)],
    );
    run(
        &mut app,
        2,
        [Action::Page(99), Action::ShowChart, text_of(10, 30)],
    );
    assert_eq!(scroll(&app), 0);
    // Back reveals the item scrolled for 80x24; at 160x50 it is drawn in
    // fewer lines, and the drawing's report brings the scroll back in.
    run(&mut app, 3, [Action::Back]);
    assert_eq!(scroll(&app), 28, "nothing changes before it is drawn");
    run(&mut app, 3, [text_of(30, 20)]);
    assert_eq!(scroll(&app), 10);
}

#[test]
fn a_rating_screen_left_under_another_cannot_rate_the_same_service_twice() {
    let mut app = app();
    // 评价本厅, then 查找 over it and 评价本厅 again from there.
    run(
        &mut app,
        1,
        [Action::RateHall, Action::OpenSearch, Action::Rate],
    );
    let first = run(&mut app, 2, [Action::ChooseLevel(Level::Satisfied)]);
    assert_eq!(first.len(), 1);
    run(
        &mut app,
        2,
        [Action::Recorded(Ok(())), Action::Back, Action::Back],
    );
    assert!(matches!(app.screen(), Screen::Rate { .. }));
    // Found by the monkey test: the screen underneath recorded a second one.
    let again = run(&mut app, 3, [Action::ChooseLevel(Level::VerySatisfied)]);
    assert!(again.is_empty(), "{again:?}");
    assert!(matches!(app.screen(), Screen::Notice { .. }));
}
