//! The monkey test: a long seeded stream of keys, taps, pointer noise,
//! resizes and idle time through `update` and `draw_buffer`, fed exactly as
//! the runtime feeds them (`run::translate`, taps resolved against the last
//! frame's `Hits`, a redraw only when the state says it is dirty), over the
//! whole shipped catalog. After every event the state must hold together
//! and what was last drawn must still be what the state shows.

use std::collections::{BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use pbkdf2::PasswordHasher;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

use crate::app::tests::options;
use crate::app::*;
use crate::catalog::Catalog;
use crate::ratings::Held;
use crate::speech::SpeechState;
use crate::ticket::PrintFailure;
use crate::ui::{TapTargets, breadcrumb, draw_buffer, layout, page_buttons, text_page};

/// Enough to reach every screen many times over; about 20 s in the dev
/// profile on two cores (see the test's output for the figure). Every event
/// that changes the screen is drawn, as the runtime does (about nine in
/// ten), at the size of the last resize; one event in 25 resizes, to a
/// random size from 1×1 to 160×50 or a kiosk size, so each size is drawn a
/// few dozen times before the next.
const EVENTS: usize = 120_000;
const SEED: u64 = 0x6b10_5c0d_e2d1_2026;
/// Another seed explores other paths: `KIOSK_MONKEY_SEED=7 cargo test monkey`.
fn seed() -> u64 {
    std::env::var("KIOSK_MONKEY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEED)
}
/// The last events shown when something fails.
const HISTORY: usize = 40;

#[test]
fn a_monkey_never_breaks_the_kiosk() {
    let started = Instant::now();
    let mut m = Monkey::new(seed());
    for n in 0..EVENTS {
        m.event(n);
    }
    let visited: Vec<&str> = m.visited.iter().copied().collect();
    eprintln!(
        "monkey: {EVENTS} events, {} draws, {} records, {} quits, {} catalog swaps, in {:.1?}; visited {visited:?}",
        m.draws,
        m.records,
        m.quits,
        m.swaps,
        started.elapsed()
    );
    // The monkey must have gone deep, or the invariants proved little.
    for deep in [
        "Guide",
        "Part",
        "Item",
        "Chart",
        "Channels",
        "Compare",
        "Search",
        "Rate",
        "Thanks",
        "Notice",
        "Pin",
        "Operator",
        "OperatorStats",
        "OperatorMessages",
        "QrTest",
        "ConfirmQuit",
        "SetupNotice",
        "idle",
        "reading",
        "unavailable",
        "printing",
        "printed",
        "print failed",
    ] {
        assert!(
            m.visited.contains(deep),
            "never reached {deep}: {visited:?}"
        );
    }
    assert!(m.records > 50, "only {} ratings recorded", m.records);
    // A swap waits for the kiosk at rest. With no dead target drawn (返回 on
    // Home), most of the monkey's taps at rest take it somewhere: seven seeds
    // gave 20 to 40 swaps, so half the least of them is asked for.
    assert!(m.swaps >= 10, "only {} catalogs swapped in", m.swaps);
}

struct Monkey {
    rng: fastrand::Rng,
    app: App,
    catalog: Catalog,
    /// Catalogs a reload or a look at the folder may bring: the shipped one
    /// and one guide short, so a swap under a visitor would leave screens
    /// pointing past the catalog.
    newer: [Loaded; 2],
    /// The operator's reload under way, and what it will come to.
    reloading: Option<Action>,
    options: Options,
    now: Duration,
    targets: TapTargets,
    drawn: Buffer,
    last_tap: Option<(Duration, Action)>,
    /// Events queued by a scripted burst (typing the PIN).
    script: VecDeque<Event>,
    history: VecDeque<String>,
    visited: BTreeSet<&'static str>,
    draws: usize,
    records: usize,
    quits: usize,
    /// The page a reading started on, until it is stopped or ends.
    reading: Option<String>,
    /// A ticket the "printer" has not answered yet.
    printing: bool,
    swaps: usize,
}

impl Drop for Monkey {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("seed {}; the last events, oldest first:", seed());
            self.history.iter().for_each(|h| eprintln!("  {h}"));
        }
    }
}

/// Options for the shipped catalog, with a PIN hash cheap enough to check
/// thousands of times (the real one takes 200 000 rounds).
fn monkey_options() -> Options {
    let params = pbkdf2::Params::new_with_output_len(1000, 32).unwrap();
    let hash = pbkdf2::Pbkdf2::from(params)
        .hash_password_with_salt(b"2468", b"monkey-salt-0001")
        .unwrap();
    Options {
        pin: Some(hash.to_string()),
        home_guide: Some("zhuzhou".into()),
        home_district: Some("市本级".into()),
        trusted_hosts: crate::config::Config::default().trusted_hosts,
        speech: true,
        printer: true,
        ..options()
    }
}

fn clock(now: Duration) -> Clock {
    let start = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    Clock {
        mono: now,
        wall: start + chrono::Duration::from_std(now).unwrap_or_default(),
    }
}

impl Monkey {
    fn new(seed: u64) -> Monkey {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
        let catalog = crate::catalog::load_dir(&dir).expect("the shipped catalog loads");
        let options = monkey_options();
        let area = Rect::new(0, 0, 80, 24);
        let app = App::new(
            catalog.clone(),
            options.clone(),
            area,
            clock(Duration::ZERO),
        );
        let loaded = |catalog: Catalog| {
            let index = crate::search::IndexParts::new(&catalog);
            let ready = crate::snapshot::Ready {
                catalog,
                index,
                from_snapshot: false,
            };
            Loaded::new(ready, &options)
        };
        let mut shorter = catalog.clone();
        shorter.guides.pop();
        shorter.version = "shorter".into();
        let mut m = Monkey {
            rng: fastrand::Rng::with_seed(seed),
            app,
            newer: [loaded(catalog.clone()), loaded(shorter)],
            reloading: None,
            catalog,
            options,
            now: Duration::ZERO,
            targets: TapTargets::default(),
            drawn: Buffer::empty(area),
            last_tap: None,
            script: VecDeque::new(),
            history: VecDeque::new(),
            visited: BTreeSet::new(),
            draws: 0,
            records: 0,
            quits: 0,
            reading: None,
            printing: false,
            swaps: 0,
        };
        m.redraw();
        m
    }

    /// One terminal event (or a stretch of idle time) and every check.
    fn event(&mut self, n: usize) {
        // Time passes between events: mostly a moment, sometimes a pause
        // long enough for the idle question or the reset.
        self.now += match self.rng.u8(0..100) {
            0..=89 => Duration::from_millis(self.rng.u64(0..700)),
            90..=97 => Duration::from_millis(self.rng.u64(1_000..15_000)),
            _ => Duration::from_secs(self.rng.u64(20..140)),
        };
        // Now and then the result of a job off the screen's thread instead.
        let action = if self.reloading.is_some() && self.rng.u8(0..4) == 0 {
            self.reloading.take()
        } else if self.rng.u16(0..120) == 0 {
            Some(self.found())
        } else {
            self.next_input(n)
        };
        if let Some(action) = action {
            let tick = action == Action::Tick;
            self.apply(n, action);
            if tick {
                self.devices_report(n);
            }
        }
        // The runtime draws only when something visible changed.
        if self.app.dirty {
            self.redraw();
        } else if self.rng.u8(0..4) == 0 {
            self.assert_drawn_is_current(n);
        }
        if let Err(e) = invariants(&self.app, &self.drawn) {
            panic!("event {n}: {e}\nscreen: {:?}", self.app.screen());
        }
        if let Some(page) = &self.reading
            && *page != page_of(&self.app)
        {
            panic!("event {n}: still reading {page} on {}", page_of(&self.app));
        }
        self.visited.insert(screen_name(self.app.screen()));
        if self.app.idle_deadline.is_some() {
            self.visited.insert("idle");
        }
        self.visited
            .extend(match (&self.app.speech, &self.app.print) {
                (_, PrintStatus::Printing) => Some("printing"),
                (_, PrintStatus::Printed { .. }) => Some("printed"),
                (_, PrintStatus::Failed { .. }) => Some("print failed"),
                (SpeechState::Speaking, _) => Some("reading"),
                (s, _) if s.is_unavailable() => Some("unavailable"),
                _ => None,
            });
    }

    /// Now and then, while time passes, the speech program ends its
    /// reading and the printer answers, as the runtime's polling reports.
    fn devices_report(&mut self, n: usize) {
        if self.reading.is_some() && self.rng.u8(0..4) == 0 {
            self.reading = None;
            self.apply(n, Action::Speech(SpeechState::Idle));
        }
        if self.printing && self.rng.u8(0..3) == 0 {
            self.printing = false;
            let result = self.print_result();
            self.apply(n, Action::Printed(result));
        }
    }

    fn print_result(&mut self) -> Result<(), PrintFailure> {
        match self.rng.u8(0..6) {
            0 => Err(PrintFailure::Missing("/dev/usb/lp0: No such device".into())),
            1 => Err(PrintFailure::Failed("/dev/usb/lp0: I/O error".into())),
            2 => Err(PrintFailure::TimedOut),
            _ => Ok(()),
        }
    }

    /// The next terminal event as the runtime translates it, or an idle tick.
    fn next_input(&mut self, n: usize) -> Option<Action> {
        match self.next_event() {
            Some(event) => {
                self.note(format!("{n}: {event:?}"));
                crate::run::translate(
                    &self.app,
                    event,
                    &self.targets,
                    &mut self.last_tap,
                    self.now,
                )
            }
            None => Some(Action::Tick),
        }
    }

    fn note(&mut self, s: String) {
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back(s);
    }

    /// What a look at the catalog folder may find.
    fn found(&mut self) -> Action {
        let newer = self.newer[self.rng.usize(0..2)].clone();
        Action::CatalogFound(match self.rng.u8(0..4) {
            0 => Found::InUse,
            1 => Found::Refused(vec!["catalog/zhuzhou.ron:12:5: Expected comma".into()]),
            _ => Found::New(newer),
        })
    }

    /// `None` is an idle tick.
    fn next_event(&mut self) -> Option<Event> {
        if let Some(e) = self.script.pop_front() {
            return Some(e);
        }
        if matches!(self.app.screen(), Screen::Pin { .. }) && self.rng.u8(0..4) == 0 {
            // The operator knows the PIN: type it and confirm.
            for c in "2468".chars() {
                self.script.push_back(press(KeyCode::Char(c)));
            }
            self.script.push_back(press(KeyCode::Enter));
            return self.script.pop_front();
        }
        match self.rng.u8(0..100) {
            0..=44 => Some(self.tap()),
            45..=79 => Some(Event::Key(self.key())),
            80..=84 => Some(self.pointer_noise()),
            85..=88 => {
                let (w, h) = self.size();
                Some(Event::Resize(w, h))
            }
            _ => None,
        }
    }

    /// Mostly on something drawn to be tapped, so the monkey goes deep.
    fn tap(&mut self) -> Event {
        let targets = self.targets.all();
        let (x, y) = if !targets.is_empty() && self.rng.u8(0..10) < 8 {
            let (r, _) = &targets[self.rng.usize(0..targets.len())];
            (self.rng.u16(r.x..r.right()), self.rng.u16(r.y..r.bottom()))
        } else {
            let a = self.app.area;
            (
                self.rng.u16(0..a.width.max(1)),
                self.rng.u16(0..a.height.max(1)),
            )
        };
        mouse(MouseEventKind::Down(MouseButton::Left), x, y)
    }

    fn pointer_noise(&mut self) -> Event {
        let kind = *self
            .rng
            .choice(&[
                MouseEventKind::Moved,
                MouseEventKind::Up(MouseButton::Left),
                MouseEventKind::Drag(MouseButton::Left),
                MouseEventKind::Down(MouseButton::Right),
                MouseEventKind::ScrollUp,
                MouseEventKind::ScrollDown,
                MouseEventKind::ScrollLeft,
            ])
            .unwrap_or(&MouseEventKind::Moved);
        let (x, y) = (self.rng.u16(0..200), self.rng.u16(0..60));
        mouse(kind, x, y)
    }

    fn key(&mut self) -> KeyEvent {
        let r = &mut self.rng;
        let code = match r.u8(0..24) {
            0..=6 => KeyCode::Char(char::from(
                *r.choice(b"0123456789/+-rfcmvp ").unwrap_or(&b'1'),
            )),
            7..=10 => KeyCode::Char(r.lowercase()),
            11 => KeyCode::Char(r.char(..)),
            12 => KeyCode::Enter,
            13 => KeyCode::Esc,
            14 => KeyCode::Backspace,
            15 => KeyCode::Home,
            16 => KeyCode::Up,
            17 => KeyCode::Down,
            18 => KeyCode::Left,
            19 => KeyCode::Right,
            20 => KeyCode::PageUp,
            21 => KeyCode::PageDown,
            22 => KeyCode::F(r.u8(1..=12)),
            _ => *r
                .choice(&[KeyCode::Tab, KeyCode::Delete, KeyCode::End, KeyCode::Insert])
                .unwrap_or(&KeyCode::Tab),
        };
        let modifiers = match r.u8(0..20) {
            0 => KeyModifiers::CONTROL,
            1 => KeyModifiers::ALT,
            2 => KeyModifiers::CONTROL | KeyModifiers::ALT,
            3 => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        let kind = match r.u8(0..40) {
            0 => KeyEventKind::Release,
            1 => KeyEventKind::Repeat,
            _ => KeyEventKind::Press,
        };
        KeyEvent::new_with_kind(code, modifiers, kind)
    }

    /// Kiosk sizes most of the time, and anything from 1×1 to 160×50.
    fn size(&mut self) -> (u16, u16) {
        match self.rng.u8(0..10) {
            0..=1 => (self.rng.u16(1..=12), self.rng.u16(1..=8)),
            2..=5 => *self
                .rng
                .choice(&[(80, 24), (60, 48), (100, 30), (120, 40), (160, 50), (1, 1)])
                .unwrap_or(&(80, 24)),
            _ => (self.rng.u16(1..=160), self.rng.u16(1..=50)),
        }
    }

    /// Updates with `action`, carries out the effects as the runtime does,
    /// and checks that a rating was recorded only when a visitor gave one.
    fn apply(&mut self, n: usize, action: Action) {
        self.note(format!("{n}: -> {action:?}"));
        let before = self.app.screen().clone();
        let overlay = self.app.idle_deadline.is_some();
        let rated = self.app.visit.rated.clone();
        let mut queue: VecDeque<Effect> =
            update(&mut self.app, action.clone(), clock(self.now)).into();
        let mut first = true;
        while let Some(effect) = queue.pop_front() {
            if let Effect::Record(draft) = &effect {
                self.records += 1;
                let ok =
                    first && !overlay && may_record(&before, &action, draft, &rated, &self.app);
                assert!(
                    ok,
                    "event {n}: {draft:?} recorded by {action:?} on {before:?}"
                );
            }
            if let Effect::CatalogInUse { .. } = &effect {
                let idle =
                    self.now.saturating_sub(self.app.last_input) >= self.options.idle_timeout;
                let at_reset = matches!(action, Action::Tick | Action::CatalogFound(_))
                    && idle
                    && self.app.at_rest();
                let for_operator = matches!(action, Action::Reloaded(_)) && before.is_operator();
                assert!(
                    at_reset || for_operator,
                    "event {n}: a catalog swapped in by {action:?} on {before:?}"
                );
                self.swaps += 1;
            }
            first = false;
            if let Some(result) = self.outcome(effect) {
                queue.extend(update(&mut self.app, result, clock(self.now)));
            }
        }
    }

    /// What the runtime reports back for an effect; now and then a failure.
    fn outcome(&mut self, effect: Effect) -> Option<Action> {
        let ok = self.rng.u8(0..8) != 0;
        let fail = |what: &str| format!("{what}: No space left on device");
        Some(match effect {
            Effect::Record(_) => {
                // As the runtime does: a failed write is held (here until
                // the restart), and the operator is told.
                if !ok {
                    let status = Status {
                        held: Held::Spared {
                            count: 1,
                            path: "logs/held-ratings.jsonl".into(),
                        },
                        ..self.app.status.clone()
                    };
                    update(&mut self.app, Action::Status(status), clock(self.now));
                }
                Action::Recorded(if ok { Ok(()) } else { Err(fail("r")) })
            }
            Effect::SavePinGuard(_) | Effect::CatalogInUse { .. } => return None,
            Effect::ReadAloud(reading) => {
                // What the runtime would speak: it must word every screen.
                let script = crate::ui::reading::script(&self.app, &reading);
                assert!(!script.title.is_empty() || script.chunks.is_empty());
                let state = match self.rng.u8(0..10) {
                    0 => SpeechState::Unavailable("espeak-ng: not found".into()),
                    1 => SpeechState::Failed("espeak-ng ended: exit status: 1".into()),
                    _ => {
                        self.reading = Some(page_of(&self.app));
                        SpeechState::Speaking
                    }
                };
                Action::Speech(state)
            }
            Effect::StopReading => {
                self.reading = None;
                return None;
            }
            Effect::PrintTicket { .. } if self.printing => {
                // As the runtime answers while a ticket is still printing.
                Action::Printed(Err(PrintFailure::Busy("a ticket is still printing".into())))
            }
            Effect::PrintTicket { .. } if ok && self.rng.bool() => {
                self.printing = true;
                return None;
            }
            Effect::PrintTicket { .. } => Action::Printed(self.print_result()),
            Effect::Reload => {
                // Done off the screen's thread: it comes back a few events later.
                let newer = self.newer[self.rng.usize(0..2)].clone();
                assert!(self.reloading.is_none(), "a second reload while one runs");
                self.reloading = Some(Action::Reloaded(if ok {
                    Ok(newer)
                } else {
                    Err(vec!["catalog/zhuzhou.ron:12:5: Expected comma".into()])
                }));
                return None;
            }
            Effect::ExportToday => Action::Exported(if ok {
                Ok("3 条".into())
            } else {
                Err(fail("e"))
            }),
            Effect::LoadFigures => Action::Figures(if ok {
                Ok(DayFigures::default())
            } else {
                Err(fail("r"))
            }),
            Effect::Quit => {
                // The supervisor starts the kiosk again.
                self.quits += 1;
                self.reading = None;
                self.reloading = None;
                let area = self.app.area;
                self.app = App::new(
                    self.catalog.clone(),
                    self.options.clone(),
                    area,
                    clock(self.now),
                )
                .with_setup_notice(vec![
                    "kiosk.ron:3: ratings_dir \"r\" is not writable".into(),
                ]);
                return None;
            }
        })
    }

    /// Draws as the runtime does, handing the viewport back; a viewport
    /// that moved the scroll or selection asks for another drawing.
    fn redraw(&mut self) {
        while self.app.dirty {
            let mut buf = Buffer::empty(self.app.area);
            let drawn = draw_buffer(&self.app, &mut buf);
            self.targets = drawn.targets;
            self.drawn = buf;
            self.app.dirty = false;
            self.draws += 1;
            if drawn.viewport != self.app.viewport {
                update(
                    &mut self.app,
                    Action::Viewport(drawn.viewport),
                    clock(self.now),
                );
            }
        }
    }

    /// Nothing visible may change without the state saying so, or the
    /// kiosk would show (and take taps for) a screen it has left.
    fn assert_drawn_is_current(&mut self, n: usize) {
        let mut fresh = Buffer::empty(self.app.area);
        let _ = draw_buffer(&self.app, &mut fresh);
        if fresh != self.drawn {
            let text = crate::ui::tests::screen_text;
            panic!(
                "event {n}: the screen changed but was not redrawn; shown:\n{}\nnow:\n{}",
                text(&self.drawn),
                text(&fresh)
            );
        }
    }
}

fn press(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// Whether `action` on `before` may record `draft`: a level button or key
/// on the level step, or 提交 on the reasons step, once per target a visit.
fn may_record(
    before: &Screen,
    action: &Action,
    draft: &RatingDraft,
    rated: &std::collections::HashSet<RateTarget>,
    app: &App,
) -> bool {
    let Screen::Rate { target, step, .. } = before else {
        return false;
    };
    let by_visitor = match step {
        RateStep::Level => match action {
            Action::ChooseLevel(l) => *l == draft.level,
            Action::Choose(_) | Action::Pick(_) => true,
            _ => false,
        },
        RateStep::Reasons { level, .. } => {
            matches!(action, Action::Submit | Action::Open) && *level == draft.level
        }
        RateStep::Saving => false,
    };
    let about = match *target {
        RateTarget::Item { guide, item } => app
            .item(guide, item)
            .is_some_and(|(_, i)| draft.item.as_ref().is_some_and(|(id, _)| *id == i.id)),
        RateTarget::Hall => draft.item.is_none(),
    };
    by_visitor && about && !rated.contains(target)
}

/// The page as reading aloud knows it: the stack's depth and the screen's kind.
fn page_of(app: &App) -> String {
    format!("{} deep, {}", app.stack.len(), screen_name(app.screen()))
}

fn screen_name(s: &Screen) -> &'static str {
    match s {
        Screen::Home { .. } => "Home",
        Screen::Guide { .. } => "Guide",
        Screen::Part { .. } => "Part",
        Screen::Item { .. } => "Item",
        Screen::Chart { .. } => "Chart",
        Screen::Channels { .. } => "Channels",
        Screen::Compare { .. } => "Compare",
        Screen::Search { .. } => "Search",
        Screen::Rate { .. } => "Rate",
        Screen::Thanks { .. } => "Thanks",
        Screen::Notice { .. } => "Notice",
        Screen::Pin { .. } => "Pin",
        Screen::Operator { .. } => "Operator",
        Screen::OperatorStats { .. } => "OperatorStats",
        Screen::OperatorMessages { .. } => "OperatorMessages",
        Screen::QrTest => "QrTest",
        Screen::ConfirmQuit => "ConfirmQuit",
        Screen::SetupNotice { .. } => "SetupNotice",
    }
}

/// Everything that must hold between events.
fn invariants(app: &App, drawn: &Buffer) -> Result<(), String> {
    if !matches!(app.stack.first(), Some(Screen::Home { .. })) {
        return Err(format!("the stack does not start at Home: {:?}", app.stack));
    }
    if drawn.area != app.area {
        return Err(format!(
            "drawn at {:?}, the terminal is {:?}",
            drawn.area, app.area
        ));
    }
    let expected = expected_crumb(app)?;
    if breadcrumb(app) != expected {
        return Err(format!(
            "breadcrumb {:?}, expected {expected:?}",
            breadcrumb(app)
        ));
    }
    crumb_drawn(app, drawn, &expected)?;
    selection_and_scroll(app)
}

/// The breadcrumb worked out from the screen and the catalog alone.
fn expected_crumb(app: &App) -> Result<Vec<String>, String> {
    let guides = &app.catalog.guides;
    let guide = |c: usize| guides.get(c).ok_or(format!("no guide {c}"));
    let part = |c: usize, p: usize| {
        guide(c)?
            .parts
            .get(p)
            .map(|p| p.display_title())
            .ok_or(format!("no part {p} in guide {c}"))
    };
    let item = |c: usize, i: usize| -> Result<Vec<String>, String> {
        let cc = guide(c)?;
        let it = cc.items.get(i).ok_or(format!("no item {i} in guide {c}"))?;
        let p = cc.part(&it.part).ok_or("an item of no part")?;
        Ok(vec![cc.name.clone(), p.display_title(), it.name.clone()])
    };
    let mut crumb = vec!["首页".to_string()];
    match app.screen() {
        Screen::Home { .. } => {}
        Screen::Guide { guide: c, .. } => crumb.push(guide(*c)?.name.clone()),
        Screen::Part {
            guide: c, part: p, ..
        } => {
            crumb.push(guide(*c)?.name.clone());
            crumb.push(part(*c, *p)?);
        }
        Screen::Item {
            guide,
            item: i,
            scroll,
        } => {
            crumb.extend(item(*guide, *i)?);
            crumb.push(field_at(app, *scroll)?.into());
        }
        Screen::Chart { guide, item: i, .. } => {
            crumb.extend(item(*guide, *i)?);
            crumb.push("办理流程图".into());
        }
        Screen::Channels { guide, item: i, .. } => {
            crumb.extend(item(*guide, *i)?);
            crumb.push("线上办理".into());
        }
        Screen::Compare { guide, item: i, .. } => {
            crumb.extend(item(*guide, *i)?);
            crumb.push("各地对比".into());
        }
        Screen::Search { .. } => crumb.push("查找事项".into()),
        Screen::Rate { .. } | Screen::Thanks { .. } => crumb.push("服务评价".into()),
        Screen::Notice { .. } => crumb.push("提示".into()),
        Screen::SetupNotice { .. } => crumb.push("设置检查".into()),
        _ => crumb.push("运维".into()),
    }
    Ok(crumb)
}

/// The field of the item at the top of the page scrolled to `scroll`,
/// worked out from the item's fields and their lines, not the drawing's
/// own reckoning: the last whose title is at or above the top line.
fn field_at(app: &App, scroll: usize) -> Result<&'static str, String> {
    let page = text_page(app, layout::bands(app.area).body).ok_or("an item without text")?;
    let Screen::Item { guide, item, .. } = *app.screen() else {
        return Err("not an item".into());
    };
    let it = &app.catalog.guides[guide].items[item];
    let width = usize::from(page.area.width.saturating_sub(1)).max(2);
    // Large mode doubles every line of an item (a blank after each).
    let line = if app.large { scroll / 2 } else { scroll };
    let top = line.min(page.content.saturating_sub(1) / if app.large { 2 } else { 1 });
    let own = app.own_district(guide);
    let shown = crate::document::lines::sections_in_view(it, own, width, top..top + 1);
    let first = crate::document::sections::sections(it, own);
    shown
        .first()
        .or(first.first())
        .map(|s| s.title)
        .ok_or_else(|| "an item without fields".into())
}

/// Where the window has room, the drawn crumb bar shows where the visitor
/// is: at least the start of the last step (the bar cuts from the left).
fn crumb_drawn(app: &App, drawn: &Buffer, expected: &[String]) -> Result<(), String> {
    let area = drawn.area;
    if layout::too_small(area) || app.idle_deadline.is_some() {
        return Ok(());
    }
    let position = if page_buttons(app.screen()).is_empty() {
        0
    } else {
        18
    };
    if area.width < 2 + position + 12 {
        return Ok(());
    }
    let row = crate::ui::tests::screen_text(drawn)
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let last = expected.last().map_or("", String::as_str);
    let start: String = crate::text::clean(last).chars().take(2).collect();
    if row.contains(&start) {
        Ok(())
    } else {
        Err(format!("the crumb bar shows {row:?}, not {last:?}"))
    }
}

fn selection_and_scroll(app: &App) -> Result<(), String> {
    let len = app.list_len();
    let selected = app.screen().selected();
    if let Some(sel) = selected
        && sel >= len.max(1)
    {
        return Err(format!("selection {sel} of a list of {len}"));
    }
    let scroll = app.screen().scroll();
    if let Some(scroll) = scroll {
        let page =
            text_page(app, layout::bands(app.area).body).ok_or("a text screen without text")?;
        let max = page.lines.len().saturating_sub(page.visible());
        if scroll > max {
            return Err(format!("scroll {scroll} past max_scroll {max}"));
        }
    }
    match app.screen() {
        Screen::Channels { page, .. } => {
            // As many pages as the drawing showed (none on a window too small).
            let pages = app.viewport.pages.max(1);
            if *page >= pages {
                return Err(format!("channel page {page} of {pages}"));
            }
        }
        Screen::Rate {
            step: RateStep::Reasons { chosen, .. },
            ..
        } if chosen.len() != app.opts.bad_reasons.len() => {
            return Err("reason tags do not match the configured reasons".into());
        }
        _ => {}
    }
    Ok(())
}
