//! `--reweight` on the command line: refusals name the flag's item and the reason before any
//! work; `integrate` refuses the flag; `generate` prints each reweighted cross section (text and
//! JSON); `generate --gridpack --reweight` adds weights to a gridpack's shard without changing
//! its events.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn mfcgen(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mfcgen"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run mfcgen");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const CARD: &str = "[integration]\ncalls = 4000\nadapt_iterations = 2\nmax_iterations = 2\n\
                    precision = 0.5\n[generation]\nseed = 5\nevents = 50\n";

#[test]
fn refusals_name_the_item_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), CARD).unwrap();
    let cases = [
        ("axial:mass=0.02", "exact only at the card's mass"),
        ("none", "weights are unbounded"),
        ("tensor", "\"tensor\" is neither a mediator"),
        ("g=9", "at most sqrt(4 pi)"),
    ];
    for (item, why) in cases {
        let (ok, _, err) = mfcgen(
            dir.path(),
            &[
                "generate",
                "--card",
                "c.toml",
                "--output",
                "o.lhe",
                "--reweight",
                item,
            ],
        );
        assert!(!ok, "{item} accepted");
        assert!(err.contains("generation.reweight"), "{item}: {err}");
        assert!(err.contains(&format!("{item:?}")), "{item}: {err}");
        assert!(err.contains("from the command line"), "{item}: {err}");
        assert!(err.contains(why), "{item}: {err}");
        assert!(!err.contains("Err("), "Debug text: {err}");
        assert!(!dir.path().join("o.lhe").exists());
    }
    let (ok, _, err) = mfcgen(
        dir.path(),
        &["integrate", "--card", "c.toml", "--reweight", "axial"],
    );
    assert!(!ok);
    assert!(err.contains("integrate writes no events"), "{err}");
}

#[test]
fn generate_prints_and_gridpack_shards_take_reweight() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), CARD).unwrap();
    let (ok, out, err) = mfcgen(
        dir.path(),
        &[
            "generate",
            "--card",
            "c.toml",
            "--output",
            "o.lhe",
            "--reweight",
            "axial",
            "--reweight",
            "g=0.5",
            "--json",
        ],
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let r = v["reweighted"].as_array().unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0]["id"], "1001");
    assert_eq!(r[0]["name"], "axial:elastic:g=1");
    // g = 0.5: exactly a quarter of the nominal, every event, no spread
    let sigma = v["sigma_pb"].as_f64().unwrap();
    let quarter = r[1]["sigma_pb"].as_f64().unwrap();
    assert!(
        (quarter / (0.25 * sigma) - 1.0).abs() < 1e-12,
        "{quarter} {sigma}"
    );
    assert!((r[1]["effective_events"].as_f64().unwrap() - 50.0).abs() < 1e-9);

    let (ok, _, err) = mfcgen(
        dir.path(),
        &["adapt", "--card", "c.toml", "--output", "g.json"],
    );
    assert!(ok, "{err}");
    let shard = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "generate",
            "--gridpack",
            "g.json",
            "--events",
            "30",
            "--output",
            out,
        ];
        args.extend_from_slice(extra);
        let (ok, stdout, err) = mfcgen(dir.path(), &args);
        assert!(ok, "{err}");
        stdout
    };
    shard("plain.lhe", &[]);
    let text = shard("rw.lhe", &["--reweight", "scalar"]);
    assert!(
        text.contains("weight 1001") && text.contains("scalar:elastic:g=1"),
        "{text}"
    );
    let plain = std::fs::read_to_string(dir.path().join("plain.lhe")).unwrap();
    let rw = std::fs::read_to_string(dir.path().join("rw.lhe")).unwrap();
    assert!(rw.contains("<weight id=\"1001\">scalar:elastic:g=1</weight>"));
    // the same events: the particle lines agree
    let particles = |t: &str| -> Vec<String> {
        t.lines()
            .skip_while(|l| *l != "</init>")
            .filter(|l| l.starts_with(" 13 ") || l.starts_with(" 32 "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(particles(&plain), particles(&rw));
    assert_eq!(particles(&plain).len(), 30 * 3);
}
