/* test_keys_asym.c - RSA_Encrypt, RSA_Decrypt, ECDH_KeyGen and ECDH_ZGen against real
 * TPMs, with OpenSSL as the independent peer: OpenSSL encrypts to the TPM's public key
 * and the TPM decrypts; OpenSSL's ECDH with the TPM's public key meets ZGen. Every
 * test flushes what it loads; the last one checks that nothing is left. */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "tests/integration/keys/keys_util.h"
#include "tpm2lite/keyfile.h"

static const char message[] = "attack at dawn, bring snacks";
/* Part 1 §B.4: an OAEP label is a string with its terminating zero. */
static const char label[] = "tpm2lite";

static const TPMA_OBJECT decrypt_attrs = TPMA_OBJECT_DECRYPT | TPMA_OBJECT_USERWITHAUTH |
                                         TPMA_OBJECT_SENSITIVEDATAORIGIN |
                                         TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT;

static tpm2l_Create_out cr;
static tpm2l_Load_out ld;

static void rsa_key(const char *auth)
{
    TPMT_PUBLIC t;
    key_template(&t, TPM2_ALG_RSA, decrypt_attrs);
    create_loaded(&t, auth, NULL, 0, &cr, &ld);
}

static TPMT_RSA_DECRYPT scheme(TPM2_ALG_ID alg)
{
    TPMT_RSA_DECRYPT s;
    memset(&s, 0, sizeof s);
    s.scheme = alg;
    if (alg == TPM2_ALG_OAEP)
        s.details.oaep.hashAlg = TPM2_ALG_SHA256;
    return s;
}

static void rsa_round_trip(TPM2_ALG_ID alg, int with_label)
{
    static tpm2l_RSA_Encrypt_in ein;
    static tpm2l_RSA_Encrypt_out eout;
    static tpm2l_RSA_Decrypt_in din;
    static tpm2l_RSA_Decrypt_out dout;
    memset(&ein, 0, sizeof ein);
    memset(&din, 0, sizeof din);
    rsa_key(NULL);
    ein.keyHandle = ld.objectHandle;
    ein.message.size = sizeof message - 1;
    memcpy(ein.message.buffer, message, sizeof message - 1);
    ein.inScheme = scheme(alg);
    if (with_label) {
        ein.label.size = sizeof label;
        memcpy(ein.label.buffer, label, sizeof label);
    }
    OK(tpm2l_RSA_Encrypt(&ctx, &ein, &eout));
    assert_int_equal(eout.outData.size, 256);

    din.keyHandle = object_auth(&ld.objectHandle, NULL);
    din.cipherText = eout.outData;
    din.inScheme = ein.inScheme;
    din.label = ein.label;
    OK(tpm2l_RSA_Decrypt(&ctx, &din, &dout));
    assert_int_equal(dout.message.size, sizeof message - 1);
    assert_memory_equal(dout.message.buffer, message, sizeof message - 1);
    flush(ld.objectHandle.handle);
}

static void test_rsa_oaep_encrypt_then_decrypt_returns_the_message(void **state)
{
    (void)state;
    rsa_round_trip(TPM2_ALG_OAEP, 1);
}

static void test_rsa_rsaes_encrypt_then_decrypt_returns_the_message(void **state)
{
    (void)state;
    rsa_round_trip(TPM2_ALG_RSAES, 0);
}

/* OpenSSL encrypts under outPublic; only the TPM holds the private key. */
static void test_rsa_decrypt_opens_an_openssl_oaep_ciphertext(void **state)
{
    (void)state;
    static tpm2l_RSA_Decrypt_in din;
    static tpm2l_RSA_Decrypt_out dout;
    EVP_PKEY *pkey = NULL;
    rsa_key(NULL);
    OK(tpm2l_pubkey_to_evp(NULL, &cr.outPublic.publicArea, &pkey));
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    assert_non_null(pc);
    assert_int_equal(EVP_PKEY_encrypt_init(pc), 1);
    assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_OAEP_PADDING), 1);
    assert_int_equal(EVP_PKEY_CTX_set_rsa_oaep_md(pc, EVP_sha256()), 1);
    assert_int_equal(EVP_PKEY_CTX_set_rsa_mgf1_md(pc, EVP_sha256()), 1);
    void *l = OPENSSL_memdup(label, sizeof label);
    assert_int_equal(EVP_PKEY_CTX_set0_rsa_oaep_label(pc, l, sizeof label), 1);
    size_t n = sizeof din.cipherText.buffer;
    assert_int_equal(EVP_PKEY_encrypt(pc, din.cipherText.buffer, &n,
                                      (const unsigned char *)message, sizeof message - 1),
                     1);
    EVP_PKEY_CTX_free(pc);
    EVP_PKEY_free(pkey);

    din.cipherText.size = (uint16_t)n;
    din.keyHandle = object_auth(&ld.objectHandle, NULL);
    din.inScheme = scheme(TPM2_ALG_OAEP);
    din.label.size = sizeof label;
    memcpy(din.label.buffer, label, sizeof label);
    OK(tpm2l_RSA_Decrypt(&ctx, &din, &dout));
    assert_int_equal(dout.message.size, sizeof message - 1);
    assert_memory_equal(dout.message.buffer, message, sizeof message - 1);

    /* the same ciphertext under another label must not open */
    din.label.buffer[0] ^= 1;
    assert_int_not_equal(tpm2l_RSA_Decrypt(&ctx, &din, &dout), 0);
    flush(ld.objectHandle.handle);
}

/* One DA failure per TPM: the default lockout threshold is not reached. */
static void test_rsa_decrypt_with_a_wrong_password_is_TPM_RC_AUTH_FAIL(void **state)
{
    (void)state;
    static tpm2l_RSA_Decrypt_in din;
    static tpm2l_RSA_Decrypt_out dout;
    memset(&din, 0, sizeof din);
    rsa_key("right");
    din.keyHandle = object_auth(&ld.objectHandle, "wrong");
    din.cipherText.size = 256;
    din.inScheme = scheme(TPM2_ALG_RSAES);
    FAILS_WITH(tpm2l_RSA_Decrypt(&ctx, &din, &dout), RC_AUTH_FAIL_S1);
    assert_error_mentions("RSA_Decrypt: TPM_RC_AUTH_FAIL");
    flush(ld.objectHandle.handle);
}

static void test_rsa_encrypt_on_a_handle_not_loaded_is_TPM_RC_VALUE(void **state)
{
    (void)state;
    static tpm2l_RSA_Encrypt_in ein;
    static tpm2l_RSA_Encrypt_out eout;
    memset(&ein, 0, sizeof ein);
    ein.keyHandle.handle = 0x80fffffeu;
    ein.message.size = 1;
    ein.inScheme = scheme(TPM2_ALG_RSAES);
    FAILS_WITH(tpm2l_RSA_Encrypt(&ctx, &ein, &eout), TPM2_RC_VALUE | TPM2_RC_H | TPM2_RC_1);
    assert_error_mentions("RSA_Encrypt: ");
}

static void ecc_key(void)
{
    TPMT_PUBLIC t;
    key_template(&t, TPM2_ALG_ECC, decrypt_attrs);
    create_loaded(&t, NULL, NULL, 0, &cr, &ld);
}

static TPM2_RC zgen(const TPM2B_ECC_POINT *in, TPM2B_ECC_POINT *out)
{
    static tpm2l_ECDH_ZGen_in zin;
    static tpm2l_ECDH_ZGen_out zout;
    zin.keyHandle = object_auth(&ld.objectHandle, NULL);
    zin.inPoint = *in;
    TPM2_RC rc = tpm2l_ECDH_ZGen(&ctx, &zin, &zout);
    *out = zout.outPoint;
    return rc;
}

static void assert_param_equal(const TPM2B_ECC_PARAMETER *a, const TPM2B_ECC_PARAMETER *b)
{
    assert_int_equal(a->size, b->size);
    assert_memory_equal(a->buffer, b->buffer, a->size);
}

static void test_ecdh_keygen_z_equals_zgen_of_its_public_point(void **state)
{
    (void)state;
    static tpm2l_ECDH_KeyGen_in kin;
    static tpm2l_ECDH_KeyGen_out kout;
    static TPM2B_ECC_POINT z;
    ecc_key();
    kin.keyHandle = ld.objectHandle;
    OK(tpm2l_ECDH_KeyGen(&ctx, &kin, &kout));
    assert_int_equal(kout.zPoint.point.x.size, 32);
    assert_int_equal(kout.pubPoint.point.x.size, 32);
    OK(zgen(&kout.pubPoint, &z));
    assert_param_equal(&z.point.x, &kout.zPoint.point.x);
    assert_param_equal(&z.point.y, &kout.zPoint.point.y);
    flush(ld.objectHandle.handle);
}

static void bn_param(const EVP_PKEY *k, const char *name, TPM2B_ECC_PARAMETER *p)
{
    BIGNUM *bn = NULL;
    assert_int_equal(EVP_PKEY_get_bn_param(k, name, &bn), 1);
    assert_int_equal(BN_bn2binpad(bn, p->buffer, 32), 32);
    p->size = 32;
    BN_free(bn);
}

static void test_ecdh_zgen_agrees_with_openssl_ecdh(void **state)
{
    (void)state;
    static TPM2B_ECC_POINT in, z;
    EVP_PKEY *tpm_pub = NULL;
    uint8_t secret[64];
    size_t n = sizeof secret;
    ecc_key();
    OK(tpm2l_pubkey_to_evp(NULL, &cr.outPublic.publicArea, &tpm_pub));
    EVP_PKEY *mine = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    assert_non_null(mine);
    EVP_PKEY_CTX *dc = EVP_PKEY_CTX_new_from_pkey(NULL, mine, NULL);
    assert_int_equal(EVP_PKEY_derive_init(dc), 1);
    assert_int_equal(EVP_PKEY_derive_set_peer(dc, tpm_pub), 1);
    assert_int_equal(EVP_PKEY_derive(dc, secret, &n), 1);
    assert_int_equal(n, 32);
    bn_param(mine, OSSL_PKEY_PARAM_EC_PUB_X, &in.point.x);
    bn_param(mine, OSSL_PKEY_PARAM_EC_PUB_Y, &in.point.y);
    EVP_PKEY_CTX_free(dc);
    EVP_PKEY_free(mine);
    EVP_PKEY_free(tpm_pub);

    OK(zgen(&in, &z));
    assert_int_equal(z.point.x.size, 32);
    assert_memory_equal(z.point.x.buffer, secret, 32);
    flush(ld.objectHandle.handle);
}

static void test_ecdh_zgen_of_a_point_off_the_curve_is_refused(void **state)
{
    (void)state;
    static TPM2B_ECC_POINT in, z;
    memset(&in, 0, sizeof in);
    ecc_key();
    in.point.x.size = in.point.y.size = 32;
    in.point.x.buffer[31] = 1;
    in.point.y.buffer[31] = 1;
    assert_int_not_equal(zgen(&in, &z), 0);
    assert_error_mentions("ECDH_ZGen: TPM_RC_");
    flush(ld.objectHandle.handle);
}

static void test_nothing_is_left_loaded(void **state)
{
    (void)state;
    assert_no_transients();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rsa_oaep_encrypt_then_decrypt_returns_the_message,
                                        keys_setup, keys_teardown),
        cmocka_unit_test_setup_teardown(
            test_rsa_rsaes_encrypt_then_decrypt_returns_the_message, keys_setup, keys_teardown),
        cmocka_unit_test_setup_teardown(test_rsa_decrypt_opens_an_openssl_oaep_ciphertext,
                                        keys_setup, keys_teardown),
        cmocka_unit_test_setup_teardown(test_rsa_decrypt_with_a_wrong_password_is_TPM_RC_AUTH_FAIL,
                                        keys_setup, keys_teardown),
        cmocka_unit_test(test_rsa_encrypt_on_a_handle_not_loaded_is_TPM_RC_VALUE),
        cmocka_unit_test_setup_teardown(test_ecdh_keygen_z_equals_zgen_of_its_public_point,
                                        keys_setup, keys_teardown),
        cmocka_unit_test_setup_teardown(test_ecdh_zgen_agrees_with_openssl_ecdh, keys_setup,
                                        keys_teardown),
        cmocka_unit_test_setup_teardown(test_ecdh_zgen_of_a_point_off_the_curve_is_refused,
                                        keys_setup, keys_teardown),
        cmocka_unit_test(test_nothing_is_left_loaded),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
