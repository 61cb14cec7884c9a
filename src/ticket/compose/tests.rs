use std::path::Path;
use std::sync::OnceLock;

use chrono::TimeZone;

use super::*;
use crate::catalog::{self, Catalog};

/// The shipped catalog: real guides, with their long lines and many districts.
fn shipped() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        catalog::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog")).unwrap()
    })
}

fn hall(district: Option<&str>) -> Hall<'_> {
    Hall {
        name: "长沙市政务服务中心医保窗口",
        district,
        now: FixedOffset::east_opt(8 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 24, 9, 30, 0)
            .unwrap(),
        catalog_version: "abc123",
    }
}

fn ticket(guide: &str, item: &str, district: Option<&str>, columns: usize) -> Ticket {
    let guide = shipped().guide(guide).unwrap();
    compose(
        guide,
        guide.find_item(item).unwrap(),
        &hall(district),
        columns,
    )
}

fn texts(t: &Ticket) -> Vec<&str> {
    t.lines
        .iter()
        .filter_map(|l| match l {
            Line::Title(s) | Line::Heading(s) | Line::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_ticket_carries_every_field_a_visitor_needs() {
    let t = ticket("changsha", "002036001002", Some("芙蓉区"), 32);
    let lines = texts(&t);
    // Wrapping drops the spaces where it breaks a line.
    let joined: String = lines.concat().split_whitespace().collect();
    assert_eq!(lines[0], "长沙市政务服务中心医保窗口");
    assert_eq!(t.lines[1], Line::Title("一次性告知单".into()));
    for want in [
        "事项：职工参保登记",
        "事项编码：002036001002",
        "指南：长沙市",
        "【办理材料】",
        "〔在职职工〕",
        "〔灵活就业人员〕",
        "参保人员有效身份证件复印件",
        "【办理时限】",
        "在职职工不超过5个工作日;灵活就业人员即时办结。",
        "【办理地点】",
        "芙蓉区人民东路 189 号",
        "【监督电话】",
        "84907806",
        "【线上办理】",
        "http://www.cs12333.com",
        "打印时间：2026年11月24日 09:30",
        "目录版本：abc123",
    ] {
        let want: String = want.split_whitespace().collect();
        assert!(joined.contains(&want), "{want} missing from {lines:#?}");
    }
    // Only the hall's own district's window.
    assert!(!joined.contains("天心区湘府中路"), "{lines:#?}");
    assert!(t.lines.contains(&Line::Qr("http://www.cs12333.com".into())));
}

#[test]
fn without_a_window_of_the_halls_district_every_window_is_listed() {
    let t = ticket("changsha", "002036001002", None, 48);
    let joined = texts(&t).concat();
    for district in ["市本级：长沙市政府政务服务中心", "天心区：", "宁乡市："]
    {
        assert!(joined.contains(district), "{district}");
    }
}

#[test]
fn the_halls_own_inquiry_and_supervision_rows_only() {
    let t = ticket("zhuzhou", "002036001001", Some("市本级"), 48);
    let joined = texts(&t).concat();
    assert!(joined.contains("本厅 市本级：0731-28681675"), "{joined}");
    assert!(joined.contains("0731-28681681"), "{joined}");
    for other in ["0731-23236100", "醴陵市", "攸县"] {
        assert!(!joined.contains(other), "{other} in {joined}");
    }
    // 株洲's guide gives no web address: no QR code.
    assert!(!t.lines.iter().any(|l| matches!(l, Line::Qr(_))));
}

#[test]
fn every_line_of_every_item_fits_the_paper() {
    for columns in [32, 48] {
        for guide in &shipped().guides {
            for item in &guide.items {
                let t = compose(guide, item, &hall(None), columns);
                for line in texts(&t) {
                    assert!(text::width(line) <= columns, "{columns}: {line:?}");
                }
                for line in t.plain_text().lines() {
                    assert!(text::width(line) <= columns, "{columns}: {line:?}");
                }
            }
        }
    }
}

#[test]
fn plain_text_centres_titles_and_leaves_out_the_qr_code() {
    let t = ticket("changsha", "002036001002", Some("芙蓉区"), 32);
    let plain = t.plain_text();
    let lines: Vec<&str> = plain.lines().collect();
    assert_eq!(lines[1], "          一次性告知单");
    assert_eq!(lines[2], "-".repeat(32));
    assert_eq!(plain.matches("http://www.cs12333.com").count(), 1);
    assert_eq!(lines.len(), t.lines.len() - 1);
}
