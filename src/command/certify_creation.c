/* certify_creation.c - Part 3 §18.3: TPM2_CertifyCreation.
 *
 * Must never interpret the attestation here: certifyInfo is handed back exactly as
 * received (the signature covers those bytes); tpm2l_attest_verify checks it against
 * a key the caller trusts.
 */
#include "src/command/exec.h"
#include "tpm2lite/keys.h"
#include "tpm2lite/marshal.h"

/* signHandle (@) comes first, then objectHandle (no authorisation: the creation ticket
 * is the proof). First parameters qualifyingData / certifyInfo are TPM2Bs. */
static const tpm2l_cmd_desc certify_creation_desc = {
    "CertifyCreation", TPM2_CC_CertifyCreation, 2, 0x1, 0, TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};

TPM2_RC tpm2l_CertifyCreation(tpm2l_ctx *ctx, const tpm2l_CertifyCreation_in *in,
                              tpm2l_CertifyCreation_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &certify_creation_desc);
    tpm2l_cmd_auth_handle(&c, &in->signHandle);
    tpm2l_cmd_handle(&c, in->objectHandle.handle, &in->objectHandle.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DATA(w, &in->qualifyingData);
    tpm2l_marshal_TPM2B_DIGEST(w, &in->creationHash);
    tpm2l_marshal_TPMT_SIG_SCHEME(w, &in->inScheme);
    tpm2l_marshal_TPMT_TK_CREATION(w, &in->creationTicket);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_ATTEST(&c.r, &out->certifyInfo);
    tpm2l_unmarshal_TPMT_SIGNATURE(&c.r, &out->signature);
    return tpm2l_cmd_end(&c);
}
