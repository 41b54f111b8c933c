//! LHE writer throughput: `cargo bench -p mfcgen --bench lhe` (events from
//! `LHE_BENCH_EVENTS`, default 1 000 000). Writes plain, gzip (fast) and gzip (default level)
//! files to a temporary directory and prints events/s and MB/s, then validates the plain file.
//!
//! A plain timing harness rather than criterion: one pass over 10^6 events is the number that
//! matters (target: < 5 s with gzip on 2 cores). gzip output is compressed by the parallel
//! member encoder of `mfcgen::io::gzip` (zlib-rs deflate on worker threads), so the CPU time
//! printed (that of the writing thread) leaves out the compression; the wall time is the
//! figure to compare.

use std::time::Instant;

use flate2::Compression;
use mfcgen::io::lhe::synthetic::{self, Setup, SplitMix64};
use mfcgen::io::lhe::{LheWriter, RunInfo, validate_file};

/// CPU time of this thread in seconds (Linux `/proc/thread-self/schedstat`), if available: on
/// a shared machine it is a steadier measure than the wall clock.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns * 1e-9)
}

fn main() {
    let n: usize = std::env::var("LHE_BENCH_EVENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let setup = Setup {
        e_mu: 1000.0,
        weight: 1e-3,
        ..Setup::default()
    };
    let mut rng = SplitMix64(1);
    // A pool of distinct events, cycled (event generation is not what is measured).
    let pool: Vec<_> = (0..4096)
        .map(|_| synthetic::event(&setup, &mut rng))
        .collect();
    let info = RunInfo {
        beam_ids: [setup.muon_id, setup.nucleus_id],
        beam_energies: [setup.e_mu, setup.m_nucleus],
        xsec_pb: setup.weight * n as f64,
        xerr_pb: 0.0,
        xmax: setup.weight * n as f64,
        header: "benchmark".into(),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        ("plain", "bench.lhe", None),
        (
            "gzip fast (level 1)",
            "bench_fast.lhe.gz",
            Some(Compression::fast()),
        ),
        (
            "gzip default (level 6)",
            "bench_default.lhe.gz",
            Some(Compression::default()),
        ),
    ];
    for (label, name, level) in cases {
        let path = dir.path().join(name);
        let t0 = Instant::now();
        let c0 = cpu_seconds();
        let mut w = LheWriter::create_with_compression(&path, &info, level).expect("create");
        for i in 0..n {
            w.write_event(&pool[i % pool.len()]).expect("write");
        }
        let written = w.finish().expect("finish");
        let dt = t0.elapsed().as_secs_f64();
        let cpu = c0.zip(cpu_seconds()).map_or(f64::NAN, |(a, b)| b - a);
        let size = std::fs::metadata(&path).expect("metadata").len() as f64;
        println!(
            "{label:>24}: {written} events in {dt:6.2} s wall ({cpu:6.2} s CPU of the writing thread) \
             = {:9.0} events/s wall ({:9.0} per CPU s), {:6.1} MB on disk",
            written as f64 / dt,
            written as f64 / cpu,
            size / 1e6,
        );
    }
    let t0 = Instant::now();
    let c0 = cpu_seconds();
    let report = validate_file(&dir.path().join("bench.lhe")).expect("valid");
    let dt = t0.elapsed().as_secs_f64();
    let cpu = c0.zip(cpu_seconds()).map_or(f64::NAN, |(a, b)| b - a);
    println!(
        "{:>24}: {} events in {dt:6.2} s wall ({cpu:6.2} s CPU) = {:9.0} events/s wall",
        "strict validation",
        report.events,
        report.events as f64 / dt
    );
}
