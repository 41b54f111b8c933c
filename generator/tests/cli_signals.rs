//! SIGINT, SIGTERM (Slurm's time limit) and SIGHUP during event writing: the temporary file is
//! removed, nothing appears under the final name, the exit code is 128 + signal. A temporary
//! file left by a dead process (SIGKILL) is removed by the next run writing the same name.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

fn card(dir: &Path) -> String {
    let p = dir.join("card.toml");
    std::fs::write(
        &p,
        "[integration]\ncalls = 2000\nadapt_iterations = 1\nmax_iterations = 1\nprecision = 0.5\n",
    )
    .unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn termination_signals_remove_the_temporary_file() {
    for (sig, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let dir = tempfile::tempdir().unwrap();
        let c = card(dir.path());
        let out = dir.path().join("big.lhe");
        let mut child = Command::new(env!("CARGO_BIN_EXE_mfcgen"))
            .args([
                "generate",
                "--card",
                &c,
                "--events",
                "900000000",
                "--output",
            ])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // wait until events are being written
        let t0 = Instant::now();
        loop {
            let t = temps(dir.path());
            let written = t
                .iter()
                .any(|n| std::fs::metadata(dir.path().join(n)).is_ok_and(|m| m.len() > 0));
            if written {
                break;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "no temporary file appeared"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let st = Command::new("kill")
            .args([format!("-{sig}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(st.success());
        let status = child.wait().unwrap();
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert_eq!(status.code(), Some(code), "SIG{sig}: {err}");
        assert!(err.contains(&format!("interrupted by SIG{sig}")), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            temps(dir.path()).is_empty(),
            "SIG{sig} left {:?}",
            temps(dir.path())
        );
        assert!(
            !out.exists(),
            "SIG{sig} left a partial file under the final name"
        );
    }
}

#[test]
fn stale_temporary_files_of_dead_processes_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let c = card(dir.path());
    // pid 4194304 is above Linux's largest pid_max (2^22): never a live process
    let stale = dir.path().join(".ev.lhe.tmp-4194304-0");
    let live = dir
        .path()
        .join(format!(".ev.lhe.tmp-{}-0", std::process::id()));
    let other = dir.path().join(".other.lhe.tmp-4194304-0");
    for f in [&stale, &live, &other] {
        std::fs::write(f, "partial").unwrap();
    }
    let out = dir.path().join("ev.lhe");
    let st = Command::new(env!("CARGO_BIN_EXE_mfcgen"))
        .args(["generate", "--card", &c, "--events", "10", "--output"])
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    assert!(out.exists());
    assert!(
        !stale.exists(),
        "stale temporary file of a dead process kept"
    );
    assert!(live.exists(), "a live process's temporary file was removed");
    assert!(
        other.exists(),
        "another output's temporary file was touched"
    );
}
