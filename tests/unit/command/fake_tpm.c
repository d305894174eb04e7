/* fake_tpm.c - the scripted transport behind the command-layer unit tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/command/fake_tpm.h"

fake_tpm fake;
tpm2l_ctx ctx;
tpm2l_wcur rsp_w;
static uint8_t rsp_buf[TPM2L_MAX_MESSAGE];

size_t fake_unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = hex; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned v;
        assert_int_equal(sscanf(p, "%2x", &v), 1);
        assert_true(n < cap);
        out[n++] = (uint8_t)v;
        p += 2;
    }
    return n;
}

static TPM2_RC fake_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    fake_tpm *f = (fake_tpm *)t;
    if (f->tx_rc) {
        snprintf(t->err, sizeof t->err, "tcti(fake): connection refused on nowhere:1");
        return f->tx_rc;
    }
    assert_true(f->n_sent < FAKE_MAX && len <= TPM2L_MAX_MESSAGE);
    memcpy(f->sent[f->n_sent], cmd, len);
    f->sent_len[f->n_sent++] = len;
    return 0;
}

static TPM2_RC fake_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    fake_tpm *f = (fake_tpm *)t;
    if (f->rx_rc) {
        snprintf(t->err, sizeof t->err, "tcti(fake): no answer in 1 ms");
        return f->rx_rc;
    }
    assert_true(f->next_rsp < f->n_rsp);
    size_t n = f->rsp_len[f->next_rsp];
    assert_true(n <= cap);
    memcpy(buf, f->rsp[f->next_rsp++], n);
    *len = n;
    return 0;
}

static void fake_close(tpm2l_tcti *t) { (void)t; }

static const struct tpm2l_tcti_ops fake_ops = {
    .name = "fake",
    .transmit = fake_transmit,
    .receive = fake_receive,
    .close = fake_close,
};

int fake_setup(void **state)
{
    (void)state;
    memset(&fake, 0, sizeof fake);
    fake.base.ops = &fake_ops;
    fake.base.timeout_ms = 1;
    assert_int_equal(tpm2l_ctx_init(&ctx, &fake.base), 0);
    return 0;
}

int fake_teardown(void **state)
{
    (void)state;
    tpm2l_ctx_close(&ctx);
    return 0;
}

void fake_queue(fake_tpm *f, const uint8_t *p, size_t n)
{
    assert_true(f->n_rsp < FAKE_MAX && n <= TPM2L_MAX_MESSAGE);
    memcpy(f->rsp[f->n_rsp], p, n);
    f->rsp_len[f->n_rsp++] = n;
}

void fake_queue_hex(fake_tpm *f, const char *hex)
{
    uint8_t buf[TPM2L_MAX_MESSAGE];
    fake_queue(f, buf, fake_unhex(hex, buf, sizeof buf));
}

void assert_sent(size_t i, const char *hex)
{
    uint8_t want[TPM2L_MAX_MESSAGE];
    size_t n = fake_unhex(hex, want, sizeof want);
    assert_true(fake.n_sent > i);
    assert_int_equal(fake.sent_len[i], n);
    assert_memory_equal(fake.sent[i], want, n);
}

int contains(const uint8_t *buf, size_t n, const void *pat, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(buf + i, pat, m) == 0)
            return 1;
    return 0;
}

void assert_error_mentions(const char *s)
{
    if (!strstr(tpm2l_ctx_error(&ctx), s))
        fail_msg("ctx error \"%s\" lacks \"%s\"", tpm2l_ctx_error(&ctx), s);
}

void rsp_begin(uint16_t tag)
{
    tpm2l_wcur_init(&rsp_w, rsp_buf, sizeof rsp_buf);
    tpm2l_wcur_u16(&rsp_w, tag);
    tpm2l_wcur_u32(&rsp_w, 0);
    tpm2l_wcur_u32(&rsp_w, 0);
}

void rsp_queue(void)
{
    size_t n;
    assert_int_equal(tpm2l_wcur_finish(&rsp_w, &n), 0);
    for (int i = 0; i < 4; i++)
        rsp_buf[2 + i] = (uint8_t)(n >> (24 - 8 * i));
    fake_queue(&fake, rsp_buf, n);
}

void rsp_pw_session(void)
{
    tpm2l_wcur_u16(&rsp_w, 0);
    tpm2l_wcur_u8(&rsp_w, TPMA_SESSION_CONTINUESESSION);
    tpm2l_wcur_u16(&rsp_w, 0);
}
