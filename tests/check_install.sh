#!/bin/sh
# cmake --install puts everything in place; find_package and pkg-config users build against it;
# the generated completions know every subcommand and option; the .deb installs and runs.
#   check_install.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1 build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
for f in bin/nodesconf lib/libnodesconf.a include/nodesconf/analyze.h lib/cmake/nodesconf/nodesconfConfig.cmake \
         lib/pkgconfig/nodesconf.pc share/man/man1/nodesconf.1 share/bash-completion/completions/nodesconf \
         share/zsh/vendor-completions/_nodesconf share/fish/vendor_completions.d/nodesconf.fish; do
  [ -e "$tmp/prefix/$f" ] || { echo "missing after install: $f"; exit 1; }
done
"$tmp/prefix/bin/nodesconf" --version

# find_package(nodesconf)
cmake -S "$src/tests/consumer" -B "$tmp/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/consumer" >/dev/null
out=$("$tmp/consumer/consumer" "$src/testdata/sample-nodes.conf")
[ "$out" = "redis-7.0.15 6 nodes valid" ] || { echo "consumer said: $out"; exit 1; }
echo "find_package consumer: $out"

# pkg-config
PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" c++ "$src/tests/consumer/main.cpp" -o "$tmp/pc-consumer" \
  $(PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" pkg-config --cflags --libs nodesconf)
"$tmp/pc-consumer" "$src/testdata/sample-nodes.conf" >/dev/null
echo "pkg-config consumer: ok"

# Completions: every subcommand and every long option of each, in each shell's script.
bin="$tmp/prefix/bin/nodesconf"
for cmd in validate dump diff check bump-epoch edit-slots remap forget fix-shard-ids; do
  for opt in $("$bin" "$cmd" --help | grep -oE '^ +(-[a-zA-Z],)?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' | sort -u); do
    for script in share/bash-completion/completions/nodesconf share/zsh/vendor-completions/_nodesconf \
                  share/fish/vendor_completions.d/nodesconf.fish; do
      case "$script" in *fish) want="-l ${opt#--}" ;; *) want="$opt" ;; esac
      grep -q -- "$cmd" "$tmp/prefix/$script" || { echo "$script lacks $cmd"; exit 1; }
      grep -q -- "$want" "$tmp/prefix/$script" || { echo "$script lacks $cmd $opt"; exit 1; }
    done
  done
done
# ...and the bash one works: complete "nodesconf edit-slots --mo".
got=$(bash -c ". '$tmp/prefix/share/bash-completion/completions/nodesconf'; COMP_WORDS=(nodesconf edit-slots --mo); COMP_CWORD=2; _nodesconf; echo \${COMPREPLY[*]}")
[ "$got" = "--move" ] || { echo "bash completion gave: $got"; exit 1; }
echo "completions: every subcommand and option in bash, zsh and fish"

# The Debian package, installed for real where we are root.
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/nodesconf_*.deb | head -1)
dpkg-deb -c "$deb" | grep './usr/bin/nodesconf' >/dev/null || { echo "no binary in $deb"; exit 1; }
if [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null; then
  dpkg -i "$deb" >/dev/null
  /usr/bin/nodesconf validate "$src/testdata/sample-nodes.conf"
  dpkg -r nodesconf >/dev/null
  echo "deb: installed, ran, removed"
else
  echo "deb: built (not root: not installed)"
fi
