//! The operator's PIN pad: 1–9, 删除, 0, 确定, 取消.

use ratatui::layout::Rect;

use super::super::painter::Painter;
use super::super::{layout, strings};
use crate::app::Action;

pub fn pin_pad(p: &mut Painter, area: Rect, live: impl Fn(&Action) -> bool) {
    let keys: Vec<(String, Action)> = (1..=9u8)
        .map(|d| (d.to_string(), Action::PinDigit(d)))
        .chain([
            (strings::DELETE.into(), Action::PinBack),
            ("0".into(), Action::PinDigit(0)),
            (strings::OK.into(), Action::Open),
            (strings::CANCEL.into(), Action::Back),
        ])
        .collect();
    for ((label, action), cell) in keys.iter().zip(layout::grid(area, keys.len(), 3)) {
        match live(action) {
            true => p.button(cell, label, p.palette.button(), action.clone()),
            false => p.disabled(cell, label),
        }
    }
}
