//! 退出程序 while ratings are held: where they are, and a choice.

use ratatui::layout::Rect;

use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::buttons::bottom_bar;
use crate::app::{Action, App};
use crate::ratings::Held;
use crate::text;

/// 退出程序 while ratings are held: what happens to them, and a choice.
pub fn confirm_quit(app: &App, p: &mut Painter, area: Rect) {
    let inner = Rect {
        x: area.x + 2,
        width: area.width.saturating_sub(4),
        ..area
    };
    let what = match &app.status.held {
        Held::Spared { count, path } => strings::quit_with_spared(*count, path),
        Held::InMemory { count, .. } => strings::quit_with_memory(*count),
        Held::None => strings::ALL_WRITTEN.to_string(),
    };
    let mut y = inner.y + 1;
    for line in [strings::CONFIRM_QUIT.to_string(), what] {
        for l in text::wrap(&line, usize::from(inner.width)) {
            p.text(inner, inner.x, y, &l, p.palette.title());
            y += 1;
        }
    }
    let buttons = [
        (strings::QUIT, Action::ConfirmQuit),
        (strings::CANCEL, Action::Back),
    ];
    bottom_bar(p, inner, y, &buttons);
}
