//! Les Houches Event files (LHE 3.0, arXiv:1405.1067): writer and strict validator.
