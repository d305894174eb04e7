/* exec.c - the executor: frame a command in ctx->cmd, authorise it, send it, and
 * check the response frame before any wrapper reads a parameter.
 *
 * Must never parse the body of a failed response (it is unauthenticated and carries
 * nothing), never hand a wrapper bytes outside the response's parameter area, never
 * let a command outlive its transmission in ctx->cmd (passwords, new authValues and
 * sealed data travel there in clear), never leave a response in ctx->rsp once the
 * wrapper is done with it, and never allocate.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "src/command/exec.h"
#include "tpm2lite/session.h"

#define HEADER_SIZE 10u
/* The TPM 1.2 response tag. A TPM 2.0 answers a tag it does not know with it and
 * TPM_RC_BAD_TAG (Part 1, command/response structure); a TPM 1.2 answers everything with it. */
#define ST_RSP_COMMAND 0x00C4u

static const uint8_t zeros[64];

/* ---- error detail ---- */

static void vnote(tpm2l_ctx *ctx, const char *what, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 0)))
#endif
    ;
static void vnote(tpm2l_ctx *ctx, const char *what, const char *fmt, va_list ap)
{
    int n = snprintf(ctx->err, sizeof ctx->err, "%s: ", what);
    if (n < 0 || (size_t)n >= sizeof ctx->err)
        return;
    vsnprintf(ctx->err + n, sizeof ctx->err - (size_t)n, fmt, ap);
}

TPM2_RC tpm2l_ctx_fail(tpm2l_ctx *ctx, TPM2_RC rc, const char *what, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vnote(ctx, what, fmt, ap);
    va_end(ap);
    return rc;
}

static void wipe_response(tpm2l_cmd *c)
{
    tpm2l_ctx *ctx = c->ctx;
    tpm2l_cleanse(ctx->rsp, ctx->rsp_len <= sizeof ctx->rsp ? ctx->rsp_len : sizeof ctx->rsp);
}

TPM2_RC tpm2l_cmd_fail(tpm2l_cmd *c, TPM2_RC rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vnote(c->ctx, c->desc->name, fmt, ap);
    va_end(ap);
    wipe_response(c);
    return rc;
}

/* A failure while building: the first one is kept in the writer, with its detail. */
static void build_fail(tpm2l_cmd *c, TPM2_RC rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void build_fail(tpm2l_cmd *c, TPM2_RC rc, const char *fmt, ...)
{
    if (c->w.err)
        return;
    tpm2l_wcur_fail(&c->w, rc);
    va_list ap;
    va_start(ap, fmt);
    vnote(c->ctx, c->desc->name, fmt, ap);
    va_end(ap);
}

static TPM2_RC bad_response(tpm2l_cmd *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static TPM2_RC bad_response(tpm2l_cmd *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vnote(c->ctx, c->desc->name, fmt, ap);
    va_end(ap);
    wipe_response(c);
    return TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE);
}

/* ---- building ---- */

void tpm2l_cmd_begin(tpm2l_ctx *ctx, tpm2l_cmd *c, const tpm2l_cmd_desc *desc)
{
    memset(c, 0, sizeof *c);
    c->ctx = ctx;
    c->desc = desc;
    ctx->err[0] = '\0';
    ctx->cmd_len = 0;
    ctx->rsp_len = 0;
    tpm2l_wcur_init(&c->w, ctx->cmd, sizeof ctx->cmd);
    /* tag and commandSize are known only at the end (tpm2l_cmd_run). */
    tpm2l_wcur_u16(&c->w, 0);
    tpm2l_wcur_u32(&c->w, 0);
    tpm2l_wcur_u32(&c->w, desc->cc);
    c->dec_slot = c->enc_slot = -1;
    /* The one-shot list belongs to this command, whatever becomes of it. */
    c->extra[0] = ctx->next_sessions[0];
    c->extra[1] = ctx->next_sessions[1];
    ctx->next_sessions[0] = ctx->next_sessions[1] = NULL;
    if (!ctx->tcti)
        build_fail(c, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), "the context has no transport");
}

static void add_handle(tpm2l_cmd *c, TPM2_HANDLE handle, const TPM2B_NAME *name,
                       const tpm2l_auth_handle *ah)
{
    size_t i = c->n_handles;
    if (c->params_at || i >= c->desc->n_handles) {
        build_fail(c, TPM2L_RC_COMMAND(TPM2L_E_GENERAL), "handle %zu is one too many", i + 1);
        return;
    }
    if (!((c->desc->auth_mask >> i) & 1u) != !ah) {
        build_fail(c, TPM2L_RC_COMMAND(TPM2L_E_GENERAL),
                   "handle %zu %s an authorisation in Part 3", i + 1, ah ? "takes no" : "needs");
        return;
    }
    c->handles[i] = handle;
    c->names[i] = name;
    c->n_handles++;
    tpm2l_wcur_u32(&c->w, handle);
    if (ah) {
        if (c->n_slots >= TPM2L_CMD_MAX_SESSIONS) {
            build_fail(c, TPM2L_RC_COMMAND(TPM2L_E_GENERAL), "too many sessions");
            return;
        }
        tpm2l_cmd_slot *s = &c->slot[c->n_slots++];
        s->ah = ah;
        s->rsp_auth = &ah->auth;
        s->s = ah->session;
        s->handle_index = i;
    }
}

void tpm2l_cmd_handle(tpm2l_cmd *c, TPM2_HANDLE handle, const TPM2B_NAME *name)
{
    add_handle(c, handle, name, NULL);
}

void tpm2l_cmd_auth_handle(tpm2l_cmd *c, const tpm2l_auth_handle *ah)
{
    add_handle(c, ah->handle, &ah->name, ah);
}

/* Bytes slot i takes in the command (Part 2 TPMS_AUTH_COMMAND): sessionHandle,
 * nonceCaller, sessionAttributes, hmac. A password's "hmac" is the authValue without
 * its trailing zeros (Part 1 §19.6.4; the TPM removes them anyway). */
static size_t slot_size(tpm2l_cmd *c, size_t i)
{
    const tpm2l_auth_handle *ah = c->slot[i].ah;
    if (c->slot[i].s) {
        size_t len = 0;
        TPM2_RC rc = tpm2l_exec_slot_size(c, i, &len);
        if (rc) {
            tpm2l_wcur_fail(&c->w, rc);
            return 0;
        }
        return len;
    }
    if (ah->auth.size > sizeof ah->auth.buffer) {
        build_fail(c, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), "session %zu: auth size %u too large",
                   i + 1, (unsigned)ah->auth.size);
        return 0;
    }
    return 4 + 2 + 1 + 2 + tpm2l_auth_trimmed_len(ah->auth.buffer, ah->auth.size);
}

tpm2l_wcur *tpm2l_cmd_params(tpm2l_cmd *c)
{
    if (c->params_at)
        return &c->w;
    if (c->n_handles != c->desc->n_handles)
        build_fail(c, TPM2L_RC_COMMAND(TPM2L_E_GENERAL), "%zu handles given, Part 3 has %u",
                   c->n_handles, (unsigned)c->desc->n_handles);
    for (size_t k = 0; k < 2; k++) {
        if (!c->extra[k])
            continue;
        if (c->n_slots >= TPM2L_CMD_MAX_SESSIONS) {
            build_fail(c, TPM2L_RC_SESSION(TPM2L_E_BAD_ARG),
                       "more than %d sessions (with tpm2l_ctx_next_sessions)",
                       TPM2L_CMD_MAX_SESSIONS);
            break;
        }
        tpm2l_cmd_slot *s = &c->slot[c->n_slots++];
        s->s = c->extra[k];
    }
    if (c->n_slots) {
        size_t at = tpm2l_wcur_size32_begin(&c->w);
        for (size_t i = 0; i < c->n_slots; i++) {
            tpm2l_cmd_slot *s = &c->slot[i];
            s->len = slot_size(c, i);
            s->at = c->w.off;
            for (size_t left = s->len; left;) {
                size_t n = left < sizeof zeros ? left : sizeof zeros;
                tpm2l_wcur_bytes(&c->w, zeros, n);
                left -= n;
            }
        }
        tpm2l_wcur_size32_end(&c->w, at);
    }
    c->params_at = c->w.off > HEADER_SIZE ? c->w.off : HEADER_SIZE;
    return &c->w;
}

/* Write every session into its reserved slot, now that the parameters are final:
 * HMAC and policy sessions first (they encrypt the first parameter, then hash it),
 * then passwords. */
static TPM2_RC slots_fill(tpm2l_cmd *c, size_t len)
{
    TPM2_RC rc = tpm2l_exec_sessions_fill(c, len);
    if (rc)
        return rc;
    for (size_t i = 0; i < c->n_slots; i++) {
        tpm2l_cmd_slot *s = &c->slot[i];
        const tpm2l_auth_handle *ah = s->ah;
        if (s->s)
            continue;
        size_t alen = tpm2l_auth_trimmed_len(ah->auth.buffer, ah->auth.size);
        tpm2l_wcur w;
        tpm2l_wcur_init(&w, c->ctx->cmd + s->at, s->len);
        /* A password session (Part 1, password authorizations): empty nonce, the
         * authValue in clear as the "HMAC", and no attributes, byte for byte what
         * tpm2-tools sends (captured from tpm2_pcrextend). */
        tpm2l_wcur_u32(&w, TPM2_RS_PW);
        tpm2l_wcur_u16(&w, 0);
        tpm2l_wcur_u8(&w, 0);
        tpm2l_wcur_u16(&w, (uint16_t)alen);
        tpm2l_wcur_bytes(&w, ah->auth.buffer, alen);
        size_t n;
        rc = tpm2l_wcur_finish(&w, &n);
        if (!rc && n != s->len)
            rc = TPM2L_RC_COMMAND(TPM2L_E_GENERAL);
        if (rc)
            return rc;
    }
    return TPM2_RC_SUCCESS;
}

/* One response session (TPMS_AUTH_RESPONSE) against the slot that asked for it. The
 * session layer goes here: rpHash, response HMAC (constant time), nonceTPM. */
static TPM2_RC slot_check(tpm2l_cmd *c, size_t i, const uint8_t *nonce, uint16_t nonce_len,
                          uint8_t attrs, const uint8_t *hmac, uint16_t hmac_len)
{
    if (c->slot[i].s)
        return tpm2l_exec_session_check(c, i, nonce, nonce_len, attrs, hmac, hmac_len);
    /* The TPM answers a password session with an empty nonce, an empty hmac and
     * continueSession set (the reference TPM sets it whatever was sent; accept it
     * clear too). Anything else is not an answer to a password session. */
    if (nonce_len || hmac_len || (attrs & (uint8_t)~TPMA_SESSION_CONTINUESESSION))
        return bad_response(c,
                            "password session %zu answered with a %u-byte nonce, a %u-byte "
                            "hmac and attributes 0x%02x",
                            i + 1, (unsigned)nonce_len, (unsigned)hmac_len, (unsigned)attrs);
    return TPM2_RC_SUCCESS;
}

/* ---- sending and receiving ---- */

static TPM2_RC tcti_fail(tpm2l_cmd *c, TPM2_RC rc)
{
    const char *detail = c->ctx->tcti->err;
    if (!detail[0])
        detail = tpm2l_rc_str(rc).s;
    return tpm2l_cmd_fail(c, rc, "%s", detail);
}

static TPM2_RC parse_response(tpm2l_cmd *c, uint16_t sent_tag)
{
    tpm2l_ctx *ctx = c->ctx;
    tpm2l_rcur r;

    if (ctx->rsp_len > sizeof ctx->rsp)
        return bad_response(c, "transport reported %zu bytes in a %zu-byte buffer", ctx->rsp_len,
                            sizeof ctx->rsp);
    if (ctx->rsp_len < HEADER_SIZE)
        return bad_response(c, "response of %zu bytes is shorter than its header", ctx->rsp_len);
    tpm2l_rcur_init(&r, ctx->rsp, ctx->rsp_len);
    uint16_t tag = tpm2l_rcur_u16(&r);
    uint32_t size = tpm2l_rcur_u32(&r);
    TPM2_RC code = tpm2l_rcur_u32(&r);
    if (size != ctx->rsp_len)
        return bad_response(c, "response size field says %u bytes but %zu arrived", (unsigned)size,
                            ctx->rsp_len);
    if (code) {
        /* Part 1: a failure has no sessions and no body worth reading. */
        if (tag != TPM2_ST_NO_SESSIONS && tag != sent_tag && tag != ST_RSP_COMMAND)
            return bad_response(c, "error 0x%03x came with tag 0x%04x", (unsigned)code,
                                (unsigned)tag);
        return tpm2l_cmd_fail(c, code, "%s", tpm2l_rc_str(code).s);
    }
    if (tag != sent_tag)
        return bad_response(c, "response tag 0x%04x answers a command sent with tag 0x%04x",
                            (unsigned)tag, (unsigned)sent_tag);
    for (size_t i = 0; i < c->desc->n_rsp_handles; i++)
        c->rsp_handles[i] = tpm2l_rcur_u32(&r);
    if (r.err)
        return bad_response(c, "response ends inside its handle area");

    if (!c->n_slots) {
        c->rsp_params_at = r.off;
        c->rsp_params_len = tpm2l_rcur_left(&r);
    } else {
        /* Part 1: with sessions, parameterSize separates parameters from the
         * response sessions, one per command session, in the same order. */
        uint32_t psize = tpm2l_rcur_u32(&r);
        if (r.err)
            return bad_response(c, "response ends before parameterSize");
        if (psize > tpm2l_rcur_left(&r))
            return bad_response(c, "parameterSize %u exceeds the %zu bytes left", (unsigned)psize,
                                tpm2l_rcur_left(&r));
        c->rsp_params_at = r.off;
        c->rsp_params_len = psize;
        (void)tpm2l_rcur_take(&r, psize);
        const uint8_t *nonces[TPM2L_CMD_MAX_SESSIONS];
        uint16_t nonce_lens[TPM2L_CMD_MAX_SESSIONS];
        /* Every response HMAC is checked before any session changes state or any
         * byte is decrypted (verify first). */
        for (size_t i = 0; i < c->n_slots; i++) {
            uint16_t nonce_len = tpm2l_rcur_u16(&r);
            const uint8_t *nonce = tpm2l_rcur_take(&r, nonce_len);
            uint8_t attrs = tpm2l_rcur_u8(&r);
            uint16_t hmac_len = tpm2l_rcur_u16(&r);
            const uint8_t *hmac = tpm2l_rcur_take(&r, hmac_len);
            if (r.err)
                return bad_response(c, "response session %zu is truncated", i + 1);
            TPM2_RC rc = slot_check(c, i, nonce, nonce_len, attrs, hmac, hmac_len);
            if (rc)
                return rc;
            nonces[i] = nonce;
            nonce_lens[i] = nonce_len;
        }
        if (tpm2l_rcur_left(&r))
            return bad_response(c, "%zu bytes follow the last response session",
                                tpm2l_rcur_left(&r));
        TPM2_RC rc = tpm2l_exec_sessions_commit(c, nonces, nonce_lens);
        if (rc) {
            wipe_response(c);
            return rc;
        }
    }
    tpm2l_rcur_init(&c->r, ctx->rsp + c->rsp_params_at, c->rsp_params_len);
    return TPM2_RC_SUCCESS;
}

/* TPM_RC_RETRY, TPM_RC_YIELDED and TPM_RC_TESTING (Part 2 §6.6.3) say the TPM did not
 * act on the command (or suspended it before any effect): no session state moved, so
 * the very same bytes, nonces and HMACs included, are sent again. The reference TPM
 * answers RETRY to the first DA-protected authorisation after start-up while it
 * writes its lockout state to NV; every caller would otherwise need this loop. */
#define RETRY_ATTEMPTS 8
#define TESTING_PAUSE_NS 20000000L /* self-test: give it a moment between tries */

static TPM2_RC retry_code(const tpm2l_ctx *ctx)
{
    /* A warning comes with tag NO_SESSIONS (an error response carries no sessions);
     * any other tag is a malformed response for parse_response() to refuse, not a
     * reason to send again. */
    if (ctx->rsp_len < HEADER_SIZE || ctx->rsp[0] != 0x80 || ctx->rsp[1] != 0x01)
        return 0;
    TPM2_RC rc = (TPM2_RC)ctx->rsp[6] << 24 | (TPM2_RC)ctx->rsp[7] << 16 |
                 (TPM2_RC)ctx->rsp[8] << 8 | ctx->rsp[9];
    return rc == TPM2_RC_RETRY || rc == TPM2_RC_YIELDED || rc == TPM2_RC_TESTING ? rc : 0;
}

static TPM2_RC exchange(tpm2l_cmd *c, size_t len)
{
    tpm2l_ctx *ctx = c->ctx;
    for (unsigned attempt = 1;; attempt++) {
        TPM2_RC rc = tpm2l_tcti_transmit(ctx->tcti, ctx->cmd, len);
        if (!rc)
            rc = tpm2l_tcti_receive(ctx->tcti, ctx->rsp, sizeof ctx->rsp, &ctx->rsp_len);
        if (rc)
            return rc;
        TPM2_RC again = retry_code(ctx);
        if (!again || attempt >= RETRY_ATTEMPTS)
            return TPM2_RC_SUCCESS; /* parse_response() reports a final warning as is */
        if (again == TPM2_RC_TESTING) {
            struct timespec pause = {0, TESTING_PAUSE_NS};
            nanosleep(&pause, NULL);
        }
    }
}

TPM2_RC tpm2l_cmd_run(tpm2l_cmd *c)
{
    tpm2l_ctx *ctx = c->ctx;
    size_t len;

    (void)tpm2l_cmd_params(c); /* commands without parameters never asked for the writer */
    TPM2_RC rc = tpm2l_wcur_finish(&c->w, &len);
    if (!rc)
        rc = slots_fill(c, len);
    if (rc) {
        /* Nothing is sent: the parameters (a new authValue, sealed data) may still be
         * in clear, so none of the command outlives the failure. The whole buffer: a
         * writer that failed part-way may have written beyond the offset it reports. */
        tpm2l_cleanse(ctx->cmd, sizeof ctx->cmd);
        if (!ctx->err[0])
            tpm2l_ctx_fail(ctx, rc, c->desc->name, "building the command: %s",
                           tpm2l_rc_str(rc).s);
        return rc;
    }
    uint16_t tag = c->n_slots ? TPM2_ST_SESSIONS : TPM2_ST_NO_SESSIONS;
    tpm2l_wcur h;
    tpm2l_wcur_init(&h, ctx->cmd, HEADER_SIZE);
    tpm2l_wcur_u16(&h, tag);
    tpm2l_wcur_u32(&h, (uint32_t)len);
    ctx->cmd_len = len;

    rc = exchange(c, len);
    /* Sent (or lost): the command's passwords, and any parameter a session did not
     * encrypt (HierarchyChangeAuth's newAuth, Create's sensitive data, NV_DefineSpace's
     * auth), are secrets in clear. The wire image is the transport's, not ours to keep:
     * tests that look at what was sent tap the transport. Costs one memset of len
     * bytes (bench/w1: no measurable change, see tests/integration/secrets). */
    tpm2l_cleanse(ctx->cmd, len);
    if (rc) {
        /* A transport may have filled part or all of ctx->rsp before failing, without
         * reporting a length: wipe all of it (a rare path, 4 KiB). */
        tpm2l_cleanse(ctx->rsp, sizeof ctx->rsp);
        ctx->rsp_len = 0;
        tpm2l_exec_sessions_lost(c); /* did the TPM run it? its nonceTPM is unknown */
        return tcti_fail(c, rc);
    }
    rc = parse_response(c, tag);
    /* A TPM error code leaves every session as it was (no response sessions, no new
     * nonce); a library error here means the response could not be trusted. */
    if (TPM2L_RC_IS_LIB(rc))
        tpm2l_exec_sessions_lost(c);
    return rc;
}

TPM2_RC tpm2l_cmd_end(tpm2l_cmd *c)
{
    TPM2_RC rc = tpm2l_rcur_finish(&c->r);
    if (rc)
        return tpm2l_cmd_fail(c, rc, "response parameters: %s", tpm2l_rc_str(rc).s);
    wipe_response(c);
    return TPM2_RC_SUCCESS;
}
