/* context.c - the caller-allocated command context and handle helpers.
 *
 * Must never close the caller's transport (it only borrows it) and must leave no
 * command or response bytes behind when closed.
 */
#include <string.h>

#include "tpm2lite/command.h"

TPM2_RC tpm2l_ctx_init(tpm2l_ctx *ctx, tpm2l_tcti *tcti)
{
    if (!ctx)
        return TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG);
    memset(ctx, 0, sizeof *ctx);
    tpm2l_crypto_init(&ctx->crypto);
    if (!tcti) {
        strcpy(ctx->err, "tpm2l_ctx_init: no transport");
        return TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG);
    }
    ctx->tcti = tcti;
    return TPM2_RC_SUCCESS;
}

void tpm2l_ctx_close(tpm2l_ctx *ctx)
{
    if (!ctx)
        return;
    tpm2l_cleanse(ctx->cmd, sizeof ctx->cmd);
    tpm2l_cleanse(ctx->rsp, sizeof ctx->rsp);
    tpm2l_crypto_release(&ctx->crypto);
    ctx->tcti = NULL;
    ctx->cmd_len = ctx->rsp_len = 0;
}

const char *tpm2l_ctx_error(const tpm2l_ctx *ctx)
{
    return ctx ? ctx->err : "";
}

void tpm2l_ctx_set_rng(tpm2l_ctx *ctx, tpm2l_rng_fn fn, void *arg)
{
    ctx->crypto.rng = fn;
    ctx->crypto.rng_arg = fn ? arg : NULL;
}

TPM2_RC tpm2l_random(tpm2l_ctx *ctx, uint8_t *out, size_t n)
{
    return tpm2l_crypto_random(ctx ? &ctx->crypto : NULL, out, n);
}

void tpm2l_handle_set(tpm2l_handle *h, TPM2_HANDLE handle)
{
    h->handle = handle;
    /* Objects and NV indices keep an empty name: it has to come from their public. */
    if (tpm2l_name_from_handle(handle, &h->name))
        memset(&h->name, 0, sizeof h->name);
}

TPM2_RC tpm2l_auth_handle_set(tpm2l_auth_handle *ah, TPM2_HANDLE handle, const void *auth,
                              size_t len)
{
    memset(ah, 0, sizeof *ah);
    if (len > sizeof ah->auth.buffer || (len && !auth))
        return TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG);
    ah->handle = handle;
    if (tpm2l_name_from_handle(handle, &ah->name))
        memset(&ah->name, 0, sizeof ah->name);
    if (len)
        memcpy(ah->auth.buffer, auth, len);
    ah->auth.size = (uint16_t)len;
    return TPM2_RC_SUCCESS;
}
