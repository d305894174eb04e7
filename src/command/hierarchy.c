/* hierarchy.c - Part 3 §24: TPM2_CreatePrimary, TPM2_Clear, TPM2_ClearControl,
 * TPM2_HierarchyChangeAuth.
 *
 * Must never hand back a primary key whose name was not recomputed from outPublic, or
 * whose public area is not the template that was asked for (only unique may differ).
 */
#include <string.h>

#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc createprimary_desc = {"CreatePrimary", TPM2_CC_CreatePrimary, 1,
                                                  0x1, 1, TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc clear_desc = {"Clear", TPM2_CC_Clear, 1, 0x1, 0, 0};
static const tpm2l_cmd_desc clearcontrol_desc = {"ClearControl", TPM2_CC_ClearControl, 1, 0x1,
                                                 0, 0};
static const tpm2l_cmd_desc changeauth_desc = {"HierarchyChangeAuth",
                                               TPM2_CC_HierarchyChangeAuth, 1, 0x1, 0,
                                               TPM2L_CMD_TPM2B};

/* The marshalled public area without unique (its last field): what CreatePrimary
 * must return exactly as the template gave it (Part 3 §24.1). */
static TPM2_RC public_sans_unique(const TPMT_PUBLIC *p, uint8_t *buf, size_t cap, size_t *len)
{
    tpm2l_wcur w;
    tpm2l_wcur_init(&w, buf, cap);
    tpm2l_wcur_u16(&w, p->type);
    tpm2l_wcur_u16(&w, p->nameAlg);
    tpm2l_wcur_u32(&w, p->objectAttributes);
    tpm2l_marshal_TPM2B_DIGEST(&w, &p->authPolicy);
    tpm2l_marshal_TPMU_PUBLIC_PARMS(&w, p->type, &p->parameters);
    return tpm2l_wcur_finish(&w, len);
}

static TPM2_RC check_primary(tpm2l_ctx *ctx, const tpm2l_CreatePrimary_in *in,
                             const tpm2l_CreatePrimary_out *out)
{
    uint8_t a[512], b[512];
    size_t na, nb;
    TPM2B_NAME computed;

    TPM2_RC rc = tpm2l_name_from_public(&out->outPublic.publicArea, &computed);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "CreatePrimary", "computing the name of outPublic: %s",
                              tpm2l_rc_str(rc).s);
    if (!tpm2l_name_equal(&computed, &out->name))
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NAME_MISMATCH), "CreatePrimary",
                              "the name returned is not the name of outPublic");
    rc = public_sans_unique(&in->inPublic.publicArea, a, sizeof a, &na);
    if (!rc)
        rc = public_sans_unique(&out->outPublic.publicArea, b, sizeof b, &nb);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "CreatePrimary", "comparing outPublic: %s",
                              tpm2l_rc_str(rc).s);
    if (na != nb || memcmp(a, b, na) != 0)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), "CreatePrimary",
                              "outPublic is not the requested template");
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_CreatePrimary(tpm2l_ctx *ctx, const tpm2l_CreatePrimary_in *in,
                            tpm2l_CreatePrimary_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &createprimary_desc);
    tpm2l_cmd_auth_handle(&c, &in->primaryHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_SENSITIVE_CREATE(w, &in->inSensitive);
    tpm2l_marshal_TPM2B_PUBLIC(w, &in->inPublic);
    tpm2l_marshal_TPM2B_DATA(w, &in->outsideInfo);
    tpm2l_marshal_TPML_PCR_SELECTION(w, &in->creationPCR);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    out->objectHandle.handle = c.rsp_handles[0];
    tpm2l_unmarshal_TPM2B_PUBLIC(&c.r, &out->outPublic);
    tpm2l_unmarshal_TPM2B_CREATION_DATA(&c.r, &out->creationData);
    tpm2l_unmarshal_TPM2B_DIGEST(&c.r, &out->creationHash);
    tpm2l_unmarshal_TPMT_TK_CREATION(&c.r, &out->creationTicket);
    tpm2l_unmarshal_TPM2B_NAME(&c.r, &out->name);
    rc = tpm2l_cmd_end(&c);
    if (!rc)
        rc = check_primary(ctx, in, out);
    if (rc)
        return tpm2l_cmd_unload(ctx, out->objectHandle.handle, rc);
    out->objectHandle.name = out->name;
    return TPM2_RC_SUCCESS;
}

/* Clear authorised by the lockout hierarchy empties lockoutAuth itself (Part 3
 * §24.6), so a response HMAC is keyed with the new, empty value. */
static const TPM2B_AUTH empty_auth;

TPM2_RC tpm2l_Clear(tpm2l_ctx *ctx, const tpm2l_Clear_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &clear_desc);
    tpm2l_cmd_auth_handle(&c, &in->authHandle);
    if (c.n_slots && in->authHandle.handle == TPM2_RH_LOCKOUT)
        c.slot[0].rsp_auth = &empty_auth;
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_ClearControl(tpm2l_ctx *ctx, const tpm2l_ClearControl_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &clearcontrol_desc);
    tpm2l_cmd_auth_handle(&c, &in->auth);
    tpm2l_wcur_u8(tpm2l_cmd_params(&c), in->disable);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_HierarchyChangeAuth(tpm2l_ctx *ctx, const tpm2l_HierarchyChangeAuth_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &changeauth_desc);
    tpm2l_cmd_auth_handle(&c, &in->authHandle);
    /* The hierarchy's authValue changes in place, so the TPM keys the response HMAC
     * with newAuth (sessions.md; confirm against the simulator with HMAC sessions). */
    if (c.n_slots)
        c.slot[0].rsp_auth = &in->newAuth;
    tpm2l_marshal_TPM2B_AUTH(tpm2l_cmd_params(&c), &in->newAuth);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}
