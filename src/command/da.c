/* da.c - Part 3 §25: DictionaryAttackLockReset and DictionaryAttackParameters.
 *
 * Must never retry a failed lockout authorisation: one wrong lockout authValue locks
 * TPM2_RH_LOCKOUT for lockoutRecovery seconds (Part 1 §19.8.6).
 */
#include "src/command/exec.h"
#include "tpm2lite/credential.h"

static const tpm2l_cmd_desc lockreset_desc = {"DictionaryAttackLockReset",
                                              TPM2_CC_DictionaryAttackLockReset, 1, 0x1, 0, 0};
static const tpm2l_cmd_desc parameters_desc = {"DictionaryAttackParameters",
                                               TPM2_CC_DictionaryAttackParameters, 1, 0x1, 0, 0};

TPM2_RC tpm2l_DictionaryAttackLockReset(tpm2l_ctx *ctx,
                                        const tpm2l_DictionaryAttackLockReset_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &lockreset_desc);
    tpm2l_cmd_auth_handle(&c, &in->lockHandle);
    tpm2l_cmd_params(&c);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_DictionaryAttackParameters(tpm2l_ctx *ctx,
                                         const tpm2l_DictionaryAttackParameters_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &parameters_desc);
    tpm2l_cmd_auth_handle(&c, &in->lockHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_wcur_u32(w, in->newMaxTries);
    tpm2l_wcur_u32(w, in->newRecoveryTime);
    tpm2l_wcur_u32(w, in->lockoutRecovery);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}
