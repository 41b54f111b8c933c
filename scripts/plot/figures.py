#!/usr/bin/env python3
"""Publication figures of the reach analysis, drawn from the tables `mfc-validate reach` writes.

    python3 scripts/plot/figures.py --tables DIR --output DIR

Reads every `experiment_*.json` manifest in DIR (and the CSV tables it names) and writes, as PNG
and PDF:

- fig2_momentum: incoming-muon momentum spectra P(p_in) of the spectrum beams (GKSST Fig. 2);
- fig3_rho_{exp}_{S,V}: unit-normalised rho shapes of the signal at 16, 126, 1000 MeV (nearest
  scanned masses) and of the background cases (GKSST Fig. 3), for shape analyses;
- fig4_reach_{exp}_{S,V}: the expected upper limits on g_X of one experiment with the (g-2)_mu
  bands of 2019 and 2021 (GKSST Fig. 4);
- overlay_{S,V}: the overlay curves of every experiment with the (g-2) bands.

Prints each written file on stdout. Exits with code 77 when matplotlib or mplhep is missing.
"""

import argparse
import csv
import json
import math
import sys
from pathlib import Path

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker
    import mplhep as hep
except ImportError as exc:  # the Rust side reports this as "figures not drawn"
    print(f"needs matplotlib and mplhep ({exc}); pip install matplotlib mplhep", file=sys.stderr)
    sys.exit(77)

MEDIATOR = {"S": "scalar", "V": "vector", "P": "pseudoscalar", "A": "axial vector"}
# Fig. 3 masses of GKSST (GeV): the nearest scanned mass is drawn and labelled as scanned
FIG3_MASSES = (0.016, 0.126, 1.0)
COLOURS = ["#3f90da", "#e42536", "#964a8b", "#f89c20", "#5790fc", "#7a21dd", "#9c9ca1", "#b9ac70"]
GM2 = (  # (column prefix, label, face colour, edge colour)
    ("g_gm2_2019", r"$(g-2)_\mu$ 2019, $\pm 2\sigma$", "#cdebc4", "#3d8b2c"),
    ("g_gm2_2021", r"$(g-2)_\mu$ 2021, $\pm 2\sigma$", "#fbc08f", "#c0651a"),
)
# PDFs without a creation date are reproducible byte for byte
PDF_METADATA = {"CreationDate": None, "ModDate": None}


def read_csv(path):
    """Header and float columns of a CSV table ('inf' allowed)."""
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    header, body = rows[0], rows[1:]
    return {h: [float(r[i]) for r in body] for i, h in enumerate(header)}


def log_axis(axis):
    """Decade ticks labelled 10^n with unlabelled minor ticks at 2..9."""
    axis.set_major_locator(ticker.LogLocator(base=10, numticks=30))
    axis.set_major_formatter(ticker.LogFormatterMathtext())
    axis.set_minor_locator(ticker.LogLocator(base=10, subs=range(2, 10), numticks=300))
    axis.set_minor_formatter(ticker.NullFormatter())


def linear_axis(axis, nbins=6):
    """Round major ticks (1, 2, 2.5, 5 x 10^n) with minor ticks between."""
    axis.set_major_locator(ticker.MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10]))
    axis.set_minor_locator(ticker.AutoMinorLocator())


def finite(xs, ys):
    pts = [(x, y) for x, y in zip(xs, ys) if math.isfinite(y) and y > 0]
    return [p[0] for p in pts], [p[1] for p in pts]


def decade_range(values, pad_lo=1.0, pad_hi=1.0):
    """(lo, hi) of positive finite values, padded by factors and rounded out to 1-2-5 steps."""
    v = [x for x in values if math.isfinite(x) and x > 0]
    lo, hi = min(v) / pad_lo, max(v) * pad_hi

    def round_to(x, up):
        e = math.floor(math.log10(x))
        steps = [1, 2, 5, 10]
        m = x / 10**e
        pick = min(s for s in steps if s >= m - 1e-12) if up else max(s for s in steps if s <= m + 1e-12)
        return pick * 10**e

    return round_to(lo, False), round_to(hi, True)


class Writer:
    def __init__(self, out):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)

    def save(self, fig, stem):
        for ext in ("png", "pdf"):
            path = self.out / f"{stem}.{ext}"
            kw = {"metadata": PDF_METADATA} if ext == "pdf" else {"dpi": 150}
            fig.savefig(path, bbox_inches="tight", **kw)
            print(path)
        plt.close(fig)


def new_axes():
    fig, ax = plt.subplots(figsize=(8, 6))
    return fig, ax


def gm2_bands(ax, t):
    m = t["m_x_gev"]
    for z, (prefix, label, colour, edge) in zip((1.0, 1.1), GM2):
        lo, hi = t[f"{prefix}_lo"], t[f"{prefix}_hi"]
        # opaque, the 2021 band (inside the wider 2019 one) on top
        ax.fill_between(m, lo, hi, facecolor=colour, edgecolor=edge, linewidth=0.8, label=label, zorder=z)
        ax.plot(m, t[f"{prefix}_central"], color=edge, lw=0.8, ls=":", zorder=z + 0.05)


def reach_frame(ax, kind, curves_y, t):
    """Axes, limits and labels of a reach plot."""
    ax.set_xscale("log")
    ax.set_yscale("log")
    log_axis(ax.xaxis)
    log_axis(ax.yaxis)
    m = t["m_x_gev"]
    ax.set_xlim(min(m), max(m))
    band = t["g_gm2_2021_lo"] + t["g_gm2_2019_hi"]
    values = [y for y in curves_y if y < 0.1] + [b for b in band if b > 0]
    lo, hi = decade_range(values, pad_lo=1.5, pad_hi=1.0)
    # room above the data for the legend (a decade and more), but no couplings above 1, where
    # the perturbative cross sections mean nothing
    ax.set_ylim(lo, min(hi * 15, 1.02))
    ax.set_xlabel(r"$m_X$ [GeV]")
    ax.set_ylabel(r"$g_X$")
    ax.text(
        0.97, 0.04, f"{MEDIATOR.get(kind, kind)} $X$", transform=ax.transAxes, ha="right", va="bottom"
    )


def fig2(writer, manifests, tables):
    series = []
    for man in manifests:
        for s in man["samples"]:
            if s.get("momentum_table"):
                t = read_csv(tables / s["momentum_table"])
                series.append((s["label"], t))
    if not series:
        return
    fig, ax = new_axes()
    top = 0.0
    for i, (label, t) in enumerate(series):
        edges = t["p_lo"] + [t["p_hi"][-1]]
        hep.histplot(t["density_per_gev"], edges, ax=ax, label=rf"$\mu$ from {label}", color=COLOURS[i], lw=2)
        # range: up to where 99.5 % of the probability is contained
        acc, total = 0.0, sum(d * (b - a) for d, a, b in zip(t["density_per_gev"], t["p_lo"], t["p_hi"]))
        for d, a, b in zip(t["density_per_gev"], t["p_lo"], t["p_hi"]):
            acc += d * (b - a)
            if acc >= 0.995 * total:
                top = max(top, b)
                break
    ticks = ticker.MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(0, top)
    ax.set_xlim(0, min(x for x in ticks if x >= top))
    ax.set_ylim(0, None)
    linear_axis(ax.xaxis)
    linear_axis(ax.yaxis)
    ax.set_xlabel(r"$p_\mathrm{in}$ [GeV]")
    ax.set_ylabel(r"$P(p_\mathrm{in})$ [GeV$^{-1}$]")
    ax.legend(loc="upper right", frameon=False)
    ax.text(0.97, 0.72, r"barrel, $0.1 < |\eta| < 1.05$", transform=ax.transAxes, ha="right")
    writer.save(fig, "fig2_momentum")


def nearest_mass(header, sample, target):
    ms = sorted({float(h.split("_m")[1]) for h in header if h.startswith(f"{sample}_m")})
    return min(ms, key=lambda m: abs(math.log(m / target)))


def fig3(writer, man, tables):
    first = man["samples"][0]["name"]
    for kind, names in man["tables"].items():
        if not names.get("rho"):
            continue
        t = read_csv(tables / names["rho"])
        edges = t["rho_lo"] + [t["rho_hi"][-1]]
        widths = [b - a for a, b in zip(t["rho_lo"], t["rho_hi"])]

        def unit(col):
            total = sum(v * w for v, w in zip(col, widths))
            return [v / total for v in col] if total > 0 else col

        fig, ax = new_axes()
        peak = 0.0
        for i, target in enumerate(FIG3_MASSES):
            m = nearest_mass(t.keys(), first, target)
            y = unit(t[f"{first}_m{m:.4f}"])
            peak = max(peak, max(y))
            hep.histplot(y, edges, ax=ax, color=COLOURS[i], lw=2, label=f"{MEDIATOR[kind]}, $m_X$ = {1e3 * m:.0f} MeV")
        for j, b in enumerate(man["background"]):
            y = unit(t[f"bkg_{first}_{b['name']}"])
            hep.histplot(y, edges, ax=ax, color="black", lw=1.5, ls=["-", "--", ":"][j % 3], label=f"background, {b['label']}")
        ax.set_yscale("log")
        log_axis(ax.yaxis)
        linear_axis(ax.xaxis)
        ax.set_xlim(edges[0], edges[-1])
        ax.set_ylim(peak * 1e-6, peak * 1e3)
        ax.set_xlabel(r"$\rho = (p_\mathrm{out} - p_\mathrm{in})/p_\mathrm{in}$")
        ax.set_ylabel(r"$(1/N)\,\mathrm{d}N/\mathrm{d}\rho$")
        sample = man["samples"][0]["label"]
        ax.legend(loc="upper left", frameon=False, fontsize="small", title=rf"$\mu$ from {sample}")
        writer.save(fig, f"fig3_rho_{man['name']}_{kind}")


STYLES = {"": "-", "caseA": "-", "caseB": "--"}


def fig4(writer, man, tables):
    for kind, names in man["tables"].items():
        t = read_csv(tables / names["reach"])
        fig, ax = new_axes()
        gm2_bands(ax, t)
        ys = []
        combos = list(dict.fromkeys(c["combination"] for c in man["curves"]))
        for c in man["curves"]:
            x, y = finite(t["m_x_gev"], t[c["column"]])
            ys += y
            colour = COLOURS[combos.index(c["combination"])]
            ls = STYLES.get(c["background"], "-.")
            ax.plot(x, y, color=colour, ls=ls, lw=2, label=c["label"], zorder=3)
        reach_frame(ax, kind, ys, t)
        cl = round(100 * man["confidence_level"])
        ax.legend(loc="upper left", frameon=False, ncol=2, fontsize="small",
                  title=f"{man['label']}, expected {cl} % CL")
        writer.save(fig, f"fig4_reach_{man['name']}_{kind}")


def overlay(writer, manifests, tables):
    kinds = sorted({k for m in manifests for k in m["tables"]}, key="SVPA".index)
    for kind in kinds:
        fig, ax = new_axes()
        ys, ref = [], None
        colour_of = {}
        for man in manifests:
            if kind not in man["tables"]:
                continue
            t = read_csv(tables / man["tables"][kind]["reach"])
            if ref is None or len(t["m_x_gev"]) > len(ref["m_x_gev"]):
                ref = t
            cl = round(100 * man["confidence_level"])
            for c in man["curves"]:
                if not c["overlay"]:
                    continue
                x, y = finite(t["m_x_gev"], t[c["column"]])
                ys += y
                label = c["label"] if c["combination"] != "all" else man["label"]
                if man["label"] not in label and len(man["curves"]) > 1 and c["combination"] != "all":
                    label = f"{man['label']}: {label}"
                key = (man["name"], c["combination"])
                colour = colour_of.setdefault(key, COLOURS[len(colour_of) % len(COLOURS)])
                ax.plot(x, y, color=colour, lw=2, ls=STYLES.get(c["background"], "-"),
                        label=f"{label} ({cl} % CL)", zorder=3)
        if ref is None:
            plt.close(fig)
            continue
        gm2_bands(ax, ref)
        reach_frame(ax, kind, ys, ref)
        ax.legend(loc="upper left", frameon=False, ncol=2, fontsize="x-small", handlelength=1.6, columnspacing=0.8,
                  title="expected upper limits, this project's cross sections")
        writer.save(fig, f"overlay_{kind}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", required=True, help="directory with the tables of mfc-validate reach")
    ap.add_argument("--output", required=True, help="directory for the figures")
    a = ap.parse_args()
    tables = Path(a.tables)
    manifests = [json.loads(p.read_text()) for p in sorted(tables.glob("experiment_*.json"))]
    if not manifests:
        print(f"--tables {tables}: no experiment_*.json (written by mfc-validate reach)", file=sys.stderr)
        return 2
    # ATLAS first: the paper's analysis leads the overlay legend
    manifests.sort(key=lambda m: (m["name"] != "atlas", m["name"]))
    plt.style.use(hep.style.ATLAS)
    # sans-serif maths with upright digits (the style's custom set slants them)
    plt.rcParams["mathtext.fontset"] = "stixsans"
    writer = Writer(a.output)
    fig2(writer, manifests, tables)
    for man in manifests:
        fig3(writer, man, tables)
        fig4(writer, man, tables)
    overlay(writer, manifests, tables)
    return 0


if __name__ == "__main__":
    sys.exit(main())
