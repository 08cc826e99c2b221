#!/usr/bin/env python3
"""Checks that every payload of the project's shared vector set (../shared/vectors/*.txt, next
to a developer's checkout; not part of the crate) has a row with emvqr's verdicts in
tests/vectors/*.tsv. Skips, saying so, when the shared set is not there (a clean clone in CI).

    python3 .ci/shared-vectors.py
"""
import glob
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "shared", "vectors")
if not os.path.isdir(shared):
    print(f"no shared vectors at {os.path.normpath(shared)}: nothing to compare")
    sys.exit(0)
ours = set()
for path in glob.glob(os.path.join(here, "..", "tests", "vectors", "*.tsv")):
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            ours.add(line.rstrip("\n").split("\t")[2])
missing = []
for path in sorted(glob.glob(os.path.join(shared, "*.txt"))):
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            payload = line.rstrip("\n").split("\t")[0]
            if payload not in ours:
                missing.append(f"{os.path.basename(path)}: {payload}")
for row in missing:
    print("no verdict for", row)
print(f"{len(ours)} rows; {len(missing)} shared payloads without a verdict")
sys.exit(1 if missing else 0)
