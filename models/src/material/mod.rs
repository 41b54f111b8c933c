//! Materials: elements, compounds and mixtures with their densities, and the mean energy
//! loss of muons in them (physics only, no I/O).
//!
//! - [`element`]: Z, standard atomic weight, mean excitation energy, the generated isotope.
//! - [`Material`]: a catalogue material ([`Material::by_name`]: Cu, Fe, Pb, W, Al, C, LAr,
//!   polystyrene, PbWO4, LYSO, brass) or a user material ([`Material::new`]); atoms per cm^3
//!   n_i = rho N_A w_i / M_i (docs/physics.md Sec. 9).
//! - [`energy_loss`], [`radiative`]: -dE/dx = a(E) + b(E) E (mean, continuous loss).
//! - [`depth`]: the muon energy at a depth (RK4) and CSDA ranges (Simpson in ln E).

mod catalogue;
pub mod depth;
pub mod element;
pub mod energy_loss;
pub mod radiative;
#[cfg(test)]
mod tests;

pub use element::Element;
pub use energy_loss::{Ionisation, Sternheimer};

use catalogue::{CATALOGUE, Entry, Recipe};
use thiserror::Error;

/// Avogadro's number in 1/mol (CODATA 2018, exact).
pub const AVOGADRO: f64 = 6.022_140_76e23;

/// What is wrong with a material description.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum MaterialError {
    /// A name that is neither a catalogue material nor an element.
    #[error("unknown material '{name}' (known: {known})")]
    Unknown {
        /// The name as given.
        name: String,
        /// The catalogue names.
        known: String,
    },
    /// An element symbol that is not in the element table.
    #[error("material '{material}': unknown element '{symbol}' (known: {known})")]
    UnknownElement {
        /// The material.
        material: String,
        /// The symbol as given.
        symbol: String,
        /// The known symbols.
        known: String,
    },
    /// A fraction or count that is not a positive finite number.
    #[error("material '{material}': the amount of {symbol} must be a positive number, not {value}")]
    BadAmount {
        /// The material.
        material: String,
        /// The element.
        symbol: String,
        /// The value as a number.
        value: f64,
    },
    /// Mass fractions that do not add up to 1.
    #[error("material '{material}': the mass fractions add up to {sum:.4}, not 1 (within 1e-3)")]
    FractionSum {
        /// The material.
        material: String,
        /// Their sum.
        sum: f64,
    },
    /// No elements at all.
    #[error("material '{0}' has no elements")]
    Empty(String),
    /// The same element twice.
    #[error("material '{material}': element {symbol} is listed twice")]
    Duplicate {
        /// The material.
        material: String,
        /// The element.
        symbol: String,
    },
    /// A density that is not positive and finite, or beyond any material (osmium, 22.6).
    #[error("material '{material}': density {value} g/cm^3 must lie in (0, 25]")]
    BadDensity {
        /// The material.
        material: String,
        /// The value.
        value: f64,
    },
}

/// How a user material is made of elements.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Composition<'a> {
    /// Atoms per formula unit or any proportional counts (PbWO4: Pb 1, W 1, O 4).
    AtomCounts(&'a [(&'a str, f64)]),
    /// Mass fractions, summing to 1 within 1e-3.
    MassFractions(&'a [(&'a str, f64)]),
}

/// One element of a material and its share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Component {
    /// The element.
    pub element: &'static Element,
    /// Its mass fraction w_i (the fractions sum to 1).
    pub mass_fraction: f64,
}

/// A homogeneous material.
#[derive(Debug, Clone, PartialEq)]
pub struct Material {
    /// Name (catalogue name, or the user's).
    pub name: String,
    /// Density in g/cm^3.
    pub density_g_cm3: f64,
    components: Vec<Component>,
    /// Ionisation constants (tabulated, or by the mixture rules).
    pub ionisation: Ionisation,
    radiation_length_cm: f64,
    interaction_length_cm: Option<f64>,
    /// Where the numbers come from.
    pub source: String,
}

impl Material {
    /// The catalogue names.
    #[must_use]
    pub fn catalogue_names() -> Vec<&'static str> {
        CATALOGUE.iter().map(|e| e.name).collect()
    }

    /// A catalogue material by name or alias, case-insensitively ("Cu", "copper", "PbWO4",
    /// "lead-tungstate"). Other elements need a density: [`Material::new`].
    ///
    /// # Errors
    /// [`MaterialError::Unknown`] for a name not in the catalogue.
    pub fn by_name(name: &str) -> Result<Self, MaterialError> {
        let key = name.trim().to_ascii_lowercase();
        let entry = CATALOGUE
            .iter()
            .find(|e| e.name.to_ascii_lowercase() == key || e.aliases.contains(&key.as_str()))
            .ok_or_else(|| MaterialError::Unknown {
                name: name.to_string(),
                known: Self::catalogue_names().join(", "),
            })?;
        Self::from_entry(entry)
    }

    fn from_entry(entry: &Entry) -> Result<Self, MaterialError> {
        let composition = match entry.recipe {
            Recipe::AtomCounts(c) => Composition::AtomCounts(c),
            Recipe::MassFractions(c) => Composition::MassFractions(c),
        };
        let mut m = Self::new(entry.name, entry.density_g_cm3, composition)?;
        if let Some((i, s)) = entry.ionisation {
            m.ionisation.mean_excitation_ev = i;
            m.ionisation.sternheimer = s;
        }
        if let Some(x0) = entry.radiation_length_cm {
            m.radiation_length_cm = x0;
        }
        if entry.interaction_length_cm.is_some() {
            m.interaction_length_cm = entry.interaction_length_cm;
        }
        m.source = entry.source.to_string();
        Ok(m)
    }

    /// A user material: elements with atom counts or mass fractions, and a density. The mean
    /// excitation energy follows Bragg additivity, the density effect the Sternheimer-Peierls
    /// recipe for condensed matter, X0 and lambda_I the mixture rule 1/X = sum w_i / X_i
    /// (PDG review "Passage of particles through matter", Eq. (34.28)).
    ///
    /// # Errors
    /// [`MaterialError`] naming the material and the offending element or value.
    pub fn new(
        name: &str,
        density_g_cm3: f64,
        composition: Composition<'_>,
    ) -> Result<Self, MaterialError> {
        if !(density_g_cm3 > 0.0 && density_g_cm3 <= 25.0) {
            return Err(MaterialError::BadDensity {
                material: name.to_string(),
                value: density_g_cm3,
            });
        }
        let (list, by_mass) = match composition {
            Composition::AtomCounts(c) => (c, false),
            Composition::MassFractions(c) => (c, true),
        };
        if list.is_empty() {
            return Err(MaterialError::Empty(name.to_string()));
        }
        let mut parts: Vec<(&'static Element, f64)> = Vec::with_capacity(list.len());
        for &(symbol, amount) in list {
            let element =
                Element::by_symbol(symbol).ok_or_else(|| MaterialError::UnknownElement {
                    material: name.to_string(),
                    symbol: symbol.to_string(),
                    known: Element::symbols().join(", "),
                })?;
            if !(amount > 0.0 && amount.is_finite()) {
                return Err(MaterialError::BadAmount {
                    material: name.to_string(),
                    symbol: symbol.to_string(),
                    value: amount,
                });
            }
            if parts.iter().any(|(e, _)| e.z == element.z) {
                return Err(MaterialError::Duplicate {
                    material: name.to_string(),
                    symbol: element.symbol.to_string(),
                });
            }
            let mass = if by_mass {
                amount
            } else {
                amount * element.molar_mass_g_mol
            };
            parts.push((element, mass));
        }
        let total: f64 = parts.iter().map(|p| p.1).sum();
        if by_mass && (total - 1.0).abs() > 1e-3 {
            return Err(MaterialError::FractionSum {
                material: name.to_string(),
                sum: total,
            });
        }
        let components: Vec<Component> = parts
            .iter()
            .map(|&(element, m)| Component {
                element,
                mass_fraction: m / total,
            })
            .collect();
        let weighted: Vec<(&Element, f64)> = components
            .iter()
            .map(|c| (c.element, c.mass_fraction))
            .collect();
        let z_over_a: f64 = weighted
            .iter()
            .map(|(e, w)| w * f64::from(e.z) / e.molar_mass_g_mol)
            .sum();
        let mean_excitation_ev = energy_loss::bragg_mean_excitation_ev(&weighted);
        let inv_x0: f64 = weighted
            .iter()
            .map(|(e, w)| w / e.radiation_length_g_cm2())
            .sum();
        let inv_lambda: Option<f64> = weighted
            .iter()
            .map(|(e, w)| e.lambda_i_g_cm2.map(|l| w / l))
            .sum();
        Ok(Self {
            name: name.to_string(),
            density_g_cm3,
            components,
            ionisation: Ionisation {
                z_over_a,
                mean_excitation_ev,
                sternheimer: Sternheimer::condensed(mean_excitation_ev, density_g_cm3, z_over_a),
            },
            radiation_length_cm: 1.0 / (inv_x0 * density_g_cm3),
            interaction_length_cm: inv_lambda.map(|il| 1.0 / (il * density_g_cm3)),
            source: "user material (Bragg additivity, Sternheimer-Peierls, mixture rules)"
                .to_string(),
        })
    }

    /// The elements with their mass fractions.
    #[must_use]
    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// Atoms of each element per cm^3: n_i = rho N_A w_i / M_i.
    #[must_use]
    pub fn atoms_per_cm3(&self) -> Vec<(&'static Element, f64)> {
        self.components
            .iter()
            .map(|c| {
                (
                    c.element,
                    self.density_g_cm3 * AVOGADRO * c.mass_fraction / c.element.molar_mass_g_mol,
                )
            })
            .collect()
    }

    /// Radiation length X0 in cm.
    #[must_use]
    pub fn radiation_length_cm(&self) -> f64 {
        self.radiation_length_cm
    }

    /// Nuclear interaction length lambda_I in cm, if known for every element.
    #[must_use]
    pub fn interaction_length_cm(&self) -> Option<f64> {
        self.interaction_length_cm
    }

    /// b(E) in cm^2/g: the mass-weighted sum over the elements ([`radiative`]).
    #[must_use]
    pub fn radiative_b(&self, energy: f64) -> f64 {
        self.components
            .iter()
            .map(|c| c.mass_fraction * radiative::element_b(c.element, energy))
            .sum()
    }

    /// (a(E), b(E) E) in MeV cm^2/g at total muon energy `energy` (GeV).
    #[must_use]
    pub fn mass_stopping_power(&self, energy: f64) -> (f64, f64) {
        (
            self.ionisation.a_mev_cm2_g(energy),
            self.radiative_b(energy) * energy * 1e3,
        )
    }

    /// Mean energy loss -dE/dx in GeV/cm at total muon energy `energy` (GeV).
    #[must_use]
    pub fn dedx_gev_per_cm(&self, energy: f64) -> f64 {
        let (a, be) = self.mass_stopping_power(energy);
        (a + be) * 1e-3 * self.density_g_cm3
    }
}
