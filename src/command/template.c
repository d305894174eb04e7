/* template.c - the public-area templates tpm2_createprimary uses by default, so the
 * same primary key (and name) comes out of either tool.
 *
 * Must never drift from tpm2-tools' defaults: the integration test compares names.
 */
#include <string.h>

#include "tpm2lite/command.h"

#define DEFAULT_PRIMARY_ATTRS                                                                \
    (TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT | TPMA_OBJECT_FIXEDTPM |                    \
     TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH)

TPM2_RC tpm2l_template_primary(TPMT_PUBLIC *out, TPM2_ALG_ID type)
{
    memset(out, 0, sizeof *out);
    out->type = type;
    out->nameAlg = TPM2_ALG_SHA256;
    out->objectAttributes = DEFAULT_PRIMARY_ATTRS;
    switch (type) {
    case TPM2_ALG_RSA: {
        TPMS_RSA_PARMS *p = &out->parameters.rsaDetail;
        p->symmetric.algorithm = TPM2_ALG_AES;
        p->symmetric.keyBits.aes = 128;
        p->symmetric.mode.aes = TPM2_ALG_CFB;
        p->scheme.scheme = TPM2_ALG_NULL;
        p->keyBits = 2048;
        p->exponent = 0;
        return TPM2_RC_SUCCESS;
    }
    case TPM2_ALG_ECC: {
        TPMS_ECC_PARMS *p = &out->parameters.eccDetail;
        p->symmetric.algorithm = TPM2_ALG_AES;
        p->symmetric.keyBits.aes = 128;
        p->symmetric.mode.aes = TPM2_ALG_CFB;
        p->scheme.scheme = TPM2_ALG_NULL;
        p->curveID = TPM2_ECC_NIST_P256;
        p->kdf.scheme = TPM2_ALG_NULL;
        return TPM2_RC_SUCCESS;
    }
    default:
        memset(out, 0, sizeof *out);
        return TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG);
    }
}
