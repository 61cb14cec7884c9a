//! Drawing: `draw(&app, frame)` paints the current state and returns what it
//! drew — the tap targets, so a touch resolves against exactly what is on
//! screen, and the viewport, which the runtime hands back to the state
//! machine. Nothing here changes state.
//!
//! Every colour is explicit (the terminal's theme never shows through), and
//! the chrome uses no East-Asian-ambiguous glyphs: buttons are filled blocks.

mod chrome;
pub mod layout;
mod painter;
mod palette;
pub mod reading;
mod screens;
pub mod strings;
mod widgets;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::{Action, App, Viewport};

pub use chrome::breadcrumb;
pub use painter::TapTargets;
pub use palette::Palette;
pub use screens::text::{page_buttons, text_page};

use painter::Painter;

/// What a frame drew.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawn {
    pub targets: TapTargets,
    pub viewport: Viewport,
    /// Button labels that did not fit whole (a window too small).
    pub cut: Vec<String>,
}

/// Draws the whole screen.
pub fn draw(app: &App, frame: &mut Frame) -> Drawn {
    draw_buffer(app, frame.buffer_mut())
}

/// Draws into a bare buffer (what `draw` does inside a frame).
pub fn draw_buffer(app: &App, buf: &mut Buffer) -> Drawn {
    let area = buf.area;
    let mut p = Painter {
        buf,
        palette: Palette::for_app(app),
        targets: TapTargets::default(),
        large: app.large,
        viewport: Viewport::default(),
        cut: Vec::new(),
    };
    p.fill(area, p.palette.body());
    if layout::too_small(area) {
        chrome::too_small(&mut p, area);
    } else {
        let bands = layout::bands(area);
        chrome::header(app, &mut p, bands.header);
        chrome::crumb(app, &mut p, bands.crumb);
        screens::draw(app, &mut p, bands.body);
        chrome::hints(app, &mut p, bands.hints);
        // The operator's hidden corner, over the start of the hall name.
        if app.acts(&Action::CornerTap) {
            p.targets.add(
                Rect::new(area.x, area.y, 6.min(area.width), 1),
                Action::CornerTap,
            );
        }
        if let Some(secs) = app.idle_countdown() {
            chrome::idle_overlay(&mut p, area, secs);
        }
    }
    Drawn {
        targets: p.targets,
        viewport: p.viewport,
        cut: p.cut,
    }
}

#[cfg(test)]
pub(crate) mod tests;
