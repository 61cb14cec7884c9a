//! A row (or grid) of equal buttons.

use ratatui::layout::Rect;

use super::super::layout;
use super::super::painter::Painter;
use crate::app::Action;

pub fn button_row(p: &mut Painter, area: Rect, buttons: &[(&str, Action)]) {
    let per_row = layout::button_columns(area.width, buttons.len());
    for ((label, action), cell) in buttons
        .iter()
        .zip(layout::grid(area, buttons.len(), per_row))
    {
        p.button(cell, label, p.palette.button(), action.clone());
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
