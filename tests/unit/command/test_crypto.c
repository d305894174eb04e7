/* test_crypto.c - the crypto layer: digests, the method cache, names against vectors
 * produced by tpm2-tools on swtpm, constant-time compare, the random source hook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tpm2lite/crypto.h"
#include "tpm2lite/marshal.h"

static size_t unhex(const char *h, uint8_t *out, size_t cap)
{
    size_t n = strlen(h) / 2;
    assert_true(n <= cap);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        assert_int_equal(sscanf(h + 2 * i, "%2x", &v), 1);
        out[i] = (uint8_t)v;
    }
    return n;
}

static void test_hash_sizes_follow_the_algorithm_registry(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_hash_size(TPM2_ALG_SHA1), 20);
    assert_int_equal(tpm2l_hash_size(TPM2_ALG_SHA256), 32);
    assert_int_equal(tpm2l_hash_size(TPM2_ALG_SHA384), 48);
    assert_int_equal(tpm2l_hash_size(TPM2_ALG_SHA512), 64);
    assert_int_equal(tpm2l_hash_size(TPM2_ALG_SM3_256), 32);
    assert_int_equal(tpm2l_hash_size(TPM2_ALG_SHA3_256), 32);
    assert_int_equal(tpm2l_hash_size(TPM2_ALG_NULL), 0);
    assert_int_equal(tpm2l_hash_size(TPM2_ALG_AES), 0);
}

/* FIPS 180-2 appendix B.1: SHA-256("abc"). */
static void test_sha256_of_abc_matches_fips_180(void **state)
{
    (void)state;
    uint8_t want[32], got[32];
    unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want, sizeof want);
    assert_int_equal(tpm2l_hash(NULL, TPM2_ALG_SHA256, "abc", 3, got, sizeof got), 0);
    assert_memory_equal(got, want, 32);
}

static void test_incremental_hash_equals_one_shot(void **state)
{
    (void)state;
    tpm2l_crypto c;
    tpm2l_hash_state h;
    uint8_t a[48], b[48];
    tpm2l_crypto_init(&c);
    assert_int_equal(tpm2l_hash(&c, TPM2_ALG_SHA384, "hello world", 11, a, sizeof a), 0);
    assert_int_equal(tpm2l_hash_start(&c, &h, TPM2_ALG_SHA384), 0);
    tpm2l_hash_update(&h, "hello", 5);
    tpm2l_hash_update(&h, "", 0);
    tpm2l_hash_update(&h, " world", 6);
    assert_int_equal(tpm2l_hash_finish(&h, b, sizeof b), 0);
    assert_memory_equal(a, b, 48);
    assert_null(h.md);
    tpm2l_crypto_release(&c);
}

static void test_method_is_fetched_once_per_context(void **state)
{
    (void)state;
    tpm2l_crypto c;
    uint8_t d[32];
    tpm2l_crypto_init(&c);
    assert_null(c.md[1]);
    assert_int_equal(tpm2l_hash(&c, TPM2_ALG_SHA256, "x", 1, d, sizeof d), 0);
    void *first = c.md[1];
    assert_non_null(first);
    assert_int_equal(tpm2l_hash(&c, TPM2_ALG_SHA256, "y", 1, d, sizeof d), 0);
    assert_ptr_equal(c.md[1], first);
    tpm2l_crypto_release(&c);
    assert_null(c.md[1]);
}

static void test_hash_refuses_unknown_algorithm(void **state)
{
    (void)state;
    uint8_t d[64];
    assert_int_equal(tpm2l_hash(NULL, TPM2_ALG_AES, "x", 1, d, sizeof d),
                     TPM2L_RC(TPM2L_LAYER_CRYPTO, TPM2L_E_BAD_SELECTOR));
}

static void test_hash_refuses_small_output(void **state)
{
    (void)state;
    uint8_t d[31];
    assert_int_equal(tpm2l_hash(NULL, TPM2_ALG_SHA256, "x", 1, d, sizeof d),
                     TPM2L_RC(TPM2L_LAYER_CRYPTO, TPM2L_E_INSUFFICIENT));
}

/* tpm2_createprimary -C o -G ecc on swtpm, then tpm2_readpublic -o pub -n name -f tss:
 * the TPM2B_PUBLIC and the name tpm2-tools reports for it. */
static const char ecc_primary_pub[] =
    "005a0023000b00030072000000060080004300100003001000203c89bdcacd05cd83e433d72082275f9b"
    "bf7ca43324bc5fd3e4b32c98532575d10020d66db83e254de88d974614cb88df5ee71dda8d5f32e54c06"
    "2a51102f72d3cba6";
static const char ecc_primary_name[] =
    "000b462870cc949677ff19634e037fb5edaa485183a5f500bbbf62b6578f02b1f6df";

static void load_public(const char *hex, TPM2B_PUBLIC *pub)
{
    uint8_t buf[1024];
    tpm2l_rcur r;
    size_t n = unhex(hex, buf, sizeof buf);
    tpm2l_rcur_init(&r, buf, n);
    tpm2l_unmarshal_TPM2B_PUBLIC(&r, pub);
    assert_int_equal(tpm2l_rcur_finish(&r), 0);
}

static void test_object_name_matches_tpm2_tools(void **state)
{
    (void)state;
    TPM2B_PUBLIC pub;
    TPM2B_NAME name, want;
    load_public(ecc_primary_pub, &pub);
    want.size = (uint16_t)unhex(ecc_primary_name, want.name, sizeof want.name);
    assert_int_equal(tpm2l_name_from_public(&pub.publicArea, &name), 0);
    assert_int_equal(name.size, 34);
    assert_memory_equal(name.name, want.name, 34);
    assert_true(tpm2l_name_equal(&name, &want));
}

static void test_object_name_changes_with_any_public_bit(void **state)
{
    (void)state;
    TPM2B_PUBLIC pub;
    TPM2B_NAME a, b;
    load_public(ecc_primary_pub, &pub);
    assert_int_equal(tpm2l_name_from_public(&pub.publicArea, &a), 0);
    pub.publicArea.unique.ecc.y.buffer[31] ^= 1;
    assert_int_equal(tpm2l_name_from_public(&pub.publicArea, &b), 0);
    assert_false(tpm2l_name_equal(&a, &b));
}

static void test_object_with_null_name_alg_has_empty_name(void **state)
{
    (void)state;
    TPM2B_PUBLIC pub;
    TPM2B_NAME name;
    load_public(ecc_primary_pub, &pub);
    pub.publicArea.nameAlg = TPM2_ALG_NULL;
    assert_int_equal(tpm2l_name_from_public(&pub.publicArea, &name), 0);
    assert_int_equal(name.size, 0);
}

/* tpm2_nvdefine 0x1500016 -s 32 -a "ownerread|ownerwrite|authread|authwrite", name as
 * printed by tpm2_nvreadpublic. */
static void test_nv_name_matches_tpm2_tools(void **state)
{
    (void)state;
    TPMS_NV_PUBLIC nv = {0x01500016, TPM2_ALG_SHA256, 0x00060006, {0, {0}}, 32};
    TPM2B_NAME name, want;
    want.size = (uint16_t)unhex("000b5efc224a5ca11f53db485095134d993aa8c24c69fdf17cdc1d38dfa3fec20c80",
                                want.name, sizeof want.name);
    assert_int_equal(tpm2l_name_from_nv_public(&nv, &name), 0);
    assert_true(tpm2l_name_equal(&name, &want));
}

static void test_self_named_handles_are_their_own_name(void **state)
{
    (void)state;
    static const TPM2_HANDLE self[] = {0x00000007, TPM2_RH_OWNER, TPM2_RH_ENDORSEMENT,
                                       TPM2_RS_PW, 0x02000001, 0x03000000};
    for (size_t i = 0; i < sizeof self / sizeof self[0]; i++) {
        TPM2B_NAME n;
        assert_int_equal(tpm2l_name_from_handle(self[i], &n), 0);
        assert_int_equal(n.size, 4);
        assert_int_equal(((uint32_t)n.name[0] << 24 | (uint32_t)n.name[1] << 16 |
                          (uint32_t)n.name[2] << 8 | n.name[3]),
                         self[i]);
    }
}

static void test_objects_and_nv_indices_have_no_handle_name(void **state)
{
    (void)state;
    static const TPM2_HANDLE other[] = {0x80000000, 0x81000001, 0x01500016};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        TPM2B_NAME n;
        assert_int_equal(tpm2l_name_from_handle(other[i], &n),
                         TPM2L_RC(TPM2L_LAYER_CRYPTO, TPM2L_E_BAD_ARG));
        assert_int_equal(n.size, 0);
    }
}

static void test_names_of_different_sizes_are_not_equal(void **state)
{
    (void)state;
    TPM2B_NAME a = {4, {0x40, 0, 0, 1}}, b = {3, {0x40, 0, 0}};
    assert_false(tpm2l_name_equal(&a, &b));
    b.size = 4;
    b.name[3] = 1;
    assert_true(tpm2l_name_equal(&a, &b));
}

static void test_ct_equal_compares_every_byte(void **state)
{
    (void)state;
    uint8_t a[16] = {0}, b[16] = {0};
    assert_true(tpm2l_ct_equal(a, b, 16));
    b[15] = 1;
    assert_false(tpm2l_ct_equal(a, b, 16));
    assert_true(tpm2l_ct_equal(a, b, 15));
    assert_true(tpm2l_ct_equal(a, b, 0));
}

static void test_cleanse_zeroes(void **state)
{
    (void)state;
    uint8_t s[8] = {1, 2, 3, 4, 5, 6, 7, 8}, z[8] = {0};
    tpm2l_cleanse(s, sizeof s);
    assert_memory_equal(s, z, 8);
    tpm2l_cleanse(NULL, 4); /* harmless */
}

struct counting_rng {
    unsigned calls;
    TPM2_RC fail;
};

static TPM2_RC counting(void *arg, uint8_t *out, size_t n)
{
    struct counting_rng *c = arg;
    c->calls++;
    if (c->fail) {
        memset(out, 0xAA, n); /* a failing source leaves garbage behind */
        return c->fail;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)i;
    return 0;
}

static void test_random_uses_the_installed_source(void **state)
{
    (void)state;
    tpm2l_crypto c;
    struct counting_rng st = {0, 0};
    uint8_t out[4];
    tpm2l_crypto_init(&c);
    c.rng = counting;
    c.rng_arg = &st;
    assert_int_equal(tpm2l_crypto_random(&c, out, sizeof out), 0);
    assert_int_equal(st.calls, 1);
    assert_int_equal(out[3], 3);
}

static void test_random_failure_leaves_no_bytes(void **state)
{
    (void)state;
    tpm2l_crypto c;
    struct counting_rng st = {0, TPM2L_RC(TPM2L_LAYER_CRYPTO, TPM2L_E_CRYPTO)};
    uint8_t out[4], z[4] = {0};
    tpm2l_crypto_init(&c);
    c.rng = counting;
    c.rng_arg = &st;
    assert_int_equal(tpm2l_crypto_random(&c, out, sizeof out), st.fail);
    assert_memory_equal(out, z, 4);
}

static void test_default_random_draws_differ(void **state)
{
    (void)state;
    uint8_t a[32], b[32];
    assert_int_equal(tpm2l_crypto_random(NULL, a, sizeof a), 0);
    assert_int_equal(tpm2l_crypto_random(NULL, b, sizeof b), 0);
    assert_memory_not_equal(a, b, 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_sizes_follow_the_algorithm_registry),
        cmocka_unit_test(test_sha256_of_abc_matches_fips_180),
        cmocka_unit_test(test_incremental_hash_equals_one_shot),
        cmocka_unit_test(test_method_is_fetched_once_per_context),
        cmocka_unit_test(test_hash_refuses_unknown_algorithm),
        cmocka_unit_test(test_hash_refuses_small_output),
        cmocka_unit_test(test_object_name_matches_tpm2_tools),
        cmocka_unit_test(test_object_name_changes_with_any_public_bit),
        cmocka_unit_test(test_object_with_null_name_alg_has_empty_name),
        cmocka_unit_test(test_nv_name_matches_tpm2_tools),
        cmocka_unit_test(test_self_named_handles_are_their_own_name),
        cmocka_unit_test(test_objects_and_nv_indices_have_no_handle_name),
        cmocka_unit_test(test_names_of_different_sizes_are_not_equal),
        cmocka_unit_test(test_ct_equal_compares_every_byte),
        cmocka_unit_test(test_cleanse_zeroes),
        cmocka_unit_test(test_random_uses_the_installed_source),
        cmocka_unit_test(test_random_failure_leaves_no_bytes),
        cmocka_unit_test(test_default_random_draws_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
