#!/usr/bin/env python3
"""Flash of each component on a Cortex-M4, against its budget.

Builds the size_* programs for thumbv7em-none-eabihf (opt-level "s", fat LTO, panic = abort:
Cargo.toml's release profile) and prints, for each, .text + .rodata over size_empty (the
vector table and cortex-m-rt's start-up, nothing of emvqr), as a markdown table. Exits 1 when
a component is over its budget.

    python3 firmware/sizes.py
"""
import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
TARGET = "thumbv7em-none-eabihf"

# (program, what the firmware calls, budget in bytes or None)
ROWS = [
    ("size_parse", "`Payload::parse` (strict, rule books included)", 23 * 1024),
    ("size_build", "`PixBuilder` to a `heapless::String` (its output checked)", 25 * 1024),
    ("size_encode", "`QrCode::encode`, default options, any version", 16 * 1024),
    ("size_parse_encode", "parse, then encode what parsed (a POS screen)", None),
    ("size_qrcodegen", "qrcodegen-no-heap 1.8 `QrCode::encode_text`, same settings", None),
]


def llvm_size():
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True,
                             check=True).stdout.strip()
    found = glob.glob(os.path.join(sysroot, "lib", "rustlib", "*", "bin", "llvm-size"))
    if not found:
        sys.exit("llvm-size is missing: rustup component add llvm-tools")
    return found[0]


def flash(size, program):
    path = os.path.join(here, "target", TARGET, "release", program)
    out = subprocess.run([size, "-A", path], capture_output=True, text=True, check=True).stdout
    total = 0
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in (".text", ".rodata"):
            total += int(parts[1])
    return total


def main():
    subprocess.run(["cargo", "build", "-q", "--release", "--target", TARGET, "--bins"],
                   cwd=here, check=True)
    size = llvm_size()
    empty = flash(size, "size_empty")
    over = []
    print("| what the firmware calls | flash | budget |")
    print("|---|---|---|")
    for program, what, budget in ROWS:
        bytes_ = flash(size, program) - empty
        shown = f"{bytes_:,} B ({bytes_ / 1024:.1f} KiB)"
        limit = f"{budget // 1024} KiB" if budget else "–"
        print(f"| {what} | {shown} | {limit} |")
        if budget and bytes_ > budget:
            over.append(f"{program}: {bytes_} bytes, budget {budget}")
    for line in over:
        print("over budget:", line, file=sys.stderr)
    sys.exit(1 if over else 0)


main()
