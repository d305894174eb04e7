/* exec_session.c - the executor's use of HMAC and policy sessions: what each slot
 * sends, and what a response must prove before anything in it is used.
 *
 * The maths is src/session/'s; this file decides which session encrypts, which
 * authValue goes into which key, and what state each session is left in. It must never
 * let a session change state from a response whose every HMAC has not verified, never
 * decrypt before verifying, and never send DECRYPT or ENCRYPT for a command whose first
 * parameter is not a TPM2B.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src/command/exec.h"
#include "src/session/session_int.h"

#define SESSION_RC(reason) TPM2L_RC_SESSION(reason)

static TPM2_RC fail(tpm2l_cmd *c, TPM2_RC rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static TPM2_RC fail(tpm2l_cmd *c, TPM2_RC rc, const char *fmt, ...)
{
    char detail[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (!c->ctx->err[0])
        tpm2l_ctx_fail(c->ctx, rc, c->desc->name, "%s", detail);
    return rc;
}

static const TPM2B_AUTH *cmd_auth(const tpm2l_cmd_slot *sl)
{
    return sl->ah ? &sl->ah->auth : NULL;
}

TPM2_RC tpm2l_exec_slot_size(tpm2l_cmd *c, size_t i, size_t *len)
{
    tpm2l_cmd_slot *sl = &c->slot[i];
    tpm2l_session *s = sl->s;

    for (size_t k = 0; k < i; k++)
        if (c->slot[k].s == s)
            return fail(c, SESSION_RC(TPM2L_E_BAD_ARG), "session %zu is also session %zu", i + 1,
                        k + 1);
    if (!s->handle)
        return fail(c, SESSION_RC(TPM2L_E_BAD_SEQUENCE),
                    "session %zu is not started (or was flushed, or ended by the TPM)", i + 1);
    if (s->unusable)
        return fail(c, SESSION_RC(TPM2L_E_BAD_SEQUENCE),
                    "session %zu (0x%08x) lost its nonces to an earlier failure: flush it",
                    i + 1, (unsigned)s->handle);
    if (s->type == TPM2_SE_TRIAL)
        return fail(c, SESSION_RC(TPM2L_E_BAD_ARG),
                    "session %zu is a trial session: it only computes a policy digest", i + 1);
    if (s->attrs & (TPMA_SESSION)~TPM2L_SESSION_ATTRS_ALLOWED)
        return fail(c, SESSION_RC(TPM2L_E_BAD_ARG), "session %zu: reserved attributes 0x%02x",
                    i + 1, (unsigned)s->attrs);
    size_t hlen = tpm2l_hash_size(s->authHash);
    if (!hlen || s->nonceCaller.size < 16 || s->nonceCaller.size > sizeof s->nonceCaller.buffer)
        return fail(c, SESSION_RC(TPM2L_E_BAD_ARG), "session %zu has no valid authHash or nonce",
                    i + 1);

    TPMA_SESSION a = s->attrs;
    /* Part 3 marks which commands can: only a TPM2B first parameter is encrypted. */
    if (!(c->desc->flags & TPM2L_CMD_TPM2B))
        a &= (TPMA_SESSION)~TPMA_SESSION_DECRYPT;
    if (!(c->desc->flags & TPM2L_RSP_TPM2B))
        a &= (TPMA_SESSION)~TPMA_SESSION_ENCRYPT;
    if (a & (TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT)) {
        if (s->symmetric.algorithm != TPM2_ALG_AES && s->symmetric.algorithm != TPM2_ALG_XOR)
            return fail(c, SESSION_RC(TPM2L_E_BAD_ARG),
                        "session %zu asks for parameter encryption but has no symmetric "
                        "algorithm", i + 1);
        if (!s->key_is_secret)
            return fail(c, SESSION_RC(TPM2L_E_BAD_ARG),
                        "session %zu asks for parameter encryption but is neither salted nor "
                        "bound to a secret: its sessionKey is empty or public, so the "
                        "encryption would hide nothing", i + 1);
    }
    if (a & TPMA_SESSION_DECRYPT) {
        if (c->dec_slot >= 0)
            return fail(c, SESSION_RC(TPM2L_E_BAD_ARG), "sessions %d and %zu both decrypt",
                        c->dec_slot + 1, i + 1);
        c->dec_slot = (int)i;
    }
    if (a & TPMA_SESSION_ENCRYPT) {
        if (c->enc_slot >= 0)
            return fail(c, SESSION_RC(TPM2L_E_BAD_ARG), "sessions %d and %zu both encrypt",
                        c->enc_slot + 1, i + 1);
        c->enc_slot = (int)i;
    }
    sl->attrs = a;
    size_t hmac_len = tpm2l_session_hmac_len(s, cmd_auth(sl));
    *len = 4 + 2 + s->nonceCaller.size + 1 + 2 + hmac_len;
    return TPM2_RC_SUCCESS;
}

/* The names cpHash needs: the caller's, or the handle itself for handles that are
 * their own name (hierarchies, PCRs, sessions) when the caller left it empty. */
static TPM2_RC gather_names(tpm2l_cmd *c, TPM2B_NAME own[TPM2L_CMD_MAX_HANDLES],
                            const TPM2B_NAME *names[TPM2L_CMD_MAX_HANDLES])
{
    for (size_t h = 0; h < c->n_handles; h++) {
        names[h] = c->names[h];
        if (names[h] && names[h]->size)
            continue;
        if (tpm2l_name_from_handle(c->handles[h], &own[h]))
            return fail(c, SESSION_RC(TPM2L_E_BAD_ARG),
                        "handle %zu (0x%08x) needs its name for the HMAC: give it (ReadPublic, "
                        "NV_ReadPublic or the name you stored)", h + 1, (unsigned)c->handles[h]);
        names[h] = &own[h];
    }
    return TPM2_RC_SUCCESS;
}

/* The TPM2B at the start of buf (len bytes): its data, never its size field. */
static TPM2_RC first_tpm2b(tpm2l_cmd *c, uint8_t *buf, size_t len, uint8_t **data, size_t *n,
                           const char *dir)
{
    if (len < 2)
        return fail(c, SESSION_RC(TPM2L_E_BAD_VALUE), "no %s parameter to encrypt", dir);
    size_t size = (size_t)buf[0] << 8 | buf[1];
    if (size > len - 2)
        return fail(c, SESSION_RC(TPM2L_E_BAD_VALUE),
                    "the first %s parameter says %zu bytes but %zu follow", dir, size, len - 2);
    *data = buf + 2;
    *n = size;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_exec_sessions_fill(tpm2l_cmd *c, size_t len)
{
    tpm2l_ctx *ctx = c->ctx;
    TPM2B_NAME own[TPM2L_CMD_MAX_HANDLES];
    const TPM2B_NAME *names[TPM2L_CMD_MAX_HANDLES] = {0};
    uint8_t *params = ctx->cmd + c->params_at;
    size_t params_len = len - c->params_at;
    size_t n_sessions = 0;
    TPM2_RC rc;

    for (size_t i = 0; i < c->n_slots; i++)
        n_sessions += c->slot[i].s != NULL;
    if (!n_sessions)
        return TPM2_RC_SUCCESS;
    rc = gather_names(c, own, names);
    if (rc)
        return rc;

    /* A new nonceCaller for every session and every command (Part 1 §19.6.3). */
    for (size_t i = 0; i < c->n_slots; i++) {
        tpm2l_session *s = c->slot[i].s;
        if (s && (rc = tpm2l_random(ctx, s->nonceCaller.buffer, s->nonceCaller.size)) != 0)
            return fail(c, rc, "drawing nonceCaller: %s", tpm2l_rc_str(rc).s);
    }

    /* Order out: encrypt, then cpHash over the parameters as sent, then HMAC. */
    if (c->dec_slot >= 0) {
        tpm2l_cmd_slot *sl = &c->slot[c->dec_slot];
        uint8_t *data = NULL;
        size_t n = 0;
        rc = first_tpm2b(c, params, params_len, &data, &n, "command");
        if (!rc)
            rc = tpm2l_session_param_crypt(&ctx->crypto, sl->s, cmd_auth(sl), 1, data, n);
        if (rc)
            return fail(c, rc, "encrypting the first parameter: %s", tpm2l_rc_str(rc).s);
    }

    for (size_t i = 0; i < c->n_slots; i++) {
        tpm2l_cmd_slot *sl = &c->slot[i];
        tpm2l_session *s = sl->s;
        if (!s)
            continue;
        int inc = 0;
        /* A PolicyPassword slot sends the authValue in clear: its cpHash would only feed
         * an audit digest, and each hash costs OpenSSL 3.0 an allocation (bench/). */
        int pw = s->type == TPM2_SE_POLICY && s->policy_password && sl->ah;
        sl->cp_hash.size = 0;
        rc = TPM2_RC_SUCCESS;
        if (!pw || (sl->attrs & TPMA_SESSION_AUDIT))
            rc = tpm2l_cp_hash(&ctx->crypto, s->authHash, c->desc->cc, names, c->n_handles,
                               params, params_len, &sl->cp_hash);
        if (!rc)
            rc = tpm2l_session_includes_auth(&ctx->crypto, s,
                                             sl->ah ? names[sl->handle_index] : NULL,
                                             cmd_auth(sl), &inc);
        if (rc)
            return fail(c, rc, "session %zu: %s", i + 1, tpm2l_rc_str(rc).s);
        sl->include_auth = (uint8_t)inc;

        TPM2B_DIGEST hmac;
        if (pw && sl->ah) {
            /* PolicyPassword: the authValue itself in the hmac field (Part 3 §23.18). */
            const TPM2B_AUTH *a = &sl->ah->auth;
            hmac.size = (uint16_t)tpm2l_auth_trimmed_len(a->buffer, a->size);
            memcpy(hmac.buffer, a->buffer, hmac.size);
        } else {
            /* Session 0 alone also covers the nonceTPM of a decrypt and an encrypt
             * session that are not itself (Part 1 §19.6.5), so an interposer cannot
             * strip their attributes unnoticed. */
            const TPM2B_NONCE *nd = NULL, *ne = NULL;
            if (i == 0 && c->dec_slot > 0)
                nd = &c->slot[c->dec_slot].s->nonceTPM;
            if (i == 0 && c->enc_slot > 0 && c->enc_slot != c->dec_slot)
                ne = &c->slot[c->enc_slot].s->nonceTPM;
            rc = tpm2l_session_cmd_hmac(&ctx->crypto, s, inc ? cmd_auth(sl) : NULL,
                                        &sl->cp_hash, nd, ne, sl->attrs, &hmac);
            if (rc)
                return fail(c, rc, "session %zu HMAC: %s", i + 1, tpm2l_rc_str(rc).s);
        }
        tpm2l_wcur w;
        tpm2l_wcur_init(&w, ctx->cmd + sl->at, sl->len);
        tpm2l_wcur_u32(&w, s->handle);
        tpm2l_wcur_u16(&w, s->nonceCaller.size);
        tpm2l_wcur_bytes(&w, s->nonceCaller.buffer, s->nonceCaller.size);
        tpm2l_wcur_u8(&w, sl->attrs);
        tpm2l_wcur_u16(&w, hmac.size);
        tpm2l_wcur_bytes(&w, hmac.buffer, hmac.size);
        tpm2l_cleanse(&hmac, sizeof hmac);
        size_t n;
        rc = tpm2l_wcur_finish(&w, &n);
        if (!rc && n != sl->len)
            rc = TPM2L_RC_COMMAND(TPM2L_E_GENERAL);
        if (rc)
            return fail(c, rc, "session %zu does not fit its slot", i + 1);
    }
    return TPM2_RC_SUCCESS;
}

static TPM2_RC rsp_auth_fail(tpm2l_cmd *c, size_t i, const char *why)
{
    return tpm2l_cmd_fail(c, SESSION_RC(TPM2L_E_RESPONSE_AUTH),
                          "response session %zu (0x%08x): %s; nothing in the response was "
                          "used and the session must be flushed", i + 1,
                          (unsigned)c->slot[i].s->handle, why);
}

TPM2_RC tpm2l_exec_session_check(tpm2l_cmd *c, size_t i, const uint8_t *nonce,
                                 uint16_t nonce_len, uint8_t attrs, const uint8_t *hmac,
                                 uint16_t hmac_len)
{
    tpm2l_ctx *ctx = c->ctx;
    tpm2l_cmd_slot *sl = &c->slot[i];
    tpm2l_session *s = sl->s;
    TPM2B_DIGEST rp, want;

    if (nonce_len < 16 || nonce_len > sizeof s->nonceTPM.buffer)
        return rsp_auth_fail(c, i, "nonceTPM has an impossible size");
    if (s->type == TPM2_SE_POLICY && s->policy_password && sl->ah) {
        /* The TPM answers PolicyPassword with an empty hmac: nothing to verify, and
         * so nothing in such a response is authenticated. */
        if (hmac_len)
            return rsp_auth_fail(c, i, "a PolicyPassword session answered with an hmac");
        return TPM2_RC_SUCCESS;
    }
    TPM2_RC rc = tpm2l_rp_hash(&ctx->crypto, s->authHash, c->desc->cc,
                               ctx->rsp + c->rsp_params_at, c->rsp_params_len, &rp);
    if (!rc)
        rc = tpm2l_session_rsp_hmac(&ctx->crypto, s, sl->include_auth ? sl->rsp_auth : NULL, &rp,
                                    nonce, nonce_len, attrs, &want);
    if (rc)
        return tpm2l_cmd_fail(c, rc, "response session %zu: %s", i + 1, tpm2l_rc_str(rc).s);
    int ok = hmac_len == want.size && tpm2l_ct_equal(hmac, want.buffer, want.size);
    tpm2l_cleanse(&want, sizeof want);
    if (!ok)
        return rsp_auth_fail(c, i, "the response HMAC does not verify");
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_exec_sessions_commit(tpm2l_cmd *c, const uint8_t *const *nonces,
                                   const uint16_t *nonce_lens)
{
    tpm2l_ctx *ctx = c->ctx;
    TPM2_RC rc = TPM2_RC_SUCCESS;

    for (size_t i = 0; i < c->n_slots; i++) {
        tpm2l_session *s = c->slot[i].s;
        if (!s)
            continue;
        memcpy(s->nonceTPM.buffer, nonces[i], nonce_lens[i]);
        s->nonceTPM.size = nonce_lens[i];
    }
    /* Audit first: its rpHash is over the response parameters as received, before
     * decryption rewrites them in place. */
    for (size_t i = 0; i < c->n_slots && !rc; i++) {
        tpm2l_cmd_slot *sl = &c->slot[i];
        tpm2l_session *s = sl->s;
        if (!s || !(sl->attrs & TPMA_SESSION_AUDIT))
            continue;
        TPM2B_DIGEST rp;
        rc = tpm2l_rp_hash(&ctx->crypto, s->authHash, c->desc->cc, ctx->rsp + c->rsp_params_at,
                           c->rsp_params_len, &rp);
        if (!rc)
            rc = tpm2l_session_audit_extend(&ctx->crypto, s,
                                            (sl->attrs & TPMA_SESSION_AUDITRESET) != 0,
                                            &sl->cp_hash, &rp);
        if (rc)
            rc = fail(c, rc, "session %zu audit digest: %s", i + 1, tpm2l_rc_str(rc).s);
        s->attrs &= (TPMA_SESSION)~TPMA_SESSION_AUDITRESET;
    }
    /* Order back: verified (all of them), nonces rolled, then decrypt. */
    if (!rc && c->enc_slot >= 0) {
        tpm2l_cmd_slot *sl = &c->slot[c->enc_slot];
        uint8_t *data = NULL;
        size_t n = 0;
        rc = first_tpm2b(c, ctx->rsp + c->rsp_params_at, c->rsp_params_len, &data, &n,
                         "response");
        if (!rc)
            rc = tpm2l_session_param_crypt(&ctx->crypto, sl->s, sl->ah ? sl->rsp_auth : NULL, 0,
                                           data, n);
        if (rc)
            rc = fail(c, rc, "decrypting the first response parameter: %s",
                      tpm2l_rc_str(rc).s);
    }
    for (size_t i = 0; i < c->n_slots; i++) {
        tpm2l_session *s = c->slot[i].s;
        /* Without continueSession the TPM flushes the session once the command
         * succeeds (Part 2 TPMA_SESSION.continueSession): forget it too. */
        if (s && !(c->slot[i].attrs & TPMA_SESSION_CONTINUESESSION))
            tpm2l_session_wipe(s);
    }
    return rc;
}

void tpm2l_exec_sessions_lost(tpm2l_cmd *c)
{
    for (size_t i = 0; i < c->n_slots; i++)
        if (c->slot[i].s && c->slot[i].s->handle)
            c->slot[i].s->unusable = 1;
}
