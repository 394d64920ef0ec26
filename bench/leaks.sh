#!/usr/bin/env bash
# Benchmark: the leak analysis (proof, suspects, heap evidence) against the
# time to load its model (core, binary, goroutines, heap), on the
# 100k-goroutine core bench/goroutines.sh captures, RUNS times.
#   bench/leaks.sh            # RUNS=3
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target leak_phases >/dev/null
core=$(ls build/bench/captures/go*/manyg/core 2>/dev/null | sort | tail -n 1)
if [ -z "$core" ]; then
  bash samples/capture.sh build/bench/captures go manyg >&2
  core=$(ls build/bench/captures/go*/manyg/core | sort | tail -n 1)
fi
for _ in $(seq "$runs"); do build/leak_phases "$core"; done
