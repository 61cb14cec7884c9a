//! The thank-you after a rating.

use ratatui::layout::Rect;

use super::super::layout::{self};
use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::buttons::button_row;
use crate::app::Action;

pub fn thanks(p: &mut Painter, area: Rect, saved: bool) {
    let mid = area.y + area.height / 2;
    p.centered(
        area,
        mid.saturating_sub(2),
        strings::THANKS,
        p.palette.title(),
    );
    let note = if saved { strings::SAVED } else { strings::HELD };
    p.centered(area, mid.saturating_sub(1), note, p.palette.muted());
    let h = layout::target_height(area, p.large).min(3);
    let bar = Rect::new(
        area.x + 1,
        area.bottom().saturating_sub(h),
        area.width.saturating_sub(2),
        h,
    );
    button_row(
        p,
        bar,
        &[
            (strings::CONTINUE_KEY, Action::Back),
            (strings::END_VISIT, Action::EndVisit),
        ],
    );
}
