#!/usr/bin/env bash
# README command 2: the whole test suite, as CI runs it.
#  1. a normal build with -Werror: every suite (unit, marshal, crosscheck, corpus, integration)
#  2. the corpus suite again with every TCTI variable unset and no network at all
#  3. the same build under valgrind (memcheck, definite and indirect leaks are errors)
#  4. a release (-O3) build must compile without warnings
#  5. an ASan+UBSan build: every suite
#  6. threads: the parallel-contexts test under ThreadSanitizer and under Helgrind
#  7. static analysis: cppcheck, clang-tidy, scan-build (scripts/static.sh)
#  8. fuzz smoke: every libFuzzer target for a few seconds from its seeds (scripts/fuzz.sh)
# Ends with one line "N passed, N failed" over all runs; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export MESON_TESTTHREADS=${MESON_TESTTHREADS:-$(nproc)}
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
tally=$(mktemp)
trap 'rm -f "$tally"' EXIT
status=0

count() { # append "pass fail" from a meson testlog.json
    python3 - "$1" >>"$tally" <<'PY'
import json, sys
p = f = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): p += 1
    elif r != "SKIP": f += 1
print(p, f)
PY
}

suite() { # builddir label [meson test args...]
    local dir=$1 label=$2; shift 2
    echo "=== $label ==="
    meson test -C "$dir" --print-errorlogs "$@" || status=1
    count "$dir/meson-logs/testlog.json"
}

setup() { # builddir [meson setup args...]
    local dir=$1; shift
    if [ -d "$dir" ]; then meson setup --reconfigure "$dir" "$@" >/dev/null
    else meson setup "$dir" "$@" >/dev/null; fi && ninja -C "$dir"
}

setup build-ci -Dwerror=true || exit 1
# The fault matrix at every exchange of every scenario for every kind (about 2 min); the
# valgrind and ASan passes below keep its time budget, which strides the exchanges.
TPM2LITE_FAULT_BUDGET_MS=0 suite build-ci "normal build (-Werror)"

# The corpus needs no TPM: prove it with TCTI variables unset and, where we may, no network.
nonet=()
if unshare -n true 2>/dev/null; then nonet=(unshare -n); fi
echo "=== corpus suite, no TPM, no TCTI variables ${nonet:+, no network} ==="
env -u TCTI -u TPM2TOOLS_TCTI -u TPM2LITE_TCTI "${nonet[@]}" \
    meson test -C build-ci --suite corpus --print-errorlogs || status=1
count build-ci/meson-logs/testlog.json

# The installed-library test links a plain program and is left out here (it is run above).
# In-process libtpms under valgrind is the TPM's own RSA key generation, not our code: the
# normal and ASan passes run that kind, and the tcti suite keeps our libtpms transport.
export TPM2L_TEST_SIM_SKIP=libtpms
suite build-ci "valgrind" --no-suite install --timeout-multiplier 4 \
    --wrap='valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect'
unset TPM2L_TEST_SIM_SKIP

# Optimised builds warn about things -O2 does not see: the release build must compile clean.
echo "=== release build (-O3, -Werror), compile only ==="
setup build-release -Dbuildtype=release -Dwerror=true -Dtests=disabled -Dbench=false >/dev/null ||
    { echo "release build failed"; status=1; }

setup build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debug || exit 1
suite build-asan "ASan+UBSan build"

# Threads: one context per thread on its own swtpm, under ThreadSanitizer and Helgrind.
# Only the library and the one test are built: a minute, not a whole third build.
tsan_args=(-Db_sanitize=thread -Db_lundef=false -Dbuildtype=debug -Dwerror=true -Dbench=false)
if [ -d build-tsan ]; then meson setup --reconfigure build-tsan "${tsan_args[@]}" >/dev/null
else meson setup build-tsan "${tsan_args[@]}" >/dev/null; fi &&
    ninja -C build-tsan tests/integration/threads/test_threads >/dev/null ||
    { echo "tsan build failed"; status=1; }
TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/tests/integration/threads/tsan.supp" \
    suite build-tsan "ThreadSanitizer" --no-rebuild --suite threads
suite build-ci "helgrind" --suite threads --wrap="valgrind --tool=helgrind -q --error-exitcode=99 \
--suppressions=$PWD/tests/integration/threads/helgrind.supp"

echo "=== static analysis ==="
if scripts/static.sh build-static; then echo "1 0" >>"$tally"; else echo "0 1" >>"$tally"; status=1; fi

echo "=== fuzz smoke ==="
if FUZZ_BUILD=build-fuzz scripts/fuzz.sh --smoke; then echo "1 0" >>"$tally"
else echo "0 1" >>"$tally"; status=1; fi

read -r p f < <(awk '{p+=$1; f+=$2} END {print p+0, f+0}' "$tally")
[ "$f" -eq 0 ] || status=1
echo "$p passed, $f failed"
exit $status
