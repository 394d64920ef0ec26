#!/usr/bin/env bash
# Benchmark: `goforensics audit` over a folder of every capture of every Go
# release (cores, binaries, goroutine profiles, traces) plus compressed and
# broken copies, on the machine's cores. Prints inputs/minute, GB/minute and
# the peak memory of all jobs together, once without and once with a
# --max-rss budget.
#   bench/audit.sh [CAPTURES]      # default: build/captures
set -euo pipefail
cd "$(dirname "$0")/.."
captures=$(realpath "${1:-build/captures}")
work=$PWD/build/bench/audit
rm -rf "$work" && mkdir -p "$work/archive"

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target goforensics >/dev/null

n=0
for meta in "$captures"/go*/*/meta.txt "$captures"/traces/go*/*/meta.txt; do
  dir=$(dirname "$meta")
  name=$(echo "${dir#"$captures"/}" | tr / _)
  for f in core bin trace.out goroutines-debug1.txt goroutines-debug2.txt; do
    [ -f "$dir/$f" ] && ln -s "$dir/$f" "$work/archive/$name.$f" && n=$((n + 1))
  done
done
first_core=$(ls "$captures"/go*/chanblock/core | head -n 1)
gzip -c "$first_core" >"$work/archive/chanblock.core.gz"
zstd -q -c "$first_core" >"$work/archive/chanblock.core.zst"
head -c 100000 "$first_core" >"$work/archive/truncated.core"
: >"$work/archive/empty"
cp /bin/ls "$work/archive/ls"
n=$((n + 5))
bytes=$(du -sLb "$work/archive" | cut -f1)
echo "archive: $n inputs, $((bytes / 1000000)) MB, $(nproc) cores"

run() {
  local label=$1
  shift
  rm -f "$work/$label.jsonl"
  local start end
  start=$(date +%s.%N)
  build/goforensics audit "$work/archive" --jobs "$(nproc)" --jsonl "$work/$label.jsonl" "$@" >"$work/$label.txt"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$n" -v b="$bytes" -v l="$label" \
    'BEGIN { t = e - s; printf "%-22s %6.1f s  %7.0f inputs/min  %6.2f GB/min\n", l, t, n / t * 60, b / 1e9 / t * 60 }'
  head -n 1 "$work/$label.txt"
}
run unbounded
run max-rss-512MiB --max-rss 512
