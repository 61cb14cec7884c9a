//! Colours, always explicit RGB so the terminal's own palette (a grey-beige
//! "white" in Solarized) never changes what a visitor sees.

use ratatui::style::{Color, Modifier, Style};

use crate::app::App;
use crate::config;
use crate::document::lines::Role;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    bg: Color,
    fg: Color,
    accent_bg: Color,
    accent_fg: Color,
    soft_bg: Color,
    soft_fg: Color,
    select_bg: Color,
    select_fg: Color,
    muted: Color,
    own: Color,
    dark: Color,
}

const WHITE: Color = Color::Rgb(255, 255, 255);
const BLACK: Color = Color::Rgb(0, 0, 0);
const YELLOW: Color = Color::Rgb(255, 221, 0);

impl Theme {
    pub const STANDARD: Theme = Theme {
        bg: WHITE,
        fg: Color::Rgb(20, 20, 20),
        accent_bg: Color::Rgb(0, 82, 155),
        accent_fg: WHITE,
        soft_bg: Color::Rgb(228, 236, 246),
        soft_fg: Color::Rgb(10, 30, 60),
        select_bg: YELLOW,
        select_fg: BLACK,
        muted: Color::Rgb(96, 96, 96),
        own: Color::Rgb(170, 0, 0),
        dark: Color::Rgb(40, 40, 40),
    };

    /// The high-contrast palette, also used by the large mode.
    pub const HIGH_CONTRAST: Theme = Theme {
        bg: BLACK,
        fg: WHITE,
        accent_bg: YELLOW,
        accent_fg: BLACK,
        soft_bg: Color::Rgb(38, 38, 38),
        soft_fg: WHITE,
        select_bg: WHITE,
        select_fg: BLACK,
        muted: Color::Rgb(210, 210, 210),
        own: YELLOW,
        dark: Color::Rgb(24, 24, 24),
    };

    pub fn for_app(app: &App) -> Theme {
        if app.large || app.opts.theme == config::Theme::HighContrast {
            Theme::HIGH_CONTRAST
        } else {
            Theme::STANDARD
        }
    }

    pub fn body(&self) -> Style {
        Style::new().fg(self.fg).bg(self.bg)
    }

    pub fn header(&self) -> Style {
        Style::new().fg(self.accent_fg).bg(self.accent_bg)
    }

    pub fn crumb(&self) -> Style {
        Style::new().fg(self.soft_fg).bg(self.soft_bg)
    }

    pub fn button(&self) -> Style {
        Style::new().fg(self.accent_fg).bg(self.accent_bg)
    }

    /// A list row or a secondary button.
    pub fn row(&self) -> Style {
        Style::new().fg(self.soft_fg).bg(self.soft_bg)
    }

    pub fn selected(&self) -> Style {
        Style::new().fg(self.select_fg).bg(self.select_bg)
    }

    pub fn muted(&self) -> Style {
        self.body().fg(self.muted)
    }

    pub fn hint(&self) -> Style {
        Style::new().fg(WHITE).bg(self.dark)
    }

    pub fn hint_button(&self) -> Style {
        Style::new().fg(WHITE).bg(Color::Rgb(70, 70, 70))
    }

    pub fn overlay(&self) -> Style {
        Style::new().fg(self.select_fg).bg(self.select_bg)
    }

    pub fn title(&self) -> Style {
        self.body().add_modifier(Modifier::BOLD)
    }

    /// How a line of a text page looks.
    pub fn line(&self, role: Role) -> Style {
        match role {
            Role::Body | Role::Diagram => self.body(),
            // The accent as a text colour: blue on white, yellow on black.
            Role::Title => self.body().fg(self.accent_bg).add_modifier(Modifier::BOLD),
            Role::Heading => self.body().add_modifier(Modifier::BOLD),
            Role::Own => self.body().fg(self.own).add_modifier(Modifier::BOLD),
            Role::Muted => self.muted(),
        }
    }
}
