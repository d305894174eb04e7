/* asym.c - Part 3 §14: TPM2_RSA_Encrypt, TPM2_RSA_Decrypt, TPM2_ECDH_KeyGen,
 * TPM2_ECDH_ZGen.
 *
 * Must never leave a secret output (a decrypted message, a shared point) behind when
 * its response fails to parse: those are wiped before the error is returned.
 */
#include "src/command/exec.h"
#include "tpm2lite/keys.h"
#include "tpm2lite/marshal.h"

/* RSA_Encrypt: message / outData; RSA_Decrypt: cipherText / message; ECDH_KeyGen has
 * no command parameters and returns zPoint first; ECDH_ZGen: inPoint / outPoint. Every
 * one of them is a TPM2B, so parameter encryption applies (Part 3 marks them so). */
static const tpm2l_cmd_desc rsa_encrypt_desc = {"RSA_Encrypt", TPM2_CC_RSA_Encrypt, 1, 0x0, 0,
                                                TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc rsa_decrypt_desc = {"RSA_Decrypt", TPM2_CC_RSA_Decrypt, 1, 0x1, 0,
                                                TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc ecdh_keygen_desc = {"ECDH_KeyGen", TPM2_CC_ECDH_KeyGen, 1, 0x0, 0,
                                                TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc ecdh_zgen_desc = {"ECDH_ZGen", TPM2_CC_ECDH_ZGen, 1, 0x1, 0,
                                              TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};

TPM2_RC tpm2l_RSA_Encrypt(tpm2l_ctx *ctx, const tpm2l_RSA_Encrypt_in *in,
                          tpm2l_RSA_Encrypt_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &rsa_encrypt_desc);
    tpm2l_cmd_handle(&c, in->keyHandle.handle, &in->keyHandle.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_PUBLIC_KEY_RSA(w, &in->message);
    tpm2l_marshal_TPMT_RSA_DECRYPT(w, &in->inScheme);
    tpm2l_marshal_TPM2B_DATA(w, &in->label);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_PUBLIC_KEY_RSA(&c.r, &out->outData);
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_RSA_Decrypt(tpm2l_ctx *ctx, const tpm2l_RSA_Decrypt_in *in,
                          tpm2l_RSA_Decrypt_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &rsa_decrypt_desc);
    tpm2l_cmd_auth_handle(&c, &in->keyHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_PUBLIC_KEY_RSA(w, &in->cipherText);
    tpm2l_marshal_TPMT_RSA_DECRYPT(w, &in->inScheme);
    tpm2l_marshal_TPM2B_DATA(w, &in->label);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_PUBLIC_KEY_RSA(&c.r, &out->message);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        tpm2l_cleanse(&out->message, sizeof out->message);
    return rc;
}

TPM2_RC tpm2l_ECDH_KeyGen(tpm2l_ctx *ctx, const tpm2l_ECDH_KeyGen_in *in,
                          tpm2l_ECDH_KeyGen_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &ecdh_keygen_desc);
    tpm2l_cmd_handle(&c, in->keyHandle.handle, &in->keyHandle.name);
    tpm2l_cmd_params(&c);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_ECC_POINT(&c.r, &out->zPoint);
    tpm2l_unmarshal_TPM2B_ECC_POINT(&c.r, &out->pubPoint);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        tpm2l_cleanse(&out->zPoint, sizeof out->zPoint);
    return rc;
}

TPM2_RC tpm2l_ECDH_ZGen(tpm2l_ctx *ctx, const tpm2l_ECDH_ZGen_in *in, tpm2l_ECDH_ZGen_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &ecdh_zgen_desc);
    tpm2l_cmd_auth_handle(&c, &in->keyHandle);
    tpm2l_marshal_TPM2B_ECC_POINT(tpm2l_cmd_params(&c), &in->inPoint);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_ECC_POINT(&c.r, &out->outPoint);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        tpm2l_cleanse(&out->outPoint, sizeof out->outPoint);
    return rc;
}
