#!/usr/bin/env bash
# Installs everything goforensics needs to build and test on a fresh Debian 12
# machine: compilers, the libraries it links, gdb (gcore captures) and Go 1.19
# (the old runtime layouts). The main Go toolchain is the machine's own.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libelf-dev libdwarf-dev zlib1g-dev libzstd-dev libboost-program-options-dev
  protobuf-compiler libprotobuf-dev
  googletest libgtest-dev nlohmann-json3-dev
  chromium chromium-driver
  gdb curl ca-certificates zstd
  clang-14 libclang-rt-14-dev python3
  golang-1.19-go
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v go >/dev/null; then
  echo "setup: no Go toolchain on PATH (the machine's Go, 1.26, is the main target)" >&2
  exit 1
fi
# The browser test drives Debian's Chromium with playwright-core (npm),
# installed by its ctest fixture into the build directory.
if ! command -v npm >/dev/null; then
  echo "setup: no Node.js/npm on PATH (the browser test of the HTML report needs them)" >&2
  exit 1
fi
echo "setup: ready ($(go version), $(/usr/lib/go-1.19/bin/go version))"
