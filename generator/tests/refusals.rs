//! Results that must not be silently wrong (issue 10): inputs and outputs `mfcgen` refuses,
//! with a message naming the file, instead of producing a plausible but wrong result.
//!
//! - `merge` into one of its inputs (same path, another spelling, a symbolic or hard link), or
//!   into a name that is not `.lhe`/`.lhe.gz`;
//! - concatenated LHE files (`cat a.lhe b.lhe`, `cat a.lhe.gz b.lhe.gz`) read as one;
//! - a gridpack edited after `mfcgen adapt` wrote it (anything, not only the card);
//! - labels: the header's efficiency is the expected one, the gridpack hash is of the
//!   uncompressed JSON, `adapt --help` offers no `--beam-spectrum`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfcgen::card::RunCard;
use mfcgen::gridpack::{
    FORMAT_VERSION, Gridpack, GridpackError, LoadedGridpack, Shard, generate_shard, sha256_hex,
};
use mfcgen::io::lhe::{self, LheError, RunHeader};
use mfcgen::merge::{MergeError, merge_files};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const CONCATENATED: &str =
    "a second LHE file starts after </LesHouchesEvents> (concatenated files? use mfcgen merge)";

mod support;
use support::mfcgen;

const CARD: &str = "[integration]\ncalls = 4000\nadapt_iterations = 2\nmax_iterations = 2\n\
                    precision = 0.5\n[generation]\nseed = 5\n";

/// One small gridpack (plain JSON) and two shards of 20 events (plain and gzip), made once.
struct Fixture {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    gridpack: PathBuf,
    shard0: PathBuf,
    shard1: PathBuf,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        std::fs::write(dir.join("card.toml"), CARD).unwrap();
        let card = RunCard::from_toml_str(CARD, "test card")
            .unwrap()
            .validate()
            .unwrap();
        let settings = mfcgen::unweight::UnweightSettings {
            calibration_points: 2000,
            ..Default::default()
        };
        let (gp, _) = Gridpack::adapt_with(&card, settings, &mut |_| {}).unwrap();
        let gridpack = dir.join("grid.json");
        gp.write(&gridpack).unwrap();
        let loaded = LoadedGridpack::load(&gridpack).unwrap();
        let shard = |i: u64, name: &str| {
            let p = dir.join(name);
            generate_shard(&loaded, Shard::new(i, 2, "t").unwrap(), 20, &p, &mut |_| {}).unwrap();
            p
        };
        let shard0 = shard(0, "s0.lhe");
        let shard1 = shard(1, "s1.lhe.gz");
        Fixture {
            _dir: tmp,
            dir,
            gridpack,
            shard0,
            shard1,
        }
    })
}

/// A fresh directory with copies of the two shards.
fn shard_copies() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let f = fixture();
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("a.lhe");
    let b = d.path().join("b.lhe.gz");
    std::fs::copy(&f.shard0, &a).unwrap();
    std::fs::copy(&f.shard1, &b).unwrap();
    (d, a, b)
}

// ---- 1. merge --output X where X is an input ----

#[test]
fn merge_refuses_an_output_that_is_one_of_the_inputs() {
    let (d, a, b) = shard_copies();
    let before = std::fs::read(&a).unwrap();
    let cd = |p: &Path| PathBuf::from(d.path().file_name().unwrap()).join(p.file_name().unwrap());
    // the same path; another spelling of it (`dir/../dir/a.lhe`)
    let respelled = d.path().join("..").join(cd(&a));
    // a symbolic link and a hard link to the input
    let sym = d.path().join("sym.lhe");
    std::os::unix::fs::symlink(&a, &sym).unwrap();
    let hard = d.path().join("hard.lhe");
    std::fs::hard_link(&a, &hard).unwrap();
    for (output, via) in [
        (a.clone(), ""),
        (respelled, "under another name"),
        (sym.clone(), "symbolic link"),
        (hard.clone(), "hard link"),
    ] {
        let e = merge_files(&[a.clone(), b.clone()], &output, &mut |_| {})
            .expect_err("merging into an input");
        assert!(matches!(e, MergeError::OutputIsInput { .. }), "{e}");
        let msg = e.to_string();
        assert!(msg.contains(&output.display().to_string()), "{msg}");
        assert!(msg.contains(&format!("the input {}", a.display())), "{msg}");
        assert!(msg.contains(via), "{msg}");
        assert_eq!(std::fs::read(&a).unwrap(), before, "the input was touched");
    }
    // the link itself given as the input, the target as the output
    let e = merge_files(&[sym.clone(), b.clone()], &a, &mut |_| {}).expect_err("link input");
    assert!(matches!(e, MergeError::OutputIsInput { .. }), "{e}");
    // the CLI refuses before reading anything, naming both as written
    let (ok, out, err) = mfcgen(&[
        "merge",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--output",
        b.to_str().unwrap(),
    ]);
    assert!(!ok, "{out}");
    assert!(
        err.contains(&format!(
            "cannot merge into {}: it is the input {}",
            b.display(),
            b.display()
        )),
        "{err}"
    );
    assert!(!err.contains("cannot merge: cannot merge"), "{err}");
    assert_eq!(std::fs::read(&a).unwrap(), before);
    // an ordinary output still merges
    let m = d.path().join("m.lhe");
    merge_files(&[a, b], &m, &mut |_| {}).expect("merge");
    lhe::validate_file(&m).expect("valid");
}

// ---- 2. merge --output m.hepmc ----

#[test]
fn merge_refuses_an_output_name_that_is_not_lhe() {
    let (d, a, b) = shard_copies();
    for name in ["m.hepmc", "m.txt", "m.gz", "m", ".lhe"] {
        let out = d.path().join(name);
        let e = merge_files(&[a.clone(), b.clone()], &out, &mut |_| {}).expect_err(name);
        assert!(matches!(e, MergeError::OutputFormat { .. }), "{name}: {e}");
        assert!(e.to_string().contains(".lhe or .lhe.gz"), "{e}");
        assert!(!out.exists());
        let (ok, _, err) = mfcgen(&[
            "merge",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert!(!ok);
        assert!(
            err.contains(&format!("cannot merge into {}", out.display())),
            "{err}"
        );
        assert!(err.contains("must end in .lhe or .lhe.gz"), "{err}");
        assert!(!out.exists());
    }
}

// ---- 7. concatenated LHE files ----

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Reads every event of `path`; the first error.
fn read_all(path: &Path) -> Result<u64, LheError> {
    let mut r = lhe::open(path)?;
    let mut n = 0;
    for e in &mut r {
        e?;
        n += 1;
    }
    Ok(n)
}

#[test]
fn concatenated_lhe_files_are_refused_by_reader_validator_and_merge() {
    let (d, a, b) = shard_copies();
    let text_a = std::fs::read(&a).unwrap();
    let gz_b = std::fs::read(&b).unwrap();
    let text_b = mfcgen::io::input::read_all(&b).unwrap();
    let lines_a = text_a.iter().filter(|&&c| c == b'\n').count() as u64;

    // cat a.lhe a.lhe > ab.lhe, and cat a.lhe.gz b.lhe.gz (a valid multi-member gzip stream)
    let plain = d.path().join("ab.lhe");
    std::fs::write(&plain, [text_a.clone(), text_b.clone()].concat()).unwrap();
    let two_gz = d.path().join("ab.lhe.gz");
    std::fs::write(&two_gz, [gz(&text_a), gz_b].concat()).unwrap();
    for p in [&plain, &two_gz] {
        let e = read_all(p).expect_err("two files read as one");
        assert!(matches!(e, LheError::Concatenated { .. }), "{e}");
        assert_eq!(e.line(), lines_a + 1, "{e}");
        assert_eq!(
            e.to_string(),
            format!("line {}: {CONCATENATED}", lines_a + 1)
        );
        let e = lhe::validate_file(p).expect_err("strict");
        assert!(e.to_string().contains(CONCATENATED), "{e}");
        // merge names the file and the line
        let e = merge_files(
            std::slice::from_ref(p),
            &d.path().join("m.lhe"),
            &mut |_| {},
        )
        .expect_err("merge of a concatenated file");
        assert_eq!(
            e.to_string(),
            format!("{}: line {}: {CONCATENATED}", p.display(), lines_a + 1)
        );
        assert!(!d.path().join("m.lhe").exists());
    }
    // a second file glued onto the closing tag's line, or after blank lines
    let glued = d.path().join("glued.lhe");
    let mut t = text_a.clone();
    t.pop();
    t.extend_from_slice(b"\n\n   \n<?xml version=\"1.0\"?>\n");
    t.extend_from_slice(&text_b);
    std::fs::write(&glued, &t).unwrap();
    assert!(matches!(
        read_all(&glued),
        Err(LheError::Concatenated { line }) if line == lines_a + 3
    ));
    let mut t = text_a.clone();
    t.pop();
    t.extend_from_slice(&text_b);
    std::fs::write(&glued, &t).unwrap();
    assert!(matches!(
        read_all(&glued),
        Err(LheError::Concatenated { line }) if line == lines_a
    ));
    // any other content after the closing tag is an error too
    let junk = d.path().join("junk.lhe");
    std::fs::write(
        &junk,
        [text_a.clone(), b"\ntrailing words\n".to_vec()].concat(),
    )
    .unwrap();
    let e = read_all(&junk).expect_err("junk");
    assert!(matches!(e, LheError::Syntax { .. }), "{e}");
    assert!(
        e.to_string().contains("nothing after </LesHouchesEvents>"),
        "{e}"
    );
    // trailing whitespace is fine (MadGraph, Pythia), for the reader, the validator and merge
    let ws = d.path().join("ws.lhe");
    std::fs::write(&ws, [text_a, b"\n  \n\t\r\n\n".to_vec()].concat()).unwrap();
    assert_eq!(read_all(&ws).expect("trailing whitespace"), 20);
    lhe::validate_file(&ws).expect("strict: trailing whitespace");
    merge_files(&[ws, b], &d.path().join("m.lhe"), &mut |_| {}).expect("merge");
}

// ---- 3. edited gridpacks ----

fn modified(path: &str) -> String {
    format!(
        "the gridpack {path} was modified after `mfcgen adapt` wrote it (content checksum mismatch)"
    )
}

#[test]
fn a_gridpack_edited_anywhere_is_refused() {
    let f = fixture();
    let json = std::fs::read_to_string(&f.gridpack).unwrap();
    let load = |t: &str| Gridpack::from_json(t, Path::new("edited.json"));
    load(&json).expect("unedited");
    let gp = load(&json).unwrap();
    // sigma, w_max, a number of the map, the process text, the seed of the calibration
    let sigma = format!("\"sigma_pb\": \"{:?}\"", gp.sigma_pb);
    let w_max = format!("\"w_max\": \"{:?}\"", gp.unweighting.w_max);
    assert!(json.contains(&sigma) && json.contains(&w_max));
    let edits = [
        json.replace(
            &sigma,
            &format!("\"sigma_pb\": \"{:?}\"", gp.sigma_pb * 2.0),
        ),
        json.replace(
            &w_max,
            &format!("\"w_max\": \"{:?}\"", gp.unweighting.w_max * 0.5),
        ),
        {
            // a number of the map (an exact float string after "map")
            let at = json.find("\"map\"").unwrap();
            let k = at + json[at..].find("\"0.").unwrap();
            let mut t = json.clone();
            t.replace_range(k..k + 3, "\"0.0");
            t
        },
        json.replace(
            "\"calibration_points\": 2000",
            "\"calibration_points\": 2001",
        ),
        json.replace("mu N -> mu N X", "mu N -> mu N Y"),
    ];
    for (k, t) in edits.iter().enumerate() {
        assert_ne!(t, &json, "edit {k} did not apply");
        let e = load(t).expect_err("edited gridpack");
        assert!(matches!(e, GridpackError::Modified { .. }), "edit {k}: {e}");
        assert_eq!(e.to_string(), modified("edited.json"), "edit {k}");
    }
    // the checksum itself edited, or removed
    let at = json.find("\"content_sha256\": \"").unwrap() + 19;
    let mut t = json.clone();
    t.replace_range(at..at + 1, if &json[at..=at] == "0" { "1" } else { "0" });
    assert_eq!(
        load(&t).expect_err("checksum").to_string(),
        modified("edited.json")
    );
    let line_end = at + json[at..].find('\n').unwrap() + 1;
    let line_start = json[..at].rfind('\n').unwrap() + 1;
    let mut t = json.clone();
    t.replace_range(line_start..line_end, "");
    let e = load(&t).expect_err("no checksum");
    assert_eq!(
        e.to_string(),
        "the gridpack edited.json was modified after `mfcgen adapt` wrote it (content checksum \
         missing)"
    );
    // the card: refused by its own hash, saying it was edited
    let e = load(&json.replace("seed = 5", "seed = 6")).expect_err("card");
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
    assert!(
        e.to_string()
            .contains("edited after `mfcgen adapt` wrote it"),
        "{e}"
    );

    // from a file (plain and gzip) and through the CLI, naming the file as given
    let d = tempfile::tempdir().unwrap();
    for name in ["e.json", "e.json.gz"] {
        let p = d.path().join(name);
        let mut out = mfcgen::io::output::AtomicFile::create(&p).unwrap();
        out.write_all(edits[0].as_bytes()).unwrap();
        out.commit().unwrap();
        let e = LoadedGridpack::load(&p).expect_err("edited file");
        assert_eq!(e.to_string(), modified(&p.display().to_string()));
        let (ok, _, err) = mfcgen(&[
            "generate",
            "--gridpack",
            p.to_str().unwrap(),
            "--events",
            "5",
            "--output",
            d.path().join("x.lhe").to_str().unwrap(),
        ]);
        assert!(!ok);
        assert!(err.contains(&modified(&p.display().to_string())), "{err}");
        assert!(!d.path().join("x.lhe").exists());
    }
}

#[test]
fn an_old_gridpack_without_checksum_asks_to_rerun_adapt() {
    let f = fixture();
    let json = std::fs::read_to_string(&f.gridpack).unwrap();
    let at = json.find("  \"content_sha256\"").unwrap();
    let end = at + json[at..].find('\n').unwrap() + 1;
    let mut old = json.clone();
    old.replace_range(at..end, "");
    let old = old.replace(
        &format!("\"format_version\": {FORMAT_VERSION}"),
        "\"format_version\": 1",
    );
    let e = Gridpack::from_json(&old, Path::new("old.json")).expect_err("old layout");
    assert!(
        matches!(e, GridpackError::FormatVersion { found: 1, .. }),
        "{e}"
    );
    let msg = e.to_string();
    assert!(msg.contains("no content checksum"), "{msg}");
    assert!(msg.contains("re-run `mfcgen adapt`"), "{msg}");
}

// ---- 4. the gridpack hash is labelled ----

#[test]
fn adapt_labels_the_hash_of_the_uncompressed_json_and_gives_the_file_hash() {
    let f = fixture();
    let d = tempfile::tempdir().unwrap();
    let card = f.dir.join("card.toml");
    for name in ["g.json", "g.json.gz"] {
        let p = d.path().join(name);
        let args = [
            "adapt",
            "--card",
            card.to_str().unwrap(),
            "--calibration-points",
            "2000",
            "--output",
            p.to_str().unwrap(),
        ];
        let (ok, out, err) = mfcgen(&args);
        assert!(ok, "{err}");
        let identity = LoadedGridpack::load(&p).unwrap().sha256;
        let file = sha256_hex(&std::fs::read(&p).unwrap());
        assert!(
            out.contains(&format!(
                "sha256            {identity} (of the uncompressed JSON: gridpack_sha256)"
            )),
            "{out}"
        );
        let file_line = format!("file sha256       {file} (of the file as stored, gzip)");
        assert_eq!(out.contains(&file_line), name.ends_with(".gz"), "{out}");
        let mut json_args = args.to_vec();
        json_args.push("--json");
        let (ok, out, err) = mfcgen(&json_args);
        assert!(ok, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["gridpack_sha256"], identity.as_str());
        // gzip output is deterministic too, so the file hash is that of the file written again
        assert_eq!(v["file_sha256"], file.as_str());

        let (ok, out, err) = mfcgen(&[
            "generate",
            "--gridpack",
            p.to_str().unwrap(),
            "--events",
            "5",
            "--output",
            d.path().join("s.lhe").to_str().unwrap(),
        ]);
        assert!(ok, "{err}");
        assert!(
            out.contains(&format!(
                "(sha256 of the uncompressed JSON {}...)",
                &identity[..16]
            )),
            "{out}"
        );
    }
}

// ---- 5./6. help texts ----

#[test]
fn adapt_help_offers_no_beam_spectrum_but_refuses_it_with_the_reason() {
    let (ok, help, _) = mfcgen(&["adapt", "--help"]);
    assert!(ok);
    assert!(!help.contains("--beam-spectrum"), "{help}");
    assert!(help.contains("--output"), "{help}");
    for cmd in ["integrate", "generate"] {
        let (_, help, _) = mfcgen(&[cmd, "--help"]);
        assert!(help.contains("--beam-spectrum"), "{cmd}: {help}");
    }
    let spectrum = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../validation/data/wz/z_muon_spectrum_14TeV.csv");
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("g.json");
    let (ok, _, err) = mfcgen(&[
        "adapt",
        "--beam-spectrum",
        spectrum.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        err.contains("beam.spectrum runs are not yet supported"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn generate_help_says_a_gridpack_run_writes_lhe_only() {
    let (ok, help, _) = mfcgen(&["generate", "--help"]);
    assert!(ok);
    assert!(
        help.contains("With --gridpack: required, and .lhe or .lhe.gz only"),
        "{help}"
    );
    assert!(
        help.contains("with --gridpack, the gridpack card's"),
        "{help}"
    );
    let (_, help, _) = mfcgen(&["merge", "--help"]);
    assert!(help.contains("not one of the inputs"), "{help}");
}

// ---- 8. the header's efficiency is the expected one ----

#[test]
fn the_header_names_the_expected_efficiency_and_reads_the_old_key() {
    let f = fixture();
    let text = std::fs::read_to_string(&f.shard0).unwrap();
    let gp = LoadedGridpack::load(&f.gridpack).unwrap().gridpack;
    let expected = lhe::sci(gp.unweighting.expected_efficiency);
    assert!(
        text.contains(&format!("\nexpected_efficiency = {expected}\n")),
        "{text}"
    );
    assert!(!text.contains("unweighting_efficiency"));
    let header = lhe::open(&f.shard0).unwrap().header().to_string();
    let h = RunHeader::from_lhe_header(&header).unwrap();
    assert_eq!(h.efficiency, gp.unweighting.expected_efficiency);
    // files written before the rename
    let old = header.replace("\nexpected_efficiency = ", "\nunweighting_efficiency = ");
    assert_ne!(old, header);
    assert_eq!(RunHeader::from_lhe_header(&old).unwrap(), h);
    // merge carries it over
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("m.lhe");
    merge_files(&[f.shard0.clone(), f.shard1.clone()], &m, &mut |_| {}).unwrap();
    let merged = std::fs::read_to_string(&m).unwrap();
    assert!(merged.contains(&format!("\nexpected_efficiency = {expected}\n")));
}

// ---- the cause is printed once ----

#[test]
fn errors_name_the_file_and_the_cause_once() {
    let (d, a, _) = shard_copies();
    let text = std::fs::read(&a).unwrap();
    let ab = d.path().join("ab.lhe");
    std::fs::write(&ab, [text.clone(), text].concat()).unwrap();
    let missing = d.path().join("missing.lhe");
    let m = d.path().join("m.lhe");
    let cases: [(Vec<&str>, &str); 3] = [
        (
            vec![
                "merge",
                ab.to_str().unwrap(),
                "--output",
                m.to_str().unwrap(),
            ],
            CONCATENATED,
        ),
        (
            vec![
                "merge",
                missing.to_str().unwrap(),
                "--output",
                m.to_str().unwrap(),
            ],
            "No such file",
        ),
        (
            vec![
                "generate",
                "--gridpack",
                missing.to_str().unwrap(),
                "--output",
                m.to_str().unwrap(),
            ],
            "No such file",
        ),
    ];
    for (args, cause) in cases {
        let (ok, _, err) = mfcgen(&args);
        assert!(!ok, "{args:?}");
        assert_eq!(err.matches(cause).count(), 1, "{args:?}: {err}");
        let file = if args[0] == "merge" { args[1] } else { args[2] };
        assert_eq!(err.matches(file).count(), 1, "{args:?}: {err}");
        assert!(!m.exists());
    }
}
