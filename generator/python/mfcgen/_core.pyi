"""Type stubs of the extension module mfcgen._core (see the docstrings of each function)."""

from os import PathLike
from typing import Any, Optional, Sequence, TypedDict, Union

import numpy as np
import numpy.typing as npt
from typing_extensions import Unpack

__version__: str
__all__ = [
    "__version__",
    "default_card",
    "generate",
    "integrate",
    "matrix_element",
    "muon_spectrum",
    "reach",
    "widths",
    "ww",
    "yields",
]

_Card = Union[str, PathLike, None]
"""A run card: a path, a TOML string (text with a newline or '='), or None (the default)."""

class _Physics(TypedDict, total=False):
    """_Card fields settable as keyword arguments (the `mfcgen integrate`/`generate` flags)."""

    mediator: str  # mediator.kind: scalar, vector, pseudoscalar, axial
    mass: float  # mediator.mass, GeV
    coupling: float  # mediator.coupling
    target: str  # target.name: Cu, Fe, W, Pb, Al, C or "Z,A,mass_u"
    form_factor: str  # target.form_factor
    beam_energy: float  # beam.energy, GeV
    beam: str  # beam.particle: mu- or mu+
    beam_spectrum: Union[str, PathLike]  # beam.spectrum
    precision: float  # integration.precision
    model: str  # mediator.model: invisible, muon-only, lmu-ltau
    dark_width: float  # mediator.dark_width, GeV
    br_invisible: float  # mediator.br_invisible
    decay_mode: str  # decay.mode: decay or stable
    reweight: list[str]  # generation.reweight, e.g. ["axial", "vector:none"]

class _Overrides(_Physics, total=False):
    """The keyword arguments of integrate(): _Physics and the seed."""

    seed: int  # generation.seed

def default_card() -> str:
    """The commented default run card (what `mfcgen card` prints)."""

def integrate(card: _Card = None, **overrides: Unpack[_Overrides]) -> dict[str, Any]:
    """sigma (pb) of the card: the dict of `mfcgen integrate --json` (sigma_pb, error_pb,
    relative_error, chi2_dof, iterations, evaluations, seconds, converged, warnings, ...)."""

def generate(
    card: _Card = None,
    events: Optional[int] = None,
    seed: Optional[int] = None,
    **overrides: Unpack[_Physics],
) -> dict[str, Any]:
    """Unweighted events as numpy arrays: momenta (N, n, 4) as (E, px, py, pz) GeV, pdg,
    status (n,), mothers (n, 2), weight (N,) pb, vertex (N, 4) mm, and the summary of
    `mfcgen generate --json` (sigma_pb, error_pb, chi2_dof, iterations, efficiency, ...).
    With reweighting, reweight: {name: weights (N,) pb}; with decays, decay_vertex (N, 4) mm
    and proper_length_mm (N,)."""

def matrix_element(
    momenta: npt.ArrayLike,
    mediator: str,
    mass: float,
    coupling: float = 1.0,
    target: str = "Cu",
    form_factor: str = "elastic",
) -> Union[float, npt.NDArray[np.float64]]:
    """|M|^2 (GeV^-2) at points of shape (5, 4) (a float) or (M, 5, 4) (an array of M)."""

def widths(
    mediator: str,
    mass: float,
    coupling: float = 1.0,
    model: str = "muon-only",
    dark_width: Optional[float] = None,
    br_invisible: Optional[float] = None,
) -> dict[str, Any]:
    """The decay table of X: the dict of `mfcgen widths --json`."""

def ww(
    mediator: str,
    mass: float,
    beam_energy: float = 50.0,
    target: str = "Cu",
    form_factor: str = "elastic",
    approximation: str = "iww",
    coupling: float = 1.0,
    x: Optional[Sequence[float]] = None,
) -> dict[str, Any]:
    """Weizsaecker-Williams sigma_pb, x_range and (with x) dsigma_dx_pb."""

def yields(
    masses: Optional[Sequence[float]] = None,
    precision: float = 1e-2,
    card: _Card = None,
) -> dict[str, Any]:
    """N_X/g^2 for S and V from W and Z muons (GKSST Eqs. 4-5): `mfc-validate yields --json`."""

def reach(
    masses: Union[int, Sequence[float], None] = None,
    mediators: Optional[Sequence[str]] = None,
    precision: float = 2e-2,
    points: int = 200_000,
    card: _Card = None,
) -> dict[str, Any]:
    """The reach scan of GKSST Figs. 3-4: edges, n_sm, mediator, m_x_gev, sigma_pb (n, 2),
    n_accepted_per_g2 (n, 2), g_up (n, 4), rho_signal (n, 2, bins), g_gm2_2019 and
    g_gm2_2021 (n, 3)."""

def muon_spectrum(boson: str) -> dict[str, Any]:
    """GKSST Fig. 2 from the committed W or Z sample: p_lo, p_hi (GeV), density (1/GeV),
    mean_p, median_p."""
