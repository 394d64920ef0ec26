#!/usr/bin/env python3
"""Compares goforensics' heap histogram (runtime-recorded and inferred types)
with viewcore's (golang.org/x/debug/cmd/viewcore histogram) on the same cores.

  scripts/compare-viewcore-types.py [--goforensics BIN] [--viewcore BIN] CAPTURE_DIR...

Each CAPTURE_DIR holds core and bin (samples/capture.sh's layout). Type names
are normalized to one spelling before comparing: an array or backing array of
T ("[4096]uint8", viewcore's "[4000+96?]T", our "[]T") is "[]T", a string's
bytes are "[]uint8", the linker's map structures are named the runtime's way
(viewcore's bucket<K,V> is map.bucket[K]V). Per core it prints the share of
bytes each tool types, the types both name with their counts, the types only
one names, and whether the counts agree. Exits 2 when viewcore cannot read a
core (it supports only some Go releases), 1 on a disagreement in a type both
name, else 0.
"""
import argparse
import json
import re
import subprocess
import sys
from collections import Counter

ARRAY = re.compile(r"^\[\d+(\+\d+\?)?\]")
SYNTHESIZED = {"bucket<": "map.bucket", "hash<": "map.hdr", "map<": "map.hdr", "table<": "map.table"}


def split_args(args):
    depth = 0
    for i, c in enumerate(args):
        if c in "[({":
            depth += 1
        elif c in "])}":
            depth -= 1
        elif c == "," and depth == 0:
            return args[:i], args[i + 1:]
    return args, ""


def normalize(name):
    if name == "string data":
        return "[]uint8"
    name = ARRAY.sub("[]", name)
    for prefix in ("[]", "*"):
        if name.startswith(prefix):
            return prefix + normalize(name[len(prefix):])
    name = name.removeprefix("noalg.")
    for prefix, go in SYNTHESIZED.items():
        if name.startswith(prefix) and name.endswith(">"):
            k, v = split_args(name[len(prefix):-1])
            return f"{go}[{k}]{v}"
    if name.startswith("hchan<") and name.endswith(">"):
        return f"runtime.hchan[{name[6:-1]}]"
    return name


def ours(goforensics, capture):
    out = subprocess.run([goforensics, "heap", f"{capture}/core", "--exe", f"{capture}/bin", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    d = json.loads(out)
    counts, known = Counter(), 0
    for t in d["types"]:
        if t["type"] is not None:
            counts[normalize(t["type"])] += t["count"]
            known += t["bytes"]
    return counts, known, d["totals"]["alloc_bytes"]


def viewcore(binary, capture):
    p = subprocess.run([binary, f"{capture}/core", "--exe", f"{capture}/bin", "histogram"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return None
    counts, known, total = Counter(), 0, 0
    for line in p.stdout.splitlines()[1:]:
        f = line.split(None, 3)
        if len(f) < 4:
            continue
        count, size, nbytes, name = int(f[0]), int(f[1]), int(f[2]), f[3]
        total += nbytes
        if not re.fullmatch(r"unk\d+", name):
            counts[normalize(name)] += count
            known += nbytes
    return counts, known, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--goforensics", default="build/goforensics")
    ap.add_argument("--viewcore", default="build-heap/bin/viewcore")
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()
    compared = 0
    for c in a.captures:
        vc = viewcore(a.viewcore, c)
        if vc is None:
            print(f"{c}: viewcore cannot read this core")
            continue
        compared += 1
        mine, mine_known, mine_total = ours(a.goforensics, c)
        theirs, theirs_known, theirs_total = vc
        both = sorted(set(mine) & set(theirs), key=lambda t: -theirs[t])
        agree = [t for t in both if mine[t] == theirs[t]]
        print(f"{c}: bytes typed: goforensics {100 * mine_known / mine_total:.1f}% of {mine_total}, "
              f"viewcore {100 * theirs_known / theirs_total:.1f}% of {theirs_total} (reachable objects only)")
        print(f"  types both name: {len(both)}, same count: {len(agree)}; "
              f"only goforensics: {len(set(mine) - set(theirs))}; only viewcore: {len(set(theirs) - set(mine))}")
        for t in both:
            if mine[t] != theirs[t]:
                print(f"    differs: {t}: goforensics {mine[t]}, viewcore {theirs[t]}")
        for t in sorted(set(theirs) - set(mine)):
            print(f"    only viewcore: {t} ({theirs[t]})")
    return 0 if compared else 2


if __name__ == "__main__":
    sys.exit(main())
