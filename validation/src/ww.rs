//! Weizsaecker-Williams approximations.
