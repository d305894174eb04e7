/* hmac.c - HMAC (RFC 2104 / FIPS 198-1) built on the EVP digest of hash.c.
 *
 * Every session HMAC, KDFa block and credential integrity check comes through here, so
 * it must cost as little as the digest does: with a tpm2l_crypto, the inner and outer
 * hashes run on its parked provider digest states (pdigest.c), two digest inits and no
 * allocation per HMAC (OpenSSL 3.0's EVP_MAC costs five allocations per re-key and
 * fifteen per duplicated context; EVP_DigestInit_ex2 one per init). It must never keep
 * a key beyond finish/abort (the padded key blocks live in the caller's state and are
 * wiped there; hash.c and pdigest.c wipe the digest state), never branch on key bytes,
 * and never refuse the empty key (Part 1 §19.6.8: an unbound, unsalted session without
 * authValue has one).
 */
#include <string.h>

#include <openssl/crypto.h>

#include "src/crypto/crypto_int.h"
#include "tpm2lite/crypto.h"

TPM2_RC tpm2l_hmac_start(tpm2l_crypto *c, tpm2l_hmac_state *h, TPM2_ALG_ID alg,
                         const uint8_t *key, size_t key_len)
{
    uint8_t kh[TPM2L_HMAC_MAX_BLOCK];
    if (!h)
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    memset(h, 0, sizeof *h);
    if (!key && key_len)
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    TPM2_RC rc = tpm2l_hash_start(c, &h->inner, alg);
    if (rc)
        return rc;
    size_t block = tpm2l_hash_block(&h->inner);
    if (block == 0 || block > sizeof h->opad) {
        tpm2l_hash_abort(&h->inner);
        return TPM2L_RC_CRYPTO(TPM2L_E_NOT_SUPPORTED);
    }
    h->crypto = c;
    h->alg = alg;
    h->block = block;
    h->size = tpm2l_hash_size(alg);
    /* A key longer than the block is replaced by its digest (RFC 2104 §2). */
    if (key_len > h->block) {
        rc = tpm2l_hash(c, alg, key, key_len, kh, sizeof kh);
        if (rc) {
            tpm2l_hmac_abort(h);
            return rc;
        }
        key = kh;
        key_len = h->size;
    }
    uint8_t ipad[TPM2L_HMAC_MAX_BLOCK];
    for (size_t i = 0; i < h->block; i++) {
        uint8_t k = i < key_len ? key[i] : 0;
        ipad[i] = (uint8_t)(k ^ 0x36);
        h->opad[i] = (uint8_t)(k ^ 0x5c);
    }
    tpm2l_hash_update(&h->inner, ipad, h->block);
    OPENSSL_cleanse(ipad, sizeof ipad);
    OPENSSL_cleanse(kh, sizeof kh);
    if (h->inner.err) {
        rc = h->inner.err;
        tpm2l_hmac_abort(h);
        return rc;
    }
    return TPM2_RC_SUCCESS;
}

void tpm2l_hmac_update(tpm2l_hmac_state *h, const void *data, size_t len)
{
    if (h->err || !len)
        return;
    if (!tpm2l_hash_live(&h->inner) || !data)
        h->err = TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    else
        tpm2l_hash_update(&h->inner, data, len);
}

TPM2_RC tpm2l_hmac_finish(tpm2l_hmac_state *h, uint8_t *out, size_t cap)
{
    uint8_t in[TPM2L_HMAC_MAX_DIGEST];
    TPM2_RC rc = h->err;
    if (!rc && !tpm2l_hash_live(&h->inner))
        rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_SEQUENCE);
    if (!rc && (!out || cap < h->size))
        rc = TPM2L_RC_CRYPTO(TPM2L_E_INSUFFICIENT);
    if (!rc)
        rc = tpm2l_hash_finish(&h->inner, in, sizeof in); /* releases inner */
    if (!rc) {
        tpm2l_hash_state outer;
        rc = tpm2l_hash_start(h->crypto, &outer, h->alg);
        if (!rc) {
            tpm2l_hash_update(&outer, h->opad, h->block);
            tpm2l_hash_update(&outer, in, h->size);
            rc = tpm2l_hash_finish(&outer, out, cap);
        }
    }
    OPENSSL_cleanse(in, sizeof in);
    if (rc && out && cap)
        OPENSSL_cleanse(out, cap);
    tpm2l_hmac_abort(h);
    return rc;
}

void tpm2l_hmac_abort(tpm2l_hmac_state *h)
{
    tpm2l_hash_abort(&h->inner);
    OPENSSL_cleanse(h->opad, sizeof h->opad);
}

TPM2_RC tpm2l_hmac(tpm2l_crypto *c, TPM2_ALG_ID alg, const uint8_t *key, size_t key_len,
                   const void *data, size_t len, uint8_t *out, size_t cap)
{
    tpm2l_hmac_state h;
    TPM2_RC rc = tpm2l_hmac_start(c, &h, alg, key, key_len);
    if (rc) {
        if (out && cap)
            OPENSSL_cleanse(out, cap);
        return rc;
    }
    tpm2l_hmac_update(&h, data, len);
    return tpm2l_hmac_finish(&h, out, cap);
}
