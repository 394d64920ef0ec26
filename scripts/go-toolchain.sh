#!/usr/bin/env bash
# Prints the path of the `go` command of a Go release, fetching the release
# through the Go module proxy (GOTOOLCHAIN) when it is not there yet.
#   scripts/go-toolchain.sh go1.22.12   -> .../golang.org/toolchain@v0.0.1-go1.22.12.linux-amd64/bin/go
#   scripts/go-toolchain.sh local       -> the machine's go
set -euo pipefail
version=${1:?usage: go-toolchain.sh goVERSION|local}
if [ "$version" = local ]; then
  command -v go
  exit 0
fi
goroot=$(cd / && GOTOOLCHAIN="$version" GOFLAGS= go env GOROOT)
if [ ! -x "$goroot/bin/go" ]; then
  echo "go-toolchain: cannot get $version through the module proxy" >&2
  exit 1
fi
echo "$goroot/bin/go"
