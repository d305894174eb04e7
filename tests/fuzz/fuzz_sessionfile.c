/* fuzz_sessionfile.c - session files in both formats (sessionfile.h): libtpm2lite's own
 * and tpm2-tools' (ESAPI's IESYS_CONTEXT_DATA around the TPM's blob).
 *
 * Beyond "no crash": a file in our format must encode back to exactly its bytes;
 * whatever decodes must encode again in our format and decode back to the same
 * session (a file we accept is one we can write), and an encode into a buffer one
 * byte short of the needed size must fail, never overrun.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tpm2lite/sessionfile.h"

static void bug(const char *what, const char *err)
{
    fprintf(stderr, "fuzz_sessionfile: %s: %s\n", what, err);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tpm2l_session *s = malloc(sizeof *s), *s2 = malloc(sizeof *s2);
    TPMS_CONTEXT *saved = malloc(sizeof *saved), *saved2 = malloc(sizeof *saved2);
    uint8_t *buf = malloc(TPM2L_SESSION_FILE_MAX);
    char err[160];
    tpm2l_session_file_format fmt;
    if (!s || !s2 || !saved || !saved2 || !buf)
        goto out;
    if (tpm2l_session_file_decode(data, size, s, saved, &fmt, err, sizeof err))
        goto out;
    size_t len = 0;
    TPM2_RC rc = tpm2l_session_file_encode(s, saved, TPM2L_SESSION_FILE_OURS, NULL, buf,
                                           TPM2L_SESSION_FILE_MAX, &len);
    if (rc)
        bug("a decoded session does not encode", "");
    /* Our format has one encoding per session: what we read we write back unchanged. */
    if (fmt == TPM2L_SESSION_FILE_OURS && (len != size || memcmp(buf, data, size)))
        bug("encode(decode(x)) is not x for a file in our format", "");
    if (tpm2l_session_file_decode(buf, len, s2, saved2, NULL, err, sizeof err))
        bug("our own encoding does not decode", err);
    /* Field by field: the struct has padding, so memcmp would compare garbage. */
    if (s2->handle != s->handle || s2->type != s->type || s2->authHash != s->authHash ||
        s2->attrs != s->attrs || s2->sessionKey.size != s->sessionKey.size ||
        memcmp(s2->sessionKey.buffer, s->sessionKey.buffer, s->sessionKey.size) ||
        s2->nonceTPM.size != s->nonceTPM.size ||
        memcmp(s2->nonceTPM.buffer, s->nonceTPM.buffer, s->nonceTPM.size) ||
        s2->key_is_secret != s->key_is_secret || s2->bound != s->bound ||
        saved2->savedHandle != saved->savedHandle || saved2->sequence != saved->sequence ||
        saved2->contextBlob.size != saved->contextBlob.size ||
        memcmp(saved2->contextBlob.buffer, saved->contextBlob.buffer, saved->contextBlob.size))
        bug("decode(encode(x)) differs from x", "");
    /* One byte short, in an exact-size heap block so an overrun is seen. */
    if (len) {
        uint8_t *tight = malloc(len - 1 ? len - 1 : 1);
        if (tight && tpm2l_session_file_encode(s, saved, TPM2L_SESSION_FILE_OURS, NULL, tight,
                                               len - 1, &len) == TPM2_RC_SUCCESS)
            bug("encode succeeded into a buffer too small", "");
        free(tight);
    }
    /* The tpm2-tools form may refuse (a bound session needs its authValue); it must
     * not crash, and what it writes must decode. */
    if (tpm2l_session_file_encode(s, saved, TPM2L_SESSION_FILE_TPM2_TOOLS, NULL, buf,
                                  TPM2L_SESSION_FILE_MAX, &len) == TPM2_RC_SUCCESS &&
        tpm2l_session_file_decode(buf, len, s2, saved2, NULL, err, sizeof err))
        bug("our tpm2-tools encoding does not decode", err);
out:
    if (s)
        tpm2l_session_wipe(s);
    if (s2)
        tpm2l_session_wipe(s2);
    free(s);
    free(s2);
    free(saved);
    free(saved2);
    free(buf);
    return 0;
}
