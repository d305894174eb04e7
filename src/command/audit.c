/* audit.c - Part 3 §18.5: TPM2_GetSessionAuditDigest.
 *
 * Must never hand back a parsed audit structure that is not a TPM-generated session
 * audit (magic TPM2_GENERATED_VALUE, type TPM2_ST_ATTEST_SESSION_AUDIT), and must keep
 * auditInfo's bytes as received: they are what the signature covers.
 */
#include <string.h>

#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

/* qualifyingData is a TPM2B, and so is auditInfo: both directions can be encrypted. */
static const tpm2l_cmd_desc audit_desc = {"GetSessionAuditDigest", TPM2_CC_GetSessionAuditDigest,
                                          3, 0x3, 0, TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};

TPM2_RC tpm2l_GetSessionAuditDigest(tpm2l_ctx *ctx, const tpm2l_GetSessionAuditDigest_in *in,
                                    tpm2l_GetSessionAuditDigest_out *out)
{
    tpm2l_cmd c;
    TPM2B_NAME session_name;
    tpm2l_rcur r;

    /* A session is named by its handle; anything else here is the caller's mistake. */
    TPM2_RC rc = tpm2l_name_from_handle(in->sessionHandle, &session_name);
    if (rc || (in->sessionHandle >> 24) != TPM2_HT_HMAC_SESSION)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), "GetSessionAuditDigest",
                              "0x%08x is not an HMAC session handle",
                              (unsigned)in->sessionHandle);
    tpm2l_cmd_begin(ctx, &c, &audit_desc);
    tpm2l_cmd_auth_handle(&c, &in->privacyAdminHandle);
    tpm2l_cmd_auth_handle(&c, &in->signHandle);
    tpm2l_cmd_handle(&c, in->sessionHandle, &session_name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DATA(w, &in->qualifyingData);
    tpm2l_marshal_TPMT_SIG_SCHEME(w, &in->inScheme);
    rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_ATTEST(&c.r, &out->auditInfo);
    tpm2l_unmarshal_TPMT_SIGNATURE(&c.r, &out->signature);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    tpm2l_rcur_init(&r, out->auditInfo.attestationData, out->auditInfo.size);
    tpm2l_unmarshal_TPMS_ATTEST(&r, &out->attest);
    rc = tpm2l_rcur_finish(&r);
    if (rc)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE),
                              "GetSessionAuditDigest", "auditInfo does not parse: %s",
                              tpm2l_rc_str(rc).s);
    if (out->attest.magic != TPM2_GENERATED_VALUE ||
        out->attest.type != TPM2_ST_ATTEST_SESSION_AUDIT)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE),
                              "GetSessionAuditDigest",
                              "auditInfo is not a session audit (magic 0x%08x, type 0x%04x)",
                              (unsigned)out->attest.magic, (unsigned)out->attest.type);
    return TPM2_RC_SUCCESS;
}
