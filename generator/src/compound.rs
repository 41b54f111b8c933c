//! Per-event choice of the struck nucleus and of the interaction depth in a compound thick
//! target (docs/physics.md Sec. 9), from a [`ThickTargetYield`].
//!
//! An event is on element i with probability P_i = X_i / X, X_i = integral n_i sigma_i(E(x)) dx
//! its share of the expected X per muon (n_i sigma_i / sum_j n_j sigma_j for a thin target).
//! Given i, the depth follows the density n_i sigma_i(E(x)) on [0, L] (inverse of its
//! cumulative, piecewise linear in x between the profile's depths, the same trapezoid rule as
//! the yield), and the muon's energy there is the profile's E(x). Random numbers come only from
//! [`crate::rng::stream`] with [`Phase::CompoundSampling`] and batch = event index, so a draw
//! depends on (seed, event) and on nothing else (thread count included).
//!
//! Not yet wired into `mfcgen generate` (that would generate each event from its element's own
//! integration at the sampled energy; see the branch report).

use crate::rng::{Phase, stream, uniform01};
use crate::thick_target::{ThickTargetYield, interpolate};

/// One draw: which element, where, at which energy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interaction {
    /// Index into [`ThickTargetYield::elements`].
    pub element: usize,
    /// Depth in cm, in [0, L].
    pub depth_cm: f64,
    /// Mean muon energy (GeV) at that depth.
    pub energy_gev: f64,
}

/// Samples [`Interaction`]s of a thick-target yield.
#[derive(Debug, Clone)]
pub struct CompoundSampler {
    /// Cumulative element probabilities (last = 1).
    element_cdf: Vec<f64>,
    /// Per element: cumulative of n_i sigma_i(E(x)) at the profile depths, normalised to 1.
    depth_cdf: Vec<Vec<f64>>,
    /// Depth step (cm).
    dx: f64,
    /// Energies at the depths.
    profile: Vec<f64>,
}

impl CompoundSampler {
    /// The sampler of `y`; `None` if the yield is zero (nothing to sample).
    #[must_use]
    pub fn new(y: &ThickTargetYield) -> Option<Self> {
        if !(y.x_per_muon > 0.0) || y.profile.len() < 2 {
            return None;
        }
        let mut acc = 0.0;
        let element_cdf = y
            .elements
            .iter()
            .map(|e| {
                acc += e.x_per_muon / y.x_per_muon;
                acc
            })
            .collect::<Vec<f64>>();
        let depth_cdf = y
            .elements
            .iter()
            .map(|e| {
                let s: Vec<f64> = y
                    .profile
                    .iter()
                    .map(|&en| interpolate(&e.nodes, en))
                    .collect();
                let mut c = vec![0.0; s.len()];
                for k in 1..s.len() {
                    c[k] = c[k - 1] + 0.5 * (s[k - 1] + s[k]);
                }
                let total = c[c.len() - 1];
                if total > 0.0 {
                    c.iter_mut().for_each(|v| *v /= total);
                }
                c
            })
            .collect();
        Some(Self {
            element_cdf,
            depth_cdf,
            dx: y.thickness_cm / (y.profile.len() - 1) as f64,
            profile: y.profile.clone(),
        })
    }

    /// The interaction for two uniforms: `u_element` picks the element, `u_depth` the depth.
    #[must_use]
    pub fn interaction(&self, u_element: f64, u_depth: f64) -> Interaction {
        let last = self.element_cdf.len() - 1;
        let element = self
            .element_cdf
            .partition_point(|c| *c <= u_element)
            .min(last);
        let c = &self.depth_cdf[element];
        let k = c.partition_point(|v| *v <= u_depth).clamp(1, c.len() - 1);
        let (c0, c1) = (c[k - 1], c[k]);
        let f = if c1 > c0 {
            ((u_depth - c0) / (c1 - c0)).clamp(0.0, 1.0)
        } else {
            0.5
        };
        let depth_cm = ((k - 1) as f64 + f) * self.dx;
        let (e0, e1) = (self.profile[k - 1], self.profile[k]);
        Interaction {
            element,
            depth_cm,
            energy_gev: e0 + f * (e1 - e0),
        }
    }

    /// The interaction of event `event` of a run with `seed` (its own stream).
    #[must_use]
    pub fn draw(&self, seed: u64, event: u64) -> Interaction {
        let mut rng = stream(seed, Phase::CompoundSampling, 0, event);
        let u1 = uniform01(&mut rng);
        let u2 = uniform01(&mut rng);
        self.interaction(u1, u2)
    }
}
