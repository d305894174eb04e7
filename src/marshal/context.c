/* context.c - saved contexts (ContextSave / ContextLoad).
 *
 * contextBlob is the TPM's own integrity-protected, encrypted data: carried as bytes,
 * never interpreted. TPMS_CONTEXT_DATA is here for tools that show its two parts.
 */
#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

void tpm2l_marshal_TPMS_CONTEXT_DATA(tpm2l_wcur *w, const TPMS_CONTEXT_DATA *v)
{
    tpm2l_marshal_TPM2B_DIGEST(w, &v->integrity);
    tpm2l_marshal_TPM2B_CONTEXT_SENSITIVE(w, &v->encrypted);
}

void tpm2l_unmarshal_TPMS_CONTEXT_DATA(tpm2l_rcur *r, TPMS_CONTEXT_DATA *v)
{
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->integrity);
    tpm2l_unmarshal_TPM2B_CONTEXT_SENSITIVE(r, &v->encrypted);
}

void tpm2l_marshal_TPMS_CONTEXT(tpm2l_wcur *w, const TPMS_CONTEXT *v)
{
    tpm2l_wcur_u64(w, v->sequence);
    tpm2l_wcur_u32(w, v->savedHandle);
    tpm2l_wcur_u32(w, v->hierarchy);
    tpm2l_marshal_TPM2B_CONTEXT_DATA(w, &v->contextBlob);
}

void tpm2l_unmarshal_TPMS_CONTEXT(tpm2l_rcur *r, TPMS_CONTEXT *v)
{
    v->sequence = tpm2l_rcur_u64(r);
    v->savedHandle = tpm2l_rcur_u32(r);
    v->hierarchy = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPM2B_CONTEXT_DATA(r, &v->contextBlob);
}
