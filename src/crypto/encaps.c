/* encaps.c - labeled encapsulation (Part 1 §11.4.10, "Secret sharing"): the checks
 * common to every key type, then RSA (encaps_rsa.c) or ECC (encaps_ecc.c).
 *
 * Must never return success with a secret the TPM would not derive, and never leave a
 * secret in the caller's buffer when it fails.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "src/crypto/crypto_int.h"
#include "tpm2lite/crypto.h"

static void wipe_outputs(uint8_t *secret, size_t cap, size_t *secret_len)
{
    if (secret && cap)
        OPENSSL_cleanse(secret, cap);
    if (secret_len)
        *secret_len = 0;
}

TPM2_RC tpm2l_encaps(tpm2l_crypto *c, const TPMT_PUBLIC *key, const char *label,
                     uint8_t *secret, size_t cap, size_t *secret_len,
                     TPM2B_ENCRYPTED_SECRET *out)
{
    TPM2_RC rc;

    if (!key || !label || !secret || !secret_len || !out) {
        rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    } else {
        memset(out, 0, sizeof *out);
        switch (key->type) {
        case TPM2_ALG_RSA:
            rc = tpm2l_encaps_rsa(c, key, label, secret, cap, secret_len, out);
            break;
        case TPM2_ALG_ECC:
            rc = tpm2l_encaps_ecc(c, key, label, secret, cap, secret_len, out);
            break;
        default: /* keyedhash/symcipher sharing needs the key's sensitive part */
            rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR);
            break;
        }
    }
    if (rc) {
        wipe_outputs(secret, cap, secret_len);
        if (out)
            memset(out, 0, sizeof *out);
    }
    return rc;
}

TPM2_RC tpm2l_decaps(tpm2l_crypto *c, const TPMT_PUBLIC *pub, const TPMT_SENSITIVE *priv,
                     const char *label, const TPM2B_ENCRYPTED_SECRET *in, uint8_t *secret,
                     size_t cap, size_t *secret_len)
{
    TPM2_RC rc;

    if (!pub || !priv || !label || !in || !secret || !secret_len) {
        rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    } else if (priv->sensitiveType != pub->type) {
        rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    } else if (in->size > sizeof in->secret) {
        rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE);
    } else {
        switch (pub->type) {
        case TPM2_ALG_RSA:
            rc = tpm2l_decaps_rsa(c, pub, priv, label, in, secret, cap, secret_len);
            break;
        case TPM2_ALG_ECC:
            rc = tpm2l_decaps_ecc(c, pub, priv, label, in, secret, cap, secret_len);
            break;
        default:
            rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR);
            break;
        }
    }
    if (rc)
        wipe_outputs(secret, cap, secret_len);
    return rc;
}
