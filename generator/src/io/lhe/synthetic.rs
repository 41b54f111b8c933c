//! Kinematically consistent *fake* mu N -> mu N X events, for tests and benchmarks of the LHE
//! writer and readers (not physics: no matrix element, arbitrary distributions).
//!
//! Every event conserves four-momentum exactly up to rounding, and every particle is on its
//! mass shell (the recoil's mass is computed from its four-momentum, so it is close to, but not
//! exactly, the nucleus mass).

use crate::event::{Event, Particle};

/// Muon mass (GeV).
const M_MU: f64 = mfc_models::constants::M_MU;

/// A small deterministic PRNG (SplitMix64), so tests need no extra dependency.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// Parameters of the fake events.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setup {
    /// Muon PDG id.
    pub muon_id: i32,
    /// Nucleus PDG id.
    pub nucleus_id: i32,
    /// X PDG id.
    pub x_id: i32,
    /// Muon beam energy (GeV).
    pub e_mu: f64,
    /// Nucleus mass (GeV).
    pub m_nucleus: f64,
    /// X mass (GeV).
    pub m_x: f64,
    /// Weight of every event (pb).
    pub weight: f64,
}

impl Default for Setup {
    /// 50 GeV muons on copper (A = 63), a 10 MeV X.
    fn default() -> Self {
        Self {
            muon_id: 13,
            nucleus_id: 1_000_290_630,
            x_id: 32,
            e_mu: 50.0,
            m_nucleus: 58.603_73,
            m_x: 0.01,
            weight: 1.0,
        }
    }
}

fn on_shell(id: i32, status: i32, mothers: [u32; 2], p: [f64; 3], m: f64) -> Particle {
    let e = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2] + m * m).sqrt();
    Particle {
        pdg_id: id,
        status,
        mothers,
        momentum: [e, p[0], p[1], p[2]],
        mass: m,
    }
}

/// One fake event with the beam along +z.
pub fn event(setup: &Setup, rng: &mut SplitMix64) -> Event {
    let s = setup;
    let pz_in = (s.e_mu * s.e_mu - M_MU * M_MU).sqrt();
    let mu_in = Particle {
        pdg_id: s.muon_id,
        status: -1,
        mothers: [0, 0],
        momentum: [s.e_mu, 0.0, 0.0, pz_in],
        mass: M_MU,
    };
    let n_in = Particle {
        pdg_id: s.nucleus_id,
        status: -1,
        mothers: [0, 0],
        momentum: [s.m_nucleus, 0.0, 0.0, 0.0],
        mass: s.m_nucleus,
    };
    let dir = |rng: &mut SplitMix64, pabs: f64| {
        let theta = 1e-3 * rng.uniform();
        let phi = std::f64::consts::TAU * rng.uniform();
        [
            pabs * theta.sin() * phi.cos(),
            pabs * theta.sin() * phi.sin(),
            pabs * theta.cos(),
        ]
    };
    // X takes 10-90 % of the beam energy, the muon nearly all the rest; the nucleus recoils.
    let e_x = (0.1 + 0.8 * rng.uniform()) * s.e_mu;
    let px = (e_x * e_x - s.m_x * s.m_x).max(0.0).sqrt();
    let x = on_shell(s.x_id, 1, [1, 2], dir(rng, px), s.m_x);
    let e_mu_out = s.e_mu - x.momentum[0] - 1e-3 * (0.1 + rng.uniform());
    let pmu = (e_mu_out * e_mu_out - M_MU * M_MU).max(0.0).sqrt();
    let mu_out = on_shell(s.muon_id, 1, [1, 2], dir(rng, pmu), M_MU);
    let mut p_n = [0.0; 4];
    for (k, v) in p_n.iter_mut().enumerate() {
        *v = mu_in.momentum[k] + n_in.momentum[k] - mu_out.momentum[k] - x.momentum[k];
    }
    let pabs = (p_n[1] * p_n[1] + p_n[2] * p_n[2] + p_n[3] * p_n[3]).sqrt();
    let m_n = ((p_n[0] - pabs) * (p_n[0] + pabs)).max(0.0).sqrt();
    let n_out = Particle {
        pdg_id: s.nucleus_id,
        status: 1,
        mothers: [1, 2],
        momentum: p_n,
        mass: m_n,
    };
    Event {
        particles: vec![mu_in, n_in, mu_out, n_out, x],
        weight: s.weight,
    }
}
