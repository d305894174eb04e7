/* test_attestcli_ek.c - the software half of ek.h, no TPM: which templates a
 * certificate's key may come from (L before H), and when a TPM's key is the
 * certificate's key (exponent 0 is 65537; one different byte is another key). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tpm2lite/ek.h"

static TPMT_PUBLIC rsa_key(uint16_t bits)
{
    TPMT_PUBLIC k;
    memset(&k, 0, sizeof k);
    k.type = TPM2_ALG_RSA;
    k.parameters.rsaDetail.keyBits = bits;
    k.unique.rsa.size = (uint16_t)(bits / 8);
    memset(k.unique.rsa.buffer, 0xA5, k.unique.rsa.size);
    return k;
}

static TPMT_PUBLIC ecc_key(TPM2_ECC_CURVE curve, uint16_t n)
{
    TPMT_PUBLIC k;
    memset(&k, 0, sizeof k);
    k.type = TPM2_ALG_ECC;
    k.parameters.eccDetail.curveID = curve;
    k.unique.ecc.x.size = k.unique.ecc.y.size = n;
    memset(k.unique.ecc.x.buffer, 1, n);
    memset(k.unique.ecc.y.buffer, 2, n);
    return k;
}

static void test_candidates_put_l_before_h(void **state)
{
    (void)state;
    tpm2l_template_id ids[2];
    TPMT_PUBLIC k = rsa_key(2048);
    assert_int_equal(tpm2l_ek_candidates(&k, ids, 2), 2);
    assert_int_equal(ids[0], TPM2L_TPL_EK_L1);
    assert_int_equal(ids[1], TPM2L_TPL_EK_H1);
    k = ecc_key(TPM2_ECC_NIST_P256, 32);
    assert_int_equal(tpm2l_ek_candidates(&k, ids, 2), 2);
    assert_int_equal(ids[0], TPM2L_TPL_EK_L2);
    assert_int_equal(ids[1], TPM2L_TPL_EK_H2);
    assert_int_equal(tpm2l_ek_candidates(&k, ids, 1), 1);
    assert_int_equal(ids[0], TPM2L_TPL_EK_L2);
}

static void test_candidates_of_high_range_only_keys(void **state)
{
    (void)state;
    tpm2l_template_id ids[2];
    TPMT_PUBLIC k = ecc_key(TPM2_ECC_NIST_P384, 48);
    assert_int_equal(tpm2l_ek_candidates(&k, ids, 2), 1);
    assert_int_equal(ids[0], TPM2L_TPL_EK_H3);
    k = rsa_key(3072);
    assert_int_equal(tpm2l_ek_candidates(&k, ids, 2), 1);
    assert_int_equal(ids[0], TPM2L_TPL_EK_H6);
    k = rsa_key(1024);
    assert_int_equal(tpm2l_ek_candidates(&k, ids, 2), 0);
}

static void test_rsa_key_match_treats_exponent_zero_as_65537(void **state)
{
    (void)state;
    TPMT_PUBLIC a = rsa_key(2048), b = rsa_key(2048);
    b.parameters.rsaDetail.exponent = 65537;
    assert_true(tpm2l_ek_key_matches(&a, &b));
    b.parameters.rsaDetail.exponent = 3;
    assert_false(tpm2l_ek_key_matches(&a, &b));
    b = rsa_key(2048);
    b.unique.rsa.buffer[255] ^= 1;
    assert_false(tpm2l_ek_key_matches(&a, &b));
}

static void test_ecc_key_match_needs_curve_and_both_coordinates(void **state)
{
    (void)state;
    TPMT_PUBLIC a = ecc_key(TPM2_ECC_NIST_P256, 32), b = a;
    assert_true(tpm2l_ek_key_matches(&a, &b));
    b.unique.ecc.y.buffer[31] ^= 1; /* same x, the other point: still another key */
    assert_false(tpm2l_ek_key_matches(&a, &b));
    b = a;
    b.parameters.eccDetail.curveID = TPM2_ECC_SM2_P256;
    assert_false(tpm2l_ek_key_matches(&a, &b));
    TPMT_PUBLIC r = rsa_key(2048);
    assert_false(tpm2l_ek_key_matches(&a, &r));
    TPMT_PUBLIC empty = a;
    empty.unique.ecc.x.size = empty.unique.ecc.y.size = 0;
    assert_false(tpm2l_ek_key_matches(&empty, &empty));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_candidates_put_l_before_h),
        cmocka_unit_test(test_candidates_of_high_range_only_keys),
        cmocka_unit_test(test_rsa_key_match_treats_exponent_zero_as_65537),
        cmocka_unit_test(test_ecc_key_match_needs_curve_and_both_coordinates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
