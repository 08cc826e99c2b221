#!/usr/bin/env bash
# Prints .text + .rodata of each size_* program, over size_empty, in bytes.
set -euo pipefail
cd "$(dirname "$0")"
cargo build -q --release --target thumbv7em-none-eabihf --bins
size=$(find "$(rustc --print sysroot)" -name llvm-size -type f | head -n 1)
measure() { "$size" -A "target/thumbv7em-none-eabihf/release/$1" | awk '$1==".text"||$1==".rodata"{s+=$2} END{print s}'; }
empty=$(measure size_empty)
for bin in parse build encode parse_encode qrcodegen; do
    echo "$bin $(( $(measure size_$bin) - empty ))"
done
