//! Reading `catalog/*.ron` into a validated [`Catalog`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::item;
use super::model::Guide;
use super::validate::check_city;
use crate::ronfile::{Problem, read_bytes, read_text, ron_options};

/// The hall's own guide and district, resolved against a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    /// Index in [`Catalog::guides`].
    pub guide: usize,
    /// The district's name as the guide lists it (never an alias).
    pub district: Option<String>,
}

/// The guides of a catalog folder, all of them valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub guides: Vec<Guide>,
    /// A short digest of every file, recorded with each rating.
    pub version: String,
}

impl Catalog {
    /// A catalog of guides given as RON texts, for tests.
    #[cfg(test)]
    pub(crate) fn of_texts(texts: &[String]) -> Catalog {
        let guides = texts
            .iter()
            .map(|t| parse_guide("test.ron".as_ref(), t).expect("fixture parses"))
            .collect();
        Catalog {
            guides,
            version: "test".into(),
        }
    }

    /// The guide `key` names: its id, else its name or an alias.
    pub fn guide(&self, key: &str) -> Option<&Guide> {
        self.guides.get(self.guide_index(key)?)
    }

    /// Where in `guides` the guide `key` names is (see [`Catalog::guide`]).
    pub fn guide_index(&self, key: &str) -> Option<usize> {
        let key = key.trim();
        self.guides.iter().position(|c| c.id == key).or_else(|| {
            self.guides
                .iter()
                .position(|c| c.name == key || c.aliases.iter().any(|a| a == key))
        })
    }

    /// The hall's home as `kiosk.ron` gives it — a guide by id, name or
    /// alias, a district by name or alias — resolved once: the guide's
    /// index and the district's own name, as the guide's rows write it.
    pub fn home(&self, guide: &str, district: Option<&str>) -> Option<Home> {
        let index = self.guide_index(guide)?;
        let district = district
            .and_then(|d| self.guides[index].district(d))
            .map(|d| d.name.clone());
        Some(Home {
            guide: index,
            district,
        })
    }

    pub fn item_count(&self) -> usize {
        self.guides.iter().map(|c| c.items.len()).sum()
    }

    /// Lets go of every packed item's unpacked fields (see [`super::item`]).
    pub fn forget_unpacked(&mut self) {
        let items = self.guides.iter_mut().flat_map(|c| &mut c.items);
        items.for_each(super::item::Item::forget);
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
pub fn parse_guide(path: &Path, text: &str) -> Result<Guide, Problem> {
    ron_options()
        .from_str::<Guide>(&without_former_name(text))
        .map_err(|e| Problem::from_ron(path, &e))
}

/// Catalogs written before guides were called guides open with `City(`.
/// RON checks a struct's name and serde has no alias for it, so the old
/// name is blanked to spaces: every later byte keeps its line and column,
/// and problems are still located exactly.
fn without_former_name(text: &str) -> Cow<'_, str> {
    let start = text.len() - skip_comments(text).len();
    match text[start..].strip_prefix("City") {
        Some(rest) if rest.trim_start().starts_with('(') => {
            Cow::Owned(format!("{}    {rest}", &text[..start]))
        }
        _ => Cow::Borrowed(text),
    }
}

/// `text` after its leading white space and `//` comment lines.
fn skip_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        match text.strip_prefix("//") {
            Some(comment) => text = comment.split_once('\n').map_or("", |(_, rest)| rest),
            None => return text,
        }
    }
}

/// Loads and validates every file of `dir`, reporting all problems at once.
pub fn load_dir(dir: &Path) -> Result<Catalog, Vec<Problem>> {
    load(dir, false).map(|(catalog, _)| catalog)
}

/// [`load_dir`], with every item packed (see [`super::item`]) as soon as its
/// file is validated: what a kiosk holds, without ever holding the whole
/// catalog unpacked. Also gives the digest of the very bytes it read (see
/// [`folder_digest`]).
pub fn load_dir_packed(dir: &Path) -> Result<(Catalog, FileDigest), Vec<Problem>> {
    load(dir, true)
}

fn load(dir: &Path, pack: bool) -> Result<(Catalog, FileDigest), Vec<Problem>> {
    let files = catalog_files(dir).map_err(|p| vec![p])?;
    let loaded: Vec<Loaded> = files.par_iter().map(|f| load_file(f, pack)).collect();
    let mut problems = Vec::new();
    let mut guides = Vec::new();
    let mut digests = Vec::new();
    let mut first_file: HashMap<String, &Path> = HashMap::new();
    for (path, loaded) in files.iter().zip(loaded) {
        problems.extend(loaded.problems);
        digests.extend(loaded.digest.map(|d| (path.as_path(), d)));
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
    let digest = folder_digest(&digests);
    let version = version(&digest);
    Ok((Catalog { guides, version }, digest))
}

/// The BLAKE3 hash of one file's bytes (or of a folder's, see
/// [`folder_digest`]): a start hashes every catalog file, and BLAKE3 does it
/// several times faster than SHA-256.
pub type FileDigest = [u8; 32];

/// The digest of a catalog folder: its files' names and digests, in name
/// order. Any byte changed in any file, a file added, removed or renamed,
/// changes it.
pub fn folder_digest(files: &[(&Path, FileDigest)]) -> FileDigest {
    let mut digest = blake3::Hasher::new();
    for (path, file) in files {
        digest.update(path.file_name().unwrap_or_default().as_encoded_bytes());
        digest.update(file);
    }
    digest.finalize().into()
}

/// The catalog version recorded with each rating: the folder digest, short.
pub fn version(digest: &FileDigest) -> String {
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The digest of `dir`'s catalog files, read on every core, without parsing
/// them: what a snapshot of the catalog is keyed by. A file that cannot be
/// read makes it `None` (loading the folder then says why).
pub fn digest_dir(dir: &Path) -> Option<FileDigest> {
    let files = catalog_files(dir).ok()?;
    let digests: Option<Vec<FileDigest>> = files
        .par_iter()
        .map(|f| read_bytes(f).ok().map(|b| blake3::hash(&b).into()))
        .collect();
    let named: Vec<(&Path, FileDigest)> =
        files.iter().map(PathBuf::as_path).zip(digests?).collect();
    Some(folder_digest(&named))
}

/// The version [`load_dir`] would give the folder as it is now, from its
/// files' bytes alone: to tell whether a folder changed after it was loaded.
pub fn version_of(dir: &Path) -> Result<String, Problem> {
    let files = catalog_files(dir)?;
    let digests = files
        .iter()
        .map(|f| Ok((f.as_path(), blake3::hash(&read_bytes(f)?).into())))
        .collect::<Result<Vec<_>, Problem>>()?;
    Ok(version(&folder_digest(&digests)))
}

/// One catalog file, as far as it could be taken: a guide with problems is
/// still kept, so its id is checked against the others' too.
#[derive(Default)]
struct Loaded {
    digest: Option<FileDigest>,
    guide: Option<Guide>,
    problems: Vec<Problem>,
}

/// Reads, parses and checks one file; packs its items if asked and valid.
fn load_file(path: &Path, pack: bool) -> Loaded {
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
        Ok(mut guide) => {
            let problems = check_city(path, &text, &guide);
            if pack && problems.is_empty() {
                item::pack(&mut guide.items);
            }
            (Some(guide), problems)
        }
        Err(p) => (None, vec![p]),
    };
    Loaded {
        digest: Some(blake3::hash(text.as_bytes()).into()),
        guide,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A catalog written when guides were `City(…)` still loads, and its
    /// problems are located as they would be in a `Guide(…)` file.
    #[test]
    fn a_guide_written_under_its_former_name_loads_and_locates_alike() {
        let now = include_str!("../../tests/fixtures/base/guide.ron");
        let then = now.replacen("Guide(", "City(", 1);
        assert_ne!(now, then);
        let path = Path::new("guide.ron");
        assert_eq!(parse_guide(path, &then), parse_guide(path, now));
        let broken = |t: &str| parse_guide(path, &t.replacen("id:", "id", 1)).unwrap_err();
        assert_eq!(broken(&then), broken(now));
        assert!(parse_guide(path, "Town(id: \"x\")").is_err());
    }
}
