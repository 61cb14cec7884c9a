//! The layers point one way: RON → catalog → app state → draw, and input →
//! action → update → effects. The lower layers must not name the upper
//! ones; this test reads the source and fails the moment one does.

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The lines of the modules under `layer` that name any of `upper`.
fn naming(layer: &str, upper: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer);
    let files = sources(&root);
    assert!(!files.is_empty(), "no sources under {}", root.display());
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in upper {
                if code.contains(name) {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    found
}

const SHELLS: [&str; 3] = ["crate::cli", "crate::run", "crate::ui"];

#[test]
fn catalog_ratings_and_app_name_no_cli_run_or_ui() {
    for layer in ["catalog", "ratings", "app"] {
        let found = naming(layer, &SHELLS);
        assert!(
            found.is_empty(),
            "{layer} names an upper layer:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_catalog_and_the_ratings_know_nothing_of_terminals_screens_or_config() {
    let upper = [
        "ratatui",
        "crossterm",
        "crate::app",
        "crate::config",
        "clap",
    ];
    for layer in ["catalog", "ratings"] {
        let found = naming(layer, &upper);
        assert!(
            found.is_empty(),
            "{layer} names an upper layer:\n{}",
            found.join("\n")
        );
    }
}

/// The check itself can fail: the shells do name the layers below them.
#[test]
fn the_check_sees_a_name_where_there_is_one() {
    assert!(!naming("run", &["crate::app"]).is_empty());
}
