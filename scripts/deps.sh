#!/usr/bin/env bash
# Install the Debian packages libtpm2lite needs to build, test and demo, if missing.
# Uses sudo when not root. Safe to run again.
set -euo pipefail

# build: meson ninja-build pkg-config gcc libssl-dev; optional in-process TPM: libtpms-dev
# tests: libcmocka-dev, swtpm (+swtpm-tools), socat, tpm2-tools and libtss2-dev (independent
# peers), clang (fuzzers), valgrind, python3 (summaries), tshark (checks our pcapng),
# tpm2-openssl (loads our TSS2 PRIVATE KEY files: an independent peer), openssl (the
# command-line tool: test certificates, signature checks);
# static analysis (scripts/static.sh): cppcheck, clang-tidy, clang-tools (scan-build)
PKGS=(meson ninja-build pkg-config gcc libssl-dev libtpms-dev libcmocka-dev
      swtpm swtpm-tools socat tpm2-tools libtss2-dev clang valgrind python3 git
      tshark tpm2-openssl openssl cppcheck clang-tidy clang-tools)

missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
