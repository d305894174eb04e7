/* sign_attest.c - Part 3 §18 (Certify, Quote, GetTime) and §20.2 (Sign); VerifySignature
 * is the policy engineer's (policy_sig.c).
 *
 * Must never interpret an attestation here: the wrappers hand back the bytes exactly as
 * received, because those bytes are what the signature covers. Checking them is
 * tpm2l_attest_verify's job (src/crypto/attest_verify.c), done against a key the caller
 * trusts, not against whatever this TPM says.
 */
#include <string.h>

#include "src/command/exec.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/marshal.h"

/* First parameters are TPM2Bs both ways (qualifyingData / digest; the attestation), so
 * parameter encryption applies where Part 3 allows it. */
static const tpm2l_cmd_desc certify_desc = {"Certify", TPM2_CC_Certify, 2, 0x3, 0,
                                            TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc quote_desc = {"Quote", TPM2_CC_Quote, 1, 0x1, 0,
                                          TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc gettime_desc = {"GetTime", TPM2_CC_GetTime, 2, 0x3, 0,
                                            TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
/* Sign's response starts with TPMT_SIGNATURE, not a TPM2B: no response encryption. */
static const tpm2l_cmd_desc sign_desc = {"Sign", TPM2_CC_Sign, 1, 0x1, 0, TPM2L_CMD_TPM2B};

TPM2_RC tpm2l_Certify(tpm2l_ctx *ctx, const tpm2l_Certify_in *in, tpm2l_Certify_out *out)
{
    tpm2l_cmd c;

    tpm2l_cmd_begin(ctx, &c, &certify_desc);
    tpm2l_cmd_auth_handle(&c, &in->objectHandle);
    tpm2l_cmd_auth_handle(&c, &in->signHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DATA(w, &in->qualifyingData);
    tpm2l_marshal_TPMT_SIG_SCHEME(w, &in->inScheme);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_ATTEST(&c.r, &out->certifyInfo);
    tpm2l_unmarshal_TPMT_SIGNATURE(&c.r, &out->signature);
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_Quote(tpm2l_ctx *ctx, const tpm2l_Quote_in *in, tpm2l_Quote_out *out)
{
    tpm2l_cmd c;

    tpm2l_cmd_begin(ctx, &c, &quote_desc);
    tpm2l_cmd_auth_handle(&c, &in->signHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DATA(w, &in->qualifyingData);
    tpm2l_marshal_TPMT_SIG_SCHEME(w, &in->inScheme);
    tpm2l_marshal_TPML_PCR_SELECTION(w, &in->PCRselect);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_ATTEST(&c.r, &out->quoted);
    tpm2l_unmarshal_TPMT_SIGNATURE(&c.r, &out->signature);
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_GetTime(tpm2l_ctx *ctx, const tpm2l_GetTime_in *in, tpm2l_GetTime_out *out)
{
    tpm2l_cmd c;

    tpm2l_cmd_begin(ctx, &c, &gettime_desc);
    tpm2l_cmd_auth_handle(&c, &in->privacyAdminHandle);
    tpm2l_cmd_auth_handle(&c, &in->signHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DATA(w, &in->qualifyingData);
    tpm2l_marshal_TPMT_SIG_SCHEME(w, &in->inScheme);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_ATTEST(&c.r, &out->timeInfo);
    tpm2l_unmarshal_TPMT_SIGNATURE(&c.r, &out->signature);
    return tpm2l_cmd_end(&c);
}

void tpm2l_ticket_hashcheck_null(TPMT_TK_HASHCHECK *t)
{
    memset(t, 0, sizeof *t);
    t->tag = TPM2_ST_HASHCHECK;
    t->hierarchy = TPM2_RH_NULL;
}

TPM2_RC tpm2l_Sign(tpm2l_ctx *ctx, const tpm2l_Sign_in *in, tpm2l_Sign_out *out)
{
    tpm2l_cmd c;

    tpm2l_cmd_begin(ctx, &c, &sign_desc);
    tpm2l_cmd_auth_handle(&c, &in->keyHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DIGEST(w, &in->digest);
    tpm2l_marshal_TPMT_SIG_SCHEME(w, &in->inScheme);
    tpm2l_marshal_TPMT_TK_HASHCHECK(w, &in->validation);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPMT_SIGNATURE(&c.r, &out->signature);
    return tpm2l_cmd_end(&c);
}
