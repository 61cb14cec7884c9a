//! Carrying out what the state machine asks for, and reporting the result
//! back to it as an action.

use std::fs;
use std::path::PathBuf;

use crate::app::{Action, App, DayFigures, Effect, PinGuard, RatingDraft, Status};
use crate::config::Settings;
use crate::ratings::{self, Held, Layout, Origin, Output, Rating, RatingLog, Subject};
use crate::speech::{self, Speaker, SpeechState};
use crate::ticket::{self, PrintFailure, PrintJob, PrintState, Printer};

use super::journal;
use super::loader::Loader;

pub enum Outcome {
    Quit,
    /// Feed this action back to the state machine.
    Then(Action),
    /// Under way, or done: nothing to feed back now ([`Effects::poll`]
    /// reports what comes of it later).
    Nothing,
}

pub struct Effects {
    settings: Settings,
    origin: Origin,
    log: RatingLog,
    notes: Vec<String>,
    speaker: Speaker,
    /// The speech state last reported to the state machine.
    spoken: SpeechState,
    printer: Option<Printer>,
    /// The ticket being printed: one at a time.
    job: Option<PrintJob>,
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
            speaker: Speaker::from_settings(settings),
            spoken: SpeechState::Idle,
            printer: Printer::from_settings(settings),
            job: None,
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

    /// Carries out `effect`; `app` is the state that asked for it (what is
    /// read aloud and printed comes from its catalog).
    pub fn carry_out(&mut self, effect: Effect, app: &App) -> Outcome {
        Outcome::Then(match effect {
            Effect::Quit => return Outcome::Quit,
            Effect::ReadAloud(reading) => {
                let script = crate::ui::reading::script(app, &reading);
                self.speaker.speak(&speech::spoken(&script));
                return self.poll_speech().map_or(Outcome::Nothing, Outcome::Then);
            }
            Effect::StopReading => {
                self.speaker.stop();
                self.spoken = SpeechState::Idle;
                return Outcome::Nothing;
            }
            Effect::PrintTicket { guide, item } => match self.print(app, guide, item) {
                Ok(()) => return Outcome::Nothing,
                Err(failure) => Action::Printed(Err(self.print_failed(failure))),
            },
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

    /// How the speech program and the printer are doing, as actions for
    /// the state machine: only what changed since the last look.
    pub fn poll(&mut self) -> Vec<Action> {
        let mut changed: Vec<Action> = self.poll_speech().into_iter().collect();
        let state = self.job.as_mut().map(PrintJob::poll);
        match state {
            None | Some(PrintState::Printing) => {}
            Some(PrintState::Done) => {
                self.job = None;
                changed.push(Action::Printed(Ok(())));
            }
            Some(PrintState::Failed(failure)) => {
                self.job = None;
                changed.push(Action::Printed(Err(self.print_failed(failure))));
            }
        }
        changed
    }

    fn poll_speech(&mut self) -> Option<Action> {
        let state = self.speaker.poll();
        if state == self.spoken {
            return None;
        }
        if let SpeechState::Unavailable(why) | SpeechState::Failed(why) = &state {
            journal::write(&self.settings.log_dir(), &format!("reading aloud: {why}"));
        }
        self.spoken = state.clone();
        Some(Action::Speech(state))
    }

    /// Starts printing the item's ticket, for the hall, now.
    fn print(&mut self, app: &App, guide: usize, item: usize) -> Result<(), PrintFailure> {
        let Some(printer) = &self.printer else {
            return Err(PrintFailure::Missing("no printer in kiosk.ron".into()));
        };
        if self.job.is_some() {
            // A device takes one ticket at a time; two would interleave.
            return Err(PrintFailure::Busy("a ticket is still printing".into()));
        }
        let Some((g, i)) = app.item(guide, item) else {
            return Err(PrintFailure::Failed(format!(
                "no item {item} in guide {guide}"
            )));
        };
        let hall = ticket::Hall {
            name: &self.settings.config.hall_name,
            district: app.own_district(guide),
            now: chrono::Utc::now().with_timezone(&self.settings.offset),
            catalog_version: &app.catalog.version,
        };
        let ticket = ticket::compose(g, i, &hall, printer.columns);
        self.job = Some(printer.start(&ticket));
        Ok(())
    }

    /// Notes a failed ticket for the staff, and hands it on.
    fn print_failed(&self, failure: PrintFailure) -> PrintFailure {
        journal::write(
            &self.settings.log_dir(),
            &format!("printing a ticket failed: {}", failure.detail()),
        );
        failure
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

    /// Today's CSV in the export folder, replacing an earlier export of the
    /// same day (atomically: a failure leaves the earlier one).
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
    use std::time::{Duration, Instant};

    use super::*;
    use crate::app::RatingDraft;
    use crate::app::tests::app;
    use crate::config::{Config, Speech};
    use crate::ratings::Level;

    /// Effects for a hall whose printer is `command` and whose speech
    /// program is `speech`, its folders in `dir`.
    fn effects(dir: &std::path::Path, command: &[&str], speech: Speech) -> Effects {
        let config = Config {
            ratings_dir: dir.join("r"),
            log_dir: dir.join("logs"),
            export_dir: dir.join("e"),
            speech,
            printer: Some(crate::config::Printer {
                device: None,
                command: Some(command.iter().map(|s| s.to_string()).collect()),
                columns: 48,
                timeout_secs: 10,
            }),
            ..Config::default()
        };
        Effects::new(&Settings::new(config).unwrap(), "v1")
    }

    /// Polls as the event loop does until something is reported.
    fn next_report(effects: &mut Effects) -> Vec<Action> {
        let start = Instant::now();
        loop {
            let reports = effects.poll();
            if !reports.is_empty() {
                return reports;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "nothing reported"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_ticket_goes_out_once_and_a_second_meanwhile_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("printed.txt");
        let script = "cat > \"$0\"; sleep 0.3";
        let command = ["sh", "-c", script, out.to_str().unwrap()];
        let mut effects = effects(dir.path(), &command, Speech::Off);
        let app = app();
        let print = || Effect::PrintTicket { guide: 0, item: 0 };
        assert!(matches!(effects.carry_out(print(), &app), Outcome::Nothing));
        let Outcome::Then(Action::Printed(Err(PrintFailure::Busy(_)))) =
            effects.carry_out(print(), &app)
        else {
            panic!("a second ticket while one prints must be refused as busy");
        };
        assert_eq!(next_report(&mut effects), [Action::Printed(Ok(()))]);
        let text = fs::read_to_string(&out).unwrap();
        assert!(
            text.contains("一次性告知单") && text.contains("事项：单位参保登记"),
            "{text}"
        );
        assert!(text.contains("目录版本："), "{text}");
        // Done, the printer takes the next one.
        assert!(matches!(effects.carry_out(print(), &app), Outcome::Nothing));
    }

    #[test]
    fn a_failed_ticket_is_reported_and_noted_for_the_staff() {
        let dir = tempfile::tempdir().unwrap();
        let command = ["sh", "-c", "cat > /dev/null; echo jammed >&2; exit 2"];
        let mut effects = effects(dir.path(), &command, Speech::Off);
        effects.carry_out(Effect::PrintTicket { guide: 0, item: 0 }, &app());
        let reports = next_report(&mut effects);
        assert!(
            matches!(&reports[..], [Action::Printed(Err(PrintFailure::Failed(why)))] if why.contains("jammed")),
            "{reports:?}"
        );
        let log = fs::read_to_string(dir.path().join("logs/kiosk.log")).unwrap();
        assert!(log.contains("printing a ticket failed: sh ended"), "{log}");
    }

    #[test]
    fn speech_is_reported_when_it_changes_and_stopped_on_request() {
        let dir = tempfile::tempdir().unwrap();
        let heard = dir.path().join("heard.txt");
        let script = "cat > \"$0\"; sleep 600";
        let speech = Speech::Command(
            ["sh", "-c", script, heard.to_str().unwrap()]
                .map(String::from)
                .to_vec(),
        );
        let mut effects = effects(dir.path(), &["true"], speech);
        let mut app = app();
        crate::app::update(&mut app, Action::Choose(1), crate::app::tests::at(1));
        let reading = crate::app::Reading {
            screen: app.screen().clone(),
            shown: crate::app::Shown { first: 0, end: 2 },
        };
        let Outcome::Then(Action::Speech(SpeechState::Speaking)) =
            effects.carry_out(Effect::ReadAloud(reading), &app)
        else {
            panic!("reading starts at once");
        };
        let start = Instant::now();
        while fs::read_to_string(&heard).map_or(true, |t| t.is_empty()) {
            assert!(start.elapsed() < Duration::from_secs(10));
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(effects.poll().is_empty(), "nothing changed");
        let text = fs::read_to_string(&heard).unwrap();
        assert!(
            text.starts_with("第一部分，参保登记。\n按一，单位参保登记。\n"),
            "{text}"
        );
        assert!(matches!(
            effects.carry_out(Effect::StopReading, &app),
            Outcome::Nothing
        ));
        assert!(
            effects.poll().is_empty(),
            "a stop the state machine asked for is no news"
        );
    }

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
        let Outcome::Then(Action::Recorded(Ok(()))) =
            effects.carry_out(Effect::Record(draft), &app())
        else {
            panic!("not recorded")
        };
        let Outcome::Then(Action::Exported(Ok(said))) =
            effects.carry_out(Effect::ExportToday, &app())
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
