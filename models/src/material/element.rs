//! Chemical elements: the numbers a material needs of each of its elements.
//!
//! Sources (cited once here, per column):
//! - `molar_mass_g_mol`: standard atomic weights as used by the PDG "Atomic and Nuclear
//!   Properties of Materials" tables (the <Z/A> of their muon tables, e.g. Cu 0.45636,
//!   Fe 0.46557, W 0.40252, is Z over these masses).
//! - `mean_excitation_ev`: the PDG tables' mean excitation energies I (ICRU Report 37 / 49
//!   values; e.g. Cu 322 eV, Pb 823 eV).
//! - `isotope_a`, `isotope_mass_u`: the most abundant isotope, whose nucleus the generator
//!   scatters on (one nucleus per element, as [`Target`] has always done); atomic masses from
//!   AME2020 (Wang et al., Chin. Phys. C 45, 030003 (2021)). The catalogue targets of
//!   `target.rs` (Cu-63, Fe-56, W-184, Pb-208, Al-27, C-12) are taken from there unchanged.
//! - `lambda_i_g_cm2`: nuclear interaction lengths of the PDG tables (`None` where not used).

use crate::target::Target;

/// One element.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Element {
    /// Symbol ("Cu").
    pub symbol: &'static str,
    /// English name ("copper").
    pub name: &'static str,
    /// Atomic number Z.
    pub z: u32,
    /// Standard atomic weight in g/mol.
    pub molar_mass_g_mol: f64,
    /// Mean excitation energy I of the element (condensed phase) in eV.
    pub mean_excitation_ev: f64,
    /// Mass number of the nucleus generated for this element.
    pub isotope_a: u32,
    /// Atomic mass of that isotope in u (AME2020).
    pub isotope_mass_u: f64,
    /// Nuclear interaction length in g/cm^2 (PDG), where known.
    pub lambda_i_g_cm2: Option<f64>,
}

/// The elements of the material catalogue (and what user materials may use).
pub const ELEMENTS: &[Element] = &[
    el(
        "H",
        "hydrogen",
        1,
        1.008,
        19.2,
        1,
        1.007_825_032,
        Some(52.0),
    ),
    el("C", "carbon", 6, 12.0107, 78.0, 12, 12.0, Some(85.8)),
    el(
        "N",
        "nitrogen",
        7,
        14.007,
        82.0,
        14,
        14.003_074_004,
        Some(89.7),
    ),
    el(
        "O",
        "oxygen",
        8,
        15.9994,
        95.0,
        16,
        15.994_914_620,
        Some(90.1),
    ),
    el(
        "Al",
        "aluminium",
        13,
        26.981_538_5,
        166.0,
        27,
        26.981_538_4,
        Some(107.2),
    ),
    el(
        "Si",
        "silicon",
        14,
        28.0855,
        173.0,
        28,
        27.976_926_535,
        Some(108.4),
    ),
    el(
        "Ar",
        "argon",
        18,
        39.948,
        188.0,
        40,
        39.962_383_124,
        Some(119.7),
    ),
    el(
        "Cr",
        "chromium",
        24,
        51.9961,
        257.0,
        52,
        51.940_504_71,
        None,
    ),
    el(
        "Fe",
        "iron",
        26,
        55.845,
        286.0,
        56,
        55.934_936_3,
        Some(132.1),
    ),
    el("Ni", "nickel", 28, 58.6934, 311.0, 58, 57.935_341_7, None),
    el(
        "Cu",
        "copper",
        29,
        63.546,
        322.0,
        63,
        62.929_597_5,
        Some(137.3),
    ),
    el("Zn", "zinc", 30, 65.38, 330.0, 64, 63.929_142_0, None),
    el("Y", "yttrium", 39, 88.905_84, 379.0, 89, 88.905_838_0, None),
    el(
        "Lu",
        "lutetium",
        71,
        174.9668,
        694.0,
        175,
        174.940_775_0,
        None,
    ),
    el(
        "W",
        "tungsten",
        74,
        183.84,
        727.0,
        184,
        183.950_933_2,
        Some(191.9),
    ),
    el(
        "Pb",
        "lead",
        82,
        207.2,
        823.0,
        208,
        207.976_652_5,
        Some(199.6),
    ),
];

#[allow(clippy::too_many_arguments)]
const fn el(
    symbol: &'static str,
    name: &'static str,
    z: u32,
    molar_mass_g_mol: f64,
    mean_excitation_ev: f64,
    isotope_a: u32,
    isotope_mass_u: f64,
    lambda_i_g_cm2: Option<f64>,
) -> Element {
    Element {
        symbol,
        name,
        z,
        molar_mass_g_mol,
        mean_excitation_ev,
        isotope_a,
        isotope_mass_u,
        lambda_i_g_cm2,
    }
}

impl Element {
    /// Looks an element up by symbol or English name, case-insensitively ("cu", "Copper").
    #[must_use]
    pub fn by_symbol(s: &str) -> Option<&'static Self> {
        let key = s.trim();
        ELEMENTS.iter().find(|e| {
            e.symbol.eq_ignore_ascii_case(key)
                || e.name.eq_ignore_ascii_case(key)
                || (e.symbol == "Al" && key.eq_ignore_ascii_case("aluminum"))
        })
    }

    /// The symbols of all known elements.
    #[must_use]
    pub fn symbols() -> Vec<&'static str> {
        ELEMENTS.iter().map(|e| e.symbol).collect()
    }

    /// The nucleus generated for this element: the catalogue target of `target.rs` where
    /// there is one (identical to `--target Cu` etc.), otherwise the most abundant isotope.
    #[must_use]
    pub fn target(&self) -> Target {
        let mut t = Target::by_name(self.symbol)
            .ok()
            .filter(|t| t.z == self.z && t.a == self.isotope_a)
            .unwrap_or_else(|| {
                Target::custom(self.z, self.isotope_a, self.isotope_mass_u).unwrap_or_else(|_| {
                    unreachable!("the element table holds physical isotopes (tested)")
                })
            });
        t.name = self.symbol.to_string();
        t
    }

    /// Radiation length in g/cm^2 from Tsai's formula, PDG review "Passage of particles
    /// through matter", Eq. (34.26) (2022 numbering):
    /// 1/X0 = 4 alpha r_e^2 N_A/A {Z^2 [L_rad - f(Z)] + Z L'_rad}, with L_rad, L'_rad of
    /// PDG Table 34.2 (H..Li exact, ln(184.15 Z^-1/3), ln(1194 Z^-2/3) above) and the Coulomb
    /// correction f(Z) of Eq. (34.27).
    #[must_use]
    pub fn radiation_length_g_cm2(&self) -> f64 {
        /// 4 alpha r_e^2 N_A in cm^2/mol, i.e. 1/(716.408 g cm^-2) for A = 1 g/mol (PDG
        /// Table 34.1).
        const FOUR_ALPHA_RE2_NA: f64 = 1.0 / 716.408;
        let z = f64::from(self.z);
        let (l_rad, l_rad_p) = match self.z {
            1 => (5.31, 6.144),
            2 => (4.79, 5.621),
            3 => (4.74, 5.805),
            4 => (4.71, 5.924),
            _ => (
                (184.15 * z.powf(-1.0 / 3.0)).ln(),
                (1194.0 * z.powf(-2.0 / 3.0)).ln(),
            ),
        };
        let a2 = (crate::constants::ALPHA * z).powi(2);
        let f = a2
            * (1.0 / (1.0 + a2) + 0.20206 - 0.0369 * a2 + 0.0083 * a2 * a2 - 0.002 * a2 * a2 * a2);
        self.molar_mass_g_mol / (FOUR_ALPHA_RE2_NA * (z * z * (l_rad - f) + z * l_rad_p))
    }
}
