#!/usr/bin/env python3
"""Flash of each component on a Cortex-M4, against its budget.

Builds the size_* programs for thumbv7em-none-eabihf (opt-level "s", fat LTO, panic = abort:
Cargo.toml's release profile) and prints, for each, .text + .rodata over size_empty (the
vector table and cortex-m-rt's start-up, nothing of emvqr), as a markdown table. Exits 1 when
a component is over its budget.

    python3 firmware/sizes.py
    python3 firmware/sizes.py --symbols size_parse    (where one program's flash goes)
"""
import glob
import os
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
TARGET = "thumbv7em-none-eabihf"

# (program, what the firmware calls, budget in bytes or None)
ROWS = [
    ("size_parse", "`Payload::parse` (strict, rule books included)", 17 * 1024),
    ("size_build", "`PixBuilder` to a `heapless::String` (every field checked)", 8 * 1024),
    ("size_encode", "`QrCode::encode`, default options, any version", 16 * 1024),
    ("size_parse_encode", "parse, then encode what parsed (a POS screen)", None),
    ("size_qrcodegen", "qrcodegen-no-heap 1.8 `QrCode::encode_text`, same settings", None),
]


def llvm_tool(name):
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True,
                             check=True).stdout.strip()
    found = glob.glob(os.path.join(sysroot, "lib", "rustlib", "*", "bin", name))
    if not found:
        sys.exit(f"{name} is missing: rustup component add llvm-tools")
    return found[0]


def symbols(program):
    """The flash of `program` by module (emvqr's modules, core, the runtime and the vector
    table, which the totals above leave out), then its 25 largest symbols: the map for making a
    component smaller."""
    path = os.path.join(here, "target", TARGET, "release", program)
    out = subprocess.run([llvm_tool("llvm-nm"), "--size-sort", "-S", "--radix=d", "-C", path],
                         capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[2] in "tTrR":
            name = re.sub(r"::h[0-9a-f]{16}$", "", parts[3])
            rows.append((int(parts[1]), name))
    by_module = {}
    for size, name in rows:
        # (Trait methods read `<emvqr::tlv::Fields as Iterator>::next`, mangled with `..`.)
        found = re.match(r"(?:<|_\$LT\$)?emvqr(?:::|\.\.)([a-z0-9_]+)", name)
        module = f"emvqr::{found.group(1)}" if found else (
            "core" if name.startswith(("core::", "<core::", "_$LT$core")) else
            f"{program} (inlined calls)" if name.startswith(program) else "runtime, builtins, data")
        by_module[module] = by_module.get(module, 0) + size
    print(f"| {program}: module | bytes |\n|---|---|")
    for module, size in sorted(by_module.items(), key=lambda item: -item[1]):
        print(f"| `{module}` | {size:,} |")
    print(f"\n| largest symbols | bytes |\n|---|---|")
    for size, name in sorted(rows, reverse=True)[:25]:
        print(f"| `{name[:90]}` | {size:,} |")


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
    if sys.argv[1:2] == ["--symbols"] and len(sys.argv) == 3:
        symbols(sys.argv[2])
        return
    size = llvm_tool("llvm-size")
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
