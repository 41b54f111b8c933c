//! Analysis numerics of GKSST Sec. IV: luminosity, background, (g-2), limits.
