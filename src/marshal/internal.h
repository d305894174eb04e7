/* internal.h - helpers shared by the marshal files; not part of the public API.
 *
 * Must stay tiny: the field lists themselves live in the per-concept .c files.
 */
#ifndef TPM2LITE_SRC_MARSHAL_INTERNAL_H
#define TPM2LITE_SRC_MARSHAL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tpm2lite/cursor.h"

/* A byte TPM2B: size (refused with VALUE if above cap, so nothing past the array is
 * read), then size bytes. */
void tpm2l_put_tpm2b(tpm2l_wcur *w, uint16_t size, const uint8_t *buf, size_t cap);
/* size, then that many bytes into buf (cap bytes): INSUFFICIENT if size > cap. */
void tpm2l_get_tpm2b(tpm2l_rcur *r, uint16_t *size, uint8_t *buf, size_t cap);

/* A TPML count before its elements: VALUE on marshal, INSUFFICIENT on unmarshal when
 * count exceeds max. The unmarshal side returns the count to loop over (0 on error, so
 * a failed reader never drives a loop past the array). */
void tpm2l_put_count(tpm2l_wcur *w, uint32_t count, size_t max);
uint32_t tpm2l_get_count(tpm2l_rcur *r, size_t max);

/* The pcrSelect byte-array that follows a sizeofSelect (TPMS_PCR_SELECT and friends). */
void tpm2l_put_select(tpm2l_wcur *w, uint8_t sizeofSelect, const uint8_t *sel, size_t cap);
uint8_t tpm2l_get_select(tpm2l_rcur *r, uint8_t *sel, size_t cap);

/* Nested TPM2B, read side: read the u16 size and split that many bytes off into sub.
 * Returns the size. Then parse the inner structure from sub (skip it when the size is
 * zero) and call tpm2l_nested_end, which reports the sub-reader's error or leftover
 * bytes (TRAILING) on r. */
uint16_t tpm2l_nested_begin(tpm2l_rcur *r, tpm2l_rcur *sub);
void tpm2l_nested_end(tpm2l_rcur *r, const tpm2l_rcur *sub);

#endif
