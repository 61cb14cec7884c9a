//! The RON files a maintainer edits by hand (the catalog's guides, kiosk.ron,
//! export profiles): read as text, refusing what is not, and every problem
//! in them located as precisely as the maintainer needs to fix it:
//! `path:line:col: message`.
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
    /// The item the problem belongs to, when it belongs to one.
    pub item: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Problem {
            path: path.to_path_buf(),
            line: None,
            col: None,
            item: None,
            message: message.into(),
        }
    }

    pub fn at(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Problem {
            line: Some(line),
            col: Some(col),
            ..Problem::file(path, message)
        }
    }

    /// Converts ron's error, whose span is 1-based, into a located problem.
    pub fn from_ron(path: &Path, err: &ron::error::SpannedError) -> Self {
        Problem::at(
            path,
            err.span.start.line,
            err.span.start.col,
            err.code.to_string(),
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(item) = &self.item {
            write!(f, "item {item}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Renders problems one per line, as `kiosk check` and the operator menu show them.
pub fn report(problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        out.push_str(&p.to_string());
        out.push('\n');
    }
    out.push_str(&format!(
        "{} problem{} found\n",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    out
}

/// A catalog file larger than this is refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The RON options every catalog and config file is read with: `Some(…)` may be
/// left out, so a maintainer writes `time_limit: "即时办结。"`.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Reads a text file, refusing huge or non-UTF-8 files with a clear message.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    String::from_utf8(read_bytes(path)?).map_err(|e| {
        let (line, col) = line_col(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        Problem::at(
            path,
            line,
            col,
            "is not valid UTF-8 (save the file as UTF-8)",
        )
    })
}

/// Reads a file, refusing what is not a regular file or is huge.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Problem> {
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
    fs::read(path).map_err(|e| Problem::file(path, format!("cannot read: {e}")))
}

/// 1-based line and column just after `prefix`.
pub fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, col)
}
