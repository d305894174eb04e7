/* test_encaps_curves.c - ECC encapsulation on every curve the library claims beyond the
 * vectors' NIST P-256/384/521 (P-192, P-224, SM2-P256, Brainpool P256/384/512r1): keys
 * made by OpenSSL, the shared Z cross-checked against OpenSSL's own ECDH
 * (EVP_PKEY_derive), and a decaps round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "tpm2lite/crypto.h"
#include "tpm2lite/cursor.h"
#include "tpm2lite/marshal.h"

struct curve_case {
    TPM2_ECC_CURVE id;
    const char *ossl;
    size_t coord;
    int ossl_ecdh; /* OpenSSL 3 has no EC-type public import or ECDH for SM2 */
};

static void bn_param(EVP_PKEY *pk, const char *name, TPM2B_ECC_PARAMETER *out, size_t len)
{
    BIGNUM *bn = NULL;
    assert_int_equal(EVP_PKEY_get_bn_param(pk, name, &bn), 1);
    assert_int_equal(BN_bn2binpad(bn, out->buffer, (int)len), (int)len);
    out->size = (uint16_t)len;
    BN_clear_free(bn);
}

/* An ECC key pair on the curve as a TPM would describe it (nameAlg SHA-256). */
static EVP_PKEY *make_key(const struct curve_case *cc, TPMT_PUBLIC *pub, TPMT_SENSITIVE *priv)
{
    EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", cc->ossl);
    assert_non_null(pk);
    memset(pub, 0, sizeof *pub);
    memset(priv, 0, sizeof *priv);
    pub->type = priv->sensitiveType = TPM2_ALG_ECC;
    pub->nameAlg = TPM2_ALG_SHA256;
    pub->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
    pub->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
    pub->parameters.eccDetail.curveID = cc->id;
    pub->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
    bn_param(pk, OSSL_PKEY_PARAM_EC_PUB_X, &pub->unique.ecc.x, cc->coord);
    bn_param(pk, OSSL_PKEY_PARAM_EC_PUB_Y, &pub->unique.ecc.y, cc->coord);
    bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, &priv->sensitive.ecc, cc->coord);
    return pk;
}

/* OpenSSL's ECDH of key with the public point in ct. */
static size_t openssl_z(const char *curve, EVP_PKEY *key, const TPM2B_ENCRYPTED_SECRET *ct,
                        uint8_t *z, size_t cap)
{
    TPMS_ECC_POINT pt;
    tpm2l_rcur r;
    uint8_t enc[1 + 2 * 66];
    tpm2l_rcur_init(&r, ct->secret, ct->size);
    tpm2l_unmarshal_TPMS_ECC_POINT(&r, &pt);
    assert_int_equal(tpm2l_rcur_finish(&r), 0);
    enc[0] = 0x04; /* uncompressed */
    memcpy(enc + 1, pt.x.buffer, pt.x.size);
    memcpy(enc + 1 + pt.x.size, pt.y.buffer, pt.y.size);

    OSSL_PARAM params[3] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)(uintptr_t)curve, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, enc,
                                          1 + (size_t)pt.x.size + pt.y.size),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY *peer = NULL;
    EVP_PKEY_CTX *fc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    assert_non_null(fc);
    assert_int_equal(EVP_PKEY_fromdata_init(fc), 1);
    assert_int_equal(EVP_PKEY_fromdata(fc, &peer, EVP_PKEY_PUBLIC_KEY, params), 1);
    EVP_PKEY_CTX_free(fc);

    EVP_PKEY_CTX *dc = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
    size_t zlen = cap;
    assert_non_null(dc);
    assert_int_equal(EVP_PKEY_derive_init(dc), 1);
    assert_int_equal(EVP_PKEY_derive_set_peer(dc, peer), 1);
    assert_int_equal(EVP_PKEY_derive(dc, z, &zlen), 1);
    EVP_PKEY_CTX_free(dc);
    EVP_PKEY_free(peer);
    return zlen;
}

static void test_ecc_encapsulation_agrees_with_openssl_ecdh_on_every_claimed_curve(void **state)
{
    (void)state;
    static const struct curve_case cases[] = {
        {TPM2_ECC_NIST_P192, "P-192", 24, 1},
        {TPM2_ECC_NIST_P224, "P-224", 28, 1},
        {TPM2_ECC_SM2_P256, "SM2", 32, 0},
        {TPM2_ECC_BP_P256_R1, "brainpoolP256r1", 32, 1},
        {TPM2_ECC_BP_P384_R1, "brainpoolP384r1", 48, 1},
        {TPM2_ECC_BP_P512_R1, "brainpoolP512r1", 64, 1},
    };
    static TPMT_PUBLIC pub;
    static TPMT_SENSITIVE priv;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct curve_case *cc = &cases[i];
        uint8_t a[64], b[64], z[66], want[32];
        size_t alen = 0, blen = 0;
        TPM2B_ENCRYPTED_SECRET ct;
        EVP_PKEY *pk = make_key(cc, &pub, &priv);

        assert_int_equal(tpm2l_encaps(NULL, &pub, "SECRET", a, sizeof a, &alen, &ct), 0);
        assert_int_equal(alen, 32);
        assert_int_equal(ct.size, 4 + 2 * cc->coord);
        if (cc->ossl_ecdh) {
            /* secret = KDFe(SHA-256, Z, "SECRET", Qe.x, Qkey.x, 256) with OpenSSL's Z. */
            size_t zlen = openssl_z(cc->ossl, pk, &ct, z, sizeof z);
            assert_int_equal(zlen, cc->coord);
            assert_int_equal(tpm2l_kdfe(NULL, TPM2_ALG_SHA256, z, zlen, "SECRET", ct.secret + 2,
                                        cc->coord, pub.unique.ecc.x.buffer, cc->coord, 256, want,
                                        sizeof want), 0);
            assert_memory_equal(a, want, 32);
        }
        assert_int_equal(tpm2l_decaps(NULL, &pub, &priv, "SECRET", &ct, b, sizeof b, &blen), 0);
        assert_int_equal(blen, alen);
        assert_memory_equal(a, b, alen);
        EVP_PKEY_free(pk);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ecc_encapsulation_agrees_with_openssl_ecdh_on_every_claimed_curve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
