/* pcr.c - PCR selections: the bit maps of PCR_Read, PolicyPCR, Quote and creation data.
 *
 * Must never accept a sizeofSelect larger than TPM2_PCR_SELECT_MAX (refused, not
 * truncated: a shortened map would silently select different PCRs).
 */
#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

void tpm2l_marshal_TPMS_PCR_SELECT(tpm2l_wcur *w, const TPMS_PCR_SELECT *v)
{
    tpm2l_put_select(w, v->sizeofSelect, v->pcrSelect, sizeof v->pcrSelect);
}

void tpm2l_unmarshal_TPMS_PCR_SELECT(tpm2l_rcur *r, TPMS_PCR_SELECT *v)
{
    v->sizeofSelect = tpm2l_get_select(r, v->pcrSelect, sizeof v->pcrSelect);
}

void tpm2l_marshal_TPMS_PCR_SELECTION(tpm2l_wcur *w, const TPMS_PCR_SELECTION *v)
{
    tpm2l_wcur_u16(w, v->hash);
    tpm2l_put_select(w, v->sizeofSelect, v->pcrSelect, sizeof v->pcrSelect);
}

void tpm2l_unmarshal_TPMS_PCR_SELECTION(tpm2l_rcur *r, TPMS_PCR_SELECTION *v)
{
    v->hash = tpm2l_rcur_u16(r);
    v->sizeofSelect = tpm2l_get_select(r, v->pcrSelect, sizeof v->pcrSelect);
}

void tpm2l_marshal_TPML_PCR_SELECTION(tpm2l_wcur *w, const TPML_PCR_SELECTION *v)
{
    size_t max = sizeof v->pcrSelections / sizeof v->pcrSelections[0];
    tpm2l_put_count(w, v->count, max);
    for (uint32_t i = 0; i < v->count && i < max && !w->err; i++)
        tpm2l_marshal_TPMS_PCR_SELECTION(w, &v->pcrSelections[i]);
}

void tpm2l_unmarshal_TPML_PCR_SELECTION(tpm2l_rcur *r, TPML_PCR_SELECTION *v)
{
    v->count = tpm2l_get_count(r, sizeof v->pcrSelections / sizeof v->pcrSelections[0]);
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        tpm2l_unmarshal_TPMS_PCR_SELECTION(r, &v->pcrSelections[i]);
}

void tpm2l_marshal_TPMS_TAGGED_PCR_SELECT(tpm2l_wcur *w, const TPMS_TAGGED_PCR_SELECT *v)
{
    tpm2l_wcur_u32(w, v->tag);
    tpm2l_put_select(w, v->sizeofSelect, v->pcrSelect, sizeof v->pcrSelect);
}

void tpm2l_unmarshal_TPMS_TAGGED_PCR_SELECT(tpm2l_rcur *r, TPMS_TAGGED_PCR_SELECT *v)
{
    v->tag = tpm2l_rcur_u32(r);
    v->sizeofSelect = tpm2l_get_select(r, v->pcrSelect, sizeof v->pcrSelect);
}
