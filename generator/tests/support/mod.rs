//! Shared by the integration tests of `mfcgen`: running the binary and reading what it printed.
#![allow(dead_code)]

use std::process::Command;

/// Runs `mfcgen ARGS`; returns the exit code (None when killed by a signal), stdout and stderr.
pub fn mfcgen_code(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mfcgen"))
        .args(args)
        .output()
        .expect("run mfcgen");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `mfcgen ARGS`; returns whether it succeeded, stdout and stderr.
pub fn mfcgen(args: &[&str]) -> (bool, String, String) {
    let (code, out, err) = mfcgen_code(args);
    (code == Some(0), out, err)
}
