/* object.c - tpm2lite createprimary and readpublic, and naming an object on the
 * command line by handle or context file.
 *
 * createprimary uses the command layer's tpm2_createprimary templates, so the same
 * hierarchy gives the same key and name as tpm2-tools. Every transient object this
 * process loads is flushed before it exits: one CLI run is one process, and an object
 * left behind would fill the TPM's three or so object slots (-c saves a context
 * first; the saved context stays usable after the flush).
 */
#include <string.h>

#include "tools/tpm2lite/cli.h"
#include "tpm2lite/marshal.h"

const char help_createprimary[] =
    "Usage: tpm2lite createprimary [-C o|e|n|p] [-G ALG] [-g HASH] [-P AUTH] [-p AUTH]\n"
    "                              [-c FILE]\n"
    "\n"
    "Create a primary key from tpm2_createprimary's default template (attributes\n"
    "0x00030072: fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|decrypt,\n"
    "AES-128-CFB, scheme NULL, empty unique and policy), so the same hierarchy gives the\n"
    "same key and name as tpm2-tools. Prints its handle, name and public area; the key is\n"
    "flushed before exit.\n"
    "\n"
    "  -C, --hierarchy H      o owner (default), e endorsement, n null, p platform\n"
    "  -G, --key-algorithm A  rsa2048 (default, also rsa) or ecc256 (also ecc)\n"
    "  -g, --hash-algorithm H the name algorithm: sha256 (default), sha1, sha384, sha512\n"
    "  -P, --hierarchy-auth A the hierarchy's authorization (any form: plain, str:, hex:,\n"
    "                         file:, session:FILE[+AUTH], pcr:SPEC[=FILE])\n"
    "  -p, --key-auth A       the new key's authorization (plain, str:, hex:, file:)\n"
    "  -c, --key-context F    save the key's context to F (tpm2-tools context file)\n"
    "  -T, --tcti S           the TPM to use (see tpm2lite --help)\n";

const char help_readpublic[] =
    "Usage: tpm2lite readpublic -c HANDLE|FILE [-o FILE] [-n FILE]\n"
    "\n"
    "Print an object's name, qualified name and public area (TPM2_ReadPublic; the name is\n"
    "recomputed from the public area and checked).\n"
    "\n"
    "  -c, --object-context X  a 0x handle (0x81000001) or a context file (tpm2lite's or\n"
    "                          tpm2-tools')\n"
    "  -o, --output F          write the public area (marshalled TPM2B_PUBLIC) to F\n"
    "  -n, --name F            write the name (binary) to F\n"
    "  -T, --tcti S            the TPM to use (see tpm2lite --help)\n";

/* ---- objects named on the command line ---- */

int cli_object_open(cli *c, const char *arg, cli_object *o)
{
    memset(o, 0, sizeof *o);
    uint32_t h;
    if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
        if (cli_parse_u32(arg, UINT32_MAX, &h))
            return cli_usage(c, "'%s' is not a handle", arg);
        o->handle = h;
        return cli_connect(c);
    }
    static tpm2l_ContextLoad_in in;
    if (cli_ctxfile_read(c, arg, &in.context, &in.name))
        return CLI_FAIL;
    int status = cli_connect(c);
    if (status)
        return status;
    tpm2l_ContextLoad_out out;
    TPM2_RC rc = tpm2l_ContextLoad(&c->ctx, &in, &out);
    if (rc)
        return cli_fail(c, rc, "ContextLoad");
    o->handle = out.loadedHandle.handle;
    o->name = out.loadedHandle.name;
    o->loaded = 1;
    return CLI_OK;
}

void cli_object_done(cli *c, cli_object *o)
{
    if (!o->loaded)
        return;
    tpm2l_FlushContext_in in = {o->handle};
    TPM2_RC rc = tpm2l_FlushContext(&c->ctx, &in);
    if (rc)
        cli_fail(c, rc, "FlushContext of the loaded context");
    o->loaded = 0;
}

/* ---- printing a public area like tpm2-tools ---- */

static void alg_kv(const char *label, TPM2_ALG_ID alg)
{
    const char *n = cli_alg_name(alg);
    printf("%s:\n  value: %s\n  raw: 0x%x\n", label, n ? n : "(null)", (unsigned)alg);
}

static void print_sym(const TPMT_SYM_DEF_OBJECT *s)
{
    alg_kv("sym-alg", s->algorithm);
    if (s->algorithm == TPM2_ALG_NULL)
        return;
    alg_kv("sym-mode", s->mode.sym);
    printf("sym-keybits: %u\n", (unsigned)s->keyBits.sym);
}

static void print_scheme(TPM2_ALG_ID scheme, TPM2_ALG_ID halg)
{
    alg_kv("scheme", scheme);
    alg_kv("scheme-halg", scheme == TPM2_ALG_NULL ? 0 : halg);
}

void cli_print_public(const TPMT_PUBLIC *p)
{
    char attrs[200];
    alg_kv("name-alg", p->nameAlg);
    cli_object_attrs(p->objectAttributes, attrs, sizeof attrs);
    printf("attributes:\n  value: %s\n  raw: 0x%x\n", attrs, (unsigned)p->objectAttributes);
    alg_kv("type", p->type);
    switch (p->type) {
    case TPM2_ALG_RSA: {
        const TPMS_RSA_PARMS *r = &p->parameters.rsaDetail;
        printf("exponent: %lu\n", r->exponent ? (unsigned long)r->exponent : 65537ul);
        printf("bits: %u\n", (unsigned)r->keyBits);
        print_scheme(r->scheme.scheme, r->scheme.details.anySig.hashAlg);
        print_sym(&r->symmetric);
        printf("rsa: ");
        cli_print_hex(stdout, p->unique.rsa.buffer, p->unique.rsa.size);
        printf("\n");
        break;
    }
    case TPM2_ALG_ECC: {
        const TPMS_ECC_PARMS *e = &p->parameters.eccDetail;
        const char *curve = cli_curve_name(e->curveID);
        printf("curve-id:\n  value: %s\n  raw: 0x%x\n", curve ? curve + 9 : "(unknown)",
               (unsigned)e->curveID);
        alg_kv("kdfa-alg", e->kdf.scheme);
        alg_kv("kdfa-halg", e->kdf.scheme == TPM2_ALG_NULL ? 0 : e->kdf.details.mgf1.hashAlg);
        print_scheme(e->scheme.scheme, e->scheme.details.anySig.hashAlg);
        print_sym(&e->symmetric);
        printf("x: ");
        cli_print_hex(stdout, p->unique.ecc.x.buffer, p->unique.ecc.x.size);
        printf("\ny: ");
        cli_print_hex(stdout, p->unique.ecc.y.buffer, p->unique.ecc.y.size);
        printf("\n");
        break;
    }
    case TPM2_ALG_KEYEDHASH: {
        const TPMT_KEYEDHASH_SCHEME *s = &p->parameters.keyedHashDetail.scheme;
        print_scheme(s->scheme, s->details.hmac.hashAlg);
        printf("keyedhash: ");
        cli_print_hex(stdout, p->unique.keyedHash.buffer, p->unique.keyedHash.size);
        printf("\n");
        break;
    }
    case TPM2_ALG_SYMCIPHER:
        print_sym(&p->parameters.symDetail.sym);
        printf("symcipher: ");
        cli_print_hex(stdout, p->unique.sym.buffer, p->unique.sym.size);
        printf("\n");
        break;
    default:
        break;
    }
    if (p->authPolicy.size) {
        printf("authorization policy: ");
        cli_print_hex(stdout, p->authPolicy.buffer, p->authPolicy.size);
        printf("\n");
    }
}

/* ---- createprimary ---- */

enum { OPT_HIER = 1, OPT_ALG, OPT_HASH, OPT_HAUTH, OPT_KAUTH, OPT_CTX };

static int parse_key_alg(const char *s, TPM2_ALG_ID *type)
{
    if (!strcmp(s, "rsa") || !strcmp(s, "rsa2048") || !strcmp(s, "rsa2048:null:aes128cfb"))
        *type = TPM2_ALG_RSA;
    else if (!strcmp(s, "ecc") || !strcmp(s, "ecc256") || !strcmp(s, "ecc256:null:aes128cfb"))
        *type = TPM2_ALG_ECC;
    else
        return -1;
    return 0;
}

/* Save (if asked) and flush the new primary; returns an exit status. */
static int save_and_flush(cli *c, const tpm2l_handle *h, const TPM2B_PUBLIC *pub,
                          const char *ctx_path)
{
    int status = CLI_OK;
    if (ctx_path) {
        static tpm2l_ContextSave_out saved;
        tpm2l_ContextSave_in in;
        in.saveHandle = *h;
        TPM2_RC rc = tpm2l_ContextSave(&c->ctx, &in, &saved);
        if (rc)
            status = cli_fail(c, rc, "ContextSave");
        else
            status = cli_ctxfile_write(c, ctx_path, &saved.context, &h->name, pub);
    }
    tpm2l_FlushContext_in fin = {h->handle};
    TPM2_RC rc = tpm2l_FlushContext(&c->ctx, &fin);
    if (rc)
        return cli_fail(c, rc, "FlushContext");
    return status;
}

int cmd_createprimary(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, OPT_HIER},     {'G', "key-algorithm", 1, OPT_ALG},
        {'g', "hash-algorithm", 1, OPT_HASH}, {'P', "hierarchy-auth", 1, OPT_HAUTH},
        {'p', "key-auth", 1, OPT_KAUTH},     {'c', "key-context", 1, OPT_CTX},
        {0, NULL, 0, 0},
    };
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    const char *hier = "o", *alg = "rsa2048", *hash = "sha256", *hauth = NULL, *kauth = NULL;
    const char *ctx_path = NULL, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        switch (o) {
        case OPT_HIER: hier = arg; break;
        case OPT_ALG: alg = arg; break;
        case OPT_HASH: hash = arg; break;
        case OPT_HAUTH: hauth = arg; break;
        case OPT_KAUTH: kauth = arg; break;
        default: ctx_path = arg; break;
        }
    }
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    TPM2_HANDLE hh;
    if (cli_parse_hierarchy(hier, "oenp", &hh))
        return cli_usage(c, "-C: '%s' is not o, e, n or p", hier);
    TPM2_ALG_ID type, name_alg = cli_hash_alg(hash);
    if (parse_key_alg(alg, &type))
        return cli_usage(c, "-G: '%s' is not rsa2048 or ecc256", alg);
    if (name_alg == TPM2_ALG_NULL || name_alg == TPM2_ALG_SM3_256)
        return cli_usage(c, "-g: '%s' is not sha1, sha256, sha384 or sha512", hash);

    memset(&in, 0, sizeof in);
    TPM2_RC rc = tpm2l_auth_handle_set(&in.primaryHandle, hh, NULL, 0);
    if (!rc)
        rc = tpm2l_template_primary(&in.inPublic.publicArea, type);
    if (rc)
        return cli_fail(c, rc, "building the request");
    in.inPublic.publicArea.nameAlg = name_alg;
    int status = CLI_OK;
    static cli_auth ha;
    if (cli_auth_parse(c, "-P", hauth ? hauth : "", &ha))
        return CLI_USAGE;
    if (kauth && cli_parse_auth(c, "-p", kauth, &in.inSensitive.sensitive.userAuth))
        status = CLI_USAGE;
    if (!status)
        status = cli_auth_begin(c, &ha);
    if (!status) {
        cli_auth_use(&ha, &in.primaryHandle);
        rc = tpm2l_CreatePrimary(&c->ctx, &in, &out);
        if (rc)
            status = cli_fail(c, rc, "CreatePrimary");
    }
    status = cli_auth_end(c, &ha, status);
    tpm2l_cleanse(&in, sizeof in);
    if (status)
        return status;

    printf("handle: 0x%X\n", (unsigned)out.objectHandle.handle);
    printf("name: ");
    cli_print_hex(stdout, out.name.name, out.name.size);
    printf("\n");
    cli_print_public(&out.outPublic.publicArea);
    return save_and_flush(c, &out.objectHandle, &out.outPublic, ctx_path);
}

/* ---- readpublic ---- */

int cmd_readpublic(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'c', "object-context", 1, 1},
        {'o', "output", 1, 2},
        {'n', "name", 1, 3},
        {0, NULL, 0, 0},
    };
    const char *obj = NULL, *pub_path = NULL, *name_path = NULL, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        if (o == 1)
            obj = arg;
        else if (o == 2)
            pub_path = arg;
        else
            name_path = arg;
    }
    if (o < 0)
        return cli_args_exit(o);
    if (!obj && a.npos == 1)
        obj = a.pos[0];
    else if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!obj)
        return cli_usage(c, "which object? (-c HANDLE|FILE)");

    cli_object ob;
    int status = cli_object_open(c, obj, &ob);
    if (status)
        return status;
    static tpm2l_ReadPublic_in in;
    static tpm2l_ReadPublic_out out;
    in.objectHandle.handle = ob.handle;
    in.objectHandle.name = ob.name;
    TPM2_RC rc = tpm2l_ReadPublic(&c->ctx, &in, &out);
    cli_object_done(c, &ob);
    if (rc)
        return cli_fail(c, rc, "ReadPublic");

    printf("name: ");
    cli_print_hex(stdout, out.name.name, out.name.size);
    printf("\nqualified name: ");
    cli_print_hex(stdout, out.qualifiedName.name, out.qualifiedName.size);
    printf("\n");
    cli_print_public(&out.outPublic.publicArea);
    if (name_path && cli_write_file(c, name_path, out.name.name, out.name.size))
        return CLI_FAIL;
    if (pub_path) {
        static uint8_t buf[sizeof(TPM2B_PUBLIC) + 2];
        tpm2l_wcur w;
        size_t len;
        tpm2l_wcur_init(&w, buf, sizeof buf);
        tpm2l_marshal_TPM2B_PUBLIC(&w, &out.outPublic);
        rc = tpm2l_wcur_finish(&w, &len);
        if (rc)
            return cli_fail(c, rc, "marshalling the public area");
        if (cli_write_file(c, pub_path, buf, len))
            return CLI_FAIL;
    }
    return CLI_OK;
}
