"""What the Python tests share: the project's vector set (tests/vectors/*.tsv, with the verdicts
the Rust tests hold emvqr to) and the `emvqr` command, whose answers the package must give."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[3]


class Vector(NamedTuple):
    strict: str
    lenient: str
    payload: str
    file: str


def vectors() -> list[Vector]:
    rows = []
    for path in sorted((ROOT / "tests" / "vectors").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line or line.startswith("#"):
                continue
            strict, lenient, payload = line.split("\t")[:3]
            rows.append(Vector(strict, lenient, payload, path.name))
    assert len(rows) >= 100, f"only {len(rows)} vectors"
    return rows


def emvqr_binary() -> str:
    binary = os.environ.get("EMVQR_BIN", str(ROOT / "target" / "debug" / "emvqr"))
    if not Path(binary).exists():
        pytest.fail(f"{binary} is missing: run cargo build -p emvqr-cli first (or set EMVQR_BIN)")
    return binary


def cli_decode(payload: str, lenient: bool) -> Any:
    """`emvqr decode --json [--lenient] -- PAYLOAD`: its JSON, valid or not."""
    args = [emvqr_binary(), "decode", "--json", *(["--lenient"] if lenient else []), "--", payload]
    run = subprocess.run(args, capture_output=True)
    return json.loads(run.stdout)


def verdict_of(error: Any) -> str:
    """`kind@path:offset`, as the vector files write an error."""
    return f"{error.kind}@{error.path}:{error.offset}"


def zbar(image: Path) -> bytes:
    """What zbarimg reads in `image`: the raw bytes of the one code in it."""
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg is missing (Debian: apt-get install zbar-tools)")
    run = subprocess.run(
        ["zbarimg", "-q", "--raw", "-Sbinary", str(image)], capture_output=True, check=True
    )
    return run.stdout
