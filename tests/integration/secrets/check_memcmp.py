#!/usr/bin/env python3
"""check_memcmp.py SRC_DIR - no memcmp/bcmp in the library outside an explicit
allow-list of comparisons on PUBLIC data (format markers, public templates).

MACs, names, digests, auth values and policy digests must go through tpm2l_ct_equal /
tpm2l_name_equal (constant time, see test_ct_used.c). A new memcmp in src/ fails this
test until it is either turned into tpm2l_ct_equal or added below with a reason; an
allow-list entry that no longer matches anything fails too, so the list stays true.
"""
import pathlib
import re
import sys

# (file, text the line contains): why a plain compare is fine there.
ALLOWED = {
    ("crypto/ct.c", "CRYPTO_memcmp(a, b, n)"): "the constant-time compare itself",
    ("file/pem.c", "memcmp(hay + i, needle, n)"): "finding PEM armour text (public)",
    ("file/pem.c", "memcmp(in + e, end, el)"): "PEM END line (public)",
    ("file/pem.c", "memcmp(in + e, end, len - e)"): "PEM END line, truncated (public)",
    ("file/tpmkey.c", "memcmp(o.buf, oid_prefix"): "TSS2 key file OID (public)",
    ("file/ctxfile.c", 'memcmp(blob.buf, "\\0\\0\\0\\0", 4)'): "context blob format marker",
    ("tcti/replay.c", "memcmp(cmd, rc_cmd.bytes, len)"):
        "replay transport: the command against the recording (the wire image, and a "
        "mismatch ends the replay; a test tool, not an authenticity check)",
    ("command/session_file.c", "memcmp(warn, OURS_WARNING"): "session file warning text",
    ("command/session_file.c", "memcmp(buf, OURS_MAGIC, ml)"): "session file magic",
    ("command/session_file.c", "memcmp(buf, OURS_PREFIX, pl)"): "session file magic",
    ("command/auth_string.c", 'memcmp(s, "hex:", 4)'): "auth string prefix, not the secret",
    ("command/auth_string.c", 'memcmp(s, "str:", 4)'): "auth string prefix, not the secret",
    ("command/auth_string.c", 'memcmp(s, "hmac:", 5)'): "auth string prefix, not the secret",
    ("command/ek.c", "memcmp(a, b, an)"):
        "EK public area / template against the TCG catalogue (public constants)",
    ("command/ek.c", "!memcmp(ek->authPolicy.buffer, a.buffer"):
        "EK policy against the catalogue's PolicyA/B (public constants, classification)",
    ("command/ek.c", "!memcmp(ek->authPolicy.buffer, b.buffer"):
        "EK policy against the catalogue's PolicyA/B (public constants, classification)",
    ("command/hierarchy.c", "memcmp(a, b, na)"):
        "CreatePrimary outPublic against the requested template (public areas)",
    ("command/object_create.c", "memcmp(a, b, na)"):
        "Create outPublic against the requested template (public areas)",
}

# strncmp/strcmp are left out: they compare text (config keys, prefixes), never a MAC.
PATTERN = re.compile(r"\b(memcmp|bcmp|CRYPTO_memcmp)\s*\(")


def main() -> int:
    src = pathlib.Path(sys.argv[1])
    used = set()
    bad = []
    for path in sorted(src.rglob("*.c")):
        rel = path.relative_to(src).as_posix()
        for no, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            code = line.split("//")[0]
            if not PATTERN.search(code) or code.lstrip().startswith(("/*", "*")):
                continue
            hits = [k for k in ALLOWED if k[0] == rel and k[1] in line]
            if hits:
                used.update(hits)
            else:
                bad.append(f"src/{rel}:{no}: {line.strip()}")
    for b in bad:
        print("not allowed (use tpm2l_ct_equal, or allow-list it with a reason):", b)
    stale = [k for k in ALLOWED if k not in used]
    for k in stale:
        print("allow-list entry matches nothing (remove it):", k)
    return 1 if bad or stale else 0


if __name__ == "__main__":
    sys.exit(main())
