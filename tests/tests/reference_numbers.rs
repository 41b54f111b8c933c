//! Stored reference numbers (value stability): the random streams are deterministic, so the
//! cross sections of the six paper cards at a fixed seed and a small call count, and the first
//! events of a seeded run, are pure functions of the code. A change of the phase-space map, the
//! matrix element, VEGAS or the random-stream contract (`mfcgen::rng`) shows up here first.
//!
//! Provenance: the numbers were printed by this test (`PRINT_REFERENCE=1 cargo test --release
//! -p mfc-e2e --test reference_numbers -- --nocapture`) at the commit that introduced it, whose
//! physics is checked against independent numbers elsewhere (helicity vs trace |M|^2, the
//! phase-space volume, WW). If a change is *meant* to alter them, reprint and say why in the
//! commit message. Tolerance 1e-12 relative: the integrals are bit-reproducible on one
//! platform; 1e-12 leaves room only for a different libm.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfcgen::card::{RunCard, ValidatedCard};
use mfcgen::unweight::{self, EventIds, UnweightSettings};
use std::path::Path;

const TOL: f64 = 1e-12;

fn printing() -> bool {
    std::env::var_os("PRINT_REFERENCE").is_some()
}

/// A paper card with a small call count (the card's seed, 1).
fn small(card: &str) -> ValidatedCard {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cards")
        .join(card);
    let mut c = RunCard::from_file(&path).unwrap();
    c.integration.calls = 10_000;
    c.integration.adapt_iterations = 3;
    c.integration.max_iterations = 3;
    c.integration.precision = 1e-6; // never reached: exactly 3 iterations
    c.validate().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL * b.abs()
}

/// (card, sigma_pb, error_pb) at 10 000 calls, 3 + 3 iterations, seed 1.
const SIGMA: [(&str, f64, f64); 6] = [
    (
        "scalar_16MeV.toml",
        1.836139355125293e9,
        7.109217044698649e6,
    ),
    (
        "scalar_126MeV.toml",
        2.0900965506363103e8,
        6.58081882358125e5,
    ),
    (
        "scalar_1000MeV.toml",
        2.4228452600702215e6,
        7.9463337043206675e3,
    ),
    (
        "vector_16MeV.toml",
        5.653865876394167e9,
        1.7248460905786864e7,
    ),
    (
        "vector_126MeV.toml",
        7.615175489469928e8,
        2.2187621353083123e6,
    ),
    (
        "vector_1000MeV.toml",
        6.891561332109908e6,
        2.1926891965193267e4,
    ),
];

#[test]
fn paper_cards_sigma_is_pinned() {
    let mut bad = Vec::new();
    for (name, sigma, error) in SIGMA {
        let card = small(name);
        let e = mfcgen::run::integrate(&card, &mut |_| {}).unwrap().estimate;
        if printing() {
            println!("    (\"{name}\", {:e}, {:e}),", e.mean, e.sdev);
        }
        if !(close(e.mean, sigma) && close(e.sdev, error)) {
            bad.push(format!(
                "{name}: sigma {:e} +- {:e}, stored {sigma:e} +- {error:e}",
                e.mean, e.sdev
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "reference cross sections changed:\n{}",
        bad.join("\n")
    );
}

/// The X four-momenta (E, px, py, pz) of the first three unweighted events of
/// `vector_16MeV.toml` at the settings of [`small`], seed 1.
const FIRST_EVENTS_X: [[f64; 4]; 3] = [
    [
        2.8086187581670137,
        -0.008795790958316245,
        0.012776081279797676,
        2.8085303513646007,
    ],
    [
        33.95825724818968,
        0.10031880441230075,
        0.049817691567880955,
        33.95806875647253,
    ],
    [
        41.293147686989336,
        -0.06959806955767839,
        -0.09187986134614032,
        41.292983715145915,
    ],
];

#[test]
fn first_events_of_a_seeded_run_are_pinned() {
    let card = small("vector_16MeV.toml");
    let integ = mfcgen::run::integrate(&card, &mut |_| {}).unwrap();
    let process = integ.source.fixed().unwrap();
    let map = integ.vegas.frozen();
    let settings = UnweightSettings {
        seed: card.card.generation.seed,
        ..UnweightSettings::default()
    };
    let wm = unweight::find_max_weight(process, &map, &settings);
    let ids = EventIds {
        muon: 13,
        nucleus: 1_000_290_630,
        x: 32,
    };
    let mut x = Vec::new();
    unweight::generate::<(), _>(
        process,
        &map,
        wm.w_max,
        ids,
        1.0,
        3,
        &settings,
        &mut |e| {
            x.push(e.event.particles[4].momentum);
            Ok(())
        },
        &mut |_| {},
    )
    .unwrap();
    if printing() {
        println!("{x:?}");
    }
    assert_eq!(x.len(), 3);
    for (got, want) in x.iter().zip(FIRST_EVENTS_X) {
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g - w).abs() <= TOL * got[0].abs(),
                "first events changed: {x:?}"
            );
        }
    }
}
