/* test_kdf.c - KDFa and KDFe against every go-tpm vector (validated on the reference
 * TPM, bit counts that are not multiples of 8 included), HMAC against RFC 4231/2202,
 * AES-CFB-128 against SP800-38A F.3.13-F.3.18, and the argument errors of each.
 * argv[1] is the vectors directory (tests/vectors). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/crypto/vectors.h"
#include "tpm2lite/crypto.h"

static const char *vec_dir;
static vec_file vf;

typedef TPM2_RC (*kdf_fn)(tpm2l_crypto *, TPM2_ALG_ID, const uint8_t *, size_t, const char *,
                          const uint8_t *, size_t, const uint8_t *, size_t, uint32_t, uint8_t *,
                          size_t);

/* Every vector of file through fn, with a cache (reused across vectors) and without. */
static void run_kdf_vectors(const char *file, const char *key_field, kdf_fn fn)
{
    static uint8_t key[512], u[512], v[512], want[512], got[512 + 8];
    tpm2l_crypto c;
    tpm2l_crypto_init(&c);
    vec_load(&vf, vec_dir, file);
    int passed = 0;
    for (int i = 0; i < vf.n; i++) {
        const vec_t *t = &vf.v[i];
        size_t kl = vec_hex(t, key_field, key, sizeof key);
        size_t ul = vec_hex(t, "ContextU", u, sizeof u);
        size_t vl = vec_hex(t, "ContextV", v, sizeof v);
        size_t wl = vec_hex(t, "Result", want, sizeof want);
        uint32_t bits = (uint32_t)vec_uint(t, "Bits");
        TPM2_ALG_ID alg = (TPM2_ALG_ID)vec_uint(t, "HashAlg");
        assert_int_equal(wl, (bits + 7) / 8);
        for (int cached = 0; cached < 2; cached++) {
            memset(got, 0xA5, sizeof got);
            TPM2_RC rc = fn(cached ? &c : NULL, alg, key, kl, vec_get(t, "Label"), u, ul, v, vl,
                            bits, got, wl);
            if (rc || memcmp(got, want, wl))
                fail_msg("%s %s (cached=%d): rc 0x%x or wrong bytes", file,
                         vec_get(t, "Name"), cached, rc);
            assert_int_equal(got[wl], 0xA5); /* nothing written past ceil(bits/8) */
        }
        passed++;
    }
    print_message("%s: %d/%d vectors\n", file, passed, vf.n);
    vec_free(&vf);
    tpm2l_crypto_release(&c);
}

static void test_kdfa_matches_every_go_tpm_vector(void **state)
{
    (void)state;
    run_kdf_vectors("kdfa.json", "Key", tpm2l_kdfa);
}

static void test_kdfe_matches_every_go_tpm_vector(void **state)
{
    (void)state;
    run_kdf_vectors("kdfe.json", "Z", tpm2l_kdfe);
}

static void test_kdfa_zeroes_only_the_unused_high_bits_of_the_first_byte(void **state)
{
    (void)state;
    uint8_t full[32], part[32];
    static const uint8_t key[4] = {1, 2, 3, 4};
    /* The bits parameter is part of the HMAC input, so 252 and 256 differ entirely;
     * compare 252 against itself masked by hand instead. */
    assert_int_equal(tpm2l_kdfa(NULL, TPM2_ALG_SHA256, key, 4, "XOR", NULL, 0, NULL, 0, 252,
                                part, sizeof part), 0);
    assert_int_equal(part[0] & 0xF0, 0);
    assert_int_equal(tpm2l_kdfe(NULL, TPM2_ALG_SHA256, key, 4, "XOR", NULL, 0, NULL, 0, 252,
                                part, sizeof part), 0);
    /* KDFe's input has no bit count: 252 bits are 256 bits with the top 4 cleared. */
    assert_int_equal(tpm2l_kdfe(NULL, TPM2_ALG_SHA256, key, 4, "XOR", NULL, 0, NULL, 0, 256,
                                full, sizeof full), 0);
    assert_int_equal(part[0], full[0] & 0x0F);
    assert_memory_equal(part + 1, full + 1, 31);
}

static void test_kdf_label_is_null_terminated_in_the_derivation(void **state)
{
    (void)state;
    /* KDFe(Z, "AB") = H(00000001 || Z || 'A' 'B' 00); with Z = "" that is
     * H(00 00 00 01 41 42 00), computed here with the plain hash. */
    static const uint8_t msg[7] = {0, 0, 0, 1, 'A', 'B', 0};
    uint8_t want[32], got[32];
    assert_int_equal(tpm2l_hash(NULL, TPM2_ALG_SHA256, msg, sizeof msg, want, sizeof want), 0);
    assert_int_equal(tpm2l_kdfe(NULL, TPM2_ALG_SHA256, NULL, 0, "AB", NULL, 0, NULL, 0, 256,
                                got, sizeof got), 0);
    assert_memory_equal(got, want, 32);
}

static void test_kdf_refuses_small_output_null_label_and_unknown_hash(void **state)
{
    (void)state;
    uint8_t out[40];
    static const uint8_t key[1] = {7};
    memset(out, 0x55, sizeof out);
    assert_int_equal(tpm2l_kdfa(NULL, TPM2_ALG_SHA256, key, 1, "CFB", NULL, 0, NULL, 0, 257,
                                out, 32),
                     TPM2L_RC_CRYPTO(TPM2L_E_INSUFFICIENT));
    for (size_t i = 0; i < 32; i++)
        assert_int_equal(out[i], 0); /* wiped, not left half-written */
    assert_int_equal(tpm2l_kdfa(NULL, TPM2_ALG_SHA256, key, 1, NULL, NULL, 0, NULL, 0, 128,
                                out, sizeof out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_kdfe(NULL, 0x0099, key, 1, "CFB", NULL, 0, NULL, 0, 128, out,
                                sizeof out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR));
    assert_int_equal(tpm2l_kdfa(NULL, TPM2_ALG_SHA256, NULL, 3, "CFB", NULL, 0, NULL, 0, 128,
                                out, sizeof out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG));
}

static void test_kdf_with_zero_bits_writes_nothing(void **state)
{
    (void)state;
    uint8_t out[1] = {0x33};
    assert_int_equal(tpm2l_kdfa(NULL, TPM2_ALG_SHA1, NULL, 0, "XOR", NULL, 0, NULL, 0, 0, out,
                                0), 0);
    assert_int_equal(out[0], 0x33);
}

static void test_hmac_matches_rfc4231_and_rfc2202(void **state)
{
    (void)state;
    static const uint8_t sha256[32] = {
        0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
        0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
    static const uint8_t sha1[20] = {0xef, 0xfc, 0xdf, 0x6a, 0xe5, 0xeb, 0x2f, 0xa2, 0xd2, 0x74,
                                     0x16, 0xd5, 0xf1, 0x84, 0xdf, 0x9c, 0x25, 0x9a, 0x7c, 0x79};
    static const char data[] = "what do ya want for nothing?";
    uint8_t out[64];
    tpm2l_crypto c;
    tpm2l_crypto_init(&c);
    for (int round = 0; round < 2; round++) { /* the second round uses the cache */
        assert_int_equal(tpm2l_hmac(&c, TPM2_ALG_SHA256, (const uint8_t *)"Jefe", 4, data,
                                    sizeof data - 1, out, sizeof out), 0);
        assert_memory_equal(out, sha256, 32);
        assert_int_equal(tpm2l_hmac(&c, TPM2_ALG_SHA1, (const uint8_t *)"Jefe", 4, data,
                                    sizeof data - 1, out, sizeof out), 0);
        assert_memory_equal(out, sha1, 20);
    }
    tpm2l_crypto_release(&c);
    /* ... and after release, the context refetches. */
    assert_int_equal(tpm2l_hmac(&c, TPM2_ALG_SHA1, (const uint8_t *)"Jefe", 4, data,
                                sizeof data - 1, out, sizeof out), 0);
    assert_memory_equal(out, sha1, 20);
    tpm2l_crypto_release(&c);
}

static void test_hmac_accepts_the_empty_key(void **state)
{
    (void)state;
    /* HMAC-SHA256("", ""), a well-known constant. */
    static const uint8_t want[32] = {
        0xb6, 0x13, 0x67, 0x9a, 0x08, 0x14, 0xd9, 0xec, 0x77, 0x2f, 0x95, 0xd7, 0x78, 0xc3, 0x5f, 0xc5,
        0xff, 0x16, 0x97, 0xc4, 0x93, 0x71, 0x56, 0x53, 0xc6, 0xc7, 0x12, 0x14, 0x42, 0x92, 0xc5, 0xad};
    uint8_t out[32];
    tpm2l_hmac_state h;
    assert_int_equal(tpm2l_hmac_start(NULL, &h, TPM2_ALG_SHA256, NULL, 0), 0);
    tpm2l_hmac_update(&h, NULL, 0);
    assert_int_equal(tpm2l_hmac_finish(&h, out, sizeof out), 0);
    assert_memory_equal(out, want, 32);
}

static void test_hmac_incremental_equals_one_shot(void **state)
{
    (void)state;
    static const uint8_t key[3] = {9, 8, 7};
    uint8_t a[48], b[48];
    tpm2l_hmac_state h;
    assert_int_equal(tpm2l_hmac(NULL, TPM2_ALG_SHA384, key, 3, "abcdef", 6, a, sizeof a), 0);
    assert_int_equal(tpm2l_hmac_start(NULL, &h, TPM2_ALG_SHA384, key, 3), 0);
    tpm2l_hmac_update(&h, "ab", 2);
    tpm2l_hmac_update(&h, "cdef", 4);
    assert_int_equal(tpm2l_hmac_finish(&h, b, sizeof b), 0);
    assert_memory_equal(a, b, sizeof a);
}

static void test_hmac_refuses_small_output_and_unknown_hash(void **state)
{
    (void)state;
    uint8_t out[32];
    tpm2l_hmac_state h;
    assert_int_equal(tpm2l_hmac(NULL, TPM2_ALG_SHA384, NULL, 0, "x", 1, out, sizeof out),
                     TPM2L_RC_CRYPTO(TPM2L_E_INSUFFICIENT));
    assert_int_equal(tpm2l_hmac_start(NULL, &h, 0x0099, NULL, 0),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR));
    tpm2l_hmac_abort(&h); /* safe after a failed start */
    assert_int_equal(tpm2l_hmac_start(NULL, &h, TPM2_ALG_SHA256, NULL, 0), 0);
    tpm2l_hmac_update(&h, NULL, 5);
    assert_int_equal(tpm2l_hmac_finish(&h, out, sizeof out), TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG));
}

static void test_aes_cfb_matches_sp800_38a(void **state)
{
    (void)state;
    static const uint8_t iv[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    static const uint8_t pt[32] = {
        0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
        0xae, 0x2d, 0x8a, 0x57, 0x1e, 0x03, 0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf, 0x8e, 0x51};
    static const struct {
        uint8_t key[32];
        size_t key_len;
        uint8_t ct[32];
    } cases[3] = {
        {{0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c},
         16,
         {0x3b, 0x3f, 0xd9, 0x2e, 0xb7, 0x2d, 0xad, 0x20, 0x33, 0x34, 0x49, 0xf8, 0xe8, 0x3c, 0xfb, 0x4a,
          0xc8, 0xa6, 0x45, 0x37, 0xa0, 0xb3, 0xa9, 0x3f, 0xcd, 0xe3, 0xcd, 0xad, 0x9f, 0x1c, 0xe5, 0x8b}},
        {{0x8e, 0x73, 0xb0, 0xf7, 0xda, 0x0e, 0x64, 0x52, 0xc8, 0x10, 0xf3, 0x2b,
          0x80, 0x90, 0x79, 0xe5, 0x62, 0xf8, 0xea, 0xd2, 0x52, 0x2c, 0x6b, 0x7b},
         24,
         {0xcd, 0xc8, 0x0d, 0x6f, 0xdd, 0xf1, 0x8c, 0xab, 0x34, 0xc2, 0x59, 0x09, 0xc9, 0x9a, 0x41, 0x74,
          0x67, 0xce, 0x7f, 0x7f, 0x81, 0x17, 0x36, 0x21, 0x96, 0x1a, 0x2b, 0x70, 0x17, 0x1d, 0x3d, 0x7a}},
        {{0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d, 0x77, 0x81,
          0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61, 0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4},
         32,
         {0xdc, 0x7e, 0x84, 0xbf, 0xda, 0x79, 0x16, 0x4b, 0x7e, 0xcd, 0x84, 0x86, 0x98, 0x5d, 0x38, 0x60,
          0x39, 0xff, 0xed, 0x14, 0x3b, 0x28, 0xb1, 0xc8, 0x32, 0x11, 0x3c, 0x63, 0x31, 0xe5, 0x40, 0x7b}},
    };
    tpm2l_crypto c;
    tpm2l_crypto_init(&c);
    for (int i = 0; i < 3; i++) {
        uint8_t buf[32];
        memcpy(buf, pt, sizeof buf);
        assert_int_equal(tpm2l_aes_cfb(&c, 1, cases[i].key, cases[i].key_len, iv, buf, 32), 0);
        assert_memory_equal(buf, cases[i].ct, 32);
        assert_int_equal(tpm2l_aes_cfb(NULL, 0, cases[i].key, cases[i].key_len, iv, buf, 32), 0);
        assert_memory_equal(buf, pt, 32);
        /* A partial last block is a stream prefix, not padded. */
        memcpy(buf, pt, 21);
        assert_int_equal(tpm2l_aes_cfb(&c, 1, cases[i].key, cases[i].key_len, iv, buf, 21), 0);
        assert_memory_equal(buf, cases[i].ct, 21);
    }
    tpm2l_crypto_release(&c);
}

static void test_aes_cfb_refuses_other_key_sizes(void **state)
{
    (void)state;
    uint8_t key[32] = {0}, iv[16] = {0}, buf[4] = {1, 2, 3, 4};
    assert_int_equal(tpm2l_aes_cfb(NULL, 1, key, 20, iv, buf, sizeof buf),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG));
    assert_int_equal(buf[0] | buf[1] | buf[2] | buf[3], 0); /* wiped on failure */
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s VECTOR_DIR\n", argv[0]);
        return 2;
    }
    vec_dir = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kdfa_matches_every_go_tpm_vector),
        cmocka_unit_test(test_kdfe_matches_every_go_tpm_vector),
        cmocka_unit_test(test_kdfa_zeroes_only_the_unused_high_bits_of_the_first_byte),
        cmocka_unit_test(test_kdf_label_is_null_terminated_in_the_derivation),
        cmocka_unit_test(test_kdf_refuses_small_output_null_label_and_unknown_hash),
        cmocka_unit_test(test_kdf_with_zero_bits_writes_nothing),
        cmocka_unit_test(test_hmac_matches_rfc4231_and_rfc2202),
        cmocka_unit_test(test_hmac_accepts_the_empty_key),
        cmocka_unit_test(test_hmac_incremental_equals_one_shot),
        cmocka_unit_test(test_hmac_refuses_small_output_and_unknown_hash),
        cmocka_unit_test(test_aes_cfb_matches_sp800_38a),
        cmocka_unit_test(test_aes_cfb_refuses_other_key_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
