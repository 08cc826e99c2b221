#!/usr/bin/env bash
# Times emvqr's decode and build_pix against the Python Pix libraries on PyPI, in one run:
#
#   bash bindings/python/build.sh && bash bindings/python/bench/bench.sh
#
# Three of them (brcode, python-brcode, starkbank-brcode) ship a top-level package named
# `brcode`, so each is installed into its own directory and imported apart (peers.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
python3 -m venv .venv-bench
.venv-bench/bin/python -m pip install -q --upgrade pip
.venv-bench/bin/python -m pip install -q --force-reinstall ../dist/emvqr-*-abi3-*.whl
.venv-bench/bin/python -m pip install -q pixcanvas==0.5.0 pix-utils==1.0.1 pybrcode==1.1 pypix==0.2.0
for dist in brcode==1.2 python-brcode==0.2.0 starkbank-brcode==1.1.0; do
    .venv-bench/bin/python -m pip install -q --target "peers/${dist%%==*}" "$dist"
done
.venv-bench/bin/python bench.py
