/* wire_tap.h - a pass-through transport that keeps a copy of the last command sent,
 * for tests that check what crossed the wire ("the secret is not sent in clear").
 *
 * The executor wipes ctx->cmd once a command is sent (it may hold passwords and plain
 * secrets), so ctx->cmd can no longer show what was sent: tap the transport instead.
 * Header-only so a test file needs no meson change to use it.
 *     wire_tap_on(&tap, &ctx); OK(tpm2l_Create(&ctx, ...)); wire_tap_off(&tap, &ctx);
 *     assert_false(wire_tap_sent(&tap, secret, len));
 */
#ifndef TPM2LITE_TESTS_WIRE_TAP_H
#define TPM2LITE_TESTS_WIRE_TAP_H

#include <string.h>

#include "tpm2lite/command.h"

typedef struct {
    tpm2l_tcti base;
    tpm2l_tcti *inner;
    size_t cmd_len;
    uint8_t cmd[TPM2L_MAX_MESSAGE];
} wire_tap;

static inline TPM2_RC wire_tap_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    wire_tap *w = (wire_tap *)t;
    w->cmd_len = len <= sizeof w->cmd ? len : sizeof w->cmd;
    memcpy(w->cmd, cmd, w->cmd_len);
    return tpm2l_tcti_transmit(w->inner, cmd, len);
}

static inline TPM2_RC wire_tap_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    return tpm2l_tcti_receive(((wire_tap *)t)->inner, buf, cap, len);
}

static const struct tpm2l_tcti_ops wire_tap_ops = {
    .name = "tap", .transmit = wire_tap_transmit, .receive = wire_tap_receive,
};

/* Route ctx through the tap (idempotent). */
static inline void wire_tap_on(wire_tap *w, tpm2l_ctx *c)
{
    if (c->tcti == &w->base)
        return;
    memset(w, 0, sizeof *w);
    w->base.ops = &wire_tap_ops;
    w->base.timeout_ms = c->tcti->timeout_ms;
    w->inner = c->tcti;
    c->tcti = &w->base;
}

static inline void wire_tap_off(wire_tap *w, tpm2l_ctx *c)
{
    if (c->tcti == &w->base)
        c->tcti = w->inner;
}

/* 1 if the n bytes at p appear in the last command sent through the tap. */
static inline int wire_tap_sent(const wire_tap *w, const void *p, size_t n)
{
    for (size_t i = 0; n && i + n <= w->cmd_len; i++)
        if (memcmp(w->cmd + i, p, n) == 0)
            return 1;
    return 0;
}

#endif
