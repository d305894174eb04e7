/* cursor.h - bounds-checked big-endian byte cursors with a sticky error.
 *
 * A writer appends into a caller-owned buffer; a reader consumes a caller-owned
 * buffer. The first failure (overflow, truncation, bad value) is recorded in ->err and
 * every later operation becomes a no-op, so a marshal function is a straight list of
 * field operations and the caller checks once, at the end (tpm2l_wcur_finish /
 * tpm2l_rcur_finish). Nothing here allocates, prints or aborts.
 *
 * Readers never hand out bytes past their limit; a failed read fills its destination
 * with zeros so no uninitialised memory escapes even if a caller forgets the check.
 */
#ifndef TPM2LITE_CURSOR_H
#define TPM2LITE_CURSOR_H

#include <stddef.h>
#include <stdint.h>
#include "rc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint8_t *buf;
    size_t cap; /* bytes buf can hold */
    size_t off; /* bytes written so far */
    TPM2_RC err;
} tpm2l_wcur;

typedef struct {
    const uint8_t *buf;
    size_t len; /* bytes readable from buf */
    size_t off; /* bytes consumed so far */
    TPM2_RC err;
} tpm2l_rcur;

/* Marshal-layer error codes used by the cursors. */
#define TPM2L_RC_MARSHAL_INSUFFICIENT TPM2L_RC(TPM2L_LAYER_MARSHAL, TPM2L_E_INSUFFICIENT)
#define TPM2L_RC_MARSHAL_TRUNCATED    TPM2L_RC(TPM2L_LAYER_MARSHAL, TPM2L_E_TRUNCATED)
#define TPM2L_RC_MARSHAL_SELECTOR     TPM2L_RC(TPM2L_LAYER_MARSHAL, TPM2L_E_BAD_SELECTOR)
#define TPM2L_RC_MARSHAL_VALUE        TPM2L_RC(TPM2L_LAYER_MARSHAL, TPM2L_E_BAD_VALUE)
#define TPM2L_RC_MARSHAL_TRAILING     TPM2L_RC(TPM2L_LAYER_MARSHAL, TPM2L_E_TRAILING)
#define TPM2L_RC_MARSHAL_BAD_ARG      TPM2L_RC(TPM2L_LAYER_MARSHAL, TPM2L_E_BAD_ARG)

void tpm2l_wcur_init(tpm2l_wcur *w, uint8_t *buf, size_t cap);
void tpm2l_rcur_init(tpm2l_rcur *r, const uint8_t *buf, size_t len);

/* Record err unless an error is already recorded (the first one wins). */
void tpm2l_wcur_fail(tpm2l_wcur *w, TPM2_RC err);
void tpm2l_rcur_fail(tpm2l_rcur *r, TPM2_RC err);

void tpm2l_wcur_u8(tpm2l_wcur *w, uint8_t v);
void tpm2l_wcur_u16(tpm2l_wcur *w, uint16_t v);
void tpm2l_wcur_u32(tpm2l_wcur *w, uint32_t v);
void tpm2l_wcur_u64(tpm2l_wcur *w, uint64_t v);
void tpm2l_wcur_bytes(tpm2l_wcur *w, const uint8_t *p, size_t n);

/* Reserve a u16 size field now and fill it in later with the number of bytes written
 * since: the way nested TPM2B structures (TPM2B_PUBLIC, ...) get their size. Returns the
 * offset of the reserved field (meaningless if the cursor has failed). */
size_t tpm2l_wcur_size16_begin(tpm2l_wcur *w);
void tpm2l_wcur_size16_end(tpm2l_wcur *w, size_t at);
/* The same for a u32 size field (the command header, the authorization area). */
size_t tpm2l_wcur_size32_begin(tpm2l_wcur *w);
void tpm2l_wcur_size32_end(tpm2l_wcur *w, size_t at);

/* err if any, else TPM2_RC_SUCCESS and *len (if not NULL) = bytes written. */
TPM2_RC tpm2l_wcur_finish(const tpm2l_wcur *w, size_t *len);

uint8_t tpm2l_rcur_u8(tpm2l_rcur *r);
uint16_t tpm2l_rcur_u16(tpm2l_rcur *r);
uint32_t tpm2l_rcur_u32(tpm2l_rcur *r);
uint64_t tpm2l_rcur_u64(tpm2l_rcur *r);
void tpm2l_rcur_bytes(tpm2l_rcur *r, uint8_t *dst, size_t n);

/* Read a u16 size then that many bytes into dst, which holds at most cap bytes: a size
 * above cap is TPM2L_RC_MARSHAL_INSUFFICIENT, never silently clamped. The plain TPM2B. */
uint16_t tpm2l_rcur_sized16(tpm2l_rcur *r, uint8_t *dst, size_t cap);

/* Split off the next n bytes as a reader of their own (for a sized nested structure)
 * and advance r past them. On error sub is an empty, failed reader. */
void tpm2l_rcur_sub(tpm2l_rcur *r, size_t n, tpm2l_rcur *sub);

/* Pointer to the next n bytes without copying (NULL on error), then advance. */
const uint8_t *tpm2l_rcur_take(tpm2l_rcur *r, size_t n);

size_t tpm2l_rcur_left(const tpm2l_rcur *r);

/* err if any; else TPM2L_RC_MARSHAL_TRAILING if bytes remain; else success. */
TPM2_RC tpm2l_rcur_finish(const tpm2l_rcur *r);

/* Propagate a child reader's error into its parent. */
void tpm2l_rcur_join(tpm2l_rcur *parent, const tpm2l_rcur *child);

#ifdef __cplusplus
}
#endif
#endif
