//! `mfcgen`: command-line front end. Parses flags, loads the card, calls the library, prints.
//!
//! Everything printed to stdout goes through [`outln!`]/[`out!`], which return the I/O error
//! instead of panicking: a closed pipe (`mfcgen integrate --json | head -c 10`) ends the
//! program quietly with exit code 141 (128 + SIGPIPE, what a shell reports for a process a
//! closed pipe stopped). Output files are complete before anything is printed.

/// `println!` to stdout that returns the I/O error (e.g. a closed pipe) instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

/// `print!` to stdout that returns the I/O error instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut o = std::io::stdout().lock();
        write!(o, $($arg)*).and_then(|()| o.flush())
    }};
}

mod adapt;
mod common;
mod generate;
mod integrate;
mod matrix_element;
mod merge;
mod widths;
mod yield_cmd;

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
    /// Partial widths, branching ratios and c tau of X in a coupling model.
    Widths(widths::Args),
    /// Expected X per muon through a thick target of a material, with the muon energy loss.
    Yield(yield_cmd::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if let Err(e) = mfcgen::io::output::handle_termination_signals("mfcgen") {
        eprintln!(
            "mfcgen: warning: cannot handle SIGINT/SIGTERM/SIGHUP ({e}); an interrupted run may leave a hidden temporary file"
        );
    }
    let result = match cli.command {
        Command::Card => out!("{}", mfcgen::card::commented_default()).map_err(Into::into),
        Command::Integrate(a) => integrate::run(&a),
        Command::Generate(a) => generate::run(&a),
        Command::Adapt(a) => adapt::run(&a),
        Command::Merge(a) => merge::run(&a),
        Command::MatrixElement(a) => matrix_element::run(&a),
        Command::Widths(a) => widths::run(&a),
        Command::Yield(a) => yield_cmd::run(&a),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if mfcgen::errors::is_broken_pipe(e.as_ref()) => std::process::ExitCode::from(141),
        Err(e) => {
            // the chain of causes, each clause once, without a backtrace
            eprintln!(
                "mfcgen: error: {}",
                mfcgen::errors::render_chain(e.as_ref())
            );
            std::process::ExitCode::FAILURE
        }
    }
}
