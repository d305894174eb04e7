/* crypto_int.h - what the files of src/crypto/ share and nobody else may use: the
 * digest slot table of hash.c and the release hooks of the other method caches. */
#ifndef TPM2LITE_SRC_CRYPTO_INT_H
#define TPM2LITE_SRC_CRYPTO_INT_H

#include "tpm2lite/crypto.h"

/* Index of alg in tpm2l_crypto.md (and .hmac_tmpl), -1 if unsupported. */
int tpm2l_crypto_md_slot(TPM2_ALG_ID alg);
/* OpenSSL's name for the digest in slot i (0 <= i < TPM2L_CRYPTO_MD_SLOTS). */
const char *tpm2l_crypto_md_name(int slot);

/* Free what hmac.c / sym.c cached in c, leaving the slots NULL. */
void tpm2l_crypto_hmac_release(tpm2l_crypto *c);
void tpm2l_crypto_sym_release(tpm2l_crypto *c);

#endif
