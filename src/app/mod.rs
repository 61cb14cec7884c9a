//! The kiosk as a state machine: [`App`] holds everything on screen, and
//! [`update`] turns one [`Action`] into the next state plus [`Effect`]s for
//! the runtime to carry out (write a rating, reload the catalog …). Nothing
//! here touches a terminal, a file or the real clock, so every behaviour is
//! tested by feeding actions.

mod action;
mod input;
mod update;

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::layout::Rect;

pub use action::{Action, DayFigures, Effect, RatingDraft};
pub use input::{key_action, mouse_is_activity};
pub(crate) use update::channel_pages;
pub use update::update;

use crate::catalog::trust::TrustedHost;
use crate::catalog::{Catalog, Guide, Item};
use crate::config::{Settings, Theme};
use crate::ratings::{Held, Level, Reason};
use crate::search::{Hit, SearchIndex};

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
    /// The configured home guide's id and the hall's district in it.
    pub home_guide: Option<String>,
    pub home_district: Option<String>,
    /// The hosts an online channel's QR code may lead to.
    pub trusted_hosts: Vec<TrustedHost>,
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
        hits: Vec<Hit>,
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
        text: String,
    },
    Pin {
        digits: String,
        error: Option<String>,
    },
    Operator {
        selected: usize,
    },
    OperatorStats {
        figures: DayFigures,
    },
    /// Messages for the operator: reload problems, export results. The
    /// title and a plain sentence first, the raw messages below them.
    OperatorMessages {
        title: String,
        plain: String,
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

/// The operator menu, in its order.
pub const OPERATOR_MENU: [&str; 5] = [
    "重新加载目录",
    "今日评价统计",
    "导出今日评价",
    "二维码测试",
    "退出程序",
];

/// The seconds the thank-you screen stays.
pub const THANKS_FOR: Duration = Duration::from_secs(4);

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
    corner_taps: Vec<Duration>,
    pub pin_guard: PinGuard,
    /// The minute the header clock shows, to redraw when it changes.
    pub(crate) shown_minute: i64,
    /// Something visible changed since the last draw.
    pub dirty: bool,
}

impl App {
    pub fn new(catalog: Catalog, opts: Options, area: Rect, clock: Clock) -> App {
        let mut app = App {
            index: SearchIndex::new(&catalog, &[]),
            guide_order: Vec::new(),
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
            corner_taps: Vec::new(),
            pin_guard: PinGuard::default(),
            shown_minute: clock.wall.timestamp().div_euclid(60),
            dirty: true,
        };
        app.guide_order = app.home_order();
        app.index = SearchIndex::new(&app.catalog, &app.guide_order);
        app
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

    pub(crate) fn home_order(&self) -> Vec<usize> {
        let home = self.opts.home_guide.as_deref().and_then(|k| {
            self.catalog
                .guides
                .iter()
                .position(|c| c.id == k || c.name == k)
        });
        let mut order: Vec<usize> = (0..self.catalog.guides.len()).collect();
        // The home guide first, then guides before guides that name no place.
        order.sort_by_key(|&i| {
            (
                Some(i) != home,
                self.catalog.guides[i].kind != crate::catalog::GuideKind::Place,
                i,
            )
        });
        order
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
        let c = self.guide(guide)?;
        let home = self.opts.home_guide.as_deref()?;
        (c.id == home || c.name == home).then_some(self.opts.home_district.as_deref()?)
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

    /// The breadcrumb of the current screen: 首页 › 株洲市 › ….
    pub fn breadcrumb(&self) -> Vec<String> {
        let mut crumb = vec!["首页".to_string()];
        let part_title = |guide: usize, part: usize| {
            self.guide(guide)
                .and_then(|c| c.parts.get(part))
                .map(|p| p.display_title())
                .unwrap_or_default()
        };
        let item_crumbs = |guide: usize, item: usize| {
            self.item(guide, item)
                .map(|(c, i)| crate::document::sections::breadcrumb(c, i))
                .unwrap_or_default()
        };
        match self.screen() {
            Screen::Home { .. } => {}
            Screen::Guide { guide, .. } => crumb.extend(self.guide(*guide).map(|c| c.name.clone())),
            Screen::Part { guide, part, .. } => {
                crumb.extend(self.guide(*guide).map(|c| c.name.clone()));
                crumb.push(part_title(*guide, *part));
            }
            Screen::Item { guide, item, .. } => crumb.extend(item_crumbs(*guide, *item)),
            Screen::Chart { guide, item, .. } => {
                crumb.extend(item_crumbs(*guide, *item));
                crumb.push("办理流程图".into());
            }
            Screen::Channels { guide, item, .. } => {
                crumb.extend(item_crumbs(*guide, *item));
                crumb.push("线上办理".into());
            }
            Screen::Compare { guide, item, .. } => {
                crumb.extend(item_crumbs(*guide, *item));
                crumb.push("各地对比".into());
            }
            Screen::Search { .. } => crumb.push("查找事项".into()),
            Screen::Rate { .. } | Screen::Thanks { .. } => crumb.push("服务评价".into()),
            Screen::Notice { .. } => crumb.push("提示".into()),
            Screen::Pin { .. }
            | Screen::Operator { .. }
            | Screen::OperatorStats { .. }
            | Screen::OperatorMessages { .. }
            | Screen::ConfirmQuit
            | Screen::QrTest => crumb.push("运维".into()),
            Screen::SetupNotice { .. } => crumb.push("设置检查".into()),
        }
        crumb
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
        } else if !self.at_rest() {
            next = next.min((self.last_input + self.opts.idle_timeout).saturating_sub(now));
        }
        if let Screen::Thanks { until, .. } = self.screen() {
            next = next.min(until.saturating_sub(now));
        }
        next.max(Duration::from_millis(10))
    }
}

/// A screen of scrollable text: its lines for the width of `area`.
#[derive(Debug, Clone)]
pub struct TextPage {
    pub lines: Vec<crate::document::lines::ViewLine>,
    pub area: Rect,
    pub visible: usize,
}

impl TextPage {
    pub fn max_scroll(&self) -> usize {
        self.lines.len().saturating_sub(self.visible)
    }
}

impl App {
    /// The buttons under a text page, in their order.
    pub fn page_buttons(&self) -> Vec<(&'static str, Action)> {
        let scroll = [("上一页", Action::Page(-1)), ("下一页", Action::Page(1))];
        match self.screen() {
            Screen::Item { .. } => {
                let mut b = scroll.to_vec();
                b.extend([
                    ("流程图 f", Action::ShowChart),
                    ("线上办理 c", Action::ShowChannels),
                    ("各地对比 m", Action::ShowCompare),
                    ("评价 r", Action::Rate),
                ]);
                b
            }
            Screen::Chart { .. } | Screen::Compare { .. } | Screen::OperatorMessages { .. } => {
                let mut b = scroll.to_vec();
                b.push(("返回", Action::Back));
                b
            }
            Screen::SetupNotice { .. } => {
                let mut b = scroll.to_vec();
                b.push(("继续", Action::Back));
                b
            }
            _ => Vec::new(),
        }
    }

    /// The text of the current screen, when it is a text page.
    pub fn text_page(&self) -> Option<TextPage> {
        let body = crate::layout::bands(self.area).body;
        let area = crate::layout::text_page(body, self.large, self.page_buttons().len()).text;
        let width = usize::from(area.width.saturating_sub(1)).max(2);
        use crate::document::lines::{self, Role, ViewLine};
        let lines = match self.screen() {
            Screen::Item { guide, item, .. } => {
                let (_, i) = self.item(*guide, *item)?;
                lines::item_lines(i, self.own_district(*guide), width)
            }
            Screen::Chart { guide, item, .. } => lines::chart_lines(self.item(*guide, *item)?.1, width),
            Screen::Compare { guide, item, .. } => {
                let peers = lines::peers(&self.catalog, *guide, *item);
                lines::compare_lines(&self.catalog, &peers, width)
            }
            Screen::OperatorMessages {
                title,
                plain,
                detail,
                ..
            } => {
                let mut lines = lines::wrapped(title, width, Role::Title);
                lines.extend(lines::wrapped(plain, width, Role::Body));
                for d in detail {
                    lines.extend(lines::wrapped(d, width, Role::Muted));
                }
                lines
            }
            Screen::SetupNotice { lines, .. } => {
                let intro =
                    "本机设置有问题，请工作人员处理（修改 kiosk.ron 后重新启动）。下面是具体问题：";
                let mut out = lines::wrapped("设置检查", width, Role::Title);
                out.extend(lines::wrapped(intro, width, Role::Body));
                for l in lines {
                    out.extend(lines::wrapped(l, width, Role::Muted));
                }
                out
            }
            _ => return None,
        };
        // Large mode leaves a blank line between lines of prose.
        let lines = if self.large {
            lines
                .into_iter()
                .flat_map(|l| {
                    let gap = (l.role != Role::Diagram).then(|| ViewLine {
                        text: String::new(),
                        role: Role::Body,
                    });
                    std::iter::once(l).chain(gap)
                })
                .collect()
        } else {
            lines
        };
        Some(TextPage {
            lines,
            area,
            visible: usize::from(area.height),
        })
    }
}

#[cfg(test)]
mod monkey;
#[cfg(test)]
pub(crate) mod tests;
