/* credential.c - Part 3 §12.5 ActivateCredential and §12.6 MakeCredential.
 *
 * Must never look inside a credential blob or seed: they are opaque to everyone but
 * the TPM holding the protector's private key (the software twin of MakeCredential is
 * src/crypto/credential_sw.c).
 */
#include "src/command/exec.h"
#include "tpm2lite/credential.h"
#include "tpm2lite/marshal.h"

/* MakeCredential: credential (TPM2B_DIGEST) in, credentialBlob (TPM2B_ID_OBJECT) out;
 * ActivateCredential: credentialBlob in, certInfo out: parameter encryption both ways. */
static const tpm2l_cmd_desc make_desc = {"MakeCredential", TPM2_CC_MakeCredential, 1, 0x0, 0,
                                         TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc activate_desc = {"ActivateCredential", TPM2_CC_ActivateCredential,
                                             2, 0x3, 0, TPM2L_CMD_TPM2B | TPM2L_RSP_TPM2B};

TPM2_RC tpm2l_MakeCredential(tpm2l_ctx *ctx, const tpm2l_MakeCredential_in *in,
                             tpm2l_MakeCredential_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &make_desc);
    tpm2l_cmd_handle(&c, in->handle.handle, &in->handle.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DIGEST(w, &in->credential);
    tpm2l_marshal_TPM2B_NAME(w, &in->objectName);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_ID_OBJECT(&c.r, &out->credentialBlob);
    tpm2l_unmarshal_TPM2B_ENCRYPTED_SECRET(&c.r, &out->secret);
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_ActivateCredential(tpm2l_ctx *ctx, const tpm2l_ActivateCredential_in *in,
                                 tpm2l_ActivateCredential_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &activate_desc);
    tpm2l_cmd_auth_handle(&c, &in->activateHandle);
    tpm2l_cmd_auth_handle(&c, &in->keyHandle);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_ID_OBJECT(w, &in->credentialBlob);
    tpm2l_marshal_TPM2B_ENCRYPTED_SECRET(w, &in->secret);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_DIGEST(&c.r, &out->certInfo);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        tpm2l_cleanse(&out->certInfo, sizeof out->certInfo);
    return rc;
}
