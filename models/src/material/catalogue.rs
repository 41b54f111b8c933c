//! The material catalogue: composition, density and, where the PDG tabulates them, the
//! ionisation constants, radiation length X0 and nuclear interaction length lambda_I.
//!
//! Source of every number unless noted: PDG "Atomic and Nuclear Properties of Materials"
//! (pdg.lbl.gov/AtomicNuclearProperties; Groom, Mokhov, Striganov ADNDT 78 (2001) 183 for the
//! muon tables), as printed in the headers of the PDG-format muon tables (I, Sternheimer
//! a, k, x0, x1, Cbar, delta0: niess/pumas-materials `dedx/muon/*.txt`, which copy them;
//! x0 as printed there). Materials without PDG constants (LYSO, brass) get I by Bragg
//! additivity and the Sternheimer-Peierls density effect ([`super::energy_loss`]).

use super::energy_loss::Sternheimer;

/// How a catalogue material is made of elements.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Recipe {
    /// Atoms per formula unit (PbWO4: Pb 1, W 1, O 4).
    AtomCounts(&'static [(&'static str, f64)]),
    /// Mass fractions summing to 1.
    MassFractions(&'static [(&'static str, f64)]),
}

/// One catalogue entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// Canonical name.
    pub name: &'static str,
    /// Other accepted names (lower case).
    pub aliases: &'static [&'static str],
    /// g/cm^3.
    pub density_g_cm3: f64,
    /// Composition.
    pub recipe: Recipe,
    /// (I in eV, Sternheimer) from the PDG tables; `None`: Bragg + Sternheimer-Peierls.
    pub ionisation: Option<(f64, Sternheimer)>,
    /// X0 in cm (PDG); `None`: computed from the elements (mixture rule).
    pub radiation_length_cm: Option<f64>,
    /// lambda_I in cm (PDG); `None`: computed from the elements where they have one.
    pub interaction_length_cm: Option<f64>,
    /// Where the composition and density come from.
    pub source: &'static str,
}

const fn st(a: f64, k: f64, x0: f64, x1: f64, cbar: f64, delta0: f64) -> Sternheimer {
    Sternheimer {
        a,
        k,
        x0,
        x1,
        cbar,
        delta0,
    }
}

const PDG: &str = "PDG Atomic and Nuclear Properties of Materials";

pub(crate) const CATALOGUE: &[Entry] = &[
    Entry {
        name: "Cu",
        aliases: &["copper", "cu63"],
        density_g_cm3: 8.960,
        recipe: Recipe::AtomCounts(&[("Cu", 1.0)]),
        ionisation: Some((322.0, st(0.1434, 2.9044, 0.0254, 3.2792, 4.4190, 0.08))),
        radiation_length_cm: Some(1.436),
        interaction_length_cm: Some(15.32),
        source: PDG,
    },
    Entry {
        name: "Fe",
        aliases: &["iron", "fe56"],
        density_g_cm3: 7.874,
        recipe: Recipe::AtomCounts(&[("Fe", 1.0)]),
        ionisation: Some((286.0, st(0.1468, 2.9632, 0.0012, 3.1531, 4.2911, 0.12))),
        radiation_length_cm: Some(1.757),
        interaction_length_cm: Some(16.77),
        source: PDG,
    },
    Entry {
        name: "Pb",
        aliases: &["lead", "pb208"],
        density_g_cm3: 11.35,
        recipe: Recipe::AtomCounts(&[("Pb", 1.0)]),
        ionisation: Some((823.0, st(0.0936, 3.1608, 0.3776, 3.8073, 6.2018, 0.14))),
        radiation_length_cm: Some(0.5612),
        interaction_length_cm: Some(17.59),
        source: PDG,
    },
    Entry {
        name: "W",
        aliases: &["tungsten", "w184"],
        density_g_cm3: 19.30,
        recipe: Recipe::AtomCounts(&[("W", 1.0)]),
        ionisation: Some((727.0, st(0.1551, 2.8447, 0.2167, 3.4960, 5.4059, 0.14))),
        radiation_length_cm: Some(0.3504),
        interaction_length_cm: Some(9.946),
        source: PDG,
    },
    Entry {
        name: "Al",
        aliases: &["aluminium", "aluminum", "al27"],
        density_g_cm3: 2.699,
        recipe: Recipe::AtomCounts(&[("Al", 1.0)]),
        ionisation: Some((166.0, st(0.0802, 3.6345, 0.1708, 3.0127, 4.2395, 0.12))),
        radiation_length_cm: Some(8.897),
        interaction_length_cm: Some(39.70),
        source: PDG,
    },
    Entry {
        name: "C",
        aliases: &["carbon", "graphite", "c12"],
        density_g_cm3: 2.210,
        recipe: Recipe::AtomCounts(&[("C", 1.0)]),
        ionisation: Some((78.0, st(0.2076, 2.9532, 0.0090, 2.4817, 2.8926, 0.14))),
        radiation_length_cm: Some(19.32),
        interaction_length_cm: Some(38.83),
        source: "PDG Atomic and Nuclear Properties of Materials (carbon, graphite)",
    },
    Entry {
        name: "LAr",
        aliases: &["liquid-argon", "liquid_argon", "lar", "argon"],
        density_g_cm3: 1.396,
        recipe: Recipe::AtomCounts(&[("Ar", 1.0)]),
        ionisation: Some((188.0, st(0.1956, 3.0, 0.2, 3.0, 5.2146, 0.0))),
        radiation_length_cm: Some(14.00),
        interaction_length_cm: Some(85.77),
        source: "PDG Atomic and Nuclear Properties of Materials (liquid argon)",
    },
    Entry {
        name: "polystyrene",
        aliases: &["scintillator", "ps", "polystyrene-scintillator"],
        density_g_cm3: 1.060,
        recipe: Recipe::AtomCounts(&[("C", 8.0), ("H", 8.0)]),
        ionisation: Some((68.7, st(0.1645, 3.2224, 0.1647, 2.5031, 3.2999, 0.0))),
        radiation_length_cm: Some(41.31),
        interaction_length_cm: Some(77.07),
        source: "PDG Atomic and Nuclear Properties of Materials (polystyrene, (C8H8)n)",
    },
    Entry {
        name: "PbWO4",
        aliases: &["lead-tungstate", "lead_tungstate", "pwo"],
        density_g_cm3: 8.300,
        recipe: Recipe::AtomCounts(&[("Pb", 1.0), ("W", 1.0), ("O", 4.0)]),
        ionisation: Some((600.7, st(0.2276, 3.0, 0.4068, 3.0023, 5.8528, 0.0))),
        radiation_length_cm: Some(0.8903),
        interaction_length_cm: Some(20.27),
        source: "PDG Atomic and Nuclear Properties of Materials (lead tungstate)",
    },
    Entry {
        name: "LYSO",
        aliases: &["lyso", "lu1.8y0.2sio5"],
        density_g_cm3: 7.1,
        recipe: Recipe::AtomCounts(&[("Lu", 1.8), ("Y", 0.2), ("Si", 1.0), ("O", 5.0)]),
        ionisation: None,
        radiation_length_cm: None,
        interaction_length_cm: None,
        source: "Lu(1.8)Y(0.2)SiO5, 7.1 g/cm^3: Saint-Gobain PreLude 420 data sheet (X0 1.2 cm)",
    },
    Entry {
        name: "brass",
        aliases: &["cartridge-brass", "c26000"],
        density_g_cm3: 8.53,
        recipe: Recipe::MassFractions(&[("Cu", 0.70), ("Zn", 0.30)]),
        ionisation: None,
        radiation_length_cm: None,
        interaction_length_cm: None,
        source: "cartridge brass UNS C26000: Cu 70 %, Zn 30 % by mass, 8.53 g/cm^3 (ASTM B36)",
    },
];
