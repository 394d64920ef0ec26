#!/usr/bin/env bash
# Captures two snapshots of the leakgrow sample alive, for `goforensics
# diff`: at each of its READY lines the program has written its own
# goroutine profiles of that moment, and gdb's gcore dumps it; SIGUSR1 moves
# it from the first snapshot to the second. What differs between the two is
# the table in samples/leakgrow/main.go.
#
#   samples/capture-leakgrow.sh OUTDIR GO_BINARY   (a go command, or a release such as go1.22.12)
#
# Output in OUTDIR/<go version>/leakgrow-snapshots/:
#   bin                          the executable
#   1/, 2/                       one snapshot each:
#     core                       gcore's core
#     goroutines.pb.gz           the goroutine profile (proto, gzipped)
#     goroutines-debug1.txt      the same as ?debug=1 text
#     goroutines-debug2.txt      the same as ?debug=2 text
#   done.txt                     written last (not meta.txt: this is no
#                                crash capture for the core oracle tests)
# A capture with done.txt and a bin newer than the sample's sources is skipped.
#
# Environment: READY_TIMEOUT (seconds, default 60).
set -euo pipefail

[ $# -eq 2 ] || {
  echo "usage: $0 OUTDIR GO_BINARY" >&2
  exit 2
}
samples_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1"
outdir=$(cd "$1" && pwd)
gobin=$2
sample=leakgrow
ready_timeout=${READY_TIMEOUT:-60}

command -v gcore >/dev/null || {
  echo "capture-leakgrow: gdb's gcore not found" >&2
  exit 1
}
source "$samples_dir/go-env.sh"
use_go capture-leakgrow "$gobin"

label=$goversion/$sample-snapshots
dir=$outdir/$label
if [ -f "$dir/done.txt" ] && [ "$dir/bin" -nt "$samples_dir/$sample/main.go" ] &&
  [ "$dir/bin" -nt "$samples_dir/internal/park/park.go" ]; then
  printf 'skip %-28s (up to date)\n' "$label"
  exit 0
fi

die() {
  printf 'FAIL %-28s %s\n' "$label" "$1"
  echo "capture-leakgrow: $label: $1" >&2
  exit 1
}

rm -rf "${dir:?}"
mkdir -p "$dir"
if ! (cd "$samples_dir" && "$gobin" build -o "$dir/bin" "./$sample") >"$dir/build.log" 2>&1; then
  die "build failed: $(tr '\n' ' ' <"$dir/build.log")"
fi
rm -f "$dir/build.log"

(
  cd "$dir"
  exec ./bin -out "$dir" >stdout.txt 2>stderr.txt
) &
pid=$!
cleanup() {
  kill -KILL "$pid" 2>/dev/null || true
  { wait "$pid"; } 2>/dev/null || true
}
trap cleanup EXIT

# snapshot N: waits for "READY N" (the profiles are written by then), then
# dumps the process.
snapshot() {
  local deadline=$((SECONDS + ready_timeout))
  until grep -qx "READY $1" "$dir/stdout.txt" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "exited before READY $1 (stderr: $(head -c 300 "$dir/stderr.txt"))"
    [ $SECONDS -lt $deadline ] || die "no READY $1 within ${ready_timeout}s"
    sleep 0.05
  done
  if ! gcore -o "$dir/$1/core" "$pid" >"$dir/$1/gcore.log" 2>&1 || [ ! -f "$dir/$1/core.$pid" ]; then
    die "gcore failed: $(tail -n 3 "$dir/$1/gcore.log" | tr '\n' ' ')"
  fi
  mv "$dir/$1/core.$pid" "$dir/$1/core"
  # Go's reserved, never touched address space is written out as zeros.
  fallocate --dig-holes "$dir/$1/core" 2>/dev/null || true
}

snapshot 1
kill -USR1 "$pid"
snapshot 2
trap - EXIT
cleanup

printf 'sample=%s\ngo=%s\n' "$sample" "$goversion" >"$dir/done.txt"
printf 'ok   %-28s cores %s, %s\n' "$label" "$(du -h "$dir/1/core" | cut -f1)" "$(du -h "$dir/2/core" | cut -f1)"
