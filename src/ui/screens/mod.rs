//! The body of each screen, one file per screen (the text pages — an item,
//! its chart, the comparison, messages — share one).

mod channels;
mod confirm_quit;
mod home;
mod items;
mod notice;
mod operator;
mod parts;
mod pin;
mod qr_test;
pub mod rate;
pub mod search;
mod stats;
pub mod text;
mod thanks;

use ratatui::layout::Rect;

use super::painter::Painter;
use crate::app::{App, Screen};

pub fn draw(app: &App, p: &mut Painter, area: Rect) {
    match app.screen() {
        Screen::Home { selected } => home::home(app, p, area, *selected),
        Screen::Guide { guide, selected } => parts::guide_parts(app, p, area, *guide, *selected),
        Screen::Part {
            guide,
            part,
            selected,
        } => items::part_items(app, p, area, *guide, *part, *selected),
        Screen::Item { scroll, .. }
        | Screen::Chart { scroll, .. }
        | Screen::Compare { scroll, .. }
        | Screen::OperatorMessages { scroll, .. }
        | Screen::SetupNotice { scroll, .. } => text::draw(app, p, area, *scroll),
        Screen::Channels { guide, item, page } => {
            channels::channels(app, p, area, *guide, *item, *page)
        }
        Screen::Search {
            query,
            selected,
            hits,
            total,
        } => search::search(app, p, area, query, *selected, hits, *total),
        Screen::Rate { target, step, .. } => rate::rate(app, p, area, *target, step),
        Screen::Thanks { saved, .. } => thanks::thanks(p, area, *saved),
        Screen::Notice { notice } => notice::notice(p, area, *notice),
        Screen::Pin { digits, error } => pin::pin(app, p, area, digits, *error),
        Screen::Operator { selected } => operator::operator(app, p, area, *selected),
        Screen::OperatorStats { figures } => stats::stats(app, p, area, figures),
        Screen::QrTest => qr_test::qr_test(app, p, area),
        Screen::ConfirmQuit => confirm_quit::confirm_quit(app, p, area),
    }
}
