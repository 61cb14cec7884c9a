//! The catalog snapshot a kiosk starts from (src/snapshot.rs) never shows
//! what the RON files no longer say: any change to any file's bytes misses
//! it, a damaged or foreign one is ignored and written anew, and a folder
//! that cannot take it only costs a full load.

// Each test file uses part of it.
#[allow(dead_code)]
#[path = "common/scale.rs"]
mod scale;

use std::fs;
use std::path::{Path, PathBuf};

use kiosk::catalog::load_dir;
use kiosk::search::SearchIndex;
use kiosk::snapshot::{self, FILE_NAME, Ready};

/// A copy of the shipped catalog, and a cache folder beside it.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let catalog = tmp.path().join("catalog");
    scale::write_catalog(1, &catalog);
    let cache = tmp.path().join("logs");
    (tmp, catalog, cache)
}

fn open(catalog: &Path, cache: &Path) -> Ready {
    snapshot::open(catalog, cache).expect("the catalog loads")
}

fn zhuzhou_name(ready: &Ready) -> &str {
    &ready.catalog.guide("zhuzhou").unwrap().name
}

/// Replaces `from` by `to` in `file`, which must hold it.
fn edit(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from:?} is not in {}", file.display());
    fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_second_start_reads_the_snapshot_and_sees_what_the_files_say() {
    let (_tmp, catalog, cache) = setup();
    let first = open(&catalog, &cache);
    assert!(!first.from_snapshot);
    assert!(cache.join(FILE_NAME).is_file(), "the first start writes it");
    let second = open(&catalog, &cache);
    assert!(second.from_snapshot);
    assert_eq!(second.catalog, load_dir(&catalog).unwrap());
    assert_eq!(second.catalog.version, first.catalog.version);
    // The snapshot's index finds what one built from the files finds.
    let order: Vec<usize> = (0..second.catalog.guides.len()).collect();
    let mut fresh = SearchIndex::new(&first.catalog, &order);
    let mut kept = SearchIndex::from_parts(second.index, &order);
    for query in ["cb", "canbao", "参保", "ydjy", "002036"] {
        let hits = kept.search(query, 50);
        assert!(!hits.is_empty(), "{query}");
        assert_eq!(hits, fresh.search(query, 50), "{query}");
    }
}

#[test]
fn an_edit_of_one_file_is_seen_even_with_its_size_and_time_unchanged() {
    let (_tmp, catalog, cache) = setup();
    open(&catalog, &cache);
    let file = catalog.join("zhuzhou.ron");
    let modified = fs::metadata(&file).unwrap().modified().unwrap();
    // Same length in bytes (洲 and 州 are both three), same mtime.
    edit(&file, "name: \"株洲市\"", "name: \"株州市\"");
    fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let after = open(&catalog, &cache);
    assert!(!after.from_snapshot);
    assert_eq!(zhuzhou_name(&after), "株州市");
    // And the snapshot written for it is the edited catalog's.
    let again = open(&catalog, &cache);
    assert!(again.from_snapshot);
    assert_eq!(zhuzhou_name(&again), "株州市");
    assert_ne!(
        again.catalog.version,
        load_dir(&scale::shipped_dir()).unwrap().version
    );
}

#[test]
fn an_item_edited_deep_inside_is_seen() {
    let (_tmp, catalog, cache) = setup();
    open(&catalog, &cache);
    edit(
        &catalog.join("changsha.ron"),
        "time_limit: \"即时办结。\"",
        "time_limit: \"五个工作日内办结。\"",
    );
    let after = open(&catalog, &cache);
    let limits: Vec<&str> = after
        .catalog
        .guides
        .iter()
        .flat_map(|c| &c.items)
        .filter_map(|i| i.time_limit.as_deref())
        .collect();
    assert!(limits.contains(&"五个工作日内办结。"), "{limits:?}");
}

#[test]
fn a_file_added_removed_or_renamed_misses_the_snapshot() {
    let (_tmp, catalog, cache) = setup();
    let all = open(&catalog, &cache).catalog.guides.len();
    fs::rename(catalog.join("xianan.ron"), catalog.join("xianan.bak")).unwrap();
    let fewer = open(&catalog, &cache);
    assert!(!fewer.from_snapshot);
    assert_eq!(fewer.catalog.guides.len(), all - 1);
    // Last in name order now: the order of guides is the files' order.
    fs::rename(catalog.join("xianan.bak"), catalog.join("zz-xianan.ron")).unwrap();
    let renamed = open(&catalog, &cache);
    assert!(!renamed.from_snapshot);
    assert_eq!(renamed.catalog.guides.len(), all);
    assert_eq!(renamed.catalog.guides.last().unwrap().id, "xianan");
}

#[test]
fn a_damaged_snapshot_is_ignored_and_written_anew() {
    let (_tmp, catalog, cache) = setup();
    open(&catalog, &cache);
    let path = cache.join(FILE_NAME);
    let good = fs::read(&path).unwrap();
    let damaged: [fn(&mut Vec<u8>); 4] = [
        // One bit flipped in the packed items, in the header, in the key;
        // the file cut short.
        |b| b[200] ^= 1,
        |b| *b.last_mut().unwrap() ^= 0x40,
        |b| b[20] ^= 1,
        |b| b.truncate(b.len() / 2),
    ];
    for damage in damaged {
        let mut bytes = good.clone();
        damage(&mut bytes);
        fs::write(&path, &bytes).unwrap();
        let ready = open(&catalog, &cache);
        assert!(!ready.from_snapshot);
        assert_eq!(ready.catalog, load_dir(&catalog).unwrap());
        assert_eq!(fs::read(&path).unwrap(), good, "written anew");
    }
    for foreign in [Vec::new(), b"not a snapshot".to_vec(), vec![0; 4096]] {
        fs::write(&path, foreign).unwrap();
        assert!(!open(&catalog, &cache).from_snapshot);
        assert!(open(&catalog, &cache).from_snapshot);
    }
}

#[test]
fn another_catalogs_snapshot_is_not_used() {
    let (tmp, catalog, cache) = setup();
    let other = tmp.path().join("other");
    scale::write_catalog(2, &other);
    open(&other, &cache);
    let mine = open(&catalog, &cache);
    assert!(!mine.from_snapshot);
    assert_eq!(mine.catalog.guides.len(), 5);
}

#[test]
fn a_folder_that_cannot_take_the_snapshot_only_costs_a_full_load() {
    let (tmp, catalog, _) = setup();
    // Tests run as root, whom permissions do not stop: a folder below a
    // plain file can never be made.
    let blocker = tmp.path().join("file");
    fs::write(&blocker, "").unwrap();
    let cache = blocker.join("logs");
    for _ in 0..2 {
        let ready = open(&catalog, &cache);
        assert!(!ready.from_snapshot);
        assert_eq!(zhuzhou_name(&ready), "株洲市");
    }
    let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 2, "no temporary file left behind");
}

#[test]
fn an_invalid_catalog_is_refused_even_with_a_snapshot_of_the_old_one() {
    let (_tmp, catalog, cache) = setup();
    open(&catalog, &cache);
    edit(
        &catalog.join("zhuzhou.ron"),
        "id: \"zhuzhou\"",
        "id: \"zhu zhou\"",
    );
    let problems = snapshot::open(&catalog, &cache).err().expect("refused");
    assert!(problems.iter().any(|p| p.to_string().contains("guide id")));
}

#[test]
fn a_reload_can_be_prepared_off_the_screens_thread() {
    let (_tmp, catalog, cache) = setup();
    let (dir, to) = (catalog.clone(), cache.clone());
    let ready = std::thread::spawn(move || snapshot::prepare(&dir, &to))
        .join()
        .unwrap()
        .expect("the catalog loads");
    assert!(!ready.from_snapshot);
    assert_eq!(ready.catalog, load_dir(&catalog).unwrap());
    assert!(
        open(&catalog, &cache).from_snapshot,
        "it wrote the snapshot"
    );
}

#[test]
fn what_a_visitor_read_is_packed_again_when_the_visit_ends() {
    use kiosk::app::{self, Action, App, Clock, Options};
    let (_tmp, catalog, cache) = setup();
    let ready = open(&catalog, &cache);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings = kiosk::config::load(&root.join("kiosk.ron"), true).unwrap();
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let clock = Clock {
        mono: std::time::Duration::ZERO,
        wall: chrono::Utc::now(),
    };
    let opts = Options::from_settings(&settings);
    let mut app = App::with_index(ready.catalog, ready.index, opts, area, clock);
    let open_items = |app: &App| {
        let items = app.catalog.guides.iter().flat_map(|c| &c.items);
        items.filter(|i| i.is_open()).count()
    };
    assert_eq!(open_items(&app), 0, "nothing is unpacked to start");
    for action in [Action::Choose(0), Action::Choose(0), Action::Choose(0)] {
        app::update(&mut app, action, clock);
    }
    kiosk::ui::draw_buffer(&app, &mut ratatui::buffer::Buffer::empty(area));
    assert!(open_items(&app) >= 1, "the item on screen is unpacked");
    app::update(&mut app, Action::EndVisit, clock);
    assert_eq!(open_items(&app), 0);
}
