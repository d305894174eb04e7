/* kdf.c - the two key derivation functions of Part 1 §11.4.10: KDFa (SP800-108 counter
 * mode, HMAC) for session keys, parameter encryption and credential/duplicate keys,
 * and KDFe (SP800-56A concatenation, plain hash) for ECDH-shared secrets.
 *
 * Must never leave a derived block on the stack unwiped, never write past ceil(bits/8)
 * bytes of out, and must zero the unused high bits of the first byte when bits is not
 * a multiple of 8 (the TPM keeps the LEFTMOST bits and masks the top of byte 0; taking
 * the low bits of the last byte instead is a classic mismatch).
 */
#include <string.h>

#include <openssl/crypto.h>

#include "tpm2lite/crypto.h"

#define KDFA 0
#define KDFE 1

/* TPM2 hashes top out at SHA-512 / SHA3-512. */
#define MAX_DIGEST 64

static void be32(uint8_t b[4], uint32_t v)
{
    b[0] = (uint8_t)(v >> 24);
    b[1] = (uint8_t)(v >> 16);
    b[2] = (uint8_t)(v >> 8);
    b[3] = (uint8_t)v;
}

/* Block i of either KDF into blk (dsize bytes). */
static TPM2_RC kdf_block(tpm2l_crypto *c, int kind, TPM2_ALG_ID hash, const uint8_t *key,
                         size_t key_len, const char *label, const uint8_t *u, size_t u_len,
                         const uint8_t *v, size_t v_len, uint32_t i, uint32_t bits,
                         uint8_t *blk)
{
    uint8_t ctr[4], nbits[4];
    be32(ctr, i);
    be32(nbits, bits);
    /* strlen + 1: the label's NUL is part of the derivation in both KDFs. */
    size_t label_len = strlen(label) + 1;

    if (kind == KDFA) {
        tpm2l_hmac_state h;
        TPM2_RC rc = tpm2l_hmac_start(c, &h, hash, key, key_len);
        if (rc)
            return rc;
        tpm2l_hmac_update(&h, ctr, sizeof ctr);
        tpm2l_hmac_update(&h, label, label_len);
        tpm2l_hmac_update(&h, u, u_len);
        tpm2l_hmac_update(&h, v, v_len);
        tpm2l_hmac_update(&h, nbits, sizeof nbits);
        return tpm2l_hmac_finish(&h, blk, MAX_DIGEST);
    }
    /* KDFe has no trailing bit count: SP800-56A's OtherInfo is label || U || V. */
    tpm2l_hash_state h;
    TPM2_RC rc = tpm2l_hash_start(c, &h, hash);
    if (rc)
        return rc;
    tpm2l_hash_update(&h, ctr, sizeof ctr);
    tpm2l_hash_update(&h, key, key_len);
    tpm2l_hash_update(&h, label, label_len);
    tpm2l_hash_update(&h, u, u_len);
    tpm2l_hash_update(&h, v, v_len);
    return tpm2l_hash_finish(&h, blk, MAX_DIGEST);
}

static TPM2_RC kdf(tpm2l_crypto *c, int kind, TPM2_ALG_ID hash, const uint8_t *key,
                   size_t key_len, const char *label, const uint8_t *u, size_t u_len,
                   const uint8_t *v, size_t v_len, uint32_t bits, uint8_t *out, size_t cap)
{
    uint8_t blk[MAX_DIGEST];
    size_t need = ((size_t)bits + 7) / 8;
    size_t dsize = tpm2l_hash_size(hash);
    TPM2_RC rc = TPM2_RC_SUCCESS;

    if (!label || (!key && key_len) || (!u && u_len) || (!v && v_len) || (!out && cap))
        rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    else if (!dsize)
        rc = TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR);
    else if (cap < need)
        rc = TPM2L_RC_CRYPTO(TPM2L_E_INSUFFICIENT);
    if (rc)
        goto out;

    size_t done = 0;
    for (uint32_t i = 1; done < need; i++) {
        rc = kdf_block(c, kind, hash, key, key_len, label, u, u_len, v, v_len, i, bits, blk);
        if (rc)
            goto out;
        size_t take = need - done < dsize ? need - done : dsize;
        memcpy(out + done, blk, take);
        done += take;
    }
    if (need && bits % 8)
        out[0] &= (uint8_t)(0xFFu >> (8 - bits % 8));

out:
    OPENSSL_cleanse(blk, sizeof blk);
    if (rc && out && cap)
        OPENSSL_cleanse(out, cap);
    return rc;
}

TPM2_RC tpm2l_kdfa(tpm2l_crypto *c, TPM2_ALG_ID hash, const uint8_t *key, size_t key_len,
                   const char *label, const uint8_t *u, size_t u_len, const uint8_t *v,
                   size_t v_len, uint32_t bits, uint8_t *out, size_t cap)
{
    return kdf(c, KDFA, hash, key, key_len, label, u, u_len, v, v_len, bits, out, cap);
}

TPM2_RC tpm2l_kdfe(tpm2l_crypto *c, TPM2_ALG_ID hash, const uint8_t *z, size_t z_len,
                   const char *label, const uint8_t *u, size_t u_len, const uint8_t *v,
                   size_t v_len, uint32_t bits, uint8_t *out, size_t cap)
{
    return kdf(c, KDFE, hash, z, z_len, label, u, u_len, v, v_len, bits, out, cap);
}
