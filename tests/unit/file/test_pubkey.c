/* test_pubkey.c - TPMT_PUBLIC <-> SubjectPublicKeyInfo PEM: round trips for RSA and the
 * NIST curves, OpenSSL's own PEM of the same key matched byte for byte, the
 * tpm2-openssl key's public part matched with what `openssl pkey -pubout` printed,
 * `openssl pkey -pubin -text` accepting ours, and bad public areas refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "tests/unit/file/vectors.h"
#include "tpm2lite/keyfile.h"

#define RC_CRYPTO(reason) TPM2L_RC(TPM2L_LAYER_CRYPTO, (reason))

static char pem[4096], pem2[4096];
static EVP_PKEY *rsa; /* one RSA key for every test: keygen is slow under valgrind */

static int setup(void **state)
{
    (void)state;
    rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    return rsa ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    EVP_PKEY_free(rsa);
    return 0;
}

/* OpenSSL's PEM of pkey's public part. */
static size_t openssl_pem(EVP_PKEY *pkey, char *out, size_t cap)
{
    BIO *bio = BIO_new(BIO_s_mem());
    assert_non_null(bio);
    assert_int_equal(PEM_write_bio_PUBKEY(bio, pkey), 1);
    char *p;
    long n = BIO_get_mem_data(bio, &p);
    assert_true(n > 0 && (size_t)n < cap);
    memcpy(out, p, (size_t)n);
    out[n] = 0;
    BIO_free(bio);
    return (size_t)n;
}

static void round_trip(EVP_PKEY *pkey, TPM2_ALG_ID type)
{
    TPMT_PUBLIC pub, back;
    memset(&pub, 0, sizeof pub);
    memset(&back, 0, sizeof back);
    pub.nameAlg = TPM2_ALG_SHA256;
    assert_int_equal(tpm2l_pubkey_from_evp(pkey, &pub), 0);
    assert_int_equal(pub.type, type);
    assert_int_equal(pub.nameAlg, TPM2_ALG_SHA256); /* left as the caller set it */
    size_t n;
    assert_int_equal(tpm2l_pubkey_to_pem(NULL, &pub, pem, sizeof pem, &n), 0);
    assert_int_equal(strlen(pem), n);
    size_t m = openssl_pem(pkey, pem2, sizeof pem2);
    assert_int_equal(n, m);
    assert_string_equal(pem, pem2);
    back.nameAlg = TPM2_ALG_SHA256;
    assert_int_equal(tpm2l_pubkey_from_pem(NULL, pem, n, &back), 0);
    assert_memory_equal(&back, &pub, sizeof pub);
}

static void test_rsa_2048_round_trips(void **state)
{
    (void)state;
    round_trip(rsa, TPM2_ALG_RSA);
}

static void test_ecc_curves_round_trip(void **state)
{
    (void)state;
    static const char *const curves[] = {"P-256", "P-384", "P-521"};
    for (size_t i = 0; i < 3; i++) {
        EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curves[i]);
        round_trip(ec, TPM2_ALG_ECC);
        EVP_PKEY_free(ec);
    }
}

static void test_rsa_default_exponent_is_zero(void **state)
{
    (void)state;
    TPMT_PUBLIC pub;
    memset(&pub, 0, sizeof pub);
    assert_int_equal(tpm2l_pubkey_from_evp(rsa, &pub), 0);
    assert_int_equal(pub.parameters.rsaDetail.exponent, 0);
    assert_int_equal(pub.parameters.rsaDetail.keyBits, 2048);
    assert_int_equal(pub.unique.rsa.size, 256);
}

static void test_tpm2_openssl_key_public_matches_openssl(void **state)
{
    (void)state;
    static uint8_t der[512];
    static tpm2l_tpmkey key;
    size_t n;
    assert_int_equal(tpm2l_pem_decode(tpm2_openssl_key_pem, strlen(tpm2_openssl_key_pem),
                                      TPM2L_PEM_TSS2_PRIVATE_KEY, der, sizeof der, &n),
                     0);
    assert_int_equal(tpm2l_tpmkey_from_der(der, n, &key), 0);
    assert_int_equal(tpm2l_pubkey_to_pem(NULL, &key.pub.publicArea, pem, sizeof pem, &n), 0);
    assert_string_equal(pem, tpm2_openssl_key_pub_pem);
}

static void test_openssl_cli_accepts_ours(void **state)
{
    (void)state;
    if (system("openssl version >/dev/null 2>&1") != 0)
        skip();
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
    TPMT_PUBLIC pub;
    memset(&pub, 0, sizeof pub);
    assert_int_equal(tpm2l_pubkey_from_evp(pkey, &pub), 0);
    EVP_PKEY_free(pkey);
    size_t n;
    assert_int_equal(tpm2l_pubkey_to_pem(NULL, &pub, pem, sizeof pem, &n), 0);
    char path[] = "/tmp/tpm2l-pubkey-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, pem, n), (ssize_t)n);
    close(fd);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "openssl pkey -pubin -in %s -noout -text 2>&1 | grep -q 'NIST CURVE: P-384'",
             path);
    int rc = system(cmd);
    unlink(path);
    assert_int_equal(rc, 0);
}

static void test_point_off_curve_is_refused(void **state)
{
    (void)state;
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    TPMT_PUBLIC pub;
    memset(&pub, 0, sizeof pub);
    assert_int_equal(tpm2l_pubkey_from_evp(pkey, &pub), 0);
    EVP_PKEY_free(pkey);
    pub.unique.ecc.y.buffer[31] ^= 1;
    EVP_PKEY *out = NULL;
    assert_int_equal(tpm2l_pubkey_to_evp(NULL, &pub, &out), RC_CRYPTO(TPM2L_E_BAD_VALUE));
    assert_null(out);
}

static void test_modulus_not_matching_key_bits_is_refused(void **state)
{
    (void)state;
    TPMT_PUBLIC pub;
    memset(&pub, 0, sizeof pub);
    pub.type = TPM2_ALG_RSA;
    pub.parameters.rsaDetail.keyBits = 2048;
    pub.unique.rsa.size = 128;
    memset(pub.unique.rsa.buffer, 0xC3, 128);
    size_t n;
    assert_int_equal(tpm2l_pubkey_to_pem(NULL, &pub, pem, sizeof pem, &n),
                     RC_CRYPTO(TPM2L_E_BAD_VALUE));
}

static void test_unknown_type_and_curve_are_refused(void **state)
{
    (void)state;
    TPMT_PUBLIC pub;
    memset(&pub, 0, sizeof pub);
    pub.type = TPM2_ALG_KEYEDHASH;
    size_t n;
    assert_int_equal(tpm2l_pubkey_to_pem(NULL, &pub, pem, sizeof pem, &n),
                     RC_CRYPTO(TPM2L_E_BAD_SELECTOR));
    pub.type = TPM2_ALG_ECC;
    pub.parameters.eccDetail.curveID = TPM2_ECC_NIST_P192;
    assert_int_equal(tpm2l_pubkey_to_pem(NULL, &pub, pem, sizeof pem, &n),
                     RC_CRYPTO(TPM2L_E_BAD_SELECTOR));
}

static void test_small_output_is_insufficient(void **state)
{
    (void)state;
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    TPMT_PUBLIC pub;
    memset(&pub, 0, sizeof pub);
    assert_int_equal(tpm2l_pubkey_from_evp(pkey, &pub), 0);
    EVP_PKEY_free(pkey);
    size_t n;
    assert_int_equal(tpm2l_pubkey_to_pem(NULL, &pub, pem, sizeof pem, &n), 0);
    assert_int_equal(tpm2l_pubkey_to_pem(NULL, &pub, pem, n, &n),
                     RC_CRYPTO(TPM2L_E_INSUFFICIENT));
}

static void test_malformed_pem_is_refused(void **state)
{
    (void)state;
    TPMT_PUBLIC pub;
    static const char bad[] = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n";
    assert_int_equal(tpm2l_pubkey_from_pem(NULL, bad, strlen(bad), &pub),
                     RC_CRYPTO(TPM2L_E_BAD_VALUE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsa_2048_round_trips),
        cmocka_unit_test(test_ecc_curves_round_trip),
        cmocka_unit_test(test_rsa_default_exponent_is_zero),
        cmocka_unit_test(test_tpm2_openssl_key_public_matches_openssl),
        cmocka_unit_test(test_openssl_cli_accepts_ours),
        cmocka_unit_test(test_point_off_curve_is_refused),
        cmocka_unit_test(test_modulus_not_matching_key_bits_is_refused),
        cmocka_unit_test(test_unknown_type_and_curve_are_refused),
        cmocka_unit_test(test_small_output_is_insufficient),
        cmocka_unit_test(test_malformed_pem_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
