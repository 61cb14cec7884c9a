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
