/* attest.c - tpm2lite attest: openssl_tpm2_engine's attest_tpm2_primary on our
 * library. --eksign prints the signing EK's name (store it once, e.g. in
 * /etc/eksign.name); --attest CERT binds that key to the EK certificate through
 * MakeCredential / ActivateCredential (attest_cred.c); --certify H proves, with the
 * signing EK, that hierarchy H's storage primary (the kernel's NULL key for null) is
 * the key this TPM holds.
 *
 * Must never report success unless every check passed: the signing EK's name against
 * the name file, and for --certify the signature and every field of the attestation
 * (magic, type, extraData, qualifiedSigner, name, qualifiedName), checked in software
 * by tpm2l_attest_verify. Every object loaded here is flushed before exit.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tools/tpm2lite/attest_int.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/templates.h"

const char help_attest[] =
    "Usage: tpm2lite attest --eksign [-n NAMEFILE] [-f PEM]\n"
    "       tpm2lite attest --attest CERT [-n NAMEFILE] [-f PEM]\n"
    "       tpm2lite attest --certify null|owner|endorsement|platform -n NAMEFILE\n"
    "                       [HNAMEFILE] [-o] [-f PEM]\n"
    "\n"
    "attest_tpm2_primary (openssl_tpm2_engine) on tpm2lite. The signing EK is the\n"
    "restricted ECC P-256 ECDSA-SHA256 primary of the endorsement hierarchy (attributes\n"
    "0x00050472): it never changes while the endorsement seed does not.\n"
    "\n"
    "  -E, --eksign         derive the signing EK and print its name in hex (save it:\n"
    "                       tpm2lite attest --eksign > /etc/eksign.name); with -n, check\n"
    "                       it against NAMEFILE instead of printing it\n"
    "  -A, --attest CERT    prove the signing EK lives in the TPM that holds the EK of the\n"
    "                       X.509 certificate CERT (PEM or DER): a credential for the\n"
    "                       signing EK's name, encrypted to the certificate's key, must be\n"
    "                       released by ActivateCredential. The EK is derived from the\n"
    "                       TPM's NV EK template/nonce if present, else the L, then the H\n"
    "                       template, and must have the certificate's key. Check that CERT\n"
    "                       chains to the manufacturer yourself (openssl verify).\n"
    "  -C, --certify H      derive hierarchy H's storage primary (ECC P-256 'H' storage\n"
    "                       template, the kernel's NULL key for null) and certify it with\n"
    "                       the signing EK; the attestation is verified in software. With\n"
    "                       HNAMEFILE (e.g. /sys/class/tpm/tpm0/null_name) the primary's\n"
    "                       name must equal the name in it.\n"
    "  -n, --name F         the signing EK's name file (hex); required for --certify\n"
    "  -o, --outname        --certify: print the certified key's name in hex\n"
    "  -f, --file F         write the public key (signing EK, or the certified key) as PEM\n"
    "  -P, --eh-auth A      the endorsement hierarchy's authorization (plain, str:, hex:,\n"
    "                       file:); default empty\n"
    "  -T, --tcti S         the TPM to use (see tpm2lite --help)\n"
    "\n"
    "Exit status: 0 verified, 1 a check or the TPM failed (stderr says which), 2 usage.\n";

/* ---- shared with attest_cred.c ---- */

int att_flush(cli *c, TPM2_HANDLE h)
{
    if (!h)
        return CLI_OK;
    tpm2l_FlushContext_in in = {h};
    TPM2_RC rc = tpm2l_FlushContext(&c->ctx, &in);
    return rc ? cli_fail(c, rc, "FlushContext") : CLI_OK;
}

int att_signing_ek(cli *c, const TPM2B_AUTH *eauth, tpm2l_CreatePrimary_out *out)
{
    static tpm2l_CreatePrimary_in in;
    memset(&in, 0, sizeof in);
    TPM2_RC rc = tpm2l_auth_handle_set(&in.primaryHandle, TPM2_RH_ENDORSEMENT, eauth->buffer,
                                       eauth->size);
    if (!rc)
        rc = tpm2l_template_get(TPM2L_TPL_EK_SIGNING, &in.inPublic.publicArea);
    if (!rc)
        rc = tpm2l_CreatePrimary(&c->ctx, &in, out);
    tpm2l_cleanse(&in, sizeof in);
    return rc ? cli_fail(c, rc, "CreatePrimary of the signing EK") : CLI_OK;
}

int att_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *n)
{
    size_t len = strlen(s);
    if (len % 2 || len / 2 > cap)
        return -1;
    for (size_t i = 0; i < len; i += 2) {
        int v = 0;
        for (size_t k = 0; k < 2; k++) {
            int ch = tolower((unsigned char)s[i + k]);
            int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
            if (d < 0)
                return -1;
            v = v * 16 + d;
        }
        out[i / 2] = (uint8_t)v;
    }
    *n = len / 2;
    return 0;
}

static void hex_name(const TPM2B_NAME *n, char *s)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n->size; i++) {
        s[2 * i] = digits[n->name[i] >> 4];
        s[2 * i + 1] = digits[n->name[i] & 15];
    }
    s[2 * n->size] = '\0';
}

int att_name_check(cli *c, const char *path, const TPM2B_NAME *name, const char *what)
{
    static uint8_t buf[4096];
    char want[2 * sizeof name->name + 1];
    size_t n;
    if (cli_read_file(c, path, buf, sizeof buf - 1, &n))
        return CLI_FAIL;
    while (n && isspace(buf[n - 1]))
        n--;
    buf[n] = '\0';
    hex_name(name, want);
    size_t wl = strlen(want);
    int same = n == wl;
    for (size_t i = 0; same && i < n; i++)
        same = tolower(buf[i]) == want[i];
    if (same)
        return CLI_OK;
    return cli_error(c, "%s's name does not match %s:\n  TPM:  %s\n  file: %.*s%s", what,
                     path, want, (int)(n > 140 ? 140 : n), (const char *)buf,
                     n > 140 ? "..." : "");
}

int att_write_pem(cli *c, const char *path, const TPMT_PUBLIC *pub)
{
    static char pem[4096];
    size_t len;
    TPM2_RC rc = tpm2l_pubkey_to_pem(&c->ctx.crypto, pub, pem, sizeof pem, &len);
    if (rc)
        return cli_fail(c, rc, "PEM of the public key");
    return cli_write_file(c, path, pem, len) ? CLI_FAIL : CLI_OK;
}

/* ---- --eksign ---- */

static int eksign(cli *c, const char *name_path, const char *pem_path, const TPM2B_AUTH *eauth)
{
    static tpm2l_CreatePrimary_out ek;
    int status = att_signing_ek(c, eauth, &ek);
    if (status)
        return status;
    status = att_flush(c, ek.objectHandle.handle);
    if (!status && name_path)
        status = att_name_check(c, name_path, &ek.name, "the signing EK");
    if (status)
        return status;
    if (!name_path) {
        char hex[2 * sizeof ek.name.name + 1];
        hex_name(&ek.name, hex);
        printf("%s\n", hex);
    }
    return pem_path ? att_write_pem(c, pem_path, &ek.outPublic.publicArea) : CLI_OK;
}

/* ---- --certify ---- */

/* attest_tpm2_primary's hierarchy words, and tpm2-tools' letters. */
static int parse_certify_hierarchy(const char *s, TPM2_HANDLE *h)
{
    static const struct {
        const char *word;
        TPM2_HANDLE h;
    } w[] = {{"null", TPM2_RH_NULL}, {"owner", TPM2_RH_OWNER},
             {"endorsement", TPM2_RH_ENDORSEMENT}, {"platform", TPM2_RH_PLATFORM},
             {"n", TPM2_RH_NULL}, {"o", TPM2_RH_OWNER}, {"e", TPM2_RH_ENDORSEMENT},
             {"p", TPM2_RH_PLATFORM}};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (strcmp(s, w[i].word) == 0) {
            *h = w[i].h;
            return 0;
        }
    return -1;
}

/* A test-only fault: TPM2LITE_TEST_TAMPER=attest:N flips a bit of byte N of the
 * attestation, =sig a bit of the signature, before the software checks run. It can
 * only make a genuine attestation fail, never make a bad one pass, so it is safe to
 * leave in; the tests use it to show each check names what it caught. */
static void test_tamper(TPM2B_ATTEST *a, TPMT_SIGNATURE *s)
{
    const char *t = getenv("TPM2LITE_TEST_TAMPER");
    if (!t)
        return;
    if (strncmp(t, "attest:", 7) == 0) {
        unsigned long i = strtoul(t + 7, NULL, 10);
        if (i < a->size)
            a->attestationData[i] ^= 1;
    } else if (strcmp(t, "sig") == 0 && s->sigAlg == TPM2_ALG_ECDSA &&
               s->signature.ecdsa.signatureS.size) {
        s->signature.ecdsa.signatureS.buffer[0] ^= 0x10;
    }
}

typedef struct {
    tpm2l_CreatePrimary_out key, ek;
    tpm2l_Certify_in in;
    tpm2l_Certify_out out;
    TPMS_ATTEST parsed;
} certify_state;

/* Certify st->key with st->ek and check the result in software. */
static int certify_and_verify(cli *c, certify_state *st, TPM2_HANDLE hier)
{
    memset(&st->in, 0, sizeof st->in);
    st->in.objectHandle.handle = st->key.objectHandle.handle;
    st->in.objectHandle.name = st->key.name;
    st->in.signHandle.handle = st->ek.objectHandle.handle;
    st->in.signHandle.name = st->ek.name;
    st->in.qualifyingData.size = 32;
    st->in.inScheme.scheme = TPM2_ALG_NULL; /* restricted: its own ECDSA-SHA256 */
    TPM2_RC rc = tpm2l_random(&c->ctx, st->in.qualifyingData.buffer, 32);
    if (rc)
        return cli_fail(c, rc, "random qualifying data");
    rc = tpm2l_Certify(&c->ctx, &st->in, &st->out);
    if (rc)
        return cli_fail(c, rc, "Certify");
    test_tamper(&st->out.certifyInfo, &st->out.signature);

    /* The qualified names are computed here from what we derived, never read from
     * the attestation: qualifiedSigner = H(endorsement || signing EK name). */
    TPM2B_NAME eh, hh, signer_qn, key_qn;
    if ((rc = tpm2l_name_from_handle(TPM2_RH_ENDORSEMENT, &eh)) != 0 ||
        (rc = tpm2l_name_from_handle(hier, &hh)) != 0 ||
        (rc = tpm2l_qualified_name(&c->ctx.crypto, &eh, &st->ek.name, &signer_qn)) != 0 ||
        (rc = tpm2l_qualified_name(&c->ctx.crypto, &hh, &st->key.name, &key_qn)) != 0)
        return cli_fail(c, rc, "qualified names");
    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_CERTIFY;
    e.extraData = &st->in.qualifyingData;
    e.qualifiedSigner = &signer_qn;
    e.name = &st->key.name;
    e.qualifiedName = &key_qn;
    tpm2l_verify_result res;
    rc = tpm2l_attest_verify(&c->ctx.crypto, &st->ek.outPublic.publicArea,
                             &st->out.certifyInfo, &st->out.signature, &e, &st->parsed, &res);
    if (rc)
        return cli_error(c, "the certification failed the %s check: %s",
                         tpm2l_verify_check_str(res.failed), res.detail);
    return CLI_OK;
}

static int certify(cli *c, TPM2_HANDLE hier, const char *name_path, const char *hname_path,
                   int outname, const char *pem_path, const TPM2B_AUTH *eauth)
{
    static certify_state st;
    static tpm2l_CreatePrimary_in in;
    memset(&st, 0, sizeof st);
    memset(&in, 0, sizeof in);
    /* The hierarchy's own auth: the endorsement one when it is that hierarchy; owner
     * and platform are taken to have empty auth (as attest_tpm2_primary does). */
    const TPM2B_AUTH *ha = hier == TPM2_RH_ENDORSEMENT ? eauth : NULL;
    TPM2_RC rc = tpm2l_auth_handle_set(&in.primaryHandle, hier, ha ? ha->buffer : NULL,
                                       ha ? ha->size : 0);
    if (!rc)
        rc = tpm2l_template_get(TPM2L_TPL_NULL_KEY, &in.inPublic.publicArea);
    if (!rc)
        rc = tpm2l_CreatePrimary(&c->ctx, &in, &st.key);
    tpm2l_cleanse(&in, sizeof in);
    if (rc)
        return cli_fail(c, rc, "CreatePrimary of the storage primary");
    int status = hname_path ? att_name_check(c, hname_path, &st.key.name, "the storage primary")
                            : CLI_OK;
    if (!status)
        status = att_signing_ek(c, eauth, &st.ek);
    if (!status)
        status = att_name_check(c, name_path, &st.ek.name, "the signing EK");
    if (!status)
        status = certify_and_verify(c, &st, hier);
    int fs = att_flush(c, st.ek.objectHandle.handle);
    int fk = att_flush(c, st.key.objectHandle.handle);
    if (status || fs || fk)
        return status ? status : CLI_FAIL;

    if (outname) {
        char hex[2 * sizeof st.key.name.name + 1];
        hex_name(&st.key.name, hex);
        printf("%s\n", hex);
    } else {
        const TPMS_CLOCK_INFO *ci = &st.parsed.clockInfo;
        printf("Good certification from TPM at clock %llu.%03u s, reset count %u\n",
               (unsigned long long)(ci->clock / 1000), (unsigned)(ci->clock % 1000),
               (unsigned)ci->resetCount);
    }
    return pem_path ? att_write_pem(c, pem_path, &st.key.outPublic.publicArea) : CLI_OK;
}

/* ---- the command ---- */

enum { OPT_EKSIGN = 1, OPT_ATTEST, OPT_CERTIFY, OPT_NAME, OPT_OUTNAME, OPT_FILE, OPT_EHAUTH };

int cmd_attest(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'E', "eksign", 0, OPT_EKSIGN}, {'A', "attest", 1, OPT_ATTEST},
        {'C', "certify", 1, OPT_CERTIFY}, {'n', "name", 1, OPT_NAME},
        {'o', "outname", 0, OPT_OUTNAME}, {'f', "file", 1, OPT_FILE},
        {'P', "eh-auth", 1, OPT_EHAUTH}, {0, NULL, 0, 0},
    };
    const char *cert = NULL, *hier_s = NULL, *name_path = NULL, *pem = NULL, *ehauth = NULL;
    const char *arg;
    int eks = 0, outname = 0, o;
    cli_args a;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        switch (o) {
        case OPT_EKSIGN: eks = 1; break;
        case OPT_ATTEST: cert = arg; break;
        case OPT_CERTIFY: hier_s = arg; break;
        case OPT_NAME: name_path = arg; break;
        case OPT_OUTNAME: outname = 1; break;
        case OPT_FILE: pem = arg; break;
        default: ehauth = arg; break;
        }
    }
    if (o < 0)
        return cli_args_exit(o);
    if (eks + !!cert + !!hier_s != 1)
        return cli_usage(c, "give exactly one of --eksign, --attest CERT, --certify H");
    if (a.npos > (hier_s ? 1 : 0))
        return cli_usage(c, "unexpected argument '%s'", a.pos[hier_s ? 1 : 0]);
    if (outname && !hier_s)
        return cli_usage(c, "-o/--outname goes with --certify");
    TPM2_HANDLE hier = 0;
    if (hier_s && parse_certify_hierarchy(hier_s, &hier))
        return cli_usage(c, "--certify: '%s' is not null, owner, endorsement or platform",
                         hier_s);
    if (hier_s && !name_path)
        return cli_usage(c, "--certify needs the signing EK's name file (-n FILE)");
    static TPM2B_AUTH eauth;
    memset(&eauth, 0, sizeof eauth);
    if (ehauth && cli_parse_auth(c, "-P", ehauth, &eauth))
        return CLI_USAGE;

    static TPMT_PUBLIC cert_pub;
    int status = cert ? att_cert_key(c, cert, &cert_pub) : CLI_OK;
    if (!status)
        status = cli_connect(c);
    if (!status) {
        if (eks)
            status = eksign(c, name_path, pem, &eauth);
        else if (cert)
            status = att_attest(c, cert, &cert_pub, name_path, pem, &eauth);
        else
            status = certify(c, hier, name_path, a.npos ? a.pos[0] : NULL, outname, pem, &eauth);
    }
    tpm2l_cleanse(&eauth, sizeof eauth);
    return status;
}
