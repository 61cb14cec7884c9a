use super::*;
use crate::catalog::{Edge, ChartBasis};

fn node(id: &str, kind: NodeKind, text: &str) -> Node {
    Node {
        id: id.into(),
        kind,
        text: text.into(),
        materials: Vec::new(),
    }
}

fn edge(from: &str, to: &str, label: &str) -> Edge {
    Edge {
        from: from.into(),
        to: to.into(),
        label: (!label.is_empty()).then(|| label.to_string()),
    }
}

fn flow(nodes: Vec<Node>, edges: Vec<Edge>) -> Chart {
    Chart {
        title: None,
        procedure: None,
        basis: ChartBasis::Chart,
        nodes,
        edges,
    }
}

/// The guides' standard chart, with a 拨付 step and two materials on 申请.
pub(crate) fn standard() -> Chart {
    use NodeKind::*;
    let mut apply = node("apply", Step, "申请");
    apply.materials = vec![
        "1.统一社会信用代码证书或单位批准成立的文件".into(),
        "2.《株洲市基本医疗保险单位参保信息登记表》（加盖单位公章）".into(),
    ];
    flow(
        vec![
            apply,
            node("check", Decision, "判断是否受理"),
            node("fix", Step, "材料不全的一次性告知需补齐的材料并重新提交"),
            node("reject", End, "不属于受理范围的不予受理并告知原因"),
            node("accept", Step, "受理"),
            node("review", Step, "审核"),
            node("pay", Step, "拨付"),
            node("done", End, "办结"),
        ],
        vec![
            edge("apply", "check", ""),
            edge("check", "accept", "是"),
            edge("check", "fix", "否（材料不全）"),
            edge("fix", "apply", "重新提交"),
            edge("check", "reject", "否（不属于受理范围）"),
            edge("accept", "review", ""),
            edge("review", "pay", ""),
            edge("pay", "done", ""),
        ],
    )
}

/// 株洲 医疗机构申请定点协议管理: a long spine after the decision.
fn designated() -> Chart {
    use NodeKind::*;
    flow(
        vec![
            node("apply", Step, "申请"),
            node("check", Decision, "判断是否受理"),
            node("fix", Step, "材料不全的一次性告知需补齐的材料并重新提交"),
            node("reject", End, "不属于受理范围的不予受理并告知原因"),
            node("accept", Step, "受理"),
            node("assess", Step, "考察评估"),
            node("publish", Step, "结果公示"),
            node("sign", Step, "签署协议"),
            node("done", End, "办结"),
        ],
        vec![
            edge("apply", "check", ""),
            edge("check", "fix", "否"),
            edge("fix", "apply", "重新提交"),
            edge("check", "reject", "否"),
            edge("check", "accept", "是"),
            edge("accept", "assess", ""),
            edge("assess", "publish", ""),
            edge("publish", "sign", ""),
            edge("sign", "done", ""),
        ],
    )
}

/// 咸安 村级 chart: no decision box; the step 申请 has three ways out.
fn village() -> Chart {
    use NodeKind::*;
    flow(
        vec![
            node("apply", Step, "申请"),
            node("fix", Step, "补正"),
            node("reject", End, "不予受理"),
            node("accept", Step, "受理"),
            node("query", Step, "查询"),
            node("change", Step, "变更"),
            node("report", Step, "上报"),
            node("review", Step, "审核"),
            node("done", End, "办结"),
        ],
        vec![
            edge("apply", "fix", "需要补正申请材料"),
            edge("fix", "apply", ""),
            edge("apply", "reject", "不符合受理条件"),
            edge("apply", "accept", ""),
            edge("accept", "query", ""),
            edge("query", "change", ""),
            edge("change", "report", ""),
            edge("report", "review", ""),
            edge("review", "done", ""),
        ],
    )
}

/// 株洲 城乡居民参保信息变更登记: no diamond, a two-way split after 审核.
fn split_after_review() -> Chart {
    use NodeKind::*;
    flow(
        vec![
            node("apply", Step, "现场申请"),
            node("accept", Step, "受理"),
            node("review", Step, "审核"),
            node("ok", Step, "符合条件，予以办理"),
            node("no", End, "不符合条件，不予办理"),
            node("done", End, "办结"),
        ],
        vec![
            edge("apply", "accept", ""),
            edge("accept", "review", ""),
            edge("review", "ok", ""),
            edge("review", "no", ""),
            edge("ok", "done", ""),
        ],
    )
}

fn assert_fits(lines: &[String], w: usize) {
    for l in lines {
        assert!(width(l) <= w, "line wider than {w}: {l:?}");
    }
}

#[test]
fn standard_chart_at_120() {
    let lines = render(&standard(), 120);
    assert_fits(&lines, 120);
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn standard_chart_at_60() {
    let lines = render(&standard(), 60);
    assert_fits(&lines, 60);
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn designated_chart_at_80() {
    insta::assert_snapshot!(render(&designated(), 80).join("\n"));
}

#[test]
fn village_chart_without_decision_at_60() {
    insta::assert_snapshot!(render(&village(), 60).join("\n"));
}

#[test]
fn split_after_review_at_72() {
    insta::assert_snapshot!(render(&split_after_review(), 72).join("\n"));
}

#[test]
fn narrow_widths_fall_back_to_an_outline() {
    let lines = render(&standard(), 24);
    assert_fits(&lines, 24);
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn every_node_and_edge_label_is_shown_at_readable_widths() {
    for f in [standard(), designated(), village(), split_after_review()] {
        for w in [24, 40, 60, 80, 120] {
            let joined: String = render(&f, w).concat().split_whitespace().collect();
            let joined = joined.replace(
                ['|', '+', '-', '<', '>', '(', ')', '/', '\\', '.', '\''],
                "",
            );
            for n in &f.nodes {
                let t: String = n.text.chars().filter(|c| c.is_alphanumeric()).collect();
                let shown: String = joined.chars().filter(|c| c.is_alphanumeric()).collect();
                // Node texts are wrapped inside boxes: check the characters in order.
                let mut rest = shown.chars();
                assert!(
                    t.chars().all(|c| rest.any(|s| s == c)),
                    "node {} missing at width {w}",
                    n.id
                );
            }
            for e in &f.edges {
                if let Some(l) = &e.label {
                    let core: String = l.chars().filter(|c| c.is_alphanumeric()).collect();
                    let shown: String = joined.chars().filter(|c| c.is_alphanumeric()).collect();
                    assert!(
                        shown.contains(&core) || w < 60,
                        "label {l} missing at width {w}"
                    );
                }
            }
        }
    }
}

#[test]
fn any_width_any_graph_fits_and_never_panics() {
    use NodeKind::*;
    let hostile = flow(
        vec![
            node("a", Decision, "甲"),
            node("b", Step, &"很长的框文字".repeat(20)),
            node("c", End, ""),
            node("d", Step, "孤立"),
        ],
        vec![
            edge("a", "a", "自环"),
            edge("a", "b", ""),
            edge("b", "a", "回"),
            edge("b", "c", &"标签".repeat(30)),
            edge("a", "missing", ""),
            edge("d", "b", ""),
        ],
    );
    for f in [
        standard(),
        designated(),
        village(),
        split_after_review(),
        hostile,
    ] {
        for w in 0..=160 {
            assert_fits(&render(&f, w), w.max(2));
        }
    }
    assert!(render(&flow(vec![], vec![]), 80).is_empty());
}
