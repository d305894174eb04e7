/* sym.c - AES in CFB mode with 128-bit feedback, the TPM's parameter-encryption and
 * outer-wrap cipher (Part 1 §11.4.6.3), over EVP_CIPHER methods cached in tpm2l_crypto.
 *
 * Must never pad (CFB is a stream mode: the ciphertext is exactly as long as the
 * plaintext), never use CFB-8 or CFB-1 (OpenSSL's "AES-128-CFB" is CFB-128, the TPM's),
 * and never leave the expanded key behind (EVP_CIPHER_CTX_free wipes it; a context cached
 * in tpm2l_crypto is re-keyed with zeros after each use).
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "src/crypto/crypto_int.h"
#include "tpm2lite/crypto.h"

static const char *const cfb_names[3] = {"AES-128-CFB", "AES-192-CFB", "AES-256-CFB"};

void tpm2l_crypto_sym_release(tpm2l_crypto *c)
{
    for (int i = 0; i < 3; i++) {
        EVP_CIPHER_CTX_free(c->aes_cfb_ctx[i]); /* wipes the (zero) key schedule */
        c->aes_cfb_ctx[i] = NULL;
        EVP_CIPHER_free(c->aes_cfb[i]);
        c->aes_cfb[i] = NULL;
    }
}

TPM2_RC tpm2l_aes_cfb(tpm2l_crypto *c, int encrypt, const uint8_t *key, size_t key_bytes,
                      const uint8_t iv[16], uint8_t *buf, size_t len)
{
    EVP_CIPHER *owned = NULL, *ciph;
    EVP_CIPHER_CTX *x = NULL;
    TPM2_RC rc = TPM2_RC_SUCCESS;
    int slot, outl = 0, cached = 0;

    switch (key_bytes) {
    case 16: slot = 0; break;
    case 24: slot = 1; break;
    case 32: slot = 2; break;
    default: slot = -1; break;
    }
    if (slot < 0 || !key || !iv || (!buf && len)) {
        rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
        goto out;
    }
    if (!len)
        return TPM2_RC_SUCCESS;
    if (c && c->aes_cfb[slot]) {
        ciph = c->aes_cfb[slot];
    } else {
        ciph = EVP_CIPHER_fetch(c ? c->libctx : NULL, cfb_names[slot], c ? c->propq : NULL);
        if (!ciph) {
            rc = TPM2L_RC_CRYPTO(TPM2L_E_NOT_SUPPORTED);
            goto out;
        }
        if (c)
            c->aes_cfb[slot] = ciph;
        else
            owned = ciph;
    }
    /* With a cache, one context per key size is bound to its cipher once and then only
     * re-keyed (EVP_CipherInit_ex2 with a NULL cipher allocates nothing in OpenSSL 3). */
    if (c && c->aes_cfb_ctx[slot]) {
        x = c->aes_cfb_ctx[slot];
        cached = 1;
    } else {
        x = EVP_CIPHER_CTX_new();
        if (x && c) {
            if (EVP_CipherInit_ex2(x, ciph, NULL, NULL, 1, NULL)) {
                c->aes_cfb_ctx[slot] = x;
                cached = 1;
            }
        }
    }
    /* EVP's update takes an int length; parameters never come near it, but refuse
     * rather than truncate. */
    if (!x || len > (size_t)0x7FFFFFFF ||
        !EVP_CipherInit_ex2(x, cached ? NULL : ciph, key, iv, encrypt ? 1 : 0, NULL) ||
        !EVP_CipherUpdate(x, buf, &outl, buf, (int)len) || (size_t)outl != len) {
        rc = TPM2L_RC_CRYPTO(TPM2L_E_CRYPTO);
        goto out;
    }

out:
    if (cached) {
        /* The cached context must not keep this key's schedule: key it with zeros. A
         * context that cannot be re-keyed is dropped (freeing wipes it). */
        static const uint8_t zeros[32] = {0};
        if (!EVP_CipherInit_ex2(x, NULL, zeros, zeros, 1, NULL)) {
            EVP_CIPHER_CTX_free(x);
            c->aes_cfb_ctx[slot] = NULL;
        }
    } else {
        EVP_CIPHER_CTX_free(x);
    }
    EVP_CIPHER_free(owned);
    if (rc && buf && len)
        OPENSSL_cleanse(buf, len);
    return rc;
}
