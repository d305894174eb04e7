/* tcti.c - the generic transport calls: argument and framing checks, then dispatch
 * through the transport's ops; and the error-detail formatter every transport uses.
 *
 * The checks here are the ones every transport would otherwise repeat: a command is a
 * whole TPM message whose header size equals its length, and a response handed back
 * up is one too. It must never touch a transport's private state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src/tcti/io.h"

/* Append s to dst (cap bytes), truncating: the detail is one bounded line. */
static void append(char *dst, size_t cap, size_t *off, const char *s)
{
    size_t n = strlen(s);
    if (n > cap - 1 - *off)
        n = cap - 1 - *off;
    memcpy(dst + *off, s, n);
    *off += n;
    dst[*off] = '\0';
}

TPM2_RC tpm2l_tcti_error(tpm2l_tcti *t, TPM2_RC rc, const char *fmt, ...)
{
    if (!t)
        return rc;
    char msg[sizeof t->err];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t off = 0;
    t->err[0] = '\0';
    /* A wrapping transport may pass up an inner message that already carries its
     * own "tcti(x): " prefix; do not stack a second one in front of it. */
    if (strncmp(msg, "tcti(", 5) != 0 && strncmp(msg, "tcti: ", 6) != 0) {
        if (t->ops && t->ops->name) {
            append(t->err, sizeof t->err, &off, "tcti(");
            append(t->err, sizeof t->err, &off, t->ops->name);
            append(t->err, sizeof t->err, &off, "): ");
        } else {
            append(t->err, sizeof t->err, &off, "tcti: ");
        }
    }
    append(t->err, sizeof t->err, &off, msg);
    return rc;
}

static TPM2_RC check_open(tpm2l_tcti *t)
{
    if (!t->ops)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "the transport is not open (never opened, or closed)");
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    TPM2_RC rc = check_open(t);
    if (rc)
        return rc;
    if (!cmd)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG), "command is NULL");
    if (len < TCTI_HEADER_SIZE)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "command of %zu bytes is shorter than the 10-byte header", len);
    if (len > TPM2L_MAX_MESSAGE)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "command of %zu bytes exceeds the %u-byte maximum", len,
                                TPM2L_MAX_MESSAGE);
    uint32_t size = tcti_be32(cmd + 2);
    if (size != len)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "command header says %u bytes but %zu were given",
                                (unsigned)size, len);
    if (!t->ops->transmit)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED),
                                "transport has no transmit operation");
    return t->ops->transmit(t, cmd, len);
}

TPM2_RC tpm2l_tcti_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    TPM2_RC rc = check_open(t);
    if (rc)
        return rc;
    if (!buf || !len)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "response buffer or length pointer is NULL");
    *len = 0;
    if (cap < TCTI_HEADER_SIZE)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT),
                                "response buffer of %zu bytes cannot hold a 10-byte header",
                                cap);
    if (!t->ops->receive)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED),
                                "transport has no receive operation");
    size_t n = 0;
    rc = t->ops->receive(t, buf, cap, &n);
    if (rc)
        return rc;
    /* Transports check this themselves; checking again here means a buggy or
     * wrapping transport cannot hand the command layer a malformed message. */
    if (n < TCTI_HEADER_SIZE || n > cap || tcti_be32(buf + 2) != n)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                "transport returned %zu bytes whose header says %u", n,
                                n >= TCTI_HEADER_SIZE ? (unsigned)tcti_be32(buf + 2) : 0u);
    *len = n;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_set_locality(tpm2l_tcti *t, uint8_t locality)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    TPM2_RC rc = check_open(t);
    if (rc)
        return rc;
    if (!t->ops->set_locality)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED),
                                "this transport cannot select a locality");
    return t->ops->set_locality(t, locality);
}

TPM2_RC tpm2l_tcti_cancel(tpm2l_tcti *t)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    TPM2_RC rc = check_open(t);
    if (rc)
        return rc;
    if (!t->ops->cancel)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED),
                                "this transport cannot cancel a command");
    return t->ops->cancel(t);
}

void tpm2l_tcti_close(tpm2l_tcti *t)
{
    if (!t || !t->ops)
        return;
    if (t->ops->close)
        t->ops->close(t);
    /* Later calls (a second close, a stray transmit) then fail cleanly. */
    t->ops = NULL;
}

void tpm2l_tcti_set_timeout(tpm2l_tcti *t, int timeout_ms)
{
    if (t)
        t->timeout_ms = timeout_ms < 0 ? -1 : timeout_ms;
}
