//! A QR code a phone should read as the hall's name.

use ratatui::layout::Rect;

use super::super::layout::{self};
use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::qr::draw_qr;
use crate::app::{Action, App};
use crate::qr::Qr;

pub fn qr_test(app: &App, p: &mut Painter, area: Rect) {
    let data = strings::qr_test_data(&app.opts.hall_name);
    let h = layout::target_height(area, p.large).min(3);
    let code_area = Rect {
        height: area.height.saturating_sub(h + 2),
        ..area
    };
    p.centered(area, area.y, strings::QR_TEST_TITLE, p.palette.title());
    let code = Rect {
        y: code_area.y + 1,
        height: code_area.height.saturating_sub(1),
        ..code_area
    };
    let drawn = Qr::new(&data).is_ok_and(|qr| draw_qr(p.buf, code, &qr));
    if !drawn {
        p.centered(
            area,
            area.y + 2,
            strings::QR_TEST_TOO_SMALL,
            p.palette.title(),
        );
    }
    let bar = Rect::new(
        area.x + 1,
        area.bottom().saturating_sub(h),
        area.width.saturating_sub(2).min(24),
        h,
    );
    p.button(bar, strings::BACK, p.palette.button(), Action::Back);
}
