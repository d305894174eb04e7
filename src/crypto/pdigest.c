/* pdigest.c - digests run directly on the provider's own digest functions, so that a
 * hash on the command path costs no heap allocation once its context is warm.
 *
 * Why: OpenSSL 3.0's EVP_DigestInit_ex2 (evp_md_init_internal) frees ctx->algctx and
 * calls the provider's newctx on every init, even on a reused EVP_MD_CTX with the same
 * EVP_MD (fixed upstream only in 3.1, openssl PR #18105): one allocation per digest,
 * eight per encrypted GetRandom. The provider's digest interface (core_dispatch.h:
 * newctx/init/update/final/freectx) has no such cost: init only resets the state. So
 * for each cached EVP_MD we look up, once, the same implementation in the provider the
 * EVP_MD came from (OSSL_PROVIDER_query_operation), and keep a few of its algctxs
 * parked in the tpm2l_crypto. Anything missing leaves the slot on the EVP path (hash.c),
 * so results never change, only allocation counts.
 *
 * Must never hand out an algctx that still holds data of an earlier hash (give() wipes:
 * HMAC inner states are keyed), never call a function pointer through the wrong type,
 * and never keep the provider's algorithm table past tpm2l_crypto_release.
 */
#include <string.h>

#include <openssl/core_dispatch.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include "src/crypto/crypto_int.h"

/* Longest algorithm name we compare (OpenSSL's are well under this: "SHA2-512/256"). */
#define NAME_MAX_LEN 64

/* 1 if the first name of the colon-separated list names md. */
static int names_md(const char *names, const EVP_MD *md)
{
    char first[NAME_MAX_LEN];
    size_t n = strcspn(names, ":");
    if (n == 0 || n >= sizeof first)
        return 0;
    memcpy(first, names, n);
    first[n] = '\0';
    return EVP_MD_is_a(md, first);
}

void tpm2l_pdigest_setup(tpm2l_crypto *c, int slot)
{
    struct tpm2l_crypto_pmd *p = &c->pmd[slot];
    const EVP_MD *md = c->md[slot];
    if (p->tried || !md)
        return;
    p->tried = 1; /* one attempt per fetch: a failure keeps the EVP path, no retries */
    const OSSL_PROVIDER *prov = EVP_MD_get0_provider(md);
    int block = EVP_MD_get_block_size(md);
    if (!prov || block <= 0)
        return;
    int no_store = 0;
    const OSSL_ALGORITHM *algs = OSSL_PROVIDER_query_operation(prov, OSSL_OP_DIGEST, &no_store);
    if (!algs)
        return;
    const OSSL_DISPATCH *d = NULL;
    for (const OSSL_ALGORITHM *a = algs; a->algorithm_names && !d; a++)
        if (names_md(a->algorithm_names, md))
            d = a->implementation;
    struct tpm2l_crypto_pmd q = {.tried = 1};
    for (; d && d->function_id; d++) {
        switch (d->function_id) {
        case OSSL_FUNC_DIGEST_NEWCTX: q.newctx = d->function; break;
        case OSSL_FUNC_DIGEST_FREECTX: q.freectx = d->function; break;
        case OSSL_FUNC_DIGEST_INIT: q.init = d->function; break;
        case OSSL_FUNC_DIGEST_UPDATE: q.update = d->function; break;
        case OSSL_FUNC_DIGEST_FINAL: q.final = d->function; break;
        default: break;
        }
    }
    if (!q.newctx || !q.freectx || !q.init || !q.update || !q.final) {
        OSSL_PROVIDER_unquery_operation(prov, OSSL_OP_DIGEST, algs);
        return;
    }
    /* The EVP_MD in c->md[slot] holds a reference on prov, so prov outlives the slot. */
    q.prov = prov;
    q.algs = algs;
    q.block = (size_t)block;
    *p = q;
}

void tpm2l_pdigest_release(tpm2l_crypto *c)
{
    for (int i = 0; i < TPM2L_CRYPTO_MD_SLOTS; i++) {
        struct tpm2l_crypto_pmd *p = &c->pmd[i];
        OSSL_FUNC_digest_freectx_fn *freectx = (OSSL_FUNC_digest_freectx_fn *)p->freectx;
        for (int k = 0; k < TPM2L_PDIGEST_IDLE; k++)
            if (p->idle[k])
                freectx(p->idle[k]); /* the provider's freectx clears before freeing */
        if (p->algs)
            OSSL_PROVIDER_unquery_operation(p->prov, OSSL_OP_DIGEST, p->algs);
        memset(p, 0, sizeof *p);
    }
}

void *tpm2l_pdigest_take(tpm2l_crypto *c, int slot)
{
    struct tpm2l_crypto_pmd *p = &c->pmd[slot];
    if (!p->init)
        return NULL;
    void *a = NULL;
    for (int k = 0; k < TPM2L_PDIGEST_IDLE && !a; k++) {
        a = p->idle[k];
        p->idle[k] = NULL;
    }
    if (!a) /* warm-up, or more hashes live at once than parked: allocates */
        a = ((OSSL_FUNC_digest_newctx_fn *)p->newctx)(OSSL_PROVIDER_get0_provider_ctx(p->prov));
    if (a && !((OSSL_FUNC_digest_init_fn *)p->init)(a, NULL)) {
        ((OSSL_FUNC_digest_freectx_fn *)p->freectx)(a);
        a = NULL;
    }
    return a;
}

int tpm2l_pdigest_update(tpm2l_crypto *c, int slot, void *a, const void *data, size_t len)
{
    return ((OSSL_FUNC_digest_update_fn *)c->pmd[slot].update)(a, data, len);
}

int tpm2l_pdigest_final(tpm2l_crypto *c, int slot, void *a, uint8_t *out, size_t size)
{
    size_t outl = 0;
    int ok = ((OSSL_FUNC_digest_final_fn *)c->pmd[slot].final)(a, out, &outl, size);
    return ok && outl == size;
}

void tpm2l_pdigest_give(tpm2l_crypto *c, int slot, void *a)
{
    struct tpm2l_crypto_pmd *p = &c->pmd[slot];
    OSSL_FUNC_digest_init_fn *init = (OSSL_FUNC_digest_init_fn *)p->init;
    OSSL_FUNC_digest_update_fn *update = (OSSL_FUNC_digest_update_fn *)p->update;
    uint8_t zero[TPM2L_HMAC_MAX_BLOCK] = {0};
    if (!a)
        return;
    /* Wipe before parking. init alone is not enough for every provider digest: in 3.0
     * SHA1/SHA2/SM3 init memset their whole state, but SHA-3's reset (ossl_sha3_reset)
     * clears only the Keccak state and the fill count, leaving the last partial block
     * (up to block-1 data bytes) in its buffer. Absorbing block-1 zero bytes into a
     * fresh state overwrites exactly that buffer without running a permutation; the
     * second init clears the rest. */
    int ok = p->block <= sizeof zero && init(a, NULL) && update(a, zero, p->block - 1) &&
             init(a, NULL);
    for (int k = 0; ok && k < TPM2L_PDIGEST_IDLE; k++)
        if (!p->idle[k]) {
            p->idle[k] = a;
            return;
        }
    ((OSSL_FUNC_digest_freectx_fn *)p->freectx)(a); /* clears (OPENSSL_clear_free) */
}
