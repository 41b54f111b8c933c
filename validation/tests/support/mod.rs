//! Shared by the integration tests of `mfc-validate`: running the binary, asserting a clean
//! failure, and a small event sample made with the mfcgen library.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The `mfc-validate` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_mfc-validate");

/// Runs `mfc-validate ARGS`.
pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run mfc-validate")
}

/// What the run printed on stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a clean failure (non-zero exit, no panic) whose message contains every needle
/// (ignoring case), and returns the message.
pub fn assert_fails(o: &Output, needles: &[&str]) -> String {
    let err = stderr(o);
    assert!(
        !o.status.success(),
        "expected failure, stdout: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(!err.contains("panicked"), "panic: {err}");
    for n in needles {
        assert!(
            err.to_lowercase().contains(&n.to_lowercase()),
            "stderr lacks {n:?}: {err}"
        );
    }
    err
}

/// An unweighted sample of the default card (vector, 16 MeV, 50 GeV mu- on Cu, elastic, g = 1)
/// with few calls, written as plain LHE in a fresh temporary directory.
pub fn small_sample(
    events: u64,
    calls: u64,
    iterations: u32,
    precision: f64,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v16.lhe");
    let mut card = mfcgen::card::RunCard::default();
    card.integration.calls = calls;
    card.integration.adapt_iterations = iterations;
    card.integration.max_iterations = iterations;
    card.integration.precision = precision;
    card.generation.events = events;
    card.generation.output = path.clone();
    let card = card.validate().expect("valid card");
    let integ = mfcgen::run::integrate(&card, &mut |_| {}).expect("integrate");
    mfcgen::run::generate(&card, &integ, &path, &mut |_| {}).expect("generate");
    (dir, path)
}
