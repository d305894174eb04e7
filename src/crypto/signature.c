/* signature.c - verify a TPMT_SIGNATURE with a TPMT_PUBLIC key in software (OpenSSL
 * EVP): RSASSA, RSAPSS, ECDSA over SHA-1/256/384/512.
 *
 * Must never report success for a signature under a scheme or hash the key does not
 * declare, and never accept a signature whose hash is not the hash of the digest it is
 * said to cover (the sizes must agree). Not on any command path: allocating here (in
 * OpenSSL) is fine.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "src/crypto/crypto_int.h"
#include "src/crypto/verify_int.h"
#include "tpm2lite/attest.h"

TPM2_RC tpm2l_verify_fail(tpm2l_verify_result *res, tpm2l_verify_check check, TPM2_RC rc,
                          const char *fmt, ...)
{
    if (res) {
        va_list ap;
        res->failed = check;
        va_start(ap, fmt);
        vsnprintf(res->detail, sizeof res->detail, fmt, ap);
        va_end(ap);
    }
    return rc;
}

static int is_sig_hash(TPM2_ALG_ID h)
{
    return h == TPM2_ALG_SHA1 || h == TPM2_ALG_SHA256 || h == TPM2_ALG_SHA384 ||
           h == TPM2_ALG_SHA512;
}

static const char *curve_group(TPM2_ECC_CURVE curve, size_t *coord)
{
    switch (curve) {
    case TPM2_ECC_NIST_P192: *coord = 24; return "P-192";
    case TPM2_ECC_NIST_P224: *coord = 28; return "P-224";
    case TPM2_ECC_NIST_P256: *coord = 32; return "P-256";
    case TPM2_ECC_NIST_P384: *coord = 48; return "P-384";
    case TPM2_ECC_NIST_P521: *coord = 66; return "P-521";
    default: *coord = 0; return NULL;
    }
}

static struct ossl_lib_ctx_st *libctx(const tpm2l_crypto *c)
{
    return c ? c->libctx : NULL;
}

static const char *propq(const tpm2l_crypto *c)
{
    return c ? c->propq : NULL;
}

/* EVP_PKEY of key's public part, or NULL with *rc and res set. */
static EVP_PKEY *public_pkey(tpm2l_crypto *c, const TPMT_PUBLIC *key, TPM2_RC *rc,
                             tpm2l_verify_result *res)
{
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    EVP_PKEY *pkey = NULL;
    BIGNUM *n = NULL, *e = NULL;
    uint8_t point[1 + 2 * 66];
    const char *type = NULL;

    *rc = TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
    if (!bld)
        goto out;
    if (key->type == TPM2_ALG_RSA) {
        const TPM2B_PUBLIC_KEY_RSA *m = &key->unique.rsa;
        uint32_t exp = key->parameters.rsaDetail.exponent ? key->parameters.rsaDetail.exponent
                                                          : 65537u;
        if (m->size == 0 || m->size > sizeof m->buffer ||
            (size_t)m->size * 8 != key->parameters.rsaDetail.keyBits) {
            *rc = tpm2l_verify_fail(res, TPM2L_VERIFY_KEY, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                    "RSA modulus of %u bytes for a %u-bit key", m->size,
                                    key->parameters.rsaDetail.keyBits);
            goto out;
        }
        n = BN_bin2bn(m->buffer, m->size, NULL);
        e = BN_new();
        if (!n || !e || !BN_set_word(e, exp) ||
            !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
            !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
            goto out;
        type = "RSA";
    } else if (key->type == TPM2_ALG_ECC) {
        size_t cs;
        const char *group = curve_group(key->parameters.eccDetail.curveID, &cs);
        const TPMS_ECC_POINT *q = &key->unique.ecc;
        if (!group) {
            *rc = tpm2l_verify_fail(res, TPM2L_VERIFY_KEY, TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR),
                                    "ECC curve 0x%04x is not one we verify on",
                                    (unsigned)key->parameters.eccDetail.curveID);
            goto out;
        }
        if (q->x.size > cs || q->y.size > cs || q->x.size == 0 || q->y.size == 0) {
            *rc = tpm2l_verify_fail(res, TPM2L_VERIFY_KEY, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                    "ECC point coordinates of %u and %u bytes on %s", q->x.size,
                                    q->y.size, group);
            goto out;
        }
        /* Uncompressed SEC1 point, coordinates left-padded to the field size. */
        memset(point, 0, sizeof point);
        point[0] = 0x04;
        memcpy(point + 1 + cs - q->x.size, q->x.buffer, q->x.size);
        memcpy(point + 1 + 2 * cs - q->y.size, q->y.buffer, q->y.size);
        if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
            !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, 1 + 2 * cs))
            goto out;
        type = "EC";
    } else {
        *rc = tpm2l_verify_fail(res, TPM2L_VERIFY_KEY, TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR),
                                "key type 0x%04x cannot verify signatures", (unsigned)key->type);
        goto out;
    }
    params = OSSL_PARAM_BLD_to_param(bld);
    pctx = EVP_PKEY_CTX_new_from_name(libctx(c), type, propq(c));
    if (!params || !pctx || EVP_PKEY_fromdata_init(pctx) <= 0 ||
        EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
        *rc = tpm2l_verify_fail(res, TPM2L_VERIFY_KEY, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                "OpenSSL refuses the %s public key", type);
        goto out;
    }
    if (key->type == TPM2_ALG_ECC) {
        /* fromdata does not promise an on-curve check: ask for one. */
        EVP_PKEY_CTX *chk = EVP_PKEY_CTX_new_from_pkey(libctx(c), pkey, propq(c));
        int ok = chk && EVP_PKEY_public_check(chk) == 1;
        EVP_PKEY_CTX_free(chk);
        if (!ok) {
            EVP_PKEY_free(pkey);
            pkey = NULL;
            *rc = tpm2l_verify_fail(res, TPM2L_VERIFY_KEY, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                    "the ECC public point is not on its curve");
            goto out;
        }
    }
    *rc = TPM2_RC_SUCCESS;
out:
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    return pkey;
}

/* The scheme the key declares (TPM2_ALG_NULL: any), and its hash. */
static void key_scheme(const TPMT_PUBLIC *key, TPM2_ALG_ID *scheme, TPM2_ALG_ID *hash)
{
    *scheme = TPM2_ALG_NULL;
    *hash = TPM2_ALG_NULL;
    if (key->type == TPM2_ALG_RSA) {
        *scheme = key->parameters.rsaDetail.scheme.scheme;
        *hash = key->parameters.rsaDetail.scheme.details.anySig.hashAlg;
    } else if (key->type == TPM2_ALG_ECC) {
        *scheme = key->parameters.eccDetail.scheme.scheme;
        *hash = key->parameters.eccDetail.scheme.details.anySig.hashAlg;
    }
}

/* DER of an ECDSA signature from the TPM's r and s. */
static int ecdsa_der(const TPMS_SIGNATURE_ECC *s, uint8_t *der, size_t cap, size_t *len)
{
    ECDSA_SIG *es = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(s->signatureR.buffer, s->signatureR.size, NULL);
    BIGNUM *sv = BN_bin2bn(s->signatureS.buffer, s->signatureS.size, NULL);
    int ok = 0;

    if (!es || !r || !sv || !ECDSA_SIG_set0(es, r, sv))
        goto out;
    r = sv = NULL; /* owned by es now */
    int n = i2d_ECDSA_SIG(es, NULL);
    if (n <= 0 || (size_t)n > cap)
        goto out;
    uint8_t *p = der;
    if (i2d_ECDSA_SIG(es, &p) != n)
        goto out;
    *len = (size_t)n;
    ok = 1;
out:
    BN_free(r);
    BN_free(sv);
    ECDSA_SIG_free(es);
    return ok;
}

TPM2_RC tpm2l_signature_verify_digest(tpm2l_crypto *c, const TPMT_PUBLIC *key,
                                      const uint8_t *digest, size_t digest_len,
                                      const TPMT_SIGNATURE *sig, tpm2l_verify_result *res)
{
    TPM2_ALG_ID want_scheme, want_hash, hash;
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *vctx = NULL;
    EVP_MD *md = NULL;
    const uint8_t *s;
    size_t s_len;
    uint8_t der[2 * 66 + 16];
    TPM2_RC rc;

    if (res)
        memset(res, 0, sizeof *res);
    if (!key || !digest || !sig)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_BAD_ARG, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG),
                                 "key, digest and signature are required");
    switch (sig->sigAlg) {
    case TPM2_ALG_RSASSA:
    case TPM2_ALG_RSAPSS:
        if (key->type != TPM2_ALG_RSA)
            return tpm2l_verify_fail(res, TPM2L_VERIFY_SCHEME,
                                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                     "an RSA signature for a key of type 0x%04x",
                                     (unsigned)key->type);
        break;
    case TPM2_ALG_ECDSA:
        if (key->type != TPM2_ALG_ECC)
            return tpm2l_verify_fail(res, TPM2L_VERIFY_SCHEME,
                                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                     "an ECDSA signature for a key of type 0x%04x",
                                     (unsigned)key->type);
        break;
    case TPM2_ALG_NULL:
        return tpm2l_verify_fail(res, TPM2L_VERIFY_SIGNATURE, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                 "the signature is empty (sigAlg NULL: nothing was signed)");
    case TPM2_ALG_ECDAA:
    case TPM2_ALG_ECSCHNORR:
    case TPM2_ALG_SM2:
        return tpm2l_verify_fail(res, TPM2L_VERIFY_SCHEME,
                                 TPM2L_RC_CRYPTO(TPM2L_E_NOT_SUPPORTED),
                                 "signature scheme 0x%04x is not verified in software",
                                 (unsigned)sig->sigAlg);
    default:
        return tpm2l_verify_fail(res, TPM2L_VERIFY_SCHEME, TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR),
                                 "unknown signature scheme 0x%04x", (unsigned)sig->sigAlg);
    }
    hash = sig->signature.any.hashAlg;
    if (!is_sig_hash(hash))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_SCHEME, TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR),
                                 "signature hash 0x%04x is not SHA-1/256/384/512",
                                 (unsigned)hash);
    key_scheme(key, &want_scheme, &want_hash);
    if (want_scheme != TPM2_ALG_NULL && (want_scheme != sig->sigAlg || want_hash != hash))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_SCHEME, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                 "signature is scheme 0x%04x/hash 0x%04x, the key's is "
                                 "0x%04x/0x%04x",
                                 (unsigned)sig->sigAlg, (unsigned)hash, (unsigned)want_scheme,
                                 (unsigned)want_hash);
    if (digest_len != tpm2l_hash_size(hash))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_BAD_ARG, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG),
                                 "a %zu-byte digest for a signature with a %zu-byte hash",
                                 digest_len, tpm2l_hash_size(hash));

    pkey = public_pkey(c, key, &rc, res);
    if (!pkey)
        return rc;
    rc = TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
    int slot = tpm2l_crypto_md_slot(hash);
    md = slot < 0 ? NULL : EVP_MD_fetch(libctx(c), tpm2l_crypto_md_name(slot), propq(c));
    vctx = EVP_PKEY_CTX_new_from_pkey(libctx(c), pkey, propq(c));
    if (!md || !vctx || EVP_PKEY_verify_init(vctx) <= 0 ||
        EVP_PKEY_CTX_set_signature_md(vctx, md) <= 0) {
        tpm2l_verify_fail(res, TPM2L_VERIFY_SIGNATURE, rc, "OpenSSL verify setup failed");
        goto out;
    }
    if (key->type == TPM2_ALG_RSA) {
        s = sig->signature.rsassa.sig.buffer;
        s_len = sig->signature.rsassa.sig.size;
        int pad = sig->sigAlg == TPM2_ALG_RSAPSS ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING;
        if (EVP_PKEY_CTX_set_rsa_padding(vctx, pad) <= 0 ||
            (pad == RSA_PKCS1_PSS_PADDING &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(vctx, RSA_PSS_SALTLEN_AUTO) <= 0)) {
            tpm2l_verify_fail(res, TPM2L_VERIFY_SIGNATURE, rc, "OpenSSL RSA setup failed");
            goto out;
        }
        if (s_len != key->unique.rsa.size) {
            rc = tpm2l_verify_fail(res, TPM2L_VERIFY_SIGNATURE, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                   "RSA signature of %zu bytes for a %u-byte modulus", s_len,
                                   key->unique.rsa.size);
            goto out;
        }
    } else {
        size_t cs;
        (void)curve_group(key->parameters.eccDetail.curveID, &cs);
        const TPMS_SIGNATURE_ECC *e = &sig->signature.ecdsa;
        if (e->signatureR.size == 0 || e->signatureS.size == 0 || e->signatureR.size > cs ||
            e->signatureS.size > cs || !ecdsa_der(e, der, sizeof der, &s_len)) {
            rc = tpm2l_verify_fail(res, TPM2L_VERIFY_SIGNATURE, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                   "ECDSA r/s of %u/%u bytes on a %zu-byte curve",
                                   e->signatureR.size, e->signatureS.size, cs);
            goto out;
        }
        s = der;
    }
    if (EVP_PKEY_verify(vctx, s, s_len, digest, digest_len) != 1) {
        rc = tpm2l_verify_fail(res, TPM2L_VERIFY_SIGNATURE, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                               "the signature does not verify with the given key");
        goto out;
    }
    rc = TPM2_RC_SUCCESS;
out:
    EVP_PKEY_CTX_free(vctx);
    EVP_MD_free(md);
    EVP_PKEY_free(pkey);
    return rc;
}

TPM2_RC tpm2l_signature_verify(tpm2l_crypto *c, const TPMT_PUBLIC *key, const void *data,
                               size_t len, const TPMT_SIGNATURE *sig, tpm2l_verify_result *res)
{
    uint8_t d[64];

    if (res)
        memset(res, 0, sizeof *res);
    if (!key || (!data && len) || !sig)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_BAD_ARG, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG),
                                 "key, data and signature are required");
    if (sig->sigAlg == TPM2_ALG_NULL)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_SIGNATURE, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                 "the signature is empty (sigAlg NULL: nothing was signed)");
    TPM2_ALG_ID hash = sig->signature.any.hashAlg;
    if (!is_sig_hash(hash))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_SCHEME, TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR),
                                 "signature hash 0x%04x is not SHA-1/256/384/512",
                                 (unsigned)hash);
    TPM2_RC rc = tpm2l_hash(c, hash, data ? data : "", len, d, sizeof d);
    if (rc)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_SIGNATURE, rc, "hashing the data failed");
    return tpm2l_signature_verify_digest(c, key, d, tpm2l_hash_size(hash), sig, res);
}
