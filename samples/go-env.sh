# Sourced by the capture scripts: picks the Go toolchain to build samples with.
#   use_go TAG GO_BINARY   sets gobin (the go command) and goversion ("go1.26.8")
# GO_BINARY is a go command, or a release name (go1.22.12) fetched through the
# module proxy. The toolchain named is used, not one it might switch to, nor a
# GOROOT inherited from the environment.
use_go() {
  local tag=$1 requested=$2 dir
  dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  if ! gobin=$(command -v "$requested") &&
    ! { [[ $requested == go1.* ]] && gobin=$(bash "$dir/../scripts/go-toolchain.sh" "$requested" 2>/dev/null); }; then
    echo "$tag: Go binary '$requested' not found" >&2
    exit 2
  fi
  unset GOROOT
  export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 GOWORK=off
  goversion=$(cd "$dir" && "$gobin" env GOVERSION)
  if [[ ! $goversion =~ ^go[0-9] ]]; then
    echo "$tag: '$gobin env GOVERSION' printed '$goversion'" >&2
    exit 2
  fi
}
