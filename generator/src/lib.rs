//! # mfcgen: adaptive Monte Carlo generator for mu N -> mu N X
