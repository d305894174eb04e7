/* nv.c - NV index public areas (NV_DefineSpace, NV_ReadPublic).
 *
 * The bytes of TPMS_NV_PUBLIC are what an index's name hashes; never normalise a field.
 */
#include <string.h>

#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

void tpm2l_marshal_TPMS_NV_PUBLIC(tpm2l_wcur *w, const TPMS_NV_PUBLIC *v)
{
    tpm2l_wcur_u32(w, v->nvIndex);
    tpm2l_wcur_u16(w, v->nameAlg);
    tpm2l_wcur_u32(w, v->attributes);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->authPolicy);
    tpm2l_wcur_u16(w, v->dataSize);
}

void tpm2l_unmarshal_TPMS_NV_PUBLIC(tpm2l_rcur *r, TPMS_NV_PUBLIC *v)
{
    v->nvIndex = tpm2l_rcur_u32(r);
    v->nameAlg = tpm2l_rcur_u16(r);
    v->attributes = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->authPolicy);
    v->dataSize = tpm2l_rcur_u16(r);
}

void tpm2l_marshal_TPM2B_NV_PUBLIC(tpm2l_wcur *w, const TPM2B_NV_PUBLIC *v)
{
    size_t at = tpm2l_wcur_size16_begin(w);
    tpm2l_marshal_TPMS_NV_PUBLIC(w, &v->nvPublic);
    tpm2l_wcur_size16_end(w, at);
}

void tpm2l_unmarshal_TPM2B_NV_PUBLIC(tpm2l_rcur *r, TPM2B_NV_PUBLIC *v)
{
    tpm2l_rcur sub;
    v->size = tpm2l_nested_begin(r, &sub);
    if (v->size)
        tpm2l_unmarshal_TPMS_NV_PUBLIC(&sub, &v->nvPublic);
    else
        memset(&v->nvPublic, 0, sizeof v->nvPublic);
    tpm2l_nested_end(r, &sub);
}
