/* session.h - HMAC, policy and trial authorisation sessions (Part 1 §19-21).
 *
 * Threat model, in plain words: anyone on the bus (or in the resource manager, or a
 * process relaying a socket) can read, drop, replay and rewrite every byte between
 * us and the TPM. A salted or bound session gives both sides a sessionKey nobody on
 * the bus knows; with it
 *   - the command HMAC proves to the TPM that we know the authValue without sending it;
 *   - the response HMAC proves to us that the TPM, not an interposer, produced the
 *     response parameters (checked in constant time before anything in them is read);
 *   - parameter encryption hides the first TPM2B parameter (new authValues, sealed
 *     data, random bytes) from the bus.
 * What sessions do not defend: a response CODE is never authenticated (a failing
 * response carries no HMAC, so an interposer can always turn success into failure);
 * a salt is only as good as the salt key's name the caller pins (an interposer
 * answers ReadPublic with its own key otherwise); an unsalted, unbound session has an
 * empty sessionKey and hides nothing (the library refuses to encrypt with it).
 * Parameter encryption keys with sessionKey || the authorised entity's authValue even
 * when the HMAC does not (a bound session on its bind entity, a policy session
 * without PolicyAuthValue): with a wrong authValue there the command can succeed and
 * the decrypted response parameter is garbage that no check can detect.
 *
 * A tpm2l_session is caller-allocated (stack or static), filled by
 * tpm2l_session_start() and used by putting its address into a
 * tpm2l_auth_handle.session (it then authorises that handle), or, for a session that
 * authorises nothing (audit only, encrypt only), through tpm2l_ctx_next_sessions().
 * Up to three sessions per command, in the order: the authorised handles' sessions
 * (Part 3 handle order), then the extra sessions in the order given. Commands that
 * change the authorised entity's authValue in place (HierarchyChangeAuth,
 * NV_ChangeAuth, Clear) have their response verified under the new value, as the TPM
 * computes it; nothing for the caller to do.
 *
 * Secrets inside: sessionKey (and, while a command is built, HMAC and CFB keys that
 * never leave the library's stack and are wiped there). tpm2l_session_flush() and
 * tpm2l_session_wipe() wipe the whole struct (every byte zero; tpm2l_session_flush
 * says what a transport error leaves), and so does a success without
 * continueSession; on every other outcome sessionKey stays in s until the caller
 * flushes or wipes it. The salt and the bind authValue are never stored: only
 * sessionKey and H(bind authValue) are. A session can be copied (it is plain data)
 * but both copies then share one TPM nonce chain and one secret: use one of them, and
 * wipe the other. A session belongs to the thread that uses its context.
 *
 * What happens to a session when a command using it fails:
 *   - before anything is sent (bad argument, a name that is not known, a session in
 *     the wrong state): nothing is sent and the session is unchanged and usable.
 *   - the TPM answers with an error code (TPM or library layer 0): a failing response
 *     has no response sessions (Part 1), so nonceTPM is not rolled, and the reference
 *     TPM keeps the session loaded with its old nonceTPM even when continueSession was
 *     clear. The session stays usable (s->handle unchanged); the caller keeps using it
 *     or flushes it: nothing is leaked silently. The error body is never read.
 *   - the transport fails (nothing or a partial response came back): whether the TPM
 *     ran the command, and so its new nonceTPM, is unknown. s->unusable is set; every
 *     later use is refused with TPM2L_E_BAD_SEQUENCE (session layer). Call
 *     tpm2l_session_flush() (the handle may still be loaded).
 *   - the response is malformed or its HMAC does not verify
 *     (TPM2L_E_RESPONSE_AUTH, session layer): nothing in the response is used, and the
 *     session is marked unusable as above (its nonceTPM can no longer be trusted).
 *     Call tpm2l_session_flush().
 *   - success with continueSession clear: the TPM has flushed the session, so
 *     the library wipes s (s->handle becomes 0); flushing it again is harmless.
 */
#ifndef TPM2LITE_SESSION_H
#define TPM2LITE_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "command.h"
#include "crypto.h"
#include "rc.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TPM2L_RC_SESSION(reason) TPM2L_RC(TPM2L_LAYER_SESSION, (reason))

/* The attributes a caller may ask for in s->attrs. The executor sends DECRYPT only
 * when the command's first parameter is a TPM2B and ENCRYPT only when the response's
 * is (otherwise it leaves them off for that command); the others are sent as set. */
#define TPM2L_SESSION_ATTRS_ALLOWED                                                      \
    (TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_AUDITEXCLUSIVE | TPMA_SESSION_AUDITRESET | \
     TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT | TPMA_SESSION_AUDIT)

typedef struct tpm2l_session {
    TPMI_SH_AUTH_SESSION handle; /* 0: not started, flushed or ended by the TPM */
    TPM2_SE type;                /* TPM2_SE_HMAC, TPM2_SE_POLICY or TPM2_SE_TRIAL */
    TPMI_ALG_HASH authHash;
    TPMT_SYM_DEF symmetric; /* TPM2_ALG_NULL: no parameter encryption possible */

    TPM2B_DIGEST sessionKey; /* SECRET. Empty when neither salted nor bound. */
    TPM2B_NONCE nonceCaller; /* the last one sent; a fresh one is drawn per command */
    TPM2B_NONCE nonceTPM;    /* the last one received */

    /* What to ask for on each use (TPMA_SESSION bits of TPM2L_SESSION_ATTRS_ALLOWED).
     * The caller may change it between commands. AUDITRESET is cleared after a
     * command that sent it succeeded. */
    TPMA_SESSION attrs;

    /* Bind entity (Part 1 §19.6.13): its name, and H_authHash(its trimmed authValue)
     * at bind time, so that "used on its own bind entity" (HMAC key without the
     * authValue) is decided as the TPM decides it: same name and same authValue. */
    TPM2B_NAME bind_name;
    TPM2B_DIGEST bind_auth_digest;

    uint8_t salted;         /* started with a salt (tpmKey) */
    uint8_t bound;          /* started bound to an entity other than TPM2_RH_NULL */
    uint8_t key_is_secret;  /* salted, or bound with a non-empty authValue */
    uint8_t unusable;       /* nonce chain lost (transport error, bad response): flush */

    /* Policy sessions (set by the policy command wrappers, cleared by PolicyRestart):
     * PolicyAuthValue seen: HMAC key is sessionKey || authValue;
     * PolicyPassword seen: the hmac field carries the plain (trimmed) authValue. */
    uint8_t policy_auth_value;
    uint8_t policy_password;
    uint8_t reserved_[2];
    /* The policy digest computed in software by the policy wrappers (starts as
     * authHash-size zeros), so a trial and a real session agree. */
    TPM2B_DIGEST policy_digest;

    /* The session audit digest in software: on every command sent with the AUDIT
     * attribute it becomes H_authHash(audit_digest || cpHash || rpHash) (reset to
     * authHash-size zeros first when AUDITRESET was sent or on first audit use).
     * Compare it with TPM2_GetSessionAuditDigest's auditInfo.sessionDigest. */
    TPM2B_DIGEST audit_digest;
    uint8_t audit_started;  /* audit_digest is live (an audited command succeeded) */
} tpm2l_session;

/* ---- Part 3 §11.1 StartAuthSession (the raw command; tpm2l_session_start is the
 * way to use it) ---- */

typedef struct {
    tpm2l_handle tpmKey; /* TPM2_RH_NULL: no salt */
    tpm2l_handle bind;   /* TPM2_RH_NULL: unbound */
    TPM2B_NONCE nonceCaller;
    TPM2B_ENCRYPTED_SECRET encryptedSalt;
    TPM2_SE sessionType;
    TPMT_SYM_DEF symmetric;
    TPMI_ALG_HASH authHash;
} tpm2l_StartAuthSession_in;
typedef struct {
    TPMI_SH_AUTH_SESSION sessionHandle;
    TPM2B_NONCE nonceTPM;
} tpm2l_StartAuthSession_out;
TPM2_RC tpm2l_StartAuthSession(tpm2l_ctx *ctx, const tpm2l_StartAuthSession_in *in,
                               tpm2l_StartAuthSession_out *out);

/* tpm2l_session_start parameters. */
typedef struct {
    TPM2_SE sessionType;    /* TPM2_SE_HMAC, TPM2_SE_POLICY or TPM2_SE_TRIAL */
    TPMI_ALG_HASH authHash; /* SHA-1, SHA-256, SHA-384 or SHA-512 */
    TPMT_SYM_DEF symmetric; /* AES-CFB, XOR (keyBits.exclusiveOr = a hash) or NULL */
    /* Salt key (loaded RSA or ECC decryption key), or NULL for no salt. Its name is
     * REQUIRED: the library reads the public area with ReadPublic, recomputes the
     * name from it, and refuses (TPM2L_E_NAME_MISMATCH, command layer) a key whose
     * name differs from tpmKey->name. */
    const tpm2l_handle *tpmKey;
    /* Bind entity, or NULL (or handle TPM2_RH_NULL) for an unbound session. Needs
     * handle, name (or a handle that is its own name) and auth (trailing zeros are
     * removed here); bind->session is ignored. */
    const tpm2l_auth_handle *bind;
    uint16_t nonce_size; /* nonceCaller size: 0 = digest size of authHash; 16..64 */
    TPMA_SESSION attrs;  /* initial s->attrs */
} tpm2l_session_params;

/* Run StartAuthSession and fill s (which need not be initialised). Errors: bad
 * parameters are TPM2L_E_BAD_ARG (session layer), including an unsalted session
 * with DECRYPT or ENCRYPT in attrs whose key would not be secret ("its sessionKey is
 * empty"); a salt key whose name does not match is TPM2L_E_NAME_MISMATCH; TPM codes
 * pass through. On failure s is wiped (handle 0) and no session is left loaded
 * unless the failure was a transport error after StartAuthSession was sent (then the
 * TPM may hold a session we do not know: tpm2l_ctx_error() says so). The salt and
 * the bind authValue are wiped before return. */
TPM2_RC tpm2l_session_start(tpm2l_ctx *ctx, tpm2l_session *s, const tpm2l_session_params *p);

/* FlushContext(s->handle) if s->handle is not 0, then wipe s. s is wiped whatever
 * the outcome; the TPM's error (TPM2_RC_HANDLE if it had already flushed it) is
 * returned. Except after a transport error (TPM2L_LAYER_TCTI), when the flush may
 * not have reached the TPM: s keeps its handle (marked unusable, secrets wiped), so
 * calling tpm2l_session_flush() again, once the transport works, frees the slot. */
TPM2_RC tpm2l_session_flush(tpm2l_ctx *ctx, tpm2l_session *s);

/* Wipe s (sessionKey included) without talking to the TPM. */
void tpm2l_session_wipe(tpm2l_session *s);

/* The sessions that authorise nothing (audit only, encrypt only, decrypt only) for
 * the NEXT command run through ctx only: s_a then s_b (either may be NULL), after the
 * handles' sessions. The next command that reaches the executor takes the list and
 * clears it, whatever its outcome (tpm2l_session_start and tpm2l_session_flush leave
 * it in place for the command after them). Such a session's HMAC key (and parameter
 * encryption key) is its sessionKey alone. */
void tpm2l_ctx_next_sessions(tpm2l_ctx *ctx, tpm2l_session *s_a, tpm2l_session *s_b);

/* Number of bytes of auth[0..len) left after removing trailing zero bytes (Part 1
 * §19.6.4: every authValue is used that way). 01 00 02 00 -> 3. */
size_t tpm2l_auth_trimmed_len(const uint8_t *auth, size_t len);

/* cpHash = H_alg(cc || name[0] || ... || name[n-1] || params) (Part 1 §18.7), names
 * without size prefixes, params as sent (after encryption). out gets the digest. */
TPM2_RC tpm2l_cp_hash(tpm2l_crypto *c, TPMI_ALG_HASH alg, TPM2_CC cc,
                      const TPM2B_NAME *const *names, size_t n, const uint8_t *params,
                      size_t params_len, TPM2B_DIGEST *out);

/* rpHash = H_alg(u32 0 || cc || params) with params as received (before decryption). */
TPM2_RC tpm2l_rp_hash(tpm2l_crypto *c, TPMI_ALG_HASH alg, TPM2_CC cc, const uint8_t *params,
                      size_t params_len, TPM2B_DIGEST *out);

#ifdef __cplusplus
}
#endif
#endif
