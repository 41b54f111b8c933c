//! A user's error names the card field or the file as written, in the user's words: no Rust
//! type names (`expected struct BeamCard`), no Debug text (`SpectrumCell { p_lo: ... }`), no
//! `\u{feff}`, and no clause said twice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

fn error_of(args: &[&str]) -> String {
    let (ok, _, err) = support::mfcgen(args);
    assert!(!ok, "{args:?} succeeded");
    err
}

fn assert_user_words(msg: &str) {
    for bad in [
        "struct ",
        "Card {",
        "Cell {",
        "\\u{",
        "rel_precision",
        "f64",
        "u64",
        "Some(",
        "Error {",
        "panicked",
    ] {
        assert!(!msg.contains(bad), "{bad:?} in: {msg}");
    }
    // no clause twice (split at ': ' and line breaks; short fragments are allowed to repeat)
    let parts: Vec<&str> = msg
        .split([':', '\n'])
        .map(str::trim)
        .filter(|p| p.len() > 12)
        .collect();
    for (i, p) in parts.iter().enumerate() {
        assert!(!parts[i + 1..].contains(p), "{p:?} repeated in: {msg}");
    }
    assert!(
        msg.matches("line 2, column").count() <= 1,
        "location twice: {msg}"
    );
}

#[test]
fn bad_cards_and_spectra_are_explained_in_the_users_words() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    let table = write("table.toml", b"beam = 5\n");
    let number = write("number.toml", b"[beam]\nenergy = \"x\"\n");
    let count = write("count.toml", b"[integration]\ncalls = -3\n");
    let committed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../validation/data/wz/z_muon_spectrum_14TeV.csv"
    ))
    .unwrap();
    let mut head: Vec<u8> = committed
        .split(|&b| b == b'\n')
        .take(2)
        .collect::<Vec<_>>()
        .join(&b'\n');
    head.extend_from_slice(b"\n24,2,0.1,0.2,1\n");
    let cell = write("cell.csv", &head);
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(&committed);
    let bom = write("bom.csv", &bom);

    let m = error_of(&["integrate", "--card", &table]);
    assert!(
        m.contains("table.toml") && m.contains("[beam] table"),
        "{m}"
    );
    assert_user_words(&m);
    let m = error_of(&["integrate", "--card", &number]);
    assert!(
        m.contains("beam.energy") && m.contains("expected a number"),
        "{m}"
    );
    assert_user_words(&m);
    let m = error_of(&["integrate", "--card", &count]);
    assert!(m.contains("integration.calls"), "{m}");
    assert_user_words(&m);
    let m = error_of(&["integrate", "--beam-spectrum", &cell]);
    assert!(m.contains("cell.csv") && m.contains("cell 1"), "{m}");
    assert_user_words(&m);
    // a byte-order mark at the start of a spectrum file is skipped: the run works
    let (ok, _, err) =
        support::mfcgen(&["integrate", "--beam-spectrum", &bom, "--precision", "0.5"]);
    assert!(ok, "{err}");
}
