/* exec.h - the executor every command wrapper is written on (internal).
 *
 * A wrapper describes its command once (tpm2l_cmd_desc, static const), then:
 *
 *     tpm2l_cmd c;
 *     tpm2l_cmd_begin(ctx, &c, &desc);
 *     tpm2l_cmd_auth_handle(&c, &in->primaryHandle);  // handles in Part 3 order
 *     tpm2l_wcur *w = tpm2l_cmd_params(&c);           // auth area reserved here
 *     tpm2l_marshal_TPM2B_SENSITIVE_CREATE(w, &in->inSensitive); ...
 *     rc = tpm2l_cmd_run(&c);      // authorise, send, receive, check, verify
 *     if (rc) return rc;
 *     out->objectHandle.handle = c.rsp_handles[0];
 *     tpm2l_unmarshal_TPM2B_PUBLIC(&c.r, &out->outPublic); ...
 *     return tpm2l_cmd_end(&c);    // all parameters consumed, buffers wiped
 *
 * Layout (Part 1, command/response structure): header | handles | [authorizationSize | sessions] | parameters.
 * The sessions come before the parameters on the wire but an HMAC covers the
 * parameters, so tpm2l_cmd_params() reserves each session's exact size in place and
 * tpm2l_cmd_run() fills the sessions in after the wrapper has written the parameters:
 * nothing is copied or moved. On the way back tpm2l_cmd_run() parses the whole
 * frame (handles, parameterSize, the response sessions) and verifies the sessions
 * before the wrapper reads a single parameter.
 *
 * HMAC and policy sessions (src/session/ does the maths) change no wrapper: in
 * exec.c, slot_size() sizes a session's slot (nonce and HMAC sizes are known up
 * front), slots_fill() encrypts the first parameter (when desc->flags has
 * TPM2L_CMD_TPM2B), then computes cpHash over cc, names[] and the parameter bytes as
 * sent, then each HMAC into its reserved slot; sessions_check() verifies every
 * response HMAC before anything else, then rolls nonceTPM, decrypts the first
 * response parameter (TPM2L_RSP_TPM2B) and extends audit digests. Sessions not tied to
 * a handle (tpm2l_ctx_next_sessions: audit or encrypt only) are further slots after
 * the handle-bound ones.
 */
#ifndef TPM2LITE_SRC_COMMAND_EXEC_H
#define TPM2LITE_SRC_COMMAND_EXEC_H

#include <string.h>

#include "tpm2lite/command.h"
#include "tpm2lite/cursor.h"

#define TPM2L_CMD_MAX_HANDLES 3
#define TPM2L_CMD_MAX_SESSIONS 3

/* desc->flags: which commands parameter encryption can apply to (Part 3 marks them). */
#define TPM2L_CMD_TPM2B 0x01u /* the first command parameter is a TPM2B */
#define TPM2L_RSP_TPM2B 0x02u /* the first response parameter is a TPM2B */

typedef struct {
    const char *name; /* the Part 3 name, for error detail: "CreatePrimary" */
    TPM2_CC cc;
    uint8_t n_handles;     /* handles in the command's handle area */
    uint8_t auth_mask;     /* bit i set: handle i is marked "@" (needs authorisation) */
    uint8_t n_rsp_handles; /* handles in the response's handle area (0 or 1) */
    uint8_t flags;
} tpm2l_cmd_desc;

/* One session slot of the authorisation area. */
typedef struct {
    const tpm2l_auth_handle *ah; /* the entity it authorises; NULL: an extra session
                                    (tpm2l_ctx_next_sessions) that authorises nothing */
    /* The entity's authValue once the command has run, for the response HMAC
     * (sessions.md): &ah->auth unless the command changes it in place
     * (HierarchyChangeAuth: the new value). */
    const TPM2B_AUTH *rsp_auth;
    size_t at;  /* offset of the slot in ctx->cmd */
    size_t len; /* bytes reserved for it */
    struct tpm2l_session *s; /* NULL: a password (ah->session NULL) */
    size_t handle_index;     /* which handle ah is, for its name */
    TPMA_SESSION attrs;      /* the attributes sent */
    uint8_t include_auth;    /* the HMAC key includes the authValue */
    TPM2B_DIGEST cp_hash;    /* with s->authHash, kept for the audit digest */
} tpm2l_cmd_slot;

typedef struct {
    tpm2l_ctx *ctx;
    const tpm2l_cmd_desc *desc;

    size_t n_handles;
    TPM2_HANDLE handles[TPM2L_CMD_MAX_HANDLES];
    const TPM2B_NAME *names[TPM2L_CMD_MAX_HANDLES]; /* NULL or empty: not known */
    size_t n_slots;
    tpm2l_cmd_slot slot[TPM2L_CMD_MAX_SESSIONS];

    struct tpm2l_session *extra[2]; /* taken from ctx->next_sessions by begin */
    int dec_slot, enc_slot;         /* slot doing decrypt / encrypt, -1: none */

    tpm2l_wcur w;     /* the whole command in ctx->cmd */
    size_t params_at; /* 0 until tpm2l_cmd_params() */

    /* response, valid after tpm2l_cmd_run() succeeded */
    TPM2_HANDLE rsp_handles[1];
    size_t rsp_params_at, rsp_params_len; /* the parameter bytes in ctx->rsp */
    tpm2l_rcur r;                         /* reader over them, for the wrapper */
} tpm2l_cmd;

void tpm2l_cmd_begin(tpm2l_ctx *ctx, tpm2l_cmd *c, const tpm2l_cmd_desc *desc);
/* The next handle of the handle area, without / with authorisation. name may be NULL. */
void tpm2l_cmd_handle(tpm2l_cmd *c, TPM2_HANDLE handle, const TPM2B_NAME *name);
void tpm2l_cmd_auth_handle(tpm2l_cmd *c, const tpm2l_auth_handle *ah);
/* After the handles: reserve the authorisation area and return the writer for the
 * parameters. Errors stay in the writer and are reported by tpm2l_cmd_run(). */
tpm2l_wcur *tpm2l_cmd_params(tpm2l_cmd *c);
/* Finish, authorise, send, receive and check the response; on success c->r reads the
 * response parameters. A TPM error code is returned unchanged; its body is never read. */
TPM2_RC tpm2l_cmd_run(tpm2l_cmd *c);
/* After the wrapper read the parameters: c->r must be exactly used up. Wipes the
 * response. Returns the reader's error, with detail, if any. */
TPM2_RC tpm2l_cmd_end(tpm2l_cmd *c);
/* Record "<Command>: <detail>" as the context's error and return rc; for the checks
 * wrappers make themselves (names). Wipes the response. */
TPM2_RC tpm2l_cmd_fail(tpm2l_cmd *c, TPM2_RC rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* For wrappers of commands that load something (CreatePrimary, Load, ContextLoad,
 * StartAuthSession): the TPM answered success, so handle is loaded, but the response
 * then failed the wrapper's own checks (a truncated or corrupted answer, a public area
 * that is not the template). The caller gets an error and, by convention, ignores
 * out, so nobody could ever flush handle: flush it here, best effort, keeping rc and
 * its detail. Found by the fault transport (tests/integration/fault). */
static inline TPM2_RC tpm2l_cmd_unload(tpm2l_ctx *ctx, TPM2_HANDLE handle, TPM2_RC rc)
{
    char detail[sizeof ctx->err];
    memcpy(detail, ctx->err, sizeof detail);
    const tpm2l_FlushContext_in fl = {handle};
    (void)tpm2l_FlushContext(ctx, &fl);
    memcpy(ctx->err, detail, sizeof detail);
    return rc;
}

/* ---- session hooks (exec_session.c), for exec.c only ---- */

/* Check slot i's session (s != NULL) for use, decide its attributes, and give the
 * bytes its slot takes. Errors carry detail in ctx->err. */
TPM2_RC tpm2l_exec_slot_size(tpm2l_cmd *c, size_t i, size_t *len);
/* Fresh nonceCaller, parameter encryption, cpHash, HMACs into the session slots;
 * len is the whole command's length. */
TPM2_RC tpm2l_exec_sessions_fill(tpm2l_cmd *c, size_t len);
/* Verify response session i (changes nothing). */
TPM2_RC tpm2l_exec_session_check(tpm2l_cmd *c, size_t i, const uint8_t *nonce,
                                 uint16_t nonce_len, uint8_t attrs, const uint8_t *hmac,
                                 uint16_t hmac_len);
/* After every response session verified: roll nonceTPM, decrypt the first response
 * parameter, extend audit digests, forget sessions the TPM ended. */
TPM2_RC tpm2l_exec_sessions_commit(tpm2l_cmd *c, const uint8_t *const *nonces,
                                   const uint16_t *nonce_lens);
/* The exchange broke after sending: every session of c is marked unusable. */
void tpm2l_exec_sessions_lost(tpm2l_cmd *c);

/* Record "<what>: <detail>" into ctx->err; for wrappers that fail before a command
 * exists (bad arguments). Returns rc. */
TPM2_RC tpm2l_ctx_fail(tpm2l_ctx *ctx, TPM2_RC rc, const char *what, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
