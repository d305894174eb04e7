#!/usr/bin/env bash
# Build and run the libFuzzer targets of tests/fuzz/ (docs/FUZZING.md).
#
#   scripts/fuzz.sh [TARGET...] [--smoke | --long SECONDS | --runs N] [-- LIBFUZZER ARGS]
#
# TARGET is a name from tests/fuzz/meson.build (unmarshal, response, sessions, tcti,
# config, authstr, pcrspec, sessionfile, ctxfile, tpmkey, corpus); none means all.
#   --smoke        each target for a few seconds from its seeds (CI: cheap, catches a
#                  target that crashes on its own seeds or right after)
#   --long S       each target for S seconds, keeping new inputs in
#                  $FUZZ_WORK/corpus/<target> (default /tmp/tpm2lite-fuzz)
#   --runs N       each target for N executions
# Seeds and regressions are read from tests/fuzz/{seeds,regressions}/<target>; new
# crashes land in $FUZZ_WORK/crashes/<target>/. Exit status is non-zero if any target
# found a crash. The build directory is $FUZZ_BUILD (default build-fuzz), configured
# with clang and -Dfuzz=true. Runs under nice -n 19: the fuzzers are CPU hogs.
set -uo pipefail
cd "$(dirname "$0")/.."
all=(unmarshal response sessions tcti config authstr pcrspec sessionfile ctxfile tpmkey corpus)
mode=smoke seconds=${FUZZ_SMOKE_SECONDS:-5} runs=0 targets=() extra=()
while [ $# -gt 0 ]; do
    case $1 in
    --smoke) mode=smoke; seconds=${FUZZ_SMOKE_SECONDS:-5} ;;
    --long) mode=long; seconds=${2:?--long needs SECONDS}; shift ;;
    --runs) mode=runs; runs=${2:?--runs needs N}; shift ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1") ;;
    esac
    shift
done
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

build=${FUZZ_BUILD:-build-fuzz}
work=${FUZZ_WORK:-/tmp/tpm2lite-fuzz}
if [ ! -d "$build" ]; then
    CC=clang meson setup "$build" -Dfuzz=true -Dbench=false -Dbuildtype=debugoptimized \
        >/dev/null || exit 1
fi
ninja -C "$build" $(printf 'tests/fuzz/fuzz_%s ' "${targets[@]}") >/dev/null || exit 1

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
status=0
for t in "${targets[@]}"; do
    bin=$build/tests/fuzz/fuzz_$t
    seeds=tests/fuzz/seeds/$t regs=tests/fuzz/regressions/$t
    # Binary targets get the TPM wire values, string and DER/PEM targets the keywords.
    case $t in
    config|authstr|pcrspec|corpus|tpmkey) dict=(-dict=tests/fuzz/text.dict) ;;
    *) dict=(-dict=tests/fuzz/tpm.dict) ;;
    esac
    mkdir -p "$work/crashes/$t" "$work/corpus/$t"
    case $mode in
    smoke) limit=(-max_total_time="$seconds"); corpus=("$(mktemp -d)") ;;
    long) limit=(-max_total_time="$seconds"); corpus=("$work/corpus/$t") ;;
    runs) limit=(-runs="$runs"); corpus=("$work/corpus/$t") ;;
    esac
    echo "=== fuzz_$t ($mode) ==="
    # The first corpus directory receives new inputs; the committed ones are read-only.
    nice -n 19 "$bin" "${corpus[@]}" "$seeds" "$regs" "${dict[@]}" "${limit[@]}" \
        -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$work/crashes/$t/" "${extra[@]}" 2>&1 |
        grep -E '^(#[0-9]+[[:space:]]+(DONE|INITED)|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written|.*Done [0-9]+ runs)' 
    rc=${PIPESTATUS[0]}
    [ "$mode" = smoke ] && rm -rf "${corpus[0]}"
    if [ "$rc" -ne 0 ]; then
        echo "fuzz_$t: FAILED (exit $rc); inputs in $work/crashes/$t/"
        status=1
    fi
done
exit $status
