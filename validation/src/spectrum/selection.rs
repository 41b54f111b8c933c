//! Truth-level W/Z fiducial selection of ATLAS, PLB 759 (2016) 601, as used by GKSST
//! (Galon et al., PRD 101, 011701, Sec. IV.B; physics.md Sec. 6), followed by the GKSST
//! barrel requirement `0.1 < |eta| < 1.05` for the muons that hit the calorimeter target.
//!
//! Muons are the final-state (status 1) `|id| = 13` particles of the event, i.e. "bare"
//! muons after QED final-state radiation -- the muons that actually enter the calorimeter.
//! The missing transverse momentum is taken at truth level as the magnitude of the vector
//! sum of the final-state neutrino transverse momenta (for `W -> mu nu`: the neutrino pT).
//!
//! Cuts (all configurable in [`FiducialCuts`]):
//! - muons: `pT > 25 GeV`, `|eta| < 2.4` (physics.md Sec. 6; the muon-channel acceptance);
//! - Z: exactly two such muons, opposite charge, `66 < m_mumu < 116 GeV`;
//! - W: exactly one such muon, `E_T^miss > 25 GeV`, `m_T > 50 GeV` with
//!   `m_T = sqrt(2 pT^mu E_T^miss (1 - cos dphi))`;
//! - then (GKSST) only muons with `0.1 < |eta| < 1.05` are used as incoming muons.
//!
//! The ID-MS angular matching `theta < 0.1` of GKSST concerns the *outgoing* muon and is
//! part of the signal acceptance, not of the incoming spectrum.

use serde::{Deserialize, Serialize};
use std::fmt;

/// PDG id of the muon (`mu-`).
pub const MUON_ID: i32 = 13;

/// One particle of a truth event, as needed by the selection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TruthParticle {
    /// PDG id.
    pub id: i32,
    /// LHE status (1 = final state).
    pub status: i32,
    /// Four-momentum `(E, px, py, pz)` in GeV.
    pub momentum: [f64; 4],
}

impl TruthParticle {
    /// A final-state (status 1) particle.
    pub fn final_state(id: i32, momentum: [f64; 4]) -> Self {
        Self {
            id,
            status: 1,
            momentum,
        }
    }

    /// A massless final-state particle with transverse momentum `pt`, pseudorapidity `eta`
    /// and azimuth `phi` (convenient for hand-made test events).
    pub fn from_pt_eta_phi(id: i32, pt: f64, eta: f64, phi: f64, mass: f64) -> Self {
        let (px, py, pz) = (pt * phi.cos(), pt * phi.sin(), pt * eta.sinh());
        let e = (px * px + py * py + pz * pz + mass * mass).sqrt();
        Self::final_state(id, [e, px, py, pz])
    }
}

/// A truth-level event: the plain input of the selection. Any event record (our LHE
/// reader, a hand-made test event) converts into this.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TruthEvent {
    /// Event weight (`XWGTUP`; 1 for unweighted samples).
    pub weight: f64,
    /// All particles; only status-1 muons and neutrinos are used.
    pub particles: Vec<TruthParticle>,
}

impl TruthEvent {
    /// Unit-weight event from a list of particles.
    pub fn new(particles: Vec<TruthParticle>) -> Self {
        Self {
            weight: 1.0,
            particles,
        }
    }
}

/// A final-state muon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Muon {
    /// Electric charge in units of e: `-1` for `mu-` (id 13), `+1` for `mu+` (id -13).
    pub charge: i32,
    /// Four-momentum `(E, px, py, pz)` in GeV.
    pub momentum: [f64; 4],
}

impl Muon {
    /// Transverse momentum in GeV.
    pub fn pt(&self) -> f64 {
        pt(&self.momentum)
    }
    /// Pseudorapidity.
    pub fn eta(&self) -> f64 {
        eta(&self.momentum)
    }
    /// Momentum magnitude `|p|` in GeV (the `p_in` of GKSST Eq. (5)).
    pub fn p(&self) -> f64 {
        let [_, px, py, pz] = self.momentum;
        (px * px + py * py + pz * pz).sqrt()
    }
}

/// Transverse momentum of `(E, px, py, pz)`.
pub fn pt(p: &[f64; 4]) -> f64 {
    p[1].hypot(p[2])
}

/// Pseudorapidity `asinh(pz/pT)` of `(E, px, py, pz)` (`+-inf` along the beam).
pub fn eta(p: &[f64; 4]) -> f64 {
    let t = pt(p);
    if t == 0.0 {
        return if p[3] >= 0.0 {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        };
    }
    (p[3] / t).asinh()
}

/// Invariant mass of the sum of two four-momenta (0 if space-like by rounding).
pub fn invariant_mass(a: &[f64; 4], b: &[f64; 4]) -> f64 {
    let s = [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]];
    (s[0] * s[0] - s[1] * s[1] - s[2] * s[2] - s[3] * s[3])
        .max(0.0)
        .sqrt()
}

/// The boson whose muons are selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Boson {
    /// `pp -> Z/gamma* -> mu+ mu-`.
    Z,
    /// `pp -> W -> mu nu`.
    W,
}

impl Boson {
    /// GKSST Eqs. (7)-(8): the efficiency factor relating the ATLAS fiducial cross
    /// section to muons in the barrel, `epsilon_Z = 0.50`, `epsilon_W = 0.44`.
    pub fn gksst_efficiency(self) -> f64 {
        match self {
            Boson::Z => 0.50,
            Boson::W => 0.44,
        }
    }

    /// ATLAS 13 TeV fiducial cross section used by GKSST Eqs. (7)-(8), in nb
    /// (`Z -> mu mu`: 0.78 nb, `W -> mu nu`: 8.0 nb; PLB 759 (2016) 601).
    pub fn atlas_fiducial_xsec_nb(self) -> f64 {
        match self {
            Boson::Z => 0.78,
            Boson::W => 8.0,
        }
    }

    /// Lower-case name (`"z"`, `"w"`).
    pub fn name(self) -> &'static str {
        match self {
            Boson::Z => "z",
            Boson::W => "w",
        }
    }
}

impl fmt::Display for Boson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Boson::Z => "Z",
            Boson::W => "W",
        })
    }
}

impl std::str::FromStr for Boson {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "z" => Ok(Boson::Z),
            "w" => Ok(Boson::W),
            other => Err(format!("unknown process '{other}' (expected Z or W)")),
        }
    }
}

/// Fiducial cuts (ATLAS PLB 759 (2016) 601) and the GKSST barrel.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FiducialCuts {
    /// Muon `pT` threshold in GeV (25).
    pub muon_pt_min: f64,
    /// Muon `|eta|` upper limit (2.4).
    pub muon_abs_eta_max: f64,
    /// Z: lower edge of the `m_mumu` window in GeV (66).
    pub z_mass_min: f64,
    /// Z: upper edge of the `m_mumu` window in GeV (116).
    pub z_mass_max: f64,
    /// W: truth `E_T^miss` threshold in GeV (25).
    pub met_min: f64,
    /// W: transverse-mass threshold in GeV (50).
    pub mt_min: f64,
    /// Barrel (GKSST): lower `|eta|` edge (0.1).
    pub barrel_abs_eta_min: f64,
    /// Barrel (GKSST): upper `|eta|` edge (1.05).
    pub barrel_abs_eta_max: f64,
}

impl Default for FiducialCuts {
    fn default() -> Self {
        Self::ATLAS_13TEV
    }
}

impl FiducialCuts {
    /// The selection of physics.md Sec. 6 / GKSST Sec. IV.B.
    pub const ATLAS_13TEV: FiducialCuts = FiducialCuts {
        muon_pt_min: 25.0,
        muon_abs_eta_max: 2.4,
        z_mass_min: 66.0,
        z_mass_max: 116.0,
        met_min: 25.0,
        mt_min: 50.0,
        barrel_abs_eta_min: 0.1,
        barrel_abs_eta_max: 1.05,
    };

    /// Does a muon pass the fiducial `pT` and `|eta|` cuts?
    pub fn muon_passes(&self, mu: &Muon) -> bool {
        mu.pt() > self.muon_pt_min && mu.eta().abs() < self.muon_abs_eta_max
    }

    /// Is a muon in the barrel `0.1 < |eta| < 1.05`?
    pub fn in_barrel(&self, mu: &Muon) -> bool {
        let a = mu.eta().abs();
        a > self.barrel_abs_eta_min && a < self.barrel_abs_eta_max
    }
}

/// Why an event failed the fiducial selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rejection {
    /// Z: not exactly two fiducial muons; W: not exactly one.
    MuonMultiplicity {
        /// Number of muons passing `pT`/`|eta|`.
        found: usize,
    },
    /// Z: the two muons have the same charge.
    SameCharge,
    /// Z: `m_mumu` outside the window.
    MassWindow,
    /// W: `E_T^miss` below threshold.
    MissingEt,
    /// W: `m_T` below threshold.
    TransverseMass,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::MuonMultiplicity { found } => {
                write!(f, "wrong number of fiducial muons ({found})")
            }
            Rejection::SameCharge => f.write_str("same-charge muon pair"),
            Rejection::MassWindow => f.write_str("m_mumu outside window"),
            Rejection::MissingEt => f.write_str("E_T^miss below threshold"),
            Rejection::TransverseMass => f.write_str("m_T below threshold"),
        }
    }
}

/// An event that passed the fiducial selection.
#[derive(Debug, Clone, PartialEq)]
pub enum Selected {
    /// Z candidate: both muons are candidate incoming muons.
    Z {
        /// The two fiducial muons.
        muons: [Muon; 2],
        /// Their invariant mass in GeV.
        mass: f64,
    },
    /// W candidate.
    W {
        /// The fiducial muon.
        muon: Muon,
        /// Truth `E_T^miss` (neutrino pT) in GeV.
        met: f64,
        /// Transverse mass in GeV.
        mt: f64,
    },
}

impl Selected {
    /// The muons of the selected event (both for Z, one for W).
    pub fn muons(&self) -> &[Muon] {
        match self {
            Selected::Z { muons, .. } => muons,
            Selected::W { muon, .. } => std::slice::from_ref(muon),
        }
    }

    /// The muons that enter the GKSST analysis: those in the barrel.
    pub fn barrel_muons<'a>(&'a self, cuts: &'a FiducialCuts) -> impl Iterator<Item = &'a Muon> {
        self.muons().iter().filter(move |m| cuts.in_barrel(m))
    }
}

/// Final-state muons of an event.
pub fn final_state_muons(event: &TruthEvent) -> Vec<Muon> {
    event
        .particles
        .iter()
        .filter(|p| p.status == 1 && p.id.abs() == MUON_ID)
        .map(|p| Muon {
            charge: if p.id > 0 { -1 } else { 1 },
            momentum: p.momentum,
        })
        .collect()
}

/// Truth missing transverse momentum vector `(px, py)`: sum over final-state neutrinos.
pub fn truth_met(event: &TruthEvent) -> (f64, f64) {
    event
        .particles
        .iter()
        .filter(|p| p.status == 1 && matches!(p.id.abs(), 12 | 14 | 16))
        .fold((0.0, 0.0), |(x, y), p| {
            (x + p.momentum[1], y + p.momentum[2])
        })
}

/// Apply the ATLAS 13 TeV fiducial selection for `process` to a truth event.
pub fn select(
    process: Boson,
    event: &TruthEvent,
    cuts: &FiducialCuts,
) -> Result<Selected, Rejection> {
    let muons: Vec<Muon> = final_state_muons(event)
        .into_iter()
        .filter(|m| cuts.muon_passes(m))
        .collect();
    match process {
        Boson::Z => {
            let [a, b] = muons[..] else {
                return Err(Rejection::MuonMultiplicity { found: muons.len() });
            };
            if a.charge == b.charge {
                return Err(Rejection::SameCharge);
            }
            let mass = invariant_mass(&a.momentum, &b.momentum);
            if !(mass > cuts.z_mass_min && mass < cuts.z_mass_max) {
                return Err(Rejection::MassWindow);
            }
            Ok(Selected::Z {
                muons: [a, b],
                mass,
            })
        }
        Boson::W => {
            let [muon] = muons[..] else {
                return Err(Rejection::MuonMultiplicity { found: muons.len() });
            };
            let (mx, my) = truth_met(event);
            let met = mx.hypot(my);
            if met <= cuts.met_min {
                return Err(Rejection::MissingEt);
            }
            let (px, py) = (muon.momentum[1], muon.momentum[2]);
            // m_T^2 = 2 (pT^mu MET - pvec_T^mu . MET_vec) = 2 pT MET (1 - cos dphi).
            let mt2 = 2.0 * (muon.pt() * met - (px * mx + py * my));
            let mt = mt2.max(0.0).sqrt();
            if mt <= cuts.mt_min {
                return Err(Rejection::TransverseMass);
            }
            Ok(Selected::W { muon, met, mt })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    const M_MU: f64 = 0.10566;

    /// Back-to-back muon pair at rest in the transverse plane with invariant mass `m`
    /// (pT = m/2 at eta = 0) and charges given by ids.
    fn pair(id1: i32, id2: i32, m: f64, eta: f64) -> TruthEvent {
        let pt = 0.5 * (m * m - 4.0 * M_MU * M_MU).sqrt();
        TruthEvent::new(vec![
            TruthParticle::from_pt_eta_phi(id1, pt, eta, 0.3, M_MU),
            TruthParticle::from_pt_eta_phi(id2, pt, -eta, 0.3 + PI, M_MU),
        ])
    }

    fn w_event(mu_pt: f64, nu_pt: f64, dphi: f64, eta: f64) -> TruthEvent {
        TruthEvent::new(vec![
            TruthParticle::from_pt_eta_phi(-13, mu_pt, eta, 1.0, M_MU),
            TruthParticle::from_pt_eta_phi(14, nu_pt, 0.7, 1.0 + dphi, 0.0),
        ])
    }

    #[test]
    fn z_at_91_gev_passes() {
        let cuts = FiducialCuts::default();
        let sel = select(Boson::Z, &pair(13, -13, 91.1876, 0.0), &cuts).expect("passes");
        let Selected::Z { mass, .. } = sel else {
            panic!("not a Z")
        };
        assert!((mass - 91.1876).abs() < 1e-9, "{mass}");
        // eta = 0 is outside the barrel (|eta| > 0.1 required).
        assert_eq!(sel.barrel_muons(&cuts).count(), 0);
        let sel = select(Boson::Z, &pair(13, -13, 91.1876, 0.5), &cuts).expect("passes");
        assert_eq!(sel.barrel_muons(&cuts).count(), 2);
    }

    #[test]
    fn z_outside_mass_window_fails() {
        let cuts = FiducialCuts::default();
        // 60 GeV: pT = 30 GeV passes the muon cuts but not the window.
        assert_eq!(
            select(Boson::Z, &pair(13, -13, 60.0, 0.3), &cuts),
            Err(Rejection::MassWindow)
        );
        assert_eq!(
            select(Boson::Z, &pair(13, -13, 120.0, 0.3), &cuts),
            Err(Rejection::MassWindow)
        );
    }

    #[test]
    fn z_same_sign_fails() {
        let cuts = FiducialCuts::default();
        assert_eq!(
            select(Boson::Z, &pair(-13, -13, 91.0, 0.3), &cuts),
            Err(Rejection::SameCharge)
        );
    }

    #[test]
    fn muon_at_eta_2p5_fails() {
        let cuts = FiducialCuts::default();
        // Both muons at |eta| = 2.5: no fiducial muons at all.
        assert_eq!(
            select(Boson::Z, &pair(13, -13, 91.0, 2.5), &cuts),
            Err(Rejection::MuonMultiplicity { found: 0 })
        );
        // One muon at 2.5, one central.
        let ev = TruthEvent::new(vec![
            TruthParticle::from_pt_eta_phi(13, 40.0, 2.5, 0.0, M_MU),
            TruthParticle::from_pt_eta_phi(-13, 40.0, 0.2, 3.0, M_MU),
        ]);
        assert_eq!(
            select(Boson::Z, &ev, &cuts),
            Err(Rejection::MuonMultiplicity { found: 1 })
        );
        assert_eq!(
            select(Boson::W, &w_event(40.0, 40.0, PI, 2.5), &cuts),
            Err(Rejection::MuonMultiplicity { found: 0 })
        );
    }

    #[test]
    fn low_pt_muon_fails() {
        let cuts = FiducialCuts::default();
        assert_eq!(
            select(Boson::W, &w_event(24.0, 40.0, PI, 0.5), &cuts),
            Err(Rejection::MuonMultiplicity { found: 0 })
        );
    }

    #[test]
    fn w_selection() {
        let cuts = FiducialCuts::default();
        let sel = select(Boson::W, &w_event(40.0, 38.0, PI, 0.5), &cuts).expect("passes");
        let Selected::W { met, mt, .. } = sel else {
            panic!("not a W")
        };
        assert!((met - 38.0).abs() < 1e-9);
        // Back to back: m_T = 2 sqrt(pT MET) = 2 sqrt(40*38).
        assert!((mt - 2.0 * (40.0f64 * 38.0).sqrt()).abs() < 1e-9, "{mt}");
        assert_eq!(sel.barrel_muons(&cuts).count(), 1);
        // MET 20 GeV fails.
        assert_eq!(
            select(Boson::W, &w_event(40.0, 20.0, PI, 0.5), &cuts),
            Err(Rejection::MissingEt)
        );
        // Collinear neutrino: m_T = 0 fails.
        assert_eq!(
            select(Boson::W, &w_event(40.0, 40.0, 0.0, 0.5), &cuts),
            Err(Rejection::TransverseMass)
        );
        // Two fiducial muons: not a W candidate.
        let mut ev = w_event(40.0, 40.0, PI, 0.5);
        ev.particles
            .push(TruthParticle::from_pt_eta_phi(13, 30.0, 0.1, 0.0, M_MU));
        assert_eq!(
            select(Boson::W, &ev, &cuts),
            Err(Rejection::MuonMultiplicity { found: 2 })
        );
    }

    #[test]
    fn non_final_muons_ignored() {
        let cuts = FiducialCuts::default();
        let mut ev = pair(13, -13, 91.0, 0.5);
        let mut extra = TruthParticle::from_pt_eta_phi(13, 45.0, 0.5, 1.0, M_MU);
        extra.status = 2;
        ev.particles.push(extra);
        assert!(select(Boson::Z, &ev, &cuts).is_ok());
    }

    #[test]
    fn barrel_edges() {
        let cuts = FiducialCuts::default();
        let mu = |eta: f64| Muon {
            charge: 1,
            momentum: TruthParticle::from_pt_eta_phi(-13, 30.0, eta, 0.0, M_MU).momentum,
        };
        assert!(!cuts.in_barrel(&mu(0.05)));
        assert!(cuts.in_barrel(&mu(0.11)));
        assert!(cuts.in_barrel(&mu(-1.04)));
        assert!(!cuts.in_barrel(&mu(1.06)));
        assert!((mu(0.7).eta() - 0.7).abs() < 1e-12);
        assert!((mu(0.7).p() - 30.0 * 0.7f64.cosh()).abs() < 1e-9);
    }
}
