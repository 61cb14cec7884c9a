//! The two ways `kiosk diff` prints changes: a line per change for a
//! reviewer (`长沙市 单位参保登记: 办理时限 即时办结。 → 3个工作日。`), and
//! JSON Lines for tools.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

use super::tree::Tree;
use super::{Change, Kind, Step};
use crate::catalog::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One readable line per change.
    Text,
    /// One JSON object per change: guide, item, code, change, path, old, new.
    Jsonl,
}

/// The lines to print for `changes`; none when there are none.
pub fn render(changes: &[Change], format: Format) -> Vec<String> {
    let line = match format {
        Format::Text => text_line,
        Format::Jsonl => json_line,
    };
    changes.iter().map(line).collect()
}

/// One JSON Lines record, its keys in this order.
#[derive(Serialize)]
struct Record<'a> {
    guide: &'a str,
    item: Option<&'a str>,
    code: Option<&'a str>,
    change: &'static str,
    path: String,
    old: &'a Tree,
    new: &'a Tree,
}

fn json_line(c: &Change) -> String {
    let item = c.item.as_ref();
    let record = Record {
        guide: &c.guide,
        item: item.map(|i| i.id.as_str()),
        code: item.and_then(|i| i.code.as_deref()),
        change: match c.kind {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
            Kind::Moved => "moved",
        },
        path: json_path(&c.path),
        old: &c.old,
        new: &c.new,
    };
    serde_json::to_string(&record).unwrap_or_default()
}

/// `supervision.phones[0].number`, spelt as `kiosk check` spells a field.
fn json_path(path: &[Step]) -> String {
    let steps: Vec<validate::Step> = path
        .iter()
        .map(|step| match step {
            Step::Field(k) => validate::Step::Key(k),
            Step::Index { index, .. } => validate::Step::Index(*index),
        })
        .collect();
    validate::spell_path(&steps)
}

fn text_line(c: &Change) -> String {
    let (Some(item), false) = (&c.item, c.path.is_empty() && c.kind != Kind::Moved) else {
        return whole_line(c);
    };
    let name = match item.ambiguous {
        true => format!("{}（{}）", item.name, item.id),
        false => item.name.clone(),
    };
    format!("{} {name}: {}", c.guide_name, what(c))
}

/// A whole guide or item added or removed, or a guide's own fields.
fn whole_line(c: &Change) -> String {
    let count = |t: &Tree| match t.field("items") {
        Some(Tree::List(items)) => items.len(),
        _ => 0,
    };
    match (&c.item, c.kind) {
        (None, Kind::Added) if c.path.is_empty() => format!(
            "新增指南 {}（{}），{} 个事项",
            c.guide_name,
            c.guide,
            count(&c.new)
        ),
        (None, Kind::Removed) if c.path.is_empty() => {
            format!("删除指南 {}（{}）", c.guide_name, c.guide)
        }
        (Some(item), Kind::Added) => {
            format!("{}: 新增事项 {}（{}）", c.guide_name, item.name, item.id)
        }
        (Some(item), _) => {
            format!("{}: 删除事项 {}（{}）", c.guide_name, item.name, item.id)
        }
        (None, _) => format!("{}: {}", c.guide_name, what(c)),
    }
}

/// `办理时限 即时办结。 → 3个工作日。`, `办理材料 在职职工 删除 身份证复印件`.
fn what(c: &Change) -> String {
    let label = label(&c.path, c.kind);
    let with_label = |rest: String| match label.is_empty() {
        true => rest,
        false => format!("{label} {rest}"),
    };
    match c.kind {
        Kind::Added => with_label(format!("新增 {}", show(&c.new))),
        Kind::Removed => with_label(format!("删除 {}", show(&c.old))),
        Kind::Changed => with_label(format!("{} → {}", show(&c.old), show(&c.new))),
        Kind::Moved => format!("排列顺序 第{}位 → 第{}位", ordinal(&c.old), ordinal(&c.new)),
    }
}

fn ordinal(t: &Tree) -> u64 {
    match t {
        Tree::Leaf(Value::Number(n)) => n.as_u64().unwrap_or(0) + 1,
        _ => 0,
    }
}

/// The path in the guide's words: `监督电话 市本级`, `办理流程 第2条`.
fn label(path: &[Step], kind: Kind) -> String {
    let mut words: Vec<Cow<str>> = Vec::new();
    let mut parent: Option<&str> = None;
    for (i, step) in path.iter().enumerate() {
        match step {
            Step::Field(k) => {
                if let Some(word) = field_label(parent, k) {
                    words.push(word);
                }
                parent = Some(k);
            }
            // An element added or removed is told by its value, shown
            // whole; one edited in place by what names it, or its place.
            Step::Index { .. } if i + 1 == path.len() && kind != Kind::Changed => {}
            Step::Index { label: Some(l), .. } => words.push(Cow::Borrowed(l)),
            Step::Index { index, label: None } if i + 1 == path.len() => {
                words.push(Cow::Owned(format!("第{}条", index + 1)))
            }
            Step::Index { .. } => {}
        }
    }
    words.join(" ")
}

/// A field's name in the guides' words; `None` where the name would only
/// repeat its parent (the `number` of a phone, the `entries` of a group).
fn field_label<'a>(parent: Option<&str>, field: &'a str) -> Option<Cow<'a, str>> {
    let word = match (parent, field) {
        (Some("supervision"), "phones") | (Some("phones"), "number") => return None,
        (Some("channels"), "text") => "说明",
        (_, "text" | "entries" | "rows" | "lines") => return None,
        (Some("corrections"), "from") => "原文",
        (Some("corrections"), "to") => "改为",
        (_, "from") => "起点",
        (_, "to") => "终点",
        (Some("nodes"), "materials") => "材料",
        (_, "id") => "编号",
        (_, "code") => "编码",
        (_, "name") => "名称",
        (_, "kind") => "类型",
        (_, "province") => "省份",
        (_, "aliases") => "别名",
        (_, "source") => "来源",
        (_, "title") => "标题",
        (_, "doc_number") => "文号",
        (_, "issuer") => "发文机关",
        (_, "date") => "日期",
        (_, "file") => "文件",
        (_, "corrections") => "勘误",
        (_, "districts" | "district") => "区县",
        (_, "parts") => "部分",
        (_, "part") => "所属部分",
        (_, "number") => "序号",
        (_, "description") => "说明",
        (_, "source_notes") => "转录说明",
        (_, "heading") => "标题行",
        (_, "summary") => "内容",
        (_, "accepting_unit") => "受理单位",
        (_, "audience") => "服务对象",
        (_, "channels") => "办理渠道",
        (_, "onsite") => "现场办理",
        (_, "online") => "线上办理",
        (_, "address") => "地址",
        (_, "phones") => "电话",
        (_, "note" | "notes") => "备注",
        (_, "url") => "网址",
        (_, "account") => "账号",
        (_, "steps") => "办理流程",
        (_, "procedures") => "办理方式",
        (_, "procedure") => "所属办理方式",
        (_, "materials") => "办理材料",
        (_, "group") => "分组",
        (_, "time_limit") => "办理时限",
        (_, "inquiry") => "查询方式",
        (_, "supervision") => "监督电话",
        (_, "evaluation") => "评价渠道",
        (_, "forms") => "参考样表",
        (_, "attachments") => "附件",
        (_, "charts") => "办理流程图",
        (_, "basis") => "依据",
        (_, "nodes") => "节点",
        (_, "edges") => "连线",
        (_, "label") => "标签",
        // A field the model gained after this table: its own name.
        (_, other) => return Some(Cow::Borrowed(other)),
    };
    Some(Cow::Borrowed(word))
}

/// A value as a reviewer reads it: text as it is, a record as its texts.
fn show(t: &Tree) -> String {
    match t {
        Tree::Leaf(Value::Null) => "指南未载明".into(),
        Tree::Leaf(Value::String(s)) => s.clone(),
        Tree::Leaf(v) => v.to_string(),
        Tree::List(items) if items.is_empty() => "（空）".into(),
        Tree::List(items) => items.iter().map(show).collect::<Vec<_>>().join("、"),
        Tree::Map(fields) => fields
            .iter()
            .filter(|(_, v)| !v.is_null() && *v != Tree::List(Vec::new()))
            .map(|(_, v)| show(v))
            .collect::<Vec<_>>()
            .join(" "),
    }
}
