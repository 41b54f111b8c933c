//! Gridpack shards: N shards merged are statistically the same sample as one run of N*K events
//! (same sigma; chi2 of the x, theta and t histograms), a shard regenerated from the same
//! gridpack is byte-identical, shards never share events, and the refusals (other gridpack,
//! duplicated shard, other card, other version, edited file) name what differs.
//!
//! Fixed seeds, so every number here is deterministic; the tolerances are stated where used.

use mfcgen::card::{RunCard, ValidatedCard};
use mfcgen::gridpack::{Gridpack, GridpackError, LoadedGridpack, Shard, generate_shard};
use mfcgen::merge::{MergeError, merge_files};
use std::path::{Path, PathBuf};

const N_SHARDS: u64 = 4;
const K: u64 = 5000;

fn card(seed: u64, mass: f64) -> ValidatedCard {
    let text = format!(
        "[mediator]\nmass = {mass}\n[integration]\nprecision = 1e-2\ncalls = 20000\n\
         adapt_iterations = 3\nmax_iterations = 5\n[generation]\nseed = {seed}\nevents = {}\n",
        N_SHARDS * K
    );
    RunCard::from_toml_str(&text, "shards-test card")
        .expect("card parses")
        .validate()
        .expect("card is valid")
}

fn adapt(dir: &Path, name: &str, c: &ValidatedCard) -> (Gridpack, LoadedGridpack) {
    let (gp, _) = Gridpack::adapt(c, &mut |_| {}).expect("adapt");
    let path = dir.join(name);
    let sha = gp.write(&path).expect("write gridpack");
    let loaded = LoadedGridpack::load(&path).expect("load gridpack");
    assert_eq!(loaded.sha256, sha);
    (gp, loaded)
}

fn shards(gp: &LoadedGridpack, dir: &Path, prefix: &str) -> Vec<PathBuf> {
    (0..N_SHARDS)
        .map(|i| {
            let p = dir.join(format!("{prefix}_{i}.lhe.gz"));
            let shard = Shard::new(i, N_SHARDS, "test").expect("shard");
            let r = generate_shard(gp, shard, K, &p, &mut |_| {}).expect("shard");
            assert_eq!(r.events, K);
            p
        })
        .collect()
}

/// (x = E_X / E_beam, theta_X, -t = |q|^2 of the recoil) per event.
fn observables(path: &Path) -> (f64, Vec<[f64; 3]>) {
    let mut r = mfcgen::io::lhe::open(path).expect("open LHE");
    let xsec = r.init().processes[0].xsec_pb;
    let mut out = Vec::new();
    while let Some(e) = r.next_event() {
        let e = e.expect("event");
        let beam = e.particles[0].momentum[0];
        let big_m = e.particles[1].mass;
        let n = e.particles[3].momentum;
        let x = e.particles[4].momentum;
        let px = (x[1] * x[1] + x[2] * x[2]).sqrt();
        let theta = px.atan2(x[3]);
        let p2 = n[1] * n[1] + n[2] * n[2] + n[3] * n[3];
        let kin = n[0] - big_m;
        out.push([x[0] / beam, theta, p2 - kin * kin]);
    }
    (xsec, out)
}

/// Two-sample chi2 with `bins` bins at the quantiles of the pooled sample; returns
/// (chi2, dof, p-value). Equal sample sizes: chi2 = sum (a - b)^2 / (a + b).
fn two_sample_chi2(a: &[f64], b: &[f64], bins: usize) -> (f64, usize, f64) {
    assert_eq!(a.len(), b.len());
    let mut pooled: Vec<f64> = a.iter().chain(b).copied().collect();
    pooled.sort_by(f64::total_cmp);
    let edges: Vec<f64> = (1..bins).map(|k| pooled[k * pooled.len() / bins]).collect();
    let bin = |v: f64| edges.partition_point(|&e| e <= v);
    let mut ha = vec![0.0; bins];
    let mut hb = vec![0.0; bins];
    for &v in a {
        ha[bin(v)] += 1.0;
    }
    for &v in b {
        hb[bin(v)] += 1.0;
    }
    let mut chi2 = 0.0;
    let mut used = 0;
    for (x, y) in ha.iter().zip(&hb) {
        if x + y > 0.0 {
            chi2 += (x - y) * (x - y) / (x + y);
            used += 1;
        }
    }
    let dof = used - 1;
    let p = mfcgen::vegas::accumulator::gamma_q(0.5 * dof as f64, 0.5 * chi2);
    (chi2, dof, p)
}

#[test]
fn merged_shards_match_one_run_and_regenerate_byte_identically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let c = card(7, 0.016);
    let (gp, loaded) = adapt(d, "grid.json.gz", &c);

    // the gridpack round trip is exact: same map, sigma and w_max bit for bit
    assert_eq!(loaded.gridpack, gp);
    // the same card and seed give a byte-identical gridpack
    let (gp2, _) = Gridpack::adapt(&c, &mut |_| {}).expect("adapt again");
    assert_eq!(
        gp2.to_json().expect("json"),
        gp.to_json().expect("json"),
        "adapt is not reproducible"
    );

    let files = shards(&loaded, d, "shard");
    let merged = d.join("merged.lhe");
    let rep = merge_files(&files, &merged, &mut |_| {}).expect("merge");
    assert_eq!(rep.events, N_SHARDS * K);
    assert!(rep.complete);
    assert_eq!(rep.sigma_pb, gp.sigma_pb);
    let v = mfcgen::io::lhe::validate_file(&merged).expect("merged file is valid LHE");
    assert_eq!(v.events, N_SHARDS * K);
    assert_eq!(v.xsec_pb, gp.sigma_pb);
    assert_eq!(v.xerr_pb, gp.sigma_error_pb);
    let w = v.event_weight.expect("weights");
    assert!(
        (w * (N_SHARDS * K) as f64 / gp.sigma_pb - 1.0).abs() < 1e-15,
        "weight {w} is not sigma/N"
    );
    let head = std::fs::read_to_string(&merged).expect("read");
    assert!(head.contains(&format!("gridpack_sha256 = \"{}\"", loaded.sha256)));
    assert!(head.contains("shards = \"0/4,1/4,2/4,3/4\""));
    assert!(head.contains("# input: shard_3.lhe.gz: shard 3/4, 5000 events, shard_seed"));

    // one ordinary run (adapt + generate in one go, master-seed streams) with N*K events
    let single = d.join("single.lhe.gz");
    let integ = mfcgen::run::integrate(&c, &mut |_| {}).expect("integrate");
    mfcgen::run::generate(&c, &integ, &single, &mut |_| {}).expect("generate");
    let (xs_single, obs_single) = observables(&single);
    let (xs_merged, obs_merged) = observables(&merged);
    // same seed, same card: the same integration, so sigma agrees exactly
    assert_eq!(xs_single, xs_merged);
    assert_eq!(obs_single.len(), obs_merged.len());
    for (k, name) in ["x = E_X/E_beam", "theta_X", "-t"].iter().enumerate() {
        let a: Vec<f64> = obs_single.iter().map(|o| o[k]).collect();
        let b: Vec<f64> = obs_merged.iter().map(|o| o[k]).collect();
        let (chi2, dof, p) = two_sample_chi2(&a, &b, 20);
        println!("{name}: chi2/dof = {chi2:.1}/{dof}, p = {p:.3}");
        // independent samples of the same distribution: p is uniform; 1e-3 fails 0.1 % of
        // seeds, and the seeds are fixed
        assert!(
            p > 1e-3,
            "{name}: chi2 = {chi2:.1} for {dof} dof, p = {p:.2e}"
        );
    }

    // byte-identical regeneration of shard 2 (other directory, same file name)
    let again = d.join("again");
    std::fs::create_dir(&again).expect("mkdir");
    let p2 = again.join("shard_2.lhe.gz");
    let reloaded = LoadedGridpack::load(&d.join("grid.json.gz")).expect("reload");
    generate_shard(
        &reloaded,
        Shard::new(2, 4, "test").expect("shard"),
        K,
        &p2,
        &mut |_| {},
    )
    .expect("regenerate");
    assert_eq!(
        std::fs::read(&p2).expect("read"),
        std::fs::read(&files[2]).expect("read"),
        "shard 2 regenerated differs"
    );

    // no two shards share an event (the X momentum line is unique per event)
    let mut lines = std::collections::HashSet::new();
    let mut total = 0;
    for f in &files {
        let (_, obs) = observables(f);
        for o in obs {
            total += 1;
            lines.insert(o.map(f64::to_bits));
        }
    }
    assert_eq!(lines.len(), total, "shards share events");
}

#[test]
fn refusals_name_what_differs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let c = card(11, 0.05);
    let (_, a) = adapt(d, "a.json", &c);
    let (_, b) = adapt(d, "b.json", &card(12, 0.05));
    let small = |gp: &LoadedGridpack, i: u64, name: &str| {
        let p = d.join(name);
        generate_shard(
            gp,
            Shard::new(i, 2, "t").expect("shard"),
            50,
            &p,
            &mut |_| {},
        )
        .expect("shard");
        p
    };
    let a0 = small(&a, 0, "a0.lhe");
    let a1 = small(&a, 1, "a1.lhe");
    let b1 = small(&b, 1, "b1.lhe");
    let out = d.join("m.lhe");

    let e = merge_files(&[a0.clone(), b1], &out, &mut |_| {}).expect_err("other gridpack");
    assert!(matches!(e, MergeError::Mismatch { .. }), "{e}");
    assert!(e.to_string().contains("gridpack_sha256"), "{e}");
    assert!(!out.exists());

    let e = merge_files(&[a0.clone(), a0.clone()], &out, &mut |_| {}).expect_err("duplicate");
    assert!(
        matches!(e, MergeError::DuplicateShard { index: 0, .. }),
        "{e}"
    );

    // an ordinary (non-gridpack) file is refused
    let plain = d.join("plain.lhe");
    let mut c2 = c.clone();
    c2.card.generation.events = 10;
    let integ = mfcgen::run::integrate(&c2, &mut |_| {}).expect("integrate");
    mfcgen::run::generate(&c2, &integ, &plain, &mut |_| {}).expect("generate");
    let e = merge_files(&[a0.clone(), plain], &out, &mut |_| {}).expect_err("plain");
    assert!(e.to_string().contains("gridpack"), "{e}");

    // truncated shard: the event count disagrees with the header
    let text = std::fs::read_to_string(&a1).expect("read");
    let cut = text.rfind("<event>").expect("event");
    let trunc = d.join("trunc.lhe");
    std::fs::write(&trunc, format!("{}</LesHouchesEvents>\n", &text[..cut])).expect("write");
    let e = merge_files(&[a0.clone(), trunc], &out, &mut |_| {}).expect_err("truncated");
    assert!(
        matches!(
            e,
            MergeError::Count {
                found: 49,
                expected: 50,
                ..
            }
        ),
        "{e}"
    );

    // merged files merge again with further shards; the result is valid
    let m01 = d.join("m01.lhe");
    merge_files(&[a0, a1.clone()], &m01, &mut |_| {}).expect("merge");
    let a2 = {
        let p = d.join("a2.lhe");
        generate_shard(&a, Shard::new(2, 4, "t").expect("s"), 50, &p, &mut |_| {}).expect("shard");
        p
    };
    let rep = merge_files(&[m01.clone(), a2], &out, &mut |_| {}).expect("merge again");
    assert_eq!(rep.events, 150);
    assert!(!rep.complete);
    mfcgen::io::lhe::validate_file(&out).expect("valid");
    let e = merge_files(&[m01, a1], &d.join("x.lhe"), &mut |_| {}).expect_err("dup in merged");
    assert!(
        matches!(e, MergeError::DuplicateShard { index: 1, .. }),
        "{e}"
    );

    // another card: every differing field is named
    let mut other = c.card.clone();
    other.mediator.mass = 0.06;
    other.integration.calls = 30000;
    let e = a.check_card(&other, "other.toml").expect_err("other card");
    let msg = e.to_string();
    assert!(matches!(e, GridpackError::CardMismatch { .. }));
    assert!(
        msg.contains("mediator.mass = 0.05 in the gridpack, 0.06 in the card"),
        "{msg}"
    );
    assert!(msg.contains("integration.calls"), "{msg}");
    // events and output are not part of the card's identity
    let mut same = c.card.clone();
    same.generation.events = 123;
    same.generation.output = PathBuf::from("elsewhere.lhe");
    a.check_card(&same, "same.toml").expect("same card");

    // versions and edits
    let json = std::fs::read_to_string(d.join("a.json")).expect("read");
    let load_text = |t: &str| Gridpack::from_json(t, Path::new("edited.json"));
    let e = load_text(&json.replace(
        &format!(
            "\"generator_version\": \"{}\"",
            mfcgen::gridpack::GENERATOR_VERSION
        ),
        "\"generator_version\": \"0.0.1\"",
    ))
    .expect_err("version");
    assert!(matches!(e, GridpackError::GeneratorVersion { .. }), "{e}");
    assert!(e.to_string().contains("mfcgen 0.0.1"), "{e}");
    let current = mfcgen::gridpack::FORMAT_VERSION;
    let e = load_text(&json.replace(
        &format!("\"format_version\": {current}"),
        &format!("\"format_version\": {}", current + 1),
    ))
    .expect_err("format");
    assert!(
        matches!(e, GridpackError::FormatVersion { found, .. } if found == u64::from(current) + 1),
        "{e}"
    );
    let e = load_text(&json.replace("mass = 0.05", "mass = 0.07")).expect_err("edited card");
    assert!(
        matches!(
            e,
            GridpackError::Corrupt {
                field: "card_sha256",
                ..
            }
        ),
        "{e}"
    );
    let e = load_text("{\"hello\": 1}").expect_err("not a gridpack");
    assert!(matches!(e, GridpackError::NotAGridpack { .. }), "{e}");
}
