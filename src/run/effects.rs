//! Carrying out what the state machine asks for, and reporting the result
//! back to it as an action.

use std::fs;
use std::path::PathBuf;

use crate::app::{Action, DayFigures, Effect, PinGuard, RatingDraft, Status};
use crate::catalog;
use crate::config::Settings;
use crate::ratings::{self, Held, Layout, Origin, Output, Rating, RatingLog, Subject};

use super::journal;

pub enum Outcome {
    Quit,
    /// Feed this action back to the state machine.
    Then(Action),
}

pub struct Effects {
    settings: Settings,
    origin: Origin,
    log: RatingLog,
    notes: Vec<String>,
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
            Effect::Reload => Action::Reloaded(self.reload()),
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
            (Some(guide_id), Some((item_id, name))) => Subject::Item {
                guide_id,
                item_id,
                code: draft.code.as_deref(),
                name,
            },
            _ => Subject::Hall,
        };
        let rating = Rating::new(
            ratings::new_id(),
            chrono::Utc::now(),
            self.settings.offset,
            &self.origin,
            subject,
            draft.level,
            &draft.reasons,
        );
        self.log.append(&rating).map_err(|e| e.to_string())
    }

    /// The catalog on disk, validated in full, its items packed as at
    /// start-up; the snapshot is written for the next start.
    fn reload(&mut self) -> Result<Box<catalog::Catalog>, Vec<String>> {
        let to_strings =
            |ps: Vec<crate::ronfile::Problem>| ps.iter().map(ToString::to_string).collect();
        let (catalog_dir, cache_dir) = (self.settings.catalog_dir(), self.settings.log_dir());
        let catalog = crate::snapshot::prepare(&catalog_dir, &cache_dir)
            .map_err(to_strings)?
            .catalog;
        let problems = self.settings.check_against(&catalog);
        if !problems.is_empty() {
            return Err(to_strings(problems));
        }
        self.origin.catalog_version = catalog.version.clone();
        Ok(Box::new(catalog))
    }

    /// Today's export by the profile kiosk.ron names, in the export folder,
    /// replacing an earlier export of the same day (atomically: a failure
    /// leaves the earlier one).
    fn export_today(&self) -> Result<String, String> {
        let day = ratings::today(self.settings.offset);
        let profile = self.settings.profile(None).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            lines.join("\n")
        })?;
        let layout = Layout::Profile(&profile);
        let dir = self.settings.export_dir();
        fs::create_dir_all(&dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
        let output = Output::File {
            path: self.settings.default_export(day, layout),
            replace: true,
        };
        let sources = self.settings.sources();
        let done = ratings::export(&sources, day..=day, layout, self.settings.offset, output)
            .map_err(|e| e.to_string())?;
        let path = done
            .path
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Ok(format!("已导出 {day} 的 {} 条评价到 {path}", done.records))
    }

    fn figures(&self) -> Result<DayFigures, String> {
        let day = ratings::today(self.settings.offset);
        let summary =
            ratings::stats(&self.settings.sources(), day, day, &[]).map_err(|e| e.to_string())?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::RatingDraft;
    use crate::config::Config;
    use crate::ratings::Level;

    /// The operator menu's one-tap export writes by the profile kiosk.ron
    /// names, and a rating of an item records its platform code.
    #[test]
    fn the_menus_export_uses_the_configured_profile() {
        let tmp = tempfile::tempdir().unwrap();
        let settings = Settings::new(Config {
            ratings_dir: tmp.path().join("r"),
            export_dir: tmp.path().join("e"),
            log_dir: tmp.path().join("logs"),
            region_code: Some("430202".into()),
            export_profile: "gbt39046".into(),
            ..Config::default()
        })
        .unwrap();
        let mut effects = Effects::new(&settings, "v1");
        let draft = RatingDraft {
            guide: Some("zhuzhou".into()),
            item: Some(("002036001001".into(), "职工参保登记".into())),
            code: Some("002036001001".into()),
            level: Level::Dissatisfied,
            reasons: settings.taxonomy.reasons[..1].to_vec(),
        };
        let Outcome::Then(Action::Recorded(Ok(()))) = effects.carry_out(Effect::Record(draft))
        else {
            panic!("not recorded")
        };
        let Outcome::Then(Action::Exported(Ok(said))) = effects.carry_out(Effect::ExportToday)
        else {
            panic!("not exported")
        };
        assert!(said.contains(".gbt39046.csv"), "{said}");
        let day = ratings::today(settings.offset);
        let path = settings.default_export(day, Layout::Profile(&settings.profile(None).unwrap()));
        let text = String::from_utf8(fs::read(path).unwrap()).unwrap();
        assert!(
            text.starts_with("\u{feff}办件编号,评价渠道,评价人,评价时间"),
            "{text}"
        );
        assert!(text.contains(",不满意,4,,430202\r\n"), "{text}");
        let (records, _) = crate::ratings::records(&settings.ratings_dir(), day, day)
            .unwrap()
            .partition::<Vec<_>, _>(Result::is_ok);
        let r = records[0].as_ref().unwrap();
        assert_eq!(r.item_code.as_deref(), Some("002036001001"));
        assert_eq!(r.reasons[0].code, "S01");
        assert_eq!(r.taxonomy_version.as_deref(), Some("kiosk-2026.1"));
    }
}
