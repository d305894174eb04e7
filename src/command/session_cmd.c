/* session_cmd.c - Part 3 §11.1 StartAuthSession, and starting and flushing a
 * tpm2l_session with it (the session layer computes; this file talks to the TPM).
 *
 * Must never salt to a key whose name was not recomputed from the public area the TPM
 * returned AND compared with the name the caller pinned (an interposer answers
 * ReadPublic with its own key), and never keep a salt or a bind authValue once the
 * sessionKey is derived.
 */
#include <string.h>

#include "src/command/exec.h"
#include "src/session/session_int.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc start_desc = {"StartAuthSession", TPM2_CC_StartAuthSession, 2, 0, 1,
                                          TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};

TPM2_RC tpm2l_StartAuthSession(tpm2l_ctx *ctx, const tpm2l_StartAuthSession_in *in,
                               tpm2l_StartAuthSession_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &start_desc);
    tpm2l_cmd_handle(&c, in->tpmKey.handle, &in->tpmKey.name);
    tpm2l_cmd_handle(&c, in->bind.handle, &in->bind.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_NONCE(w, &in->nonceCaller);
    tpm2l_marshal_TPM2B_ENCRYPTED_SECRET(w, &in->encryptedSalt);
    tpm2l_wcur_u8(w, in->sessionType);
    tpm2l_marshal_TPMT_SYM_DEF(w, &in->symmetric);
    tpm2l_wcur_u16(w, in->authHash);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    out->sessionHandle = c.rsp_handles[0];
    tpm2l_unmarshal_TPM2B_NONCE(&c.r, &out->nonceTPM);
    rc = tpm2l_cmd_end(&c);
    return rc ? tpm2l_cmd_unload(ctx, out->sessionHandle, rc) : TPM2_RC_SUCCESS;
}

static TPM2_RC bad(tpm2l_ctx *ctx, const char *what, const char *why)
{
    return tpm2l_ctx_fail(ctx, TPM2L_RC_SESSION(TPM2L_E_BAD_ARG), "tpm2l_session_start",
                          "%s %s", what, why);
}

static TPM2_RC check_params(tpm2l_ctx *ctx, const tpm2l_session_params *p, size_t *nonce_size)
{
    switch (p->authHash) {
    case TPM2_ALG_SHA1:
    case TPM2_ALG_SHA256:
    case TPM2_ALG_SHA384:
    case TPM2_ALG_SHA512:
        break;
    default:
        return bad(ctx, "authHash", "must be SHA-1, SHA-256, SHA-384 or SHA-512");
    }
    if (p->sessionType != TPM2_SE_HMAC && p->sessionType != TPM2_SE_POLICY &&
        p->sessionType != TPM2_SE_TRIAL)
        return bad(ctx, "sessionType", "must be HMAC, POLICY or TRIAL");
    const TPMT_SYM_DEF *sym = &p->symmetric;
    if (sym->algorithm == TPM2_ALG_AES) {
        if ((sym->keyBits.aes != 128 && sym->keyBits.aes != 192 && sym->keyBits.aes != 256) ||
            sym->mode.aes != TPM2_ALG_CFB)
            return bad(ctx, "symmetric:", "AES needs 128, 192 or 256 bits and CFB (Part 1 §21.1)");
    } else if (sym->algorithm == TPM2_ALG_XOR) {
        if (!tpm2l_hash_size(sym->keyBits.exclusiveOr))
            return bad(ctx, "symmetric:", "XOR needs a hash in keyBits.exclusiveOr");
    } else if (sym->algorithm != TPM2_ALG_NULL) {
        return bad(ctx, "symmetric", "must be AES-CFB, XOR or NULL");
    }
    if (p->attrs & (TPMA_SESSION)~TPM2L_SESSION_ATTRS_ALLOWED)
        return bad(ctx, "attrs", "has reserved bits");
    int crypt = (p->attrs & (TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT)) != 0;
    if (crypt && sym->algorithm == TPM2_ALG_NULL)
        return bad(ctx, "attrs", "asks for parameter encryption with symmetric NULL");
    *nonce_size = p->nonce_size ? p->nonce_size : tpm2l_hash_size(p->authHash);
    if (*nonce_size < 16 || *nonce_size > TPM2_MAX_DIGEST_SIZE)
        return bad(ctx, "nonce_size", "must be 0 or 16..64");
    int salted = p->tpmKey && p->tpmKey->handle != TPM2_RH_NULL;
    if (salted && !p->tpmKey->name.size)
        return bad(ctx, "tpmKey", "needs the salt key's name: a salt is only as secret as the key "
                        "it is encrypted to");
    int bound = p->bind && p->bind->handle != TPM2_RH_NULL;
    if (bound && p->bind->auth.size > sizeof p->bind->auth.buffer)
        return bad(ctx, "bind", "auth size too large");
    int secret_bind =
        bound && tpm2l_auth_trimmed_len(p->bind->auth.buffer, p->bind->auth.size) != 0;
    if (crypt && !salted && !secret_bind)
        return bad(ctx, "attrs", "asks for parameter encryption but the session is neither salted "
                        "nor bound to a non-empty authValue: its sessionKey would be empty "
                        "(or public) and the encryption would hide nothing");
    return TPM2_RC_SUCCESS;
}

/* Read the salt key's public area under its pinned name, then make the salt. */
static TPM2_RC make_salt(tpm2l_ctx *ctx, const tpm2l_handle *key, uint8_t *salt, size_t cap,
                         size_t *salt_len, TPM2B_ENCRYPTED_SECRET *enc)
{
    tpm2l_ReadPublic_in rin;
    tpm2l_ReadPublic_out rout;

    memset(&rin, 0, sizeof rin);
    rin.objectHandle = *key; /* ReadPublic compares the name both ways */
    TPM2_RC rc = tpm2l_ReadPublic(ctx, &rin, &rout);
    if (rc)
        return rc;
    rc = tpm2l_encaps(&ctx->crypto, &rout.outPublic.publicArea, "SECRET", salt, cap, salt_len,
                      enc);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "tpm2l_session_start", "encrypting the salt to 0x%08x: %s",
                              (unsigned)key->handle, tpm2l_rc_str(rc).s);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC start(tpm2l_ctx *ctx, tpm2l_session *s, const tpm2l_session_params *p,
                     size_t nonce_size, uint8_t *salt, size_t *salt_len)
{
    tpm2l_StartAuthSession_in in;
    tpm2l_StartAuthSession_out out;
    TPM2_RC rc;

    memset(&in, 0, sizeof in);
    in.tpmKey.handle = TPM2_RH_NULL;
    in.bind.handle = TPM2_RH_NULL;
    in.sessionType = p->sessionType;
    in.symmetric = p->symmetric;
    in.authHash = p->authHash;
    s->type = p->sessionType;
    s->authHash = p->authHash;
    s->symmetric = p->symmetric;
    s->attrs = p->attrs;

    if (p->tpmKey && p->tpmKey->handle != TPM2_RH_NULL) {
        rc = make_salt(ctx, p->tpmKey, salt, TPM2_MAX_DIGEST_SIZE, salt_len, &in.encryptedSalt);
        if (rc)
            return rc;
        in.tpmKey = *p->tpmKey;
        s->salted = 1;
    }
    const TPM2B_AUTH *bind_auth = NULL;
    if (p->bind && p->bind->handle != TPM2_RH_NULL) {
        in.bind.handle = p->bind->handle;
        in.bind.name = p->bind->name;
        if (!in.bind.name.size && tpm2l_name_from_handle(in.bind.handle, &in.bind.name))
            return bad(ctx, "bind", "needs the bind entity's name");
        bind_auth = &p->bind->auth;
        s->bound = 1;
        s->bind_name = in.bind.name;
        rc = tpm2l_session_auth_digest(&ctx->crypto, p->authHash, bind_auth,
                                       &s->bind_auth_digest);
        if (rc)
            return rc;
        s->key_is_secret = tpm2l_auth_trimmed_len(bind_auth->buffer, bind_auth->size) != 0;
    }
    s->key_is_secret |= s->salted;

    in.nonceCaller.size = (uint16_t)nonce_size;
    rc = tpm2l_random(ctx, in.nonceCaller.buffer, nonce_size);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "tpm2l_session_start", "drawing nonceCaller: %s",
                              tpm2l_rc_str(rc).s);
    rc = tpm2l_StartAuthSession(ctx, &in, &out);
    if (rc)
        return rc;
    s->handle = out.sessionHandle;
    s->nonceCaller = in.nonceCaller;
    s->nonceTPM = out.nonceTPM;
    rc = tpm2l_session_derive_key(&ctx->crypto, s, bind_auth ? bind_auth->buffer : NULL,
                                  bind_auth ? bind_auth->size : 0, salt, *salt_len);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "tpm2l_session_start", "deriving the sessionKey: %s",
                              tpm2l_rc_str(rc).s);
    /* A policy (or trial) session starts with a zero digest of authHash's size. */
    s->policy_digest.size = (uint16_t)tpm2l_hash_size(p->authHash);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_session_start(tpm2l_ctx *ctx, tpm2l_session *s, const tpm2l_session_params *p)
{
    uint8_t salt[TPM2_MAX_DIGEST_SIZE];
    size_t salt_len = 0, nonce_size = 0;
    /* ReadPublic and StartAuthSession are ours: the caller's one-shot list is for
     * the caller's next command. */
    struct tpm2l_session *keep[2] = {ctx->next_sessions[0], ctx->next_sessions[1]};
    ctx->next_sessions[0] = ctx->next_sessions[1] = NULL;

    memset(s, 0, sizeof *s);
    TPM2_RC rc = check_params(ctx, p, &nonce_size);
    if (!rc)
        rc = start(ctx, s, p, nonce_size, salt, &salt_len);
    tpm2l_cleanse(salt, sizeof salt);
    if (rc) {
        if (s->handle) {
            /* Started but unusable (the key derivation failed): do not leak it. */
            tpm2l_FlushContext_in fin = {s->handle};
            char keep_err[sizeof ctx->err];
            memcpy(keep_err, ctx->err, sizeof keep_err);
            (void)tpm2l_FlushContext(ctx, &fin);
            memcpy(ctx->err, keep_err, sizeof keep_err);
        }
        tpm2l_session_wipe(s);
    }
    ctx->next_sessions[0] = keep[0];
    ctx->next_sessions[1] = keep[1];
    return rc;
}

TPM2_RC tpm2l_session_flush(tpm2l_ctx *ctx, tpm2l_session *s)
{
    TPM2_RC rc = TPM2_RC_SUCCESS;
    if (s->handle) {
        struct tpm2l_session *keep[2] = {ctx->next_sessions[0], ctx->next_sessions[1]};
        ctx->next_sessions[0] = ctx->next_sessions[1] = NULL;
        tpm2l_FlushContext_in in = {s->handle};
        rc = tpm2l_FlushContext(ctx, &in);
        ctx->next_sessions[0] = keep[0];
        ctx->next_sessions[1] = keep[1];
    }
    TPMI_SH_AUTH_SESSION handle = s->handle;
    tpm2l_session_wipe(s);
    /* A transport error: FlushContext may never have reached the TPM. Keep the handle
     * (and nothing else) so the caller can flush again rather than leak the slot
     * (found by the fault transport, tests/integration/fault). */
    if ((rc & TPM2L_LAYER_MASK) == TPM2L_LAYER_TCTI) {
        s->handle = handle;
        s->unusable = 1;
    }
    return rc;
}

void tpm2l_ctx_next_sessions(tpm2l_ctx *ctx, tpm2l_session *s_a, tpm2l_session *s_b)
{
    ctx->next_sessions[0] = s_a;
    ctx->next_sessions[1] = s_b;
}
