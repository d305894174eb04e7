/* fuzz_pcrspec.c - the PCR selection and PCR digest string parsers (pcrspec.h).
 *
 * Input: up to three NUL-separated strings: a selection, a digest spec, and a second
 * selection checked against a fixed PCR allocation (sha1 and sha256 with 24 PCRs,
 * sha384 with none allocated), the way a CLI checks one against a real TPM.
 * Properties beyond "no crash": a selection the parser accepts and the formatter
 * writes must parse back to the same selection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tpm2lite/pcrspec.h"

static void assigned_init(TPML_PCR_SELECTION *a)
{
    memset(a, 0, sizeof *a);
    a->count = 3;
    a->pcrSelections[0].hash = TPM2_ALG_SHA1;
    a->pcrSelections[1].hash = TPM2_ALG_SHA256;
    a->pcrSelections[2].hash = TPM2_ALG_SHA384;
    for (int i = 0; i < 3; i++) {
        a->pcrSelections[i].sizeofSelect = 3;
        if (i < 2)
            memset(a->pcrSelections[i].pcrSelect, 0xff, 3);
    }
}

/* The next NUL-terminated piece of the input (the last one may lack its NUL). */
static char *next_piece(fuzz_in *in)
{
    const uint8_t *nul = memchr(in->p, 0, in->n);
    size_t n = nul ? (size_t)(nul - in->p) : in->n;
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    memcpy(s, in->p, n);
    s[n] = '\0';
    in->p += n;
    in->n -= n;
    if (nul) {
        in->p++;
        in->n--;
    }
    return s;
}

static void round_trip(const TPML_PCR_SELECTION *sel)
{
    /* An empty bank has no string form (pcrspec.h): nothing to compare. */
    for (uint32_t i = 0; i < sel->count; i++) {
        int any = 0;
        for (unsigned k = 0; k < sel->pcrSelections[i].sizeofSelect; k++)
            any |= sel->pcrSelections[i].pcrSelect[k];
        if (!any)
            return;
    }
    char text[2048];
    if (tpm2l_pcr_spec_format(sel, text, sizeof text) != TPM2_RC_SUCCESS)
        return;
    TPML_PCR_SELECTION again;
    char err[160];
    if (tpm2l_pcr_spec_parse(text, &again, err, sizeof err) != TPM2_RC_SUCCESS) {
        fprintf(stderr, "fuzz_pcrspec: '%s' (formatted) does not parse: %s\n", text, err);
        abort();
    }
    if (again.count != sel->count)
        abort();
    for (uint32_t i = 0; i < sel->count; i++) {
        const TPMS_PCR_SELECTION *a = &sel->pcrSelections[i], *b = &again.pcrSelections[i];
        if (a->hash != b->hash)
            abort();
        /* Sizes may differ (the parser picks its minimum); the PCRs may not. */
        for (unsigned k = 0; k < TPM2_PCR_SELECT_MAX; k++) {
            uint8_t x = k < a->sizeofSelect ? a->pcrSelect[k] : 0;
            uint8_t y = k < b->sizeofSelect ? b->pcrSelect[k] : 0;
            if (x != y) {
                fprintf(stderr, "fuzz_pcrspec: '%s' round trip changed bank %u\n", text, i);
                abort();
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    char *sel_s = next_piece(&in), *dig_s = next_piece(&in), *tpm_s = next_piece(&in);
    char err[160];
    TPML_PCR_SELECTION sel, assigned;
    assigned_init(&assigned);
    if (!sel_s || !dig_s || !tpm_s)
        goto out;

    if (tpm2l_pcr_spec_parse(sel_s, &sel, err, sizeof err) == TPM2_RC_SUCCESS) {
        (void)tpm2l_pcr_selection_count(&sel);
        round_trip(&sel);
        (void)tpm2l_pcr_selection_check(&sel, &assigned, err, sizeof err);
    }
    (void)tpm2l_pcr_bank_alg(sel_s, strlen(sel_s));

    TPMI_DH_PCR pcr;
    TPML_DIGEST_VALUES digests;
    (void)tpm2l_pcr_digest_spec_parse(dig_s, &pcr, &digests, err, sizeof err);

    if (tpm2l_pcr_spec_parse_tpm(tpm_s, &assigned, &sel, err, sizeof err) == TPM2_RC_SUCCESS)
        (void)tpm2l_pcr_selection_count(&sel);
    /* A one-byte error buffer must stay one byte. */
    char tiny[1];
    (void)tpm2l_pcr_spec_parse(sel_s, &sel, tiny, sizeof tiny);
out:
    free(sel_s);
    free(dig_s);
    free(tpm_s);
    return 0;
}
