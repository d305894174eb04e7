/* seal.c - tpm2lite create (sealing), load and unseal, with tpm2-tools' options and
 * files (-u: marshalled TPM2B_PUBLIC, -r: marshalled TPM2B_PRIVATE), so a secret
 * sealed by one tool unseals with the other.
 *
 * The sealed secret and every authorisation are wiped on every path out; the
 * unsealed secret goes only where -o says (stdout by default).
 */
#include <string.h>
#include <unistd.h>

#include "tools/tpm2lite/cli.h"
#include "tpm2lite/marshal.h"

const char help_create[] =
    "Usage: tpm2lite create -C PARENT -i FILE -u PUB -r PRIV [-P AUTH] [-p AUTH]\n"
    "                       [-L POLICY] [-g HASH] [-a ATTRS]\n"
    "\n"
    "TPM2_Create of a sealed data object (keyedhash, fixedtpm|fixedparent) holding the\n"
    "bytes of FILE (- for standard input, at most 128 bytes). userwithauth is set unless\n"
    "a policy is given without -p, as tpm2_create does: so with -L and -p the password\n"
    "ALONE unseals. To require the policy and the password, leave userwithauth out of\n"
    "-a (e.g. -a fixedtpm|fixedparent) and put PolicyPassword in the policy.\n"
    "\n"
    "  -C, --parent-context X  the parent key: a handle or a context file\n"
    "  -P, --parent-auth A     the parent's authorization (any form)\n"
    "  -p, --key-auth A        the new object's authorization (plain, str:, hex:, file:)\n"
    "  -L, --policy F          the object's authPolicy (a digest file, as -L writes)\n"
    "  -g, --hash-algorithm H  the name algorithm: sha256 (default), sha1, sha384, sha512\n"
    "  -a, --attributes A      instead of the default: fixedtpm|fixedparent (always set)\n"
    "                          with any of userwithauth, adminwithpolicy, noda\n"
    "  -i, --sealing-input F   the secret\n"
    "  -u, --public F          write the public area (TPM2B_PUBLIC) to F\n"
    "  -r, --private F         write the private area (TPM2B_PRIVATE) to F\n"
    "  -T, --tcti S            the TPM to use (see tpm2lite --help)\n";

const char help_load[] =
    "Usage: tpm2lite load -C PARENT -u PUB -r PRIV -c FILE [-P AUTH]\n"
    "\n"
    "TPM2_Load an object made by create (or tpm2_create) and save its context to FILE.\n"
    "\n"
    "  -C, --parent-context X  the parent key: a handle or a context file\n"
    "  -P, --auth A            the parent's authorization (any form)\n"
    "  -u, --public F          the public area (TPM2B_PUBLIC)\n"
    "  -r, --private F         the private area (TPM2B_PRIVATE)\n"
    "  -c, --key-context F     where to save the loaded object's context\n"
    "  -T, --tcti S            the TPM to use (see tpm2lite --help)\n";

const char help_unseal[] =
    "Usage: tpm2lite unseal -c OBJECT [-p AUTH] [-o FILE]\n"
    "\n"
    "TPM2_Unseal: the secret of a sealed data object, raw, to standard output or FILE.\n"
    "\n"
    "  -c, --object-context X  a handle or a context file\n"
    "  -p, --auth A            its authorization: plain, str:, hex:, file:,\n"
    "                          session:FILE[+AUTH] (a saved session) or pcr:SPEC[=FILE]\n"
    "  -o, --output F          write the secret to F\n"
    "  -T, --tcti S            the TPM to use (see tpm2lite --help)\n";

static int write_marshalled(cli *c, const char *path, int pub, const void *v)
{
    static uint8_t buf[sizeof(TPM2B_PUBLIC) + sizeof(TPM2B_PRIVATE)];
    tpm2l_wcur w;
    size_t len;
    tpm2l_wcur_init(&w, buf, sizeof buf);
    if (pub)
        tpm2l_marshal_TPM2B_PUBLIC(&w, v);
    else
        tpm2l_marshal_TPM2B_PRIVATE(&w, v);
    TPM2_RC rc = tpm2l_wcur_finish(&w, &len);
    if (rc)
        return cli_fail(c, rc, "marshalling");
    return cli_write_file(c, path, buf, len) ? CLI_FAIL : CLI_OK;
}

static int read_marshalled(cli *c, const char *path, int pub, void *v)
{
    static uint8_t buf[sizeof(TPM2B_PUBLIC) + sizeof(TPM2B_PRIVATE)];
    size_t n;
    if (cli_read_file(c, path, buf, sizeof buf, &n))
        return CLI_FAIL;
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, buf, n);
    if (pub)
        tpm2l_unmarshal_TPM2B_PUBLIC(&r, v);
    else
        tpm2l_unmarshal_TPM2B_PRIVATE(&r, v);
    TPM2_RC rc = tpm2l_rcur_finish(&r);
    if (rc)
        return cli_error(c, "'%s' is not a marshalled %s: %s", path,
                         pub ? "TPM2B_PUBLIC" : "TPM2B_PRIVATE", tpm2l_rc_str(rc).s);
    return CLI_OK;
}

/* The secret from path or standard input ("-"). */
static int read_secret(cli *c, const char *path, TPM2B_SENSITIVE_DATA *d)
{
    size_t n = 0;
    if (strcmp(path, "-") == 0) {
        for (;;) {
            ssize_t got = read(STDIN_FILENO, d->buffer + n, sizeof d->buffer - n);
            if (got < 0)
                return cli_error(c, "reading standard input failed");
            if (got == 0)
                break;
            n += (size_t)got;
            if (n == sizeof d->buffer)
                break;
        }
    } else if (cli_read_file(c, path, d->buffer, sizeof d->buffer, &n)) {
        return CLI_FAIL;
    }
    /* Part 2 TPMU_SENSITIVE_COMPOSITE: a sealed object's data is at most
     * MAX_SYM_DATA (128 on PC Client TPMs). */
    if (n > 128)
        return cli_error(c, "-i: %zu bytes; a sealed object holds at most 128", n);
    d->size = (uint16_t)n;
    return CLI_OK;
}

/* tpm2_create's -a syntax, "a|b|c", limited to what tpm2l_template_sealed lets a
 * caller choose (fixedtpm and fixedparent are accepted: a sealed object always has
 * them). Only the names, not numbers: a number could ask for bits the template
 * refuses anyway. */
static int sealed_attrs(const char *s, TPMA_OBJECT *out)
{
    static const struct {
        const char *name;
        TPMA_OBJECT bit;
    } names[] = {
        {"fixedtpm", 0}, {"fixedparent", 0}, {"userwithauth", TPMA_OBJECT_USERWITHAUTH},
        {"adminwithpolicy", TPMA_OBJECT_ADMINWITHPOLICY}, {"noda", TPMA_OBJECT_NODA},
    };
    *out = 0;
    while (*s) {
        size_t n = strcspn(s, "|"), i;
        for (i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strlen(names[i].name) == n && strncmp(s, names[i].name, n) == 0)
                break;
        if (i == sizeof names / sizeof names[0])
            return -1;
        *out |= names[i].bit;
        s += n + (s[n] == '|');
    }
    return 0;
}

int cmd_create(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "parent-context", 1, 1}, {'P', "parent-auth", 1, 2}, {'p', "key-auth", 1, 3},
        {'L', "policy", 1, 4},         {'g', "hash-algorithm", 1, 5},
        {'i', "sealing-input", 1, 6},  {'u', "public", 1, 7},      {'r', "private", 1, 8},
        {'a', "attributes", 1, 9},     {0, NULL, 0, 0},
    };
    const char *v[10] = {0}, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        v[o] = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!v[1] || !v[6] || !v[7] || !v[8])
        return cli_usage(c, "create needs -C PARENT, -i FILE, -u PUB and -r PRIV");
    TPM2_ALG_ID alg = cli_hash_alg(v[5] ? v[5] : "sha256");
    if (!tpm2l_hash_size(alg))
        return cli_usage(c, "-g: '%s' is not a hash algorithm", v[5]);
    TPMA_OBJECT chosen = 0;
    if (v[9] && sealed_attrs(v[9], &chosen))
        return cli_usage(c, "-a: '%s': a sealed object takes fixedtpm|fixedparent and any of "
                            "userwithauth, adminwithpolicy, noda", v[9]);
    static tpm2l_Create_in in;
    static tpm2l_Create_out out;
    static cli_auth pa;
    memset(&in, 0, sizeof in);
    TPM2B_DIGEST policy = {0};
    if (v[4]) {
        size_t n;
        if (cli_read_file(c, v[4], policy.buffer, sizeof policy.buffer, &n))
            return CLI_FAIL;
        policy.size = (uint16_t)n;
    }
    if (v[3] && cli_parse_auth(c, "-p", v[3], &in.inSensitive.sensitive.userAuth))
        return CLI_USAGE;
    if (cli_auth_parse(c, "-P", v[2] ? v[2] : "", &pa))
        goto usage;
    TPMA_OBJECT attrs = (v[4] && !v[3]) ? 0 : TPMA_OBJECT_USERWITHAUTH;
    if (v[9])
        attrs = chosen;
    TPM2_RC rc = tpm2l_template_sealed(&in.inPublic.publicArea, alg, v[4] ? &policy : NULL, attrs);
    if (rc) {
        cli_fail(c, rc, "building the sealed object's template (is -L a digest of -g's size?)");
        goto usage;
    }
    int status = read_secret(c, v[6], &in.inSensitive.sensitive.data);
    cli_object parent = {0};
    if (!status)
        status = cli_object_open(c, v[1], &parent);
    if (!status)
        status = cli_auth_begin(c, &pa);
    if (!status) {
        in.parentHandle.handle = parent.handle;
        in.parentHandle.name = parent.name;
        cli_auth_use(&pa, &in.parentHandle);
        rc = tpm2l_Create(&c->ctx, &in, &out);
        if (rc)
            status = cli_fail(c, rc, "Create");
    }
    status = cli_auth_end(c, &pa, status);
    cli_object_done(c, &parent);
    tpm2l_cleanse(&in, sizeof in);
    if (!status)
        status = write_marshalled(c, v[7], 1, &out.outPublic);
    if (!status)
        status = write_marshalled(c, v[8], 0, &out.outPrivate);
    return status;
usage:
    tpm2l_auth_spec_wipe(&pa.spec);
    tpm2l_cleanse(&in, sizeof in);
    return CLI_USAGE;
}

int cmd_load(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "parent-context", 1, 1}, {'P', "auth", 1, 2},        {'u', "public", 1, 3},
        {'r', "private", 1, 4},        {'c', "key-context", 1, 5}, {0, NULL, 0, 0},
    };
    const char *v[6] = {0}, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        v[o] = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!v[1] || !v[3] || !v[4] || !v[5])
        return cli_usage(c, "load needs -C PARENT, -u PUB, -r PRIV and -c FILE");
    static tpm2l_Load_in in;
    static cli_auth pa;
    memset(&in, 0, sizeof in);
    if (read_marshalled(c, v[3], 1, &in.inPublic) || read_marshalled(c, v[4], 0, &in.inPrivate))
        return CLI_FAIL;
    if (cli_auth_parse(c, "-P", v[2] ? v[2] : "", &pa))
        return CLI_USAGE;
    cli_object parent = {0};
    int status = cli_object_open(c, v[1], &parent);
    if (!status)
        status = cli_auth_begin(c, &pa);
    tpm2l_Load_out out = {0};
    int loaded = 0;
    if (!status) {
        in.parentHandle.handle = parent.handle;
        in.parentHandle.name = parent.name;
        cli_auth_use(&pa, &in.parentHandle);
        TPM2_RC rc = tpm2l_Load(&c->ctx, &in, &out);
        if (rc)
            status = cli_fail(c, rc, "Load");
        else
            loaded = 1;
    }
    status = cli_auth_end(c, &pa, status);
    cli_object_done(c, &parent);
    tpm2l_cleanse(&in.parentHandle.auth, sizeof in.parentHandle.auth);
    if (loaded) {
        static tpm2l_ContextSave_in si;
        static tpm2l_ContextSave_out so;
        si.saveHandle = out.objectHandle;
        TPM2_RC rc = tpm2l_ContextSave(&c->ctx, &si, &so);
        if (rc && !status)
            status = cli_fail(c, rc, "ContextSave");
        if (!rc && !status && cli_ctxfile_write(c, v[5], &so.context, &out.name, &in.inPublic))
            status = CLI_FAIL;
        tpm2l_FlushContext_in fl = {out.objectHandle.handle};
        (void)tpm2l_FlushContext(&c->ctx, &fl);
        if (!status) {
            printf("name: ");
            cli_print_hex(stdout, out.name.name, out.name.size);
            printf("\n");
        }
    }
    return status;
}

int cmd_unseal(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'c', "object-context", 1, 1}, {'p', "auth", 1, 2}, {'o', "output", 1, 3},
        {0, NULL, 0, 0},
    };
    const char *v[4] = {0}, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        v[o] = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!v[1])
        return cli_usage(c, "which object? (-c HANDLE|FILE)");
    static cli_auth au;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    memset(&in, 0, sizeof in);
    if (cli_auth_parse(c, "-p", v[2] ? v[2] : "", &au))
        return CLI_USAGE;
    cli_object ob = {0};
    int status = cli_object_open(c, v[1], &ob);
    if (!status && !ob.name.size) {
        static tpm2l_ReadPublic_in ri;
        static tpm2l_ReadPublic_out ro;
        ri.objectHandle.handle = ob.handle;
        TPM2_RC rc = tpm2l_ReadPublic(&c->ctx, &ri, &ro);
        if (rc)
            status = cli_fail(c, rc, "ReadPublic");
        ob.name = ro.name;
    }
    if (!status)
        status = cli_auth_begin(c, &au);
    if (!status) {
        in.itemHandle.handle = ob.handle;
        in.itemHandle.name = ob.name;
        cli_auth_use(&au, &in.itemHandle);
        TPM2_RC rc = tpm2l_Unseal(&c->ctx, &in, &out);
        if (rc)
            status = cli_fail(c, rc, "Unseal");
    }
    status = cli_auth_end(c, &au, status);
    cli_object_done(c, &ob);
    tpm2l_cleanse(&in, sizeof in);
    if (!status && cli_write_file(c, v[3] ? v[3] : "-", out.outData.buffer, out.outData.size))
        status = CLI_FAIL;
    tpm2l_cleanse(&out, sizeof out);
    return status;
}
