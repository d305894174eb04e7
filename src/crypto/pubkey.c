/* pubkey.c - TPM public areas (RSA, NIST P-256/384/521) to OpenSSL keys and
 * SubjectPublicKeyInfo PEM, and back.
 *
 * For LoadExternal, for checking signatures in software, for -f style "write the
 * public key as PEM", and for wrapping an existing key for Import. Must never accept a
 * point that is not on its curve (OpenSSL checks it on import) or a modulus whose size
 * does not match keyBits, and never leak an OpenSSL object on an error path.
 */
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "tpm2lite/keyfile.h"

#define CRYPTO(reason) TPM2L_RC_CRYPTO(reason)

static const struct {
    TPM2_ECC_CURVE id;
    const char *name; /* OpenSSL group name */
    size_t bytes;
} curves[] = {
    {TPM2_ECC_NIST_P256, "P-256", 32},
    {TPM2_ECC_NIST_P384, "P-384", 48},
    {TPM2_ECC_NIST_P521, "P-521", 66},
};

static int curve_index_by_id(TPM2_ECC_CURVE id)
{
    for (size_t i = 0; i < sizeof curves / sizeof curves[0]; i++)
        if (curves[i].id == id)
            return (int)i;
    return -1;
}

static int curve_index_by_name(const char *name)
{
    /* OpenSSL reports the names it was given or its own (prime256v1, secp384r1). */
    static const char *const alias[][2] = {
        {"prime256v1", "P-256"}, {"secp256r1", "P-256"}, {"secp384r1", "P-384"},
        {"secp521r1", "P-521"}};
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strcmp(name, alias[i][0]) == 0)
            name = alias[i][1];
    for (size_t i = 0; i < sizeof curves / sizeof curves[0]; i++)
        if (strcmp(curves[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* pt must outlive OSSL_PARAM_BLD_to_param: the builder keeps a pointer to octet
 * strings, it does not copy them. */
static TPM2_RC build_params(const TPMT_PUBLIC *pub, OSSL_PARAM_BLD *bld, BIGNUM **n, BIGNUM **e,
                            uint8_t pt[1 + 2 * 66], const char **type)
{
    if (pub->type == TPM2_ALG_RSA) {
        const TPMS_RSA_PARMS *p = &pub->parameters.rsaDetail;
        const TPM2B_PUBLIC_KEY_RSA *m = &pub->unique.rsa;
        if (m->size == 0 || m->size > sizeof m->buffer || m->size * 8u != p->keyBits)
            return CRYPTO(TPM2L_E_BAD_VALUE);
        /* Part 2 §12.2.3.5: exponent 0 means 2^16 + 1. */
        uint32_t exp = p->exponent ? p->exponent : 65537u;
        *n = BN_bin2bn(m->buffer, m->size, NULL);
        *e = BN_new();
        if (!*n || !*e || !BN_set_word(*e, exp) ||
            !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, *n) ||
            !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, *e))
            return CRYPTO(TPM2L_E_CRYPTO);
        *type = "RSA";
        return 0;
    }
    if (pub->type == TPM2_ALG_ECC) {
        int ci = curve_index_by_id(pub->parameters.eccDetail.curveID);
        if (ci < 0)
            return CRYPTO(TPM2L_E_BAD_SELECTOR);
        size_t cs = curves[ci].bytes;
        const TPMS_ECC_POINT *q = &pub->unique.ecc;
        if (q->x.size == 0 || q->x.size > cs || q->y.size == 0 || q->y.size > cs)
            return CRYPTO(TPM2L_E_BAD_VALUE);
        /* SEC1 uncompressed point, coordinates left-padded to the curve size. */
        memset(pt, 0, 1 + 2 * cs);
        pt[0] = 0x04;
        memcpy(pt + 1 + cs - q->x.size, q->x.buffer, q->x.size);
        memcpy(pt + 1 + 2 * cs - q->y.size, q->y.buffer, q->y.size);
        if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, curves[ci].name,
                                             0) ||
            !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pt, 1 + 2 * cs))
            return CRYPTO(TPM2L_E_CRYPTO);
        *type = "EC";
        return 0;
    }
    return CRYPTO(TPM2L_E_BAD_SELECTOR);
}

TPM2_RC tpm2l_pubkey_to_evp(tpm2l_crypto *c, const TPMT_PUBLIC *pub, struct evp_pkey_st **out)
{
    if (!pub || !out)
        return CRYPTO(TPM2L_E_BAD_ARG);
    *out = NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    BIGNUM *n = NULL, *e = NULL;
    const char *type = NULL;
    uint8_t pt[1 + 2 * 66];
    TPM2_RC rc = bld ? build_params(pub, bld, &n, &e, pt, &type) : CRYPTO(TPM2L_E_CRYPTO);
    if (rc)
        goto out;
    rc = CRYPTO(TPM2L_E_CRYPTO);
    params = OSSL_PARAM_BLD_to_param(bld);
    if (!params)
        goto out;
    pctx = EVP_PKEY_CTX_new_from_name(c ? c->libctx : NULL, type, c ? c->propq : NULL);
    if (!pctx || EVP_PKEY_fromdata_init(pctx) <= 0)
        goto out;
    /* OpenSSL refuses an EC point off its curve here. */
    if (EVP_PKEY_fromdata(pctx, out, EVP_PKEY_PUBLIC_KEY, params) <= 0) {
        rc = CRYPTO(TPM2L_E_BAD_VALUE);
        goto out;
    }
    rc = 0;
out:
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    return rc;
}

static TPM2_RC bn_param(const EVP_PKEY *pkey, const char *name, uint8_t *buf, size_t bytes)
{
    BIGNUM *bn = NULL;
    if (!EVP_PKEY_get_bn_param(pkey, name, &bn))
        return CRYPTO(TPM2L_E_CRYPTO);
    int ok = BN_bn2binpad(bn, buf, (int)bytes) == (int)bytes;
    BN_free(bn);
    return ok ? 0 : CRYPTO(TPM2L_E_BAD_VALUE);
}

TPM2_RC tpm2l_pubkey_from_evp(const struct evp_pkey_st *pkey, TPMT_PUBLIC *pub)
{
    if (!pkey || !pub)
        return CRYPTO(TPM2L_E_BAD_ARG);
    TPMU_PUBLIC_PARMS parms;
    TPMU_PUBLIC_ID unique;
    memset(&parms, 0, sizeof parms);
    memset(&unique, 0, sizeof unique);
    TPM2_RC rc;
    TPMI_ALG_PUBLIC type;
    if (EVP_PKEY_is_a(pkey, "RSA")) {
        int bits = EVP_PKEY_get_bits(pkey);
        if (bits != 1024 && bits != 2048 && bits != 3072 && bits != 4096)
            return CRYPTO(TPM2L_E_NOT_SUPPORTED);
        BIGNUM *e = NULL;
        if (!EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e))
            return CRYPTO(TPM2L_E_CRYPTO);
        int small = BN_num_bits(e) <= 32;
        uint32_t exp = small ? (uint32_t)BN_get_word(e) : 0;
        BN_free(e);
        if (!small)
            return CRYPTO(TPM2L_E_NOT_SUPPORTED);
        TPMS_RSA_PARMS *p = &parms.rsaDetail;
        p->symmetric.algorithm = TPM2_ALG_NULL;
        p->scheme.scheme = TPM2_ALG_NULL;
        p->keyBits = (TPMI_RSA_KEY_BITS)bits;
        p->exponent = exp == 65537u ? 0 : exp; /* the TPM's spelling of the default */
        unique.rsa.size = (uint16_t)(bits / 8);
        rc = bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, unique.rsa.buffer, unique.rsa.size);
        if (rc)
            return rc;
        type = TPM2_ALG_RSA;
    } else if (EVP_PKEY_is_a(pkey, "EC")) {
        char group[64];
        if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                            sizeof group, NULL))
            return CRYPTO(TPM2L_E_CRYPTO);
        int ci = curve_index_by_name(group);
        if (ci < 0)
            return CRYPTO(TPM2L_E_NOT_SUPPORTED);
        size_t cs = curves[ci].bytes;
        TPMS_ECC_PARMS *p = &parms.eccDetail;
        p->symmetric.algorithm = TPM2_ALG_NULL;
        p->scheme.scheme = TPM2_ALG_NULL;
        p->curveID = curves[ci].id;
        p->kdf.scheme = TPM2_ALG_NULL;
        unique.ecc.x.size = (uint16_t)cs;
        unique.ecc.y.size = (uint16_t)cs;
        if ((rc = bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, unique.ecc.x.buffer, cs)) ||
            (rc = bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, unique.ecc.y.buffer, cs)))
            return rc;
        type = TPM2_ALG_ECC;
    } else {
        return CRYPTO(TPM2L_E_NOT_SUPPORTED);
    }
    pub->type = type;
    pub->parameters = parms;
    pub->unique = unique;
    return 0;
}

TPM2_RC tpm2l_pubkey_to_pem(tpm2l_crypto *c, const TPMT_PUBLIC *pub, char *out, size_t cap,
                            size_t *len)
{
    if (!out || !len)
        return CRYPTO(TPM2L_E_BAD_ARG);
    EVP_PKEY *pkey = NULL;
    TPM2_RC rc = tpm2l_pubkey_to_evp(c, pub, &pkey);
    if (rc)
        return rc;
    rc = CRYPTO(TPM2L_E_CRYPTO);
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio || !PEM_write_bio_PUBKEY(bio, pkey))
        goto out;
    char *p = NULL;
    long n = BIO_get_mem_data(bio, &p);
    if (n <= 0 || !p)
        goto out;
    if ((size_t)n + 1 > cap) {
        rc = CRYPTO(TPM2L_E_INSUFFICIENT);
        goto out;
    }
    memcpy(out, p, (size_t)n);
    out[n] = 0;
    *len = (size_t)n;
    rc = 0;
out:
    BIO_free(bio);
    EVP_PKEY_free(pkey);
    return rc;
}

TPM2_RC tpm2l_pubkey_from_pem(tpm2l_crypto *c, const char *pem, size_t len, TPMT_PUBLIC *pub)
{
    if (!pem || !pub || len > 0x7FFFFFFF)
        return CRYPTO(TPM2L_E_BAD_ARG);
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    if (!bio)
        return CRYPTO(TPM2L_E_CRYPTO);
    EVP_PKEY *pkey =
        PEM_read_bio_PUBKEY_ex(bio, NULL, NULL, NULL, c ? c->libctx : NULL, c ? c->propq : NULL);
    BIO_free(bio);
    if (!pkey)
        return CRYPTO(TPM2L_E_BAD_VALUE);
    TPM2_RC rc = tpm2l_pubkey_from_evp(pkey, pub);
    EVP_PKEY_free(pkey);
    return rc;
}
