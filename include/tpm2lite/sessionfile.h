/* sessionfile.h - a started session saved to a file and loaded again, so one process
 * (one CLI run) starts a policy session, another extends it, a third authorises with
 * it; in libtpm2lite's own format and in tpm2-tools' (tpm2_startauthsession -S).
 *
 * A saved session is two halves that must travel together: the TPM's half, the blob
 * TPM2_ContextSave returns (encrypted and integrity-protected by the TPM), and the
 * caller's half, the struct tpm2l_session fields (sessionKey, nonces, policy flags).
 * BOTH FORMATS HOLD THE sessionKey IN CLEAR: whoever reads the file can compute the
 * session's HMACs and parameter-encryption keys. Files are written with mode 0600
 * (a new file, renamed over the old one) and must be kept private.
 *
 * ---- libtpm2lite's format (TPM2L_SESSION_FILE_OURS), big-endian ----
 *   "tpm2lite session file v1\n"                                  (the versioned magic)
 *   "# SECRET: holds this session's sessionKey in clear; keep it private (mode 0600).\n"
 *   u32 savedHandle, u32 hierarchy, u64 sequence, u16 size + blob  (TPMS_CONTEXT)
 *   u8 type, u16 authHash, TPMT_SYM_DEF symmetric, u8 attrs,
 *   u8 flags (1 salted, 2 bound, 4 key_is_secret, 8 policy_auth_value,
 *             16 policy_password, 32 audit_started),
 *   TPM2B sessionKey, TPM2B nonceCaller, TPM2B nonceTPM, TPM2B bind_name,
 *   TPM2B bind_auth_digest, TPM2B policy_digest, TPM2B audit_digest.
 * Loading checks every field: type HMAC/POLICY/TRIAL matching the handle's range, a
 * known authHash, digests of 0 or authHash's size, nonces of 16..64 bytes, attributes
 * within TPM2L_SESSION_ATTRS_ALLOWED, no unknown flag, nothing after the end.
 *
 * ---- tpm2-tools' format (TPM2L_SESSION_FILE_TPM2_TOOLS), verified against
 *      tpm2-tools 5.4 / tpm2-tss 3.2.1 on swtpm, big-endian ----
 *   u32 0xBADCC0DE, u32 version 2, u8 session type (0 HMAC, 1 POLICY, 3 TRIAL),
 *   u16 authHash, then a tpm2-tools context file:
 *   u32 0xBADCC0DE, u32 version 1, u32 hierarchy, u32 savedHandle, u64 sequence,
 *   u16 size, then size bytes of ESAPI's IESYS_CONTEXT_DATA:
 *     u32 reserved 0, TPM2B_CONTEXT_DATA (the TPM's blob), u16 metadata size (ESAPI
 *     writes 0 whatever follows), IESYS_RESOURCE:
 *       u32 handle (the TPM session handle), TPM2B_NAME name (the 4-byte handle),
 *       u32 resource type 3 (session), IESYS_SESSION:
 *         TPM2B_NAME bound_entity  ESAPI's bind marker: the bind entity's name,
 *                                  zero-padded to 68 bytes, with the bind authValue
 *                                  XORed into its LAST bytes (so the bind authValue is
 *                                  in the file too); empty when unbound
 *         TPM2B_ENCRYPTED_SECRET encryptedSalt, TPM2B_DATA salt  (ESAPI leaves both
 *                                  empty in saved sessions)
 *         TPMT_SYM_DEF symmetric, u16 authHash,
 *         TPM2B_DIGEST sessionKey  IN CLEAR
 *         u8 sessionType, u8 sessionAttributes (TPMA_SESSION),
 *         TPM2B_NONCE nonceCaller, TPM2B_NONCE nonceTPM,
 *         u32 encrypt, u32 decrypt   (ESAPI scratch, 0)
 *         u32 type_policy_session    (0 none, 1 PolicyAuthValue seen, 2 PolicyPassword
 *                                     seen: set by tpm2_policyauthvalue/policypassword)
 *         u16 sizeSessionValue, that many bytes (sessionKey || authValue, in clear;
 *         0 in saved files), u16 sizeHmacValue.
 *   What it cannot carry, and how a load fills it: the software policy digest (set to
 *   authHash-size zeros: it is only the library's prediction, the TPM holds the real
 *   one; TPM2_PolicyGetDigest reads it), the audit digest (not started), whether the
 *   session was salted (salted = 0; key_is_secret = a non-empty sessionKey, as ESAPI
 *   assumes). A bound session's name length is inferred from its nameAlg (4 bytes for
 *   a handle); a bind authValue starting with zero bytes cannot be told from padding.
 *
 * Errors: file problems are TPM2L_LAYER_PARSE codes (TPM2L_E_NOT_FOUND,
 * TPM2L_E_PERMISSION, TPM2L_E_IO; TPM2L_E_BAD_VALUE for a wrong magic, version or
 * field; TPM2L_E_TRUNCATED for a file that ends early; TPM2L_E_TRAILING for bytes after
 * the end) with one line in err or in tpm2l_ctx_error(ctx); TPM codes pass through.
 */
#ifndef TPM2LITE_SESSIONFILE_H
#define TPM2LITE_SESSIONFILE_H

#include <stddef.h>
#include <stdint.h>

#include "command.h"
#include "rc.h"
#include "session.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    TPM2L_SESSION_FILE_OURS = 1,
    TPM2L_SESSION_FILE_TPM2_TOOLS = 2,
} tpm2l_session_file_format;

/* Largest file either format produces (and the most a load reads). */
#define TPM2L_SESSION_FILE_MAX 8192u
/* Longest path save and load take, NUL included. */
#define TPM2L_SESSION_PATH_MAX 4096u

/* ---- without I/O (tests, fuzzers) ---- */

/* Write s and its saved context into buf (cap bytes), *len = bytes. For the tpm2-tools
 * format of a session bound to an entity with a non-empty authValue, bind_auth must be
 * that authValue (ESAPI keeps it in its bind marker; it is checked against
 * s->bind_auth_digest); otherwise it may be NULL. An unusable session
 * (s->unusable) or a session that was never started is TPM2L_E_BAD_ARG. */
TPM2_RC tpm2l_session_file_encode(const tpm2l_session *s, const TPMS_CONTEXT *saved,
                                  tpm2l_session_file_format fmt, const TPM2B_AUTH *bind_auth,
                                  uint8_t *buf, size_t cap, size_t *len);

/* Read either format from buf: s, the TPM's saved context and the format (fmt may be
 * NULL). On failure s and saved are wiped and err (may be NULL) says what is wrong. */
TPM2_RC tpm2l_session_file_decode(const uint8_t *buf, size_t len, tpm2l_session *s,
                                  TPMS_CONTEXT *saved, tpm2l_session_file_format *fmt,
                                  char *err, size_t errlen);

/* ---- with the TPM ---- */

/* ContextSave(s->handle), then write path in fmt (mode 0600, through a temporary file
 * in the same directory renamed over path, so a failed write leaves the old file).
 * On success the session lives on in the TPM as a saved context only, and s is wiped
 * (use tpm2l_session_load to use it again). If writing fails after ContextSave, the
 * session is loaded back so s stays usable. bind_auth as for encode; when it is NULL
 * and path is a tpm2-tools file of this same session (same handle, bind name and bind
 * authValue digest), the authValue in that file's ESAPI bind marker is kept, so a
 * bound session read from tpm2-tools goes back into its file unchanged in that way. */
TPM2_RC tpm2l_session_save_format(tpm2l_ctx *ctx, tpm2l_session *s, const char *path,
                                  tpm2l_session_file_format fmt, const TPM2B_AUTH *bind_auth);
/* The same in libtpm2lite's format. */
TPM2_RC tpm2l_session_save(tpm2l_ctx *ctx, tpm2l_session *s, const char *path);

/* Read path (either format, fmt may be NULL) and ContextLoad the session into the TPM;
 * s is ready to use. A session file can be loaded once per save: the TPM refuses a
 * stale context (TPM2_RC_HANDLE or similar) once the session moved on. */
TPM2_RC tpm2l_session_load_format(tpm2l_ctx *ctx, tpm2l_session *s, const char *path,
                                  tpm2l_session_file_format *fmt);
TPM2_RC tpm2l_session_load(tpm2l_ctx *ctx, tpm2l_session *s, const char *path);

#ifdef __cplusplus
}
#endif
#endif
