"""Shared fixtures: the command-line tools the bindings are compared with, and a small card."""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]

# Small integration settings: each call takes well under a second.
SMALL_CARD = """
[mediator]
kind = "scalar"
mass = 0.1

[integration]
precision = 1e-2
calls = 20000
adapt_iterations = 3
max_iterations = 5

[generation]
events = 300
seed = 11
"""


def _binary(name):
    env = os.environ.get("MFCGEN_" + name.upper().replace("-", "_") + "_BIN")
    path = pathlib.Path(env) if env else REPO / "target" / "release" / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: build it with cargo build --release")
        pytest.skip(f"{path} is missing (cargo build --release)")
    return path


@pytest.fixture(scope="session")
def cli():
    """Runs `mfcgen ARGS`; returns the CompletedProcess (text)."""
    exe = _binary("mfcgen")

    def run(*args, check=True):
        p = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"mfcgen {' '.join(map(str, args))} failed:\n{p.stderr}")
        return p

    return run


@pytest.fixture(scope="session")
def cli_json(cli):
    """Runs `mfcgen ARGS --json` and parses its output."""
    return lambda *args: json.loads(cli(*args, "--json").stdout)


@pytest.fixture(scope="session")
def validate_cli():
    """Runs `mfc-validate ARGS`; returns its stdout."""
    exe = _binary("mfc-validate")

    def run(*args):
        p = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        return p.stdout

    return run


@pytest.fixture()
def small_card(tmp_path):
    """The small card as a file."""
    path = tmp_path / "small.toml"
    path.write_text(SMALL_CARD)
    return path


def cli_error(proc):
    """The message of a failed `mfcgen` run, without the `mfcgen: error: ` prefix."""
    assert proc.returncode != 0
    line = proc.stderr.strip()
    prefix = "mfcgen: error: "
    assert line.startswith(prefix), line
    return line[len(prefix):]
