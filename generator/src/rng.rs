//! Reproducible random streams derived from (seed, phase, iteration, batch).
