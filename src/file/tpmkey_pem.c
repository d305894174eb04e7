/* tpmkey_pem.c - TSS2 PRIVATE KEY files as users have them: PEM or DER in, PEM out.
 *
 * Must never write past cap: to_pem places the DER at the tail of the output buffer and
 * encodes forward, which is safe only because the base64 text is written behind the
 * DER bytes still to be read (the margin is checked before encoding).
 */
#include <string.h>

#include "tpm2lite/crypto.h"
#include "tpm2lite/keyfile.h"

TPM2_RC tpm2l_tpmkey_read(const uint8_t *in, size_t len, uint8_t *scratch, size_t cap,
                          tpm2l_tpmkey *key)
{
    if (!key)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    if (!in || !len) {
        memset(key, 0, sizeof *key);
        return TPM2L_RC_PARSE(TPM2L_E_TRUNCATED);
    }
    if (in[0] == 0x30)
        return tpm2l_tpmkey_from_der(in, len, key);
    if (!scratch) {
        memset(key, 0, sizeof *key);
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    }
    size_t n = 0;
    TPM2_RC rc = tpm2l_pem_decode((const char *)in, len, TPM2L_PEM_TSS2_PRIVATE_KEY, scratch,
                                  cap, &n);
    if (rc) {
        memset(key, 0, sizeof *key);
        static const char *const what[TPM2L_E_MAX + 1] = {
            [TPM2L_E_NOT_FOUND] = "no \"-----BEGIN TSS2 PRIVATE KEY-----\" line",
            [TPM2L_E_TRUNCATED] = "the PEM text is cut short",
            [TPM2L_E_BAD_VALUE] = "the PEM text is not canonical base64 or its END line is wrong",
            [TPM2L_E_TRAILING] = "text after the END line",
            [TPM2L_E_INSUFFICIENT] = "the scratch buffer is too small for the key",
        };
        unsigned reason = rc & 0xFFFFu;
        const char *w = reason <= TPM2L_E_MAX && what[reason] ? what[reason] : "bad PEM";
        strncpy(key->why, w, sizeof key->why - 1);
    } else {
        rc = tpm2l_tpmkey_from_der(scratch, n, key);
    }
    /* The DER holds the key's encrypted private part and policies: not ours to keep.
     * A failed decode may have written anywhere up to cap. */
    tpm2l_cleanse(scratch, n ? n : cap);
    return rc;
}

TPM2_RC tpm2l_tpmkey_to_pem(const tpm2l_tpmkey *key, char *out, size_t cap, size_t *len)
{
    if (!key || !out || !len)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    uint8_t *buf = (uint8_t *)out;
    size_t d;
    TPM2_RC rc = tpm2l_tpmkey_to_der(key, buf, cap, &d);
    if (rc) {
        tpm2l_cleanse(buf, cap); /* a partial DER may be there */
        return rc;
    }
    /* The PEM's length: BEGIN line, 4 characters per 3 bytes, a newline per 64, END
     * line, NUL. With 8 spare bytes the encoder's writes stay behind its reads: at input
     * byte i it has written header + i/3 + i/48 + 6 bytes more than it has read. */
    size_t label = strlen(TPM2L_PEM_TSS2_PRIVATE_KEY);
    size_t chars = (d + 2) / 3 * 4;
    size_t need = (16 + label + 1) + chars + (chars + 63) / 64 + (14 + label + 1) + 1;
    if (cap < need + 8) {
        tpm2l_cleanse(buf, d);
        return TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT);
    }
    uint8_t *der = buf + cap - d;
    memmove(der, buf, d);
    rc = tpm2l_pem_encode(TPM2L_PEM_TSS2_PRIVATE_KEY, der, d, out, cap, len);
    if (rc) {
        tpm2l_cleanse(buf, cap);
        return rc;
    }
    /* What is left of the DER past the text. */
    tpm2l_cleanse(buf + *len + 1, cap - *len - 1);
    return 0;
}
