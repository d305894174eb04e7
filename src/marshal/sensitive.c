/* sensitive.c - sensitive areas: what Create/CreatePrimary take (TPMS_SENSITIVE_CREATE)
 * and what LoadExternal/Import carry (TPMT_SENSITIVE).
 *
 * These structures hold secrets. Encoding them copies bytes only into the caller's
 * buffers; wiping those buffers is the caller's job, and nothing here keeps a copy.
 */
#include <string.h>

#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

void tpm2l_marshal_TPMS_SENSITIVE_CREATE(tpm2l_wcur *w, const TPMS_SENSITIVE_CREATE *v)
{
    tpm2l_marshal_TPM2B_AUTH(w, &v->userAuth);
    tpm2l_marshal_TPM2B_SENSITIVE_DATA(w, &v->data);
}

void tpm2l_unmarshal_TPMS_SENSITIVE_CREATE(tpm2l_rcur *r, TPMS_SENSITIVE_CREATE *v)
{
    tpm2l_unmarshal_TPM2B_AUTH(r, &v->userAuth);
    tpm2l_unmarshal_TPM2B_SENSITIVE_DATA(r, &v->data);
}

void tpm2l_marshal_TPM2B_SENSITIVE_CREATE(tpm2l_wcur *w, const TPM2B_SENSITIVE_CREATE *v)
{
    size_t at = tpm2l_wcur_size16_begin(w);
    tpm2l_marshal_TPMS_SENSITIVE_CREATE(w, &v->sensitive);
    tpm2l_wcur_size16_end(w, at);
}

void tpm2l_unmarshal_TPM2B_SENSITIVE_CREATE(tpm2l_rcur *r, TPM2B_SENSITIVE_CREATE *v)
{
    tpm2l_rcur sub;
    v->size = tpm2l_nested_begin(r, &sub);
    if (v->size)
        tpm2l_unmarshal_TPMS_SENSITIVE_CREATE(&sub, &v->sensitive);
    else
        memset(&v->sensitive, 0, sizeof v->sensitive);
    tpm2l_nested_end(r, &sub);
}

void tpm2l_marshal_TPMU_SENSITIVE_COMPOSITE(tpm2l_wcur *w, TPMI_ALG_PUBLIC sel,
                                            const TPMU_SENSITIVE_COMPOSITE *v)
{
    switch (sel) {
    case TPM2_ALG_RSA: tpm2l_marshal_TPM2B_PRIVATE_KEY_RSA(w, &v->rsa); break;
    case TPM2_ALG_ECC: tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->ecc); break;
    case TPM2_ALG_KEYEDHASH: tpm2l_marshal_TPM2B_SENSITIVE_DATA(w, &v->bits); break;
    case TPM2_ALG_SYMCIPHER: tpm2l_marshal_TPM2B_SYM_KEY(w, &v->sym); break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_SENSITIVE_COMPOSITE(tpm2l_rcur *r, TPMI_ALG_PUBLIC sel,
                                              TPMU_SENSITIVE_COMPOSITE *v)
{
    switch (sel) {
    case TPM2_ALG_RSA: tpm2l_unmarshal_TPM2B_PRIVATE_KEY_RSA(r, &v->rsa); break;
    case TPM2_ALG_ECC: tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->ecc); break;
    case TPM2_ALG_KEYEDHASH: tpm2l_unmarshal_TPM2B_SENSITIVE_DATA(r, &v->bits); break;
    case TPM2_ALG_SYMCIPHER: tpm2l_unmarshal_TPM2B_SYM_KEY(r, &v->sym); break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMT_SENSITIVE(tpm2l_wcur *w, const TPMT_SENSITIVE *v)
{
    tpm2l_wcur_u16(w, v->sensitiveType);
    tpm2l_marshal_TPM2B_AUTH(w, &v->authValue);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->seedValue);
    tpm2l_marshal_TPMU_SENSITIVE_COMPOSITE(w, v->sensitiveType, &v->sensitive);
}

void tpm2l_unmarshal_TPMT_SENSITIVE(tpm2l_rcur *r, TPMT_SENSITIVE *v)
{
    v->sensitiveType = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPM2B_AUTH(r, &v->authValue);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->seedValue);
    tpm2l_unmarshal_TPMU_SENSITIVE_COMPOSITE(r, v->sensitiveType, &v->sensitive);
}

void tpm2l_marshal_TPM2B_SENSITIVE(tpm2l_wcur *w, const TPM2B_SENSITIVE *v)
{
    size_t at = tpm2l_wcur_size16_begin(w);
    tpm2l_marshal_TPMT_SENSITIVE(w, &v->sensitiveArea);
    tpm2l_wcur_size16_end(w, at);
}

void tpm2l_unmarshal_TPM2B_SENSITIVE(tpm2l_rcur *r, TPM2B_SENSITIVE *v)
{
    tpm2l_rcur sub;
    v->size = tpm2l_nested_begin(r, &sub);
    if (v->size)
        tpm2l_unmarshal_TPMT_SENSITIVE(&sub, &v->sensitiveArea);
    else
        memset(&v->sensitiveArea, 0, sizeof v->sensitiveArea);
    tpm2l_nested_end(r, &sub);
}
