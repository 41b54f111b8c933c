"""Reweighting weights, decay vertices and material slabs reach Python as the CLI writes them
to HepMC3 (shortest round-trip floats: the same numbers to the last bit)."""

import numpy as np
import pytest

import mfcgen
from conftest import SMALL_CARD

REWEIGHT = ["axial", "vector:elastic+inelastic", "pseudoscalar"]


def read_hepmc(path):
    pyhepmc = pytest.importorskip("pyhepmc")
    with pyhepmc.open(str(path)) as f:
        return list(f)


def test_reweight_weights_equal_the_hepmc_named_weights(small_card, cli, tmp_path):
    out = tmp_path / "rw.hepmc"
    args = [x for item in REWEIGHT for x in ("--reweight", item)]
    cli("generate", "--card", small_card, "--events", 80, "--output", out, *args)
    py = mfcgen.generate(small_card, events=80, reweight=REWEIGHT)
    events = read_hepmc(out)
    names = list(events[0].run_info.weight_names)
    assert names[0] == "weight" or len(names) == len(REWEIGHT) + 1, names
    assert list(py["reweight"]) == names[1:], (list(py["reweight"]), names)
    for k, name in enumerate(names[1:], start=1):
        file_w = np.array([ev.weights[k] for ev in events])
        assert np.array_equal(py["reweight"][name], file_w), name
    # the nominal weight is untouched by reweighting, and an alternative's weights sum to a
    # cross section of the same order (scalar -> axial, vector, pseudoscalar at 100 MeV:
    # within a factor 10)
    assert np.array_equal(py["weight"], np.array([ev.weights[0] for ev in events]))
    for name in names[1:]:
        ratio = py["reweight"][name].sum() / py["weight"].sum()
        assert 0.1 < ratio < 10, (name, ratio)
    ak = pytest.importorskip("awkward")
    arr = mfcgen.to_awkward(py)
    assert ak.to_list(arr.reweight[names[1]][:3]) == list(py["reweight"][names[1]][:3])


def test_without_reweighting_there_is_no_reweight_key(small_card):
    py = mfcgen.generate(small_card, events=20)
    assert "reweight" not in py and "decay_vertex" not in py


def test_reweight_must_be_a_list():
    with pytest.raises(TypeError, match="list of str"):
        mfcgen.generate(SMALL_CARD, events=5, reweight="axial")
    with pytest.raises(ValueError, match="generation.reweight"):
        mfcgen.generate(SMALL_CARD, events=5, reweight=["no-such-mediator"])


def cli_and_python(cli, tmp_path, text, events):
    """The events of card `text` from the CLI (HepMC3, read by pyhepmc) and from Python."""
    card = tmp_path / "card.toml"
    card.write_text(text)
    out = tmp_path / "events.hepmc"
    cli("generate", "--card", card, "--events", events, "--output", out)
    return read_hepmc(out), mfcgen.generate(str(card), events=events)


DECAY_CARD = SMALL_CARD.replace(
    'kind = "scalar"\nmass = 0.1', 'kind = "scalar"\nmass = 0.3\ncoupling = 1e-3\nmodel = "muon-only"'
)


def test_decay_vertices_equal_the_hepmc_end_vertices(cli, tmp_path):
    events, py = cli_and_python(cli, tmp_path, DECAY_CARD, 60)
    assert py["decay_vertex"].shape == (60, 4)
    assert np.all(np.isfinite(py["decay_vertex"])) and np.all(py["proper_length_mm"] > 0)
    file_v = []
    for ev in events:
        x = [p for p in ev.particles if p.status == 2]
        assert len(x) == 1
        file_v.append([*x[0].end_vertex.position])
    assert np.array_equal(py["decay_vertex"], np.array(file_v))
    # the flight distance is c tau x beta gamma: |decay - production| = c tau |p| / m
    assert py["momenta"].ndim == 3  # mu mu every time: one particle content
    p = np.linalg.norm(py["momenta"][:, 4, 1:], axis=1)
    flight = np.linalg.norm(py["decay_vertex"][:, :3] - py["vertex"][:, :3], axis=1)
    assert np.allclose(flight, py["proper_length_mm"] * p / 0.3, rtol=1e-9)


SLAB_CARD = SMALL_CARD.replace(
    '[mediator]', '[target]\nmaterial = "PbWO4"\nthickness_cm = 2.0\n\n[mediator]'
)


def test_slab_events_carry_their_nucleus_and_depth(cli, tmp_path):
    events, py = cli_and_python(cli, tmp_path, SLAB_CARD, 100)
    vertex = np.array([[*ev.vertices[0].position] for ev in events])
    assert np.array_equal(py["vertex"], vertex)
    assert np.all((vertex[:, 2] >= 0) & (vertex[:, 2] <= 20.0))  # inside the 2 cm slab, mm
    # the nucleus differs from event to event: the ragged layout, line 2 of each event
    assert "offsets" in py
    nuclei = py["pdg"][py["offsets"][:-1] + 1]
    assert set(nuclei) <= {1000822080, 1000741840, 1000080160} and len(set(nuclei)) >= 2
    assert py["slab"]["material"] == "PbWO4"
