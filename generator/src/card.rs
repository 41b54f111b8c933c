//! Run cards (TOML): beam, target, mediator, integration, generation.
