/* nv_more.c - Part 3 §31: NV_UndefineSpaceSpecial, NV_SetBits, NV_WriteLock,
 * NV_ReadLock and NV_Certify (the rest of §31 is nv.c).
 *
 * Must never hide that SetBits and the locks change an index's name (its public area
 * gains TPMA_NV_WRITTEN / _WRITELOCKED / _READLOCKED): the caller's next cpHash must
 * use the new one (NV_ReadPublic with an empty expected name gives it).
 */
#include "src/command/exec.h"
#include "tpm2lite/credential.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc undefine_special_desc = {
    "NV_UndefineSpaceSpecial", TPM2_CC_NV_UndefineSpaceSpecial, 2, 0x3, 0, 0};
/* SetBits' parameter is a UINT64 and the locks have none: no parameter encryption. */
static const tpm2l_cmd_desc setbits_desc = {"NV_SetBits", TPM2_CC_NV_SetBits, 2, 0x1, 0, 0};
static const tpm2l_cmd_desc writelock_desc = {"NV_WriteLock", TPM2_CC_NV_WriteLock, 2, 0x1, 0,
                                              0};
static const tpm2l_cmd_desc readlock_desc = {"NV_ReadLock", TPM2_CC_NV_ReadLock, 2, 0x1, 0, 0};
/* qualifyingData in, certifyInfo out: both TPM2Bs. */
static const tpm2l_cmd_desc certify_desc = {"NV_Certify", TPM2_CC_NV_Certify, 3, 0x3, 0,
                                            TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};

TPM2_RC tpm2l_NV_UndefineSpaceSpecial(tpm2l_ctx *ctx, const tpm2l_NV_UndefineSpaceSpecial_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &undefine_special_desc);
    tpm2l_cmd_auth_handle(&c, &in->nvIndex);
    tpm2l_cmd_auth_handle(&c, &in->platform);
    tpm2l_cmd_params(&c);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

/* @authHandle, nvIndex, then nothing or a UINT64: SetBits and the two locks. */
static TPM2_RC auth_index_cmd(tpm2l_ctx *ctx, const tpm2l_cmd_desc *desc,
                              const tpm2l_auth_handle *ah, const tpm2l_handle *nv,
                              const uint64_t *bits)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, desc);
    tpm2l_cmd_auth_handle(&c, ah);
    tpm2l_cmd_handle(&c, nv->handle, &nv->name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    if (bits)
        tpm2l_wcur_u64(w, *bits);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_NV_SetBits(tpm2l_ctx *ctx, const tpm2l_NV_SetBits_in *in)
{
    return auth_index_cmd(ctx, &setbits_desc, &in->authHandle, &in->nvIndex, &in->bits);
}

TPM2_RC tpm2l_NV_WriteLock(tpm2l_ctx *ctx, const tpm2l_NV_WriteLock_in *in)
{
    return auth_index_cmd(ctx, &writelock_desc, &in->authHandle, &in->nvIndex, NULL);
}

TPM2_RC tpm2l_NV_ReadLock(tpm2l_ctx *ctx, const tpm2l_NV_ReadLock_in *in)
{
    return auth_index_cmd(ctx, &readlock_desc, &in->authHandle, &in->nvIndex, NULL);
}

TPM2_RC tpm2l_NV_Certify(tpm2l_ctx *ctx, const tpm2l_NV_Certify_in *in, tpm2l_NV_Certify_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &certify_desc);
    tpm2l_cmd_auth_handle(&c, &in->signHandle);
    tpm2l_cmd_auth_handle(&c, &in->authHandle);
    tpm2l_cmd_handle(&c, in->nvIndex.handle, &in->nvIndex.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DATA(w, &in->qualifyingData);
    tpm2l_marshal_TPMT_SIG_SCHEME(w, &in->inScheme);
    tpm2l_wcur_u16(w, in->size);
    tpm2l_wcur_u16(w, in->offset);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_ATTEST(&c.r, &out->certifyInfo);
    tpm2l_unmarshal_TPMT_SIGNATURE(&c.r, &out->signature);
    return tpm2l_cmd_end(&c);
}
