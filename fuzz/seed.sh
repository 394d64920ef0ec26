#!/usr/bin/env bash
# Makes the fuzz seed corpora from the captures (nothing large is committed):
#   seed.sh CAPTURES OUT
# OUT/<target>/ gets small inputs of each format: the header-and-notes head of
# cores, Go binaries without debug sections, C binaries with DWARF, trace
# prefixes of both formats, goroutine dumps (debug=1 and 2, tracebacks) and
# pprof profiles.
set -euo pipefail
captures=$1
out=$2
here="$(cd "$(dirname "$0")" && pwd)"
targets=(elf_core go_binary dwarf_types trace_reader goroutine_text core_target pprof_profile)
for t in "${targets[@]}"; do rm -rf "$out/$t"; mkdir -p "$out/$t"; done

releases=(go1.19.8 go1.22.12 go1.26.8)
name() { echo "$1" | tr '/.' '__'; }

# Cores: everything up to the end of the note segment (ELF and program
# headers, notes); the memory the reader maps lazily is left out.
for r in "${releases[@]}"; do
  for s in chanblock chanblock-pie syncblock; do
    core="$captures/$r/$s/core"
    [ -f "$core" ] || continue
    read -r offset size < <(readelf -lW "$core" | awk '$1 == "NOTE" { print $2, $5; exit }')
    head -c $((offset + size)) "$core" >"$out/elf_core/$(name "$r/$s")"
  done
done

# Miniatures of Go binaries (fuzz/mini_go_binary.py): the pclntab of their
# first functions, symbols and build ID, a few KB, so a run costs what the
# ELF and pclntab readers do.
for r in "${releases[@]}"; do
  bin="$captures/$r/chanblock-nodwarf/bin"
  [ -f "$bin" ] && python3 "$here/mini_go_binary.py" "$bin" "$out/go_binary/$(name "$r")"
done

# Small C programs with DWARF in the forms Go writes it (DWARF 4 and 5,
# compressed and not), with structs, an enum and globals as the runtime has.
src=$(mktemp --suffix=.c)
trap 'rm -f "$src"' EXIT
cat >"$src" <<'C'
struct g { long goid; int atomicstatus; struct g *schedlink; };
struct m { struct g *curg; long id; };
struct hchan { unsigned long qcount; void *buf; unsigned short elemsize; };
enum { kGrunning = 2 };
struct g *allgs[4];
struct m mheap_;
int main(void) { return allgs[0] ? kGrunning : (int)mheap_.id; }
C
for flags in "-gdwarf-4" "-gdwarf-5" "-gdwarf-4 -gz=zlib" "-gdwarf-5 -gz=zlib"; do
  cc $flags -O0 -o "$out/dwarf_types/c$(echo "$flags" | tr -d ' =-')" "$src"
done

# Traces of both formats: their first bytes.
for dir in "$captures"/traces/*/*/; do
  trace="$dir/trace.out"
  [ -f "$trace" ] || continue
  n=$(name "$(basename "$(dirname "$dir")")_$(basename "$dir")")
  for size in 4096 32768; do head -c "$size" "$trace" >"$out/trace_reader/${n}_$size"; done
done

# Goroutine dumps: crash tracebacks, debug=2 and debug=1 profiles.
for r in go1.19.8 go1.26.8; do
  for s in chanblock panicker syncblock; do
    f="$captures/$r/$s/traceback.txt"
    [ -f "$f" ] && cp "$f" "$out/goroutine_text/$(name "$r/$s")"
  done
  for f in "$captures/$r"/httpserver-gcore/goroutines-debug*.txt; do
    [ -f "$f" ] && cp "$f" "$out/goroutine_text/$(name "$r")_$(basename "$f")"
  done
done
cp "$here/../tests/data/goroutine_text/"*.txt "$out/goroutine_text/"

# pprof profiles the captures hold, uncompressed (the reader's gzip layer is
# the same MappedFile every reader has).
for r in go1.19.8 go1.26.8; do
  f="$captures/$r/httpserver-gcore/goroutines.pb.gz"
  [ -f "$f" ] && gunzip -c "$f" >"$out/pprof_profile/$(name "$r")_goroutine.pb"
done

# The end-to-end target's input is a list of patches; no patch runs the
# core as captured.
: >"$out/core_target/unpatched"

for t in "${targets[@]}"; do echo "seed: $t $(ls "$out/$t" | wc -l) inputs, $(du -sh "$out/$t" | cut -f1)"; done
