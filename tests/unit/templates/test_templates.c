/* test_templates.c - the template catalogue byte for byte (marshalled forms written out
 * field by field from the EK Credential Profile tables and templates-and-files.md),
 * the EK policy digests recomputed with the policy calculator, and the EK NV override. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tpm2lite/command.h"
#include "tpm2lite/marshal.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/templates.h"

#define POLICY_A_256 "837197674484B3F81A90CC8D46A5D724FD52D76E06520B64F2A1DA1B331469AA"
#define POLICY_B_256 "CA3D0A99A2B93906F7A3342414EFCFB3A385D44CD1FD459089D19B5071C0B7A0"
#define POLICY_B_384                                                                       \
    "B26E7D28D11A50BC53D882BCF5FD3A1A074148BB35D3B4E4CB1C0AD9BDE419CACB47BA09699646150F9FC0" \
    "00F3F80E12"
#define POLICY_B_SM3 "167860A35F2C5C3567F9C927AC56C032F3B3A6462F8D037998E7A10F77FA454A"
#define Z32 "0000000000000000000000000000000000000000000000000000000000000000"

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (; s[0] && s[1]; s += 2) {
        unsigned v;
        assert_true(n < cap);
        assert_int_equal(sscanf(s, "%2x", &v), 1);
        out[n++] = (uint8_t)v;
    }
    return n;
}

static void assert_marshals_to(tpm2l_template_id id, const char *hex)
{
    static uint8_t want[1024], got[1024];
    TPMT_PUBLIC t;
    tpm2l_wcur w;
    size_t n, wn = unhex(hex, want, sizeof want);

    assert_int_equal(tpm2l_template_get(id, &t), 0);
    tpm2l_wcur_init(&w, got, sizeof got);
    tpm2l_marshal_TPMT_PUBLIC(&w, &t);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), 0);
    if (n != wn || memcmp(got, want, n) != 0) {
        char h[2100] = "";
        for (size_t i = 0; i < n && i < 1000; i++)
            snprintf(h + 2 * i, 3, "%02x", got[i]);
        fail_msg("%s marshals to %s", tpm2l_template_id_str(id), h);
    }
}

static void test_ek_l1_marshals_as_the_profile_table(void **state)
{
    (void)state;
    char hex[1200];
    /* type RSA, nameAlg SHA-256, 0x000300B2, PolicyA, AES 128 CFB, scheme NULL, 2048,
     * exponent 0, unique: 256 zero bytes */
    int n = snprintf(hex, sizeof hex, "0001000b000300b20020%s00060080004300100800000000000100",
                     POLICY_A_256);
    for (int i = 0; i < 8; i++)
        n += snprintf(hex + n, sizeof hex - (size_t)n, "%s", Z32);
    assert_marshals_to(TPM2L_TPL_EK_L1, hex);
}

static void test_ek_l2_marshals_as_the_profile_table(void **state)
{
    (void)state;
    char hex[600];
    snprintf(hex, sizeof hex, "0023000b000300b20020%s0006008000430010000300100020%s0020%s",
             POLICY_A_256, Z32, Z32);
    assert_marshals_to(TPM2L_TPL_EK_L2, hex);
}

static void test_ek_h1_h2_have_policy_b_user_with_auth_and_empty_unique(void **state)
{
    (void)state;
    char hex[600];
    snprintf(hex, sizeof hex, "0001000b000300f20020%s00060080004300100800000000000000",
             POLICY_B_256);
    assert_marshals_to(TPM2L_TPL_EK_H1, hex);
    snprintf(hex, sizeof hex, "0023000b000300f20020%s000600800043001000030010" "00000000",
             POLICY_B_256);
    assert_marshals_to(TPM2L_TPL_EK_H2, hex);
}

static void test_ek_h3_h5_h6_use_their_hash_curve_and_cipher(void **state)
{
    (void)state;
    char hex[600];
    /* H-3: ECC P-384, SHA-384, AES-256-CFB */
    snprintf(hex, sizeof hex, "0023000c000300f20030%s000601000043001000040010" "00000000",
             POLICY_B_384);
    assert_marshals_to(TPM2L_TPL_EK_H3, hex);
    /* H-5: SM2 P-256, SM3-256, SM4-128-CFB */
    snprintf(hex, sizeof hex, "00230012000300f20020%s001300800043001000200010" "00000000",
             POLICY_B_SM3);
    assert_marshals_to(TPM2L_TPL_EK_H5, hex);
    /* H-6: RSA 3072, SHA-384, AES-256-CFB */
    snprintf(hex, sizeof hex, "0001000c000300f20030%s00060100004300100c00000000000000",
             POLICY_B_384);
    assert_marshals_to(TPM2L_TPL_EK_H6, hex);
}

static void test_null_key_is_the_kernel_h_storage_template(void **state)
{
    (void)state;
    /* ECC P-256, SHA-256, 0x00030472, empty policy, AES-128-CFB, scheme NULL, kdf NULL,
     * empty unique */
    assert_marshals_to(TPM2L_TPL_NULL_KEY,
                       "0023000b000304720000000600800043001000030010" "00000000");
}

static void test_signing_ek_is_restricted_ecdsa_sha256_without_symmetric(void **state)
{
    (void)state;
    assert_marshals_to(TPM2L_TPL_EK_SIGNING,
                       "0023000b0005047200000010" "0018000b" "00030010" "00000000");
}

static void test_storage_templates_are_tpm2_createprimary_defaults(void **state)
{
    (void)state;
    TPMT_PUBLIC a, b;
    assert_int_equal(tpm2l_template_get(TPM2L_TPL_STORAGE_RSA, &a), 0);
    assert_int_equal(tpm2l_template_primary(&b, TPM2_ALG_RSA), 0);
    assert_memory_equal(&a, &b, sizeof a);
    assert_int_equal(tpm2l_template_get(TPM2L_TPL_STORAGE_ECC, &a), 0);
    assert_int_equal(tpm2l_template_primary(&b, TPM2_ALG_ECC), 0);
    assert_memory_equal(&a, &b, sizeof a);
    assert_int_equal(a.objectAttributes, 0x00030072);
}

static void test_unknown_template_id_is_bad_arg(void **state)
{
    (void)state;
    TPMT_PUBLIC t;
    assert_int_equal(tpm2l_template_get(TPM2L_TPL_COUNT, &t),
                     TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG));
    assert_string_equal(tpm2l_template_id_str(TPM2L_TPL_COUNT), "?");
}

static void test_every_template_names_itself(void **state)
{
    (void)state;
    for (int i = 0; i < TPM2L_TPL_COUNT; i++) {
        TPMT_PUBLIC t;
        TPM2B_NAME n;
        assert_int_equal(tpm2l_template_get((tpm2l_template_id)i, &t), 0);
        assert_int_equal(tpm2l_name_from_public(&t, &n), 0);
        assert_int_equal(n.size, 2 + tpm2l_hash_size(t.nameAlg));
        assert_string_not_equal(tpm2l_template_id_str((tpm2l_template_id)i), "?");
    }
}

/* PolicyA = PolicySecret(TPM_RH_ENDORSEMENT) with an empty policyRef, per hash. */
static void test_policy_a_is_policy_secret_endorsement(void **state)
{
    (void)state;
    const TPM2_ALG_ID hashes[] = {TPM2_ALG_SHA256, TPM2_ALG_SHA384, TPM2_ALG_SHA512,
                                  TPM2_ALG_SM3_256};
    TPM2B_NAME e;
    assert_int_equal(tpm2l_name_from_handle(TPM2_RH_ENDORSEMENT, &e), 0);
    for (size_t i = 0; i < sizeof hashes / sizeof hashes[0]; i++) {
        tpm2l_policy p;
        TPM2B_DIGEST a;
        assert_int_equal(tpm2l_policy_init(&p, hashes[i]), 0);
        assert_int_equal(tpm2l_policy_secret(&p, &e, NULL), 0);
        assert_int_equal(tpm2l_ek_policy_a(hashes[i], &a), 0);
        assert_int_equal(a.size, p.digest.size);
        assert_memory_equal(a.buffer, p.digest.buffer, a.size);
    }
    uint8_t doc[32];
    TPM2B_DIGEST a;
    unhex(POLICY_A_256, doc, sizeof doc);
    assert_int_equal(tpm2l_ek_policy_a(TPM2_ALG_SHA256, &a), 0);
    assert_memory_equal(a.buffer, doc, 32);
}

/* PolicyB = PolicyOR(PolicyA, PolicyC), for every hash the profile defines. */
static void test_policy_b_is_policy_or_of_a_and_c(void **state)
{
    (void)state;
    const TPM2_ALG_ID hashes[] = {TPM2_ALG_SHA256, TPM2_ALG_SHA384, TPM2_ALG_SHA512,
                                 TPM2_ALG_SM3_256};
    for (size_t i = 0; i < sizeof hashes / sizeof hashes[0]; i++) {
        tpm2l_policy p;
        TPML_DIGEST l;
        TPM2B_DIGEST b;
        memset(&l, 0, sizeof l);
        l.count = 2;
        assert_int_equal(tpm2l_ek_policy_a(hashes[i], &l.digests[0]), 0);
        assert_int_equal(tpm2l_ek_policy_c(hashes[i], &l.digests[1]), 0);
        assert_int_equal(tpm2l_policy_init(&p, hashes[i]), 0);
        assert_int_equal(tpm2l_policy_or(&p, &l), 0);
        assert_int_equal(tpm2l_ek_policy_b(hashes[i], &b), 0);
        assert_int_equal(b.size, p.digest.size);
        assert_memory_equal(b.buffer, p.digest.buffer, b.size);
    }
    TPM2B_DIGEST c;
    assert_int_equal(tpm2l_ek_policy_b(TPM2_ALG_SHA1, &c),
                     TPM2L_RC_COMMAND(TPM2L_E_BAD_SELECTOR));
}

static void test_ek_without_nv_is_the_default_low_template(void **state)
{
    (void)state;
    TPMT_PUBLIC got, want;
    assert_int_equal(tpm2l_template_ek_from_nv(TPM2_ALG_RSA, NULL, 0, NULL, 0, &got), 0);
    assert_int_equal(tpm2l_template_get(TPM2L_TPL_EK_L1, &want), 0);
    assert_memory_equal(&got, &want, sizeof got);
    assert_int_equal(tpm2l_template_ek_from_nv(TPM2_ALG_ECC, NULL, 0, NULL, 0, &got), 0);
    assert_int_equal(tpm2l_template_get(TPM2L_TPL_EK_L2, &want), 0);
    assert_memory_equal(&got, &want, sizeof got);
}

static void test_rsa_nonce_leads_a_zero_padded_256_byte_unique(void **state)
{
    (void)state;
    const uint8_t nonce[3] = {0xde, 0xad, 0x01};
    TPMT_PUBLIC got;
    uint8_t want[256] = {0xde, 0xad, 0x01};
    assert_int_equal(tpm2l_template_ek_from_nv(TPM2_ALG_RSA, NULL, 0, nonce, 3, &got), 0);
    assert_int_equal(got.unique.rsa.size, 256);
    assert_memory_equal(got.unique.rsa.buffer, want, 256);
}

static void test_ecc_nonce_leads_x_and_y_stays_zero(void **state)
{
    (void)state;
    const uint8_t nonce[32] = {1, 2, 3, 4, [31] = 0x55};
    const uint8_t zero[32] = {0};
    TPMT_PUBLIC got;
    assert_int_equal(tpm2l_template_ek_from_nv(TPM2_ALG_ECC, NULL, 0, nonce, 32, &got), 0);
    assert_int_equal(got.unique.ecc.x.size, 32);
    assert_int_equal(got.unique.ecc.y.size, 32);
    assert_memory_equal(got.unique.ecc.x.buffer, nonce, 32);
    assert_memory_equal(got.unique.ecc.y.buffer, zero, 32);
}

static void test_nonce_longer_than_the_key_is_refused(void **state)
{
    (void)state;
    uint8_t nonce[33] = {0};
    TPMT_PUBLIC got;
    assert_int_equal(tpm2l_template_ek_from_nv(TPM2_ALG_ECC, NULL, 0, nonce, 33, &got),
                     TPM2L_RC_COMMAND(TPM2L_E_BAD_VALUE));
}

static size_t marshal_template(tpm2l_template_id id, uint8_t *buf, size_t cap)
{
    TPMT_PUBLIC t;
    tpm2l_wcur w;
    size_t n;
    assert_int_equal(tpm2l_template_get(id, &t), 0);
    tpm2l_wcur_init(&w, buf, cap);
    tpm2l_marshal_TPMT_PUBLIC(&w, &t);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), 0);
    return n;
}

static void test_nv_template_replaces_the_default_and_takes_the_nonce(void **state)
{
    (void)state;
    static uint8_t buf[1024];
    size_t n = marshal_template(TPM2L_TPL_EK_H1, buf, sizeof buf);
    const uint8_t nonce[2] = {0xab, 0xcd};
    TPMT_PUBLIC got, h1;
    assert_int_equal(tpm2l_template_ek_from_nv(TPM2_ALG_RSA, buf, n, NULL, 0, &got), 0);
    assert_int_equal(tpm2l_template_get(TPM2L_TPL_EK_H1, &h1), 0);
    assert_memory_equal(&got, &h1, sizeof got);
    assert_int_equal(tpm2l_template_ek_from_nv(TPM2_ALG_RSA, buf, n, nonce, 2, &got), 0);
    assert_int_equal(got.objectAttributes, 0x000300F2);
    assert_int_equal(got.unique.rsa.size, 256);
    assert_int_equal(got.unique.rsa.buffer[0], 0xab);
    assert_int_equal(got.unique.rsa.buffer[2], 0);
}

static void test_nv_template_with_trailing_bytes_or_wrong_type_is_refused(void **state)
{
    (void)state;
    static uint8_t buf[1024];
    TPMT_PUBLIC got;
    size_t n = marshal_template(TPM2L_TPL_EK_L2, buf, sizeof buf);
    assert_int_equal(tpm2l_template_ek_from_nv(TPM2_ALG_RSA, buf, n, NULL, 0, &got),
                     TPM2L_RC_COMMAND(TPM2L_E_BAD_VALUE));
    buf[n] = 0;
    assert_int_equal(tpm2l_template_ek_from_nv(TPM2_ALG_ECC, buf, n + 1, NULL, 0, &got),
                     TPM2L_RC_MARSHAL_TRAILING);
    assert_int_not_equal(tpm2l_template_ek_from_nv(TPM2_ALG_ECC, buf, n - 1, NULL, 0, &got), 0);
    assert_int_equal(got.type, 0); /* wiped on failure */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ek_l1_marshals_as_the_profile_table),
        cmocka_unit_test(test_ek_l2_marshals_as_the_profile_table),
        cmocka_unit_test(test_ek_h1_h2_have_policy_b_user_with_auth_and_empty_unique),
        cmocka_unit_test(test_ek_h3_h5_h6_use_their_hash_curve_and_cipher),
        cmocka_unit_test(test_null_key_is_the_kernel_h_storage_template),
        cmocka_unit_test(test_signing_ek_is_restricted_ecdsa_sha256_without_symmetric),
        cmocka_unit_test(test_storage_templates_are_tpm2_createprimary_defaults),
        cmocka_unit_test(test_unknown_template_id_is_bad_arg),
        cmocka_unit_test(test_every_template_names_itself),
        cmocka_unit_test(test_policy_a_is_policy_secret_endorsement),
        cmocka_unit_test(test_policy_b_is_policy_or_of_a_and_c),
        cmocka_unit_test(test_ek_without_nv_is_the_default_low_template),
        cmocka_unit_test(test_rsa_nonce_leads_a_zero_padded_256_byte_unique),
        cmocka_unit_test(test_ecc_nonce_leads_x_and_y_stays_zero),
        cmocka_unit_test(test_nonce_longer_than_the_key_is_refused),
        cmocka_unit_test(test_nv_template_replaces_the_default_and_takes_the_nonce),
        cmocka_unit_test(test_nv_template_with_trailing_bytes_or_wrong_type_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
