//! Reading `catalog/*.ron` into a validated [`Catalog`].

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use super::model::City;
use super::validate::check_city;
use crate::parallel::gather;
use crate::ronfile::{Problem, read_text, ron_options};

/// The cities of a catalog folder, all of them valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub cities: Vec<City>,
    /// A short digest of every file, recorded with each rating.
    pub version: String,
}

impl Catalog {
    /// A catalog of guides given as RON texts, for tests.
    #[cfg(test)]
    pub(crate) fn of_texts(texts: &[String]) -> Catalog {
        let cities = texts
            .iter()
            .map(|t| parse_city("test.ron".as_ref(), t).expect("fixture parses"))
            .collect();
        Catalog {
            cities,
            version: "test".into(),
        }
    }

    pub fn city(&self, key: &str) -> Option<&City> {
        let key = key.trim();
        self.cities.iter().find(|c| c.id == key).or_else(|| {
            self.cities
                .iter()
                .find(|c| c.name == key || c.aliases.iter().any(|a| a == key))
        })
    }

    pub fn item_count(&self) -> usize {
        self.cities.iter().map(|c| c.items.len()).sum()
    }
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
pub fn parse_city(path: &Path, text: &str) -> Result<City, Problem> {
    ron_options()
        .from_str::<City>(text)
        .map_err(|e| Problem::from_ron(path, &e))
}

/// Loads and validates every file of `dir`, reporting all problems at once.
pub fn load_dir(dir: &Path) -> Result<Catalog, Vec<Problem>> {
    let files = catalog_files(dir).map_err(|p| vec![p])?;
    let loaded = load_files(&files);
    let mut problems = Vec::new();
    let mut cities = Vec::new();
    let mut digest = Version::default();
    let mut first_file: HashMap<String, &Path> = HashMap::new();
    for (path, loaded) in files.iter().zip(loaded) {
        problems.extend(loaded.problems);
        if let Some(text) = loaded.text {
            digest.add(path, &text);
        }
        let Some(city) = loaded.city else {
            continue;
        };
        if let Some(other) = first_file.insert(city.id.clone(), path) {
            problems.push(Problem::file(
                path,
                format!(
                    "duplicate city id \"{}\" (also in {})",
                    city.id,
                    other.display()
                ),
            ));
        }
        cities.push(city);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Catalog {
        cities,
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

/// One catalog file, as far as it could be taken: a city with problems is
/// still kept, so its id is checked against the others' too.
#[derive(Default)]
struct Loaded {
    text: Option<String>,
    city: Option<City>,
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
    let (city, problems) = match parse_city(path, &text) {
        Ok(city) => {
            let problems = check_city(path, &text, &city);
            (Some(city), problems)
        }
        Err(p) => (None, vec![p]),
    };
    Loaded {
        text: Some(text),
        city,
        problems,
    }
}
