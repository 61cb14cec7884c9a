//! Carrying out what the state machine asks for, and reporting the result
//! back to it as an action.

use std::fs;
use std::path::PathBuf;

use crate::app::{Action, DayFigures, Effect, PinGuard, RatingDraft, Status};
use crate::config::Settings;
use crate::ratings::{self, Format, Held, Origin, Output, Rating, RatingLog, Subject};

use super::journal;
use super::loader::Loader;

pub enum Outcome {
    Quit,
    /// Feed this action back to the state machine.
    Then(Action),
    /// Under way, or done: nothing to feed back now.
    Nothing,
}

pub struct Effects {
    settings: Settings,
    origin: Origin,
    log: RatingLog,
    notes: Vec<String>,
    /// Catalogs loaded off the screen's thread.
    pub loader: Loader,
}

impl Effects {
    /// Opens the ratings log and its spare file, taking back ratings an
    /// earlier run held there. A folder that cannot be used is reported to
    /// the operator and tried again later, never a reason not to start.
    pub fn new(settings: &Settings, catalog_version: &str) -> Effects {
        let (mut log, mut notes) = RatingLog::open(settings.ratings_dir());
        notes.extend(log.hold_in(&settings.spare_path()));
        for note in &notes {
            journal::write(&settings.log_dir(), note);
        }
        Effects {
            settings: settings.clone(),
            origin: settings.origin(catalog_version),
            log,
            notes,
            loader: Loader::new(settings, catalog_version),
        }
    }

    /// The log's state, for the operator menu (as [`Action::Status`]).
    pub fn status(&mut self) -> Status {
        self.notes.extend(self.log.take_notices());
        Status {
            log_error: self.log.last_error().map(|e| e.to_string()),
            held: self.log.held(),
            notes: self.notes.clone(),
        }
    }

    /// Writes the held ratings, if the log will take them now.
    pub fn retry(&mut self) {
        let _ = self.log.retry_pending();
    }

    /// The last try before the program ends; says where any held ratings
    /// are, for the journal.
    pub fn finish(&mut self) -> Option<String> {
        self.retry();
        match self.log.held() {
            Held::None => None,
            Held::Spared { count, path } => Some(format!(
                "exit with {count} ratings held in {}: the next start writes them to the log",
                path.display()
            )),
            Held::InMemory { count, why } => Some(format!(
                "exit with {count} ratings held only in memory, now lost ({why})"
            )),
        }
    }

    pub fn carry_out(&mut self, effect: Effect) -> Outcome {
        Outcome::Then(match effect {
            Effect::Quit => return Outcome::Quit,
            Effect::Record(draft) => Action::Recorded(self.record(&draft)),
            Effect::Reload => {
                self.loader.reload();
                return Outcome::Nothing;
            }
            Effect::CatalogInUse { version, retired } => {
                // Every rating from now on records the catalog it was given under.
                self.origin.catalog_version.clone_from(&version);
                self.loader.in_use(version, retired);
                return Outcome::Nothing;
            }
            Effect::ExportToday => Action::Exported(self.export_today()),
            Effect::LoadFigures => Action::Figures(self.figures()),
            Effect::SavePinGuard(guard) => {
                if let Err(e) = save_pin_guard(&self.settings, guard) {
                    journal::write(
                        &self.settings.log_dir(),
                        &format!("cannot keep the PIN lock: {e}"),
                    );
                }
                Action::Status(self.status())
            }
        })
    }

    fn record(&mut self, draft: &RatingDraft) -> Result<(), String> {
        let subject = match (&draft.guide, &draft.item) {
            (Some(city_id), Some((item_id, name))) => Subject::Item {
                city_id,
                item_id,
                name,
            },
            _ => Subject::Hall,
        };
        let rating = Rating::new(
            chrono::Utc::now(),
            self.settings.offset,
            &self.origin,
            subject,
            draft.level,
            &draft.tags,
        );
        self.log.append(&rating).map_err(|e| e.to_string())
    }

    /// Today's CSV in the export folder, replacing an earlier export of the
    /// same day (atomically: a failure leaves the earlier one).
    fn export_today(&self) -> Result<String, String> {
        let day = ratings::today(self.settings.offset);
        let dir = self.settings.export_dir();
        fs::create_dir_all(&dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
        let path = self.settings.default_export(day, Format::Csv);
        let output = Output::File {
            path,
            replace: true,
        };
        let files = self.settings.rating_files();
        let done = ratings::export(&files, day, Format::Csv, self.settings.offset, output)
            .map_err(|e| e.to_string())?;
        let path = done
            .path
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Ok(format!("已导出 {day} 的 {} 条评价到 {path}", done.records))
    }

    fn figures(&self) -> Result<DayFigures, String> {
        let day = ratings::today(self.settings.offset);
        let summary = ratings::stats(&self.settings.rating_files(), day, day, None)
            .map_err(|e| e.to_string())?;
        Ok(DayFigures {
            day: day.to_string(),
            stats: summary.overall,
        })
    }
}

/// Where the PIN pad's memory is kept.
fn pin_guard_path(settings: &Settings) -> PathBuf {
    settings.log_dir().join("pin-guard.json")
}

/// The PIN pad's memory from an earlier run; none when there is none or it
/// cannot be read (which gives no more tries than a lock that expired).
pub fn load_pin_guard(settings: &Settings) -> PinGuard {
    fs::read(pin_guard_path(settings))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

fn save_pin_guard(settings: &Settings, guard: PinGuard) -> std::io::Result<()> {
    let path = pin_guard_path(settings);
    let dir = settings.log_dir();
    fs::create_dir_all(&dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(&dir)?;
    serde_json::to_writer(&mut temp, &guard)?;
    temp.as_file().sync_all()?;
    temp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}
