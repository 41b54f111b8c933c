//! A slab of a material (one element or a compound, thin or thick) as one integrand and event
//! source: the struck element and the interaction depth are integration variables beside the
//! four of the phase space (docs/physics.md Sec. 9.1).
//!
//!   sigma_slab = sum_i a_i (1/L) integral_0^L dx sigma_i(E(x)),   a_i = n_i / n,
//!   N_X / N_mu = n L sigma_slab = integral_0^L dx sum_i n_i sigma_i(E(x)),
//!
//! with n_i the atoms of element i per cm^3 ([`Material::atoms_per_cm3`]), n = sum_i n_i,
//! sigma_i the exact cross section on element i's own nucleus (Z, A, mass, form factor) and
//! E(x) the mean (CSDA) muon energy at depth x ([`depth::energy_profile`], RK4, interpolated
//! linearly between its steps). The unit-cube variable u_0 picks element i on
//! [c_{i-1}, c_i) with c_i - c_{i-1} = a_i (so the weight carries no extra factor), u_1..u_4 are
//! the phase space of [`Process`] and u_5 = x / L. VEGAS adapts u_0 and u_5 like any other
//! variable, so the events of a run fall on element i in proportion to n_i sigma_i (integrated
//! over the depth) and at depths in proportion to sigma_i(E(x)), with no further random numbers:
//! the element and the depth are part of the point and reproducible like its kinematics.
//!
//! A thin target (no thickness) is the same integrand at the entry energy with depth 0; with
//! the energy loss off, E(x) is the entry energy at every depth (the depth stays uniform).
//! The events are in the lab frame, beam along +z, the slab's entry face at z = 0: the
//! production vertex is (0, 0, x, x) in mm (the muon crosses the slab at the speed of light).

use crate::phase_space::{DIM, Mapping};
use crate::process::{Process, WeightedPoint};
use crate::rng::uniform01;
use crate::unweight::{EventIds, EventSource, PlacedEvent, event_of};
use crate::vegas::Integrand;
use mfc_models::constants::PB_TO_CM2;
use mfc_models::material::{Material, depth};
use mfc_models::{FormFactorKind, MatrixElement, Mediator, Target};

/// Number of integration variables of [`SlabProcess`]: the element, the phase space, the depth.
pub const SLAB_DIM: usize = DIM + 2;

/// Steps of the RK4 depth profile of a thick slab.
pub const DEPTH_STEPS: usize = 400;

/// Why a slab cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SlabError {
    /// The process is closed on every element at the entry energy.
    #[error("the process is closed on every element of {material} at {energy} GeV (m_X too large)")]
    Closed {
        /// Material name.
        material: String,
        /// Entry energy (GeV).
        energy: f64,
    },
    /// The thickness is not a positive finite number.
    #[error("the thickness must be a positive number of cm, not {0}")]
    Thickness(f64),
}

/// The slab a card asks for (`target.material`, `target.thickness_cm`, `target.energy_loss`).
#[derive(Debug, Clone, PartialEq)]
pub struct SlabSpec {
    /// The material.
    pub material: Material,
    /// Thickness (cm); `None` for a thin target.
    pub thickness_cm: Option<f64>,
    /// Follow the mean energy loss.
    pub energy_loss: bool,
}

/// One element of the slab.
#[derive(Debug, Clone)]
pub struct SlabElement {
    /// The nucleus struck (the element's catalogue target or its most abundant isotope).
    pub target: Target,
    /// Atoms of this element per cm^3.
    pub atoms_per_cm3: f64,
    /// Atom fraction a_i = n_i / n.
    pub atom_fraction: f64,
    /// PDG code of the nucleus (10LZZZAAAI).
    pub nucleus_pdg: i32,
    me: MatrixElement,
}

/// A slab of a material as an integrand of dimension [`SLAB_DIM`] (pb per atom).
#[derive(Debug, Clone)]
pub struct SlabProcess {
    material: String,
    density_g_cm3: f64,
    elements: Vec<SlabElement>,
    /// Upper ends c_i of the elements' u_0 intervals (last = 1).
    cdf: Vec<f64>,
    /// Thickness (cm); `None` for a thin target.
    thickness_cm: Option<f64>,
    /// Mean muon energy at depths 0, L/steps, ..., L (one entry for a thin target).
    profile: Vec<f64>,
    mapping: Mapping,
}

/// One weighted point of the slab.
#[derive(Debug, Clone, Copy)]
pub struct SlabPoint {
    /// The point of the element's process at the muon energy at that depth.
    pub weighted: WeightedPoint,
    /// That process (for the momenta and masses).
    pub process: Process,
    /// Index into [`SlabProcess::elements`].
    pub element: usize,
    /// Interaction depth (cm).
    pub depth_cm: f64,
    /// Mean muon energy there (GeV).
    pub energy_gev: f64,
}

impl SlabProcess {
    /// The slab of `material`, entered by a muon of total energy `entry_energy` (GeV):
    /// thin (`thickness_cm = None`) or thick, following the mean energy loss if
    /// `energy_loss`.
    ///
    /// # Errors
    /// [`SlabError::Thickness`] for a bad thickness, [`SlabError::Closed`] if X cannot be
    /// produced on any element at the entry energy.
    pub fn new(
        material: &Material,
        mediator: &Mediator,
        form_factor: FormFactorKind,
        entry_energy: f64,
        thickness_cm: Option<f64>,
        energy_loss: bool,
        mapping: Mapping,
    ) -> Result<Self, SlabError> {
        if let Some(l) = thickness_cm
            && !(l > 0.0 && l.is_finite())
        {
            return Err(SlabError::Thickness(l));
        }
        let atoms = material.atoms_per_cm3();
        let n_total: f64 = atoms.iter().map(|(_, n)| n).sum();
        let elements: Vec<SlabElement> = atoms
            .iter()
            .map(|(el, n)| {
                let target = el.target();
                SlabElement {
                    nucleus_pdg: target.pdg_id().code(),
                    me: MatrixElement::new(mediator, &target, form_factor),
                    target,
                    atoms_per_cm3: *n,
                    atom_fraction: n / n_total,
                }
            })
            .collect();
        let open = elements
            .iter()
            .any(|e| Process::from_matrix_element(e.me, entry_energy, mapping).is_some());
        if !open {
            return Err(SlabError::Closed {
                material: material.name.clone(),
                energy: entry_energy,
            });
        }
        let mut acc = 0.0;
        let mut cdf: Vec<f64> = elements
            .iter()
            .map(|e| {
                acc += e.atom_fraction;
                acc
            })
            .collect();
        if let Some(last) = cdf.last_mut() {
            *last = 1.0;
        }
        let profile = match thickness_cm {
            Some(l) if energy_loss => depth::energy_profile(material, entry_energy, l, DEPTH_STEPS),
            _ => vec![entry_energy],
        };
        Ok(Self {
            material: material.name.clone(),
            density_g_cm3: material.density_g_cm3,
            elements,
            cdf,
            thickness_cm,
            profile,
            mapping,
        })
    }

    /// The material's name.
    #[must_use]
    pub fn material(&self) -> &str {
        &self.material
    }

    /// Density (g/cm^3).
    #[must_use]
    pub fn density_g_cm3(&self) -> f64 {
        self.density_g_cm3
    }

    /// The elements, in the material's order.
    #[must_use]
    pub fn elements(&self) -> &[SlabElement] {
        &self.elements
    }

    /// Thickness (cm), `None` for a thin target.
    #[must_use]
    pub fn thickness_cm(&self) -> Option<f64> {
        self.thickness_cm
    }

    /// Mean muon energy at the exit face (GeV; the entry energy for a thin target or without
    /// energy loss).
    #[must_use]
    pub fn exit_energy(&self) -> f64 {
        self.profile.last().copied().unwrap_or(0.0)
    }

    /// Atoms per cm^3 of all elements.
    #[must_use]
    pub fn atoms_per_cm3(&self) -> f64 {
        self.elements.iter().map(|e| e.atoms_per_cm3).sum()
    }

    /// Expected X per muon through the slab for a per-atom cross section `sigma_pb` (the
    /// integral of this integrand): n L sigma. `None` for a thin target.
    #[must_use]
    pub fn x_per_muon(&self, sigma_pb: f64) -> Option<f64> {
        self.thickness_cm
            .map(|l| self.atoms_per_cm3() * l * sigma_pb * PB_TO_CM2)
    }

    /// The mean muon energy (GeV) at depth `x` (cm): linear between the profile's steps.
    #[must_use]
    pub fn energy_at(&self, x: f64) -> f64 {
        let (Some(l), true) = (self.thickness_cm, self.profile.len() > 1) else {
            return self.profile[0];
        };
        let steps = self.profile.len() - 1;
        let s = (x / l * steps as f64).clamp(0.0, steps as f64);
        let k = (s.floor() as usize).min(steps - 1);
        let f = s - k as f64;
        self.profile[k] + f * (self.profile[k + 1] - self.profile[k])
    }

    /// Evaluates the point u (length [`SLAB_DIM`]); `None` where the integrand vanishes (e.g.
    /// an element on which the process is closed at the muon's energy at that depth).
    #[must_use]
    pub fn point(&self, u: &[f64]) -> Option<SlabPoint> {
        let last = self.cdf.len() - 1;
        let element = self.cdf.partition_point(|c| *c <= u[0]).min(last);
        let depth_cm = self.thickness_cm.map_or(0.0, |l| u[DIM + 1] * l);
        let energy_gev = self.energy_at(depth_cm);
        let process =
            Process::from_matrix_element(self.elements[element].me, energy_gev, self.mapping)?;
        let weighted = process.point(&u[1..=DIM])?;
        Some(SlabPoint {
            weighted,
            process,
            element,
            depth_cm,
            energy_gev,
        })
    }
}

impl Integrand for SlabProcess {
    fn dim(&self) -> usize {
        SLAB_DIM
    }

    fn evaluate(&self, u: &[f64]) -> f64 {
        self.point(u).map_or(0.0, |p| p.weighted.weight)
    }
}

impl EventSource for SlabProcess {
    type Point = SlabPoint;

    fn dim(&self) -> usize {
        SLAB_DIM
    }

    #[inline]
    fn weigh(&self, u: &[f64]) -> Option<(f64, SlabPoint)> {
        self.point(u).map(|p| (p.weighted.weight, p))
    }

    /// The lab event of the point's element (its nucleus id and mass on the nucleus lines)
    /// with a random azimuth, produced at (0, 0, x, x) mm.
    fn build(
        &self,
        p: &SlabPoint,
        rng: &mut rand_pcg::Pcg64Mcg,
        ids: EventIds,
        weight: f64,
    ) -> PlacedEvent {
        let phi = uniform01(rng) * std::f64::consts::TAU;
        let ids = EventIds {
            nucleus: self.elements[p.element].nucleus_pdg,
            ..ids
        };
        let z_mm = 10.0 * p.depth_cm;
        PlacedEvent {
            event: event_of(&p.process, &p.weighted, phi, ids, weight),
            vertex: [0.0, 0.0, z_mm, z_mm],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mfc_models::MediatorKind;

    fn slab(name: &str, l: Option<f64>, loss: bool) -> SlabProcess {
        let m = Material::by_name(name).unwrap();
        let x = Mediator::new(MediatorKind::Vector, 0.1, 1e-3).unwrap();
        SlabProcess::new(
            &m,
            &x,
            FormFactorKind::Elastic,
            50.0,
            l,
            loss,
            Mapping::Standard,
        )
        .unwrap()
    }

    #[test]
    fn elements_split_the_unit_interval_by_atom_fraction() {
        // PbWO4: one Pb, one W, four O per formula unit.
        let s = slab("PbWO4", None, false);
        let f: Vec<f64> = s.elements().iter().map(|e| e.atom_fraction).collect();
        let sym: Vec<&str> = s
            .elements()
            .iter()
            .map(|e| e.target.name.as_str())
            .collect();
        for (sym, f) in sym.iter().zip(&f) {
            let want = if *sym == "O" { 4.0 / 6.0 } else { 1.0 / 6.0 };
            assert!((f - want).abs() < 2e-3, "{sym}: {f} vs {want}");
        }
        assert_eq!(s.cdf.last().copied(), Some(1.0));
    }

    #[test]
    fn depth_and_energy_follow_the_profile() {
        let s = slab("Cu", Some(100.0), true);
        let m = Material::by_name("Cu").unwrap();
        let e_half = depth::energy_at_depth(&m, 50.0, 50.0);
        assert!((s.energy_at(50.0) / e_half - 1.0).abs() < 1e-6);
        assert_eq!(s.energy_at(0.0), 50.0);
        let u = [0.5, 0.3, 0.4, 0.5, 0.6, 0.25];
        let p = s.point(&u).unwrap();
        assert!((p.depth_cm - 25.0).abs() < 1e-12);
        assert!((p.energy_gev - s.energy_at(25.0)).abs() < 1e-12);
        // without energy loss the energy is the entry energy everywhere
        let s = slab("Cu", Some(100.0), false);
        assert_eq!(s.energy_at(80.0), 50.0);
        assert_eq!(s.exit_energy(), 50.0);
    }
}
