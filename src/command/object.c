/* object.c - Part 3 §12: TPM2_ReadPublic.
 *
 * Must never return a name it has not recomputed from outPublic: ReadPublic is how a
 * caller learns what key sits behind a handle, and an interposer could answer with any
 * name it likes.
 */
#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc readpublic_desc = {"ReadPublic", TPM2_CC_ReadPublic, 1, 0, 0,
                                               TPM2L_RSP_TPM2B};

TPM2_RC tpm2l_ReadPublic(tpm2l_ctx *ctx, const tpm2l_ReadPublic_in *in, tpm2l_ReadPublic_out *out)
{
    tpm2l_cmd c;
    TPM2B_NAME computed;

    tpm2l_cmd_begin(ctx, &c, &readpublic_desc);
    tpm2l_cmd_handle(&c, in->objectHandle.handle, &in->objectHandle.name);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_PUBLIC(&c.r, &out->outPublic);
    tpm2l_unmarshal_TPM2B_NAME(&c.r, &out->name);
    tpm2l_unmarshal_TPM2B_NAME(&c.r, &out->qualifiedName);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    rc = tpm2l_name_from_public(&out->outPublic.publicArea, &computed);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "ReadPublic", "computing the name of outPublic: %s",
                              tpm2l_rc_str(rc).s);
    if (!tpm2l_name_equal(&computed, &out->name))
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NAME_MISMATCH), "ReadPublic",
                              "the name returned for 0x%08x is not the name of outPublic",
                              (unsigned)in->objectHandle.handle);
    if (in->objectHandle.name.size && !tpm2l_name_equal(&in->objectHandle.name, &out->name))
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NAME_MISMATCH), "ReadPublic",
                              "0x%08x holds a different object than the name expected",
                              (unsigned)in->objectHandle.handle);
    return TPM2_RC_SUCCESS;
}
