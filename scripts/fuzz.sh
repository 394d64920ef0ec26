#!/usr/bin/env bash
# The long fuzz runs: builds the fuzz targets with clang (build-fuzz), makes
# their seeds from the captures and runs each target for RUNS executions
# (default 1,000,000) or SECONDS (default 3600), whichever ends first, two
# targets at a time. The corpora grow in build-fuzz/fuzz-runs/TARGET and are
# reused by the next run; crashing inputs are left there too.
#   scripts/fuzz.sh [TARGET...]        (default: every target)
# Environment: FUZZ_RUNS, FUZZ_SECONDS, GOFORENSICS_CAPTURES (default build/captures).
set -euo pipefail
cd "$(dirname "$0")/.."
captures="${GOFORENSICS_CAPTURES:-$PWD/build/captures}"
runs="${FUZZ_RUNS:-1000000}"
seconds="${FUZZ_SECONDS:-3600}"
build=build-fuzz

CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGOFORENSICS_FUZZ=ON -DGOFORENSICS_CAPTURES="$captures" >/dev/null
cmake --build "$build" --target fuzzers
fuzz/seed.sh "$captures" "$build/fuzz-seeds"

targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in "$build"/fuzz/*_fuzzer; do targets+=("$(basename "$f" _fuzzer)"); done
fi
printf '%s\n' "${targets[@]}" |
  xargs -P 2 -I{} fuzz/run.sh {} "$build" "$build/fuzz-seeds" "$build/fuzz-runs/{}" "$runs" "$seconds" "$captures"
