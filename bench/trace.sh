#!/usr/bin/env bash
# Benchmark: reading a large execution trace (samples/tracer-busy, >= 200 MB
# by default), goforensics against Go's own parsers on the same file, in the
# same run: the oracle program (golang.org/x/exp/trace) and `go tool trace`
# (-d=parsed, which prints every parsed event; -pprof=sched, an analysis;
# its web server's MMU plot, asked for by the oracle's -mmu mode: loading
# for the viewer plus Go's MMU, the part of our summary it compares with).
# Our summary includes the MMU.
# Prints median wall time and peak RSS (/usr/bin/time) over RUNS runs, and
# the ratios.
#   bench/trace.sh                 # RUNS=1, BUSY_ROUNDS=700 (~220 MB with Go 1.26)
# Environment: RUNS, BUSY_ROUNDS, BUILD_DIR (default build), GO (default go).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-1}
rounds=${BUSY_ROUNDS:-700}
build=${BUILD_DIR:-build}
gobin=${GO:-go}
work=$PWD/build/bench-trace
mkdir -p "$work/bin"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target goforensics >/dev/null
(cd tests/trace_oracle && GOWORK=off GOFLAGS=-mod=readonly "$gobin" build -o "$work/bin/trace_oracle" .)
# `go tool trace` is built on first use: build it now, time it later.
gotrace=$(cd / && "$gobin" tool -n trace)

BUSY_ROUNDS=$rounds bash samples/capture-trace.sh "$work/captures" "$gobin" tracer-busy >&2
trace=$(ls "$work"/captures/go*/tracer-busy/trace.out | sort | tail -n 1)
size_mb=$(( $(stat -c %s "$trace") / 1000000 ))

# median of "seconds kilobytes" lines: prints "seconds kilobytes"
median() { sort -n | awk '{ a[NR] = $1; b[NR] = $2 } END { m = int((NR + 1) / 2); print a[m], b[m] }'; }
measure() {
  local label=$1
  shift
  for _ in $(seq "$runs"); do
    # Outputs run to GBs for event lists: only their digest is kept.
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" 2>"$work/err-$label.txt" </dev/null |
      md5sum >"$work/md5-$label.txt" ||
      { echo "bench: $label failed: $(head -c 300 "$work/err-$label.txt")" >&2; exit 1; }
    cat "$work/time.txt"
  done | median
}

echo "trace: $trace ($size_mb MB, $(grep go= "$(dirname "$trace")/meta.txt"))"
ours=$(measure ours "$build/goforensics" trace "$trace")
ours_json=$(measure ours-json "$build/goforensics" trace --format json "$trace")
ours_dump=$(measure ours-dump "$build/goforensics" trace --dump transitions "$trace")
oracle=$(measure oracle "$work/bin/trace_oracle" "$trace")
parsed=$(measure parsed "$gotrace" -d=parsed "$trace")
sched=$(measure sched "$gotrace" -pprof=sched "$trace")
mmu=$(measure mmu "$work/bin/trace_oracle" -mmu 1000000,10000000,100000000,1000000000 "$gobin" "$trace")

printf '%-48s %10s %14s\n' tool "wall (s)" "peak RSS (MB)"
row() { printf '%-48s %10s %14d\n' "$1" "${2% *}" "$(( ${2#* } / 1024 ))"; }
row "goforensics trace (summary, text)" "$ours"
row "goforensics trace --format json" "$ours_json"
row "goforensics trace --dump transitions" "$ours_dump"
row "oracle (x/exp/trace, same event list)" "$oracle"
row "go tool trace -d=parsed" "$parsed"
row "go tool trace -pprof=sched" "$sched"
row "go tool trace -http, MMU plot (oracle -mmu)" "$mmu"
# theirs / ours, for wall time and for peak RSS
ratio() { awk -v a="${1% *}" -v b="${2% *}" -v c="${1#* }" -v d="${2#* }" 'BEGIN { printf "time %.1fx, peak RSS %.1fx", b / a, d / c }'; }
echo "ratios, theirs / ours:"
echo "  go tool trace -pprof=sched / summary:  $(ratio "$ours" "$sched")"
echo "  go tool trace -d=parsed / summary:     $(ratio "$ours" "$parsed")"
echo "  go tool trace MMU plot / summary:      $(ratio "$ours" "$mmu")"
echo "  oracle / --dump transitions:           $(ratio "$ours_dump" "$oracle")"
cmp -s "$work/md5-ours-dump.txt" "$work/md5-oracle.txt" && echo "event lists: identical (same md5)" ||
  echo "event lists: DIFFER"
