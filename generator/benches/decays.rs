//! Generation speed with and without X decays: `cargo bench -p mfcgen --bench decays` (events
//! from `DECAY_BENCH_EVENTS`, default 200 000). One integration per mediator, then the same
//! generation (same seed, plain LHE) with `[decay] mode = "stable"` and `"decay"`
//! (muon-only model, m_X = 0.3 GeV, g = 1e-3: X -> mu mu, and gamma gamma for S); prints
//! events/s (wall) of each and the cost of the decays per event.
//!
//! A plain timing harness like `lhe.rs`: the number that matters is the rate of a whole run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfcgen::card::RunCard;
use std::time::Instant;

fn main() {
    let n: u64 = std::env::var("DECAY_BENCH_EVENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().expect("tempdir");
    for kind in ["vector", "scalar"] {
        let card = |mode: &str| {
            let text = format!(
                "[mediator]\nkind = \"{kind}\"\nmass = 0.3\ncoupling = 1e-3\nmodel = \"muon-only\"\n\
                 [integration]\nprecision = 5e-3\ncalls = 100000\n[generation]\nevents = {n}\n\
                 [decay]\nmode = \"{mode}\"\n"
            );
            RunCard::from_toml_str(&text, "bench card")
                .expect("card")
                .validate()
                .expect("valid card")
        };
        let stable = card("stable");
        let integ = mfcgen::run::integrate(&stable, &mut |_| {}).expect("integrate");
        let mut rates = Vec::new();
        for mode in ["stable", "decay"] {
            let c = card(mode);
            let out = dir.path().join(format!("{kind}_{mode}.lhe"));
            let t0 = Instant::now();
            let g = mfcgen::run::generate(&c, &integ, &out, &mut |_| {}).expect("generate");
            let dt = t0.elapsed().as_secs_f64();
            let rate = g.events as f64 / dt;
            println!(
                "{kind:>7} {mode:>6}: {} events in {dt:6.2} s = {rate:9.0} events/s (wall, {} threads)",
                g.events,
                rayon::current_num_threads()
            );
            rates.push(rate);
        }
        println!(
            "{kind:>7}: decays cost {:.2} us per event ({:.1} % of the stable rate lost)",
            1e6 * (1.0 / rates[1] - 1.0 / rates[0]),
            100.0 * (1.0 - rates[1] / rates[0])
        );
    }
}
