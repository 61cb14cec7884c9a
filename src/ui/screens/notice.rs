//! A short notice with one button.

use ratatui::layout::{Margin, Rect};

use super::super::painter::Painter;
use super::super::{layout, strings};
use crate::app::{Action, Notice};

pub fn notice(p: &mut Painter, area: Rect, notice: Notice) {
    let inner = area.inner(Margin::new(2, 0));
    let mut y = inner.y + 1;
    p.paragraph(inner, &mut y, strings::notice(notice), p.palette.title());
    let h = layout::target_height(area, p.large).min(3);
    let bar = Rect::new(
        inner.x,
        inner.bottom().saturating_sub(h),
        inner.width.min(24),
        h,
    );
    p.button(bar, strings::GOT_IT, p.palette.button(), Action::Back);
}
