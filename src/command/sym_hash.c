/* sym_hash.c - Part 3 §15 (EncryptDecrypt2, HMAC, Hash) and §17 (HashSequenceStart,
 * SequenceUpdate, SequenceComplete).
 *
 * Must never keep data or results past the call: plaintext out of EncryptDecrypt2 is
 * the caller's to wipe, and a response that fails to parse wipes what was read.
 * EncryptDecrypt (the older §15.2 form, inData last) is deliberately not offered: its
 * first parameter is not a TPM2B, so it can never be parameter-encrypted.
 */
#include "src/command/exec.h"
#include "tpm2lite/keys.h"
#include "tpm2lite/marshal.h"

/* All first parameters are TPM2Bs, except that HashSequenceStart returns only a handle
 * and SequenceUpdate nothing, so those have no response parameter to encrypt. */
static const tpm2l_cmd_desc encdec2_desc = {"EncryptDecrypt2", TPM2_CC_EncryptDecrypt2, 1, 0x1,
                                            0, TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc hmac_desc = {"HMAC", TPM2_CC_HMAC, 1, 0x1, 0,
                                         TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc hash_desc = {"Hash", TPM2_CC_Hash, 0, 0x0, 0,
                                         TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc seq_start_desc = {"HashSequenceStart", TPM2_CC_HashSequenceStart, 0,
                                              0x0, 1, TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc seq_update_desc = {"SequenceUpdate", TPM2_CC_SequenceUpdate, 1, 0x1,
                                               0, TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc seq_complete_desc = {"SequenceComplete", TPM2_CC_SequenceComplete,
                                                 1, 0x1, 0, TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};

TPM2_RC tpm2l_EncryptDecrypt2(tpm2l_ctx *ctx, const tpm2l_EncryptDecrypt2_in *in,
                              tpm2l_EncryptDecrypt2_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &encdec2_desc);
    tpm2l_cmd_auth_handle(&c, &in->keyHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_MAX_BUFFER(w, &in->inData);
    tpm2l_wcur_u8(w, in->decrypt);
    tpm2l_wcur_u16(w, in->mode);
    tpm2l_marshal_TPM2B_IV(w, &in->ivIn);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_MAX_BUFFER(&c.r, &out->outData);
    tpm2l_unmarshal_TPM2B_IV(&c.r, &out->ivOut);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        tpm2l_cleanse(&out->outData, sizeof out->outData);
    return rc;
}

TPM2_RC tpm2l_HMAC(tpm2l_ctx *ctx, const tpm2l_HMAC_in *in, tpm2l_HMAC_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &hmac_desc);
    tpm2l_cmd_auth_handle(&c, &in->handle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_MAX_BUFFER(w, &in->buffer);
    tpm2l_wcur_u16(w, in->hashAlg);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_DIGEST(&c.r, &out->outHMAC);
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_Hash(tpm2l_ctx *ctx, const tpm2l_Hash_in *in, tpm2l_Hash_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &hash_desc);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_MAX_BUFFER(w, &in->data);
    tpm2l_wcur_u16(w, in->hashAlg);
    tpm2l_wcur_u32(w, in->hierarchy);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_DIGEST(&c.r, &out->outHash);
    tpm2l_unmarshal_TPMT_TK_HASHCHECK(&c.r, &out->validation);
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_HashSequenceStart(tpm2l_ctx *ctx, const tpm2l_HashSequenceStart_in *in,
                                tpm2l_HashSequenceStart_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &seq_start_desc);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_AUTH(w, &in->auth);
    tpm2l_wcur_u16(w, in->hashAlg);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    out->sequenceHandle.handle = c.rsp_handles[0];
    out->sequenceHandle.name.size = 0;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_SequenceUpdate(tpm2l_ctx *ctx, const tpm2l_SequenceUpdate_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &seq_update_desc);
    tpm2l_cmd_auth_handle(&c, &in->sequenceHandle);
    tpm2l_marshal_TPM2B_MAX_BUFFER(tpm2l_cmd_params(&c), &in->buffer);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_SequenceComplete(tpm2l_ctx *ctx, const tpm2l_SequenceComplete_in *in,
                               tpm2l_SequenceComplete_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &seq_complete_desc);
    tpm2l_cmd_auth_handle(&c, &in->sequenceHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_MAX_BUFFER(w, &in->buffer);
    tpm2l_wcur_u32(w, in->hierarchy);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_DIGEST(&c.r, &out->result);
    tpm2l_unmarshal_TPMT_TK_HASHCHECK(&c.r, &out->validation);
    return tpm2l_cmd_end(&c);
}
