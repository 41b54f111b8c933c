//! Hand-written SVG plots (plain SVG 1.1, no dependency) and their shared primitives: the
//! linear pixel map `Axis`, "nice" tick steps, tick labels, XML escaping and one colour
//! palette.
//!
//! - [`comparison_svg`]: two histograms with a ratio panel (the `compare` plots);
//! - [`line_plot_svg`]: lines on linear or log axes (the analysis figures, GKSST Figs. 2-4, and
//!   the `spectrum` plot).

mod lines;
mod ratio;

pub use lines::{Series, line_plot_svg};
pub use ratio::{PlotSpec, comparison_svg};

/// Line colours (the matplotlib "tab10" order, grey last).
pub const PALETTE: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f",
];

/// Escapes XML special characters.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `n` ticks on `span`.
pub(crate) fn nice_step(span: f64, n: f64) -> f64 {
    let raw = span / n;
    let p = 10f64.powf(raw.log10().floor());
    let m = raw / p;
    let f = [(1.5, 1.0), (3.5, 2.0), (7.5, 5.0)]
        .into_iter()
        .find(|(limit, _)| m < *limit)
        .map_or(10.0, |(_, f)| f);
    f * p
}

pub(crate) fn fmt_tick(v: f64, step: f64) -> String {
    let digits = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil() as usize
    };
    let s = format!("{v:.digits$}");
    if s == "-0" { "0".into() } else { s }
}

/// Linear map of [a, b] onto [pa, pb] (pixels).
#[derive(Clone, Copy)]
pub(crate) struct Axis {
    a: f64,
    b: f64,
    pa: f64,
    pb: f64,
}

impl Axis {
    /// The map taking data value `a` to pixel `pa` and `b` to `pb`.
    pub fn new(a: f64, b: f64, pa: f64, pb: f64) -> Self {
        Self { a, b, pa, pb }
    }

    /// The pixel of data value `v`.
    pub fn px(&self, v: f64) -> f64 {
        self.pa + (v - self.a) / (self.b - self.a) * (self.pb - self.pa)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert!((nice_step(1.0, 8.0) - 0.1).abs() < 1e-12);
        assert!((nice_step(7.0, 8.0) - 1.0).abs() < 1e-12);
        assert!((nice_step(0.3, 6.0) - 0.05).abs() < 1e-12);
        assert_eq!(fmt_tick(-0.0, 1.0), "0");
    }
}
