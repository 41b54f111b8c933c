//! The thick-target material of a card: `[target] material`, `[target] thickness_cm` and user
//! materials `[materials.NAME]`:
//!
//! ```toml
//! [target]
//! material = "absorber"     # or a catalogue name: Cu, Fe, Pb, W, Al, C, LAr, polystyrene,
//! thickness_cm = 10.0       #   PbWO4, LYSO, brass
//! [materials.absorber]
//! density_g_cm3 = 8.0
//! mass_fractions = { Fe = 0.70, Cr = 0.20, Ni = 0.10 }   # or atoms = { Pb = 1, W = 1, O = 4 }
//! ```

use super::{CardError, RunCard};
use mfc_models::material::{Composition, Material};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `[materials.NAME]`: a user material (elements with atom counts or mass fractions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialCard {
    /// Density in g/cm^3.
    pub density_g_cm3: f64,
    /// Atoms per formula unit, by element symbol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub atoms: Option<BTreeMap<String, f64>>,
    /// Mass fractions (summing to 1), by element symbol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mass_fractions: Option<BTreeMap<String, f64>>,
}

impl RunCard {
    /// The thick-target material: `name` (a command-line choice) if given, else
    /// `target.material`, else the element of `target.name`; looked up first among the card's
    /// `[materials.NAME]` tables, then in the catalogue ([`Material::by_name`]).
    ///
    /// # Errors
    /// [`CardError::Invalid`] naming `target.material` (unknown name) or `materials`
    /// (a user material that is not valid).
    pub fn material(&self, name: Option<&str>) -> Result<Material, CardError> {
        let (field, key) = match (name, &self.target.material) {
            (Some(n), _) => ("--target", n),
            (None, Some(m)) => ("target.material", m.as_str()),
            (None, None) => ("target.name", self.target.name.as_str()),
        };
        if let Some(user) = self.materials.get(key) {
            return self.user_material(key, user);
        }
        Material::by_name(key).map_err(|e| {
            let user: Vec<&str> = self.materials.keys().map(String::as_str).collect();
            let reason = if user.is_empty() {
                e.to_string()
            } else {
                format!("{e}; the card's [materials] tables: {}", user.join(", "))
            };
            self.material_error(field, format!("{key:?}"), reason)
        })
    }

    /// The thickness in cm: `flag` if given, else `target.thickness_cm`.
    ///
    /// # Errors
    /// [`CardError::Invalid`] if neither is given or the value is not positive and finite.
    pub fn thickness_cm(&self, flag: Option<f64>) -> Result<f64, CardError> {
        let (field, value) = match (flag, self.target.thickness_cm) {
            (Some(v), _) => ("--thickness-cm", v),
            (None, Some(v)) => ("target.thickness_cm", v),
            (None, None) => {
                return Err(self.material_error(
                    "target.thickness_cm",
                    "(not set)",
                    "give the target thickness with --thickness-cm or target.thickness_cm",
                ));
            }
        };
        if !(value > 0.0 && value.is_finite() && value <= 1e6) {
            return Err(self.material_error(
                field,
                mfc_models::number::Num(value),
                "the thickness must be a positive number of cm, at most 1e6 (10 km)",
            ));
        }
        Ok(value)
    }

    fn user_material(&self, name: &str, m: &MaterialCard) -> Result<Material, CardError> {
        let owned: Vec<(String, f64)>;
        let composition = match (&m.atoms, &m.mass_fractions) {
            (Some(a), None) => {
                owned = a.iter().map(|(k, v)| (k.clone(), *v)).collect();
                true
            }
            (None, Some(w)) => {
                owned = w.iter().map(|(k, v)| (k.clone(), *v)).collect();
                false
            }
            _ => {
                return Err(self.material_error(
                    "materials",
                    format!("{name:?}"),
                    format!("[materials.{name}] needs exactly one of `atoms` or `mass_fractions`"),
                ));
            }
        };
        let list: Vec<(&str, f64)> = owned.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let c = if composition {
            Composition::AtomCounts(&list)
        } else {
            Composition::MassFractions(&list)
        };
        Material::new(name, m.density_g_cm3, c).map_err(|e| {
            self.material_error(
                "materials",
                format!("{name:?}"),
                format!("[materials.{name}]: {e}"),
            )
        })
    }

    fn material_error(
        &self,
        field: &'static str,
        value: impl std::fmt::Display,
        reason: impl Into<String>,
    ) -> CardError {
        let origin = if field.starts_with("--") {
            "(command line)".to_string()
        } else {
            self.origin().to_string()
        };
        CardError::Invalid {
            origin,
            field,
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_user_and_element_materials() {
        let card = RunCard::from_toml_str(
            "[target]\nmaterial = \"absorber\"\nthickness_cm = 12.5\n\
             [materials.absorber]\ndensity_g_cm3 = 8.0\n\
             mass_fractions = { Fe = 0.7, Cr = 0.2, Ni = 0.1 }\n",
            "t.toml",
        )
        .unwrap();
        let m = card.material(None).unwrap();
        assert_eq!(m.name, "absorber");
        assert_eq!(m.components().len(), 3);
        assert_eq!(card.thickness_cm(None).unwrap(), 12.5);
        assert_eq!(card.thickness_cm(Some(3.0)).unwrap(), 3.0);
        assert_eq!(card.material(Some("PbWO4")).unwrap().name, "PbWO4");
        // the default card: the element of target.name
        assert_eq!(RunCard::default().material(None).unwrap().name, "Cu");
        // a card that uses none of it serialises as before
        let text = RunCard::default().to_toml_string().unwrap();
        assert!(
            !text.contains("material") && !text.contains("thickness"),
            "{text}"
        );
        // round trip with the new fields
        let back = RunCard::from_toml_str(&card.to_toml_string().unwrap(), "b").unwrap();
        assert_eq!(back, card);
    }

    #[test]
    fn material_errors_name_the_field() {
        let card =
            RunCard::from_toml_str("[target]\nmaterial = \"kryptonite\"\n", "t.toml").unwrap();
        let e = card.material(None).unwrap_err().to_string();
        assert!(
            e.contains("target.material") && e.contains("kryptonite") && e.contains("t.toml"),
            "{e}"
        );
        let e = RunCard::default()
            .material(Some("xx"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("--target") && e.contains("command line"), "{e}");
        let card = RunCard::from_toml_str(
            "[materials.m]\ndensity_g_cm3 = 1.0\natoms = { Q = 1 }\n",
            "t.toml",
        )
        .unwrap();
        let e = card.material(Some("m")).unwrap_err().to_string();
        assert!(e.contains("materials") && e.contains("'Q'"), "{e}");
        let card =
            RunCard::from_toml_str("[materials.m]\ndensity_g_cm3 = 1.0\n", "t.toml").unwrap();
        let e = card.material(Some("m")).unwrap_err().to_string();
        assert!(e.contains("exactly one of"), "{e}");
        let e = RunCard::default()
            .thickness_cm(None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("--thickness-cm"), "{e}");
        let e = RunCard::default()
            .thickness_cm(Some(-1.0))
            .unwrap_err()
            .to_string();
        assert!(e.contains("--thickness-cm") && e.contains("-1"), "{e}");
        assert!(RunCard::from_toml_str("[materials.m]\ndensity = 1.0\n", "t").is_err());
    }
}
