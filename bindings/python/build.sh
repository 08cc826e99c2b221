#!/usr/bin/env bash
# Builds emvqr for Python, on a fresh machine too: one abi3 wheel (CPython 3.9 and later) in
# bindings/python/dist/, with the type stubs and py.typed. maturin is installed into a virtual
# environment this script creates (bindings/python/.venv-build).
#
#   bash bindings/python/build.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

python=${PYTHON:-python3}
if [ ! -x .venv-build/bin/python ]; then
    "$python" -m venv .venv-build || {
        echo "python3 -m venv failed: on Debian, apt-get install python3-venv" >&2
        exit 1
    }
fi
.venv-build/bin/python -m pip install -q --upgrade pip
.venv-build/bin/python -m pip install -q "maturin>=1.9,<2"

rm -rf dist
.venv-build/bin/maturin build --release --locked --out dist --interpreter "$python" 2>&1 | grep -v '^📦\|^🍹\|^🔗\|^🐍\|^💻' || true
wheel=$(ls dist/emvqr-*-abi3-*.whl 2>/dev/null | head -n 1)
if [ -z "$wheel" ]; then
    echo "no abi3 wheel in dist/" >&2
    exit 1
fi
"$python" - "$wheel" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for member in ("emvqr/__init__.py", "emvqr/_errors.py", "emvqr/_native.pyi", "emvqr/py.typed"):
    if member not in names:
        sys.exit(f"{sys.argv[1]} lacks {member}")
PY
echo "$wheel: $(wc -c < "$wheel") bytes"
