//! Tests of the tolerant reader: MadGraph and Pythia files, gzip (also multi-member), our own
//! files (writer -> validator -> reader round trip, and pylhe), malformed input, fuzzing.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use super::synthetic::{self, Setup, SplitMix64};
use super::*;
use crate::event::Event;
use flate2::Compression;
use flate2::write::GzEncoder;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/lhe")
        .join(name)
}

fn read_all(r: LheReader<Box<dyn std::io::BufRead>>) -> Result<Vec<LheEvent>, LheError> {
    r.collect()
}

fn read_bytes(b: Vec<u8>) -> Result<(Init, Vec<LheEvent>), LheError> {
    let r = from_reader(Cursor::new(b))?;
    let init = r.init().clone();
    Ok((init, read_all(r)?))
}

fn gzip(chunks: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in chunks {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(c).expect("gzip");
        out.extend(e.finish().expect("gzip"));
    }
    out
}

fn err_of(r: Result<(Init, Vec<LheEvent>), LheError>) -> LheError {
    match r {
        Ok((_, evs)) => panic!("expected an error, read {} events", evs.len()),
        Err(e) => e,
    }
}

#[test]
fn fortran_numbers() {
    assert_eq!(parse_fortran_f64("1.0D+02"), Some(100.0));
    assert_eq!(parse_fortran_f64("-0.1831919522D+03"), Some(-183.1919522));
    assert_eq!(parse_fortran_f64("2.5d-1"), Some(0.25));
    assert_eq!(parse_fortran_f64("1.5Q2"), Some(150.0));
    assert_eq!(parse_fortran_f64("1.0+100"), Some(1e100));
    assert_eq!(parse_fortran_f64("1.0-100"), Some(1e-100));
    assert_eq!(parse_fortran_f64("9."), Some(9.0));
    assert_eq!(parse_fortran_f64("+1.2e+01"), Some(12.0));
    for bad in ["", "abc", "1.0D", "1..0", "1e5e5", "--1", "1,0", "é"] {
        assert_eq!(parse_fortran_f64(bad), None, "{bad}");
    }
}

#[test]
fn madgraph_file() {
    let r = open(&data("madgraph_zmumu.lhe")).expect("open");
    assert_eq!(r.version(), "3.0");
    assert!(r.header().contains("<MG5ProcCard>"));
    assert!(r.header().contains("# Drell-Yan & Z"));
    assert!(r.header().contains("<weight id=\"1005\">"));
    let init = r.init().clone();
    assert_eq!(
        init,
        Init {
            beam_ids: [2212, 2212],
            beam_energies: [6500.0, 6500.0],
            pdf_groups: [0, 0],
            pdf_sets: [230_000, 230_000],
            weighting: 3,
            processes: vec![InitProcess {
                xsec_pb: 1845.6,
                xerr_pb: 3.102,
                xmax: 1845.6,
                id: 1
            }],
        }
    );
    let evs = read_all(r).expect("events");
    assert_eq!(evs.len(), 4);
    for e in &evs {
        assert_eq!(e.particles.len(), 4);
        assert_eq!(e.process_id, 1);
        assert_eq!(e.weight, 1845.6);
        assert_eq!(e.extra_weights.len(), 5);
        assert_eq!(e.extra_weights[0], ("1001".to_string(), 1845.6));
        let st: Vec<i32> = e.particles.iter().map(|p| p.status).collect();
        assert_eq!(st, [-1, -1, 1, 1]);
    }
    // Event 1, the mu+ (line 116), to the last digit.
    let mu = evs[0].particles[2];
    assert_eq!(
        mu,
        LheParticle {
            id: -13,
            status: 1,
            mothers: [1, 2],
            colors: [0, 0],
            momentum: [
                4.3624755229e+01,
                -1.9670075315e+01,
                -3.8646970434e+01,
                4.7559522896e+00
            ],
            mass: 0.0,
            lifetime: 0.0,
            spin: 1.0,
        }
    );
    assert_eq!(evs[0].scale, 91.22345);
    assert_eq!(evs[0].alpha_qed, 7.54677160e-03);
    assert_eq!(evs[0].alpha_qcd, 1.30272400e-01);
    assert_eq!(evs[0].extra_weights[4], ("1005".to_string(), 1.7003513e+03));
    assert_eq!(evs[0].particles[0].colors, [501, 0]);
    // Event 3 is written with Fortran D exponents.
    assert_eq!(evs[2].scale, 93.1007);
    assert_eq!(evs[2].particles[0].momentum[3], 183.1919522);
    assert_eq!(evs[2].particles[1].momentum[3], -11.8287679);
    assert_eq!(evs[2].particles[3].spin, -1.0);
    // Event 2 has a `#aMCatNLO` line before the particles.
    assert_eq!(evs[1].particles[0].id, -1);
}

#[test]
fn pythia_file() {
    let r = open(&data("pythia_zmumu.lhe")).expect("open");
    assert!(r.header().contains("Pythia 8.310 & LHEF3"));
    assert_eq!(r.init().processes.len(), 1);
    assert_eq!(r.init().processes[0].id, 101);
    assert_eq!(r.init().processes[0].xsec_pb, 50.8);
    let evs = read_all(r).expect("events");
    assert_eq!(evs.len(), 3, "the <event> inside a comment must not count");
    for e in &evs {
        assert_eq!(e.process_id, 101);
        assert_eq!(e.particles.len(), 5);
        assert_eq!(e.particles[2].id, 23);
        assert_eq!(e.particles[2].status, 2);
        assert_eq!(e.particles[4].mothers, [3, 3]);
        assert_eq!(e.particles[4].spin, 9.0);
        let w: Vec<(&str, f64)> = e
            .extra_weights
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(w, [("1", 1.0), ("2", 0.912), ("3", 1.093)]);
    }
    assert_eq!(evs[0].particles[2].mass, 91.22345);
    assert_eq!(evs[0].particles[3].momentum[1], 9.852558484);
}

#[test]
fn gzip_and_multi_member_gzip() {
    let text = std::fs::read(data("madgraph_zmumu.lhe")).expect("read");
    let (init0, plain) = read_bytes(text.clone()).expect("plain");
    let (init1, gz) = read_bytes(gzip(&[&text])).expect("gzip");
    assert_eq!((&init0, &plain), (&init1, &gz));
    // Two members, split in the middle of a line (as `cat a.gz b.gz` produces).
    let cut = text.len() / 2 + 7;
    let (init2, multi) = read_bytes(gzip(&[&text[..cut], &text[cut..]])).expect("2 members");
    assert_eq!((&init0, &plain), (&init2, &multi));
    // And via a file whose name does not say .gz.
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("events.lhe");
    std::fs::write(&p, gzip(&[&text[..cut], &text[cut..]])).expect("write");
    assert_eq!(read_all(open(&p).expect("open")).expect("events"), plain);
}

fn our_run(setup: &Setup, n: usize, seed: u64, path: &Path) -> (RunInfo, Vec<Event>) {
    let mut rng = SplitMix64(seed);
    let evs: Vec<Event> = (0..n).map(|_| synthetic::event(setup, &mut rng)).collect();
    let xsec = setup.weight * n as f64;
    let info = RunInfo {
        beam_ids: [setup.muon_id, setup.nucleus_id],
        beam_energies: [setup.e_mu, setup.m_nucleus],
        xsec_pb: xsec,
        xerr_pb: 0.02 * xsec,
        xmax: xsec,
        header: RunSummary {
            card: "[beam]\nenergy = 1000.0 # & < > ]]>\n",
            seed,
            events: n as u64,
            xsec_pb: xsec,
            xerr_pb: 0.02 * xsec,
            efficiency: 0.3,
            max_weight: 2.0,
        }
        .header_text(),
    };
    let mut w = LheWriter::create(path, &info).expect("create");
    for e in &evs {
        w.write_event(e).expect("write");
    }
    assert_eq!(w.finish().expect("finish"), n as u64);
    (info, evs)
}

#[test]
fn round_trip_writer_validator_reader() {
    let setup = Setup {
        e_mu: 1000.0,
        m_x: 1e-3,
        weight: 2.5e-3,
        ..Setup::default()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["ours.lhe", "ours.lhe.gz"] {
        let path = dir.path().join(name);
        let (info, evs) = our_run(&setup, 300, 5, &path);
        let report = validate_file(&path).expect("strict validation");
        assert_eq!(report.events, 300);
        let r = open(&path).expect("open");
        assert_eq!(r.version(), "3.0");
        assert!(r.header().contains("energy = 1000.0 # & < >"));
        let init = r.init();
        assert_eq!(init.beam_ids, info.beam_ids);
        assert_eq!(init.beam_energies, info.beam_energies);
        assert_eq!(init.weighting, 3);
        assert_eq!(init.processes[0].xsec_pb, info.xsec_pb);
        let back = read_all(r).expect("events");
        assert_eq!(back.len(), evs.len());
        for (a, b) in evs.iter().zip(&back) {
            assert_eq!(b.weight, a.weight);
            assert_eq!(b.scale, setup.m_x);
            assert_eq!(b.particles.len(), a.particles.len());
            for (p, q) in a.particles.iter().zip(&b.particles) {
                assert_eq!((q.id, q.status, q.mothers), (p.pdg_id, p.status, p.mothers));
                for (k, (x, y)) in p.momentum.iter().zip(&q.momentum).enumerate() {
                    assert!((x - y).abs() <= 1e-15 * x.abs(), "{k}: {p:?} {q:?}");
                }
                assert!((q.mass - p.mass).abs() <= 1e-15 * p.mass);
                assert_eq!((q.lifetime, q.spin, q.colors), (0.0, 9.0, [0, 0]));
            }
        }
    }
}

/// pylhe (the Scikit-HEP reader, used by many analyses) must read our files, plain and gzip.
/// CI installs it (`.ci/run`); locally the test is skipped with a notice if `import pylhe`
/// fails and `CI` is not set. Works with pylhe 0.9 (`read_lhe`) and 2.x (`LHEFile`).
#[test]
#[cfg_attr(
    not(mfc_pylhe),
    ignore = "needs pylhe: pip install pylhe (bash .ci/run does)"
)]
fn pylhe_reads_our_files() {
    const NO_PYLHE: i32 = 77;
    let script = r#"
import sys
try:
    import pylhe
except Exception as e:
    print("import pylhe failed:", e)
    sys.exit(77)
for path in sys.argv[1:]:
    if hasattr(pylhe, "read_lhe"):
        events = list(pylhe.read_lhe(path))
    else:
        events = list(pylhe.LHEFile.fromfile(path).events)
    p = events[0].particles
    print(len(events), int(p[0].id), repr(float(p[4].px)), repr(float(p[4].e)))
"#;
    let setup = Setup::default();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut expected = Vec::new();
    let mut paths = Vec::new();
    for name in ["py.lhe", "py.lhe.gz"] {
        let path = dir.path().join(name);
        let (_, evs) = our_run(&setup, 20, 77, &path);
        expected.push(evs[0].particles[4]);
        paths.push(path);
    }
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&paths)
        .output();
    let stdout = out
        .as_ref()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let unavailable = match &out {
        Err(_) => true,
        Ok(o) => o.status.code() == Some(NO_PYLHE),
    };
    if unavailable {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but pylhe cannot be imported (see .ci/run): {stdout} {out:?}"
        );
        eprintln!("NOTICE: pylhe is not installed; skipping pylhe_reads_our_files ({stdout})");
        return;
    }
    let o = out.expect("checked above");
    assert!(
        o.status.success(),
        "pylhe failed: {stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    for (line, x) in lines.iter().zip(&expected) {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 4, "{stdout}");
        assert_eq!(
            f[0], "20",
            "pylhe read a different number of events: {stdout}"
        );
        assert_eq!(f[1], "13");
        assert_eq!(f[2].parse::<f64>().expect("px"), x.momentum[1]);
        assert_eq!(f[3].parse::<f64>().expect("e"), x.momentum[0]);
    }
}

#[test]
fn malformed_inputs_name_the_line() {
    let text = std::fs::read_to_string(data("madgraph_zmumu.lhe")).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let line_of = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .expect("needle") as u64
            + 1
    };
    let join = |v: &[&str]| v.join("\n") + "\n";

    // Truncated inside an event.
    let cut = line_of("-13  1    1    2    0    0 -1.9670075315e+01") as usize;
    let e = err_of(read_bytes(join(&lines[..cut]).into_bytes()));
    assert!(matches!(e, LheError::UnexpectedEof { .. }), "{e}");
    assert_eq!(e.line(), cut as u64 + 1, "{e}");
    assert!(e.to_string().contains("particle line 4 of NUP = 4"), "{e}");
    // Truncated between events (no closing tag).
    let last = lines.len() - 1;
    let e = err_of(read_bytes(join(&lines[..last]).into_bytes()));
    assert!(e.to_string().contains("</LesHouchesEvents>"), "{e}");

    // NUP too large: the 5th "particle" is <mgrwt>.
    let t = text.replacen(" 4      1 +1.8456000e+03", " 5      1 +1.8456000e+03", 1);
    let e = err_of(read_bytes(t.into_bytes()));
    assert_eq!(e.line(), line_of("<mgrwt>"), "{e}");
    assert!(e.to_string().contains("particle line 5 of NUP = 5"), "{e}");
    // NUP too small: the 4th particle line is left over.
    let t = text.replacen(" 4      1 +1.8456000e+03", " 3      1 +1.8456000e+03", 1);
    let e = err_of(read_bytes(t.into_bytes()));
    assert_eq!(
        e.line(),
        line_of("13  1    1    2    0    0 +1.9670075315e+01")
    );
    assert!(e.to_string().contains("wrong NUP"), "{e}");

    // Non-numeric fields.
    let t = text.replacen("+3.8646970434e+01", "+3.86469x0434e+01", 1);
    let e = err_of(read_bytes(t.into_bytes()));
    assert_eq!(e.line(), line_of("+3.8646970434e+01"));
    assert!(e.to_string().contains("PUP(2) = py"), "{e}");
    let t = text.replacen("-13  1    1    2", "mu+ 1    1    2", 1);
    assert!(
        err_of(read_bytes(t.into_bytes()))
            .to_string()
            .contains("IDUP")
    );
    let t = text.replacen("<wgt id='1003'> +1.7830342e+03", "<wgt id='1003'> oops", 1);
    assert_eq!(
        err_of(read_bytes(t.into_bytes())).line(),
        line_of("<wgt id='1003'>")
    );
    let t = text.replacen(
        "2212 2212 6.500000e+03 6.500000e+03 0 0 230000 230000 3 1",
        "2212 2212 6.5e3",
        1,
    );
    let e = err_of(read_bytes(t.into_bytes()));
    assert_eq!(e.line(), line_of("2212 2212 6.5"));
    assert!(e.to_string().contains("beam line"), "{e}");

    // Missing </init>: the first <event> is reported.
    let t = text.replacen("</init>\n", "", 1);
    let e = err_of(read_bytes(t.into_bytes()));
    assert_eq!(e.line(), line_of("<event>") - 1, "{e}");
    assert!(e.to_string().contains("</init>"), "{e}");
    // Missing process line.
    let t = text.replacen("1.845600e+03 3.102000e+00 1.845600e+03 1\n", "", 1);
    assert!(
        err_of(read_bytes(t.into_bytes()))
            .to_string()
            .contains("NPRUP = 1")
    );

    // A file without <init>.
    let start = line_of("<init>") as usize - 1;
    let end = line_of("</init>") as usize;
    let mut v = lines.clone();
    v.drain(start..end);
    let e = err_of(read_bytes(join(&v).into_bytes()));
    assert!(e.to_string().contains("<init>"), "{e}");
    assert_eq!(e.line(), start as u64 + 1);
    let e = err_of(read_bytes(
        b"<LesHouchesEvents version=\"3.0\">\n<header>\n".to_vec(),
    ));
    assert!(matches!(e, LheError::UnexpectedEof { line: 3, .. }), "{e}");

    // Not an LHE file at all, empty input, gzip garbage, truncated gzip.
    let e = err_of(read_bytes(b"hello world\n".to_vec()));
    assert_eq!(e.line(), 1);
    assert!(
        err_of(read_bytes(Vec::new()))
            .to_string()
            .contains("<LesHouchesEvents>")
    );
    let mut garbage = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    garbage.extend((0..200u32).map(|i| (i * 37 % 251) as u8));
    assert!(matches!(err_of(read_bytes(garbage)), LheError::Io { .. }));
    let gz = gzip(&[text.as_bytes()]);
    assert!(read_bytes(gz[..gz.len() / 2].to_vec()).is_err());
    // Non-UTF-8 bytes in an event.
    let mut b = text.clone().into_bytes();
    let pos = text.find("+3.8646970434e+01").expect("pos");
    b[pos] = 0xff;
    assert_eq!(err_of(read_bytes(b)).line(), line_of("+3.8646970434e+01"));
    // A missing file.
    assert!(matches!(
        open(Path::new("/nonexistent/x.lhe")),
        Err(LheError::Open { .. })
    ));
}

/// The reader must never panic or loop, whatever bytes it is given.
#[test]
fn survives_random_mutations() {
    let mut inputs: Vec<Vec<u8>> = ["madgraph_zmumu.lhe", "pythia_zmumu.lhe"]
        .iter()
        .map(|n| std::fs::read(data(n)).expect("read"))
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let ours = dir.path().join("ours.lhe");
    our_run(&Setup::default(), 5, 3, &ours);
    inputs.push(std::fs::read(&ours).expect("read"));
    let mut rng = SplitMix64(12345);
    let mut ok = 0;
    let n = 1500;
    for i in 0..n {
        let mut b = inputs[i % inputs.len()].clone();
        for _ in 0..1 + rng.next_u64() % 4 {
            let len = b.len().max(1) as u64;
            let pos = (rng.next_u64() % len) as usize;
            match rng.next_u64() % 7 {
                0 => b.truncate(pos),
                1 => {
                    if pos < b.len() {
                        b[pos] = (rng.next_u64() & 0xff) as u8;
                    }
                }
                2 => {
                    let end = (pos + (rng.next_u64() % 300) as usize).min(b.len());
                    b.drain(pos.min(end)..end);
                }
                3 => {
                    let tok: &[u8] = match rng.next_u64() % 10 {
                        0 => b"\n",
                        1 => b"<!--",
                        2 => b"<event>\n",
                        3 => b"-->",
                        4 => b"<![CDATA[",
                        5 => b" 99999999999 ",
                        6 => b"<wgt id='",
                        7 => b"</init>\n",
                        8 => b"<weights>",
                        _ => b"1.0D+999",
                    };
                    let pos = pos.min(b.len());
                    b.splice(pos..pos, tok.iter().copied());
                }
                4 => {
                    if pos < b.len() && b[pos].is_ascii_digit() {
                        b[pos] = b'0' + (rng.next_u64() % 10) as u8;
                    }
                }
                5 => {
                    let end = (pos + 120).min(b.len());
                    let chunk: Vec<u8> = b[pos.min(end)..end].to_vec();
                    b.splice(pos.min(end)..pos.min(end), chunk);
                }
                _ => {
                    let end = (pos + 40).min(b.len());
                    b[pos.min(end)..end].reverse();
                }
            }
        }
        if rng.next_u64().is_multiple_of(4) {
            b = gzip(&[&b]);
            if rng.next_u64().is_multiple_of(2) {
                let cut = (rng.next_u64() % b.len() as u64) as usize;
                b.truncate(cut);
            }
        }
        if read_bytes(b).is_ok() {
            ok += 1;
        }
    }
    // Sanity: the mutations are not all fatal, nor all harmless.
    assert!(
        ok > 0 && ok < n,
        "{ok} of {n} mutated inputs read without error"
    );
}
