//! X decays through the whole chain (docs/physics.md Sec. 8.7): LHE with a decayed X (status 2,
//! VTIMUP, products with mothers pointing to X) read by our validator, our reader and pylhe;
//! HepMC3 with a displaced decay vertex read by pyhepmc (lab and ATLAS frame); the same seed
//! (1 and 2 threads: generator/tests/decays.rs); `mode = "stable"` and the default model leave
//! the events as they were; gridpack shards and merge carry the decays.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfcgen::card::{RunCard, ValidatedCard};
use mfcgen::gridpack::{Gridpack, LoadedGridpack, Shard, generate_shard};
use std::path::{Path, PathBuf};

fn card(extra_mediator: &str, extra: &str, events: u64, output: &Path) -> ValidatedCard {
    let text = format!(
        "[mediator]\nkind = \"vector\"\nmass = 0.3\ncoupling = 1e-3\n{extra_mediator}\n\
         [integration]\nprecision = 1e-2\ncalls = 20000\nadapt_iterations = 3\n\
         max_iterations = 4\n[generation]\nseed = 5\nevents = {events}\noutput = {:?}\n{extra}",
        output.display().to_string()
    );
    RunCard::from_toml_str(&text, "decay-files card")
        .unwrap()
        .validate()
        .unwrap()
}

fn generate(c: &ValidatedCard, out: &Path) {
    let integ = mfcgen::run::integrate(c, &mut |_| {}).unwrap();
    mfcgen::run::generate(c, &integ, out, &mut |_| {}).unwrap();
}

fn events_of(path: &Path) -> Vec<mfcgen::io::lhe::LheEvent> {
    let mut r = mfcgen::io::lhe::open(path).unwrap();
    let mut out = Vec::new();
    while let Some(e) = r.next_event() {
        out.push(e.unwrap());
    }
    out
}

/// The `<event>` blocks of an LHE file (everything after `</init>`).
fn event_text(path: &Path) -> String {
    let t = std::fs::read_to_string(path).unwrap();
    t[t.find("</init>").unwrap()..].to_string()
}

#[test]
fn lhe_with_decays_validates_and_vtimup_has_mean_ctau() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.lhe");
    let c = card("model = \"lmu-ltau\"", "", 3000, &out);
    generate(&c, &out);
    let rep = mfcgen::io::lhe::validate_file(&out).unwrap();
    println!("{rep:?}");
    let ctau = c.decay_table.ctau_mm();
    let evs = events_of(&out);
    assert_eq!(evs.len(), 3000);
    let (mut sum, mut nu) = (0.0, 0);
    for e in &evs {
        assert_eq!(e.particles.len(), 7);
        let x = e.particles[4];
        assert_eq!((x.id, x.status), (32, 2));
        assert!((e.scale - 0.3).abs() < 1e-15, "SCALUP = m_X");
        for d in &e.particles[5..] {
            assert_eq!((d.status, d.mothers), (1, [5, 5]));
            assert_eq!(d.lifetime, 0.0);
        }
        nu += usize::from(e.particles[5].id.abs() == 14 || e.particles[5].id.abs() == 16);
        sum += x.lifetime;
    }
    let n = evs.len() as f64;
    let mean = sum / n;
    println!("<VTIMUP> = {mean:e} mm, c tau = {ctau:e} mm, {nu} neutrino decays");
    // exponential: sdev of the mean = c tau / sqrt(n)
    assert!(
        (mean / ctau - 1.0).abs() < 4.0 / n.sqrt(),
        "{mean} vs {ctau}"
    );
    // BR(nu nu) = 2/3 of the L_mu - L_tau width at 0.3 GeV minus phase space: binomial check
    let br = c.decay_table.invisible_branching_ratio();
    let sd = (br * (1.0 - br) / n).sqrt();
    assert!((nu as f64 / n - br).abs() < 4.0 * sd, "{nu} vs BR {br}");
}

#[test]
fn decays_leave_the_production_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let decayed_path = dir.path().join("t1.lhe");
    generate(
        &card("model = \"muon-only\"", "", 2000, &decayed_path),
        &decayed_path,
    );
    // the stable run (mode = "stable") has the same production: the first five particles
    let stable = dir.path().join("s.lhe");
    let c = card(
        "model = \"muon-only\"",
        "[decay]\nmode = \"stable\"\n",
        2000,
        &stable,
    );
    generate(&c, &stable);
    let decayed = events_of(&dir.path().join("t1.lhe"));
    let plain = events_of(&stable);
    for (d, p) in decayed.iter().zip(&plain) {
        assert_eq!(p.particles.len(), 5);
        assert_eq!(p.particles[4].status, 1);
        for i in 0..5 {
            assert_eq!(d.particles[i].momentum, p.particles[i].momentum);
        }
    }
    // and the default model's event blocks equal those of the stable muon-only run
    let default = dir.path().join("def.lhe");
    generate(&card("", "", 2000, &default), &default);
    assert_eq!(event_text(&default), event_text(&stable));
}

#[test]
fn a_dark_width_writes_the_dark_pair() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dark.lhe");
    let c = card("dark_width = 1e-12", "", 200, &out);
    generate(&c, &out);
    mfcgen::io::lhe::validate_file(&out).unwrap();
    for e in events_of(&out) {
        assert_eq!([e.particles[5].id, e.particles[6].id], [52, -52]);
        assert_eq!(e.particles[5].mass, 0.0);
    }
}

#[test]
fn gridpack_shards_and_merge_carry_the_decays() {
    let dir = tempfile::tempdir().unwrap();
    let c = card(
        "model = \"lmu-ltau\"\nbr_invisible = 0.5",
        "",
        400,
        &dir.path().join("x.lhe"),
    );
    let (gp, _) = Gridpack::adapt(&c, &mut |_| {}).unwrap();
    let path = dir.path().join("gp.json");
    gp.write(&path).unwrap();
    let loaded = LoadedGridpack::load(&path).unwrap();
    assert_eq!(
        loaded.card.card, c.card,
        "the card round-trips through the gridpack"
    );
    assert_eq!(loaded.card.decay_table, c.decay_table);
    let shards: Vec<PathBuf> = (0..2)
        .map(|i| {
            let p = dir.path().join(format!("s{i}.lhe"));
            generate_shard(
                &loaded,
                Shard::new(i, 2, "test").unwrap(),
                200,
                &p,
                &mut |_| {},
            )
            .unwrap();
            p
        })
        .collect();
    // a shard regenerated is byte-identical (decays included)
    let again = dir.path().join("again.lhe");
    generate_shard(
        &loaded,
        Shard::new(1, 2, "test").unwrap(),
        200,
        &again,
        &mut |_| {},
    )
    .unwrap();
    assert!(
        event_text(&again) == event_text(&shards[1]),
        "shard 1 regenerated differs"
    );
    let merged = dir.path().join("merged.lhe");
    mfcgen::merge::merge_files(&shards, &merged, &mut |_| {}).unwrap();
    mfcgen::io::lhe::validate_file(&merged).unwrap();
    let evs = events_of(&merged);
    assert_eq!(evs.len(), 400);
    let dark = evs.iter().filter(|e| e.particles[5].id == 52).count();
    // BR(dark) = 0.5 exactly: binomial, 4 sigma = 40
    assert!((dark as i64 - 200).abs() < 40, "{dark} dark decays of 400");
    assert!(evs.iter().all(|e| e.particles[4].status == 2));
}

const PYLHE: &str = r#"
import sys, pylhe
path = sys.argv[1]
if hasattr(pylhe, "read_lhe"):
    events = list(pylhe.read_lhe(path))
else:
    events = list(pylhe.LHEFile.fromfile(path).events)
out = []
for e in events:
    p = e.particles
    x = p[4]
    d = p[5:]
    assert int(x.status) == 2, x.status
    assert all(int(q.status) == 1 and int(q.mother1) == 5 and int(q.mother2) == 5 for q in d)
    s = [sum(getattr(q, c) for q in d) for c in ("e", "px", "py", "pz")]
    out.append(max(abs(a - b) for a, b in zip(s, (x.e, x.px, x.py, x.pz))) / x.e)
    out.append(float(x.lifetime))
print(len(events), max(out[0::2]), sum(out[1::2]) / len(events))
"#;

#[test]
#[cfg_attr(
    not(mfc_pylhe),
    ignore = "needs pylhe: pip install pylhe (bash .ci/run does)"
)]
fn pylhe_reads_decayed_events() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.lhe");
    let c = card("model = \"muon-only\"", "", 300, &out);
    generate(&c, &out);
    let o = std::process::Command::new("python3")
        .args(["-c", PYLHE])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let f: Vec<f64> = text
        .split_whitespace()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(f[0], 300.0);
    assert!(
        f[1] < 1e-12,
        "pylhe sees momentum conservation in the decay: {}",
        f[1]
    );
    let ctau = c.decay_table.ctau_mm();
    assert!(
        (f[2] / ctau - 1.0).abs() < 4.0 / 300f64.sqrt(),
        "{} vs {ctau}",
        f[2]
    );
}

const PYHEPMC: &str = r#"
import sys, math, pyhepmc
n = 0
worst = 0.0
ratio = 0.0
with pyhepmc.open(sys.argv[1]) as f:
    for ev in f:
        n += 1
        assert len(ev.vertices) == 2, len(ev.vertices)
        prod = [v for v in ev.vertices if len(v.particles_in) == 2][0]
        dec = [v for v in ev.vertices if len(v.particles_in) == 1][0]
        x = dec.particles_in[0]
        assert x.status == 2 and x.end_vertex.id == dec.id and x.production_vertex.id == prod.id
        assert len(dec.particles_out) == 2 and all(q.status == 1 for q in dec.particles_out)
        d = [dec.position[i] - prod.position[i] for i in range(4)]
        p = x.momentum
        m = x.generated_mass
        # displacement = (l/m) (px, py, pz, E): the same l from every component
        l = d[3] * m / p.e
        for i, c in enumerate((p.px, p.py, p.pz)):
            worst = max(worst, abs(d[i] - l * c / m) / max(abs(l) * p.e / m, 1e-300))
        s = [sum(getattr(q.momentum, c) for q in dec.particles_out) for c in ("e", "px", "py", "pz")]
        worst = max(worst, max(abs(a - b) for a, b in zip(s, (p.e, p.px, p.py, p.pz))) / p.e)
        ratio += l
print(n, worst, ratio / n)
"#;

fn pyhepmc_check(out: &Path, events: u64, ctau: f64) {
    let o = std::process::Command::new("python3")
        .args(["-c", PYHEPMC])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let f: Vec<f64> = text
        .split_whitespace()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(f[0], events as f64);
    // %e output has 7 significant digits
    assert!(
        f[1] < 1e-5,
        "vertex along the momentum, products sum to X: {}",
        f[1]
    );
    let n = events as f64;
    assert!(
        (f[2] / ctau - 1.0).abs() < 4.0 / n.sqrt(),
        "<l> = {} vs c tau {ctau}",
        f[2]
    );
}

#[test]
#[cfg_attr(
    not(mfc_pyhepmc),
    ignore = "needs pyhepmc: pip install pyhepmc (bash .ci/run does)"
)]
fn pyhepmc_reads_the_displaced_decay_vertex() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h.hepmc");
    let c = card("model = \"muon-only\"", "", 400, &out);
    generate(&c, &out);
    pyhepmc_check(&out, 400, c.decay_table.ctau_mm());
}

#[test]
#[cfg_attr(
    not(mfc_pyhepmc),
    ignore = "needs pyhepmc: pip install pyhepmc (bash .ci/run does)"
)]
fn pyhepmc_reads_the_decay_vertex_in_the_atlas_frame() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("atlas.hepmc");
    let spectrum = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../validation/data/wz/z_muon_spectrum_14TeV.csv");
    let text = format!(
        "[beam]\nspectrum = {:?}\n[mediator]\nkind = \"axial\"\nmass = 0.3\ncoupling = 1e-3\n\
         model = \"muon-only\"\n[integration]\nprecision = 5e-2\ncalls = 20000\n\
         adapt_iterations = 3\nmax_iterations = 3\n[generation]\nseed = 2\nevents = 300\n\
         output = {:?}\n",
        spectrum.display().to_string(),
        out.display().to_string()
    );
    let c = RunCard::from_toml_str(&text, "atlas card")
        .unwrap()
        .validate()
        .unwrap();
    generate(&c, &out);
    pyhepmc_check(&out, 300, c.decay_table.ctau_mm());
}
