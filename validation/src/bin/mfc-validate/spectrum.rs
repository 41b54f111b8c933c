//! `mfc-validate spectrum`: the incoming-muon spectrum P_in(p, eta) of a W or Z sample
//! (GKSST Sec. IV.B, Fig. 2; ATLAS PLB 759 (2016) 601 fiducial selection, then the barrel).

use anyhow::Context;
use clap::Args as ClapArgs;
use mfc_validation::plot::{Series, line_plot_svg};
use mfc_validation::spectrum::{
    Binning, Boson, FiducialCuts, TruthEvent, select, spectrum_from_lhe, write_momentum_csv,
};
use mfcgen::io::output::write_atomic;
use mfcgen::io::spectrum::{self as spectrum_format, Notation, SpectrumCell};
use std::io::Write as _;
use std::path::PathBuf;

/// Flags of `spectrum`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// LHE sample (plain or gzip) of pp -> Z -> mu mu or pp -> W -> mu nu.
    pub sample: PathBuf,
    /// Boson of the sample: z or w.
    #[arg(long)]
    pub process: Boson,
    /// Output spectrum file (versioned text; the generator reads it as a beam).
    #[arg(long)]
    pub output: PathBuf,
    /// Also write the normalised momentum spectrum (GKSST Fig. 2) as CSV here.
    #[arg(long)]
    pub momentum_csv: Option<PathBuf>,
    /// Also write the selected barrel muons one by one (p, |eta|, each with probability 1/N) in
    /// the spectrum file format with zero-width cells: `mfcgen generate --beam-spectrum` then
    /// samples the incoming muon from this list exactly instead of from the histogram.
    #[arg(long)]
    pub muon_list: Option<PathBuf>,
    /// Draw the normalised momentum spectrum (GKSST Fig. 2) as SVG here.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: &Args) -> anyhow::Result<()> {
    let spec = spectrum_from_lhe(
        &a.sample,
        a.process,
        FiducialCuts::ATLAS_13TEV,
        Binning::gksst(),
    )
    .with_context(|| format!("reading {}", a.sample.display()))?;
    spec.save(&a.output)
        .with_context(|| format!("writing {}", a.output.display()))?;
    if let Some(csv) = &a.momentum_csv {
        let mut buf = Vec::new();
        write_momentum_csv(&mut buf, &[(a.process.to_string().as_str(), &spec)])?;
        write_atomic(csv, &buf).with_context(|| format!("writing {}", csv.display()))?;
    }
    if let Some(svg) = &a.plot {
        let points: Vec<(f64, f64)> = spec
            .momentum_pdf()
            .iter()
            .filter(|&&(lo, _, d)| d > 0.0 && lo < 250.0)
            .map(|&(lo, hi, d)| (0.5 * (lo + hi), d))
            .collect();
        let series = [Series {
            name: format!("{} muons, barrel", a.process),
            points,
            color: "#1f77b4",
            dashed: false,
        }];
        let text = line_plot_svg(
            "Incoming-muon momentum spectrum (GKSST Fig. 2)",
            "p_in [GeV]",
            "1/N dN/dp [1/GeV]",
            false,
            true,
            &series,
        );
        write_atomic(svg, text.as_bytes()).with_context(|| format!("writing {}", svg.display()))?;
    }
    if let Some(list) = &a.muon_list {
        let n = write_muon_list(&a.sample, a.process, list)?;
        eprintln!("wrote {n} barrel muons to {}", list.display());
    }
    let eff = spec.barrel_efficiency();
    let mut out = std::io::stdout().lock();
    if a.json {
        let v = serde_json::json!({
            "process": a.process.to_string(),
            "barrel_efficiency": eff,
            "paper_efficiency": a.process.gksst_efficiency(),
            "median_p_gev": spec.median_p(),
            "mean_p_gev": spec.mean_p(),
            "output": a.output.display().to_string(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        writeln!(out, "{}", spec.summary())?;
        writeln!(
            out,
            "barrel efficiency {eff:.3} (GKSST: {:.2}); median p {:.1} GeV; written to {}",
            a.process.gksst_efficiency(),
            spec.median_p(),
            a.output.display()
        )?;
    }
    out.flush()?;
    Ok(())
}

/// Writes the barrel muons of the selected events as zero-width cells of the spectrum format
/// ([`mfcgen::io::spectrum`]: `# {json}` header, `p_lo,p_hi,eta_lo,eta_hi,probability` rows
/// with p_lo = p_hi = p).
fn write_muon_list(
    sample: &std::path::Path,
    process: Boson,
    out: &std::path::Path,
) -> anyhow::Result<usize> {
    let cuts = FiducialCuts::ATLAS_13TEV;
    let mut muons = Vec::new();
    let reader =
        mfcgen::io::lhe::open(sample).with_context(|| format!("reading {}", sample.display()))?;
    for ev in reader {
        let ev = ev.with_context(|| format!("reading {}", sample.display()))?;
        let truth = TruthEvent::from(&ev);
        if let Ok(sel) = select(process, &truth, &cuts) {
            for m in sel.barrel_muons(&cuts) {
                muons.push((m.p(), m.eta().abs()));
            }
        }
    }
    if muons.is_empty() {
        anyhow::bail!(
            "{}: no muon passes the selection and the barrel cut",
            sample.display()
        );
    }
    let prob = 1.0 / muons.len() as f64;
    let header = serde_json::json!({
        "format": spectrum_format::FORMAT_NAME,
        "version": 1,
        "kind": "muon-list",
        "process": process.to_string(),
        "source": sample.display().to_string(),
        "muons": muons.len(),
    });
    let cells = muons.iter().map(|&(p, eta)| SpectrumCell {
        p_lo: p,
        p_hi: p,
        eta_lo: eta,
        eta_hi: eta,
        probability: prob,
    });
    let text = spectrum_format::write_text(&header, cells, Notation::Debug)?;
    write_atomic(out, text.as_bytes()).with_context(|| format!("writing {}", out.display()))?;
    Ok(muons.len())
}
