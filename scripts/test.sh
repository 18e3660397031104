#!/usr/bin/env bash
# Second command of the README: the whole test suite, real-server tests included, then the same
# suite under AddressSanitizer + UndefinedBehaviorSanitizer, and a short run of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
scripts/install-deps.sh
scripts/build.sh

echo "== fuzz targets, a short deterministic smoke run each (scripts/fuzz.sh SECONDS runs them longer)"
NODESCONF_FUZZ_RUNS=${NODESCONF_FUZZ_RUNS:-1000} scripts/fuzz.sh

echo "== the suite under ASan + UBSan (build-asan/)"
if [ ! -f build-asan/build.ninja ]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DNODESCONF_WERROR=ON -DNODESCONF_SANITIZE=ON >/dev/null
fi
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs")

echo "== the suite (build/)"
cd build
ctest --output-on-failure -j "$jobs"
