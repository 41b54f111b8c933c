"""Benchmark (not a test): 1e6 events with `mfcgen.generate` into numpy arrays vs the CLI's
`mfcgen generate` into an LHE file, and the peak memory of each vs the size of the arrays.

    python generator/python/bench_generate.py [--events N] [--cli target/release/mfcgen]

Each run is a fresh process, so its peak RSS (ru_maxrss from wait4) is its own. Both use the
default card (16 MeV vector, 50 GeV mu- on Cu) and the same seed, so they produce the same
events; both times include the integration (about 1.5 s).
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]

CHILD = """
import json, resource, sys, time
import numpy as np
import mfcgen
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
r = mfcgen.generate(events={n}, seed=1)
dt = time.perf_counter() - t
nbytes = sum(v.nbytes for v in r.values() if isinstance(v, np.ndarray))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(dict(seconds=dt, generation_seconds=r["generation_seconds"],
                      integration_seconds=r["integration_seconds"],
                      array_mb=nbytes / 1e6, baseline_rss_mb=base / 1e3,
                      peak_rss_mb=peak / 1e3)))
"""


def run(args):
    """stdout (JSON), wall seconds and peak RSS in MB of one child process."""
    t = time.perf_counter()
    p = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        raise SystemExit(f"{args[0]} failed")
    return json.loads(out), time.perf_counter() - t, usage.ru_maxrss / 1e3


def python_run(n):
    r, _, peak = run([sys.executable, "-c", CHILD.format(n=n)])
    return r


def cli_run(cli, n, output):
    r, dt, peak = run([cli, "generate", "--events", str(n), "--seed", "1", "--output",
                       str(output), "--json"])
    return dict(seconds=dt, generation_seconds=r["generation_seconds"],
                integration_seconds=r["integration_seconds"], peak_rss_mb=peak,
                file_mb=output.stat().st_size / 1e6)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--cli", default=str(REPO / "target" / "release" / "mfcgen"))
    a = ap.parse_args()
    py = python_run(a.events)
    print(f"python  generate({a.events}): {py['seconds']:.2f} s "
          f"(generation {py['generation_seconds']:.2f} s, "
          f"{a.events / py['generation_seconds']:.0f} events/s)")
    print(f"        arrays {py['array_mb']:.1f} MB; peak RSS {py['peak_rss_mb']:.1f} MB "
          f"(after import {py['baseline_rss_mb']:.1f} MB: "
          f"+{py['peak_rss_mb'] - py['baseline_rss_mb']:.1f} MB)")
    with tempfile.TemporaryDirectory() as d:
        for name in ("events.lhe", "events.lhe.gz"):
            c = cli_run(a.cli, a.events, pathlib.Path(d) / name)
            print(f"cli     generate -> {name}: {c['seconds']:.2f} s "
                  f"(generation {c['generation_seconds']:.2f} s, "
                  f"{a.events / c['generation_seconds']:.0f} events/s); "
                  f"file {c['file_mb']:.0f} MB; peak RSS {c['peak_rss_mb']:.1f} MB")


if __name__ == "__main__":
    main()
