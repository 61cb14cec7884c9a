//! Today's ratings as a bar chart, with the rate's formula.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::{Bar, BarChart, BarGroup, Widget};

use super::super::layout::{self};
use super::super::painter::Painter;
use super::super::strings;
use super::super::widgets::buttons::button_row;
use crate::app::{Action, App, DayFigures};
use crate::ratings::Level;

pub fn stats(app: &App, p: &mut Painter, area: Rect, f: &DayFigures) {
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let total = f.stats.total();
    let mut lines = vec![
        strings::day_figures(&f.day, total, f.stats.bad()),
        f.stats.rate_formula(),
        super::operator::log_status(app),
    ];
    lines.extend(app.status.notes.iter().take(2).cloned());
    for (i, l) in lines.iter().enumerate() {
        p.text(inner, inner.x, inner.y + i as u16, l, p.palette.title());
    }
    let h = layout::target_height(area, p.large).min(3);
    let chart = Rect {
        y: inner.y + lines.len() as u16 + 1,
        height: inner.height.saturating_sub(lines.len() as u16 + 2 + h),
        ..inner
    };
    let bars: Vec<Bar> = Level::ALL
        .iter()
        .zip(f.stats.counts())
        .map(|(l, n)| {
            Bar::default()
                .value(n)
                .label(l.label())
                .text_value(n.to_string())
        })
        .collect();
    let width = (chart.width / 5).saturating_sub(1).clamp(1, 12);
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(1)
        .bar_style(p.palette.button())
        .value_style(p.palette.button().add_modifier(Modifier::BOLD))
        .label_style(p.palette.body())
        .style(p.palette.body())
        .render(chart.intersection(p.buf.area), p.buf);
    let bar = Rect::new(inner.x, inner.bottom().saturating_sub(h), inner.width, h);
    button_row(
        p,
        bar,
        &[
            (strings::EXPORT_TODAY, Action::ExportToday),
            (strings::BACK, Action::Back),
        ],
    );
}
