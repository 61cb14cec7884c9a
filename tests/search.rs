//! Search on the shipped catalog: Chinese, full pinyin and initials, every
//! reading of polyphonic characters, and queries that carry fzf syntax.

use kiosk::catalog::{Catalog, load_dir};
use kiosk::search::{SearchIndex, Target};

fn catalog() -> Catalog {
    load_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog"))
        .expect("shipped catalog")
}

fn index(cat: &Catalog) -> SearchIndex {
    let order: Vec<usize> = (0..cat.guides.len()).collect();
    SearchIndex::new(cat, &order)
}

/// The names of the first `n` results.
fn top(cat: &Catalog, index: &mut SearchIndex, query: &str, n: usize) -> Vec<String> {
    index
        .search(query, n)
        .into_iter()
        .map(|h| match h.target {
            Target::Guide { guide } => cat.guides[guide].name.clone(),
            Target::Part { guide, part } => cat.guides[guide].parts[part].display_title(),
            Target::Item { guide, item } => cat.guides[guide].items[item].name.clone(),
        })
        .collect()
}

#[test]
fn changsha_by_full_pinyin_and_by_initials() {
    let cat = catalog();
    let mut idx = index(&cat);
    for q in ["changsha", "cs", "长沙"] {
        let found = top(&cat, &mut idx, q, 3);
        assert!(found.contains(&"长沙市".to_string()), "{q}: {found:?}");
    }
}

#[test]
fn canbao_by_full_pinyin_and_by_initials() {
    let cat = catalog();
    let mut idx = index(&cat);
    for q in ["canbao", "cb", "参保"] {
        let found = top(&cat, &mut idx, q, 5);
        assert_eq!(found.len(), 5, "{q}: {found:?}");
        assert!(found.iter().all(|n| n.contains("参保")), "{q}: {found:?}");
    }
}

#[test]
fn both_readings_of_xing_hang_find_the_same_item() {
    let cat = catalog();
    let mut idx = index(&cat);
    let name = "对基本医疗服务行为的投诉、举报事项处理";
    // 行为 is read xingwei; a visitor who tries hangwei still finds it.
    for q in ["fuwuxingwei", "fuwuhangwei", "fwxw", "fwhw"] {
        let found = top(&cat, &mut idx, q, 3);
        assert!(found.iter().any(|n| n == name), "{q}: {found:?}");
    }
}

#[test]
fn codes_and_part_titles_are_searchable() {
    let cat = catalog();
    let mut idx = index(&cat);
    let found = top(&cat, &mut idx, "0731-7", 1);
    assert_eq!(found, ["核实军转干部住院费用"]);
    let found = top(&cat, &mut idx, "ydjyba", 20);
    assert!(
        found.iter().any(|n| n.contains("异地就医备案")),
        "{found:?}"
    );
}

#[test]
fn query_syntax_is_taken_literally() {
    let cat = catalog();
    let mut idx = index(&cat);
    let plain = idx.search("cb", 10);
    for q in [
        "^cb",
        "cb$",
        "'cb",
        "!cb",
        "c\\b",
        "  cb  ",
        "ＣＢ",
        "cb\u{3000}",
    ] {
        assert_eq!(idx.search(q, 10), plain, "{q:?}");
    }
    // Negation must not turn into "everything except".
    assert!(idx.search("!!!", 10).is_empty());
    for q in [
        "\u{1b}[2J",
        "\\",
        "'",
        "$",
        "^",
        "|",
        "\0",
        "长长长长长长长长长长长长长长长长长长长长长长长长长",
    ] {
        let _ = idx.search(q, 10);
    }
}

#[test]
fn typing_letter_by_letter_ranks_as_a_fresh_search_does() {
    // A keystroke that extends the query rescores only the last matches;
    // that must never change what is found or its order.
    let cat = catalog();
    let mut typed = index(&cat);
    // "cs长沙" turns from the pinyin haystacks to the Chinese text midway.
    let queries = [
        "yidi jiuyi",
        "cb",
        "0731-7",
        "长沙市",
        "zhuanyi",
        "m t b",
        "cs长沙",
    ];
    for query in queries {
        for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
            let q = &query[..end];
            let fresh = index(&cat).search(q, usize::MAX);
            assert_eq!(typed.search(q, usize::MAX), fresh, "after typing {q:?}");
        }
        // Deleting back to a shorter query finds everything again.
        let first = &query[..query.chars().next().unwrap().len_utf8()];
        let fresh = index(&cat).search(first, usize::MAX);
        assert_eq!(typed.search(first, usize::MAX), fresh);
    }
}

/// The index of a hall whose own guide is 株洲市, as the kiosk builds it.
fn zhuzhou_index(cat: &Catalog) -> (SearchIndex, usize) {
    let home = cat.guide_index("株洲").expect("株洲市 by its alias");
    let mut order: Vec<usize> = (0..cat.guides.len()).collect();
    order.sort_by_key(|&g| g != home);
    (SearchIndex::new(cat, &order).with_home(Some(home)), home)
}

/// Queries that match items and the parts holding them, and services
/// that several guides have.
const MIXED: [&str; 8] = [
    "ydaz", "ydzzry", "cbdj", "cbxx", "mzmtb", "sy", "zhuanyi", "ydjz",
];

/// When an item and the part holding it both match, the item is listed first.
#[test]
fn an_item_is_listed_above_the_part_that_holds_it() {
    let cat = catalog();
    let (mut idx, _) = zhuzhou_index(&cat);
    let mut pairs = 0;
    for q in MIXED {
        let hits = idx.search(q, 200);
        for (at, hit) in hits.iter().enumerate() {
            let Target::Item { guide, item } = hit.target else {
                continue;
            };
            let part_id = &cat.guides[guide].items[item].part;
            let part = cat.guides[guide]
                .parts
                .iter()
                .position(|p| &p.id == part_id);
            let part_at = hits
                .iter()
                .position(|h| Some(h.target) == part.map(|part| Target::Part { guide, part }));
            if let Some(part_at) = part_at {
                pairs += 1;
                assert!(
                    at < part_at,
                    "{q}: item {at} listed after its part {part_at}"
                );
            }
        }
    }
    assert!(pairs > 0, "no query matched an item and its part");
}

/// Another guide's copy of a service (or part) the hall's own guide also
/// matched is listed after every other result: still there, but never in front of
/// the home guide's own entries.
#[test]
fn other_guides_copies_of_a_home_service_follow_the_home_guides_entries() {
    let cat = catalog();
    let (mut idx, home) = zhuzhou_index(&cat);
    let mut copies = 0;
    for q in MIXED {
        let hits = idx.search(q, 200);
        let home_items: Vec<&kiosk::catalog::Item> = hits
            .iter()
            .filter_map(|h| match h.target {
                Target::Item { guide, item } if guide == home => {
                    Some(&cat.guides[guide].items[item])
                }
                _ => None,
            })
            .collect();
        let home_parts: Vec<String> = hits
            .iter()
            .filter_map(|h| match h.target {
                Target::Part { guide, part } if guide == home => {
                    Some(cat.guides[guide].parts[part].display_title())
                }
                _ => None,
            })
            .collect();
        // The same service (by name or code), or a part of the same title.
        let is_copy = |t: Target| match t {
            Target::Item { guide, item } if guide != home => {
                let it = &cat.guides[guide].items[item];
                home_items.iter().any(|h| h.same_service(it))
            }
            Target::Part { guide, part } if guide != home => {
                home_parts.contains(&cat.guides[guide].parts[part].display_title())
            }
            _ => false,
        };
        let first_copy = hits.iter().position(|h| is_copy(h.target));
        if let Some(first) = first_copy {
            copies += 1;
            assert!(
                hits[first..].iter().all(|h| is_copy(h.target)),
                "{q}: a copy of a home service at {first}, before other results"
            );
            assert!(home_items.len() < hits.len(), "{q}");
        }
    }
    assert!(copies > 0, "no query matched a copy of a home service");
}

/// The count a search reports is of everything that matched, also beyond
/// the results it keeps.
#[test]
fn matched_counts_beyond_the_results_kept() {
    let cat = catalog();
    let mut idx = index(&cat);
    let kept = idx.search("y", 10).len();
    assert_eq!(kept, 10);
    let all = idx.search("y", usize::MAX).len();
    idx.search("y", 10);
    assert_eq!(idx.matched(), all);
    assert!(all > 10, "{all}");
    idx.search("zzzzqqqq", 10);
    assert_eq!(idx.matched(), 0);
}
