//! Reliability of the `mfc-validate` binary: a closed output pipe, broken input files, numeric
//! flags out of range, unwritable output directories, progress on stderr, readable error
//! messages, and the README numbers against what the program prints.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod support;
use support::{BIN, assert_fails, run, stderr};

/// A 300-event sample (vector, 16 MeV, 50 GeV, Cu, elastic), made once per test binary.
fn sample() -> &'static Path {
    static SAMPLE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SAMPLE
        .get_or_init(|| support::small_sample(300, 5_000, 3, 5e-2))
        .1
}

fn sample_str() -> &'static str {
    sample().to_str().expect("utf-8 path")
}

// ------------------------------------------------------------------ 1. closed pipe

/// Runs with stdout a pipe; reads `read` bytes and closes the read end.
fn run_closed_pipe(args: &[&str], read: usize) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mfc-validate");
    let mut so = child.stdout.take().expect("stdout pipe");
    if read > 0 {
        let mut buf = vec![0u8; read];
        so.read_exact(&mut buf).expect("first bytes");
    }
    drop(so);
    child.wait_with_output().expect("wait")
}

fn assert_quiet_pipe_end(o: &Output, args: &[&str], allow_success: bool) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{args:?}: panic: {err}");
    assert!(!err.contains("error"), "{args:?}: message: {err}");
    let code = o.status.code();
    assert!(
        code == Some(141) || (allow_success && code == Some(0)),
        "{args:?}: exit {code:?}, stderr: {err}"
    );
}

#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reach");
    let a = sample_str();
    // fast commands may finish writing before the read end is closed (exit 0 then)
    for args in [
        vec!["compare", a, a, "--json"],
        vec!["compare", a, a],
        vec!["compare", a, "--ww", "iww", "--json"],
        vec!["ww", "--mediator", "vector", "--mass", "0.1", "--json"],
        vec!["ww", "--mediator", "vector", "--mass", "0.1"],
    ] {
        assert_quiet_pipe_end(&run_closed_pipe(&args, 0), &args, true);
    }
    let cases: Vec<Vec<&str>> = vec![
        vec!["yields", "--precision", "0.1"],
        vec!["yields", "--precision", "0.1", "--json"],
        vec![
            "reach",
            "--masses",
            "2",
            "--points",
            "1000",
            "--precision",
            "0.1",
            "--output",
            out.to_str().unwrap(),
        ],
    ];
    for args in &cases {
        // the read end closed long before the first write (after the computation)
        assert_quiet_pipe_end(&run_closed_pipe(args, 0), args, false);
    }
    // `| head -c 10` on an output longer than the pipe buffer: the child is still writing
    // when the reader leaves
    let args = [
        "ww",
        "--mediator",
        "vector",
        "--mass",
        "0.1",
        "--dsdx",
        "--points",
        "5000",
    ];
    assert_quiet_pipe_end(&run_closed_pipe(&args, 10), &args, false);
}

// ------------------------------------------------------------------ 2. NaN cross sections

/// The sample with its text edited by `edit`, written next to `dir`.
fn edited(dir: &Path, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let text = std::fs::read_to_string(sample()).expect("read the sample");
    let p = dir.join(name);
    std::fs::write(&p, edit(&text)).expect("write the edited sample");
    p
}

/// Replaces the first number of the `<init>` process line (XSECUP) or its second (XERRUP).
fn set_init(text: &str, column: usize, value: &str) -> String {
    let start = text.find("<init>").expect("an <init> block");
    let mut lines: Vec<String> = text[start..].lines().map(str::to_string).collect();
    let mut cols: Vec<String> = lines[2].split_whitespace().map(str::to_string).collect();
    cols[column] = value.to_string();
    lines[2] = cols.join(" ");
    format!("{}{}\n", &text[..start], lines.join("\n"))
}

/// Replaces XWGTUP of the `k`-th event (1-based).
fn set_weight(text: &str, k: usize, value: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut next_is_header = false;
    for line in text.lines() {
        if next_is_header {
            next_is_header = false;
            n += 1;
            if n == k {
                let mut cols: Vec<&str> = line.split_whitespace().collect();
                cols[2] = value;
                out.push_str(&cols.join(" "));
                out.push('\n');
                continue;
            }
        }
        if line.starts_with("<event") {
            next_is_header = true;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn compare_refuses_non_finite_or_non_positive_cross_sections_and_weights() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_str();
    for (i, v) in ["nan", "NaN", "inf", "-1.0", "0"].iter().enumerate() {
        let p = edited(dir.path(), &format!("xsec{i}.lhe"), |t| set_init(t, 0, v));
        let ps = p.to_str().unwrap();
        for args in [
            vec!["compare", a, ps, "--json"],
            vec!["compare", ps, "--ww", "iww"],
        ] {
            assert_fails(&run(&args), &[&format!("xsec{i}.lhe"), "XSECUP"]);
        }
    }
    let p = edited(dir.path(), "xerr.lhe", |t| set_init(t, 1, "nan"));
    assert_fails(
        &run(&["compare", a, p.to_str().unwrap()]),
        &["xerr.lhe", "XERRUP"],
    );
    for (i, v) in ["nan", "inf", "-1.0"].iter().enumerate() {
        let p = edited(dir.path(), &format!("w{i}.lhe"), |t| set_weight(t, 3, v));
        assert_fails(
            &run(&["compare", a, p.to_str().unwrap(), "--json"]),
            &[&format!("w{i}.lhe"), "event 3", "XWGTUP"],
        );
    }
}

// ------------------------------------------------------------------ 3. numeric flags

#[test]
fn numeric_flags_out_of_range_are_refused_with_the_flag_named() {
    let a = sample_str();
    let cases: &[(&[&str], &str)] = &[
        (&["reach", "--points", "0"], "--points"),
        (&["reach", "--masses", "0"], "--masses"),
        (&["reach", "--masses", "1"], "--masses"),
        (&["reach", "--precision", "0"], "--precision"),
        (&["reach", "--precision", "1"], "--precision"),
        (&["reach", "--precision=-0.1"], "--precision"),
        (&["reach", "--precision", "nan"], "--precision"),
        (&["yields", "--precision", "0"], "--precision"),
        (&["yields", "--precision", "2"], "--precision"),
        (&["yields", "--precision", "inf"], "--precision"),
        (&["ww", "--mediator", "vector", "--mass", "0"], "--mass"),
        (&["ww", "--mediator", "vector", "--mass", "nan"], "--mass"),
        (&["ww", "--mediator", "vector", "--mass=-1"], "--mass"),
        (
            &[
                "ww",
                "--mediator",
                "vector",
                "--mass",
                "0.1",
                "--beam-energy",
                "0",
            ],
            "--beam-energy",
        ),
        (
            &[
                "ww",
                "--mediator",
                "vector",
                "--mass",
                "0.1",
                "--coupling",
                "0",
            ],
            "--coupling",
        ),
        (
            &[
                "ww",
                "--mediator",
                "vector",
                "--mass",
                "0.1",
                "--dsdx",
                "--points",
                "1",
            ],
            "--points",
        ),
        (&["compare", a, a, "--max-events", "0"], "--max-events"),
        (
            &["compare", a, "--ww", "iww", "--coupling", "nan"],
            "--coupling",
        ),
    ];
    for (args, flag) in cases {
        let t0 = Instant::now();
        let o = run(args);
        assert_fails(&o, &[flag]);
        assert_eq!(o.status.code(), Some(2), "{args:?}: usage error expected");
        assert!(o.stdout.is_empty(), "{args:?} printed results");
        assert!(t0.elapsed() < Duration::from_secs(5), "{args:?} computed");
    }
}

// ------------------------------------------------------------------ 4. output directories

#[test]
fn unwritable_output_directories_are_refused_before_the_computation() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let under = file.join("out");
    let us = under.to_str().unwrap();
    let o = run(&[
        "reach",
        "--masses",
        "2",
        "--points",
        "1000",
        "--precision",
        "0.1",
        "--output",
        us,
    ]);
    let err = assert_fails(&o, &["--output", us]);
    assert!(
        o.stdout.is_empty(),
        "the scan ran before the output check: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(err.matches("os error").count(), 1, "{err}");
    let a = sample_str();
    for flag in ["--plots", "--csv"] {
        let o = run(&["compare", a, a, flag, us]);
        assert_fails(&o, &[flag, us]);
        assert!(o.stdout.is_empty());
    }
}

// ------------------------------------------------------------------ 5. progress

#[test]
fn reach_and_yields_report_progress_on_stderr_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reach");
    let o = Command::new(BIN)
        .args([
            "reach",
            "--masses",
            "2",
            "--points",
            "1000",
            "--precision",
            "0.1",
        ])
        .arg("--output")
        .arg(&out)
        .env("MFC_VALIDATE_PROGRESS_SECONDS", "0")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for n in ["1/4 mass points done", "3/4 mass points done", "s left"] {
        assert!(err.contains(n), "stderr lacks {n:?}: {err}");
    }
    // stdout unchanged: the experiment, its table and the files
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("experiment atlas: "), "{text}");
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("  X   m_X/GeV")),
        "{text}"
    );
    assert!(!text.contains("done"), "{text}");

    let o = Command::new(BIN)
        .args(["yields", "--precision", "0.1", "--json"])
        .env("MFC_VALIDATE_PROGRESS_SECONDS", "0")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1/12 cross sections done"),
        "{}",
        stderr(&o)
    );
    serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("JSON on stdout");
}

// ------------------------------------------------------------------ 6. readable errors

/// The message after "mfc-validate: error: ", split into ": "-clauses: none repeated, no Rust
/// Debug or serde text.
fn assert_readable(args: &[&str], err: &str) {
    let msg = err
        .lines()
        .find_map(|l| l.strip_prefix("mfc-validate: error: "))
        .unwrap_or_else(|| panic!("{args:?}: no error line in {err}"));
    let clauses: Vec<&str> = msg.split(": ").map(str::trim).collect();
    for (i, c) in clauses.iter().enumerate() {
        assert!(
            !clauses[i + 1..].contains(c),
            "{args:?}: clause {c:?} repeated in {msg}"
        );
    }
    assert!(msg.matches("os error").count() <= 1, "{args:?}: {msg}");
    for bad in [
        "{",
        "}",
        "\\u{",
        "\\\"",
        "Some(",
        "Error {",
        "kind:",
        "expected struct",
        "rel_precision",
    ] {
        assert!(!msg.contains(bad), "{args:?}: {bad:?} in {msg}");
    }
}

#[test]
fn error_messages_name_the_input_once_without_rust_internals() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = |name: &str| d.join(name).to_str().unwrap().to_string();
    std::fs::write(d.join("garbage.lhe"), "garbage\n").unwrap();
    std::fs::write(d.join("empty.lhe"), "").unwrap();
    std::fs::write(d.join("a-file"), "x").unwrap();
    std::fs::write(d.join("badtarget.toml"), "[target]\nname = \"Xx\"\n").unwrap();
    let text = std::fs::read_to_string(sample()).unwrap();
    std::fs::write(d.join("truncated.lhe"), &text[..text.len() / 2]).unwrap();
    let nan = edited(d, "nan.lhe", |t| set_init(t, 0, "nan"));
    let a = sample_str();
    let (missing, garbage, empty, trunc, file, card) = (
        p("missing.lhe"),
        p("garbage.lhe"),
        p("empty.lhe"),
        p("truncated.lhe"),
        p("a-file"),
        p("badtarget.toml"),
    );
    let nocard = p("missing.toml");
    let under = format!("{file}/out");
    let nan = nan.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["compare", &missing, "--ww", "iww"], "missing.lhe"),
        (vec!["compare", a, &missing], "missing.lhe"),
        (vec!["compare", &garbage, "--ww", "iww"], "garbage.lhe"),
        (vec!["compare", &empty, "--ww", "iww"], "empty.lhe"),
        (vec!["compare", a, &trunc], "truncated.lhe"),
        (vec!["compare", a, nan], "nan.lhe"),
        (vec!["compare", a, a, "--plots", &under], "a-file"),
        (vec!["yields", "--card", &nocard], "missing.toml"),
        (vec!["yields", "--card", &card], "badtarget.toml"),
        (vec!["reach", "--card", &card], "badtarget.toml"),
        (vec!["reach", "--output", &under, "--masses", "2"], "a-file"),
        (
            vec![
                "ww",
                "--mediator",
                "vector",
                "--mass",
                "0.1",
                "--target",
                "Xx",
            ],
            "Xx",
        ),
        (
            vec![
                "ww",
                "--mediator",
                "vector",
                "--mass",
                "60",
                "--beam-energy",
                "50",
            ],
            "closed",
        ),
    ];
    for (args, needle) in &cases {
        let err = assert_fails(&run(args), &[needle]);
        assert_readable(args, &err);
    }
}

/// A UTF-8 byte-order mark at the start of an LHE file is skipped (plain and gzip).
#[test]
fn a_byte_order_mark_at_the_start_of_an_lhe_file_is_skipped() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xef, 0xbb, 0xbf];
    bytes.extend(std::fs::read(sample()).unwrap());
    let plain = dir.path().join("bom.lhe");
    std::fs::write(&plain, &bytes).unwrap();
    let gz = dir.path().join("bom.lhe.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    enc.write_all(&bytes).unwrap();
    enc.finish().unwrap();
    let o = run(&[
        "compare",
        plain.to_str().unwrap(),
        gz.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!((v["sigma_ratio"].as_f64().unwrap() - 1.0).abs() < 1e-12);
}

// ------------------------------------------------------------------ 7. README numbers

/// The README's "Reproducing the paper" numbers are those `yields` and `spectrum` print.
#[test]
fn readme_numbers_match_the_program() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let o = run(&["yields", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for mediator in ["S", "V"] {
        let r: Vec<f64> = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["mediator"] == mediator)
            .map(|r| r["n_z"].as_f64().unwrap() / r["n_gksst"].as_f64().unwrap())
            .collect();
        let lo = r.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = r.iter().copied().fold(0.0, f64::max);
        let quoted = format!("{lo:.2}-{hi:.2} ({mediator})");
        assert!(readme.contains(&quoted), "README lacks {quoted:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    for (process, file) in [("z", "z_mumu_14TeV.lhe.gz"), ("w", "w_munu_14TeV.lhe.gz")] {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/wz")
            .join(file);
        let o = Command::new(BIN)
            .arg("spectrum")
            .arg(&sample)
            .args(["--process", process, "--json", "--output"])
            .arg(dir.path().join(format!("{process}.csv")))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let eff = format!("{:.3}", v["barrel_efficiency"].as_f64().unwrap());
        assert!(
            readme.contains(&eff),
            "README lacks the {process} efficiency {eff}"
        );
    }
}

/// `mfc-validate spectrum ... | head`: stdout's reading end closed before the child starts,
/// so the first write fails deterministically; the spectrum file is complete all the same.
#[test]
fn spectrum_with_a_closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("z.csv");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/data/wz/z_mumu_14TeV.lhe.gz");
    for json in [false, true] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_mfc-validate"));
        cmd.args(["spectrum", sample, "--process", "z", "--output"])
            .arg(&csv)
            .stdout(writer);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(out.status.code(), Some(141), "{err}");
        assert!(
            mfcgen::io::spectrum::read(
                std::io::BufReader::new(std::fs::File::open(&csv).unwrap()),
                mfcgen::io::spectrum::Strictness::Grid
            )
            .is_ok()
        );
    }
}
