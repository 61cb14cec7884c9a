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
use std::path::Path;
use std::time::SystemTime;

use super::load::{Catalog, catalog_files, load_dir, version_of};
use super::problem::Problem;

/// Each `.ron` file's name, size and modification time, in name order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(Vec<(OsString, u64, Option<SystemTime>)>);

/// The folder's fingerprint as it is now.
pub fn fingerprint(dir: &Path) -> Result<Fingerprint, Problem> {
    let files = catalog_files(dir)?;
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        let meta =
            fs::metadata(&path).map_err(|e| Problem::file(&path, format!("cannot read: {e}")))?;
        let name = path.file_name().unwrap_or_default().to_os_string();
        out.push((name, meta.len(), meta.modified().ok()));
    }
    Ok(Fingerprint(out))
}

/// A catalog and the fingerprint of its folder when it was read.
#[derive(Debug, Clone)]
pub struct Settled {
    pub catalog: Catalog,
    pub fingerprint: Fingerprint,
}

/// Loads and validates `dir` as [`load_dir`] does, but fails if the folder
/// changed while it was read: its files' names, sizes or times, or (for a
/// file rewritten within one tick of a coarse clock) their texts.
pub fn load_settled(dir: &Path) -> Result<Settled, Vec<Problem>> {
    settled(dir, load_dir)
}

/// [`load_settled`] with the loading step given, so a test can change the
/// folder in the middle of it.
fn settled(
    dir: &Path,
    load: impl FnOnce(&Path) -> Result<Catalog, Vec<Problem>>,
) -> Result<Settled, Vec<Problem>> {
    let before = state(dir)?;
    let loaded = load(dir);
    let after = state(dir)?;
    // Files changed and changed back while they were read: a mix was loaded.
    let mixed = loaded
        .as_ref()
        .is_ok_and(|c| after.1.as_ref() != Some(&c.version));
    if before != after || mixed {
        return Err(vec![Problem::file(
            dir,
            "changed while it was read (a copy still in progress?): publish a catalog by \
             writing a new folder and renaming it into place",
        )]);
    }
    Ok(Settled {
        catalog: loaded?,
        fingerprint: after.0,
    })
}

/// The fingerprint and the texts' digest: a file rewritten within one tick
/// of the clock that stamps files keeps its size and time.
fn state(dir: &Path) -> Result<(Fingerprint, Option<String>), Vec<Problem>> {
    Ok((fingerprint(dir).map_err(|p| vec![p])?, version_of(dir).ok()))
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
    }

    /// Refused for the change alone, whatever the half-read files held.
    fn assert_refused(result: Result<Settled, Vec<Problem>>) {
        let problems = result.unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("changed while it was read"));
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
