#!/usr/bin/env bash
# Installs what building and testing nodesconf needs, from Debian's packages. Idempotent: when
# everything is present it does nothing (and needs no network).
set -euo pipefail

packages=(
  g++ cmake ninja-build git pkg-config dpkg-dev file
  libcli11-dev libfmt-dev librange-v3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  redis-server redis-tools mandoc python3-jsonschema
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
