//! Expected 95% CL reach on g_X versus m_X (GKSST Sec. IV.D, Fig. 4), with the rho spectra
//! (Fig. 3) and the incoming-muon momentum spectra (Fig. 2).
//!
//! Per mass point: one folded integration per boson (Z, W) at g = 1, one weighted sample for the
//! rho histogram ([`super::signal::rho_yields`]); background per bin N_SM x Integral R(rho)
//! (GKSST Eqs. (9)-(10), [`super::background`]); expected upper limit on mu = g^2 from the
//! binned Poisson likelihood on the Asimov background-only data set (median expected CLs with
//! the CCGV q~_mu, exact Poisson CLs for low-count bins: [`super::limits`]); g_up = sqrt(mu_up).
//! Z + W adds signals and backgrounds bin by bin.

use std::fmt::Write as _;
use std::path::Path;

use super::background::{BackgroundCase, ResolutionFunction};
use super::gm2::{Gm2Discrepancy, coupling_band};
use super::limits::{LimitConfig, coupling_upper_limit, expected_upper_limit};
use super::signal::{SignalConfig, rho_yields, uniform_edges};
use super::yields::{YieldConfig, YieldError, committed_beam, folded_cross_section};
use crate::spectrum::Process as Boson;
use mfc_models::MediatorKind;

/// Setup of a reach scan.
#[derive(Debug, Clone)]
pub struct ReachConfig {
    /// Masses in GeV.
    pub masses: Vec<f64>,
    /// Mediators.
    pub kinds: Vec<MediatorKind>,
    /// Luminosity, target, precision.
    pub yields: YieldConfig,
    /// Signal sampling and selection.
    pub signal: SignalConfig,
    /// rho bin edges.
    pub edges: Vec<f64>,
    /// Limit settings.
    pub limit: LimitConfig,
}

/// n log-spaced values from lo to hi.
#[must_use]
pub fn log_space(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let n = n.max(2);
    (0..n)
        .map(|i| lo * (hi / lo).powf(i as f64 / (n - 1) as f64))
        .collect()
}

impl Default for ReachConfig {
    /// 25 masses 1 MeV..3 GeV, S and V, precision 2e-2, 2e5 points, 60 rho bins on [-1.2, 0.6].
    fn default() -> Self {
        Self {
            masses: log_space(1e-3, 3.0, 25),
            kinds: vec![MediatorKind::Scalar, MediatorKind::Vector],
            yields: YieldConfig {
                precision: 2e-2,
                ..YieldConfig::default()
            },
            signal: SignalConfig::default(),
            edges: uniform_edges(60, -1.2, 0.6),
            limit: LimitConfig::default(),
        }
    }
}

/// Result at one (mediator, mass).
#[derive(Debug, Clone)]
pub struct ReachPoint {
    /// Mediator.
    pub kind: MediatorKind,
    /// m_X (GeV).
    pub m_x: f64,
    /// Folded sigma (pb, g = 1) for Z and W muons.
    pub sigma_pb: [f64; 2],
    /// Accepted (angle cut) N_X/g^2 for Z and W.
    pub n_accepted: [f64; 2],
    /// Signal per rho bin per g^2 for Z and W.
    pub rho_signal: [Vec<f64>; 2],
    /// g_up: [Z only A, Z only B, Z+W A, Z+W B].
    pub g_up: [f64; 4],
}

/// Full scan result.
#[derive(Debug, Clone)]
pub struct ReachResult {
    /// rho edges.
    pub edges: Vec<f64>,
    /// N_SM for Z and W.
    pub n_sm: [f64; 2],
    /// Points.
    pub points: Vec<ReachPoint>,
}

fn limit(s: &[f64], b: &[f64], cfg: &LimitConfig) -> Result<f64, YieldError> {
    // bins without signal do not constrain and are dropped
    let (ss, bb): (Vec<f64>, Vec<f64>) = s
        .iter()
        .zip(b)
        .filter(|(s, _)| **s > 0.0)
        .map(|(s, b)| (*s, *b))
        .unzip();
    if ss.is_empty() {
        return Ok(f64::INFINITY);
    }
    let r = expected_upper_limit(&ss, &bb, cfg)?;
    Ok(coupling_upper_limit(r.mu_up, 1.0))
}

/// Runs the scan.
///
/// # Errors
/// Spectrum, integration or limit errors.
pub fn scan(cfg: &ReachConfig) -> Result<ReachResult, YieldError> {
    let beams = [committed_beam(Boson::Z)?, committed_beam(Boson::W)?];
    let bosons = [Boson::Z, Boson::W];
    let l_ft = [
        cfg.yields.luminosity_inv_nb(Boson::Z)?,
        cfg.yields.luminosity_inv_nb(Boson::W)?,
    ];
    let n_sm = [cfg.yields.n_sm(Boson::Z), cfg.yields.n_sm(Boson::W)];
    let bkg =
        |case, i: usize| ResolutionFunction::gksst(case).expected_background(n_sm[i], &cfg.edges);
    let b_a = [bkg(BackgroundCase::A, 0), bkg(BackgroundCase::A, 1)];
    let b_b = [bkg(BackgroundCase::B, 0), bkg(BackgroundCase::B, 1)];
    let add = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x + y).collect::<Vec<f64>>();
    let mut points = Vec::new();
    for &kind in &cfg.kinds {
        for &m in &cfg.masses {
            let mut sigma = [0.0; 2];
            let mut nacc = [0.0; 2];
            let mut hs: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
            for i in 0..2 {
                let (s, _, f, v) = folded_cross_section(kind, m, &beams[i], &cfg.yields)?;
                let _ = bosons[i];
                let (h, frac) = rho_yields(&f, &v.frozen(), l_ft[i], &cfg.edges, &cfg.signal);
                sigma[i] = s;
                nacc[i] = frac * s * l_ft[i] * 1e-3;
                hs[i] = h;
            }
            let szw = add(&hs[0], &hs[1]);
            let g_up = [
                limit(&hs[0], &b_a[0], &cfg.limit)?,
                limit(&hs[0], &b_b[0], &cfg.limit)?,
                limit(&szw, &add(&b_a[0], &b_a[1]), &cfg.limit)?,
                limit(&szw, &add(&b_b[0], &b_b[1]), &cfg.limit)?,
            ];
            points.push(ReachPoint {
                kind,
                m_x: m,
                sigma_pb: sigma,
                n_accepted: nacc,
                rho_signal: hs,
                g_up,
            });
        }
    }
    Ok(ReachResult {
        edges: cfg.edges.clone(),
        n_sm,
        points,
    })
}

fn kind_name(k: MediatorKind) -> &'static str {
    match k {
        MediatorKind::Scalar => "S",
        MediatorKind::Vector => "V",
        MediatorKind::Pseudoscalar => "P",
        MediatorKind::Axial => "A",
    }
}

/// One line of a plot.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend.
    pub name: String,
    /// Points (x, y); non-positive values are skipped on log axes.
    pub points: Vec<(f64, f64)>,
    /// SVG colour.
    pub color: &'static str,
    /// Dashed line.
    pub dashed: bool,
}

/// A minimal line-plot SVG (log or linear axes), self-contained.
#[must_use]
pub fn line_plot_svg(
    title: &str,
    xl: &str,
    yl: &str,
    logx: bool,
    logy: bool,
    series: &[Series],
) -> String {
    let (w, h, l, r, t, b) = (720.0, 480.0, 80.0, 200.0, 40.0, 60.0);
    let tx = |v: f64| if logx { v.log10() } else { v };
    let ty = |v: f64| if logy { v.log10() } else { v };
    let ok = |(x, y): &(f64, f64)| {
        x.is_finite() && y.is_finite() && (!logx || *x > 0.0) && (!logy || *y > 0.0)
    };
    let pts: Vec<(f64, f64)> = series
        .iter()
        .flat_map(|s| {
            s.points
                .iter()
                .filter(|p| ok(p))
                .map(|p| (tx(p.0), ty(p.1)))
        })
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (x, y) in &pts {
        x0 = x0.min(*x);
        x1 = x1.max(*x);
        y0 = y0.min(*y);
        y1 = y1.max(*y);
    }
    if pts.is_empty() || x1 <= x0 {
        (x0, x1) = (0.0, 1.0);
    }
    if logy && y1 - y0 > 6.0 {
        // a log axis shows six decades below the largest value (Gaussian tails go to 1e-80)
        y0 = y1 - 6.0;
    }
    if pts.is_empty() || y1 <= y0 {
        (y0, y1) = (y0.min(0.0), y0.max(0.0) + 1.0);
    }
    let px = |x: f64| l + (x - x0) / (x1 - x0) * (w - l - r);
    let py = |y: f64| h - b - (y - y0) / (y1 - y0) * (h - t - b);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        s,
        r#"<rect width="100%" height="100%" fill="white"/><text x="{}" y="20" font-size="14">{title}</text>"#,
        l
    );
    let _ = writeln!(
        s,
        r#"<rect x="{l}" y="{t}" width="{}" height="{}" fill="none" stroke="black"/>"#,
        w - l - r,
        h - t - b
    );
    for i in 0..=5 {
        let fx = x0 + (x1 - x0) * f64::from(i) / 5.0;
        let fy = y0 + (y1 - y0) * f64::from(i) / 5.0;
        let lx = if logx {
            format!("{:.1e}", 10f64.powf(fx))
        } else {
            format!("{fx:.3}")
        };
        let ly = if logy {
            format!("{:.1e}", 10f64.powf(fy))
        } else {
            format!("{fy:.3}")
        };
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{lx}</text>"#,
            px(fx),
            h - b + 18.0
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{ly}</text>"#,
            l - 4.0,
            py(fy) + 4.0
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{xl}</text>"#,
        l + (w - l - r) / 2.0,
        h - 15.0
    );
    let _ = writeln!(
        s,
        r#"<text x="15" y="{:.1}" transform="rotate(-90 15 {:.1})" text-anchor="middle">{yl}</text>"#,
        t + (h - t - b) / 2.0,
        t + (h - t - b) / 2.0
    );
    let mut k = 0usize;
    for se in series {
        let d: Vec<String> = se
            .points
            .iter()
            .filter(|p| ok(p))
            .map(|p| format!("{:.2},{:.2}", px(tx(p.0)), py(ty(p.1).max(y0))))
            .collect();
        let dash = if se.dashed {
            r#" stroke-dasharray="6,4""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r#"<polyline fill="none" stroke="{}" stroke-width="1.8"{dash} points="{}"/>"#,
            se.color,
            d.join(" ")
        );
        if se.name.is_empty() {
            // a second line of the same legend entry (e.g. the other edge of a band)
            continue;
        }
        let ly = t + 15.0 + 18.0 * k as f64;
        k += 1;
        let _ = writeln!(
            s,
            r#"<line x1="{}" y1="{ly}" x2="{}" y2="{ly}" stroke="{}"{dash} stroke-width="2"/><text x="{}" y="{}">{}</text>"#,
            w - r + 8.0,
            w - r + 30.0,
            se.color,
            w - r + 34.0,
            ly + 4.0,
            se.name
        );
    }
    s.push_str("</svg>\n");
    s
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

const COLORS: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f",
];

/// Writes reach_{S,V}.csv, rho_{S,V}.csv, fig2_momentum.svg, fig3_rho_{S,V}.svg,
/// fig4_reach_{S,V}.svg into `dir`.
///
/// # Errors
/// I/O or g-2 errors.
pub fn write_outputs(res: &ReachResult, dir: &Path) -> Result<Vec<String>, YieldError> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut put = |name: &str, text: String| -> Result<(), YieldError> {
        mfcgen::output::write_atomic(&dir.join(name), text.as_bytes())?;
        written.push(dir.join(name).display().to_string());
        Ok(())
    };
    // Fig. 2 from the committed momentum densities
    let csv = std::fs::read_to_string(crate::spectrum::momentum_csv_path())?;
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
    put(
        "fig2_momentum.svg",
        line_plot_svg(
            "GKSST Fig. 2: incoming muon momentum (barrel, fiducial)",
            "p_in [GeV]",
            "P(p_in) [1/GeV]",
            false,
            false,
            &[
                Series {
                    name: "Z".into(),
                    points: z,
                    color: COLORS[0],
                    dashed: false,
                },
                Series {
                    name: "W".into(),
                    points: w,
                    color: COLORS[1],
                    dashed: false,
                },
            ],
        ),
    )?;
    let centres: Vec<f64> = res.edges.windows(2).map(|e| 0.5 * (e[0] + e[1])).collect();
    let widths: Vec<f64> = res.edges.windows(2).map(|e| e[1] - e[0]).collect();
    for kind in [MediatorKind::Scalar, MediatorKind::Vector] {
        let pts: Vec<&ReachPoint> = res.points.iter().filter(|p| p.kind == kind).collect();
        if pts.is_empty() {
            continue;
        }
        let kn = kind_name(kind);
        let mut t = String::from(
            "m_x_gev,sigma_z_pb,sigma_w_pb,n_acc_z_per_g2,n_acc_w_per_g2,g_up_z_caseA,g_up_z_caseB,g_up_zw_caseA,g_up_zw_caseB,g_gm2_2019_lo,g_gm2_2019_central,g_gm2_2019_hi,g_gm2_2021_lo,g_gm2_2021_central,g_gm2_2021_hi\n",
        );
        let mut gm = Vec::new();
        for p in &pts {
            let b19 = coupling_band(kind, p.m_x, Gm2Discrepancy::ERA_2019)?;
            let b21 = coupling_band(kind, p.m_x, Gm2Discrepancy::ERA_2021)?;
            gm.push((p.m_x, b19, b21));
            let _ = writeln!(
                t,
                "{},{:e},{:e},{:e},{:e},{:e},{:e},{:e},{:e},{:e},{:e},{:e},{:e},{:e},{:e}",
                p.m_x,
                p.sigma_pb[0],
                p.sigma_pb[1],
                p.n_accepted[0],
                p.n_accepted[1],
                p.g_up[0],
                p.g_up[1],
                p.g_up[2],
                p.g_up[3],
                b19.0,
                b19.1,
                b19.2,
                b21.0,
                b21.1,
                b21.2
            );
        }
        put(&format!("reach_{kn}.csv"), t)?;
        // rho table and Fig. 3 (Z muons): dN/drho per g^2 for all masses, background x N_SM
        let mut t = String::from("rho_lo,rho_hi");
        for p in &pts {
            let _ = write!(t, ",z_m{:.4},w_m{:.4}", p.m_x, p.m_x);
        }
        t += ",bkg_z_caseA,bkg_z_caseB\n";
        let ba = ResolutionFunction::gksst(BackgroundCase::A)
            .expected_background(res.n_sm[0], &res.edges);
        let bb = ResolutionFunction::gksst(BackgroundCase::B)
            .expected_background(res.n_sm[0], &res.edges);
        for (i, e) in res.edges.windows(2).enumerate() {
            let _ = write!(t, "{},{}", e[0], e[1]);
            for p in &pts {
                let _ = write!(
                    t,
                    ",{:e},{:e}",
                    p.rho_signal[0][i] / widths[i],
                    p.rho_signal[1][i] / widths[i]
                );
            }
            let _ = writeln!(t, ",{:e},{:e}", ba[i] / widths[i], bb[i] / widths[i]);
        }
        put(&format!("rho_{kn}.csv"), t)?;
        let mut ser = Vec::new();
        for (k, target) in [0.016, 0.126, 1.0].iter().enumerate() {
            if let Some(p) = pts.iter().min_by(|a, b| {
                (a.m_x / target)
                    .ln()
                    .abs()
                    .total_cmp(&(b.m_x / target).ln().abs())
            }) {
                ser.push(Series {
                    name: format!("{kn} {:.0} MeV", 1e3 * p.m_x),
                    points: unit_shape(&centres, &p.rho_signal[0], &widths),
                    color: COLORS[k],
                    dashed: false,
                });
            }
        }
        ser.push(Series {
            name: "bkg A".into(),
            points: unit_shape(&centres, &ba, &widths),
            color: COLORS[7],
            dashed: false,
        });
        ser.push(Series {
            name: "bkg B".into(),
            points: unit_shape(&centres, &bb, &widths),
            color: COLORS[7],
            dashed: true,
        });
        put(
            &format!("fig3_rho_{kn}.svg"),
            line_plot_svg(
                &format!("GKSST Fig. 3: rho shapes (Z muons), {kn} signal and background"),
                "rho = (p_out - p_in)/p_in",
                "(1/N) dN/drho",
                false,
                true,
                &ser,
            ),
        )?;
        let col = |j: usize| pts.iter().map(|p| (p.m_x, p.g_up[j])).collect::<Vec<_>>();
        let ser = vec![
            Series {
                name: "Z, case A".into(),
                points: col(0),
                color: COLORS[0],
                dashed: false,
            },
            Series {
                name: "Z, case B".into(),
                points: col(1),
                color: COLORS[0],
                dashed: true,
            },
            Series {
                name: "Z+W, case A".into(),
                points: col(2),
                color: COLORS[1],
                dashed: false,
            },
            Series {
                name: "Z+W, case B".into(),
                points: col(3),
                color: COLORS[1],
                dashed: true,
            },
            Series {
                name: "g-2 2019 (2 sigma)".into(),
                points: gm.iter().map(|g| (g.0, g.1.0)).collect(),
                color: COLORS[2],
                dashed: true,
            },
            Series {
                name: "".into(),
                points: gm.iter().map(|g| (g.0, g.1.2)).collect(),
                color: COLORS[2],
                dashed: true,
            },
            Series {
                name: "g-2 2021 (2 sigma)".into(),
                points: gm.iter().map(|g| (g.0, g.2.0)).collect(),
                color: COLORS[3],
                dashed: false,
            },
            Series {
                name: "".into(),
                points: gm.iter().map(|g| (g.0, g.2.2)).collect(),
                color: COLORS[3],
                dashed: false,
            },
        ];
        put(
            &format!("fig4_reach_{kn}.svg"),
            line_plot_svg(
                &format!("GKSST Fig. 4: expected 95% CL on g_X ({kn})"),
                "m_X [GeV]",
                "g_X",
                true,
                true,
                &ser,
            ),
        )?;
    }
    Ok(written)
}
