//! Loading a catalog off the screen's thread: the operator's reload, and a
//! look at the catalog folder every `catalog_check_secs` for an updated one.
//! Reading, validating and indexing a province's catalog takes seconds; the
//! screen's loop only polls for the result and swaps it in whole.
//!
//! - One job at a time, on a thread of its own with a rayon pool of its own
//!   at a lower priority: the visitor's search keeps the global pool, and
//!   its keystrokes never queue behind a catalog file being parsed.
//! - A look is cheap while nothing changed: one `stat` per file. A folder
//!   that changed is read only while it holds still (see
//!   [`crate::catalog::fingerprint`]): one changing during the read (a copy
//!   in progress) is not loaded, and is looked at again next time.
//! - A folder judged once (valid, refused, or holding the catalog in use) is
//!   not judged again until its fingerprint changes, so a broken catalog is
//!   logged once, not at every look.
//! - While a job runs, the loop's longest busy stretch is measured and
//!   logged with the job's outcome: how long a visitor could have waited.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use crate::app::{Action, Found, Loaded, Options, Retired};
use crate::catalog::fingerprint::{Fingerprint, Unsettled, fingerprint};
use crate::catalog::load::version_of;
use crate::config::Settings;
use crate::ronfile::Problem;
use crate::snapshot;

use super::journal;

/// How often the loop polls for a running job's result.
const POLL: Duration = Duration::from_millis(20);
/// The nice value of the loading threads: the screen's thread comes first.
const NICE: i32 = 10;

pub struct Loader {
    catalog_dir: PathBuf,
    log_dir: PathBuf,
    settings: Settings,
    every: Option<Duration>,
    next_look: Instant,
    /// The folder as last judged, not judged again until it changes.
    seen: Option<Fingerprint>,
    /// The version of the catalog in use.
    in_use: String,
    job: Option<Job>,
    /// An operator's reload asked for while a look ran.
    queued: bool,
    /// The last refusal logged, not logged again.
    refused: Option<Vec<String>>,
    meter: Meter,
    /// Lines for the log, written with the loop's figures once the loop
    /// has dealt with what they report.
    to_log: Vec<Note>,
}

/// What is logged once the loop has dealt with it.
enum Note {
    /// A job's outcome, with the loop's figures while it ran.
    Job(String),
    /// A catalog swapped in.
    Swap(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Reload,
    Look,
}

struct Job {
    kind: Kind,
    result: Receiver<Outcome>,
}

/// What a job found.
enum Outcome {
    /// A look: the folder is as last judged.
    Unchanged,
    /// A look: the folder changed, but holds the catalog in use.
    InUse(Fingerprint),
    Loaded(Loaded, Fingerprint),
    Unsettled(Unsettled),
}

impl Loader {
    pub fn new(settings: &Settings, in_use: &str) -> Loader {
        let every = settings.config.catalog_check_secs.map(Duration::from_secs);
        Loader {
            catalog_dir: settings.catalog_dir(),
            log_dir: settings.log_dir(),
            settings: settings.clone(),
            every,
            next_look: Instant::now() + every.unwrap_or_default(),
            seen: None,
            in_use: in_use.to_owned(),
            job: None,
            queued: false,
            refused: None,
            meter: Meter::new(),
            to_log: Vec::new(),
        }
    }

    /// The operator's reload: at once, or after the look under way.
    pub fn reload(&mut self) {
        match self.job {
            Some(_) => self.queued = true,
            None => self.start(Kind::Reload),
        }
    }

    /// The catalog of `version` went into use; the one it replaced is let
    /// go of on a thread of its own.
    pub fn in_use(&mut self, version: String, retired: Retired) {
        let _ = std::thread::Builder::new()
            .name("retired".into())
            .spawn(move || {
                lower_priority();
                drop(retired);
            });
        self.to_log
            .push(Note::Swap(format!("catalog {version} now in use")));
        self.in_use = version;
    }

    /// The longest the loop may wait for input before it polls again.
    pub fn wait_at_most(&self) -> Duration {
        match (&self.job, self.every) {
            (Some(_), _) => POLL,
            (None, Some(_)) => self.next_look.saturating_duration_since(Instant::now()),
            (None, None) => Duration::MAX,
        }
    }

    /// The loop is about to wait, after being busy for `busy`: counted while
    /// a job runs; the turn that dealt with a job's outcome, or with a
    /// swap, is logged with it.
    pub fn waiting(&mut self, busy: Duration) {
        if self.job.is_some() {
            self.meter.add(busy);
        }
        let ms = busy.as_secs_f64() * 1e3;
        for note in std::mem::take(&mut self.to_log) {
            let line = match note {
                Note::Job(what) => format!(
                    "{what}; while it loaded {}, and {ms:.1} ms in the turn that dealt with it",
                    self.meter
                ),
                Note::Swap(what) => {
                    format!("{what}; the swap kept the screen's loop busy {ms:.1} ms")
                }
            };
            journal::write(&self.log_dir, &line);
        }
    }

    /// A finished job's result for the state machine, if there is one;
    /// starts a look when one is due.
    pub fn done(&mut self) -> Option<Action> {
        if self.job.is_none() && self.every.is_some() && Instant::now() >= self.next_look {
            self.start(Kind::Look);
        }
        let outcome = match self.job.as_ref()?.result.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Outcome::Unsettled(Unsettled::Invalid(
                vec![Problem::file(
                    &self.catalog_dir,
                    "loading failed (see panic.log)",
                )],
                None,
            )),
        };
        let kind = self.job.take().map(|j| j.kind)?;
        self.meter.took = self.meter.started.elapsed();
        if kind == Kind::Look {
            self.next_look = Instant::now() + self.every.unwrap_or_default();
        }
        let action = self.judge(kind, outcome);
        if std::mem::take(&mut self.queued) {
            self.start(Kind::Reload);
        }
        action
    }

    fn start(&mut self, kind: Kind) {
        self.meter = Meter::new();
        let dir = self.catalog_dir.clone();
        let cache = self.log_dir.clone();
        let settings = self.settings.clone();
        let (seen, in_use) = (self.seen.clone(), self.in_use.clone());
        let result = spawn(move || match kind {
            Kind::Reload => validate(&dir, &cache, &settings),
            Kind::Look => look(&dir, &cache, &settings, seen.as_ref(), &in_use),
        });
        self.job = Some(Job { kind, result });
    }

    /// What an outcome means for the state machine, and for the log.
    fn judge(&mut self, kind: Kind, outcome: Outcome) -> Option<Action> {
        let by = match kind {
            Kind::Reload => "the operator's reload",
            Kind::Look => "a look at the catalog folder",
        };
        let result = match outcome {
            Outcome::Unchanged => return None,
            Outcome::InUse(fingerprint) => {
                self.seen = Some(fingerprint);
                self.refused = None;
                return Some(Action::CatalogFound(Found::InUse));
            }
            Outcome::Loaded(loaded, fingerprint) => {
                self.seen = Some(fingerprint);
                self.refused = None;
                let (version, items) = (loaded.version(), loaded.catalog().item_count());
                self.to_log.push(Note::Job(match kind {
                    Kind::Reload => format!("{by}: catalog {version} ({items} items) is valid"),
                    Kind::Look => format!(
                        "{by}: catalog {version} ({items} items) is valid; it goes into use at the next idle reset"
                    ),
                }));
                Ok(loaded)
            }
            Outcome::Unsettled(Unsettled::Changed(problem)) => {
                self.to_log
                    .push(Note::Job(format!("{by}: {problem}; looked at again later")));
                match kind {
                    Kind::Reload => Err(vec![problem.to_string()]),
                    Kind::Look => return None,
                }
            }
            Outcome::Unsettled(Unsettled::Invalid(problems, fingerprint)) => {
                self.seen = fingerprint;
                let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
                if self.refused.as_ref() != Some(&problems) || kind == Kind::Reload {
                    self.to_log.push(Note::Job(format!(
                        "{by}: catalog refused, the one in use ({}) stays: {}",
                        self.in_use,
                        problems.join(" | ")
                    )));
                }
                self.refused = Some(problems.clone());
                Err(problems)
            }
        };
        Some(match (kind, result) {
            (Kind::Reload, result) => Action::Reloaded(result),
            (Kind::Look, Ok(loaded)) => Action::CatalogFound(Found::New(loaded)),
            (Kind::Look, Err(problems)) => Action::CatalogFound(Found::Refused(problems)),
        })
    }
}

/// The folder read while it holds still, validated in full (with the
/// kiosk.ron's home guide and district), its order and index made.
fn validate(dir: &std::path::Path, cache: &std::path::Path, settings: &Settings) -> Outcome {
    match snapshot::prepare_settled(dir, cache) {
        Ok((ready, fingerprint)) => {
            let problems = settings.check_against(&ready.catalog);
            if problems.is_empty() {
                let opts = Options::from_settings(settings);
                Outcome::Loaded(Loaded::new(ready, &opts), fingerprint)
            } else {
                Outcome::Unsettled(Unsettled::Invalid(problems, Some(fingerprint)))
            }
        }
        Err(unsettled) => Outcome::Unsettled(unsettled),
    }
}

/// A look: nothing when the folder is as last judged; the catalog in use
/// when its texts are those of the one in use (a first look, a touched
/// file); else the folder validated.
fn look(
    dir: &std::path::Path,
    cache: &std::path::Path,
    settings: &Settings,
    seen: Option<&Fingerprint>,
    in_use: &str,
) -> Outcome {
    let before = match fingerprint(dir) {
        Ok(f) if Some(&f) == seen => return Outcome::Unchanged,
        Ok(f) => f,
        Err(problem) => return Outcome::Unsettled(Unsettled::Invalid(vec![problem], None)),
    };
    let same_texts = version_of(dir).is_ok_and(|v| v == in_use);
    if same_texts && fingerprint(dir).is_ok_and(|after| after == before) {
        return Outcome::InUse(before);
    }
    validate(dir, cache, settings)
}

/// Runs `work` on a thread of its own, its rayon work on a pool of its own,
/// both below the screen's priority.
fn spawn(work: impl FnOnce() -> Outcome + Send + 'static) -> Receiver<Outcome> {
    let (tx, rx) = mpsc::channel();
    let started = std::thread::Builder::new()
        .name("catalog".into())
        .spawn(move || {
            lower_priority();
            let pool = rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("catalog-{i}"))
                .start_handler(|_| lower_priority())
                .build();
            let outcome = match pool {
                Ok(pool) => pool.install(work),
                Err(_) => work(),
            };
            let _ = tx.send(outcome);
        });
    // A thread that could not start drops the sender: reported as failed.
    drop(started);
    rx
}

/// This thread below the others (Linux: a thread's own nice value). Best
/// effort: at worst it competes as an equal.
fn lower_priority() {
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), NICE);
}

/// The loop's longest busy stretch while a job ran.
struct Meter {
    started: Instant,
    /// How long the job took, once it is done.
    took: Duration,
    longest: Duration,
    turns: usize,
}

impl Meter {
    fn new() -> Meter {
        Meter {
            started: Instant::now(),
            took: Duration::ZERO,
            longest: Duration::ZERO,
            turns: 0,
        }
    }

    fn add(&mut self, busy: Duration) {
        self.longest = self.longest.max(busy);
        self.turns += 1;
    }
}

impl std::fmt::Display for Meter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.1} s, the screen's loop was busy at most {:.1} ms at a time ({} turns)",
            self.took.as_secs_f64(),
            self.longest.as_secs_f64() * 1e3,
            self.turns
        )
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;
    use crate::config::Config;

    const BASE: &str = include_str!("../../tests/fixtures/base/guide.ron");

    /// A catalog folder holding the base fixture, and a loader for it
    /// whose catalog in use is that folder's.
    fn setup() -> (tempfile::TempDir, Loader) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("catalog");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("guide.ron"), BASE).unwrap();
        let settings = Settings::new(Config {
            catalog: dir.clone(),
            log_dir: tmp.path().join("logs"),
            catalog_check_secs: Some(60),
            ..Config::default()
        })
        .unwrap();
        let loader = Loader::new(&settings, &version_of(&dir).unwrap());
        (tmp, loader)
    }

    /// Starts a look now, waits for it, and gives what it found for the
    /// state machine, after the loop's turn that dealt with it.
    fn look_now(loader: &mut Loader) -> Option<Action> {
        loader.next_look = Instant::now();
        finish(loader)
    }

    fn finish(loader: &mut Loader) -> Option<Action> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let done = loader.done();
            loader.waiting(Duration::from_millis(1));
            if done.is_some() || loader.job.is_none() {
                return done;
            }
            assert!(Instant::now() < deadline, "the job never ended");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn events(tmp: &Path) -> String {
        fs::read_to_string(tmp.join("logs").join(journal::EVENTS)).unwrap_or_default()
    }

    #[test]
    fn a_look_finds_nothing_until_the_folder_changes_then_the_new_catalog() {
        let (tmp, mut loader) = setup();
        // The first look: the folder holds the catalog in use.
        assert_eq!(
            look_now(&mut loader),
            Some(Action::CatalogFound(Found::InUse))
        );
        assert_eq!(look_now(&mut loader), None, "nothing changed");
        let file = tmp.path().join("catalog/guide.ron");
        fs::write(&file, BASE.replace("示例市", "新示例市")).unwrap();
        let Some(Action::CatalogFound(Found::New(new))) = look_now(&mut loader) else {
            panic!("the changed folder was not loaded");
        };
        assert_eq!(new.catalog().guides[0].name, "新示例市");
        assert_eq!(
            new.version(),
            version_of(&tmp.path().join("catalog")).unwrap()
        );
        let log = events(tmp.path());
        assert!(
            log.contains(&format!(
                "a look at the catalog folder: catalog {} (1 items) is valid; it goes into use at the next idle reset; while it loaded 0.",
                new.version()
            )),
            "{log}"
        );
        assert_eq!(look_now(&mut loader), None, "judged once");
    }

    #[test]
    fn a_broken_catalog_is_refused_and_logged_once_until_it_changes() {
        let (tmp, mut loader) = setup();
        let file = tmp.path().join("catalog/guide.ron");
        fs::write(&file, BASE.replace("part: \"p01\"", "part: \"p99\"")).unwrap();
        let Some(Action::CatalogFound(Found::Refused(problems))) = look_now(&mut loader) else {
            panic!("a broken folder was not refused");
        };
        assert!(
            problems
                .iter()
                .any(|p| p.contains("guide.ron:") && p.contains("p99")),
            "{problems:?}"
        );
        assert_eq!(look_now(&mut loader), None);
        let log = events(tmp.path());
        assert_eq!(log.matches("catalog refused").count(), 1, "{log}");
        // Put back: the catalog in use again, nothing waits.
        fs::write(&file, BASE).unwrap();
        assert_eq!(
            look_now(&mut loader),
            Some(Action::CatalogFound(Found::InUse))
        );
    }

    #[test]
    fn a_reload_asked_for_during_a_look_runs_after_it() {
        let (tmp, mut loader) = setup();
        let file = tmp.path().join("catalog/guide.ron");
        fs::write(&file, BASE.replace("示例市", "新示例市")).unwrap();
        loader.next_look = Instant::now();
        assert_eq!(loader.done(), None, "the look started");
        assert_eq!(loader.job.as_ref().map(|j| j.kind), Some(Kind::Look));
        loader.reload();
        assert!(matches!(
            finish(&mut loader),
            Some(Action::CatalogFound(Found::New(_)))
        ));
        let Some(Action::Reloaded(Ok(new))) = finish(&mut loader) else {
            panic!("the reload did not follow the look");
        };
        assert_eq!(new.catalog().guides[0].name, "新示例市");
        // Swapped in: logged with the turn that did it.
        let old = crate::catalog::load_dir(&tmp.path().join("catalog")).unwrap();
        let index = crate::search::SearchIndex::new(&old, &[0]);
        loader.in_use(new.version().to_owned(), Retired::new(old, index));
        loader.waiting(Duration::from_millis(2));
        let log = events(tmp.path());
        assert!(
            log.contains(&format!(
                "catalog {} now in use; the swap kept the screen's loop busy 2.0 ms",
                new.version()
            )),
            "{log}"
        );
        assert_eq!(look_now(&mut loader), None, "the folder as judged");
    }

    #[test]
    fn a_reload_of_a_catalog_without_the_home_guide_is_refused_at_the_config() {
        let (tmp, mut loader) = setup();
        loader.settings.config.home_guide = Some("nowhere".into());
        loader.reload();
        let Some(Action::Reloaded(Err(problems))) = finish(&mut loader) else {
            panic!("not refused");
        };
        assert!(
            problems[0].contains("home_guide \"nowhere\""),
            "{problems:?}"
        );
        assert!(events(tmp.path()).contains("the operator's reload: catalog refused"));
    }
}
