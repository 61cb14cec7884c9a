//! Reading `catalog/*.ron` into a validated [`Catalog`].

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use super::model::Guide;
use super::problem::Problem;
use super::validate::check_city;
use crate::parallel::gather;

/// A catalog file larger than this is refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The guides of a catalog folder, all of them valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub guides: Vec<Guide>,
    /// A short digest of every file, recorded with each rating.
    pub version: String,
}

impl Catalog {
    pub fn guide(&self, key: &str) -> Option<&Guide> {
        let key = key.trim();
        self.guides.iter().find(|c| c.id == key).or_else(|| {
            self.guides
                .iter()
                .find(|c| c.name == key || c.aliases.iter().any(|a| a == key))
        })
    }

    pub fn item_count(&self) -> usize {
        self.guides.iter().map(|c| c.items.len()).sum()
    }
}

/// The RON options every catalog and config file is read with: `Some(…)` may be
/// left out, so a maintainer writes `time_limit: "即时办结。"`.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Reads a text file, refusing huge or non-UTF-8 files with a clear message.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    let meta = fs::metadata(path).map_err(|e| Problem::file(path, format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(Problem::file(path, "is not a regular file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Problem::file(
            path,
            format!("is {} bytes; at most {MAX_FILE_BYTES} are read", meta.len()),
        ));
    }
    let bytes = fs::read(path).map_err(|e| Problem::file(path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        Problem::at(
            path,
            line,
            col,
            "is not valid UTF-8 (save the file as UTF-8)",
        )
    })
}

/// 1-based line and column just after `prefix`.
pub(crate) fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, col)
}

/// The `.ron` files of a folder, sorted by name.
pub(crate) fn catalog_files(dir: &Path) -> Result<Vec<PathBuf>, Problem> {
    let entries = fs::read_dir(dir)
        .map_err(|e| Problem::file(dir, format!("cannot read catalog folder: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Problem::file(dir, "contains no .ron catalog files"));
    }
    Ok(files)
}

/// Parses one catalog file; syntax and type errors come back located.
pub fn parse_guide(path: &Path, text: &str) -> Result<Guide, Problem> {
    ron_options()
        .from_str::<Guide>(text)
        .map_err(|e| Problem::from_ron(path, &e))
}

/// Loads and validates every file of `dir`, reporting all problems at once.
pub fn load_dir(dir: &Path) -> Result<Catalog, Vec<Problem>> {
    let files = catalog_files(dir).map_err(|p| vec![p])?;
    let loaded = load_files(&files);
    let mut problems = Vec::new();
    let mut guides = Vec::new();
    let mut digest = Version::default();
    let mut first_file: HashMap<String, &Path> = HashMap::new();
    for (path, loaded) in files.iter().zip(loaded) {
        problems.extend(loaded.problems);
        if let Some(text) = loaded.text {
            digest.add(path, &text);
        }
        let Some(guide) = loaded.guide else {
            continue;
        };
        if let Some(other) = first_file.insert(guide.id.clone(), path) {
            problems.push(Problem::file(
                path,
                format!(
                    "duplicate guide id \"{}\" (also in {})",
                    guide.id,
                    other.display()
                ),
            ));
        }
        guides.push(guide);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Catalog {
        guides,
        version: digest.finish(),
    })
}

/// A catalog's version: a digest of its files' names and texts.
#[derive(Default)]
struct Version(Sha256);

impl Version {
    fn add(&mut self, path: &Path, text: &str) {
        self.0
            .update(path.file_name().unwrap_or_default().as_encoded_bytes());
        self.0.update(text.as_bytes());
    }

    fn finish(self) -> String {
        let hash = self.0.finalize();
        hash.iter().take(6).map(|b| format!("{b:02x}")).collect()
    }
}

/// The version [`load_dir`] would give the folder as it is now, from its
/// files' texts alone: to tell whether a folder changed after it was loaded.
pub fn version_of(dir: &Path) -> Result<String, Problem> {
    let mut digest = Version::default();
    for path in catalog_files(dir)? {
        digest.add(&path, &read_text(&path)?);
    }
    Ok(digest.finish())
}

/// [`load_file`] for each of `files`, in their order, on every core:
/// parsing is most of a kiosk's start-up. Each worker takes the next file
/// not yet taken, so one large file does not hold the others up; should no
/// thread start, this one does all.
fn load_files(files: &[PathBuf]) -> Vec<Loaded> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(i) else {
                return done;
            };
            done.push((i, load_file(path)));
        }
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut done: Vec<(usize, Loaded)> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..cores.min(files.len()))
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(s, work).ok())
            .collect();
        gather(work(), helpers)
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, loaded)| loaded).collect()
}

/// One catalog file, as far as it could be taken: a guide with problems is
/// still kept, so its id is checked against the others' too.
#[derive(Default)]
struct Loaded {
    text: Option<String>,
    guide: Option<Guide>,
    problems: Vec<Problem>,
}

/// Reads, parses and checks one file.
fn load_file(path: &Path) -> Loaded {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(p) => {
            return Loaded {
                problems: vec![p],
                ..Loaded::default()
            };
        }
    };
    let (guide, problems) = match parse_guide(path, &text) {
        Ok(guide) => {
            let problems = check_city(path, &text, &guide);
            (Some(guide), problems)
        }
        Err(p) => (None, vec![p]),
    };
    Loaded {
        text: Some(text),
        guide,
        problems,
    }
}
