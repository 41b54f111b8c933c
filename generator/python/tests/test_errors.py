"""Bad input raises ValueError (TypeError for a wrong type) with the CLI's message."""

import pytest

import mfcgen
from conftest import cli_error


@pytest.mark.parametrize(
    "kwargs, flags",
    [
        ({"mass": -1.0}, ["--mass", "-1"]),
        ({"mass": 60.0}, ["--mass", "60"]),
        ({"coupling": 5.0}, ["--coupling", "5"]),
        ({"beam_energy": 0.05}, ["--beam-energy", "0.05"]),
        ({"precision": 2.0}, ["--precision", "2"]),
        ({"target": "Unobtainium"}, ["--target", "Unobtainium"]),
    ],
)
def test_invalid_values_give_the_cli_message(kwargs, flags, cli):
    expected = cli_error(cli("integrate", *flags, check=False))
    with pytest.raises(ValueError) as e:
        mfcgen.integrate(**kwargs)
    assert str(e.value) == expected


def test_card_errors_name_the_field_and_file(tmp_path, cli):
    bad = tmp_path / "bad.toml"
    bad.write_text("[mediator]\nmass = \"heavy\"\n")
    expected = cli_error(cli("integrate", "--card", bad, check=False))
    with pytest.raises(ValueError) as e:
        mfcgen.integrate(bad)
    assert str(e.value) == expected
    assert "`mediator.mass`" in str(e.value) and str(bad) in str(e.value)
    missing = tmp_path / "missing.toml"
    expected = cli_error(cli("integrate", "--card", missing, check=False))
    with pytest.raises(ValueError) as e:
        mfcgen.integrate(missing)
    assert str(e.value) == expected
    # a TOML string is named as such
    with pytest.raises(ValueError, match=r"run card <card string>: error in `mediator.mas`"):
        mfcgen.integrate("[mediator]\nmas = 0.1\n")


def test_names_and_types():
    with pytest.raises(ValueError, match='mediator = "tensor": unknown mediator'):
        mfcgen.integrate(mediator="tensor")
    with pytest.raises(ValueError, match='beam = "e-"'):
        mfcgen.integrate(beam="e-")
    with pytest.raises(TypeError, match="unknown keyword argument 'calls'"):
        mfcgen.integrate(calls=100)
    with pytest.raises(TypeError, match="mass must be a number, not str"):
        mfcgen.integrate(mass="0.1")
    with pytest.raises(TypeError, match="card must be a path"):
        mfcgen.integrate(3.5)
    with pytest.raises(ValueError, match="seed = -1"):
        mfcgen.generate(seed=-1, events=5)
    with pytest.raises(ValueError, match="events = 0"):
        mfcgen.generate(events=0)


def test_analysis_input():
    with pytest.raises(ValueError, match="precision = 1.5"):
        mfcgen.yields(precision=1.5)
    with pytest.raises(ValueError, match="at least 2"):
        mfcgen.reach(masses=1)
    with pytest.raises(ValueError, match="has no density"):
        mfcgen.yields(card='[target]\nname = "29,63,62.93"\n')
