/* public.c - public areas: TPMT_PUBLIC with its parameters and unique identifier, the
 * TPM2B_PUBLIC around it, and TPMT_PUBLIC_PARMS for TestParms.
 *
 * The bytes written here are what an object's name hashes (Part 1 §16), so they must be
 * exactly Part 2's field order with nothing skipped; never normalise a field.
 */
#include <string.h>

#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

void tpm2l_marshal_TPMS_KEYEDHASH_PARMS(tpm2l_wcur *w, const TPMS_KEYEDHASH_PARMS *v)
{
    tpm2l_marshal_TPMT_KEYEDHASH_SCHEME(w, &v->scheme);
}

void tpm2l_unmarshal_TPMS_KEYEDHASH_PARMS(tpm2l_rcur *r, TPMS_KEYEDHASH_PARMS *v)
{
    tpm2l_unmarshal_TPMT_KEYEDHASH_SCHEME(r, &v->scheme);
}

void tpm2l_marshal_TPMS_ASYM_PARMS(tpm2l_wcur *w, const TPMS_ASYM_PARMS *v)
{
    tpm2l_marshal_TPMT_SYM_DEF_OBJECT(w, &v->symmetric);
    tpm2l_marshal_TPMT_ASYM_SCHEME(w, &v->scheme);
}

void tpm2l_unmarshal_TPMS_ASYM_PARMS(tpm2l_rcur *r, TPMS_ASYM_PARMS *v)
{
    tpm2l_unmarshal_TPMT_SYM_DEF_OBJECT(r, &v->symmetric);
    tpm2l_unmarshal_TPMT_ASYM_SCHEME(r, &v->scheme);
}

void tpm2l_marshal_TPMS_RSA_PARMS(tpm2l_wcur *w, const TPMS_RSA_PARMS *v)
{
    tpm2l_marshal_TPMT_SYM_DEF_OBJECT(w, &v->symmetric);
    tpm2l_marshal_TPMT_RSA_SCHEME(w, &v->scheme);
    tpm2l_wcur_u16(w, v->keyBits);
    tpm2l_wcur_u32(w, v->exponent);
}

void tpm2l_unmarshal_TPMS_RSA_PARMS(tpm2l_rcur *r, TPMS_RSA_PARMS *v)
{
    tpm2l_unmarshal_TPMT_SYM_DEF_OBJECT(r, &v->symmetric);
    tpm2l_unmarshal_TPMT_RSA_SCHEME(r, &v->scheme);
    v->keyBits = tpm2l_rcur_u16(r);
    v->exponent = tpm2l_rcur_u32(r);
}

void tpm2l_marshal_TPMS_ECC_PARMS(tpm2l_wcur *w, const TPMS_ECC_PARMS *v)
{
    tpm2l_marshal_TPMT_SYM_DEF_OBJECT(w, &v->symmetric);
    tpm2l_marshal_TPMT_ECC_SCHEME(w, &v->scheme);
    tpm2l_wcur_u16(w, v->curveID);
    tpm2l_marshal_TPMT_KDF_SCHEME(w, &v->kdf);
}

void tpm2l_unmarshal_TPMS_ECC_PARMS(tpm2l_rcur *r, TPMS_ECC_PARMS *v)
{
    tpm2l_unmarshal_TPMT_SYM_DEF_OBJECT(r, &v->symmetric);
    tpm2l_unmarshal_TPMT_ECC_SCHEME(r, &v->scheme);
    v->curveID = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMT_KDF_SCHEME(r, &v->kdf);
}

void tpm2l_marshal_TPMU_PUBLIC_PARMS(tpm2l_wcur *w, TPMI_ALG_PUBLIC sel, const TPMU_PUBLIC_PARMS *v)
{
    switch (sel) {
    case TPM2_ALG_KEYEDHASH: tpm2l_marshal_TPMS_KEYEDHASH_PARMS(w, &v->keyedHashDetail); break;
    case TPM2_ALG_SYMCIPHER: tpm2l_marshal_TPMS_SYMCIPHER_PARMS(w, &v->symDetail); break;
    case TPM2_ALG_RSA: tpm2l_marshal_TPMS_RSA_PARMS(w, &v->rsaDetail); break;
    case TPM2_ALG_ECC: tpm2l_marshal_TPMS_ECC_PARMS(w, &v->eccDetail); break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_PUBLIC_PARMS(tpm2l_rcur *r, TPMI_ALG_PUBLIC sel, TPMU_PUBLIC_PARMS *v)
{
    switch (sel) {
    case TPM2_ALG_KEYEDHASH: tpm2l_unmarshal_TPMS_KEYEDHASH_PARMS(r, &v->keyedHashDetail); break;
    case TPM2_ALG_SYMCIPHER: tpm2l_unmarshal_TPMS_SYMCIPHER_PARMS(r, &v->symDetail); break;
    case TPM2_ALG_RSA: tpm2l_unmarshal_TPMS_RSA_PARMS(r, &v->rsaDetail); break;
    case TPM2_ALG_ECC: tpm2l_unmarshal_TPMS_ECC_PARMS(r, &v->eccDetail); break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMT_PUBLIC_PARMS(tpm2l_wcur *w, const TPMT_PUBLIC_PARMS *v)
{
    tpm2l_wcur_u16(w, v->type);
    tpm2l_marshal_TPMU_PUBLIC_PARMS(w, v->type, &v->parameters);
}

void tpm2l_unmarshal_TPMT_PUBLIC_PARMS(tpm2l_rcur *r, TPMT_PUBLIC_PARMS *v)
{
    v->type = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_PUBLIC_PARMS(r, v->type, &v->parameters);
}

void tpm2l_marshal_TPMU_PUBLIC_ID(tpm2l_wcur *w, TPMI_ALG_PUBLIC sel, const TPMU_PUBLIC_ID *v)
{
    switch (sel) {
    case TPM2_ALG_KEYEDHASH: tpm2l_marshal_TPM2B_DIGEST(w, &v->keyedHash); break;
    case TPM2_ALG_SYMCIPHER: tpm2l_marshal_TPM2B_DIGEST(w, &v->sym); break;
    case TPM2_ALG_RSA: tpm2l_marshal_TPM2B_PUBLIC_KEY_RSA(w, &v->rsa); break;
    case TPM2_ALG_ECC: tpm2l_marshal_TPMS_ECC_POINT(w, &v->ecc); break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_PUBLIC_ID(tpm2l_rcur *r, TPMI_ALG_PUBLIC sel, TPMU_PUBLIC_ID *v)
{
    switch (sel) {
    case TPM2_ALG_KEYEDHASH: tpm2l_unmarshal_TPM2B_DIGEST(r, &v->keyedHash); break;
    case TPM2_ALG_SYMCIPHER: tpm2l_unmarshal_TPM2B_DIGEST(r, &v->sym); break;
    case TPM2_ALG_RSA: tpm2l_unmarshal_TPM2B_PUBLIC_KEY_RSA(r, &v->rsa); break;
    case TPM2_ALG_ECC: tpm2l_unmarshal_TPMS_ECC_POINT(r, &v->ecc); break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMT_PUBLIC(tpm2l_wcur *w, const TPMT_PUBLIC *v)
{
    tpm2l_wcur_u16(w, v->type);
    tpm2l_wcur_u16(w, v->nameAlg);
    tpm2l_wcur_u32(w, v->objectAttributes);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->authPolicy);
    tpm2l_marshal_TPMU_PUBLIC_PARMS(w, v->type, &v->parameters);
    tpm2l_marshal_TPMU_PUBLIC_ID(w, v->type, &v->unique);
}

void tpm2l_unmarshal_TPMT_PUBLIC(tpm2l_rcur *r, TPMT_PUBLIC *v)
{
    v->type = tpm2l_rcur_u16(r);
    v->nameAlg = tpm2l_rcur_u16(r);
    v->objectAttributes = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->authPolicy);
    tpm2l_unmarshal_TPMU_PUBLIC_PARMS(r, v->type, &v->parameters);
    tpm2l_unmarshal_TPMU_PUBLIC_ID(r, v->type, &v->unique);
}

void tpm2l_marshal_TPM2B_PUBLIC(tpm2l_wcur *w, const TPM2B_PUBLIC *v)
{
    size_t at = tpm2l_wcur_size16_begin(w);
    tpm2l_marshal_TPMT_PUBLIC(w, &v->publicArea);
    tpm2l_wcur_size16_end(w, at);
}

void tpm2l_unmarshal_TPM2B_PUBLIC(tpm2l_rcur *r, TPM2B_PUBLIC *v)
{
    tpm2l_rcur sub;
    v->size = tpm2l_nested_begin(r, &sub);
    if (v->size)
        tpm2l_unmarshal_TPMT_PUBLIC(&sub, &v->publicArea);
    else
        memset(&v->publicArea, 0, sizeof v->publicArea);
    tpm2l_nested_end(r, &sub);
}
