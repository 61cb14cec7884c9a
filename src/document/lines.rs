//! The scrollable contents of the text screens (item guide, flow diagrams,
//! comparison) as plain lines with a role, built for a width. Both the state
//! machine (to know how far a page can scroll) and the drawing use them.

use crate::catalog::{Catalog, Guide, Item};
use crate::document::sections::{self, Block, MISSING, Section};
use crate::text;

/// What a line is, so the drawing can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    /// A field's title (受理单位).
    Title,
    /// A group heading inside a field.
    Heading,
    /// A row of the hall's own district.
    Own,
    /// Secondary text (codes, notes about the source).
    Muted,
    /// Monospaced diagram line.
    Diagram,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewLine {
    pub text: String,
    pub role: Role,
}

fn lines(texts: Vec<String>, role: Role) -> impl Iterator<Item = ViewLine> {
    texts.into_iter().map(move |text| ViewLine { text, role })
}

/// `s` wrapped to `width`, every line in `role`.
pub fn wrapped(s: &str, width: usize, role: Role) -> Vec<ViewLine> {
    lines(text::wrap(s, width), role).collect()
}

/// The item's guide, every field, wrapped to `width`.
pub fn item_lines(item: &Item, own: Option<&str>, width: usize) -> Vec<ViewLine> {
    let mut out = code_lines(item, width);
    for section in sections::sections(item, own) {
        out.extend(section_lines(&section, width));
    }
    out
}

/// The fields of which lines `rows` of [`item_lines`] show at least one
/// line: what reading aloud reads of the item screen.
pub fn sections_in_view(
    item: &Item,
    own: Option<&str>,
    width: usize,
    rows: std::ops::Range<usize>,
) -> Vec<Section> {
    spans(item, own, width)
        .into_iter()
        // An empty range (a page with no room for text) shows no field.
        .filter(|(_, lines)| !rows.is_empty() && lines.start < rows.end && rows.start < lines.end)
        .map(|(section, _)| section)
        .collect()
}

/// Each field's title and the line of [`item_lines`] its title is on: where
/// a jump to it scrolls, and which field a scrolled page is in.
pub fn section_starts(item: &Item, own: Option<&str>, width: usize) -> Vec<(&'static str, usize)> {
    spans(item, own, width)
        .into_iter()
        .map(|(section, lines)| (section.title, lines.start))
        .collect()
}

/// Every field with the lines of [`item_lines`] it takes.
fn spans(item: &Item, own: Option<&str>, width: usize) -> Vec<(Section, std::ops::Range<usize>)> {
    let mut end = code_lines(item, width).len();
    sections::sections(item, own)
        .into_iter()
        .map(|section| {
            let start = end;
            end += section_lines(&section, width).len();
            (section, start..end)
        })
        .collect()
}

fn code_lines(item: &Item, width: usize) -> Vec<ViewLine> {
    let code = item.code.iter().map(|c| format!("事项编码 {c}"));
    code.flat_map(|c| lines(text::wrap(&c, width), Role::Muted))
        .collect()
}

/// One field: its title, then its blocks.
fn section_lines(section: &Section, width: usize) -> Vec<ViewLine> {
    let mut out = vec![ViewLine {
        text: format!("【{}】", section.title),
        role: Role::Title,
    }];
    for b in &section.blocks {
        let role = match b {
            Block::Heading(_) => Role::Heading,
            Block::Entry { own: true, .. } => Role::Own,
            Block::Missing => Role::Muted,
            _ => Role::Body,
        };
        out.extend(lines(sections::block_lines(b, width), role));
    }
    out
}

/// The item's flow diagrams with their titles.
pub fn chart_lines(item: &Item, width: usize) -> Vec<ViewLine> {
    let mut out = Vec::new();
    for (i, flow) in item.charts.iter().enumerate() {
        if i > 0 {
            out.push(ViewLine {
                text: String::new(),
                role: Role::Body,
            });
        }
        for h in sections::chart_headings(flow) {
            out.extend(lines(text::wrap(&h, width), Role::Title));
        }
        out.extend(lines(crate::diagram::render(flow, width), Role::Diagram));
    }
    if out.is_empty() {
        out.push(ViewLine {
            text: MISSING.into(),
            role: Role::Muted,
        });
    }
    out
}

/// Items of other guides that are the same service: the same item code, or
/// the same name.
pub fn peers(catalog: &Catalog, guide: usize, item: usize) -> Vec<(usize, usize)> {
    let Some(me) = catalog.guides.get(guide).and_then(|c| c.items.get(item)) else {
        return Vec::new();
    };
    let mut out = vec![(guide, item)];
    for (ci, c) in catalog
        .guides
        .iter()
        .enumerate()
        .filter(|(ci, _)| *ci != guide)
    {
        let same = c.items.iter().position(|i| me.same_service(i));
        out.extend(same.map(|ii| (ci, ii)));
    }
    out
}

/// One point of comparison, as text per guide.
pub fn aspects(item: &Item) -> [(&'static str, String); 4] {
    let join = |blocks: Vec<Block>| {
        blocks
            .iter()
            .map(sections::block_plain)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let section = |title: &str| {
        sections::sections(item, None)
            .into_iter()
            .find(|s| s.title == title)
            .map(|s| join(s.blocks))
            .unwrap_or_else(|| MISSING.into())
    };
    [
        ("办理时限", section("办理时限")),
        ("办理材料", section("办理材料")),
        ("办理渠道", section("办理渠道")),
        ("监督电话", section("监督电话")),
    ]
}

/// The guides side by side on the points where they differ (stacked when
/// each column would be too narrow to read).
pub fn compare_lines(catalog: &Catalog, peers: &[(usize, usize)], width: usize) -> Vec<ViewLine> {
    let guides: Vec<(&Guide, &Item)> = peers
        .iter()
        .filter_map(|&(c, i)| {
            let guide = catalog.guides.get(c)?;
            Some((guide, guide.items.get(i)?))
        })
        .collect();
    let mut out = Vec::new();
    let says = guides
        .iter()
        .map(|(_, item)| aspects(item))
        .collect::<Vec<_>>();
    let col = width.saturating_sub(guides.len().saturating_sub(1) * 2) / guides.len().max(1);
    for a in 0..4 {
        let title = says.first().map_or("", |s| s[a].0);
        out.push(ViewLine {
            text: format!("【{title}】"),
            role: Role::Title,
        });
        let texts: Vec<&str> = says.iter().map(|s| s[a].1.as_str()).collect();
        if texts.windows(2).all(|w| w[0] == w[1]) {
            let who = guides
                .iter()
                .map(|(c, _)| c.name.as_str())
                .collect::<Vec<_>>()
                .join("、");
            out.extend(lines(
                text::wrap(&format!("各地相同（{who}）"), width),
                Role::Muted,
            ));
            out.extend(lines(
                text::wrap(texts.first().copied().unwrap_or(""), width),
                Role::Body,
            ));
        } else if col >= 16 && guides.len() > 1 {
            out.extend(columns(&guides, &texts, col));
        } else {
            for ((guide, _), t) in guides.iter().zip(&texts) {
                out.extend(lines(
                    text::wrap(&format!("〔{}〕", guide.name), width),
                    Role::Heading,
                ));
                out.extend(lines(text::wrap(t, width), Role::Body));
            }
        }
    }
    out
}

/// Texts laid out in columns of `col` cells with two cells between.
fn columns(guides: &[(&Guide, &Item)], texts: &[&str], col: usize) -> Vec<ViewLine> {
    let heads: Vec<String> = guides
        .iter()
        .map(|(c, _)| text::truncate(&c.name, col))
        .collect();
    let bodies: Vec<Vec<String>> = texts.iter().map(|t| text::wrap(t, col)).collect();
    let row = |cells: Vec<&str>| {
        cells
            .iter()
            .map(|c| text::pad(c, col))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![ViewLine {
        text: row(heads.iter().map(String::as_str).collect()),
        role: Role::Heading,
    }];
    let tallest = bodies.iter().map(Vec::len).max().unwrap_or(0);
    for r in 0..tallest {
        let cells = bodies
            .iter()
            .map(|b| b.get(r).map_or("", String::as_str))
            .collect();
        out.push(ViewLine {
            text: row(cells),
            role: Role::Body,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields in view are those whose title or blocks are on the rows:
    /// told apart in item_lines by the titles' lines.
    #[test]
    fn the_sections_in_view_are_those_whose_lines_are_shown() {
        let catalog = crate::app::tests::catalog();
        let item = &catalog.guides[0].items[0];
        let width = 30;
        let all = item_lines(item, Some("东区"), width);
        let titles: Vec<usize> = (0..all.len())
            .filter(|&i| all[i].role == Role::Title)
            .collect();
        let field_of = |line: usize| titles.iter().rposition(|&t| t <= line);
        for top in 0..all.len() {
            for height in [1, 5, 12] {
                let rows = top..(top + height).min(all.len());
                let mut want: Vec<usize> = rows.clone().filter_map(field_of).collect();
                want.dedup();
                let got: Vec<String> = sections_in_view(item, Some("东区"), width, rows)
                    .iter()
                    .map(|s| format!("【{}】", s.title))
                    .collect();
                let want: Vec<String> = want.iter().map(|&f| all[titles[f]].text.clone()).collect();
                assert_eq!(got, want, "rows from {top}, {height} high");
            }
        }
        assert!(sections_in_view(item, None, width, 0..1).is_empty() == item.code.is_some());
    }
}
