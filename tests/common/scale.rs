//! The shipped catalog `n` times over, for the benchmarks and tests of a
//! province-sized hall (issue 15): each copy a guide of its own, with an id
//! of its own and names that begin with a town of its own (湘潭, 衡阳, …),
//! so that only what real guides share with each other (item codes,
//! headings, the national wording of materials and steps) repeats. The
//! first copy is the shipped catalog itself, so `home_guide: "zhuzhou"` and
//! everything the end-to-end tests look for are still there.
//!
//! Included by path (`#[path = …] mod scale;`) from the benches and the
//! tests that use it; never part of the kiosk itself.

use std::path::Path;

use kiosk::catalog::load::parse_guide;
use kiosk::catalog::{Catalog, Guide, Item, ItemFields};
use kiosk::ronfile::read_text;

/// One town per copy: the first 20 are the towns of the 20× search bench
/// before this module (so its figures stay comparable), the rest Hunan's
/// county-level areas. The first copy keeps the shipped names.
pub const TOWNS: [&str; 100] = [
    "",
    "湘潭",
    "衡阳",
    "邵阳",
    "岳阳",
    "常德",
    "益阳",
    "郴州",
    "怀化",
    "娄底", //
    "吉首",
    "醴陵",
    "浏阳",
    "宁乡",
    "韶山",
    "耒阳",
    "冷水江",
    "涟源",
    "津市",
    "汨罗", //
    "芙蓉",
    "天心",
    "岳麓",
    "开福",
    "望城",
    "荷塘",
    "芦淞",
    "石峰",
    "天元",
    "渌口", //
    "攸县",
    "茶陵",
    "炎陵",
    "雨湖",
    "岳塘",
    "湘乡",
    "珠晖",
    "雁峰",
    "石鼓",
    "蒸湘", //
    "南岳",
    "衡南",
    "衡山",
    "衡东",
    "祁东",
    "常宁",
    "双清",
    "大祥",
    "北塔",
    "新邵", //
    "隆回",
    "洞口",
    "绥宁",
    "新宁",
    "城步",
    "武冈",
    "邵东",
    "云溪",
    "君山",
    "华容", //
    "湘阴",
    "平江",
    "临湘",
    "武陵",
    "鼎城",
    "安乡",
    "汉寿",
    "澧县",
    "临澧",
    "桃源", //
    "石门",
    "永定",
    "慈利",
    "桑植",
    "资阳",
    "赫山",
    "南县",
    "桃江",
    "安化",
    "沅江", //
    "北湖",
    "苏仙",
    "桂阳",
    "宜章",
    "永兴",
    "嘉禾",
    "临武",
    "汝城",
    "桂东",
    "安仁", //
    "资兴",
    "零陵",
    "东安",
    "双牌",
    "道县",
    "江永",
    "宁远",
    "蓝山",
    "新田",
    "江华",
];

/// The shipped catalog folder.
pub fn shipped_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog")
}

/// `guide` as copy number `copy`: its id, its name and aliases, its
/// districts (and every row, window, channel and phone naming one), its part
/// titles and its item names begin with the copy's town. Copy 0 is `guide`.
pub fn copy_city(guide: &Guide, copy: usize) -> Guide {
    let town = TOWNS[copy % TOWNS.len()];
    let mut c = guide.clone();
    if copy == 0 {
        return c;
    }
    let local = |s: &mut String| s.insert_str(0, town);
    let named = |d: &mut Option<String>| {
        if let Some(d) = d {
            local(d);
        }
    };
    c.id = format!("{}-{copy}", c.id);
    local(&mut c.name);
    c.aliases.iter_mut().for_each(local);
    for d in &mut c.districts {
        local(&mut d.name);
        d.aliases.iter_mut().for_each(local);
    }
    for part in &mut c.parts {
        named(&mut part.title);
    }
    let items = std::mem::take(&mut c.items);
    c.items = items
        .into_iter()
        .map(|item| {
            let mut item = ItemFields::from(item);
            local(&mut item.name);
            let listings = [&mut item.accepting_unit, &mut item.inquiry];
            let rows = listings.into_iter().flatten().flat_map(|l| &mut l.rows);
            rows.for_each(|r| named(&mut r.district));
            if let Some(ch) = &mut item.channels {
                ch.onsite.iter_mut().for_each(|w| named(&mut w.district));
                ch.online.iter_mut().for_each(|o| named(&mut o.district));
            }
            if let Some(s) = &mut item.supervision {
                s.phones.iter_mut().for_each(|p| named(&mut p.district));
            }
            Item::from(item)
        })
        .collect();
    c
}

/// The shipped catalog `n` times over, in memory: what [`write_catalog`]
/// writes, for benches that need no files.
pub fn times_over(catalog: &Catalog, n: usize) -> Catalog {
    Catalog {
        guides: (0..n)
            .flat_map(|copy| catalog.guides.iter().map(move |c| copy_city(c, copy)))
            .collect(),
        version: catalog.version.clone(),
    }
}

/// Writes the shipped catalog `n` times over into `dir` (created), as a
/// maintainer would: one RON file per guide, `zhuzhou.ron`, then
/// `zhuzhou-1.ron` … The first copy is each shipped file byte for byte;
/// the others are written by `ron` in the shipped files' style (4-space
/// indent, absent fields left out). Returns the number of items.
pub fn write_catalog(n: usize, dir: &Path) -> usize {
    std::fs::create_dir_all(dir).expect("the scaled catalog's folder");
    let mut items = 0;
    let mut files: Vec<_> = std::fs::read_dir(shipped_dir())
        .expect("the shipped catalog")
        .map(|e| e.expect("a catalog entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    for path in files {
        let text = read_text(&path).expect("a shipped file");
        let guide = parse_guide(&path, &text).expect("a shipped guide");
        let stem = path.file_stem().unwrap().to_string_lossy();
        for copy in 0..n {
            let (name, text) = match copy {
                0 => (format!("{stem}.ron"), text.clone()),
                _ => (
                    format!("{stem}-{copy}.ron"),
                    to_ron(&copy_city(&guide, copy)),
                ),
            };
            std::fs::write(dir.join(name), text).expect("a scaled catalog file");
            items += guide.items.len();
        }
    }
    items
}

/// `guide` as RON in the shipped files' style: fields a maintainer leaves
/// out (`None`, `[]`) left out, a struct of plain fields and a list of one
/// on one line. Checked to read back as `guide`.
fn to_ron(guide: &Guide) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let full = ron::ser::to_string_pretty(guide, config).expect("a guide serializes");
    let lines: Vec<&str> = full
        .lines()
        .filter(|l| !(l.ends_with(": None,") || l.ends_with(": [],")))
        .collect();
    let mut text = String::from("// Written by tests/common/scale.rs\n");
    let mut i = 0;
    while i < lines.len() {
        let (line, used) = one_line(&lines[i..]);
        text.push_str(&line);
        text.push('\n');
        i += used;
    }
    let back = parse_guide("copy.ron".as_ref(), &text).expect("a copy reads back");
    assert!(
        back == *guide,
        "the copy of {} reads back otherwise",
        guide.id
    );
    text
}

/// The first of `lines` and how many lines it stands for: a struct whose
/// fields are all plain, or a list of one plain value, joined into one line.
fn one_line(lines: &[&str]) -> (String, usize) {
    let open = lines[0];
    let plain = |l: &&str| !l.ends_with(['(', '[']) && !l.trim_start().starts_with([')', ']']);
    let inner: Vec<&str> = lines[1..].iter().copied().take_while(plain).collect();
    let close = lines.get(inner.len() + 1).map(|l| l.trim_start());
    let joined = |close: &str| {
        let fields: Vec<&str> = inner
            .iter()
            .map(|l| l.trim().trim_end_matches(','))
            .collect();
        format!("{open}{}{close}", fields.join(", "))
    };
    match close {
        Some(c @ (")" | "),")) if open.ends_with('(') && !inner.is_empty() => {
            (joined(c), inner.len() + 2)
        }
        Some(c @ ("]" | "],")) if open.ends_with('[') && inner.len() == 1 => {
            (joined(c), inner.len() + 2)
        }
        _ => (open.to_string(), 1),
    }
}
