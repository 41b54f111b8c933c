//! PDG Monte Carlo particle numbering (PDG Review, "Monte Carlo particle numbering scheme").

use serde::{Deserialize, Serialize};

/// A PDG Monte Carlo particle code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PdgId(pub i32);

impl PdgId {
    /// mu- (13).
    pub const MUON: Self = Self(13);
    /// mu+ (-13).
    pub const ANTIMUON: Self = Self(-13);
    /// Photon (22).
    pub const PHOTON: Self = Self(22);

    /// Nucleus code 10LZZZAAAI with L = 0 (no strange quarks) and I = 0 (ground state).
    /// Example: Cu-63 is `1000290630`. Source: PDG MC numbering scheme, rule 16.
    #[must_use]
    pub const fn nucleus(z: u32, a: u32) -> Self {
        Self(1_000_000_000 + (z as i32) * 10_000 + (a as i32) * 10)
    }

    /// True for a 10LZZZAAAI nucleus code.
    #[must_use]
    pub const fn is_nucleus(self) -> bool {
        self.0 >= 1_000_000_000
    }

    /// The raw integer code.
    #[must_use]
    pub const fn code(self) -> i32 {
        self.0
    }
}

impl std::fmt::Display for PdgId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nucleus_codes() {
        assert_eq!(PdgId::nucleus(29, 63).code(), 1_000_290_630);
        assert_eq!(PdgId::nucleus(82, 208).code(), 1_000_822_080);
        assert_eq!(PdgId::nucleus(1, 1).code(), 1_000_010_010);
        assert!(PdgId::nucleus(6, 12).is_nucleus());
        assert!(!PdgId::MUON.is_nucleus());
    }
}
