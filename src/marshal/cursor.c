/* cursor.c - the byte cursors every marshal function is written on.
 *
 * Must never read or write outside [buf, buf+cap/len), whatever the inputs, and must
 * never let a later operation succeed after an earlier one failed.
 */
#include <string.h>

#include "tpm2lite/cursor.h"

void tpm2l_wcur_init(tpm2l_wcur *w, uint8_t *buf, size_t cap)
{
    w->buf = buf;
    w->cap = buf ? cap : 0;
    w->off = 0;
    w->err = TPM2_RC_SUCCESS;
}

void tpm2l_rcur_init(tpm2l_rcur *r, const uint8_t *buf, size_t len)
{
    r->buf = buf;
    r->len = buf ? len : 0;
    r->off = 0;
    r->err = TPM2_RC_SUCCESS;
}

void tpm2l_wcur_fail(tpm2l_wcur *w, TPM2_RC err)
{
    if (!w->err)
        w->err = err;
}

void tpm2l_rcur_fail(tpm2l_rcur *r, TPM2_RC err)
{
    if (!r->err)
        r->err = err;
}

/* Room for n more bytes? Written so that off + n cannot overflow. */
static uint8_t *wspace(tpm2l_wcur *w, size_t n)
{
    if (w->err)
        return NULL;
    if (n > w->cap - w->off) {
        w->err = TPM2L_RC_MARSHAL_INSUFFICIENT;
        return NULL;
    }
    uint8_t *p = w->buf + w->off;
    w->off += n;
    return p;
}

static const uint8_t *rspace(tpm2l_rcur *r, size_t n)
{
    if (r->err)
        return NULL;
    if (n > r->len - r->off) {
        r->err = TPM2L_RC_MARSHAL_TRUNCATED;
        return NULL;
    }
    const uint8_t *p = r->buf + r->off;
    r->off += n;
    return p;
}

static void put_be(uint8_t *p, uint64_t v, size_t n)
{
    for (size_t i = n; i-- > 0; v >>= 8)
        p[i] = (uint8_t)v;
}

static uint64_t get_be(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

static void write_be(tpm2l_wcur *w, uint64_t v, size_t n)
{
    uint8_t *p = wspace(w, n);
    if (p)
        put_be(p, v, n);
}

static uint64_t read_be(tpm2l_rcur *r, size_t n)
{
    const uint8_t *p = rspace(r, n);
    return p ? get_be(p, n) : 0;
}

void tpm2l_wcur_u8(tpm2l_wcur *w, uint8_t v) { write_be(w, v, 1); }
void tpm2l_wcur_u16(tpm2l_wcur *w, uint16_t v) { write_be(w, v, 2); }
void tpm2l_wcur_u32(tpm2l_wcur *w, uint32_t v) { write_be(w, v, 4); }
void tpm2l_wcur_u64(tpm2l_wcur *w, uint64_t v) { write_be(w, v, 8); }

void tpm2l_wcur_bytes(tpm2l_wcur *w, const uint8_t *p, size_t n)
{
    if (n && !p) {
        tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_BAD_ARG);
        return;
    }
    uint8_t *d = wspace(w, n);
    if (d && n)
        memcpy(d, p, n);
}

static size_t size_begin(tpm2l_wcur *w, size_t n)
{
    size_t at = w->off;
    write_be(w, 0, n);
    return at;
}

static void size_end(tpm2l_wcur *w, size_t at, size_t n, uint64_t max)
{
    if (w->err)
        return;
    size_t body = w->off - at - n;
    if (body > max) {
        w->err = TPM2L_RC_MARSHAL_VALUE;
        return;
    }
    put_be(w->buf + at, body, n);
}

size_t tpm2l_wcur_size16_begin(tpm2l_wcur *w) { return size_begin(w, 2); }
void tpm2l_wcur_size16_end(tpm2l_wcur *w, size_t at) { size_end(w, at, 2, 0xFFFFu); }
size_t tpm2l_wcur_size32_begin(tpm2l_wcur *w) { return size_begin(w, 4); }
void tpm2l_wcur_size32_end(tpm2l_wcur *w, size_t at) { size_end(w, at, 4, 0xFFFFFFFFu); }

TPM2_RC tpm2l_wcur_finish(const tpm2l_wcur *w, size_t *len)
{
    if (w->err)
        return w->err;
    if (len)
        *len = w->off;
    return TPM2_RC_SUCCESS;
}

uint8_t tpm2l_rcur_u8(tpm2l_rcur *r) { return (uint8_t)read_be(r, 1); }
uint16_t tpm2l_rcur_u16(tpm2l_rcur *r) { return (uint16_t)read_be(r, 2); }
uint32_t tpm2l_rcur_u32(tpm2l_rcur *r) { return (uint32_t)read_be(r, 4); }
uint64_t tpm2l_rcur_u64(tpm2l_rcur *r) { return read_be(r, 8); }

void tpm2l_rcur_bytes(tpm2l_rcur *r, uint8_t *dst, size_t n)
{
    const uint8_t *p = rspace(r, n);
    if (!n)
        return;
    if (p)
        memcpy(dst, p, n);
    else if (dst)
        memset(dst, 0, n);
}

uint16_t tpm2l_rcur_sized16(tpm2l_rcur *r, uint8_t *dst, size_t cap)
{
    uint16_t n = tpm2l_rcur_u16(r);
    if (r->err)
        return 0;
    if (n > cap) {
        r->err = TPM2L_RC_MARSHAL_INSUFFICIENT;
        return 0;
    }
    tpm2l_rcur_bytes(r, dst, n);
    return r->err ? 0 : n;
}

void tpm2l_rcur_sub(tpm2l_rcur *r, size_t n, tpm2l_rcur *sub)
{
    const uint8_t *p = rspace(r, n);
    tpm2l_rcur_init(sub, p, p ? n : 0);
    if (!p)
        sub->err = r->err;
}

const uint8_t *tpm2l_rcur_take(tpm2l_rcur *r, size_t n) { return rspace(r, n); }

size_t tpm2l_rcur_left(const tpm2l_rcur *r) { return r->err ? 0 : r->len - r->off; }

TPM2_RC tpm2l_rcur_finish(const tpm2l_rcur *r)
{
    if (r->err)
        return r->err;
    return r->off == r->len ? TPM2_RC_SUCCESS : TPM2L_RC_MARSHAL_TRAILING;
}

void tpm2l_rcur_join(tpm2l_rcur *parent, const tpm2l_rcur *child)
{
    if (child->err)
        tpm2l_rcur_fail(parent, child->err);
}
