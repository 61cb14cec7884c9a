//! Carrying out what the state machine asks for, and reporting the result
//! back to it as an action.

use crate::app::{Action, App, DayFigures, Effect, RatingDraft};
use crate::catalog;
use crate::config::Settings;
use crate::ratings::{self, Format, Origin, Output, Rating, RatingLog, Subject};

pub enum Outcome {
    Quit,
    /// Feed this action back to the state machine.
    Then(Action),
}

/// The ratings log, or why it could not be opened and what waits for it.
enum Log {
    Open(RatingLog),
    Unavailable { error: String, waiting: Vec<Rating> },
}

pub struct Effects {
    settings: Settings,
    origin: Origin,
    log: Log,
    notes: Vec<String>,
}

impl Effects {
    /// Opens the ratings log; a folder that cannot be made is reported to
    /// the operator and tried again later, never a reason not to start.
    pub fn new(settings: &Settings, catalog_version: &str) -> Effects {
        let (log, notes) = match RatingLog::open(settings.ratings_dir()) {
            Ok((log, notes)) => (Log::Open(log), notes),
            Err(e) => (
                Log::Unavailable {
                    error: format!("{}: {e}", settings.ratings_dir().display()),
                    waiting: Vec::new(),
                },
                Vec::new(),
            ),
        };
        Effects {
            settings: settings.clone(),
            origin: Origin::new(settings, catalog_version),
            log,
            notes,
        }
    }

    /// Copies the log's state into what the operator menu shows.
    pub fn report_status(&mut self, app: &mut App) {
        let (error, pending) = match &self.log {
            Log::Open(log) => (log.last_error().map(|e| e.to_string()), log.pending_count()),
            Log::Unavailable { error, waiting } => (Some(error.clone()), waiting.len()),
        };
        if let Log::Open(log) = &mut self.log {
            self.notes.extend(log.take_notices());
        }
        app.status.log_error = error;
        app.status.pending = pending;
        app.status.notes.append(&mut self.notes);
    }

    /// Writes what waits in memory, opening the log first if it was not.
    pub fn retry(&mut self, app: &mut App) {
        if let Log::Unavailable { waiting, .. } = &mut self.log
            && let Ok((mut log, notes)) = RatingLog::open(self.settings.ratings_dir())
        {
            for rating in std::mem::take(waiting) {
                let _ = log.append(&rating);
            }
            self.notes.extend(notes);
            self.log = Log::Open(log);
        }
        if let Log::Open(log) = &mut self.log
            && log.pending_count() > 0
        {
            let _ = log.retry_pending();
        }
        self.report_status(app);
    }

    pub fn carry_out(&mut self, effect: Effect, app: &mut App) -> Outcome {
        let then = match effect {
            Effect::Quit => return Outcome::Quit,
            Effect::Record(draft) => Action::Recorded(self.record(&draft)),
            Effect::Reload => Action::Reloaded(self.reload()),
            Effect::ExportToday => Action::Exported(self.export_today()),
            Effect::LoadFigures => Action::Figures(self.figures()),
        };
        self.report_status(app);
        Outcome::Then(then)
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
        match &mut self.log {
            Log::Open(log) => log.append(&rating).map_err(|e| e.to_string()),
            Log::Unavailable { error, waiting } => {
                waiting.push(rating);
                Err(error.clone())
            }
        }
    }

    /// The catalog on disk, validated in full, its items packed as at
    /// start-up; the snapshot is written for the next start.
    fn reload(&mut self) -> Result<Box<catalog::Catalog>, Vec<String>> {
        let to_strings = |ps: Vec<catalog::Problem>| ps.iter().map(ToString::to_string).collect();
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

    fn export_today(&self) -> Result<String, String> {
        let day = ratings::today(self.settings.offset);
        let done = ratings::export(&self.settings, day, Format::Csv, Output::Default)
            .map_err(|e| e.to_string())?;
        let path = done
            .path
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Ok(format!("已导出 {day} 的 {} 条评价到 {path}", done.records))
    }

    fn figures(&self) -> Result<DayFigures, String> {
        let day = ratings::today(self.settings.offset);
        let summary = ratings::stats(&self.settings.ratings_dir(), day, day, None)
            .map_err(|e| e.to_string())?;
        Ok(DayFigures {
            day: day.to_string(),
            stats: summary.overall,
        })
    }
}
