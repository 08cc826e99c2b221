"""Builds and parses the same static Pix code with emvqr and with each Python peer, in one
run: the median of 7 timeit repeats (each of as many calls as fill 0.2 s), and each peer's
time as a multiple of emvqr's. Prints a Markdown table."""

from __future__ import annotations

import platform
import statistics
import sys
import timeit
from typing import Any, Callable

import peers

import emvqr


def median_us(call: Callable[[], Any]) -> float:
    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    return statistics.median(timer.repeat(repeat=7, number=number)) / number * 1e6


def table(
    title: str, ours: Callable[[], Any], theirs: dict[str, Callable[[], Any]], notes: dict[str, str]
) -> None:
    base = median_us(ours)
    print(f"\n| {title} | median | × emvqr |\n|---|---|---|")
    print(f"| `emvqr` {emvqr.__version__} | **{base:.2f} µs** | 1 |")
    rows = sorted(((median_us(call), name) for name, call in theirs.items()))
    for time, name in rows:
        note = f" ({notes[name]})" if name in notes else ""
        print(f"| `{name}`{note} | {time:.2f} µs | {time / base:.1f}× |")


def main() -> None:
    peers.check()
    print(f"Python {sys.version.split()[0]} on {platform.machine()}")
    code = peers.CODE
    table(
        "build a static Pix code",
        lambda: emvqr.build_pix(
            key=peers.KEY, name=peers.NAME, city=peers.CITY, amount="10.50", txid=peers.TXID
        ),
        peers.BUILD,
        peers.DIFFERS,
    )
    table("parse it", lambda: emvqr.decode(code), peers.PARSE, peers.PARSE_NOTES)


if __name__ == "__main__":
    main()
