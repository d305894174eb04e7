#!/usr/bin/env bash
# README command 1: install what is missing, build, and talk to a real TPM with no daemon:
# the CLI against libtpms running inside the process.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null

cli=build/tools/tpm2lite
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
tcti="libtpms:dir=$state"

run() { echo "\$ tpm2lite $*"; "$cli" --tcti "$tcti" "$@"; echo; }
run getrandom 16 --hex
run pcrread sha256:0,1,2,3
run createprimary -C o -G ecc256
run createprimary -C o -G rsa2048
