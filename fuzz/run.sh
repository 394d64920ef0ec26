#!/usr/bin/env bash
# Runs one fuzz target: first every regression input in fuzz/regressions/
# TARGET once, then fuzzing from the seeds for RUNS executions or SECONDS,
# whichever ends first, under ASan+UBSan (the fuzz build's). Exits non-zero
# on any crash, hang, leak or out-of-memory and leaves the input in WORK.
#   run.sh TARGET FUZZ_BUILD SEEDS WORK RUNS SECONDS CAPTURES
set -euo pipefail
target=$1 build=$2 seeds=$3 work=$4 runs=$5 seconds=$6 captures=$7
here="$(cd "$(dirname "$0")" && pwd)"
fuzzer="$build/fuzz/${target}_fuzzer"
# FUZZ_FRESH=1 (the test suite's smoke runs): start from the seeds alone.
[ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$work"
mkdir -p "$work/corpus"

# A run over a few inputs must not take seconds; the end-to-end target reads
# a whole core and its binary's DWARF each run.
timeout=10 max_len=4096
case $target in
  elf_core) max_len=32768 ;;
  go_binary) max_len=32768 ;;
  dwarf_types) max_len=32768 ;;
  trace_reader) max_len=32768 ;;
  goroutine_text) max_len=32768 ;;
  pprof_profile) max_len=16384 ;;
  core_target)
    timeout=60 max_len=512
    run_dir=$(ls -d "$captures"/go1.26*/chanblock | tail -1)
    export GF_FUZZ_CORE="$run_dir/core" GF_FUZZ_EXE="$run_dir/bin"
    ;;
esac
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
flags=(-rss_limit_mb=2560 -malloc_limit_mb=2048 -timeout=$timeout -max_len=$max_len -print_final_stats=1
       -artifact_prefix="$work/")

shopt -s nullglob
regressions=("$here/regressions/$target"/*)
if ((${#regressions[@]})); then
  "$fuzzer" "${flags[@]}" "${regressions[@]}" >"$work/regressions.log" 2>&1 ||
    { tail -40 "$work/regressions.log"; echo "fuzz: $target: a regression input fails" >&2; exit 1; }
fi

[ -n "$(ls -A "$work/corpus")" ] || cp "$seeds/$target"/* "$work/corpus/"
start=$(date +%s)
status=0
"$fuzzer" "${flags[@]}" -runs="$runs" -max_total_time="$seconds" "$work/corpus" >"$work/fuzz.log" 2>&1 || status=$?
executed=$(awk '/stat::number_of_executed_units/ { print $2 }' "$work/fuzz.log")
echo "fuzz: $target: ${executed:-?} executions in $(($(date +%s) - start)) s, ${#regressions[@]} regression inputs replayed"
if [ "$status" -ne 0 ]; then
  grep -E -A30 "^==[0-9]+==ERROR|runtime error|ALARM|out-of-memory" "$work/fuzz.log" | head -60
  echo "fuzz: $target: failed (input saved in $work)" >&2
fi
exit "$status"
