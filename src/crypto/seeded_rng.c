/* seeded_rng.c - a deterministic random source for tests and corpus replay.
 *
 * Block i of the output stream is HMAC-SHA256(key = seed, "tpm2lite seeded rng v1" ||
 * i as 8 big-endian bytes); requests take consecutive bytes of block 0 || block 1 ||
 * ..., so a scenario draws the same nonces and salts every time it runs with the same
 * seed, and a recorded corpus replays byte-for-byte.
 *
 * It must never be used for real secrets: anyone who knows the seed (it is written in
 * every corpus file) knows every byte. It never falls back to other randomness and
 * never hands out bytes after a failure (out is zeroed and an error returned).
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "tpm2lite/corpus.h"

#define RNG_MAGIC 0x72736e67u /* "rsng" */
#define LABEL "tpm2lite seeded rng v1"

#define CERR(r) TPM2L_RC(TPM2L_LAYER_CRYPTO, (r))

TPM2_RC tpm2l_seeded_rng_init(tpm2l_seeded_rng *st, const uint8_t *seed, size_t seed_len)
{
    if (!st || !seed || seed_len == 0 || seed_len > sizeof st->key)
        return CERR(TPM2L_E_BAD_ARG);
    memset(st, 0, sizeof *st);
    memcpy(st->key, seed, seed_len);
    st->key_len = seed_len;
    st->used = sizeof st->block;
    st->magic = RNG_MAGIC;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC next_block(tpm2l_seeded_rng *st)
{
    uint8_t msg[sizeof LABEL - 1 + 8];
    size_t outlen = 0;
    memcpy(msg, LABEL, sizeof LABEL - 1);
    for (int i = 0; i < 8; i++)
        msg[sizeof LABEL - 1 + i] = (uint8_t)(st->counter >> (56 - 8 * i));
    if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, st->key, st->key_len, msg, sizeof msg,
                   st->block, sizeof st->block, &outlen) ||
        outlen != sizeof st->block)
        return CERR(TPM2L_E_CRYPTO);
    st->counter++;
    st->used = 0;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_seeded_rng_fn(void *arg, uint8_t *out, size_t n)
{
    tpm2l_seeded_rng *st = arg;
    if (!st || (!out && n))
        return CERR(TPM2L_E_BAD_ARG);
    if (st->magic != RNG_MAGIC)
        return CERR(TPM2L_E_BAD_SEQUENCE);
    for (size_t done = 0; done < n;) {
        if (st->used == sizeof st->block) {
            TPM2_RC rc = next_block(st);
            if (rc) {
                OPENSSL_cleanse(out, n);
                return rc;
            }
        }
        size_t take = sizeof st->block - st->used;
        if (take > n - done)
            take = n - done;
        memcpy(out + done, st->block + st->used, take);
        st->used += take;
        done += take;
    }
    return TPM2_RC_SUCCESS;
}
