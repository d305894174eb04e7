/* test_der_tpmkey.c - TSS2 PRIVATE KEY DER: a real tpm2-openssl key parsed and
 * re-encoded byte for byte, every optional field round-tripped, and malformed DER
 * (every truncation, lengths past the end, non-minimal lengths, wrong tags, wrong OID,
 * trailing data) refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/file/vectors.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/marshal.h"

#define RC_PARSE(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

static uint8_t real_der[512];
static size_t real_len;
static tpm2l_tpmkey key, key2;
static uint8_t buf[65536], buf2[65536];

static int setup(void **state)
{
    (void)state;
    return tpm2l_pem_decode(tpm2_openssl_key_pem, strlen(tpm2_openssl_key_pem),
                            TPM2L_PEM_TSS2_PRIVATE_KEY, real_der, sizeof real_der,
                            &real_len) ? -1 : 0;
}

static void test_real_key_parses(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tpmkey_from_der(real_der, real_len, &key), 0);
    assert_int_equal(key.type, TPM2L_TPMKEY_LOADABLE);
    assert_int_equal(key.emptyAuth, 1);
    assert_int_equal(key.rsaParent, 0);
    assert_int_equal(key.parent, 0x40000001);
    assert_int_equal(key.pub.size, 0x56);
    assert_int_equal(key.pub.publicArea.type, TPM2_ALG_ECC);
    assert_int_equal(key.pub.publicArea.parameters.eccDetail.curveID, TPM2_ECC_NIST_P256);
    assert_int_equal(key.priv.size, 0x7e);
    assert_int_equal(key.policy_count, 0);
    assert_int_equal(key.secret.size, 0);
}

static void test_real_key_re_encodes_byte_for_byte(void **state)
{
    (void)state;
    size_t n;
    assert_int_equal(tpm2l_tpmkey_from_der(real_der, real_len, &key), 0);
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &n), 0);
    assert_int_equal(n, real_len);
    /* tpm2-openssl writes emptyAuth TRUE as 0x01; DER (and we) write 0xFF. */
    assert_int_equal(real_der[15], 0x01);
    assert_int_equal(buf[15], 0xFF);
    assert_memory_equal(buf, real_der, 15);
    assert_memory_equal(buf + 16, real_der + 16, n - 16);
}

/* The real key with every optional field filled. */
static void full_key(tpm2l_tpmkey *k)
{
    assert_int_equal(tpm2l_tpmkey_from_der(real_der, real_len, k), 0);
    k->type = TPM2L_TPMKEY_IMPORTABLE;
    k->rsaParent = 1;
    k->parent = 0x81000001;
    k->secret.size = 200; /* > 127: a two-byte DER length inside */
    memset(k->secret.secret, 0xA5, 200);
    k->policy_count = 2;
    k->policy[0].commandCode = TPM2_CC_PolicyPCR;
    k->policy[0].size = 3;
    memcpy(k->policy[0].commandPolicy, "\x01\x02\x03", 3);
    k->policy[1].commandCode = TPM2_CC_PolicyAuthValue;
    k->policy[1].size = 0;
    k->auth_policy_count = 2;
    strcpy(k->auth_policy[0].name, "first");
    k->auth_policy[0].count = 1;
    k->auth_policy[0].policy[0].commandCode = TPM2_CC_PolicyPCR;
    k->auth_policy[0].policy[0].size = 300;
    memset(k->auth_policy[0].policy[0].commandPolicy, 0x5A, 300);
    k->auth_policy[1].count = 1; /* no name */
    k->auth_policy[1].policy[0].commandCode = 0x80000000u; /* top bit: a leading 0x00 */
    strcpy(k->description, "a test key");
}

static void test_every_field_round_trips(void **state)
{
    (void)state;
    size_t n, n2;
    full_key(&key);
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &n), 0);
    assert_int_equal(tpm2l_tpmkey_from_der(buf, n, &key2), 0);
    assert_int_equal(key2.type, TPM2L_TPMKEY_IMPORTABLE);
    assert_int_equal(key2.rsaParent, 1);
    assert_int_equal(key2.emptyAuth, 1);
    assert_int_equal(key2.parent, 0x81000001);
    assert_int_equal(key2.secret.size, 200);
    assert_int_equal(key2.policy_count, 2);
    assert_int_equal(key2.policy[0].commandCode, TPM2_CC_PolicyPCR);
    assert_int_equal(key2.policy[1].size, 0);
    assert_int_equal(key2.auth_policy_count, 2);
    assert_string_equal(key2.auth_policy[0].name, "first");
    assert_int_equal(key2.auth_policy[0].policy[0].size, 300);
    assert_string_equal(key2.auth_policy[1].name, "");
    assert_int_equal(key2.auth_policy[1].policy[0].commandCode, 0x80000000u);
    assert_string_equal(key2.description, "a test key");
    assert_int_equal(tpm2l_tpmkey_to_der(&key2, buf2, sizeof buf2, &n2), 0);
    assert_int_equal(n2, n);
    assert_memory_equal(buf, buf2, n);
}

static void test_every_truncation_is_refused(void **state)
{
    (void)state;
    size_t n;
    full_key(&key);
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &n), 0);
    for (size_t len = 0; len < n; len++) {
        TPM2_RC rc = tpm2l_tpmkey_from_der(buf, len, &key2);
        assert_int_equal(rc & TPM2L_LAYER_MASK, TPM2L_LAYER_PARSE);
        assert_true(key2.why[0] != 0);
        assert_int_equal(key2.parent, 0); /* zeroed on error */
    }
}

static void test_writer_reports_small_buffer_at_every_size(void **state)
{
    (void)state;
    size_t n;
    full_key(&key);
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &n), 0);
    for (size_t cap = 0; cap < n; cap++) {
        uint8_t *small = test_malloc(cap ? cap : 1);
        size_t m;
        assert_int_equal(tpm2l_tpmkey_to_der(&key, small, cap, &m),
                         RC_PARSE(TPM2L_E_INSUFFICIENT));
        test_free(small);
    }
}

static void test_trailing_byte_is_refused(void **state)
{
    (void)state;
    memcpy(buf, real_der, real_len);
    buf[real_len] = 0;
    assert_int_equal(tpm2l_tpmkey_from_der(buf, real_len + 1, &key),
                     RC_PARSE(TPM2L_E_TRAILING));
    assert_non_null(strstr(key.why, "unexpected"));
}

static void test_non_minimal_length_is_refused(void **state)
{
    (void)state;
    /* real: 30 81 F0 ...; as 30 82 00 F0 it is valid BER, invalid DER. */
    assert_int_equal(real_der[1], 0x81);
    buf[0] = 0x30;
    buf[1] = 0x82;
    buf[2] = 0x00;
    memcpy(buf + 3, real_der + 2, real_len - 2);
    assert_int_equal(tpm2l_tpmkey_from_der(buf, real_len + 1, &key),
                     RC_PARSE(TPM2L_E_BAD_VALUE));
    assert_non_null(strstr(key.why, "non-minimal"));
    /* A long form for a short length. */
    static const uint8_t shortlong[] = {0x30, 0x81, 0x03, 0x06, 0x01, 0x00};
    assert_int_equal(tpm2l_tpmkey_from_der(shortlong, sizeof shortlong, &key),
                     RC_PARSE(TPM2L_E_BAD_VALUE));
}

static void test_indefinite_length_is_refused(void **state)
{
    (void)state;
    static const uint8_t ber[] = {0x30, 0x80, 0x06, 0x01, 0x00, 0x00, 0x00};
    assert_int_equal(tpm2l_tpmkey_from_der(ber, sizeof ber, &key), RC_PARSE(TPM2L_E_BAD_VALUE));
}

static void test_length_past_the_end_is_truncated(void **state)
{
    (void)state;
    memcpy(buf, real_der, real_len);
    buf[23] = 0x59; /* pubkey OCTET STRING 0x58 -> 0x59: runs into privkey */
    assert_int_equal(buf[22], 0x04);
    TPM2_RC rc = tpm2l_tpmkey_from_der(buf, real_len, &key);
    assert_int_not_equal(rc, 0);
    buf[2] = 0xF1; /* the outer SEQUENCE one byte longer than the file */
    buf[23] = 0x58;
    assert_int_equal(tpm2l_tpmkey_from_der(buf, real_len, &key), RC_PARSE(TPM2L_E_TRUNCATED));
    assert_non_null(strstr(key.why, "past the end"));
}

static void test_wrong_oid_is_refused(void **state)
{
    (void)state;
    memcpy(buf, real_der, real_len);
    assert_int_equal(buf[10], 0x03);
    buf[10] = 0x06;
    assert_int_equal(tpm2l_tpmkey_from_der(buf, real_len, &key), RC_PARSE(TPM2L_E_BAD_SELECTOR));
    buf[10] = 0x03;
    buf[5] = 0x68; /* 2.23 -> 2.24 */
    assert_int_equal(tpm2l_tpmkey_from_der(buf, real_len, &key), RC_PARSE(TPM2L_E_BAD_SELECTOR));
}

static void test_wrong_tag_is_refused(void **state)
{
    (void)state;
    memcpy(buf, real_der, real_len);
    assert_int_equal(buf[16], 0x02);
    buf[16] = 0x04; /* parent as OCTET STRING */
    assert_int_equal(tpm2l_tpmkey_from_der(buf, real_len, &key), RC_PARSE(TPM2L_E_BAD_VALUE));
    assert_non_null(strstr(key.why, "parent"));
}

static void test_boolean_of_two_bytes_is_refused(void **state)
{
    (void)state;
    /* SEQUENCE { OID .3, [0] { BOOLEAN 2 bytes } } */
    static const uint8_t bad[] = {0x30, 0x10, 0x06, 0x06, 0x67, 0x81, 0x05, 0x0A, 0x01, 0x03,
                                  0xA0, 0x04, 0x01, 0x02, 0xFF, 0xFF, 0x02, 0x01};
    assert_int_equal(tpm2l_tpmkey_from_der(bad, sizeof bad, &key), RC_PARSE(TPM2L_E_BAD_VALUE));
    assert_non_null(strstr(key.why, "emptyAuth"));
}

static void test_negative_and_padded_integers_are_refused(void **state)
{
    (void)state;
    tpm2l_tpmkey_from_der(real_der, real_len, &key);
    key.parent = 0x01;
    size_t n;
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &n), 0);
    /* parent INTEGER is 02 01 01 at offset 16 */
    assert_memory_equal(buf + 16, "\x02\x01\x01", 3);
    buf[18] = 0x81; /* -127 */
    assert_int_equal(tpm2l_tpmkey_from_der(buf, n, &key2), RC_PARSE(TPM2L_E_BAD_VALUE));
    assert_non_null(strstr(key2.why, "negative"));
    /* SEQUENCE { OID .3, INTEGER 00 01 }: a needless leading zero */
    static const uint8_t padded[] = {0x30, 0x0C, 0x06, 0x06, 0x67, 0x81, 0x05, 0x0A,
                                     0x01, 0x03, 0x02, 0x02, 0x00, 0x01};
    assert_int_equal(tpm2l_tpmkey_from_der(padded, sizeof padded, &key2),
                     RC_PARSE(TPM2L_E_BAD_VALUE));
    assert_non_null(strstr(key2.why, "non-minimal INTEGER"));
}

static void test_pubkey_with_slack_is_refused(void **state)
{
    (void)state;
    memcpy(buf, real_der, real_len);
    /* TPM2B_PUBLIC size 0x56 -> 0x55: the octet string holds a byte the size omits */
    assert_int_equal(buf[25], 0x56);
    buf[25] = 0x55;
    TPM2_RC rc = tpm2l_tpmkey_from_der(buf, real_len, &key);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(key.why, "pubkey"));
}

static void test_too_many_policies_is_insufficient(void **state)
{
    (void)state;
    size_t n;
    full_key(&key);
    key.policy_count = TPM2L_TPMKEY_MAX_POLICY;
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &n), 0);
    assert_int_equal(tpm2l_tpmkey_from_der(buf, n, &key2), 0);
    key.policy_count = TPM2L_TPMKEY_MAX_POLICY + 1;
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &n),
                     RC_PARSE(TPM2L_E_BAD_ARG));
}

static void test_importable_without_secret_is_refused(void **state)
{
    (void)state;
    size_t n;
    tpm2l_tpmkey_from_der(real_der, real_len, &key);
    key.type = TPM2L_TPMKEY_IMPORTABLE;
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &n), 0);
    assert_int_equal(tpm2l_tpmkey_from_der(buf, n, &key2), RC_PARSE(TPM2L_E_BAD_VALUE));
    assert_non_null(strstr(key2.why, "secret"));
}

static void test_writer_refuses_empty_public(void **state)
{
    (void)state;
    size_t n;
    tpm2l_tpmkey_from_der(real_der, real_len, &key);
    key.pub.size = 0;
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &n), RC_PARSE(TPM2L_E_BAD_ARG));
}

/* Every byte of a full key changed four ways: each result is a key or a parse-layer
 * error with a reason, never a crash (ASan and valgrind runs watch the reads). */
static void test_every_mutation_is_parsed_or_refused(void **state)
{
    (void)state;
    size_t n;
    full_key(&key);
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &n), 0);
    static const uint8_t how[] = {0x00, 0x01, 0x80, 0xFF};
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof how; k++) {
            memcpy(buf2, buf, n);
            buf2[i] ^= how[k] ? how[k] : buf2[i]; /* 0: set the byte to zero */
            TPM2_RC rc = tpm2l_tpmkey_from_der(buf2, n, &key2);
            if (rc) {
                assert_int_equal(rc & TPM2L_LAYER_MASK, TPM2L_LAYER_PARSE);
                assert_true(key2.why[0] != 0);
            }
        }
    }
}

static void test_pem_file_round_trips_through_to_pem_and_read(void **state)
{
    (void)state;
    static char pem[65536];
    static uint8_t scratch[65536];
    size_t n, d1, d2;
    full_key(&key);
    assert_int_equal(tpm2l_tpmkey_to_pem(&key, pem, sizeof pem, &n), 0);
    assert_int_equal(strlen(pem), n);
    assert_non_null(strstr(pem, "-----BEGIN TSS2 PRIVATE KEY-----\n"));
    assert_int_equal(tpm2l_tpmkey_read((const uint8_t *)pem, n, scratch, sizeof scratch, &key2),
                     0);
    assert_int_equal(tpm2l_tpmkey_to_der(&key, buf, sizeof buf, &d1), 0);
    assert_int_equal(tpm2l_tpmkey_to_der(&key2, buf2, sizeof buf2, &d2), 0);
    assert_int_equal(d1, d2);
    assert_memory_equal(buf, buf2, d1);
    /* The same text as encoding the DER separately. */
    static char pem2[65536];
    size_t n2;
    assert_int_equal(tpm2l_pem_encode(TPM2L_PEM_TSS2_PRIVATE_KEY, buf, d1, pem2, sizeof pem2,
                                      &n2),
                     0);
    assert_int_equal(n, n2);
    assert_string_equal(pem, pem2);
}

static void test_read_takes_der_and_the_real_pem(void **state)
{
    (void)state;
    static uint8_t scratch[512];
    assert_int_equal(tpm2l_tpmkey_read(real_der, real_len, NULL, 0, &key), 0);
    assert_int_equal(key.parent, 0x40000001);
    assert_int_equal(tpm2l_tpmkey_read((const uint8_t *)tpm2_openssl_key_pem,
                                       strlen(tpm2_openssl_key_pem), scratch, sizeof scratch,
                                       &key2),
                     0);
    assert_int_equal(key2.priv.size, key.priv.size);
    assert_int_equal(tpm2l_tpmkey_read((const uint8_t *)tpm2_openssl_key_pem,
                                       strlen(tpm2_openssl_key_pem), scratch, 100, &key2),
                     RC_PARSE(TPM2L_E_INSUFFICIENT));
    assert_non_null(strstr(key2.why, "scratch"));
    static const char other[] = "-----BEGIN PUBLIC KEY-----\nZm9v\n-----END PUBLIC KEY-----\n";
    assert_int_equal(tpm2l_tpmkey_read((const uint8_t *)other, strlen(other), scratch,
                                       sizeof scratch, &key2),
                     RC_PARSE(TPM2L_E_NOT_FOUND));
}

static void test_to_pem_reports_small_buffer_at_every_size(void **state)
{
    (void)state;
    size_t n;
    static char pem[4096];
    tpm2l_tpmkey_from_der(real_der, real_len, &key);
    assert_int_equal(tpm2l_tpmkey_to_pem(&key, pem, sizeof pem, &n), 0);
    for (size_t cap = 0; cap < n + 8; cap++) {
        char *small = test_malloc(cap ? cap : 1);
        size_t m;
        assert_int_equal(tpm2l_tpmkey_to_pem(&key, small, cap, &m),
                         RC_PARSE(TPM2L_E_INSUFFICIENT));
        test_free(small);
    }
    char *exact = test_malloc(n + 9);
    size_t m;
    assert_int_equal(tpm2l_tpmkey_to_pem(&key, exact, n + 9, &m), 0);
    assert_string_equal(exact, pem);
    test_free(exact);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_key_parses),
        cmocka_unit_test(test_real_key_re_encodes_byte_for_byte),
        cmocka_unit_test(test_every_field_round_trips),
        cmocka_unit_test(test_every_truncation_is_refused),
        cmocka_unit_test(test_writer_reports_small_buffer_at_every_size),
        cmocka_unit_test(test_trailing_byte_is_refused),
        cmocka_unit_test(test_non_minimal_length_is_refused),
        cmocka_unit_test(test_indefinite_length_is_refused),
        cmocka_unit_test(test_length_past_the_end_is_truncated),
        cmocka_unit_test(test_wrong_oid_is_refused),
        cmocka_unit_test(test_wrong_tag_is_refused),
        cmocka_unit_test(test_boolean_of_two_bytes_is_refused),
        cmocka_unit_test(test_negative_and_padded_integers_are_refused),
        cmocka_unit_test(test_pubkey_with_slack_is_refused),
        cmocka_unit_test(test_too_many_policies_is_insufficient),
        cmocka_unit_test(test_importable_without_secret_is_refused),
        cmocka_unit_test(test_writer_refuses_empty_public),
        cmocka_unit_test(test_every_mutation_is_parsed_or_refused),
        cmocka_unit_test(test_pem_file_round_trips_through_to_pem_and_read),
        cmocka_unit_test(test_read_takes_der_and_the_real_pem),
        cmocka_unit_test(test_to_pem_reports_small_buffer_at_every_size),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
