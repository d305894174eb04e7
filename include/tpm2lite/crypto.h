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
struct evp_mac_st;      /* EVP_MAC */
struct evp_mac_ctx_st;  /* EVP_MAC_CTX */
struct evp_cipher_st;   /* EVP_CIPHER */
struct ossl_provider_st;  /* OSSL_PROVIDER */
struct ossl_algorithm_st; /* OSSL_ALGORITHM */

#define TPM2L_RC_CRYPTO(reason) TPM2L_RC(TPM2L_LAYER_CRYPTO, (reason))

/* A caller-supplied random source: fill out with n bytes or return an error. Tests
 * install a seeded generator so whole sessions replay byte for byte. */
typedef TPM2_RC (*tpm2l_rng_fn)(void *arg, uint8_t *out, size_t n);

/* Digest algorithms with a cache slot: SHA-1, SHA-256, SHA-384, SHA-512, SM3-256,
 * SHA3-256, SHA3-384, SHA3-512. */
#define TPM2L_CRYPTO_MD_SLOTS 8

/* Parked provider digest states per slot: enough for the most hashes live at once on
 * the command path (an HMAC's inner hash plus the digest of a long key). */
#define TPM2L_PDIGEST_IDLE 3

/* A slot's digest on its provider's own functions (pdigest.c): OpenSSL 3.0's
 * EVP_DigestInit_ex2 allocates on every init, these do not. Function pointers are kept
 * in the generic OSSL_DISPATCH form and cast back to their core_dispatch.h types. */
struct tpm2l_crypto_pmd {
    const struct ossl_provider_st *prov;  /* borrowed: md[slot] holds a reference */
    const struct ossl_algorithm_st *algs; /* from query_operation; unqueried on release */
    void (*newctx)(void), (*freectx)(void), (*init)(void), (*update)(void), (*final)(void);
    void *idle[TPM2L_PDIGEST_IDLE]; /* owned provider states, wiped before parking */
    size_t block;
    int tried; /* setup ran (successful or not: NULL init = EVP path) */
};

typedef struct {
    struct ossl_lib_ctx_st *libctx; /* borrowed; NULL = OpenSSL's default context */
    const char *propq;              /* borrowed; NULL = no property query */
    tpm2l_rng_fn rng;               /* NULL = RAND_bytes_ex on libctx */
    void *rng_arg;
    struct evp_md_st *md[TPM2L_CRYPTO_MD_SLOTS]; /* owned; fetched on first use */
    struct evp_cipher_st *aes_cfb[3]; /* owned; AES-128/192/256-CFB128 (sym.c) */
    /* Reused per-operation contexts, so that a command costs no EVP context allocation
     * (OpenSSL 3's *_CTX_new/dup are most of the heap traffic per command). They hold
     * no secret between uses: sym.c re-keys with a zero key, hash.c resets. HMAC
     * (hmac.c) runs on the digests, so it needs nothing of its own here. */
    struct evp_cipher_ctx_st *aes_cfb_ctx[3]; /* owned (sym.c) */
    struct evp_md_ctx_st *md_idle[3];         /* owned, idle (hash.c) */
    struct tpm2l_crypto_pmd pmd[TPM2L_CRYPTO_MD_SLOTS]; /* pdigest.c */
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
    struct evp_md_ctx_st *md; /* EVP path */
    void *algctx;             /* provider path (pdigest.c): owner's parked digest state */
    tpm2l_crypto *owner;      /* where md/algctx go back on finish/abort (NULL: freed) */
    int slot;
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

/* ==== Session cryptography: KDFs, HMAC, AES-CFB, labeled encapsulation ==============
 *
 * Labels are C strings ("ATH", "CFB", "SECRET", ...) and always enter the derivation
 * WITH their terminating NUL (Part 1 §11.4.10.2); pass the label without a trailing
 * NUL of your own. NULL is not an empty label: it is TPM2L_E_BAD_ARG.
 * Errors are crypto layer (TPM2L_RC_CRYPTO): BAD_SELECTOR for a hash, curve or key
 * type we do not know, NOT_SUPPORTED for one OpenSSL lacks, INSUFFICIENT when out/cap
 * is too small, BAD_ARG for NULL or inconsistent arguments, BAD_VALUE for malformed
 * key material or ciphertext, CRYPTO when OpenSSL itself fails. On any error every
 * output buffer has been wiped (zeroed). No function keeps a copy of a key or secret.
 */

/* ---- KDFs (kdf.c), Part 1 §11.4.10 ---- */

/* KDFa (SP800-108 counter mode with HMAC-hash): for i = 1.. :
 *   HMAC_hash(key, u32(i) || label || 0x00 || u || v || u32(bits)).
 * Writes ceil(bits/8) bytes to out (cap must be at least that); when bits is not a
 * multiple of 8, the unused high bits of out[0] are zero. bits == 0 writes nothing and
 * succeeds. key, u, v may be NULL when their length is 0; key may be empty. */
TPM2_RC tpm2l_kdfa(tpm2l_crypto *c, TPM2_ALG_ID hash, const uint8_t *key, size_t key_len,
                   const char *label, const uint8_t *u, size_t u_len, const uint8_t *v,
                   size_t v_len, uint32_t bits, uint8_t *out, size_t cap);

/* KDFe (SP800-56A concatenation KDF): for i = 1.. : H(u32(i) || z || label || 0x00 || u ||
 * v). z is the shared point's x coordinate, u and v the x coordinates of the party
 * points (Part 1 §11.4.10.3). Output as tpm2l_kdfa. */
TPM2_RC tpm2l_kdfe(tpm2l_crypto *c, TPM2_ALG_ID hash, const uint8_t *z, size_t z_len,
                   const char *label, const uint8_t *u, size_t u_len, const uint8_t *v,
                   size_t v_len, uint32_t bits, uint8_t *out, size_t cap);

/* ---- HMAC (hmac.c) ---- */

/* Incremental HMAC. start takes OpenSSL digest state that finish or abort releases:
 * after start succeeds, exactly one of them must be called (abort is also safe on a
 * state whose start failed, and twice). The state holds the padded key (SECRET), which
 * finish and abort wipe; the caller keeps and wipes its own copy of the key. An empty
 * key is allowed (key may then be NULL), as Part 1 requires for unbound, unsalted
 * sessions. */
#define TPM2L_HMAC_MAX_BLOCK 144 /* the largest digest block (SHA3-224's rate) */
#define TPM2L_HMAC_MAX_DIGEST 64
typedef struct {
    tpm2l_hash_state inner;
    tpm2l_crypto *crypto; /* borrowed, for the outer hash */
    TPM2_ALG_ID alg;
    size_t block;
    uint8_t opad[TPM2L_HMAC_MAX_BLOCK]; /* SECRET: key ^ 0x5c.., wiped on finish/abort */
    size_t size;
    TPM2_RC err; /* sticky: the first update failure, reported by finish */
} tpm2l_hmac_state;

TPM2_RC tpm2l_hmac_start(tpm2l_crypto *c, tpm2l_hmac_state *h, TPM2_ALG_ID alg,
                         const uint8_t *key, size_t key_len);
void tpm2l_hmac_update(tpm2l_hmac_state *h, const void *data, size_t len);
/* Writes tpm2l_hash_size(alg) bytes; cap smaller is INSUFFICIENT. Releases h. */
TPM2_RC tpm2l_hmac_finish(tpm2l_hmac_state *h, uint8_t *out, size_t cap);
void tpm2l_hmac_abort(tpm2l_hmac_state *h);

/* One shot: out (cap >= digest size) = HMAC_alg(key, data). */
TPM2_RC tpm2l_hmac(tpm2l_crypto *c, TPM2_ALG_ID alg, const uint8_t *key, size_t key_len,
                   const void *data, size_t len, uint8_t *out, size_t cap);

/* ---- symmetric (sym.c) ---- */

/* AES-CFB with a 128-bit feedback (Part 1 §11.4.6.3, parameter encryption and the
 * outer wrap of credentials and duplicates), in place over len bytes of buf (any
 * length, no padding). key_bytes is 16, 24 or 32, else BAD_ARG. encrypt != 0 encrypts,
 * 0 decrypts. On failure buf is wiped. */
TPM2_RC tpm2l_aes_cfb(tpm2l_crypto *c, int encrypt, const uint8_t *key, size_t key_bytes,
                      const uint8_t iv[16], uint8_t *buf, size_t len);

/* ---- labeled encapsulation (encaps*.c), Part 1 §11.4.10 "Secret sharing" ----
 *
 * Makes a fresh secret that only the holder of key's private part can recover: the
 * salt of StartAuthSession (label "SECRET"), the seed of MakeCredential ("IDENTITY")
 * and of a duplicate for Import ("DUPLICATE").
 *
 * RSA keys: the OAEP hash is the key's scheme hash when key declares TPM2_ALG_OAEP,
 *   else (scheme TPM2_ALG_NULL) key->nameAlg, as the TPM itself chooses (reference
 *   CryptSecretDecrypt; the validated go-tpm vectors agree); other schemes are refused
 *   (BAD_SELECTOR). secret = random(digest size of that hash); out = RSA-OAEP(hash,
 *   label incl. its NUL)(secret), the OAEP padding done here so that every random byte
 *   comes from c's source: first the secret, then the OAEP seed (digest size).
 *   exponent 0 in the public means 65537.
 * ECC keys (NIST P-192/224/256/384/521, BN-P256 where OpenSSL has it, SM2-P256,
 *   Brainpool P256/384/512r1): the ephemeral private scalar is drawn from c's source
 *   (as many bytes as the group order has, bits above the order's length cleared,
 *   drawn again while 0 or >= order), Z = x(d_e * Q_key), secret = KDFe(key->nameAlg, Z, label, Qe.x, Qkey.x,
 *   8 * digest size), out = the marshalled TPMS_ECC_POINT Qe, coordinates padded to
 *   the curve's size. The key's point must be on its curve (else BAD_VALUE).
 * secret receives *secret_len bytes (cap must be at least the digest size). Other
 * key types (keyedhash, symcipher) are BAD_SELECTOR: the symmetric "secret sharing" of
 * Part 1 needs the key's sensitive part, which a caller of this never has. */
TPM2_RC tpm2l_encaps(tpm2l_crypto *c, const TPMT_PUBLIC *key, const char *label,
                     uint8_t *secret, size_t cap, size_t *secret_len,
                     TPM2B_ENCRYPTED_SECRET *out);

/* The inverse, with the private part (priv->sensitiveType must equal pub->type; RSA:
 * sensitive.rsa is the prime p; ECC: sensitive.ecc is the private scalar). Fails with
 * TPM2L_E_BAD_VALUE, without saying why, for a wrong label, a tampered or malformed
 * ciphertext, or a point not on the curve; the OAEP checks run in constant time.
 * Used by tests and by software checks (ActivateCredential-style). */
TPM2_RC tpm2l_decaps(tpm2l_crypto *c, const TPMT_PUBLIC *pub, const TPMT_SENSITIVE *priv,
                     const char *label, const TPM2B_ENCRYPTED_SECRET *in, uint8_t *secret,
                     size_t cap, size_t *secret_len);

#ifdef __cplusplus
}
#endif
#endif
