//! Particle roles and observables of one mu N -> mu N X event.
//!
//! Particles are identified by status and id, not by position (MadGraph files order them
//! differently from ours):
//! - beam muon: the incoming (status -1) particle with |id| = 13;
//! - incoming nucleus: the other incoming particle (or any incoming 10LZZZAAAI code);
//! - outgoing nucleus: the outgoing (status 1) particle with the incoming nucleus' id (or any
//!   outgoing 10LZZZAAAI code);
//! - outgoing muon: the outgoing |id| = 13 particle (the most energetic one of the beam's
//!   charge if there are several);
//! - X: the outgoing particle that is neither a muon nor the nucleus.

use super::CompareError;
use mfcgen::io::lhe::{LheEvent, LheParticle};

/// |PDG id| of the muon.
const MUON: i32 = 13;
/// Nucleus codes are 10LZZZAAAI >= 1e9 (PDG MC numbering scheme, rule 16).
const NUCLEUS_MIN: i32 = 1_000_000_000;

/// True for a 10LZZZAAAI nucleus code.
#[must_use]
pub fn is_nucleus(id: i32) -> bool {
    id.abs() >= NUCLEUS_MIN
}

/// (Z, A) of a 10LZZZAAAI nucleus code.
#[must_use]
pub fn nucleus_z_a(id: i32) -> Option<(u32, u32)> {
    if !is_nucleus(id) {
        return None;
    }
    let c = id.unsigned_abs();
    Some(((c / 10_000) % 1000, (c / 10) % 1000))
}

/// The particles of one event by role.
#[derive(Debug, Clone, Copy)]
pub struct Roles<'e> {
    /// Incoming muon.
    pub beam: &'e LheParticle,
    /// Incoming nucleus, if listed.
    pub nucleus_in: Option<&'e LheParticle>,
    /// Outgoing nucleus, if listed.
    pub nucleus_out: Option<&'e LheParticle>,
    /// Outgoing muon.
    pub muon_out: &'e LheParticle,
    /// The new boson.
    pub x: &'e LheParticle,
}

impl<'e> Roles<'e> {
    /// Identifies the particles of `event` (see the [module docs](self)). `x_id` (the X id
    /// seen in the first event) resolves several X candidates.
    ///
    /// # Errors
    /// [`CompareError::Event`] (with `index`, 1-based) if the beam muon, outgoing muon or a
    /// unique X cannot be found.
    pub fn identify(
        event: &'e LheEvent,
        index: u64,
        x_id: Option<i32>,
    ) -> Result<Self, CompareError> {
        let bad = |reason: String| CompareError::Event { index, reason };
        let p = &event.particles;
        let beam = p
            .iter()
            .find(|q| q.status == -1 && q.id.abs() == MUON)
            .ok_or_else(|| bad("no incoming muon (status -1, |id| = 13)".into()))?;
        let nucleus_in = p
            .iter()
            .find(|q| q.status == -1 && q.id.abs() != MUON)
            .or_else(|| p.iter().find(|q| q.status == -1 && is_nucleus(q.id)));
        let n_id = nucleus_in.map(|n| n.id);
        let is_n = |id: i32| Some(id) == n_id || is_nucleus(id);
        let nucleus_out = p.iter().find(|q| q.status == 1 && is_n(q.id));
        let muon_out = p
            .iter()
            .filter(|q| q.status == 1 && q.id.abs() == MUON)
            .max_by(|a, b| {
                (a.id == beam.id)
                    .cmp(&(b.id == beam.id))
                    .then(a.momentum[0].total_cmp(&b.momentum[0]))
            })
            .ok_or_else(|| bad("no outgoing muon (status 1, |id| = 13)".into()))?;
        let mut cands = p
            .iter()
            .filter(|q| q.status == 1 && q.id.abs() != MUON && !is_n(q.id));
        let first = cands
            .next()
            .ok_or_else(|| bad("no outgoing X (status 1, neither muon nor nucleus)".into()))?;
        let x = match cands.next() {
            None => first,
            Some(second) => {
                let all = std::iter::once(first)
                    .chain(std::iter::once(second))
                    .chain(cands);
                let mut matching = all.filter(|q| Some(q.id) == x_id);
                match (matching.next(), matching.next()) {
                    (Some(q), None) => q,
                    _ => {
                        return Err(bad(format!(
                            "several outgoing X candidates (ids {} and {}, ...)",
                            first.id, second.id
                        )));
                    }
                }
            }
        };
        Ok(Self {
            beam,
            nucleus_in,
            nucleus_out,
            muon_out,
            x,
        })
    }
}

/// Observables of one event (lab frame, angles to the beam muon's direction).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventObservables {
    /// Beam energy E (GeV).
    pub beam_energy: f64,
    /// x = E_X / E.
    pub x: f64,
    /// X polar angle (rad).
    pub theta_x: f64,
    /// t = -(P' - P)^2 (GeV^2).
    pub t: f64,
    /// Outgoing-muon polar angle (rad).
    pub theta_mu: f64,
    /// X momentum transverse to the beam (GeV).
    pub pt_x: f64,
}

fn three(p: &[f64; 4]) -> [f64; 3] {
    [p[1], p[2], p[3]]
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross_norm(a: [f64; 3], b: [f64; 3]) -> f64 {
    let c = [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ];
    dot(c, c).sqrt()
}

/// Angle between `a` and the unit vector `n`, atan2(|a x n|, a . n): accurate for small and
/// large angles alike (unlike acos of the normalised dot product).
fn angle(a: [f64; 3], n: [f64; 3]) -> f64 {
    cross_norm(a, n).atan2(dot(a, n))
}

/// Momentum transfer t = -(P' - P)^2 = |q|^2 - q0^2 computed without cancellation.
///
/// With the nucleus at rest, P = (M, 0), and P' on shell, E_N'^2 - M^2 = |q|^2 gives
/// q0 = E_N' - M = |q|^2 / (E_N' + M), so t = |q|^2 (1 - |q|^2 / (E_N' + M)^2) keeps full
/// relative precision down to t ~ 1e-8 GeV^2 at 50 GeV (physics.md Sec. 2, "Numerics").
/// Without the nucleus, q = p - p' - k from the muon side, and with a known nucleus mass M
/// the same on-shell form with E_N' = sqrt(M^2 + |q|^2); else q0 = E - E' - E_k.
#[must_use]
pub fn momentum_transfer(roles: &Roles<'_>, nucleus_mass: Option<f64>) -> f64 {
    if let (Some(pn), Some(pn2)) = (roles.nucleus_in, roles.nucleus_out) {
        let p_in = three(&pn.momentum);
        if dot(p_in, p_in) == 0.0 {
            let q = three(&pn2.momentum);
            let q2 = dot(q, q);
            let q0 = q2 / (pn2.momentum[0] + pn.momentum[0]);
            return q2 - q0 * q0;
        }
        let q = [
            pn2.momentum[1] - pn.momentum[1],
            pn2.momentum[2] - pn.momentum[2],
            pn2.momentum[3] - pn.momentum[3],
        ];
        let q0 = pn2.momentum[0] - pn.momentum[0];
        return dot(q, q) - q0 * q0;
    }
    if let (Some(pn2), Some(m)) = (roles.nucleus_out, nucleus_mass) {
        let q = three(&pn2.momentum);
        let q2 = dot(q, q);
        let q0 = q2 / (pn2.momentum[0] + m);
        return q2 - q0 * q0;
    }
    let (p, p2, k) = (
        &roles.beam.momentum,
        &roles.muon_out.momentum,
        &roles.x.momentum,
    );
    let q = [
        p[1] - p2[1] - k[1],
        p[2] - p2[2] - k[2],
        p[3] - p2[3] - k[3],
    ];
    let q2 = dot(q, q);
    let q0 = match nucleus_mass {
        Some(m) => q2 / ((m * m + q2).sqrt() + m),
        None => p[0] - p2[0] - k[0],
    };
    q2 - q0 * q0
}

impl EventObservables {
    /// Observables of an identified event; `nucleus_mass` (GeV) is used for t only when the
    /// incoming nucleus is not listed.
    ///
    /// # Errors
    /// [`CompareError::Event`] if the beam muon has no momentum.
    pub fn new(
        roles: &Roles<'_>,
        nucleus_mass: Option<f64>,
        index: u64,
    ) -> Result<Self, CompareError> {
        let p = three(&roles.beam.momentum);
        let pn = dot(p, p).sqrt();
        if !(pn > 0.0 && pn.is_finite()) {
            return Err(CompareError::Event {
                index,
                reason: format!("beam muon momentum |p| = {pn} GeV"),
            });
        }
        let n = [p[0] / pn, p[1] / pn, p[2] / pn];
        let e = roles.beam.momentum[0];
        let k = three(&roles.x.momentum);
        Ok(Self {
            beam_energy: e,
            x: roles.x.momentum[0] / e,
            theta_x: angle(k, n),
            t: momentum_transfer(roles, nucleus_mass),
            theta_mu: angle(three(&roles.muon_out.momentum), n),
            pt_x: cross_norm(k, n),
        })
    }
}
