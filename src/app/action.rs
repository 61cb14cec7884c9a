//! Everything that can happen to the kiosk, and everything it asks the
//! runtime to do.

use super::catalogs::{Found, Loaded};
use crate::document::sections::JUMPS;
use crate::ratings::{Level, Reason};
use crate::speech::SpeechState;
use crate::ticket::PrintFailure;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // Time and the terminal.
    Tick,
    Resize {
        width: u16,
        height: u16,
    },
    /// Any other key or click: the visitor is there, nothing else happens.
    Ignored,

    // Moving around.
    Back,
    GoHome,
    OpenSearch,
    /// Up/down: the selection in a list, the text in a page.
    Move(i32),
    /// Page up/down (also +/-).
    Page(i32),
    /// Digit key n: the n-th entry shown on the page (0-based).
    Pick(usize),
    /// A tap on entry `i` of the current list (absolute index).
    Choose(usize),
    /// Enter: open the selected entry.
    Open,
    /// On an item: scroll to the start of field `n` of
    /// [`crate::document::sections::JUMPS`] (a tap, or digit n + 1).
    JumpTo(usize),
    ShowChart,
    ShowChannels,
    ShowCompare,
    /// Previous/next QR code on the channels page.
    Channel(i32),
    ToggleLarge,
    /// 朗读 (`v`): read the screen aloud, or stop reading it.
    ReadAloud,
    /// 打印告知单 (`p`): print the item's 一次性告知单.
    PrintTicket,

    // Search.
    Type(char),
    DeleteChar,
    ClearQuery,

    // Rating.
    Rate,
    RateHall,
    ChooseLevel(Level),
    ToggleReason(usize),
    Submit,
    Skip,
    EndVisit,

    // Operator.
    CornerTap,
    OperatorChord,
    PinDigit(u8),
    PinBack,
    /// The operator's one-tap export of today's ratings.
    ExportToday,
    /// 确定退出, after being told that ratings are held.
    ConfirmQuit,

    // Results of effects.
    Recorded(Result<(), String>),
    /// The operator's reload, done off the screen's thread.
    Reloaded(Result<Loaded, Vec<String>>),
    /// A look at the catalog folder found it changed.
    CatalogFound(Found),
    Exported(Result<String, String>),
    Figures(Result<DayFigures, String>),
    /// The ratings log's state, after anything that may have changed it.
    Status(super::Status),
    /// How the speech program is doing, when that changed.
    Speech(SpeechState),
    /// How the ticket's printing ended.
    Printed(Result<(), PrintFailure>),
    /// What the drawing of the top screen showed: after every draw.
    Viewport(Viewport),
}

/// What the last drawing of the top screen showed, so that a digit picks the
/// entry drawn with it and a page turn moves by what a page holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Viewport {
    /// Entries a page of the list on screen shows (0 without a list).
    pub list_page: usize,
    /// Lines of the text on screen, and how many of them show at once.
    pub text_lines: usize,
    pub text_rows: usize,
    /// On an item: the line each field of
    /// [`crate::document::sections::JUMPS`] starts on, at the width drawn.
    pub jumps: [Option<usize>; JUMPS.len()],
    /// Pages of a paged screen (an item's online channels) at this size.
    pub pages: usize,
    /// The entries of the list page shown, or the sections (fields) of the
    /// text of which a line shows: what reading aloud reads.
    pub shown: Shown,
}

/// A run of entries or sections, `first..end` (`Range` is not `Copy`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shown {
    pub first: usize,
    pub end: usize,
}

impl Shown {
    pub fn range(self) -> std::ops::Range<usize> {
        self.first..self.end.max(self.first)
    }
}

impl Viewport {
    /// The furthest a text can scroll.
    pub fn max_scroll(&self) -> usize {
        self.text_lines.saturating_sub(self.text_rows)
    }
}

impl Action {
    /// Whether the action comes from a visitor (and so counts as activity).
    pub fn is_input(&self) -> bool {
        !matches!(
            self,
            Action::Tick
                | Action::Resize { .. }
                | Action::Recorded(_)
                | Action::Reloaded(_)
                | Action::CatalogFound(_)
                | Action::Exported(_)
                | Action::Figures(_)
                | Action::Status(_)
                | Action::Speech(_)
                | Action::Printed(_)
                | Action::Viewport(_)
        )
    }
}

/// A rating as the screens know it; the runtime adds the hall, the terminal,
/// the time and the catalog version before writing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingDraft {
    pub guide: Option<String>,
    /// Item id and the name shown, or `None` for the hall as a whole.
    pub item: Option<(String, String)>,
    /// The item's platform code, where the catalog has one.
    pub code: Option<String>,
    pub level: Level,
    pub reasons: Vec<Reason>,
}

/// Today's figures for the operator menu.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayFigures {
    pub day: String,
    pub stats: crate::ratings::Stats,
}

#[derive(Debug, PartialEq)]
pub enum Effect {
    Record(RatingDraft),
    Reload,
    ExportToday,
    LoadFigures,
    /// The catalog of this version is now the one in use (for the ratings'
    /// record of it, and the kiosk's log); the one it replaced is let go.
    CatalogInUse {
        version: String,
        retired: super::Retired,
    },
    /// Keep the PIN pad's memory of wrong PINs across a restart.
    SavePinGuard(super::PinGuard),
    /// Read aloud what `Reading` says is on screen, stopping what was read.
    ReadAloud(Reading),
    StopReading,
    /// Print the 一次性告知单 of an item.
    PrintTicket {
        guide: usize,
        item: usize,
    },
    Quit,
}

/// What to read aloud: the screen on top, and what of it the drawing showed
/// ([`Viewport::shown`]). The runtime words it as the screen does.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub screen: super::Screen,
    pub shown: Shown,
}
