//! Two histograms with a ratio panel (the `compare` plots).
//!
//! Top panel: both distributions as d sigma / d(variable) (content over bin width) on a log
//! y axis, A with its statistical error bars, B as a line (with error bars when it has any);
//! bottom panel: A/B with errors and a dashed line at 1. Axis labels with units, a legend and
//! a title naming the process. Plain SVG 1.1, no dependency (renders in browsers, Inkscape
//! and LaTeX via `svg`).

use super::{Axis, PALETTE, esc, fmt_tick, nice_step};
use crate::histogram::Histogram1D;
use std::fmt::Write as _;

/// Texts of a plot.
#[derive(Debug, Clone, Default)]
pub struct PlotSpec {
    /// Title (the process).
    pub title: String,
    /// Second title line (e.g. chi2/ndf).
    pub subtitle: String,
    /// x-axis label with units.
    pub x_label: String,
    /// y-axis label of the top panel with units.
    pub y_label: String,
    /// Legend entry of A.
    pub a_label: String,
    /// Legend entry of B.
    pub b_label: String,
    /// y-axis label of the ratio panel.
    pub ratio_label: String,
}

const W: f64 = 820.0;
const H: f64 = 660.0;
const LEFT: f64 = 100.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 78.0;
const TOP_H: f64 = 380.0;
const GAP: f64 = 12.0;
const RATIO_H: f64 = 120.0;
const COLOR_A: &str = "#000000";
const COLOR_B: &str = PALETTE[1];
/// Lowest decade shown below the maximum of the top panel.
const MAX_DECADES: f64 = 8.0;

/// Step path of `values` over `edges` (skipping non-finite values) as SVG path data.
fn step_path(edges: &[f64], values: &[f64], xa: Axis, ya: &dyn Fn(f64) -> Option<f64>) -> String {
    let mut d = String::new();
    let mut open = false;
    for (i, v) in values.iter().enumerate() {
        match ya(*v) {
            Some(y) => {
                let (x0, x1) = (xa.px(edges[i]), xa.px(edges[i + 1]));
                if open {
                    let _ = write!(d, " L{x0:.2},{y:.2}");
                } else {
                    let _ = write!(d, " M{x0:.2},{y:.2}");
                }
                let _ = write!(d, " L{x1:.2},{y:.2}");
                open = true;
            }
            None => open = false,
        }
    }
    d
}

/// Error bars (vertical lines at the bin centres) as SVG path data.
fn error_bars(
    edges: &[f64],
    values: &[f64],
    errors: &[f64],
    xa: Axis,
    ya: &dyn Fn(f64) -> Option<f64>,
    clamp: (f64, f64),
) -> String {
    let mut d = String::new();
    for i in 0..values.len() {
        let (v, e) = (values[i], errors[i]);
        if !(v.is_finite() && e.is_finite() && e > 0.0) {
            continue;
        }
        let lo = (v - e).max(clamp.0);
        let hi = (v + e).min(clamp.1);
        if let (Some(y0), Some(y1)) = (ya(lo), ya(hi)) {
            let x = xa.px(0.5 * (edges[i] + edges[i + 1]));
            let _ = write!(d, " M{x:.2},{y0:.2} L{x:.2},{y1:.2}");
        }
    }
    d
}

/// The SVG document comparing `a` and `b` (same edges; contents per bin).
#[must_use]
pub fn comparison_svg(a: &Histogram1D, b: &Histogram1D, spec: &PlotSpec) -> String {
    let edges = a.edges();
    let (da, ea) = a.density();
    let (db, eb) = b.density();
    let ratio: Vec<(f64, f64)> = a.ratio(b).unwrap_or_default();

    // ---- axes ranges
    let (x0, x1) = (edges[0], edges[edges.len() - 1]);
    let xa = Axis::new(x0, x1, LEFT, W - RIGHT);
    let ymax = da
        .iter()
        .zip(&ea)
        .chain(db.iter().zip(&eb))
        .map(|(v, e)| v + e)
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold(f64::NAN, f64::max);
    let ymin = da
        .iter()
        .chain(&db)
        .copied()
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold(f64::NAN, f64::min);
    let (dec_hi, dec_lo) = if ymax.is_finite() && ymin.is_finite() {
        // headroom of ~ 0.6 decades for the legend
        let hi = (ymax.log10() + 0.6).ceil();
        let lo = ymin.log10().floor().max(hi - MAX_DECADES).min(hi - 1.0);
        (hi, lo)
    } else {
        (1.0, 0.0)
    };
    let ly = Axis::new(dec_lo, dec_hi, TOP + TOP_H, TOP);
    let logy = move |v: f64| -> Option<f64> {
        (v.is_finite() && v > 0.0).then(|| ly.px(v.log10().max(dec_lo - 0.5)).min(TOP + TOP_H))
    };
    // ratio range: all central values and 1, padded by 10 % (error bars are clipped)
    let (r_lo, r_hi) = ratio
        .iter()
        .map(|r| r.0)
        .filter(|r| r.is_finite())
        .fold((1.0_f64, 1.0_f64), |(l, h), r| (l.min(r), h.max(r)));
    let pad = 0.1 * (r_hi - r_lo).max(0.2);
    let (r_lo, r_hi) = ((r_lo - pad).max(0.0), r_hi + pad);
    let ry_top = TOP + TOP_H + GAP;
    let ra = Axis::new(r_lo, r_hi, ry_top + RATIO_H, ry_top);
    let liny = move |v: f64| -> Option<f64> { v.is_finite().then(|| ra.px(v.clamp(r_lo, r_hi))) };

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="Helvetica, Arial, sans-serif" font-size="13">"#
    );
    let _ = writeln!(s, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="26" text-anchor="middle" font-size="16" font-weight="bold">{}</text>"#,
        W / 2.0,
        esc(&spec.title)
    );
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="48" text-anchor="middle" font-size="13" fill="#444444">{}</text>"##,
        W / 2.0,
        esc(&spec.subtitle)
    );
    // frames
    for (y, h) in [(TOP, TOP_H), (ry_top, RATIO_H)] {
        let _ = writeln!(
            s,
            r#"<rect x="{LEFT}" y="{y}" width="{:.1}" height="{h}" fill="none" stroke="black"/>"#,
            W - LEFT - RIGHT
        );
    }
    // x ticks (labels under the ratio panel, ticks on both)
    let xs = nice_step(x1 - x0, 8.0);
    let mut t = (x0 / xs).ceil() * xs;
    while t <= x1 + 1e-9 * xs {
        let px = xa.px(t);
        for (y, h) in [(TOP, TOP_H), (ry_top, RATIO_H)] {
            let _ = writeln!(
                s,
                r#"<line x1="{px:.2}" y1="{:.2}" x2="{px:.2}" y2="{:.2}" stroke="black"/><line x1="{px:.2}" y1="{y:.2}" x2="{px:.2}" y2="{:.2}" stroke="black"/>"#,
                y + h,
                y + h - 6.0,
                y + 6.0
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{px:.2}" y="{:.2}" text-anchor="middle">{}</text>"#,
            ry_top + RATIO_H + 18.0,
            fmt_tick(t, xs)
        );
        t += xs;
    }
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="14">{}</text>"#,
        W - RIGHT,
        ry_top + RATIO_H + 42.0,
        esc(&spec.x_label)
    );
    // log y ticks: decades labelled 10^n, minor ticks at 2..9
    let step = if dec_hi - dec_lo > 6.0 { 2 } else { 1 };
    for k in (dec_lo as i64)..=(dec_hi as i64) {
        let py = ly.px(k as f64);
        let _ = writeln!(
            s,
            r#"<line x1="{LEFT}" y1="{py:.2}" x2="{:.2}" y2="{py:.2}" stroke="black"/>"#,
            LEFT + 8.0
        );
        if (dec_hi as i64 - k) % step == 0 {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.2}" text-anchor="end">10<tspan dy="-6" font-size="10">{k}</tspan></text>"#,
                LEFT - 6.0,
                py + 4.0
            );
        }
        if (k as f64) < dec_hi {
            for m in 2..10 {
                let pm = ly.px(k as f64 + f64::from(m).log10());
                let _ = writeln!(
                    s,
                    r#"<line x1="{LEFT}" y1="{pm:.2}" x2="{:.2}" y2="{pm:.2}" stroke="black"/>"#,
                    LEFT + 4.0
                );
            }
        }
    }
    let _ = writeln!(
        s,
        r#"<text transform="translate(24,{:.1}) rotate(-90)" text-anchor="middle" font-size="14">{}</text>"#,
        TOP + TOP_H / 2.0,
        esc(&spec.y_label)
    );
    // ratio ticks
    let rs = nice_step(r_hi - r_lo, 4.0);
    let mut t = (r_lo / rs).ceil() * rs;
    while t <= r_hi + 1e-9 * rs {
        let py = ra.px(t);
        let _ = writeln!(
            s,
            r#"<line x1="{LEFT}" y1="{py:.2}" x2="{:.2}" y2="{py:.2}" stroke="black"/><text x="{:.1}" y="{:.2}" text-anchor="end">{}</text>"#,
            LEFT + 6.0,
            LEFT - 6.0,
            py + 4.0,
            fmt_tick(t, rs)
        );
        t += rs;
    }
    let _ = writeln!(
        s,
        r#"<text transform="translate(24,{:.1}) rotate(-90)" text-anchor="middle" font-size="14">{}</text>"#,
        ry_top + RATIO_H / 2.0,
        esc(&spec.ratio_label)
    );
    if (r_lo..=r_hi).contains(&1.0) {
        let py = ra.px(1.0);
        let _ = writeln!(
            s,
            r#"<line x1="{LEFT}" y1="{py:.2}" x2="{:.2}" y2="{py:.2}" stroke="{COLOR_B}" stroke-dasharray="6,4"/>"#,
            W - RIGHT
        );
    }
    // data, clipped to the panels
    let _ = writeln!(
        s,
        r#"<defs><clipPath id="top"><rect x="{LEFT}" y="{TOP}" width="{:.1}" height="{TOP_H}"/></clipPath><clipPath id="ratio"><rect x="{LEFT}" y="{ry_top}" width="{:.1}" height="{RATIO_H}"/></clipPath></defs>"#,
        W - LEFT - RIGHT,
        W - LEFT - RIGHT
    );
    let big = (f64::MIN_POSITIVE, f64::INFINITY);
    let _ = writeln!(
        s,
        r#"<g clip-path="url(#top)" fill="none"><path d="{}" stroke="{COLOR_B}" stroke-width="2"/><path d="{}" stroke="{COLOR_B}" stroke-width="1"/><path d="{}" stroke="{COLOR_A}" stroke-width="1.5"/><path d="{}" stroke="{COLOR_A}" stroke-width="1.2"/></g>"#,
        step_path(edges, &db, xa, &logy),
        error_bars(edges, &db, &eb, xa, &logy, big),
        step_path(edges, &da, xa, &logy),
        error_bars(edges, &da, &ea, xa, &logy, big),
    );
    let rv: Vec<f64> = ratio.iter().map(|r| r.0).collect();
    let re: Vec<f64> = ratio.iter().map(|r| r.1).collect();
    let mut marks = String::new();
    for (i, v) in rv.iter().enumerate() {
        if let Some(py) = liny(*v) {
            let px = xa.px(0.5 * (edges[i] + edges[i + 1]));
            let _ = write!(
                marks,
                r#"<circle cx="{px:.2}" cy="{py:.2}" r="2.5" fill="{COLOR_A}"/>"#
            );
        }
    }
    let _ = writeln!(
        s,
        r#"<g clip-path="url(#ratio)" fill="none"><path d="{}" stroke="{COLOR_A}" stroke-width="1.2"/>{marks}</g>"#,
        error_bars(edges, &rv, &re, xa, &liny, (r_lo, r_hi)),
    );
    // legend
    let lx = W - RIGHT - 290.0;
    let ly0 = TOP + 14.0;
    let _ = writeln!(
        s,
        r##"<rect x="{:.1}" y="{:.1}" width="280" height="48" fill="white" fill-opacity="0.85" stroke="#888888"/>"##,
        lx - 6.0,
        ly0 - 10.0
    );
    for (k, (label, color, width)) in [(&spec.a_label, COLOR_A, 1.5), (&spec.b_label, COLOR_B, 2.0)]
        .into_iter()
        .enumerate()
    {
        let y = ly0 + 6.0 + 20.0 * k as f64;
        let _ = writeln!(
            s,
            r#"<line x1="{lx:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{color}" stroke-width="{width}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            lx + 28.0,
            lx + 36.0,
            y + 4.5,
            esc(label)
        );
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_panels_labels_and_escapes() {
        let mut a = Histogram1D::uniform(10, 0.0, 1.0).unwrap();
        let mut b = a.clone();
        for i in 0..100 {
            let x = f64::from(i) / 100.0;
            a.fill(x, 1.0 + x);
            b.fill(x, 1.0);
        }
        let spec = PlotSpec {
            title: "μ⁻ Cu → μ⁻ Cu V".into(),
            subtitle: "chi2 <1 & ok".into(),
            x_label: "x = E_X / E_beam".into(),
            y_label: "dσ/dx [pb]".into(),
            a_label: "A".into(),
            b_label: "B".into(),
            ratio_label: "A / B".into(),
        };
        let svg = comparison_svg(&a, &b, &spec);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("dσ/dx [pb]") && svg.contains("x = E_X / E_beam"));
        assert!(svg.contains("chi2 &lt;1 &amp; ok"));
        assert_eq!(svg.matches("clipPath id=").count(), 2);
        assert!(!svg.contains("NaN"));
    }
}
