//! A problem found in a catalog or config file, located as precisely as the
//! maintainer needs to fix it: `path:line:col: message`.

use std::fmt;
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
