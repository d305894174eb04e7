/* object_create.c - Part 3 §12: TPM2_Create, TPM2_Load, TPM2_Unseal,
 * TPM2_ObjectChangeAuth.
 *
 * Must never hand back an object whose name it has not recomputed from the public
 * area the caller holds: Load's name is checked against inPublic (an interposer
 * could otherwise bind the caller's later sessions to another object), and Create's
 * outPublic must be the template asked for with only unique filled in.
 */
#include <string.h>

#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

/* Create: inSensitive / outPrivate are TPM2Bs, so both directions can be encrypted;
 * Load: inPrivate / name; Unseal: no command parameter, outData; ObjectChangeAuth:
 * newAuth / outPrivate. */
static const tpm2l_cmd_desc create_desc = {"Create", TPM2_CC_Create, 1, 0x1, 0,
                                           TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc load_desc = {"Load", TPM2_CC_Load, 1, 0x1, 1,
                                         TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc unseal_desc = {"Unseal", TPM2_CC_Unseal, 1, 0x1, 0,
                                           TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc changeauth_desc = {"ObjectChangeAuth", TPM2_CC_ObjectChangeAuth, 2,
                                               0x1, 0, TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};

/* The marshalled public area without unique, its last field: Create fills in unique
 * (Part 3 §12.1: for a sealed object H(seed || data)) and must keep the rest. */
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

static TPM2_RC check_created(tpm2l_ctx *ctx, const tpm2l_Create_in *in, tpm2l_Create_out *out)
{
    uint8_t a[512], b[512];
    size_t na, nb;

    if (!out->outPublic.size)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), "Create",
                              "outPublic is empty");
    TPM2_RC rc = public_sans_unique(&in->inPublic.publicArea, a, sizeof a, &na);
    if (!rc)
        rc = public_sans_unique(&out->outPublic.publicArea, b, sizeof b, &nb);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "Create", "comparing outPublic: %s", tpm2l_rc_str(rc).s);
    if (na != nb || memcmp(a, b, na) != 0)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), "Create",
                              "outPublic is not the requested template");
    rc = tpm2l_name_from_public(&out->outPublic.publicArea, &out->name);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "Create", "computing the name of outPublic: %s",
                              tpm2l_rc_str(rc).s);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_Create(tpm2l_ctx *ctx, const tpm2l_Create_in *in, tpm2l_Create_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &create_desc);
    tpm2l_cmd_auth_handle(&c, &in->parentHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_SENSITIVE_CREATE(w, &in->inSensitive);
    tpm2l_marshal_TPM2B_PUBLIC(w, &in->inPublic);
    tpm2l_marshal_TPM2B_DATA(w, &in->outsideInfo);
    tpm2l_marshal_TPML_PCR_SELECTION(w, &in->creationPCR);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_PRIVATE(&c.r, &out->outPrivate);
    tpm2l_unmarshal_TPM2B_PUBLIC(&c.r, &out->outPublic);
    tpm2l_unmarshal_TPM2B_CREATION_DATA(&c.r, &out->creationData);
    tpm2l_unmarshal_TPM2B_DIGEST(&c.r, &out->creationHash);
    tpm2l_unmarshal_TPMT_TK_CREATION(&c.r, &out->creationTicket);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    return check_created(ctx, in, out);
}

TPM2_RC tpm2l_Load(tpm2l_ctx *ctx, const tpm2l_Load_in *in, tpm2l_Load_out *out)
{
    tpm2l_cmd c;
    TPM2B_NAME expected;

    /* Computed first: a template we cannot name is refused before the TPM loads it. */
    TPM2_RC rc = tpm2l_name_from_public(&in->inPublic.publicArea, &expected);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "Load", "computing the name of inPublic: %s",
                              tpm2l_rc_str(rc).s);
    tpm2l_cmd_begin(ctx, &c, &load_desc);
    tpm2l_cmd_auth_handle(&c, &in->parentHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_PRIVATE(w, &in->inPrivate);
    tpm2l_marshal_TPM2B_PUBLIC(w, &in->inPublic);
    rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    out->objectHandle.handle = c.rsp_handles[0];
    tpm2l_unmarshal_TPM2B_NAME(&c.r, &out->name);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return tpm2l_cmd_unload(ctx, out->objectHandle.handle, rc);
    out->objectHandle.name.size = 0;
    if (!tpm2l_name_equal(&expected, &out->name)) {
        /* Whatever was loaded is not what the caller asked for, and callers ignore out
         * on failure: flush it here (best effort) so it cannot leak a slot. */
        tpm2l_FlushContext_in fl = {out->objectHandle.handle};
        (void)tpm2l_FlushContext(ctx, &fl);
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NAME_MISMATCH), "Load",
                              "the name returned for 0x%08x is not the name of inPublic "
                              "(the object was flushed)",
                              (unsigned)out->objectHandle.handle);
    }
    out->objectHandle.name = out->name;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_Unseal(tpm2l_ctx *ctx, const tpm2l_Unseal_in *in, tpm2l_Unseal_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &unseal_desc);
    tpm2l_cmd_auth_handle(&c, &in->itemHandle);
    tpm2l_cmd_params(&c);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_SENSITIVE_DATA(&c.r, &out->outData);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        tpm2l_cleanse(&out->outData, sizeof out->outData);
    return rc;
}

TPM2_RC tpm2l_ObjectChangeAuth(tpm2l_ctx *ctx, const tpm2l_ObjectChangeAuth_in *in,
                               tpm2l_ObjectChangeAuth_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &changeauth_desc);
    /* Unlike HierarchyChangeAuth the loaded object keeps its authValue (Part 3 §12.8:
     * only a new private is returned), so the response is answered under the old one:
     * the slot's default rsp_auth. */
    tpm2l_cmd_auth_handle(&c, &in->objectHandle);
    tpm2l_cmd_handle(&c, in->parentHandle.handle, &in->parentHandle.name);
    tpm2l_marshal_TPM2B_AUTH(tpm2l_cmd_params(&c), &in->newAuth);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_PRIVATE(&c.r, &out->outPrivate);
    return tpm2l_cmd_end(&c);
}
