/* test_pem.c - PEM armour and its strict base64: RFC 4648 vectors, round trips at
 * every length, and every way a PEM file can be cut short or tampered with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/file/vectors.h"
#include "tpm2lite/keyfile.h"

#define RC_PARSE(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

static TPM2_RC decode(const char *pem, uint8_t *out, size_t cap, size_t *n)
{
    return tpm2l_pem_decode(pem, strlen(pem), "X", out, cap, n);
}

static void test_rfc4648_vectors_decode(void **state)
{
    (void)state;
    static const char *const enc[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=",
                                      "Zm9vYmFy"};
    for (size_t i = 0; i < 7; i++) {
        char pem[128];
        snprintf(pem, sizeof pem, "-----BEGIN X-----\n%s\n-----END X-----\n", enc[i]);
        uint8_t out[16];
        size_t n = 99;
        assert_int_equal(decode(pem, out, sizeof out, &n), 0);
        assert_int_equal(n, i);
        assert_memory_equal(out, "foobar", n);
    }
}

static void test_encode_then_decode_round_trips_every_length(void **state)
{
    (void)state;
    uint8_t in[200], out[200];
    char pem[400];
    for (size_t i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)(i * 37 + 11);
    for (size_t len = 0; len <= sizeof in; len++) {
        size_t pl, n;
        assert_int_equal(tpm2l_pem_encode("T K", in, len, pem, sizeof pem, &pl), 0);
        assert_int_equal(strlen(pem), pl);
        assert_int_equal(tpm2l_pem_decode(pem, pl, "T K", out, sizeof out, &n), 0);
        assert_int_equal(n, len);
        assert_memory_equal(out, in, len);
    }
}

static void test_encode_writes_64_character_lines(void **state)
{
    (void)state;
    uint8_t in[100] = {0};
    char pem[300];
    size_t pl;
    assert_int_equal(tpm2l_pem_encode("X", in, sizeof in, pem, sizeof pem, &pl), 0);
    const char *l1 = strchr(pem, '\n') + 1;
    assert_int_equal(strchr(l1, '\n') - l1, 64);
}

static void test_encode_reports_small_buffer_at_every_size(void **state)
{
    (void)state;
    uint8_t in[50] = {1, 2, 3};
    char pem[200];
    size_t pl;
    assert_int_equal(tpm2l_pem_encode("X", in, sizeof in, pem, sizeof pem, &pl), 0);
    for (size_t cap = 0; cap <= pl; cap++) {
        char *small = test_malloc(cap ? cap : 1);
        assert_int_equal(tpm2l_pem_encode("X", in, sizeof in, small, cap, &pl),
                         RC_PARSE(TPM2L_E_INSUFFICIENT));
        test_free(small);
    }
}

static void test_real_tss2_key_decodes(void **state)
{
    (void)state;
    uint8_t der[512];
    size_t n;
    assert_int_equal(tpm2l_pem_decode(tpm2_openssl_key_pem, strlen(tpm2_openssl_key_pem),
                                      TPM2L_PEM_TSS2_PRIVATE_KEY, der, sizeof der, &n),
                     0);
    assert_int_equal(n, 243);
    assert_int_equal(der[0], 0x30);
}

static void test_every_truncation_fails(void **state)
{
    (void)state;
    uint8_t der[512];
    size_t n, full = strlen(tpm2_openssl_key_pem);
    /* Up to the end of the END line's dashes minus one, every prefix must fail. */
    for (size_t len = 0; len + 1 < full; len++)
        assert_int_not_equal(tpm2l_pem_decode(tpm2_openssl_key_pem, len,
                                              TPM2L_PEM_TSS2_PRIVATE_KEY, der, sizeof der, &n),
                             0);
}

static void test_missing_end_line_is_truncated(void **state)
{
    (void)state;
    uint8_t out[16];
    size_t n;
    assert_int_equal(decode("-----BEGIN X-----\nZm9v\n", out, sizeof out, &n),
                     RC_PARSE(TPM2L_E_TRUNCATED));
}

static void test_missing_padding_is_truncated(void **state)
{
    (void)state;
    uint8_t out[16];
    size_t n;
    assert_int_equal(decode("-----BEGIN X-----\nZm9vYg\n-----END X-----\n", out, sizeof out,
                            &n),
                     RC_PARSE(TPM2L_E_TRUNCATED));
}

static void test_bad_characters_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"Zm9v*g==", "Zm9vYg=a", "Zm=9v", "Zh==", "Zm9=",
                                      "Proc-Type: 4,ENCRYPTED", "Zm9vYg==="};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char pem[128];
        snprintf(pem, sizeof pem, "-----BEGIN X-----\n%s\n-----END X-----\n", bad[i]);
        uint8_t out[32];
        size_t n;
        assert_int_equal(decode(pem, out, sizeof out, &n), RC_PARSE(TPM2L_E_BAD_VALUE));
    }
}

static void test_other_label_is_not_found(void **state)
{
    (void)state;
    uint8_t out[16];
    size_t n;
    assert_int_equal(tpm2l_pem_decode("-----BEGIN Y-----\nZm9v\n-----END Y-----\n", 38,
                                      "X", out, sizeof out, &n),
                     RC_PARSE(TPM2L_E_NOT_FOUND));
}

static void test_mismatched_end_label_is_refused(void **state)
{
    (void)state;
    uint8_t out[16];
    size_t n;
    assert_int_equal(decode("-----BEGIN X-----\nZm9v\n-----END Y-----\n", out, sizeof out, &n),
                     RC_PARSE(TPM2L_E_BAD_VALUE));
}

static void test_text_after_end_is_trailing(void **state)
{
    (void)state;
    uint8_t out[16];
    size_t n;
    assert_int_equal(decode("-----BEGIN X-----\nZm9v\n-----END X-----\nmore\n", out,
                            sizeof out, &n),
                     RC_PARSE(TPM2L_E_TRAILING));
}

static void test_crlf_and_explanatory_text_are_accepted(void **state)
{
    (void)state;
    uint8_t out[16];
    size_t n;
    assert_int_equal(decode("Subject: a key\r\n-----BEGIN X-----\r\nZm9v\r\nYmFy\r\n"
                            "-----END X-----\r\n",
                            out, sizeof out, &n),
                     0);
    assert_int_equal(n, 6);
    assert_memory_equal(out, "foobar", 6);
}

static void test_small_output_is_insufficient(void **state)
{
    (void)state;
    uint8_t out[5];
    size_t n;
    assert_int_equal(decode("-----BEGIN X-----\nZm9vYmFy\n-----END X-----\n", out, sizeof out,
                            &n),
                     RC_PARSE(TPM2L_E_INSUFFICIENT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4648_vectors_decode),
        cmocka_unit_test(test_encode_then_decode_round_trips_every_length),
        cmocka_unit_test(test_encode_writes_64_character_lines),
        cmocka_unit_test(test_encode_reports_small_buffer_at_every_size),
        cmocka_unit_test(test_real_tss2_key_decodes),
        cmocka_unit_test(test_every_truncation_fails),
        cmocka_unit_test(test_missing_end_line_is_truncated),
        cmocka_unit_test(test_missing_padding_is_truncated),
        cmocka_unit_test(test_bad_characters_are_refused),
        cmocka_unit_test(test_other_label_is_not_found),
        cmocka_unit_test(test_mismatched_end_label_is_refused),
        cmocka_unit_test(test_text_after_end_is_trailing),
        cmocka_unit_test(test_crlf_and_explanatory_text_are_accepted),
        cmocka_unit_test(test_small_output_is_insufficient),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
