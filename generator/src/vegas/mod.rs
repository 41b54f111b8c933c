//! VEGAS+ adaptive integration (Lepage 1978; Lepage arXiv:2009.05112).
