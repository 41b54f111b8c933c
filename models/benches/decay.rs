//! Building a decay table (all channels, loop amplitude included) per mediator and model.

use criterion::{Criterion, criterion_group, criterion_main};
use mfc_models::decay::{CouplingModel, DarkSector, DecaySettings, DecayTable};
use mfc_models::{Mediator, MediatorKind};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let cases = [
        (MediatorKind::Scalar, CouplingModel::MuonOnly, 0.016),
        (MediatorKind::Scalar, CouplingModel::MuonOnly, 1.0),
        (MediatorKind::Vector, CouplingModel::LmuLtau, 1.0),
    ];
    for (kind, model, m) in cases {
        let med = Mediator::new(kind, m, 1e-3).expect("valid mediator");
        let settings = DecaySettings::new(model, DarkSector::None).expect("valid settings");
        c.bench_function(
            &format!("decay_table/{}/{}/{m}", kind.name(), model.name()),
            |b| {
                b.iter(|| DecayTable::new(black_box(&med), black_box(&settings)));
            },
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
