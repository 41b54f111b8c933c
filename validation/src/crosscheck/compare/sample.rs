//! Reading one LHE file into fine-grained, cross-section-normalised histograms.

use super::kinematics::{EventObservables, Roles, nucleus_z_a};
use super::{CompareError, Observable};
use crate::histogram::Histogram1D;
use mfc_models::{FormFactorKind, MediatorKind};
use mfcgen::io::lhe::header::{card_text, mfcgen_text};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// How event weights were turned into d sigma (pb).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalisation {
    /// IDWTUP = +-3 (unweighted): each event counts sign(XWGTUP) sum(XSECUP) / N
    /// (LHE accord, hep-ph/0109068, Sec. 2.1; sum over the `<init>` processes).
    XsecOverN,
    /// Other IDWTUP: the weights, whose sum is the cross section.
    WeightSum,
    /// Other IDWTUP: the weights divided by N (their average is the cross section, as for
    /// IDWTUP = +-4 in the accord and MadGraph's `event_norm = average`). Chosen when the
    /// average, rather than the sum, matches `<init>`.
    WeightAverage,
    /// A named weight (`<rwgt><wgt id>`, [`ReadOptions::weight`]): an alternative hypothesis
    /// of a reweighted sample, whose sum over the file is that hypothesis's cross section
    /// (mfcgen's convention, docs/physics.md Sec. 11).
    NamedWeight,
}

/// What the run card in an `mfcgen` header says (all optional: other generators have none).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CardInfo {
    /// `[mediator] kind`.
    pub kind: Option<MediatorKind>,
    /// `[mediator] coupling`.
    pub coupling: Option<f64>,
    /// `[mediator] mass` (GeV).
    pub mass: Option<f64>,
    /// `[target] name`.
    pub target: Option<String>,
    /// `[target] form_factor`.
    pub form_factor: Option<FormFactorKind>,
}

/// Extracts the run card's mediator and target fields from an LHE header written by mfcgen:
/// the run card of our header block ([`mfcgen::io::lhe::header`]: [`mfcgen_text`], then
/// [`card_text`]), read as generic TOML so that cards of other versions still parse.
/// Returns `None` if there is no `<mfcgen` block.
#[must_use]
pub fn parse_card_info(header: &str) -> Option<CardInfo> {
    let text = mfcgen_text(header)?;
    let mut info = CardInfo::default();
    let Some(card) = card_text(&text).and_then(|c| c.parse::<toml::Table>().ok()) else {
        return Some(info);
    };
    let field = |section: &str, key: &str| card.get(section).and_then(|s| s.get(key));
    let number = |v: &toml::Value| v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
    let string = |section: &str, key: &str| field(section, key).and_then(|v| v.as_str());
    info.kind = string("mediator", "kind").and_then(|s| s.parse().ok());
    info.coupling = field("mediator", "coupling").and_then(number);
    info.mass = field("mediator", "mass").and_then(number);
    info.target = string("target", "name").map(str::to_string);
    info.form_factor = string("target", "form_factor").and_then(|s| s.parse().ok());
    Some(info)
}

/// The hypothesis of an mfcgen named weight (`kind:form_factor:g=coupling`,
/// `mfcgen::reweight::Alternative::name`) replaces the card's mediator, form factor and
/// coupling, so that titles and `--ww` describe the weight; other names change nothing.
fn apply_weight_name(card: &mut CardInfo, name: &str) {
    let parts: Vec<&str> = name.split(':').collect();
    if let [kind, ff, g] = parts[..]
        && let (Ok(kind), Ok(ff), Some(Ok(g))) = (
            kind.parse::<MediatorKind>(),
            ff.parse::<FormFactorKind>(),
            g.strip_prefix("g=").map(str::parse::<f64>),
        )
    {
        card.kind = Some(kind);
        card.form_factor = Some(ff);
        card.coupling = Some(g);
    }
}

/// Run-level facts of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleInfo {
    /// The file.
    pub path: PathBuf,
    /// Events read.
    pub events: u64,
    /// Sum of XSECUP over the `<init>` processes (pb).
    pub xsec_pb: f64,
    /// Their errors added in quadrature (pb).
    pub xerr_pb: f64,
    /// IDWTUP.
    pub weighting: i32,
    /// How the histograms were normalised.
    pub normalisation: Normalisation,
    /// Sum of the histogram weights after normalisation (pb): the total cross section.
    pub sigma_pb: f64,
    /// Beam particle id (13 or -13).
    pub beam_id: i32,
    /// Beam energy of the first event (GeV).
    pub beam_energy: f64,
    /// Largest relative deviation of an event's beam energy from the first one.
    pub beam_energy_spread: f64,
    /// Nucleus id (incoming, else outgoing), if listed.
    pub nucleus_id: Option<i32>,
    /// Nucleus mass (GeV): the incoming nucleus' energy (at rest), else the outgoing one's
    /// mass column, else `EBMUP(2)` of a nucleus beam.
    pub nucleus_mass: Option<f64>,
    /// X id of the first event.
    pub x_id: i32,
    /// X mass of the first event (mass column, else sqrt(E^2 - p^2)) in GeV.
    pub x_mass: f64,
    /// The mfcgen run card fields, if the header has them.
    pub card: Option<CardInfo>,
    /// The named weight used instead of `XWGTUP` (`id name`), if one was chosen.
    pub weight: Option<String>,
}

impl SampleInfo {
    /// (Z, A) of the nucleus, if its id is a 10LZZZAAAI code.
    #[must_use]
    pub fn nucleus_z_a(&self) -> Option<(u32, u32)> {
        self.nucleus_id.and_then(nucleus_z_a)
    }
}

/// A file's histograms on the fine grids of [`Observable::fine_grid`], in pb per bin.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Run-level facts.
    pub info: SampleInfo,
    /// One fine histogram per [`Observable::ALL`] entry, in that order.
    pub fine: Vec<Histogram1D>,
}

impl Sample {
    /// The fine histogram of `obs`.
    #[must_use]
    pub fn fine(&self, obs: Observable) -> &Histogram1D {
        &self.fine[obs.index()]
    }
}

/// Facts taken from the first event.
#[derive(Debug, Clone, Copy, Default)]
struct FirstEvent {
    beam_id: i32,
    beam_energy: f64,
    nucleus_id: Option<i32>,
    nucleus_mass: Option<f64>,
    x_id: i32,
    x_mass: f64,
}

/// Options of [`read_sample`].
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Stop after this many events (all if `None`).
    pub max_events: Option<u64>,
    /// Fill with this named weight (its id, e.g. `1001`, or its name in `<initrwgt>`, e.g.
    /// `axial:elastic:g=1`) instead of `XWGTUP`: compares an alternative hypothesis of a
    /// reweighted sample.
    pub weight: Option<String>,
}

/// Reads `path` (LHE, plain or gzip) event by event and fills the fine histograms; memory
/// does not depend on the number of events.
///
/// # Errors
/// [`CompareError::Lhe`] for unreadable or malformed files, [`CompareError::Event`] for an
/// event whose particles cannot be identified, [`CompareError::Empty`] for a file without
/// events.
pub fn read_sample(path: &Path, opts: &ReadOptions) -> Result<Sample, CompareError> {
    let lhe_err = |source| CompareError::Lhe {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = super::input::open_lhe(path)?;
    let init = reader.init().clone();
    super::input::check_init(path, &init)?;
    let mut card = parse_card_info(reader.header());
    let named = match &opts.weight {
        Some(w) => Some(super::input::resolve_weight(path, reader.header(), w)?),
        None => None,
    };
    if let (Some(c), Some(w)) = (card.as_mut(), &named) {
        apply_weight_name(c, &w.name);
    }
    let xsec_pb: f64 = init.processes.iter().map(|p| p.xsec_pb).sum();
    let xerr_pb = init
        .processes
        .iter()
        .map(|p| p.xerr_pb * p.xerr_pb)
        .sum::<f64>()
        .sqrt();
    let unweighted = init.weighting.abs() == 3;
    let init_nucleus_mass = (nucleus_z_a(init.beam_ids[1]).is_some()
        && init.beam_energies[1] > 0.0)
        .then_some(init.beam_energies[1]);

    let mut fine: Vec<Histogram1D> = Observable::ALL.iter().map(|o| o.fine_histogram()).collect();
    let mut n: u64 = 0;
    let mut first: Option<FirstEvent> = None;
    let mut spread: f64 = 0.0;
    let mut sum_w = 0.0;
    while let Some(ev) = reader.next_event() {
        let ev = ev.map_err(lhe_err)?;
        if opts.max_events.is_some_and(|m| n >= m) {
            break;
        }
        n += 1;
        let named_value = match &named {
            Some(w) => Some(super::input::named_weight(path, &ev, n, w)?),
            None => {
                super::input::check_weight(path, &init, n, ev.weight)?;
                None
            }
        };
        let file_err = |e: CompareError| match e {
            CompareError::Event { index, reason } => CompareError::Event {
                index,
                reason: format!("{}: {reason}", path.display()),
            },
            other => other,
        };
        let roles = Roles::identify(&ev, n, first.map(|f| f.x_id)).map_err(file_err)?;
        if first.is_none() {
            let nuc = roles.nucleus_in.or(roles.nucleus_out);
            let nucleus_mass = match (roles.nucleus_in, roles.nucleus_out) {
                (Some(p), _) if p.momentum[1..].iter().all(|c| *c == 0.0) => Some(p.momentum[0]),
                (_, Some(p)) if p.mass > 0.0 => Some(p.mass),
                _ => init_nucleus_mass,
            };
            let k = roles.x.momentum;
            let x_mass = if roles.x.mass > 0.0 {
                roles.x.mass
            } else {
                (k[0] * k[0] - k[1] * k[1] - k[2] * k[2] - k[3] * k[3])
                    .max(0.0)
                    .sqrt()
            };
            first = Some(FirstEvent {
                beam_id: roles.beam.id,
                beam_energy: roles.beam.momentum[0],
                nucleus_id: nuc.map(|p| p.id),
                nucleus_mass,
                x_id: roles.x.id,
                x_mass,
            });
        }
        let f = first.unwrap_or_default();
        let obs = EventObservables::new(&roles, f.nucleus_mass, n).map_err(file_err)?;
        spread = spread.max((obs.beam_energy / f.beam_energy - 1.0).abs());
        let w = match named_value {
            Some(v) => v,
            None if unweighted => {
                if ev.weight < 0.0 {
                    -1.0
                } else {
                    1.0
                }
            }
            None => ev.weight,
        };
        sum_w += w;
        for o in Observable::ALL {
            fine[o.index()].fill(o.value(&obs), w);
        }
    }
    let Some(FirstEvent {
        beam_id,
        beam_energy,
        nucleus_id,
        nucleus_mass,
        x_id,
        x_mass,
    }) = first
    else {
        return Err(CompareError::Empty(path.to_path_buf()));
    };
    let (normalisation, factor) = if named.is_some() {
        (Normalisation::NamedWeight, 1.0)
    } else if unweighted {
        (Normalisation::XsecOverN, xsec_pb / n as f64)
    } else if xsec_pb > 0.0
        && sum_w > 0.0
        && (sum_w / n as f64 / xsec_pb).ln().abs() < (sum_w / xsec_pb).ln().abs()
    {
        (Normalisation::WeightAverage, 1.0 / n as f64)
    } else {
        (Normalisation::WeightSum, 1.0)
    };
    super::input::check_total(path, n, sum_w * factor)?;
    for h in &mut fine {
        h.scale(factor);
    }
    Ok(Sample {
        info: SampleInfo {
            path: path.to_path_buf(),
            events: n,
            xsec_pb,
            xerr_pb,
            weighting: init.weighting,
            normalisation,
            sigma_pb: sum_w * factor,
            beam_id,
            beam_energy,
            beam_energy_spread: spread,
            nucleus_id,
            nucleus_mass,
            x_id,
            x_mass,
            card,
            weight: named.map(|w| format!("{} {}", w.id, w.name)),
        },
        fine,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_info_from_mfcgen_header() {
        let h = "<header>\n<mfcgen version=\"0.1.0\">\n<![CDATA[\nseed = 1\n# ---- run card ----\n\
                 # mfcgen run card\n[beam]\nparticle = \"mu-\"\nenergy = 50.0\n\n[target]\n\
                 name = \"Cu\"\nform_factor = \"elastic\"\n\n[mediator]\nkind = \"scalar\"\n\
                 mass = 0.126\ncoupling = 0.5 # g\n\n[integration]\ncalls = 1000\n]]>\n</mfcgen>\n</header>";
        let c = parse_card_info(h).unwrap();
        assert_eq!(c.kind, Some(MediatorKind::Scalar));
        assert_eq!(c.coupling, Some(0.5));
        assert_eq!(c.mass, Some(0.126));
        assert_eq!(c.target.as_deref(), Some("Cu"));
        assert_eq!(c.form_factor, Some(FormFactorKind::Elastic));
        assert!(parse_card_info("<MG5ProcCard>kind = \"vector\"</MG5ProcCard>").is_none());
        let mut c2 = c.clone();
        apply_weight_name(&mut c2, "axial:elastic+inelastic:g=0.25");
        assert_eq!(c2.kind, Some(MediatorKind::Axial));
        assert_eq!(c2.form_factor, Some(FormFactorKind::ElasticInelastic));
        assert_eq!(c2.coupling, Some(0.25));
        let mut c3 = c.clone();
        apply_weight_name(&mut c3, "mur=2 muf=1");
        assert_eq!(c3, c);
    }
}
