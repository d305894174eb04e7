/* paramenc.c - parameter encryption: AES-CFB and XOR obfuscation of the first TPM2B
 * parameter (Part 1 §21).
 *
 * Must never derive a key from an untrimmed authValue, never encrypt the TPM2B's size
 * field (the executor passes only the data), and never leave a key, IV or mask on
 * the stack.
 */
#include <string.h>

#include "src/session/session_int.h"

typedef struct {
    uint8_t b[sizeof(((TPM2B_DIGEST *)0)->buffer) + sizeof(((TPM2B_AUTH *)0)->buffer)];
    size_t len;
} session_value;

/* sessionKey || trimmed authValue (Part 1 §21.1): the authValue joins whenever the
 * session authorises an entity, bound or not, HMAC or policy. */
static TPM2_RC make_value(const tpm2l_session *s, const TPM2B_AUTH *auth, session_value *v)
{
    v->len = 0;
    if (s->sessionKey.size > sizeof s->sessionKey.buffer ||
        (auth && auth->size > sizeof auth->buffer))
        return TPM2L_RC_SESSION(TPM2L_E_BAD_ARG);
    memcpy(v->b, s->sessionKey.buffer, s->sessionKey.size);
    v->len = s->sessionKey.size;
    if (auth) {
        size_t n = tpm2l_auth_trimmed_len(auth->buffer, auth->size);
        memcpy(v->b + v->len, auth->buffer, n);
        v->len += n;
    }
    return TPM2_RC_SUCCESS;
}

/* XOR obfuscation (Part 1 §21.2): mask = KDFa(authHash, sessionValue, "XOR", newer,
 * older, 8 * len). KDFa is computed here block by block into the data, so a mask as
 * long as a whole parameter never needs a buffer of its own; every block's HMAC input
 * carries the full length in bits, as the one-shot KDFa's does. */
static TPM2_RC xor_mask(tpm2l_crypto *c, const tpm2l_session *s, const session_value *v,
                        const TPM2B_NONCE *newer, const TPM2B_NONCE *older, uint8_t *buf,
                        size_t len)
{
    static const uint8_t label[] = "XOR"; /* with its NUL */
    uint8_t block[TPM2_MAX_DIGEST_SIZE];
    uint32_t bits = (uint32_t)(8 * len);
    uint8_t bitsb[4] = {(uint8_t)(bits >> 24), (uint8_t)(bits >> 16), (uint8_t)(bits >> 8),
                        (uint8_t)bits};
    TPM2_RC rc = TPM2_RC_SUCCESS;

    if (len > UINT32_MAX / 8)
        return TPM2L_RC_SESSION(TPM2L_E_BAD_ARG);
    for (uint32_t i = 1; len; i++) {
        tpm2l_hmac_state h;
        uint8_t ib[4] = {(uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
        rc = tpm2l_hmac_start(c, &h, s->authHash, v->b, v->len);
        if (rc)
            break;
        tpm2l_hmac_update(&h, ib, 4);
        tpm2l_hmac_update(&h, label, sizeof label);
        tpm2l_hmac_update(&h, newer->buffer, newer->size);
        tpm2l_hmac_update(&h, older->buffer, older->size);
        tpm2l_hmac_update(&h, bitsb, 4);
        rc = tpm2l_hmac_finish(&h, block, sizeof block);
        if (rc)
            break;
        size_t n = tpm2l_hash_size(s->authHash);
        if (n > len)
            n = len;
        for (size_t j = 0; j < n; j++)
            buf[j] ^= block[j];
        buf += n;
        len -= n;
    }
    tpm2l_cleanse(block, sizeof block);
    return rc;
}

static TPM2_RC cfb(tpm2l_crypto *c, const tpm2l_session *s, const session_value *v,
                   const TPM2B_NONCE *newer, const TPM2B_NONCE *older, int encrypt, uint8_t *buf,
                   size_t len)
{
    uint8_t kiv[32 + 16];
    size_t key_bytes = s->symmetric.keyBits.aes / 8u;

    if (s->symmetric.mode.aes != TPM2_ALG_CFB ||
        (key_bytes != 16 && key_bytes != 24 && key_bytes != 32))
        return TPM2L_RC_SESSION(TPM2L_E_NOT_SUPPORTED);
    /* KDFa(authHash, sessionValue, "CFB", newer, older, keyBits + 128): key, then IV. */
    TPM2_RC rc = tpm2l_kdfa(c, s->authHash, v->b, v->len, "CFB", newer->buffer, newer->size,
                            older->buffer, older->size, (uint32_t)(8 * key_bytes + 128), kiv,
                            sizeof kiv);
    if (!rc)
        rc = tpm2l_aes_cfb(c, encrypt, kiv, key_bytes, kiv + key_bytes, buf, len);
    tpm2l_cleanse(kiv, sizeof kiv);
    return rc;
}

TPM2_RC tpm2l_session_param_crypt(tpm2l_crypto *c, const tpm2l_session *s,
                                  const TPM2B_AUTH *auth, int cmd, uint8_t *buf, size_t len)
{
    session_value v;
    const TPM2B_NONCE *newer = cmd ? &s->nonceCaller : &s->nonceTPM;
    const TPM2B_NONCE *older = cmd ? &s->nonceTPM : &s->nonceCaller;

    if (!len)
        return TPM2_RC_SUCCESS;
    TPM2_RC rc = make_value(s, auth, &v);
    if (!rc) {
        switch (s->symmetric.algorithm) {
        case TPM2_ALG_AES:
            rc = cfb(c, s, &v, newer, older, cmd, buf, len);
            break;
        case TPM2_ALG_XOR:
            rc = xor_mask(c, s, &v, newer, older, buf, len);
            break;
        default:
            rc = TPM2L_RC_SESSION(TPM2L_E_NOT_SUPPORTED);
            break;
        }
    }
    tpm2l_cleanse(&v, sizeof v);
    return rc;
}
