//! `mfcgen`: command-line front end. Parses flags, loads the card, calls the library, prints.

mod adapt;
mod common;
mod generate;
mod integrate;
mod matrix_element;
mod merge;

use clap::{Parser, Subcommand};

/// Monte Carlo generator for muonic force carriers: mu N -> mu N X.
#[derive(Parser)]
#[command(name = "mfcgen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a commented default run card (TOML).
    Card,
    /// Integrate the cross section (VEGAS+) and print sigma with its error.
    Integrate(integrate::Args),
    /// Integrate, then write unweighted events to an LHE file (.lhe or .lhe.gz); with
    /// --gridpack, generate one shard from a gridpack without re-adapting.
    Generate(generate::Args),
    /// Adapt (VEGAS+ grid, sigma, maximum weight) and write a gridpack for `generate --gridpack`.
    Adapt(adapt::Args),
    /// Merge shard event files of one gridpack into one LHE file.
    Merge(merge::Args),
    /// Evaluate |M|^2 (GeV^-2) at five four-momenta read from a file.
    MatrixElement(matrix_element::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Card => {
            print!("{}", mfcgen::card::commented_default());
            Ok(())
        }
        Command::Integrate(a) => integrate::run(&a),
        Command::Generate(a) => generate::run(&a),
        Command::Adapt(a) => adapt::run(&a),
        Command::Merge(a) => merge::run(&a),
        Command::MatrixElement(a) => matrix_element::run(&a),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // the whole chain of causes, without a backtrace
            eprintln!("mfcgen: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
