/* test_credential_sw.c - tpm2l_make_credential and tpm2l_wrap_for_import opened again
 * with the protector's private key (tpm2l_decaps, as the TPM's ActivateCredential and
 * Import do: seed, STORAGE and INTEGRITY keys, HMAC over ciphertext || name, AES-CFB
 * with a zero IV), their refusals, and tpm2l_key_from_evp's private parts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "tpm2lite/credential.h"
#include "tpm2lite/cursor.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/marshal.h"
#include "tpm2lite/templates.h"

#define CRYPTO(reason) TPM2L_RC_CRYPTO(reason)

static const TPMA_OBJECT STORAGE = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT |
                                   TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_SENSITIVEDATAORIGIN;
static const TPMA_OBJECT SIGNER = TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_SIGN_ENCRYPT;

static EVP_PKEY *rsa_key, *ecc_key;

static int setup(void **state)
{
    (void)state;
    rsa_key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    ecc_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    return rsa_key && ecc_key ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    EVP_PKEY_free(rsa_key);
    EVP_PKEY_free(ecc_key);
    return 0;
}

/* A storage-style protector (AES-128-CFB) from an OpenSSL key, with its private part. */
static void protector(EVP_PKEY *pkey, TPMT_PUBLIC *pub, TPMT_SENSITIVE *sens)
{
    assert_int_equal(tpm2l_key_from_evp(pkey, TPM2_ALG_SHA256, STORAGE, NULL, pub, sens), 0);
    TPMT_SYM_DEF_OBJECT *s = pub->type == TPM2_ALG_RSA ? &pub->parameters.rsaDetail.symmetric
                                                       : &pub->parameters.eccDetail.symmetric;
    s->algorithm = TPM2_ALG_AES;
    s->keyBits.aes = 128;
    s->mode.aes = TPM2_ALG_CFB;
}

/* Open an outer-wrapped blob as the TPM does; the plaintext goes to plain. */
static void open_blob(const TPMT_PUBLIC *pub, const TPMT_SENSITIVE *sens, const char *label,
                      const TPM2B_ENCRYPTED_SECRET *seed_ct, const TPM2B_NAME *name,
                      const uint8_t *blob, size_t len, uint8_t *plain, size_t *plain_len)
{
    uint8_t seed[64], sym[16], hk[32], mac[32];
    static const uint8_t iv[16];
    size_t seed_len;
    assert_int_equal(tpm2l_decaps(NULL, pub, sens, label, seed_ct, seed, sizeof seed, &seed_len),
                     0);
    assert_int_equal(seed_len, 32);
    assert_int_equal(tpm2l_kdfa(NULL, TPM2_ALG_SHA256, seed, seed_len, "STORAGE", name->name,
                                name->size, NULL, 0, 128, sym, sizeof sym),
                     0);
    assert_int_equal(tpm2l_kdfa(NULL, TPM2_ALG_SHA256, seed, seed_len, "INTEGRITY", NULL, 0,
                                NULL, 0, 256, hk, sizeof hk),
                     0);
    assert_true(len > 34);
    assert_int_equal(blob[0], 0);
    assert_int_equal(blob[1], 32);
    uint8_t buf[1024];
    size_t ct_len = len - 34;
    assert_true(ct_len + name->size <= sizeof buf);
    memcpy(buf, blob + 34, ct_len);
    memcpy(buf + ct_len, name->name, name->size);
    assert_int_equal(tpm2l_hmac(NULL, TPM2_ALG_SHA256, hk, sizeof hk, buf, ct_len + name->size,
                                mac, sizeof mac),
                     0);
    assert_memory_equal(mac, blob + 2, 32);
    memcpy(plain, blob + 34, ct_len);
    assert_int_equal(tpm2l_aes_cfb(NULL, 0, sym, sizeof sym, iv, plain, ct_len), 0);
    *plain_len = ct_len;
}

static void credential_opens(EVP_PKEY *pkey)
{
    TPMT_PUBLIC ek;
    static TPMT_SENSITIVE ek_sens;
    TPM2B_NAME name = {34, {0x00, 0x0B}};
    memset(name.name + 2, 0xA5, 32);
    TPM2B_DIGEST cred = {20, {0}};
    memcpy(cred.buffer, "a 20-byte credential", 20);
    TPM2B_ID_OBJECT blob;
    TPM2B_ENCRYPTED_SECRET secret;
    protector(pkey, &ek, &ek_sens);
    assert_int_equal(tpm2l_make_credential(NULL, &ek, &cred, &name, &blob, &secret), 0);
    assert_int_equal(blob.size, 2 + 32 + 2 + 20);

    uint8_t plain[256];
    size_t plain_len;
    open_blob(&ek, &ek_sens, "IDENTITY", &secret, &name, blob.credential, blob.size, plain,
              &plain_len);
    assert_int_equal(plain_len, 22);
    assert_int_equal(plain[0], 0);
    assert_int_equal(plain[1], 20);
    assert_memory_equal(plain + 2, cred.buffer, 20);

    /* The seed is bound to its label: under the duplication label RSA-OAEP refuses
     * it and ECDH derives another seed. */
    uint8_t seed[64], other[64];
    size_t seed_len, other_len;
    TPM2_RC rc = tpm2l_decaps(NULL, &ek, &ek_sens, "DUPLICATE", &secret, other, sizeof other,
                              &other_len);
    if (ek.type == TPM2_ALG_RSA) {
        assert_int_equal(rc, CRYPTO(TPM2L_E_BAD_VALUE));
    } else {
        assert_int_equal(rc, 0);
        assert_int_equal(tpm2l_decaps(NULL, &ek, &ek_sens, "IDENTITY", &secret, seed,
                                      sizeof seed, &seed_len),
                         0);
        assert_int_equal(seed_len, other_len);
        assert_memory_not_equal(seed, other, seed_len);
    }
}

static void test_rsa_credential_opens_with_the_ek_private_key(void **state)
{
    (void)state;
    credential_opens(rsa_key);
}

static void test_ecc_credential_opens_with_the_ek_private_key(void **state)
{
    (void)state;
    credential_opens(ecc_key);
}

static void test_make_credential_refuses_what_the_tpm_refuses(void **state)
{
    (void)state;
    TPMT_PUBLIC ek, sek;
    static TPMT_SENSITIVE ek_sens;
    TPM2B_NAME name = {34, {0x00, 0x0B}};
    TPM2B_DIGEST cred = {33, {0}};
    TPM2B_ID_OBJECT blob;
    TPM2B_ENCRYPTED_SECRET secret;
    protector(rsa_key, &ek, &ek_sens);
    assert_int_equal(tpm2l_make_credential(NULL, &ek, &cred, &name, &blob, &secret),
                     CRYPTO(TPM2L_E_BAD_ARG));
    cred.size = 0;
    assert_int_equal(tpm2l_make_credential(NULL, &ek, &cred, &name, &blob, &secret),
                     CRYPTO(TPM2L_E_BAD_ARG));
    cred.size = 32;
    name.size = 4; /* a handle is no object name */
    assert_int_equal(tpm2l_make_credential(NULL, &ek, &cred, &name, &blob, &secret),
                     CRYPTO(TPM2L_E_BAD_ARG));
    name.size = 34;
    /* The signing EK has no symmetric algorithm: it protects nothing. */
    assert_int_equal(tpm2l_template_get(TPM2L_TPL_EK_SIGNING, &sek), 0);
    assert_int_equal(tpm2l_make_credential(NULL, &sek, &cred, &name, &blob, &secret),
                     CRYPTO(TPM2L_E_NOT_SUPPORTED));
    assert_int_equal(blob.size, 0);
    assert_int_equal(secret.size, 0);
    assert_int_equal(tpm2l_make_credential(NULL, NULL, &cred, &name, &blob, &secret),
                     CRYPTO(TPM2L_E_BAD_ARG));
}

static void duplicate_opens(EVP_PKEY *parent_key, EVP_PKEY *child_key)
{
    TPMT_PUBLIC parent, child;
    static TPMT_SENSITIVE parent_sens, child_sens;
    static TPM2B_PRIVATE dup;
    static TPM2B_SENSITIVE got;
    TPM2B_ENCRYPTED_SECRET seed;
    TPM2B_NAME name;
    TPM2B_AUTH auth = {3, {'p', 'w', 'd'}};
    protector(parent_key, &parent, &parent_sens);
    assert_int_equal(
        tpm2l_key_from_evp(child_key, TPM2_ALG_SHA256, SIGNER, &auth, &child, &child_sens), 0);
    assert_int_equal(tpm2l_wrap_for_import(NULL, &parent, &child_sens, &child, &dup, &seed), 0);
    assert_int_equal(tpm2l_name_from_public(&child, &name), 0);

    static uint8_t plain[sizeof(TPM2B_SENSITIVE) + 64];
    size_t plain_len;
    open_blob(&parent, &parent_sens, "DUPLICATE", &seed, &name, dup.buffer, dup.size, plain,
              &plain_len);
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, plain, plain_len);
    tpm2l_unmarshal_TPM2B_SENSITIVE(&r, &got);
    assert_int_equal(tpm2l_rcur_finish(&r), 0);
    assert_int_equal(got.sensitiveArea.sensitiveType, child.type);
    assert_int_equal(got.sensitiveArea.authValue.size, 3);
    assert_memory_equal(got.sensitiveArea.authValue.buffer, "pwd", 3);
    assert_int_equal(got.sensitiveArea.seedValue.size, 0);
    const TPM2B_ECC_PARAMETER *a = &got.sensitiveArea.sensitive.ecc;
    const TPM2B_ECC_PARAMETER *b = &child_sens.sensitive.ecc;
    if (child.type == TPM2_ALG_RSA) {
        assert_int_equal(got.sensitiveArea.sensitive.rsa.size, child_sens.sensitive.rsa.size);
        assert_memory_equal(got.sensitiveArea.sensitive.rsa.buffer,
                            child_sens.sensitive.rsa.buffer, child_sens.sensitive.rsa.size);
    } else {
        assert_int_equal(a->size, b->size);
        assert_memory_equal(a->buffer, b->buffer, b->size);
    }
}

static void test_rsa_key_duplicate_opens_under_an_ecc_parent(void **state)
{
    (void)state;
    duplicate_opens(ecc_key, rsa_key);
}

static void test_ecc_key_duplicate_opens_under_an_rsa_parent(void **state)
{
    (void)state;
    duplicate_opens(rsa_key, ecc_key);
}

static void test_wrap_refuses_fixed_objects(void **state)
{
    (void)state;
    TPMT_PUBLIC parent, child;
    static TPMT_SENSITIVE parent_sens, child_sens;
    static TPM2B_PRIVATE dup;
    TPM2B_ENCRYPTED_SECRET seed;
    protector(rsa_key, &parent, &parent_sens);
    assert_int_equal(tpm2l_key_from_evp(ecc_key, TPM2_ALG_SHA256,
                                        SIGNER | TPMA_OBJECT_FIXEDPARENT, NULL, &child,
                                        &child_sens),
                     0);
    assert_int_equal(tpm2l_wrap_for_import(NULL, &parent, &child_sens, &child, &dup, &seed),
                     CRYPTO(TPM2L_E_BAD_ARG));
    child.objectAttributes = SIGNER | TPMA_OBJECT_FIXEDTPM;
    assert_int_equal(tpm2l_wrap_for_import(NULL, &parent, &child_sens, &child, &dup, &seed),
                     CRYPTO(TPM2L_E_BAD_ARG));
    /* A sensitive area of another type than the public area. */
    child.objectAttributes = SIGNER;
    assert_int_equal(tpm2l_wrap_for_import(NULL, &parent, &parent_sens, &child, &dup, &seed),
                     CRYPTO(TPM2L_E_BAD_ARG));
    assert_int_equal(dup.size, 0);
}

static void test_rsa_private_part_is_a_prime_of_the_modulus(void **state)
{
    (void)state;
    TPMT_PUBLIC pub;
    static TPMT_SENSITIVE sens;
    assert_int_equal(tpm2l_key_from_evp(rsa_key, TPM2_ALG_SHA256, SIGNER, NULL, &pub, &sens), 0);
    assert_int_equal(pub.nameAlg, TPM2_ALG_SHA256);
    assert_int_equal(pub.objectAttributes, SIGNER);
    assert_int_equal(sens.sensitiveType, TPM2_ALG_RSA);
    assert_int_equal(sens.sensitive.rsa.size, 128);
    BIGNUM *n = BN_bin2bn(pub.unique.rsa.buffer, pub.unique.rsa.size, NULL);
    BIGNUM *p = BN_bin2bn(sens.sensitive.rsa.buffer, sens.sensitive.rsa.size, NULL);
    BIGNUM *rem = BN_new();
    BN_CTX *bc = BN_CTX_new();
    assert_true(n && p && rem && bc);
    assert_int_equal(BN_mod(rem, n, p, bc), 1);
    assert_true(BN_is_zero(rem));
    assert_true(BN_num_bits(p) == 1024);
    BN_free(n);
    BN_free(p);
    BN_free(rem);
    BN_CTX_free(bc);
}

static void test_ecc_private_part_is_the_padded_scalar(void **state)
{
    (void)state;
    TPMT_PUBLIC pub;
    static TPMT_SENSITIVE sens;
    uint8_t d[32];
    BIGNUM *bn = NULL;
    assert_int_equal(tpm2l_key_from_evp(ecc_key, TPM2_ALG_SHA384, SIGNER, NULL, &pub, &sens), 0);
    assert_int_equal(pub.nameAlg, TPM2_ALG_SHA384);
    assert_int_equal(pub.parameters.eccDetail.curveID, TPM2_ECC_NIST_P256);
    assert_int_equal(sens.sensitive.ecc.size, 32);
    assert_int_equal(EVP_PKEY_get_bn_param(ecc_key, OSSL_PKEY_PARAM_PRIV_KEY, &bn), 1);
    assert_int_equal(BN_bn2binpad(bn, d, 32), 32);
    BN_clear_free(bn);
    assert_memory_equal(sens.sensitive.ecc.buffer, d, 32);
}

static void test_public_only_key_is_bad_value(void **state)
{
    (void)state;
    TPMT_PUBLIC pub, pub2;
    static TPMT_SENSITIVE sens;
    EVP_PKEY *only_pub = NULL;
    TPM2B_AUTH long_auth = {33, {0}};
    assert_int_equal(tpm2l_pubkey_from_evp(ecc_key, &pub), 0);
    pub.nameAlg = TPM2_ALG_SHA256;
    assert_int_equal(tpm2l_pubkey_to_evp(NULL, &pub, &only_pub), 0);
    assert_int_equal(tpm2l_key_from_evp(only_pub, TPM2_ALG_SHA256, SIGNER, NULL, &pub2, &sens),
                     CRYPTO(TPM2L_E_BAD_VALUE));
    assert_int_equal(sens.sensitive.ecc.size, 0);
    EVP_PKEY_free(only_pub);
    assert_int_equal(
        tpm2l_key_from_evp(ecc_key, TPM2_ALG_SHA256, SIGNER, &long_auth, &pub2, &sens),
        CRYPTO(TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_key_from_evp(ecc_key, TPM2_ALG_NULL, SIGNER, NULL, &pub2, &sens),
                     CRYPTO(TPM2L_E_BAD_SELECTOR));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsa_credential_opens_with_the_ek_private_key),
        cmocka_unit_test(test_ecc_credential_opens_with_the_ek_private_key),
        cmocka_unit_test(test_make_credential_refuses_what_the_tpm_refuses),
        cmocka_unit_test(test_rsa_key_duplicate_opens_under_an_ecc_parent),
        cmocka_unit_test(test_ecc_key_duplicate_opens_under_an_rsa_parent),
        cmocka_unit_test(test_wrap_refuses_fixed_objects),
        cmocka_unit_test(test_rsa_private_part_is_a_prime_of_the_modulus),
        cmocka_unit_test(test_ecc_private_part_is_the_padded_scalar),
        cmocka_unit_test(test_public_only_key_is_bad_value),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
