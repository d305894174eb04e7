/* keystore.c - key files on the command line: parent handles, reading and writing
 * TSS2 PRIVATE KEY files, opening "a key" (file, context or handle) for a command, and
 * `tpm2lite loadkey`, which hands a key file to tpm2-tools as a context file.
 *
 * Must never touch the TPM before the arguments and the key file have been checked:
 * a malformed file is a message naming what is wrong, with no TPM needed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tools/tpm2lite/keystore.h"

const char help_loadkey[] =
    "Usage: tpm2lite loadkey [-P AUTH] -c CONTEXT KEYFILE\n"
    "\n"
    "Load a TSS2 PRIVATE KEY file (openssl_tpm2_engine, tpm2-openssl, tpm2lite importkey)\n"
    "under the parent it names and save the loaded key as a tpm2-tools context file, for\n"
    "tpm2_sign -c CONTEXT and friends. An importable key is imported first. Parent\n"
    "0x40000001 (owner) means the storage primary derived from the owner seed: ECC P-256\n"
    "with attributes 0x00030472, or RSA 2048 if the file sets rsaParent; it is created\n"
    "for the load and flushed again. A persistent parent (0x81xxxxxx) must exist.\n"
    "\n"
    "  -c, --key-context F  where to write the context file\n"
    "  -P, --auth A         the parent's authorization: the hierarchy's for 0x40000001,\n"
    "                       the parent key's for a persistent parent (default empty)\n"
    "  -T, --tcti S         the TPM to use (see tpm2lite --help)\n"
    "\n"
    "Prints the loaded key's name. The context is valid until the TPM is reset.\n";

int ks_parse_parent(const cli *c, const char *s, uint32_t *h)
{
    static const struct {
        const char *a, *b;
        uint32_t h;
    } names[] = {{"o", "owner", TPM2_RH_OWNER},
                 {"e", "endorsement", TPM2_RH_ENDORSEMENT},
                 {"p", "platform", TPM2_RH_PLATFORM},
                 {"n", "null", TPM2_RH_NULL}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].a) == 0 || strcmp(s, names[i].b) == 0) {
            *h = names[i].h;
            return CLI_OK;
        }
    /* create_tpm2_key takes the handle in hex without a prefix ("-p 81000001"). */
    const char *p = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? s + 2 : s;
    size_t n = strlen(p);
    uint32_t v = 0;
    if (n == 0 || n > 8)
        return cli_usage(c, "'%s' is not a parent handle (owner, 81000001, 0x81000001)", s);
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        unsigned d = (ch >= '0' && ch <= '9')   ? (unsigned)(ch - '0')
                     : (ch >= 'a' && ch <= 'f') ? (unsigned)(ch - 'a' + 10)
                     : (ch >= 'A' && ch <= 'F') ? (unsigned)(ch - 'A' + 10)
                                                : 16u;
        if (d > 15)
            return cli_usage(c, "'%s' is not a parent handle (owner, 81000001, 0x81000001)",
                             s);
        v = v << 4 | d;
    }
    if ((v >> 24) != TPM2_HT_PERSISTENT && v != TPM2_RH_OWNER && v != TPM2_RH_ENDORSEMENT &&
        v != TPM2_RH_PLATFORM && v != TPM2_RH_NULL)
        return cli_usage(c,
                         "parent 0x%08x is neither a hierarchy (0x40000001 owner ...) nor a "
                         "persistent handle (0x81xxxxxx)",
                         (unsigned)v);
    *h = v;
    return CLI_OK;
}

/* Key files are small: a 4096-bit key with policies stays far below this. */
#define KEYFILE_MAX 16384

int ks_key_read(const cli *c, const char *path, tpm2l_tpmkey *key)
{
    static uint8_t buf[KEYFILE_MAX], scratch[KEYFILE_MAX];
    size_t n;
    if (cli_read_file(c, path, buf, sizeof buf, &n))
        return CLI_FAIL;
    TPM2_RC rc = tpm2l_tpmkey_read(buf, n, scratch, sizeof scratch, key);
    tpm2l_cleanse(buf, sizeof buf);
    if (rc == TPM2L_RC_PARSE(TPM2L_E_NOT_FOUND))
        return cli_error(c, "'%s' is not a TSS2 PRIVATE KEY file (no \"-----BEGIN TSS2 "
                            "PRIVATE KEY-----\" line, and not DER)", path);
    if (rc)
        return cli_error(c, "'%s' is not a valid TSS2 PRIVATE KEY: %s [0x%08x]", path,
                         key->why[0] ? key->why : tpm2l_rc_str(rc).s, (unsigned)rc);
    return CLI_OK;
}

int ks_is_keyfile(const char *path)
{
    uint8_t b[4] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    if (n == 4 && b[0] == 0xBA && b[1] == 0xDC && b[2] == 0xC0 && b[3] == 0xDE)
        return 0;
    /* Anything else goes to the key-file reader, which says what is wrong with it. */
    return n > 0;
}

int ks_key_write(const cli *c, const char *path, const tpm2l_tpmkey *key)
{
    static char pem[KEYFILE_MAX];
    size_t len;
    TPM2_RC rc = tpm2l_tpmkey_to_pem(key, pem, sizeof pem, &len);
    if (rc)
        return cli_fail(c, rc, "encoding the key file");
    int fd = strcmp(path, "-") == 0 ? STDOUT_FILENO
                                    : open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return cli_error(c, "cannot create '%s': %s", path, strerror(errno));
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, pem + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    int e = off == len ? 0 : errno;
    if (fd != STDOUT_FILENO && close(fd) != 0 && !e)
        e = errno;
    if (off != len || e)
        return cli_error(c, "writing '%s' failed: %s", path, strerror(e ? e : EIO));
    return CLI_OK;
}

int ks_save_context(cli *c, const char *path, const tpm2l_handle *obj, const TPM2B_PUBLIC *pub)
{
    static tpm2l_ContextSave_in si;
    static tpm2l_ContextSave_out so;
    si.saveHandle = *obj;
    TPM2_RC rc = tpm2l_ContextSave(&c->ctx, &si, &so);
    if (rc)
        return cli_fail(c, rc, "ContextSave");
    return cli_ctxfile_write(c, path, &so.context, &obj->name, pub) ? CLI_FAIL : CLI_OK;
}

int ks_key_open(cli *c, const char *arg, const TPM2B_AUTH *parent_auth, cli_object *o,
                TPM2B_PUBLIC *pub, tpm2l_tpmkey **key_in)
{
    static tpm2l_tpmkey key;
    static tpm2l_tpmkey_loaded ld;
    memset(o, 0, sizeof *o);
    if (key_in)
        *key_in = NULL;
    int is_handle = arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X');
    if (is_handle || !ks_is_keyfile(arg)) {
        int status = cli_object_open(c, arg, o);
        if (status)
            return status;
        static tpm2l_ReadPublic_in ri;
        static tpm2l_ReadPublic_out ro;
        ri.objectHandle.handle = o->handle;
        ri.objectHandle.name = o->name; /* a context file's name is checked here */
        TPM2_RC rc = tpm2l_ReadPublic(&c->ctx, &ri, &ro);
        if (rc) {
            cli_object_done(c, o);
            return cli_fail(c, rc, "ReadPublic of the key");
        }
        o->name = ro.name;
        *pub = ro.outPublic;
        return CLI_OK;
    }
    if (ks_key_read(c, arg, &key))
        return CLI_FAIL;
    if (key.type == TPM2L_TPMKEY_SEALED)
        return cli_error(c, "'%s' holds sealed data, not a key", arg);
    int status = cli_connect(c);
    if (status)
        return status;
    TPM2_RC rc = tpm2l_tpmkey_load(&c->ctx, &key, parent_auth, &ld);
    if (rc)
        return cli_fail(c, rc, "loading the key file");
    o->handle = ld.object.handle;
    o->name = ld.object.name;
    o->loaded = 1;
    *pub = key.pub;
    if (key_in)
        *key_in = &key;
    return CLI_OK;
}

int cmd_loadkey(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{'c', "key-context", 1, 1}, {'P', "auth", 1, 2}, {0, NULL, 0, 0}};
    const char *v[3] = {0}, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        v[o] = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos != 1)
        return cli_usage(c, a.npos ? "one key file only" : "which key file? (loadkey -c CTX KEY)");
    if (!v[1])
        return cli_usage(c, "where to save the context? (-c FILE)");
    static TPM2B_AUTH pauth;
    if (v[2] && cli_parse_auth(c, "-P", v[2], &pauth))
        return CLI_USAGE;
    static tpm2l_tpmkey key;
    if (ks_key_read(c, a.pos[0], &key))
        return CLI_FAIL;
    if (key.type == TPM2L_TPMKEY_SEALED)
        return cli_error(c, "'%s' holds sealed data: use unseal, not loadkey", a.pos[0]);
    int status = cli_connect(c);
    if (status)
        return status;
    static tpm2l_tpmkey_loaded ld;
    TPM2_RC rc = tpm2l_tpmkey_load(&c->ctx, &key, &pauth, &ld);
    tpm2l_cleanse(&pauth, sizeof pauth);
    if (rc)
        return cli_fail(c, rc, "loading the key file");
    status = ks_save_context(c, v[1], &ld.object, &key.pub);
    tpm2l_FlushContext_in fl = {ld.object.handle};
    (void)tpm2l_FlushContext(&c->ctx, &fl);
    if (!status) {
        printf("name: ");
        cli_print_hex(stdout, ld.object.name.name, ld.object.name.size);
        printf("\n");
    }
    return status;
}
