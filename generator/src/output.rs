//! Atomic output files: temporary file in the same directory, then rename.
