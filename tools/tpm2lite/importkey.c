/* importkey.c - `tpm2lite importkey`: an RSA or ECC private key people already have
 * (PEM, as openssl writes it) turned into a TSS2 PRIVATE KEY under a TPM storage key,
 * the way openssl_tpm2_engine's `create_tpm2_key --wrap KEY -p PARENT` does.
 *
 * The key is wrapped in software to the parent's public key (tpm2l_wrap_for_import)
 * and then either Imported by the TPM (a loadable key, the default) or written as it
 * is (an importable key, which any TPM holding the parent can import later).
 * Must never write the private key anywhere but into the wrapping, and wipe its
 * sensitive area on every path.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "tools/tpm2lite/keystore.h"
#include "tpm2lite/credential.h"

const char help_importkey[] =
    "Usage: tpm2lite importkey -w KEY.pem [-o] OUT.pem [-p PARENT] [--rsa-parent]\n"
    "                          [-k AUTH] [-b AUTH] [-d] [--importable [--import PUB.pem]]\n"
    "                          [-c CTX]\n"
    "\n"
    "Wrap an existing RSA (1024..4096) or ECC (P-256/384/521) private key for the TPM and\n"
    "write it as a TSS2 PRIVATE KEY (the file format of openssl_tpm2_engine and\n"
    "tpm2-openssl: `openssl ... -provider tpm2 -provider default` loads it). The key\n"
    "gets nameAlg sha256 and attributes userwithauth|sign|decrypt|noda, as\n"
    "create_tpm2_key --wrap gives it; it is not fixedTPM, so it stays a key you had\n"
    "before. The options follow create_tpm2_key's where they exist.\n"
    "\n"
    "  -w, --wrap F, -i, --input F  the private key (PEM or DER, unencrypted)\n"
    "  -o, --output F        the TSS2 PRIVATE KEY file to write (mode 0600); may also\n"
    "                        be given as the last argument, as create_tpm2_key takes it\n"
    "  -p, --parent H        the parent: owner (the default, as create_tpm2_key), null,\n"
    "                        endorsement, platform, or a persistent handle in hex with or\n"
    "                        without 0x (81000001). A hierarchy means its derived storage\n"
    "                        primary: ECC P-256 with attributes 0x00030472, or RSA 2048\n"
    "                        with --rsa-parent; a persistent handle must be a storage key.\n"
    "      --rsa-parent      for a hierarchy parent, the RSA 2048 storage primary (the\n"
    "                        file's rsaParent flag)\n"
    "  -k, --key-auth A      the key's new password (str:, hex:, file:); default none\n"
    "  -b, -P, --auth-parent A  the parent's authorization (the hierarchy's for owner)\n"
    "  -d, --da              subject the key to dictionary-attack protection (no noda)\n"
    "      --importable      write an importable key (2.23.133.10.1.4) instead of\n"
    "                        importing it now; it is imported whenever it is loaded\n"
    "      --import F        with --importable: the parent's public key (PEM), so the\n"
    "                        TPM is not needed at all (parent nameAlg sha256, AES-128-CFB)\n"
    "  -c, --key-context F   also load the key and save a tpm2-tools context file\n"
    "  -T, --tcti S          the TPM to use (see tpm2lite --help)\n"
    "\n"
    "Example (the \"TPM2 and Linux\" keystore walkthrough):\n"
    "  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem\n"
    "  tpm2lite importkey -p 81000001 -w key.pem key.tss\n"
    "  tpm2lite sign -c key.tss -o sig.der message\n"
    "  openssl pkey -in key.pem -pubout -out pub.pem\n"
    "  openssl dgst -sha256 -verify pub.pem -signature sig.der message\n";

/* OpenSSL asks for a passphrase through this: we have none to give, so an encrypted
 * key fails with a message instead of a prompt on the terminal. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag;
    *(int *)u = 1;
    return -1;
}

static int read_private_key(const cli *c, const char *path, EVP_PKEY **out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cli_error(c, "cannot open '%s'", path);
    int asked = 0;
    *out = PEM_read_PrivateKey(f, NULL, no_passphrase, &asked);
    if (!*out) {
        rewind(f);
        *out = d2i_PrivateKey_fp(f, NULL); /* DER (PKCS#8 or traditional) */
    }
    fclose(f);
    if (!*out)
        return cli_error(c, "'%s' is %s", path,
                         asked ? "an encrypted private key: decrypt it first (openssl pkey)"
                               : "not a PEM or DER private key openssl can read");
    return CLI_OK;
}

/* The parent's public area from a PEM public key, as the storage template the parent
 * is assumed to have (what the wrapping's KDF and cipher depend on). */
static int parent_from_pem(cli *c, const char *path, int rsaParent, TPM2B_PUBLIC *out)
{
    static char pem[8192];
    size_t n;
    if (cli_read_file(c, path, (uint8_t *)pem, sizeof pem - 1, &n))
        return CLI_FAIL;
    pem[n] = '\0';
    static TPMT_PUBLIC got;
    TPM2_RC rc = tpm2l_pubkey_from_pem(NULL, pem, n, &got);
    if (rc)
        return cli_error(c, "'%s' is not a PEM public key we can use: %s", path,
                         tpm2l_rc_str(rc).s);
    memset(out, 0, sizeof *out);
    rc = tpm2l_tpmkey_parent_template(got.type == TPM2_ALG_RSA || rsaParent, &out->publicArea);
    if (rc)
        return cli_fail(c, rc, "the parent template");
    if (got.type != out->publicArea.type ||
        (got.type == TPM2_ALG_RSA && got.parameters.rsaDetail.keyBits != 2048) ||
        (got.type == TPM2_ALG_ECC &&
         got.parameters.eccDetail.curveID != TPM2_ECC_NIST_P256))
        return cli_error(c, "'%s': a parent must be RSA 2048 or ECC P-256", path);
    out->publicArea.unique = got.unique;
    return CLI_OK;
}

int cmd_importkey(cli *c, int argc, char **argv)
{
    enum { O_IN = 1, O_OUT, O_PARENT, O_RSA, O_KAUTH, O_PAUTH, O_IMPORTABLE, O_IMPORT, O_CTX,
           O_DA };
    static const cli_opt opts[] = {
        {'w', "wrap", 1, O_IN},       {'i', "input", 1, O_IN},
        {'o', "output", 1, O_OUT},    {'p', "parent", 1, O_PARENT},
        {0, "rsa-parent", 0, O_RSA},  {'k', "key-auth", 1, O_KAUTH},
        {'k', "password", 1, O_KAUTH}, {'d', "da", 0, O_DA},
        {'b', "auth-parent", 1, O_PAUTH}, {'P', NULL, 1, O_PAUTH},
        {0, "importable", 0, O_IMPORTABLE}, {0, "import", 1, O_IMPORT},
        {'c', "key-context", 1, O_CTX}, {0, NULL, 0, 0},
    };
    const char *v[O_DA + 1] = {0}, *arg;
    int rsa = 0, importable = 0, da = 0;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        v[o] = arg;
        rsa |= o == O_RSA;
        importable |= o == O_IMPORTABLE;
        da |= o == O_DA;
    }
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos == 1 && !v[O_OUT])
        v[O_OUT] = a.pos[0];
    else if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!v[O_IN] || !v[O_OUT])
        return cli_usage(c, "importkey needs -w KEY.pem and -o OUT.pem");
    if (v[O_IMPORT] && !importable)
        return cli_usage(c, "--import PUB.pem goes with --importable");
    if (v[O_IMPORT] && v[O_CTX])
        return cli_usage(c, "--import means no TPM: -c cannot load the key");
    uint32_t parent = TPM2_RH_OWNER;
    if (v[O_PARENT] && ks_parse_parent(c, v[O_PARENT], &parent))
        return CLI_USAGE;
    if (rsa && (parent >> 24) == TPM2_HT_PERSISTENT)
        return cli_usage(c, "--rsa-parent picks a hierarchy's RSA primary: a persistent "
                            "parent is what it is");
    static TPM2B_AUTH kauth, pauth;
    memset(&kauth, 0, sizeof kauth);
    memset(&pauth, 0, sizeof pauth);
    if ((v[O_KAUTH] && cli_parse_auth(c, "-k", v[O_KAUTH], &kauth)) ||
        (v[O_PAUTH] && cli_parse_auth(c, "-b", v[O_PAUTH], &pauth)))
        return CLI_USAGE;

    EVP_PKEY *pkey = NULL;
    if (read_private_key(c, v[O_IN], &pkey))
        return CLI_FAIL;
    static tpm2l_tpmkey key;
    static TPMT_SENSITIVE sens;
    static tpm2l_tpmkey_parent par;
    memset(&key, 0, sizeof key);
    memset(&par, 0, sizeof par);
    /* noDA unless asked, as create_tpm2_key does: a key shared with software is not
     * worth locking the whole TPM's dictionary-attack counter over. */
    TPMA_OBJECT attrs = TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_SIGN_ENCRYPT |
                        TPMA_OBJECT_DECRYPT | (da ? 0 : TPMA_OBJECT_NODA);
    TPM2_RC rc = tpm2l_key_from_evp(pkey, TPM2_ALG_SHA256, attrs, &kauth,
                                    &key.pub.publicArea, &sens);
    EVP_PKEY_free(pkey);
    int status = CLI_OK, opened = 0;
    if (rc)
        status = cli_error(c, "'%s': %s (RSA 1024..4096 or ECC P-256/384/521 only)", v[O_IN],
                           tpm2l_rc_str(rc).s);
    if (!status && v[O_IMPORT]) {
        status = parent_from_pem(c, v[O_IMPORT], rsa, &par.pub);
        /* An RSA public key for a hierarchy parent can only be its RSA primary. */
        rsa |= !status && par.pub.publicArea.type == TPM2_ALG_RSA &&
               (parent >> 24) != TPM2_HT_PERSISTENT;
    }
    else if (!status && !(status = cli_connect(c))) {
        rc = tpm2l_tpmkey_parent_open(&c->ctx, parent, rsa, &pauth, &par);
        if (rc)
            status = cli_fail(c, rc, "opening the parent");
        else
            opened = 1;
    }
    static TPM2B_PRIVATE dup;
    static TPM2B_ENCRYPTED_SECRET seed;
    if (!status) {
        rc = tpm2l_wrap_for_import(c->connected ? &c->ctx.crypto : NULL, &par.pub.publicArea,
                                   &sens, &key.pub.publicArea, &dup, &seed);
        if (rc)
            status = cli_fail(c, rc, "wrapping the key for its parent");
    }
    tpm2l_cleanse(&sens, sizeof sens);
    /* The file writer refuses an unset public area by its size; the marshaller
     * computes the real size, so any non-zero value marks it set. */
    key.pub.size = 1;
    key.emptyAuth = kauth.size == 0;
    key.parent = parent;
    key.rsaParent = rsa;
    if (!status && importable) {
        key.type = TPM2L_TPMKEY_IMPORTABLE;
        key.priv = dup;
        key.secret = seed;
    } else if (!status) {
        key.type = TPM2L_TPMKEY_LOADABLE;
        rc = tpm2l_tpmkey_import(&c->ctx, &par, &pauth, &key.pub, &dup, &seed, &key.priv);
        if (rc)
            status = cli_fail(c, rc, "Import");
    }
    if (opened)
        tpm2l_tpmkey_parent_close(&c->ctx, &par);
    if (!status)
        status = ks_key_write(c, v[O_OUT], &key);
    if (!status && v[O_CTX]) {
        static tpm2l_tpmkey_loaded ld;
        rc = tpm2l_tpmkey_load(&c->ctx, &key, &pauth, &ld);
        if (rc)
            status = cli_fail(c, rc, "loading the key");
        else {
            status = ks_save_context(c, v[O_CTX], &ld.object, &key.pub);
            tpm2l_FlushContext_in fl = {ld.object.handle};
            (void)tpm2l_FlushContext(&c->ctx, &fl);
        }
    }
    tpm2l_cleanse(&kauth, sizeof kauth);
    tpm2l_cleanse(&pauth, sizeof pauth);
    if (!status) {
        static TPM2B_NAME name;
        if (!tpm2l_name_from_public(&key.pub.publicArea, &name)) {
            printf("name: ");
            cli_print_hex(stdout, name.name, name.size);
            printf("\n");
        }
        printf("type: %s\nparent: 0x%08x\n", importable ? "importable" : "loadable",
               (unsigned)parent);
    }
    return status;
}
