//! The command line: `kiosk` (the full-screen kiosk) and the maintainer and
//! staff commands. Each command is a thin shell over the library, so the CLI
//! and the screens share one code path.

use std::borrow::Cow;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::catalog::{self, Catalog, Guide, Item, Problem};
use crate::config::{self, PinHash, Settings};
use crate::ratings::{self, Format, GroupBy, Output, Skips};
use crate::{document::{sections, lines}, snapshot, text};

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
    command: Option<Command>,
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
    /// Print an item's full guide as plain text, ending with its flow diagram.
    Show(ItemArgs),
    /// Print only an item's flow diagram(s).
    Chart(ItemArgs),
    /// Hash an operator PIN (read from standard input) for kiosk.ron.
    Pin,
    /// Export one hall-local day's ratings: CSV for Excel, or JSON Lines.
    Export {
        /// The day, YYYY-MM-DD [default: today in the hall].
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// csv opens in Excel; jsonl keeps the stored records, one per line.
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// The file to write, or - for standard output [default:
        /// <hall_id>-<terminal_id>-<date>.<format> in the export folder].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Count the ratings of a day or of a range of days, with the 满意率.
    Stats {
        /// One day, YYYY-MM-DD [default: today in the hall].
        #[arg(long, value_parser = parse_day, conflicts_with_all = ["from", "to"])]
        date: Option<NaiveDate>,
        /// The first day of a range (with --to).
        #[arg(long, value_parser = parse_day, requires = "to")]
        from: Option<NaiveDate>,
        /// The last day of a range (with --from).
        #[arg(long, value_parser = parse_day, requires = "from")]
        to: Option<NaiveDate>,
        /// Count per item, guide or day as well.
        #[arg(long, value_enum)]
        by: Option<GroupBy>,
    },
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = (|| {
        let settings = match &cli.config {
            Some(path) => config::load(path, true)?,
            None => config::load("kiosk.ron".as_ref(), false)?,
        };
        match cli.command.unwrap_or(Command::Run) {
            Command::Run => {
                let ready = snapshot::open(&settings.catalog_dir(), &settings.log_dir())?;
                check_config(&settings, &ready.catalog)?;
                crate::run::run(settings, ready)
            }
            Command::Check { catalog } => check(&settings, catalog),
            Command::List { guide, catalog } => list(&settings, catalog, guide.as_deref()),
            Command::Show(args) => show(&settings, args, true),
            Command::Chart(args) => show(&settings, args, false),
            Command::Pin => pin(),
            Command::Export { date, format, out } => export(&settings, date, format, out),
            Command::Stats { date, from, to, by } => {
                stats(&settings, date.map(|d| (d, d)).or(from.zip(to)), by)
            }
        }
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            print_lines(io::stderr(), catalog::problem::report(&problems).lines());
            ExitCode::FAILURE
        }
    }
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

type Outcome = Result<(), Vec<Problem>>;

fn load_catalog(settings: &Settings, dir: Option<PathBuf>) -> Result<Catalog, Vec<Problem>> {
    let dir = dir.unwrap_or_else(|| settings.catalog_dir());
    let catalog = catalog::load_dir(&dir)?;
    check_config(settings, &catalog)?;
    Ok(catalog)
}

/// The config's home guide and district must be in the catalog.
fn check_config(settings: &Settings, catalog: &Catalog) -> Outcome {
    let problems = settings.check_against(catalog);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn check(settings: &Settings, dir: Option<PathBuf>) -> Outcome {
    let catalog = load_catalog(settings, dir)?;
    let total = format!(
        "total: {} guides, {} items (catalog version {})",
        catalog.guides.len(),
        catalog.item_count(),
        catalog.version
    );
    print_lines(
        io::stdout(),
        catalog.guides.iter().map(summary).chain([total]),
    );
    Ok(())
}

/// `zhuzhou  株洲市  11 parts  35 items  (8·3·2·5·2·2·5·2·2·2·2)`.
pub fn summary(guide: &Guide) -> String {
    let counts: Vec<(String, usize)> = guide
        .parts
        .iter()
        .map(|p| (p.display_title(), guide.items_in(&p.id).count()))
        .collect();
    let detail = if guide.parts.iter().all(|p| p.number.is_some()) {
        counts
            .iter()
            .map(|(_, n)| n.to_string())
            .collect::<Vec<_>>()
            .join("·")
    } else {
        counts
            .iter()
            .map(|(t, n)| format!("{t} {n}"))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    format!(
        "{}  {}  {} parts  {} items  ({detail})",
        guide.id,
        guide.name,
        guide.parts.len(),
        guide.items.len()
    )
}

fn find_city<'a>(catalog: &'a Catalog, key: &str) -> Result<&'a Guide, Vec<Problem>> {
    catalog.guide(key).ok_or_else(|| {
        let known: Vec<String> = catalog
            .guides
            .iter()
            .map(|c| format!("{} {}", c.id, c.name))
            .collect();
        vec![Problem::file(
            "catalog".as_ref(),
            format!("no guide \"{key}\" (there are: {})", known.join(", ")),
        )]
    })
}

fn find_item<'a>(guide: &'a Guide, key: &str) -> Result<&'a Item, Vec<Problem>> {
    guide.find_item(key).ok_or_else(|| {
        vec![Problem::file(
            "catalog".as_ref(),
            format!(
                "no item \"{key}\" in {} (`kiosk list {}` shows the ids)",
                guide.name, guide.id
            ),
        )]
    })
}

fn list(settings: &Settings, dir: Option<PathBuf>, guide: Option<&str>) -> Outcome {
    let catalog = load_catalog(settings, dir)?;
    let Some(key) = guide else {
        print_lines(io::stdout(), catalog.guides.iter().map(summary));
        return Ok(());
    };
    let guide = find_city(&catalog, key)?;
    let lines = guide.parts.iter().flat_map(|part| {
        std::iter::once(part.display_title()).chain(
            guide.items_in(&part.id)
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

fn pin() -> Outcome {
    let mut line = String::new();
    let stdin = io::stdin();
    if stdin.lock().read_line(&mut line).is_err() {
        return Err(vec![Problem::file("stdin".as_ref(), "cannot read the PIN")]);
    }
    let pin = line.trim();
    if pin.len() < 4 || pin.len() > 12 || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(vec![Problem::file(
            "stdin".as_ref(),
            "the PIN must be 4 to 12 digits (it is typed on the kiosk's number pad)",
        )]);
    }
    let hash = PinHash::generate(pin)
        .map_err(|e| vec![Problem::file("/dev/urandom".as_ref(), e.to_string())])?;
    println!("operator_pin_hash: \"{hash}\",");
    Ok(())
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| "expected a date as YYYY-MM-DD, such as 2026-11-23".into())
}

fn export(
    settings: &Settings,
    date: Option<NaiveDate>,
    format: Format,
    out: Option<PathBuf>,
) -> Outcome {
    let day = date.unwrap_or_else(|| ratings::today(settings.offset));
    let output = match out {
        None => Output::Default,
        Some(p) if p == Path::new("-") => Output::Stdout,
        Some(p) => Output::Path(p),
    };
    let done = ratings::export(settings, day, format, output).map_err(|e| {
        vec![Problem::file(
            &e.path,
            format!("{}: {}", e.action, e.source),
        )]
    })?;
    warn_skips(&done.skips);
    let message = |to: &str| format!("{} records of {day} written to {to}", done.records);
    match &done.path {
        Some(path) => print_lines(io::stdout(), [message(&path.display().to_string())]),
        None => print_lines(io::stderr(), [message("standard output")]),
    }
    Ok(())
}

fn stats(
    settings: &Settings,
    range: Option<(NaiveDate, NaiveDate)>,
    by: Option<GroupBy>,
) -> Outcome {
    let (from, to) = range.unwrap_or_else(|| {
        let today = ratings::today(settings.offset);
        (today, today)
    });
    if from > to {
        return Err(vec![Problem::file(
            "--from".as_ref(),
            format!("{from} is after --to {to}"),
        )]);
    }
    let dir = settings.ratings_dir();
    let summary = ratings::stats(&dir, from, to, by)
        .map_err(|e| vec![Problem::file(&dir, format!("cannot read: {e}"))])?;
    warn_skips(&summary.skips);
    print_lines(io::stdout(), summary.lines());
    Ok(())
}

/// Skipped lines are not fatal: the good records were all read.
fn warn_skips(skips: &Skips) {
    let lines = skips.lines().into_iter().map(|l| format!("warning: {l}"));
    print_lines(io::stderr(), lines);
}
