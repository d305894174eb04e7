/* hmac.c - HMAC over EVP_MAC, with the method and a per-digest keyless template
 * cached in tpm2l_crypto.
 *
 * Every session HMAC, KDFa block and credential integrity check comes through here, so
 * it must never fetch per operation when a cache is given (the HMAC provider would
 * otherwise fetch its digest on every EVP_MAC_CTX_set_params): each use duplicates
 * the template, which already holds its digest, and keys the copy (or re-keys a context
 * parked in the cache by an earlier finish/abort). It must never keep a key beyond
 * finish/abort (a parked context is keyed with the empty key first), and never refuse
 * the empty key (Part 1 §19.6.8: an unbound, unsalted session without authValue has one).
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "src/crypto/crypto_int.h"
#include "tpm2lite/crypto.h"

void tpm2l_crypto_hmac_release(tpm2l_crypto *c)
{
    for (int i = 0; i < TPM2L_CRYPTO_MD_SLOTS; i++) {
        EVP_MAC_CTX_free(c->hmac_tmpl[i]);
        c->hmac_tmpl[i] = NULL;
        EVP_MAC_CTX_free(c->hmac_idle[i]);
        c->hmac_idle[i] = NULL;
    }
    EVP_MAC_free(c->hmac);
    c->hmac = NULL;
}

/* A keyless EVP_MAC_CTX for the digest in slot, using mac. */
static EVP_MAC_CTX *new_template(tpm2l_crypto *c, EVP_MAC *mac, int slot)
{
    OSSL_PARAM params[3];
    int n = 0;
    EVP_MAC_CTX *t = EVP_MAC_CTX_new(mac);
    if (!t)
        return NULL;
    /* OSSL_PARAM wants non-const strings; the provider only reads them. */
    params[n++] = OSSL_PARAM_construct_utf8_string(
        OSSL_MAC_PARAM_DIGEST, (char *)(uintptr_t)tpm2l_crypto_md_name(slot), 0);
    if (c && c->propq)
        params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_PROPERTIES,
                                                       (char *)(uintptr_t)c->propq, 0);
    params[n] = OSSL_PARAM_construct_end();
    if (!EVP_MAC_CTX_set_params(t, params)) {
        EVP_MAC_CTX_free(t);
        return NULL;
    }
    return t;
}

/* A fresh, unkeyed context for alg: a duplicate of c's template, or (c NULL) built
 * from a method fetched for this call only. */
static TPM2_RC new_mac_ctx(tpm2l_crypto *c, TPM2_ALG_ID alg, EVP_MAC_CTX **out)
{
    int slot = tpm2l_crypto_md_slot(alg);
    *out = NULL;
    if (slot < 0)
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR);
    if (!c) {
        EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
        if (!mac)
            return TPM2L_RC_CRYPTO(TPM2L_E_NOT_SUPPORTED);
        *out = new_template(NULL, mac, slot); /* the context holds its own reference */
        EVP_MAC_free(mac);
        return *out ? TPM2_RC_SUCCESS : TPM2L_RC_CRYPTO(TPM2L_E_NOT_SUPPORTED);
    }
    if (!c->hmac) {
        c->hmac = EVP_MAC_fetch(c->libctx, "HMAC", c->propq);
        if (!c->hmac)
            return TPM2L_RC_CRYPTO(TPM2L_E_NOT_SUPPORTED);
    }
    if (!c->hmac_tmpl[slot]) {
        c->hmac_tmpl[slot] = new_template(c, c->hmac, slot);
        if (!c->hmac_tmpl[slot])
            return TPM2L_RC_CRYPTO(TPM2L_E_NOT_SUPPORTED); /* e.g. SM3 not provided */
    }
    *out = EVP_MAC_CTX_dup(c->hmac_tmpl[slot]);
    /* Duplicating a keyless context is fine in OpenSSL 3.0-3.x; should a provider
     * refuse it, build the context afresh (slower, same result). */
    if (!*out)
        *out = new_template(c, c->hmac, slot);
    return *out ? TPM2_RC_SUCCESS : TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
}

TPM2_RC tpm2l_hmac_start(tpm2l_crypto *c, tpm2l_hmac_state *h, TPM2_ALG_ID alg,
                         const uint8_t *key, size_t key_len)
{
    /* EVP_MAC_init with a NULL key means "keep the previous key", which a fresh
     * context does not have; an empty key must be a real, zero-length one. */
    static const uint8_t empty_key[1] = {0};

    if (!h)
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    memset(h, 0, sizeof *h);
    if (!key && key_len)
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    /* An idle context of c's for this digest (parked by finish/abort, keyed with the
     * empty key) is re-keyed instead of duplicating the template: a third of the
     * allocations in OpenSSL 3.0. */
    int slot = tpm2l_crypto_md_slot(alg);
    if (c && slot >= 0 && c->hmac_idle[slot]) {
        h->mac = c->hmac_idle[slot];
        c->hmac_idle[slot] = NULL;
    } else {
        TPM2_RC rc = new_mac_ctx(c, alg, &h->mac);
        if (rc)
            return rc;
    }
    h->owner = c;
    h->slot = slot;
    if (!EVP_MAC_init(h->mac, key_len ? key : empty_key, key_len, NULL)) {
        tpm2l_hmac_abort(h);
        return TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
    }
    h->size = tpm2l_hash_size(alg);
    return TPM2_RC_SUCCESS;
}

void tpm2l_hmac_update(tpm2l_hmac_state *h, const void *data, size_t len)
{
    if (h->err || !len)
        return;
    if (!h->mac || !data)
        h->err = TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    else if (!EVP_MAC_update(h->mac, data, len))
        h->err = TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
}

TPM2_RC tpm2l_hmac_finish(tpm2l_hmac_state *h, uint8_t *out, size_t cap)
{
    size_t n = 0;
    TPM2_RC rc = h->err;
    if (!rc && !h->mac)
        rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_SEQUENCE);
    if (!rc && (!out || cap < h->size))
        rc = TPM2L_RC_CRYPTO(TPM2L_E_INSUFFICIENT);
    if (!rc && (!EVP_MAC_final(h->mac, out, &n, cap) || n != h->size))
        rc = TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
    if (rc && out && cap)
        OPENSSL_cleanse(out, cap);
    tpm2l_hmac_abort(h);
    return rc;
}

void tpm2l_hmac_abort(tpm2l_hmac_state *h)
{
    /* Park the context with the owner when its slot is free, but only after keying it
     * with the empty key, which replaces every key-derived state the provider holds:
     * no key outlives finish/abort. Otherwise EVP_MAC_CTX_free wipes the key copy. */
    static const uint8_t empty_key[1] = {0};
    tpm2l_crypto *c = h->owner;
    if (h->mac && c && h->slot >= 0 && h->slot < TPM2L_CRYPTO_MD_SLOTS &&
        !c->hmac_idle[h->slot] && EVP_MAC_init(h->mac, empty_key, 0, NULL)) {
        c->hmac_idle[h->slot] = h->mac;
        h->mac = NULL;
    }
    EVP_MAC_CTX_free(h->mac);
    h->mac = NULL;
    h->owner = NULL;
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
