//! The ticket's lines for a paper width, from the catalog and the hall.

use chrono::{DateTime, FixedOffset};

use crate::catalog::{Guide, Item};
use crate::document::sections;
use crate::text;

/// What the ticket says about where it was printed.
#[derive(Debug, Clone)]
pub struct Hall<'a> {
    pub name: &'a str,
    /// The hall's own district in the item's guide, if it is one of its districts.
    pub district: Option<&'a str>,
    /// Now, in the hall's UTC offset.
    pub now: DateTime<FixedOffset>,
    pub catalog_version: &'a str,
}

/// One line of the ticket, each at most the paper's columns wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Centred and bold: the hall's name, 一次性告知单.
    Title(String),
    /// Bold: a field's title (【办理材料】).
    Heading(String),
    Text(String),
    /// A rule across the paper.
    Rule,
    /// The online channel's address as a QR code, for a printer that draws
    /// one; its address is also a [`Line::Text`] just before.
    Qr(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// Terminal cells per line (CJK = 2): 32 for 58 mm paper, 48 for 80 mm.
    pub columns: usize,
    pub lines: Vec<Line>,
}

/// The 一次性告知单 of `item` for paper `columns` cells wide.
pub fn compose(guide: &Guide, item: &Item, hall: &Hall, columns: usize) -> Ticket {
    let columns = columns.max(2);
    let wrap = |s: &str| text::wrap(s, columns);
    let mut lines: Vec<Line> = wrap(hall.name).into_iter().map(Line::Title).collect();
    lines.push(Line::Title("一次性告知单".into()));
    lines.push(Line::Rule);
    let mut texts = vec![format!("事项：{}", item.name)];
    texts.extend(item.code.iter().map(|c| format!("事项编码：{c}")));
    texts.push(format!("指南：{}", guide.name));
    lines.extend(texts.iter().flat_map(|t| wrap(t)).map(Line::Text));
    for section in sections::ticket_sections(item, hall.district) {
        lines.extend(
            wrap(&format!("【{}】", section.title))
                .into_iter()
                .map(Line::Heading),
        );
        let body = section
            .blocks
            .iter()
            .flat_map(|b| sections::block_lines(b, columns));
        lines.extend(body.map(Line::Text));
    }
    lines.extend(online(item, columns));
    lines.push(Line::Rule);
    let printed = hall.now.format("打印时间：%Y年%m月%d日 %H:%M").to_string();
    let version = format!("目录版本：{}", hall.catalog_version);
    lines.extend(
        [printed, version]
            .iter()
            .flat_map(|t| wrap(t))
            .map(Line::Text),
    );
    Ticket { columns, lines }
}

/// The first online channel with a web address, as text and a QR code; else
/// how to reach the first online channel; else nothing.
fn online(item: &Item, columns: usize) -> Vec<Line> {
    let heading = || Line::Heading("【线上办理】".into());
    let texts = |s: &str| text::wrap(s, columns).into_iter().map(Line::Text);
    if let Some(o) = item.linked_channels().next() {
        let url = o.url.clone().unwrap_or_default();
        let mut out = vec![heading()];
        out.extend(texts(&format!("{}（{}）", o.name, o.kind.label())));
        out.extend(texts(&url));
        out.push(Line::Qr(url));
        return out;
    }
    let first = item.channels.iter().flat_map(|c| c.online.first()).next();
    first.map_or_else(Vec::new, |o| {
        std::iter::once(heading())
            .chain(texts(&sections::how_to_reach(o)))
            .collect()
    })
}

impl Ticket {
    /// The ticket for a printer fed plain text: UTF-8 lines, titles centred
    /// with spaces, no QR code (its address is printed).
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            let text = match line {
                Line::Title(t) => text::center(t, self.columns).trim_end().to_string(),
                Line::Heading(t) | Line::Text(t) => t.clone(),
                Line::Rule => "-".repeat(self.columns),
                Line::Qr(_) => continue,
            };
            out.push_str(&text);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests;
