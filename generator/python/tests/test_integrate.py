"""integrate() against `mfcgen integrate --json` for the same card and seed."""

import math

import mfcgen
import pytest

from conftest import SMALL_CARD


def test_sigma_equals_the_cli(small_card, cli_json):
    cli = cli_json("integrate", "--card", small_card, "--seed", 5)
    py = mfcgen.integrate(str(small_card), seed=5)
    assert abs(py["sigma_pb"] - cli["sigma_pb"]) <= 1e-12 * cli["sigma_pb"]
    assert abs(py["error_pb"] - cli["error_pb"]) <= 1e-12 * cli["error_pb"]
    assert py["chi2_dof"] == pytest.approx(cli["chi2_dof"], rel=1e-12, abs=1e-15)
    assert py["iterations"] == cli["iterations"]
    # the same keys as the CLI's JSON (one shared summary), apart from the timing
    assert set(py) == set(cli)
    assert py["mediator"] == "scalar" and py["mass_gev"] == 0.1 and py["seed"] == 5


def test_overrides_equal_the_cli_flags(small_card, cli_json):
    args = dict(mediator="vector", mass=0.03, target="W", beam_energy=80.0, beam="mu+")
    cli = cli_json(
        "integrate", "--card", small_card, "--mediator", "vector", "--mass", 0.03,
        "--target", "W", "--beam-energy", 80, "--beam", "mu+",
    )
    py = mfcgen.integrate(small_card, **args)
    assert abs(py["sigma_pb"] - cli["sigma_pb"]) <= 1e-12 * cli["sigma_pb"]
    assert py["target"] == cli["target"] and py["beam"] == "mu+"


def test_toml_string_path_and_pathlike_agree(small_card):
    a = mfcgen.integrate(SMALL_CARD)
    b = mfcgen.integrate(small_card)
    c = mfcgen.integrate(str(small_card))
    assert a["sigma_pb"] == b["sigma_pb"] == c["sigma_pb"]


def test_seeds_differ_within_errors(small_card):
    a = mfcgen.integrate(small_card, seed=1)
    b = mfcgen.integrate(small_card, seed=2)
    assert a["sigma_pb"] != b["sigma_pb"]
    pull = (a["sigma_pb"] - b["sigma_pb"]) / math.hypot(a["error_pb"], b["error_pb"])
    assert abs(pull) < 5


def test_unconverged_run_warns(small_card):
    with pytest.warns(RuntimeWarning, match="integration.precision"):
        r = mfcgen.integrate(small_card, precision=1e-6)
    assert not r["converged"] and r["warnings"]


def test_the_gil_is_released_during_a_call():
    import threading
    import time

    done = threading.Event()
    worker = threading.Thread(target=lambda: (mfcgen.integrate(), done.set()))
    worker.start()
    ticks = 0
    while not done.is_set():  # runs only while the worker does not hold the GIL
        ticks += 1
        time.sleep(0.002)
    worker.join()
    # the default card integrates for ~1.5 s: hundreds of ticks, none with the GIL held
    assert ticks > 100
