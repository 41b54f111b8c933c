//! The I/O layer: every file format mfcgen reads or writes, each grammar next to its inverse.
//!
//! | module | format | written by | read by |
//! |---|---|---|---|
//! | [`input`] | any input, plain or gzip (by the magic bytes `1f 8b`, multi-member) | - | [`input::open`] |
//! | [`output`] | atomic output files (temporary file + rename), gzip by the `.gz` name | [`output::AtomicFile`] | - |
//! | [`lhe`] | Les Houches Event files (hep-ph/0609017; LHE 3.0, arXiv:1405.1067) | [`lhe::LheWriter`] | [`lhe::LheReader`] (tolerant), [`lhe::validate_file`] (strict checks over the reader's events) |
//! | [`lhe::header`] | our `<mfcgen>` header block | [`lhe::RunHeader::to_text`] | [`lhe::RunHeader::parse`] |
//! | [`lhe::rwgt`] | LHE 3.0 named weights (`<initrwgt>`, `<rwgt>`) | [`lhe::initrwgt_block`], [`lhe::LheWriter::write_event_with_weights`] | [`lhe::parse_initrwgt`], [`lhe::LheEvent::extra_weights`] |
//! | [`hepmc`] | HepMC3 ASCII (`Asciiv3`, arXiv:1912.08005) | [`hepmc::HepMcWriter`] | (pyhepmc, HepMC3) |
//! | [`spectrum`] | the muon-spectrum file (`mfcgen-muon-spectrum`, grids and muon lists) | [`spectrum::write_text`] | [`spectrum::read`] |
//! | [`gridpack`] | the gridpack (`mfcgen-gridpack`, JSON) | [`gridpack::Gridpack::write`] | [`gridpack::LoadedGridpack::load`] |
//!
//! Every writer here has a round-trip test against its reader. The physics that produces or
//! consumes these files lives elsewhere ([`crate::run`], [`crate::beam`], [`crate::merge`],
//! [`crate::gridpack`]).

pub mod gridpack;
pub mod gzip;
pub mod hepmc;
pub mod input;
pub mod lhe;
pub mod output;
pub mod spectrum;
