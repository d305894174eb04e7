#!/usr/bin/env python3
"""check_globals.py OBJDUMP LIB.a... - no writable global or static data in the library:
every data object must live in .rodata or .data.rel.ro (const tables; the latter is
read-only after relocation), except the allow-list below. Writable data (.data, .bss,
COMMON, thread-local) would be state shared between contexts and threads.
"""
import re
import subprocess
import sys

# (object file, symbol): why it may be writable.
ALLOWED = {
    ("tcti_libtpms.c.o", "owner"):
        "libtpms keeps its one TPM in process-wide globals of its own; this _Atomic "
        "pointer says which transport holds it (a second open is TPM2L_E_IN_USE)",
}

READ_ONLY = re.compile(r"^\.(rodata|data\.rel\.ro)(\.|$)")


def main() -> int:
    objdump, libs = sys.argv[1], sys.argv[2:]
    found, used = [], set()
    for lib in libs:
        out = subprocess.run([objdump, "-t", lib], check=True, capture_output=True,
                             text=True).stdout
        obj = "?"
        for line in out.splitlines():
            m = re.match(r"^(\S+\.o):\s+file format", line)
            if m:
                obj = m.group(1)
                continue
            parts = line.split()
            # "<addr> <flags...> <section> <size> <name>": objects only ("O" flag)
            if len(parts) < 5 or " O " not in line:
                continue
            section, name = parts[-3], parts[-1]
            if READ_ONLY.match(section):
                continue
            key = (obj, name)
            if key in ALLOWED:
                used.add(key)
            else:
                found.append(f"{lib}: {obj}: {name} in {section}")
    for f in found:
        print("writable data (global mutable state):", f)
    for k in ALLOWED:
        if k not in used:
            print("allow-list entry matches nothing (remove it):", k)
    return 1 if found or len(used) != len(ALLOWED) else 0


if __name__ == "__main__":
    sys.exit(main())
