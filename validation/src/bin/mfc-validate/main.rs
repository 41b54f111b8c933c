//! `mfc-validate`: cross-checks of mfcgen output.
//!
//! - `ww`: Weizsaecker-Williams cross sections and d sigma/dx ([`mfc_validation::crosscheck::ww`]);
//! - `compare`: histogram comparison of LHE files with each other or with WW
//!   ([`mfc_validation::crosscheck::compare`]).

mod card_opt;
mod compare;
mod reach;
mod spectrum;
mod ww;
mod yields;

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
    /// N_X per g^2 for Z and W muons (GKSST Eqs. 4-5) next to the paper.
    Yields(yields::Args),
    /// Incoming-muon spectrum P_in(p, eta) of a W or Z sample (GKSST Sec. IV.B, Fig. 2).
    Spectrum(spectrum::Args),
    /// Expected 95% CL reach on g_X, rho spectra, figures 2-4 (CSV + SVG).
    Reach(reach::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let r = match &cli.command {
        Command::Ww(a) => ww::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Yields(a) => yields::run(a),
        Command::Reach(a) => reach::run(a),
        Command::Spectrum(a) => spectrum::run(a),
    };
    match r {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mfc-validate: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
