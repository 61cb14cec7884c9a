//! The catalog as a kiosk holds it, ready to show: validated, its items
//! packed, its search index spelt out. Reading and checking a province's RON
//! files takes seconds; a kiosk starts from a snapshot of that work instead,
//! written beside its logs, when the snapshot was made from exactly the
//! files the catalog folder holds now.
//!
//! What keeps a snapshot from ever showing what the files no longer say:
//! - it is keyed by the BLAKE3 hash of every catalog file's bytes and name
//!   (not their times), and of this program's model, search and snapshot
//!   code, so an edited, added, removed or renamed file, or another build of
//!   the kiosk, misses it and the folder is loaded and validated in full;
//! - its own bytes carry a BLAKE3 checksum checked before use: a damaged or foreign
//!   file is ignored, and written anew;
//! - it is written to a temporary file, synced, then renamed over the old,
//!   so a reader sees the old snapshot or the new one, never half of one;
//! - a folder where it cannot be written (a read-only fleet image) only
//!   costs the time of a full load at each start;
//! - `kiosk check`, the operator's reload and the pick-up of an updated
//!   catalog never read it: they validate the files in full (and a reload
//!   writes the snapshot for the next start).

use std::fs;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::catalog::fingerprint::{Fingerprint, Unsettled, read_settled};
use crate::catalog::load::{self, FileDigest, load_dir_packed};
use crate::catalog::{Catalog, Guide, Item, ItemHead};
use crate::ronfile::Problem;
use crate::search::IndexParts;

/// The snapshot's file name in the folder given (the kiosk's log folder).
pub const FILE_NAME: &str = "catalog.snapshot";

/// The first bytes of a snapshot; the format's version is in the key.
const MAGIC: &[u8; 16] = b"kiosk snapshot\n\0";

/// The code whose change makes every older snapshot foreign: the model, the
/// packing of items, the search index and this file.
const CODE: [&str; 5] = [
    include_str!("catalog/model.rs"),
    include_str!("catalog/item.rs"),
    include_str!("search/mod.rs"),
    include_str!("search/table.rs"),
    include_str!("snapshot.rs"),
];

/// A validated catalog and its search index, ready to swap in.
#[derive(Clone)]
pub struct Ready {
    pub catalog: Catalog,
    pub index: IndexParts,
    /// Whether it came from the snapshot (else from the RON files).
    pub from_snapshot: bool,
}

/// What a kiosk loads at start: the snapshot in `cache_dir` if it was made
/// from exactly the files in `catalog_dir`, else the folder loaded and
/// validated in full, with a snapshot written for the next start.
pub fn open(catalog_dir: &Path, cache_dir: &Path) -> Result<Ready, Vec<Problem>> {
    let path = cache_dir.join(FILE_NAME);
    // The files' digest and the snapshot's own checksum, side by side.
    let (digest, bytes) = rayon::join(|| load::digest_dir(catalog_dir), || read_whole(&path));
    if let (Some(digest), Some(bytes)) = (digest, bytes)
        && let Some(ready) = read(bytes, &key(&digest), load::version(&digest))
    {
        return Ok(ready);
    }
    prepare(catalog_dir, cache_dir)
}

/// What a reload does, and a start without a usable snapshot: the folder
/// loaded and validated in full, the index built, the snapshot written
/// (when `cache_dir` can take it). All of it off the screen's thread if the
/// caller likes: nothing here touches the app.
pub fn prepare(catalog_dir: &Path, cache_dir: &Path) -> Result<Ready, Vec<Problem>> {
    let (catalog, digest) = load_dir_packed(catalog_dir)?;
    let index = IndexParts::new(&catalog);
    let ready = Ready {
        catalog,
        index,
        from_snapshot: false,
    };
    // Keyed by the digest of the bytes just read and checked, so a file
    // changed meanwhile makes a snapshot that the next start misses.
    // One that cannot be written costs only time at the next start.
    let _ = write(&cache_dir.join(FILE_NAME), &key(&digest), &ready);
    Ok(ready)
}

/// [`prepare`], refused when the folder changed while it was read (a copy
/// in progress): what a reload and the pick-up of an updated catalog run,
/// off the screen's thread. Gives the folder's fingerprint with the
/// catalog, or with its problems when it held still and is not valid.
pub fn prepare_settled(
    catalog_dir: &Path,
    cache_dir: &Path,
) -> Result<(Ready, Fingerprint), Unsettled> {
    read_settled(
        catalog_dir,
        |dir| prepare(dir, cache_dir),
        |ready| &ready.catalog.version,
    )
}

/// The key of a snapshot of the catalog files whose digest is `digest`.
fn key(digest: &FileDigest) -> FileDigest {
    let mut key = blake3::Hasher::new();
    for code in CODE {
        key.update(blake3::hash(code.as_bytes()).as_bytes());
    }
    key.update(digest);
    key.finalize().into()
}

/// The checksum of a snapshot's bytes after its prefix's checksum.
fn checksum(bytes: &[u8]) -> FileDigest {
    blake3::Hasher::new().update_rayon(bytes).finalize().into()
}

/// Everything but the packed items, which follow the prefix in the file.
#[derive(Deserialize)]
struct Header {
    guides: Vec<SnapCity>,
    index: IndexParts,
}

/// [`Header`] as written, borrowing the index.
#[derive(Serialize)]
struct HeaderOut<'a> {
    guides: Vec<SnapCity>,
    index: &'a IndexParts,
}

/// A guide without its items, and its items' heads and packed bytes (as a
/// range of the file).
#[derive(Serialize, Deserialize)]
struct SnapCity {
    guide: Guide,
    items: Vec<(ItemHead, Range<usize>)>,
}

/// Bytes before the packed items: magic, key, checksum, items' length.
const PREFIX: usize = 16 + 32 + 32 + 8;

/// `[magic][key][SHA-256 of what follows it][packed items' length, u64 LE]
/// [packed items][postcard Header]`, written beside `path` and renamed over it.
fn write(path: &Path, key: &FileDigest, ready: &Ready) -> std::io::Result<()> {
    let mut blob = Vec::new();
    let mut guides = Vec::new();
    for guide in &ready.catalog.guides {
        let items = guide
            .items
            .iter()
            .map(|item| {
                let start = PREFIX + blob.len();
                blob.extend_from_slice(item.packed_bytes().unwrap_or_default());
                (item.head(), start..PREFIX + blob.len())
            })
            .collect();
        let guide = Guide {
            items: Vec::new(),
            ..guide.clone()
        };
        guides.push(SnapCity { guide, items });
    }
    let header = HeaderOut {
        guides,
        index: &ready.index,
    };
    let header = postcard::to_stdvec(&header).map_err(std::io::Error::other)?;
    let length = (blob.len() as u64).to_le_bytes();
    let checksum = blake3::Hasher::new()
        .update(&length)
        .update_rayon(&blob)
        .update_rayon(&header)
        .finalize();
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let temp = temp_path(path);
    let written = (|| {
        let mut file = fs::File::create(&temp)?;
        for part in [
            &MAGIC[..],
            key,
            checksum.as_bytes(),
            &length,
            &blob,
            &header,
        ] {
            file.write_all(part)?;
        }
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// A temporary name beside `path`, of this process alone.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// The file at `path` if it is a snapshot whose bytes match its checksum.
fn read_whole(path: &Path) -> Option<Vec<u8>> {
    let bytes = fs::read(path).ok()?;
    let whole = bytes.len() >= PREFIX
        && bytes[..16] == MAGIC[..]
        && checksum(&bytes[80..])[..] == bytes[48..80];
    whole.then_some(bytes)
}

/// The catalog in `bytes`, a whole snapshot, if its key is `key`.
fn read(mut bytes: Vec<u8>, key: &FileDigest, version: String) -> Option<Ready> {
    if bytes[16..48] != key[..] {
        return None;
    }
    let length = usize::try_from(u64::from_le_bytes(bytes[80..88].try_into().ok()?)).ok()?;
    let end = PREFIX.checked_add(length).filter(|&e| e <= bytes.len())?;
    let header: Header = postcard::from_bytes(&bytes[end..]).ok()?;
    bytes.truncate(end);
    bytes.shrink_to_fit();
    let blob = Arc::new(bytes);
    let guides = header
        .guides
        .into_iter()
        .map(|SnapCity { mut guide, items }| {
            guide.items = items
                .into_iter()
                .map(|(head, range)| Item::packed(head, Arc::clone(&blob), range))
                .collect();
            guide
        })
        .collect();
    // Checked once here, though only this program writes snapshots with
    // this key: no item points past the blob, no index entry past anything.
    let catalog = Catalog { guides, version };
    let in_blob = |i: &Item| i.packed_bytes().is_some();
    let items_whole = catalog.guides.iter().all(|c| c.items.iter().all(in_blob));
    (items_whole && header.index.fits(&catalog)).then_some(Ready {
        catalog,
        index: header.index,
        from_snapshot: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_whose_index_points_past_its_catalog_is_not_used() {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(FILE_NAME);
        let key = [7; 32];
        let whole = prepare(&shipped, tmp.path()).unwrap();
        write(&path, &key, &whole).unwrap();
        let read_back = || read(read_whole(&path).unwrap(), &key, "v".into());
        assert!(read_back().is_some_and(|r| r.catalog.guides == whole.catalog.guides));
        // The index of every guide, with the first guide alone.
        let mut one = whole;
        one.catalog.guides.truncate(1);
        write(&path, &key, &one).unwrap();
        assert!(read_whole(&path).is_some(), "a whole file");
        assert!(read_back().is_none());
    }
}
