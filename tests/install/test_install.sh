#!/usr/bin/env bash
# Install into a scratch prefix and build examples/primary_name.c out of tree exactly as a
# user would (cc prog.c $(pkg-config --cflags --libs tpm2lite)); then check the installed
# library derives the same primary key name as the CLI from the same libtpms state.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd); src=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

meson install -C "$build" --destdir "$work/root" --no-rebuild --quiet >/dev/null
pc=$(dirname "$(find "$work/root" -name tpm2lite.pc | head -1)")
[ -n "$pc" ] || { echo "no tpm2lite.pc installed"; exit 1; }
# The sysroot makes pkg-config prefix every -I and -L with where the files now are.
export PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$work/root
cflags=$(pkg-config --cflags tpm2lite)
libs=$(pkg-config --libs tpm2lite)
cc -std=c11 -Wall -Wextra -Werror $cflags "$src/examples/primary_name.c" $libs -o "$work/primary_name"
libdir=$(pkg-config --variable=libdir tpm2lite)  # already under the sysroot
ls "$libdir"/libtpm2lite.so.0 "$libdir"/libtpm2lite.a >/dev/null
readelf -d "$libdir"/libtpm2lite.so.0 | grep -q 'SONAME.*libtpm2lite.so.0'

mkdir "$work/state"
out=$(LD_LIBRARY_PATH=$libdir "$work/primary_name" "libtpms:dir=$work/state")
echo "$out"
ours=$(sed -n 's/^name: //p' <<<"$out")
[ ${#ours} -eq 68 ] || { echo "example printed no name"; exit 1; }
cli=$("$build/tools/tpm2lite" --tcti "libtpms:dir=$work/state" createprimary -C o -G ecc256 |
      sed -n 's/^name: //p')
[ "$ours" = "$cli" ] || { echo "example name $ours != CLI name $cli"; exit 1; }
echo "installed library and CLI agree: $ours"
