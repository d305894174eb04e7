/* testing.c - Part 3 §10: TPM2_SelfTest, TPM2_GetTestResult, TPM2_TestParms.
 *
 * Must never interpret testResult: it is the TPM's code for the self-test outcome,
 * returned to the caller as data, not as this call's result.
 */
#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc selftest_desc = {"SelfTest", TPM2_CC_SelfTest, 0, 0, 0, 0};
static const tpm2l_cmd_desc gettestresult_desc = {"GetTestResult", TPM2_CC_GetTestResult,
                                                  0, 0, 0, TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc testparms_desc = {"TestParms", TPM2_CC_TestParms, 0, 0, 0, 0};

TPM2_RC tpm2l_SelfTest(tpm2l_ctx *ctx, const tpm2l_SelfTest_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &selftest_desc);
    tpm2l_wcur_u8(tpm2l_cmd_params(&c), in->fullTest);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_GetTestResult(tpm2l_ctx *ctx, tpm2l_GetTestResult_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &gettestresult_desc);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_MAX_BUFFER(&c.r, &out->outData);
    out->testResult = tpm2l_rcur_u32(&c.r);
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_TestParms(tpm2l_ctx *ctx, const tpm2l_TestParms_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &testparms_desc);
    tpm2l_marshal_TPMT_PUBLIC_PARMS(tpm2l_cmd_params(&c), &in->parameters);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}
