//! X decays in the events (docs/physics.md Sec. 8.6-8.7).
//!
//! After an event is accepted, [`EventDecayer::decay`] lets its X decay:
//!
//! 1. the channel from the decay table's branching ratios ([`DecayTable::channel_for`]);
//! 2. the proper decay length l = -c tau ln(1 - u), exponential with mean c tau;
//! 3. the direction of the first product (the particle of [`Channel::products`]) in the X rest
//!    frame: isotropic for S and P (spin 0); for V and A distributed as W(n) = Tr rho -
//!    kappa n.rho.n ([`mfc_models::decay::angular`]) with rho the production spin density
//!    matrix of this event ([`mfc_models::matrix_element::polarisation`]), by accept-reject
//!    against an isotropic proposal with bound Tr rho (exact: 0 <= W <= Tr rho);
//! 4. the two products boosted with X's velocity; the decay vertex = production vertex +
//!    l k / m_X (x, y, z, ct), i.e. a lab flight distance l |k| / m_X.
//!
//! X gets status 2, its products status 1 with both mothers pointing to X (LHE convention);
//! invisible channels are written as their neutrinos or the dark pair (PDG +-52,
//! [`Channel::DARK_PDG_ID`]). The event's frame does not matter (lab, or the ATLAS frame of a
//! beam-spectrum run): rho and its basis are computed from the event's own momenta.
//!
//! Random numbers come from [`Phase::Decay`], one stream per event keyed by the event's index in
//! its output file (and the run's or shard's seed), so the decays do not depend on the thread
//! count and the production (the [`Phase::Generation`] stream) is the same as without decays.

use crate::card::{DecayMode, ValidatedCard};
use crate::event::{Decay, Event, Particle};
use crate::rng::{Phase, stream, uniform01};
use crate::unweight::PlacedEvent;
use mfc_models::decay::angular::{kappa, spin_one_weight};
use mfc_models::kinematics::Masses;
use mfc_models::matrix_element::polarisation::{boost_from_rest, boost_to_rest, spin_density};
use mfc_models::{Channel, DecayTable, MediatorKind, ModelError};
use rand::Rng;
use thiserror::Error;

/// Index of X in a generated event (beam muon, nucleus, muon, recoil, X).
const X_INDEX: usize = 4;

/// Why an event could not be decayed (an internal inconsistency, never user input).
#[derive(Debug, Error)]
pub enum DecayEventError {
    /// The event is not a generated mu N -> mu N X event with a stable X last.
    #[error("event {index}: cannot decay X: {reason}")]
    Shape {
        /// 0-based index of the event in its file.
        index: u64,
        /// What is wrong.
        reason: String,
    },
    /// The production momenta do not give a spin density matrix.
    #[error("event {index}: no spin density matrix for the decay of X: {source}")]
    Spin {
        /// 0-based index of the event in its file.
        index: u64,
        /// The models crate's reason.
        source: ModelError,
    },
}

/// Lets X decay in generated events; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct EventDecayer {
    table: DecayTable,
    masses: Masses,
    seed: u64,
}

impl EventDecayer {
    /// The decayer of a card with `seed` (the run's, or a shard's): `None` when X stays stable
    /// (`decay.mode = "stable"`, or a model without open channels such as the default
    /// invisible one without a dark width): then events are written exactly as before.
    #[must_use]
    pub fn of_card(card: &ValidatedCard, seed: u64) -> Option<Self> {
        if card.decay_mode == DecayMode::Stable || card.decay_table.is_stable() {
            return None;
        }
        Some(Self::new(
            card.decay_table.clone(),
            Masses {
                muon: mfc_models::constants::M_MU,
                x: card.mediator.mass,
                nucleus: card.target.nucleus_mass(),
            },
            seed,
        ))
    }

    /// A decayer for a decay table, the process masses (GeV) and a seed.
    #[must_use]
    pub fn new(table: DecayTable, masses: Masses, seed: u64) -> Self {
        Self {
            table,
            masses,
            seed,
        }
    }

    /// The decay table.
    #[must_use]
    pub fn table(&self) -> &DecayTable {
        &self.table
    }

    /// The event `e`, the `index`-th (0-based) of its file, with X decayed, and its
    /// [`Decay`]; random numbers from the event's own [`Phase::Decay`] stream.
    ///
    /// # Errors
    /// [`DecayEventError`] if the event is not a generated one or its momenta are inconsistent.
    pub fn decay(&self, e: &PlacedEvent, index: u64) -> Result<(Event, Decay), DecayEventError> {
        let mut rng = stream(self.seed, Phase::Decay, index, 0);
        self.decay_with(e, index, &mut rng)
    }

    /// [`Self::decay`] with an explicit random stream (tests).
    ///
    /// # Errors
    /// As [`Self::decay`].
    pub fn decay_with<R: Rng + ?Sized>(
        &self,
        e: &PlacedEvent,
        index: u64,
        rng: &mut R,
    ) -> Result<(Event, Decay), DecayEventError> {
        let shape = |reason: &str| DecayEventError::Shape {
            index,
            reason: reason.to_string(),
        };
        let ps = &e.event.particles;
        if ps.len() != X_INDEX + 1 || ps[X_INDEX].status != 1 {
            return Err(shape("expected five particles with a stable X last"));
        }
        let channel = self
            .table
            .channel_for(uniform01(rng))
            .ok_or_else(|| shape("X has no open decay channel"))?;
        let proper_length_mm = -self.table.ctau_mm() * (1.0 - uniform01(rng)).ln();
        let x = ps[X_INDEX];
        let mx = self.masses.x;
        let k = x.momentum;
        let (axes, direction) = self.rest_direction(e, channel, index, rng)?;
        let n: [f64; 3] = std::array::from_fn(|i| (0..3).map(|l| direction[l] * axes[l][i]).sum());
        // unit to rounding (the boosted triad is orthonormal only to ~1e-15)
        let norm = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
        let n = n.map(|c| c / norm);
        let mf = channel.product_mass();
        let pstar = ((0.5 * mx - mf) * (0.5 * mx + mf)).max(0.0).sqrt();
        let e_star = 0.5 * mx;
        let p1 = boost_from_rest(&[e_star, pstar * n[0], pstar * n[1], pstar * n[2]], &k, mx);
        let p2 = boost_from_rest(
            &[e_star, -pstar * n[0], -pstar * n[1], -pstar * n[2]],
            &k,
            mx,
        );
        let mother = (X_INDEX + 1) as u32;
        let [id1, id2] = channel.products();
        let mut event = e.event.clone();
        event.particles[X_INDEX].status = 2;
        for (id, p) in [(id1, p1), (id2, p2)] {
            event.particles.push(Particle {
                pdg_id: id.code(),
                status: 1,
                mothers: [mother, mother],
                momentum: p,
                mass: mf,
            });
        }
        let f = proper_length_mm / mx;
        let v = e.vertex;
        let decay = Decay {
            particle: X_INDEX,
            proper_length_mm,
            vertex: [
                v[0] + f * k[1],
                v[1] + f * k[2],
                v[2] + f * k[3],
                v[3] + f * k[0],
            ],
        };
        Ok((event, decay))
    }

    /// The rest-frame triad (as Cartesian unit vectors of the frame reached from the event's
    /// frame by a pure boost) and the components of the first product's direction in it.
    fn rest_direction<R: Rng + ?Sized>(
        &self,
        e: &PlacedEvent,
        channel: Channel,
        index: u64,
        rng: &mut R,
    ) -> Result<([[f64; 3]; 3], [f64; 3]), DecayEventError> {
        let kind = self.table.mediator().kind;
        let kap = kappa(kind, channel, self.masses.x);
        let lab_axes = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        if matches!(kind, MediatorKind::Scalar | MediatorKind::Pseudoscalar) || kap == 0.0 {
            return Ok((lab_axes, isotropic(rng)));
        }
        let ps = &e.event.particles;
        let momenta: [[f64; 4]; 5] = std::array::from_fn(|i| ps[i].momentum);
        // the event's own nucleus (it differs from event to event in a compound slab)
        let masses = Masses {
            nucleus: ps[1].mass,
            ..self.masses
        };
        let rho = spin_density(kind, &masses, &momenta)
            .map_err(|source| DecayEventError::Spin { index, source })?;
        let k = momenta[X_INDEX];
        let axes = rho.basis.map(|b| {
            let r = boost_to_rest(&b, &k, self.masses.x);
            let norm = (r[1] * r[1] + r[2] * r[2] + r[3] * r[3]).sqrt();
            [r[1] / norm, r[2] / norm, r[3] / norm]
        });
        let bound = rho.trace();
        if !(bound > 0.0) {
            return Err(DecayEventError::Spin {
                index,
                source: ModelError::Unphysical(format!("Tr rho = {bound:e} is not positive")),
            });
        }
        loop {
            let c = isotropic(rng);
            // W <= Tr rho; the mean acceptance is 1 - kappa/3 >= 2/3
            if uniform01(rng) * bound < spin_one_weight(&rho.re, c, kap) {
                return Ok((axes, c));
            }
        }
    }
}

/// A uniform direction on the sphere: cos(theta) = 2u - 1, phi = 2 pi u'.
fn isotropic<R: Rng + ?Sized>(rng: &mut R) -> [f64; 3] {
    let cos_t = 2.0 * uniform01(rng) - 1.0;
    let phi = std::f64::consts::TAU * uniform01(rng);
    let sin_t = ((1.0 - cos_t) * (1.0 + cos_t)).sqrt();
    [sin_t * phi.cos(), sin_t * phi.sin(), cos_t]
}
