#!/usr/bin/env bash
# Builds goforensics twice (optimized, and with AddressSanitizer + UBSan),
# captures the samples' cores with Go 1.26 and Go 1.19, and runs every test
# in both builds. The captures are shared by the two builds.
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
