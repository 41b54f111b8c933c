//! Incoming muon spectra from W/Z samples.
