#!/usr/bin/env bash
# Builds the tracer samples with a Go toolchain and runs each once, keeping
# the execution trace it writes with runtime/trace.
#
#   samples/capture-trace.sh OUTDIR GO_BINARY|goRELEASE [SAMPLE...]
#
# Without SAMPLE: tracer-leak and tracer-busy. Each capture lands in
# OUTDIR/<go version>/<sample>/:
#   bin        the executable
#   trace.out  the trace
#   meta.txt   sample=, go=, rounds=; written last, only for a complete capture
# A capture with meta.txt and a trace newer than the sample's source is
# skipped. Environment: BUSY_ROUNDS (tracer-busy's -rounds, default 20).
set -euo pipefail

[ $# -ge 2 ] || { echo "usage: $0 OUTDIR GO_BINARY|goRELEASE [SAMPLE...]" >&2; exit 2; }
samples_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1"
outdir=$(cd "$1" && pwd)
gobin=$2
shift 2
samples=("$@")
[ ${#samples[@]} -gt 0 ] || samples=(tracer-leak tracer-busy)

source "$samples_dir/go-env.sh"
use_go capture-trace "$gobin"
rounds=${BUSY_ROUNDS:-20}

for s in "${samples[@]}"; do
  if [ ! -f "$samples_dir/$s/main.go" ]; then
    echo "capture-trace: no sample '$s'" >&2
    exit 2
  fi
  dir=$outdir/$goversion/$s
  if [ -f "$dir/meta.txt" ] && [ "$dir/trace.out" -nt "$samples_dir/$s/main.go" ] &&
    [ "$dir/trace.out" -nt "$samples_dir/internal/tracefile/tracefile.go" ] &&
    grep -qx "rounds=$rounds" "$dir/meta.txt"; then
    printf 'skip %-28s (up to date)\n' "$goversion/$s"
    continue
  fi
  rm -rf "${dir:?}"
  mkdir -p "$dir"
  if ! (cd "$samples_dir" && "$gobin" build -o "$dir/bin" "./$s") >"$dir/build.log" 2>&1; then
    echo "capture-trace: $goversion/$s: build failed: $(tr '\n' ' ' <"$dir/build.log")" >&2
    exit 1
  fi
  rm -f "$dir/build.log"
  args=(-o "$dir/trace.out")
  [ "$s" = tracer-busy ] && args+=(-rounds "$rounds")
  if ! "$dir/bin" "${args[@]}" >"$dir/stdout.txt" 2>&1 || ! grep -qx READY "$dir/stdout.txt"; then
    echo "capture-trace: $goversion/$s: run failed: $(head -c 300 "$dir/stdout.txt" | tr '\n' ' ')" >&2
    exit 1
  fi
  # tracer-busy's rounds are recorded so a capture of another size is redone.
  printf 'sample=%s\ngo=%s\nrounds=%s\n' "$s" "$goversion" "$rounds" >"$dir/meta.tmp"
  mv "$dir/meta.tmp" "$dir/meta.txt"
  printf 'ok   %-28s trace %s\n' "$goversion/$s" "$(du -h --apparent-size "$dir/trace.out" | cut -f1)"
done
