//! Line plots on linear or log axes: the analysis figures (GKSST Figs. 2-4) and the incoming
//! muon spectrum.

use super::{Axis, esc};
use std::fmt::Write as _;

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

/// Tick label of a (log10 if `log`) axis value.
fn tick_label(v: f64, log: bool) -> String {
    if log {
        format!("{:.1e}", 10f64.powf(v))
    } else {
        format!("{v:.3}")
    }
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
    let (xa, ya) = (Axis::new(x0, x1, l, w - r), Axis::new(y0, y1, h - b, t));
    let (px, py) = (|x: f64| xa.px(x), |y: f64| ya.px(y));
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        s,
        r#"<rect width="100%" height="100%" fill="white"/><text x="{}" y="20" font-size="14">{}</text>"#,
        l,
        esc(title)
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
        let (lx, ly) = (tick_label(fx, logx), tick_label(fy, logy));
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
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
        l + (w - l - r) / 2.0,
        h - 15.0,
        esc(xl)
    );
    let _ = writeln!(
        s,
        r#"<text x="15" y="{:.1}" transform="rotate(-90 15 {:.1})" text-anchor="middle">{}</text>"#,
        t + (h - t - b) / 2.0,
        t + (h - t - b) / 2.0,
        esc(yl)
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
            esc(&se.name)
        );
    }
    s.push_str("</svg>\n");
    s
}
