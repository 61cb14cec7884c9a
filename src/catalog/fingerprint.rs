//! Whether a catalog folder changed, and loading one only while it holds
//! still: for a terminal that looks for an updated catalog every few
//! minutes, where a province's tools may be copying files into it.
//!
//! The [`Fingerprint`] is cheap (one `stat` per file, no file read), for
//! polling; the content hash is the loaded catalog's `version`. The
//! supported way to publish is to write a new folder and rename it into
//! place; [`load_settled`] still refuses a folder that changed while it was
//! read, since a copy in place would give a mix of old and new files.

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::SystemTime;

use super::load::{Catalog, catalog_files, load_dir, version_of};
use crate::ronfile::Problem;

/// Each `.ron` file's name, size, modification time and inode, in name
/// order. The inode tells a folder switched in whole (a renamed folder or
/// symlink, the supported way to publish) even when its files keep their
/// sizes and times, as `rsync -a` keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(Vec<FileStamp>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct FileStamp {
    name: OsString,
    len: u64,
    modified: Option<SystemTime>,
    /// Device and inode.
    inode: (u64, u64),
}

/// The folder's fingerprint as it is now.
pub fn fingerprint(dir: &Path) -> Result<Fingerprint, Problem> {
    let files = catalog_files(dir)?;
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        let meta =
            fs::metadata(&path).map_err(|e| Problem::file(&path, format!("cannot read: {e}")))?;
        out.push(FileStamp {
            name: path.file_name().unwrap_or_default().to_os_string(),
            len: meta.len(),
            modified: meta.modified().ok(),
            inode: (meta.dev(), meta.ino()),
        });
    }
    Ok(Fingerprint(out))
}

/// A catalog and the fingerprint of its folder when it was read.
#[derive(Debug, Clone)]
pub struct Settled {
    pub catalog: Catalog,
    pub fingerprint: Fingerprint,
}

/// Why a folder read while it should hold still gave no catalog.
#[derive(Debug, Clone, PartialEq)]
pub enum Unsettled {
    /// It changed while it was read (a copy in progress?): what was read is
    /// no version of it; read it again later.
    Changed(Problem),
    /// It held still, and is no valid catalog: its problems, and its
    /// fingerprint when it has one (to tell when it changes again).
    Invalid(Vec<Problem>, Option<Fingerprint>),
}

impl Unsettled {
    pub fn problems(self) -> Vec<Problem> {
        match self {
            Unsettled::Changed(problem) => vec![problem],
            Unsettled::Invalid(problems, _) => problems,
        }
    }
}

/// Loads and validates `dir` as [`load_dir`] does, but fails if the folder
/// changed while it was read: its files' names, sizes or times, or (for a
/// file rewritten within one tick of a coarse clock) their texts.
pub fn load_settled(dir: &Path) -> Result<Settled, Vec<Problem>> {
    let (catalog, fingerprint) =
        read_settled(dir, load_dir, |c: &Catalog| &c.version).map_err(Unsettled::problems)?;
    Ok(Settled {
        catalog,
        fingerprint,
    })
}

/// Whatever `load` makes of `dir` (the catalog, or a catalog ready to
/// show: see `snapshot::prepare_settled`), if the folder held still while
/// it was read; `version` is the catalog version of what `load` made.
pub fn read_settled<T>(
    dir: &Path,
    load: impl FnOnce(&Path) -> Result<T, Vec<Problem>>,
    version: impl FnOnce(&T) -> &str,
) -> Result<(T, Fingerprint), Unsettled> {
    let before = state(dir)?;
    let loaded = load(dir);
    let after = state(dir)?;
    // Files changed and changed back while they were read: a mix was loaded.
    let mixed = match &loaded {
        Ok(t) => after.1.as_deref() != Some(version(t)),
        Err(_) => false,
    };
    if before != after || mixed {
        return Err(Unsettled::Changed(Problem::file(
            dir,
            "changed while it was read (a copy still in progress?): publish a catalog by \
             writing a new folder and renaming it into place",
        )));
    }
    match loaded {
        Ok(t) => Ok((t, after.0)),
        Err(problems) => Err(Unsettled::Invalid(problems, Some(after.0))),
    }
}

/// The fingerprint and the texts' digest: a file rewritten within one tick
/// of the clock that stamps files keeps its size and time.
fn state(dir: &Path) -> Result<(Fingerprint, Option<String>), Unsettled> {
    let fingerprint = fingerprint(dir).map_err(|p| Unsettled::Invalid(vec![p], None))?;
    Ok((fingerprint, version_of(dir).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::time::Duration;

    const BASE: &str = include_str!("../../tests/fixtures/base/guide.ron");

    fn folder() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("guide.ron");
        fs::write(&file, BASE).unwrap();
        (tmp, file)
    }

    fn set_mtime(file: &Path, t: SystemTime) {
        fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }

    #[test]
    fn the_fingerprint_changes_with_a_catalog_file_and_with_nothing_else() {
        let (tmp, file) = folder();
        let first = fingerprint(tmp.path()).unwrap();
        assert_eq!(fingerprint(tmp.path()).unwrap(), first);
        fs::write(tmp.path().join("README.md"), "notes").unwrap();
        assert_eq!(fingerprint(tmp.path()).unwrap(), first);
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        set_mtime(&file, t);
        let touched = fingerprint(tmp.path()).unwrap();
        assert_ne!(touched, first);
        fs::write(&file, BASE.replace("示例市", "示例县")).unwrap();
        set_mtime(&file, t);
        assert_eq!(
            fingerprint(tmp.path()).unwrap(),
            touched,
            "same size and time: only the texts can tell (see load_settled)"
        );
        fs::write(tmp.path().join("other.ron"), BASE).unwrap();
        assert_ne!(fingerprint(tmp.path()).unwrap(), touched);
        fs::remove_file(tmp.path().join("other.ron")).unwrap();
        fs::rename(&file, tmp.path().join("renamed.ron")).unwrap();
        assert_ne!(fingerprint(tmp.path()).unwrap(), touched);
        fs::remove_file(tmp.path().join("renamed.ron")).unwrap();
        assert!(fingerprint(tmp.path()).is_err(), "no catalog files left");
    }

    #[test]
    fn a_folder_switched_by_its_symlink_is_seen_though_its_files_look_alike() {
        let tmp = tempfile::tempdir().unwrap();
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        for (name, text) in [("v1", "示例市"), ("v2", "示例县")] {
            fs::create_dir(tmp.path().join(name)).unwrap();
            let file = tmp.path().join(name).join("guide.ron");
            fs::write(&file, BASE.replace("示例市", text)).unwrap();
            set_mtime(&file, t);
        }
        let link = tmp.path().join("catalog");
        std::os::unix::fs::symlink("v1", &link).unwrap();
        let first = fingerprint(&link).unwrap();
        // As README says to publish: a new link renamed over the old one.
        std::os::unix::fs::symlink("v2", tmp.path().join("next")).unwrap();
        fs::rename(tmp.path().join("next"), &link).unwrap();
        assert_ne!(fingerprint(&link).unwrap(), first);
        let settled = load_settled(&link).unwrap();
        assert_eq!(settled.catalog.guides[0].name, "示例县");
    }

    #[test]
    fn a_quiet_folder_loads_with_its_version_and_fingerprint() {
        let (tmp, _) = folder();
        let settled = load_settled(tmp.path()).unwrap();
        assert_eq!(settled.catalog, load_dir(tmp.path()).unwrap());
        assert_eq!(settled.fingerprint, fingerprint(tmp.path()).unwrap());
    }

    #[test]
    fn a_quiet_broken_folder_gives_its_own_problems() {
        let (tmp, file) = folder();
        fs::write(&file, BASE.replace("part: \"p01\"", "part: \"p99\"")).unwrap();
        let problems = load_settled(tmp.path()).unwrap_err();
        assert_eq!(problems, load_dir(tmp.path()).unwrap_err());
        assert!(problems.iter().any(|p| p.message.contains("p99")));
        // With the folder's fingerprint, to tell when it changes again.
        match settled(tmp.path(), load_dir) {
            Err(Unsettled::Invalid(again, Some(f))) => {
                assert_eq!(again, problems);
                assert_eq!(f, fingerprint(tmp.path()).unwrap());
            }
            other => panic!("not refused as invalid: {other:?}"),
        }
    }

    /// [`load_settled`] with the loading step given, so a test can change
    /// the folder in the middle of it.
    fn settled(
        dir: &Path,
        load: impl FnOnce(&Path) -> Result<Catalog, Vec<Problem>>,
    ) -> Result<(Catalog, Fingerprint), Unsettled> {
        read_settled(dir, load, |c| &c.version)
    }

    /// Refused for the change alone, whatever the half-read files held.
    fn assert_refused(result: Result<(Catalog, Fingerprint), Unsettled>) {
        match result {
            Err(Unsettled::Changed(problem)) => {
                assert!(problem.message.contains("changed while it was read"))
            }
            other => panic!("not refused as changed: {other:?}"),
        }
    }

    #[test]
    fn a_folder_written_to_while_it_is_read_is_refused() {
        let (tmp, file) = folder();
        let result = settled(tmp.path(), |dir| {
            let catalog = load_dir(dir);
            fs::write(tmp.path().join("late.ron"), BASE.replace("demo", "late")).unwrap();
            catalog
        });
        assert_refused(result);
        // Rewritten in place with the same size and time: the texts tell.
        fs::remove_file(tmp.path().join("late.ron")).unwrap();
        let t = fs::metadata(&file).unwrap().modified().unwrap();
        let result = settled(tmp.path(), |dir| {
            let catalog = load_dir(dir);
            fs::write(&file, BASE.replace("示例市", "示例县")).unwrap();
            set_mtime(&file, t);
            catalog
        });
        assert_refused(result);
        // Changed and changed back while it was read: what was loaded is
        // neither version.
        fs::write(&file, BASE).unwrap();
        set_mtime(&file, t);
        let result = settled(tmp.path(), |dir| {
            fs::write(&file, BASE.replace("示例市", "示例县")).unwrap();
            let catalog = load_dir(dir);
            fs::write(&file, BASE).unwrap();
            set_mtime(&file, t);
            catalog
        });
        assert_refused(result);
        // A copy that begins while the folder is read, so that it fails to
        // load: the change is the problem, not what half a file looks like.
        let result = settled(tmp.path(), |dir| {
            fs::write(&file, &BASE[..BASE.len() / 2]).unwrap();
            load_dir(dir)
        });
        assert_refused(result);
    }
}
