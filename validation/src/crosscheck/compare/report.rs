//! Output of a [`Comparison`]: text table, JSON, CSV files and SVG plots.

use super::{CompareError, Comparison, HistComparison, Reference, SampleInfo, file_label};
use crate::plot::{self, PlotSpec};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// "E = 50 GeV" style energy/mass with a sensible unit.
#[must_use]
pub fn format_gev(v: f64) -> String {
    if v < 1.0 {
        format!("{} MeV", round_sig(v * 1e3))
    } else if v < 1e3 {
        format!("{} GeV", round_sig(v))
    } else {
        format!("{} TeV", round_sig(v * 1e-3))
    }
}

/// Shortest of 4 significant digits.
fn round_sig(v: f64) -> String {
    let s = format!("{v:.4}");
    let t = s.trim_end_matches('0').trim_end_matches('.');
    if t.is_empty() {
        "0".into()
    } else {
        t.to_string()
    }
}

/// The process of a sample for titles, e.g. `μ⁻ Cu → μ⁻ Cu V (m = 16 MeV, g = 1), E = 50 GeV`.
#[must_use]
pub fn process_title(info: &SampleInfo) -> String {
    let mu = if info.beam_id > 0 { "μ⁻" } else { "μ⁺" };
    let nucleus = info
        .card
        .as_ref()
        .and_then(|c| c.target.clone())
        .or_else(|| info.nucleus_z_a().map(|(z, a)| element_name(z, a)))
        .unwrap_or_else(|| "N".into());
    let card = info.card.clone().unwrap_or_default();
    let kind = card.kind.map_or_else(
        || format!("X[{}]", info.x_id),
        |k| k.name()[..1].to_ascii_uppercase(),
    );
    let g = card
        .coupling
        .map(|g| format!(", g = {g}"))
        .unwrap_or_default();
    format!(
        "{mu} {nucleus} → {mu} {nucleus} {kind} (m = {}{g}), E = {}",
        format_gev(info.x_mass),
        format_gev(info.beam_energy)
    )
}

/// Element symbol for common targets, else "Z=.. A=..".
fn element_name(z: u32, a: u32) -> String {
    let sym = match z {
        6 => "C",
        13 => "Al",
        26 => "Fe",
        29 => "Cu",
        74 => "W",
        82 => "Pb",
        _ => return format!("(Z={z}, A={a})"),
    };
    format!("{sym}{a}")
}

fn sample_json(s: &SampleInfo) -> Value {
    json!({
        "path": s.path.display().to_string(),
        "events": s.events,
        "sigma_pb": s.sigma_pb,
        "xsec_init_pb": s.xsec_pb,
        "xerr_init_pb": s.xerr_pb,
        "idwtup": s.weighting,
        "normalisation": s.normalisation,
        "beam_id": s.beam_id,
        "beam_energy_gev": s.beam_energy,
        "nucleus_id": s.nucleus_id,
        "nucleus_mass_gev": s.nucleus_mass,
        "x_id": s.x_id,
        "x_mass_gev": s.x_mass,
        "card": s.card,
        "weight": s.weight,
    })
}

/// The file of a sample, with the named weight used, if any (`a.lhe [weight 1001 axial:...]`).
fn sample_name(s: &SampleInfo) -> String {
    match &s.weight {
        Some(w) => format!("{} [weight {w}]", s.path.display()),
        None => s.path.display().to_string(),
    }
}

fn hist_json(h: &HistComparison) -> Value {
    json!({
        "observable": h.observable.name(),
        "chi2": h.chi2.chi2,
        "ndf": h.chi2.ndf,
        "chi2_ndf": h.chi2.per_ndf(),
        "integral_a_pb": h.a.integral(),
        "integral_a_err_pb": h.a.integral_error(),
        "integral_b_pb": h.b.integral(),
        "integral_b_err_pb": h.b.integral_error(),
        "underflow_a_pb": h.a.underflow()[0],
        "overflow_a_pb": h.a.overflow()[0],
        "underflow_b_pb": h.b.underflow()[0],
        "overflow_b_pb": h.b.overflow()[0],
        "bins": h.a.n_bins(),
        "range": [h.a.edges()[0], h.a.edges()[h.a.n_bins()]],
    })
}

/// The comparison as JSON (no per-bin contents: those are in the CSV files).
#[must_use]
pub fn to_json(c: &Comparison) -> Value {
    let b = match &c.b {
        Reference::Sample(s) => json!({ "sample": sample_json(s) }),
        Reference::Ww(w) => json!({ "ww": {
            "approximation": w.approximation.name(),
            "sigma_pb": w.sigma_pb,
            "mediator": w.setup.mediator.kind.name(),
            "mass_gev": w.setup.mediator.mass,
            "coupling": w.setup.mediator.coupling,
            "beam_energy_gev": w.setup.beam_energy,
            "target": w.setup.target.name,
            "form_factor": w.setup.form_factor.name(),
        }}),
    };
    json!({
        "process": process_title(&c.a),
        "a": sample_json(&c.a),
        "b": b,
        "sigma_a_pb": c.a.sigma_pb,
        "sigma_b_pb": c.sigma_b(),
        "sigma_ratio": c.sigma_ratio(),
        "histograms": c.histograms.iter().map(hist_json).collect::<Vec<_>>(),
    })
}

/// The comparison as a text table.
#[must_use]
pub fn to_table(c: &Comparison) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "process   {}", process_title(&c.a));
    let _ = writeln!(
        s,
        "A         {}: {} events, sigma = {:.6e} pb (IDWTUP {}, {:?})",
        sample_name(&c.a),
        c.a.events,
        c.a.sigma_pb,
        c.a.weighting,
        c.a.normalisation
    );
    match &c.b {
        Reference::Sample(b) => {
            let _ = writeln!(
                s,
                "B         {}: {} events, sigma = {:.6e} pb (IDWTUP {}, {:?})",
                sample_name(b),
                b.events,
                b.sigma_pb,
                b.weighting,
                b.normalisation
            );
        }
        Reference::Ww(w) => {
            let _ = writeln!(
                s,
                "B         {} ({} {}, g = {}, {} {}, E = {}): sigma = {:.6e} pb",
                w.approximation.name().to_ascii_uppercase(),
                w.setup.mediator.kind.name(),
                format_gev(w.setup.mediator.mass),
                w.setup.mediator.coupling,
                w.setup.target.name,
                w.setup.form_factor.name(),
                format_gev(w.setup.beam_energy),
                w.sigma_pb
            );
        }
    }
    let _ = writeln!(s, "sigma_A / sigma_B = {:.4}", c.sigma_ratio());
    let _ = writeln!(
        s,
        "{:<16} {:>10} {:>5} {:>14} {:>14} {:>10} {:>10}",
        "observable", "chi2/ndf", "ndf", "integral A/pb", "integral B/pb", "flow A/pb", "flow B/pb"
    );
    for h in &c.histograms {
        let flow = |x: &crate::histogram::Histogram1D| x.underflow()[0] + x.overflow()[0];
        let _ = writeln!(
            s,
            "{:<16} {:>10.3} {:>5} {:>14.6e} {:>14.6e} {:>10.2e} {:>10.2e}",
            h.observable.name(),
            h.chi2.per_ndf(),
            h.chi2.ndf,
            h.a.integral(),
            h.b.integral(),
            flow(&h.a),
            flow(&h.b)
        );
    }
    s
}

/// CSV text of one histogram comparison: `bin_lo,bin_hi,a,a_err,b,b_err,ratio` (contents in
/// pb per bin; ratio `nan` where B is empty).
#[must_use]
pub fn to_csv(h: &HistComparison) -> String {
    let mut s = String::from("bin_lo,bin_hi,a,a_err,b,b_err,ratio\n");
    let (ea, eb) = (h.a.errors(), h.b.errors());
    let e = h.a.edges();
    for (i, (r, _)) in h.ratio().iter().enumerate() {
        let _ = writeln!(
            s,
            "{:.10e},{:.10e},{:.10e},{:.10e},{:.10e},{:.10e},{}",
            e[i],
            e[i + 1],
            h.a.sum_w()[i],
            ea[i],
            h.b.sum_w()[i],
            eb[i],
            if r.is_finite() {
                format!("{r:.10e}")
            } else {
                "nan".into()
            }
        );
    }
    s
}

fn write(path: PathBuf, text: &str) -> Result<PathBuf, CompareError> {
    mfcgen::io::output::write_atomic(&path, text.as_bytes()).map_err(|source| {
        CompareError::Io {
            path: path.clone(),
            source,
        }
    })?;
    Ok(path)
}

fn make_dir(dir: &Path) -> Result<(), CompareError> {
    std::fs::create_dir_all(dir).map_err(|source| CompareError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// Writes `DIR/<observable>.csv` per histogram; returns the files.
///
/// # Errors
/// [`CompareError::Io`].
pub fn write_csv(c: &Comparison, dir: &Path) -> Result<Vec<PathBuf>, CompareError> {
    make_dir(dir)?;
    c.histograms
        .iter()
        .map(|h| write(dir.join(format!("{}.csv", h.observable.name())), &to_csv(h)))
        .collect()
}

/// Writes `DIR/<observable>.svg` per histogram (top: both distributions, log y; bottom:
/// A/B); returns the files.
///
/// # Errors
/// [`CompareError::Io`].
pub fn write_plots(c: &Comparison, dir: &Path) -> Result<Vec<PathBuf>, CompareError> {
    make_dir(dir)?;
    let a_label = format!("A: {}", file_label(&c.a.path));
    let b_label = match &c.b {
        Reference::Sample(s) => format!("B: {}", file_label(&s.path)),
        Reference::Ww(w) => format!(
            "B: {} prediction",
            w.approximation.name().to_ascii_uppercase()
        ),
    };
    c.histograms
        .iter()
        .map(|h| {
            let spec = PlotSpec {
                title: process_title(&c.a),
                subtitle: format!(
                    "χ²/ndf = {:.2}/{} ,  σ_A/σ_B = {:.4}",
                    h.chi2.chi2,
                    h.chi2.ndf,
                    c.sigma_ratio()
                ),
                x_label: h.observable.axis_label().into(),
                y_label: h.observable.density_label().into(),
                a_label: a_label.clone(),
                b_label: b_label.clone(),
                ratio_label: "A / B".into(),
            };
            let svg = plot::comparison_svg(&h.a, &h.b, &spec);
            write(dir.join(format!("{}.svg", h.observable.name())), &svg)
        })
        .collect()
}
