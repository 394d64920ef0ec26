#!/usr/bin/env bash
# The main job on a bundled sample: build goforensics, capture a core of the
# chanblock sample (GOTRACEBACK=crash), and print its goroutines grouped.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target goforensics
bash samples/capture.sh build/captures go chanblock
capture=$(dirname "$(ls build/captures/go*/chanblock/meta.txt | sort | tail -n 1)")
build/goforensics goroutines --group "$capture/core" --exe "$capture/bin"
