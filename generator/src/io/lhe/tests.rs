//! Tests of the LHE writer and the strict validator.

use std::path::{Path, PathBuf};

use super::synthetic::{self, Setup, SplitMix64};
use super::*;
use crate::event::Event;

fn info(setup: &Setup, n: u64) -> RunInfo {
    let xsec = setup.weight * n as f64;
    RunInfo {
        beam_ids: [setup.muon_id, setup.nucleus_id],
        beam_energies: [setup.e_mu, setup.m_nucleus],
        xsec_pb: xsec,
        xerr_pb: 0.01 * xsec,
        xmax: xsec,
        header: RunSummary {
            card: "[beam]\nenergy = 50.0 # GeV & more <stuff> ]]> end\n",
            seed: 42,
            events: n,
            xsec_pb: xsec,
            xerr_pb: 0.01 * xsec,
            efficiency: 0.25,
            max_weight: 3.5,
        }
        .header_text(),
    }
}

fn events(setup: &Setup, n: usize, seed: u64) -> Vec<Event> {
    let mut rng = SplitMix64(seed);
    (0..n).map(|_| synthetic::event(setup, &mut rng)).collect()
}

fn text(setup: &Setup, evs: &[Event]) -> String {
    let (buf, n) =
        write_to(Vec::new(), &info(setup, evs.len() as u64), evs).expect("write to memory");
    assert_eq!(n, evs.len() as u64);
    String::from_utf8(buf).expect("ascii")
}

fn invalid_line(r: Result<ValidationReport, LheError>) -> (u64, String) {
    match r {
        Err(LheError::Invalid { line, message }) => (line, message),
        other => panic!("expected LheError::Invalid, got {other:?}"),
    }
}

#[test]
fn layout_matches_the_fixed_target_convention() {
    let setup = Setup::default();
    let t = text(&setup, &events(&setup, 2, 1));
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines[0], "<LesHouchesEvents version=\"3.0\">");
    assert_eq!(lines[1], "<header>");
    assert!(lines[2].starts_with("<mfcgen version=\""));
    let init = lines.iter().position(|l| *l == "<init>").expect("<init>");
    assert_eq!(
        lines[init + 1],
        " 13 1000290630 +5.0000000000000000e+01 +5.8603730000000000e+01 0 0 0 0 3 1"
    );
    assert_eq!(
        lines[init + 2],
        " +2.0000000000000000e+00 +2.0000000000000000e-02 +2.0000000000000000e+00 1"
    );
    assert_eq!(lines[init + 3], "</init>");
    assert_eq!(lines[init + 4], "<event>");
    let ev: Vec<&str> = lines[init + 5].split_whitespace().collect();
    assert_eq!(&ev[..2], &["5", "1"]);
    assert_eq!(ev[2].parse::<f64>().expect("w"), 1.0);
    assert_eq!(ev[3].parse::<f64>().expect("scale"), setup.m_x);
    assert_eq!(ev[4].parse::<f64>().expect("aqed"), ALPHA_QED);
    let status: Vec<(&str, &str, &str, &str)> = lines[init + 6..init + 11]
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 13, "{l}");
            assert_eq!(&f[4..6], &["0", "0"]);
            assert_eq!(&f[11..], &["0.", "9."]);
            (f[0], f[1], f[2], f[3])
        })
        .collect();
    assert_eq!(
        status,
        vec![
            ("13", "-1", "0", "0"),
            ("1000290630", "-1", "0", "0"),
            ("13", "1", "1", "2"),
            ("1000290630", "1", "1", "2"),
            ("32", "1", "1", "2"),
        ]
    );
    assert_eq!(lines[init + 11], "</event>");
    assert_eq!(*lines.last().expect("last"), "</LesHouchesEvents>");
    // The card's `&`, `<` and `]]>` are inside CDATA (the `]]>` split).
    assert!(t.contains("<![CDATA[\nNormalisation: IDWTUP = 3"));
    assert!(t.contains("# GeV & more <stuff> ]]]]><![CDATA[> end"));
    assert!(t.contains("seed = 42"));
}

#[test]
fn writer_output_validates() {
    let setup = Setup::default();
    let evs = events(&setup, 200, 7);
    let r = validate_bytes(text(&setup, &evs).as_bytes()).expect("valid");
    assert_eq!(r.events, 200);
    assert_eq!(r.version, "3.0");
    assert_eq!(r.beam_ids, [13, 1_000_290_630]);
    assert_eq!(r.beam_energies, [50.0, 58.603_73]);
    assert_eq!(r.event_weight, Some(1.0));
    assert!(r.max_momentum_violation < 1e-14, "{r:?}");
    assert!(r.max_mass_deviation_gev < 1e-9, "{r:?}");
}

#[test]
fn resolves_one_mev_at_one_tev() {
    let setup = Setup {
        e_mu: 1000.0,
        m_x: 1e-3,
        ..Setup::default()
    };
    let evs = events(&setup, 50, 3);
    let r = validate_bytes(text(&setup, &evs).as_bytes()).expect("valid");
    assert!(r.max_mass_deviation_gev < 1e-7, "{r:?}");
    // The same momenta labelled with a 10 % wrong X mass must fail the mass-shell check.
    for factor in [0.9, 1.1, 0.0] {
        let mut bad = evs.clone();
        bad[10].particles[4].mass = factor * setup.m_x;
        let (line, msg) = invalid_line(validate_bytes(text(&setup, &bad).as_bytes()));
        assert!(msg.contains("off shell"), "{msg}");
        let t = text(&setup, &bad);
        let bad_line = t.lines().nth(line as usize - 1).expect("line");
        assert!(bad_line.starts_with(" 32 1 1 2"), "{bad_line}");
    }
}

#[test]
fn rejects_broken_files_with_line_numbers() {
    let setup = Setup::default();
    let evs = events(&setup, 3, 11);
    let good = text(&setup, &evs);
    let init = good.lines().position(|l| l == "<init>").expect("init") as u64 + 1;
    let first_event = init + 4; // <init>, beam, process, </init>
    let edit = |f: &dyn Fn(&mut Vec<String>)| {
        let mut v: Vec<String> = good.lines().map(str::to_owned).collect();
        f(&mut v);
        v.join("\n") + "\n"
    };
    let idx = |line: u64| line as usize - 1;
    // Wrong NUP: the 6th "particle" is </event>.
    let t = edit(&|v| v[idx(first_event + 1)] = v[idx(first_event + 1)].replacen(" 5 ", " 6 ", 1));
    let (line, msg) = invalid_line(validate_bytes(t.as_bytes()));
    assert_eq!(line, first_event + 7, "{msg}");
    assert!(msg.contains("particle line 6 of NUP = 6"), "{msg}");
    // Truncated file.
    let t: String = good
        .lines()
        .take(idx(first_event + 4))
        .collect::<Vec<_>>()
        .join("\n");
    let (line, msg) = invalid_line(validate_bytes(t.as_bytes()));
    assert_eq!(line, first_event + 4, "{msg}");
    assert!(msg.contains("end of file"), "{msg}");
    // Missing closing tag.
    let t = good.replace("</LesHouchesEvents>\n", "");
    assert!(
        invalid_line(validate_bytes(t.as_bytes()))
            .1
            .contains("</LesHouchesEvents>")
    );
    // Non-numeric field.
    let t = edit(&|v| v[idx(first_event + 3)] = v[idx(first_event + 3)].replacen("+", "x", 1));
    let (line, msg) = invalid_line(validate_bytes(t.as_bytes()));
    assert_eq!(line, first_event + 3);
    assert!(msg.contains("cannot parse"), "{msg}");
    // Wrong status and mothers.
    let t = edit(&|v| {
        v[idx(first_event + 4)] = v[idx(first_event + 4)].replacen(" 13 1 1 2", " 13 2 1 2", 1)
    });
    let (line, msg) = invalid_line(validate_bytes(t.as_bytes()));
    assert_eq!(line, first_event + 4);
    assert!(msg.contains("expected status 1"), "{msg}");
    let t = edit(&|v| {
        v[idx(first_event + 4)] = v[idx(first_event + 4)].replacen(" 13 1 1 2", " 13 1 0 0", 1)
    });
    assert!(
        invalid_line(validate_bytes(t.as_bytes()))
            .1
            .contains("mothers")
    );
    // Unequal weights.
    let mut bad = evs.clone();
    bad[2].weight *= 1.0 + 1e-6;
    let (_, msg) = invalid_line(validate_bytes(text(&setup, &bad).as_bytes()));
    assert!(msg.contains("equal weights"), "{msg}");
    // Weights equal but not XSECUP / N.
    let mut bad = evs.clone();
    for e in &mut bad {
        e.weight = 0.5;
    }
    let (_, msg) = invalid_line(validate_bytes(text(&setup, &bad).as_bytes()));
    assert!(msg.contains("XSECUP / N"), "{msg}");
    // Momentum not conserved.
    let mut bad = evs.clone();
    bad[1].particles[2].momentum[1] += 1e-6;
    let (_, msg) = invalid_line(validate_bytes(text(&setup, &bad).as_bytes()));
    assert!(
        msg.contains("not conserved in px") || msg.contains("off shell"),
        "{msg}"
    );
    // Wrong version, no header.
    let t = good.replacen("version=\"3.0\"", "version=\"1.0\"", 1);
    assert_eq!(invalid_line(validate_bytes(t.as_bytes())).0, 1);
    let t = edit(&|v| {
        v.retain(|l| !l.starts_with("<mfcgen"));
    });
    assert!(
        invalid_line(validate_bytes(t.as_bytes()))
            .1
            .contains("<mfcgen>")
    );
    // Missing </init>.
    let t = edit(&|v| v[idx(init + 3)] = "<event>".into());
    let (line, msg) = invalid_line(validate_bytes(t.as_bytes()));
    assert_eq!(line, init + 3);
    assert!(msg.contains("</init>"), "{msg}");
}

#[test]
fn writer_rejects_non_finite_numbers() {
    let setup = Setup::default();
    let mut evs = events(&setup, 2, 5);
    evs[1].particles[3].momentum[2] = f64::NAN;
    let e = write_to(Vec::new(), &info(&setup, 2), &evs).expect_err("NaN");
    assert!(matches!(e, LheError::Event { event: 2, .. }), "{e}");
    let mut i = info(&setup, 2);
    i.xsec_pb = f64::INFINITY;
    assert!(matches!(
        LheWriter::new(Vec::new(), &i),
        Err(LheError::RunInfo(_))
    ));
    let empty = Event {
        particles: vec![],
        weight: 1.0,
    };
    assert!(write_to(Vec::new(), &info(&setup, 1), [&empty]).is_err());
}

fn dir_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    v
}

#[test]
fn files_plain_and_gzip_are_atomic() {
    let setup = Setup::default();
    let evs = events(&setup, 100, 9);
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["run.lhe", "run.lhe.gz"] {
        let path = dir.path().join(name);
        let mut w = LheWriter::create(&path, &info(&setup, 100)).expect("create");
        for e in &evs {
            w.write_event(e).expect("write");
        }
        assert!(!path.exists());
        assert_eq!(w.finish().expect("finish"), 100);
        let r = validate_file(&path).expect("valid");
        assert_eq!(r.events, 100);
        assert_eq!(r.gzip, name.ends_with(".gz"));
    }
    // An interrupted run leaves nothing behind.
    let path = dir.path().join("interrupted.lhe.gz");
    {
        let mut w = LheWriter::create(&path, &info(&setup, 100)).expect("create");
        w.write_event(&evs[0]).expect("write");
    }
    assert_eq!(
        dir_entries(dir.path()),
        vec![dir.path().join("run.lhe"), dir.path().join("run.lhe.gz")]
    );
    // Early failure on a missing directory, naming it.
    let e = LheWriter::create(&dir.path().join("nope/run.lhe"), &info(&setup, 1))
        .expect_err("missing dir");
    assert!(e.to_string().contains("nope"), "{e}");
}

/// The validator must never panic, whatever bytes it is given.
#[test]
fn validator_survives_random_mutations() {
    let setup = Setup::default();
    let good = text(&setup, &events(&setup, 4, 13)).into_bytes();
    let mut rng = SplitMix64(2024);
    let mut accepted = 0;
    for _ in 0..3000 {
        let mut b = good.clone();
        for _ in 0..1 + rng.next_u64() % 4 {
            let len = b.len().max(1) as u64;
            let pos = (rng.next_u64() % len) as usize;
            match rng.next_u64() % 6 {
                0 => b.truncate(pos),
                1 => {
                    if pos < b.len() {
                        b[pos] = (rng.next_u64() & 0xff) as u8;
                    }
                }
                2 => {
                    let end = (pos + (rng.next_u64() % 200) as usize).min(b.len());
                    b.drain(pos.min(end)..end);
                }
                3 => {
                    let tok: &[u8] = match rng.next_u64() % 6 {
                        0 => b"\n",
                        1 => b" 1e400 ",
                        2 => b"<event>\n",
                        3 => b" -1 ",
                        4 => b"NaN",
                        _ => b"</init>\n",
                    };
                    let pos = pos.min(b.len());
                    b.splice(pos..pos, tok.iter().copied());
                }
                4 => {
                    if pos < b.len() && b[pos].is_ascii_digit() {
                        b[pos] = b'0' + (rng.next_u64() % 10) as u8;
                    }
                }
                _ => {
                    let end = (pos + 80).min(b.len());
                    let chunk: Vec<u8> = b[pos.min(end)..end].to_vec();
                    b.splice(pos.min(end)..pos.min(end), chunk);
                }
            }
        }
        if validate_bytes(&b).is_ok() {
            accepted += 1;
        }
    }
    // Most mutations must be caught (digits changed in the header text are harmless).
    assert!(accepted < 600, "{accepted} of 3000 mutated files accepted");
}

/// The file format, frozen: `generator/tests/data/lhe_golden.lhe` (regenerate with
/// `UPDATE_GOLDEN=1 cargo test -p mfcgen golden`).
#[test]
fn golden_file() {
    let setup = Setup::default();
    let t = text(&setup, &events(&setup, 3, 99)).replace(env!("CARGO_PKG_VERSION"), "VERSION");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lhe_golden.lhe");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &t).expect("write golden");
    }
    let golden = std::fs::read_to_string(&path).expect("golden file");
    assert_eq!(t, golden, "LHE output changed; see {}", path.display());
}
