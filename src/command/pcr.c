/* pcr.c - Part 3 §22: TPM2_PCR_Extend, TPM2_PCR_Read, TPM2_PCR_Reset.
 *
 * Must never assume PCR_Read returned what was asked: pcrSelectionOut says which
 * values pcrValues holds (a TPM returns at most eight digests per call).
 */
#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc extend_desc = {"PCR_Extend", TPM2_CC_PCR_Extend, 1, 0x1, 0, 0};
static const tpm2l_cmd_desc read_desc = {"PCR_Read", TPM2_CC_PCR_Read, 0, 0, 0, 0};
static const tpm2l_cmd_desc reset_desc = {"PCR_Reset", TPM2_CC_PCR_Reset, 1, 0x1, 0, 0};

TPM2_RC tpm2l_PCR_Extend(tpm2l_ctx *ctx, const tpm2l_PCR_Extend_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &extend_desc);
    tpm2l_cmd_auth_handle(&c, &in->pcrHandle);
    tpm2l_marshal_TPML_DIGEST_VALUES(tpm2l_cmd_params(&c), &in->digests);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

/* Bits set in a PCR selection list, counted over the bytes each entry claims. */
static size_t selected_count(const TPML_PCR_SELECTION *s)
{
    size_t n = 0;
    for (uint32_t i = 0; i < s->count && i < TPM2_NUM_PCR_BANKS; i++)
        for (uint8_t b = 0; b < s->pcrSelections[i].sizeofSelect && b < TPM2_PCR_SELECT_MAX; b++)
            for (uint8_t v = s->pcrSelections[i].pcrSelect[b]; v; v &= (uint8_t)(v - 1))
                n++;
    return n;
}

TPM2_RC tpm2l_PCR_Read(tpm2l_ctx *ctx, const tpm2l_PCR_Read_in *in, tpm2l_PCR_Read_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &read_desc);
    tpm2l_marshal_TPML_PCR_SELECTION(tpm2l_cmd_params(&c), &in->pcrSelectionIn);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    out->pcrUpdateCounter = tpm2l_rcur_u32(&c.r);
    tpm2l_unmarshal_TPML_PCR_SELECTION(&c.r, &out->pcrSelectionOut);
    tpm2l_unmarshal_TPML_DIGEST(&c.r, &out->pcrValues);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    /* One digest per selected PCR, in selection order: otherwise values would be
     * attributed to the wrong PCRs. */
    if (selected_count(&out->pcrSelectionOut) != out->pcrValues.count)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), "PCR_Read",
                              "%zu PCRs selected in pcrSelectionOut but %u values returned",
                              selected_count(&out->pcrSelectionOut),
                              (unsigned)out->pcrValues.count);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PCR_Reset(tpm2l_ctx *ctx, const tpm2l_PCR_Reset_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &reset_desc);
    tpm2l_cmd_auth_handle(&c, &in->pcrHandle);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}
