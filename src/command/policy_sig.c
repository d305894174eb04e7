/* policy_sig.c - Part 3 §12.3 TPM2_LoadExternal and §20.1 TPM2_VerifySignature: what a
 * caller needs to bring an outside authority's key into PolicySigned and
 * PolicyAuthorize.
 *
 * Must never hand back a loaded key's name that was not recomputed from the public
 * area the caller gave: that name is what the policy digests bind to.
 */
#include "src/command/exec.h"
#include "tpm2lite/marshal.h"
#include "tpm2lite/policy.h"

static const tpm2l_cmd_desc loadexternal_desc = {"LoadExternal", TPM2_CC_LoadExternal, 0, 0, 1,
                                                 TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc verifysignature_desc = {"VerifySignature",
                                                    TPM2_CC_VerifySignature, 1, 0, 0,
                                                    TPM2L_CMD_TPM2B};

TPM2_RC tpm2l_LoadExternal(tpm2l_ctx *ctx, const tpm2l_LoadExternal_in *in,
                           tpm2l_LoadExternal_out *out)
{
    tpm2l_cmd c;
    TPM2B_NAME computed;

    TPM2_RC rc = tpm2l_name_from_public(&in->inPublic.publicArea, &computed);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, loadexternal_desc.name,
                              "computing the name of inPublic: %s", tpm2l_rc_str(rc).s);
    tpm2l_cmd_begin(ctx, &c, &loadexternal_desc);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    /* Part 3 §12.3: an absent inPrivate is a zero size, not an empty structure. */
    if (in->inPrivate.size)
        tpm2l_marshal_TPM2B_SENSITIVE(w, &in->inPrivate);
    else
        tpm2l_wcur_u16(w, 0);
    tpm2l_marshal_TPM2B_PUBLIC(w, &in->inPublic);
    tpm2l_wcur_u32(w, in->hierarchy);
    rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    out->objectHandle.handle = c.rsp_handles[0];
    tpm2l_unmarshal_TPM2B_NAME(&c.r, &out->name);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    if (!tpm2l_name_equal(&computed, &out->name))
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NAME_MISMATCH),
                              loadexternal_desc.name,
                              "the name returned for 0x%08x is not the name of inPublic",
                              (unsigned)out->objectHandle.handle);
    out->objectHandle.name = out->name;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_VerifySignature(tpm2l_ctx *ctx, const tpm2l_VerifySignature_in *in,
                              tpm2l_VerifySignature_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &verifysignature_desc);
    tpm2l_cmd_handle(&c, in->keyHandle.handle, &in->keyHandle.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DIGEST(w, &in->digest);
    tpm2l_marshal_TPMT_SIGNATURE(w, &in->signature);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPMT_TK_VERIFIED(&c.r, &out->validation);
    return tpm2l_cmd_end(&c);
}
