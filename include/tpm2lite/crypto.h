/* crypto.h - the cryptography libtpm2lite needs, on OpenSSL 3 libcrypto (EVP only).
 *
 * src/crypto/ is the only code that includes OpenSSL; this header names OpenSSL types
 * only as incomplete structs so callers need no OpenSSL headers.
 *
 * A tpm2l_crypto holds what may be reused between operations: the OpenSSL library
 * context to fetch from (the caller's, or NULL for the default), fetched digest
 * methods (fetched on first use, so no operation pays for a fetch twice), and the
 * random source. It lives inside tpm2l_ctx; the functions below also accept NULL and
 * then fetch per call (slower, same results). Nothing here prints or aborts, and
 * nothing here has global mutable state.
 */
#ifndef TPM2LITE_CRYPTO_H
#define TPM2LITE_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "rc.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ossl_lib_ctx_st; /* OSSL_LIB_CTX */
struct evp_md_st;       /* EVP_MD */
struct evp_md_ctx_st;   /* EVP_MD_CTX */

#define TPM2L_RC_CRYPTO(reason) TPM2L_RC(TPM2L_LAYER_CRYPTO, (reason))

/* A caller-supplied random source: fill out with n bytes or return an error. Tests
 * install a seeded generator so whole sessions replay byte for byte. */
typedef TPM2_RC (*tpm2l_rng_fn)(void *arg, uint8_t *out, size_t n);

/* Digest algorithms with a cache slot: SHA-1, SHA-256, SHA-384, SHA-512, SM3-256,
 * SHA3-256, SHA3-384, SHA3-512. */
#define TPM2L_CRYPTO_MD_SLOTS 8

typedef struct {
    struct ossl_lib_ctx_st *libctx; /* borrowed; NULL = OpenSSL's default context */
    const char *propq;              /* borrowed; NULL = no property query */
    tpm2l_rng_fn rng;               /* NULL = RAND_bytes_ex on libctx */
    void *rng_arg;
    struct evp_md_st *md[TPM2L_CRYPTO_MD_SLOTS]; /* owned; fetched on first use */
} tpm2l_crypto;

/* Empty cache, default library context, OpenSSL's random generator. */
void tpm2l_crypto_init(tpm2l_crypto *c);
/* Release the fetched methods; c can be used again afterwards (it refetches). */
void tpm2l_crypto_release(tpm2l_crypto *c);

/* ---- random (random.c) ---- */

/* n bytes from c's source (c may be NULL: OpenSSL's default generator). */
TPM2_RC tpm2l_crypto_random(tpm2l_crypto *c, uint8_t *out, size_t n);

/* ---- hashing (hash.c) ---- */

/* Digest size in bytes of a TPM hash algorithm, 0 if it is not one we support. */
size_t tpm2l_hash_size(TPM2_ALG_ID alg);

/* out (cap bytes, at least tpm2l_hash_size(alg)) = H_alg(data). Unknown alg is
 * TPM2L_E_BAD_SELECTOR; a small out TPM2L_E_INSUFFICIENT; both crypto layer. */
TPM2_RC tpm2l_hash(tpm2l_crypto *c, TPM2_ALG_ID alg, const void *data, size_t len, uint8_t *out,
                   size_t cap);

/* Incremental hashing. start allocates OpenSSL state that finish or abort releases:
 * after start succeeds, exactly one of them must be called. */
typedef struct {
    struct evp_md_ctx_st *md;
    size_t size;
    TPM2_RC err; /* sticky: the first update failure, reported by finish */
} tpm2l_hash_state;

TPM2_RC tpm2l_hash_start(tpm2l_crypto *c, tpm2l_hash_state *h, TPM2_ALG_ID alg);
void tpm2l_hash_update(tpm2l_hash_state *h, const void *data, size_t len);
TPM2_RC tpm2l_hash_finish(tpm2l_hash_state *h, uint8_t *out, size_t cap);
void tpm2l_hash_abort(tpm2l_hash_state *h);

/* ---- names (name.c), Part 1 "Names" ---- */

/* nameAlg || H_nameAlg(marshalled TPMT_PUBLIC). nameAlg TPM2_ALG_NULL gives the empty
 * name, as the TPM does. */
TPM2_RC tpm2l_name_from_public(const TPMT_PUBLIC *pub, TPM2B_NAME *name);
/* nameAlg || H_nameAlg(marshalled TPMS_NV_PUBLIC). */
TPM2_RC tpm2l_name_from_nv_public(const TPMS_NV_PUBLIC *pub, TPM2B_NAME *name);
/* The 4-byte handle, for handles that are their own name: PCRs, permanent handles
 * (hierarchies, TPM2_RS_PW, ...) and sessions. Objects and NV indices have names that
 * come from their public areas: TPM2L_E_BAD_ARG for those. */
TPM2_RC tpm2l_name_from_handle(TPM2_HANDLE handle, TPM2B_NAME *name);
/* 1 if the names are equal (the contents compared in constant time), else 0. */
int tpm2l_name_equal(const TPM2B_NAME *a, const TPM2B_NAME *b);

/* ---- constant time and wiping (ct.c) ---- */

/* 1 if the n bytes at a and b are equal, else 0; time depends only on n. */
int tpm2l_ct_equal(const void *a, const void *b, size_t n);
/* Overwrite n bytes at p with zeros in a way the compiler cannot drop. */
void tpm2l_cleanse(void *p, size_t n);

#ifdef __cplusplus
}
#endif
#endif
