use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "kiosk", about = "医保办事指南自助终端")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate the catalog, reporting every problem.
    Check {
        #[arg(long, default_value = "catalog")]
        catalog: PathBuf,
    },
}

fn main() -> ExitCode {
    let Command::Check { catalog } = Cli::parse().command;
    match kiosk::catalog::load_dir(&catalog) {
        Ok(cat) => {
            for c in &cat.cities {
                println!("{}\t{}\t{} parts\t{} items", c.id, c.name, c.parts.len(), c.items.len());
            }
            println!("total: {} cities, {} items", cat.cities.len(), cat.item_count());
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprint!("{}", kiosk::catalog::problem::report(&problems));
            ExitCode::FAILURE
        }
    }
}
