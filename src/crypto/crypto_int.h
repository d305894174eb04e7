/* crypto_int.h - what the files of src/crypto/ share and nobody else may use: the
 * digest slot table of hash.c and the release hooks of the other method caches. */
#ifndef TPM2LITE_SRC_CRYPTO_INT_H
#define TPM2LITE_SRC_CRYPTO_INT_H

#include "tpm2lite/crypto.h"

/* Index of alg in tpm2l_crypto.md, -1 if unsupported. */
int tpm2l_crypto_md_slot(TPM2_ALG_ID alg);
/* OpenSSL's name for the digest in slot i (0 <= i < TPM2L_CRYPTO_MD_SLOTS). */
const char *tpm2l_crypto_md_name(int slot);

/* Provider-level digests (pdigest.c). setup looks up the implementation of the EVP_MD
 * cached in c->md[slot] once; take returns an initialised state of it (NULL: use the
 * EVP path), give wipes and parks or frees it; release frees all, unqueries. */
void tpm2l_pdigest_setup(tpm2l_crypto *c, int slot);
void tpm2l_pdigest_release(tpm2l_crypto *c);
void *tpm2l_pdigest_take(tpm2l_crypto *c, int slot);
int tpm2l_pdigest_update(tpm2l_crypto *c, int slot, void *a, const void *data, size_t len);
int tpm2l_pdigest_final(tpm2l_crypto *c, int slot, void *a, uint8_t *out, size_t size);
void tpm2l_pdigest_give(tpm2l_crypto *c, int slot, void *a);

/* For hmac.c: 1 if h is started and not yet finished; the block size of its digest. */
int tpm2l_hash_live(const tpm2l_hash_state *h);
size_t tpm2l_hash_block(const tpm2l_hash_state *h);

/* Free what sym.c cached in c, leaving the slots NULL. */
void tpm2l_crypto_sym_release(tpm2l_crypto *c);

/* The per-type halves of tpm2l_encaps / tpm2l_decaps (encaps_rsa.c, encaps_ecc.c);
 * encaps.c has checked the pointers, the label and the key type before calling. */
TPM2_RC tpm2l_encaps_rsa(tpm2l_crypto *c, const TPMT_PUBLIC *key, const char *label,
                         uint8_t *secret, size_t cap, size_t *secret_len,
                         TPM2B_ENCRYPTED_SECRET *out);
TPM2_RC tpm2l_decaps_rsa(tpm2l_crypto *c, const TPMT_PUBLIC *pub, const TPMT_SENSITIVE *priv,
                         const char *label, const TPM2B_ENCRYPTED_SECRET *in,
                         uint8_t *secret, size_t cap, size_t *secret_len);
TPM2_RC tpm2l_encaps_ecc(tpm2l_crypto *c, const TPMT_PUBLIC *key, const char *label,
                         uint8_t *secret, size_t cap, size_t *secret_len,
                         TPM2B_ENCRYPTED_SECRET *out);
TPM2_RC tpm2l_decaps_ecc(tpm2l_crypto *c, const TPMT_PUBLIC *pub, const TPMT_SENSITIVE *priv,
                         const char *label, const TPM2B_ENCRYPTED_SECRET *in,
                         uint8_t *secret, size_t cap, size_t *secret_len);

#endif
