/* random.c - the one source of random bytes: OpenSSL's DRBG, or a function the caller
 * installed in the tpm2l_crypto (tests use a seeded generator so recorded sessions
 * replay byte for byte).
 *
 * Must never return success with out unfilled, and never fall back to a weaker source.
 */
#include <string.h>

#include <openssl/rand.h>

#include "tpm2lite/crypto.h"

TPM2_RC tpm2l_crypto_random(tpm2l_crypto *c, uint8_t *out, size_t n)
{
    if (!n)
        return TPM2_RC_SUCCESS;
    if (!out)
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    if (c && c->rng) {
        TPM2_RC rc = c->rng(c->rng_arg, out, n);
        if (rc)
            memset(out, 0, n);
        return rc;
    }
    if (RAND_bytes_ex(c ? c->libctx : NULL, out, n, 0) != 1) {
        memset(out, 0, n);
        return TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
    }
    return TPM2_RC_SUCCESS;
}
