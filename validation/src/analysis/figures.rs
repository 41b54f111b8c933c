//! The tables and figures of a reach scan: GKSST Fig. 2 (incoming-muon momentum spectra),
//! Fig. 3 (rho shapes of signal and background) and Fig. 4 (expected 95% CL reach on g_X with
//! the (g-2)_mu band), as CSV tables and SVG line plots ([`crate::plot::line_plot_svg`]).

use std::fmt::Write as _;
use std::path::Path;

use super::background::{BackgroundCase, ResolutionFunction};
use super::gm2::{Gm2Discrepancy, coupling_band};
use super::kind_letter;
use super::reach::{ReachPoint, ReachResult};
use super::yields::YieldError;
use crate::histogram::{bin_centres, bin_widths};
use crate::plot::{PALETTE, Series, line_plot_svg};
use mfc_models::MediatorKind;

/// Header of `reach_{S,V}.csv`.
const REACH_HEADER: &str = "m_x_gev,sigma_z_pb,sigma_w_pb,n_acc_z_per_g2,n_acc_w_per_g2,g_up_z_caseA,g_up_z_caseB,g_up_zw_caseA,g_up_zw_caseB,g_gm2_2019_lo,g_gm2_2019_central,g_gm2_2019_hi,g_gm2_2021_lo,g_gm2_2021_central,g_gm2_2021_hi\n";

/// Masses (GeV) whose rho shapes Fig. 3 shows (the nearest scanned mass each).
const FIG3_MASSES: [f64; 3] = [0.016, 0.126, 1.0];

/// A (g-2) coupling band (lo, central, hi).
type Band = (f64, f64, f64);

/// m_X and its (g-2) bands of the 2019 and 2021 eras.
type Gm2Bands = (f64, [Band; 2]);

/// A plot line.
fn series(name: impl Into<String>, points: Vec<(f64, f64)>, k: usize, dashed: bool) -> Series {
    Series {
        name: name.into(),
        points,
        color: PALETTE[k],
        dashed,
    }
}

/// (bin centre, density) normalised to unit area: (1/N) dN/drho as in GKSST Fig. 3.
fn unit_shape(centres: &[f64], counts: &[f64], widths: &[f64]) -> Vec<(f64, f64)> {
    let total: f64 = counts.iter().sum();
    let norm = if total > 0.0 { 1.0 / total } else { 0.0 };
    centres
        .iter()
        .zip(counts)
        .zip(widths)
        .map(|((c, n), w)| (*c, norm * n / w))
        .collect()
}

/// Fig. 2 from the committed momentum densities (`p_lo,p_hi,z,w` per line).
///
/// # Errors
/// [`YieldError::Io`] if the committed table cannot be read.
fn fig2_momentum() -> Result<String, YieldError> {
    let path = crate::spectrum::momentum_csv_path();
    let csv = std::fs::read_to_string(&path).map_err(|e| YieldError::io("read", &path, e))?;
    let (mut z, mut w) = (Vec::new(), Vec::new());
    for line in csv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("p_lo"))
    {
        let v: Vec<f64> = line
            .split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect();
        if v.len() == 4 {
            let p = 0.5 * (v[0] + v[1]);
            z.push((p, v[2]));
            w.push((p, v[3]));
        }
    }
    Ok(line_plot_svg(
        "GKSST Fig. 2: incoming muon momentum (barrel, fiducial)",
        "p_in [GeV]",
        "P(p_in) [1/GeV]",
        false,
        false,
        &[series("Z", z, 0, false), series("W", w, 1, false)],
    ))
}

/// `reach_{kind}.csv` (one row per mass) and the (g-2) bands of its rows.
///
/// # Errors
/// g-2 errors.
fn reach_table(
    kind: MediatorKind,
    pts: &[&ReachPoint],
) -> Result<(String, Vec<Gm2Bands>), YieldError> {
    let mut t = String::from(REACH_HEADER);
    let mut gm = Vec::new();
    for p in pts {
        let b19 = coupling_band(kind, p.m_x, Gm2Discrepancy::ERA_2019)?;
        let b21 = coupling_band(kind, p.m_x, Gm2Discrepancy::ERA_2021)?;
        gm.push((p.m_x, [b19, b21]));
        let _ = write!(t, "{}", p.m_x);
        for v in p.sigma_pb.iter().chain(&p.n_accepted).chain(&p.g_up) {
            let _ = write!(t, ",{v:e}");
        }
        let _ = writeln!(
            t,
            ",{:e},{:e},{:e},{:e},{:e},{:e}",
            b19.0, b19.1, b19.2, b21.0, b21.1, b21.2
        );
    }
    Ok((t, gm))
}

/// `rho_{kind}.csv`: dN/drho per g^2 (Z and W muons) for every mass and the Z background
/// N_SM R(rho) of both cases.
fn rho_table(res: &ReachResult, pts: &[&ReachPoint], bkg: &[Vec<f64>; 2]) -> String {
    let widths = bin_widths(&res.edges);
    let mut t = String::from("rho_lo,rho_hi");
    for p in pts {
        let _ = write!(t, ",z_m{:.4},w_m{:.4}", p.m_x, p.m_x);
    }
    t += ",bkg_z_caseA,bkg_z_caseB\n";
    for (i, e) in res.edges.windows(2).enumerate() {
        let _ = write!(t, "{},{}", e[0], e[1]);
        for p in pts {
            let _ = write!(
                t,
                ",{:e},{:e}",
                p.rho_signal[0][i] / widths[i],
                p.rho_signal[1][i] / widths[i]
            );
        }
        let _ = writeln!(
            t,
            ",{:e},{:e}",
            bkg[0][i] / widths[i],
            bkg[1][i] / widths[i]
        );
    }
    t
}

/// Fig. 3: unit-normalised rho shapes of the Z-muon signal near [`FIG3_MASSES`] and of the
/// background (cases A and B).
fn fig3_rho(kn: &str, res: &ReachResult, pts: &[&ReachPoint], bkg: &[Vec<f64>; 2]) -> String {
    let centres = bin_centres(&res.edges);
    let widths = bin_widths(&res.edges);
    let mut ser = Vec::new();
    for (k, target) in FIG3_MASSES.iter().enumerate() {
        if let Some(p) = pts.iter().min_by(|a, b| {
            (a.m_x / target)
                .ln()
                .abs()
                .total_cmp(&(b.m_x / target).ln().abs())
        }) {
            let shape = unit_shape(&centres, &p.rho_signal[0], &widths);
            ser.push(series(
                format!("{kn} {:.0} MeV", 1e3 * p.m_x),
                shape,
                k,
                false,
            ));
        }
    }
    for (name, b, dashed) in [("bkg A", &bkg[0], false), ("bkg B", &bkg[1], true)] {
        ser.push(series(name, unit_shape(&centres, b, &widths), 7, dashed));
    }
    line_plot_svg(
        &format!("GKSST Fig. 3: rho shapes (Z muons), {kn} signal and background"),
        "rho = (p_out - p_in)/p_in",
        "(1/N) dN/drho",
        false,
        true,
        &ser,
    )
}

/// Fig. 4: g_up versus m_X (Z and Z+W, cases A and B) with the 2-sigma (g-2) bands; a band
/// is two lines, the second without a legend entry.
fn fig4_reach(kn: &str, pts: &[&ReachPoint], gm: &[Gm2Bands]) -> String {
    let col = |j: usize| pts.iter().map(|p| (p.m_x, p.g_up[j])).collect::<Vec<_>>();
    let mut ser = vec![
        series("Z, case A", col(0), 0, false),
        series("Z, case B", col(1), 0, true),
        series("Z+W, case A", col(2), 1, false),
        series("Z+W, case B", col(3), 1, true),
    ];
    let eras = [
        ("g-2 2019 (2 sigma)", 2, true),
        ("g-2 2021 (2 sigma)", 3, false),
    ];
    for (e, (name, k, dashed)) in eras.into_iter().enumerate() {
        let lo = gm.iter().map(|g| (g.0, g.1[e].0)).collect();
        let hi = gm.iter().map(|g| (g.0, g.1[e].2)).collect();
        ser.push(series(name, lo, k, dashed));
        ser.push(series("", hi, k, dashed));
    }
    line_plot_svg(
        &format!("GKSST Fig. 4: expected 95% CL on g_X ({kn})"),
        "m_X [GeV]",
        "g_X",
        true,
        true,
        &ser,
    )
}

/// Writes reach_{S,V}.csv, rho_{S,V}.csv, fig2_momentum.svg, fig3_rho_{S,V}.svg,
/// fig4_reach_{S,V}.svg into `dir`.
///
/// # Errors
/// I/O or g-2 errors.
pub fn write_outputs(res: &ReachResult, dir: &Path) -> Result<Vec<String>, YieldError> {
    std::fs::create_dir_all(dir).map_err(|e| YieldError::io("create the directory", dir, e))?;
    let mut written = Vec::new();
    let mut put = |name: &str, text: String| -> Result<(), YieldError> {
        let path = dir.join(name);
        mfcgen::io::output::write_atomic(&path, text.as_bytes())
            .map_err(|e| YieldError::io("write", &path, e))?;
        written.push(dir.join(name).display().to_string());
        Ok(())
    };
    put("fig2_momentum.svg", fig2_momentum()?)?;
    let bkg = [BackgroundCase::A, BackgroundCase::B]
        .map(|case| ResolutionFunction::gksst(case).expected_background(res.n_sm[0], &res.edges));
    for kind in [MediatorKind::Scalar, MediatorKind::Vector] {
        let pts: Vec<&ReachPoint> = res.points.iter().filter(|p| p.kind == kind).collect();
        if pts.is_empty() {
            continue;
        }
        let kn = kind_letter(kind);
        let (table, gm) = reach_table(kind, &pts)?;
        put(&format!("reach_{kn}.csv"), table)?;
        put(&format!("rho_{kn}.csv"), rho_table(res, &pts, &bkg))?;
        put(&format!("fig3_rho_{kn}.svg"), fig3_rho(kn, res, &pts, &bkg))?;
        put(&format!("fig4_reach_{kn}.svg"), fig4_reach(kn, &pts, &gm))?;
    }
    Ok(written)
}
