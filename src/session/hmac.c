/* hmac.c - cpHash, rpHash and the command and response HMACs (Part 1 §18.7, §19.6).
 *
 * Must never keep an HMAC key beyond the call that built it (it holds the sessionKey
 * and the authValue), and never use an authValue with its trailing zeros.
 */
#include <string.h>

#include "src/session/session_int.h"

TPM2_RC tpm2l_cp_hash(tpm2l_crypto *c, TPMI_ALG_HASH alg, TPM2_CC cc,
                      const TPM2B_NAME *const *names, size_t n, const uint8_t *params,
                      size_t params_len, TPM2B_DIGEST *out)
{
    tpm2l_hash_state h;
    uint8_t ccb[4] = {(uint8_t)(cc >> 24), (uint8_t)(cc >> 16), (uint8_t)(cc >> 8), (uint8_t)cc};

    TPM2_RC rc = tpm2l_hash_start(c, &h, alg);
    if (rc)
        return rc;
    tpm2l_hash_update(&h, ccb, sizeof ccb);
    /* Names go in bare: no size prefix (Part 1 §18.7). */
    for (size_t i = 0; i < n; i++)
        tpm2l_hash_update(&h, names[i]->name, names[i]->size);
    tpm2l_hash_update(&h, params, params_len);
    rc = tpm2l_hash_finish(&h, out->buffer, sizeof out->buffer);
    if (rc)
        return rc;
    out->size = (uint16_t)tpm2l_hash_size(alg);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_rp_hash(tpm2l_crypto *c, TPMI_ALG_HASH alg, TPM2_CC cc, const uint8_t *params,
                      size_t params_len, TPM2B_DIGEST *out)
{
    tpm2l_hash_state h;
    /* responseCode first: always 0 here, a failing response has no rpHash at all. */
    uint8_t pre[8] = {0, 0, 0, 0, (uint8_t)(cc >> 24), (uint8_t)(cc >> 16), (uint8_t)(cc >> 8),
                      (uint8_t)cc};

    TPM2_RC rc = tpm2l_hash_start(c, &h, alg);
    if (rc)
        return rc;
    tpm2l_hash_update(&h, pre, sizeof pre);
    tpm2l_hash_update(&h, params, params_len);
    rc = tpm2l_hash_finish(&h, out->buffer, sizeof out->buffer);
    if (rc)
        return rc;
    out->size = (uint16_t)tpm2l_hash_size(alg);
    return TPM2_RC_SUCCESS;
}

typedef struct {
    uint8_t b[sizeof(((TPM2B_DIGEST *)0)->buffer) + sizeof(((TPM2B_AUTH *)0)->buffer)];
    size_t len;
} hmac_key;

/* sessionKey || trimmed auth (auth NULL: sessionKey alone). */
static TPM2_RC make_key(const tpm2l_session *s, const TPM2B_AUTH *auth, hmac_key *k)
{
    k->len = 0;
    if (s->sessionKey.size > sizeof s->sessionKey.buffer)
        return TPM2L_RC_SESSION(TPM2L_E_BAD_ARG);
    memcpy(k->b, s->sessionKey.buffer, s->sessionKey.size);
    k->len = s->sessionKey.size;
    if (auth) {
        if (auth->size > sizeof auth->buffer)
            return TPM2L_RC_SESSION(TPM2L_E_BAD_ARG);
        size_t n = tpm2l_auth_trimmed_len(auth->buffer, auth->size);
        memcpy(k->b + k->len, auth->buffer, n);
        k->len += n;
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_session_cmd_hmac(tpm2l_crypto *c, const tpm2l_session *s, const TPM2B_AUTH *auth,
                               const TPM2B_DIGEST *cp_hash, const TPM2B_NONCE *nonce_dec,
                               const TPM2B_NONCE *nonce_enc, TPMA_SESSION attrs,
                               TPM2B_DIGEST *out)
{
    hmac_key k;
    tpm2l_hmac_state h;

    TPM2_RC rc = make_key(s, auth, &k);
    if (!rc)
        rc = tpm2l_hmac_start(c, &h, s->authHash, k.b, k.len);
    tpm2l_cleanse(&k, sizeof k);
    if (rc)
        return rc;
    tpm2l_hmac_update(&h, cp_hash->buffer, cp_hash->size);
    tpm2l_hmac_update(&h, s->nonceCaller.buffer, s->nonceCaller.size);
    tpm2l_hmac_update(&h, s->nonceTPM.buffer, s->nonceTPM.size);
    if (nonce_dec)
        tpm2l_hmac_update(&h, nonce_dec->buffer, nonce_dec->size);
    if (nonce_enc)
        tpm2l_hmac_update(&h, nonce_enc->buffer, nonce_enc->size);
    tpm2l_hmac_update(&h, &attrs, 1);
    rc = tpm2l_hmac_finish(&h, out->buffer, sizeof out->buffer);
    if (rc)
        return rc;
    out->size = (uint16_t)tpm2l_hash_size(s->authHash);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_session_rsp_hmac(tpm2l_crypto *c, const tpm2l_session *s, const TPM2B_AUTH *auth,
                               const TPM2B_DIGEST *rp_hash, const uint8_t *nonce_tpm,
                               size_t nonce_tpm_len, TPMA_SESSION attrs, TPM2B_DIGEST *out)
{
    hmac_key k;
    tpm2l_hmac_state h;

    TPM2_RC rc = make_key(s, auth, &k);
    if (!rc)
        rc = tpm2l_hmac_start(c, &h, s->authHash, k.b, k.len);
    tpm2l_cleanse(&k, sizeof k);
    if (rc)
        return rc;
    tpm2l_hmac_update(&h, rp_hash->buffer, rp_hash->size);
    tpm2l_hmac_update(&h, nonce_tpm, nonce_tpm_len);
    tpm2l_hmac_update(&h, s->nonceCaller.buffer, s->nonceCaller.size);
    tpm2l_hmac_update(&h, &attrs, 1);
    rc = tpm2l_hmac_finish(&h, out->buffer, sizeof out->buffer);
    if (rc)
        return rc;
    out->size = (uint16_t)tpm2l_hash_size(s->authHash);
    return TPM2_RC_SUCCESS;
}
