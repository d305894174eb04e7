#!/usr/bin/env bash
# The README's record/replay example: record against in-process libtpms, replay the file
# with every TCTI variable unset, then show that a changed command is caught.
# Usage: test_example_record_replay.sh EXAMPLE_BINARY
set -euo pipefail
ex=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ex" record libtpms: "$work/app.corpus"
grep -q '^# scenario: example' "$work/app.corpus"
env -u TCTI -u TPM2TOOLS_TCTI -u TPM2LITE_TCTI "$ex" replay "$work/app.corpus"
# Change one recorded byte of StirRandom's inData: the replay must report a mismatch.
awk '/TPM2_CC_StirRandom/ {hit=1; print; next} hit==1 {sub(/^  ..../, "  ffff"); hit=0} {print}' \
    "$work/app.corpus" >"$work/changed.corpus"
if "$ex" replay "$work/changed.corpus" 2>"$work/err"; then
    echo "a changed command replayed without error"; exit 1
fi
cat "$work/err"
grep -q "StirRandom" "$work/err"
