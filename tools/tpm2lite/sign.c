/* sign.c - `tpm2lite sign`: TPM2_Sign with a key given as a TSS2 PRIVATE KEY file, a
 * tpm2-tools context file or a handle, writing a signature openssl verifies as it is
 * (RSA: the PKCS#1 v1.5 or PSS signature bytes; ECDSA: the DER Ecdsa-Sig-Value of
 * RFC 3279 §2.2.3), or the TPM's marshalled TPMT_SIGNATURE (tpm2-tools' "tss").
 *
 * Must never sign with a scheme or hash other than the one the key fixes: a key with
 * a scheme of its own gets that scheme, and a request for another is an error.
 */
#include <string.h>

#include "tools/tpm2lite/keystore.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/keys.h"
#include "tpm2lite/marshal.h"

const char help_sign[] =
    "Usage: tpm2lite sign -c KEY -o SIG [-p AUTH] [-P AUTH] [-g ALG] [-s SCHEME]\n"
    "                     [-f FORMAT] [-d] FILE\n"
    "\n"
    "Sign FILE (a message, hashed here; with -d, a digest) with a TPM key.\n"
    "\n"
    "  -c, --key-context K    the key: a TSS2 PRIVATE KEY file (loaded under its parent\n"
    "                         and flushed after), a tpm2-tools context file, or a handle\n"
    "  -p, --auth A           the key's authorization (any form; default empty)\n"
    "  -P, --parent-auth A    for a key file: its parent's (the hierarchy's for owner)\n"
    "  -g, --hash-algorithm H sha1, sha256 (default), sha384, sha512; a key with its\n"
    "                         own scheme uses that scheme's hash\n"
    "  -s, --scheme S         rsassa (RSA default), rsapss, ecdsa (ECC default)\n"
    "  -d, --digest           FILE is already the digest\n"
    "  -f, --format F         plain (default): what openssl verifies, the signature\n"
    "                         bytes for RSA and DER for ECDSA (der is a synonym);\n"
    "                         tss: the marshalled TPMT_SIGNATURE (tpm2_sign's default)\n"
    "  -o, --signature F      where to write the signature\n"
    "  -T, --tcti S           the TPM to use (see tpm2lite --help)\n"
    "\n"
    "Verify with: openssl dgst -sha256 -verify pub.pem -signature SIG FILE\n"
    "(PSS: add -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:auto).\n";

#define MSG_MAX (1u << 20)

/* RFC 3279 §2.2.3: Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, each a
 * minimal two's-complement INTEGER: leading zeros dropped, one 0x00 added before a
 * high bit (the TPM returns r and s as unsigned big-endian numbers). */
static size_t der_uint(uint8_t *o, const uint8_t *v, size_t n)
{
    static const uint8_t zero = 0;
    while (n > 1 && v[0] == 0)
        v++, n--;
    if (n == 0)
        v = &zero, n = 1;
    size_t pad = (v[0] & 0x80) ? 1 : 0;
    o[0] = 0x02;
    o[1] = (uint8_t)(n + pad);
    o[2] = 0;
    memcpy(o + 2 + pad, v, n);
    return 2 + pad + n;
}

static size_t ecdsa_der(const TPMS_SIGNATURE_ECC *e, uint8_t *out)
{
    uint8_t body[2 * (3 + sizeof e->signatureR.buffer)];
    size_t len = der_uint(body, e->signatureR.buffer, e->signatureR.size);
    len += der_uint(body + len, e->signatureS.buffer, e->signatureS.size);
    size_t h = 0;
    out[h++] = 0x30;
    if (len >= 128)
        out[h++] = 0x81; /* at most 2 * 69 bytes: one length byte is enough */
    out[h++] = (uint8_t)len;
    memcpy(out + h, body, len);
    return h + len;
}

static TPM2_ALG_ID scheme_of(const char *s)
{
    if (strcmp(s, "rsassa") == 0)
        return TPM2_ALG_RSASSA;
    if (strcmp(s, "rsapss") == 0)
        return TPM2_ALG_RSAPSS;
    if (strcmp(s, "ecdsa") == 0)
        return TPM2_ALG_ECDSA;
    return TPM2_ALG_ERROR;
}

/* The scheme and hash to sign with: the key's own if it has one (then -s/-g must
 * agree), else what was asked, else the type's default with SHA-256. */
static int pick_scheme(const cli *c, const TPMT_PUBLIC *p, TPM2_ALG_ID want_s,
                       TPM2_ALG_ID want_h, TPMT_SIG_SCHEME *out)
{
    const TPMT_SIG_SCHEME *own = NULL;
    TPMT_SIG_SCHEME tmp;
    if (p->type == TPM2_ALG_RSA) {
        tmp.scheme = p->parameters.rsaDetail.scheme.scheme;
        tmp.details.any.hashAlg = p->parameters.rsaDetail.scheme.details.anySig.hashAlg;
    } else if (p->type == TPM2_ALG_ECC) {
        tmp.scheme = p->parameters.eccDetail.scheme.scheme;
        tmp.details.any.hashAlg = p->parameters.eccDetail.scheme.details.anySig.hashAlg;
    } else {
        return cli_error(c, "the key is not an RSA or ECC key: sign cannot use it");
    }
    if (tmp.scheme != TPM2_ALG_NULL)
        own = &tmp;
    if (own) {
        if ((want_s && want_s != own->scheme) || (want_h && want_h != own->details.any.hashAlg))
            return cli_error(c, "the key signs only with its own scheme %s/%s",
                             cli_alg_name(own->scheme) ? cli_alg_name(own->scheme) : "?",
                             cli_alg_name(own->details.any.hashAlg)
                                 ? cli_alg_name(own->details.any.hashAlg)
                                 : "?");
        *out = *own;
        return CLI_OK;
    }
    TPM2_ALG_ID s = want_s ? want_s : p->type == TPM2_ALG_RSA ? TPM2_ALG_RSASSA : TPM2_ALG_ECDSA;
    if ((p->type == TPM2_ALG_RSA) != (s != TPM2_ALG_ECDSA))
        return cli_error(c, "scheme %s does not fit an %s key", cli_alg_name(s),
                         p->type == TPM2_ALG_RSA ? "RSA" : "ECC");
    out->scheme = s;
    out->details.any.hashAlg = want_h ? want_h : TPM2_ALG_SHA256;
    return CLI_OK;
}

/* The digest and ticket: a restricted key needs the TPM's own Hash (its ticket shows
 * the message does not start with TPM2_GENERATED_VALUE); an unrestricted one takes a
 * software digest and the NULL ticket. */
static int make_digest(cli *c, const TPMT_PUBLIC *p, int is_digest, const uint8_t *msg,
                       size_t n, tpm2l_Sign_in *in)
{
    TPM2_ALG_ID h = in->inScheme.details.any.hashAlg;
    size_t hs = tpm2l_hash_size(h);
    if (is_digest) {
        if (p->objectAttributes & TPMA_OBJECT_RESTRICTED)
            return cli_error(c, "a restricted key signs only what the TPM hashed: give "
                                "the message, not -d");
        if (n != hs)
            return cli_error(c, "the digest is %zu bytes, a %s digest is %zu", n,
                             cli_alg_name(h), hs);
        memcpy(in->digest.buffer, msg, n);
        in->digest.size = (uint16_t)n;
        tpm2l_ticket_hashcheck_null(&in->validation);
        return CLI_OK;
    }
    if (p->objectAttributes & TPMA_OBJECT_RESTRICTED) {
        static tpm2l_Hash_in hi;
        static tpm2l_Hash_out ho;
        if (n > sizeof hi.data.buffer)
            return cli_error(c, "a restricted key signs messages of at most %zu bytes",
                             sizeof hi.data.buffer);
        memcpy(hi.data.buffer, msg, n);
        hi.data.size = (uint16_t)n;
        hi.hashAlg = h;
        hi.hierarchy = TPM2_RH_OWNER;
        TPM2_RC rc = tpm2l_Hash(&c->ctx, &hi, &ho);
        if (rc)
            return cli_fail(c, rc, "Hash");
        in->digest = ho.outHash;
        in->validation = ho.validation;
        return CLI_OK;
    }
    TPM2_RC rc = tpm2l_hash(&c->ctx.crypto, h, msg, n, in->digest.buffer, sizeof in->digest.buffer);
    if (rc)
        return cli_fail(c, rc, "hashing the message");
    in->digest.size = (uint16_t)hs;
    tpm2l_ticket_hashcheck_null(&in->validation);
    return CLI_OK;
}

static int write_signature(cli *c, const char *path, int tss, const TPMT_SIGNATURE *sig)
{
    static uint8_t buf[sizeof(TPMT_SIGNATURE) + 16];
    size_t len;
    if (tss) {
        tpm2l_wcur w;
        tpm2l_wcur_init(&w, buf, sizeof buf);
        tpm2l_marshal_TPMT_SIGNATURE(&w, sig);
        TPM2_RC rc = tpm2l_wcur_finish(&w, &len);
        if (rc)
            return cli_fail(c, rc, "marshalling the signature");
    } else if (sig->sigAlg == TPM2_ALG_RSASSA || sig->sigAlg == TPM2_ALG_RSAPSS) {
        len = sig->signature.rsassa.sig.size;
        memcpy(buf, sig->signature.rsassa.sig.buffer, len);
    } else if (sig->sigAlg == TPM2_ALG_ECDSA) {
        len = ecdsa_der(&sig->signature.ecdsa, buf);
    } else {
        return cli_error(c, "the TPM returned a %s signature: use -f tss",
                         cli_alg_name(sig->sigAlg) ? cli_alg_name(sig->sigAlg) : "unknown");
    }
    return cli_write_file(c, path, buf, len) ? CLI_FAIL : CLI_OK;
}

int cmd_sign(cli *c, int argc, char **argv)
{
    enum { O_KEY = 1, O_AUTH, O_PAUTH, O_HASH, O_SCHEME, O_DIGEST, O_FORMAT, O_OUT };
    static const cli_opt opts[] = {
        {'c', "key-context", 1, O_KEY}, {'p', "auth", 1, O_AUTH},
        {'P', "parent-auth", 1, O_PAUTH}, {'g', "hash-algorithm", 1, O_HASH},
        {'s', "scheme", 1, O_SCHEME}, {'d', "digest", 0, O_DIGEST},
        {'f', "format", 1, O_FORMAT}, {'o', "signature", 1, O_OUT}, {0, NULL, 0, 0},
    };
    const char *v[O_OUT + 1] = {0}, *arg;
    int is_digest = 0;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        v[o] = arg;
        is_digest |= o == O_DIGEST;
    }
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos != 1)
        return cli_usage(c, a.npos ? "one input file only" : "what to sign? (a FILE)");
    if (!v[O_KEY] || !v[O_OUT])
        return cli_usage(c, "sign needs -c KEY and -o SIG");
    TPM2_ALG_ID want_h = 0, want_s = 0;
    if (v[O_HASH] && ((want_h = cli_hash_alg(v[O_HASH])) == TPM2_ALG_ERROR ||
                      !tpm2l_hash_size(want_h)))
        return cli_usage(c, "unknown hash algorithm '%s'", v[O_HASH]);
    if (v[O_SCHEME] && (want_s = scheme_of(v[O_SCHEME])) == TPM2_ALG_ERROR)
        return cli_usage(c, "unknown scheme '%s' (rsassa, rsapss, ecdsa)", v[O_SCHEME]);
    const char *fmt = v[O_FORMAT] ? v[O_FORMAT] : "plain";
    int tss = strcmp(fmt, "tss") == 0;
    if (!tss && strcmp(fmt, "plain") != 0 && strcmp(fmt, "der") != 0)
        return cli_usage(c, "unknown format '%s' (plain, der, tss)", fmt);
    static cli_auth ka;
    static TPM2B_AUTH pauth;
    memset(&pauth, 0, sizeof pauth);
    if (cli_auth_parse(c, "-p", v[O_AUTH] ? v[O_AUTH] : "", &ka))
        return CLI_USAGE;
    if (v[O_PAUTH] && cli_parse_auth(c, "-P", v[O_PAUTH], &pauth))
        return CLI_USAGE;
    static uint8_t msg[MSG_MAX];
    size_t n;
    if (cli_read_file(c, a.pos[0], msg, sizeof msg, &n))
        return CLI_FAIL;

    cli_object key;
    static TPM2B_PUBLIC pub;
    tpm2l_tpmkey *kf = NULL;
    int status = ks_key_open(c, v[O_KEY], &pauth, &key, &pub, &kf);
    tpm2l_cleanse(&pauth, sizeof pauth);
    if (status)
        return status;
    const TPMT_PUBLIC *p = &pub.publicArea;
    static tpm2l_Sign_in in;
    static tpm2l_Sign_out out;
    memset(&in, 0, sizeof in);
    if (kf && kf->policy_count)
        status = cli_error(c, "'%s' is a key with a policy: sign supports keys with a "
                              "password only", v[O_KEY]);
    else if (kf && !kf->emptyAuth && !v[O_AUTH])
        status = cli_error(c, "'%s' says the key has a password: give it with -p", v[O_KEY]);
    else if (!(p->objectAttributes & TPMA_OBJECT_SIGN_ENCRYPT))
        status = cli_error(c, "the key is not a signing key (no sign attribute)");
    if (!status)
        status = pick_scheme(c, p, want_s, want_h, &in.inScheme);
    if (!status)
        status = make_digest(c, p, is_digest, msg, n, &in);
    if (!status)
        status = cli_auth_begin(c, &ka);
    if (!status) {
        in.keyHandle.handle = key.handle;
        in.keyHandle.name = key.name;
        cli_auth_use(&ka, &in.keyHandle);
        TPM2_RC rc = tpm2l_Sign(&c->ctx, &in, &out);
        if (rc)
            status = cli_fail(c, rc, "Sign");
    }
    status = cli_auth_end(c, &ka, status); /* safe whether or not begin ran */
    tpm2l_cleanse(&in.keyHandle.auth, sizeof in.keyHandle.auth);
    cli_object_done(c, &key);
    if (!status)
        status = write_signature(c, v[O_OUT], tss, &out.signature);
    return status;
}
