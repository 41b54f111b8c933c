//! Nuclear-atomic form factors of the photon-nucleus vertex, G2(t) = Z^2 |F(t)|^2 (+ inelastic).
//!
//! Source: Bjorken, Essig, Schuster, Toro (BEST), arXiv:0906.0580, App. A, Eqs. (A18)-(A19),
//! after Tsai, RMP 46, 815 (1974). The inelastic term as corrected by PETITE,
//! arXiv:2401.06843 App. B, Eqs. (B.2)-(B.3) (nucleon factor to the first power).
//! Convention: t = -q^2 > 0; atomic screening uses the ELECTRON mass for any beam.

use crate::constants::{M_E, M_P, MU_P};
use crate::error::ModelError;
use crate::target::Target;
use serde::{Deserialize, Serialize};

/// Which form factor enters the photon-nucleus vertex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FormFactorKind {
    /// Elastic (screened) nuclear form factor only, BEST Eq. (A18).
    #[serde(rename = "elastic")]
    Elastic,
    /// Elastic plus quasi-elastic (inelastic) term, inelastic as corrected by arXiv:2401.06843.
    #[serde(rename = "elastic+inelastic")]
    ElasticInelastic,
    /// Elastic plus inelastic exactly as printed in BEST Eq. (A19) (nucleon factor squared).
    #[serde(rename = "elastic+inelastic-best")]
    ElasticInelasticBest,
    /// Point-like nucleus: G2 = Z^2.
    #[serde(rename = "none")]
    None,
}

impl FormFactorKind {
    /// All kinds with their command-line names.
    pub const ALL: [(Self, &'static str); 4] = [
        (Self::Elastic, "elastic"),
        (Self::ElasticInelastic, "elastic+inelastic"),
        (Self::ElasticInelasticBest, "elastic+inelastic-best"),
        (Self::None, "none"),
    ];

    /// The command-line / card name.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("elastic", |(_, n)| n)
    }
}

impl std::str::FromStr for FormFactorKind {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase();
        Self::ALL
            .iter()
            .find(|(_, n)| *n == key)
            .map(|(k, _)| *k)
            .ok_or_else(|| ModelError::UnknownFormFactor(s.to_string()))
    }
}

/// A form factor bound to a target, with its scales precomputed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FormFactor {
    kind: FormFactorKind,
    z: f64,
    /// 1/a^2 with a = 111 Z^(-1/3)/m_e (elastic screening scale), GeV^2.
    t_a: f64,
    /// d = 0.164 GeV^2 A^(-2/3) (nuclear size scale), GeV^2.
    t_d: f64,
    /// 1/a'^2 with a' = 773 Z^(-2/3)/m_e (inelastic screening scale), GeV^2.
    t_ap: f64,
}

impl FormFactor {
    /// Binds `kind` to `target`. Source: BEST App. A, below Eq. (A19).
    #[must_use]
    pub fn new(kind: FormFactorKind, target: &Target) -> Self {
        let z = f64::from(target.z);
        let a = f64::from(target.a);
        let a_el = 111.0 * z.powf(-1.0 / 3.0) / M_E;
        let a_in = 773.0 * z.powf(-2.0 / 3.0) / M_E;
        Self {
            kind,
            z,
            t_a: 1.0 / (a_el * a_el),
            t_d: 0.164 * a.powf(-2.0 / 3.0),
            t_ap: 1.0 / (a_in * a_in),
        }
    }

    /// The kind this form factor was built with.
    #[must_use]
    pub fn kind(&self) -> FormFactorKind {
        self.kind
    }

    /// Atomic screening scale 1/a^2 (GeV^2).
    #[must_use]
    pub fn screening_scale(&self) -> f64 {
        self.t_a
    }

    /// Nuclear size scale d (GeV^2).
    #[must_use]
    pub fn nuclear_scale(&self) -> f64 {
        self.t_d
    }

    /// Elastic term, BEST Eq. (A18): Z^2 [a^2 t/(1+a^2 t)]^2 [1/(1+t/d)]^2.
    #[must_use]
    pub fn elastic(&self, t: f64) -> f64 {
        let screen = t / (self.t_a + t);
        let nuclear = self.t_d / (self.t_d + t);
        self.z * self.z * screen * screen * nuclear * nuclear
    }

    /// Inelastic term. With `squared_nucleon = true`, BEST Eq. (A19) as printed;
    /// otherwise corrected as in arXiv:2401.06843 Eqs. (B.2)-(B.3).
    #[must_use]
    pub fn inelastic(&self, t: f64, squared_nucleon: bool) -> f64 {
        let screen = t / (self.t_ap + t);
        let dipole = 1.0 + t / 0.71;
        let d2 = dipole * dipole;
        let nucleon = (1.0 + t * (MU_P * MU_P - 1.0) / (4.0 * M_P * M_P)) / (d2 * d2);
        let nucleon = if squared_nucleon {
            nucleon * nucleon
        } else {
            nucleon
        };
        self.z * screen * screen * nucleon
    }

    /// G2(t) (dimensionless), the factor that replaces Z^2 |F(t)|^2 in |M|^2.
    #[must_use]
    pub fn g2(&self, t: f64) -> f64 {
        match self.kind {
            FormFactorKind::None => self.z * self.z,
            FormFactorKind::Elastic => self.elastic(t),
            FormFactorKind::ElasticInelastic => self.elastic(t) + self.inelastic(t, false),
            FormFactorKind::ElasticInelasticBest => self.elastic(t) + self.inelastic(t, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cu(kind: FormFactorKind) -> FormFactor {
        FormFactor::new(kind, &Target::copper())
    }

    #[test]
    fn copper_scales_match_physics_md() {
        // physics.md Sec. 3: Cu 1/a^2 = 2.0004e-10 GeV^2, d = 0.0103582 GeV^2.
        let f = cu(FormFactorKind::Elastic);
        assert!((f.screening_scale() / 2.0004e-10 - 1.0).abs() < 2e-4);
        assert!((f.nuclear_scale() / 0.010_358_2 - 1.0).abs() < 1e-5);
    }

    #[test]
    fn elastic_tends_to_z_squared_between_scales() {
        // For 1/a^2 << t << d the form factor -> 1 (G2 -> Z^2).
        let f = cu(FormFactorKind::Elastic);
        let t = (f.screening_scale() * f.nuclear_scale()).sqrt(); // geometric middle ~1.4e-6
        let ratio = f.g2(t) / (29.0 * 29.0);
        // corrections: 2/(a^2 t) + 2 t/d ~ 2.8e-4 each
        assert!((ratio - 1.0).abs() < 1e-3, "{ratio}");
        assert!(
            (ratio - 1.0).abs() > 1e-5,
            "screening and size corrections present"
        );
        // Deep screening: G2 ~ Z^2 (a^2 t)^2
        let t = 1e-14;
        let expect = 29.0 * 29.0 * (t / f.screening_scale()).powi(2);
        assert!((f.g2(t) / expect - 1.0).abs() < 1e-3);
        // Far above d: G2 ~ Z^2 (d/t)^2
        let t = 100.0;
        let expect = 29.0 * 29.0 * (f.nuclear_scale() / t).powi(2);
        assert!((f.g2(t) / expect - 1.0).abs() < 1e-3);
    }

    #[test]
    fn inelastic_variants_and_names() {
        let t = 0.05;
        let best = cu(FormFactorKind::ElasticInelasticBest);
        let fixed = cu(FormFactorKind::ElasticInelastic);
        let el = cu(FormFactorKind::Elastic);
        let i_best = best.g2(t) - el.g2(t);
        let i_fix = fixed.g2(t) - el.g2(t);
        // corrected term is the square root of the nucleon factor: ratio = nucleon factor
        let dip = (1.0 + t / 0.71_f64).powi(4);
        let nucleon = (1.0 + t * (MU_P * MU_P - 1.0) / (4.0 * M_P * M_P)) / dip;
        assert!((i_best / i_fix - nucleon).abs() < 1e-12);
        assert!(i_fix > i_best);
        assert_eq!(cu(FormFactorKind::None).g2(1e-3), 841.0);
        for (k, n) in FormFactorKind::ALL {
            assert_eq!(n.parse::<FormFactorKind>().unwrap(), k);
            assert_eq!(k.name(), n);
        }
        assert!("dipole".parse::<FormFactorKind>().is_err());
    }
}
