/* der.h - the few DER (X.690) primitives the TSS2 PRIVATE KEY format needs.
 *
 * A reader walks one level of TLVs inside a byte range and hands out nested ranges as
 * readers of their own; a writer appends TLVs and back-fills a constructed value's
 * length when it ends. Only DER is accepted: single-byte tags, definite minimal
 * lengths up to 3 length bytes, minimal INTEGERs; BOOLEAN TRUE is written 0xFF and any
 * non-zero byte is read as TRUE (tpm2-openssl writes 0x01). Nothing here
 * allocates; every read is held to its range, every write to the capacity.
 */
#ifndef TPM2LITE_SRC_FILE_DER_H
#define TPM2LITE_SRC_FILE_DER_H

#include <stddef.h>
#include <stdint.h>

#include "tpm2lite/rc.h"

#define DER_BOOLEAN 0x01
#define DER_INTEGER 0x02
#define DER_OCTET_STRING 0x04
#define DER_OID 0x06
#define DER_UTF8STRING 0x0C
#define DER_SEQUENCE 0x30
#define DER_CTX(n) (0xA0 | (n)) /* [n] EXPLICIT: context-specific, constructed */

typedef struct {
    const uint8_t *buf;
    size_t len;
    size_t off;
    size_t abs;  /* offset of buf[0] in the whole input, for messages */
    char *why;   /* where to explain a failure (may be NULL) */
    size_t why_cap;
} der_reader;

void der_reader_init(der_reader *d, const uint8_t *buf, size_t len, char *why, size_t cap);
int der_at_end(const der_reader *d);
/* The next tag, or -1 at the end. */
int der_peek(const der_reader *d);
/* Read one TLV that must carry tag; its contents become *content. what names the
 * field for the message. */
TPM2_RC der_get(der_reader *d, uint8_t tag, der_reader *content, const char *what);
/* A non-negative INTEGER that fits 32 bits. */
TPM2_RC der_get_u32(der_reader *d, uint32_t *v, const char *what);
TPM2_RC der_get_bool(der_reader *d, int *v, const char *what);
/* Success if d has been read completely, else TRAILING with a message. */
TPM2_RC der_end(const der_reader *d, const char *what);
/* Record a failure message (printf-style) and return rc. */
TPM2_RC der_fail(const der_reader *d, TPM2_RC rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A marshal-layer error met inside a file, restated in the parse layer with the same
 * reason (TRUNCATED, TRAILING, INSUFFICIENT, BAD_SELECTOR; anything else BAD_VALUE). */
TPM2_RC der_parse_rc(TPM2_RC marshal_rc);

typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t off;
    TPM2_RC err; /* sticky, as the TPM cursors */
} der_writer;

void der_writer_init(der_writer *w, uint8_t *buf, size_t cap);
/* Start a constructed value: returns the mark der_close needs. */
size_t der_open(der_writer *w, uint8_t tag);
/* Insert the length of everything written since der_open (moving it up). */
void der_close(der_writer *w, size_t mark);
void der_put(der_writer *w, uint8_t tag, const uint8_t *p, size_t n);
void der_put_u32(der_writer *w, uint32_t v);
void der_put_bool(der_writer *w, int v);

#endif
