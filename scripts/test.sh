#!/usr/bin/env bash
# Builds goforensics twice (optimized, and with AddressSanitizer + UBSan),
# captures the samples' cores with Go 1.26 and Go 1.19, and runs every test
# in both builds; then the fuzz targets briefly (a third, clang build). The
# captures are shared by the builds.
set -euo pipefail
cd "$(dirname "$0")/.."
captures="${GOFORENSICS_CAPTURES:-$PWD/build/captures}"

build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja -DGOFORENSICS_CAPTURES="$captures" "$@" >/dev/null
  cmake --build "$dir"
}

build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
build build-asan -DCMAKE_BUILD_TYPE=Debug -DGOFORENSICS_SANITIZE=ON
ctest --test-dir build --output-on-failure -j2
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan --output-on-failure -j2

# The fuzz targets (clang, libFuzzer with ASan+UBSan), built alone: their
# regression inputs and a short run of each (scripts/fuzz.sh runs them long).
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGOFORENSICS_FUZZ=ON -DGOFORENSICS_CAPTURES="$captures" >/dev/null
cmake --build build-fuzz --target fuzzers
ctest --test-dir build-fuzz --output-on-failure -j2
