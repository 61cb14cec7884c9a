//! Hostile catalog files: random bytes and mutated copies of the shipped
//! guides (bits flipped, cut short, RON fragments inserted, ranges deleted,
//! lines duplicated) through the loader and the validator. Every case must
//! end in a catalog or in located messages: never a panic, never a hang.
//! Deterministic (fixed seed), so a failure names a case that replays.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use kiosk::catalog::load::{load_dir, parse_guide};
use kiosk::catalog::validate::check_city;

/// About 17 s in the dev profile on two idle cores (45 s on busy ones); see
/// the printed figure.
const CASES: usize = 30_000;
const SEED: u64 = 0xCA7A_1065;
/// One case may take this long before it counts as a hang.
const CASE_LIMIT: Duration = Duration::from_secs(10);

/// RON that means something, and bytes that mean trouble.
const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "r#\"",
    "\"#",
    "'",
    "Some(",
    "None",
    "()",
    "id: \"x\",",
    "name: \"\",",
    "part: \"p99\",",
    "items: [],",
    "parts: [],",
    "kind: Guide,",
    "1e999",
    "-0",
    "0x",
    "18446744073709551616",
    "'\\u{0}'",
    "\"\\u{1b}[2J\"",
    "\"\\uD800\"",
    "/*",
    "*/",
    "//",
    "#![enable(implicit_some)]",
    "\u{1b}[2J",
    "\u{1b}]0;pwned\u{7}",
    "\u{0}",
    "\u{202e}",
    "\u{feff}",
    "\r",
    "\t",
    "株洲市",
    "nodes: [(id: \"a\", kind: End)],",
    "edges: [(from: \"a\", to: \"zz\")],",
    "url: \"javascript:alert(1)\",",
];

#[test]
fn mutated_and_random_catalog_files_give_messages_never_panics_or_hangs() {
    let started = Instant::now();
    let (tx, rx) = mpsc::channel::<String>();
    let worker = std::thread::spawn(move || {
        let seeds = seeds();
        let mut rng = fastrand::Rng::with_seed(SEED);
        let tmp = tempfile::tempdir().unwrap();
        let mut outcomes = [0usize; 2];
        for n in 0..CASES {
            let (what, bytes) = case(&mut rng, &seeds);
            if tx.send(format!("case {n}: {what}")).is_err() {
                return outcomes;
            }
            // Every 8th case goes through the files as `kiosk check` reads
            // them; the rest straight through the parser and validator.
            let ok = if n % 8 == 0 || std::str::from_utf8(&bytes).is_err() {
                load_file(tmp.path(), &bytes)
            } else {
                load_text(&bytes)
            };
            outcomes[usize::from(ok)] += 1;
        }
        outcomes
    });
    let mut current = String::from("starting");
    loop {
        match rx.recv_timeout(CASE_LIMIT) {
            Ok(next) => current = next,
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => panic!("{current} ran past {CASE_LIMIT:?}"),
        }
    }
    let [refused, loaded] = worker
        .join()
        .unwrap_or_else(|_| panic!("{current} panicked (see above)"));
    eprintln!(
        "catalog fuzz: {CASES} cases ({loaded} loaded, {refused} refused) in {:.1?}",
        started.elapsed()
    );
    assert!(refused > CASES / 2 && loaded > 0, "{loaded} loaded");
}

/// The shipped guides and the small test fixture, as bytes.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("catalog"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files.push(root.join("tests/fixtures/base/guide.ron"));
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// One hostile file and how it was made. The small fixture is picked as
/// often as all the big guides together: it is cheap, so it gets more cases.
fn case(rng: &mut fastrand::Rng, seeds: &[(String, Vec<u8>)]) -> (String, Vec<u8>) {
    if rng.u8(0..16) == 0 {
        let bytes: Vec<u8> = (0..rng.usize(0..4096)).map(|_| rng.u8(..)).collect();
        return (format!("{} random bytes", bytes.len()), bytes);
    }
    let pick = if rng.bool() {
        seeds.len() - 1
    } else {
        rng.usize(0..seeds.len() - 1)
    };
    let (name, seed) = &seeds[pick];
    let mut bytes = seed.clone();
    let mut what = vec![name.clone()];
    for _ in 0..rng.usize(1..=3) {
        what.push(mutate(rng, &mut bytes));
    }
    (what.join(", "), bytes)
}

fn mutate(rng: &mut fastrand::Rng, bytes: &mut Vec<u8>) -> String {
    let len = bytes.len();
    let at = rng.usize(0..=len);
    match rng.u8(0..7) {
        0 if len > 0 => {
            let i = rng.usize(0..len);
            bytes[i] ^= 1 << rng.u8(0..8);
            format!("bit flipped at {i}")
        }
        1 => {
            bytes.truncate(at);
            format!("cut at {at}")
        }
        2 => {
            let fragment = rng.choice(FRAGMENTS).unwrap().repeat(rng.usize(1..=3));
            bytes.splice(at..at, fragment.bytes());
            format!("{fragment:?} inserted at {at}")
        }
        3 => {
            let end = (at + rng.usize(1..200)).min(len);
            bytes.drain(at..end);
            format!("{at}..{end} deleted")
        }
        4 => {
            let (start, end) = line_around(bytes, at);
            let line = bytes[start..end].to_vec();
            bytes.splice(start..start, line);
            format!("line at {start} doubled")
        }
        5 => {
            let depth = rng.usize(100..20_000);
            let open = if rng.bool() { "[" } else { "(" };
            bytes.splice(at..at, open.repeat(depth).bytes());
            format!("{depth} × {open} inserted at {at}")
        }
        _ => {
            let i = rng.usize(0..len.max(1)).min(len.saturating_sub(1));
            let b = rng
                .choice([0u8, 0x1b, 0x7f, 0x80, 0xc3, 0xe6, 0xff, b'"', b'\n'])
                .unwrap();
            if len > 0 {
                bytes[i] = b;
            }
            format!("byte {i} set to {b:#04x}")
        }
    }
}

/// The line (with its newline) that byte `at` is in.
fn line_around(bytes: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(bytes.len());
    let start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i + 1);
    (start, end)
}

/// Parses and validates text; true when the guide is clean.
fn load_text(bytes: &[u8]) -> bool {
    let text = std::str::from_utf8(bytes).expect("only UTF-8 comes here");
    let path = Path::new("guide.ron");
    match parse_guide(path, text) {
        Ok(guide) => {
            let problems = check_city(path, text, &guide);
            problems.iter().for_each(|p| assert_message(&p.to_string()));
            problems.is_empty()
        }
        Err(p) => {
            assert_message(&p.to_string());
            false
        }
    }
}

/// Loads a folder holding just this file, as `kiosk check` does.
fn load_file(dir: &Path, bytes: &[u8]) -> bool {
    std::fs::write(dir.join("guide.ron"), bytes).unwrap();
    match load_dir(dir) {
        Ok(_) => true,
        Err(problems) => {
            assert!(!problems.is_empty());
            problems.iter().for_each(|p| assert_message(&p.to_string()));
            false
        }
    }
}

fn assert_message(m: &str) {
    assert!(m.starts_with("guide.ron") || m.contains("/guide.ron"), "{m}");
    assert!(m.len() > "guide.ron: ".len(), "an empty message: {m:?}");
}
