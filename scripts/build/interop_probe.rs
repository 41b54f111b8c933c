//! Build script shared by the crates whose tests talk to outside tools (`build =
//! "../scripts/build/interop_probe.rs"` in their Cargo.toml).
//!
//! It looks for the tools once per build and sets a cfg for each one present:
//!
//! | cfg | present when |
//! |---|---|
//! | `mfc_pylhe` | `python3 -c "import pylhe"` succeeds |
//! | `mfc_pyhepmc` | `python3 -c "import pyhepmc"` succeeds |
//! | `mfc_slurm` | `slurmctld`, `slurmd`, `sbatch`, `munged` are on PATH and we are root |
//!
//! A test that needs a tool carries `#[cfg_attr(not(mfc_pylhe), ignore = "...why and how to
//! install...")]`, so a plain `cargo test` on a machine without it reports the test as
//! *ignored, with the reason* in its summary instead of passing without running. With `CI`
//! set every cfg is set whatever is found: in CI a missing tool is a failing test, not a skip.
//! The probe reruns when `PATH`, `CI` or `MFC_REPROBE` change (`MFC_REPROBE=1 cargo test`
//! after installing a tool).

use std::process::Command;

fn ok(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn on_path(cmd: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(cmd).is_file()))
}

fn main() {
    for v in ["PATH", "CI", "MFC_REPROBE"] {
        println!("cargo::rerun-if-env-changed={v}");
    }
    println!("cargo::rerun-if-changed=../scripts/build/interop_probe.rs");
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let probes = [
        ("mfc_pylhe", ok("python3", &["-c", "import pylhe"])),
        ("mfc_pyhepmc", ok("python3", &["-c", "import pyhepmc"])),
        (
            "mfc_slurm",
            root && ["slurmctld", "slurmd", "sbatch", "munged"]
                .iter()
                .all(|c| on_path(c) || std::path::Path::new("/usr/sbin").join(c).is_file()),
        ),
    ];
    for (cfg, found) in probes {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if found || ci {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
