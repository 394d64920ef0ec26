#!/usr/bin/env python3
"""Compares the bytes each GC root keeps alive, as goforensics' dominator
tree (`goforensics retained`) and goref (github.com/cloudwego/goref, `grf
core`) find them, with what samples/retainzoo itself measured
(runtime.MemStats.HeapAlloc growth per structure, printed before READY).

  scripts/compare-goref-retained.py [--goforensics BIN] [--goref BIN] [--go GO] CAPTURE_DIR...

Each CAPTURE_DIR is a retainzoo capture (core, bin, stdout.txt). goref writes
a pprof profile whose samples are reference chains from a root (a global's
name, `FUNC.VAR` for a local of a goroutine's frame, `runtime.SetFinalizer.fn` for a
finalizer); its bytes per root are the sum over the chains starting there
(`go tool pprof -raw`). Per capture it prints, for each root the sample
measured, the sample's bytes, ours and goref's, each with its error. Exits 1
when one of ours is off by more than 1%, 2 when goref cannot read a core,
else 0.
"""
import argparse
import json
import re
import subprocess
import sys
from collections import Counter

SAMPLE = re.compile(r"^\s*\d+\s+(\d+):((?:\s+\d+)+)\s*$")
LOCATION = re.compile(r"^\s*(\d+): 0x[0-9a-f]+ (.*?) :\d+:\d+")


def truth(capture):
    """The sample's own measurements: {key: bytes}, and the finalizer's object."""
    rows, finalizer_object = {}, None
    for line in open(f"{capture}/stdout.txt"):
        key, _, value = line.strip().partition("=")
        if key.startswith("retained."):
            rows[key] = int(value)
        elif key == "finalizer_object":
            finalizer_object = int(value)
    return rows, finalizer_object


def our_root(key, finalizer_object, roots):
    for r in roots:
        if key == "retained.global." + r["name"] and r["kind"] == "global":
            return r
        if key.startswith("retained.goroutine.") and r["kind"] == "goroutine" and \
                r["name"].endswith(": " + key.removeprefix("retained.goroutine.")):
            return r
        if key == "retained.finalizer" and r["kind"] == "finalizer" and int(r["address"], 16) == finalizer_object:
            return r
    return None


def frame_functions(goroutines, root):
    """The functions on the stack of the goroutine `root` is, runtime ones left out."""
    if root is None or root["kind"] != "goroutine":
        return []
    g = next(g for g in goroutines if g["address"] == root["address"])
    return [f["function"] for f in g["frames"] if not f["function"].startswith("runtime.")]


def goref_roots(goref, go, capture, out):
    """goref's bytes per root name, or None when it cannot read the core."""
    run = subprocess.run([goref, "core", f"{capture}/bin", f"{capture}/core", "-o", out], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"  goref cannot read this core: {(run.stderr or run.stdout).strip().splitlines()[-1:]}")
        return None
    raw = subprocess.run([go, "tool", "pprof", "-raw", out], check=True, capture_output=True, text=True).stdout
    names, chains = {}, []
    section = None
    for line in raw.splitlines():
        if line.startswith(("Samples:", "Locations", "Mappings")):
            section = line.split()[0].rstrip(":")
            continue
        if section == "Samples" and (m := SAMPLE.match(line)):
            chains.append((int(m[1]), m[2].split()[-1]))  # the chain's last location is its root
        elif section == "Locations" and (m := LOCATION.match(line)):
            names[m[1]] = m[2]
    by_root = Counter()
    for size, root in chains:
        by_root[names.get(root, "?")] += size
    return by_root


def goref_bytes(by_root, key, functions):
    """goref's bytes for the root `key` names; a goroutine's are its frames' locals."""
    if key.startswith("retained.global."):
        return by_root.get(key.removeprefix("retained.global."), 0)
    if key.startswith("retained.goroutine."):
        return sum(v for k, v in by_root.items() for f in functions if k == f or k.startswith(f + "."))
    if key == "retained.finalizer":
        return by_root.get("runtime.SetFinalizer.fn", 0)
    return 0


def error(got, want):
    if got is None:
        return "missing"
    return f"{100.0 * (got - want) / want:+.2f}%"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--goforensics", default="build/goforensics")
    ap.add_argument("--goref", default="build/bench-heap/bin/grf")
    ap.add_argument("--go", default="go")
    ap.add_argument("captures", nargs="+")
    args = ap.parse_args()
    status = 0
    for capture in args.captures:
        print(capture)
        rows, finalizer_object = truth(capture)
        out = subprocess.run([args.goforensics, "retained", f"{capture}/core", "--exe", f"{capture}/bin",
                              "--format", "json", "--runtime-types-only"], check=True, capture_output=True,
                             text=True).stdout
        roots = json.loads(out)["roots"]
        out = subprocess.run([args.goforensics, "goroutines", f"{capture}/core", "--exe", f"{capture}/bin",
                              "--format", "json"], check=True, capture_output=True, text=True).stdout
        goroutines = json.loads(out)["goroutines"]
        by_root = goref_roots(args.goref, args.go, capture, f"{capture}/goref.pb.gz")
        if by_root is None:
            status = max(status, 2)
        print(f"  {'root':40} {'sample':>10} {'goforensics':>12} {'error':>8} {'goref':>10} {'error':>8}")
        for key, want in rows.items():
            root = our_root(key, finalizer_object, roots)
            got = root["retained_bytes"] if root else None
            theirs = goref_bytes(by_root, key, frame_functions(goroutines, root)) if by_root is not None else None
            print(f"  {key.removeprefix('retained.'):40} {want:>10} {got if got is not None else '-':>12} "
                  f"{error(got, want):>8} {theirs if theirs is not None else '-':>10} "
                  f"{error(theirs, want) if theirs is not None else '-':>8}")
            if got is None or abs(got - want) > want / 100:
                status = 1
    sys.exit(status)


if __name__ == "__main__":
    main()
