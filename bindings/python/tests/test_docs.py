"""The examples in the package's docstrings run, as the README's do."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import emvqr

HERE = Path(__file__).resolve().parents[1]
READMES = [HERE / "README.md", HERE.parents[1] / "README.md"]


def test_docstring_examples() -> None:
    failed, attempted = doctest.testmod(emvqr, optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0


def test_readme_examples() -> None:
    for readme in READMES:
        blocks = re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)
        assert blocks, f"{readme} has Python examples"
        for block in blocks:
            exec(compile(block, str(readme), "exec"), {})
