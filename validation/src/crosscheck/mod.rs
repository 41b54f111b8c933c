//! Cross-checks of the generator: the Weizsaecker-Williams approximations ([`ww`]) and the
//! comparison of event samples with each other or with WW ([`compare`]).

pub mod compare;
pub mod ww;
