//! Tolerant LHE reader.
