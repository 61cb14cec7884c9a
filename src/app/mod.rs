//! The kiosk as a state machine: [`App`] holds what the visitor is doing, and
//! [`update`] turns one [`Action`] into the next state plus [`Effect`]s for
//! the runtime to carry out (write a rating, reload the catalog …). Nothing
//! here touches a terminal, a file or the real clock, and nothing here is
//! presentation: no label, no layout. What the drawing needs to know back
//! (how many entries a page shows, how long a text is at this width) comes
//! in as [`Action::Viewport`]. Every behaviour is tested by feeding actions.

mod action;
mod catalogs;
mod input;
mod live;
mod update;

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::layout::Rect;

pub use action::{Action, DayFigures, Effect, RatingDraft, Reading, Shown, Viewport};
pub use catalogs::{CatalogStatus, Found, Loaded, Retired};
pub use input::{key_action, mouse_is_activity};
pub use update::update;

use crate::catalog::trust::TrustedHost;
use crate::catalog::{Catalog, Guide, Home, Item};
use crate::config::{Settings, Theme};
use crate::ratings::{Held, Level, Reason};
use crate::search::{Hit, IndexParts, SearchIndex};
use crate::speech::SpeechState;
use crate::ticket::PrintFailure;

/// The time as the state machine sees it: a monotonic reading for timers
/// and the wall clock for the header and the ratings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    pub mono: Duration,
    pub wall: DateTime<Utc>,
}

/// What the hall configured, in the form the screens use.
#[derive(Debug, Clone)]
pub struct Options {
    pub hall_name: String,
    pub offset: FixedOffset,
    pub idle_timeout: Duration,
    pub idle_warning: Duration,
    /// The 差评 reasons, grouped by what they are about.
    pub bad_reasons: Vec<Reason>,
    pub operator_taps: u32,
    pub pin: Option<String>,
    pub theme: Theme,
    /// The configured home guide (id, name or alias) and the hall's
    /// district in it, as `kiosk.ron` gives them; [`App::home`] is what
    /// they resolve to in the catalog.
    pub home_guide: Option<String>,
    pub home_district: Option<String>,
    /// The hosts an online channel's QR code may lead to.
    pub trusted_hosts: Vec<TrustedHost>,
    /// Whether there is a speech program (朗读 is offered only then).
    pub speech: bool,
    /// Whether there is a receipt printer (打印告知单 is offered only then).
    pub printer: bool,
}

impl Options {
    pub fn from_settings(s: &Settings) -> Options {
        let c = &s.config;
        Options {
            hall_name: c.hall_name.clone(),
            offset: s.offset,
            idle_timeout: Duration::from_secs(c.idle_timeout_secs),
            idle_warning: Duration::from_secs(c.idle_warning_secs),
            bad_reasons: s.taxonomy.reasons.clone(),
            operator_taps: c.operator_taps,
            pin: c.operator_pin_hash.clone(),
            theme: c.theme,
            home_guide: c.home_guide.clone(),
            home_district: c.home_district.clone(),
            trusted_hosts: c.trusted_hosts.clone(),
            speech: crate::speech::command(&c.speech).is_some(),
            printer: crate::ticket::Printer::from_settings(s).is_some(),
        }
    }
}

/// One screen on the navigation stack.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Home {
        selected: usize,
    },
    /// The parts of a guide.
    Guide {
        guide: usize,
        selected: usize,
    },
    /// The items of a part.
    Part {
        guide: usize,
        part: usize,
        selected: usize,
    },
    Item {
        guide: usize,
        item: usize,
        scroll: usize,
    },
    Chart {
        guide: usize,
        item: usize,
        scroll: usize,
    },
    /// The online channels of an item, one QR code per page.
    Channels {
        guide: usize,
        item: usize,
        page: usize,
    },
    Compare {
        guide: usize,
        item: usize,
        scroll: usize,
    },
    Search {
        query: String,
        selected: usize,
        /// The best of what matched, best first.
        hits: Vec<Hit>,
        /// How many entries matched (more than `hits` holds when very many do).
        total: usize,
    },
    Rate {
        target: RateTarget,
        step: RateStep,
        then_home: bool,
    },
    Thanks {
        until: Duration,
        saved: bool,
        then_home: bool,
    },
    /// A short message with a single 知道了 button (您已评价过此事项).
    Notice {
        notice: Notice,
    },
    Pin {
        digits: String,
        error: Option<PinError>,
    },
    Operator {
        selected: usize,
    },
    OperatorStats {
        figures: DayFigures,
    },
    /// What came of an operator's request (reload, export, statistics),
    /// with the raw messages below it.
    OperatorMessages {
        message: Message,
        detail: Vec<String>,
        scroll: usize,
    },
    QrTest,
    /// 退出程序 while ratings are held back from the log: are you sure?
    ConfirmQuit,
    /// At start-up: what keeps this terminal from working as it should.
    SetupNotice {
        lines: Vec<String>,
        scroll: usize,
    },
}

impl Screen {
    /// The selected entry of a list screen (read here; moved by
    /// `update::navigation::selected_mut`).
    pub fn selected(&self) -> Option<usize> {
        match self {
            Screen::Home { selected }
            | Screen::Guide { selected, .. }
            | Screen::Part { selected, .. }
            | Screen::Search { selected, .. }
            | Screen::Operator { selected } => Some(*selected),
            _ => None,
        }
    }

    /// How far a text screen is scrolled (moved by
    /// `update::navigation::scroll_mut`).
    pub fn scroll(&self) -> Option<usize> {
        match self {
            Screen::Item { scroll, .. }
            | Screen::Chart { scroll, .. }
            | Screen::Compare { scroll, .. }
            | Screen::OperatorMessages { scroll, .. }
            | Screen::SetupNotice { scroll, .. } => Some(*scroll),
            _ => None,
        }
    }

    /// The operator's screens: behind the PIN, where the operator's
    /// actions (export, reload) are taken and a reload's result is awaited.
    pub fn is_operator(&self) -> bool {
        matches!(
            self,
            Screen::Pin { .. }
                | Screen::Operator { .. }
                | Screen::OperatorStats { .. }
                | Screen::OperatorMessages { .. }
                | Screen::ConfirmQuit
                | Screen::QrTest
        )
    }
}

/// What a rating is about: one item, or the hall as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateTarget {
    Item { guide: usize, item: usize },
    Hall,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RateStep {
    Level,
    /// After 不满意 / 非常不满意: the reason tags, several may be chosen.
    Reasons {
        level: Level,
        chosen: Vec<bool>,
    },
    /// Waiting for the log to confirm the write.
    Saving,
}

/// Why a short notice is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// 一次一评: this service was rated in this visit already.
    AlreadyRated,
    /// No other guide has the item, so there is nothing to compare.
    NothingToCompare,
}

/// Why the PIN pad did not open the operator menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinError {
    Wrong,
    /// Too many wrong PINs: locked for a while.
    Locked,
    /// kiosk.ron has no operator_pin_hash.
    NotSet,
}

/// What came of an operator's request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Reloaded,
    ReloadRefused,
    Exported,
    ExportFailed,
    FiguresFailed,
}

/// The operator menu's entries, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorChoice {
    Reload,
    Figures,
    Export,
    QrTest,
    Quit,
}

impl OperatorChoice {
    pub const ALL: [OperatorChoice; 5] = [
        OperatorChoice::Reload,
        OperatorChoice::Figures,
        OperatorChoice::Export,
        OperatorChoice::QrTest,
        OperatorChoice::Quit,
    ];
}

/// The seconds the thank-you screen stays.
pub const THANKS_FOR: Duration = Duration::from_secs(4);
/// How long a print's outcome stays on screen.
pub const PRINTED_FOR: Duration = Duration::from_secs(20);
/// How often the runtime looks at the speech program and the printer
/// while either is busy.
pub const POLL: Duration = Duration::from_millis(200);

/// The 一次性告知单 on its way, and how its printing ended.
#[derive(Debug, Clone, PartialEq)]
pub enum PrintStatus {
    Idle,
    Printing,
    /// Printed; said on screen until `until`.
    Printed {
        until: Duration,
    },
    Failed {
        failure: PrintFailure,
        until: Duration,
    },
}

/// What one visitor did: a visit ends at the idle reset or at 结束.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Visit {
    /// 一次一评: what has been rated in this visit.
    pub rated: HashSet<RateTarget>,
    /// Items whose rating was offered on the way home (offered once).
    pub offered: HashSet<RateTarget>,
}

/// Problems the operator should see.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub log_error: Option<String>,
    /// Ratings held back from the log, and where they are safe.
    pub held: Held,
    pub notes: Vec<String>,
}

impl Default for Status {
    fn default() -> Status {
        Status {
            log_error: None,
            held: Held::None,
            notes: Vec::new(),
        }
    }
}

/// The PIN pad's memory of wrong PINs, kept in the log folder so that a
/// restart does not give three more tries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PinGuard {
    pub failures: u32,
    /// Wall-clock time, to mean the same after a restart.
    pub locked_until: Option<DateTime<Utc>>,
}

pub struct App {
    pub catalog: Catalog,
    pub index: SearchIndex,
    pub opts: Options,
    /// The hall's guide and district in this catalog, resolved once (at
    /// start and at each reload) for every screen that asks.
    pub home: Option<Home>,
    /// The guides in Home order: the configured home guide first.
    pub guide_order: Vec<usize>,
    pub area: Rect,
    pub large: bool,
    /// Never empty; `stack[0]` is Home.
    pub stack: Vec<Screen>,
    /// When the idle overlay is up: the moment everything resets.
    pub idle_deadline: Option<Duration>,
    pub last_input: Duration,
    pub clock: Clock,
    pub visit: Visit,
    pub status: Status,
    /// What the last drawing of the top screen showed.
    pub viewport: Viewport,
    corner_taps: Vec<Duration>,
    pub pin_guard: PinGuard,
    /// How reading aloud goes, as the runtime last reported it.
    pub speech: SpeechState,
    pub print: PrintStatus,
    /// The minute the header clock shows, to redraw when it changes.
    pub(crate) shown_minute: i64,
    /// Something visible changed since the last draw.
    pub dirty: bool,
    /// Since when the catalog is in use, and what is coming.
    pub catalog_status: CatalogStatus,
}

impl App {
    pub fn new(catalog: Catalog, opts: Options, area: Rect, clock: Clock) -> App {
        let index = IndexParts::new(&catalog);
        App::with_index(catalog, index, opts, area, clock)
    }

    /// [`App::new`] with the search index already built (a snapshot's).
    pub fn with_index(
        catalog: Catalog,
        index: IndexParts,
        opts: Options,
        area: Rect,
        clock: Clock,
    ) -> App {
        let home = resolve_home(&catalog, &opts);
        let guide_order = home_order(&catalog, home.as_ref());
        App {
            index: SearchIndex::from_parts(index, &guide_order).with_home(home_guide(&home)),
            home,
            guide_order,
            catalog,
            opts,
            area,
            large: false,
            stack: vec![Screen::Home { selected: 0 }],
            idle_deadline: None,
            last_input: clock.mono,
            clock,
            visit: Visit::default(),
            status: Status::default(),
            viewport: Viewport::default(),
            corner_taps: Vec::new(),
            pin_guard: PinGuard::default(),
            speech: SpeechState::Idle,
            print: PrintStatus::Idle,
            shown_minute: clock.wall.timestamp().div_euclid(60),
            dirty: true,
            catalog_status: CatalogStatus::new(clock.wall),
        }
    }

    /// Starts with the PIN pad's memory from an earlier run.
    pub fn with_pin_guard(mut self, guard: PinGuard) -> App {
        self.pin_guard = guard;
        self
    }

    /// Starts with a notice of what keeps the terminal from working as it
    /// should (a folder it cannot write, no PIN), for whoever sees it first.
    pub fn with_setup_notice(mut self, lines: Vec<String>) -> App {
        if !lines.is_empty() {
            self.stack.push(Screen::SetupNotice { lines, scroll: 0 });
        }
        self
    }

    /// The index of the hall's own guide.
    pub fn home_guide(&self) -> Option<usize> {
        home_guide(&self.home)
    }

    pub fn screen(&self) -> &Screen {
        self.stack.last().unwrap_or(&Screen::Home { selected: 0 })
    }

    pub fn guide(&self, guide: usize) -> Option<&Guide> {
        self.catalog.guides.get(guide)
    }

    pub fn item(&self, guide: usize, item: usize) -> Option<(&Guide, &Item)> {
        let c = self.guide(guide)?;
        Some((c, c.items.get(item)?))
    }

    /// The hall's own district, when `guide` is the home guide.
    pub fn own_district(&self, guide: usize) -> Option<&str> {
        let home = self.home.as_ref().filter(|h| h.guide == guide)?;
        home.district.as_deref()
    }

    /// The item an item-related screen shows.
    pub fn current_item(&self) -> Option<(usize, usize)> {
        match *self.screen() {
            Screen::Item { guide, item, .. }
            | Screen::Chart { guide, item, .. }
            | Screen::Channels { guide, item, .. }
            | Screen::Compare { guide, item, .. } => Some((guide, item)),
            _ => None,
        }
    }

    /// Items of the part in catalog order, as (index in guide.items).
    pub fn part_items(&self, guide: usize, part: usize) -> Vec<usize> {
        let Some(c) = self.guide(guide) else {
            return Vec::new();
        };
        let Some(p) = c.parts.get(part) else {
            return Vec::new();
        };
        (0..c.items.len())
            .filter(|&i| c.items[i].part == p.id)
            .collect()
    }

    /// Seconds left on the idle overlay, when it is up.
    pub fn idle_countdown(&self) -> Option<u64> {
        let deadline = self.idle_deadline?;
        Some(
            deadline
                .saturating_sub(self.clock.mono)
                .as_secs_f64()
                .ceil() as u64,
        )
    }

    /// Whether nothing a visitor did is left to clear.
    pub fn at_rest(&self) -> bool {
        self.stack == [Screen::Home { selected: 0 }]
            && !self.large
            && self.visit == Visit::default()
    }

    /// How long the runtime may sleep before the next tick matters: the
    /// minute on the clock, the idle timeout, the countdown, the thank-you.
    pub fn next_wakeup(&self) -> Duration {
        let now = self.clock.mono;
        let second_of_minute = Duration::from_millis(
            u64::from(self.clock.wall.timestamp_subsec_millis())
                + 1000 * u64::from(chrono::Timelike::second(&self.clock.wall)),
        );
        let mut next = Duration::from_secs(60).saturating_sub(second_of_minute);
        if let Some(deadline) = self.idle_deadline {
            next = next
                .min(deadline.saturating_sub(now))
                .min(Duration::from_secs(1));
        } else if !self.at_rest() || self.catalog_status.pending.is_some() {
            // The idle reset, or the moment a waiting catalog goes into use.
            next = next.min((self.last_input + self.opts.idle_timeout).saturating_sub(now));
        }
        if let Screen::Thanks { until, .. } = self.screen() {
            next = next.min(until.saturating_sub(now));
        }
        match self.print {
            PrintStatus::Printed { until } | PrintStatus::Failed { until, .. } => {
                next = next.min(until.saturating_sub(now));
            }
            PrintStatus::Printing => next = next.min(POLL),
            PrintStatus::Idle => {}
        }
        if self.speech == SpeechState::Speaking {
            // Only looking tells when the reading ends.
            next = next.min(POLL);
        }
        next.max(Duration::from_millis(10))
    }
}

impl App {
    /// How many entries the list on screen has.
    pub fn list_len(&self) -> usize {
        match self.screen() {
            Screen::Home { .. } => self.guide_order.len(),
            Screen::Guide { guide, .. } => self.guide(*guide).map_or(0, |c| c.parts.len()),
            Screen::Part { guide, part, .. } => self.part_items(*guide, *part).len(),
            Screen::Search { hits, .. } => hits.len(),
            Screen::Operator { .. } => OperatorChoice::ALL.len(),
            Screen::Rate {
                step: RateStep::Reasons { chosen, .. },
                ..
            } => chosen.len(),
            Screen::Rate { .. } => Level::ALL.len(),
            _ => 0,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;

/// What the configured home names in `catalog`, the same way `kiosk check`
/// reads it (an id, a name or an alias).
fn resolve_home(catalog: &Catalog, opts: &Options) -> Option<Home> {
    catalog.home(opts.home_guide.as_deref()?, opts.home_district.as_deref())
}

fn home_guide(home: &Option<Home>) -> Option<usize> {
    home.as_ref().map(|h| h.guide)
}

#[cfg(test)]
pub(crate) mod catalog_tests;

/// The guides in Home order: the home guide first, then guides before guides
/// that name no place.
fn home_order(catalog: &Catalog, home: Option<&Home>) -> Vec<usize> {
    let home = home.map(|h| h.guide);
    let mut order: Vec<usize> = (0..catalog.guides.len()).collect();
    order.sort_by_key(|&i| {
        (
            Some(i) != home,
            catalog.guides[i].kind != crate::catalog::GuideKind::Place,
            i,
        )
    });
    order
}
