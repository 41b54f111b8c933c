//! The figures (GKSST Figs. 2-4 and the experiment overlay) are drawn by matplotlib with
//! mplhep's style from the tables of [`super::tables`]: `scripts/plot/figures.py`. This module
//! runs that script; it is the one place the analysis starts Python.
//!
//! The script is found at `MFC_PLOT_SCRIPT` if set, else in the source tree this crate was
//! built from; the interpreter is `MFC_PYTHON` if set, else `python3`. Without matplotlib or
//! mplhep the script exits with code 77 and [`render`] reports the figures as unavailable
//! (the tables are the product; the figures can be drawn later from them).

use std::path::{Path, PathBuf};
use std::process::Command;
use thiserror::Error;

/// Exit code of the script when matplotlib or mplhep cannot be imported.
pub const EXIT_MISSING_MODULES: i32 = 77;

/// Errors of [`render`].
#[derive(Debug, Error)]
pub enum FigureError {
    /// The interpreter could not be started.
    #[error("cannot run {python} {}", script.display())]
    Start {
        /// Interpreter.
        python: String,
        /// Script.
        script: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The script failed.
    #[error("{} failed ({status}): {stderr}", script.display())]
    Failed {
        /// Script.
        script: PathBuf,
        /// Exit status.
        status: String,
        /// Its standard error (last lines).
        stderr: String,
    },
}

/// What [`render`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    /// The figures written (PNG and PDF paths).
    Files(Vec<String>),
    /// Not drawn, and why (no Python, or no matplotlib/mplhep).
    Unavailable(String),
}

/// The plotting script.
#[must_use]
pub fn script_path() -> PathBuf {
    std::env::var_os("MFC_PLOT_SCRIPT").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join("scripts")
                .join("plot")
                .join("figures.py")
        },
        PathBuf::from,
    )
}

/// Draws every figure from the tables in `tables` into `output` (PNG and PDF).
///
/// # Errors
/// [`FigureError::Failed`] if the script ran and failed for another reason than missing
/// modules.
pub fn render(tables: &Path, output: &Path) -> Result<Rendered, FigureError> {
    let script = script_path();
    let python = std::env::var("MFC_PYTHON").unwrap_or_else(|_| "python3".into());
    if !script.is_file() {
        return Ok(Rendered::Unavailable(format!(
            "the plotting script {} is not there (set MFC_PLOT_SCRIPT)",
            script.display()
        )));
    }
    let out = Command::new(&python)
        .arg(&script)
        .arg("--tables")
        .arg(tables)
        .arg("--output")
        .arg(output)
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Rendered::Unavailable(format!("{python} not found")));
        }
        Err(source) => {
            return Err(FigureError::Start {
                python,
                script,
                source,
            });
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(EXIT_MISSING_MODULES) {
        return Ok(Rendered::Unavailable(stderr.trim().to_string()));
    }
    if !out.status.success() {
        let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
        return Err(FigureError::Failed {
            script,
            status: out.status.to_string(),
            stderr: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
        });
    }
    Ok(Rendered::Files(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
    ))
}
