/* encaps_ecc.c - ECC labeled encapsulation: one-pass ECDH with an ephemeral key, then
 * KDFe (Part 1 §11.4.10.3 and Annex C.6.1; Part 3 StartAuthSession's salt).
 *
 * Uses EC_GROUP / EC_POINT / BIGNUM directly (EC_KEY is deprecated in OpenSSL 3; the
 * single-scalar EC_POINT_mul runs OpenSSL's constant-time ladder). Must never multiply
 * by a point it has not checked to lie on the curve (an invalid-curve point leaks the
 * private scalar bit by bit), never accept a zero or out-of-range scalar, and never
 * leave the ephemeral scalar or Z unwiped.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "src/crypto/crypto_int.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/cursor.h"
#include "tpm2lite/marshal.h"

#define CERR(r) TPM2L_RC_CRYPTO(r)
#define MAX_COORD 66 /* P-521 */
#define MAX_H 64
#define DRAW_TRIES 64 /* P(64 misses) < 2^-64 for every curve here */

struct curve {
    TPM2_ECC_CURVE id;
    int nid; /* NID_undef: a TPM curve OpenSSL does not have */
};

static const struct curve curves[] = {
    {TPM2_ECC_NIST_P192, NID_X9_62_prime192v1},
    {TPM2_ECC_NIST_P224, NID_secp224r1},
    {TPM2_ECC_NIST_P256, NID_X9_62_prime256v1},
    {TPM2_ECC_NIST_P384, NID_secp384r1},
    {TPM2_ECC_NIST_P521, NID_secp521r1},
    {TPM2_ECC_BN_P256, NID_undef}, /* not in OpenSSL 3 */
    {TPM2_ECC_BN_P638, NID_undef},
#ifdef NID_sm2
    {TPM2_ECC_SM2_P256, NID_sm2},
#endif
    {TPM2_ECC_BP_P256_R1, NID_brainpoolP256r1},
    {TPM2_ECC_BP_P384_R1, NID_brainpoolP384r1},
    {TPM2_ECC_BP_P512_R1, NID_brainpoolP512r1},
};

/* Everything one operation needs, released by ecc_end. */
typedef struct {
    EC_GROUP *g;
    BN_CTX *bc;
    BIGNUM *field; /* the prime p */
    size_t coord;  /* bytes per coordinate */
} ecc_op;

static void ecc_end(ecc_op *op)
{
    BN_free(op->field);
    BN_CTX_free(op->bc);
    EC_GROUP_free(op->g);
    memset(op, 0, sizeof *op);
}

static TPM2_RC ecc_begin(tpm2l_crypto *c, TPM2_ECC_CURVE id, ecc_op *op)
{
    int nid = -1;
    memset(op, 0, sizeof *op);
    for (size_t i = 0; i < sizeof curves / sizeof curves[0]; i++)
        if (curves[i].id == id)
            nid = curves[i].nid;
    if (nid == -1)
        return CERR(TPM2L_E_BAD_SELECTOR);
    if (nid == NID_undef)
        return CERR(TPM2L_E_NOT_SUPPORTED);
    op->g = EC_GROUP_new_by_curve_name_ex(c ? c->libctx : NULL, c ? c->propq : NULL, nid);
    if (!op->g)
        return CERR(TPM2L_E_NOT_SUPPORTED);
    op->bc = BN_CTX_secure_new_ex(c ? c->libctx : NULL);
    op->field = BN_new();
    if (!op->bc || !op->field || !EC_GROUP_get_curve(op->g, op->field, NULL, NULL, op->bc)) {
        ecc_end(op);
        return CERR(TPM2L_E_CRYPTO);
    }
    op->coord = ((size_t)EC_GROUP_get_degree(op->g) + 7) / 8;
    if (op->coord == 0 || op->coord > MAX_COORD) {
        ecc_end(op);
        return CERR(TPM2L_E_NOT_SUPPORTED);
    }
    return TPM2_RC_SUCCESS;
}

/* pt = (x, y) from the TPM's bytes, refused unless 0 <= x, y < p, on the curve and not
 * the point at infinity. */
static TPM2_RC point_in(ecc_op *op, const TPMS_ECC_POINT *src, EC_POINT *pt)
{
    TPM2_RC rc = CERR(TPM2L_E_BAD_VALUE);
    BN_CTX_start(op->bc);
    BIGNUM *x = BN_CTX_get(op->bc), *y = BN_CTX_get(op->bc);
    if (!y) {
        rc = CERR(TPM2L_E_CRYPTO);
        goto out;
    }
    if (src->x.size == 0 || src->x.size > op->coord || src->y.size == 0 ||
        src->y.size > op->coord)
        goto out;
    if (!BN_bin2bn(src->x.buffer, src->x.size, x) || !BN_bin2bn(src->y.buffer, src->y.size, y))
        goto out;
    if (BN_cmp(x, op->field) >= 0 || BN_cmp(y, op->field) >= 0)
        goto out;
    /* set_affine_coordinates already refuses an off-curve point; check anyway, so the
     * guarantee does not rest on an implementation detail. */
    if (!EC_POINT_set_affine_coordinates(op->g, pt, x, y, op->bc) ||
        EC_POINT_is_on_curve(op->g, pt, op->bc) != 1 || EC_POINT_is_at_infinity(op->g, pt))
        goto out;
    rc = TPM2_RC_SUCCESS;
out:
    BN_CTX_end(op->bc);
    return rc;
}

/* x (and y, if ybuf) of pt, each padded to the coordinate size. */
static TPM2_RC point_out(ecc_op *op, const EC_POINT *pt, uint8_t *xbuf, uint8_t *ybuf)
{
    TPM2_RC rc = CERR(TPM2L_E_CRYPTO);
    BN_CTX_start(op->bc);
    BIGNUM *x = BN_CTX_get(op->bc), *y = BN_CTX_get(op->bc);
    if (y && !EC_POINT_is_at_infinity(op->g, pt) &&
        EC_POINT_get_affine_coordinates(op->g, pt, x, y, op->bc) &&
        BN_bn2binpad(x, xbuf, (int)op->coord) == (int)op->coord &&
        (!ybuf || BN_bn2binpad(y, ybuf, (int)op->coord) == (int)op->coord))
        rc = TPM2_RC_SUCCESS;
    if (x)
        BN_clear(x); /* x is Z for the shared point */
    BN_CTX_end(op->bc);
    return rc;
}

/* The ephemeral scalar: order-size bytes from c's source with the bits above the
 * order's length cleared, drawn again while 0 or >= order (rejection keeps it
 * uniform; reducing mod n would bias it). */
static TPM2_RC draw_scalar(tpm2l_crypto *c, ecc_op *op, BIGNUM *d)
{
    uint8_t buf[MAX_COORD + 1];
    const BIGNUM *order = EC_GROUP_get0_order(op->g);
    int bits = BN_num_bits(order);
    size_t len = ((size_t)bits + 7) / 8;
    TPM2_RC rc = CERR(TPM2L_E_CRYPTO);

    if (len > sizeof buf)
        return CERR(TPM2L_E_NOT_SUPPORTED);
    for (int tries = 0; tries < DRAW_TRIES; tries++) {
        rc = tpm2l_crypto_random(c, buf, len);
        if (rc)
            break;
        if (bits % 8)
            buf[0] &= (uint8_t)((1u << (bits % 8)) - 1u);
        if (!BN_bin2bn(buf, (int)len, d)) {
            rc = CERR(TPM2L_E_CRYPTO);
            break;
        }
        if (!BN_is_zero(d) && BN_cmp(d, order) < 0) {
            rc = TPM2_RC_SUCCESS;
            break;
        }
        rc = CERR(TPM2L_E_CRYPTO); /* a source that never yields a valid scalar */
    }
    OPENSSL_cleanse(buf, sizeof buf);
    return rc;
}

/* secret = KDFe(nameAlg, x(d * peer), label, u, v, 8 * digest size). */
static TPM2_RC shared_secret(tpm2l_crypto *c, ecc_op *op, TPM2_ALG_ID name_alg,
                             const BIGNUM *d, const EC_POINT *peer, const char *label,
                             const TPM2B_ECC_PARAMETER *u, const TPM2B_ECC_PARAMETER *v,
                             uint8_t *secret, size_t cap, size_t *secret_len)
{
    uint8_t z[MAX_COORD];
    size_t hlen = tpm2l_hash_size(name_alg);
    EC_POINT *zp = EC_POINT_new(op->g);
    TPM2_RC rc = CERR(TPM2L_E_CRYPTO);

    if (!hlen)
        rc = CERR(TPM2L_E_BAD_SELECTOR);
    else if (cap < hlen)
        rc = CERR(TPM2L_E_INSUFFICIENT);
    else if (zp && EC_POINT_mul(op->g, zp, NULL, peer, d, op->bc))
        rc = point_out(op, zp, z, NULL);
    if (!rc)
        rc = tpm2l_kdfe(c, name_alg, z, op->coord, label, u->buffer, u->size, v->buffer,
                        v->size, (uint32_t)(8 * hlen), secret, cap);
    if (!rc)
        *secret_len = hlen;
    OPENSSL_cleanse(z, sizeof z);
    EC_POINT_clear_free(zp);
    return rc;
}

TPM2_RC tpm2l_encaps_ecc(tpm2l_crypto *c, const TPMT_PUBLIC *key, const char *label,
                         uint8_t *secret, size_t cap, size_t *secret_len,
                         TPM2B_ENCRYPTED_SECRET *out)
{
    ecc_op op;
    TPMS_ECC_POINT qe;
    tpm2l_wcur w;
    size_t n;

    if (!tpm2l_hash_size(key->nameAlg))
        return CERR(TPM2L_E_BAD_SELECTOR);
    TPM2_RC rc = ecc_begin(c, key->parameters.eccDetail.curveID, &op);
    if (rc)
        return rc;
    EC_POINT *qkey = EC_POINT_new(op.g), *qep = EC_POINT_new(op.g);
    BIGNUM *d = BN_secure_new();
    memset(&qe, 0, sizeof qe);
    if (!qkey || !qep || !d) {
        rc = CERR(TPM2L_E_CRYPTO);
        goto out;
    }
    BN_set_flags(d, BN_FLG_CONSTTIME);
    rc = point_in(&op, &key->unique.ecc, qkey);
    if (!rc)
        rc = draw_scalar(c, &op, d);
    if (!rc && !EC_POINT_mul(op.g, qep, d, NULL, NULL, op.bc))
        rc = CERR(TPM2L_E_CRYPTO);
    if (!rc)
        rc = point_out(&op, qep, qe.x.buffer, qe.y.buffer);
    if (rc)
        goto out;
    qe.x.size = qe.y.size = (uint16_t)op.coord;
    /* U = Qe.x as sent; V = the key's x exactly as its public area holds it: the TPM
     * feeds KDFe its own stored TPM2B, not a re-padded copy. */
    rc = shared_secret(c, &op, key->nameAlg, d, qkey, label, &qe.x, &key->unique.ecc.x,
                       secret, cap, secret_len);
    if (rc)
        goto out;
    tpm2l_wcur_init(&w, out->secret, sizeof out->secret);
    tpm2l_marshal_TPMS_ECC_POINT(&w, &qe);
    rc = tpm2l_wcur_finish(&w, &n);
    if (!rc)
        out->size = (uint16_t)n;

out:
    BN_clear_free(d);
    EC_POINT_free(qkey);
    EC_POINT_free(qep);
    ecc_end(&op);
    return rc;
}

TPM2_RC tpm2l_decaps_ecc(tpm2l_crypto *c, const TPMT_PUBLIC *pub, const TPMT_SENSITIVE *priv,
                         const char *label, const TPM2B_ENCRYPTED_SECRET *in,
                         uint8_t *secret, size_t cap, size_t *secret_len)
{
    ecc_op op;
    TPMS_ECC_POINT qe;
    tpm2l_rcur r;
    const TPM2B_ECC_PARAMETER *ds = &priv->sensitive.ecc;

    if (!tpm2l_hash_size(pub->nameAlg))
        return CERR(TPM2L_E_BAD_SELECTOR);
    TPM2_RC rc = ecc_begin(c, pub->parameters.eccDetail.curveID, &op);
    if (rc)
        return rc;
    EC_POINT *qep = EC_POINT_new(op.g);
    BIGNUM *d = BN_secure_new();
    if (!qep || !d) {
        rc = CERR(TPM2L_E_CRYPTO);
        goto out;
    }
    BN_set_flags(d, BN_FLG_CONSTTIME);
    memset(&qe, 0, sizeof qe);
    tpm2l_rcur_init(&r, in->secret, in->size);
    tpm2l_unmarshal_TPMS_ECC_POINT(&r, &qe);
    rc = CERR(TPM2L_E_BAD_VALUE);
    if (tpm2l_rcur_finish(&r))
        goto out;
    if (ds->size == 0 || ds->size > sizeof ds->buffer || !BN_bin2bn(ds->buffer, ds->size, d) ||
        BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(op.g)) >= 0)
        goto out;
    rc = point_in(&op, &qe, qep);
    if (!rc)
        rc = shared_secret(c, &op, pub->nameAlg, d, qep, label, &qe.x, &pub->unique.ecc.x,
                           secret, cap, secret_len);

out:
    BN_clear_free(d);
    EC_POINT_free(qep);
    ecc_end(&op);
    return rc;
}
