//! Reweighting against direct generation at the six paper benchmarks (docs/physics.md Sec. 11):
//! for every alternative mediator and form factor (the point-like `none` of a screened nominal
//! is refused: its weights are unbounded), the cross section summed from the named weights of
//! one nominal sample equals the directly integrated one within the combined errors, and its x,
//! theta_X and log t distributions match a directly generated sample (chi2/ndf over the bins
//! with at least 10 effective events in both samples, Pearson's condition for the chi2
//! approximation: an unweighted sample's empty tail bin has no error, so the weighted sample's
//! small tail contributions would count as many-sigma deviations). A negative control shows the
//! chi2 test can fail: the nominal sample *without* its weights is rejected against another
//! mediator's sample.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfc_validation::crosscheck::compare::{self, Binning, Observable, ReadOptions};
use mfc_validation::histogram::Histogram1D;
use mfcgen::card::{RunCard, ValidatedCard};
use std::path::Path;

/// Events per sample.
const EVENTS: u64 = 20_000;
/// Largest |pull| of a reweighted cross section against the direct one (5 alternatives per
/// benchmark, 30 in all: a Gaussian pull exceeds 3.5 with probability 4.7e-4 each).
const MAX_PULL: f64 = 3.5;
/// Largest chi2/ndf of a reweighted distribution against a direct sample (ndf ~ 30-50: the
/// 0.999 quantile of chi2_30 / 30 is 1.98).
const MAX_CHI2_NDF: f64 = 2.0;
/// The observables compared.
const OBSERVABLES: [Observable; 3] = [Observable::X, Observable::ThetaX, Observable::T];

/// A paper card with test settings, `change` applied, writing `EVENTS` events to `out`.
fn card(name: &str, out: &Path, change: impl FnOnce(&mut RunCard)) -> ValidatedCard {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cards")
        .join(name);
    let mut c = RunCard::from_file(&path).unwrap();
    c.integration.calls = 20_000;
    c.integration.adapt_iterations = 4;
    c.integration.max_iterations = 8;
    c.integration.precision = 3e-3;
    c.generation.events = EVENTS;
    c.generation.output = out.to_path_buf();
    change(&mut c);
    c.validate().unwrap()
}

/// Generates `card`'s events; returns (sigma, error) of the integration and the run summary.
fn run(card: &ValidatedCard) -> (f64, f64, mfcgen::run::Generation) {
    let integ = mfcgen::run::integrate(card, &mut |_| {}).unwrap();
    let out = card.card.generation.output.clone();
    let g = mfcgen::run::generate(card, &integ, &out, &mut |_| {}).unwrap();
    (integ.estimate.mean, integ.estimate.sdev, g)
}

fn chi2_ndf(a: &Path, weight: Option<&str>, b: &Path) -> Vec<f64> {
    let opts = ReadOptions {
        weight: weight.map(str::to_string),
        ..ReadOptions::default()
    };
    let sa = compare::read_sample(a, &opts).unwrap();
    let sb = compare::read_sample(b, &ReadOptions::default()).unwrap();
    let cmp = compare::compare_samples(&sa, &sb, &Binning::choose(&[&sa, &sb])).unwrap();
    OBSERVABLES
        .iter()
        .map(|o| {
            let h = &cmp.histograms[o.index()];
            populated_chi2_ndf(&h.a, &h.b)
        })
        .collect()
}

/// chi2/ndf of two histograms (both errors) over the bins where each has at least 10
/// effective events, (sum w)^2 / sum w^2.
fn populated_chi2_ndf(a: &Histogram1D, b: &Histogram1D) -> f64 {
    let n_eff = |w: f64, w2: f64| if w2 > 0.0 { w * w / w2 } else { 0.0 };
    let (mut chi2, mut ndf) = (0.0, 0usize);
    for i in 0..a.n_bins() {
        let (wa, wa2) = (a.sum_w()[i], a.sum_w2()[i]);
        let (wb, wb2) = (b.sum_w()[i], b.sum_w2()[i]);
        if n_eff(wa, wa2) >= 10.0 && n_eff(wb, wb2) >= 10.0 {
            chi2 += (wa - wb).powi(2) / (wa2 + wb2);
            ndf += 1;
        }
    }
    assert!(ndf >= 10, "only {ndf} populated bins");
    chi2 / ndf as f64
}

/// Sum of the named weight `id` over the events of `path`, read back by our LHE reader.
fn weight_sum(path: &Path, id: &str) -> f64 {
    let reader = mfcgen::io::lhe::open(path).unwrap();
    reader
        .map(|e| {
            let e = e.unwrap();
            e.extra_weights
                .iter()
                .find(|(k, _)| k == id)
                .map(|(_, v)| *v)
                .unwrap()
        })
        .sum()
}

/// One benchmark: every other mediator and every other form factor.
fn benchmark(name: &str, nominal_kind: &str) {
    let others: Vec<&str> = ["scalar", "vector", "pseudoscalar", "axial"]
        .into_iter()
        .filter(|k| *k != nominal_kind)
        .chain(["elastic+inelastic", "elastic+inelastic-best"])
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let nominal_path = dir.path().join("nominal.lhe");
    let nominal = card(name, &nominal_path, |c| {
        c.generation.reweight = others.iter().map(|s| (*s).to_string()).collect();
    });
    let (_, _, g) = run(&nominal);
    // the point-like alternative of a screened nominal is refused, naming the item
    let mut refused = nominal.card.clone();
    refused.generation.reweight = vec!["none".into()];
    let e = refused.validate().unwrap_err().to_string();
    assert!(
        e.contains("generation.reweight") && e.contains("unbounded"),
        "{e}"
    );
    assert_eq!(g.reweighted.len(), others.len());
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (k, (item, alt)) in others.iter().zip(&nominal.reweight).enumerate() {
        let rw = &g.reweighted[k];
        // the file's weights sum to the reported sigma (our reader, by id)
        let from_file = weight_sum(&nominal_path, &rw.id);
        assert!(
            (from_file / rw.sigma_pb - 1.0).abs() < 1e-12,
            "{name} {item}: file {from_file} vs {}",
            rw.sigma_pb
        );
        let direct_path = dir.path().join(format!("direct_{k}.lhe"));
        let direct = card(name, &direct_path, |c| {
            // another seed: independent of the nominal sample (the same seed would give
            // nearly the same events for a form-factor change, and a chi2 far below 1)
            c.generation.seed = 1000 + k as u64;
            c.mediator.kind = alt.kind;
            c.mediator.pdg_id = None;
            c.target.form_factor = alt.form_factor;
        });
        let (sigma, error, _) = run(&direct);
        let combined = rw.error_pb.hypot(error);
        let pull = (rw.sigma_pb - sigma) / combined;
        let chi2 = chi2_ndf(&nominal_path, Some(&rw.id), &direct_path);
        report.push(format!(
            "{name} {:<34} reweighted {:.5e} +- {:.2e} direct {:.5e} +- {:.2e} pull {pull:+.2} \
             n_eff {:.0} chi2/ndf x {:.2} theta {:.2} t {:.2}",
            rw.name,
            rw.sigma_pb,
            rw.error_pb,
            sigma,
            error,
            rw.effective_events,
            chi2[0],
            chi2[1],
            chi2[2]
        ));
        if pull.abs() > MAX_PULL {
            failures.push(format!("{item}: pull {pull:.2}"));
        }
        for (o, c) in OBSERVABLES.iter().zip(&chi2) {
            if !(*c < MAX_CHI2_NDF) {
                failures.push(format!("{item}: {} chi2/ndf {c:.2}", o.name()));
            }
        }
        // negative control: the same events without their weights are another mediator's
        // sample only if the distributions agree, which they do not
        if alt.kind.name() != nominal_kind && k == 0 {
            let unweighted = chi2_ndf(&nominal_path, None, &direct_path);
            report.push(format!(
                "{name} control (no weights) chi2/ndf {unweighted:.2?}"
            ));
            assert!(
                unweighted.iter().any(|c| *c > 2.0 * MAX_CHI2_NDF),
                "{name}: the chi2 test cannot tell {nominal_kind} from {item}: {unweighted:?}"
            );
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "{name}: {failures:?}\n{}",
        report.join("\n")
    );
}

#[test]
fn reweighted_matches_direct_scalar_16mev() {
    benchmark("scalar_16MeV.toml", "scalar");
}

#[test]
fn reweighted_matches_direct_scalar_126mev() {
    benchmark("scalar_126MeV.toml", "scalar");
}

#[test]
fn reweighted_matches_direct_scalar_1000mev() {
    benchmark("scalar_1000MeV.toml", "scalar");
}

#[test]
fn reweighted_matches_direct_vector_16mev() {
    benchmark("vector_16MeV.toml", "vector");
}

#[test]
fn reweighted_matches_direct_vector_126mev() {
    benchmark("vector_126MeV.toml", "vector");
}

#[test]
fn reweighted_matches_direct_vector_1000mev() {
    benchmark("vector_1000MeV.toml", "vector");
}
