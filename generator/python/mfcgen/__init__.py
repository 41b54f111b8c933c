"""mfcgen in Python: the muonic-force-carrier generator (mu N -> mu N X) as library calls.

The functions are those of the ``mfcgen`` and ``mfc-validate`` command-line tools, built from
the same Rust library, so that a card and a seed give the same numbers and events:

>>> import mfcgen
>>> r = mfcgen.integrate(mass=0.1, mediator="scalar")        # doctest: +SKIP
>>> r["sigma_pb"], r["error_pb"]                              # doctest: +SKIP
>>> ev = mfcgen.generate(events=10_000, seed=7)               # doctest: +SKIP
>>> ev["momenta"].shape                                       # (10000, 5, 4): E, px, py, pz
>>> arr = mfcgen.to_awkward(ev)                               # with awkward installed

Keyword arguments override card fields under the CLI's flag names (mediator, mass, coupling,
target, form_factor, beam_energy, beam, beam_spectrum, precision, seed); a card is a path, a
TOML string or None (the default card, ``mfcgen.default_card()``). Bad input raises
ValueError with the CLI's message; long calls release the GIL and stop on Ctrl-C.
"""

from typing import Any, Mapping

from ._core import (
    __version__,
    default_card,
    generate,
    integrate,
    matrix_element,
    muon_spectrum,
    reach,
    widths,
    ww,
    yields,
)

__all__ = [
    "__version__",
    "default_card",
    "generate",
    "integrate",
    "matrix_element",
    "muon_spectrum",
    "reach",
    "to_awkward",
    "widths",
    "ww",
    "yields",
]


def to_awkward(result: Mapping[str, Any]) -> Any:
    """The events of ``generate()`` as an awkward array, one record per event.

    Each record has ``particles`` (a list of records E, px, py, pz, pdg, status, mother1,
    mother2: the names the ``vector`` package reads as a Lorentz vector), ``weight`` (pb) and
    ``vertex`` (x, y, z, ct in mm); with reweighting ``reweight`` (one field per
    alternative's name, pb), with decays ``decay_vertex`` and ``proper_length_mm``. Works for
    equal (no decays) and varying particle content (the ``offsets`` layout). Needs ``pip install awkward``; returns an ``awkward.Array``.
    """
    try:
        import awkward as ak
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("mfcgen.to_awkward needs awkward: pip install awkward") from e
    import numpy as np

    momenta = np.asarray(result["momenta"])
    pdg = np.asarray(result["pdg"])
    status = np.asarray(result["status"])
    mothers = np.asarray(result["mothers"])
    n_events = len(result["weight"])
    if "offsets" in result:
        offsets = np.asarray(result["offsets"], dtype=np.int64)
        flat = momenta
        flat_pdg, flat_status, flat_mothers = pdg, status, mothers
    else:
        n = momenta.shape[1] if momenta.ndim == 3 else 0
        offsets = np.arange(n_events + 1, dtype=np.int64) * n
        flat = momenta.reshape(-1, 4)
        flat_pdg = np.tile(pdg, n_events)
        flat_status = np.tile(status, n_events)
        flat_mothers = np.tile(mothers, (n_events, 1))
    fields = {
        "E": flat[:, 0],
        "px": flat[:, 1],
        "py": flat[:, 2],
        "pz": flat[:, 3],
        "pdg": flat_pdg,
        "status": flat_status,
        "mother1": flat_mothers[:, 0],
        "mother2": flat_mothers[:, 1],
    }
    layout = ak.contents.ListOffsetArray(
        ak.index.Index64(offsets),
        ak.contents.RecordArray(
            [ak.contents.NumpyArray(v) for v in fields.values()], list(fields)
        ),
    )
    def xyzt(v: Any) -> Any:
        v = np.asarray(v)
        return ak.zip({"x": v[:, 0], "y": v[:, 1], "z": v[:, 2], "ct": v[:, 3]})

    record = {
        "particles": ak.Array(layout),
        "weight": result["weight"],
        "vertex": xyzt(result["vertex"]),
    }
    if "reweight" in result:
        record["reweight"] = ak.zip(dict(result["reweight"]))
    if "decay_vertex" in result:
        record["decay_vertex"] = xyzt(result["decay_vertex"])
        record["proper_length_mm"] = result["proper_length_mm"]
    return ak.zip(record, depth_limit=1)
