#!/usr/bin/env bash
# Re-record tests/corpus/*.corpus from a private swtpm, one fresh TPM per scenario.
# Run it when the library's bytes change on purpose, then review `git diff tests/corpus`.
#
#     tests/corpus/record.sh [BUILD_DIR] [SCENARIO...]
#
# BUILD_DIR defaults to ./build (configured with meson); no scenario = all of them.
# The swtpm runs on loopback on free ports in a temp dir and is stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
shift || true
ninja -C "$build" tests/unit/corpus/record_corpus >/dev/null
recorder="$build/tests/unit/corpus/record_corpus"
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
    mapfile -t scenarios < <(sed -n 's/^    { "\([a-z_]*\)", .*/\1/p' tests/corpus/scenarios.c)
fi
tpm_desc="$(swtpm --version 2>&1 | head -n1); $(dpkg-query -W -f='libtpms ${Version}' libtpms0 2>/dev/null || true)"

work=$(mktemp -d)
swtpm_pid=""
cleanup() {
    if [ -n "$swtpm_pid" ]; then kill "$swtpm_pid" 2>/dev/null || true; wait "$swtpm_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

free_port_pair() { # a port P with P and P+1 both free on loopback
    python3 - <<'PY'
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
}

for sc in "${scenarios[@]}"; do
    state="$work/$sc"
    mkdir -p "$state"
    port=$(free_port_pair)
    # No startup-clear: every scenario sends its own Startup.
    swtpm socket --tpm2 --tpmstate dir="$state" --flags not-need-init \
        --server type=tcp,port="$port",bindaddr=127.0.0.1 \
        --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 &
    swtpm_pid=$!
    for _ in $(seq 100); do
        (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
        sleep 0.05
    done
    "$recorder" "swtpm:host=127.0.0.1,port=$port" tests/corpus "$tpm_desc" "$sc"
    kill "$swtpm_pid"; wait "$swtpm_pid" 2>/dev/null || true
    swtpm_pid=""
done
