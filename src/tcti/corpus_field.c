/* corpus_field.c - name the field of a TPM command that a byte offset falls in, so a
 * replay mismatch says "session 1 nonceCaller" rather than just "byte 31".
 *
 * The command is the recording's, which the loader checked only for its header, so
 * every length read here is bounds-checked; a structure that does not add up is named
 * as malformed, never read past.
 */
#include <string.h>

#include "src/tcti/cc_name.h"
#include "src/tcti/corpus_store.h"
#include "src/tcti/io.h"

static uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }


/* Does off fall in [*at, *at + n)? Advances *at past the field either way. */
static int in_field(size_t off, size_t *at, size_t n)
{
    int hit = off >= *at && off - *at < n;
    *at += n;
    return hit;
}

/* Authorization area (Part 1 §18.6): authorizationSize, then per session
 * sessionHandle, nonceCaller (TPM2B), sessionAttributes, hmac (TPM2B). */
static void auth_field(const uint8_t *cmd, size_t len, size_t at, size_t off, char *out,
                       size_t cap)
{
    if (len - at < 4) {
        snprintf(out, cap, "authorization area (malformed in the recording)");
        return;
    }
    size_t area = tcti_be32(cmd + at);
    if (in_field(off, &at, 4)) {
        snprintf(out, cap, "authorization area: authorizationSize");
        return;
    }
    if (area > len - at) {
        snprintf(out, cap, "authorization area (malformed in the recording)");
        return;
    }
    size_t end = at + area;
    if (off >= end) {
        snprintf(out, cap, "parameters");
        return;
    }
    for (unsigned s = 1; at < end; s++) {
        size_t nonce, hmac;
        if (end - at < 4 + 2)
            break;
        if (in_field(off, &at, 4)) {
            snprintf(out, cap, "authorization area: session %u sessionHandle", s);
            return;
        }
        nonce = get16(cmd + at);
        if (in_field(off, &at, 2)) {
            snprintf(out, cap, "authorization area: session %u nonceCaller.size", s);
            return;
        }
        if (nonce > end - at)
            break;
        if (in_field(off, &at, nonce)) {
            snprintf(out, cap, "authorization area: session %u nonceCaller", s);
            return;
        }
        if (end - at < 1 + 2)
            break;
        if (in_field(off, &at, 1)) {
            snprintf(out, cap, "authorization area: session %u sessionAttributes", s);
            return;
        }
        hmac = get16(cmd + at);
        if (in_field(off, &at, 2)) {
            snprintf(out, cap, "authorization area: session %u hmac.size", s);
            return;
        }
        if (hmac > end - at)
            break;
        if (in_field(off, &at, hmac)) {
            snprintf(out, cap, "authorization area: session %u hmac", s);
            return;
        }
    }
    snprintf(out, cap, "authorization area (malformed in the recording)");
}

void tpm2l_corpus_field(const uint8_t *cmd, size_t len, size_t off, char *out, size_t cap)
{
    size_t at = 0;
    if (!cap)
        return;
    if (off >= len) {
        snprintf(out, cap, "beyond the recorded command");
        return;
    }
    if (in_field(off, &at, 2)) {
        snprintf(out, cap, "header.tag");
        return;
    }
    if (in_field(off, &at, 4)) {
        snprintf(out, cap, "header.commandSize");
        return;
    }
    if (in_field(off, &at, 4)) {
        snprintf(out, cap, "header.commandCode");
        return;
    }
    int handles = tpm2l_cc_handles(tcti_be32(cmd + 6));
    if (handles < 0) {
        snprintf(out, cap, "body (unknown command code)");
        return;
    }
    for (int h = 1; h <= handles; h++) {
        if (in_field(off, &at, 4)) {
            snprintf(out, cap, "handle area: handle %d", h);
            return;
        }
    }
    if (at > len) {
        snprintf(out, cap, "handle area (malformed in the recording)");
        return;
    }
    if (get16(cmd) == 0x8002) /* TPM2_ST_SESSIONS */
        auth_field(cmd, len, at, off, out, cap);
    else
        snprintf(out, cap, "parameters");
}
