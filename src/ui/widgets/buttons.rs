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
