//! Material slabs in `integrate` and `generate` (`target.material`, `target.thickness_cm`):
//! the per-atom cross section of a compound against its elements integrated one by one, the
//! per-element event fractions against n_i sigma_i, vertices inside the slab at the muon's
//! energy there, the thick-target X per muon against `mfcgen yield`'s independent node
//! integration, the thread count, and pylhe/pyhepmc reading the per-event nucleus.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfcgen::card::{RunCard, ValidatedCard};
use mfcgen::run::EventRecord;
use mfcgen::run::Source;
use mfcgen::thick_target::{ThickTargetSettings, sigma_on, thick_target_yield};
use std::collections::BTreeMap;
use std::process::Command;

fn card(text: &str) -> ValidatedCard {
    let mut c = RunCard::from_toml_str(text, "test card").unwrap();
    c.integration.calls = 40_000;
    c.integration.adapt_iterations = 6;
    c.integration.max_iterations = 20;
    c.integration.precision = 1e-3;
    c.validate().unwrap()
}

const PBWO4: &str = "[beam]\nenergy = 50.0\n[target]\nmaterial = \"PbWO4\"\n\
                     [mediator]\nkind = \"vector\"\nmass = 0.1\ncoupling = 1e-3\n";

/// Each element's sigma on its own nucleus at `energy`, with its error.
fn element_sigmas(card: &ValidatedCard, energy: f64) -> Vec<(i32, f64, f64, f64)> {
    let Some(spec) = &card.slab else {
        panic!("not a slab card")
    };
    let atoms = spec.material.atoms_per_cm3();
    let n: f64 = atoms.iter().map(|(_, n)| n).sum();
    atoms
        .iter()
        .map(|(el, ni)| {
            let t = el.target();
            let s = sigma_on(card, &t, energy).unwrap();
            (t.pdg_id().code(), ni / n, s.mean, s.sdev)
        })
        .collect()
}

#[test]
fn compound_sigma_is_the_atom_weighted_sum_of_its_elements() {
    let c = card(PBWO4);
    let integ = mfcgen::run::integrate(&c, &mut |_| {}).unwrap();
    assert!(matches!(integ.source, Source::Slab(_)));
    let parts = element_sigmas(&c, 50.0);
    assert_eq!(parts.len(), 3);
    let sum: f64 = parts.iter().map(|(_, a, s, _)| a * s).sum();
    let var: f64 = parts.iter().map(|(_, a, _, e)| (a * e).powi(2)).sum();
    let tol = 4.0 * (var + integ.estimate.sdev.powi(2)).sqrt();
    assert!(
        (integ.estimate.mean - sum).abs() < tol,
        "slab {} +- {} vs sum over elements {sum} (tolerance {tol})",
        integ.estimate.mean,
        integ.estimate.sdev
    );
    // the error is honest at the per-mille level asked for
    assert!(integ.estimate.sdev / integ.estimate.mean < 1.5e-3);
}

#[test]
fn one_element_material_matches_the_plain_target() {
    let slab = card(
        "[beam]\nenergy = 50.0\n[target]\nmaterial = \"Cu\"\n\
         [mediator]\nkind = \"vector\"\nmass = 0.1\ncoupling = 1e-3\n",
    );
    let plain =
        card("[beam]\nenergy = 50.0\n[mediator]\nkind = \"vector\"\nmass = 0.1\ncoupling = 1e-3\n");
    let a = mfcgen::run::integrate(&slab, &mut |_| {}).unwrap().estimate;
    let b = mfcgen::run::integrate(&plain, &mut |_| {})
        .unwrap()
        .estimate;
    let tol = 4.0 * a.sdev.hypot(b.sdev);
    assert!((a.mean - b.mean).abs() < tol, "{a:?} vs {b:?}");
    assert_eq!(slab.target.name, "Cu");
}

#[test]
fn events_fall_on_each_element_in_proportion_to_n_sigma() {
    let c = card(PBWO4);
    let integ = mfcgen::run::integrate(&c, &mut |_| {}).unwrap();
    let parts = element_sigmas(&c, 50.0);
    let total: f64 = parts.iter().map(|(_, a, s, _)| a * s).sum();
    let mut card = c.clone();
    let n_events = 30_000u64;
    card.card.generation.events = n_events;
    let mut counts: BTreeMap<i32, u64> = BTreeMap::new();
    let mut masses: BTreeMap<i32, f64> = BTreeMap::new();
    mfcgen::run::generate_events(
        &card,
        &integ,
        &mut |r: &EventRecord<'_>| {
            let e = r.placed;
            let nucleus = &e.event.particles[1];
            assert_eq!(nucleus.pdg_id, e.event.particles[3].pdg_id);
            *counts.entry(nucleus.pdg_id).or_default() += 1;
            let m = masses.entry(nucleus.pdg_id).or_insert(nucleus.mass);
            assert_eq!(*m, nucleus.mass, "one mass per nucleus");
            assert_eq!(e.vertex, [0.0; 4], "a thin target has no depth");
            Ok(())
        },
        &mut |_| {},
    )
    .unwrap();
    let n = n_events as f64;
    for (pdg, a, s, _) in &parts {
        let p = a * s / total;
        let got = counts.get(pdg).copied().unwrap_or(0) as f64;
        let sd = (n * p * (1.0 - p)).sqrt();
        assert!(
            (got - n * p).abs() < 4.0 * sd + 2e-3 * n * p,
            "nucleus {pdg}: {got} events, expected {} +- {sd}",
            n * p
        );
    }
    // oxygen is 2/3 of the atoms but ~2.6 % of the events (Z^2): the test can tell them apart
    let o = counts.get(&1_000_080_160).copied().unwrap_or(0) as f64 / n;
    assert!(o > 0.015 && o < 0.04, "{o}");
}

/// A thick iron slab at a low entry energy and a heavy X, where sigma changes along the path.
const FE_THICK: &str = "[beam]\nenergy = 10.0\n[target]\nmaterial = \"Fe\"\nthickness_cm = 200.0\n\
                        [mediator]\nkind = \"scalar\"\nmass = 1.0\ncoupling = 1e-3\n";

#[test]
fn thick_slab_x_per_muon_agrees_with_the_node_integration_of_yield() {
    let c = card(FE_THICK);
    let integ = mfcgen::run::integrate(&c, &mut |_| {}).unwrap();
    let Source::Slab(slab) = &integ.source else {
        panic!("not a slab")
    };
    let x = slab.x_per_muon(integ.estimate.mean).unwrap();
    let x_err = slab.x_per_muon(integ.estimate.sdev).unwrap();
    let spec = c.slab.as_ref().unwrap();
    let y = thick_target_yield(&c, &spec.material, &ThickTargetSettings::new(200.0)).unwrap();
    let interp = y.interpolation_error.unwrap_or(0.0).abs();
    let tol = 4.0 * x_err.hypot(y.x_per_muon_error) + 2.0 * interp * y.x_per_muon;
    assert!(
        (x - y.x_per_muon).abs() < tol,
        "slab {x} +- {x_err} vs yield {} +- {} (interpolation {interp:e})",
        y.x_per_muon,
        y.x_per_muon_error
    );
    // the energy loss matters here: without it the yield is clearly larger
    assert!(y.mean_energy_loss_gev > 2.0, "{}", y.mean_energy_loss_gev);
    let thin = slab
        .x_per_muon(sigma_on(&c, &c.target, 10.0).unwrap().mean)
        .unwrap();
    assert!(thin > 1.1 * x, "{thin} vs {x}");
}

#[test]
fn thick_slab_vertices_lie_inside_at_the_muon_energy_there() {
    let mut c = card(FE_THICK);
    let integ = mfcgen::run::integrate(&c, &mut |_| {}).unwrap();
    let Source::Slab(slab) = &integ.source else {
        panic!("not a slab")
    };
    let n_events = 20_000u64;
    c.card.generation.events = n_events;
    let mut depths = Vec::new();
    mfcgen::run::generate_events(
        &c,
        &integ,
        &mut |r: &EventRecord<'_>| {
            let e = r.placed;
            let [x, y, z, t] = e.vertex;
            assert!(x == 0.0 && y == 0.0 && z == t, "{:?}", e.vertex);
            assert!(
                (0.0..=2000.0).contains(&z),
                "vertex z = {z} mm outside the slab"
            );
            let e_in = e.event.particles[0].momentum[0];
            let want = slab.energy_at(z / 10.0);
            assert!(
                (e_in / want - 1.0).abs() < 1e-9,
                "{e_in} vs {want} at z = {z}"
            );
            depths.push(z / 10.0);
            Ok(())
        },
        &mut |_| {},
    )
    .unwrap();
    // the mean depth against the one from the yield's sigma(E(x)): sigma falls with the
    // energy, so events crowd towards the entry face
    let spec = c.slab.as_ref().unwrap();
    let y = thick_target_yield(&c, &spec.material, &ThickTargetSettings::new(200.0)).unwrap();
    let nodes = &y.elements[0].nodes;
    let dx = 200.0 / (y.profile.len() - 1) as f64;
    let (mut num, mut den) = (0.0, 0.0);
    for (k, &e) in y.profile.iter().enumerate() {
        let w = mfcgen::thick_target::interpolate(nodes, e)
            * if k == 0 || k + 1 == y.profile.len() {
                0.5
            } else {
                1.0
            };
        num += w * k as f64 * dx;
        den += w;
    }
    let expect = num / den;
    let n = depths.len() as f64;
    let mean = depths.iter().sum::<f64>() / n;
    let sd = (depths.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n).sqrt();
    assert!(
        (mean - expect).abs() < 4.0 * sd / n.sqrt(),
        "mean depth {mean} cm vs {expect} cm (+- {})",
        sd / n.sqrt()
    );
    assert!(expect < 95.0, "sigma(E) must fall along the path: {expect}");
}

fn mfcgen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mfcgen"))
}

fn write_card(dir: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let p = dir.join("slab.toml");
    let text = format!(
        "[beam]\nenergy = 50.0\n[target]\nmaterial = \"PbWO4\"\nthickness_cm = 2.0\n\
         [mediator]\nkind = \"vector\"\nmass = 0.1\ncoupling = 1e-3\n\
         [integration]\ncalls = 20000\nadapt_iterations = 4\nmax_iterations = 4\n\
         precision = 1e-2\n{extra}"
    );
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn slab_events_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let card = write_card(dir.path(), "");
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("t{threads}.hepmc"));
        let o = mfcgen()
            .args(["generate", "--events", "300", "--card"])
            .arg(&card)
            .arg("--output")
            .arg(&out)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        // everything but the card's output path, recorded in the header
        let text = std::fs::read_to_string(&out).unwrap();
        let body: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with("A mfcgen_run_card"))
            .map(str::to_string)
            .collect();
        assert!(body.len() > 300 * 5);
        files.push(body);
    }
    assert!(files[0] == files[1], "the thread count changed the events");
}

#[test]
fn integrate_reports_the_slab_and_x_per_muon() {
    let dir = tempfile::tempdir().unwrap();
    let card = write_card(dir.path(), "");
    let o = mfcgen()
        .args(["integrate", "--json", "--card"])
        .arg(&card)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = &v["slab"];
    assert_eq!(s["material"], "PbWO4");
    assert_eq!(s["thickness_cm"], 2.0);
    assert_eq!(s["elements"].as_array().unwrap().len(), 3);
    let sigma = v["sigma_pb"].as_f64().unwrap();
    let n = s["atoms_per_cm3"].as_f64().unwrap();
    let x = s["x_per_muon"].as_f64().unwrap();
    assert!((x / (n * 2.0 * sigma * 1e-36) - 1.0).abs() < 1e-12);
    // PbWO4: 8.28 g/cm^3 / 455.0 g/mol x 6 atoms x N_A = 6.6e22 atoms/cm^3
    assert!((n / 6.57e22 - 1.0).abs() < 0.01, "{n}");
    assert!(s["exit_energy_gev"].as_f64().unwrap() < 50.0);
}

/// `mfcgen ARGS` that must fail: its stderr, checked for a panic.
fn refused(args: &[&std::ffi::OsStr]) -> String {
    let o = mfcgen().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!o.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn slab_refusals_name_the_fields() {
    let dir = tempfile::tempdir().unwrap();
    let card = write_card(dir.path(), "[generation]\nreweight = [\"axial\"]\n");
    let err = refused(&["integrate".as_ref(), "--card".as_ref(), card.as_os_str()]);
    assert!(
        err.contains("generation.reweight") && err.contains("target.material"),
        "{err}"
    );
    let card = write_card(dir.path(), "");
    let spectrum = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../validation/data/wz/z_muon_spectrum_14TeV.csv"
    );
    let err = refused(&[
        "integrate".as_ref(),
        "--card".as_ref(),
        card.as_os_str(),
        "--beam-spectrum".as_ref(),
        spectrum.as_ref(),
    ]);
    assert!(
        err.contains("beam.spectrum") && err.contains("fixed beam energy"),
        "{err}"
    );
    // gridpacks: refused before any integration, nothing written
    let gp = dir.path().join("gp.json");
    let err = refused(&[
        "adapt".as_ref(),
        "--card".as_ref(),
        card.as_os_str(),
        "--output".as_ref(),
        gp.as_os_str(),
    ]);
    assert!(err.contains("target.material"), "{err}");
    assert!(!gp.exists());
}

#[test]
#[cfg_attr(
    not(all(mfc_pylhe, mfc_pyhepmc)),
    ignore = "needs pylhe and pyhepmc: pip install pylhe pyhepmc (bash .ci/run does)"
)]
fn pylhe_and_pyhepmc_read_the_nucleus_of_each_event() {
    let dir = tempfile::tempdir().unwrap();
    let card = write_card(dir.path(), "");
    let mut counts = Vec::new();
    for name in ["s.lhe", "s.hepmc"] {
        let out = dir.path().join(name);
        let o = mfcgen()
            .args(["generate", "--events", "2000", "--card"])
            .arg(&card)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let script = if name.ends_with(".lhe") {
            r#"
import collections, json, sys, pylhe
f = pylhe.LHEFile.fromfile(sys.argv[1])
c = collections.Counter()
for e in f.events:
    c[str(int(e.particles[1].id))] += 1
    assert int(e.particles[3].id) == int(e.particles[1].id)
print(json.dumps({"counts": c, "init": int(f.init.initInfo.beamB)}))
"#
        } else {
            r#"
import collections, json, sys, pyhepmc
c = collections.Counter()
z = []
with pyhepmc.open(sys.argv[1]) as f:
    for ev in f:
        beams = [p for p in ev.particles if p.status == 4]
        c[str(beams[1].pid)] += 1
        z.append(ev.vertices[0].position.z)
print(json.dumps({"counts": c, "zmin": min(z), "zmax": max(z)}))
"#
        };
        let o = Command::new("python3")
            .args(["-c", script])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        if let Some(init) = v.get("init") {
            // <init> names the element of largest mass fraction: Pb (45.5 % of PbWO4)
            assert_eq!(init, 1_000_822_080);
        } else {
            assert!(v["zmin"].as_f64().unwrap() >= 0.0);
            assert!(v["zmax"].as_f64().unwrap() <= 20.0);
        }
        counts.push(v["counts"].clone());
    }
    // the same events in both formats; three nuclei, Pb the most frequent
    assert_eq!(counts[0], counts[1]);
    let c = counts[0].as_object().unwrap();
    assert_eq!(c.len(), 3, "{c:?}");
    let pb = c["1000822080"].as_u64().unwrap();
    assert!(c.values().all(|v| v.as_u64().unwrap() <= pb));
}
