/* hierarchy_policy.c - Part 3 §24.3 TPM2_SetPrimaryPolicy: give a hierarchy (owner,
 * endorsement, platform, lockout) an authPolicy so a policy session can authorise it.
 *
 * Must never send a policy whose size does not match hashAlg: the TPM would refuse
 * it anyway (TPM_RC_SIZE), but the caller learns more from a library error.
 */
#include "src/command/exec.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc setprimarypolicy_desc = {"SetPrimaryPolicy",
                                                     TPM2_CC_SetPrimaryPolicy, 1, 0x1, 0,
                                                     TPM2L_CMD_TPM2B};

TPM2_RC tpm2l_SetPrimaryPolicy(tpm2l_ctx *ctx, const tpm2l_SetPrimaryPolicy_in *in)
{
    /* §24.3: an empty policy goes with TPM2_ALG_NULL (no policy), otherwise the
     * digest is exactly hashAlg's size. */
    size_t want = in->hashAlg == TPM2_ALG_NULL ? 0 : tpm2l_hash_size(in->hashAlg);
    if ((in->hashAlg != TPM2_ALG_NULL && want == 0) || in->authPolicy.size != want)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), "SetPrimaryPolicy",
                              "authPolicy has %u bytes, hashAlg 0x%04x wants %zu",
                              (unsigned)in->authPolicy.size, (unsigned)in->hashAlg, want);
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &setprimarypolicy_desc);
    tpm2l_cmd_auth_handle(&c, &in->authHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DIGEST(w, &in->authPolicy);
    tpm2l_wcur_u16(w, in->hashAlg);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}
