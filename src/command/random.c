/* random.c - Part 3 §16: TPM2_GetRandom and TPM2_StirRandom.
 *
 * Must never pad or trim what the TPM returns: a TPM gives at most one digest's worth
 * per call, and the caller sees exactly what came back.
 */
#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc getrandom_desc = {"GetRandom", TPM2_CC_GetRandom, 0, 0, 0,
                                              TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc stirrandom_desc = {"StirRandom", TPM2_CC_StirRandom, 0, 0, 0,
                                               TPM2L_CMD_TPM2B};

TPM2_RC tpm2l_GetRandom(tpm2l_ctx *ctx, const tpm2l_GetRandom_in *in, tpm2l_GetRandom_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &getrandom_desc);
    tpm2l_wcur_u16(tpm2l_cmd_params(&c), in->bytesRequested);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_DIGEST(&c.r, &out->randomBytes);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    /* Part 3 §16.1: never more than asked for. More means a broken or hostile TPM. */
    if (out->randomBytes.size > in->bytesRequested)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), "GetRandom",
                              "%u bytes returned for %u requested",
                              (unsigned)out->randomBytes.size, (unsigned)in->bytesRequested);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_StirRandom(tpm2l_ctx *ctx, const tpm2l_StirRandom_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &stirrandom_desc);
    tpm2l_marshal_TPM2B_SENSITIVE_DATA(tpm2l_cmd_params(&c), &in->inData);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}
