//! `kiosk.ron`: the terminal's own configuration. Every field has a default,
//! so a minimal file (even `()`) works.

mod pin;

pub use pin::PinHash;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{FixedOffset, NaiveDate};
use serde::Deserialize;

use crate::catalog::Catalog;
use crate::catalog::trust::TrustedHost;
use crate::ratings::reasons::{self, ReasonEntry, Taxonomy};
use crate::ratings::{Layout, Origin, RatingFiles, Sources, default_file_name, place, profile};
use crate::ronfile::{Problem, read_text, ron_options};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Shown on the home screen.
    pub hall_name: String,
    /// Recorded with every rating and in export file names.
    pub hall_id: String,
    pub terminal_id: String,
    /// The catalog folder, relative to this file.
    pub catalog: PathBuf,
    /// Seconds between looks for an updated catalog folder; none: never look.
    /// A changed folder is validated in the background and goes into use at
    /// the next idle reset.
    pub catalog_check_secs: Option<u64>,
    /// The guide (id or name) listed first on the home screen.
    #[serde(alias = "home_city")]
    pub home_guide: Option<String>,
    /// The hall's own district in the home guide: its windows and phones come first.
    pub home_district: Option<String>,
    /// Seconds without input before the "还需要更多时间吗？" overlay.
    pub idle_timeout_secs: u64,
    /// Seconds the overlay counts down before everything resets to Home.
    pub idle_warning_secs: u64,
    pub ratings_dir: PathBuf,
    pub export_dir: PathBuf,
    /// Where panic reports and operator events are written.
    pub log_dir: PathBuf,
    /// The hall's UTC offset, which decides the hall's day (`+08:00`).
    pub utc_offset: String,
    pub theme: Theme,
    /// The 差评 reasons offered after 不满意 / 非常不满意: coded entries
    /// `(code, label, about)`, or (the older form) plain labels; none for
    /// the built-in list.
    pub bad_reasons: Option<Vec<ReasonEntry>>,
    /// The version of the coded `bad_reasons` list, recorded with every 差评.
    pub taxonomy_version: Option<String>,
    /// The hall's 行政区划 code, recorded with every rating.
    pub region_code: Option<String>,
    /// The hall's unit code (统一社会信用代码), where a platform needs one.
    pub unit_code: Option<String>,
    /// How the 好差评 platform names this terminal's channel.
    pub rating_channel: String,
    /// The export profile of `kiosk export` and the operator menu.
    pub export_profile: String,
    /// A hall's own export profiles, relative to this file.
    pub profiles_dir: PathBuf,
    /// Taps in the top-left corner that open the operator PIN pad.
    pub operator_taps: u32,
    /// A PHC string (`$pbkdf2-sha256$i=…`) made with `kiosk pin`; never the PIN itself.
    pub operator_pin_hash: Option<String>,
    /// The hosts an online channel's QR code may lead to; any other address
    /// is shown as "请咨询窗口工作人员" and reported by `kiosk check`.
    pub trusted_hosts: Vec<TrustedHost>,
    /// The program that reads screens aloud.
    pub speech: Speech,
    /// The receipt printer for the 一次性告知单; none when absent.
    pub printer: Option<Printer>,
}

/// Which program reads screens aloud (text on its standard input).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub enum Speech {
    /// `espeak-ng -v cmn` when it is installed, else no reading aloud.
    #[default]
    Auto,
    /// No reading aloud.
    Off,
    /// This program and its arguments.
    Command(Vec<String>),
}

/// A receipt printer: an ESC/POS device, or a command fed plain text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Printer {
    /// An ESC/POS thermal printer's device file (`/dev/usb/lp0`).
    #[serde(default)]
    pub device: Option<PathBuf>,
    /// A program and its arguments fed UTF-8 text (`["lp", "-d", "receipt"]`).
    #[serde(default)]
    pub command: Option<Vec<String>>,
    /// 32 for 58 mm paper, 48 for 80 mm.
    #[serde(default = "Printer::default_columns")]
    pub columns: u16,
    /// Seconds a ticket may take before the visitor is told it failed.
    #[serde(default = "Printer::default_timeout")]
    pub timeout_secs: u64,
}

impl Printer {
    fn default_columns() -> u16 {
        32
    }

    fn default_timeout() -> u64 {
        30
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum Theme {
    /// Dark blue header, white body.
    #[default]
    Standard,
    /// Yellow and white on black.
    HighContrast,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            hall_name: "医疗保障服务大厅".into(),
            hall_id: "hall".into(),
            terminal_id: "T01".into(),
            catalog: "catalog".into(),
            catalog_check_secs: None,
            home_guide: None,
            home_district: None,
            idle_timeout_secs: 90,
            idle_warning_secs: 20,
            ratings_dir: "ratings".into(),
            export_dir: "exports".into(),
            log_dir: "logs".into(),
            utc_offset: "+08:00".into(),
            theme: Theme::Standard,
            bad_reasons: None,
            taxonomy_version: None,
            region_code: None,
            unit_code: None,
            rating_channel: "政务大厅其他终端".into(),
            export_profile: profile::DEFAULT_PROFILE.into(),
            profiles_dir: "profiles".into(),
            operator_taps: 5,
            operator_pin_hash: None,
            // The hosts the shipped guides print, and every government site.
            trusted_hosts: vec![
                TrustedHost::Host("www.cs12333.com".into()),
                TrustedHost::Host("www.yzylbzj.com".into()),
                TrustedHost::Host("zwfw.hubei.gov.cn".into()),
                TrustedHost::Suffix("gov.cn".into()),
            ],
            speech: Speech::Auto,
            printer: None,
        }
    }
}

/// A loaded config with its paths made absolute against the file's folder.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub offset: FixedOffset,
    pub path: Option<PathBuf>,
    /// The 差评 reasons offered, grouped for the screen.
    pub taxonomy: Taxonomy,
    /// The file's text, to point problems at their line.
    source: String,
}

/// Fields renamed since halls wrote their kiosk.ron: (name now, name then).
/// The old names still load (serde aliases) and problems still find them.
const FORMER_NAMES: [(&str, &str); 1] = [("home_guide", "home_city")];

/// A problem with one field of the config, at the field's line when written.
fn field_problem(path: &Path, source: &str, key: &str, message: String) -> Problem {
    let written_as = |name: &str| {
        source.lines().position(|l| {
            l.trim_start()
                .strip_prefix(name)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    };
    let line = written_as(key).or_else(|| {
        FORMER_NAMES
            .iter()
            .find(|(now, _)| *now == key)
            .and_then(|(_, old)| written_as(old))
    });
    Problem {
        line: line.map(|l| l + 1),
        ..Problem::file(path, message)
    }
}

impl Settings {
    /// Settings from a config made in code (no file), validated like a file.
    pub fn new(config: Config) -> Result<Settings, Vec<Problem>> {
        from_config(config, None, String::new())
    }

    pub fn resolve(&self, p: &Path) -> PathBuf {
        match self.path.as_deref().and_then(Path::parent) {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }

    pub fn catalog_dir(&self) -> PathBuf {
        self.resolve(&self.config.catalog)
    }

    pub fn ratings_dir(&self) -> PathBuf {
        self.resolve(&self.config.ratings_dir)
    }

    pub fn export_dir(&self) -> PathBuf {
        self.resolve(&self.config.export_dir)
    }

    pub fn log_dir(&self) -> PathBuf {
        self.resolve(&self.config.log_dir)
    }

    /// The spare file of ratings held back from a full or missing ratings
    /// folder (see [`crate::ratings::Spare`]).
    pub fn spare_path(&self) -> PathBuf {
        self.log_dir().join("held-ratings.jsonl")
    }

    /// Where this terminal's ratings are, the held ones included.
    pub fn rating_files(&self) -> RatingFiles {
        RatingFiles {
            dir: self.ratings_dir(),
            spare: Some(self.spare_path()),
        }
    }

    /// This terminal's ratings, as exports and statistics read them.
    pub fn sources(&self) -> Sources {
        Sources::Terminal(self.rating_files())
    }

    pub fn profiles_dir(&self) -> PathBuf {
        self.resolve(&self.config.profiles_dir)
    }

    /// The export profile `name` (a hall's own file first), or the
    /// configured one.
    pub fn profile(&self, name: Option<&str>) -> Result<profile::Profile, Vec<Problem>> {
        let name = name.unwrap_or(&self.config.export_profile);
        profile::find(name, &self.profiles_dir())
    }

    /// What the export profiles are checked against.
    pub fn profile_terminal(&self) -> profile::Terminal<'_> {
        profile::Terminal {
            rating_channel: &self.config.rating_channel,
            reason_codes: self
                .taxonomy
                .reasons
                .iter()
                .map(|r| r.code.as_str())
                .collect(),
            region_code: self.config.region_code.is_some(),
            unit_code: self.config.unit_code.is_some(),
        }
    }

    /// What every rating of this terminal records about where it came from.
    pub fn origin(&self, catalog_version: &str) -> Origin {
        let c = &self.config;
        Origin {
            hall_id: c.hall_id.clone(),
            terminal_id: c.terminal_id.clone(),
            region_code: c.region_code.clone(),
            unit_code: c.unit_code.clone(),
            rating_channel: Some(c.rating_channel.clone()),
            taxonomy_version: self.taxonomy.version.clone(),
            catalog_version: catalog_version.to_owned(),
        }
    }

    /// `exports/<hall_id>-<terminal_id>-<day>[.<profile>].<extension>`.
    pub fn default_export(&self, day: NaiveDate, layout: Layout<'_>) -> PathBuf {
        let c = &self.config;
        self.export_dir()
            .join(default_file_name(&c.hall_id, &c.terminal_id, day, layout))
    }

    /// What keeps this configuration from working, beyond its own fields:
    /// folders the kiosk must write to, and (as warnings) an operator menu
    /// that can never open or a configuration that was never read.
    pub fn check_setup(&self) -> Setup {
        let mut setup = Setup::default();
        let c = &self.config;
        let folders = [
            ("ratings_dir", &c.ratings_dir, Creatable::Here),
            ("log_dir", &c.log_dir, Creatable::Below),
            ("export_dir", &c.export_dir, Creatable::Below),
        ];
        for (key, written, creatable) in folders {
            if let Err(why) = writable_folder(&self.resolve(written), creatable) {
                let message = format!("{key} \"{}\" {why}", written.display());
                setup.errors.push(self.problem(key, message));
            }
        }
        if self.path.is_none() {
            setup.warnings.push(Problem::file(
                "kiosk.ron".as_ref(),
                "no kiosk.ron was found: every setting is a default (give --config FILE)",
            ));
        }
        if self.config.operator_pin_hash.is_none() {
            setup.warnings.push(self.problem(
                "operator_pin_hash",
                "operator_pin_hash is not set: the operator menu can never open (make one with `kiosk pin`)".into(),
            ));
        }
        setup
    }

    fn problem(&self, key: &str, message: String) -> Problem {
        let path = self.path.clone().unwrap_or_else(|| "kiosk.ron".into());
        field_problem(&path, &self.source, key, message)
    }

    /// Checks the config against a loaded catalog (home guide and district).
    pub fn check_against(&self, catalog: &Catalog) -> Vec<Problem> {
        let path = self.path.clone().unwrap_or_else(|| "kiosk.ron".into());
        let problem = |key, message| vec![field_problem(&path, &self.source, key, message)];
        let Some(key) = &self.config.home_guide else {
            return match self.config.home_district {
                Some(_) => problem(
                    "home_district",
                    "home_district is set but home_guide is not".into(),
                ),
                None => Vec::new(),
            };
        };
        let Some(guide) = catalog.guide(key) else {
            return problem(
                "home_guide",
                format!("home_guide \"{key}\" is not in the catalog"),
            );
        };
        match &self.config.home_district {
            Some(d) if guide.district(d).is_none() => problem(
                "home_district",
                format!("home_district \"{d}\" is not a district of {}", guide.name),
            ),
            _ => Vec::new(),
        }
    }

    /// The hall's own district, when it is a district of `city_id`.
    pub fn own_district(&self, catalog: &Catalog, city_id: &str) -> Option<String> {
        let c = &self.config;
        let home = catalog.home(c.home_guide.as_deref()?, c.home_district.as_deref())?;
        (catalog.guides[home.guide].id == city_id).then_some(home.district)?
    }
}

/// What [`Settings::check_setup`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Setup {
    /// The kiosk cannot work as configured: `kiosk check` fails.
    pub errors: Vec<Problem>,
    /// It works, but not as a hall would want.
    pub warnings: Vec<Problem>,
}

/// How a folder that does not exist yet may come to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Creatable {
    /// Only in an existing folder: the ratings folder is never made with its
    /// parents, so a path on an unmounted disk is an error, not a new folder
    /// on the system disk.
    Here,
    /// With any missing parents.
    Below,
}

/// Whether files can be written in `dir`, or in the folder that will hold
/// it: tried by creating (and removing) a file there, since permission bits
/// say nothing of a read-only disk, and nothing at all to root.
fn writable_folder(dir: &Path, creatable: Creatable) -> Result<(), String> {
    let probe = |d: &Path| {
        tempfile::tempfile_in(d)
            .map(drop)
            .map_err(|e| format!("is not writable: {e}"))
    };
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => return probe(dir),
        Ok(_) => return Err("is not a folder".into()),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("cannot be read: {e}"));
        }
        Err(_) => {}
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let existing = match creatable {
        Creatable::Here => Some(parent).filter(|p| p.is_dir()),
        Creatable::Below => parent.ancestors().find(|a| a.is_dir()),
    };
    match existing {
        Some(p) => probe(p).map_err(|why| format!("cannot be made: {} {why}", p.display())),
        None => Err(format!(
            "does not exist, nor does the folder that would hold it ({}): is a disk not mounted?",
            parent.display()
        )),
    }
}

/// Loads `path`; a missing file is an error only when `explicit`.
pub fn load(path: &Path, explicit: bool) -> Result<Settings, Vec<Problem>> {
    if !explicit && !path.exists() {
        return from_config(Config::default(), None, String::new());
    }
    let text = read_text(path).map_err(|p| vec![p])?;
    let config: Config = ron_options()
        .from_str(&text)
        .map_err(|e| vec![Problem::from_ron(path, &e)])?;
    from_config(config, Some(path.to_path_buf()), text)
}

/// Ids that name export files: letters, digits, - and _.
fn is_file_id(v: &str) -> bool {
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn from_config(
    config: Config,
    path: Option<PathBuf>,
    source: String,
) -> Result<Settings, Vec<Problem>> {
    let file = path.clone().unwrap_or_else(|| "kiosk.ron".into());
    let c = &config;
    let offset = parse_offset(&c.utc_offset);
    let bad_hosts: Vec<String> = c
        .trusted_hosts
        .iter()
        .filter_map(|h| h.normalized().err())
        .collect();
    let checks = [
        (
            offset.is_none(),
            "utc_offset",
            format!("utc_offset \"{}\" is not of the form +08:00", c.utc_offset),
        ),
        (
            !(10..=86_400).contains(&c.idle_timeout_secs),
            "idle_timeout_secs",
            "idle_timeout_secs must be between 10 and 86400".into(),
        ),
        (
            c.catalog_check_secs
                .is_some_and(|s| !(1..=86_400).contains(&s)),
            "catalog_check_secs",
            "catalog_check_secs must be between 1 and 86400 (seconds), or left out to never look"
                .into(),
        ),
        (
            !(5..=600).contains(&c.idle_warning_secs),
            "idle_warning_secs",
            "idle_warning_secs must be between 5 and 600".into(),
        ),
        (
            !(3..=20).contains(&c.operator_taps),
            "operator_taps",
            "operator_taps must be between 3 and 20".into(),
        ),
        (
            !is_file_id(&c.hall_id),
            "hall_id",
            format!(
                "hall_id \"{}\" must use only a-z, 0-9, - and _ (it names export files)",
                c.hall_id
            ),
        ),
        (
            !is_file_id(&c.terminal_id),
            "terminal_id",
            format!(
                "terminal_id \"{}\" must use only a-z, 0-9, - and _ (it names export files)",
                c.terminal_id
            ),
        ),
        (
            c.operator_pin_hash
                .as_deref()
                .is_some_and(|h| PinHash::parse(h).is_none()),
            "operator_pin_hash",
            "operator_pin_hash is not a hash made by `kiosk pin` ($pbkdf2-sha256$i=…)".into(),
        ),
        (
            !bad_hosts.is_empty(),
            "trusted_hosts",
            format!("trusted_hosts: {}", bad_hosts.join("; ")),
        ),
    ];
    let taxonomy = taxonomy(c);
    let mut problems: Vec<Problem> = checks
        .into_iter()
        .chain(device_checks(c))
        .chain(place_checks(c))
        .filter(|(failed, _, _)| *failed)
        .map(|(_, key, message)| field_problem(&file, &source, key, message))
        .collect();
    if let Err(why) = &taxonomy {
        let key = match c.bad_reasons {
            Some(_) => "bad_reasons",
            None => "taxonomy_version",
        };
        problems.extend(
            why.iter()
                .map(|w| field_problem(&file, &source, key, w.clone())),
        );
    }
    match (offset, taxonomy) {
        (Some(offset), Ok(taxonomy)) if problems.is_empty() => Ok(Settings {
            config,
            offset,
            path,
            taxonomy,
            source,
        }),
        _ => Err(problems),
    }
}

/// The reasons as configured, or the built-in list.
fn taxonomy(c: &Config) -> Result<Taxonomy, Vec<String>> {
    match (&c.bad_reasons, &c.taxonomy_version) {
        (Some(entries), version) => Taxonomy::from_entries(entries, version.as_deref()),
        (None, None) => Taxonomy::from_entries(&reasons::default_entries(), Some(reasons::DEFAULT_VERSION)),
        (None, Some(_)) => Err(vec!["taxonomy_version is set but bad_reasons is not (the built-in list has its own version)".into()]),
    }
}

/// What a record says of the place: codes as the platforms check them.
fn place_checks(c: &Config) -> Vec<(bool, &'static str, String)> {
    let mut out = Vec::new();
    if let Some(why) = c
        .region_code
        .as_deref()
        .and_then(place::region_code_problem)
    {
        out.push((true, "region_code", why));
    }
    if let Some(why) = c.unit_code.as_deref().and_then(place::unit_code_problem) {
        out.push((true, "unit_code", why));
    }
    let channel = c.rating_channel.trim();
    out.push((
        channel.is_empty() || channel.chars().any(char::is_control),
        "rating_channel",
        "rating_channel must name the channel, e.g. \"政务大厅其他终端\"".into(),
    ));
    out.push((
        !c.export_profile.is_empty()
            && !c.export_profile.contains('/')
            && !c.export_profile.ends_with(".ron")
            && !is_file_id(&c.export_profile),
        "export_profile",
        format!(
            "export_profile \"{}\" must be a profile name (a-z, 0-9, - and _) or a .ron file",
            c.export_profile
        ),
    ));
    out
}

/// The speech and printer sections: a command names a program; a printer
/// has one output and a paper width the ticket is made for.
fn device_checks(c: &Config) -> Vec<(bool, &'static str, String)> {
    let empty = |argv: &[String]| argv.first().is_none_or(|p| p.trim().is_empty());
    let mut out = vec![(
        matches!(&c.speech, Speech::Command(argv) if empty(argv)),
        "speech",
        "speech: Command([...]) must name a program, e.g. [\"espeak-ng\", \"-v\", \"cmn\"]".into(),
    )];
    if let Some(p) = &c.printer {
        out.extend([
            (
                p.device.is_some() == p.command.is_some(),
                "printer",
                "printer needs exactly one of device (an ESC/POS device file) or command (fed plain text)".into(),
            ),
            (
                p.command.as_deref().is_some_and(empty),
                "command",
                "printer command must name a program, e.g. [\"lp\", \"-d\", \"receipt\"]".into(),
            ),
            (
                p.device.as_ref().is_some_and(|d| d.as_os_str().is_empty()),
                "device",
                "printer device is empty (e.g. \"/dev/usb/lp0\")".into(),
            ),
            (
                !matches!(p.columns, 32 | 48),
                "columns",
                format!("printer columns {} must be 32 (58 mm paper) or 48 (80 mm)", p.columns),
            ),
            (
                !(5..=300).contains(&p.timeout_secs),
                "timeout_secs",
                "printer timeout_secs must be between 5 and 300".into(),
            ),
        ]);
    }
    out
}

/// `+08:00` or `-05:30` → a fixed offset, by chrono's own parser.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    s.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_every_default() {
        let c: Config = ron_options().from_str("()").unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.idle_timeout_secs, 90);
        assert_eq!(c.utc_offset, "+08:00");
    }

    #[test]
    fn speech_and_printer_sections_parse_with_their_defaults() {
        assert_eq!(Config::default().speech, Speech::Auto);
        let text = r#"(speech: Off, printer: (command: ["lp", "-d", "receipt"], columns: 48))"#;
        let c: Config = ron_options().from_str(text).unwrap();
        assert_eq!(c.speech, Speech::Off);
        let p = c.printer.clone().unwrap();
        assert_eq!((p.device, p.columns, p.timeout_secs), (None, 48, 30));
        assert!(Settings::new(c).is_ok());
        let c: Config = ron_options()
            .from_str(r#"(speech: Command(["say"]))"#)
            .unwrap();
        assert_eq!(c.speech, Speech::Command(vec!["say".into()]));
    }

    #[test]
    fn offsets_parse_and_bad_ones_do_not() {
        assert_eq!(parse_offset("+08:00"), FixedOffset::east_opt(8 * 3600));
        assert_eq!(
            parse_offset("-05:30"),
            FixedOffset::east_opt(-(5 * 3600 + 1800))
        );
        assert_eq!(parse_offset(" +0800 "), FixedOffset::east_opt(8 * 3600));
        for bad in ["08:00", "+25:00", "+08:75", "", "+", "+八", "+8"] {
            assert_eq!(parse_offset(bad), None, "{bad}");
        }
    }
}
