//! Event records: the particles of one generated mu N -> mu N X event.

/// One particle line of an event (LHE/HepMC conventions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Particle {
    /// PDG code.
    pub pdg_id: i32,
    /// Status: -1 incoming, 1 outgoing (LHE ISTUP).
    pub status: i32,
    /// Mother indices, 1-based as in LHE (0 = none).
    pub mothers: [u32; 2],
    /// Four-momentum (E, px, py, pz) in GeV, lab frame.
    pub momentum: [f64; 4],
    /// Mass in GeV.
    pub mass: f64,
}

/// One event: beam muon, nucleus, outgoing muon, recoil nucleus, X (in this order).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The particles, incoming first.
    pub particles: Vec<Particle>,
    /// Event weight in pb (for unweighted events: sigma / N, see the LHE writer docs).
    pub weight: f64,
}

/// The decay of one particle of an event (X): which particle, its sampled proper decay length,
/// and where it decays. Written as `VTIMUP` (LHE) and as a displaced end vertex (HepMC3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decay {
    /// 0-based index of the decaying particle in [`Event::particles`] (its daughters follow
    /// it, with mothers pointing to it).
    pub particle: usize,
    /// The sampled proper decay length c tau in mm (LHE `VTIMUP`).
    pub proper_length_mm: f64,
    /// The decay vertex (x, y, z, ct) in mm, in the frame and origin of the production vertex.
    pub vertex: [f64; 4],
}
