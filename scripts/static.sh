#!/usr/bin/env bash
# Static analysis of the library and the CLI (src/, tools/), as CI runs it:
#   cppcheck (warning, portability, performance), clang-tidy with the committed
#   .clang-tidy checks, and clang's scan-build over a build of the library and the CLI.
# Each must report nothing; the script exits non-zero on the first finding set.
#     scripts/static.sh [WORKDIR]      (default: build-static)
set -uo pipefail
cd "$(dirname "$0")/.."
work=${1:-build-static}
status=0
mkdir -p "$work"

# One compile database, restricted to the code we ship (tests may do odd things on purpose).
if [ ! -f "$work/db/build.ninja" ]; then
    meson setup "$work/db" -Dtests=disabled -Dbench=false >/dev/null || exit 1
fi
ninja -C "$work/db" >/dev/null || exit 1
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
root = os.getcwd()
cc = json.load(open(os.path.join(work, "db", "compile_commands.json")))
keep = [c for c in cc
        if os.path.normpath(os.path.join(c["directory"], c["file"])).startswith(
            (os.path.join(root, "src") + os.sep, os.path.join(root, "tools") + os.sep))]
os.makedirs(os.path.join(work, "cc"), exist_ok=True)
json.dump(keep, open(os.path.join(work, "cc", "compile_commands.json"), "w"))
print(f"static: {len(keep)} translation units")
PY

echo "=== cppcheck ==="
cppcheck --project="$work/cc/compile_commands.json" --enable=warning,portability,performance \
    --inline-suppr --quiet --error-exitcode=3 -j"$(nproc)" \
    --suppress=missingIncludeSystem || { echo "cppcheck: findings above"; status=1; }

echo "=== clang-tidy (.clang-tidy) ==="
out=$(run-clang-tidy -p "$work/cc" -j"$(nproc)" -quiet "$PWD/(src|tools)/" 2>/dev/null)
findings=$(printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g' | grep -E '^/.*: (warning|error): ' | sort -u)
if [ -n "$findings" ]; then
    printf '%s\n' "$findings"
    echo "clang-tidy: $(printf '%s\n' "$findings" | wc -l) findings"
    status=1
fi

echo "=== scan-build ==="
rm -rf "$work/scan" "$work/scan-report"
CC=clang scan-build meson setup "$work/scan" -Dtests=disabled -Dbench=false >/dev/null || exit 1
scan-build -o "$work/scan-report" --status-bugs ninja -C "$work/scan" ||
    { echo "scan-build: findings (HTML report in $work/scan-report)"; status=1; }

[ $status -eq 0 ] && echo "static analysis: clean"
exit $status
