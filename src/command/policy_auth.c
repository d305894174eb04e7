/* policy_auth.c - Part 3 §23 policy commands that bring in another entity: PolicySecret
 * (an authValue), PolicySigned (a signature), PolicyNV (an NV index's contents),
 * PolicyAuthorize (a signed approval) and PolicyAuthorizeNV (a policy kept in NV).
 *
 * The other entity's name goes into the digest, so each wrapper requires it up front:
 * must never send one of these commands for a tracked session with a name it does not
 * have, and never move the software digest unless the TPM said success.
 */
#include "src/command/policy_int.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc secret_desc = {"PolicySecret", TPM2_CC_PolicySecret, 2, 0x1, 0,
                                           TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc signed_desc = {"PolicySigned", TPM2_CC_PolicySigned, 2, 0, 0,
                                           TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc nv_desc = {"PolicyNV", TPM2_CC_PolicyNV, 3, 0x1, 0,
                                       TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc authorize_desc = {"PolicyAuthorize", TPM2_CC_PolicyAuthorize, 1,
                                              0, 0, TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc authorizenv_desc = {"PolicyAuthorizeNV", TPM2_CC_PolicyAuthorizeNV,
                                                3, 0x1, 0, 0};

static TPM2_RC need_name(tpm2l_ctx *ctx, const char *what, const char *field,
                         const TPM2B_NAME *name)
{
    if (name->size && name->size <= sizeof name->name)
        return TPM2_RC_SUCCESS;
    return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), what,
                          "%s has no name, and the policy digest includes it", field);
}

/* The parameters PolicySecret and PolicySigned share, in Part 3 order. */
static void put_ticket_request(tpm2l_wcur *w, const TPM2B_NONCE *nonceTPM,
                               const TPM2B_DIGEST *cpHashA, const TPM2B_NONCE *policyRef,
                               int32_t expiration)
{
    tpm2l_marshal_TPM2B_NONCE(w, nonceTPM);
    tpm2l_marshal_TPM2B_DIGEST(w, cpHashA);
    tpm2l_marshal_TPM2B_NONCE(w, policyRef);
    tpm2l_wcur_u32(w, (uint32_t)expiration);
}

TPM2_RC tpm2l_PolicySecret(tpm2l_ctx *ctx, const tpm2l_PolicySecret_in *in,
                           tpm2l_PolicySecret_out *out)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, secret_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = need_name(ctx, secret_desc.name, "authHandle", &in->authHandle.name);
        if (rc)
            return rc;
        rc = tpm2l_policy_secret(&t.next, &in->authHandle.name, &in->policyRef);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, secret_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &secret_desc);
    tpm2l_cmd_auth_handle(&c, &in->authHandle);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    put_ticket_request(tpm2l_cmd_params(&c), &in->nonceTPM, &in->cpHashA, &in->policyRef,
                       in->expiration);
    rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_TIMEOUT(&c.r, &out->timeout);
    tpm2l_unmarshal_TPMT_TK_AUTH(&c.r, &out->policyTicket);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicySigned(tpm2l_ctx *ctx, const tpm2l_PolicySigned_in *in,
                           tpm2l_PolicySigned_out *out)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, signed_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = need_name(ctx, signed_desc.name, "authObject", &in->authObject.name);
        if (rc)
            return rc;
        rc = tpm2l_policy_signed(&t.next, &in->authObject.name, &in->policyRef);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, signed_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &signed_desc);
    tpm2l_cmd_handle(&c, in->authObject.handle, &in->authObject.name);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    put_ticket_request(w, &in->nonceTPM, &in->cpHashA, &in->policyRef, in->expiration);
    tpm2l_marshal_TPMT_SIGNATURE(w, &in->auth);
    rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_TIMEOUT(&c.r, &out->timeout);
    tpm2l_unmarshal_TPMT_TK_AUTH(&c.r, &out->policyTicket);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyNV(tpm2l_ctx *ctx, const tpm2l_PolicyNV_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, nv_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = need_name(ctx, nv_desc.name, "nvIndex", &in->nvIndex.name);
        if (rc)
            return rc;
        rc = tpm2l_policy_nv(&t.next, &in->operandB, in->offset, in->operation,
                             &in->nvIndex.name);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, nv_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &nv_desc);
    tpm2l_cmd_auth_handle(&c, &in->authHandle);
    tpm2l_cmd_handle(&c, in->nvIndex.handle, &in->nvIndex.name);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_OPERAND(w, &in->operandB);
    tpm2l_wcur_u16(w, in->offset);
    tpm2l_wcur_u16(w, in->operation);
    rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyAuthorize(tpm2l_ctx *ctx, const tpm2l_PolicyAuthorize_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, authorize_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = tpm2l_policy_authorize(&t.next, &in->policyRef, &in->keySign);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, authorize_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &authorize_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DIGEST(w, &in->approvedPolicy);
    tpm2l_marshal_TPM2B_NONCE(w, &in->policyRef);
    tpm2l_marshal_TPM2B_NAME(w, &in->keySign);
    tpm2l_marshal_TPMT_TK_VERIFIED(w, &in->checkTicket);
    rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyAuthorizeNV(tpm2l_ctx *ctx, const tpm2l_PolicyAuthorizeNV_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, authorizenv_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = need_name(ctx, authorizenv_desc.name, "nvIndex", &in->nvIndex.name);
        if (rc)
            return rc;
        rc = tpm2l_policy_authorize_nv(&t.next, &in->nvIndex.name);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, authorizenv_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &authorizenv_desc);
    tpm2l_cmd_auth_handle(&c, &in->authHandle);
    tpm2l_cmd_handle(&c, in->nvIndex.handle, &in->nvIndex.name);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}
