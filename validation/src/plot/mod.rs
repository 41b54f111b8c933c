//! Hand-written SVG plots.

mod ratio;

pub use ratio::{PlotSpec, comparison_svg};
