//! The command line: `kiosk` (the full-screen kiosk) and the maintainer and
//! staff commands. Each command is a thin shell over the library, so the CLI
//! and the screens share one code path.

use std::borrow::Cow;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::catalog::{self, Catalog, Guide, Item};
use crate::config::{self, PinHash, Settings};
use crate::ratings::{self, Format, GroupBy, Layout, Output, Skips, Sources};
use crate::ronfile::{self, Problem};
use crate::snapshot;
use crate::ticket::{self, escpos};
use crate::{
    document::{lines, sections},
    text,
};

#[derive(Parser)]
#[command(
    name = "kiosk",
    version,
    about = "医保办事指南自助终端 — medical-insurance service-guide kiosk"
)]
pub struct Cli {
    /// The terminal's configuration file [default: ./kiosk.ron, if present].
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<TopCommand>,
}

/// `diff` apart from the others: it reads no kiosk.ron, and exits like diff(1).
#[derive(Subcommand)]
enum TopCommand {
    #[command(flatten)]
    Kiosk(Command),
    /// What changed between two catalog folders, item by item and field by field.
    ///
    /// Exits 0 when they are equal, 1 when they differ, 2 when either cannot be loaded.
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// text for a reviewer; jsonl, one change per line, for tools.
        #[arg(long, value_enum, default_value_t = catalog::diff::Format::Text)]
        format: catalog::diff::Format,
    },
}

/// Which item `show` and `flow` print, and how wide.
#[derive(clap::Args)]
struct ItemArgs {
    /// Guide id or Chinese name.
    guide: String,
    /// Item id, code or exact name.
    item: String,
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(20..))]
    width: u16,
    #[arg(long)]
    catalog: Option<PathBuf>,
}

/// Which 一次性告知单 `print` writes.
#[derive(clap::Args)]
struct PrintArgs {
    /// Guide id or Chinese name.
    guide: String,
    /// Item id, code or exact name.
    item: String,
    /// The file to write, or - for standard output.
    #[arg(long)]
    out: PathBuf,
    /// 32 (58 mm paper) or 48 (80 mm) [default: the printer's in kiosk.ron, else 32].
    #[arg(long, value_parser = parse_columns)]
    columns: Option<u16>,
    /// escpos: the bytes a thermal printer's device gets; text: what a print command gets.
    #[arg(long, value_enum, default_value_t = TicketFormat::Escpos)]
    format: TicketFormat,
    #[arg(long)]
    catalog: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TicketFormat {
    Escpos,
    Text,
}

#[derive(Subcommand)]
enum Command {
    /// Start the full-screen kiosk (the default).
    Run,
    /// Load and validate the catalog and config, reporting every problem.
    Check {
        /// The catalog folder (default: the one kiosk.ron names).
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// List the guides, or the items of one guide with their ids.
    List {
        guide: Option<String>,
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// Print an item's full guide as plain text, ending with its charts.
    Show(ItemArgs),
    /// Print only an item's charts (办理流程图); `flow` is its former name.
    #[command(alias = "flow")]
    Chart(ItemArgs),
    /// Write an item's 一次性告知单 as the receipt printer gets it.
    Print(PrintArgs),
    /// Hash an operator PIN (read from standard input) for kiosk.ron.
    Pin,
    /// Export the ratings of a day (or days) by an export profile, or as records.
    Export {
        #[command(flatten)]
        days: Days,
        /// The export profile: a name (profiles/NAME.ron beside kiosk.ron, or
        /// built in: native, gbt39046) or a .ron file [default: kiosk.ron's
        /// export_profile].
        #[arg(long, conflicts_with = "format")]
        profile: Option<String>,
        /// jsonl: the records as stored, for tools and `kiosk stats`;
        /// csv: the native profile.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// The file to write, or - for standard output [default:
        /// <hall_id>-<terminal_id>-<date>[.<profile>].<ext> in the export folder].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace the --out file if it exists (never a ratings file).
        #[arg(long)]
        force: bool,
        /// Day files, record exports or folders of them, of any terminals
        /// and halls, instead of this terminal's ratings.
        files: Vec<PathBuf>,
    },
    /// Count the ratings of a day or of a range of days, with the 满意率.
    Stats {
        #[command(flatten)]
        days: Days,
        /// Count per hall, terminal, guide, item or day as well; several
        /// (hall,day) make one row per hall per day.
        #[arg(long, value_enum, value_delimiter = ',')]
        by: Vec<GroupBy>,
        /// Day files, record exports or folders of them, of any terminals
        /// and halls, instead of this terminal's ratings.
        files: Vec<PathBuf>,
    },
}

/// The days `export` and `stats` take.
#[derive(clap::Args)]
struct Days {
    /// One day, YYYY-MM-DD [default: today in the hall; with files given,
    /// every day in them].
    #[arg(long, value_parser = parse_day, conflicts_with_all = ["from", "to"])]
    date: Option<NaiveDate>,
    /// The first day of a range (with --to).
    #[arg(long, value_parser = parse_day, requires = "to")]
    from: Option<NaiveDate>,
    /// The last day of a range (with --from).
    #[arg(long, value_parser = parse_day, requires = "from")]
    to: Option<NaiveDate>,
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = match cli.command {
        Some(TopCommand::Diff { old, new, format }) => return diff(&old, &new, format),
        Some(TopCommand::Kiosk(command)) => command,
        None => Command::Run,
    };
    let result = (|| {
        let settings = match &cli.config {
            Some(path) => config::load(path, true)?,
            None => config::load("kiosk.ron".as_ref(), false)?,
        };
        match command {
            Command::Run => {
                // A start reads the catalog's snapshot when the files still
                // hash to it, and writes one when not.
                let ready = snapshot::open(&settings.catalog_dir(), &settings.log_dir())?;
                check_config(&settings, &ready.catalog)?;
                let setup = settings.check_setup();
                let lines = setup.errors.iter().chain(&setup.warnings);
                let lines = lines.map(ToString::to_string).collect();
                crate::run::run(settings, ready, lines).map_err(|e| Failure::Message(e.to_string()))
            }
            Command::Check { catalog } => check(&settings, catalog),
            Command::List { guide, catalog } => list(&settings, catalog, guide.as_deref()),
            Command::Show(args) => show(&settings, args, true),
            Command::Chart(args) => show(&settings, args, false),
            Command::Print(args) => print(&settings, args),
            Command::Pin => pin(),
            Command::Export {
                days,
                profile,
                format,
                out,
                force,
                files,
            } => export(&settings, &days, (profile, format), out, force, files),
            Command::Stats { days, by, files } => stats(&settings, &days, &by, files),
        }
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Problems(problems)) => {
            print_lines(io::stderr(), ronfile::report(&problems).lines());
            ExitCode::FAILURE
        }
        Err(Failure::Message(message)) => {
            print_lines(io::stderr(), [message]);
            ExitCode::FAILURE
        }
    }
}

/// Why a command failed: problems in the files it read, each located, or
/// one thing said plainly (a bad argument, the terminal).
#[derive(Debug)]
enum Failure {
    Problems(Vec<Problem>),
    Message(String),
}

impl From<Vec<Problem>> for Failure {
    fn from(problems: Vec<Problem>) -> Failure {
        Failure::Problems(problems)
    }
}

fn message(text: impl Into<String>) -> Failure {
    Failure::Message(text.into())
}

/// Writes `lines` to the terminal (or a pipe), each made [`printable`].
fn print_lines<S: AsRef<str>>(out: impl Write, lines: impl IntoIterator<Item = S>) {
    let mut out = io::BufWriter::new(out);
    for line in lines {
        let _ = writeln!(out, "{}", printable(line.as_ref()));
    }
}

/// What the commands print quotes editable files: catalog text, RON errors
/// citing its bytes, records from the log. A control character is shown
/// escaped (`\u{1b}`), never sent, so no file can drive the terminal; so is
/// everything else the screens refuse ([`text::is_unsafe`]), and a line
/// break, which would pass for a line of the command's own.
fn printable(s: &str) -> Cow<'_, str> {
    let escaped = |c: char| c == '\n' || text::is_unsafe(c);
    if !s.chars().any(escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escaped(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

type Outcome = Result<(), Failure>;

fn load_catalog(settings: &Settings, dir: Option<PathBuf>) -> Result<Catalog, Vec<Problem>> {
    let dir = dir.unwrap_or_else(|| settings.catalog_dir());
    let catalog = catalog::load_dir(&dir)?;
    check_config(settings, &catalog)?;
    Ok(catalog)
}

/// The config's home guide and district must be in the catalog.
fn check_config(settings: &Settings, catalog: &Catalog) -> Result<(), Vec<Problem>> {
    let problems = settings.check_against(catalog);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn check(settings: &Settings, dir: Option<PathBuf>) -> Outcome {
    let dir = dir.unwrap_or_else(|| settings.catalog_dir());
    let catalog = load_catalog(settings, Some(dir.clone()))?;
    // Addresses the kiosk would not draw as a QR code fail the check;
    // http ones on trusted hosts are only noted.
    let audit = catalog::trust::audit_dir(&dir, &catalog, &settings.config.trusted_hosts)?;
    let setup = settings.check_setup();
    let profiles = check_profiles(settings);
    let legacy = settings.taxonomy.is_legacy().then(|| {
        "note: bad_reasons are plain labels: they get derived codes (L-…) and no group; \
         write them as (code, label, about) entries with a taxonomy_version"
            .to_owned()
    });
    let notes = audit
        .notes
        .iter()
        .map(|n| format!("note: {n}"))
        .chain(legacy);
    let warnings = setup.warnings.iter().chain(&profiles.warnings);
    let warnings = warnings.map(|w| format!("warning: {w}"));
    print_lines(io::stderr(), notes.chain(warnings));
    let errors: Vec<Problem> = (audit.errors.into_iter())
        .chain(setup.errors)
        .chain(profiles.errors)
        .collect();
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let total = format!(
        "total: {} guides, {} items (catalog version {})",
        catalog.guides.len(),
        catalog.item_count(),
        catalog.version
    );
    print_lines(
        io::stdout(),
        catalog
            .guides
            .iter()
            .map(Guide::summary)
            .chain([total])
            .chain(profiles.summary),
    );
    Ok(())
}

/// What `kiosk check` found of the export profiles.
#[derive(Default)]
struct ProfileCheck {
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
    summary: Option<String>,
}

/// Every profile in the profiles folder, and the configured one, parsed
/// and checked against this terminal (its channel, its reason codes).
fn check_profiles(settings: &Settings) -> ProfileCheck {
    let mut out = ProfileCheck::default();
    let terminal = settings.profile_terminal();
    let mut take = |loaded: Result<ratings::Profile, Vec<Problem>>| match loaded {
        Ok(profile) => {
            let checked = profile.check_against(&terminal);
            out.errors.extend(checked.errors);
            out.warnings.extend(checked.warnings);
            Some(profile)
        }
        Err(problems) => {
            out.errors.extend(problems);
            None
        }
    };
    let dir = settings.profiles_dir();
    let own: Vec<String> = ratings::profile::all_in(&dir)
        .into_iter()
        .filter_map(|(_, loaded)| take(loaded).map(|p| p.name))
        .collect();
    let configured = &settings.config.export_profile;
    let in_dir = dir.join(format!("{configured}.ron")).exists();
    if !in_dir {
        take(settings.profile(None));
    }
    let files = if own.is_empty() {
        "none".into()
    } else {
        own.join(", ")
    };
    out.summary = Some(format!(
        "export profile: {configured}; profile files in {}: {files}",
        dir.display()
    ));
    out
}

fn find_city<'a>(catalog: &'a Catalog, key: &str) -> Result<&'a Guide, Failure> {
    catalog.guide(key).ok_or_else(|| {
        let known: Vec<String> = catalog
            .guides
            .iter()
            .map(|c| format!("{} {}", c.id, c.name))
            .collect();
        message(format!(
            "no guide \"{key}\" (there are: {})",
            known.join(", ")
        ))
    })
}

fn find_item<'a>(guide: &'a Guide, key: &str) -> Result<&'a Item, Failure> {
    guide.find_item(key).ok_or_else(|| {
        message(format!(
            "no item \"{key}\" in {} (`kiosk list {}` shows the ids)",
            guide.name, guide.id
        ))
    })
}

fn list(settings: &Settings, dir: Option<PathBuf>, guide: Option<&str>) -> Outcome {
    let catalog = load_catalog(settings, dir)?;
    let Some(key) = guide else {
        print_lines(io::stdout(), catalog.guides.iter().map(Guide::summary));
        return Ok(());
    };
    let guide = find_city(&catalog, key)?;
    let lines = guide.parts.iter().flat_map(|part| {
        std::iter::once(part.display_title()).chain(
            guide
                .items_in(&part.id)
                .map(|item| format!("  {:<18} {}", item.id, item.name)),
        )
    });
    print_lines(io::stdout(), lines);
    Ok(())
}

fn show(settings: &Settings, args: ItemArgs, full: bool) -> Outcome {
    let width = usize::from(args.width);
    let catalog = load_catalog(settings, args.catalog)?;
    let guide = find_city(&catalog, &args.guide)?;
    let item = find_item(guide, &args.item)?;
    let mut lines = Vec::new();
    if full {
        let own = settings.own_district(&catalog, &guide.id);
        lines = sections::plain_text(guide, item, own.as_deref(), width);
        lines.push(String::new());
        lines.push("【办理流程图】".into());
    }
    lines.extend(lines::chart_lines(item, width).into_iter().map(|l| l.text));
    print_lines(io::stdout(), lines);
    Ok(())
}

/// Exit 0 when the catalogs are equal, 1 when they differ, 2 when either
/// cannot be loaded (its problems printed as for `kiosk check`).
fn diff(old: &Path, new: &Path, format: catalog::diff::Format) -> ExitCode {
    match (catalog::load_dir(old), catalog::load_dir(new)) {
        (Ok(old), Ok(new)) => {
            let lines = catalog::diff::render(&catalog::diff::diff(&old, &new), format);
            print_lines(io::stdout(), &lines);
            ExitCode::from(u8::from(!lines.is_empty()))
        }
        (old, new) => {
            let problems: Vec<Problem> = [old.err(), new.err()]
                .into_iter()
                .flatten()
                .flatten()
                .collect();
            print_lines(io::stderr(), ronfile::report(&problems).lines());
            ExitCode::from(2)
        }
    }
}

fn parse_columns(s: &str) -> Result<u16, String> {
    match s {
        "32" => Ok(32),
        "48" => Ok(48),
        _ => Err("expected 32 (58 mm paper) or 48 (80 mm)".into()),
    }
}

fn print(settings: &Settings, args: PrintArgs) -> Outcome {
    let catalog = load_catalog(settings, args.catalog)?;
    let guide = find_city(&catalog, &args.guide)?;
    let item = find_item(guide, &args.item)?;
    let own = settings.own_district(&catalog, &guide.id);
    let printer = settings.config.printer.as_ref().map(|p| p.columns);
    let hall = ticket::Hall {
        name: &settings.config.hall_name,
        district: own.as_deref(),
        now: chrono::Utc::now().with_timezone(&settings.offset),
        catalog_version: &catalog.version,
    };
    let columns = args.columns.or(printer).unwrap_or(32);
    let ticket = ticket::compose(guide, item, &hall, usize::from(columns));
    let bytes = match args.format {
        TicketFormat::Escpos => escpos::encode(&ticket),
        TicketFormat::Text => ticket.plain_text().into_bytes(),
    };
    let written = if args.out == Path::new("-") {
        io::stdout()
            .write_all(&bytes)
            .and_then(|()| io::stdout().flush())
    } else {
        std::fs::write(&args.out, &bytes)
    };
    written.map_err(|e| message(format!("{}: cannot write: {e}", args.out.display())))
}

fn pin() -> Outcome {
    let mut line = String::new();
    let stdin = io::stdin();
    if stdin.lock().read_line(&mut line).is_err() {
        return Err(message("cannot read the PIN from standard input"));
    }
    let pin = line.trim();
    if pin.len() < 4 || pin.len() > 12 || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(message(
            "the PIN must be 4 to 12 digits (it is typed on the kiosk's number pad)",
        ));
    }
    let hash = PinHash::generate(pin).map_err(message)?;
    println!("operator_pin_hash: \"{hash}\",");
    Ok(())
}

/// `2026-11-23`, with a four-digit year: chrono alone reads `26-11-23` as
/// the year 26.
fn parse_day(s: &str) -> Result<NaiveDate, String> {
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shape
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| "expected a date as YYYY-MM-DD, such as 2026-11-23".into())
}

/// Refuses a day after today in the hall: it can hold no ratings yet, and
/// is most likely a typing slip.
fn not_future(settings: &Settings, option: &str, day: NaiveDate) -> Outcome {
    let today = ratings::today(settings.offset);
    if day > today {
        return Err(message(format!(
            "{option}: {day} is in the future (today in the hall is {today})"
        )));
    }
    Ok(())
}

/// The days asked for, the sources to read them from, and how to say the
/// days: this terminal's today by default, every day of files given.
fn days_and_sources(
    settings: &Settings,
    days: &Days,
    files: Vec<PathBuf>,
) -> Result<(NaiveDate, NaiveDate, Sources, String), Failure> {
    let asked = days.date.map(|d| (d, d)).or(days.from.zip(days.to));
    let (from, to) = match (asked, files.is_empty()) {
        (Some(range), _) => range,
        (None, true) => {
            let today = ratings::today(settings.offset);
            (today, today)
        }
        (None, false) => (NaiveDate::MIN, NaiveDate::MAX),
    };
    if from > to {
        return Err(message(format!("--from: {from} is after --to {to}")));
    }
    if asked.is_some() {
        let option = if days.date.is_some() {
            "--date"
        } else {
            "--to"
        };
        not_future(settings, option, to)?;
    }
    let said = match asked {
        None if !files.is_empty() => "every day".to_owned(),
        _ if from == to => from.to_string(),
        _ => format!("{from} to {to}"),
    };
    let sources = if files.is_empty() {
        settings.sources()
    } else {
        Sources::Fleet(files)
    };
    Ok((from, to, sources, said))
}

fn export(
    settings: &Settings,
    days: &Days,
    (profile, format): (Option<String>, Option<Format>),
    out: Option<PathBuf>,
    force: bool,
    files: Vec<PathBuf>,
) -> Outcome {
    let fleet = !files.is_empty();
    let (from, to, sources, said) = days_and_sources(settings, days, files)?;
    let profile = match (profile, format) {
        (_, Some(Format::Jsonl)) => None,
        (None, Some(Format::Csv)) => {
            Some(settings.profile(Some(ratings::profile::DEFAULT_PROFILE))?)
        }
        (name, _) => Some(settings.profile(name.as_deref())?),
    };
    let layout = profile.as_ref().map_or(Layout::Records, Layout::Profile);
    let output = match out {
        None if fleet => {
            return Err(message(
                "--out: give --out FILE (or - for standard output) to export files of other terminals",
            ));
        }
        None => {
            let dir = settings.export_dir();
            std::fs::create_dir_all(&dir)
                .map_err(|e| message(format!("{}: cannot create: {e}", dir.display())))?;
            Output::File {
                path: settings.default_export(to, layout),
                replace: true,
            }
        }
        Some(p) if p == Path::new("-") => Output::Stdout,
        Some(path) => Output::File {
            path,
            replace: force,
        },
    };
    let done = ratings::export(&sources, from..=to, layout, settings.offset, output)
        .map_err(|e| message(e.to_string()))?;
    warn_skips(&done.skips, done.duplicates);
    let message = |to: &str| format!("{} records of {said} written to {to}", done.records);
    match &done.path {
        Some(path) => print_lines(io::stdout(), [message(&path.display().to_string())]),
        None => print_lines(io::stderr(), [message("standard output")]),
    }
    Ok(())
}

fn stats(settings: &Settings, days: &Days, by: &[GroupBy], files: Vec<PathBuf>) -> Outcome {
    let (from, to, sources, _) = days_and_sources(settings, days, files)?;
    let summary = ratings::stats(&sources, from, to, by)
        .map_err(|e| vec![Problem::file(sources.place(), format!("cannot read: {e}"))])?;
    warn_skips(&summary.skips, summary.duplicates);
    print_lines(io::stdout(), summary.lines());
    Ok(())
}

// The command line's names for the ratings' choices; the ratings know
// nothing of command lines.
impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Format::Csv, Format::Jsonl]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.extension()))
    }
}

impl clap::ValueEnum for catalog::diff::Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[catalog::diff::Format::Text, catalog::diff::Format::Jsonl]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(match self {
            catalog::diff::Format::Text => "text",
            catalog::diff::Format::Jsonl => "jsonl",
        }))
    }
}

impl clap::ValueEnum for GroupBy {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            GroupBy::Hall,
            GroupBy::Terminal,
            GroupBy::Guide,
            GroupBy::Item,
            GroupBy::Day,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        Some(match self {
            GroupBy::Hall => PossibleValue::new("hall"),
            GroupBy::Terminal => PossibleValue::new("terminal"),
            // `guide` was its name before guides that name no guide.
            // `city`, its name before guides were called guides.
            GroupBy::Guide => PossibleValue::new("guide").alias("city"),
            GroupBy::Item => PossibleValue::new("item"),
            GroupBy::Day => PossibleValue::new("day"),
        })
    }
}

/// Skipped lines are not fatal: the good records were all read.
fn warn_skips(skips: &Skips, duplicates: u64) {
    let lines = skips.lines().into_iter().map(|l| format!("warning: {l}"));
    let repeated = (duplicates > 0).then(|| {
        format!("note: {duplicates} records met more than once (the same id) were counted once")
    });
    print_lines(io::stderr(), lines.chain(repeated));
}
