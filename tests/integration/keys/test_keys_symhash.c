/* test_keys_symhash.c - EncryptDecrypt2, HMAC, Hash and the hash sequences against real
 * TPMs, each result compared with OpenSSL computing the same thing from the key bits
 * we gave the TPM (symcipher and keyedhash objects created without
 * sensitiveDataOrigin take the caller's key). Every test flushes what it loads; the
 * last one checks that nothing is left. */
#include <string.h>

#include <openssl/evp.h>

#include "tests/integration/keys/keys_util.h"

static const uint8_t aes_key[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
static const uint8_t iv[16] = {0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
                               0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f};
static const char plain[] = "forty bytes of plaintext, not a block.."; /* 39 + NUL */
static const uint8_t hmac_key[32] = "an HMAC key of thirty-two bytes";

static tpm2l_Create_out cr;
static tpm2l_Load_out ld;

static void aes_key_loaded(void)
{
    TPMT_PUBLIC t;
    key_template(&t, TPM2_ALG_SYMCIPHER,
                 TPMA_OBJECT_DECRYPT | TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_USERWITHAUTH |
                     TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT);
    create_loaded(&t, NULL, aes_key, sizeof aes_key, &cr, &ld);
}

static void openssl_cfb(const uint8_t *in, size_t len, uint8_t *out)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int n = 0, m = 0;
    assert_non_null(c);
    assert_int_equal(EVP_EncryptInit_ex2(c, EVP_aes_128_cfb128(), aes_key, iv, NULL), 1);
    assert_int_equal(EVP_EncryptUpdate(c, out, &n, in, (int)len), 1);
    assert_int_equal(EVP_EncryptFinal_ex(c, out + n, &m), 1);
    assert_int_equal((size_t)(n + m), len);
    EVP_CIPHER_CTX_free(c);
}

static TPM2_RC encdec(int decrypt, const uint8_t *in, size_t len, const TPM2B_IV *ivIn,
                      tpm2l_EncryptDecrypt2_out *out)
{
    static tpm2l_EncryptDecrypt2_in e;
    memset(&e, 0, sizeof e);
    e.keyHandle = object_auth(&ld.objectHandle, NULL);
    e.inData.size = (uint16_t)len;
    memcpy(e.inData.buffer, in, len);
    e.decrypt = (TPMI_YES_NO)decrypt;
    e.mode = TPM2_ALG_CFB;
    e.ivIn = *ivIn;
    return tpm2l_EncryptDecrypt2(&ctx, &e, out);
}

static TPM2B_IV the_iv(void)
{
    TPM2B_IV v;
    v.size = sizeof iv;
    memcpy(v.buffer, iv, sizeof iv);
    return v;
}

static void test_encrypt_decrypt2_cfb_equals_openssl_and_round_trips(void **state)
{
    (void)state;
    static tpm2l_EncryptDecrypt2_out enc, dec;
    uint8_t want[sizeof plain];
    TPM2B_IV v = the_iv();
    aes_key_loaded();
    openssl_cfb((const uint8_t *)plain, sizeof plain, want);
    OK(encdec(0, (const uint8_t *)plain, sizeof plain, &v, &enc));
    assert_int_equal(enc.outData.size, sizeof plain);
    assert_memory_equal(enc.outData.buffer, want, sizeof plain);
    OK(encdec(1, enc.outData.buffer, enc.outData.size, &v, &dec));
    assert_int_equal(dec.outData.size, sizeof plain);
    assert_memory_equal(dec.outData.buffer, plain, sizeof plain);
    flush(ld.objectHandle.handle);
}

/* Two calls chained through ivOut give the one-call ciphertext. */
static void test_encrypt_decrypt2_iv_out_chains_the_next_call(void **state)
{
    (void)state;
    static tpm2l_EncryptDecrypt2_out a, b;
    uint8_t want[sizeof plain];
    TPM2B_IV v = the_iv();
    aes_key_loaded();
    openssl_cfb((const uint8_t *)plain, sizeof plain, want);
    OK(encdec(0, (const uint8_t *)plain, 32, &v, &a));
    assert_int_equal(a.ivOut.size, 16);
    OK(encdec(0, (const uint8_t *)plain + 32, sizeof plain - 32, &a.ivOut, &b));
    assert_memory_equal(a.outData.buffer, want, 32);
    assert_memory_equal(b.outData.buffer, want + 32, sizeof plain - 32);
    flush(ld.objectHandle.handle);
}

static void test_encrypt_decrypt2_on_a_handle_not_loaded_is_TPM_RC_VALUE(void **state)
{
    (void)state;
    static tpm2l_EncryptDecrypt2_out out;
    TPM2B_IV v = the_iv();
    ld.objectHandle.handle = 0x80fffffeu;
    ld.objectHandle.name.size = 0;
    FAILS_WITH(encdec(0, (const uint8_t *)plain, 16, &v, &out), TPM2_RC_VALUE | TPM2_RC_H | TPM2_RC_1);
    assert_error_mentions("EncryptDecrypt2: ");
}

static void test_hmac_with_a_known_key_equals_openssl_hmac(void **state)
{
    (void)state;
    static tpm2l_HMAC_in in;
    static tpm2l_HMAC_out out;
    uint8_t want[32];
    size_t n = 0;
    TPMT_PUBLIC t;
    key_template(&t, TPM2_ALG_KEYEDHASH,
                 TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_FIXEDTPM |
                     TPMA_OBJECT_FIXEDPARENT);
    create_loaded(&t, "mac", hmac_key, sizeof hmac_key, &cr, &ld);
    assert_non_null(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, hmac_key, sizeof hmac_key,
                              (const unsigned char *)plain, sizeof plain, want, sizeof want,
                              &n));
    in.handle = object_auth(&ld.objectHandle, "mac");
    in.buffer.size = sizeof plain;
    memcpy(in.buffer.buffer, plain, sizeof plain);
    in.hashAlg = TPM2_ALG_SHA256;
    OK(tpm2l_HMAC(&ctx, &in, &out));
    assert_int_equal(out.outHMAC.size, 32);
    assert_memory_equal(out.outHMAC.buffer, want, 32);
    flush(ld.objectHandle.handle);
}

static void sha256(const void *data, size_t len, uint8_t out[32])
{
    unsigned int n = 0;
    assert_int_equal(EVP_Digest(data, len, out, &n, EVP_sha256(), NULL), 1);
}

static void test_hash_equals_openssl_sha256_with_a_hashcheck_ticket(void **state)
{
    (void)state;
    static tpm2l_Hash_in in;
    static tpm2l_Hash_out out;
    uint8_t want[32];
    sha256(plain, sizeof plain, want);
    in.data.size = sizeof plain;
    memcpy(in.data.buffer, plain, sizeof plain);
    in.hashAlg = TPM2_ALG_SHA256;
    in.hierarchy = TPM2_RH_OWNER;
    OK(tpm2l_Hash(&ctx, &in, &out));
    assert_int_equal(out.outHash.size, 32);
    assert_memory_equal(out.outHash.buffer, want, 32);
    assert_int_equal(out.validation.tag, TPM2_ST_HASHCHECK);
    assert_int_equal(out.validation.hierarchy, TPM2_RH_OWNER);
    /* an HMAC under the hierarchy's proof: its size is the TPM's choice */
    assert_true(out.validation.digest.size > 0);
}

/* Data that starts like a TPM-made attestation gets no ticket (Part 3 §15.4). */
static void test_hash_of_data_starting_with_the_generated_value_has_a_null_ticket(void **state)
{
    (void)state;
    static tpm2l_Hash_in in;
    static tpm2l_Hash_out out;
    static const uint8_t forged[] = {0xff, 0x54, 0x43, 0x47, 0x80, 0x17};
    in.data.size = sizeof forged;
    memcpy(in.data.buffer, forged, sizeof forged);
    in.hashAlg = TPM2_ALG_SHA256;
    in.hierarchy = TPM2_RH_OWNER;
    OK(tpm2l_Hash(&ctx, &in, &out));
    assert_int_equal(out.validation.tag, TPM2_ST_HASHCHECK);
    assert_int_equal(out.validation.hierarchy, TPM2_RH_NULL);
    assert_int_equal(out.validation.digest.size, 0);
}

static tpm2l_handle seq_start(const char *auth)
{
    static tpm2l_HashSequenceStart_in in;
    static tpm2l_HashSequenceStart_out out;
    memset(&in, 0, sizeof in);
    in.auth.size = (uint16_t)strlen(auth);
    memcpy(in.auth.buffer, auth, strlen(auth));
    in.hashAlg = TPM2_ALG_SHA256;
    OK(tpm2l_HashSequenceStart(&ctx, &in, &out));
    assert_int_equal(out.sequenceHandle.handle & TPM2_HR_RANGE_MASK, TPM2_HR_TRANSIENT);
    return out.sequenceHandle;
}

static TPM2_RC seq_update(const tpm2l_handle *h, const char *auth, const char *data)
{
    static tpm2l_SequenceUpdate_in in;
    in.sequenceHandle = object_auth(h, auth);
    in.buffer.size = (uint16_t)strlen(data);
    memcpy(in.buffer.buffer, data, strlen(data));
    return tpm2l_SequenceUpdate(&ctx, &in);
}

static void test_hash_sequence_equals_openssl_sha256_of_all_its_parts(void **state)
{
    (void)state;
    static tpm2l_SequenceComplete_in in;
    static tpm2l_SequenceComplete_out out;
    static const char whole[] = "first part|second part|last part";
    uint8_t want[32];
    sha256(whole, sizeof whole - 1, want);
    tpm2l_handle h = seq_start("seq");
    OK(seq_update(&h, "seq", "first part|"));
    OK(seq_update(&h, "seq", "second part|"));
    in.sequenceHandle = object_auth(&h, "seq");
    in.buffer.size = 9;
    memcpy(in.buffer.buffer, "last part", 9);
    in.hierarchy = TPM2_RH_OWNER;
    OK(tpm2l_SequenceComplete(&ctx, &in, &out));
    assert_int_equal(out.result.size, 32);
    assert_memory_equal(out.result.buffer, want, 32);
    assert_int_equal(out.validation.tag, TPM2_ST_HASHCHECK);
    assert_int_equal(out.validation.hierarchy, TPM2_RH_OWNER);
    assert_true(out.validation.digest.size > 0);
    /* SequenceComplete flushed the sequence object */
    assert_no_transients();
}

static void test_sequence_update_with_a_wrong_auth_is_refused(void **state)
{
    (void)state;
    tpm2l_handle h = seq_start("seq");
    FAILS_WITH(seq_update(&h, "qes", "data"), TPM2_RC_BAD_AUTH | TPM2_RC_S | TPM2_RC_1);
    assert_error_mentions("SequenceUpdate: TPM_RC_BAD_AUTH");
    flush(h.handle);
}

static void test_nothing_is_left_loaded(void **state)
{
    (void)state;
    assert_no_transients();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_encrypt_decrypt2_cfb_equals_openssl_and_round_trips,
                                        keys_setup, keys_teardown),
        cmocka_unit_test_setup_teardown(test_encrypt_decrypt2_iv_out_chains_the_next_call,
                                        keys_setup, keys_teardown),
        cmocka_unit_test(test_encrypt_decrypt2_on_a_handle_not_loaded_is_TPM_RC_VALUE),
        cmocka_unit_test_setup_teardown(test_hmac_with_a_known_key_equals_openssl_hmac,
                                        keys_setup, keys_teardown),
        cmocka_unit_test(test_hash_equals_openssl_sha256_with_a_hashcheck_ticket),
        cmocka_unit_test(test_hash_of_data_starting_with_the_generated_value_has_a_null_ticket),
        cmocka_unit_test(test_hash_sequence_equals_openssl_sha256_of_all_its_parts),
        cmocka_unit_test(test_sequence_update_with_a_wrong_auth_is_refused),
        cmocka_unit_test(test_nothing_is_left_loaded),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
