/* encaps_rsa.c - RSA labeled encapsulation: RSAES-OAEP (PKCS #1 v2.2 §7.1) with the
 * label's NUL included (Part 1 §11.4.10.3, Annex B.10.3), done here over raw RSA so
 * the OAEP seed comes from the context's random source and a seeded run replays byte
 * for byte; the private side rebuilds the key from the prime p the TPM stores.
 *
 * Must never reveal WHY an OAEP decoding failed (Manger's attack: the leading byte,
 * the label hash and the 0x01 separator are checked together, in constant time), never
 * leave a padded message, seed or private exponent unwiped, and never use an RSA
 * padding mode of OpenSSL's (their seeds come from OpenSSL's DRBG, not ours).
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "src/crypto/crypto_int.h"
#include "tpm2lite/crypto.h"

#define CERR(r) TPM2L_RC_CRYPTO(r)
#define MAX_K TPM2_MAX_RSA_KEY_BYTES
#define MAX_H 64

/* The OAEP hash: the reference TPM (CryptSecretDecrypt) uses the key's own OAEP hash
 * when it declares one, nameAlg when its scheme is NULL, and refuses anything else. */
static TPM2_RC oaep_hash(const TPMT_PUBLIC *key, TPM2_ALG_ID *hash, size_t *hlen)
{
    const TPMT_RSA_SCHEME *s = &key->parameters.rsaDetail.scheme;
    if (s->scheme == TPM2_ALG_OAEP)
        *hash = s->details.oaep.hashAlg;
    else if (s->scheme == TPM2_ALG_NULL)
        *hash = key->nameAlg;
    else
        return CERR(TPM2L_E_BAD_SELECTOR);
    *hlen = tpm2l_hash_size(*hash);
    return *hlen ? TPM2_RC_SUCCESS : CERR(TPM2L_E_BAD_SELECTOR);
}

/* The modulus size k; the public must be self-consistent, with no leading zero byte
 * (a TPM never sends one, and the raw encryption below relies on EM < n). */
static TPM2_RC modulus_len(const TPMT_PUBLIC *key, size_t *k)
{
    const TPM2B_PUBLIC_KEY_RSA *n = &key->unique.rsa;
    if (n->size == 0 || n->size > MAX_K || n->size * 8u != key->parameters.rsaDetail.keyBits ||
        n->buffer[0] == 0 || !(n->buffer[n->size - 1] & 1))
        return CERR(TPM2L_E_BAD_VALUE);
    *k = n->size;
    return TPM2_RC_SUCCESS;
}

/* buf ^= MGF1_hash(seed)[0..len) (PKCS #1 v2.2 B.2.1). */
static TPM2_RC mgf1_xor(tpm2l_crypto *c, TPM2_ALG_ID hash, size_t hlen, const uint8_t *seed,
                        size_t seed_len, uint8_t *buf, size_t len)
{
    uint8_t blk[MAX_H];
    TPM2_RC rc = TPM2_RC_SUCCESS;
    for (uint32_t i = 0; (size_t)i * hlen < len; i++) {
        uint8_t ctr[4] = {(uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
        tpm2l_hash_state h;
        rc = tpm2l_hash_start(c, &h, hash);
        if (rc)
            break;
        tpm2l_hash_update(&h, seed, seed_len);
        tpm2l_hash_update(&h, ctr, sizeof ctr);
        rc = tpm2l_hash_finish(&h, blk, sizeof blk);
        if (rc)
            break;
        size_t off = (size_t)i * hlen, take = len - off < hlen ? len - off : hlen;
        for (size_t j = 0; j < take; j++)
            buf[off + j] ^= blk[j];
    }
    OPENSSL_cleanse(blk, sizeof blk);
    return rc;
}

/* A key from fromdata params built in bld; selection public or keypair. */
static TPM2_RC pkey_from(tpm2l_crypto *c, OSSL_PARAM_BLD *bld, int selection, EVP_PKEY **pkey)
{
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(c ? c->libctx : NULL, "RSA",
                                                  c ? c->propq : NULL);
    TPM2_RC rc = TPM2_RC_SUCCESS;
    *pkey = NULL;
    if (!params || !pc || EVP_PKEY_fromdata_init(pc) <= 0 ||
        EVP_PKEY_fromdata(pc, pkey, selection, params) <= 0)
        rc = CERR(TPM2L_E_CRYPTO);
    EVP_PKEY_CTX_free(pc);
    OSSL_PARAM_free(params); /* clears secure-heap copies of private values */
    return rc;
}

/* out (k bytes) = in^e or in^d mod n, no padding. */
static TPM2_RC raw_rsa(tpm2l_crypto *c, EVP_PKEY *pkey, int decrypt, const uint8_t *in,
                       size_t k, uint8_t *out)
{
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(c ? c->libctx : NULL, pkey,
                                                  c ? c->propq : NULL);
    size_t outlen = k;
    int ok = pc != NULL;
    if (ok)
        ok = (decrypt ? EVP_PKEY_decrypt_init(pc) : EVP_PKEY_encrypt_init(pc)) > 0 &&
             EVP_PKEY_CTX_set_rsa_padding(pc, RSA_NO_PADDING) > 0;
    if (ok)
        ok = (decrypt ? EVP_PKEY_decrypt(pc, out, &outlen, in, k)
                      : EVP_PKEY_encrypt(pc, out, &outlen, in, k)) > 0 &&
             outlen == k;
    EVP_PKEY_CTX_free(pc);
    /* A ciphertext >= n is refused by OpenSSL: malformed input, not a library fault. */
    return ok ? TPM2_RC_SUCCESS : CERR(decrypt ? TPM2L_E_BAD_VALUE : TPM2L_E_CRYPTO);
}

static uint32_t exponent_of(const TPMT_PUBLIC *key)
{
    uint32_t e = key->parameters.rsaDetail.exponent;
    return e ? e : 65537u; /* Part 2 §12.2.3.5 */
}

static TPM2_RC public_pkey(tpm2l_crypto *c, const TPMT_PUBLIC *key, EVP_PKEY **pkey)
{
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    BIGNUM *n = BN_bin2bn(key->unique.rsa.buffer, key->unique.rsa.size, NULL);
    BIGNUM *e = BN_new();
    TPM2_RC rc = CERR(TPM2L_E_CRYPTO);
    *pkey = NULL;
    if (bld && n && e && BN_set_word(e, exponent_of(key)) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
        rc = pkey_from(c, bld, EVP_PKEY_PUBLIC_KEY, pkey);
    BN_free(n);
    BN_free(e);
    OSSL_PARAM_BLD_free(bld);
    return rc;
}

TPM2_RC tpm2l_encaps_rsa(tpm2l_crypto *c, const TPMT_PUBLIC *key, const char *label,
                         uint8_t *secret, size_t cap, size_t *secret_len,
                         TPM2B_ENCRYPTED_SECRET *out)
{
    uint8_t em[MAX_K];
    EVP_PKEY *pkey = NULL;
    TPM2_ALG_ID hash;
    size_t hlen, k;

    TPM2_RC rc = oaep_hash(key, &hash, &hlen);
    if (!rc)
        rc = modulus_len(key, &k);
    if (rc)
        return rc;
    if (cap < hlen)
        return CERR(TPM2L_E_INSUFFICIENT);
    /* EM = 0x00 || seed || DB, DB = lHash || PS || 0x01 || M, with M = the secret of
     * hlen bytes: needs k >= 2 hlen + 2 + hlen (e.g. no 1024-bit key with SHA-512). */
    if (k < 3 * hlen + 2 || k > sizeof em || k > sizeof out->secret)
        return CERR(TPM2L_E_BAD_VALUE);
    uint8_t *seed = em + 1, *db = em + 1 + hlen;
    size_t db_len = k - hlen - 1;

    memset(em, 0, sizeof em);
    /* Order of draws is part of the replay contract: the secret, then the seed. */
    rc = tpm2l_crypto_random(c, secret, hlen);
    if (!rc)
        rc = tpm2l_crypto_random(c, seed, hlen);
    if (!rc)
        rc = tpm2l_hash(c, hash, label, strlen(label) + 1, db, hlen);
    if (rc)
        goto out;
    db[db_len - hlen - 1] = 0x01;
    memcpy(db + db_len - hlen, secret, hlen);
    rc = mgf1_xor(c, hash, hlen, seed, hlen, db, db_len);
    if (!rc)
        rc = mgf1_xor(c, hash, hlen, db, db_len, seed, hlen);
    if (!rc)
        rc = public_pkey(c, key, &pkey);
    if (!rc)
        rc = raw_rsa(c, pkey, 0, em, k, out->secret);
    if (rc)
        goto out;
    out->size = (uint16_t)k;
    *secret_len = hlen;

out:
    OPENSSL_cleanse(em, sizeof em);
    EVP_PKEY_free(pkey);
    return rc; /* tpm2l_encaps wipes secret and out on failure */
}

/* ---- private side ---- */

/* The full private key from n, e and p (Part 2 §11.2.3: a TPM's RSA sensitive area is
 * one prime): q = n / p, d = e^-1 mod (p-1)(q-1), and the CRT values. */
static TPM2_RC private_pkey(tpm2l_crypto *c, const TPMT_PUBLIC *pub, const TPMT_SENSITIVE *priv,
                            EVP_PKEY **pkey)
{
    const TPM2B_PRIVATE_KEY_RSA *ps = &priv->sensitive.rsa;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    BN_CTX *bc = BN_CTX_secure_new_ex(c ? c->libctx : NULL);
    BIGNUM *n = BN_bin2bn(pub->unique.rsa.buffer, pub->unique.rsa.size, NULL);
    BIGNUM *e = BN_new(), *p = BN_secure_new(), *q = BN_secure_new(), *d = BN_secure_new();
    BIGNUM *p1 = BN_secure_new(), *q1 = BN_secure_new(), *phi = BN_secure_new();
    BIGNUM *dp = BN_secure_new(), *dq = BN_secure_new(), *qinv = BN_secure_new();
    BIGNUM *rem = BN_secure_new();
    TPM2_RC rc = CERR(TPM2L_E_CRYPTO);

    *pkey = NULL;
    if (!bld || !bc || !n || !e || !p || !q || !d || !p1 || !q1 || !phi || !dp || !dq ||
        !qinv || !rem)
        goto out;
    BN_set_flags(p, BN_FLG_CONSTTIME);
    BN_set_flags(q, BN_FLG_CONSTTIME);
    BN_set_flags(phi, BN_FLG_CONSTTIME);
    if (ps->size == 0 || ps->size > sizeof ps->buffer) {
        rc = CERR(TPM2L_E_BAD_VALUE);
        goto out;
    }
    if (!BN_set_word(e, exponent_of(pub)) || !BN_bin2bn(ps->buffer, ps->size, p))
        goto out;
    rc = CERR(TPM2L_E_BAD_VALUE); /* from here on: a private part that does not fit */
    if (BN_cmp(p, BN_value_one()) <= 0 || !BN_div(q, rem, n, p, bc) || !BN_is_zero(rem) ||
        BN_cmp(q, BN_value_one()) <= 0)
        goto out;
    rc = CERR(TPM2L_E_CRYPTO);
    if (!BN_sub(p1, p, BN_value_one()) || !BN_sub(q1, q, BN_value_one()) ||
        !BN_mul(phi, p1, q1, bc))
        goto out;
    if (!BN_mod_inverse(d, e, phi, bc)) {
        rc = CERR(TPM2L_E_BAD_VALUE); /* e not invertible: p is not a factor we can use */
        goto out;
    }
    if (!BN_mod(dp, d, p1, bc) || !BN_mod(dq, d, q1, bc) || !BN_mod_inverse(qinv, q, p, bc))
        goto out;
    if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv))
        rc = pkey_from(c, bld, EVP_PKEY_KEYPAIR, pkey);

out:
    BN_free(n);
    BN_free(e);
    BN_clear_free(p);
    BN_clear_free(q);
    BN_clear_free(d);
    BN_clear_free(p1);
    BN_clear_free(q1);
    BN_clear_free(phi);
    BN_clear_free(dp);
    BN_clear_free(dq);
    BN_clear_free(qinv);
    BN_clear_free(rem);
    BN_CTX_free(bc);
    OSSL_PARAM_BLD_free(bld);
    return rc;
}

/* All-ones if x == 0 else 0, for x < 2^31, without a branch. */
static unsigned ct_zero(unsigned x)
{
    return 0u - ((~x & (x - 1u)) >> (sizeof(unsigned) * 8 - 1));
}

TPM2_RC tpm2l_decaps_rsa(tpm2l_crypto *c, const TPMT_PUBLIC *pub, const TPMT_SENSITIVE *priv,
                         const char *label, const TPM2B_ENCRYPTED_SECRET *in,
                         uint8_t *secret, size_t cap, size_t *secret_len)
{
    uint8_t em[MAX_K], lhash[MAX_H];
    EVP_PKEY *pkey = NULL;
    TPM2_ALG_ID hash;
    size_t hlen, k;

    TPM2_RC rc = oaep_hash(pub, &hash, &hlen);
    if (!rc)
        rc = modulus_len(pub, &k);
    if (rc)
        return rc;
    if (in->size != k || k < 2 * hlen + 2)
        return CERR(TPM2L_E_BAD_VALUE);
    uint8_t *seed = em + 1, *db = em + 1 + hlen;
    size_t db_len = k - hlen - 1;

    memset(em, 0, sizeof em);
    rc = private_pkey(c, pub, priv, &pkey);
    if (!rc)
        rc = raw_rsa(c, pkey, 1, in->secret, k, em);
    if (!rc)
        rc = tpm2l_hash(c, hash, label, strlen(label) + 1, lhash, sizeof lhash);
    if (!rc)
        rc = mgf1_xor(c, hash, hlen, db, db_len, seed, hlen);
    if (!rc)
        rc = mgf1_xor(c, hash, hlen, seed, hlen, db, db_len);
    if (rc)
        goto out;

    /* From here the decision depends on secret data: accumulate, decide once. */
    unsigned good = ct_zero(em[0]);
    unsigned diff = 0;
    for (size_t i = 0; i < hlen; i++)
        diff |= (unsigned)(db[i] ^ lhash[i]);
    good &= ct_zero(diff);
    unsigned found = 0, bad = 0, at = 0;
    for (size_t i = hlen; i < db_len; i++) {
        unsigned zero = ct_zero(db[i]), one = ct_zero(db[i] ^ 1u);
        at |= ~found & one & (unsigned)i;
        bad |= ~found & ~zero & ~one;
        found |= one;
    }
    good &= found & ~bad;
    if (!good) {
        rc = CERR(TPM2L_E_BAD_VALUE);
        goto out;
    }
    size_t mlen = db_len - at - 1;
    if (mlen > cap) {
        rc = CERR(TPM2L_E_INSUFFICIENT);
        goto out;
    }
    memcpy(secret, db + at + 1, mlen);
    *secret_len = mlen;

out:
    OPENSSL_cleanse(em, sizeof em);
    EVP_PKEY_free(pkey);
    return rc;
}
