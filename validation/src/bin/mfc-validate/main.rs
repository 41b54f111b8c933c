//! `mfc-validate`: cross-checks of mfcgen output.
//!
//! - `ww`: Weizsaecker-Williams cross sections and d sigma/dx ([`mfc_validation::ww`]);
//! - `compare`: histogram comparison of LHE files with each other or with WW
//!   ([`mfc_validation::compare`]).

mod compare;
mod ww;

use clap::{Parser, Subcommand};

/// Validation tools for mfcgen (mu N -> mu N X, GKSST PRD 101, 011701).
#[derive(Parser, Debug)]
#[command(name = "mfc-validate", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// WW / IWW / HIWW cross section (and d sigma/dx) for one setup.
    Ww(ww::Args),
    /// Compare LHE files (A with B, or A with a WW prediction): histograms, chi2, CSV, SVG.
    Compare(compare::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let r = match &cli.command {
        Command::Ww(a) => ww::run(a),
        Command::Compare(a) => compare::run(a),
    };
    match r {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mfc-validate: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
