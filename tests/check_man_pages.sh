#!/bin/sh
# Every man page is mandoc-lint clean and renders with its sections. The "outdated mandoc.db"
# and "referenced manual not found" remarks are about this machine's man index, not about the pages.
set -e
status=0
for page in "$1"/*.[0-9]; do
  lint=$(mandoc -T lint "$page" 2>&1 | grep -v -e 'mandoc.db' -e 'referenced manual not found' || true)
  if [ -n "$lint" ]; then echo "$lint"; status=1; fi
  mandoc -T markdown "$page" | grep -q '^# NAME' || { echo "$page: no NAME section"; status=1; }
  echo "$page: ok"
done
exit $status
