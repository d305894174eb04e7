/* session_int.h - the session layer's pure functions, for the executor (internal).
 *
 * Everything here computes; nothing sends. The executor (src/command/exec.c) calls
 * these in the order Part 1 requires: on the way out parameter encryption, cpHash,
 * command HMACs; on the way back response HMACs (all verified before anything else),
 * nonce update, decryption, audit.
 */
#ifndef TPM2LITE_SRC_SESSION_SESSION_INT_H
#define TPM2LITE_SRC_SESSION_SESSION_INT_H

#include "tpm2lite/session.h"

/* sessionKey = KDFa(authHash, bindAuth || salt, "ATH", nonceTPM, nonceCaller, digest
 * bits), or empty when both are empty (Part 1 §19.6.11). bind_auth is trimmed here.
 * s->authHash, s->nonceTPM and s->nonceCaller must be set. */
TPM2_RC tpm2l_session_derive_key(tpm2l_crypto *c, tpm2l_session *s, const uint8_t *bind_auth,
                                 size_t bind_auth_len, const uint8_t *salt, size_t salt_len);

/* H_authHash(trimmed auth): how s->bind_auth_digest is made and compared. */
TPM2_RC tpm2l_session_auth_digest(tpm2l_crypto *c, TPMI_ALG_HASH alg, const TPM2B_AUTH *auth,
                                  TPM2B_DIGEST *out);

/* Whether the HMAC key of s, authorising the entity named name with auth, includes
 * the authValue (Part 1 §19.6.9-10): HMAC session: unless bound to that very entity
 * (same name, same trimmed authValue); policy session: after PolicyAuthValue or
 * PolicyPassword. name NULL: the session authorises nothing, never. *out 0 or 1. */
TPM2_RC tpm2l_session_includes_auth(tpm2l_crypto *c, const tpm2l_session *s,
                                    const TPM2B_NAME *name, const TPM2B_AUTH *auth, int *out);

/* Bytes of the hmac field s sends: the digest size, or for a policy session after
 * PolicyPassword the trimmed authValue's length. */
size_t tpm2l_session_hmac_len(const tpm2l_session *s, const TPM2B_AUTH *auth);

/* Command HMAC (Part 1 §19.6.5): HMAC(sessionKey || [auth], cpHash || nonceCaller ||
 * nonceTPM || [nonce_dec] || [nonce_enc] || attrs). auth NULL = not included.
 * nonce_dec / nonce_enc NULL when absent. out gets the digest size. */
TPM2_RC tpm2l_session_cmd_hmac(tpm2l_crypto *c, const tpm2l_session *s, const TPM2B_AUTH *auth,
                               const TPM2B_DIGEST *cp_hash, const TPM2B_NONCE *nonce_dec,
                               const TPM2B_NONCE *nonce_enc, TPMA_SESSION attrs,
                               TPM2B_DIGEST *out);

/* Response HMAC: HMAC(sessionKey || [auth], rpHash || nonceTPM || nonceCaller || attrs),
 * nonce_tpm the one just received. */
TPM2_RC tpm2l_session_rsp_hmac(tpm2l_crypto *c, const tpm2l_session *s, const TPM2B_AUTH *auth,
                               const TPM2B_DIGEST *rp_hash, const uint8_t *nonce_tpm,
                               size_t nonce_tpm_len, TPMA_SESSION attrs, TPM2B_DIGEST *out);

/* Parameter encryption (Part 1 §21) of the len data bytes at buf, in place, with
 * sessionValue = sessionKey || [trimmed auth] (auth NULL: the session authorises
 * nothing). cmd != 0: command direction (encrypt; newer = nonceCaller, older =
 * nonceTPM); 0: response direction (decrypt; newer = nonceTPM, older = nonceCaller);
 * s's nonces must be the ones of this exchange. */
TPM2_RC tpm2l_session_param_crypt(tpm2l_crypto *c, const tpm2l_session *s,
                                  const TPM2B_AUTH *auth, int cmd, uint8_t *buf, size_t len);

/* audit_digest = H(audit_digest || cpHash || rpHash), after resetting it to zeros when
 * reset or not yet started. */
TPM2_RC tpm2l_session_audit_extend(tpm2l_crypto *c, tpm2l_session *s, int reset,
                                   const TPM2B_DIGEST *cp_hash, const TPM2B_DIGEST *rp_hash);

#endif
