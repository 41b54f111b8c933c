//! Regression of the paper's analysis against the committed tables: `mfc-validate reach` with
//! its defaults must reproduce `docs/figures/{reach,rho}_{S,V}.csv` (written by the same
//! command when the figures were committed) to 1e-6 relative in every number. The analysis is
//! seeded and its random streams are deterministic, so any difference is a change of the
//! physics, the numerics or the stream contract; if a change is meant to move the figures,
//! regenerate them (`mfc-validate reach --output docs/figures`) in the same commit.
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
        .args(["reach", "--output"])
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
    for name in ["reach_S.csv", "reach_V.csv", "rho_S.csv", "rho_V.csv"] {
        let (h_new, new) = table(&dir.path().join(name));
        let (h_ref, reference) = table(&committed.join(name));
        assert_eq!(h_new, h_ref, "{name}: columns changed");
        assert_eq!(new.len(), reference.len(), "{name}: row count changed");
        let cols: Vec<&str> = h_ref.split(',').collect();
        for (i, (a, b)) in new.iter().zip(&reference).enumerate() {
            assert_eq!(a.len(), b.len(), "{name} row {i}: column count");
            for (j, (x, y)) in a.iter().zip(b).enumerate() {
                let same = x == y || (x - y).abs() <= TOL * y.abs().max(x.abs());
                if !same {
                    bad.push(format!(
                        "{name} row {i} {}: {x:e} vs committed {y:e}",
                        cols[j]
                    ));
                }
            }
        }
    }
    assert!(bad.is_empty(), "reach tables moved:\n{}", bad.join("\n"));
}
