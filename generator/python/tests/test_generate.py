"""generate() against the LHE file `mfcgen generate` writes for the same card and seed."""

import numpy as np
import pylhe
import pytest

import mfcgen


@pytest.fixture(scope="module")
def both(tmp_path_factory, cli):
    d = tmp_path_factory.mktemp("gen")
    card = d / "card.toml"
    from conftest import SMALL_CARD

    card.write_text(SMALL_CARD)
    lhe = d / "events.lhe"
    cli("generate", "--card", card, "--output", lhe, "--events", 250, "--seed", 9)
    py = mfcgen.generate(card, events=250, seed=9)
    return py, list(pylhe.LHEFile.fromfile(str(lhe)).events), pylhe.LHEFile.fromfile(str(lhe))


def test_momenta_equal_the_lhe_file(both):
    py, events, _ = both
    assert py["momenta"].shape == (250, 5, 4)
    lhe = np.array([[[p.e, p.px, p.py, p.pz] for p in ev.particles] for ev in events])
    # the writer prints 17 significant digits (an exact round trip): equal to the bit
    assert np.array_equal(py["momenta"], lhe)
    assert list(py["pdg"]) == [int(p.id) for p in events[0].particles]
    assert list(py["status"]) == [int(p.status) for p in events[0].particles]
    assert np.array_equal(py["weight"], [ev.eventinfo.weight for ev in events])


def test_weights_sum_to_sigma_and_momentum_is_conserved(both):
    py, _, _ = both
    assert py["weight"].sum() == pytest.approx(py["sigma_pb"], rel=1e-12)
    p = py["momenta"]
    incoming = p[:, 0] + p[:, 1]
    outgoing = p[:, 2] + p[:, 3] + p[:, 4]
    assert np.allclose(incoming, outgoing, rtol=0, atol=1e-9 * p[:, 0, 0].max())
    assert np.all(py["vertex"] == 0.0)  # fixed target: events at the origin
    assert py["momenta"].flags.c_contiguous and py["momenta"].dtype == np.float64


def test_same_seed_same_events_other_seed_others(small_card):
    a = mfcgen.generate(small_card, events=50, seed=3)
    b = mfcgen.generate(small_card, events=50, seed=3)
    c = mfcgen.generate(small_card, events=50, seed=4)
    assert np.array_equal(a["momenta"], b["momenta"])
    assert not np.array_equal(a["momenta"], c["momenta"])


def test_to_awkward(both):
    ak = pytest.importorskip("awkward")
    py, _, _ = both
    arr = mfcgen.to_awkward(py)
    assert len(arr) == 250
    assert ak.all(ak.num(arr.particles) == 5)
    assert np.array_equal(ak.to_numpy(arr.particles.E), py["momenta"][..., 0])
    assert np.array_equal(ak.to_numpy(arr.particles.pdg[0]), py["pdg"])
    assert ak.sum(arr.weight) == pytest.approx(py["sigma_pb"], rel=1e-12)
