//! The shipped catalog held against the five source guides in
//! `../shared/seeds/`: every item's name, code, 办理时限 and 监督电话 rows must
//! appear in its seed, every 监督电话 row of a seed must appear in the
//! catalog, and the item counts per part must be the seed's. Without the
//! seeds (a machine without `../shared`) the seed checks say so and pass.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use kiosk::catalog::{Catalog, Guide, load_dir};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn catalog() -> Catalog {
    load_dir(&root().join("catalog")).unwrap_or_else(|p| panic!("shipped catalog invalid: {p:?}"))
}

/// The seed of `guide`, with its transcription corrections applied and all
/// whitespace and extraction residue removed; `None` when seeds are absent.
fn seed_text(guide: &Guide) -> Option<String> {
    let dir = root().join("../shared/seeds");
    let file = guide.source.file.as_deref()?;
    let raw = match fs::read_to_string(dir.join(file)) {
        Ok(t) => t,
        Err(_) => {
            eprintln!(
                "skipping the seed checks of {}: {} not found",
                guide.id,
                dir.join(file).display()
            );
            return None;
        }
    };
    let mut text = strip_bookmarks(&raw);
    for c in &guide.source.corrections {
        text = text.replace(&c.from, &c.to);
    }
    Some(squash(&text))
}

/// Removes `[bookmark: …]` markers left by the Word extraction.
fn strip_bookmarks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[bookmark:") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find(']').map_or("", |j| &rest[i + j + 1..]);
    }
    out.push_str(rest);
    out
}

/// Text with whitespace and markdown/HTML residue removed, for containment.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '<' | '>'))
        .collect()
}

/// The part sizes of the seeds (seed-inventory.md §0/§1).
fn expected_parts(guide: &str) -> &'static [usize] {
    match guide {
        "zhuzhou" => &[8, 3, 2, 5, 2, 2, 5, 2, 2, 2, 2],
        "yongzhou" => &[6, 3, 2, 5, 2, 2, 5, 2, 2, 2],
        "changsha" => &[9, 6, 2, 7, 11, 2, 5, 2, 2, 2, 7],
        "xianan" => &[28, 25, 9],
        "public-guide" => &[29],
        other => panic!("no expected counts for {other}"),
    }
}

#[test]
fn every_guide_is_carried_with_the_seeds_item_counts_per_part() {
    let cat = catalog();
    let mut ids: Vec<&str> = cat.guides.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["changsha", "public-guide", "xianan", "yongzhou", "zhuzhou"]
    );
    for guide in &cat.guides {
        let counts: Vec<usize> = guide
            .parts
            .iter()
            .map(|p| guide.items_in(&p.id).count())
            .collect();
        assert_eq!(counts, expected_parts(&guide.id), "{}", guide.id);
    }
    assert_eq!(cat.item_count(), 212);
}

#[test]
fn item_totals_match_the_seeds_事项名称_blocks() {
    for guide in &catalog().guides {
        let Some(seed) = seed_text(guide) else {
            continue;
        };
        let blocks = seed.matches("事项名称").count();
        // The generic guide's entry 30 repeats entry 8 under a wrong heading.
        let duplicates = usize::from(guide.id == "public-guide");
        assert_eq!(blocks - duplicates, guide.items.len(), "{}", guide.id);
    }
}

#[test]
fn names_codes_and_time_limits_appear_in_the_seed() {
    let mut missing = Vec::new();
    for guide in &catalog().guides {
        let Some(seed) = seed_text(guide) else {
            continue;
        };
        for item in &guide.items {
            let mut facts = vec![("name", item.name.clone())];
            facts.extend(item.code.iter().map(|c| ("code", c.clone())));
            facts.extend(item.time_limit.iter().map(|t| ("time_limit", t.clone())));
            facts.extend(
                item.procedures
                    .iter()
                    .filter_map(|s| s.time_limit.clone())
                    .map(|t| ("time_limit", t)),
            );
            for (what, value) in facts {
                if !seed.contains(&squash(&value)) {
                    missing.push(format!("{} {} {what}: {value}", guide.id, item.id));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the seeds:\n{}",
        missing.join("\n")
    );
}

/// Every way a seed writes `district` (攸县 is also 攸  县).
fn spellings(guide: &Guide, district: &str) -> Vec<String> {
    let d = guide
        .district(district)
        .map(|d| d.name.as_str())
        .unwrap_or(district);
    let mut out = vec![d.to_string()];
    if let Some(d) = guide.district(d) {
        out.extend(d.aliases.iter().cloned());
    }
    out
}

#[test]
fn every_supervision_row_appears_in_the_seed() {
    let mut missing = Vec::new();
    for guide in &catalog().guides {
        let Some(seed) = seed_text(guide) else {
            continue;
        };
        for item in &guide.items {
            for phone in item.supervision.iter().flat_map(|s| &s.phones) {
                let number = squash(&phone.number);
                // A row is printed after its district, or after its own label
                // (九、咸安区医疗保障局监督电话：0715-8876622).
                let mut names = phone
                    .district
                    .iter()
                    .flat_map(|d| spellings(guide, d))
                    .collect::<Vec<_>>();
                names.extend(phone.label.iter().map(|l| squash(l)));
                let found = if names.is_empty() {
                    seed.contains(&number)
                } else {
                    names.iter().any(|name| {
                        [":", "：", ""]
                            .iter()
                            .any(|sep| seed.contains(&format!("{name}{sep}{number}")))
                    })
                };
                if !found {
                    missing.push(format!(
                        "{} {}: {:?} {}",
                        guide.id, item.id, phone.district, phone.number
                    ));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the seeds:\n{}",
        missing.join("\n")
    );
}

/// The 监督电话 sections of a seed: from a little before the field's label
/// (咸安 writes the office's name first) to 评价渠道.
fn supervision_sections(seed: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = seed;
    while let Some(i) = rest.find("监督电话") {
        let start = rest[..i].char_indices().rev().nth(11).map_or(0, |(j, _)| j);
        let section = &rest[start..];
        let end = section[i - start..]
            .find("评价渠道")
            .map_or(section.len(), |e| e + i - start);
        out.push(&section[..end]);
        rest = &section[end..];
    }
    out
}

/// `district + number` pairs written in a section, a row's label standing
/// for its district where the seed prints the label instead.
fn pairs_in(section: &str, guide: &Guide) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = guide
        .districts
        .iter()
        .flat_map(|d| {
            std::iter::once(&d.name)
                .chain(&d.aliases)
                .map(|n| (n.clone(), d.name.clone()))
        })
        .collect();
    for phone in guide
        .items
        .iter()
        .flat_map(|i| i.supervision.iter().flat_map(|s| &s.phones))
    {
        if let (Some(label), Some(d)) = (&phone.label, &phone.district) {
            names.push((squash(label), d.clone()));
        }
    }
    let mut out = Vec::new();
    for (name, district) in &names {
        {
            for (i, _) in section.match_indices(name.as_str()) {
                let after = section[i + name.len()..].trim_start_matches([':', '：']);
                let number: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '-')
                    .collect();
                if number.len() >= 7 {
                    out.push((district.clone(), number));
                }
            }
        }
    }
    out
}

#[test]
fn every_supervision_row_of_the_seeds_is_in_the_catalog() {
    let mut missing = Vec::new();
    for guide in &catalog().guides {
        let Some(seed) = seed_text(guide) else {
            continue;
        };
        let carried: HashSet<(String, String)> = guide
            .items
            .iter()
            .flat_map(|i| i.supervision.iter().flat_map(|s| &s.phones))
            .filter_map(|p| {
                let d = guide.district(p.district.as_deref()?)?;
                Some((d.name.clone(), squash(&p.number)))
            })
            .collect();
        let mut seen = 0;
        for section in supervision_sections(&seed) {
            for pair in pairs_in(section, guide) {
                seen += 1;
                if !carried.contains(&pair) {
                    missing.push(format!("{}: {} {}", guide.id, pair.0, pair.1));
                }
            }
        }
        if !guide.districts.is_empty() {
            assert!(seen > 0, "{}: no 监督电话 rows found in the seed", guide.id);
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "seed rows missing from the catalog:\n{}",
        missing.join("\n")
    );
}

#[test]
fn urls_are_only_those_the_seeds_print() {
    for guide in &catalog().guides {
        let Some(seed) = seed_text(guide) else {
            continue;
        };
        for item in &guide.items {
            for url in item.linked_channels().filter_map(|o| o.url.as_deref()) {
                assert!(
                    seed.contains(url),
                    "{} {}: {url} is not in the seed",
                    guide.id,
                    item.id
                );
            }
        }
    }
}

#[test]
fn the_seeds_folder_is_where_the_tests_look() {
    let dir = root().join("../shared/seeds");
    if !Path::new(&dir).is_dir() {
        eprintln!(
            "skipping: {} not found; the seed checks above passed vacuously",
            dir.display()
        );
    }
}
