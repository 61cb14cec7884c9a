//! A QR code as a ratatui widget: dark modules black on an explicitly white
//! background, quiet zone included, in the largest form that fits whole and
//! never cropped (an area too small gets nothing).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

use crate::qr::{Fit, Qr};

const DARK: Color = Color::Rgb(0, 0, 0);
const LIGHT: Color = Color::Rgb(255, 255, 255);

pub struct QrCode<'a> {
    qr: &'a Qr,
}

impl<'a> QrCode<'a> {
    pub fn new(qr: &'a Qr) -> QrCode<'a> {
        QrCode { qr }
    }

    /// Where in `area` the code is drawn, centred; `None` when it does not
    /// fit whole.
    pub fn placed(&self, area: Rect) -> Option<(Rect, Fit)> {
        let fit = self
            .qr
            .fit(usize::from(area.width), usize::from(area.height));
        if fit == Fit::TooSmall {
            return None;
        }
        let (w, h) = self.qr.cells(fit);
        let (w, h) = (w as u16, h as u16);
        let x = area.x + (area.width - w) / 2;
        let y = area.y + (area.height - h) / 2;
        Some((Rect::new(x, y, w, h), fit))
    }
}

impl Widget for QrCode<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some((at, fit)) = self.placed(area.intersection(buf.area)) else {
            return;
        };
        for row in 0..at.height {
            for col in 0..at.width {
                let (symbol, fg, bg) = match fit {
                    Fit::Full => {
                        let dark = self.qr.is_dark(usize::from(col / 2), usize::from(row));
                        (" ", LIGHT, if dark { DARK } else { LIGHT })
                    }
                    _ => half_block(self.qr, usize::from(col), usize::from(row)),
                };
                buf[(at.x + col, at.y + row)]
                    .set_symbol(symbol)
                    .set_style(Style::new().fg(fg).bg(bg));
            }
        }
    }
}

/// Two modules in one cell: glyphs only where the two differ.
fn half_block(qr: &Qr, x: usize, row: usize) -> (&'static str, Color, Color) {
    match (qr.is_dark(x, 2 * row), qr.is_dark(x, 2 * row + 1)) {
        (false, false) => (" ", DARK, LIGHT),
        (true, true) => (" ", LIGHT, DARK),
        (true, false) => ("▀", DARK, LIGHT),
        (false, true) => ("▄", DARK, LIGHT),
    }
}

/// Draws `qr` in `area` of `buf`; whether it fitted.
pub fn draw_qr(buf: &mut Buffer, area: Rect, qr: &Qr) -> bool {
    let code = QrCode::new(qr);
    let fits = code.placed(area.intersection(buf.area)).is_some();
    code.render(area, buf);
    fits
}
