/* audit.c - the session audit digest kept in software (Part 1, "Session audit";
 * Part 3 §18.5 GetSessionAuditDigest).
 *
 * Must never extend with anything but the cpHash and rpHash the executor computed for
 * an audited command whose response verified.
 */
#include <string.h>

#include "src/session/session_int.h"

TPM2_RC tpm2l_session_audit_extend(tpm2l_crypto *c, tpm2l_session *s, int reset,
                                   const TPM2B_DIGEST *cp_hash, const TPM2B_DIGEST *rp_hash)
{
    size_t hlen = tpm2l_hash_size(s->authHash);
    tpm2l_hash_state h;
    uint8_t out[TPM2_MAX_DIGEST_SIZE];

    if (!hlen)
        return TPM2L_RC_SESSION(TPM2L_E_BAD_SELECTOR);
    /* The TPM starts a session's audit digest as zeros of authHash's size, on first
     * audited use and whenever auditReset is sent. */
    if (reset || !s->audit_started) {
        memset(s->audit_digest.buffer, 0, sizeof s->audit_digest.buffer);
        s->audit_digest.size = (uint16_t)hlen;
    }
    TPM2_RC rc = tpm2l_hash_start(c, &h, s->authHash);
    if (rc)
        return rc;
    tpm2l_hash_update(&h, s->audit_digest.buffer, s->audit_digest.size);
    tpm2l_hash_update(&h, cp_hash->buffer, cp_hash->size);
    tpm2l_hash_update(&h, rp_hash->buffer, rp_hash->size);
    rc = tpm2l_hash_finish(&h, out, sizeof out);
    if (rc)
        return rc;
    memcpy(s->audit_digest.buffer, out, hlen);
    s->audit_started = 1;
    return TPM2_RC_SUCCESS;
}
