//! Drawing: `draw(&app, frame)` paints the current state and returns the tap
//! targets it drew, so a touch resolves against exactly what is on screen.
//! Nothing here changes state.
//!
//! Every colour is explicit (the terminal's theme never shows through), and
//! the chrome uses no East-Asian-ambiguous glyphs: buttons are filled blocks.

mod pages;
mod qr;
mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};

use crate::app::{Action, App};
use crate::layout;
use crate::text;

pub use qr::draw_qr;
pub use theme::Theme;

/// The tap targets of the last frame, topmost last.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hits(Vec<(Rect, Action)>);

impl Hits {
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

    pub fn targets(&self) -> &[(Rect, Action)] {
        &self.0
    }
}

/// The painter for one frame: the buffer, the theme and the targets drawn.
pub struct Painter<'a> {
    pub buf: &'a mut Buffer,
    pub theme: Theme,
    pub hits: Hits,
    pub large: bool,
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

    /// A line centred in `area` at row `y`.
    pub fn centered(&mut self, area: Rect, y: u16, s: &str, style: Style) {
        let s = text::truncate(s, usize::from(area.width));
        let w = text::width(&s) as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        self.text(area, x, y, &s, style);
    }

    /// A filled button with its label centred; tapping anywhere in `area`
    /// gives `action`. A button three rows or taller leaves its last row
    /// blank, so stacked buttons stay apart.
    pub fn button(&mut self, area: Rect, label: &str, style: Style, action: Action) {
        let area = area.intersection(self.buf.area);
        let face = Rect {
            height: area.height - u16::from(area.height > 2),
            ..area
        };
        self.fill(face, style);
        // Keep a cell of margin on each side only where the button is wide.
        let margin = if face.width >= 8 { 2 } else { 0 };
        let lines = text::wrap(label, usize::from(face.width.saturating_sub(margin)));
        let lines = &lines[..lines.len().min(usize::from(face.height))];
        let top = face.y + face.height.saturating_sub(lines.len() as u16) / 2;
        for (i, l) in lines.iter().enumerate() {
            self.centered(face, top + i as u16, l, style.add_modifier(Modifier::BOLD));
        }
        self.hits.add(area, action);
    }
}

/// Draws the whole screen and returns its tap targets.
pub fn draw(app: &App, frame: &mut Frame) -> Hits {
    draw_buffer(app, frame.buffer_mut())
}

/// Draws into a bare buffer (what `draw` does inside a frame).
pub fn draw_buffer(app: &App, buf: &mut Buffer) -> Hits {
    let area = buf.area;
    let mut p = Painter {
        buf,
        theme: Theme::for_app(app),
        hits: Hits::default(),
        large: app.large,
    };
    p.fill(area, p.theme.body());
    if layout::too_small(area) {
        too_small(&mut p, area);
        return p.hits;
    }
    let bands = layout::bands(area);
    header(app, &mut p, bands.header);
    crumb(app, &mut p, bands.crumb);
    pages::body(app, &mut p, bands.body);
    hints(app, &mut p, bands.hints);
    // The operator's hidden corner, over the start of the hall name.
    p.hits.add(
        Rect::new(area.x, area.y, 6.min(area.width), 1),
        Action::CornerTap,
    );
    if let Some(secs) = app.idle_countdown() {
        idle_overlay(&mut p, area, secs);
    }
    p.hits
}

fn too_small(p: &mut Painter, area: Rect) {
    let style = p.theme.header();
    p.fill(area, style);
    let mid = area.y + area.height / 2;
    p.centered(area, mid.saturating_sub(1), "窗口太小", style);
    p.centered(area, mid, "请联系工作人员", style);
}

fn header(app: &App, p: &mut Painter, area: Rect) {
    let style = p.theme.header();
    p.fill(area, style);
    let local = app.clock.wall.with_timezone(&app.opts.offset);
    const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    let weekday = WEEKDAYS[chrono::Datelike::weekday(&local).num_days_from_monday() as usize];
    let when = format!(
        "{} 星期{weekday} {}",
        local.format("%Y年%m月%d日"),
        local.format("%H:%M")
    );
    let when_w = text::width(&when) as u16;
    let name_room = usize::from(area.width.saturating_sub(when_w + 2));
    let name = text::truncate(&format!(" {}", app.opts.hall_name), name_room);
    p.text(
        area,
        area.x,
        area.y,
        &name,
        style.add_modifier(Modifier::BOLD),
    );
    if area.width > when_w + 1 {
        p.text(area, area.right() - when_w - 1, area.y, &when, style);
    }
}

/// 首页 › 株洲市 › …, cut from the left when too long so the end stays.
fn crumb(app: &App, p: &mut Painter, area: Rect) {
    let style = p.theme.crumb();
    p.fill(area, style);
    let parts = app.breadcrumb();
    // Text pages show where they are at the right of this bar.
    let position = if app.page_buttons().is_empty() { 0 } else { 18 };
    let room = usize::from(area.width.saturating_sub(2 + position));
    let mut shown = parts.join(" › ");
    let mut skip = 1;
    while text::width(&shown) > room && skip < parts.len() {
        shown = format!("… › {}", parts[skip..].join(" › "));
        skip += 1;
    }
    p.text(
        area,
        area.x + 1,
        area.y,
        &text::truncate(&shown, room),
        style,
    );
}

/// The hint bar: the same four tappable keys on every screen.
fn hints(app: &App, p: &mut Painter, area: Rect) {
    let style = p.theme.hint();
    p.fill(area, style);
    let rate = if app.current_item().is_some() {
        "评价"
    } else {
        "评价本厅"
    };
    let keys = [
        ("Esc", "返回", Action::Back),
        ("Home", "首页", Action::GoHome),
        ("/", "查找", Action::OpenSearch),
        ("r", rate, Action::Rate),
    ];
    for ((key, label, action), cell) in keys.into_iter().zip(layout::grid(area, 4, 4)) {
        p.fill(cell, p.theme.hint_button());
        let mid = cell.y + cell.height / 2;
        let both = format!("{key} {label}");
        let shown = if text::width(&both) + 2 <= usize::from(cell.width) {
            both
        } else {
            label.to_string()
        };
        p.centered(
            cell,
            mid,
            &shown,
            p.theme.hint_button().add_modifier(Modifier::BOLD),
        );
        p.hits.add(cell, action);
    }
}

fn idle_overlay(p: &mut Painter, area: Rect, secs: u64) {
    let w = area.width.saturating_sub(4).min(44);
    let h = area.height.saturating_sub(2).min(11);
    let boxed = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    // The whole screen answers: any tap means 继续.
    p.hits.add(area, Action::Ignored);
    let style = p.theme.overlay();
    p.fill(boxed, style);
    p.centered(
        boxed,
        boxed.y + 1,
        "还需要更多时间吗？",
        style.add_modifier(Modifier::BOLD),
    );
    p.centered(boxed, boxed.y + 2, &format!("{secs} 秒后将返回首页"), style);
    let button_h = layout::target_height(boxed, p.large)
        .min(boxed.height.saturating_sub(4))
        .max(1);
    let button = Rect::new(
        boxed.x + 2,
        boxed.bottom().saturating_sub(button_h + 1),
        w.saturating_sub(4),
        button_h,
    );
    p.button(button, "继续", p.theme.button(), Action::Ignored);
}

#[cfg(test)]
pub(crate) mod tests;
