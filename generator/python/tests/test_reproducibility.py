"""Events do not depend on the thread count; a beam-spectrum run gives the CLI's HepMC3
events with their production vertices."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import mfcgen
from conftest import REPO, SMALL_CARD

CHILD = """
import json, sys, mfcgen
r = mfcgen.generate(sys.argv[1], events=400, seed=21)
print(json.dumps({"sigma": r["sigma_pb"], "momenta": r["momenta"].tolist()}))
"""


def run_with_threads(n, card):
    env = dict(os.environ, RAYON_NUM_THREADS=str(n))
    out = subprocess.run([sys.executable, "-c", CHILD, card], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def test_one_and_three_threads_give_the_same_events():
    one = run_with_threads(1, SMALL_CARD)
    three = run_with_threads(3, SMALL_CARD)
    assert one["sigma"] == three["sigma"]
    assert one["momenta"] == three["momenta"]


SPECTRUM = REPO / "validation" / "data" / "wz" / "z_muon_spectrum_14TeV.csv"


def test_spectrum_run_equals_the_hepmc_file(small_card, cli, tmp_path):
    pyhepmc = pytest.importorskip("pyhepmc")
    out = tmp_path / "events.hepmc"
    cli("generate", "--card", small_card, "--beam-spectrum", SPECTRUM, "--events", 60,
        "--output", out)
    py = mfcgen.generate(small_card, events=60, beam_spectrum=str(SPECTRUM))
    with pyhepmc.open(str(out)) as f:
        events = list(f)
    assert len(events) == 60 == len(py["weight"])
    momenta = np.array([[[p.momentum.e, p.momentum.px, p.momentum.py, p.momentum.pz]
                         for p in ev.particles] for ev in events])
    vertex = np.array([[*ev.vertices[0].position] for ev in events])  # x, y, z, ct (mm)
    assert np.array_equal(py["momenta"], momenta)  # HepMC3 floats are shortest round trip
    assert np.array_equal(py["vertex"], vertex)
    assert np.all(np.abs(py["vertex"][:, :3]).sum(axis=1) > 0)  # placed in the ATLAS frame
