use super::*;
use crate::catalog::load::parse_guide;

const BASE: &str = include_str!("../../../tests/fixtures/base/guide.ron");

fn catalog(texts: &[String]) -> Catalog {
    let guides = texts
        .iter()
        .map(|t| parse_guide("test.ron".as_ref(), t).expect("fixture parses"))
        .collect();
    Catalog {
        guides,
        version: "test".into(),
    }
}

/// The text lines of the changes from the base fixture to `edit` of it.
fn text_of(edit: impl Fn(&str) -> String) -> Vec<String> {
    let changes = changes_of(edit);
    render(&changes, Format::Text)
}

fn changes_of(edit: impl Fn(&str) -> String) -> Vec<Change> {
    let new = edit(BASE);
    assert_ne!(new, BASE, "the edit must change the fixture");
    diff(&catalog(&[BASE.into()]), &catalog(&[new]))
}

fn replace(from: &'static str, to: &'static str) -> impl Fn(&str) -> String {
    move |s: &str| {
        assert!(s.contains(from), "{from}");
        s.replacen(from, to, 1)
    }
}

/// A second item for the base fixture.
const ITEM_2: &str = "        (id: \"002\", code: \"002\", name: \"参保信息变更\", part: \"p01\", time_limit: \"即时办结。\"),\n    ],\n)";

#[test]
fn equal_catalogs_have_no_changes() {
    let same = catalog(&[BASE.into()]);
    assert!(diff(&same, &same.clone()).is_empty());
    // Formatting and comments are not content.
    let reformatted = BASE
        .replace("    ", "  ")
        .replace("// A small", "// Another");
    assert!(diff(&same, &catalog(&[reformatted])).is_empty());
}

#[test]
fn a_changed_phone_is_one_change_named_by_its_district() {
    let changes = changes_of(replace("0000-7654321", "0000-1111111"));
    assert_eq!(changes.len(), 1);
    assert_eq!(
        render(&changes, Format::Text),
        ["示例市 单位参保登记: 监督电话 东区 0000-7654321 → 0000-1111111"]
    );
    assert_eq!(
        render(&changes, Format::Jsonl),
        [
            r#"{"guide":"demo","item":"001","code":"001","change":"changed","path":"supervision.phones[0].number","old":"0000-7654321","new":"0000-1111111"}"#
        ]
    );
}

#[test]
fn a_phone_added_before_an_edited_one_is_an_addition_and_a_change() {
    let lines = text_of(replace(
        "(district: \"东区\", number: \"0000-7654321\")",
        "(district: \"市本级\", number: \"0000-1\"), (district: \"东区\", number: \"0000-2\")",
    ));
    assert_eq!(
        lines,
        [
            "示例市 单位参保登记: 监督电话 新增 市本级 0000-1",
            "示例市 单位参保登记: 监督电话 东区 0000-7654321 → 0000-2",
        ]
    );
}

#[test]
fn time_limits_and_absent_fields() {
    assert_eq!(
        text_of(replace("即时办结。", "3个工作日。")),
        ["示例市 单位参保登记: 办理时限 即时办结。 → 3个工作日。"]
    );
    assert_eq!(
        text_of(replace("time_limit: \"即时办结。\",", "")),
        ["示例市 单位参保登记: 办理时限 即时办结。 → 指南未载明"]
    );
    assert_eq!(
        text_of(replace(
            "part: \"p01\",",
            "part: \"p01\", audience: \"参保单位\","
        )),
        ["示例市 单位参保登记: 服务对象 指南未载明 → 参保单位"]
    );
}

#[test]
fn steps_removed_added_and_edited_in_place() {
    assert_eq!(
        text_of(replace("\"受理。\", ", "")),
        ["示例市 单位参保登记: 办理流程 删除 受理。"]
    );
    assert_eq!(
        text_of(replace("\"办结。\"]", "\"办结。\", \"领取凭证。\"]")),
        ["示例市 单位参保登记: 办理流程 新增 领取凭证。"]
    );
    let changes = changes_of(replace("\"受理。\"", "\"窗口受理。\""));
    assert_eq!(
        render(&changes, Format::Text),
        ["示例市 单位参保登记: 办理流程 第2条 受理。 → 窗口受理。"]
    );
    assert_eq!(
        changes[0].path,
        [
            Step::Field("steps".into()),
            Step::Index {
                index: 1,
                label: None
            }
        ]
    );
}

#[test]
fn a_renamed_item_is_one_change_of_its_name() {
    let changes = changes_of(replace(
        "name: \"单位参保登记\"",
        "name: \"单位参保登记（新办）\"",
    ));
    assert_eq!(
        render(&changes, Format::Text),
        ["示例市 单位参保登记（新办）: 名称 单位参保登记 → 单位参保登记（新办）"]
    );
    // Matched by code even when the id changes too.
    let changes = changes_of(replace(
        "id: \"001\",\n            code: \"001\",\n            name: \"单位参保登记\"",
        "id: \"unit-1\",\n            code: \"001\",\n            name: \"单位登记\"",
    ));
    let paths: Vec<String> = render(&changes, Format::Jsonl);
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].contains(r#""item":"unit-1","code":"001","change":"changed","path":"id","old":"001","new":"unit-1""#), "{paths:?}");
    assert!(paths[1].contains(r#""path":"name""#), "{paths:?}");
}

#[test]
fn items_added_removed_and_moved() {
    let two = BASE.replacen("    ],\n)", ITEM_2, 1);
    let one = catalog(&[BASE.into()]);
    let both = catalog(std::slice::from_ref(&two));
    assert_eq!(
        render(&diff(&one, &both), Format::Text),
        ["示例市: 新增事项 参保信息变更（002）"]
    );
    let removed = diff(&both, &one);
    assert_eq!(
        render(&removed, Format::Text),
        ["示例市: 删除事项 参保信息变更（002）"]
    );
    assert_eq!(removed[0].kind, Kind::Removed);
    assert_eq!(
        removed[0].old.field("name").and_then(Tree::as_str),
        Some("参保信息变更")
    );
    // The last of three items put first: it moved, the others did not.
    let item_3 = ITEM_2
        .replace("002", "003")
        .replace("参保信息变更", "参保信息查询");
    let three = two.replacen("    ],\n)", &item_3, 1);
    let mut first = catalog(std::slice::from_ref(&three));
    first.guides[0].items.rotate_right(1);
    let moved = diff(&catalog(&[three]), &first);
    assert_eq!(
        render(&moved, Format::Text),
        ["示例市 参保信息查询: 排列顺序 第3位 → 第1位"]
    );
    let json = render(&moved, Format::Jsonl);
    assert!(
        json[0].contains(r#""change":"moved","path":"","old":2,"new":0"#),
        "{json:?}"
    );
}

#[test]
fn guides_added_removed_and_their_own_fields() {
    let other = BASE
        .replace("id: \"demo\"", "id: \"other\"")
        .replace("示例市", "另一市");
    let one = catalog(&[BASE.into()]);
    let two = catalog(&[BASE.into(), other]);
    assert_eq!(
        render(&diff(&one, &two), Format::Text),
        ["新增指南 另一市（other），1 个事项"]
    );
    assert_eq!(
        render(&diff(&two, &one), Format::Text),
        ["删除指南 另一市（other）"]
    );
    assert_eq!(
        text_of(replace("title: \"参保登记\"", "title: \"参保登记类\"")),
        ["示例市: 部分 p01 标题 参保登记 → 参保登记类"]
    );
    assert_eq!(
        text_of(replace(
            "(name: \"东区\")",
            "(name: \"东区\"), (name: \"西区\")"
        )),
        ["示例市: 区县 新增 西区"]
    );
}

#[test]
fn flows_nodes_and_edges_by_their_ids() {
    assert_eq!(
        text_of(replace("text: \"判断是否受理\"", "text: \"审核\"")),
        ["示例市 单位参保登记: 办理流程图 节点 check 判断是否受理 → 审核"]
    );
    let changes = changes_of(replace("label: \"否\"", "label: \"材料不全\""));
    assert_eq!(
        render(&changes, Format::Text),
        ["示例市 单位参保登记: 办理流程图 连线 check→reject 标签 否 → 材料不全"]
    );
    assert_eq!(json_path_of(&changes[0]), "charts[0].edges[2].label");
}

fn json_path_of(c: &Change) -> String {
    let line = render(std::slice::from_ref(c), Format::Jsonl).remove(0);
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    v["path"].as_str().unwrap().to_string()
}

#[test]
fn windows_and_online_addresses() {
    assert_eq!(
        text_of(replace("https://example.org/", "https://example.org/new")),
        [
            "示例市 单位参保登记: 办理渠道 线上办理 网上服务大厅 网址 https://example.org/ → https://example.org/new"
        ]
    );
    assert_eq!(
        text_of(replace(
            "phones: [\"0000-1234567\"]",
            "phones: [\"0000-1234567\", \"0000-7\"]"
        )),
        ["示例市 单位参保登记: 办理渠道 现场办理 市本级 电话 新增 0000-7"]
    );
}

#[test]
fn materials_in_groups() {
    let with = |entries: &str| {
        let entries = entries.to_string();
        move |s: &str| {
            s.replacen(
                "time_limit:",
                &format!("materials: [(group: \"在职职工\", entries: [{entries}]), (entries: [\"申请表\"])],\n            time_limit:"),
                1,
            )
        }
    };
    let old = with("\"身份证\", \"户口簿\", \"照片\"")(BASE);
    let new = with("\"身份证\", \"照片\"")(BASE);
    let changes = diff(&catalog(&[old]), &catalog(&[new]));
    assert_eq!(
        render(&changes, Format::Text),
        ["示例市 单位参保登记: 办理材料 在职职工 删除 户口簿"]
    );
    assert_eq!(json_path_of(&changes[0]), "materials[0].entries[1]");
}

#[test]
fn an_item_named_like_another_shows_its_id() {
    let two = BASE.replacen(
        "    ],\n)",
        &ITEM_2.replace("参保信息变更", "单位参保登记"),
        1,
    );
    let edited = two.replacen("即时办结。", "3个工作日。", 2);
    let lines = render(&diff(&catalog(&[two]), &catalog(&[edited])), Format::Text);
    assert_eq!(
        lines,
        [
            "示例市 单位参保登记（001）: 办理时限 即时办结。 → 3个工作日。",
            "示例市 单位参保登记（002）: 办理时限 即时办结。 → 3个工作日。",
        ]
    );
}

#[test]
fn every_line_of_jsonl_is_one_json_object_with_every_key() {
    let changes = changes_of(|s| {
        s.replace("0000-7654321", "1")
            .replace("\"受理。\", ", "")
            .replace("    ],\n)", ITEM_2)
    });
    let lines = render(&changes, Format::Jsonl);
    assert_eq!(lines.len(), 3);
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        for key in ["guide", "item", "code", "change", "path", "old", "new"] {
            assert!(v.get(key).is_some(), "{key} missing in {line}");
        }
    }
}
