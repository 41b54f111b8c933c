//! |M|^2 per phase-space point for scalar and vector X (issue target: <= 300 ns on one core).

use criterion::{Criterion, criterion_group, criterion_main};
use mfc_models::kinematics::{Kinematics, PhaseSpacePoint, t_limits};
use mfc_models::{FormFactorKind, MatrixElement, Mediator, MediatorKind, Target};
use std::hint::black_box;

fn point(me: &MatrixElement) -> PhaseSpacePoint {
    let (e, ek, th) = (50.0, 30.0, 2e-3);
    let lim = t_limits::<f64>(&me.masses(), e, ek, th).expect("open phase space");
    let dt = 1e-6;
    PhaseSpacePoint {
        beam_energy: e,
        x_energy: ek,
        x_theta: th,
        t: lim.tmin + dt,
        t_minus_tmin: dt,
        phi_q: 1.0,
    }
}

fn bench(c: &mut Criterion) {
    let cu = Target::copper();
    for kind in [MediatorKind::Scalar, MediatorKind::Vector] {
        let med = Mediator::new(kind, 0.016, 1.0).expect("valid mediator");
        let me = MatrixElement::new(&med, &cu, FormFactorKind::Elastic);
        let pt = point(&me);
        c.bench_function(&format!("me2_at/{}", kind.name()), |b| {
            b.iter(|| me.me2_at(black_box(&pt)));
        });
        let kin = Kinematics::<f64>::from_point(&me.masses(), &pt).expect("physical");
        c.bench_function(&format!("me2_kinematics/{}", kind.name()), |b| {
            b.iter(|| me.me2_kinematics(black_box(&kin)));
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
