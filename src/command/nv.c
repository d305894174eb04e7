/* nv.c - Part 3 §31: TPM2_NV_DefineSpace, NV_UndefineSpace, NV_ReadPublic, NV_Write,
 * NV_Read, NV_Increment, NV_Extend, NV_ChangeAuth, and the name of a written index.
 *
 * Must never report an index name it has not recomputed from the public area, and
 * never let a caller forget that the name changes with TPMA_NV_WRITTEN (Part 2
 * §13.4): cpHash uses the name as it is when the command runs.
 */
#include <string.h>

#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

/* Parameter encryption (descriptor flags) as Part 3 allows it: DefineSpace's auth,
 * Write's and Extend's data, ChangeAuth's newAuth go encrypted; Read's first
 * parameter is a UINT16 but its data comes back as a TPM2B; ReadPublic returns a
 * TPM2B_NV_PUBLIC first. */
static const tpm2l_cmd_desc define_desc = {"NV_DefineSpace", TPM2_CC_NV_DefineSpace, 1, 0x1,
                                           0, TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc undefine_desc = {"NV_UndefineSpace", TPM2_CC_NV_UndefineSpace, 2,
                                             0x1, 0, 0};
static const tpm2l_cmd_desc readpublic_desc = {"NV_ReadPublic", TPM2_CC_NV_ReadPublic, 1, 0,
                                               0, TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc write_desc = {"NV_Write", TPM2_CC_NV_Write, 2, 0x1, 0,
                                          TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc read_desc = {"NV_Read", TPM2_CC_NV_Read, 2, 0x1, 0,
                                         TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc increment_desc = {"NV_Increment", TPM2_CC_NV_Increment, 2, 0x1,
                                              0, 0};
static const tpm2l_cmd_desc extend_desc = {"NV_Extend", TPM2_CC_NV_Extend, 2, 0x1, 0,
                                           TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc changeauth_desc = {"NV_ChangeAuth", TPM2_CC_NV_ChangeAuth, 1, 0x1,
                                               0, TPM2L_CMD_TPM2B};

TPM2_RC tpm2l_nv_mark_written(TPMS_NV_PUBLIC *pub, TPM2B_NAME *name)
{
    pub->attributes |= TPMA_NV_WRITTEN;
    if (!name)
        return TPM2_RC_SUCCESS;
    return tpm2l_name_from_nv_public(pub, name);
}

TPM2_RC tpm2l_NV_DefineSpace(tpm2l_ctx *ctx, const tpm2l_NV_DefineSpace_in *in,
                             tpm2l_NV_DefineSpace_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &define_desc);
    tpm2l_cmd_auth_handle(&c, &in->authHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_AUTH(w, &in->auth);
    tpm2l_marshal_TPM2B_NV_PUBLIC(w, &in->publicInfo);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    rc = tpm2l_cmd_end(&c);
    if (rc || !out)
        return rc;
    /* The TPM stores publicInfo as given (it refuses TPMA_NV_WRITTEN and the other
     * state bits at definition), so this is the index's name until its first write. */
    out->nvIndex.handle = in->publicInfo.nvPublic.nvIndex;
    rc = tpm2l_name_from_nv_public(&in->publicInfo.nvPublic, &out->nvIndex.name);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "NV_DefineSpace", "computing the index's name: %s",
                              tpm2l_rc_str(rc).s);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_NV_UndefineSpace(tpm2l_ctx *ctx, const tpm2l_NV_UndefineSpace_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &undefine_desc);
    tpm2l_cmd_auth_handle(&c, &in->authHandle);
    tpm2l_cmd_handle(&c, in->nvIndex.handle, &in->nvIndex.name);
    tpm2l_cmd_params(&c);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_NV_ReadPublic(tpm2l_ctx *ctx, const tpm2l_NV_ReadPublic_in *in,
                            tpm2l_NV_ReadPublic_out *out)
{
    tpm2l_cmd c;
    TPM2B_NAME computed;

    tpm2l_cmd_begin(ctx, &c, &readpublic_desc);
    tpm2l_cmd_handle(&c, in->nvIndex.handle, &in->nvIndex.name);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_NV_PUBLIC(&c.r, &out->nvPublic);
    tpm2l_unmarshal_TPM2B_NAME(&c.r, &out->nvName);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    if (!out->nvPublic.size)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), "NV_ReadPublic",
                              "nvPublic is empty");
    if (out->nvPublic.nvPublic.nvIndex != in->nvIndex.handle)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NAME_MISMATCH), "NV_ReadPublic",
                              "asked for 0x%08x, nvPublic describes 0x%08x",
                              (unsigned)in->nvIndex.handle,
                              (unsigned)out->nvPublic.nvPublic.nvIndex);
    rc = tpm2l_name_from_nv_public(&out->nvPublic.nvPublic, &computed);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "NV_ReadPublic", "computing the name of nvPublic: %s",
                              tpm2l_rc_str(rc).s);
    if (!tpm2l_name_equal(&computed, &out->nvName))
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NAME_MISMATCH), "NV_ReadPublic",
                              "the name returned for 0x%08x is not the name of nvPublic",
                              (unsigned)in->nvIndex.handle);
    if (in->nvIndex.name.size && !tpm2l_name_equal(&in->nvIndex.name, &out->nvName))
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NAME_MISMATCH), "NV_ReadPublic",
                              "0x%08x is not the index expected (written since? see "
                              "tpm2l_nv_mark_written)",
                              (unsigned)in->nvIndex.handle);
    return TPM2_RC_SUCCESS;
}

/* The shape of NV_Write, NV_Increment, NV_Extend: @authHandle, nvIndex. */
static void auth_and_index(tpm2l_cmd *c, const tpm2l_auth_handle *ah, const tpm2l_handle *nv)
{
    tpm2l_cmd_auth_handle(c, ah);
    tpm2l_cmd_handle(c, nv->handle, &nv->name);
}

TPM2_RC tpm2l_NV_Write(tpm2l_ctx *ctx, const tpm2l_NV_Write_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &write_desc);
    auth_and_index(&c, &in->authHandle, &in->nvIndex);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_MAX_NV_BUFFER(w, &in->data);
    tpm2l_wcur_u16(w, in->offset);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_NV_Read(tpm2l_ctx *ctx, const tpm2l_NV_Read_in *in, tpm2l_NV_Read_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &read_desc);
    auth_and_index(&c, &in->authHandle, &in->nvIndex);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_wcur_u16(w, in->size);
    tpm2l_wcur_u16(w, in->offset);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_MAX_NV_BUFFER(&c.r, &out->data);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    /* Part 3 §31.13: the TPM returns exactly size bytes or an error. */
    if (out->data.size != in->size) {
        unsigned got = out->data.size;
        tpm2l_cleanse(&out->data, sizeof out->data);
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), "NV_Read",
                              "asked for %u bytes, got %u", (unsigned)in->size, got);
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_NV_Increment(tpm2l_ctx *ctx, const tpm2l_NV_Increment_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &increment_desc);
    auth_and_index(&c, &in->authHandle, &in->nvIndex);
    tpm2l_cmd_params(&c);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_NV_Extend(tpm2l_ctx *ctx, const tpm2l_NV_Extend_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &extend_desc);
    auth_and_index(&c, &in->authHandle, &in->nvIndex);
    tpm2l_marshal_TPM2B_MAX_NV_BUFFER(tpm2l_cmd_params(&c), &in->data);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_NV_ChangeAuth(tpm2l_ctx *ctx, const tpm2l_NV_ChangeAuth_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &changeauth_desc);
    tpm2l_cmd_auth_handle(&c, &in->nvIndex);
    /* The index's authValue changes in place: the TPM answers under newAuth
     * (sessions.md; a policy session's HMAC uses it only after PolicyAuthValue). */
    if (c.n_slots)
        c.slot[0].rsp_auth = &in->newAuth;
    tpm2l_marshal_TPM2B_AUTH(tpm2l_cmd_params(&c), &in->newAuth);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}
