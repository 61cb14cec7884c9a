//! The on-screen letter pad: A–Z, 0–9, 删除 and 清空, so a visitor without
//! a keyboard or an input method can search by pinyin.

use ratatui::layout::Rect;

use super::super::painter::Painter;
use super::super::{layout, strings};
use crate::app::Action;

/// The on-screen letter pad: A–Z, 0–9, 删除, 清空; a key that would do
/// nothing (删除 with nothing typed) drawn disabled.
pub fn pad(p: &mut Painter, area: Rect, live: impl Fn(&Action) -> bool) {
    let mut keys: Vec<(String, Action)> = ('A'..='Z')
        .chain('0'..='9')
        .map(|c| (c.to_string(), Action::Type(c.to_ascii_lowercase())))
        .collect();
    keys.push((strings::DELETE.into(), Action::DeleteChar));
    keys.push((strings::CLEAR.into(), Action::ClearQuery));
    let cols = layout::pad_columns(area.width);
    for ((label, action), cell) in keys
        .into_iter()
        .zip(layout::grid(area, layout::PAD_KEYS, cols))
    {
        let style = if matches!(action, Action::Type(_)) {
            p.palette.row()
        } else {
            p.palette.button()
        };
        if live(&action) {
            p.button(cell, &label, style, action);
        } else {
            p.disabled(cell, &label);
        }
    }
}
