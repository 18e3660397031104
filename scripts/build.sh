#!/usr/bin/env bash
# Configures (once) and builds nodesconf and its tests into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNODESCONF_WERROR=ON >/dev/null
fi
cmake --build build -j "$jobs"
