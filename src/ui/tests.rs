//! The drawn screens: snapshots at a landscape 80×24 and a portrait 60×48,
//! every screen at every size from 1×1 to 160×50 without a panic, and the QR
//! code on screen decoded back to its URL.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::*;
use crate::app::tests::{app, at};
use crate::app::{App, RateStep, RateTarget, Screen, update};
use crate::ratings::Level;

fn render(app: &App, w: u16, h: u16) -> (Terminal<TestBackend>, TapTargets) {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut targets = TapTargets::default();
    t.draw(|f| targets = draw(app, f).targets).unwrap();
    (t, targets)
}

/// The terminal resized to `w`×`h`, as the runtime reports it.
fn resize(app: &mut App, w: u16, h: u16) {
    let clock = app.clock;
    update(
        app,
        Action::Resize {
            width: w,
            height: h,
        },
        clock,
    );
}

fn act(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for a in actions {
        update(app, a, at(1));
    }
}

/// Builds one screen's state afresh (a test may need it many times over).
type Make = Box<dyn Fn() -> App>;

/// A screen reached from Home by `actions`.
fn with(actions: Vec<Action>) -> Make {
    Box::new(move || {
        let mut a = app();
        act(&mut a, actions.clone());
        a
    })
}

/// A screen set up by `set` on Home (screens no visitor's action reaches).
fn set(set: impl Fn(&mut App) + 'static) -> Make {
    Box::new(move || {
        let mut a = app();
        set(&mut a);
        a
    })
}

/// Every screen the kiosk has, by name.
pub(crate) fn screens() -> Vec<(&'static str, App)> {
    makers()
        .into_iter()
        .map(|(name, make)| (name, make()))
        .collect()
}

/// Every screen the kiosk has, by name, each as a way to build it.
fn makers() -> Vec<(&'static str, Make)> {
    use Action::*;
    let idle = set(|a| {
        act(a, [Choose(1), Choose(0)]);
        update(a, Tick, at(95));
    });
    let messages = set(|a| {
        act(a, [OperatorChord]);
        a.stack = vec![
            Screen::Home { selected: 0 },
            Screen::OperatorMessages {
                message: crate::app::Message::ReloadRefused,
                detail: vec!["catalog/zhuzhou.ron:12:5: Expected comma".into()],
                scroll: 0,
            },
        ];
    });
    let stats = set(|a| {
        let mut figures = crate::app::DayFigures {
            day: "2026-11-23".into(),
            ..Default::default()
        };
        for (level, n) in Level::ALL.into_iter().zip([12, 7, 3, 1, 2]) {
            (0..n).for_each(|_| figures.stats.add(level));
        }
        a.stack.push(Screen::OperatorStats { figures });
    });
    let operator = set(|a| a.stack.push(Screen::Operator { selected: 0 }));
    let qr_test = set(|a| a.stack.push(Screen::QrTest));
    let reasons = set(|a| {
        a.stack.push(Screen::Rate {
            target: RateTarget::Item { guide: 0, item: 0 },
            step: RateStep::Reasons {
                level: Level::Dissatisfied,
                chosen: vec![true, false, true],
            },
            then_home: false,
        })
    });
    let confirm_quit = set(|a| {
        act(
            a,
            [Status(crate::app::Status {
                log_error: Some("r/2026-11-23.jsonl: No space left on device".into()),
                held: crate::ratings::Held::Spared {
                    count: 3,
                    path: "logs/held-ratings.jsonl".into(),
                },
                notes: Vec::new(),
            })],
        );
        a.stack.push(Screen::ConfirmQuit);
    });
    let setup = set(|a| {
        *a = app().with_setup_notice(vec![
            "kiosk.ron:12: ratings_dir \"/mnt/usb/ratings\" does not exist, nor does the folder that would hold it (/mnt/usb): is a disk not mounted?".into(),
            "kiosk.ron: warning: operator_pin_hash is not set: the operator menu can never open".into(),
        ])
    });
    // A hall with a speech program and a printer: 停止朗读 in the hint bar
    // while it reads, 打印告知单 under the item, a failed ticket in the header.
    let equipped = set(|a| {
        a.opts.speech = true;
        a.opts.printer = true;
        act(a, [Choose(1), Choose(0), ReadAloud, PrintTicket]);
        act(
            a,
            [Printed(Err(crate::ticket::PrintFailure::Failed(
                "lp0: I/O error".into(),
            )))],
        );
    });
    vec![
        ("home", with(vec![])),
        ("item_equipped", equipped),
        ("home_large", with(vec![ToggleLarge])),
        ("guide", with(vec![Choose(0)])),
        ("part", with(vec![Choose(1)])),
        ("item", with(vec![Choose(1), Choose(0)])),
        ("flow", with(vec![Choose(1), Choose(0), ShowChart])),
        (
            "channels_qr",
            with(vec![Choose(1), Choose(0), ShowChannels]),
        ),
        ("compare", with(vec![Choose(1), Choose(0), ShowCompare])),
        ("search", with(vec![OpenSearch, Type('c'), Type('b')])),
        ("rate", with(vec![Choose(1), Choose(0), Rate])),
        ("rate_reasons", reasons),
        (
            "thanks",
            with(vec![
                RateHall,
                ChooseLevel(Level::Satisfied),
                Recorded(Ok(())),
            ]),
        ),
        ("notice", with(vec![Choose(1), Choose(1), ShowCompare])),
        ("pin", with(vec![OperatorChord, PinDigit(1), PinDigit(2)])),
        ("operator", operator),
        ("operator_stats", stats),
        ("operator_messages", messages),
        ("qr_test", qr_test),
        ("idle_overlay", idle),
        ("confirm_quit", confirm_quit),
        ("setup_notice", setup),
    ]
}

/// The screen as text, one line per row, wide characters shown once.
pub(crate) fn screen_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = crate::text::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn snapshots_landscape_80x24_and_portrait_60x48() {
    for (name, mut app) in screens() {
        for (w, h) in [(80, 24), (60, 48)] {
            resize(&mut app, w, h);
            let (t, _) = render(&app, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen_text(t.backend().buffer()));
        }
    }
}

#[test]
fn every_screen_at_every_size_from_1x1_to_160x50() {
    std::thread::scope(|scope| {
        for (name, mut app) in screens() {
            scope.spawn(move || {
                for w in 1..=160u16 {
                    for h in 1..=50u16 {
                        resize(&mut app, w, h);
                        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                        let hits = draw_buffer(&app, &mut buf).targets;
                        for (r, _) in hits.all() {
                            assert!(
                                r.right() <= w && r.bottom() <= h,
                                "{name} {w}x{h}: target {r:?} off screen"
                            );
                        }
                    }
                }
            });
        }
    });
}

#[test]
fn below_the_minimum_the_screen_says_too_small() {
    let (t, hits) = render(&app(), 39, 20);
    assert!(t.backend().to_string().contains("窗口太小"));
    assert!(hits.all().is_empty());
}

#[test]
fn every_list_row_and_button_is_at_least_three_rows_tall_at_80x24() {
    for (name, app) in screens() {
        let (_, hits) = render(&app, 80, 24);
        for (r, a) in hits.all() {
            // The search screen holds a results list and a 38-key pad: at
            // 24 rows its keys get three rows and its results two.
            let least = if name == "search" { 2 } else { 3 };
            if *a != Action::CornerTap && *a != Action::Ignored {
                assert!(r.height >= least, "{name}: {a:?} is only {} rows", r.height);
            }
        }
    }
}

#[test]
fn the_hint_bar_and_rows_are_tappable() {
    let mut a = app();
    act(&mut a, [Action::Choose(1)]);
    let (_, hits) = render(&a, 80, 24);
    assert_eq!(hits.at(2, 22), Some(&Action::Back));
    assert_eq!(hits.at(25, 22), Some(&Action::GoHome));
    assert_eq!(hits.at(45, 22), Some(&Action::OpenSearch));
    assert_eq!(hits.at(70, 22), Some(&Action::Rate));
    assert_eq!(hits.at(1, 0), Some(&Action::CornerTap));
    // The first item's row: just under the title.
    assert_eq!(hits.at(10, 4), Some(&Action::Choose(0)));
}

/// The buffer as a grey image: half blocks give two pixels per cell.
fn decode_qr(buf: &Buffer) -> Vec<String> {
    let (cw, ch) = (4usize, 4usize);
    let area = buf.area;
    let luma = |c: Color| match c {
        Color::Rgb(r, g, b) => ((u32::from(r) * 3 + u32::from(g) * 6 + u32::from(b)) / 10) as u8,
        _ => 128,
    };
    let (w, h) = (
        usize::from(area.width) * cw,
        usize::from(area.height) * 2 * ch,
    );
    let img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let cell = &buf[(x as u16 / cw as u16, (y / (2 * ch)) as u16)];
        let top = (y / ch) % 2 == 0;
        match (cell.symbol(), top) {
            ("▀", true) | ("▄", false) => luma(cell.fg),
            _ => luma(cell.bg),
        }
    });
    let mut img = img;
    img.detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok())
        .map(|(_, s)| s)
        .collect()
}

#[test]
fn the_qr_code_on_screen_decodes_to_the_channel_url() {
    let mut a = app();
    act(
        &mut a,
        [Action::Choose(1), Action::Choose(0), Action::ShowChannels],
    );
    for (w, h) in [(80, 24), (60, 48), (160, 50), (50, 30)] {
        resize(&mut a, w, h);
        let (t, _) = render(&a, w, h);
        assert_eq!(
            decode_qr(t.backend().buffer()),
            ["https://example.org/"],
            "{w}x{h}"
        );
    }
}

#[test]
fn a_window_too_small_for_the_code_shows_the_url_and_no_partial_code() {
    let mut a = app();
    act(
        &mut a,
        [Action::Choose(1), Action::Choose(0), Action::ShowChannels],
    );
    resize(&mut a, 40, 12);
    let (t, _) = render(&a, 40, 12);
    let screen = t.backend().to_string();
    assert!(screen.contains("窗口太小"), "{screen}");
    assert!(screen.contains("https://example.org/"), "{screen}");
    let buf = t.backend().buffer();
    let dark = buf
        .content()
        .iter()
        .filter(|c| c.bg == Color::Rgb(0, 0, 0) || c.symbol() == "▀" || c.symbol() == "▄")
        .count();
    assert_eq!(dark, 0, "no module of a cropped code may be drawn");
}

#[test]
fn an_address_outside_the_trusted_hosts_draws_no_code_and_no_address() {
    let mut a = app();
    a.opts.trusted_hosts = vec![crate::catalog::trust::TrustedHost::Suffix("gov.cn".into())];
    act(
        &mut a,
        [Action::Choose(1), Action::Choose(0), Action::ShowChannels],
    );
    for (w, h) in [(80, 24), (60, 48), (160, 50), (40, 12)] {
        resize(&mut a, w, h);
        let (t, hits) = render(&a, w, h);
        let screen = screen_text(t.backend().buffer());
        assert_eq!(decode_qr(t.backend().buffer()), Vec::<String>::new());
        assert!(screen.contains("请咨询窗口工作人员"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("网上服务大厅"), "{w}x{h}:\n{screen}");
        assert!(!screen.contains("example"), "{w}x{h}:\n{screen}");
        assert!(hits.all().iter().any(|(_, a)| *a == Action::Back));
    }
    // The same page drawn with the host trusted is the code (the control).
    a.opts.trusted_hosts = vec![crate::catalog::trust::TrustedHost::Host(
        "example.org".into(),
    )];
    let (t, _) = render(&a, 80, 24);
    assert_eq!(decode_qr(t.backend().buffer()), ["https://example.org/"]);
}

#[test]
fn the_page_for_an_untrusted_address_fits_every_size() {
    let mut a = app();
    a.opts.trusted_hosts.clear();
    act(
        &mut a,
        [Action::Choose(1), Action::Choose(0), Action::ShowChannels],
    );
    for w in 1..=120u16 {
        for h in 1..=40u16 {
            resize(&mut a, w, h);
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            for (r, _) in draw_buffer(&a, &mut buf).targets.all() {
                assert!(r.right() <= w && r.bottom() <= h, "{w}x{h}: {r:?}");
            }
        }
    }
}

#[test]
fn the_breadcrumb_follows_guide_part_item_and_view() {
    let mut a = app();
    act(&mut a, [Action::Choose(1)]);
    assert_eq!(breadcrumb(&a), ["首页", "示例市", "第一部分 参保登记"]);
    act(&mut a, [Action::Choose(0)]);
    // An item's crumb ends with the field at the top of the page.
    assert_eq!(
        breadcrumb(&a),
        [
            "首页",
            "示例市",
            "第一部分 参保登记",
            "单位参保登记",
            "受理单位"
        ]
    );
    act(&mut a, [Action::ShowChart]);
    assert_eq!(breadcrumb(&a).last().unwrap(), "办理流程图");
}

#[test]
fn compare_shows_each_guides_time_limit() {
    let mut a = app();
    act(
        &mut a,
        [Action::Choose(1), Action::Choose(0), Action::ShowCompare],
    );
    let page = text_page(&a, layout::bands(Rect::new(0, 0, 80, 24)).body).unwrap();
    let text: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        text.iter().any(|l| l.contains("即时办结"))
            && text.iter().any(|l| l.contains("不超过5个工作日")),
        "{text:#?}"
    );
}

/// What the drawing reports is what it drew: the rows of a list page, the
/// lines of a text and how many show.
#[test]
fn the_viewport_reports_what_was_drawn() {
    let mut a = app();
    act(&mut a, [Action::Choose(1)]);
    let mut buf = Buffer::empty(Rect::new(0, 0, 80, 24));
    let drawn = draw_buffer(&a, &mut buf);
    let rows = drawn
        .targets
        .all()
        .iter()
        .filter(|(_, action)| matches!(action, Action::Choose(_)))
        .count();
    assert_eq!(drawn.viewport.list_page, rows);
    act(&mut a, [Action::Choose(0)]);
    let drawn = draw_buffer(&a, &mut buf);
    let page = text_page(&a, layout::bands(buf.area).body).unwrap();
    assert_eq!(drawn.viewport.text_lines, page.lines.len());
    assert_eq!(drawn.viewport.text_rows, page.visible());
    assert!(drawn.viewport.max_scroll() > 0, "the item scrolls at 80x24");
}

/// Draws as the runtime does, handing the viewport back until what was
/// drawn is what the state machine knows of it.
fn settle(app: &mut App) -> Drawn {
    for _ in 0..5 {
        let mut buf = Buffer::empty(app.area);
        let drawn = draw_buffer(app, &mut buf);
        if drawn.viewport == app.viewport {
            return drawn;
        }
        update(app, Action::Viewport(drawn.viewport), at(1));
    }
    panic!("the viewport never settled: {:?}", app.screen());
}

/// A screen built by `make` at `w`×`h`, then tapped through `taps`.
fn replay(make: &Make, (w, h): (u16, u16), taps: &[Action]) -> App {
    let mut a = make();
    resize(&mut a, w, h);
    settle(&mut a);
    for tap in taps {
        update(&mut a, tap.clone(), at(1));
        settle(&mut a);
    }
    a
}

/// What a tap can change.
type Seen = (
    Vec<Screen>,
    bool,
    crate::app::Visit,
    Option<std::time::Duration>,
    crate::app::PinGuard,
);

fn seen(a: &App) -> Seen {
    (
        a.stack.clone(),
        a.large,
        a.visit.clone(),
        a.idle_deadline,
        a.pin_guard,
    )
}

/// The action a tap on the first cell of each target gives (the topmost
/// target there: the idle question covers everything under it).
fn taps(drawn: &Drawn) -> Vec<Action> {
    let mut out: Vec<Action> = Vec::new();
    for (r, _) in drawn.targets.all() {
        if let Some(a) = drawn.targets.at(r.x, r.y)
            && !out.contains(a)
        {
            out.push(a.clone());
        }
    }
    out
}

/// The sizes a visitor tried the kiosk at: landscape, large, portrait.
const KIOSK_SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (60, 48)];

/// Every target drawn leads somewhere: tapped, it changes what the visitor
/// sees or asks the runtime for something. Checked on every screen at
/// the three kiosk sizes, and again on every page reached by tapping
/// 下一页 (or 下一个) until it is disabled: by then every entry of the list
/// has been drawn as a target, or the text has been shown to its end.
#[test]
fn every_target_leads_somewhere_and_every_list_pages_through_by_taps() {
    for (name, make) in makers() {
        for size in KIOSK_SIZES {
            let mut path: Vec<Action> = Vec::new();
            let mut entries: Vec<Action> = Vec::new();
            loop {
                let mut a = replay(&make, size, &path);
                let drawn = settle(&mut a);
                let here = taps(&drawn);
                for tap in &here {
                    assert_leads_somewhere(&make, size, &path, tap, name);
                    if matches!(
                        tap,
                        Action::Choose(_) | Action::ToggleReason(_) | Action::ChooseLevel(_)
                    ) && !entries.contains(tap)
                    {
                        entries.push(tap.clone());
                    }
                }
                let forward = here
                    .into_iter()
                    .find(|t| matches!(t, Action::Page(1) | Action::Channel(1)));
                match forward {
                    Some(tap) if path.len() < 60 => path.push(tap),
                    Some(_) => panic!("{name} {size:?}: paging never ends"),
                    None => {
                        assert_all_reached(&a, &entries, name, size);
                        break;
                    }
                }
            }
        }
    }
}

fn assert_leads_somewhere(
    make: &Make,
    size: (u16, u16),
    path: &[Action],
    tap: &Action,
    name: &str,
) {
    let mut a = replay(make, size, path);
    let before = seen(&a);
    // The hidden corner counts its taps, and opens on the last of them.
    let times = if *tap == Action::CornerTap {
        a.opts.operator_taps
    } else {
        1
    };
    let mut effects = Vec::new();
    for _ in 0..times {
        effects.extend(update(&mut a, tap.clone(), at(2)));
    }
    assert!(
        !effects.is_empty() || seen(&a) != before,
        "{name} {size:?} after {path:?}: {tap:?} is drawn but does nothing"
    );
}

/// After paging to the end: every entry of the list was drawn for a tap,
/// the text was scrolled to its last line, the last channel page shown.
fn assert_all_reached(a: &App, entries: &[Action], name: &str, size: (u16, u16)) {
    if a.idle_deadline.is_some() {
        // The idle question covers the page: a tap answers it first.
        return;
    }
    let want = match a.screen() {
        Screen::Rate {
            step: RateStep::Level,
            ..
        } => Level::ALL.map(Action::ChooseLevel).to_vec(),
        Screen::Rate {
            step: RateStep::Reasons { chosen, .. },
            ..
        } => (0..chosen.len()).map(Action::ToggleReason).collect(),
        _ => (0..a.list_len()).map(Action::Choose).collect(),
    };
    for entry in &want {
        assert!(
            entries.contains(entry),
            "{name} {size:?}: {entry:?} never drawn"
        );
    }
    let scroll = a.screen().scroll();
    if let Some(scroll) = scroll {
        assert_eq!(
            scroll,
            a.viewport.max_scroll(),
            "{name} {size:?}: the text's end"
        );
    }
    if let Screen::Channels { page, .. } = a.screen() {
        assert_eq!(page + 1, a.viewport.pages, "{name} {size:?}: the last page");
    }
}

/// Labels are never broken inside a word: at the kiosk sizes, in the
/// standard and the large mode, every button's label is drawn whole.
#[test]
fn every_button_label_is_drawn_whole_at_the_kiosk_sizes() {
    for (name, make) in makers() {
        for size in KIOSK_SIZES {
            for large in [false, true] {
                let mut a = make();
                a.large = large;
                resize(&mut a, size.0, size.1);
                let drawn = settle(&mut a);
                assert!(
                    drawn.cut.is_empty(),
                    "{name} {size:?} large {large}: {:?} cut",
                    drawn.cut
                );
            }
        }
    }
}

#[test]
fn a_label_breaks_only_between_words() {
    assert_eq!(
        layout::label_lines("流程图 f", 6, 2),
        Some(vec!["流程图".to_string(), "f".to_string()])
    );
    assert_eq!(
        layout::label_lines("评价本厅服务", 12, 2),
        Some(vec!["评价本厅服务".to_string()])
    );
    assert_eq!(layout::label_lines("评价本厅服务", 11, 2), None);
    assert_eq!(layout::label_lines("1 非常满意", 8, 1), None);
    // Large mode at 60 columns: four home buttons of 14 cells each left
    // “评价本厅服务” 11 cells (found as “评价本厅服/务”): the row wraps.
    let labels = ["查找事项 /", "标准字体", "评价本厅服务", "结束本次服务"];
    assert!(layout::buttons_per_row(58, &labels, 5) < 4);
    assert_eq!(layout::buttons_per_row(80, &labels, 3), 4);
}

/// The five levels look alike — the same colours, none marked as chosen —
/// and nothing is chosen until the visitor taps: Enter on the level step
/// records nothing.
#[test]
fn the_five_levels_weigh_the_same_and_none_is_chosen_beforehand() {
    for size in KIOSK_SIZES {
        for large in [false, true] {
            let mut a = app();
            a.large = large;
            act(&mut a, [Action::Choose(1), Action::Choose(0), Action::Rate]);
            resize(&mut a, size.0, size.1);
            let mut buf = Buffer::empty(a.area);
            let drawn = draw_buffer(&a, &mut buf);
            let palette = Palette::for_app(&a);
            let faces: Vec<(Color, Color)> = drawn
                .targets
                .all()
                .iter()
                .filter(|(_, action)| matches!(action, Action::ChooseLevel(_)))
                .map(|(r, _)| {
                    let cell = &buf[(r.x, r.y)];
                    (cell.fg, cell.bg)
                })
                .collect();
            assert_eq!(faces.len(), 5, "{size:?}");
            assert!(faces.iter().all(|f| *f == faces[0]), "{size:?}: {faces:?}");
            let selected = palette.selected();
            assert_ne!(Some(faces[0].1), selected.bg, "{size:?}: drawn as chosen");
        }
    }
    let mut a = app();
    act(&mut a, [Action::RateHall]);
    let before = a.stack.clone();
    assert!(update(&mut a, Action::Open, at(2)).is_empty());
    assert_eq!(a.stack, before, "Enter chose a level");
}

/// The shipped catalog at the kiosk sizes.
fn shipped(w: u16, h: u16) -> App {
    shipped_at("株洲", "市本级", w, h)
}

/// The shipped catalog in a hall whose home is given as `guide` and
/// `district` (each an id, a name or an alias).
fn shipped_at(guide: &str, district: &str, w: u16, h: u16) -> App {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let catalog = crate::catalog::load_dir(&dir).expect("the shipped catalog");
    let opts = crate::app::Options {
        home_guide: Some(guide.into()),
        home_district: Some(district.into()),
        ..crate::app::tests::options()
    };
    App::new(catalog, opts, Rect::new(0, 0, w, h), at(0))
}

/// A home given by id, name or alias — guide and district — is the same
/// home everywhere: listed first on Home, its district's rows marked 本厅.
#[test]
fn a_home_given_by_an_alias_is_home_everywhere() {
    for (guide, district, name, own) in [
        ("zhuzhou", "市本级", "株洲市", "市本级"),
        ("株洲市", "市本级", "株洲市", "市本级"),
        ("株洲", "市本级", "株洲市", "市本级"),
        ("永州", "江华瑶族自治县", "永州市", "江华县"),
    ] {
        let mut a = shipped_at(guide, district, 80, 24);
        let home = a.home_guide().unwrap_or_else(|| panic!("{guide}: no home"));
        assert_eq!(a.catalog.guides[home].name, name);
        assert_eq!(a.guide_order[0], home, "{guide}: not first");
        assert_eq!(a.own_district(home), Some(own), "{guide} {district}");
        let (t, _) = render(&a, 80, 24);
        let text = screen_text(t.backend().buffer());
        assert!(text.contains(&format!(" 1  {name} ")), "{guide}:\n{text}");
        a.stack.push(Screen::Item {
            guide: home,
            item: 0,
            scroll: 0,
        });
        settle(&mut a);
        act(&mut a, [Action::JumpTo(1)]);
        let (t, _) = render(&a, 80, 24);
        let text = screen_text(t.backend().buffer());
        assert!(
            text.contains(&format!("本厅 {own}")),
            "{guide} {district}:\n{text}"
        );
    }
}

/// 办理材料 is one tap from every item's first screen: the jump row's
/// target is there, and tapped, the page shows 【办理材料】 at its top and
/// the breadcrumb says 办理材料. Every other field of the row likewise.
#[test]
fn every_field_of_the_jump_row_is_one_tap_from_an_items_first_screen() {
    for (w, h) in KIOSK_SIZES {
        let mut a = shipped(w, h);
        for guide in 0..a.catalog.guides.len() {
            for item in 0..a.catalog.guides[guide].items.len() {
                for (n, field) in crate::document::sections::JUMPS.iter().enumerate() {
                    a.stack = vec![
                        Screen::Home { selected: 0 },
                        Screen::Item {
                            guide,
                            item,
                            scroll: 0,
                        },
                    ];
                    let drawn = settle(&mut a);
                    let target = drawn
                        .targets
                        .all()
                        .iter()
                        .find(|(_, t)| *t == Action::JumpTo(n));
                    let name = a.catalog.guides[guide].items[item].name.clone();
                    let Some((r, _)) = target else {
                        // Only a field already at the top has no target.
                        assert_eq!(a.viewport.jumps[n], Some(0), "{name} {field} at {w}x{h}");
                        continue;
                    };
                    let tap = drawn.targets.at(r.x, r.y).cloned();
                    assert_eq!(tap, Some(Action::JumpTo(n)), "{name} {field} at {w}x{h}");
                    update(&mut a, Action::JumpTo(n), at(1));
                    settle(&mut a);
                    let mut buf = Buffer::empty(a.area);
                    draw_buffer(&a, &mut buf);
                    let screen = screen_text(&buf);
                    let first = screen.lines().nth(2).unwrap_or_default().trim();
                    assert_eq!(
                        first,
                        format!("【{field}】"),
                        "{name} at {w}x{h}:\n{screen}"
                    );
                    assert_eq!(breadcrumb(&a).last().map(String::as_str), Some(*field));
                }
            }
        }
    }
}

/// The digits on an item are its jump row: 4 is 办理材料.
#[test]
fn digit_four_on_an_item_jumps_to_its_materials() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut a = shipped(80, 24);
    let guide = a.home_guide().expect("株洲市 by its alias");
    let item = a.catalog.guides[guide]
        .items
        .iter()
        .position(|i| i.name == "异地安置退休人员备案")
        .expect("the item");
    a.stack.push(Screen::Item {
        guide,
        item,
        scroll: 0,
    });
    settle(&mut a);
    let key = KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE);
    let action = crate::app::key_action(&a, key).expect("a key press");
    assert_eq!(action, Action::JumpTo(3));
    update(&mut a, action, at(1));
    settle(&mut a);
    assert_eq!(breadcrumb(&a).last().map(String::as_str), Some("办理材料"));
}

/// 朗读 and 打印告知单 only where the hall has the hardware: 朗读 in the
/// hint bar of every screen, 打印告知单 under an item.
#[test]
fn neither_target_without_the_hardware_and_both_with_it() {
    let has = |targets: &TapTargets, want: &Action| targets.all().iter().any(|(_, a)| a == want);
    for (name, mut a) in screens() {
        for equipped in [false, true] {
            a.opts.speech = equipped;
            a.opts.printer = equipped;
            let (_, targets) = render(&a, 80, 24);
            assert_eq!(has(&targets, &Action::ReadAloud), equipped, "{name}");
            let item = matches!(a.screen(), Screen::Item { .. });
            assert_eq!(
                has(&targets, &Action::PrintTicket),
                equipped && item,
                "{name}"
            );
        }
    }
}

/// The header tells the visitor how the ticket goes and that reading
/// aloud does not work, whole even on the smallest screen.
#[test]
fn the_header_tells_the_ticket_and_the_speech() {
    use crate::app::PrintStatus;
    use crate::speech::SpeechState;
    use crate::ticket::PrintFailure;
    let until = at(1).mono + crate::app::PRINTED_FOR;
    let failed = |failure| PrintStatus::Failed { failure, until };
    let cases = [
        (
            PrintStatus::Printing,
            SpeechState::Idle,
            "正在打印告知单，请稍候……",
        ),
        (
            PrintStatus::Printed { until },
            SpeechState::Idle,
            "告知单已打印，请取走",
        ),
        (
            failed(PrintFailure::Missing("/dev/usb/lp0".into())),
            SpeechState::Idle,
            "打印机未连接，请到窗口咨询",
        ),
        (
            failed(PrintFailure::Busy("lp0".into())),
            SpeechState::Idle,
            "打印机正忙，请稍后再试",
        ),
        (
            failed(PrintFailure::Failed("lp0: I/O error".into())),
            SpeechState::Idle,
            "打印失败（可能缺纸），请到窗口咨询",
        ),
        (
            failed(PrintFailure::TimedOut),
            SpeechState::Idle,
            "打印机没有响应，请到窗口咨询",
        ),
        (
            PrintStatus::Idle,
            SpeechState::Unavailable("espeak-ng: not found".into()),
            "朗读不可用",
        ),
        (
            PrintStatus::Idle,
            SpeechState::Failed("exit status: 1".into()),
            "朗读不可用",
        ),
    ];
    for (print, speech, said) in cases {
        let mut a = app();
        a.print = print;
        a.speech = speech;
        for (w, h) in [(80, 24), (40, 12)] {
            resize(&mut a, w, h);
            let (t, _) = render(&a, w, h);
            let text = screen_text(t.backend().buffer());
            let header = text.lines().next().unwrap();
            assert!(header.contains(said), "{w}x{h}: {header}");
            assert!(!header.contains("测试大厅"), "{header}");
        }
    }
    let (t, _) = render(&app(), 80, 24);
    assert!(screen_text(t.backend().buffer()).starts_with(" 测试大厅"));
}

#[test]
fn the_operator_menu_says_which_catalog_is_in_use_and_what_is_coming() {
    let mut app = app();
    app.stack.push(Screen::Operator { selected: 0 });
    let menu = |app: &App| screen_text(render(app, 80, 24).0.backend().buffer());
    let text = menu(&app);
    assert!(
        text.contains("运维菜单　当前目录 test（16 项），11月23日 09:30起使用"),
        "{text}"
    );
    act(&mut app, [Action::Choose(0)]);
    assert!(menu(&app).contains("重新加载目录") && menu(&app).contains("正在加载…"));
    let found = crate::app::Found::New(crate::app::catalog_tests::newer("新示例市", "v2"));
    act(&mut app, [Action::CatalogFound(found)]);
    // The reload still runs: that is what the operator waits for.
    assert!(menu(&app).contains("正在加载…"));
    app.catalog_status.loading = false;
    assert!(menu(&app).contains("新目录 v2 已检查，空闲时启用"));
    let refused = crate::app::Found::Refused(vec!["a.ron:1:1: x".into(), "a.ron:2:1: y".into()]);
    act(&mut app, [Action::CatalogFound(refused)]);
    let text = menu(&app);
    assert!(
        text.contains("新目录有误未启用（2 处，重新加载可查看）"),
        "{text}"
    );
    assert!(text.contains("当前目录 test（16 项）"), "{text}");
}
