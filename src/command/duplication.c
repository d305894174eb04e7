/* duplication.c - Part 3 §13: TPM2_Duplicate, TPM2_Rewrap, TPM2_Import.
 *
 * Must never unwrap or inspect a duplication blob here: the wrappers carry the bytes
 * as the TPM made them (the outer HMAC covers them). Import names objectPublic itself
 * before sending, so the caller's Load can check the TPM against that name.
 */
#include "src/command/exec.h"
#include "tpm2lite/keys.h"
#include "tpm2lite/marshal.h"

/* First parameters both ways are TPM2Bs (encryptionKeyIn / encryptionKeyOut,
 * inDuplicate / outDuplicate, encryptionKey / outPrivate): Part 3 allows parameter
 * encryption on all three. */
static const tpm2l_cmd_desc duplicate_desc = {"Duplicate", TPM2_CC_Duplicate, 2, 0x1, 0,
                                              TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc rewrap_desc = {"Rewrap", TPM2_CC_Rewrap, 2, 0x1, 0,
                                           TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc import_desc = {"Import", TPM2_CC_Import, 1, 0x1, 0,
                                           TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};

TPM2_RC tpm2l_Duplicate(tpm2l_ctx *ctx, const tpm2l_Duplicate_in *in, tpm2l_Duplicate_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &duplicate_desc);
    tpm2l_cmd_auth_handle(&c, &in->objectHandle);
    tpm2l_cmd_handle(&c, in->newParentHandle.handle, &in->newParentHandle.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DATA(w, &in->encryptionKeyIn);
    tpm2l_marshal_TPMT_SYM_DEF_OBJECT(w, &in->symmetricAlg);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_DATA(&c.r, &out->encryptionKeyOut);
    tpm2l_unmarshal_TPM2B_PRIVATE(&c.r, &out->duplicate);
    tpm2l_unmarshal_TPM2B_ENCRYPTED_SECRET(&c.r, &out->outSymSeed);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        tpm2l_cleanse(&out->encryptionKeyOut, sizeof out->encryptionKeyOut);
    return rc;
}

TPM2_RC tpm2l_Rewrap(tpm2l_ctx *ctx, const tpm2l_Rewrap_in *in, tpm2l_Rewrap_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &rewrap_desc);
    tpm2l_cmd_auth_handle(&c, &in->oldParent);
    tpm2l_cmd_handle(&c, in->newParent.handle, &in->newParent.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_PRIVATE(w, &in->inDuplicate);
    tpm2l_marshal_TPM2B_NAME(w, &in->name);
    tpm2l_marshal_TPM2B_ENCRYPTED_SECRET(w, &in->inSymSeed);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_PRIVATE(&c.r, &out->outDuplicate);
    tpm2l_unmarshal_TPM2B_ENCRYPTED_SECRET(&c.r, &out->outSymSeed);
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_Import(tpm2l_ctx *ctx, const tpm2l_Import_in *in, tpm2l_Import_out *out)
{
    tpm2l_cmd c;
    /* The TPM returns no name, and Load under the same parent is the only check that
     * the import made the object the caller meant: give the caller the name to hold
     * Load to, computed from what we send. */
    TPM2_RC rc = tpm2l_name_from_public(&in->objectPublic.publicArea, &out->name);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "Import", "computing the name of objectPublic: %s",
                              tpm2l_rc_str(rc).s);
    tpm2l_cmd_begin(ctx, &c, &import_desc);
    tpm2l_cmd_auth_handle(&c, &in->parentHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DATA(w, &in->encryptionKey);
    tpm2l_marshal_TPM2B_PUBLIC(w, &in->objectPublic);
    tpm2l_marshal_TPM2B_PRIVATE(w, &in->duplicate);
    tpm2l_marshal_TPM2B_ENCRYPTED_SECRET(w, &in->inSymSeed);
    tpm2l_marshal_TPMT_SYM_DEF_OBJECT(w, &in->symmetricAlg);
    rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_PRIVATE(&c.r, &out->outPrivate);
    return tpm2l_cmd_end(&c);
}
