/* hash.c - TPM hash algorithms over EVP: sizes, one-shot and incremental digests, and
 * the per-context cache of fetched EVP_MD methods.
 *
 * Must never create an OSSL_LIB_CTX or fetch a method more than once per context
 * (fetching is most of ESAPI's per-command cost), and must never leak the EVP_MD_CTX
 * or provider state an incremental hash holds. With a context, hashes run on the
 * provider's digest functions (pdigest.c: no allocation per hash, which OpenSSL 3.0's
 * EVP_DigestInit_ex2 cannot do); EVP is the path without a context or when the
 * provider's functions cannot be had.
 */
#include <string.h>

#include <openssl/evp.h>

#include "tpm2lite/crypto.h"
#include "src/crypto/crypto_int.h"

struct md_info {
    TPM2_ALG_ID alg;
    uint8_t size;
    const char *ossl_name;
};

/* Slot order is the cache index in tpm2l_crypto.md. */
static const struct md_info mds[TPM2L_CRYPTO_MD_SLOTS] = {
    {TPM2_ALG_SHA1, TPM2_SHA1_DIGEST_SIZE, "SHA1"},
    {TPM2_ALG_SHA256, TPM2_SHA256_DIGEST_SIZE, "SHA256"},
    {TPM2_ALG_SHA384, TPM2_SHA384_DIGEST_SIZE, "SHA384"},
    {TPM2_ALG_SHA512, TPM2_SHA512_DIGEST_SIZE, "SHA512"},
    {TPM2_ALG_SM3_256, TPM2_SM3_256_DIGEST_SIZE, "SM3"},
    {TPM2_ALG_SHA3_256, TPM2_SHA3_256_DIGEST_SIZE, "SHA3-256"},
    {TPM2_ALG_SHA3_384, TPM2_SHA3_384_DIGEST_SIZE, "SHA3-384"},
    {TPM2_ALG_SHA3_512, TPM2_SHA3_512_DIGEST_SIZE, "SHA3-512"},
};

static int slot_of(TPM2_ALG_ID alg)
{
    for (int i = 0; i < TPM2L_CRYPTO_MD_SLOTS; i++)
        if (mds[i].alg == alg)
            return i;
    return -1;
}

void tpm2l_crypto_init(tpm2l_crypto *c)
{
    memset(c, 0, sizeof *c);
}

void tpm2l_crypto_release(tpm2l_crypto *c)
{
    tpm2l_pdigest_release(c); /* first: the cached EVP_MDs keep its provider alive */
    for (int i = 0; i < TPM2L_CRYPTO_MD_SLOTS; i++) {
        EVP_MD_free(c->md[i]);
        c->md[i] = NULL;
    }
    for (int i = 0; i < 3; i++) {
        EVP_MD_CTX_free(c->md_idle[i]);
        c->md_idle[i] = NULL;
    }
    tpm2l_crypto_sym_release(c);
}

int tpm2l_crypto_md_slot(TPM2_ALG_ID alg)
{
    return slot_of(alg);
}

const char *tpm2l_crypto_md_name(int slot)
{
    return slot >= 0 && slot < TPM2L_CRYPTO_MD_SLOTS ? mds[slot].ossl_name : NULL;
}

size_t tpm2l_hash_size(TPM2_ALG_ID alg)
{
    int i = slot_of(alg);
    return i < 0 ? 0 : mds[i].size;
}

/* The method for alg: from c's cache (fetched into it on first use), or, with no
 * cache, freshly fetched with *owned set so the caller frees it. */
static TPM2_RC get_md(tpm2l_crypto *c, TPM2_ALG_ID alg, EVP_MD **md, int *owned)
{
    int i = slot_of(alg);
    *md = NULL;
    *owned = 0;
    if (i < 0)
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR);
    if (c && c->md[i]) {
        *md = c->md[i];
        return TPM2_RC_SUCCESS;
    }
    EVP_MD *m = EVP_MD_fetch(c ? c->libctx : NULL, mds[i].ossl_name, c ? c->propq : NULL);
    if (!m)
        return TPM2L_RC_CRYPTO(TPM2L_E_NOT_SUPPORTED); /* e.g. SM3 absent from the provider */
    if (c)
        c->md[i] = m;
    else
        *owned = 1;
    *md = m;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_hash(tpm2l_crypto *c, TPM2_ALG_ID alg, const void *data, size_t len, uint8_t *out,
                   size_t cap)
{
    tpm2l_hash_state h;
    TPM2_RC rc = tpm2l_hash_start(c, &h, alg);
    if (rc)
        return rc;
    tpm2l_hash_update(&h, data, len);
    return tpm2l_hash_finish(&h, out, cap);
}

TPM2_RC tpm2l_hash_start(tpm2l_crypto *c, tpm2l_hash_state *h, TPM2_ALG_ID alg)
{
    EVP_MD *md;
    int owned;

    memset(h, 0, sizeof *h);
    TPM2_RC rc = get_md(c, alg, &md, &owned);
    if (rc)
        return rc;
    h->slot = slot_of(alg);
    h->size = tpm2l_hash_size(alg);
    if (c) {
        tpm2l_pdigest_setup(c, h->slot); /* once per fetched method */
        h->algctx = tpm2l_pdigest_take(c, h->slot);
        if (h->algctx) {
            h->owner = c;
            return TPM2_RC_SUCCESS;
        }
    }
    /* Reuse an idle EVP_MD_CTX of c's (returned by finish/abort): one allocation fewer
     * per hash; OpenSSL 3.0 still allocates the provider's state in DigestInit. */
    for (int i = 0; c && !h->md && i < 3; i++) {
        h->md = c->md_idle[i];
        c->md_idle[i] = NULL;
    }
    if (!h->md)
        h->md = EVP_MD_CTX_new();
    h->owner = c;
    /* EVP_DigestInit_ex2 takes its own reference to a fetched method, so an uncached
     * one can be freed right away. */
    int ok = h->md && EVP_DigestInit_ex2(h->md, md, NULL);
    if (owned)
        EVP_MD_free(md);
    if (!ok) {
        EVP_MD_CTX_free(h->md);
        h->md = NULL;
        h->owner = NULL;
        return TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
    }
    return TPM2_RC_SUCCESS;
}

void tpm2l_hash_update(tpm2l_hash_state *h, const void *data, size_t len)
{
    if (h->err || !len)
        return;
    if (!tpm2l_hash_live(h) || !data)
        h->err = TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    else if (h->algctx ? !tpm2l_pdigest_update(h->owner, h->slot, h->algctx, data, len)
                       : !EVP_DigestUpdate(h->md, data, len))
        h->err = TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
}

TPM2_RC tpm2l_hash_finish(tpm2l_hash_state *h, uint8_t *out, size_t cap)
{
    TPM2_RC rc = h->err;
    if (!rc && !tpm2l_hash_live(h))
        rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_SEQUENCE);
    if (!rc && (!out || cap < h->size))
        rc = TPM2L_RC_CRYPTO(TPM2L_E_INSUFFICIENT);
    if (!rc && h->algctx && !tpm2l_pdigest_final(h->owner, h->slot, h->algctx, out, h->size))
        rc = TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
    if (!rc && h->md && !EVP_DigestFinal_ex(h->md, out, NULL))
        rc = TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
    tpm2l_hash_abort(h);
    return rc;
}

void tpm2l_hash_abort(tpm2l_hash_state *h)
{
    if (h->algctx && h->owner)
        tpm2l_pdigest_give(h->owner, h->slot, h->algctx); /* wipes before parking */
    h->algctx = NULL;
    /* Back to the owner's idle list if there is room: reset frees (and wipes) the
     * provider state, so nothing of the data stays behind. */
    for (int i = 0; h->md && h->owner && i < 3; i++)
        if (!h->owner->md_idle[i] && EVP_MD_CTX_reset(h->md)) {
            h->owner->md_idle[i] = h->md;
            h->md = NULL;
        }
    EVP_MD_CTX_free(h->md);
    h->md = NULL;
    h->owner = NULL;
}

int tpm2l_hash_live(const tpm2l_hash_state *h)
{
    return h->md || h->algctx;
}

size_t tpm2l_hash_block(const tpm2l_hash_state *h)
{
    if (h->algctx)
        return h->owner->pmd[h->slot].block;
    int b = h->md ? EVP_MD_get_block_size(EVP_MD_CTX_get0_md(h->md)) : 0;
    return b > 0 ? (size_t)b : 0;
}
