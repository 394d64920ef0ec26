#!/usr/bin/env bash
# Captures the httpserver sample alive: builds it, runs it until its
# goroutines are parked, saves its own goroutine dumps from net/http/pprof,
# dumps its memory with gdb's gcore and then kills it.
#
#   samples/capture-gcore.sh OUTDIR GO_BINARY   (a go command, or a release such as go1.22.12)
#
# Output in OUTDIR/<go version>/httpserver-gcore/:
#   bin                      the executable
#   core                     gcore's core of the live process
#   goroutines-debug2.txt    /debug/pprof/goroutine?debug=2 (Go's traceback
#                            format; the oracle)
#   goroutines-debug1.txt    /debug/pprof/goroutine?debug=1 (grouped)
#   goroutines.pb.gz         /debug/pprof/goroutine (gzipped profile proto)
#   stdout.txt, stderr.txt   the process's output; gcore.log gdb's
#   meta.txt                 sample=httpserver, go=, mode=exe, trigger=gcore
# The dumps are fetched a moment before gcore runs; they hold one goroutine
# more than the core, the one serving the request (running the pprof
# handler). meta.txt is written last; a capture with meta.txt, a core and a
# bin newer than the sample's sources is skipped.
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
sample=httpserver
ready_timeout=${READY_TIMEOUT:-60}

for tool in curl gcore; do
  command -v "$tool" >/dev/null || {
    echo "capture-gcore: '$tool' not found (curl and gdb's gcore are needed)" >&2
    exit 1
  }
done
source "$samples_dir/go-env.sh"
use_go capture-gcore "$gobin"

label=$goversion/$sample-gcore
dir=$outdir/$label
if [ -f "$dir/meta.txt" ] && [ -f "$dir/core" ] && [ -f "$dir/bin" ] &&
  [ "$dir/bin" -nt "$samples_dir/$sample/main.go" ] &&
  [ "$dir/bin" -nt "$samples_dir/go.mod" ] &&
  [ "$dir/bin" -nt "$samples_dir/internal/park/park.go" ]; then
  printf 'skip %-28s (up to date)\n' "$label"
  exit 0
fi

die() {
  printf 'FAIL %-28s %s\n' "$label" "$1"
  echo "capture-gcore: $label: $1" >&2
  exit 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fs", b - a }'; }

t0=$(now)
rm -rf "${dir:?}"
mkdir -p "$dir"
if ! (cd "$samples_dir" && "$gobin" build -o "$dir/bin" "./$sample") >"$dir/build.log" 2>&1; then
  die "build failed: $(tr '\n' ' ' <"$dir/build.log")"
fi
rm -f "$dir/build.log"
t1=$(now)

(
  cd "$dir"
  exec ./bin >stdout.txt 2>stderr.txt
) &
pid=$!
cleanup() {
  kill -KILL "$pid" 2>/dev/null || true
  { wait "$pid"; } 2>/dev/null || true
}
trap cleanup EXIT

deadline=$((SECONDS + ready_timeout))
until grep -qx READY "$dir/stdout.txt" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || die "exited before READY (stderr: $(head -c 300 "$dir/stderr.txt"))"
  [ $SECONDS -lt $deadline ] || die "no READY within ${ready_timeout}s"
  sleep 0.05
done
addr=$(sed -n 's/^ADDR //p' "$dir/stdout.txt" | head -n 1)
[[ $addr =~ ^127\.0\.0\.1:[0-9]+$ ]] || die "no 'ADDR 127.0.0.1:PORT' line on stdout (got '$addr')"

# Each request is a connection of its own (keep-alives are off in the
# sample, so that gcore finds the connection's goroutine gone), which wakes
# main's accept loop: a profile may catch it still in accept4 (runnable)
# where gcore then finds it parked in netpoll. The three profiles are
# fetched again until none shows it in accept4.
fetch_profiles() {
  local url=http://$addr/debug/pprof/goroutine
  curl --silent --show-error --fail --max-time 30 --noproxy '*' \
    -o "$dir/goroutines-debug1.txt" "$url?debug=1" -o "$dir/goroutines.pb.gz" "$url" \
    -o "$dir/goroutines-debug2.txt" "$url?debug=2" || die "fetching $url failed"
}
accept_loop_parked() {
  grep -q '^goroutine 1 \[IO wait' "$dir/goroutines-debug2.txt" &&
    ! grep -q 'syscall\.accept4' "$dir/goroutines-debug1.txt" &&
    ! gzip -dc "$dir/goroutines.pb.gz" | grep -aq 'syscall\.accept4'
}
for attempt in 1 2 3 4 5; do
  fetch_profiles
  grep -q '^goroutine [0-9]' "$dir/goroutines-debug2.txt" || die "goroutines-debug2.txt holds no goroutine dump"
  accept_loop_parked && break
  [ "$attempt" -lt 5 ] || die "main's accept loop was not parked in netpoll in 5 tries (goroutine profiles)"
  sleep 0.2
done

sleep 0.3
if ! gcore -o "$dir/core" "$pid" >"$dir/gcore.log" 2>&1; then
  die "gcore failed: $(tail -n 3 "$dir/gcore.log" | tr '\n' ' ')"
fi
[ -f "$dir/core.$pid" ] || die "gcore wrote no $dir/core.$pid: $(tail -n 3 "$dir/gcore.log" | tr '\n' ' ')"
mv "$dir/core.$pid" "$dir/core"
t2=$(now)
# gcore writes Go's reserved PROT_NONE address space out as zeros (about
# 1 GiB); punch holes there to save disk. The bytes read stay the same.
if command -v fallocate >/dev/null; then
  fallocate --dig-holes "$dir/core" 2>/dev/null || true
fi

trap - EXIT
cleanup

printf 'sample=%s\ngo=%s\nmode=exe\ntrigger=gcore\n' "$sample" "$goversion" >"$dir/meta.tmp"
mv "$dir/meta.tmp" "$dir/meta.txt"
printf 'ok   %-28s build %s  run %s  core %s (%s on disk)\n' "$label" "$(elapsed "$t0" "$t1")" \
  "$(elapsed "$t1" "$t2")" "$(du -h --apparent-size "$dir/core" | cut -f1)" "$(du -h "$dir/core" | cut -f1)"
