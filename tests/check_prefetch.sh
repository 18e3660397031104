#!/bin/sh
# The parser's prefetches of node-index cells are in the built library. GCC 12 once deleted them
# without a word (a __builtin_prefetch after an early return), and a 100,000-node file then ran
# 20-25 % slower with nothing in the source to show it (issue #7). x86 only; skipped elsewhere.
# $1: libnodesconf.a
set -e
case "$(uname -m)" in x86_64 | i?86) ;; *) echo "not x86: skipped"; exit 77 ;; esac
command -v objdump >/dev/null || { echo "no objdump: skipped"; exit 77; }
# The disassembly of the archive's parser object alone: objdump heads each member with
# "<member>:     file format ...".
count=$(objdump -d --no-show-raw-insn "$1" |
  awk '/file format/ { in_parser = ($1 == "parser.cpp.o:") } in_parser && /prefetcht0/' | wc -l)
echo "prefetcht0 instructions in parser.cpp.o: $count"
# One for the next line's id (read_line), one for the line's master (read_node).
[ "$count" -ge 2 ]
