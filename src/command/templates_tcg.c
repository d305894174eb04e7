/* templates_tcg.c - the well-known templates of templates.h (TCG EK L/H, the kernel's
 * NULL key, the signing EK, the storage keys) and the EK NV template/nonce override.
 *
 * Must never drift by a single byte from its sources (templates.h lists them): a
 * template one bit off derives a different key from the same seed, so a verifier would
 * reject a genuine TPM. The digests below are the published values; the unit tests
 * recompute PolicyA and PolicyB with the software policy calculator.
 */
#include <string.h>

#include "tpm2lite/command.h"
#include "tpm2lite/cursor.h"
#include "tpm2lite/marshal.h"
#include "tpm2lite/templates.h"

/* [EKP]: L templates authorise users only through the policy (no userWithAuth);
 * H templates add userWithAuth (their PolicyB is for admin actions too). */
#define EK_ATTRS_L                                                                          \
    (TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |      \
     TPMA_OBJECT_ADMINWITHPOLICY | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT)
#define EK_ATTRS_H (EK_ATTRS_L | TPMA_OBJECT_USERWITHAUTH)
/* The kernel's NULL key and the signing EK: noDA so that a dictionary-attack lockout
 * cannot stop the kernel (or attestation) from using them. */
#define NULL_KEY_ATTRS                                                                      \
    (TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |      \
     TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA | TPMA_OBJECT_RESTRICTED |                  \
     TPMA_OBJECT_DECRYPT)
#define SIGNING_EK_ATTRS                                                                    \
    (TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |      \
     TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA | TPMA_OBJECT_RESTRICTED |                  \
     TPMA_OBJECT_SIGN_ENCRYPT)

/* [EKP] policy digests. PolicyA_SHA256 and PolicyB_SHA256 are also in
 * templates-and-files.md; the others are the profile's (as tpm2-tools carries them). */
static const uint8_t policy_a_sha256[32] = {
    0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xB3, 0xF8, 0x1A, 0x90, 0xCC, 0x8D, 0x46, 0xA5, 0xD7, 0x24,
    0xFD, 0x52, 0xD7, 0x6E, 0x06, 0x52, 0x0B, 0x64, 0xF2, 0xA1, 0xDA, 0x1B, 0x33, 0x14, 0x69, 0xAA};
static const uint8_t policy_a_sha384[48] = {
    0x8B, 0xBF, 0x22, 0x66, 0x53, 0x7C, 0x17, 0x1C, 0xB5, 0x6E, 0x40, 0x3C, 0x4D, 0xC1, 0xD4, 0xB6,
    0x4F, 0x43, 0x26, 0x11, 0xDC, 0x38, 0x6E, 0x6F, 0x53, 0x20, 0x50, 0xC3, 0x27, 0x8C, 0x93, 0x0E,
    0x14, 0x3E, 0x8B, 0xB1, 0x13, 0x38, 0x24, 0xCC, 0xB4, 0x31, 0x05, 0x38, 0x71, 0xC6, 0xDB, 0x53};
static const uint8_t policy_a_sha512[64] = {
    0x1E, 0x3B, 0x76, 0x50, 0x2C, 0x8A, 0x14, 0x25, 0xAA, 0x0B, 0x7B, 0x3F, 0xC6, 0x46, 0xA1, 0xB0,
    0xFA, 0xE0, 0x63, 0xB0, 0x3B, 0x53, 0x68, 0xF9, 0xC4, 0xCD, 0xDE, 0xCA, 0xFF, 0x08, 0x91, 0xDD,
    0x68, 0x2B, 0xAC, 0x1A, 0x85, 0xD4, 0xD8, 0x32, 0xB7, 0x81, 0xEA, 0x45, 0x19, 0x15, 0xDE, 0x5F,
    0xC5, 0xBF, 0x0D, 0xC4, 0xA1, 0x91, 0x7C, 0xD4, 0x2F, 0xA0, 0x41, 0xE3, 0xF9, 0x98, 0xE0, 0xEE};
static const uint8_t policy_a_sm3[32] = {
    0xC6, 0x7F, 0x7D, 0x35, 0xF6, 0x6F, 0x3B, 0xEC, 0x13, 0xC8, 0x9F, 0xE8, 0x98, 0x92, 0x1C, 0x65,
    0x1B, 0x0C, 0xB5, 0xA3, 0x8A, 0x92, 0x69, 0x0A, 0x62, 0xA4, 0x3C, 0x00, 0x12, 0xE4, 0xFB, 0x8B};

static const uint8_t policy_b_sha256[32] = {
    0xCA, 0x3D, 0x0A, 0x99, 0xA2, 0xB9, 0x39, 0x06, 0xF7, 0xA3, 0x34, 0x24, 0x14, 0xEF, 0xCF, 0xB3,
    0xA3, 0x85, 0xD4, 0x4C, 0xD1, 0xFD, 0x45, 0x90, 0x89, 0xD1, 0x9B, 0x50, 0x71, 0xC0, 0xB7, 0xA0};
static const uint8_t policy_b_sha384[48] = {
    0xB2, 0x6E, 0x7D, 0x28, 0xD1, 0x1A, 0x50, 0xBC, 0x53, 0xD8, 0x82, 0xBC, 0xF5, 0xFD, 0x3A, 0x1A,
    0x07, 0x41, 0x48, 0xBB, 0x35, 0xD3, 0xB4, 0xE4, 0xCB, 0x1C, 0x0A, 0xD9, 0xBD, 0xE4, 0x19, 0xCA,
    0xCB, 0x47, 0xBA, 0x09, 0x69, 0x96, 0x46, 0x15, 0x0F, 0x9F, 0xC0, 0x00, 0xF3, 0xF8, 0x0E, 0x12};
static const uint8_t policy_b_sha512[64] = {
    0xB8, 0x22, 0x1C, 0xA6, 0x9E, 0x85, 0x50, 0xA4, 0x91, 0x4D, 0xE3, 0xFA, 0xA6, 0xA1, 0x8C, 0x07,
    0x2C, 0xC0, 0x12, 0x08, 0x07, 0x3A, 0x92, 0x8D, 0x5D, 0x66, 0xD5, 0x9E, 0xF7, 0x9E, 0x49, 0xA4,
    0x29, 0xC4, 0x1A, 0x6B, 0x26, 0x95, 0x71, 0xD5, 0x7E, 0xDB, 0x25, 0xFB, 0xDB, 0x18, 0x38, 0x42,
    0x56, 0x08, 0xB4, 0x13, 0xCD, 0x61, 0x6A, 0x5F, 0x6D, 0xB5, 0xB6, 0x07, 0x1A, 0xF9, 0x9B, 0xEA};
static const uint8_t policy_b_sm3[32] = {
    0x16, 0x78, 0x60, 0xA3, 0x5F, 0x2C, 0x5C, 0x35, 0x67, 0xF9, 0xC9, 0x27, 0xAC, 0x56, 0xC0, 0x32,
    0xF3, 0xB3, 0xA6, 0x46, 0x2F, 0x8D, 0x03, 0x79, 0x98, 0xE7, 0xA1, 0x0F, 0x77, 0xFA, 0x45, 0x4A};

/* PolicyAuthorizeNV(0x01C07F01); PolicyOR(PolicyA, this) gives the reference PolicyB. */
static const uint8_t policy_c_sha256[32] = {
    0x37, 0x67, 0xE2, 0xED, 0xD4, 0x3F, 0xF4, 0x5A, 0x3A, 0x7E, 0x1E, 0xAE, 0xFC, 0xEF, 0x78, 0x64,
    0x3D, 0xCA, 0x96, 0x46, 0x32, 0xE7, 0xAA, 0xD8, 0x2C, 0x67, 0x3A, 0x30, 0xD8, 0x63, 0x3F, 0xDE};
static const uint8_t policy_c_sha384[48] = {
    0xD6, 0x03, 0x2C, 0xE6, 0x1F, 0x2F, 0xB3, 0xC2, 0x40, 0xEB, 0x3C, 0xF6, 0xA3, 0x32, 0x37, 0xEF,
    0x2B, 0x6A, 0x16, 0xF4, 0x29, 0x3C, 0x22, 0xB4, 0x55, 0xE2, 0x61, 0xCF, 0xFD, 0x21, 0x7A, 0xD5,
    0xB4, 0x94, 0x7C, 0x2D, 0x73, 0xE6, 0x30, 0x05, 0xEE, 0xD2, 0xDC, 0x2B, 0x35, 0x93, 0xD1, 0x65};
static const uint8_t policy_c_sha512[64] = {
    0x58, 0x9E, 0xE1, 0xE1, 0x46, 0x54, 0x47, 0x16, 0xE8, 0xDE, 0xAF, 0xE6, 0xDB, 0x24, 0x7B, 0x01,
    0xB8, 0x1E, 0x9F, 0x9C, 0x7D, 0xD1, 0x6B, 0x81, 0x4A, 0xA1, 0x59, 0x13, 0x87, 0x49, 0x10, 0x5F,
    0xBA, 0x53, 0x88, 0xDD, 0x1D, 0xEA, 0x70, 0x2F, 0x35, 0x24, 0x0C, 0x18, 0x49, 0x33, 0x12, 0x1E,
    0x2C, 0x61, 0xB8, 0xF5, 0x0D, 0x3E, 0xF9, 0x13, 0x93, 0xA4, 0x9A, 0x38, 0xC3, 0xF7, 0x3F, 0xC8};
static const uint8_t policy_c_sm3[32] = {
    0x2D, 0x4E, 0x81, 0x57, 0x8C, 0x35, 0x31, 0xD9, 0xBD, 0x1C, 0xDD, 0x7D, 0x02, 0xBA, 0x29, 0x8D,
    0x56, 0x99, 0xA3, 0xE3, 0x9F, 0xC3, 0x55, 0x1B, 0xFE, 0xFF, 0xCF, 0x13, 0x2B, 0x49, 0xE1, 0x1D};

static TPM2_RC put_digest(TPM2B_DIGEST *out, const uint8_t *d, size_t n)
{
    memset(out, 0, sizeof *out);
    memcpy(out->buffer, d, n);
    out->size = (uint16_t)n;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_ek_policy_a(TPM2_ALG_ID hash, TPM2B_DIGEST *out)
{
    switch (hash) {
    case TPM2_ALG_SHA256: return put_digest(out, policy_a_sha256, sizeof policy_a_sha256);
    case TPM2_ALG_SHA384: return put_digest(out, policy_a_sha384, sizeof policy_a_sha384);
    case TPM2_ALG_SHA512: return put_digest(out, policy_a_sha512, sizeof policy_a_sha512);
    case TPM2_ALG_SM3_256: return put_digest(out, policy_a_sm3, sizeof policy_a_sm3);
    default: memset(out, 0, sizeof *out); return TPM2L_RC_COMMAND(TPM2L_E_BAD_SELECTOR);
    }
}

TPM2_RC tpm2l_ek_policy_b(TPM2_ALG_ID hash, TPM2B_DIGEST *out)
{
    switch (hash) {
    case TPM2_ALG_SHA256: return put_digest(out, policy_b_sha256, sizeof policy_b_sha256);
    case TPM2_ALG_SHA384: return put_digest(out, policy_b_sha384, sizeof policy_b_sha384);
    case TPM2_ALG_SHA512: return put_digest(out, policy_b_sha512, sizeof policy_b_sha512);
    case TPM2_ALG_SM3_256: return put_digest(out, policy_b_sm3, sizeof policy_b_sm3);
    default: memset(out, 0, sizeof *out); return TPM2L_RC_COMMAND(TPM2L_E_BAD_SELECTOR);
    }
}

TPM2_RC tpm2l_ek_policy_c(TPM2_ALG_ID hash, TPM2B_DIGEST *out)
{
    switch (hash) {
    case TPM2_ALG_SHA384: return put_digest(out, policy_c_sha384, sizeof policy_c_sha384);
    case TPM2_ALG_SHA512: return put_digest(out, policy_c_sha512, sizeof policy_c_sha512);
    case TPM2_ALG_SM3_256: return put_digest(out, policy_c_sm3, sizeof policy_c_sm3);
    case TPM2_ALG_SHA256: return put_digest(out, policy_c_sha256, sizeof policy_c_sha256);
    default: memset(out, 0, sizeof *out); return TPM2L_RC_COMMAND(TPM2L_E_BAD_SELECTOR);
    }
}

static void set_sym(TPMT_SYM_DEF_OBJECT *s, TPM2_ALG_ID alg, uint16_t bits)
{
    s->algorithm = alg;
    s->keyBits.sym = bits;
    s->mode.sym = TPM2_ALG_CFB;
}

static void rsa_ek(TPMT_PUBLIC *p, TPM2_ALG_ID name_alg, uint16_t bits, uint16_t sym_bits)
{
    p->type = TPM2_ALG_RSA;
    p->nameAlg = name_alg;
    set_sym(&p->parameters.rsaDetail.symmetric, TPM2_ALG_AES, sym_bits);
    p->parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
    p->parameters.rsaDetail.keyBits = bits;
    p->parameters.rsaDetail.exponent = 0;
}

static void ecc_ek(TPMT_PUBLIC *p, TPM2_ALG_ID name_alg, TPM2_ECC_CURVE curve, TPM2_ALG_ID sym,
                   uint16_t sym_bits)
{
    p->type = TPM2_ALG_ECC;
    p->nameAlg = name_alg;
    set_sym(&p->parameters.eccDetail.symmetric, sym, sym_bits);
    p->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
    p->parameters.eccDetail.curveID = curve;
    p->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
}

/* An H template: PolicyB of nameAlg, empty unique. */
static TPM2_RC high(TPMT_PUBLIC *p)
{
    p->objectAttributes = EK_ATTRS_H;
    return tpm2l_ek_policy_b(p->nameAlg, &p->authPolicy);
}

TPM2_RC tpm2l_template_get(tpm2l_template_id id, TPMT_PUBLIC *out)
{
    TPM2_RC rc = TPM2_RC_SUCCESS;

    memset(out, 0, sizeof *out);
    switch (id) {
    case TPM2L_TPL_EK_L1:
        rsa_ek(out, TPM2_ALG_SHA256, 2048, 128);
        out->objectAttributes = EK_ATTRS_L;
        rc = tpm2l_ek_policy_a(TPM2_ALG_SHA256, &out->authPolicy);
        /* [EKP] L-1: unique is 256 zero bytes, not empty: a different key from H-1. */
        out->unique.rsa.size = 256;
        break;
    case TPM2L_TPL_EK_L2:
        ecc_ek(out, TPM2_ALG_SHA256, TPM2_ECC_NIST_P256, TPM2_ALG_AES, 128);
        out->objectAttributes = EK_ATTRS_L;
        rc = tpm2l_ek_policy_a(TPM2_ALG_SHA256, &out->authPolicy);
        out->unique.ecc.x.size = 32;
        out->unique.ecc.y.size = 32;
        break;
    case TPM2L_TPL_EK_H1:
        rsa_ek(out, TPM2_ALG_SHA256, 2048, 128);
        rc = high(out);
        break;
    case TPM2L_TPL_EK_H2:
        ecc_ek(out, TPM2_ALG_SHA256, TPM2_ECC_NIST_P256, TPM2_ALG_AES, 128);
        rc = high(out);
        break;
    case TPM2L_TPL_EK_H3:
        ecc_ek(out, TPM2_ALG_SHA384, TPM2_ECC_NIST_P384, TPM2_ALG_AES, 256);
        rc = high(out);
        break;
    case TPM2L_TPL_EK_H4:
        ecc_ek(out, TPM2_ALG_SHA512, TPM2_ECC_NIST_P521, TPM2_ALG_AES, 256);
        rc = high(out);
        break;
    case TPM2L_TPL_EK_H5:
        ecc_ek(out, TPM2_ALG_SM3_256, TPM2_ECC_SM2_P256, TPM2_ALG_SM4, 128);
        rc = high(out);
        break;
    case TPM2L_TPL_EK_H6:
        rsa_ek(out, TPM2_ALG_SHA384, 3072, 256);
        rc = high(out);
        break;
    case TPM2L_TPL_EK_H7:
        rsa_ek(out, TPM2_ALG_SHA384, 4096, 256);
        rc = high(out);
        break;
    case TPM2L_TPL_NULL_KEY:
        ecc_ek(out, TPM2_ALG_SHA256, TPM2_ECC_NIST_P256, TPM2_ALG_AES, 128);
        out->objectAttributes = NULL_KEY_ATTRS;
        break;
    case TPM2L_TPL_EK_SIGNING:
        ecc_ek(out, TPM2_ALG_SHA256, TPM2_ECC_NIST_P256, TPM2_ALG_NULL, 0);
        /* A signing key has no symmetric part: algorithm NULL marshals alone. */
        memset(&out->parameters.eccDetail.symmetric, 0, sizeof out->parameters.eccDetail.symmetric);
        out->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
        out->parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
        out->parameters.eccDetail.scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
        out->objectAttributes = SIGNING_EK_ATTRS;
        break;
    case TPM2L_TPL_STORAGE_RSA:
        return tpm2l_template_primary(out, TPM2_ALG_RSA);
    case TPM2L_TPL_STORAGE_ECC:
        return tpm2l_template_primary(out, TPM2_ALG_ECC);
    default:
        rc = TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG);
        break;
    }
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

const char *tpm2l_template_id_str(tpm2l_template_id id)
{
    switch (id) {
    case TPM2L_TPL_EK_L1: return "EK L-1 (RSA 2048)";
    case TPM2L_TPL_EK_L2: return "EK L-2 (ECC NIST P-256)";
    case TPM2L_TPL_EK_H1: return "EK H-1 (RSA 2048)";
    case TPM2L_TPL_EK_H2: return "EK H-2 (ECC NIST P-256)";
    case TPM2L_TPL_EK_H3: return "EK H-3 (ECC NIST P-384)";
    case TPM2L_TPL_EK_H4: return "EK H-4 (ECC NIST P-521)";
    case TPM2L_TPL_EK_H5: return "EK H-5 (ECC SM2 P-256)";
    case TPM2L_TPL_EK_H6: return "EK H-6 (RSA 3072)";
    case TPM2L_TPL_EK_H7: return "EK H-7 (RSA 4096)";
    case TPM2L_TPL_NULL_KEY: return "NULL key (H storage, ECC NIST P-256)";
    case TPM2L_TPL_EK_SIGNING: return "signing EK (ECC NIST P-256, ECDSA SHA-256)";
    case TPM2L_TPL_STORAGE_RSA: return "storage (RSA 2048, tpm2_createprimary)";
    case TPM2L_TPL_STORAGE_ECC: return "storage (ECC NIST P-256, tpm2_createprimary)";
    default: return "?";
    }
}

/* Bytes of an ECC coordinate on the curves the EK templates use. */
static size_t coord_size(TPM2_ECC_CURVE curve)
{
    switch (curve) {
    case TPM2_ECC_NIST_P256:
    case TPM2_ECC_SM2_P256: return 32;
    case TPM2_ECC_NIST_P384: return 48;
    case TPM2_ECC_NIST_P521: return 66;
    default: return 0;
    }
}

TPM2_RC tpm2l_template_ek_from_nv(TPM2_ALG_ID type, const uint8_t *tmpl, size_t tmpl_len,
                                  const uint8_t *nonce, size_t nonce_len, TPMT_PUBLIC *out)
{
    TPM2_RC rc;

    if ((type != TPM2_ALG_RSA && type != TPM2_ALG_ECC) || (!tmpl && tmpl_len) ||
        (!nonce && nonce_len)) {
        memset(out, 0, sizeof *out);
        return TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG);
    }
    if (tmpl_len) {
        tpm2l_rcur r;
        memset(out, 0, sizeof *out);
        tpm2l_rcur_init(&r, tmpl, tmpl_len);
        tpm2l_unmarshal_TPMT_PUBLIC(&r, out);
        rc = tpm2l_rcur_finish(&r);
        if (!rc && out->type != type)
            rc = TPM2L_RC_COMMAND(TPM2L_E_BAD_VALUE);
    } else {
        rc = tpm2l_template_get(type == TPM2_ALG_RSA ? TPM2L_TPL_EK_L1 : TPM2L_TPL_EK_L2, out);
    }
    if (rc || !nonce_len)
        goto out;
    if (type == TPM2_ALG_RSA) {
        size_t n = out->parameters.rsaDetail.keyBits / 8u;
        if (!n || n > sizeof out->unique.rsa.buffer || nonce_len > n) {
            rc = TPM2L_RC_COMMAND(TPM2L_E_BAD_VALUE);
            goto out;
        }
        memset(&out->unique.rsa, 0, sizeof out->unique.rsa);
        memcpy(out->unique.rsa.buffer, nonce, nonce_len);
        out->unique.rsa.size = (uint16_t)n;
    } else {
        size_t n = coord_size(out->parameters.eccDetail.curveID);
        if (!n || nonce_len > n) {
            rc = TPM2L_RC_COMMAND(TPM2L_E_BAD_VALUE);
            goto out;
        }
        memset(&out->unique.ecc, 0, sizeof out->unique.ecc);
        memcpy(out->unique.ecc.x.buffer, nonce, nonce_len);
        out->unique.ecc.x.size = (uint16_t)n;
        out->unique.ecc.y.size = (uint16_t)n;
    }
out:
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}
