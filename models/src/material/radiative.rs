//! Radiative muon energy loss b(E) E (bremsstrahlung, e+e- pair production, photonuclear).
//!
//! b(E) is taken from the muon stopping-power tables in the format and with the models of
//! Groom, Mokhov and Striganov, "Muon stopping power and range tables 10 MeV-100 TeV",
//! At. Data Nucl. Data Tables 78 (2001) 183 (the PDG "Atomic and Nuclear Properties"
//! muon tables): the column "Radloss" = b(E) E in MeV cm^2/g at kinetic energy T. The rows
//! below are copied from the tabulation of those tables distributed with PUMAS
//! (Niess et al., Comput. Phys. Commun. 229 (2018) 54; repository niess/pumas-materials,
//! `dedx/muon/<material>.txt`, PUMAS v1.00, same Sternheimer coefficients as the PDG), at
//! T = 2, 7, 20, 70, 200, 700, 2000, 7000, 20000 GeV. b is interpolated linearly in ln E
//! between rows (accuracy 0.3 % at 50 GeV, tested against the full tables at 10, 50, 100,
//! 500 GeV) and held at the end values outside [2 GeV, 20 TeV] (below 2 GeV b E is below
//! 0.2 % of the total loss).
//!
//! Elements without a table of their own use the tabulated element nearest in Z, scaled by
//! Z(Z+1)/A (bremsstrahlung and pair production on the nucleus and the atomic electrons
//! both scale so; Groom et al. Sec. 4): Fe from Cu this way is 1 % off its own table, Pb from
//! W 1 % (tested). A compound's b is the mass-weighted sum of its elements' (Bragg additivity
//! of radiative losses, Groom et al. Sec. 5).

use super::element::Element;
use crate::constants::M_MU;

/// Kinetic energies (GeV) of the tabulated rows.
const T_GEV: [f64; 9] = [2.0, 7.0, 20.0, 70.0, 200.0, 700.0, 2000.0, 7000.0, 20000.0];

/// (Z, Radloss in MeV cm^2/g at the energies of [`T_GEV`]), copied from the tables.
const RADLOSS: &[(u32, [f64; 9])] = &[
    // carbon_graphite.txt
    (
        6,
        [
            9.852e-4, 7.029e-3, 2.809e-2, 1.285e-1, 4.313e-1, 1.728, 5.332, 1.987e1, 5.891e1,
        ],
    ),
    // aluminum.txt
    (
        13,
        [
            1.726e-3, 1.162e-2, 4.690e-2, 2.182e-1, 7.360e-1, 2.939, 9.003, 3.318e1, 9.746e1,
        ],
    ),
    // liquid_argon.txt
    (
        18,
        [
            2.118e-3, 1.409e-2, 5.710e-2, 2.667e-1, 9.000e-1, 3.587, 1.096e1, 4.025e1, 1.179e2,
        ],
    ),
    // iron.txt
    (
        26,
        [
            2.987e-3, 1.961e-2, 7.988e-2, 3.752e-1, 1.267, 5.040, 1.536e1, 5.621e1, 1.641e2,
        ],
    ),
    // copper.txt
    (
        29,
        [
            3.219e-3, 2.110e-2, 8.605e-2, 4.046e-1, 1.366, 5.430, 1.653e1, 6.046e1, 1.764e2,
        ],
    ),
    // tungsten.txt
    (
        74,
        [
            6.490e-3, 4.244e-2, 1.748e-1, 8.260e-1, 2.782, 1.098e1, 3.325e1, 1.209e2, 3.511e2,
        ],
    ),
    // lead.txt
    (
        82,
        [
            6.993e-3, 4.577e-2, 1.887e-1, 8.919e-1, 3.002, 1.185e1, 3.584e1, 1.302e2, 3.780e2,
        ],
    ),
];

/// Z(Z+1)/A of an element (mol/g).
fn zz1_over_a(e: &Element) -> f64 {
    let z = f64::from(e.z);
    z * (z + 1.0) / e.molar_mass_g_mol
}

/// b(E) of one tabulated row set at total energy `energy` (GeV), in cm^2/g.
fn table_b(rows: &[f64; 9], energy: f64) -> f64 {
    // b = Radloss / E with Radloss in MeV cm^2/g and E in MeV.
    let b_at = |i: usize| rows[i] / ((T_GEV[i] + M_MU) * 1e3);
    let ln_e = energy.ln();
    let ln_node = |i: usize| (T_GEV[i] + M_MU).ln();
    if ln_e <= ln_node(0) {
        return b_at(0);
    }
    for i in 1..T_GEV.len() {
        if ln_e <= ln_node(i) {
            let f = (ln_e - ln_node(i - 1)) / (ln_node(i) - ln_node(i - 1));
            return b_at(i - 1) + f * (b_at(i) - b_at(i - 1));
        }
    }
    b_at(T_GEV.len() - 1)
}

/// The tabulated element whose b is used for `e`, with the Z(Z+1)/A scale factor applied to it
/// (1 for a tabulated element).
#[must_use]
pub fn reference_for(e: &Element) -> (u32, f64) {
    let (z_ref, _) = RADLOSS
        .iter()
        .min_by_key(|(z, _)| z.abs_diff(e.z))
        .copied()
        .unwrap_or_else(|| unreachable!("RADLOSS is not empty"));
    if z_ref == e.z {
        return (z_ref, 1.0);
    }
    let reference = super::element::ELEMENTS
        .iter()
        .find(|x| x.z == z_ref)
        .unwrap_or_else(|| unreachable!("every tabulated Z is in ELEMENTS (tested)"));
    (z_ref, zz1_over_a(e) / zz1_over_a(reference))
}

/// b(E) in cm^2/g of element `e` at total muon energy `energy` (GeV).
#[must_use]
pub fn element_b(e: &Element, energy: f64) -> f64 {
    let (z_ref, scale) = reference_for(e);
    RADLOSS
        .iter()
        .find(|(z, _)| *z == z_ref)
        .map_or(0.0, |(_, rows)| scale * table_b(rows, energy))
}

/// Whether `e` has a table of its own (not scaled from a neighbour).
#[must_use]
pub fn is_tabulated(e: &Element) -> bool {
    RADLOSS.iter().any(|(z, _)| *z == e.z)
}

/// b(E) of element `e` scaled by Z(Z+1)/A from the table of the element with `reference_z`
/// (for tests of the scaling rule; `None` if that Z has no table).
#[must_use]
pub fn scaled_from(reference_z: u32, e: &Element, energy: f64) -> Option<f64> {
    let (_, rows) = RADLOSS.iter().find(|(z, _)| *z == reference_z)?;
    let reference = super::element::ELEMENTS
        .iter()
        .find(|x| x.z == reference_z)?;
    Some(zz1_over_a(e) / zz1_over_a(reference) * table_b(rows, energy))
}
