#!/usr/bin/env python3
"""Generate pp -> Z/gamma* -> mu+ mu- and pp -> W -> mu nu samples with Pythia 8.

These samples provide the incoming-muon spectrum P_in(p, eta) of GKSST
(Galon et al., PRD 101, 011701, Eqs. (5)-(8), Fig. 2): muons from W and Z
decays that pass the ATLAS 13 TeV W/Z fiducial selection (PLB 759 (2016) 601)
and hit the barrel calorimeter (0.1 < |eta| < 1.05).  The selection itself is
applied in Rust (validation/src/spectrum.rs); this script only generates.

Physics set-up
--------------
* pp at sqrt(s) = 14 TeV (HL-LHC), Pythia 8 defaults (NNPDF2.3 QCD+QED LO,
  Monash tune), parton shower (ISR/FSR incl. QED FSR off the muons) and
  hadronisation ON, so that the boson recoils against ISR and has a realistic pT
  spectrum; multiparton interactions ON unless --no-mpi.
* Z:  WeakSingleBoson:ffbar2gmZ (full Z/gamma* interference),
      23:onMode = off, 23:onIfAny = 13, PhaseSpace:mHatMin = 50 GeV.
* W:  WeakSingleBoson:ffbar2W, 24:onMode = off, 24:onIfAny = 13 14
      (W+ and W-, i.e. mu+ nu_mu and mu- nu_mu~).

LHE layout (written here; Pythia's LHEF writers crash from Python)
----------------------------------------------------------------
MadGraph-like Les Houches Event file, version 3.0, gzip-compressed:

* <header> holds a <pythia_settings> block (all settings passed to Pythia,
  the random seed, the Pythia version) and an <mfcgen_sample> block that
  documents the event content below.
* <init>: beams 2212 2212 7000 7000 GeV, PDF 247000 (NNPDF23_lo_as_0130_qed,
  the Pythia default), IDWTUP = 3 (unweighted, XWGTUP = +1), one process with
  XSECUP = sigmaGen() in pb and XERRUP = sigmaErr() in pb at the end of the run
  (branching ratio into muons included: Pythia rescales sigma by the open
  decay channels).
* Each <event> is deliberately small -- only what the W/Z selection needs:
    1, 2  the two incoming partons of the hard process (status -1, from
          pythia.process, no transverse momentum);
    3     the boson (status 2, mothers 1 2), taken from pythia.event *after*
          the shower, i.e. its last copy, so it carries the ISR recoil pT;
    4...  the final-state (status 1) prompt leptons: all final-state muons and
          neutrinos that descend from that boson, after QED final-state
          radiation ("bare" muons, which is what enters the calorimeter);
          mothers simplified to (3, 3).
  Jets, photons, the underlying event and non-prompt (hadron-decay) muons are
  NOT written; ATLAS isolation would reject the latter anyway.  Hence momentum
  is not conserved between lines 1-2 and the rest (the ISR recoil is missing).
* Truth-level missing transverse energy: for W events E_T^miss is the pT of the
  prompt neutrino (the only invisible particle written), as in GKSST's
  truth-level spectra.
* Momenta are written with "%.10e" (11 significant digits).

Usage
-----
    python3 scripts/make_wz_samples.py --process z --events 100000 --seed 1 \\
        --output validation/data/wz/z_mumu_14TeV.lhe.gz
    python3 scripts/make_wz_samples.py --process w --events 100000 --seed 2 \\
        --output validation/data/wz/w_munu_14TeV.lhe.gz

The committed samples (50k events each, ~7.5 MB each) were made with --no-mpi on a
loaded 2-core machine (~6.5 min each, run in parallel):

    python3 scripts/make_wz_samples.py --process z --events 50000 --seed 1 --no-mpi \
        --output validation/data/wz/z_mumu_14TeV.lhe.gz
    python3 scripts/make_wz_samples.py --process w --events 50000 --seed 2 --no-mpi \
        --output validation/data/wz/w_munu_14TeV.lhe.gz

MPI only adds underlying-event particles, which are not written; its effect on the
boson pT (through the interleaved ISR evolution) is small.  About 0.4% of the Z events
contain extra soft prompt muon pairs from gamma -> mu+ mu- in the QED shower; they are
kept (the selection in Rust sees them as ordinary muons).

Requires `pip install pythia8mc==8.317.2`.  Roughly 10 ms per event on one core (MPI +
hadronisation dominate; --no-mpi is 20x faster and leaves the leptons almost
unchanged).
"""

from __future__ import annotations

import argparse
import gzip
import os
import signal
import sys
import tempfile
import time
from importlib import metadata

PROCESSES = {
    "z": {
        "description": "pp -> Z/gamma* -> mu+ mu-",
        "boson": 23,
        "settings": [
            "WeakSingleBoson:ffbar2gmZ = on",
            "23:onMode = off",
            "23:onIfAny = 13",
        ],
    },
    "w": {
        "description": "pp -> W+- -> mu nu",
        "boson": 24,
        "settings": [
            "WeakSingleBoson:ffbar2W = on",
            "24:onMode = off",
            "24:onIfAny = 13 14",
        ],
    },
}

# Charged leptons and neutrinos of all flavours: whatever prompt lepton the
# boson produced is written (only muons/nu_mu are open, but keep it general).
LEPTONS = {11, 12, 13, 14, 15, 16}

# LHAPDF id of NNPDF23_lo_as_0130_qed, the Pythia 8.3 default proton PDF.
DEFAULT_PDF_LHAPDF_ID = 247000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Generate pp -> Z -> mu mu or pp -> W -> mu nu with Pythia 8 "
            "(shower + hadronisation on) and write a compact MadGraph-style "
            "LHE file (incoming partons, boson, prompt final-state leptons)."
        ),
        epilog=(
            "Example: python3 scripts/make_wz_samples.py --process z "
            "--events 100000 --seed 1 --output "
            "validation/data/wz/z_mumu_14TeV.lhe.gz"
        ),
    )
    parser.add_argument(
        "--process",
        choices=sorted(PROCESSES),
        required=True,
        help="z: Z/gamma* -> mu+ mu- (mHat > --mhat-min); w: W -> mu nu",
    )
    parser.add_argument(
        "--events", type=int, default=1000, help="number of events to write (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=1, help="Pythia random seed, 1..900000000")
    parser.add_argument(
        "--output",
        required=True,
        help="output LHE file; gzip-compressed if the name ends in .gz",
    )
    parser.add_argument(
        "--ecm", type=float, default=14000.0, help="pp centre-of-mass energy in GeV (default 14000)"
    )
    parser.add_argument(
        "--mhat-min",
        type=float,
        default=50.0,
        help="PhaseSpace:mHatMin in GeV for the Z/gamma* process (default 50)",
    )
    parser.add_argument(
        "--no-hadron-decays",
        action="store_true",
        help=(
            "set HadronLevel:Decay = off (faster; does not change the prompt "
            "leptons or the boson written to the file)"
        ),
    )
    parser.add_argument(
        "--no-mpi",
        action="store_true",
        help="set PartonLevel:MPI = off (about 20x faster; default: MPI on)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="'Key = value'",
        help="extra Pythia setting (repeatable), applied last",
    )
    args = parser.parse_args(argv)
    if args.events <= 0:
        parser.error("--events must be positive")
    if not 1 <= args.seed <= 900_000_000:
        parser.error("--seed must be in 1..900000000 (Pythia's range)")
    return args


def pythia_settings(args: argparse.Namespace) -> list[str]:
    """All settings passed to Pythia, in order (also written to the header)."""
    proc = PROCESSES[args.process]
    settings = [
        "Beams:idA = 2212",
        "Beams:idB = 2212",
        f"Beams:eCM = {args.ecm:g}",
        *proc["settings"],
    ]
    if args.process == "z":
        settings.append(f"PhaseSpace:mHatMin = {args.mhat_min:g}")
    settings += [
        "PartonLevel:ISR = on",
        "PartonLevel:FSR = on",
        f"PartonLevel:MPI = {'off' if args.no_mpi else 'on'}",
        "HadronLevel:all = on",
    ]
    if args.no_hadron_decays:
        settings.append("HadronLevel:Decay = off")
    settings += [
        "Random:setSeed = on",
        f"Random:seed = {args.seed}",
        "Next:numberCount = 0",
        "Next:numberShowEvent = 0",
        "Next:numberShowProcess = 0",
        "Next:numberShowInfo = 0",
    ]
    settings += args.set
    return settings


def fmt(x: float) -> str:
    return f"{x:.10e}"


def particle_line(pid, status, m1, m2, col, acol, px, py, pz, e, m) -> str:
    return (
        f"{pid:>9d} {status:>2d} {m1:>4d} {m2:>4d} {col:>4d} {acol:>4d} "
        f"{fmt(px)} {fmt(py)} {fmt(pz)} {fmt(e)} {fmt(m)} 0.0000e+00 9.0000e+00\n"
    )


def boson_bottom_copy(event, boson: int) -> int:
    """Index of the last copy of the hard-process boson in the event record."""
    for i in range(event.size()):
        if event[i].idAbs() == boson and event[i].status() == -22:
            return event[i].iBotCopy()
    raise RuntimeError(f"no hard-process boson {boson} in the event record")


def event_block(pythia, boson: int) -> tuple[str, int]:
    """One <event> block and the number of prompt charged leptons written."""
    info = pythia.infoPython()  # a snapshot: fetch it after every next()
    proc = pythia.process
    event = pythia.event
    lines = []
    # Incoming partons of the hard process (process record entries 3 and 4).
    for i in (3, 4):
        p = proc[i]
        lines.append(
            particle_line(p.id(), -1, 0, 0, p.col(), p.acol(), p.px(), p.py(), p.pz(), p.e(), p.m())
        )
    i_bos = boson_bottom_copy(event, boson)
    b = event[i_bos]
    lines.append(particle_line(b.id(), 2, 1, 2, 0, 0, b.px(), b.py(), b.pz(), b.e(), b.m()))
    n_charged = 0
    for i in range(event.size()):
        p = event[i]
        if not p.isFinal() or p.idAbs() not in LEPTONS:
            continue
        if not p.isAncestor(i_bos):
            continue
        if p.idAbs() % 2 == 1:
            n_charged += 1
        lines.append(particle_line(p.id(), 1, 3, 3, 0, 0, p.px(), p.py(), p.pz(), p.e(), p.m()))
    header = (
        f"{len(lines)} {info.code()} {fmt(1.0)} {fmt(info.QFac())} "
        f"{fmt(info.alphaEM())} {fmt(info.alphaS())}\n"
    )
    return "<event>\n" + header + "".join(lines) + "</event>\n", n_charged


def write_file(path, args, settings, versions, info, n_events, n_failed, elapsed, body_path):
    sigma_pb = info.sigmaGen() * 1e9  # mb -> pb
    err_pb = info.sigmaErr() * 1e9
    proc = PROCESSES[args.process]
    opener = gzip.open if path.endswith(".gz") else open
    kwargs = {"compresslevel": 9} if path.endswith(".gz") else {}
    with opener(path, "wt", **kwargs) as out:
        out.write('<LesHouchesEvents version="3.0">\n<header>\n<pythia_settings>\n')
        out.write(f"# generator: Pythia {versions['pythia']} (pythia8mc {versions['pythia8mc']})\n")
        out.write(f"# seed: {args.seed}\n")
        out.write(f"# command: {' '.join(sys.argv)}\n")
        for s in settings:
            out.write(s + "\n")
        out.write("</pythia_settings>\n<mfcgen_sample>\n")
        out.write(f"process = {proc['description']}\n")
        out.write(f"events = {n_events}\n")
        out.write(f"failed_next_calls = {n_failed}\n")
        out.write(f"generation_seconds = {elapsed:.1f}\n")
        out.write(f"sigma_gen_pb = {fmt(sigma_pb)}\n")
        out.write(f"sigma_err_pb = {fmt(err_pb)}\n")
        out.write(
            "content = lines 1-2: incoming partons (status -1, hard process); line 3: "
            "boson after ISR recoil (status 2); then prompt final-state leptons from the "
            "boson after QED FSR (status 1, mothers 3 3). Jets, photons, underlying event "
            "and non-prompt muons are omitted, so momentum is not balanced.\n"
        )
        out.write("met = truth level: E_T^miss = pT of the prompt neutrino (W events)\n")
        out.write("written_by = scripts/make_wz_samples.py (mfcgen)\n")
        out.write("</mfcgen_sample>\n</header>\n<init>\n")
        out.write(
            f"2212 2212 {fmt(args.ecm / 2)} {fmt(args.ecm / 2)} 0 0 "
            f"{DEFAULT_PDF_LHAPDF_ID} {DEFAULT_PDF_LHAPDF_ID} 3 1\n"
        )
        out.write(f"{fmt(sigma_pb)} {fmt(err_pb)} {fmt(1.0)} {info.code()}\n</init>\n")
        with open(body_path) as body:
            while chunk := body.read(1 << 20):
                out.write(chunk)
        out.write("</LesHouchesEvents>\n")


def _terminate(signum, _frame):
    # Turn SIGTERM into SystemExit so that the temporary event file is removed.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        import pythia8mc as pythia8
    except ImportError:
        print("error: needs `pip install pythia8mc==8.317.2`", file=sys.stderr)
        return 2

    settings = pythia_settings(args)
    pythia = pythia8.Pythia("", False)
    for s in settings:
        if not pythia.readString(s):
            print(f"error: Pythia rejected setting '{s}'", file=sys.stderr)
            return 2
    if not pythia.init():
        print("error: Pythia initialisation failed", file=sys.stderr)
        return 2
    versions = {
        "pythia": f"{pythia.parm('Pythia:versionNumber'):.3f}",
        "pythia8mc": metadata.version("pythia8mc"),
    }
    boson = PROCESSES[args.process]["boson"]
    out_dir = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(out_dir, exist_ok=True)

    # sigmaGen() is only final at the end of the run, but <init> comes first:
    # buffer the events in a temporary file, then write one gzip stream.
    n_events = n_failed = n_no_lepton = 0
    start = time.time()
    report_every = max(1, args.events // 10)
    with tempfile.NamedTemporaryFile("w", dir=out_dir, suffix=".events", delete=False) as body:
        body_path = body.name
        try:
            while n_events < args.events:
                if not pythia.next():
                    n_failed += 1
                    if n_failed > 1000 + args.events // 10:
                        raise RuntimeError(f"too many failed events ({n_failed})")
                    continue
                block, n_charged = event_block(pythia, boson)
                if n_charged == 0:
                    n_no_lepton += 1  # should never happen; kept for the record
                body.write(block)
                n_events += 1
                if n_events % report_every == 0:
                    rate = n_events / (time.time() - start)
                    print(f"  {n_events}/{args.events} events, {rate:.0f} ev/s", file=sys.stderr)
        except BaseException:
            os.unlink(body_path)
            raise
    elapsed = time.time() - start
    info = pythia.infoPython()  # final sigmaGen()/sigmaErr()
    try:
        write_file(
            args.output, args, settings, versions, info, n_events, n_failed, elapsed, body_path
        )
    finally:
        os.unlink(body_path)
    print(
        f"{PROCESSES[args.process]['description']}: {n_events} events in {elapsed:.1f} s "
        f"(seed {args.seed}), sigmaGen = {info.sigmaGen() * 1e9:.6g} +- "
        f"{info.sigmaErr() * 1e9:.3g} pb, failed next() = {n_failed}, "
        f"events without prompt charged lepton = {n_no_lepton} -> {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
