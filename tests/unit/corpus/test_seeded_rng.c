/* test_seeded_rng.c - the deterministic random source that makes recorded sessions
 * replay: same seed, same bytes; different seed, different bytes; a known answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "tpm2lite/corpus.h"

static const uint8_t seed16[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static void draw(const uint8_t *seed, size_t seed_len, uint8_t *out, size_t n)
{
    tpm2l_seeded_rng st;
    assert_int_equal(tpm2l_seeded_rng_init(&st, seed, seed_len), 0);
    assert_int_equal(tpm2l_seeded_rng_fn(&st, out, n), 0);
}

static void test_stream_matches_the_documented_construction(void **state)
{
    (void)state;
    /* HMAC-SHA256(seed16, "tpm2lite seeded rng v1" || 00..00 / 00..01), computed
     * independently with Python's hmac module. */
    static const uint8_t want[64] = {
        0xd4, 0xdd, 0xa9, 0x71, 0x56, 0x79, 0x26, 0x41, 0x24, 0xaf, 0xa9, 0x27, 0xcd,
        0x6a, 0x8c, 0x66, 0x8d, 0xa5, 0x2d, 0xe0, 0x37, 0x38, 0xdf, 0x1a, 0xf3, 0x9d,
        0xa1, 0x95, 0xe1, 0x96, 0x8f, 0x0e, 0x80, 0x7b, 0x33, 0x74, 0x5c, 0xfa, 0x30,
        0x13, 0x99, 0xeb, 0xb1, 0x60, 0x4e, 0x88, 0x60, 0x68, 0xdc, 0x84, 0xcc, 0x71,
        0x55, 0xc3, 0xdb, 0xcf, 0x41, 0xab, 0xf8, 0xcf, 0x56, 0x90, 0x53, 0x64,
    };
    uint8_t got[64];
    draw(seed16, sizeof seed16, got, sizeof got);
    assert_memory_equal(got, want, sizeof want);
}

static void test_same_seed_gives_same_bytes(void **state)
{
    (void)state;
    uint8_t a[100], b[100];
    draw(seed16, sizeof seed16, a, sizeof a);
    draw(seed16, sizeof seed16, b, sizeof b);
    assert_memory_equal(a, b, sizeof a);
}

static void test_different_seed_gives_different_bytes(void **state)
{
    (void)state;
    uint8_t other[16];
    uint8_t a[32], b[32];
    memcpy(other, seed16, sizeof other);
    other[15] ^= 1;
    draw(seed16, sizeof seed16, a, sizeof a);
    draw(other, sizeof other, b, sizeof b);
    assert_memory_not_equal(a, b, sizeof a);
}

static void test_bytes_do_not_depend_on_how_requests_are_split(void **state)
{
    (void)state;
    uint8_t whole[77], parts[77];
    tpm2l_seeded_rng st;
    draw(seed16, sizeof seed16, whole, sizeof whole);
    assert_int_equal(tpm2l_seeded_rng_init(&st, seed16, sizeof seed16), 0);
    assert_int_equal(tpm2l_seeded_rng_fn(&st, parts, 5), 0);
    assert_int_equal(tpm2l_seeded_rng_fn(&st, parts + 5, 0), 0);
    assert_int_equal(tpm2l_seeded_rng_fn(&st, parts + 5, 40), 0);
    assert_int_equal(tpm2l_seeded_rng_fn(&st, parts + 45, 32), 0);
    assert_memory_equal(whole, parts, sizeof whole);
}

static void test_successive_requests_give_fresh_bytes(void **state)
{
    (void)state;
    uint8_t a[32], b[32];
    tpm2l_seeded_rng st;
    assert_int_equal(tpm2l_seeded_rng_init(&st, seed16, sizeof seed16), 0);
    assert_int_equal(tpm2l_seeded_rng_fn(&st, a, sizeof a), 0);
    assert_int_equal(tpm2l_seeded_rng_fn(&st, b, sizeof b), 0);
    assert_memory_not_equal(a, b, sizeof a);
}

static void test_init_rejects_empty_and_oversized_seeds(void **state)
{
    (void)state;
    tpm2l_seeded_rng st;
    uint8_t big[TPM2L_CORPUS_SEED_MAX + 1] = { 0 };
    assert_int_equal(tpm2l_seeded_rng_init(&st, seed16, 0),
                     TPM2L_RC(TPM2L_LAYER_CRYPTO, TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_seeded_rng_init(&st, big, sizeof big),
                     TPM2L_RC(TPM2L_LAYER_CRYPTO, TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_seeded_rng_init(&st, big, TPM2L_CORPUS_SEED_MAX), 0);
}

static void test_uninitialised_state_is_refused(void **state)
{
    (void)state;
    tpm2l_seeded_rng st;
    uint8_t out[4];
    memset(&st, 0, sizeof st);
    assert_int_equal(tpm2l_seeded_rng_fn(&st, out, sizeof out),
                     TPM2L_RC(TPM2L_LAYER_CRYPTO, TPM2L_E_BAD_SEQUENCE));
    assert_int_equal(tpm2l_seeded_rng_fn(NULL, out, sizeof out),
                     TPM2L_RC(TPM2L_LAYER_CRYPTO, TPM2L_E_BAD_ARG));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_matches_the_documented_construction),
        cmocka_unit_test(test_same_seed_gives_same_bytes),
        cmocka_unit_test(test_different_seed_gives_different_bytes),
        cmocka_unit_test(test_bytes_do_not_depend_on_how_requests_are_split),
        cmocka_unit_test(test_successive_requests_give_fresh_bytes),
        cmocka_unit_test(test_init_rejects_empty_and_oversized_seeds),
        cmocka_unit_test(test_uninitialised_state_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
