#!/usr/bin/env python3
"""Turn criterion's saved results into the README's tables and the encode-time chart.

Run the benchmarks first (`cargo bench --manifest-path benches/Cargo.toml --bench parse`, or
`--bench qr`, `--bench build`), then:

    python3 benches/report.py parse            # markdown table of benches/parse.rs
    python3 benches/report.py qr               # markdown tables of benches/qr.rs
    python3 benches/report.py build            # markdown table of benches/builder.rs
    python3 benches/report.py chart docs/encode-time.svg   # bar chart of QR encode time

Numbers are criterion medians read from benches/target/criterion/<group>/<function>/<input>/new/.
"""
import json
import math
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "target", "criterion")


def median_ns(*parts):
    path = os.path.join(ROOT, *parts, "new", "estimates.json")
    try:
        with open(path) as fh:
            return json.load(fh)["median"]["point_estimate"]
    except FileNotFoundError:
        return None


def fmt(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns / 1e6:,.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:,.1f} µs"
    return f"{ns:,.0f} ns"


def ratio(ns, base):
    return "–" if ns is None or base is None else f"{ns / base:.1f}"


def functions(group):
    path = os.path.join(ROOT, group)
    return sorted(d for d in os.listdir(path) if os.path.isdir(os.path.join(path, d)) and d != "report")


def table_parse():
    inputs = ["pix_dynamic_187", "max_512"]
    names = functions("parse_pix_dynamic_187")
    order = ["emvqr_strict", "emvqr_lenient", "emvqr_crc_only"] + [n for n in names if not n.startswith("emvqr")]
    print("| parser | 187-byte dynamic Pix | × emvqr | 512-byte code | × emvqr |")
    print("|---|---|---|---|---|")
    base = {i: median_ns(f"parse_{i}", "emvqr_strict") for i in inputs}
    for name in order:
        cells = []
        for i in inputs:
            ns = median_ns(f"parse_{i}", name)
            cells += [fmt(ns), ratio(ns, base[i])]
        print(f"| `{name}` | " + " | ".join(cells) + " |")


QR_LIBS = ["emvqr", "emvqr_byte", "fast_qr", "qrcodegen", "qrcodegen-no-heap", "qrcode_byte", "qrcode_autoseg"]


def table_qr():
    for name in ["pix_dynamic_187", "pix_static_122", "max_512"]:
        group = f"qr_{name}"
        configs = ["Low_auto", "Medium_auto", "Medium_mask2", "Quartile_auto"]
        print(f"\n**{name.replace('_', ' ')}** (× = time ÷ emvqr's)\n")
        print("| encoder | " + " | ".join(c.replace("_", " ").replace("mask2", "mask 2") for c in configs) + " |")
        print("|---|" + "---|" * len(configs))
        for lib in QR_LIBS:
            cells = []
            for config in configs:
                ns = median_ns(group, lib, config)
                base = median_ns(group, "emvqr", config)
                cells.append("–" if ns is None else f"{fmt(ns)} ({ratio(ns, base)}×)")
            print(f"| `{lib}` | " + " | ".join(cells) + " |")


def table_build():
    group, prefix = "build", "pix_static_"
    names = [n[len(prefix):] for n in functions(group) if n.startswith(prefix)]
    base = median_ns(group, prefix + "emvqr_builder")
    print("| emitter | 122-byte static Pix code | × emvqr |")
    print("|---|---|---|")
    for name in sorted(names, key=lambda n: (not n.startswith("emvqr"), median_ns(group, prefix + n) or 0)):
        ns = median_ns(group, prefix + name)
        print(f"| `{name}` | {fmt(ns)} | {ratio(ns, base)} |")


def chart(path):
    """Horizontal bars, log scale: encoding the 187-byte code at ECC M with automatic mask."""
    bars = [(lib, median_ns("qr_pix_dynamic_187", lib, "Medium_auto")) for lib in QR_LIBS]
    bars = [(lib, ns) for lib, ns in bars if ns is not None]
    bars.sort(key=lambda b: b[1])
    width, left, bar_h, gap, top = 760, 170, 26, 10, 56
    height = top + len(bars) * (bar_h + gap) + 40
    lo, hi = math.log10(1e3), math.log10(max(ns for _, ns in bars) * 1.5)
    scale = lambda ns: (math.log10(max(ns, 1e3)) - lo) / (hi - lo) * (width - left - 110)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           f'<text x="{left}" y="22" font-size="15" font-weight="bold">Encoding a 187-byte Pix code (ECC M, automatic mask)</text>',
           f'<text x="{left}" y="40" fill="#555">criterion median, log scale, shorter is faster — benches/qr.rs</text>']
    for i, (lib, ns) in enumerate(bars):
        y = top + i * (bar_h + gap)
        w = max(scale(ns), 2)
        colour = "#1f77b4" if lib.startswith("emvqr") else "#9aa5b1"
        out.append(f'<text x="{left - 8}" y="{y + 18}" text-anchor="end">{lib}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + 18}">{fmt(ns)}</text>')
    for tick in [1e3, 1e4, 1e5, 1e6]:
        if math.log10(tick) <= hi:
            x = left + scale(tick)
            y = height - 22
            out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{y - 10}" stroke="#ddd"/>')
            out.append(f'<text x="{x:.1f}" y="{y + 4}" text-anchor="middle" fill="#555">{fmt(tick)}</text>')
    out.append("</svg>")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "qr"
    if what == "parse":
        table_parse()
    elif what == "qr":
        table_qr()
    elif what == "build":
        table_build()
    elif what == "chart":
        chart(sys.argv[2] if len(sys.argv) > 2 else "docs/encode-time.svg")
    else:
        sys.exit(__doc__)
