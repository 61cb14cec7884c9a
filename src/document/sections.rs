//! An item's guide as sections of blocks, in the guide's own field order: the
//! one presentation that the item screen and `kiosk show` both render, so what
//! a maintainer checks on the command line is what a visitor reads.

use crate::catalog::{Channels, Guide, Chart, ChartBasis, Item, Listing, MaterialGroup, OnlineChannel};
use crate::text;

/// Shown wherever the guide does not give a field.
pub const MISSING: &str = "指南未载明";

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: &'static str,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Text(String),
    /// A row that belongs to a district or sub-heading; `own` marks the hall's own district.
    Entry {
        label: String,
        text: String,
        own: bool,
    },
    /// One of a numbered list (steps, materials).
    Numbered {
        n: usize,
        text: String,
    },
    /// A group heading inside a section (在职职工, 个人办理).
    Heading(String),
    /// The guide does not give this field.
    Missing,
}

/// The breadcrumb of an item: 株洲市 › 第一部分 … › 单位参保登记.
pub fn breadcrumb(guide: &Guide, item: &Item) -> Vec<String> {
    let part = guide
        .part(&item.part)
        .map(|p| p.display_title())
        .unwrap_or_default();
    vec![guide.name.clone(), part, item.name.clone()]
}

/// Which of a field's per-district rows are shown.
#[derive(Debug, Clone, Copy)]
enum Rows<'a> {
    /// Every row, the hall's own district's first (the item screen).
    OwnFirst(Option<&'a str>),
    /// The hall's own district's rows and those of no district; every row
    /// when none is the hall's (the printed ticket).
    OwnOnly(Option<&'a str>),
}

impl<'a> Rows<'a> {
    fn own(self) -> Option<&'a str> {
        match self {
            Rows::OwnFirst(own) | Rows::OwnOnly(own) => own,
        }
    }
}

fn section(title: &'static str, blocks: Vec<Block>) -> Section {
    Section {
        title,
        blocks: if blocks.is_empty() {
            vec![Block::Missing]
        } else {
            blocks
        },
    }
}

/// Every field of `item`, the hall's own district's rows first.
pub fn sections(item: &Item, own: Option<&str>) -> Vec<Section> {
    let s = section;
    let rows = Rows::OwnFirst(own);
    let mut out = vec![
        s("受理单位", listing(item.accepting_unit.as_ref(), rows)),
        s(
            "服务对象",
            item.audience.iter().cloned().map(Block::Text).collect(),
        ),
        s("办理渠道", channels(item, rows)),
        s("办理流程", steps(item)),
        s("办理材料", materials(item)),
        s("办理时限", time_limits(item)),
        s("查询方式", listing(item.inquiry.as_ref(), rows)),
        s("监督电话", supervision(item, rows)),
        s(
            "评价渠道",
            item.evaluation.iter().cloned().map(Block::Text).collect(),
        ),
    ];
    if let Some(summary) = &item.summary {
        out.insert(0, s("内容", vec![Block::Text(summary.clone())]));
    }
    let optional = [
        (
            "备注",
            item.notes.iter().cloned().map(Block::Text).collect(),
        ),
        ("参考样表", numbered(&item.forms)),
        ("附件", attachments(item)),
    ];
    out.extend(
        optional
            .into_iter()
            .filter(|(_, b): &(_, Vec<Block>)| !b.is_empty())
            .map(|(t, b)| s(t, b)),
    );
    out
}

/// What a visitor takes away on the printed ticket: the materials and time
/// limit, and only the hall's own district's windows, inquiry lines and
/// 监督电话 (every district's when the guide has none for the hall).
pub fn ticket_sections(item: &Item, own: Option<&str>) -> Vec<Section> {
    let rows = Rows::OwnOnly(own);
    let windows = item.channels.as_ref().map(|c| windows(c, rows));
    vec![
        section("办理材料", materials(item)),
        section("办理时限", time_limits(item)),
        section("办理地点", windows.unwrap_or_default()),
        section("查询方式", listing(item.inquiry.as_ref(), rows)),
        section("监督电话", supervision(item, rows)),
    ]
}

/// The rows `rows` asks for, in the guide's order (the hall's first for the screen).
fn pick(mut entries: Vec<(Option<&str>, Block)>, rows: Rows) -> Vec<Block> {
    match rows {
        Rows::OwnFirst(own @ Some(_)) => entries.sort_by_key(|(d, _)| d.is_none() || *d != own),
        Rows::OwnOnly(own @ Some(_)) if entries.iter().any(|(d, _)| *d == own) => {
            entries.retain(|(d, _)| d.is_none() || *d == own)
        }
        _ => {}
    }
    entries.into_iter().map(|(_, b)| b).collect()
}

fn entry(district: Option<&str>, label: Option<&str>, text: String, own: Option<&str>) -> Block {
    let label = match (district, label) {
        (None, None) => return Block::Text(text),
        (Some(d), None) => d.to_string(),
        (None, Some(l)) => l.to_string(),
        (Some(d), Some(l)) => format!("{d}（{l}）"),
    };
    Block::Entry {
        own: district.is_some() && district == own,
        label,
        text,
    }
}

fn listing(l: Option<&Listing>, rows: Rows) -> Vec<Block> {
    let Some(l) = l else { return Vec::new() };
    let mut out: Vec<Block> = l.text.iter().cloned().map(Block::Text).collect();
    let entries = l
        .rows
        .iter()
        .map(|r| {
            let d = r.district.as_deref();
            (d, entry(d, r.label.as_deref(), r.text.clone(), rows.own()))
        })
        .collect();
    out.extend(pick(entries, rows));
    out
}

fn channels(item: &Item, rows: Rows) -> Vec<Block> {
    let Some(c) = &item.channels else {
        return Vec::new();
    };
    let own = rows.own();
    let mut out: Vec<Block> = c.text.iter().cloned().map(Block::Text).collect();
    if !c.onsite.is_empty() {
        out.push(Block::Heading("现场办理".into()));
        out.extend(windows(c, rows));
    }
    if !c.online.is_empty() {
        out.push(Block::Heading("线上办理".into()));
        let online = c
            .online
            .iter()
            .map(|o| {
                // The channel's kind leads; its district, if any, follows.
                let d = o.district.as_deref();
                let mut text = online_text(o);
                if let Some(d) = d {
                    text.push_str(&format!("（{d}）"));
                }
                let mut row = entry(None, Some(o.kind.label()), text, None);
                if let Block::Entry { own: mine, .. } = &mut row {
                    *mine = d.is_some() && d == own;
                }
                (d, row)
            })
            .collect();
        out.extend(pick(online, rows));
    }
    out
}

/// The 现场办理 windows: address, phones, note.
fn windows(c: &Channels, rows: Rows) -> Vec<Block> {
    let windows = c
        .onsite
        .iter()
        .map(|w| {
            let mut text = w.address.clone();
            if !w.phones.is_empty() {
                text.push_str(&format!("　电话：{}", w.phones.join("、")));
            }
            if let Some(n) = &w.note {
                text.push_str(&format!("　{n}"));
            }
            let d = w.district.as_deref();
            (d, entry(d, w.label.as_deref(), text, rows.own()))
        })
        .collect();
    pick(windows, rows)
}

/// `鄂汇办APP`, `QQ 2319952811`, `线上办理 http://…` — how to reach a channel.
pub fn online_text(o: &OnlineChannel) -> String {
    let mut parts = vec![o.name.clone()];
    parts.extend(o.account.iter().cloned());
    parts.extend(o.url.iter().cloned());
    parts.extend(o.note.iter().cloned());
    parts.join("　")
}

/// How a visitor reaches a channel that has no web address to scan.
pub fn how_to_reach(o: &OnlineChannel) -> String {
    use crate::catalog::OnlineKind::*;
    let account = o.account.as_deref().unwrap_or(&o.name);
    let how = match o.kind {
        App => format!("在手机应用商店搜索“{}”", o.name),
        WeChat => format!("在微信中搜索公众号“{}”", o.name),
        Phone => format!("拨打电话 {account}"),
        Qq => format!("QQ：{account}"),
        Email => format!("邮箱：{account}"),
        System => "经办机构内部系统，请咨询窗口".to_string(),
        Web => "指南未提供网址，请咨询窗口".to_string(),
    };
    let mut out = format!("{}（{}）：{how}", o.name, o.kind.label());
    if let Some(note) = &o.note {
        out.push_str(&format!("　{note}"));
    }
    out
}

fn numbered(list: &[String]) -> Vec<Block> {
    list.iter()
        .enumerate()
        .map(|(i, t)| Block::Numbered {
            n: i + 1,
            text: t.clone(),
        })
        .collect()
}

fn steps(item: &Item) -> Vec<Block> {
    let mut out = numbered(&item.steps);
    for sub in &item.procedures {
        if !sub.steps.is_empty() {
            out.push(Block::Heading(sub.name.clone()));
            out.extend(numbered(&sub.steps));
        }
    }
    out
}

fn groups(list: &[MaterialGroup]) -> Vec<Block> {
    let mut out = Vec::new();
    for g in list {
        out.extend(g.group.iter().cloned().map(Block::Heading));
        out.extend(numbered(&g.entries));
    }
    out
}

fn materials(item: &Item) -> Vec<Block> {
    let mut out = groups(&item.materials);
    for sub in item.procedures.iter().filter(|s| !s.materials.is_empty()) {
        out.push(Block::Heading(sub.name.clone()));
        out.extend(groups(&sub.materials));
    }
    out
}

fn time_limits(item: &Item) -> Vec<Block> {
    let mut out: Vec<Block> = item.time_limit.iter().cloned().map(Block::Text).collect();
    for sub in &item.procedures {
        if let Some(t) = &sub.time_limit {
            out.push(entry(None, Some(&sub.name), t.clone(), None));
        }
    }
    out
}

fn supervision(item: &Item, rows: Rows) -> Vec<Block> {
    let Some(s) = &item.supervision else {
        return Vec::new();
    };
    let mut out: Vec<Block> = s.text.iter().cloned().map(Block::Text).collect();
    let phones = s
        .phones
        .iter()
        .map(|p| {
            let d = p.district.as_deref();
            (
                d,
                entry(d, p.label.as_deref(), p.number.clone(), rows.own()),
            )
        })
        .collect();
    out.extend(pick(phones, rows));
    out
}

fn attachments(item: &Item) -> Vec<Block> {
    let mut out = Vec::new();
    for a in &item.attachments {
        out.push(Block::Heading(a.title.clone()));
        out.extend(a.lines.iter().cloned().map(Block::Text));
        out.extend(a.notes.iter().cloned().map(Block::Text));
    }
    out
}

/// The lines above a flow diagram: its title, its procedure and where it comes from.
pub fn chart_headings(flow: &Chart) -> Vec<String> {
    let mut out: Vec<String> = flow.title.iter().cloned().collect();
    if let Some(sub) = &flow.procedure {
        out.push(format!("〔{sub}〕"));
    }
    if flow.basis == ChartBasis::Steps {
        out.push("（指南未附流程图，此图据办理流程整理）".into());
    }
    out
}

/// One block as a single unwrapped line.
pub fn block_plain(block: &Block) -> String {
    match block {
        Block::Text(t) => t.clone(),
        Block::Entry { label, text, .. } => format!("{label}：{text}"),
        Block::Numbered { n, text } => format!("{n}. {text}"),
        Block::Heading(h) => format!("〔{h}〕"),
        Block::Missing => MISSING.to_string(),
    }
}

/// One block as wrapped plain-text lines of at most `width` cells.
pub fn block_lines(block: &Block, width: usize) -> Vec<String> {
    match block {
        Block::Text(t) => text::wrap(t, width),
        Block::Entry {
            label,
            text: t,
            own,
        } => {
            let mark = if *own { "本厅 " } else { "" };
            text::wrap_indent(&format!("{mark}{label}：{t}"), width, "", "    ")
        }
        Block::Numbered { n, text: t } => {
            let head = format!("{n}. ");
            let hang = " ".repeat(text::width(&head));
            text::wrap_indent(t, width, &head, &hang)
        }
        Block::Heading(h) => text::wrap(&format!("〔{h}〕"), width),
        Block::Missing => vec![MISSING.to_string()],
    }
}

/// The whole guide of an item as plain text, as `kiosk show` prints it.
pub fn plain_text(guide: &Guide, item: &Item, own: Option<&str>, width: usize) -> Vec<String> {
    let mut lines = text::wrap(&breadcrumb(guide, item).join(" › "), width);
    let code = item
        .code
        .as_deref()
        .map(|c| format!("（{c}）"))
        .unwrap_or_default();
    lines.extend(text::wrap(&format!("{}{code}", item.name), width));
    if let Some(h) = &item.heading {
        lines.extend(text::wrap(&format!("标题：{h}"), width));
    }
    for section in sections(item, own) {
        lines.push(String::new());
        lines.push(format!("【{}】", section.title));
        for b in &section.blocks {
            lines.extend(block_lines(b, width));
        }
    }
    lines
}
