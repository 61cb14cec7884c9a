//! `kiosk.ron`: the terminal's own configuration. Every field has a default,
//! so a minimal file (even `()`) works.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use serde::Deserialize;

use crate::catalog::load::{read_text, ron_options};
use crate::catalog::{Catalog, Problem};

/// The PBKDF2 work factor for new PIN hashes: slow enough to make guessing a
/// 6-digit PIN from a stolen config take hours, fast enough for one try.
const PIN_ROUNDS: u32 = 200_000;

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
    /// The guide (id or name) listed first on the home screen.
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
    /// The 差评 reason tags offered after 不满意 / 非常不满意.
    pub bad_reasons: Vec<String>,
    /// Taps in the top-left corner that open the operator PIN pad.
    pub operator_taps: u32,
    /// `pbkdf2-sha256$ROUNDS$SALT$HASH`, made with `kiosk pin`; never the PIN itself.
    pub operator_pin_hash: Option<String>,
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
            home_guide: None,
            home_district: None,
            idle_timeout_secs: 90,
            idle_warning_secs: 20,
            ratings_dir: "ratings".into(),
            export_dir: "exports".into(),
            log_dir: "logs".into(),
            utc_offset: "+08:00".into(),
            theme: Theme::Standard,
            bad_reasons: [
                "办事指南不清楚",
                "材料要求不明确",
                "流程繁琐",
                "等候时间长",
                "服务态度",
                "其他",
            ]
            .map(String::from)
            .to_vec(),
            operator_taps: 5,
            operator_pin_hash: None,
        }
    }
}

/// A loaded config with its paths made absolute against the file's folder.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub offset: FixedOffset,
    pub path: Option<PathBuf>,
    /// The file's text, to point problems at their line.
    source: String,
}

/// A problem with one field of the config, at the field's line when written.
fn field_problem(path: &Path, source: &str, key: &str, message: String) -> Problem {
    let line = source.lines().position(|l| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
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

    fn resolve(&self, p: &Path) -> PathBuf {
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
        let home = catalog.guide(self.config.home_guide.as_deref()?)?;
        (home.id == city_id).then(|| self.config.home_district.clone())?
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
            c.bad_reasons.is_empty() || c.bad_reasons.len() > 12,
            "bad_reasons",
            "bad_reasons must list between 1 and 12 reasons".into(),
        ),
        (
            c.bad_reasons.iter().any(|r| r.trim().is_empty()),
            "bad_reasons",
            "bad_reasons contains an empty reason".into(),
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
            "operator_pin_hash is not a hash made by `kiosk pin` (pbkdf2-sha256$ROUNDS$SALT$HASH)"
                .into(),
        ),
    ];
    let problems: Vec<Problem> = checks
        .into_iter()
        .filter(|(failed, _, _)| *failed)
        .map(|(_, key, message)| field_problem(&file, &source, key, message))
        .collect();
    match offset {
        Some(offset) if problems.is_empty() => Ok(Settings {
            config,
            offset,
            path,
            source,
        }),
        _ => Err(problems),
    }
}

/// `+08:00`, `-05:30`, `+8` → a fixed offset.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// A salted, stretched hash of the operator PIN.
pub struct PinHash {
    rounds: u32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

impl PinHash {
    pub fn parse(s: &str) -> Option<PinHash> {
        let mut parts = s.split('$');
        if parts.next()? != "pbkdf2-sha256" {
            return None;
        }
        let rounds: u32 = parts.next()?.parse().ok()?;
        let salt = from_hex(parts.next()?)?;
        let hash = from_hex(parts.next()?)?;
        (parts.next().is_none() && rounds >= 1000 && salt.len() >= 8 && hash.len() == 32)
            .then_some(PinHash { rounds, salt, hash })
    }

    /// A new hash of `pin` with a random salt.
    pub fn generate(pin: &str) -> std::io::Result<String> {
        let mut salt = [0u8; 16];
        fs::File::open("/dev/urandom")?.read_exact(&mut salt)?;
        Ok(format!(
            "pbkdf2-sha256${PIN_ROUNDS}${}${}",
            to_hex(&salt),
            to_hex(&derive(pin, &salt, PIN_ROUNDS))
        ))
    }

    pub fn verify(&self, pin: &str) -> bool {
        let got = derive(pin, &self.salt, self.rounds);
        // Compare every byte so timing does not tell how much matched.
        got.iter()
            .zip(&self.hash)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

fn derive(pin: &str, salt: &[u8], rounds: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pin.as_bytes(), salt, rounds, &mut out);
    out
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
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
    fn offsets_parse_and_bad_ones_do_not() {
        assert_eq!(parse_offset("+08:00"), FixedOffset::east_opt(8 * 3600));
        assert_eq!(
            parse_offset("-05:30"),
            FixedOffset::east_opt(-(5 * 3600 + 1800))
        );
        assert_eq!(parse_offset("+8"), FixedOffset::east_opt(8 * 3600));
        for bad in ["08:00", "+25:00", "+08:75", "", "+", "+八"] {
            assert_eq!(parse_offset(bad), None, "{bad}");
        }
    }

    #[test]
    fn pin_hash_round_trip() {
        let h = PinHash::generate("2468").unwrap();
        assert!(!h.contains("2468"));
        let parsed = PinHash::parse(&h).unwrap();
        assert!(parsed.verify("2468"));
        assert!(!parsed.verify("2469"));
        assert!(PinHash::parse("2468").is_none());
        assert!(PinHash::parse("pbkdf2-sha256$10$zz$00").is_none());
    }
}
