//! # mfc-validation: cross-checks for mfcgen
