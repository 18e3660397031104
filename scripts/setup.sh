#!/usr/bin/env bash
# First command of the README: install what is missing, build, and run nodesconf on a sample.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
sample=testdata/sample-nodes.conf
echo
echo "\$ nodesconf validate $sample"
build/tools/nodesconf validate "$sample"
echo
echo "\$ nodesconf dump --format table $sample"
build/tools/nodesconf dump --format table "$sample"
