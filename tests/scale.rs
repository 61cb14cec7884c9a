//! The N× catalogs of the benches and the soak (tests/common/scale.rs) are
//! what they claim: valid guides, one per copy, with ids and names of their own.

#[path = "common/scale.rs"]
mod scale;

use std::collections::HashSet;

use kiosk::catalog;

#[test]
fn a_scaled_catalog_is_valid_with_ids_and_names_of_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let items = scale::write_catalog(3, tmp.path());
    let shipped = catalog::load_dir(&scale::shipped_dir()).unwrap();
    let big = catalog::load_dir(tmp.path()).expect("the 3× catalog is valid");
    assert_eq!(items, 3 * shipped.item_count());
    assert_eq!(big.item_count(), items);
    assert_eq!(big.guides.len(), 3 * shipped.guides.len());
    let ids: HashSet<&str> = big.guides.iter().map(|c| c.id.as_str()).collect();
    let names: HashSet<&str> = big.guides.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(ids.len(), big.guides.len());
    assert_eq!(names.len(), big.guides.len());
    // The written copies are the in-memory ones, field for field.
    let in_memory = scale::times_over(&shipped, 3);
    for guide in &in_memory.guides {
        assert_eq!(big.guide(&guide.id), Some(guide));
    }
    let hengyang = big.guide("zhuzhou-2").unwrap();
    assert_eq!(hengyang.name, "衡阳株洲市");
    assert!(hengyang.items.iter().all(|i| i.name.starts_with("衡阳")));
}

#[test]
fn every_copy_has_a_town_of_its_own() {
    let towns: HashSet<&str> = scale::TOWNS.iter().copied().collect();
    assert_eq!(towns.len(), scale::TOWNS.len());
    assert_eq!(scale::TOWNS[0], "", "the first copy is the shipped catalog");
}
