//! Target nuclei: charge, mass number, masses, density and radiation length.

use crate::constants::{AMU, M_E};
use crate::error::ModelError;
use crate::pdg::PdgId;
use serde::{Deserialize, Serialize};

/// A target nucleus (one isotope) and the bulk material it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Name as used on the command line and in cards.
    pub name: String,
    /// Atomic number Z.
    pub z: u32,
    /// Mass number A.
    pub a: u32,
    /// Atomic mass in u (isotope). Source: AME2020 (Wang et al., Chin. Phys. C 45, 030003).
    pub atomic_mass_u: f64,
    /// Bulk density in g/cm^3. Source: PDG "Atomic and nuclear properties of materials".
    pub density_g_cm3: f64,
    /// Radiation length in cm. Source: PDG "Atomic and nuclear properties of materials".
    pub radiation_length_cm: f64,
}

/// (name, Z, A, atomic mass [u], density [g/cm^3], X0 [cm]).
/// Masses: AME2020 (Cu-63 as in physics.md Sec. 1); density and X0: PDG material tables.
const CATALOGUE: &[(&str, u32, u32, f64, f64, f64)] = &[
    ("Cu", 29, 63, 62.929_597_5, 8.960, 1.436),
    ("Fe", 26, 56, 55.934_936_3, 7.874, 1.757),
    ("W", 74, 184, 183.950_933_2, 19.300, 0.3504),
    ("Pb", 82, 208, 207.976_652_5, 11.350, 0.5612),
    ("Al", 13, 27, 26.981_538_4, 2.699, 8.897),
    ("C", 6, 12, 12.0, 2.210, 19.32),
];

impl Target {
    /// Copper-63, the default target of GKSST (Sec. IV.A).
    #[must_use]
    pub fn copper() -> Self {
        Self::by_name("Cu").unwrap_or_else(|_| unreachable!("Cu is in the catalogue"))
    }

    /// Names of the catalogue targets.
    #[must_use]
    pub fn catalogue_names() -> Vec<&'static str> {
        CATALOGUE.iter().map(|c| c.0).collect()
    }

    /// Looks a target up by element symbol ("Cu"), symbol-mass ("Cu63", "Cu-63") or
    /// name, case-insensitively; or parses a user target "Z,A,mass_u" (e.g. "29,63,62.93").
    ///
    /// # Errors
    /// [`ModelError::UnknownTarget`] for a name not in the catalogue,
    /// [`ModelError::InvalidParameter`] for an unphysical user target.
    pub fn by_name(name: &str) -> Result<Self, ModelError> {
        let key = name.trim();
        if key.contains(',') {
            let parts: Vec<&str> = key.split(',').map(str::trim).collect();
            let bad = || ModelError::UnknownTarget(name.to_string());
            if parts.len() != 3 {
                return Err(bad());
            }
            let z: u32 = parts[0].parse().map_err(|_| bad())?;
            let a: u32 = parts[1].parse().map_err(|_| bad())?;
            let m: f64 = parts[2].parse().map_err(|_| bad())?;
            return Self::custom(z, a, m);
        }
        let lower = key.to_ascii_lowercase().replace('-', "");
        for &(sym, z, a, m, rho, x0) in CATALOGUE {
            let s = sym.to_ascii_lowercase();
            let long = match sym {
                "Cu" => "copper",
                "Fe" => "iron",
                "W" => "tungsten",
                "Pb" => "lead",
                "Al" => "aluminium",
                _ => "carbon",
            };
            if lower == s || lower == format!("{s}{a}") || lower == long {
                return Ok(Self {
                    name: sym.to_string(),
                    z,
                    a,
                    atomic_mass_u: m,
                    density_g_cm3: rho,
                    radiation_length_cm: x0,
                });
            }
        }
        Err(ModelError::UnknownTarget(name.to_string()))
    }

    /// A user-defined target. Density and radiation length are unknown (set to NaN) and
    /// must be given separately where a luminosity is computed.
    ///
    /// # Errors
    /// [`ModelError::InvalidParameter`] if Z, A or the mass is unphysical.
    pub fn custom(z: u32, a: u32, atomic_mass_u: f64) -> Result<Self, ModelError> {
        if z == 0 || z > 120 {
            return Err(ModelError::InvalidParameter {
                field: "target Z",
                value: f64::from(z),
                reason: "must be 1..=120",
            });
        }
        if a < z {
            return Err(ModelError::InvalidParameter {
                field: "target A",
                value: f64::from(a),
                reason: "must be >= Z",
            });
        }
        // Every nuclide's atomic mass lies within 1 % of its mass number A (the largest relative
        // mass excess is H-1's, 1.00783 u: 0.8 %; AME2020); 2 % still catches a mass given in GeV
        // instead of u (7 % lower).
        if !(atomic_mass_u.is_finite() && (atomic_mass_u / f64::from(a) - 1.0).abs() < 0.02) {
            return Err(ModelError::InvalidParameter {
                field: "target mass",
                value: atomic_mass_u,
                reason: "the atomic mass in u must lie within 2 % of A",
            });
        }
        Ok(Self {
            name: format!("Z{z}A{a}"),
            z,
            a,
            atomic_mass_u,
            density_g_cm3: f64::NAN,
            radiation_length_cm: f64::NAN,
        })
    }

    /// Nuclear mass in GeV: atomic mass minus Z electron masses (binding neglected,
    /// physics.md Sec. 1).
    #[must_use]
    pub fn nucleus_mass(&self) -> f64 {
        self.atomic_mass_u * AMU - f64::from(self.z) * M_E
    }

    /// PDG code 10LZZZAAAI of the nucleus.
    #[must_use]
    pub fn pdg_id(&self) -> PdgId {
        PdgId::nucleus(self.z, self.a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copper_is_default_and_has_physics_md_mass() {
        let cu = Target::copper();
        assert_eq!((cu.z, cu.a), (29, 63));
        assert!((cu.nucleus_mass() - 58.603_73).abs() < 2e-5);
        assert_eq!(cu.pdg_id().code(), 1_000_290_630);
    }

    #[test]
    fn iron_radiation_length_is_gksst_footnote() {
        // GKSST footnote 1: X0 = 1.757 cm in iron, 253 cm = 144 X0.
        let fe = Target::by_name("iron").unwrap();
        assert!((253.0 / fe.radiation_length_cm - 144.0).abs() < 0.5);
    }

    #[test]
    fn lookups_and_errors() {
        for n in ["Cu", "cu", "Cu63", "Cu-63", "copper"] {
            assert_eq!(Target::by_name(n).unwrap().z, 29, "{n}");
        }
        for n in Target::catalogue_names() {
            let t = Target::by_name(n).unwrap();
            // nucleus mass within 1% of A u
            assert!((t.nucleus_mass() / (f64::from(t.a) * AMU) - 1.0).abs() < 0.01);
        }
        assert!(matches!(
            Target::by_name("Xx"),
            Err(ModelError::UnknownTarget(_))
        ));
        let u = Target::by_name("29, 63, 62.93").unwrap();
        assert_eq!((u.z, u.a), (29, 63));
        assert!(Target::by_name("0,1,1").is_err());
        assert!(Target::by_name("29,63").is_err());
    }

    #[test]
    fn user_target_mass_must_be_close_to_a() {
        // Pb-208 (207.9766521 u, AME2020) is accepted; a mass in GeV or 1e300 u is not, and
        // the message prints the value as written.
        assert!(Target::by_name("82,208,207.9766521").is_ok());
        for bad in ["29,63,58.6", "29,63,1e300", "29,63,inf", "29,63,-63"] {
            let e = Target::by_name(bad).unwrap_err().to_string();
            assert!(e.contains("target mass") && e.len() < 120, "{bad}: {e}");
        }
        let e = Target::by_name("29,63,1e300").unwrap_err().to_string();
        assert!(e.contains("1e300"), "{e}");
    }
}
