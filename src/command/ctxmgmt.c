/* ctxmgmt.c - Part 3 §28: TPM2_ContextSave, TPM2_ContextLoad, TPM2_FlushContext,
 * TPM2_EvictControl.
 *
 * Must never invent a name: a loaded or persisted handle carries the name the caller
 * already had for the same object, or none.
 */
#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc save_desc = {"ContextSave", TPM2_CC_ContextSave, 1, 0, 0, 0};
static const tpm2l_cmd_desc load_desc = {"ContextLoad", TPM2_CC_ContextLoad, 0, 0, 1, 0};
static const tpm2l_cmd_desc flush_desc = {"FlushContext", TPM2_CC_FlushContext, 0, 0, 0, 0};
static const tpm2l_cmd_desc evict_desc = {"EvictControl", TPM2_CC_EvictControl, 2, 0x1, 0, 0};

TPM2_RC tpm2l_ContextSave(tpm2l_ctx *ctx, const tpm2l_ContextSave_in *in,
                          tpm2l_ContextSave_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &save_desc);
    tpm2l_cmd_handle(&c, in->saveHandle.handle, &in->saveHandle.name);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPMS_CONTEXT(&c.r, &out->context);
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_ContextLoad(tpm2l_ctx *ctx, const tpm2l_ContextLoad_in *in,
                          tpm2l_ContextLoad_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &load_desc);
    tpm2l_marshal_TPMS_CONTEXT(tpm2l_cmd_params(&c), &in->context);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return tpm2l_cmd_unload(ctx, c.rsp_handles[0], rc);
    /* A session is named by its handle; an object by the name its owner kept. */
    tpm2l_handle_set(&out->loadedHandle, c.rsp_handles[0]);
    if (!out->loadedHandle.name.size)
        out->loadedHandle.name = in->name;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_FlushContext(tpm2l_ctx *ctx, const tpm2l_FlushContext_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &flush_desc);
    /* Part 3 §28.4: flushHandle is a parameter, not a handle, so it takes no
     * authorisation and is not part of cpHash's names. */
    tpm2l_wcur_u32(tpm2l_cmd_params(&c), in->flushHandle);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_EvictControl(tpm2l_ctx *ctx, const tpm2l_EvictControl_in *in,
                           tpm2l_EvictControl_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &evict_desc);
    tpm2l_cmd_auth_handle(&c, &in->auth);
    tpm2l_cmd_handle(&c, in->objectHandle.handle, &in->objectHandle.name);
    tpm2l_wcur_u32(tpm2l_cmd_params(&c), in->persistentHandle);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    if (out) {
        out->persistentHandle.handle = in->persistentHandle;
        out->persistentHandle.name = in->objectHandle.name;
    }
    return TPM2_RC_SUCCESS;
}
