#!/usr/bin/env bash
# Benchmark: goroutine listing of a core with many goroutines (samples/manyg,
# 100k by default), goforensics against Delve (`dlv core`) on the same core,
# in the same run. Prints median wall time and peak RSS over RUNS runs, and
# the ratios.
#   bench/goroutines.sh            # RUNS=3
# Delve is installed through the Go module proxy into build/bench/bin.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
dlv_version=${DLV_VERSION:-v1.27.2}
work=$PWD/build/bench
mkdir -p "$work"

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target goforensics >/dev/null
[ -x "$work/bin/dlv" ] || GOBIN="$work/bin" GOFLAGS= go install "github.com/go-delve/delve/cmd/dlv@$dlv_version"

bash samples/capture.sh "$work/captures" go manyg >&2
capture=$(dirname "$(ls "$work"/captures/go*/manyg/meta.txt | sort | tail -n 1)")
core=$capture/core
exe=$capture/bin
printf 'goroutines\nexit\n' >"$work/dlv-goroutines"
printf 'goroutines -t\nexit\n' >"$work/dlv-goroutines-t"

# median of "seconds kilobytes" lines: prints "seconds kilobytes"
median() { sort -n | awk '{ a[NR] = $1; b[NR] = $2 } END { m = int((NR + 1) / 2); print a[m], b[m] }' ; }
measure() {
  local label=$1
  shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/out-$label.txt" 2>"$work/err-$label.txt" </dev/null
    cat "$work/time.txt"
  done | median
}

echo "core: $core ($(du -h "$core" | cut -f1), $(grep -c . "$capture/stdout.txt") lines of sample output)"
ours_group=$(measure ours-group build/goforensics goroutines --group "$core" --exe "$exe")
ours_all=$(measure ours-all build/goforensics goroutines "$core" --exe "$exe")
dlv_list=$(measure dlv "$work/bin/dlv" core "$exe" "$core" --allow-non-terminal-interactive=true --init "$work/dlv-goroutines")
dlv_stacks=$(measure dlv-t "$work/bin/dlv" core "$exe" "$core" --allow-non-terminal-interactive=true --init "$work/dlv-goroutines-t")

ours_count=$(sed -n 's/^# \([0-9]*\) goroutines$/\1/p' "$work/out-ours-all.txt")
dlv_count=$(sed -n 's/^\[\([0-9]*\) goroutines\]$/\1/p' "$work/out-dlv.txt")
printf '%-44s %10s %12s\n' tool "wall (s)" "peak RSS (MB)"
row() { printf '%-44s %10s %12d\n' "$1" "${2% *}" "$(( ${2#* } / 1024 ))"; }
row "goforensics goroutines --group" "$ours_group"
row "goforensics goroutines (all stacks)" "$ours_all"
row "dlv core: goroutines" "$dlv_list"
row "dlv core: goroutines -t (stacks)" "$dlv_stacks"
awk -v a="${ours_group% *}" -v b="${dlv_list% *}" -v c="${ours_all% *}" -v d="${dlv_stacks% *}" \
  'BEGIN { printf "speed-up: --group vs dlv goroutines %.1fx; all stacks vs dlv goroutines -t %.1fx\n", b / a, d / c }'
echo "goroutines found: goforensics $ours_count, dlv $dlv_count"
