//! Named weights in the files: a reweighted run writes the same nominal events and weights byte
//! for byte as a run without `reweight` (apart from the added blocks); our LHE reader, pylhe and
//! pyhepmc read the weights by id and name; gridpack shards carry them and `merge` rescales them
//! like the nominal weight, so their sums survive the merge.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfcgen::card::{RunCard, ValidatedCard};
use mfcgen::gridpack::{Gridpack, LoadedGridpack, Shard, generate_shard};
use mfcgen::merge::{MergeError, merge_files};
use std::path::{Path, PathBuf};

const ITEMS: [&str; 3] = ["axial", "scalar:elastic+inelastic", "g=0.5"];

fn card(out: &Path, events: u64, reweight: &[&str]) -> ValidatedCard {
    let mut c = RunCard::default();
    c.integration.calls = 10_000;
    c.integration.adapt_iterations = 3;
    c.integration.max_iterations = 3;
    c.integration.precision = 1e-2;
    c.generation.events = events;
    c.generation.output = out.to_path_buf();
    c.generation.reweight = reweight.iter().map(|s| (*s).to_string()).collect();
    c.validate().unwrap()
}

fn generate(out: &Path, events: u64, reweight: &[&str]) -> mfcgen::run::Generation {
    let c = card(out, events, reweight);
    let integ = mfcgen::run::integrate(&c, &mut |_| {}).unwrap();
    mfcgen::run::generate(&c, &integ, out, &mut |_| {}).unwrap()
}

/// The LHE text without the named-weight blocks and the card's `reweight = [...]` lines.
fn strip_lhe(text: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t == "<initrwgt>" || t == "<rwgt>" || t.starts_with("reweight = [") {
            skip = true;
        }
        let drop = skip;
        if t == "</initrwgt>" || t == "</rwgt>" || t == "]" {
            skip = false;
        }
        if !drop {
            out.push_str(line);
        }
    }
    out
}

#[test]
fn nominal_events_are_byte_identical_with_and_without_reweight() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["lhe", "hepmc"] {
        let plain = dir.path().join(format!("plain.{ext}"));
        let rw = dir.path().join(format!("rw.{ext}"));
        generate(&plain, 300, &[]);
        let g = generate(&rw, 300, &ITEMS);
        assert_eq!(g.reweighted.len(), ITEMS.len());
        // the file names differ only in the card's generation.output
        let a = std::fs::read_to_string(&plain)
            .unwrap()
            .replace(&format!("plain.{ext}"), "X");
        let b = std::fs::read_to_string(&rw)
            .unwrap()
            .replace(&format!("rw.{ext}"), "X");
        assert_ne!(a, b);
        let b = if ext == "lhe" {
            assert!(b.contains("<weight id=\"1001\">axial:elastic:g=1</weight>"));
            strip_lhe(&b)
        } else {
            // HepMC3: the names after `weight` on the header's W line, the values after the
            // nominal one on each event's W line, the reweighting note and the card's line
            assert!(
                b.contains("W weight\\|axial:elastic:g=1\\|scalar:elastic+inelastic:g=1\\|"),
                "{}",
                &b[..300]
            );
            b.lines()
                .filter(|l| !l.starts_with("A mfcgen_reweighting "))
                .map(|l| match l.strip_prefix("W ") {
                    Some(rest) => format!("W {}\n", rest.split([' ', '\\']).next().unwrap()),
                    None => {
                        let cut = l.find("reweight = [").map_or(l.to_string(), |i| {
                            let end = l[i..].find("]\\|").unwrap() + 3;
                            format!("{}{}", &l[..i], &l[i + end..])
                        });
                        format!("{cut}\n")
                    }
                })
                .collect()
        };
        assert_eq!(a, b, "{ext}: nominal content differs");
    }
}

/// `(id, value)` of the named weights of one event.
type EventWeights = Vec<(String, f64)>;

/// The declared `(id, name)` and the named weights of every event, through our reader.
fn our_weights(path: &Path) -> (Vec<(String, String)>, Vec<EventWeights>) {
    let reader = mfcgen::io::lhe::open(path).unwrap();
    let decl = mfcgen::io::lhe::parse_initrwgt(reader.header())
        .into_iter()
        .map(|w| (w.id, w.name))
        .collect();
    let events = reader.map(|e| e.unwrap().extra_weights).collect();
    (decl, events)
}

#[test]
#[cfg_attr(
    not(all(mfc_pylhe, mfc_pyhepmc)),
    ignore = "needs pylhe and pyhepmc: pip install pylhe pyhepmc (bash .ci/run does)"
)]
fn pylhe_and_pyhepmc_read_the_weights_by_id_and_name() {
    let dir = tempfile::tempdir().unwrap();
    let lhe = dir.path().join("rw.lhe.gz");
    let hepmc = dir.path().join("rw.hepmc");
    generate(&lhe, 20, &ITEMS);
    generate(&hepmc, 20, &ITEMS);
    let (decl, events) = our_weights(&lhe);
    let names: Vec<&str> = decl.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "axial:elastic:g=1",
            "scalar:elastic+inelastic:g=1",
            "vector:elastic:g=0.5"
        ]
    );
    let script = r#"
import json, sys, pylhe, pyhepmc
f = pylhe.LHEFile.fromfile(sys.argv[1])
decl = [[w.id, w.name] for w in f.header.initrwgt.iter_weights()]
lhe = [{k: repr(float(v)) for k, v in e.weights.items()} for e in f.events]
with pyhepmc.open(sys.argv[2]) as h:
    evs = list(h)
    names = list(evs[0].run_info.weight_names)
    hep = [[repr(float(w)) for w in e.weights] for e in evs]
print(json.dumps({"decl": decl, "lhe": lhe, "names": names, "hepmc": hep}))
"#;
    let o = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&lhe)
        .arg(&hepmc)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let py_decl: Vec<(String, String)> = serde_json::from_value(v["decl"].clone()).unwrap();
    assert_eq!(py_decl, decl);
    let lhe_events = v["lhe"].as_array().unwrap();
    assert_eq!(lhe_events.len(), events.len());
    for (py, ours) in lhe_events.iter().zip(&events) {
        assert_eq!(py.as_object().unwrap().len(), ITEMS.len());
        for (id, value) in ours {
            let p: f64 = py[id].as_str().unwrap().parse().unwrap();
            assert_eq!(p, *value, "pylhe reads weight {id} differently");
        }
    }
    // HepMC3: the nominal name, then the same names as in LHE; the same events (same seed and
    // card), so the same weights up to HepMC's shortest-digits formatting (exact here)
    let names: Vec<String> = serde_json::from_value(v["names"].clone()).unwrap();
    assert_eq!(names[0], "weight");
    assert_eq!(
        &names[1..],
        decl.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>()
    );
    for (py, ours) in v["hepmc"].as_array().unwrap().iter().zip(&events) {
        let w: Vec<f64> = py
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().parse().unwrap())
            .collect();
        assert_eq!(w.len(), 1 + ITEMS.len());
        for (a, (_, b)) in w[1..].iter().zip(ours) {
            assert_eq!(a, b);
        }
    }
}

/// Sum of each named weight and of XWGTUP over a file, and the ratios weight / XWGTUP.
fn sums(path: &Path) -> (f64, Vec<f64>, Vec<Vec<f64>>) {
    let mut nominal = 0.0;
    let mut s = vec![0.0; ITEMS.len()];
    let mut ratios = Vec::new();
    for e in mfcgen::io::lhe::open(path).unwrap() {
        let e = e.unwrap();
        nominal += e.weight;
        assert_eq!(e.extra_weights.len(), ITEMS.len());
        for (k, (_, w)) in e.extra_weights.iter().enumerate() {
            s[k] += w;
        }
        ratios.push(e.extra_weights.iter().map(|(_, w)| w / e.weight).collect());
    }
    (nominal, s, ratios)
}

#[test]
fn shards_carry_the_weights_and_merge_renormalises_them() {
    let dir = tempfile::tempdir().unwrap();
    let c = card(&dir.path().join("x.lhe"), 100, &ITEMS);
    let (gp, _) = Gridpack::adapt(&c, &mut |_| {}).unwrap();
    let gp_path = dir.path().join("gp.json");
    gp.write(&gp_path).unwrap();
    let loaded = LoadedGridpack::load(&gp_path).unwrap();
    assert_eq!(loaded.card.reweight.len(), ITEMS.len());
    // shards of different sizes: their nominal weights differ (sigma / K)
    let sizes = [300u64, 500];
    let paths: Vec<PathBuf> = sizes
        .iter()
        .enumerate()
        .map(|(i, &k)| {
            let p = dir.path().join(format!("s{i}.lhe.gz"));
            let r = generate_shard(
                &loaded,
                Shard::new(i as u64, 2, "t").unwrap(),
                k,
                &p,
                &mut |_| {},
            )
            .unwrap();
            assert_eq!(r.reweighted.len(), ITEMS.len());
            p
        })
        .collect();
    let merged = dir.path().join("merged.lhe");
    let report = merge_files(&paths, &merged, &mut |_| {}).unwrap();
    assert_eq!(report.events, 800);
    let (nom, merged_sums, merged_ratios) = sums(&merged);
    assert!((nom / gp.sigma_pb - 1.0).abs() < 1e-12);
    let mut expected = vec![0.0; ITEMS.len()];
    let mut input_ratios = Vec::new();
    for (p, &k) in paths.iter().zip(&sizes) {
        let (_, s, r) = sums(p);
        for (e, v) in expected.iter_mut().zip(&s) {
            // each shard's weights sum to its own estimate; merged, a shard counts K / N
            *e += v * k as f64 / 800.0;
        }
        input_ratios.extend(r);
    }
    for (m, e) in merged_sums.iter().zip(&expected) {
        assert!((m / e - 1.0).abs() < 1e-12, "merged {m} vs {e}");
    }
    // every event keeps its ratio |M_a|^2 / |M_0|^2 (to rounding of the rescaling)
    assert_eq!(merged_ratios.len(), input_ratios.len());
    for (a, b) in merged_ratios.iter().zip(&input_ratios) {
        for (x, y) in a.iter().zip(b) {
            assert!((x / y - 1.0).abs() < 4e-16, "{x} {y}");
        }
    }
    // the merged file declares the same weights, and is itself a valid input of compare
    let (decl, _) = our_weights(&merged);
    assert_eq!(decl.len(), ITEMS.len());
    let merged_sample = mfc_validation::crosscheck::compare::read_sample(
        &merged,
        &mfc_validation::crosscheck::compare::ReadOptions {
            weight: Some("axial:elastic:g=1".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!((merged_sample.info.sigma_pb / merged_sums[0] - 1.0).abs() < 1e-12);

    // a shard with other weights cannot be merged with these
    let mut other = LoadedGridpack::load(&gp_path).unwrap();
    other.card.reweight.truncate(1);
    let odd = dir.path().join("odd.lhe.gz");
    generate_shard(
        &other,
        Shard::new(3, 4, "t").unwrap(),
        10,
        &odd,
        &mut |_| {},
    )
    .unwrap();
    let e = merge_files(
        &[paths[0].clone(), odd],
        &dir.path().join("bad.lhe"),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(e, MergeError::Mismatch { .. }), "{e}");
    assert!(e.to_string().contains("named weights"), "{e}");
}

#[test]
fn spectrum_runs_reweight_at_each_events_beam_energy() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("atlas.hepmc");
    let mut c = RunCard::default();
    c.beam.spectrum = Some(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../validation/data/wz/z_muon_spectrum_14TeV.csv"),
    );
    c.integration.calls = 5_000;
    c.integration.adapt_iterations = 2;
    c.integration.max_iterations = 2;
    c.integration.precision = 0.5;
    c.generation.events = 40;
    c.generation.output = out.clone();
    c.generation.reweight = vec!["g=0.5".into(), "axial".into()];
    let c = c.validate().unwrap();
    let integ = mfcgen::run::integrate(&c, &mut |_| {}).unwrap();
    let g = mfcgen::run::generate(&c, &integ, &out, &mut |_| {}).unwrap();
    assert_eq!(g.reweighted.len(), 2);
    let text = std::fs::read_to_string(&out).unwrap();
    // the axial ratio, recomputed from the written ATLAS-frame momenta (boosted back to the
    // nucleus frame by `me2_from_momenta`): the event's own beam energy was used
    let me = |kind| {
        mfc_models::MatrixElement::new(
            &mfc_models::Mediator::new(kind, 0.016, 1.0).unwrap(),
            &mfc_models::Target::copper(),
            mfc_models::FormFactorKind::Elastic,
        )
    };
    let (vector, axial) = (
        me(mfc_models::MediatorKind::Vector),
        me(mfc_models::MediatorKind::Axial),
    );
    let mut events = 0;
    let mut check = |w: &[f64], p: &[[f64; 4]]| {
        assert_eq!(w.len(), 3);
        // the coupling is a constant factor at any beam energy
        assert!((w[1] / (0.25 * w[0]) - 1.0).abs() < 1e-15, "{w:?}");
        let p: [[f64; 4]; 5] = p.try_into().unwrap();
        let r = axial.me2_from_momenta(&p).unwrap() / vector.me2_from_momenta(&p).unwrap();
        assert!(
            (w[2] / w[0] / r - 1.0).abs() < 1e-6,
            "{} vs {r}",
            w[2] / w[0]
        );
        events += 1;
    };
    let mut momenta = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("W ") {
            if rest.starts_with("weight") {
                continue;
            }
            if !weights.is_empty() {
                check(&weights, &momenta);
            }
            weights = rest.split(' ').map(|x| x.parse().unwrap()).collect();
            momenta.clear();
        } else if let Some(rest) = line.strip_prefix("P ") {
            let f: Vec<f64> = rest.split(' ').map(|x| x.parse().unwrap()).collect();
            momenta.push([f[6], f[3], f[4], f[5]]);
        }
    }
    check(&weights, &momenta);
    assert_eq!(events, 40);
}
