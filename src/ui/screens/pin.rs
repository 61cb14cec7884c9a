//! The operator's PIN pad.

use ratatui::layout::{Margin, Rect};

use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::pin_pad::pin_pad;
use crate::app::{App, PinError};
use crate::document::lines::Role;

pub fn pin(app: &App, p: &mut Painter, area: Rect, digits: &str, error: Option<PinError>) {
    let inner = area.inner(Margin::new(1, 0));
    p.text(
        inner,
        inner.x,
        inner.y,
        strings::ENTER_PIN,
        p.palette.title(),
    );
    let shown = strings::pin_shown(digits.len());
    p.text(inner, inner.x, inner.y + 1, &shown, p.palette.body());
    if let Some(e) = error {
        let style = p.palette.line(Role::Own);
        p.text(
            inner,
            inner.x + 24,
            inner.y + 1,
            strings::pin_error(e),
            style,
        );
    }
    let pad = Rect::new(
        inner.x,
        inner.y + 3,
        inner.width.min(48),
        inner.height.saturating_sub(3),
    );
    pin_pad(p, pad, |a| app.acts(a));
}
