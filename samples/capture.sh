#!/usr/bin/env bash
# Builds samples, runs each under GOTRACEBACK=crash until its goroutines are
# parked, makes it dump core (SIGQUIT to its main thread, or its own panic)
# and keeps the core, the binary and the traceback Go printed.
#
#   samples/capture.sh OUTDIR GO_BINARY [SAMPLE...]
#
# GO_BINARY: a go command, or a release name such as go1.22.12.
#
# Without SAMPLE: every sample but httpserver (see capture-gcore.sh) and
# manyg (named explicitly only; its -n comes from MANYG_N, default 100000).
# chanblock and inlined are also captured as -buildmode=pie, and chanblock
# as built with -ldflags=-w (no DWARF: the recorded-layouts fallback).
#
# Each capture lands in OUTDIR/<go version>/<sample>[-pie]/:
#   bin            the executable
#   core           the core the kernel wrote
#   traceback.txt  the process's stderr: Go's goroutine dump (the oracle)
#   stdout.txt     the process's stdout (READY, ...)
#   meta.txt       sample=, go=, mode=exe|pie|nodwarf, trigger=sigquit|panic
# meta.txt is written last, only for a complete capture; a capture with
# meta.txt, a core and a bin newer than the sample's sources is skipped.
#
# Environment: JOBS (parallel captures, default 2), READY_TIMEOUT (seconds,
# default 60), EXIT_TIMEOUT (seconds after SIGQUIT, default 180), MANYG_N.
# Needs the kernel to write cores as plain files in the process's working
# directory (core_pattern "core" or "core.%p"-like, not a pipe).
set -euo pipefail

usage() {
  echo "usage: $0 OUTDIR GO_BINARY [SAMPLE...]" >&2
  exit 2
}
[ $# -ge 2 ] || usage

samples_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1"
outdir=$(cd "$1" && pwd)
gobin=$2
shift 2

all_samples=(chanblock syncblock sleepio running deepstack inlined panicker heapgrow leakzoo retainzoo)
pie_samples=" chanblock inlined "
nodwarf_samples=" chanblock "
if [ $# -gt 0 ]; then
  samples=("$@")
else
  samples=("${all_samples[@]}")
fi
for s in "${samples[@]}"; do
  if [ ! -f "$samples_dir/$s/main.go" ]; then
    echo "capture: no sample '$s' (no $samples_dir/$s/main.go)" >&2
    exit 2
  fi
  if [ "$s" = httpserver ]; then
    echo "capture: httpserver is captured with capture-gcore.sh" >&2
    exit 2
  fi
done

source "$samples_dir/go-env.sh"
use_go capture "$gobin"

pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null || echo core)
case $pattern in
  \|* | */*)
    echo "capture: kernel core_pattern is '$pattern'; cores must be written as files" \
      "in the working directory (e.g. 'core')" >&2
    exit 1
    ;;
esac

jobs=${JOBS:-2}
ready_timeout=${READY_TIMEOUT:-60}
exit_timeout=${EXIT_TIMEOUT:-180}
manyg_n=${MANYG_N:-100000}

status_dir=$(mktemp -d)
trap 'rm -rf "$status_dir"' EXIT

now() { date +%s.%N; }
# alive PID: the process exists and is not a zombie.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}
# quit_main_thread PID: SIGQUIT to the process's main thread (Go's m0) with
# tgkill. A plain kill goes to whichever thread the kernel picks, usually
# but not always the main thread (not when it has a signal pending, e.g. a
# preemption SIGURG), which makes the dump's order and, in the running
# sample, the spinning goroutine's block vary. Plain kill where tgkill is
# not at hand (perl's syscall with x86-64's number).
quit_main_thread() {
  if [ "$(uname -m)" = x86_64 ] && command -v perl >/dev/null &&
    perl -e 'my $p = $ARGV[0] + 0; exit(syscall(234, $p, $p, 3) == 0 ? 0 : 1)' "$1" 2>/dev/null; then
    return 0
  fi
  kill -QUIT "$1" 2>/dev/null || true
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fs", b - a }'; }

# fail NAME MESSAGE: reports a failed capture.
fail() {
  printf 'FAIL %-28s %s\n' "$1" "$2"
  echo "$1: $2" >"$status_dir/fail.${1//\//_}"
  return 1
}

# capture SAMPLE MODE: one capture, in a subshell of its own.
capture() {
  local sample=$1 mode=$2
  local name=$sample trigger=sigquit buildflags=() args=()
  [ "$mode" = pie ] && name=$sample-pie && buildflags=(-buildmode=pie)
  [ "$mode" = nodwarf ] && name=$sample-nodwarf && buildflags=(-ldflags=-w)
  [ "$sample" = panicker ] && trigger=panic
  [ "$sample" = manyg ] && args=(-n "$manyg_n")
  local dir=$outdir/$goversion/$name
  local label=$goversion/$name

  if [ -f "$dir/meta.txt" ] && [ -f "$dir/core" ] && [ -f "$dir/bin" ] &&
    [ "$dir/bin" -nt "$samples_dir/$sample/main.go" ] &&
    [ "$dir/bin" -nt "$samples_dir/go.mod" ] &&
    [ "$dir/bin" -nt "$samples_dir/internal/park/park.go" ]; then
    if [ "$sample" != manyg ] ||
      [ "$(awk -F'[ =]' '/^COUNTS /{print $3 + $5 + $7 + $9}' "$dir/stdout.txt")" = "$manyg_n" ]; then
      printf 'skip %-28s (up to date)\n' "$label"
      : >"$status_dir/ok.$name"
      return 0
    fi
  fi

  local t0 t1 t2
  t0=$(now)
  rm -rf "${dir:?}"
  mkdir -p "$dir"
  if ! (cd "$samples_dir" && "$gobin" build "${buildflags[@]}" -o "$dir/bin" "./$sample") \
    >"$dir/build.log" 2>&1; then
    fail "$label" "build failed: $(tr '\n' ' ' <"$dir/build.log")"
    return 1
  fi
  rm -f "$dir/build.log"
  t1=$(now)

  # The subshell execs the sample, so $! is the sample's pid.
  (
    cd "$dir"
    ulimit -c unlimited
    GOTRACEBACK=crash exec ./bin "${args[@]}" >stdout.txt 2>traceback.txt
  ) &
  local pid=$!

  local deadline=$((SECONDS + ready_timeout)) ready=0
  while [ $SECONDS -lt $deadline ]; do
    if grep -qx READY "$dir/stdout.txt" 2>/dev/null; then
      ready=1
      break
    fi
    alive "$pid" || break
    sleep 0.05
  done
  if [ $ready = 0 ]; then
    kill -KILL "$pid" 2>/dev/null || true
    { wait "$pid"; } 2>/dev/null || true
    local why="no READY within ${ready_timeout}s"
    [ $SECONDS -lt $deadline ] && why="exited before READY"
    fail "$label" "$why (stderr: $(head -c 300 "$dir/traceback.txt" 2>/dev/null | tr '\n' ' '))"
    return 1
  fi

  if [ $trigger = sigquit ]; then
    sleep 0.3
    quit_main_thread "$pid"
  fi
  # The core is complete once the process is a zombie.
  deadline=$((SECONDS + exit_timeout))
  while alive "$pid" && [ $SECONDS -lt $deadline ]; do
    sleep 0.05
  done
  local rc=0 timed_out=0
  if alive "$pid"; then
    timed_out=1
    kill -KILL "$pid" 2>/dev/null || true
  fi
  { wait "$pid"; } 2>/dev/null || rc=$?
  t2=$(now)
  if [ $timed_out = 1 ]; then
    fail "$label" "still running ${exit_timeout}s after $trigger; killed"
    return 1
  fi

  [ -f "$dir/core" ] || { [ -f "$dir/core.$pid" ] && mv "$dir/core.$pid" "$dir/core"; } || true
  if [ ! -f "$dir/core" ]; then
    fail "$label" "no core written (exit status $rc; is 'ulimit -c unlimited' allowed?)"
    return 1
  fi
  if ! grep -q '^goroutine [0-9]' "$dir/traceback.txt"; then
    fail "$label" "traceback.txt holds no goroutine dump (exit status $rc)"
    return 1
  fi

  printf 'sample=%s\ngo=%s\nmode=%s\ntrigger=%s\n' "$sample" "$goversion" "$mode" "$trigger" \
    >"$dir/meta.tmp"
  mv "$dir/meta.tmp" "$dir/meta.txt"
  : >"$status_dir/ok.$name"
  printf 'ok   %-28s build %s  run %s  core %s  exit %s\n' "$label" \
    "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")" \
    "$(du -h --apparent-size "$dir/core" | cut -f1)" "$rc"
}

start=$(now)
names=()
for s in "${samples[@]}"; do
  modes=(exe)
  [[ $pie_samples == *" $s "* ]] && modes+=(pie)
  [[ $nodwarf_samples == *" $s "* ]] && modes+=(nodwarf)
  for m in "${modes[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
      wait -n || true
    done
    # bash reports the sample's death by SIGABRT ("Aborted (core dumped)")
    # on the capture's stderr: keep that out, pass anything else on.
    if [ "$m" = exe ]; then names+=("$s"); else names+=("$s-$m"); fi
    capture "$s" "$m" 2>"$status_dir/stderr.$s.$m" &
  done
done
wait || true
cat "$status_dir"/stderr.* 2>/dev/null | grep -v -e '(core dumped)' -e '^$' >&2 || true

failed=0
for n in "${names[@]}"; do
  if [ ! -e "$status_dir/ok.$n" ]; then
    [ $failed = 1 ] || echo "capture: failed:" >&2
    failed=1
    if [ -e "$status_dir/fail.${goversion}_$n" ]; then
      cat "$status_dir/fail.${goversion}_$n" >&2
    else
      echo "$goversion/$n: the capture stopped unexpectedly (see the messages above)" >&2
    fi
  fi
done
[ $failed = 0 ] || exit 1
echo "capture: all done for $goversion in $(elapsed "$start" "$(now)") -> $outdir/$goversion"
