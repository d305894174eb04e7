/* pcrspec.h - PCR selection and PCR digest strings, in the grammar tpm2-tools users type.
 *
 * Selection ("sha256:0,1,2,16+sha1:all"):
 *     spec  = bank *( "+" bank )
 *     bank  = alg [ ":" list ]          a bare alg means alg:all
 *     list  = item *( "," item )
 *     item  = "all" | number
 *     alg   = sha1 | sha256 | sha384 | sha512 | sm3_256 | sha3_256 | sha3_384 | sha3_512
 *             (any case) | a number naming one of those algorithms (0xb, 11)
 *     number = decimal without leading zeros | "0x" hex digits
 * Banks keep the order given (a bank named twice stays two entries, as in tpm2-tools);
 * a PCR named twice is selected once. Ranges ("0-7") are not part of the grammar
 * (tpm2-tools 5 rejects them too) and neither are spaces. "010" is refused rather than
 * guessed: tpm2-tools reads it as octal 8.
 *
 * Digest ("16:sha256=<64 hex>,sha1=<40 hex>", as tpm2_pcrextend takes it):
 *     digest = pcr ":" alg "=" hex *( "," alg "=" hex )
 * The hex must be exactly the algorithm's digest size.
 *
 * Errors are TPM2L_LAYER_PARSE codes (TPM2L_E_BAD_VALUE for a malformed or out of range
 * string, TPM2L_E_NOT_SUPPORTED for a bank the TPM does not have, TPM2L_E_INSUFFICIENT
 * for more banks than a TPML_PCR_SELECTION holds), with one line of text in err (which
 * may be NULL) such as "unknown bank 'sha257'" or "PCR 24 is past the 24 PCRs this TPM
 * has". Nothing here allocates, prints or keeps state; on failure *out is unspecified.
 */
#ifndef TPM2LITE_PCRSPEC_H
#define TPM2LITE_PCRSPEC_H

#include <stddef.h>

#include "rc.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* PCR_Select bytes a selection from tpm2l_pcr_spec_parse uses at least: the PC Client
 * TPM's 24 PCRs (TPM2_PT_PCR_SELECT_MIN on every PC Client TPM). */
#define TPM2L_PCR_SELECT_DEFAULT 3u

/* The bank name of a hash algorithm ("sha256"), or NULL if it is not a PCR bank
 * algorithm this grammar knows. */
const char *tpm2l_pcr_bank_name(TPM2_ALG_ID alg);
/* The algorithm a bank name (or number) names, or TPM2_ALG_ERROR. len bytes of name
 * are used, so the name need not be NUL-terminated. */
TPM2_ALG_ID tpm2l_pcr_bank_alg(const char *name, size_t len);

/* Parse spec without knowing the TPM: "all" means PCRs 0..23 and each bank selects at
 * least TPM2L_PCR_SELECT_DEFAULT bytes (more if a PCR above 23 is named, up to
 * TPM2_MAX_PCRS). Use tpm2l_pcr_spec_parse_tpm when the TPM is at hand. */
TPM2_RC tpm2l_pcr_spec_parse(const char *spec, TPML_PCR_SELECTION *out, char *err,
                             size_t errlen);

/* Parse spec for the TPM whose PCR allocation is assigned (GetCapability(TPM2_CAP_PCRS)
 * assignedPCR): "all" means every PCR allocated in that bank, each bank selects exactly
 * as many bytes as the TPM reports for it, and a bank the TPM does not have, a PCR
 * past the bank's size or a PCR not allocated in that bank is an error, never
 * silently dropped. */
TPM2_RC tpm2l_pcr_spec_parse_tpm(const char *spec, const TPML_PCR_SELECTION *assigned,
                                 TPML_PCR_SELECTION *out, char *err, size_t errlen);

/* Check a selection from anywhere against assigned, with the errors described above,
 * and resize each entry's sizeofSelect to the TPM's (PCR_Read refuses sizes below
 * TPM2_PT_PCR_SELECT_MIN). */
TPM2_RC tpm2l_pcr_selection_check(TPML_PCR_SELECTION *sel, const TPML_PCR_SELECTION *assigned,
                                  char *err, size_t errlen);

/* Write sel as a spec string ("sha256:0,1,2+sha1:16") into buf (cap bytes, NUL
 * included). An empty bank is written as "alg:" which does not parse back: such a
 * selection has no string form. TPM2L_E_INSUFFICIENT if buf is too small,
 * TPM2L_E_BAD_SELECTOR for an algorithm without a bank name. */
TPM2_RC tpm2l_pcr_spec_format(const TPML_PCR_SELECTION *sel, char *buf, size_t cap);

/* Parse a PCR digest string into the PCR number and the digests to extend it with. */
TPM2_RC tpm2l_pcr_digest_spec_parse(const char *spec, TPMI_DH_PCR *pcr, TPML_DIGEST_VALUES *out,
                                    char *err, size_t errlen);

/* Number of PCRs set in a selection over all its banks (a PCR in two banks counts
 * twice): the number of digests PCR_Read must return for it. */
size_t tpm2l_pcr_selection_count(const TPML_PCR_SELECTION *sel);

#ifdef __cplusplus
}
#endif
#endif
