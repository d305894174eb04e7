/* nv_io.c - tpm2lite nvwrite, nvread, nvincrement, nvextend, nvsetbits, nvwritelock
 * and nvreadlock: the commands that use an index under its authorisation (o, p or
 * the index's own, by any -P form).
 *
 * Data moves in chunks of the TPM's TPM2_PT_NV_BUFFER_MAX. The first successful write
 * sets TPMA_NV_WRITTEN and so changes the index's name: every later chunk must name
 * it anew (nv_op_written), or an HMAC session's cpHash is wrong. Must never leave the
 * data read (it may be a secret) or an authorisation unwiped.
 */
#include <string.h>

#include "tools/tpm2lite/nv.h"

#define NV_AUTH_HELP                                                                          \
    "  -C, --hierarchy H   who authorises: o, p or the index (default: the index)\n"       \
    "  -P, --auth A        its authorization: plain, str:, hex:, file:,\n"                 \
    "                      session:FILE[+AUTH] (an HMAC or policy session file) or\n"      \
    "                      pcr:SPEC[=FILE]\n"                                              \
    "  -T, --tcti S        the TPM to use (see tpm2lite --help)\n"

const char help_nvwrite[] =
    "Usage: tpm2lite nvwrite [-C o|p|INDEX] [-P AUTH] [-i FILE] [--offset N] INDEX\n"
    "\n"
    "TPM2_NV_Write of FILE (default: standard input) at offset N, in chunks of the TPM's\n"
    "NV buffer size. A policy session authorises one command, so with a policy write at\n"
    "most one NV buffer per run.\n"
    "\n"
    "  -i, --input F       the data (- for standard input)\n"
    "      --offset N      where in the index to write (default 0)\n" NV_AUTH_HELP;

const char help_nvread[] =
    "Usage: tpm2lite nvread [-C o|p|INDEX] [-P AUTH] [-s SIZE] [--offset N] [-o FILE] INDEX\n"
    "\n"
    "TPM2_NV_Read of SIZE bytes (default: to the end of the index) from offset N, raw, to\n"
    "standard output or FILE, in chunks of the TPM's NV buffer size (with a policy\n"
    "session, at most one NV buffer per run).\n"
    "\n"
    "  -s, --size N        how many bytes\n"
    "      --offset N      where in the index to start (default 0)\n"
    "  -o, --output F      write the data to F\n" NV_AUTH_HELP;

const char help_nvincrement[] =
    "Usage: tpm2lite nvincrement [-C o|p|INDEX] [-P AUTH] INDEX\n"
    "\n"
    "TPM2_NV_Increment: add one to a counter index (nt=counter).\n"
    "\n" NV_AUTH_HELP;

const char help_nvextend[] =
    "Usage: tpm2lite nvextend [-C o|p|INDEX] [-P AUTH] -i FILE INDEX\n"
    "\n"
    "TPM2_NV_Extend: an extend index (nt=extend) becomes H(old || data).\n"
    "\n"
    "  -i, --input F       the data (- for standard input)\n" NV_AUTH_HELP;

const char help_nvsetbits[] =
    "Usage: tpm2lite nvsetbits [-C o|p|INDEX] [-P AUTH] -i BITS INDEX\n"
    "\n"
    "TPM2_NV_SetBits: OR the 64-bit number BITS into a bit-field index (nt=bits).\n"
    "\n"
    "  -i, --bits N        the bits (decimal or 0x hex)\n" NV_AUTH_HELP;

const char help_nvwritelock[] =
    "Usage: tpm2lite nvwritelock [-C o|p|INDEX] [-P AUTH] INDEX\n"
    "\n"
    "TPM2_NV_WriteLock: refuse writes until the next TPM restart (write_stclear) or for\n"
    "good (writedefine).\n"
    "\n" NV_AUTH_HELP;

const char help_nvreadlock[] =
    "Usage: tpm2lite nvreadlock [-C o|p|INDEX] [-P AUTH] INDEX\n"
    "\n"
    "TPM2_NV_ReadLock: refuse reads until the next TPM restart (read_stclear).\n"
    "\n" NV_AUTH_HELP;

const char help_nvchangeauth[] =
    "Usage: tpm2lite nvchangeauth -c INDEX -p AUTH NEWAUTH\n"
    "\n"
    "TPM2_NV_ChangeAuth: give INDEX the authorization value NEWAUTH (plain, str:, hex:,\n"
    "file:). It needs the index's ADMIN role, which for an NV index is always its policy\n"
    "(Part 3 §31.12): -p is a policy session, session:FILE, whose policy includes\n"
    "PolicyCommandCode(NV_ChangeAuth).\n"
    "\n"
    "  -c, --object-context X  the index\n"
    "  -p, --object-auth A     session:FILE[+AUTH] or pcr:SPEC\n"
    "  -T, --tcti S            the TPM to use (see tpm2lite --help)\n";

/* A policy session is spent by the command it authorises (the TPM resets its
 * policyDigest after a successful use with continueSession), so it can authorise one
 * chunk only: say so before the first chunk rather than fail at the second, with part
 * of the data written. */
static int one_policy_chunk(cli *c, const nv_op *op, size_t n, uint16_t max, const char *what)
{
    if (!op->au.live || op->au.sess.type != TPM2_SE_POLICY || n <= max)
        return CLI_OK;
    return cli_error(c, "a policy session authorises one %s of at most %u bytes (the TPM's NV "
                     "buffer), not %zu: split it with --offset",
                     what, (unsigned)max, n);
}

/* An index holds at most a UINT16 of data (TPMS_NV_PUBLIC.dataSize). */
static uint8_t data[UINT16_MAX];

/* Options 1 (-C) and 2 (-P) are every command's; the rest go into v[]. Exactly one
 * positional: the index. Returns 0 to go on, CLI_USAGE, or HELPED after --help (whose
 * exit status is CLI_OK, which must not read as "go on"). */
#define HELPED (-1)
#define PARSE_EXIT(s) ((s) == HELPED ? CLI_OK : (s))
static int parse(cli *c, int argc, char **argv, const cli_opt *opts, const char **v, int nv,
                 nv_op *op)
{
    const char *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        if (o < nv)
            v[o] = arg;
    if (o < 0)
        return cli_args_exit(o) == CLI_OK ? HELPED : cli_args_exit(o);
    if (a.npos == 0)
        return cli_usage(c, "which index? (INDEX)");
    if (a.npos > 1)
        return cli_usage(c, "unexpected argument '%s'", a.pos[1]);
    return nv_op_parse(c, op, a.pos[0], v[1], v[2]);
}

static int parse_u16(const cli *c, const char *opt, const char *s, uint16_t *v)
{
    uint32_t x;
    if (cli_parse_u32(s, UINT16_MAX, &x))
        return cli_usage(c, "%s: '%s' is not a number from 0 to 65535", opt, s);
    *v = (uint16_t)x;
    return 0;
}

int cmd_nvwrite(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, 1}, {'P', "auth", 1, 2}, {'i', "input", 1, 3},
        {0, "offset", 1, 4},      {0, NULL, 0, 0},
    };
    static nv_op op;
    static tpm2l_NV_Write_in in;
    const char *v[5] = {0};
    int status = parse(c, argc, argv, opts, v, 5, &op);
    if (status)
        return PARSE_EXIT(status);
    uint16_t offset = 0;
    size_t n = 0;
    if (v[4] && parse_u16(c, "--offset", v[4], &offset))
        status = CLI_USAGE;
    if (!status)
        status = nv_read_input(c, v[3] ? v[3] : "-", data, sizeof data, &n);
    if (!status && n + offset > UINT16_MAX)
        status = cli_usage(c, "%zu bytes at offset %u run past the largest index", n,
                           (unsigned)offset);
    uint16_t max = 0;
    if (!status)
        status = nv_op_begin(c, &op);
    if (!status)
        status = nv_buffer_max(c, &max);
    /* The TPM would refuse only the chunk that runs past the end, after writing the
     * ones before it: refuse the whole write first. */
    if (!status && n + offset > op.pub.dataSize)
        status = cli_error(c, "%zu bytes at offset %u run past the index's %u bytes", n,
                           (unsigned)offset, (unsigned)op.pub.dataSize);
    if (!status)
        status = one_policy_chunk(c, &op, n, max, "NV_Write");
    memset(&in, 0, sizeof in);
    /* One write even for no data: tpm2_nvwrite does so, and it sets TPMA_NV_WRITTEN. */
    size_t done = 0;
    while (!status) {
        size_t chunk = n - done < max ? n - done : max;
        in.authHandle = op.ah;
        in.nvIndex = op.nv;
        in.offset = (uint16_t)(offset + done);
        in.data.size = (uint16_t)chunk;
        memcpy(in.data.buffer, data + done, chunk);
        TPM2_RC rc = tpm2l_NV_Write(&c->ctx, &in);
        if (rc) {
            status = cli_fail(c, rc, "NV_Write");
            break;
        }
        nv_op_written(&op);
        done += chunk;
        if (done >= n)
            break;
    }
    status = nv_op_end(c, &op, status);
    tpm2l_cleanse(&in, sizeof in);
    tpm2l_cleanse(data, n);
    return status;
}

int cmd_nvread(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, 1}, {'P', "auth", 1, 2}, {'s', "size", 1, 3},
        {0, "offset", 1, 4},      {'o', "output", 1, 5}, {0, NULL, 0, 0},
    };
    static nv_op op;
    static tpm2l_NV_Read_in in;
    static tpm2l_NV_Read_out out;
    const char *v[6] = {0};
    int status = parse(c, argc, argv, opts, v, 6, &op);
    if (status)
        return PARSE_EXIT(status);
    uint16_t offset = 0, size = 0, max = 0;
    if ((v[3] && parse_u16(c, "-s", v[3], &size)) ||
        (v[4] && parse_u16(c, "--offset", v[4], &offset))) {
        tpm2l_auth_spec_wipe(&op.au.spec);
        return CLI_USAGE;
    }
    status = nv_op_begin(c, &op);
    if (!status)
        status = nv_buffer_max(c, &max);
    if (!status && !v[3]) {
        if (offset > op.pub.dataSize)
            status = cli_error(c, "--offset %u is past the index's %u bytes", (unsigned)offset,
                               (unsigned)op.pub.dataSize);
        size = (uint16_t)(op.pub.dataSize - offset);
    }
    if (!status)
        status = one_policy_chunk(c, &op, size, max, "NV_Read");
    memset(&in, 0, sizeof in);
    size_t done = 0;
    while (!status && done < size) {
        uint16_t chunk = (uint16_t)(size - done < max ? size - done : max);
        in.authHandle = op.ah;
        in.nvIndex = op.nv;
        in.offset = (uint16_t)(offset + done);
        in.size = chunk;
        TPM2_RC rc = tpm2l_NV_Read(&c->ctx, &in, &out);
        if (rc) {
            status = cli_fail(c, rc, "NV_Read");
            break;
        }
        memcpy(data + done, out.data.buffer, chunk);
        done += chunk;
    }
    status = nv_op_end(c, &op, status);
    tpm2l_cleanse(&in, sizeof in);
    tpm2l_cleanse(&out, sizeof out);
    if (!status && cli_write_file(c, v[5] ? v[5] : "-", data, done))
        status = CLI_FAIL;
    tpm2l_cleanse(data, done);
    return status;
}

int cmd_nvincrement(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, 1}, {'P', "auth", 1, 2}, {0, NULL, 0, 0},
    };
    static nv_op op;
    static tpm2l_NV_Increment_in in;
    const char *v[3] = {0};
    int status = parse(c, argc, argv, opts, v, 3, &op);
    if (status)
        return PARSE_EXIT(status);
    status = nv_op_begin(c, &op);
    if (!status) {
        in.authHandle = op.ah;
        in.nvIndex = op.nv;
        TPM2_RC rc = tpm2l_NV_Increment(&c->ctx, &in);
        if (rc)
            status = cli_fail(c, rc, "NV_Increment");
    }
    status = nv_op_end(c, &op, status);
    tpm2l_cleanse(&in, sizeof in);
    return status;
}

int cmd_nvextend(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, 1}, {'P', "auth", 1, 2}, {'i', "input", 1, 3}, {0, NULL, 0, 0},
    };
    static nv_op op;
    static tpm2l_NV_Extend_in in;
    const char *v[4] = {0};
    int status = parse(c, argc, argv, opts, v, 4, &op);
    if (status)
        return PARSE_EXIT(status);
    size_t n = 0;
    memset(&in, 0, sizeof in);
    if (!v[3])
        status = cli_usage(c, "what to extend with? (-i FILE)");
    else
        status = nv_read_input(c, v[3], in.data.buffer, sizeof in.data.buffer, &n);
    if (status) {
        tpm2l_auth_spec_wipe(&op.au.spec);
        return status;
    }
    in.data.size = (uint16_t)n;
    status = nv_op_begin(c, &op);
    if (!status) {
        in.authHandle = op.ah;
        in.nvIndex = op.nv;
        TPM2_RC rc = tpm2l_NV_Extend(&c->ctx, &in);
        if (rc)
            status = cli_fail(c, rc, "NV_Extend");
    }
    status = nv_op_end(c, &op, status);
    tpm2l_cleanse(&in, sizeof in);
    return status;
}

static int parse_u64(const char *s, uint64_t *v)
{
    int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    const char *p = hex ? s + 2 : s;
    uint64_t x = 0;
    if (!*p)
        return -1;
    for (; *p; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9')
            d = (unsigned)(*p - '0');
        else if (hex && *p >= 'a' && *p <= 'f')
            d = (unsigned)(*p - 'a' + 10);
        else if (hex && *p >= 'A' && *p <= 'F')
            d = (unsigned)(*p - 'A' + 10);
        else
            return -1;
        unsigned base = hex ? 16 : 10;
        if (x > (UINT64_MAX - d) / base)
            return -1;
        x = x * base + d;
    }
    *v = x;
    return 0;
}

int cmd_nvsetbits(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, 1}, {'P', "auth", 1, 2}, {'i', "bits", 1, 3}, {0, NULL, 0, 0},
    };
    static nv_op op;
    static tpm2l_NV_SetBits_in in;
    const char *v[4] = {0};
    int status = parse(c, argc, argv, opts, v, 4, &op);
    if (status)
        return PARSE_EXIT(status);
    memset(&in, 0, sizeof in);
    if (!v[3] || parse_u64(v[3], &in.bits)) {
        tpm2l_auth_spec_wipe(&op.au.spec);
        return v[3] ? cli_usage(c, "-i: '%s' is not a 64-bit number", v[3])
                    : cli_usage(c, "which bits? (-i BITS)");
    }
    status = nv_op_begin(c, &op);
    if (!status) {
        in.authHandle = op.ah;
        in.nvIndex = op.nv;
        TPM2_RC rc = tpm2l_NV_SetBits(&c->ctx, &in);
        if (rc)
            status = cli_fail(c, rc, "NV_SetBits");
    }
    status = nv_op_end(c, &op, status);
    tpm2l_cleanse(&in, sizeof in);
    return status;
}

/* NV_WriteLock and NV_ReadLock have the same shape: @authHandle, nvIndex, nothing else. */
static int lock(cli *c, int argc, char **argv, int write)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, 1}, {'P', "auth", 1, 2}, {0, NULL, 0, 0},
    };
    static nv_op op;
    const char *v[3] = {0};
    int status = parse(c, argc, argv, opts, v, 3, &op);
    if (status)
        return PARSE_EXIT(status);
    status = nv_op_begin(c, &op);
    if (!status) {
        TPM2_RC rc;
        if (write) {
            tpm2l_NV_WriteLock_in in = {op.ah, op.nv};
            rc = tpm2l_NV_WriteLock(&c->ctx, &in);
            tpm2l_cleanse(&in, sizeof in);
        } else {
            tpm2l_NV_ReadLock_in in = {op.ah, op.nv};
            rc = tpm2l_NV_ReadLock(&c->ctx, &in);
            tpm2l_cleanse(&in, sizeof in);
        }
        if (rc)
            status = cli_fail(c, rc, write ? "NV_WriteLock" : "NV_ReadLock");
    }
    return nv_op_end(c, &op, status);
}

int cmd_nvwritelock(cli *c, int argc, char **argv)
{
    return lock(c, argc, argv, 1);
}

int cmd_nvreadlock(cli *c, int argc, char **argv)
{
    return lock(c, argc, argv, 0);
}

int cmd_nvchangeauth(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'c', "object-context", 1, 1}, {'p', "object-auth", 1, 2}, {0, NULL, 0, 0},
    };
    static tpm2l_NV_ChangeAuth_in in;
    static TPMS_NV_PUBLIC pub;
    static cli_auth au;
    const char *v[3] = {0}, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        v[o] = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (!v[1])
        return cli_usage(c, "which index? (-c INDEX)");
    if (a.npos != 1)
        return a.npos ? cli_usage(c, "unexpected argument '%s'", a.pos[1])
                      : cli_usage(c, "what is the new authorization? (NEWAUTH)");
    memset(&in, 0, sizeof in);
    if (nv_parse_index(c, "-c", v[1], &in.nvIndex.handle))
        return CLI_USAGE;
    /* A password cannot carry the ADMIN role of an index: say so before the TPM does. */
    if (!v[2] || (strncmp(v[2], "session:", 8) != 0 && strncmp(v[2], "pcr:", 4) != 0 &&
                  strncmp(v[2], "file:", 5) != 0))
        return cli_usage(c, "-p: NV_ChangeAuth needs the index's policy: a session:FILE or "
                         "pcr: authorization");
    if (cli_parse_auth(c, "NEWAUTH", a.pos[0], &in.newAuth))
        return CLI_USAGE;
    if (cli_auth_parse(c, "-p", v[2], &au)) {
        tpm2l_cleanse(&in, sizeof in);
        return CLI_USAGE;
    }
    int status = cli_connect(c);
    if (!status)
        status = nv_read_public(c, in.nvIndex.handle, &pub, &in.nvIndex.name);
    if (!status)
        status = cli_auth_begin(c, &au);
    if (!status) {
        cli_auth_use(&au, &in.nvIndex);
        TPM2_RC rc = tpm2l_NV_ChangeAuth(&c->ctx, &in);
        if (rc)
            status = cli_fail(c, rc, "NV_ChangeAuth");
    }
    status = cli_auth_end(c, &au, status);
    tpm2l_cleanse(&in, sizeof in);
    return status;
}
