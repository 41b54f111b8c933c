//! [`FrozenMap`]: a read-only copy of the adaptive map for event generation.
//!
//! Sampling `y` uniformly and weighting by the Jacobian gives unbiased weights
//! `J(y) f(x(y))` with `E[J f] = ∫ f dx` (Lepage 1978, Sec. 2); the
//! stratification is deliberately not used, so that every point has the same
//! sampling density in `y` and weights can be unweighted against one maximum.

use serde::{Deserialize, Serialize};

use super::grid::AdaptiveMap;
use crate::rng::uniform01;

/// A frozen copy of an [`AdaptiveMap`] (no stratification, no training), used to
/// draw weighted points for unweighting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrozenMap {
    map: AdaptiveMap,
}

impl FrozenMap {
    /// Freeze `map` (training data are dropped).
    pub fn new(map: &AdaptiveMap) -> Self {
        let mut map = map.clone();
        map.clear_training();
        Self { map }
    }

    /// Number of directions.
    pub fn dim(&self) -> usize {
        self.map.dim()
    }

    /// The underlying map.
    pub fn map(&self) -> &AdaptiveMap {
        &self.map
    }

    /// Draw `y` uniformly in `[0,1)^dim`, write `x(y)` into `x` (length `dim`) and
    /// return the Jacobian, so that `E[J f(x)] = ∫ f`. Allocation-free.
    #[inline]
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R, x: &mut [f64]) -> f64 {
        let mut jac = 1.0;
        for (d, xd) in x.iter_mut().enumerate().take(self.map.dim()) {
            let (xv, j, _) = self.map.map_1d(d, uniform01(rng));
            *xd = xv;
            jac *= j;
        }
        jac
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Phase, stream};

    #[test]
    fn frozen_map_samples_unbiased() {
        // Non-trivial map from training, then check E[J] = 1 (volume).
        let mut m = AdaptiveMap::new(1, 20);
        let mut t = m.new_training();
        for i in 0..20 {
            t.add(&[i], (i as f64 + 1.0).powi(2), 1.0);
        }
        m.add_training(&t);
        m.adapt(1.0);
        let fm = FrozenMap::new(&m);
        assert_eq!(fm.dim(), 1);
        let mut rng = stream(5, Phase::Test, 0, 0);
        let mut x = [0.0];
        let n = 200_000;
        let (mut s, mut sx) = (0.0, 0.0);
        for _ in 0..n {
            let j = fm.sample(&mut rng, &mut x);
            s += j;
            sx += j * x[0];
        }
        assert!((s / n as f64 - 1.0).abs() < 0.01, "E[J] = {}", s / n as f64);
        assert!(
            (sx / n as f64 - 0.5).abs() < 0.01,
            "E[J x] = {}",
            sx / n as f64
        );
        // serde_json without `float_roundtrip` may differ in the last ulp
        let json = serde_json::to_string(&fm).expect("serialise");
        let back: FrozenMap = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back.dim(), 1);
        for (a, b) in back.map().grid(0).iter().zip(fm.map().grid(0)) {
            assert!((a - b).abs() <= 1e-15, "{a} vs {b}");
        }
    }
}
