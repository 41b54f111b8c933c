//! Cost of each extra (reweighting) weight per event: `cargo bench -p mfcgen --bench reweight`.
//!
//! Two parts per event and alternative: one more |M|^2 at the event's kinematics
//! ([`Reweighter::ratios`]; the nominal |M|^2 is evaluated once per event), and one more
//! `<wgt>` line written ([`LheWriter::write_event_with_weights`], into memory). Each group runs
//! 0, 1, 2 and 6 alternatives over a pool of 1024 accepted points of the default card (16 MeV
//! vector, 50 GeV mu- on Cu); the slope per alternative is the cost of one weight.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mfcgen::card::RunCard;
use mfcgen::io::lhe::{LheWriter, RunInfo, WeightInfo};
use mfcgen::reweight::{Alternative, Reweighter, weight_names};
use std::hint::black_box;

const ITEMS: [&str; 6] = [
    "axial",
    "scalar",
    "pseudoscalar",
    "elastic+inelastic",
    "elastic+inelastic-best",
    "g=0.5",
];

fn bench(c: &mut Criterion) {
    let card = RunCard::default().validate().expect("default card");
    let process = mfcgen::run::process_of(&card, mfcgen::phase_space::Mapping::Standard)
        .expect("open process");
    // a pool of points spread over the phase space (a low-discrepancy sequence)
    let points: Vec<_> = (1..20_000u32)
        .filter_map(|i| {
            let f = f64::from(i);
            let u = [
                (f * 0.754_877_666).fract(),
                (f * 0.569_840_291).fract(),
                (f * 0.430_159_709).fract(),
                (f * 0.245_122_334).fract(),
            ];
            process.point(&u)
        })
        .take(1024)
        .collect();
    let nominal = Alternative {
        kind: card.mediator.kind,
        form_factor: card.form_factor,
        coupling: card.mediator.coupling,
    };
    let mut g = c.benchmark_group("reweight_ratios");
    g.throughput(Throughput::Elements(points.len() as u64));
    g.sample_size(20);
    for k in [0usize, 1, 2, 6] {
        let items: Vec<String> = ITEMS[..k].iter().map(|s| (*s).to_string()).collect();
        let alts = card.card.validate_reweight(&items).expect("items");
        let rw =
            Reweighter::new(&nominal, &alts, card.mediator.mass, &card.target).expect("reweighter");
        g.bench_with_input(BenchmarkId::from_parameter(k), &rw, |b, rw| {
            b.iter(|| {
                for p in &points {
                    black_box(rw.ratios(&p.kinematics, 1).ok());
                }
            });
        });
    }
    g.finish();

    let ids = mfcgen::unweight::EventIds {
        muon: 13,
        nucleus: card.target.pdg_id().code(),
        x: card.x_pdg_id.code(),
    };
    let events: Vec<_> = points
        .iter()
        .map(|p| mfcgen::unweight::event_of(&process, p, 0.3, ids, 1.0e6))
        .collect();
    let info = RunInfo {
        beam_ids: [13, ids.nucleus],
        beam_energies: [50.0, card.target.nucleus_mass()],
        xsec_pb: 1.0,
        xerr_pb: 0.0,
        xmax: 1.0,
        header: "benchmark".into(),
    };
    let mut g = c.benchmark_group("lhe_event_with_weights");
    g.throughput(Throughput::Elements(events.len() as u64));
    g.sample_size(20);
    for k in [0usize, 1, 2, 6] {
        let alts = card
            .card
            .validate_reweight(
                &ITEMS[..k]
                    .iter()
                    .map(|s| (*s).to_string())
                    .collect::<Vec<_>>(),
            )
            .expect("items");
        let names: Vec<WeightInfo> = weight_names(&alts);
        let values: Vec<f64> = (0..k).map(|i| 1.0e6 * (1.0 + i as f64 * 0.37)).collect();
        g.bench_with_input(BenchmarkId::from_parameter(k), &names, |b, names| {
            b.iter(|| {
                let mut w = LheWriter::with_weights(std::io::sink(), &info, names).expect("writer");
                for (i, e) in events.iter().enumerate() {
                    // distinct values per event, as in a run (no formatting cache hits)
                    let v: Vec<f64> = values.iter().map(|x| x * (1.0 + i as f64 * 1e-9)).collect();
                    w.write_event_with_weights(e, &v).expect("write");
                }
                black_box(w.into_inner().expect("finish").1)
            });
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
