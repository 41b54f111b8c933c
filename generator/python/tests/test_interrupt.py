"""Ctrl-C (SIGINT) stops a long integration or generation within about a VEGAS iteration."""

import os
import signal
import threading
import time

import pytest

import mfcgen

# An integration that would run for minutes: 1e6 calls per iteration, up to 1000 iterations,
# a precision it never reaches.
LONG = """
[integration]
precision = 1e-9
calls = 1000000
adapt_iterations = 2
max_iterations = 1000
"""


def interrupt_after(seconds):
    t = threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGINT))
    t.start()
    return t


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to self")
def test_ctrl_c_stops_integrate():
    start = time.monotonic()
    t = interrupt_after(0.5)
    with pytest.raises(KeyboardInterrupt):
        mfcgen.integrate(LONG)
    t.join()
    # an iteration of 1e6 calls takes ~0.5 s on 2 cores: stopped well before the minutes
    assert time.monotonic() - start < 10


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to self")
def test_ctrl_c_stops_generate():
    card = "[integration]\ncalls = 20000\nadapt_iterations = 2\nmax_iterations = 3\nprecision = 0.05"
    start = time.monotonic()
    t = interrupt_after(1.0)
    with pytest.raises(KeyboardInterrupt):
        mfcgen.generate(card, events=100_000_000)
    t.join()
    assert time.monotonic() - start < 10


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to self")
def test_ctrl_c_stops_reach_between_points():
    start = time.monotonic()
    t = interrupt_after(0.5)
    with pytest.raises(KeyboardInterrupt):
        mfcgen.reach(masses=25)  # ~1 min uninterrupted
    t.join()
    assert time.monotonic() - start < 15
