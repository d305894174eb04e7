/* ct.c - constant-time comparison and secret wiping.
 *
 * Must never branch on the bytes it compares and never leave a wipe the compiler may
 * optimise away: both delegate to OpenSSL, which guarantees exactly that.
 */
#include <openssl/crypto.h>

#include "tpm2lite/crypto.h"

int tpm2l_ct_equal(const void *a, const void *b, size_t n)
{
    if (!n)
        return 1;
    return CRYPTO_memcmp(a, b, n) == 0;
}

void tpm2l_cleanse(void *p, size_t n)
{
    if (p && n)
        OPENSSL_cleanse(p, n);
}
