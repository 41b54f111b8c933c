//! VEGAS+ overhead per point: a trivial 4-D integrand, so the time is that of the
//! random numbers, map, stratification and accumulation (run with one thread to
//! measure per-core cost: `RAYON_NUM_THREADS=1 cargo bench -p mfcgen --bench vegas`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mfcgen::rng;
use mfcgen::vegas::{AdaptiveMap, Integrand, Vegas, VegasSettings};
use std::hint::black_box;

struct Cheap;
impl Integrand for Cheap {
    fn dim(&self) -> usize {
        4
    }
    fn evaluate(&self, x: &[f64]) -> f64 {
        x[0] + x[1] * x[2] + x[3]
    }
}

fn bench(c: &mut Criterion) {
    let n_eval = 200_000;
    let mut g = c.benchmark_group("vegas_d4");
    g.throughput(Throughput::Elements(n_eval as u64));
    g.sample_size(20);
    g.bench_function("iteration_200k", |b| {
        let settings = VegasSettings {
            n_eval,
            n_adapt_iter: 0,
            max_iter: 1,
            rel_precision: 0.0,
            ..Default::default()
        };
        let mut v = Vegas::new(4, settings);
        b.iter(|| black_box(v.integrate(&Cheap, &mut |_| {}).map(|e| e.mean)));
    });
    g.finish();

    let mut g = c.benchmark_group("map_d4");
    let n = 100_000u64;
    g.throughput(Throughput::Elements(n));
    let map = AdaptiveMap::new(4, 1000);
    g.bench_function("rng_plus_map", |b| {
        let mut r = rng::stream(1, rng::Phase::Test, 0, 0);
        let (mut y, mut x) = ([0.0; 4], [0.0; 4]);
        b.iter(|| {
            let mut s = 0.0;
            for _ in 0..n {
                for yd in y.iter_mut() {
                    *yd = rng::uniform01(&mut r);
                }
                s += map.map(&y, &mut x) * x[0];
            }
            black_box(s)
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
