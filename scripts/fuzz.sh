#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for SECONDS (default 60), or
# with NODESCONF_FUZZ_RUNS=N for N inputs from a fixed seed (deterministic, for CI),
# seeded from testdata/ with the format's dictionary. Findings land in build-fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
if [ ! -f build-fuzz/build.ninja ]; then
  CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNODESCONF_WERROR=ON -DNODESCONF_FUZZ=ON \
    -DNODESCONF_SANITIZE=ON -DNODESCONF_BUILD_TESTS=OFF >/dev/null
fi
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
mkdir -p build-fuzz/findings
for target in tokenizer parse diff_check edits; do
  corpus=build-fuzz/corpus-$target
  mkdir -p "$corpus"
  find testdata -name '*.conf' -exec cp -n {} "$corpus/" \;
  # NODESCONF_FUZZ_RUNS: a fixed seed and number of runs, so a CI gate is the same every time.
  if [ -n "${NODESCONF_FUZZ_RUNS:-}" ]; then limits="-seed=1 -runs=$NODESCONF_FUZZ_RUNS -max_total_time=600"
  else limits="-max_total_time=$seconds"; fi
  echo "fuzz_$target: ${NODESCONF_FUZZ_RUNS:+$NODESCONF_FUZZ_RUNS runs, seed 1}"
  # shellcheck disable=SC2086
  build-fuzz/fuzz/fuzz_$target "$corpus" -dict=fuzz/nodes.dict $limits \
    -max_len=65536 -artifact_prefix=build-fuzz/findings/$target- -print_final_stats=1 2>&1 |
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|#[0-9]+ +DONE)" || true
  if ls build-fuzz/findings/$target-* >/dev/null 2>&1; then
    echo "fuzz_$target found a problem: $(ls build-fuzz/findings/$target-*)"
    exit 1
  fi
done
echo "fuzzing: no crash, leak, hang or sanitizer report"
