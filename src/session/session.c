/* session.c - session state: the sessionKey, the bind entity, which key an HMAC uses.
 *
 * Pure computation on a caller-owned tpm2l_session; never sends, never allocates.
 * Must never keep a salt or a bind authValue: only the sessionKey derived from them
 * (and a digest of the trimmed bind authValue, to recognise the bind entity) stays.
 */
#include <string.h>

#include "src/session/session_int.h"

size_t tpm2l_auth_trimmed_len(const uint8_t *auth, size_t len)
{
    /* Part 1 §19.6.4: trailing zeros never count, so 01 00 02 00 is 01 00 02 and a
     * caller that pads a password to a fixed size still authorises. */
    while (len && auth[len - 1] == 0)
        len--;
    return len;
}

void tpm2l_session_wipe(tpm2l_session *s)
{
    if (s)
        tpm2l_cleanse(s, sizeof *s);
}

TPM2_RC tpm2l_session_derive_key(tpm2l_crypto *c, tpm2l_session *s, const uint8_t *bind_auth,
                                 size_t bind_auth_len, const uint8_t *salt, size_t salt_len)
{
    uint8_t key[sizeof(TPM2B_AUTH) + 2 * TPM2_MAX_DIGEST_SIZE];
    size_t hlen = tpm2l_hash_size(s->authHash);
    bind_auth_len = bind_auth ? tpm2l_auth_trimmed_len(bind_auth, bind_auth_len) : 0;
    if (!salt)
        salt_len = 0;

    s->sessionKey.size = 0;
    if (!hlen)
        return TPM2L_RC_SESSION(TPM2L_E_BAD_SELECTOR);
    if (bind_auth_len + salt_len > sizeof key)
        return TPM2L_RC_SESSION(TPM2L_E_BAD_ARG);
    /* Part 1 §19.6.11: neither bound nor salted means an empty sessionKey, not
     * KDFa over an empty key. */
    if (!bind_auth_len && !salt_len && !s->bound && !s->salted)
        return TPM2_RC_SUCCESS;
    if (bind_auth_len)
        memcpy(key, bind_auth, bind_auth_len);
    if (salt_len)
        memcpy(key + bind_auth_len, salt, salt_len);
    /* The trap: nonceTPM comes first here, nonceCaller first in the command HMAC. */
    TPM2_RC rc = tpm2l_kdfa(c, s->authHash, key, bind_auth_len + salt_len, "ATH",
                            s->nonceTPM.buffer, s->nonceTPM.size, s->nonceCaller.buffer,
                            s->nonceCaller.size, (uint32_t)(8 * hlen), s->sessionKey.buffer,
                            sizeof s->sessionKey.buffer);
    tpm2l_cleanse(key, sizeof key);
    if (rc)
        return rc;
    s->sessionKey.size = (uint16_t)hlen;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_session_auth_digest(tpm2l_crypto *c, TPMI_ALG_HASH alg, const TPM2B_AUTH *auth,
                                  TPM2B_DIGEST *out)
{
    size_t n = auth->size <= sizeof auth->buffer ? auth->size : 0;
    if (auth->size > sizeof auth->buffer)
        return TPM2L_RC_SESSION(TPM2L_E_BAD_ARG);
    n = tpm2l_auth_trimmed_len(auth->buffer, n);
    TPM2_RC rc = tpm2l_hash(c, alg, auth->buffer, n, out->buffer, sizeof out->buffer);
    if (rc)
        return rc;
    out->size = (uint16_t)tpm2l_hash_size(alg);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_session_includes_auth(tpm2l_crypto *c, const tpm2l_session *s,
                                    const TPM2B_NAME *name, const TPM2B_AUTH *auth, int *out)
{
    *out = 0;
    if (!name || !auth)
        return TPM2_RC_SUCCESS; /* authorises nothing: sessionKey only */
    if (s->type == TPM2_SE_POLICY) {
        *out = s->policy_auth_value || s->policy_password;
        return TPM2_RC_SUCCESS;
    }
    *out = 1;
    if (!s->bound || !tpm2l_name_equal(name, &s->bind_name))
        return TPM2_RC_SUCCESS;
    /* The reference TPM keeps name XOR authValue as the bound entity, so a session
     * stays "bound to" an entity only while its authValue is the one bound with: after
     * HierarchyChangeAuth the same hierarchy is a different entity to it. */
    TPM2B_DIGEST d;
    TPM2_RC rc = tpm2l_session_auth_digest(c, s->authHash, auth, &d);
    if (rc)
        return rc;
    if (d.size == s->bind_auth_digest.size &&
        tpm2l_ct_equal(d.buffer, s->bind_auth_digest.buffer, d.size))
        *out = 0;
    tpm2l_cleanse(&d, sizeof d);
    return TPM2_RC_SUCCESS;
}

size_t tpm2l_session_hmac_len(const tpm2l_session *s, const TPM2B_AUTH *auth)
{
    if (s->type == TPM2_SE_POLICY && s->policy_password && auth)
        return tpm2l_auth_trimmed_len(auth->buffer,
                                      auth->size <= sizeof auth->buffer ? auth->size : 0);
    return tpm2l_hash_size(s->authHash);
}
