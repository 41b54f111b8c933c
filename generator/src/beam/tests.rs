use super::*;
use crate::vegas::{Vegas, VegasSettings};
use mfc_models::MediatorKind;

fn settings(prec: f64, seed: u64) -> VegasSettings {
    VegasSettings {
        n_eval: 40_000,
        n_adapt_iter: 5,
        max_iter: 40,
        rel_precision: prec,
        seed,
        ..VegasSettings::default()
    }
}

fn mediator() -> Mediator {
    Mediator::new(MediatorKind::Vector, 0.1, 1.0).expect("valid mediator")
}

fn fixed(e: f64, seed: u64) -> crate::vegas::accumulator::Estimate {
    let p = Process::new(
        &mediator(),
        &Target::copper(),
        FormFactorKind::Elastic,
        e,
        Mapping::Standard,
    )
    .expect("open");
    Vegas::new(DIM, settings(3e-3, seed))
        .integrate(&p, &mut |_| {})
        .expect("finite")
}

fn folded(spec: BeamSpectrum, seed: u64) -> crate::vegas::accumulator::Estimate {
    let f = FoldedProcess::new(
        &mediator(),
        &Target::copper(),
        FormFactorKind::Elastic,
        spec,
        Mapping::Standard,
    )
    .expect("open");
    Vegas::new(FOLDED_DIM, settings(3e-3, seed))
        .integrate(&f, &mut |_| {})
        .expect("finite")
}

#[test]
fn delta_spectrum_reproduces_fixed_energy() {
    let p: f64 = 50.0;
    let a = fixed(p.hypot(M_MU), 11);
    let b = folded(BeamSpectrum::delta(p, 0.5).expect("delta"), 12);
    let pull = (a.mean - b.mean) / a.sdev.hypot(b.sdev);
    println!(
        "fixed {} +- {}, folded {} +- {}, pull {pull:.2}",
        a.mean, a.sdev, b.mean, b.sdev
    );
    assert!(a.sdev / a.mean < 3.5e-3 && b.sdev / b.mean < 3.5e-3);
    assert!(pull.abs() < 3.0, "pull {pull}");
}

#[test]
fn two_bin_spectrum_is_weighted_sum() {
    let (p1, p2, w1, w2): (f64, f64, f64, f64) = (20.0, 120.0, 0.3, 0.7);
    let cell = |p: f64, w: f64| SpectrumCell {
        p_lo: p,
        p_hi: p,
        eta_lo: 0.1,
        eta_hi: 1.05,
        probability: w,
    };
    let spec = BeamSpectrum::from_cells(vec![cell(p1, w1), cell(p2, w2)]).expect("spec");
    let a = fixed(p1.hypot(M_MU), 21);
    let b = fixed(p2.hypot(M_MU), 22);
    let sum = w1 * a.mean + w2 * b.mean;
    let sum_err = (w1 * a.sdev).hypot(w2 * b.sdev);
    let f = folded(spec, 23);
    let pull = (f.mean - sum) / f.sdev.hypot(sum_err);
    println!(
        "sum {sum} +- {sum_err}, folded {} +- {}, pull {pull:.2}",
        f.mean, f.sdev
    );
    assert!(pull.abs() < 3.0, "pull {pull}");
}

#[test]
fn parses_committed_format_and_samples() {
    let text = "#{\"format\":\"mfcgen-muon-spectrum\",\"version\":1}\n\
                p_lo,p_hi,eta_lo,eta_hi,probability\n\
                0,2,0.1,0.5,0\n\
                10,20,0.1,0.5,0.25\n\
                10,20,0.5,1.05,0.25\n\
                20,40,0.1,0.5,0.5\n";
    let s = BeamSpectrum::read_from(text.as_bytes()).expect("parse");
    assert_eq!(s.cells().len(), 4);
    assert!((s.total_probability() - 1.0).abs() < 1e-15);
    assert_eq!(s.momentum_range(), (10.0, 40.0));
    // inverse CDF: u = 0.25 -> middle of the first bin; 0.75 -> middle of the second
    assert!((s.momentum(0.25).0 - 15.0).abs() < 1e-12);
    assert_eq!(s.momentum(0.75), (30.0, 1));
    // eta within the first bin: half below 0.5
    assert!(s.sample_eta(0, 0.25) < 0.5 && s.sample_eta(0, 0.75) > 0.5);
    assert!(BeamSpectrum::read_from("p_lo\n".as_bytes()).is_err());
    let committed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../validation/data/wz/z_muon_spectrum_14TeV.csv"
    );
    if let Ok(z) = BeamSpectrum::load(Path::new(committed)) {
        assert!((z.total_probability() - 1.0).abs() < 1e-6);
        assert_eq!(z.header()["process"], "Z");
    }
}

#[test]
fn atlas_frame_geometry() {
    let mu = Particle {
        pdg_id: 13,
        status: -1,
        mothers: [0, 0],
        momentum: [50.0f64.hypot(M_MU), 0.0, 0.0, 50.0],
        mass: M_MU,
    };
    let ev = Event {
        particles: vec![mu],
        weight: 1.0,
    };
    let g = DetectorGeometry::default();
    let c = FrameChoice {
        eta: -0.8,
        phi: 1.0,
        u_depth: 0.5,
    };
    let (out, v) = to_atlas_frame(&ev, &c, &g);
    let m = out.particles[0].momentum;
    let pt = m[1].hypot(m[2]);
    let eta = (m[3] / pt).asinh();
    assert!((eta + 0.8).abs() < 1e-12 && (m[2].atan2(m[1]) - 1.0).abs() < 1e-12);
    // radial depth r_in + dx/2, along the muon
    let r = v[0].hypot(v[1]);
    assert!((r - 10.0 * (228.0 + 126.5)).abs() < 1e-9);
    assert!((v[2] / r - (-0.8f64).sinh()).abs() < 1e-12);
    assert!(v[3] >= (r * r + v[2] * v[2]).sqrt());
}

#[test]
fn mean_momentum_and_range_of_a_two_bin_spectrum() {
    let cell = |p_lo, p_hi, probability| SpectrumCell {
        p_lo,
        p_hi,
        eta_lo: 0.1,
        eta_hi: 1.05,
        probability,
    };
    let sp = BeamSpectrum::from_cells(vec![cell(10.0, 20.0, 0.25), cell(20.0, 40.0, 0.75)])
        .expect("valid cells");
    // 0.25 x 15 + 0.75 x 30 = 26.25 GeV
    assert!((sp.mean_momentum() - 26.25).abs() < 1e-12);
    assert_eq!(sp.momentum_range(), (10.0, 40.0));
    let d = BeamSpectrum::delta(50.0, 0.5).expect("delta");
    assert!((d.mean_momentum() - 50.0).abs() < 1e-12);
}
