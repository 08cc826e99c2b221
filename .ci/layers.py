#!/usr/bin/env python3
"""Checks that the files of a crate's src/ import each other one way only.

A file "imports" another when its code or documentation names an item of it: `crate::a::b`,
`super::x`, `self::x`, or a child module declared with `mod x;` and named as `x::…` by the
parent's own code. A parent that only declares its children and re-exports their items
(`pub use x::Item;`) assembles them and imports nothing. Test modules (`#[cfg(test)]` onwards)
are left out. Any cycle among files is an error; otherwise the files are printed in layers,
each importing only files of the layers before it.

    python3 .ci/layers.py [src]          exit 1 on a cycle
"""
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src")
SRC = os.path.normpath(SRC)


def module_of(path):
    parts = os.path.relpath(path, SRC)[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


files = {}
for root, _, names in os.walk(SRC):
    for name in names:
        if name.endswith(".rs"):
            path = os.path.join(root, name)
            files[module_of(path)] = path


def owner(segments):
    """The file that defines the longest prefix of `segments`."""
    for k in range(len(segments), 0, -1):
        if tuple(segments[:k]) in files:
            return tuple(segments[:k])
    return None


def code_of(path):
    text = open(path, encoding="utf-8").read()
    cut = text.find("#[cfg(test)]")
    return text if cut < 0 else text[:cut]


# Names the crate root re-exports (`pub use payload::{Payload, …};` in lib.rs): `crate::Payload`
# is an import of payload/mod.rs.
root_names = {}
lib = files.get(())
if lib:
    for match in re.finditer(r"pub use ([\w:]+?)::(?:\{([^}]*)\}|(\w+))\s*;", code_of(lib)):
        target = owner(match.group(1).split("::"))
        for item in (match.group(2) or match.group(3)).split(","):
            item = item.strip().split(" as ")[-1].strip()
            if item and target:
                root_names[item] = target

PATH = re.compile(r"(?<![\w:$])(crate|super|self|\$crate)((?:::\w+)+)")
GROUP = re.compile(r"\buse\s+(crate|super|self)((?:::\w+)*)::\{([^;]*)\};", re.S)
CHILD_MOD = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", re.M)

edges = {module: set() for module in files}
for module, path in files.items():
    text = code_of(path)
    def absolute(kind, segments):
        if kind in ("crate", "$crate"):
            return segments
        base = list(module) if kind == "self" else list(module[:-1])
        while segments and segments[0] == "super":
            base, segments = base[:-1], segments[1:]
        return base + segments

    targets = []
    for match in PATH.finditer(text):
        targets.append(absolute(match.group(1), [s for s in match.group(2).split("::") if s]))
    for match in GROUP.finditer(text):
        prefix = absolute(match.group(1), [s for s in match.group(2).split("::") if s])
        for item in re.split(r"[,{}]", match.group(3)):
            item = item.strip().split(" as ")[0].strip()
            if item and item != "self":
                targets.append(prefix + item.split("::"))
    # Child modules named by a relative path in the parent's own code (`pix::BOOK` in
    # rules/mod.rs); re-exports are assembly, not use.
    own_code = re.sub(r"^\s*pub(?:\([^)]*\))?\s+use\s+[^;]*;", "", text, flags=re.M)
    for child in CHILD_MOD.findall(text):
        if re.search(r"(?<![\w:])" + child + r"::", own_code):
            targets.append(list(module) + [child])
    for segments in targets:
        target = owner(segments)
        if target is None and segments and segments[0] in root_names:
            target = root_names[segments[0]]
        if target is not None and target != module and target != ():
            edges[module].add(target)

# Tarjan's strongly connected components.
index, low, stack, on_stack, components = {}, {}, [], set(), []
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on_stack.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            component.append(w)
            if w == v:
                break
        components.append(component)


for v in sorted(edges):
    if v not in index:
        visit(v)

name = lambda m: os.path.relpath(files[m], os.path.dirname(SRC))
cycles = [sorted(name(m) for m in c) for c in components if len(c) > 1]
if cycles:
    for cycle in cycles:
        print("cycle:", " <-> ".join(cycle))
        for a in cycle:
            for b in cycle:
                ma = next(m for m in files if name(m) == a)
                mb = next(m for m in files if name(m) == b)
                if mb in edges[ma]:
                    print(f"    {a} -> {b}")
    sys.exit(1)

# Layers: a file's layer is one more than the deepest file it imports.
layer = {}


def depth(v):
    if v not in layer:
        layer[v] = 1 + max((depth(w) for w in edges[v]), default=-1)
    return layer[v]


for v in files:
    depth(v)
for level in range(max(layer.values()) + 1):
    members = sorted(name(m) for m in files if layer[m] == level)
    print(f"{level}: {' '.join(members)}")
print(f"{len(files)} files, {sum(len(e) for e in edges.values())} imports, no cycles")
