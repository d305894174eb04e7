#!/usr/bin/env python3
"""make_seeds.py - write tests/fuzz/seeds/<target>/ from material the repo already has.

Responses come from the recorded corpora (tests/corpus/*.corpus, real swtpm traffic);
file formats from the byte-for-byte fixtures the unit tests keep (tpm2-tools session and
context files, a tpm2-openssl key) plus files in our own format built here by the
documented layout. Seeds are named by content hash, so re-running is idempotent and
only adds. Run from anywhere: python3 tests/fuzz/make_seeds.py
"""
import base64, glob, hashlib, os, re, struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def seed(target, data):
    d = os.path.join(HERE, 'seeds', target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), 'wb') as f:
        f.write(data)


def corpus_exchanges(path):
    """(command, response) byte pairs of a corpus file (format in corpus.h)."""
    msgs, cur = [], None
    for line in open(path):
        line = line.rstrip('\r\n')
        if line.startswith('> ') or line.startswith('< '):
            cur = [line[0], '']
            msgs.append(cur)
            line = line[2:]
        elif not line.startswith(' '):
            cur = None
            continue
        if cur is not None:
            cur[1] += line.split('#', 1)[0].replace(' ', '')
    out = []
    for i in range(0, len(msgs) - 1, 2):
        if msgs[i][0] == '>' and msgs[i + 1][0] == '<':
            out.append((bytes.fromhex(msgs[i][1]), bytes.fromhex(msgs[i + 1][1])))
    return out


# fuzz_cmds.c's table order, by command code (keep in step with it).
CMDS = [0x17B, 0x15E, 0x14E, 0x153, 0x131, 0x157, 0x173, 0x169, 0x17E, 0x17A, 0x162, 0x161,
        0x181, 0x17C, 0x150, 0x158, 0x148, 0x14C, 0x15D, 0x14D, 0x159, 0x163, 0x193, 0x155,
        0x17D, 0x189, 0x151, 0x147, 0x184, 0x14B, 0x156, 0x167, 0x176, 0x120, 0x12A,
        0x17A, 0x168, 0x174, 0x154, 0x186, 0x13E, 0x14A, 0x177, 0x160, 0x152, 0x176]


# Authorised handles and response handles per command, in that same order.
N_AUTHS = [0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 1, 2, 1, 0, 1, 1, 0, 0, 1, 2,
           2, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0]
RSP_HANDLES = [0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]


def c_array(path, name):
    text = open(path).read()
    m = re.search(r'\b%s\[[^\]]*\]\s*=\s*\{(.*?)\};' % re.escape(name), text, re.S)
    return bytes(int(x, 16) for x in re.findall(r'0x([0-9a-fA-F]{2})', m.group(1)))


def c_string(path, name):
    text = open(path).read()
    m = re.search(r'\b%s\[\]\s*=\s*(.*?);' % re.escape(name), text, re.S)
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
    return ''.join(parts).encode().decode('unicode_escape').encode()


def responses():
    seen = set()
    for path in sorted(glob.glob(os.path.join(ROOT, 'tests', 'corpus', '*.corpus'))):
        for cmd, rsp in corpus_exchanges(path):
            cc = struct.unpack('>I', cmd[6:10])[0]
            if (cc, rsp) in seen:
                continue
            seen.add((cc, rsp))
            yield cc, cmd, rsp


def main():
    sizes = set()
    for cc, cmd, rsp in responses():
        # transports: framing, not content, matters: one response per size class
        if len(rsp).bit_length() not in sizes:
            sizes.add(len(rsp).bit_length())
            seed('tcti', bytes([0, 0, 0]) + rsp)
            seed('tcti', bytes([1, 0, 0]) + struct.pack('>I', len(rsp)) + rsp + b'\0' * 4)
            seed('tcti', bytes([2, 0, 1]) + rsp + rsp)
            seed('tcti', bytes([3, 0, 0]) + rsp)
            seed('tcti', bytes([0, 2, 0]) + rsp)
        if cc in CMDS:
            i = CMDS.index(cc)
            seed('response', bytes([i, 0]) + rsp)
            seed('response', bytes([i, 1]) + rsp[10:])
        if cc == 0x17A and len(rsp) > 11 and rsp[:2] == b'\x80\x01':
            seed('unmarshal', bytes([unmarshal_index('TPMS_CAPABILITY_DATA')]) + rsp[11:])
        if cc in (0x173, 0x131) and len(rsp) > 14:
            body = rsp[10:] if cc == 0x173 else rsp[18:]
            seed('unmarshal', bytes([unmarshal_index('TPM2B_PUBLIC')]) + body)
        if cc == 0x17E and rsp[:2] == b'\x80\x01':
            seed('unmarshal', bytes([unmarshal_index('TPML_PCR_SELECTION')]) + rsp[14:])
        if cc == 0x162 and rsp[:2] == b'\x80\x01' and len(rsp) > 10:
            seed('unmarshal', bytes([unmarshal_index('TPMS_CONTEXT')]) + rsp[10:])
    # sessions: the recorded parameters of each command (so the HMACs the harness
    # computes cover real ones), 1..3 sessions, AES-128/256 and XOR, SHA-1..SHA-512
    params = {}
    for cc, cmd, rsp in responses():
        if cc in CMDS and len(rsp) > 10 and struct.unpack('>I', rsp[6:10])[0] == 0:
            i = CMDS.index(cc)
            at = 10 + 4 * RSP_HANDLES[i]
            body = rsp[at:]
            if rsp[:2] == b'\x80\x02':
                body = body[4:4 + struct.unpack('>I', body[:4])[0]]
            params.setdefault(i, set()).add((rsp[10:at], body))
    for i in range(len(CMDS)):
        choices = params.get(i, {(b'\x80\x00\x00\x01' * RSP_HANDLES[i],
                                  b'\x00\x10' + bytes(range(16)))})
        for handles, body in sorted(choices)[:3]:
            for cfg in (0x04 | 0x40, 0x05 | 0x80, 0x16 | 0xC0, 0x02, 0x0b | 0x40, 0x2e | 0x40):
                n = min((cfg & 3) + 1, 3, N_AUTHS[i] + 2)
                lens = bytes([16, 32, 48][:n])
                seed('sessions', bytes([i, cfg, 0x00]) + lens + handles + body)
    seed('sessions', bytes([0, 0x45, 0x48, 16]) + b'\x00\x04abcd')
    seed('sessions', bytes([1, 0x46, 0x70, 32, 32, 32, 1, 1, 1]) + b'\x00\x04abcd')
    for s in [b'swtpm:host=127.0.0.1,port=2321', b'mssim:path=/tmp/x,poweron=1',
              b'device:/dev/tpmrm0', b'cmd:socat - TCP:127.0.0.1:2321', b'libtpms:mem',
              b'libtpms:dir=/tmp/s,startup=state', b'libtss2-tcti-swtpm.so.0:host=localhost',
              b'swtpm:path=/tmp/s,ctrl=/tmp/s.ctrl', b'tabrmd', b'mssim']:
        seed('config', s)
    for s in [b'secret', b'str:hmac:x', b'hex:0102ff', b'hex:', b'session:/tmp/s+pw',
              b'pcr:sha256:0,1,2=/tmp/p', b'file:a\0hex:00ff\0\0', b'file:a\0file:b\0str:x\0',
              b'file:a\0file:a\0\0', b'hmac:x', b'pcr:sha1:all+sha256:16']:
        seed('authstr', s)
    for s in [b'sha256:0,1,2,16+sha1:all\x0016:sha256=' + b'ab' * 32 + b',sha1=' + b'cd' * 20 +
              b'\x00sha256:all', b'0xb:0x10\x000:sha1=' + b'00' * 20 + b'\x00sha384:1',
              b'SHA3_256:23,31\x00\x00sha1', b'sha512\x00x\x00sha256:0,24']:
        seed('pcrspec', s)
    for path in sorted(glob.glob(os.path.join(ROOT, 'tests', 'corpus', '*.corpus'))):
        if os.path.getsize(path) < 8192:
            seed('corpus', open(path, 'rb').read())
    fixtures = os.path.join(ROOT, 'tests', 'unit', 'sessionfile', 'fixtures.h')
    for name in ('tools_s_pol', 'tools_s_salt', 'tools_s_bind2'):
        seed('sessionfile', c_array(fixtures, name))
    for ours in our_session_files():
        seed('sessionfile', ours)
    vectors = os.path.join(ROOT, 'tests', 'unit', 'file', 'vectors.h')
    ctx = c_array(vectors, 'tools_ctx')
    seed('ctxfile', ctx)
    # the plain form of the same context: the TPM's blob unwrapped from IESYS_CONTEXT_DATA
    blob_len = struct.unpack('>H', ctx[30:32])[0]
    blob = ctx[32:32 + blob_len]
    seed('ctxfile', ctx[:24] + struct.pack('>H', len(blob)) + blob)
    pem = c_string(vectors, 'tpm2_openssl_key_pem')
    seed('tpmkey', pem)
    body = b''.join(l for l in pem.splitlines() if not l.startswith(b'-----'))
    seed('tpmkey', base64.b64decode(body))
    seed('tpmkey', c_string(vectors, 'tpm2_openssl_key_pub_pem'))
    seed('unmarshal', bytes([unmarshal_index('TPM2B_PUBLIC')]) + base64.b64decode(body)[27:27 + 0x58])


def unmarshal_index(t):
    src = open(os.path.join(HERE, 'fuzz_unmarshal.c')).read()
    unions = re.findall(r'^    U\((\w+),', src, re.M)
    plain = re.findall(r'^    X\((\w+)\)', src, re.M)
    return (unions + plain).index(t)


def tpm2b(b):
    return struct.pack('>H', len(b)) + b


def our_session_files():
    """libtpm2lite's session format (sessionfile.h): an HMAC and a policy session."""
    out = []
    for handle, typ, sym, flags in ((0x02000000, 0, b'\x00\x06\x00\x80\x00\x43', 0x05),
                                    (0x03000001, 1, b'\x00\x10', 0x08),
                                    (0x02000002, 0, b'\x00\x0a\x00\x0b', 0x04)):
        f = b'tpm2lite session file v1\n'
        f += b"# SECRET: holds this session's sessionKey in clear; keep it private (mode 0600).\n"
        f += struct.pack('>IIQ', handle, 0x40000007, 5) + tpm2b(bytes(range(64)))
        f += bytes([typ]) + b'\x00\x0b' + sym + bytes([0x01, flags])
        key = bytes(range(32)) if flags & 4 else b''
        f += tpm2b(key) + tpm2b(b'\x11' * 32) + tpm2b(b'\x22' * 32) + tpm2b(b'') + tpm2b(b'')
        f += tpm2b(b'\0' * 32) + tpm2b(b'')
        out.append(f)
    return out


if __name__ == '__main__':
    main()
