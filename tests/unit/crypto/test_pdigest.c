/* test_pdigest.c - hashes on the provider's own digest functions (src/crypto/pdigest.c)
 * give the same bytes as the EVP path, for every digest slot, and a parked provider
 * state holds none of the data hashed in it. No TPM needed.
 */
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "src/crypto/crypto_int.h"
#include "tpm2lite/crypto.h"

static const TPM2_ALG_ID algs[TPM2L_CRYPTO_MD_SLOTS] = {
    TPM2_ALG_SHA1,    TPM2_ALG_SHA256,   TPM2_ALG_SHA384,   TPM2_ALG_SHA512,
    TPM2_ALG_SM3_256, TPM2_ALG_SHA3_256, TPM2_ALG_SHA3_384, TPM2_ALG_SHA3_512,
};

static uint8_t msg[1000];

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7 + 1);
    return 0;
}

/* Lengths around the block boundaries of every digest (64, 128, 72..144). */
static const size_t lens[] = {0, 1, 55, 63, 64, 65, 71, 72, 103, 104, 135, 136, 143, 144,
                              145, 1000};

static void provider_path_hash_equals_evp_path_for_every_slot(void **state)
{
    (void)state;
    tpm2l_crypto c;
    tpm2l_crypto_init(&c);
    int used = 0;
    for (int s = 0; s < TPM2L_CRYPTO_MD_SLOTS; s++)
        for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
            uint8_t a[64], b[64];
            TPM2_RC ra = tpm2l_hash(NULL, algs[s], msg, lens[k], a, sizeof a);
            /* incremental on the context, split unevenly */
            tpm2l_hash_state h;
            TPM2_RC rb = tpm2l_hash_start(&c, &h, algs[s]);
            if (!rb) {
                used += h.algctx != NULL;
                tpm2l_hash_update(&h, msg, lens[k] / 3);
                tpm2l_hash_update(&h, msg + lens[k] / 3, lens[k] - lens[k] / 3);
                rb = tpm2l_hash_finish(&h, b, sizeof b);
            }
            assert_int_equal(ra, rb); /* e.g. SM3 absent: both NOT_SUPPORTED */
            if (!ra)
                assert_memory_equal(a, b, tpm2l_hash_size(algs[s]));
        }
    assert_true(used > 0); /* the provider path ran, not only the EVP fallback */
    tpm2l_crypto_release(&c);
}

static void provider_path_hmac_equals_evp_path_with_long_and_empty_keys(void **state)
{
    (void)state;
    tpm2l_crypto c;
    tpm2l_crypto_init(&c);
    static const size_t key_lens[] = {0, 20, 64, 200};
    for (int s = 0; s < TPM2L_CRYPTO_MD_SLOTS; s++)
        for (size_t k = 0; k < sizeof key_lens / sizeof key_lens[0]; k++) {
            uint8_t a[64], b[64];
            TPM2_RC ra = tpm2l_hmac(NULL, algs[s], msg + 500, key_lens[k], msg, 300, a,
                                    sizeof a);
            TPM2_RC rb = tpm2l_hmac(&c, algs[s], msg + 500, key_lens[k], msg, 300, b,
                                    sizeof b);
            assert_int_equal(ra, rb);
            if (!ra)
                assert_memory_equal(a, b, tpm2l_hash_size(algs[s]));
        }
    tpm2l_crypto_release(&c);
}

/* 1 if p..p+n holds run or more consecutive bytes equal to v. */
static int has_run(const uint8_t *p, size_t n, uint8_t v, size_t run)
{
    size_t r = 0;
    for (size_t i = 0; i < n; i++) {
        r = p[i] == v ? r + 1 : 0;
        if (r >= run)
            return 1;
    }
    return 0;
}

/* The last partial block is what a digest keeps in its buffer after final; SHA-3's
 * reset in OpenSSL 3.0 does not clear that buffer, so init alone would leave it. */
static void parked_provider_state_holds_no_hashed_data(void **state)
{
    (void)state;
    tpm2l_crypto c;
    uint8_t secret[200], out[64];
    memset(secret, 0xa5, sizeof secret);
    tpm2l_crypto_init(&c);
    int checked = 0;
    for (int s = 0; s < TPM2L_CRYPTO_MD_SLOTS; s++) {
        if (tpm2l_hash(&c, algs[s], "", 0, out, sizeof out) || !c.pmd[s].init)
            continue;
        size_t block = c.pmd[s].block;
        for (size_t n = block - 8; n < block; n++)
            for (int op = 0; op < 2; op++) {
                if (op == 0)
                    assert_int_equal(tpm2l_hash(&c, algs[s], secret, n, out, sizeof out), 0);
                else
                    assert_int_equal(tpm2l_hmac(&c, algs[s], secret, 32, secret, n, out,
                                                sizeof out),
                                     0);
                for (int k = 0; k < TPM2L_PDIGEST_IDLE; k++) {
                    uint8_t *p = c.pmd[s].idle[k];
                    if (!p)
                        continue;
                    /* the provider allocated it with OPENSSL_zalloc, i.e. malloc */
                    assert_false(has_run(p, malloc_usable_size(p), 0xa5, 16));
                    checked++;
                }
            }
    }
    assert_true(checked > 0);
    tpm2l_crypto_release(&c);
}

static void release_then_reuse_gives_the_same_digest(void **state)
{
    (void)state;
    tpm2l_crypto c;
    uint8_t a[32], b[32];
    tpm2l_crypto_init(&c);
    assert_int_equal(tpm2l_hash(&c, TPM2_ALG_SHA256, msg, 100, a, sizeof a), 0);
    tpm2l_crypto_release(&c);
    for (int s = 0; s < TPM2L_CRYPTO_MD_SLOTS; s++)
        assert_null(c.pmd[s].algs);
    assert_int_equal(tpm2l_hash(&c, TPM2_ALG_SHA256, msg, 100, b, sizeof b), 0);
    assert_memory_equal(a, b, sizeof a);
    tpm2l_crypto_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(provider_path_hash_equals_evp_path_for_every_slot),
        cmocka_unit_test(provider_path_hmac_equals_evp_path_with_long_and_empty_keys),
        cmocka_unit_test(parked_provider_state_holds_no_hashed_data),
        cmocka_unit_test(release_then_reuse_gives_the_same_digest),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
