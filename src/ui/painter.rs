//! The painter of one frame: the buffer, the palette, and what was drawn —
//! the tap targets (so a touch resolves against exactly what is on screen)
//! and the viewport the state machine is told of.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::layout;
use super::palette::Palette;
use crate::app::{Action, Viewport};
use crate::text;

/// The tap targets of the last frame, topmost last.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TapTargets(Vec<(Rect, Action)>);

impl TapTargets {
    pub fn add(&mut self, area: Rect, action: Action) {
        if area.width > 0 && area.height > 0 {
            self.0.push((area, action));
        }
    }

    /// The action of the topmost target under (`x`, `y`).
    pub fn at(&self, x: u16, y: u16) -> Option<&Action> {
        self.0
            .iter()
            .rev()
            .find(|(r, _)| r.contains(Position { x, y }))
            .map(|(_, a)| a)
    }

    pub fn all(&self) -> &[(Rect, Action)] {
        &self.0
    }
}

pub struct Painter<'a> {
    pub buf: &'a mut Buffer,
    pub palette: Palette,
    pub targets: TapTargets,
    pub large: bool,
    pub viewport: Viewport,
    /// Labels that did not fit their button whole (only on windows too
    /// small for the screen's rows of buttons).
    pub cut: Vec<String>,
}

impl Painter<'_> {
    /// Fills `area` (clipped to the screen) with `style`.
    pub fn fill(&mut self, area: Rect, style: Style) {
        let area = area.intersection(self.buf.area);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                self.buf[(x, y)].reset();
                self.buf[(x, y)].set_style(style);
            }
        }
    }

    /// Writes `s` at (`x`, `y`) clipped to `area`; returns the cells used.
    pub fn text(&mut self, area: Rect, x: u16, y: u16, s: &str, style: Style) -> u16 {
        let area = area.intersection(self.buf.area);
        if y < area.top() || y >= area.bottom() || x < area.left() || x >= area.right() {
            return 0;
        }
        let max = usize::from(area.right() - x);
        let clean = text::clean(s);
        let (end, _) = self.buf.set_stringn(x, y, clean.as_ref(), max, style);
        end.saturating_sub(x)
    }

    /// A line centred in `area` at row `y`, cut with … when too long.
    pub fn centered(&mut self, area: Rect, y: u16, s: &str, style: Style) {
        let row = Rect {
            y,
            height: 1,
            ..area
        }
        .intersection(area)
        .intersection(self.buf.area);
        let shown = text::truncate(&text::clean(s), usize::from(row.width));
        // The style on the span alone: the rest of the row keeps its own.
        Line::from(Span::styled(shown, style))
            .centered()
            .render(row, self.buf);
    }

    /// Lines of `s` wrapped to `area`'s width from row `*y` down, moving `*y`.
    pub fn paragraph(&mut self, area: Rect, y: &mut u16, s: &str, style: Style) {
        for l in text::wrap(s, usize::from(area.width)) {
            self.text(area, area.x, *y, &l, style);
            *y += 1;
        }
    }

    /// A filled button with its label centred; tapping anywhere in `area`
    /// gives `action`. A button three rows or taller leaves its last row
    /// blank, so stacked buttons stay apart.
    pub fn button(&mut self, area: Rect, label: &str, style: Style, action: Action) {
        let area = area.intersection(self.buf.area);
        self.face(area, label, style);
        self.targets.add(area, action);
    }

    /// A button that would do nothing now (上一页 on the first page): its
    /// label pale on the page's own background, and no tap target.
    pub fn disabled(&mut self, area: Rect, label: &str) {
        let area = area.intersection(self.buf.area);
        self.face(area, label, self.palette.disabled());
    }

    /// A button's face and its label without a tap target (the field an
    /// item page shows), broken only between words (see
    /// [`layout::label_lines`]); a label that cannot fit whole is cut with
    /// … and noted in [`Painter::cut`].
    pub fn face(&mut self, area: Rect, label: &str, style: Style) {
        let face = Rect {
            height: area.height - u16::from(area.height > 2),
            ..area
        };
        self.fill(face, style);
        let (room, rows) = layout::label_room(area.width, area.height);
        let lines = layout::label_lines(label, room, rows).unwrap_or_else(|| {
            if !area.is_empty() {
                self.cut.push(label.to_string());
            }
            vec![text::truncate(label, room)]
        });
        let lines = &lines[..lines.len().min(usize::from(face.height))];
        let top = face.y + face.height.saturating_sub(lines.len() as u16) / 2;
        for (i, l) in lines.iter().enumerate() {
            self.centered(face, top + i as u16, l, style.add_modifier(Modifier::BOLD));
        }
    }
}
