//! The ATLAS barrel calorimeter as built, between the inner detector and the muon spectrometer
//! for 0.1 < |eta| < 1.05, as radial layers of homogeneous materials, and the thick-target yield
//! it gives compared with GKSST's thin slab of 253 cm of copper (Eq. 4).
//!
//! Every number is from the ATLAS detector paper, JINST 3 (2008) S08003 (section noted), or
//! derived from it as stated:
//!
//! | layer | material | radial depth at eta = 0 | source |
//! |---|---|---|---|
//! | solenoid | Al | 0.66 X0 = 5.87 cm | Sec. 2.2: "~0.66 radiation lengths at normal incidence" |
//! | presampler | LAr | 1.1 cm | Sec. 5.2.3: active LAr layer 11 mm thick |
//! | EM accordion | Pb + steel + LAr mixture | 22 X0 (depth derived) | Sec. 5.2.1: > 22 X0 in the barrel; Pb 1.53 mm for abs(eta) < 0.8, 1.13 mm above, clad in 2 x 0.2 mm stainless steel, LAr gaps 2 x 2.1 mm |
//! | cryostat, services | Al | closes 9.7 lambda at eta = 0 (depth derived) | Sec. 5.1 / 5.3: 9.7 lambda at the outer edge of the Tile instrumented region |
//! | Tile | steel : polystyrene 4.7 : 1 by volume | 1.5 + 4.1 + 1.8 = 7.4 lambda (depth derived) | Sec. 5.3.1 |
//! | outer support (girder) | steel | 1.3 lambda | Sec. 1.3 / 5.3: 11 lambda at eta = 0 including 1.3 lambda of outer support |
//!
//! Approximations, stated: steel is iron (the Cr/Ni of the 0.2 mm cladding is < 1 % of the
//! layer's mass); the accordion is averaged by volume (a muon crosses many folds); the
//! electrodes (Kapton/Cu, 0.3 mm per cell) and the inner detector (~0.5 X0 of mostly Si and C,
//! < 0.1 lambda) are part of the "cryostat, services" aluminium that closes the published 9.7
//! lambda; every layer is a cylinder, so the path is depth x cosh(eta), and the Tile barrel /
//! extended-barrel gap near abs(eta) = 1 is ignored (the extended barrel has the same radii).
//! Independent checks (tests): the EM accordion gives about 30 X0 just below abs(eta) = 0.8 and
//! 24 X0 just above (Sec. 5.2.1: 22-30 X0 for abs(eta) < 0.8, 24-33 X0 for 0.8-1.3), and the
//! Tile plus girder fit between r = 2.28 m and 4.25 m (Sec. 5.3.1).

use mfc_models::material::{Composition, Material, MaterialError, depth};

/// GKSST's slab: 253 cm of copper (Eq. 4).
pub const PAPER_COPPER_CM: f64 = 253.0;

/// The |eta| range of the barrel modelled here (JINST 3 (2008) S08003, Sec. 5: the EM barrel
/// and the Tile long barrel), also GKSST's muon acceptance.
pub const BARREL_ABS_ETA: (f64, f64) = (0.1, 1.05);

/// Energies (GeV) of the sigma nodes of [`barrel_ratios`]: below the W/Z spectra's lowest
/// momentum (24 GeV) minus the largest loss, to above their highest (458 GeV).
pub const NODE_RANGE_GEV: (f64, f64) = (12.0, 500.0);
/// Nodes over [`NODE_RANGE_GEV`] (ratio 1.6 between neighbours).
pub const NODES: usize = 9;

/// The target the paper's analysis assumes (`--material` of `mfc-validate yields` and
/// `reach`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TargetMaterial {
    /// GKSST Eq. (4): a thin slab of 253 cm of copper at the muon's energy (the paper's figures).
    #[default]
    CopperSlab,
    /// The ATLAS barrel as built ([`layers`]), with the muon's mean energy loss.
    AtlasBarrel,
}

impl TargetMaterial {
    /// The command-line names.
    pub const NAMES: [&'static str; 2] = ["copper-slab", "atlas-barrel"];

    /// The command-line name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::CopperSlab => Self::NAMES[0],
            Self::AtlasBarrel => Self::NAMES[1],
        }
    }

    /// The material of a command-line name.
    #[must_use]
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "copper-slab" => Some(Self::CopperSlab),
            "atlas-barrel" => Some(Self::AtlasBarrel),
            _ => None,
        }
    }
}

/// Whether every muon of `beam` (cells with non-zero probability) lies in the barrel's
/// [`BARREL_ABS_ETA`] range.
#[must_use]
pub fn in_barrel(beam: &mfcgen::beam::BeamSpectrum) -> bool {
    let (lo, hi) = BARREL_ABS_ETA;
    beam.cells()
        .iter()
        .filter(|c| c.probability > 0.0)
        .all(|c| c.eta_lo >= lo - 1e-9 && c.eta_hi <= hi + 1e-9)
}

/// One radial layer.
#[derive(Debug, Clone)]
pub struct Layer {
    /// What it is.
    pub name: &'static str,
    /// Its (homogenised) material.
    pub material: Material,
    /// Radial depth in cm (the path at eta = 0).
    pub depth_cm: f64,
}

/// A homogeneous mixture of catalogue materials by volume fraction.
fn by_volume(name: &str, parts: &[(&str, f64)]) -> Result<Material, MaterialError> {
    let mut masses: Vec<(&'static str, f64)> = Vec::new();
    let (mut mass, mut volume) = (0.0, 0.0);
    for &(m, v) in parts {
        let mat = Material::by_name(m)?;
        for c in mat.components() {
            let w = v * mat.density_g_cm3 * c.mass_fraction;
            match masses.iter_mut().find(|(s, _)| *s == c.element.symbol) {
                Some(e) => e.1 += w,
                None => masses.push((c.element.symbol, w)),
            }
        }
        mass += v * mat.density_g_cm3;
        volume += v;
    }
    let fractions: Vec<(&str, f64)> = masses.iter().map(|&(s, w)| (s, w / mass)).collect();
    Material::new(name, mass / volume, Composition::MassFractions(&fractions))
}

/// The EM accordion mixture with lead plates of `lead_mm` (1.53 or 1.13 mm): per cell Pb,
/// 2 x 0.2 mm steel, 2 x 2.1 mm LAr (JINST 3 S08003 Sec. 5.2.1).
///
/// # Errors
/// Never for these inputs (catalogue materials).
pub fn accordion(lead_mm: f64) -> Result<Material, MaterialError> {
    by_volume(
        "ATLAS EM accordion",
        &[("Pb", lead_mm), ("Fe", 0.4), ("LAr", 4.2)],
    )
}

/// The Tile mixture: steel and polystyrene scintillator 4.7 : 1 by volume (Sec. 5.3.1).
///
/// # Errors
/// Never for these inputs.
pub fn tile() -> Result<Material, MaterialError> {
    by_volume("ATLAS Tile", &[("Fe", 4.7), ("polystyrene", 1.0)])
}

/// lambda_I of a material in cm (all catalogue materials used here have one).
fn lambda_cm(m: &Material) -> f64 {
    m.interaction_length_cm().unwrap_or(f64::INFINITY)
}

/// The layers a muon at `abs_eta` crosses, inner to outer (radial depths; multiply by
/// cosh(eta) for the path).
///
/// # Errors
/// Never for the catalogue materials used.
pub fn layers(abs_eta: f64) -> Result<Vec<Layer>, MaterialError> {
    let al = Material::by_name("Al")?;
    let lar = Material::by_name("LAr")?;
    let fe = Material::by_name("Fe")?;
    let em0 = accordion(1.53)?;
    let em = if abs_eta.abs() < 0.8 {
        em0.clone()
    } else {
        accordion(1.13)?
    };
    let tile = tile()?;
    let solenoid = 0.66 * al.radiation_length_cm();
    let presampler = 1.1;
    // 22 X0 at eta = 0 with the 1.53 mm lead: the depth of the accordion everywhere
    let accordion_depth = 22.0 * em0.radiation_length_cm();
    let tile_depth = 7.4 * lambda_cm(&tile);
    let girder = 1.3 * lambda_cm(&fe);
    // aluminium closing the published 9.7 lambda at the outer edge of the Tile at eta = 0
    let known_lambda = solenoid / lambda_cm(&al)
        + presampler / lambda_cm(&lar)
        + accordion_depth / lambda_cm(&em0)
        + 7.4;
    let services = ((9.7 - known_lambda) * lambda_cm(&al)).max(0.0);
    Ok(vec![
        Layer {
            name: "solenoid",
            material: al.clone(),
            depth_cm: solenoid,
        },
        Layer {
            name: "presampler",
            material: lar,
            depth_cm: presampler,
        },
        Layer {
            name: "EM accordion",
            material: em,
            depth_cm: accordion_depth,
        },
        Layer {
            name: "cryostat and services",
            material: al,
            depth_cm: services,
        },
        Layer {
            name: "Tile",
            material: tile,
            depth_cm: tile_depth,
        },
        Layer {
            name: "outer support",
            material: fe,
            depth_cm: girder,
        },
    ])
}

/// Material along the path at `abs_eta`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Budget {
    /// |eta|.
    pub abs_eta: f64,
    /// Path length in cm.
    pub path_cm: f64,
    /// Grammage in g/cm^2.
    pub grams_cm2: f64,
    /// Radiation lengths.
    pub x0: f64,
    /// Interaction lengths.
    pub lambda: f64,
}

/// The material budget of the barrel at `abs_eta`.
///
/// # Errors
/// As [`layers`].
pub fn budget(abs_eta: f64) -> Result<Budget, MaterialError> {
    let c = abs_eta.cosh();
    let mut b = Budget {
        abs_eta,
        path_cm: 0.0,
        grams_cm2: 0.0,
        x0: 0.0,
        lambda: 0.0,
    };
    for l in layers(abs_eta)? {
        let path = l.depth_cm * c;
        b.path_cm += path;
        b.grams_cm2 += path * l.material.density_g_cm3;
        b.x0 += path / l.material.radiation_length_cm();
        b.lambda += path / lambda_cm(&l.material);
    }
    Ok(b)
}

/// The paper's slab: 253 cm of copper, the same at every eta.
///
/// # Errors
/// Never.
pub fn paper_budget() -> Result<Budget, MaterialError> {
    let cu = Material::by_name("Cu")?;
    Ok(Budget {
        abs_eta: f64::NAN,
        path_cm: PAPER_COPPER_CM,
        grams_cm2: PAPER_COPPER_CM * cu.density_g_cm3,
        x0: PAPER_COPPER_CM / cu.radiation_length_cm(),
        lambda: PAPER_COPPER_CM / lambda_cm(&cu),
    })
}

/// Expected X per muon of total energy `energy` (GeV) at `abs_eta` through the barrel, with
/// the mean energy loss, given sigma (pb) nodes per element Z ([`mfcgen::thick_target::
/// interpolate`]). Returns (X per muon, exit energy).
///
/// # Errors
/// As [`layers`].
pub fn barrel_x_per_muon(
    energy: f64,
    abs_eta: f64,
    nodes: &dyn Fn(u32) -> Vec<(f64, f64)>,
    steps_per_layer: usize,
) -> Result<(f64, f64), MaterialError> {
    let c = abs_eta.cosh();
    let mut e = energy;
    let mut x = 0.0;
    for l in layers(abs_eta)? {
        let path = l.depth_cm * c;
        let profile = depth::energy_profile(&l.material, e, path, steps_per_layer);
        let dx = path / steps_per_layer.max(1) as f64;
        for (element, n) in l.material.atoms_per_cm3() {
            x += mfcgen::thick_target::depth_integral(&profile, dx, n, &nodes(element.z));
        }
        e = profile.last().copied().unwrap_or(e);
    }
    Ok((x, e))
}

/// The paper's thin copper target: n_Cu sigma_Cu(E) x 253 cm, no energy loss.
///
/// # Errors
/// Never.
pub fn paper_x_per_muon(
    energy: f64,
    nodes: &dyn Fn(u32) -> Vec<(f64, f64)>,
) -> Result<f64, MaterialError> {
    let cu = Material::by_name("Cu")?;
    let n = cu.atoms_per_cm3()[0].1;
    Ok(n * mfcgen::thick_target::interpolate(&nodes(29), energy)
        * mfc_models::constants::PB_TO_CM2
        * PAPER_COPPER_CM)
}

/// The atomic numbers whose cross sections [`barrel_x_per_muon`] and [`paper_x_per_muon`]
/// need.
///
/// # Errors
/// As [`layers`].
pub fn elements_needed() -> Result<Vec<&'static mfc_models::material::Element>, MaterialError> {
    let mut out: Vec<&'static mfc_models::material::Element> = Vec::new();
    for eta in [0.0, 1.0] {
        for l in layers(eta)? {
            for c in l.material.components() {
                if !out.iter().any(|e| e.z == c.element.z) {
                    out.push(c.element);
                }
            }
        }
    }
    if let Some(cu) = mfc_models::material::Element::by_symbol("Cu")
        && !out.iter().any(|e| e.z == 29)
    {
        out.push(cu);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accordion_reproduces_the_published_radiation_lengths() {
        // depth fixed by 22 X0 at eta = 0; Sec. 5.2.1: ~30 X0 just below |eta| = 0.8 and 24 X0
        // just above (thinner lead), both independent of the fit.
        let em = |eta: f64| {
            let l = layers(eta).unwrap();
            let a = &l[2];
            a.depth_cm * eta.cosh() / a.material.radiation_length_cm()
        };
        assert!((em(0.0) - 22.0).abs() < 1e-9);
        assert!((em(0.799) / 30.0 - 1.0).abs() < 0.05, "{}", em(0.799));
        assert!((em(0.801) / 24.0 - 1.0).abs() < 0.05, "{}", em(0.801));
    }

    #[test]
    fn tile_and_girder_fit_their_envelope_and_budget_is_consistent() {
        let l = layers(0.5).unwrap();
        // Tile + outer support inside r = 2.28 .. 4.25 m
        let outer = l[4].depth_cm + l[5].depth_cm;
        assert!(
            outer < 425.0 - 228.0 && outer > 0.8 * (425.0 - 228.0),
            "{outer}"
        );
        // the services layer is a small positive correction, not a fudge of the whole
        assert!(
            l[3].depth_cm > 0.0 && l[3].depth_cm < 60.0,
            "{}",
            l[3].depth_cm
        );
        // lambda at eta = 0: 9.7 at the outer edge of the Tile plus 1.3 of support = 11
        let b = budget(0.0).unwrap();
        assert!((b.lambda - 11.0).abs() < 1e-9, "{}", b.lambda);
        // the paper's slab: 253 cm Cu = 176 X0 = 16.5 lambda
        let p = paper_budget().unwrap();
        assert!((p.x0 - 176.2).abs() < 0.2 && (p.lambda - 16.5).abs() < 0.1);
        // grows as cosh(eta)
        let b1 = budget(1.0).unwrap();
        assert!(b1.lambda > 1.5 * b.lambda);
    }

    #[test]
    fn paper_target_is_n_sigma_l_and_barrel_is_below_thin_estimate() {
        // sigma = 1e9 pb flat: the slab is n L sigma; the barrel with the same sigma is its
        // atom count along the path times sigma
        let flat = |_z: u32| vec![(1.0, 1e9), (1000.0, 1e9)];
        let p = paper_x_per_muon(50.0, &flat).unwrap();
        assert!((p / (8.4912e22 * 253.0 * 1e-27) - 1.0).abs() < 1e-4);
        let (x, e_out) = barrel_x_per_muon(50.0, 0.0, &flat, 50).unwrap();
        let atoms: f64 = layers(0.0)
            .unwrap()
            .iter()
            .map(|l| l.material.atoms_per_cm3().iter().map(|a| a.1).sum::<f64>() * l.depth_cm)
            .sum();
        assert!((x / (atoms * 1e-27) - 1.0).abs() < 1e-9);
        assert!(e_out < 50.0 && e_out > 45.0, "{e_out}");
    }

    #[test]
    fn yield_ratio_with_real_cross_sections() {
        // 16 MeV vector, 50 GeV muons at |eta| = 0.1; cross sections at 40 and 51 GeV
        let cfg = crate::analysis::yields::YieldConfig {
            n_eval: 5000,
            adapt_iterations: 3,
            max_iterations: 3,
            ..Default::default()
        };
        let nodes = sigma_nodes(
            mfc_models::MediatorKind::Vector,
            0.016,
            &cfg,
            (40.0, 51.0),
            2,
        )
        .unwrap();
        let beam = mfcgen::beam::BeamSpectrum::delta(50.0, 0.1).unwrap();
        let r = yield_ratio(&beam, &nodes).unwrap();
        // without the energy loss: the thin-target ratio of atoms x sigma along the path
        let sigma_at = |z: u32| {
            let n = &nodes.iter().find(|x| x.0 == z).unwrap().1;
            mfcgen::thick_target::interpolate(n, 50.0)
        };
        let thin: f64 = layers(0.1)
            .unwrap()
            .iter()
            .map(|l| {
                l.material
                    .atoms_per_cm3()
                    .iter()
                    .map(|(e, n)| n * sigma_at(e.z))
                    .sum::<f64>()
                    * l.depth_cm
                    * 0.1_f64.cosh()
            })
            .sum::<f64>()
            / (8.4912e22 * sigma_at(29) * PAPER_COPPER_CM);
        assert!(
            r.ratio < thin && r.ratio > 0.97 * thin,
            "{} vs {thin}",
            r.ratio
        );
        assert!(r.ratio > 0.5 && r.ratio < 1.0, "{}", r.ratio);
        assert!(r.mean_energy_loss_gev > 2.0 && r.mean_energy_loss_gev < 5.0);
    }
}

/// Errors of the barrel yield ratio.
#[derive(Debug, thiserror::Error)]
pub enum AtlasError {
    /// A material could not be built.
    #[error(transparent)]
    Material(#[from] MaterialError),
    /// A cross-section integration failed.
    #[error(transparent)]
    Run(#[from] mfcgen::run::RunError),
    /// Model parameters.
    #[error(transparent)]
    Model(#[from] mfc_models::ModelError),
}

/// The yield with the barrel as built and the energy loss, over the yield of the paper's thin
/// 253 cm copper slab, for muons of `beam` (both folded with the same P_in(p, |eta|) cells, at
/// each cell's centre): sum_cells P N_barrel(p, eta) / sum_cells P N_paper(p).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct YieldRatio {
    /// The ratio.
    pub ratio: f64,
    /// Mean energy lost in the barrel (GeV), weighted by P.
    pub mean_energy_loss_gev: f64,
}

/// An element's Z and its (energy in GeV, sigma in pb) nodes.
pub type SigmaNodes = (u32, Vec<(f64, f64)>);

/// sigma nodes (energy GeV, sigma pb) for every element the barrel and the slab need, at
/// `n_nodes` energies log-spaced over [e_lo, e_hi], for a g = 1 mediator.
///
/// # Errors
/// Integration or model errors.
pub fn sigma_nodes(
    kind: mfc_models::MediatorKind,
    m_x: f64,
    cfg: &super::yields::YieldConfig,
    (e_lo, e_hi): (f64, f64),
    n_nodes: usize,
) -> Result<Vec<SigmaNodes>, AtlasError> {
    let med = mfc_models::Mediator::new(kind, m_x, 1.0)?;
    let settings = mfcgen::run::vegas_settings_of(&cfg.integration(), cfg.seed);
    let energies = mfcgen::thick_target::log_nodes(e_lo, e_hi, n_nodes);
    let mut out = Vec::new();
    for element in elements_needed()? {
        let target = element.target();
        let mut nodes = Vec::with_capacity(energies.len());
        for &e in &energies {
            let s = mfcgen::thick_target::sigma_with(
                &med,
                cfg.form_factor,
                settings.clone(),
                &target,
                e,
            )?;
            nodes.push((e, s.mean));
        }
        out.push((element.z, nodes));
    }
    Ok(out)
}

/// The barrel / slab [`YieldRatio`] of each of `beams` for X of `kind` and mass `m_x` (GeV):
/// one set of [`sigma_nodes`] over [`NODE_RANGE_GEV`], then [`yield_ratio`] per beam.
///
/// # Errors
/// Integration or model errors.
pub fn barrel_ratios(
    kind: mfc_models::MediatorKind,
    m_x: f64,
    cfg: &super::yields::YieldConfig,
    beams: &[&mfcgen::beam::BeamSpectrum],
) -> Result<Vec<YieldRatio>, AtlasError> {
    let nodes = sigma_nodes(kind, m_x, cfg, NODE_RANGE_GEV, NODES)?;
    beams.iter().map(|b| yield_ratio(b, &nodes)).collect()
}

/// [`YieldRatio`] for `beam` with the cross sections `nodes` (from [`sigma_nodes`]).
///
/// # Errors
/// As [`layers`].
pub fn yield_ratio(
    beam: &mfcgen::beam::BeamSpectrum,
    nodes: &[SigmaNodes],
) -> Result<YieldRatio, AtlasError> {
    let of = |z: u32| {
        nodes
            .iter()
            .find(|(zz, _)| *zz == z)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let m = mfc_models::constants::M_MU;
    let (mut num, mut den, mut loss, mut norm) = (0.0, 0.0, 0.0, 0.0);
    for c in beam.cells().iter().filter(|c| c.probability > 0.0) {
        let p = 0.5 * (c.p_lo + c.p_hi);
        let eta = 0.5 * (c.eta_lo + c.eta_hi);
        let e = (p * p + m * m).sqrt();
        let (x, e_out) = barrel_x_per_muon(e, eta, &of, 40)?;
        num += c.probability * x;
        den += c.probability * paper_x_per_muon(e, &of)?;
        loss += c.probability * (e - e_out);
        norm += c.probability;
    }
    Ok(YieldRatio {
        ratio: if den > 0.0 { num / den } else { 0.0 },
        mean_energy_loss_gev: if norm > 0.0 { loss / norm } else { 0.0 },
    })
}
