/* template_sealed.c - the public-area template of a sealed data object (Part 1,
 * "Sealed Data Object"; Part 2 §12.2.3.6 keyedhash parameters).
 *
 * Must never produce an object nobody could use: no userWithAuth and no authPolicy
 * would seal data that can never be unsealed.
 */
#include <string.h>

#include "tpm2lite/command.h"

#define SEAL_AUTH_ATTRS                                                                      \
    (TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_ADMINWITHPOLICY | TPMA_OBJECT_NODA)

TPM2_RC tpm2l_template_sealed(TPMT_PUBLIC *out, TPM2_ALG_ID nameAlg, const TPM2B_DIGEST *authPolicy,
                              TPMA_OBJECT auth_attrs)
{
    memset(out, 0, sizeof *out);
    size_t hlen = tpm2l_hash_size(nameAlg);
    size_t plen = authPolicy ? authPolicy->size : 0;
    if (!hlen || (auth_attrs & ~SEAL_AUTH_ATTRS) || (plen && plen != hlen))
        return TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG);
    /* Unseal needs the USER role: the authValue (userWithAuth) or the policy. */
    if (!plen && !(auth_attrs & TPMA_OBJECT_USERWITHAUTH))
        return TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG);
    if (!plen && (auth_attrs & TPMA_OBJECT_ADMINWITHPOLICY))
        return TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG);
    out->type = TPM2_ALG_KEYEDHASH;
    out->nameAlg = nameAlg;
    /* No sensitiveDataOrigin: the TPM refuses it together with supplied data
     * (Part 3 §12.1, TPM_RC_ATTRIBUTES). No sign or decrypt: a data blob, not a key. */
    out->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | auth_attrs;
    if (plen)
        out->authPolicy = *authPolicy;
    out->parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
    return TPM2_RC_SUCCESS;
}
