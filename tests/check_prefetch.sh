#!/bin/sh
# The parser's prefetches of node-index cells are in the built library. GCC 12 once deleted them
# without a word (a __builtin_prefetch after an early return), and a 100,000-node file then ran
# 20-25 % slower with nothing in the source to show it (issue #7). x86 only; skipped elsewhere.
# $1: libnodesconf.a
set -e
case "$(uname -m)" in x86_64 | i?86) ;; *) echo "not x86: skipped"; exit 77 ;; esac
for tool in ar objdump; do
  command -v $tool >/dev/null || { echo "no $tool: skipped"; exit 77; }
done
object=$(mktemp)
trap 'rm -f "$object"' EXIT
ar p "$1" parser.cpp.o >"$object"
count=$(objdump -d --no-show-raw-insn "$object" | grep -c prefetcht0 || true)
echo "prefetcht0 instructions in parser.cpp.o: $count"
# One at least: the release build inlines NodeIndex::prefetch into each of its callers, and the
# sanitizer build keeps one copy that they all call. Before the fix there were none.
[ "$count" -ge 1 ]
