//! The records of an LHE file as the reader returns them: the `<init>` block (common block
//! `HEPRUP`) and the events (`HEPEUP`), in the notation of the LHE accord (hep-ph/0609017,
//! Sec. 2; LHE 3.0, arXiv:1405.1067).

/// The `<init>` block: beam information and one entry per process (LHE accord,
/// hep-ph/0609017, Sec. 2).
#[derive(Debug, Clone, PartialEq)]
pub struct Init {
    /// `IDBMUP`: PDG ids of the two beams.
    pub beam_ids: [i32; 2],
    /// `EBMUP`: beam energies in GeV (for a fixed target, MadGraph writes its mass).
    pub beam_energies: [f64; 2],
    /// `PDFGUP`: PDF author groups.
    pub pdf_groups: [i32; 2],
    /// `PDFSUP`: PDF set ids.
    pub pdf_sets: [i32; 2],
    /// `IDWTUP`: the weighting strategy (3: unweighted, all weights equal).
    pub weighting: i32,
    /// One entry per process (`NPRUP` lines).
    pub processes: Vec<InitProcess>,
}

/// One process line of `<init>`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InitProcess {
    /// `XSECUP`: cross section in pb.
    pub xsec_pb: f64,
    /// `XERRUP`: its error in pb.
    pub xerr_pb: f64,
    /// `XMAXUP`: maximum event weight.
    pub xmax: f64,
    /// `LPRUP`: the process id.
    pub id: i32,
}

/// One event (the common block `HEPEUP` of the LHE accord).
#[derive(Debug, Clone, PartialEq)]
pub struct LheEvent {
    /// `IDPRUP`.
    pub process_id: i32,
    /// `XWGTUP`: the event weight.
    pub weight: f64,
    /// `SCALUP`: the scale in GeV.
    pub scale: f64,
    /// `AQEDUP`.
    pub alpha_qed: f64,
    /// `AQCDUP`.
    pub alpha_qcd: f64,
    /// The `NUP` particles.
    pub particles: Vec<LheParticle>,
    /// Named extra weights: `<wgt id='...'>` entries of `<rwgt>` (LHE 3.0) by id, and the
    /// entries of a `<weights>` block (Pythia, POWHEG) named by their 1-based position.
    pub extra_weights: Vec<(String, f64)>,
}

/// One particle line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LheParticle {
    /// `IDUP`: PDG id.
    pub id: i32,
    /// `ISTUP`: status (-1 incoming, 1 outgoing, 2 intermediate, ...).
    pub status: i32,
    /// `MOTHUP`: 1-based mother indices (0: none).
    pub mothers: [u32; 2],
    /// `ICOLUP`: colour and anticolour tags.
    pub colors: [i32; 2],
    /// Four-momentum (E, px, py, pz) in GeV. Note: the file order is px py pz E m.
    pub momentum: [f64; 4],
    /// `PUP(5)`: the mass in GeV.
    pub mass: f64,
    /// `VTIMUP`: proper lifetime c tau in mm.
    pub lifetime: f64,
    /// `SPINUP`: cosine of the angle between spin and momentum in the lab (9: unknown).
    pub spin: f64,
}
