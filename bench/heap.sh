#!/usr/bin/env bash
# Benchmark: the retained heap of a core with a heap of over 2 GB in over 10
# million objects (samples/bigheap): goforensics retained (the whole graph,
# roots, dominator tree, retained sizes) against viewcore (histogram, and
# reachable for one object) and goref on the same core, in the same run.
# Prints wall time, CPU time (user + system), peak RSS and peak anonymous RSS (sampled from
# /proc every 0.1 s: the RSS beyond the mapped core), and the ratios. Each tool
# runs RUNS times (default 3), in turns; the run of median wall time is shown:
# on a shared machine single runs vary by 20% and more.
#   bench/heap.sh                 # BUILD=build, SCALE=1 (bigheap -scale), RUNS=3
# viewcore: VIEWCORE=path; the module proxy does not serve golang.org/x/debug,
#   so build it from a checkout of github.com/golang/debug
#   (go build -o ... ./cmd/viewcore); default build-heap/bin/viewcore.
# goref: GOREF=path, or GOREF_SRC=a checkout of github.com/cloudwego/goref,
#   built here (its dependencies come through the module proxy).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
work=$PWD/$build/bench-heap
mkdir -p "$work/bin"
viewcore=${VIEWCORE:-$PWD/build-heap/bin/viewcore}
goref=${GOREF:-$work/bin/grf}

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target goforensics >/dev/null
if [ ! -x "$goref" ] && [ -n "${GOREF_SRC:-}" ]; then
  (cd "$GOREF_SRC" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -o "$goref" ./cmd/grf)
fi

READY_TIMEOUT=900 EXIT_TIMEOUT=900 JOBS=1 bash samples/capture.sh "$work/captures" go bigheap >&2
capture=$(dirname "$(ls "$work"/captures/go*/bigheap/meta.txt | sort | tail -n 1)")
core=$capture/core
exe=$capture/bin
objects=$(sed -n 's/^HeapObjects=//p' "$capture/stdout.txt")
echo "core: $core ($(du -h --apparent-size "$core" | cut -f1)); MemStats: $(tr '\n' ' ' <"$capture/stdout.txt")"

# measure LABEL CMD...: prints "wall cpu peak_rss_kb peak_anon_kb" (cpu: user + system).
measure() {
  local label=$1 wall user sys rss
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time-$label.txt" "$@" >"$work/out-$label.txt" 2>"$work/err-$label.txt" </dev/null &
  local timer=$! peak=0 child="" key value
  # The sampling forks no process but sleep: the tools measured use every
  # core, and a poller's awk and pgrep ten times a second slowed them.
  while kill -0 "$timer" 2>/dev/null; do
    [ -z "$child" ] && child=$(pgrep -P "$timer" | head -n 1 || true)
    if [ -n "$child" ]; then
      while read -r key value _; do
        if [ "$key" = RssAnon: ]; then
          [ "$value" -gt "$peak" ] && peak=$value
          break
        fi
      done 2>/dev/null <"/proc/$child/status" || true
    fi
    sleep 0.1
  done
  wait "$timer" || echo "$label exited with status $?" >&2
  read -r wall user sys rss <<<"$(tail -n 1 "$work/time-$label.txt")"
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') $rss $peak"
}

# median LINES...: the "wall cpu rss anon" line of median wall time.
median() {
  printf '%s\n' "$@" | sort -n -k1,1 | sed -n "$(( ($# + 1) / 2 ))p"
}

# The core as a core read back from disk is cached: in 2 MiB folios, which
# every tool's mapping then reads with one TLB entry each (a core the kernel
# has just dumped sits in the page cache in 4 KiB pages, and every tool
# reading it takes a TLB miss at most of its reads: goforensics took a
# median 3.6 s rather than 3.3 s in 6 runs each). Dropped from the cache
# here; the first run below reads it back.
sync "$core"
python3 -c 'import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)' "$core"

runs=${RUNS:-3}
ours=() hist=() reach=() grf=()
measure ours "$build/goforensics" retained "$core" --exe "$exe" --format json >/dev/null  # warms the page cache
# viewcore reachable takes an object's address in hex without 0x.
address=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["paths"][0]["steps"][0]["address"][2:])' "$work/out-ours.txt")
for run in $(seq "$runs"); do
  echo "run $run of $runs" >&2
  ours+=("$(measure ours "$build/goforensics" retained "$core" --exe "$exe" --format json)")
  [ -x "$viewcore" ] && hist+=("$(measure vc-hist "$viewcore" "$core" --exe "$exe" histogram)")
  [ -x "$viewcore" ] && reach+=("$(measure vc-reach "$viewcore" "$core" --exe "$exe" reachable "$address")")
  [ -x "$goref" ] && grf+=("$(measure goref "$goref" core "$exe" "$core" -o "$work/grf.out")")
done
ours=$(median "${ours[@]}")
rows=("goforensics retained (graph + dominators)|$ours")
[ -x "$viewcore" ] && rows+=("viewcore histogram|$(median "${hist[@]}")")
[ -x "$viewcore" ] && rows+=("viewcore reachable $address|$(median "${reach[@]}")")
[ -x "$goref" ] && rows+=("goref (grf core)|$(median "${grf[@]}")")

printf '%-46s %9s %9s %14s %14s %12s\n' tool "wall (s)" "cpu (s)" "peak RSS (MB)" "anon RSS (MB)" "anon B/obj"
for r in "${rows[@]}"; do
  read -r wall user rss anon <<<"${r#*|}"
  printf '%-46s %9s %9s %14d %14d %12.1f\n' "${r%%|*}" "$wall" "$user" $((rss / 1024)) $((anon / 1024)) \
    "$(awk -v a="$anon" -v n="$objects" 'BEGIN { print a * 1024 / n }')"
done
read -r ow ou _ oa <<<"$ours"
for r in "${rows[@]:1}"; do
  read -r wall user _ _ <<<"${r#*|}"
  awk -v n="${r%%|*}" -v w="$wall" -v u="$user" -v ow="$ow" -v ou="$ou" \
    'BEGIN { printf "speed-up vs %s: %.1fx wall, %.1fx cpu\n", n, w / ow, u / ou }'
done
echo "goforensics: $(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; print(t["heap_objects"], "objects,", t["reachable_bytes"], "reachable bytes,", t["edges"], "edges")' "$work/out-ours.txt")"
