//! `mfc-validate`: cross-checks of mfcgen output.
//!
//! - `ww`: Weizsaecker-Williams cross sections and d sigma/dx ([`mfc_validation::crosscheck::ww`]);
//! - `compare`: histogram comparison of LHE files with each other or with WW
//!   ([`mfc_validation::crosscheck::compare`]);
//! - `yields`, `spectrum`, `reach`, `figures`: the paper's analysis
//!   ([`mfc_validation::analysis`]); `reach` runs experiment cards (`cards/experiments/`).
//!
//! Output goes through a locked stdout with `write!`, so a closed pipe (`| head`) is an
//! ordinary error: it ends the program quietly with exit code 141 (128 + SIGPIPE).

mod atlas_flag;
mod card_opt;
mod compare;
mod figures;
mod reach;
mod spectrum;
mod ww;
mod yields;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

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
    /// Expected reach on g_X of experiment cards (default: the paper's ATLAS analysis):
    /// tables (CSV), rho and momentum spectra, figures 2-4 and the overlay (PNG + PDF).
    Reach(reach::Args),
    /// Draw figures 2-4 and the experiment overlay from the tables of `reach`.
    Figures(figures::Args),
}

/// Exit code of a program ended by a closed output pipe (128 + SIGPIPE).
const EXIT_BROKEN_PIPE: u8 = 141;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = mfcgen::io::output::handle_termination_signals("mfc-validate") {
        eprintln!(
            "mfc-validate: warning: cannot handle SIGINT/SIGTERM/SIGHUP ({e}); an interrupted run may leave a hidden temporary file"
        );
    }
    let r = match &cli.command {
        Command::Ww(a) => ww::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Yields(a) => yields::run(a),
        Command::Reach(a) => reach::run(a),
        Command::Figures(a) => figures::run(a),
        Command::Spectrum(a) => spectrum::run(a),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if mfcgen::errors::is_broken_pipe(e.as_ref()) => ExitCode::from(EXIT_BROKEN_PIPE),
        Err(e) => {
            eprintln!(
                "mfc-validate: error: {}",
                mfcgen::errors::render_chain(e.as_ref())
            );
            ExitCode::FAILURE
        }
    }
}

/// Value parsers of numeric flags: clap names the flag and the value in its error.
pub mod flags {
    /// A whole number >= `min`.
    fn count(s: &str, min: u64) -> Result<u64, String> {
        let v: u64 = s
            .trim()
            .parse()
            .map_err(|_| format!("expected a whole number >= {min}"))?;
        if v < min {
            return Err(format!("must be at least {min}"));
        }
        Ok(v)
    }

    fn number(s: &str) -> Result<f64, String> {
        let v: f64 = s
            .trim()
            .parse()
            .map_err(|_| "expected a number".to_string())?;
        if !v.is_finite() {
            return Err("must be a finite number".into());
        }
        Ok(v)
    }

    /// A count >= 1.
    pub fn positive_count(s: &str) -> Result<usize, String> {
        count(s, 1).and_then(|v| usize::try_from(v).map_err(|_| "too large".into()))
    }

    /// A count >= 1, as u64.
    pub fn positive_count_u64(s: &str) -> Result<u64, String> {
        count(s, 1)
    }

    /// A count >= 2 (a grid with both ends).
    pub fn at_least_two(s: &str) -> Result<usize, String> {
        count(s, 2).and_then(|v| usize::try_from(v).map_err(|_| "too large".into()))
    }

    /// A finite number > 0 (masses, energies, couplings).
    pub fn positive(s: &str) -> Result<f64, String> {
        let v = number(s)?;
        if v <= 0.0 {
            return Err("must be positive".into());
        }
        Ok(v)
    }

    /// A relative precision, strictly between 0 and 1 (e.g. 1e-2).
    pub fn precision(s: &str) -> Result<f64, String> {
        let v = number(s)?;
        if !(v > 0.0 && v < 1.0) {
            return Err("must be a relative precision strictly between 0 and 1, e.g. 1e-2".into());
        }
        Ok(v)
    }
}

/// Output directories named by a flag are created and tried before any computation.
pub mod outdir {
    use anyhow::Context;
    use std::path::Path;

    /// Creates `dir` (and its parents) and checks that a file can be written in it; the error
    /// names the flag and the path.
    pub fn ensure_writable(flag: &str, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{flag} {}: cannot create the directory", dir.display()))?;
        let probe = dir.join(format!(".mfc-validate-write-test-{}", std::process::id()));
        std::fs::write(&probe, b"")
            .with_context(|| format!("{flag} {}: cannot write in the directory", dir.display()))?;
        // the probe is empty and ours; failing to remove it is not worth an error
        let _ = std::fs::remove_file(&probe);
        Ok(())
    }
}

/// Progress of a long loop on stderr: an indicatif bar on a terminal, else (batch jobs, pipes)
/// one plain line every few seconds with points done / total and the estimated time left.
///
/// The interval of the plain lines is 5 s, or `MFC_VALIDATE_PROGRESS_SECONDS` if set.
pub mod progress {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    use std::time::{Duration, Instant};

    /// Progress of `what` (e.g. "reach").
    pub struct Progress {
        what: &'static str,
        unit: &'static str,
        bar: Option<ProgressBar>,
        start: Instant,
        last: Instant,
        interval: Duration,
    }

    impl Progress {
        /// A bar on a terminal, else plain lines.
        pub fn new(what: &'static str, unit: &'static str) -> Self {
            let bar = std::io::stderr().is_terminal().then(|| {
                let pb = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
                let style = ProgressStyle::with_template(&format!(
                    "{what:>8} [{{bar:40}}] {{pos}}/{{len}} {unit} ({{elapsed}}, eta {{eta}})"
                ))
                .unwrap_or_else(|_| ProgressStyle::default_bar());
                pb.set_style(style.progress_chars("=> "));
                pb
            });
            let secs = std::env::var("MFC_VALIDATE_PROGRESS_SECONDS")
                .ok()
                .and_then(|s| s.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .unwrap_or(5.0);
            let now = Instant::now();
            Self {
                what,
                unit,
                bar,
                start: now,
                last: now,
                interval: Duration::from_secs_f64(secs),
            }
        }

        /// `done` of `total` finished.
        pub fn update(&mut self, done: usize, total: usize) {
            if let Some(pb) = &self.bar {
                pb.set_length(total as u64);
                pb.set_position(done as u64);
                return;
            }
            if done >= total || self.last.elapsed() < self.interval {
                return;
            }
            self.last = Instant::now();
            let elapsed = self.start.elapsed().as_secs_f64();
            let left = elapsed / done.max(1) as f64 * (total - done) as f64;
            eprintln!(
                "mfc-validate {}: {done}/{total} {} done, {elapsed:.0} s elapsed, about {left:.0} s left",
                self.what, self.unit
            );
        }
    }

    impl Drop for Progress {
        fn drop(&mut self) {
            if let Some(pb) = &self.bar {
                pb.finish_and_clear();
            }
        }
    }
}
