//! The physics process as an integrand: mu N -> mu N X at fixed beam energy.
//!
//! dsigma/du = GEV2_TO_PB * |M|^2 * (dPhi_3/du) / (4 M |p|)  (pb)   (physics.md Sec. 2, 4)

use crate::phase_space::{DIM, Mapping, PhaseSpace};
use crate::vegas::Integrand;
use mfc_models::constants::GEV2_TO_PB;
use mfc_models::kinematics::{Kinematics, Masses, PhaseSpacePoint};
use mfc_models::{FormFactorKind, MatrixElement, Mediator, Target};

/// A fully specified process: matrix element and phase space.
#[derive(Debug, Clone, Copy)]
pub struct Process {
    me: MatrixElement,
    phase_space: PhaseSpace,
    /// GEV2_TO_PB / (4 M |p|).
    norm: f64,
}

/// One weighted phase-space point.
#[derive(Debug, Clone, Copy)]
pub struct WeightedPoint {
    /// The physical variables.
    pub point: PhaseSpacePoint,
    /// Kinematics (light-cone) of the point.
    pub kinematics: Kinematics<f64>,
    /// dsigma/du in pb.
    pub weight: f64,
}

impl Process {
    /// Builds the process; `None` if it is kinematically closed at this energy.
    #[must_use]
    pub fn new(
        mediator: &Mediator,
        target: &Target,
        form_factor: FormFactorKind,
        beam_energy: f64,
        mapping: Mapping,
    ) -> Option<Self> {
        Self::from_matrix_element(
            MatrixElement::new(mediator, target, form_factor),
            beam_energy,
            mapping,
        )
    }

    /// The process of an already built matrix element at another beam energy (cheap: only
    /// the phase-space limits depend on the energy; used per point when folding a spectrum).
    #[must_use]
    pub fn from_matrix_element(
        me: MatrixElement,
        beam_energy: f64,
        mapping: Mapping,
    ) -> Option<Self> {
        let phase_space = PhaseSpace::new(me.masses(), beam_energy, mapping)?;
        Some(Self {
            me,
            phase_space,
            norm: GEV2_TO_PB * phase_space.inverse_flux(),
        })
    }

    /// The matrix element.
    #[must_use]
    pub fn matrix_element(&self) -> &MatrixElement {
        &self.me
    }

    /// The phase space.
    #[must_use]
    pub fn phase_space(&self) -> &PhaseSpace {
        &self.phase_space
    }

    /// The masses.
    #[must_use]
    pub fn masses(&self) -> Masses {
        self.me.masses()
    }

    /// Evaluates the point at u (None where the integrand vanishes).
    #[must_use]
    #[inline]
    pub fn point(&self, u: &[f64]) -> Option<WeightedPoint> {
        let mp = self.phase_space.map(u)?;
        let kin = mp.kinematics;
        let w = self.norm * self.me.me2_kinematics(&kin) * mp.jacobian;
        if !w.is_finite() {
            return None;
        }
        Some(WeightedPoint {
            point: mp.point,
            kinematics: kin,
            weight: w,
        })
    }
}

impl Integrand for Process {
    fn dim(&self) -> usize {
        DIM
    }

    #[inline]
    fn evaluate(&self, u: &[f64]) -> f64 {
        self.point(u).map_or(0.0, |p| p.weight)
    }
}
