/* der.c - DER (X.690 §10) reading and writing for the key file formats.
 *
 * Must never read outside the range a reader was given, accept a BER-only encoding
 * (indefinite or non-minimal lengths, non-minimal INTEGERs, BOOLEANs other than 0x00
 * and 0xFF), or write past a writer's capacity.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src/file/der.h"

#define PARSE(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

void der_reader_init(der_reader *d, const uint8_t *buf, size_t len, char *why, size_t cap)
{
    d->buf = buf;
    d->len = len;
    d->off = 0;
    d->abs = 0;
    d->why = why;
    d->why_cap = cap;
}

int der_at_end(const der_reader *d)
{
    return d->off >= d->len;
}

int der_peek(const der_reader *d)
{
    return der_at_end(d) ? -1 : d->buf[d->off];
}

TPM2_RC der_fail(const der_reader *d, TPM2_RC rc, const char *fmt, ...)
{
    if (d->why && d->why_cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->why, d->why_cap, fmt, ap);
        va_end(ap);
    }
    return rc;
}

TPM2_RC der_get(der_reader *d, uint8_t tag, der_reader *content, const char *what)
{
    size_t at = d->abs + d->off;
    size_t left = d->len - d->off;
    const uint8_t *p = d->buf + d->off;
    *content = (der_reader){.why = d->why, .why_cap = d->why_cap};
    if (left < 2)
        return der_fail(d, PARSE(TPM2L_E_TRUNCATED), "DER ends before %s at byte %zu", what,
                        at);
    if (p[0] != tag)
        return der_fail(d, PARSE(TPM2L_E_BAD_VALUE),
                        "%s at byte %zu: tag 0x%02x where 0x%02x belongs", what, at, p[0],
                        tag);
    size_t hl = 2, n = p[1];
    if (n & 0x80) {
        size_t k = n & 0x7F;
        /* 0x80 is BER's indefinite length; more than 3 length bytes exceeds any file
         * we read (and our 16 MiB limit). */
        if (k == 0 || k > 3)
            return der_fail(d, PARSE(TPM2L_E_BAD_VALUE),
                            "%s at byte %zu: length form 0x%02x is not DER", what, at, p[1]);
        if (left < 2 + k)
            return der_fail(d, PARSE(TPM2L_E_TRUNCATED), "%s at byte %zu: length cut short",
                            what, at);
        n = 0;
        for (size_t i = 0; i < k; i++)
            n = (n << 8) | p[2 + i];
        /* X.690 §10.1: the fewest length octets; long form only from 128 up. */
        if (n < 0x80 || p[2] == 0)
            return der_fail(d, PARSE(TPM2L_E_BAD_VALUE),
                            "%s at byte %zu: non-minimal DER length", what, at);
        hl += k;
    }
    if (n > left - hl)
        return der_fail(d, PARSE(TPM2L_E_TRUNCATED),
                        "%s at byte %zu: length %zu runs %zu bytes past the end", what, at, n,
                        n - (left - hl));
    content->buf = p + hl;
    content->len = n;
    content->off = 0;
    content->abs = at + hl;
    content->why = d->why;
    content->why_cap = d->why_cap;
    d->off += hl + n;
    return 0;
}

TPM2_RC der_get_u32(der_reader *d, uint32_t *v, const char *what)
{
    der_reader c;
    TPM2_RC rc = der_get(d, DER_INTEGER, &c, what);
    if (rc)
        return rc;
    if (c.len == 0)
        return der_fail(d, PARSE(TPM2L_E_BAD_VALUE), "%s at byte %zu: empty INTEGER", what,
                        c.abs);
    if (c.buf[0] & 0x80)
        return der_fail(d, PARSE(TPM2L_E_BAD_VALUE), "%s at byte %zu: negative INTEGER",
                        what, c.abs);
    /* X.690 §8.3.2: no leading 0x00 unless the next byte has its top bit set. */
    if (c.len > 1 && c.buf[0] == 0 && !(c.buf[1] & 0x80))
        return der_fail(d, PARSE(TPM2L_E_BAD_VALUE), "%s at byte %zu: non-minimal INTEGER",
                        what, c.abs);
    size_t skip = c.buf[0] == 0 ? 1 : 0;
    if (c.len - skip > 4)
        return der_fail(d, PARSE(TPM2L_E_BAD_VALUE),
                        "%s at byte %zu: INTEGER larger than 32 bits", what, c.abs);
    uint32_t x = 0;
    for (size_t i = skip; i < c.len; i++)
        x = (x << 8) | c.buf[i];
    *v = x;
    return 0;
}

TPM2_RC der_get_bool(der_reader *d, int *v, const char *what)
{
    der_reader c;
    TPM2_RC rc = der_get(d, DER_BOOLEAN, &c, what);
    if (rc)
        return rc;
    /* DER's TRUE is 0xFF (X.690 §11.1), but tpm2-openssl 1.1 writes emptyAuth as 0x01,
     * so any non-zero byte reads as TRUE (BER §8.2.2); we write 0xFF. */
    if (c.len != 1)
        return der_fail(d, PARSE(TPM2L_E_BAD_VALUE), "%s at byte %zu: a BOOLEAN of %zu bytes",
                        what, c.abs, c.len);
    *v = c.buf[0] ? 1 : 0;
    return 0;
}

TPM2_RC der_end(const der_reader *d, const char *what)
{
    if (!der_at_end(d))
        return der_fail(d, PARSE(TPM2L_E_TRAILING), "%zu unexpected bytes at byte %zu in %s",
                        d->len - d->off, d->abs + d->off, what);
    return 0;
}

TPM2_RC der_parse_rc(TPM2_RC rc)
{
    switch (rc & 0xFFFFu) {
    case TPM2L_E_TRUNCATED:
    case TPM2L_E_TRAILING:
    case TPM2L_E_INSUFFICIENT:
    case TPM2L_E_BAD_SELECTOR:
        return PARSE(rc & 0xFFFFu);
    default:
        return PARSE(TPM2L_E_BAD_VALUE);
    }
}

void der_writer_init(der_writer *w, uint8_t *buf, size_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->off = 0;
    w->err = 0;
}

static void put_byte(der_writer *w, uint8_t b)
{
    if (w->err)
        return;
    if (w->off >= w->cap) {
        w->err = PARSE(TPM2L_E_INSUFFICIENT);
        return;
    }
    w->buf[w->off++] = b;
}

size_t der_open(der_writer *w, uint8_t tag)
{
    put_byte(w, tag);
    return w->off;
}

void der_close(der_writer *w, size_t mark)
{
    if (w->err)
        return;
    size_t n = w->off - mark;
    uint8_t hdr[4];
    size_t hl;
    if (n < 0x80) {
        hdr[0] = (uint8_t)n;
        hl = 1;
    } else if (n < 0x100) {
        hdr[0] = 0x81;
        hdr[1] = (uint8_t)n;
        hl = 2;
    } else if (n < 0x10000) {
        hdr[0] = 0x82;
        hdr[1] = (uint8_t)(n >> 8);
        hdr[2] = (uint8_t)n;
        hl = 3;
    } else if (n < 0x1000000) {
        hdr[0] = 0x83;
        hdr[1] = (uint8_t)(n >> 16);
        hdr[2] = (uint8_t)(n >> 8);
        hdr[3] = (uint8_t)n;
        hl = 4;
    } else {
        w->err = PARSE(TPM2L_E_BAD_ARG);
        return;
    }
    if (w->cap - w->off < hl) {
        w->err = PARSE(TPM2L_E_INSUFFICIENT);
        return;
    }
    memmove(w->buf + mark + hl, w->buf + mark, n);
    memcpy(w->buf + mark, hdr, hl);
    w->off += hl;
}

void der_put(der_writer *w, uint8_t tag, const uint8_t *p, size_t n)
{
    size_t m = der_open(w, tag);
    if (w->err)
        return;
    if (w->cap - w->off < n) {
        w->err = PARSE(TPM2L_E_INSUFFICIENT);
        return;
    }
    if (n)
        memcpy(w->buf + w->off, p, n);
    w->off += n;
    der_close(w, m);
}

void der_put_u32(der_writer *w, uint32_t v)
{
    uint8_t b[5] = {0, (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    size_t i = 1;
    while (i < 4 && b[i] == 0)
        i++;
    if (b[i] & 0x80)
        i--; /* keep it non-negative: a leading 0x00 */
    der_put(w, DER_INTEGER, b + i, 5 - i);
}

void der_put_bool(der_writer *w, int v)
{
    uint8_t b = v ? 0xFF : 0x00;
    der_put(w, DER_BOOLEAN, &b, 1);
}
