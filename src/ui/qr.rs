//! Painting a QR code: dark modules black on an explicitly white background,
//! quiet zone included, never cropped.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use crate::qr::{Fit, Qr};

const DARK: Color = Color::Rgb(0, 0, 0);
const LIGHT: Color = Color::Rgb(255, 255, 255);

/// Paints `qr` centred in `area` in the largest form that fits whole.
/// Returns the rectangle used, or `None` when the area is too small.
pub fn draw_qr(buf: &mut Buffer, area: Rect, qr: &Qr) -> Option<Rect> {
    let area = area.intersection(buf.area);
    let fit = qr.fit(usize::from(area.width), usize::from(area.height));
    let (w, h) = qr.cells(fit);
    if fit == Fit::TooSmall {
        return None;
    }
    let (w, h) = (w as u16, h as u16);
    let x0 = area.x + (area.width - w) / 2;
    let y0 = area.y + (area.height - h) / 2;
    for row in 0..h {
        for col in 0..w {
            let (symbol, fg, bg) = match fit {
                Fit::Full => {
                    let dark = qr.is_dark(usize::from(col / 2), usize::from(row));
                    (" ", LIGHT, if dark { DARK } else { LIGHT })
                }
                _ => half_block(qr, usize::from(col), usize::from(row)),
            };
            buf[(x0 + col, y0 + row)]
                .set_symbol(symbol)
                .set_style(Style::new().fg(fg).bg(bg));
        }
    }
    Some(Rect::new(x0, y0, w, h))
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
