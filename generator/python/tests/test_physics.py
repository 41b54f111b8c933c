"""matrix_element(), widths() and ww() against `mfcgen matrix-element`, `mfcgen widths` and
`mfc-validate ww`."""

import json

import numpy as np
import pytest

import mfcgen


@pytest.fixture(scope="module")
def points():
    ev = mfcgen.generate(
        "[integration]\ncalls = 20000\nadapt_iterations = 2\nmax_iterations = 3\nprecision = 0.05",
        events=40, seed=2, mediator="vector", mass=0.05,
    )
    return ev["momenta"]


def test_vectorised_me2_equals_the_cli(points, cli, tmp_path):
    me2 = mfcgen.matrix_element(points, mediator="vector", mass=0.05)
    assert me2.shape == (40,)
    for i in (0, 17, 39):
        f = tmp_path / f"p{i}.txt"
        np.savetxt(f, points[i], fmt="%.17e")
        out = cli("matrix-element", "--mediator", "vector", "--mass", 0.05, "--momenta", f)
        assert me2[i] == pytest.approx(float(out.stdout), rel=2e-16)  # CLI prints 17 digits
    single = mfcgen.matrix_element(points[5], mediator="vector", mass=0.05)
    assert isinstance(single, float) and single == me2[5]
    # a list works like an array; another mediator is another |M|^2
    assert mfcgen.matrix_element(points[:2].tolist(), "vector", 0.05)[1] == me2[1]
    assert mfcgen.matrix_element(points[:2], "scalar", 0.05)[0] != me2[0]


def test_me2_bad_points(points):
    bad = points[:3].copy()
    bad[1, 4, 0] += 1.0  # X energy off: not conserved, off shell
    with pytest.raises(ValueError, match="point 1"):
        mfcgen.matrix_element(bad, "vector", 0.05)
    with pytest.raises(ValueError, match=r"shape \(5, 4\) or \(M, 5, 4\)"):
        mfcgen.matrix_element(np.zeros((3, 4, 4)), "vector", 0.05)
    with pytest.raises(ValueError, match="mediator"):
        mfcgen.matrix_element(points, "tensor", 0.05)


def test_widths_equal_the_cli(cli_json):
    for kind, model in [("vector", "lmu-ltau"), ("scalar", "muon-only"), ("axial", "invisible")]:
        cli = cli_json("widths", "--mediator", kind, "--mass", 0.5, "--coupling", 0.01,
                       "--model", model)
        assert mfcgen.widths(kind, 0.5, coupling=0.01, model=model) == cli
    with pytest.raises(ValueError, match="mass = 100000: the mediator mass must lie"):
        mfcgen.widths("vector", 1e5)


def test_ww_equals_mfc_validate(validate_cli):
    cli = json.loads(validate_cli("ww", "--mediator", "scalar", "--mass", 0.1, "--json",
                                  "--approximation", "hiww"))
    py = mfcgen.ww("scalar", 0.1, approximation="hiww")
    assert py["sigma_pb"] == cli["sigma_pb"]
    assert list(py["x_range"]) == cli["x_range"]
    d = mfcgen.ww("scalar", 0.1, x=[0.1, 0.5])["dsigma_dx_pb"]
    assert d.shape == (2,) and np.all(d > 0)
    with pytest.raises(ValueError, match="not available for a axial"):
        mfcgen.ww("axial", 0.1)
