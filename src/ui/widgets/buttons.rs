//! Rows of equal buttons.

use ratatui::layout::Rect;

use super::super::layout;
use super::super::painter::Painter;
use crate::app::Action;

/// One row of buttons filling `area`, every one live.
pub fn button_row(p: &mut Painter, area: Rect, buttons: &[(&str, Action)]) {
    button_grid(p, area, area.height, buttons, |_| true);
}

/// Buttons `h` rows tall from the top of `area`, as many to a row as leave
/// every label whole (see [`layout::buttons_per_row`]), wrapping onto more
/// rows; where `area` has no room for those rows they share it, labels cut.
/// A button whose action `live` says would do nothing is drawn disabled.
pub fn button_grid(
    p: &mut Painter,
    area: Rect,
    h: u16,
    buttons: &[(&str, Action)],
    live: impl Fn(&Action) -> bool,
) {
    let labels: Vec<&str> = buttons.iter().map(|(l, _)| *l).collect();
    let mut per_row = layout::buttons_per_row(area.width, &labels, h);
    let mut grid = Rect {
        height: labels.len().div_ceil(per_row) as u16 * h,
        ..area
    };
    if grid.height > area.height {
        per_row = layout::most_per_row(area.width, labels.len());
        grid = area;
    }
    for ((label, action), cell) in buttons
        .iter()
        .zip(layout::grid(grid, buttons.len(), per_row))
    {
        if live(action) {
            p.button(cell, label, p.palette.button(), action.clone());
        } else {
            p.disabled(cell, label);
        }
    }
}

/// A row of buttons along the bottom of `area`, drawn only where it leaves
/// the text above it (down to row `text_end`) whole.
pub fn bottom_bar(p: &mut Painter, area: Rect, text_end: u16, buttons: &[(&str, Action)]) {
    let h = layout::target_height(area, p.large).min(3);
    let bar = Rect::new(area.x, area.bottom().saturating_sub(h), area.width, h);
    if bar.y >= text_end {
        button_row(p, bar, buttons);
    }
}
