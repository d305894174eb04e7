#!/usr/bin/env bash
# run.sh - libtpm2lite vs tpm2-tss, side by side in one run: builds ours (release) and the
# peers (../shared/peers or $PEERS), starts a private swtpm on free loopback ports, runs
# W1 on both (alternating), the marshal twins, footprint and per-transport round trips,
# and writes the table to bench/RESULTS.md (also printed).
#
#   bench/run.sh [-n RUNS=5] [-o OUT=bench/RESULTS.md]
#
# Needs: meson ninja cc pkg-config valgrind /usr/bin/time (Debian "time") swtpm socat
# python3, libtss2-dev. Wall figures are noisy on a shared machine; instruction counts
# (callgrind, client process only) are the stable ones. Nothing here asserts a target.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
peers=${PEERS:-/work/shared/peers}
runs=5
out="$here/RESULTS.md"
while getopts n:o: o; do
    case $o in
    n) runs=$OPTARG ;;
    o) out=$OPTARG ;;
    *) echo "usage: $0 [-n runs] [-o out.md]" >&2; exit 2 ;;
    esac
done
for t in meson ninja cc pkg-config valgrind callgrind_annotate swtpm python3 size; do
    command -v "$t" >/dev/null || { echo "run.sh: $t not found" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d /tmp/tpm2lite-bench.XXXXXX)
swtpm_pid=
cleanup() {
    [ -n "$swtpm_pid" ] && kill "$swtpm_pid" 2>/dev/null && wait "$swtpm_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
log() { echo "run.sh: $*" >&2; }

# ---- build ours (release, function sections for the --gc-sections link) and the peers
b="$work/build"
log "building libtpm2lite (release) in $b"
meson setup "$b" "$root" --buildtype=release -Dc_args='-ffunction-sections -fdata-sections' \
    >"$work/meson.log" 2>&1 || { cat "$work/meson.log" >&2; exit 1; }
# bench_roundtrip spawns the mssim_server helper for its mssim_server row: build it too.
ninja -C "$b" bench/bench_w1 bench/bench_marshal bench/bench_roundtrip \
    bench/test_w1_allocs bench/bench_evp_floor src/libtpm2lite.a src/libtpm2lite.so.0.1.0 \
    tests/helpers/mssim_server >"$work/ninja.log" 2>&1 ||
    { tail -40 "$work/ninja.log" >&2; exit 1; }
log "building the peers"
cc -O2 -Wall -o "$work/esys_w1" "$peers/esys_w1.c" \
    $(pkg-config --cflags --libs tss2-esys tss2-tctildr tss2-rc)
cc -O2 -Wall -o "$work/mu_bench" "$peers/mu_bench.c" $(pkg-config --cflags --libs tss2-mu)
cc -O2 -fPIC -shared -o "$work/alloccount.so" "$here/alloccount.c"
cc -O2 -ffunction-sections -fdata-sections -I"$root/include" -o "$work/minimal" \
    "$here/minimal.c" -Wl,--gc-sections "$b/src/libtpm2lite.a" -lcrypto
ours="$b/bench/bench_w1"
theirs="$work/esys_w1"

# ---- private swtpm on a free pair of loopback ports
port=$(python3 - <<'PY'
import socket
for _ in range(200):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]
    t = socket.socket()
    try:
        t.bind(("127.0.0.1", p + 1)); print(p); break
    except OSError:
        pass
    finally:
        s.close(); t.close()
PY
)
mkdir -p "$work/state"
swtpm socket --tpm2 --tpmstate dir="$work/state" --flags not-need-init,startup-clear \
    --server type=tcp,port="$port",bindaddr=127.0.0.1 \
    --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 >"$work/swtpm.log" 2>&1 &
swtpm_pid=$!
for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
    sleep 0.05
done
tcti="swtpm:host=127.0.0.1,port=$port"
log "swtpm on $tcti"

# ---- sanity: both complete and verify
"$ours" -T "$tcti" >/dev/null
"$theirs" -T "$tcti" >/dev/null

# ---- wall time (alternating) and peak RSS
wall() { # prog -> seconds of one W1 run, peak RSS KB on fd 3
    /usr/bin/time -f '%e %M' -o "$work/time.out" "$1" -T "$tcti" >/dev/null
    cat "$work/time.out"
}
: >"$work/ours.wall"; : >"$work/theirs.wall"
for i in $(seq "$runs"); do
    log "wall run $i/$runs"
    wall "$ours" >>"$work/ours.wall"
    wall "$theirs" >>"$work/theirs.wall"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ours_wall=$(awk '{print $1}' "$work/ours.wall" | median)
theirs_wall=$(awk '{print $1}' "$work/theirs.wall" | median)
ours_rss=$(awk '{print $2}' "$work/ours.wall" | sort -n | tail -1)
theirs_rss=$(awk '{print $2}' "$work/theirs.wall" | sort -n | tail -1)

# ---- callgrind, client process only (swtpm runs outside valgrind)
ir_total() { awk '/^(summary|totals):/ {print $2; exit}' "$1"; }
log "callgrind W1 (ours)"
valgrind --tool=callgrind --callgrind-out-file="$work/cg.ours" "$ours" -T "$tcti" \
    >/dev/null 2>"$work/cg.ours.log"
log "callgrind W1 (ESAPI)"
valgrind --tool=callgrind --callgrind-out-file="$work/cg.theirs" "$theirs" -T "$tcti" \
    >/dev/null 2>"$work/cg.theirs.log"
ours_ir=$(ir_total "$work/cg.ours")
theirs_ir=$(ir_total "$work/cg.theirs")
callgrind_annotate --inclusive=no "$work/cg.ours" 2>/dev/null |
    grep -E '^ *[0-9,]+ ' | head -12 >"$work/top.ours" || true
callgrind_annotate --inclusive=no "$work/cg.theirs" 2>/dev/null |
    grep -E '^ *[0-9,]+ ' | head -12 >"$work/top.theirs" || true

# ---- heap allocations: whole W1 process with one LD_PRELOAD counter for both; ours'
# command loops from the counting test
ALLOCCOUNT_OUT="$work/a.ours" LD_PRELOAD="$work/alloccount.so" "$ours" -T "$tcti" >/dev/null
ALLOCCOUNT_OUT="$work/a.theirs" LD_PRELOAD="$work/alloccount.so" "$theirs" -T "$tcti" >/dev/null
ours_allocs=$(cat "$work/a.ours"); theirs_allocs=$(cat "$work/a.theirs")
"$b/bench/test_w1_allocs" >"$work/allocs.log" 2>&1 || true
# lines: "# allocs (d) getrandom x n (enc)   160 (digest inits 160, allocations outside them 0)"
loop_allocs=$(awk '/^# allocs \((d|e)\)|^# allocs \(f\) unseal/ {
        sub(/^# allocs /, ""); i = match($0, / +[0-9]+ \(digest inits/)
        name = substr($0, 1, i - 1); rest = substr($0, i); gsub(/[^0-9 ]/, "", rest)
        split(rest, v, " ")
        printf "%s%s: %s (%s inside EVP_DigestInit_ex2, %s elsewhere)", s, name, v[1], v[1] - v[3], v[3]
        s = "; " }' "$work/allocs.log")
"$b/bench/bench_evp_floor" >"$work/evp_floor.out" 2>&1 || true

# ---- marshal twins under callgrind: inclusive Ir of the loop functions / N
N=100000
log "callgrind marshal twins"
valgrind --tool=callgrind --callgrind-out-file="$work/cg.m.ours" "$b/bench/bench_marshal" $N 1 \
    >/dev/null 2>&1
valgrind --tool=callgrind --callgrind-out-file="$work/cg.m.theirs" "$work/mu_bench" $N 1 \
    >/dev/null 2>&1
loop_ir() { # file fn -> Ir per op
    callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
        awk -v fn="$2" -v n=$N '$0 ~ ("[ :]" fn " ") || $0 ~ ("[ :]" fn "$") {
            gsub(",", "", $1); printf "%.0f", $1 / n; exit }'
}

# ---- footprint
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "1/%.1f", b / a; else print "-" }'; }
commas() { echo "$1" | awk '/^[0-9]+$/ { s = $0; o = ""; while (length(s) > 3) {
    o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }; print s o; next } { print }'; }
text_of() { size -A "$1" | awk '$1 == ".text" {print $2}'; }
ours_text=$(text_of "$(readlink -f "$b/src/libtpm2lite.so")")
tss_text=0
for l in esys sys mu tctildr tcti-swtpm; do
    f=$(readlink -f "/usr/lib/$(gcc -print-multiarch)/libtss2-$l.so")
    tss_text=$((tss_text + $(text_of "$f")))
done
min_text=$(text_of "$work/minimal")
# the same library at other levels, for the footprint only: small_text=false is every
# layer at the build's level (the build before the size work)
other_text=""
for cfg in "3 false" "2 false" "2 true" "s false"; do
    set -- $cfg
    d="$work/b$1$2"
    meson setup "$d" "$root" --buildtype=release -Doptimization="$1" -Dsmall_text="$2" \
        -Dtests=disabled -Dbench=false >/dev/null 2>&1 && ninja -C "$d" src/libtpm2lite.so.0.1.0 \
        >/dev/null 2>&1 || continue
    other_text="$other_text${other_text:+, }-O$1 small_text=$2 $(commas "$(text_of "$d/src/libtpm2lite.so.0.1.0")")"
done

# ---- GetRandom(8) round trip per transport
log "round trips"
"$b/bench/bench_roundtrip" 500 >"$work/rt.out" 2>"$work/rt.err" || true

layers=""
for l in marshal tcti crypto session command file; do
    t=0
    for o in $(find "$b/src" \( -path '*libtpm2lite.so*.p/*' -o -path '*libtpm2lite_marshal.a.p/*' \) \
        -name "${l}_*.o"); do
        t=$((t + $(size -A "$o" | awk '$1 ~ /^\.text/ {s += $2} END {print s + 0}')))
    done
    layers="$layers${layers:+, }$l $(commas $t)"
done
{
    echo "# libtpm2lite vs tpm2-tss: benchmark results"
    echo
    echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores," \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //');" \
        "$(uname -sr); OpenSSL $(openssl version | awk '{print $2}');" \
        "load average (1/5/15 min) at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg);" \
        "tpm2-tss $(pkg-config --modversion tss2-esys). TPM: swtpm over TCP on loopback."
    echo "W1 = ../shared/peers/esys_w1.c's workload (200 GetRandom enc, 200 PCR_Read, 50 policy"
    echo "Unseal); ours is bench/w1.c. Wall: median of $runs runs each, alternating; the machine was"
    echo "shared with other builds/tests, so wall times are noisy. Instructions: callgrind, client only."
    echo
    echo "| measure | libtpm2lite | tpm2-tss | ours/theirs | target |"
    echo "|---|---:|---:|---:|---|"
    echo "| W1 client instructions (callgrind) | $(commas "$ours_ir") | $(commas "$theirs_ir") | $(ratio "$ours_ir" "$theirs_ir") | <= 1/20 |"
    echo "| W1 wall time, median of $runs (s) | $ours_wall | $theirs_wall | $(ratio "$ours_wall" "$theirs_wall") | <= 1/4 |"
    echo "| W1 peak RSS (KB, max of $runs) | $ours_rss | $theirs_rss | $(ratio "$ours_rss" "$theirs_rss") | |"
    echo "| W1 heap allocations, whole process (LD_PRELOAD counter) | $(commas "$ours_allocs") | $(commas "$theirs_allocs") | $(ratio "$ours_allocs" "$theirs_allocs") | |"
    for f in tpmt_public tpm2b_public attest; do
        a=$(loop_ir "$work/cg.m.ours" "loop_$f"); t=$(loop_ir "$work/cg.m.theirs" "loop_$f")
        echo "| marshal+unmarshal $f, instructions/op | $a | $t | $(ratio "$a" "$t") | <= 1/5 |"
    done
    echo "| .text: libtpm2lite.so vs libtss2-esys+sys+mu+tctildr+tcti-swtpm (bytes) | $(commas "$ours_text") | $(commas "$tss_text") | $(ratio "$ours_text" "$tss_text") | <= 150 KB |"
    echo "| .text: minimal static link (bench/minimal.c, --gc-sections; libcrypto shared) | $(commas "$min_text") | | | |"
    echo
    echo "libtpm2lite.so .text above is the meson release build: -O3 for the marshal layer (the hot"
    echo "path), -Os for the rest (meson option small_text, default true; it only applies at -O2/-O3)."
    echo "Other configurations: ${other_text:-n/a}."
    echo ".text of the library's object files by layer (bytes, before linking): $layers."
    echo
    echo "Heap allocations in ours' command loops (test bench_w1_allocs: second W1 run on one"
    echo "context, 20 GetRandom / 20 PCR_Read / 5 policy+Unseal rounds): ${loop_allocs:-n/a}."
    echo "The per-command digests (cpHash, rpHash, HMACs, KDFa blocks) do not go through"
    echo "EVP_DigestInit_ex2, which in OpenSSL 3.0 allocates the provider digest state on every"
    echo "init (evp_md_init_internal() frees ctx->algctx and calls the provider's newctx, even on"
    echo "a reused EVP_MD_CTX with the same EVP_MD; fixed only in 3.1, openssl PR #18105):"
    echo "src/crypto/pdigest.c runs them on the EVP_MD's own provider functions with states"
    echo "parked in the tpm2l_crypto (EVP stays the fallback). The EVP floor, for reference,"
    echo "bench/evp_floor.c, allocations per call once warm:"
    echo
    echo '```'
    cat "$work/evp_floor.out"
    echo '```'
    echo
    echo "Notes: PolicyPCR is sent with the pcrDigest computed from phase (e)'s PCR values (ESAPI"
    echo "sends it empty; the TPM checks the same current values; an empty one would make our"
    echo "wrapper add a PolicyGetDigest per round). Both W1 runs use the same swtpm; its RSA-2048"
    echo "primary generation dominates ours' wall time. The tpm2-tss .text figure is the sum of"
    echo "'size -A' .text sections of the five installed shared objects."
    echo
    echo "GetRandom(8) round trip per transport (libtpm2lite, 500 calls, microseconds):"
    echo
    echo "| transport | median us | mean us |"
    echo "|---|---:|---:|"
    awk '{ $1 = $1; k = $1; $1 = ""; sub(/^ /, ""); split($0, v, " "); printf "| %s | %s | %s |\n", k, v[1], substr($0, length(v[1]) + 2) }' "$work/rt.out"
    echo
    echo "Top self-cost symbols in W1 (callgrind_annotate, Ir), ours:"
    echo
    echo '```'
    cat "$work/top.ours"
    echo '```'
    echo
    echo "ESAPI:"
    echo
    echo '```'
    cat "$work/top.theirs"
    echo '```'
} >"$out"
cat "$out"
