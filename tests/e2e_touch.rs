//! A whole visit by touch alone, in the real binary in a pseudo-terminal:
//! every step is a mouse press at the cell where the kiosk drew what is
//! tapped, never a key. Landscape 80×24 and portrait 60×48.

mod common;

use common::{Kiosk, config};

/// The 永州市 guide's web channel, as its items print it.
const YONGZHOU_URL: &str = "http://www.yzylbzj.com/pss-ui/#/";

#[test]
fn a_visit_by_touch_alone_at_80x24() {
    visit(80, 24);
}

#[test]
fn a_visit_by_touch_alone_at_60x48() {
    visit(60, 48);
}

/// Home → 查找 → letters on the pad → the second page of results → an item
/// of 永州市 → its 办理材料 → 线上办理 with a QR code that decodes → back →
/// 不满意 with two reasons → 提交 → thanks → 结束本次服务.
fn visit(cols: u16, rows: u16) {
    let tmp = tempfile::tempdir().unwrap();
    let mut k = Kiosk::start(&config(tmp.path()), cols, rows);
    k.wait_for("请选择城市或指南");

    k.tap("查找事项");
    k.wait_for("请输入拼音或首字母");
    // 异地转诊人员备案 and 异地长期居住人员备案: the hall's own guide's
    // (株洲市) first, the other guides' copies after them, 永州市's on the
    // second page at both sizes (four results a page, and nine).
    let mut typed = String::new();
    for key in ['y', 'd', 'z', 'z', 'r', 'y'] {
        // A second tap of one target within 250 ms is taken for a double
        // tap and dropped: a visitor typing zz lifts a finger between.
        if typed.ends_with(key) {
            std::thread::sleep(std::time::Duration::from_millis(400));
        }
        tap_key(&mut k, key.to_ascii_uppercase());
        typed.push(key);
        k.wait_for(&format!("查找：{typed}"));
    }
    k.wait_for("，第 1/");
    k.tap("下一页");
    k.wait_for("，第 2/");
    let (row, _) = k.find("永州市").unwrap_or_else(|| {
        panic!(
            "no item of 永州市 on the second page at {cols}x{rows}:\n{}",
            k.text()
        )
    });
    k.tap_at(row, 2);
    k.wait_for("【受理单位】");

    // 办理材料 is one tap from the item's first screen.
    k.tap("4 办理材料");
    k.wait_for("› 办理材料");
    assert_eq!(
        k.text().lines().nth(2).map(str::trim),
        Some("【办理材料】"),
        "{}",
        k.text()
    );

    k.tap("线上办理 c");
    k.wait_for("请用手机扫描二维码");
    // The address is also in text under or beside the code (wrapped).
    k.wait_for("http://www.yzylbzj.com/");
    assert_eq!(qr_codes(&k), [YONGZHOU_URL], "{cols}x{rows}:\n{}", k.text());
    k.tap("返回");
    k.wait_for("【办理材料】");

    k.tap("评价 r");
    k.wait_for("的服务作出评价");
    k.tap("4 不满意");
    k.wait_for("不一次性告知");
    // Two reasons, each tap shown as a ticked tag.
    for (reason, ticked) in [("不一次性告知", 1), ("收取办事指南以外材料", 2)] {
        k.tap(reason);
        wait_until(&k, &format!("{ticked} ticked"), |s| {
            s.matches("[x]").count() == ticked
        });
    }
    // The prompt names 提交 too; the button is 提交 Enter.
    k.tap("提交 Enter");
    k.wait_for("感谢您的评价");
    let log = day_file(tmp.path());
    let records: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect();
    let [record] = &records[..] else {
        panic!("one rating expected: {log}")
    };
    let codes: Vec<&str> = record["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(codes, ["S04", "I02"], "{log}");
    assert_eq!(record["guide_id"], "yongzhou", "{log}");
    assert_eq!(record["level_label"], "不满意", "{log}");
    k.tap("结束本次服务");
    k.wait_for("请选择城市或指南");
    assert!(k.alive());
}

/// Waits until the screen's text passes `check` (told as `what`).
fn wait_until(k: &Kiosk, what: &str, check: impl Fn(&str) -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !check(&k.text()) {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}:\n{}",
            k.text()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Taps a key of the letter pad: the letter alone in its cell.
fn tap_key(k: &mut Kiosk, key: char) {
    let needle = format!(" {key} ");
    k.wait_for(&needle);
    let (row, col) = k.find(&needle).unwrap();
    k.tap_at(row, col + 1);
}

/// The ratings of the one day file the visit wrote.
fn day_file(dir: &std::path::Path) -> String {
    let day = std::fs::read_dir(dir.join("r"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "jsonl"))
        .expect("a day file");
    std::fs::read_to_string(day.path()).unwrap()
}

/// The QR codes on screen, decoded: each cell's half blocks are two pixels
/// (top and bottom), scaled up for the decoder.
fn qr_codes(k: &Kiosk) -> Vec<String> {
    let parser = k.screen.lock().unwrap();
    let screen = parser.screen();
    let (rows, cols) = screen.size();
    let (rows, cols) = (usize::from(rows.get()), usize::from(cols.get()));
    let luma = |c: vt100::Color| match c {
        vt100::Color::Rgb(r, g, b) => {
            ((u32::from(r) * 3 + u32::from(g) * 6 + u32::from(b)) / 10) as u8
        }
        _ => 128,
    };
    const SCALE: usize = 4;
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(cols * SCALE, rows * 2 * SCALE, |x, y| {
            let Some(cell) = screen.cell((y / (2 * SCALE)) as u16, (x / SCALE) as u16) else {
                return 128;
            };
            let top = (y / SCALE).is_multiple_of(2);
            match (cell.contents(), top) {
                ("▀", true) | ("▄", false) => luma(cell.fgcolor()),
                _ => luma(cell.bgcolor()),
            }
        });
    img.detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok())
        .map(|(_, s)| s)
        .collect()
}
