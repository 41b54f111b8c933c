//! The whole normalisation chain (flux, phase space, couplings, |M|^2, form factor) against an
//! independent calculation: for a light X (m_X << m_mu << E) the phase-space
//! Weizsaecker-Williams cross section (DMG4 arXiv:2101.12192 App. A; Liu-Miller
//! arXiv:1705.01633) is known to reproduce the exact tree level to a few per cent, while a
//! factor-2 slip anywhere (spin average, 2 pi, flux) would show at once. The reference is a
//! different approximation, so the tolerance is wide (5 %) and the ratio is printed.
#![allow(clippy::unwrap_used)]

use mfc_models::{FormFactorKind, Mediator, MediatorKind, Target};
use mfc_validation::crosscheck::ww::{self, Approximation, WwSetup};
use mfcgen::phase_space::{DIM, Mapping};
use mfcgen::process::Process;
use mfcgen::vegas::{Vegas, VegasSettings};

#[test]
fn exact_cross_section_approaches_phase_space_ww_for_light_x() {
    for kind in [MediatorKind::Vector, MediatorKind::Scalar] {
        let med = Mediator::new(kind, 0.016, 1.0).unwrap();
        let cu = Target::copper();
        let p = Process::new(&med, &cu, FormFactorKind::Elastic, 50.0, Mapping::Standard).unwrap();
        let mut v = Vegas::new(
            DIM,
            VegasSettings {
                n_eval: 50_000,
                rel_precision: 2e-3,
                ..VegasSettings::default()
            },
        );
        let exact = v.integrate(&p, &mut |_| {}).unwrap().mean;
        let setup = WwSetup::new(med, 50.0, cu, FormFactorKind::Elastic).unwrap();
        let wwv = ww::sigma(&setup, Approximation::Ww).unwrap();
        let r = exact / wwv;
        println!(
            "{kind:?} 16 MeV, 50 GeV on Cu: exact {exact:.4e} pb, WW {wwv:.4e} pb, ratio {r:.4}"
        );
        assert!((r - 1.0).abs() < 0.05, "{kind:?}: exact/WW = {r}");
    }
}
