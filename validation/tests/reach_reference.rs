//! Regression of the paper's analysis against the committed tables: `mfc-validate reach` with
//! the ATLAS experiment card (`cards/experiments/atlas_gksst.toml`, also its default) must
//! reproduce `docs/figures/{reach,rho}_atlas_{S,V}.csv` to 1e-6 relative in every committed
//! column (columns are matched by name; new columns may be added). These columns are the
//! numbers of the pre-card `reach_{S,V}.csv`/`rho_{S,V}.csv`, reproduced byte for byte when
//! the ATLAS analysis became a card. The analysis is seeded and its random streams are
//! deterministic, so any difference is a change of the physics, the numerics or the stream
//! contract; if a change is meant to move the figures, regenerate them (README, "Figures")
//! in the same commit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

const TOL: f64 = 1e-6;

fn table(path: &Path) -> (String, Vec<Vec<f64>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default().to_string();
    let rows = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|v| v.trim().parse::<f64>().unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn reach_reproduces_the_committed_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mfc-validate"))
        .args(["reach", "--no-figures", "--experiment"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../cards/experiments/atlas_gksst.toml"))
        .arg("--output")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "reach failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/figures");
    let mut bad = Vec::new();
    for name in [
        "reach_atlas_S.csv",
        "reach_atlas_V.csv",
        "rho_atlas_S.csv",
        "rho_atlas_V.csv",
    ] {
        let (h_new, new) = table(&dir.path().join(name));
        let (h_ref, reference) = table(&committed.join(name));
        assert_eq!(new.len(), reference.len(), "{name}: row count changed");
        let cols_new: Vec<&str> = h_new.split(',').collect();
        for (j, col) in h_ref.split(',').enumerate() {
            let Some(k) = cols_new.iter().position(|c| *c == col) else {
                bad.push(format!("{name}: column {col} is gone"));
                continue;
            };
            for (i, (a, b)) in new.iter().zip(&reference).enumerate() {
                let (x, y) = (a[k], b[j]);
                let same = x == y || (x - y).abs() <= TOL * y.abs().max(x.abs());
                if !same {
                    bad.push(format!("{name} row {i} {col}: {x:e} vs committed {y:e}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "reach tables moved:\n{}", bad.join("\n"));
}
