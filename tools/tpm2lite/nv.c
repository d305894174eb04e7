/* nv.c - tpm2lite nvdefine, nvundefine and nvreadpublic, and the helpers every NV
 * command shares (nv.h): index and attribute spellings as tpm2-tools write them, and
 * the index operation that tracks the index's name across its first write.
 *
 * Must never talk to the TPM before all arguments are checked, and never leave an
 * authorisation value or a session key unwiped on any path out.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "tools/tpm2lite/nv.h"

#define AUTH_HELP                                                                            \
    "                          (plain, str:, hex:, file:, session:FILE[+AUTH], pcr:SPEC)\n"

const char help_nvdefine[] =
    "Usage: tpm2lite nvdefine [-C o|p] [-s SIZE] [-a ATTRS] [-p AUTH] [-L POLICY] [-g HASH]\n"
    "                         [-P AUTH] [INDEX]\n"
    "\n"
    "TPM2_NV_DefineSpace. INDEX is a handle (0x1500016) or an offset in the NV range (1);\n"
    "without it the first free index from 0x1000000 on. Prints \"nv-index: 0x...\".\n"
    "Default attributes, as tpm2_nvdefine: ownerwrite|ownerread (ppwrite|ppread|\n"
    "platformcreate for -C p) with authwrite|authread, or policywrite|policyread if -L.\n"
    "\n"
    "  -C, --hierarchy H       o (owner, default) or p (platform)\n"
    "  -P, --hierarchy-auth A  the hierarchy's authorization (any form)\n"
    "  -s, --size N            data size in bytes (default: 8 for counter, bits and pin\n"
    "                          indices, the digest size for extend, else NV_INDEX_MAX)\n"
    "  -a, --attributes A      \"ownerread|ownerwrite|authread|authwrite|policyread|\n"
    "                          policywrite|ppread|ppwrite|no_da|orderly|writedefine|\n"
    "                          write_stclear|read_stclear|writeall|globallock|\n"
    "                          clear_stclear|policydelete|platformcreate|nt=TYPE\"\n"
    "                          (TYPE: ordinary, counter, bits, extend, pinfail,\n"
    "                          pinpass or a number) or a number such as 0x2000A\n"
    "  -p, --index-auth A      the index's authorization value (plain, str:, hex:, file:)\n"
    "  -L, --policy F          the index's authPolicy (a digest file, as -L writes)\n"
    "  -g, --hash-algorithm H  the index's name algorithm (default sha256)\n"
    "  -T, --tcti S            the TPM to use (see tpm2lite --help)\n";

const char help_nvundefine[] =
    "Usage: tpm2lite nvundefine [-C o|p] [-P AUTH] [-S SESSION] INDEX\n"
    "\n"
    "TPM2_NV_UndefineSpace: remove an index. With -S, TPM2_NV_UndefineSpaceSpecial for\n"
    "an index with policydelete: the session file satisfies its policy and -P is the\n"
    "platform's authorization.\n"
    "\n"
    "  -C, --hierarchy H   o or p (default: p for a platformcreate index, else o)\n"
    "  -P, --auth A        the hierarchy's authorization\n" AUTH_HELP
    "  -S, --session F     a policy session file for the index (policydelete)\n"
    "  -T, --tcti S        the TPM to use (see tpm2lite --help)\n";

const char help_nvreadpublic[] =
    "Usage: tpm2lite nvreadpublic [INDEX]\n"
    "\n"
    "TPM2_NV_ReadPublic of INDEX, or of every defined index, in tpm2_nvreadpublic's YAML:\n"
    "name, hash algorithm, attributes, size and authorization policy.\n"
    "\n"
    "  -T, --tcti S        the TPM to use (see tpm2lite --help)\n";

/* ---- index and attribute spellings ---- */

int nv_parse_index(const cli *c, const char *opt, const char *s, TPM2_HANDLE *h)
{
    uint32_t v;
    if (cli_parse_u32(s, UINT32_MAX, &v))
        return cli_usage(c, "%s: '%s' is not an NV index", opt, s);
    /* tpm2-tools take a small number as an offset into the NV range. */
    if (v < TPM2_NV_INDEX_FIRST)
        v += TPM2_NV_INDEX_FIRST;
    if ((v & TPM2_HR_RANGE_MASK) != TPM2_HR_NV_INDEX)
        return cli_usage(c, "%s: 0x%X is not in the NV index range 0x1000000-0x1FFFFFF", opt,
                         (unsigned)v);
    *h = v;
    return 0;
}

static const struct {
    const char *name;
    TPMA_NV bit;
} attr_names[] = {
    {"ppwrite", TPMA_NV_PPWRITE},
    {"ownerwrite", TPMA_NV_OWNERWRITE},
    {"authwrite", TPMA_NV_AUTHWRITE},
    {"policywrite", TPMA_NV_POLICYWRITE},
    {"policydelete", TPMA_NV_POLICY_DELETE},
    {"writelocked", TPMA_NV_WRITELOCKED},
    {"writeall", TPMA_NV_WRITEALL},
    {"writedefine", TPMA_NV_WRITEDEFINE},
    {"write_stclear", TPMA_NV_WRITE_STCLEAR},
    {"globallock", TPMA_NV_GLOBALLOCK},
    {"ppread", TPMA_NV_PPREAD},
    {"ownerread", TPMA_NV_OWNERREAD},
    {"authread", TPMA_NV_AUTHREAD},
    {"policyread", TPMA_NV_POLICYREAD},
    {"no_da", TPMA_NV_NO_DA},
    {"orderly", TPMA_NV_ORDERLY},
    {"clear_stclear", TPMA_NV_CLEAR_STCLEAR},
    {"readlocked", TPMA_NV_READLOCKED},
    {"written", TPMA_NV_WRITTEN},
    {"platformcreate", TPMA_NV_PLATFORMCREATE},
    {"read_stclear", TPMA_NV_READ_STCLEAR},
    /* input only: spellings people type from the specification's names */
    {"noda", TPMA_NV_NO_DA},
    {"policy_delete", TPMA_NV_POLICY_DELETE},
};
#define N_ATTR_OUT 21 /* the first 21 are the output spellings */

static const struct {
    const char *name;
    TPM2_NT nt;
} nt_names[] = {
    {"ordinary", TPM2_NT_ORDINARY}, {"counter", TPM2_NT_COUNTER}, {"bits", TPM2_NT_BITS},
    {"extend", TPM2_NT_EXTEND},     {"pinfail", TPM2_NT_PIN_FAIL}, {"pinpass", TPM2_NT_PIN_PASS},
};

static int attr_token(const char *t, size_t len, TPMA_NV *a)
{
    for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++)
        if (strlen(attr_names[i].name) == len && strncmp(t, attr_names[i].name, len) == 0) {
            *a |= attr_names[i].bit;
            return 0;
        }
    if (len <= 3 || strncmp(t, "nt=", 3) != 0)
        return -1;
    t += 3;
    len -= 3;
    for (size_t i = 0; i < sizeof nt_names / sizeof nt_names[0]; i++)
        if (strlen(nt_names[i].name) == len && strncmp(t, nt_names[i].name, len) == 0) {
            *a = (*a & ~TPMA_NV_TPM2_NT_MASK) | TPMA_NV_NT_SET(nt_names[i].nt);
            return 0;
        }
    char num[16];
    uint32_t v;
    if (len >= sizeof num)
        return -1;
    memcpy(num, t, len);
    num[len] = '\0';
    if (cli_parse_u32(num, 0xF, &v))
        return -1;
    *a = (*a & ~TPMA_NV_TPM2_NT_MASK) | TPMA_NV_NT_SET(v);
    return 0;
}

int nv_attrs_parse(const char *s, TPMA_NV *a, char *err, size_t errlen)
{
    uint32_t v;
    if (cli_parse_u32(s, UINT32_MAX, &v) == 0) {
        *a = v;
        return 0;
    }
    *a = 0;
    for (const char *p = s;;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, "|");
        size_t tl = len;
        while (tl && p[tl - 1] == ' ')
            tl--;
        if (tl == 0 || attr_token(p, tl, a)) {
            snprintf(err, errlen, "unknown attribute '%.*s'", (int)tl, p);
            return -1;
        }
        if (!p[len])
            return 0;
        p += len + 1;
    }
}

void nv_attrs_str(TPMA_NV a, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_ATTR_OUT; i++) {
        char tok[24];
        /* The type sits in bits 4..7, between policywrite and policydelete. */
        if (attr_names[i].bit == TPMA_NV_POLICY_DELETE && TPMA_NV_NT_GET(a))
            snprintf(tok, sizeof tok, "nt=0x%X", (unsigned)TPMA_NV_NT_GET(a));
        else
            tok[0] = '\0';
        if (tok[0])
            n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s", n ? "|" : "", tok);
        if (a & attr_names[i].bit)
            n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s", n ? "|" : "",
                                  attr_names[i].name);
    }
}

/* ---- TPM helpers ---- */

int nv_read_public(cli *c, TPM2_HANDLE h, TPMS_NV_PUBLIC *pub, TPM2B_NAME *name)
{
    static tpm2l_NV_ReadPublic_in in;
    static tpm2l_NV_ReadPublic_out out;
    memset(&in, 0, sizeof in);
    in.nvIndex.handle = h;
    TPM2_RC rc = tpm2l_NV_ReadPublic(&c->ctx, &in, &out);
    if (rc)
        return cli_fail(c, rc, "NV_ReadPublic");
    *pub = out.nvPublic.nvPublic;
    if (name)
        *name = out.nvName;
    return CLI_OK;
}

static int get_fixed(cli *c, TPM2_PT pt, uint32_t *v)
{
    static tpm2l_GetCapability_out out;
    tpm2l_GetCapability_in in = {TPM2_CAP_TPM_PROPERTIES, pt, 1};
    TPM2_RC rc = tpm2l_GetCapability(&c->ctx, &in, &out);
    if (rc)
        return cli_fail(c, rc, "GetCapability(TPM_PROPERTIES)");
    const TPML_TAGGED_TPM_PROPERTY *l = &out.capabilityData.data.tpmProperties;
    if (l->count < 1 || l->tpmProperty[0].property != pt)
        return cli_error(c, "the TPM does not report property 0x%X", (unsigned)pt);
    *v = l->tpmProperty[0].value;
    return CLI_OK;
}

int nv_buffer_max(cli *c, uint16_t *max)
{
    uint32_t v = 0;
    int status = get_fixed(c, TPM2_PT_NV_BUFFER_MAX, &v);
    if (status)
        return status;
    if (v == 0)
        return cli_error(c, "the TPM reports an NV buffer of 0 bytes");
    *max = (uint16_t)(v < TPM2_MAX_NV_BUFFER_SIZE ? v : TPM2_MAX_NV_BUFFER_SIZE);
    return CLI_OK;
}

int nv_read_input(const cli *c, const char *path, uint8_t *buf, size_t cap, size_t *n)
{
    if (strcmp(path, "-") != 0)
        return cli_read_file(c, path, buf, cap, n) ? CLI_FAIL : CLI_OK;
    size_t got = 0;
    for (;;) {
        uint8_t extra;
        ssize_t r = got < cap ? read(STDIN_FILENO, buf + got, cap - got)
                              : read(STDIN_FILENO, &extra, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return cli_error(c, "reading standard input failed: %s", strerror(errno));
        if (r == 0)
            break;
        if (got >= cap)
            return cli_error(c, "standard input holds more than %zu bytes", cap);
        got += (size_t)r;
    }
    *n = got;
    return CLI_OK;
}

/* ---- one authorised operation on an index ---- */

int nv_op_parse(const cli *c, nv_op *op, const char *index, const char *entity, const char *auth)
{
    memset(op, 0, sizeof *op);
    if (nv_parse_index(c, "INDEX", index, &op->index))
        return CLI_USAGE;
    op->auth_entity = op->index;
    if (entity && cli_parse_hierarchy(entity, "op", &op->auth_entity) != 0) {
        TPM2_HANDLE h = 0;
        if (nv_parse_index(c, "-C", entity, &h))
            return CLI_USAGE;
        /* Part 2 TPMI_RH_NV_AUTH: the owner, the platform or the index itself. */
        if (h != op->index)
            return cli_usage(c, "-C: 0x%X is not the index 0x%X: give o, p or the index",
                             (unsigned)h, (unsigned)op->index);
    }
    if (cli_auth_parse(c, "-P", auth ? auth : "", &op->au))
        return CLI_USAGE;
    return 0;
}

int nv_op_begin(cli *c, nv_op *op)
{
    int status = cli_connect(c);
    if (status)
        return status;
    /* The name goes into every session's cpHash: take the TPM's current one, which
     * already reflects TPMA_NV_WRITTEN and the lock bits. */
    status = nv_read_public(c, op->index, &op->pub, &op->nv.name);
    if (status)
        return status;
    op->nv.handle = op->index;
    op->ah.handle = op->auth_entity;
    if (op->auth_entity == op->index)
        op->ah.name = op->nv.name;
    else
        (void)tpm2l_name_from_handle(op->auth_entity, &op->ah.name);
    status = cli_auth_begin(c, &op->au);
    if (status)
        return status;
    cli_auth_use(&op->au, &op->ah);
    return CLI_OK;
}

void nv_op_written(nv_op *op)
{
    if (op->pub.attributes & TPMA_NV_WRITTEN)
        return;
    if (tpm2l_nv_mark_written(&op->pub, &op->nv.name) == TPM2_RC_SUCCESS &&
        op->auth_entity == op->index)
        op->ah.name = op->nv.name;
}

int nv_op_end(cli *c, nv_op *op, int status)
{
    status = cli_auth_end(c, &op->au, status);
    tpm2l_cleanse(&op->ah.auth, sizeof op->ah.auth);
    return status;
}

/* ---- nvdefine ---- */

/* The first index from TPM2_NV_INDEX_FIRST on that the TPM does not list. */
static int first_free(cli *c, TPM2_HANDLE *h)
{
    static TPMS_CAPABILITY_DATA cap;
    TPM2_RC rc = tpm2l_GetCapability_all(&c->ctx, TPM2_CAP_HANDLES, TPM2_NV_INDEX_FIRST, &cap);
    if (rc)
        return cli_fail(c, rc, "GetCapability(HANDLES)");
    TPM2_HANDLE want = TPM2_NV_INDEX_FIRST;
    /* The TPM lists handles in ascending order (Part 3 §30.2). */
    for (uint32_t i = 0; i < cap.data.handles.count; i++) {
        TPM2_HANDLE got = cap.data.handles.handle[i];
        if (got > want)
            break;
        if (got == want)
            want++;
    }
    if (want > TPM2_NV_INDEX_LAST)
        return cli_error(c, "no free NV index");
    *h = want;
    return CLI_OK;
}

static int default_size(cli *c, TPMS_NV_PUBLIC *pub)
{
    switch (TPMA_NV_NT_GET(pub->attributes)) {
    case TPM2_NT_COUNTER:
    case TPM2_NT_BITS:
    case TPM2_NT_PIN_FAIL:
    case TPM2_NT_PIN_PASS:
        /* Part 2 §13.4: these types hold a UINT64 (or two UINT32s). */
        pub->dataSize = 8;
        return CLI_OK;
    case TPM2_NT_EXTEND:
        pub->dataSize = (uint16_t)tpm2l_hash_size(pub->nameAlg);
        return CLI_OK;
    default:
        break;
    }
    uint32_t v = 0;
    int status = get_fixed(c, TPM2_PT_NV_INDEX_MAX, &v);
    if (!status)
        pub->dataSize = (uint16_t)(v > UINT16_MAX ? UINT16_MAX : v);
    return status;
}

int cmd_nvdefine(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, 1}, {'P', "hierarchy-auth", 1, 2}, {'s', "size", 1, 3},
        {'a', "attributes", 1, 4}, {'p', "index-auth", 1, 5},    {'L', "policy", 1, 6},
        {'g', "hash-algorithm", 1, 7}, {0, NULL, 0, 0},
    };
    const char *v[8] = {0}, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        v[o] = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos > 1)
        return cli_usage(c, "unexpected argument '%s'", a.pos[1]);
    static tpm2l_NV_DefineSpace_in in;
    static cli_auth ha;
    memset(&in, 0, sizeof in);
    TPMS_NV_PUBLIC *pub = &in.publicInfo.nvPublic;
    if (a.npos && nv_parse_index(c, "INDEX", a.pos[0], &pub->nvIndex))
        return CLI_USAGE;
    TPM2_HANDLE hier = TPM2_RH_OWNER;
    if (v[1] && cli_parse_hierarchy(v[1], "op", &hier))
        return cli_usage(c, "-C: '%s' is not o or p", v[1]);
    uint32_t size = 0;
    if (v[3] && cli_parse_u32(v[3], UINT16_MAX, &size))
        return cli_usage(c, "-s: '%s' is not a size (0 to 65535)", v[3]);
    pub->nameAlg = cli_hash_alg(v[7] ? v[7] : "sha256");
    if (!tpm2l_hash_size(pub->nameAlg))
        return cli_usage(c, "-g: '%s' is not a hash algorithm", v[7]);
    if (v[4]) {
        char err[120];
        if (nv_attrs_parse(v[4], &pub->attributes, err, sizeof err))
            return cli_usage(c, "-a: %s", err);
    } else {
        pub->attributes = hier == TPM2_RH_PLATFORM
                              ? TPMA_NV_PPWRITE | TPMA_NV_PPREAD | TPMA_NV_PLATFORMCREATE
                              : TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD;
        pub->attributes |= v[6] ? TPMA_NV_POLICYWRITE | TPMA_NV_POLICYREAD
                                : TPMA_NV_AUTHWRITE | TPMA_NV_AUTHREAD;
    }
    if (v[6]) {
        size_t n;
        if (cli_read_file(c, v[6], pub->authPolicy.buffer, sizeof pub->authPolicy.buffer, &n))
            return CLI_FAIL;
        if (n != tpm2l_hash_size(pub->nameAlg))
            return cli_usage(c, "-L: '%s' holds %zu bytes; a %s policy digest has %zu", v[6], n,
                             cli_alg_name(pub->nameAlg), tpm2l_hash_size(pub->nameAlg));
        pub->authPolicy.size = (uint16_t)n;
    }
    if (v[5] && cli_parse_auth(c, "-p", v[5], &in.auth))
        return CLI_USAGE;
    if (cli_auth_parse(c, "-P", v[2] ? v[2] : "", &ha)) {
        tpm2l_cleanse(&in, sizeof in);
        return CLI_USAGE;
    }
    int status = cli_connect(c);
    if (!status && !a.npos)
        status = first_free(c, &pub->nvIndex);
    if (!status && !v[3])
        status = default_size(c, pub);
    else
        pub->dataSize = (uint16_t)size;
    if (!status)
        status = cli_auth_begin(c, &ha);
    if (!status) {
        in.authHandle.handle = hier;
        (void)tpm2l_name_from_handle(hier, &in.authHandle.name);
        cli_auth_use(&ha, &in.authHandle);
        TPM2_RC rc = tpm2l_NV_DefineSpace(&c->ctx, &in, NULL);
        if (rc)
            status = cli_fail(c, rc, "NV_DefineSpace");
    }
    status = cli_auth_end(c, &ha, status);
    if (!status)
        printf("nv-index: 0x%x\n", (unsigned)pub->nvIndex);
    tpm2l_cleanse(&in, sizeof in);
    return status;
}

/* ---- nvundefine ---- */

static int undefine_special(cli *c, TPM2_HANDLE index, const char *session, cli_auth *pa)
{
    static tpm2l_NV_UndefineSpaceSpecial_in in;
    static TPMS_NV_PUBLIC pub;
    static cli_auth ia;
    char spec[TPM2L_AUTH_MAX_PATH + 16];
    memset(&in, 0, sizeof in);
    /* The index's policy session arrives as a file, like any other session: reuse the
     * auth-string machinery so it is saved back (or reported ended) the same way. */
    if ((size_t)snprintf(spec, sizeof spec, "session:%s", session) >= sizeof spec ||
        strchr(session, '+') || cli_auth_parse(c, "-S", spec, &ia)) {
        tpm2l_auth_spec_wipe(&pa->spec);
        return cli_usage(c, "-S: '%s' is not a usable session file path", session);
    }
    int status = cli_connect(c);
    if (!status)
        status = nv_read_public(c, index, &pub, &in.nvIndex.name);
    if (!status)
        status = cli_auth_begin(c, &ia);
    if (!status)
        status = cli_auth_begin(c, pa);
    if (!status) {
        in.nvIndex.handle = index;
        cli_auth_use(&ia, &in.nvIndex);
        in.platform.handle = TPM2_RH_PLATFORM;
        (void)tpm2l_name_from_handle(TPM2_RH_PLATFORM, &in.platform.name);
        cli_auth_use(pa, &in.platform);
        TPM2_RC rc = tpm2l_NV_UndefineSpaceSpecial(&c->ctx, &in);
        if (rc)
            status = cli_fail(c, rc, "NV_UndefineSpaceSpecial");
    }
    status = cli_auth_end(c, &ia, status);
    status = cli_auth_end(c, pa, status);
    tpm2l_cleanse(&in, sizeof in);
    return status;
}

int cmd_nvundefine(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, 1}, {'P', "auth", 1, 2}, {'S', "session", 1, 3}, {0, NULL, 0, 0},
    };
    const char *v[4] = {0}, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        v[o] = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos == 0)
        return cli_usage(c, "which index? (INDEX)");
    if (a.npos > 1)
        return cli_usage(c, "unexpected argument '%s'", a.pos[1]);
    TPM2_HANDLE index = 0, hier = 0;
    if (nv_parse_index(c, "INDEX", a.pos[0], &index))
        return CLI_USAGE;
    if (v[1] && cli_parse_hierarchy(v[1], "op", &hier))
        return cli_usage(c, "-C: '%s' is not o or p", v[1]);
    if (v[3] && hier == TPM2_RH_OWNER)
        return cli_usage(c, "-S: NV_UndefineSpaceSpecial is authorised by the platform, not -C o");
    static cli_auth ha;
    if (cli_auth_parse(c, "-P", v[2] ? v[2] : "", &ha))
        return CLI_USAGE;
    if (v[3])
        return undefine_special(c, index, v[3], &ha);
    static tpm2l_NV_UndefineSpace_in in;
    static TPMS_NV_PUBLIC pub;
    memset(&in, 0, sizeof in);
    int status = cli_connect(c);
    if (!status)
        status = nv_read_public(c, index, &pub, &in.nvIndex.name);
    /* Part 3 §31.4: a platformcreate index is removed by the platform only. */
    if (!status && !hier)
        hier = (pub.attributes & TPMA_NV_PLATFORMCREATE) ? TPM2_RH_PLATFORM : TPM2_RH_OWNER;
    if (!status)
        status = cli_auth_begin(c, &ha);
    if (!status) {
        in.nvIndex.handle = index;
        in.authHandle.handle = hier;
        (void)tpm2l_name_from_handle(hier, &in.authHandle.name);
        cli_auth_use(&ha, &in.authHandle);
        TPM2_RC rc = tpm2l_NV_UndefineSpace(&c->ctx, &in);
        if (rc)
            status = cli_fail(c, rc, "NV_UndefineSpace");
    }
    status = cli_auth_end(c, &ha, status);
    tpm2l_cleanse(&in, sizeof in);
    return status;
}

/* ---- nvreadpublic ---- */

static int print_public(cli *c, TPM2_HANDLE h)
{
    static TPMS_NV_PUBLIC pub;
    static TPM2B_NAME name;
    char attrs[400];
    int status = nv_read_public(c, h, &pub, &name);
    if (status)
        return status;
    const char *alg = cli_alg_name(pub.nameAlg);
    nv_attrs_str(pub.attributes, attrs, sizeof attrs);
    printf("0x%x:\n  name: ", (unsigned)h);
    cli_print_hex(stdout, name.name, name.size);
    printf("\n  hash algorithm:\n    friendly: %s\n    value: 0x%X\n", alg ? alg : "unknown",
           (unsigned)pub.nameAlg);
    printf("  attributes:\n    friendly: %s\n    value: 0x%X\n", attrs, (unsigned)pub.attributes);
    printf("  size: %u\n", (unsigned)pub.dataSize);
    if (pub.authPolicy.size) {
        printf("  authorization policy: ");
        for (size_t i = 0; i < pub.authPolicy.size; i++)
            printf("%02X", pub.authPolicy.buffer[i]);
        printf("\n");
    }
    printf("\n");
    return CLI_OK;
}

int cmd_nvreadpublic(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{0, NULL, 0, 0}};
    const char *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        ;
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos > 1)
        return cli_usage(c, "unexpected argument '%s'", a.pos[1]);
    TPM2_HANDLE index = 0;
    if (a.npos && nv_parse_index(c, "INDEX", a.pos[0], &index))
        return CLI_USAGE;
    int status = cli_connect(c);
    if (status || index)
        return status ? status : print_public(c, index);
    static TPMS_CAPABILITY_DATA cap;
    TPM2_RC rc = tpm2l_GetCapability_all(&c->ctx, TPM2_CAP_HANDLES, TPM2_NV_INDEX_FIRST, &cap);
    if (rc)
        return cli_fail(c, rc, "GetCapability(HANDLES)");
    for (uint32_t i = 0; !status && i < cap.data.handles.count; i++)
        if ((cap.data.handles.handle[i] & TPM2_HR_RANGE_MASK) == TPM2_HR_NV_INDEX)
            status = print_public(c, cap.data.handles.handle[i]);
    return status;
}
