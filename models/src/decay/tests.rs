//! Cross-checks of the decay module.
