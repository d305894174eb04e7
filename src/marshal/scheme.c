/* scheme.c - symmetric definitions and the scheme unions of keys and signatures.
 *
 * Must refuse any selector it does not know in both directions: a scheme we cannot
 * size would desynchronise everything after it.
 */
#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

/* Part 2 §11.1.3: XOR carries a hash where the block ciphers carry a key size. */
void tpm2l_marshal_TPMU_SYM_KEY_BITS(tpm2l_wcur *w, TPMI_ALG_SYM sel, const TPMU_SYM_KEY_BITS *v)
{
    switch (sel) {
    case TPM2_ALG_AES: tpm2l_wcur_u16(w, v->aes); break;
    case TPM2_ALG_SM4: tpm2l_wcur_u16(w, v->sm4); break;
    case TPM2_ALG_CAMELLIA: tpm2l_wcur_u16(w, v->camellia); break;
    case TPM2_ALG_XOR: tpm2l_wcur_u16(w, v->exclusiveOr); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_SYM_KEY_BITS(tpm2l_rcur *r, TPMI_ALG_SYM sel, TPMU_SYM_KEY_BITS *v)
{
    switch (sel) {
    case TPM2_ALG_AES: v->aes = tpm2l_rcur_u16(r); break;
    case TPM2_ALG_SM4: v->sm4 = tpm2l_rcur_u16(r); break;
    case TPM2_ALG_CAMELLIA: v->camellia = tpm2l_rcur_u16(r); break;
    case TPM2_ALG_XOR: v->exclusiveOr = tpm2l_rcur_u16(r); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

/* XOR has no mode (Part 2 §11.1.4: its mode member is empty). */
void tpm2l_marshal_TPMU_SYM_MODE(tpm2l_wcur *w, TPMI_ALG_SYM sel, const TPMU_SYM_MODE *v)
{
    switch (sel) {
    case TPM2_ALG_AES: tpm2l_wcur_u16(w, v->aes); break;
    case TPM2_ALG_SM4: tpm2l_wcur_u16(w, v->sm4); break;
    case TPM2_ALG_CAMELLIA: tpm2l_wcur_u16(w, v->camellia); break;
    case TPM2_ALG_XOR: break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_SYM_MODE(tpm2l_rcur *r, TPMI_ALG_SYM sel, TPMU_SYM_MODE *v)
{
    switch (sel) {
    case TPM2_ALG_AES: v->aes = tpm2l_rcur_u16(r); break;
    case TPM2_ALG_SM4: v->sm4 = tpm2l_rcur_u16(r); break;
    case TPM2_ALG_CAMELLIA: v->camellia = tpm2l_rcur_u16(r); break;
    case TPM2_ALG_XOR: break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMT_SYM_DEF(tpm2l_wcur *w, const TPMT_SYM_DEF *v)
{
    tpm2l_wcur_u16(w, v->algorithm);
    tpm2l_marshal_TPMU_SYM_KEY_BITS(w, v->algorithm, &v->keyBits);
    tpm2l_marshal_TPMU_SYM_MODE(w, v->algorithm, &v->mode);
}

void tpm2l_unmarshal_TPMT_SYM_DEF(tpm2l_rcur *r, TPMT_SYM_DEF *v)
{
    v->algorithm = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_SYM_KEY_BITS(r, v->algorithm, &v->keyBits);
    tpm2l_unmarshal_TPMU_SYM_MODE(r, v->algorithm, &v->mode);
}

void tpm2l_marshal_TPMT_SYM_DEF_OBJECT(tpm2l_wcur *w, const TPMT_SYM_DEF_OBJECT *v)
{
    if (v->algorithm == TPM2_ALG_XOR) {
        tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR);
        return;
    }
    tpm2l_wcur_u16(w, v->algorithm);
    tpm2l_marshal_TPMU_SYM_KEY_BITS(w, v->algorithm, &v->keyBits);
    tpm2l_marshal_TPMU_SYM_MODE(w, v->algorithm, &v->mode);
}

void tpm2l_unmarshal_TPMT_SYM_DEF_OBJECT(tpm2l_rcur *r, TPMT_SYM_DEF_OBJECT *v)
{
    v->algorithm = tpm2l_rcur_u16(r);
    if (v->algorithm == TPM2_ALG_XOR) {
        tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR);
        return;
    }
    tpm2l_unmarshal_TPMU_SYM_KEY_BITS(r, v->algorithm, &v->keyBits);
    tpm2l_unmarshal_TPMU_SYM_MODE(r, v->algorithm, &v->mode);
}

void tpm2l_marshal_TPMS_SYMCIPHER_PARMS(tpm2l_wcur *w, const TPMS_SYMCIPHER_PARMS *v)
{
    tpm2l_marshal_TPMT_SYM_DEF_OBJECT(w, &v->sym);
}

void tpm2l_unmarshal_TPMS_SYMCIPHER_PARMS(tpm2l_rcur *r, TPMS_SYMCIPHER_PARMS *v)
{
    tpm2l_unmarshal_TPMT_SYM_DEF_OBJECT(r, &v->sym);
}

void tpm2l_marshal_TPMS_SCHEME_HASH(tpm2l_wcur *w, const TPMS_SCHEME_HASH *v)
{
    tpm2l_wcur_u16(w, v->hashAlg);
}

void tpm2l_unmarshal_TPMS_SCHEME_HASH(tpm2l_rcur *r, TPMS_SCHEME_HASH *v)
{
    v->hashAlg = tpm2l_rcur_u16(r);
}

void tpm2l_marshal_TPMS_SCHEME_ECDAA(tpm2l_wcur *w, const TPMS_SCHEME_ECDAA *v)
{
    tpm2l_wcur_u16(w, v->hashAlg);
    tpm2l_wcur_u16(w, v->count);
}

void tpm2l_unmarshal_TPMS_SCHEME_ECDAA(tpm2l_rcur *r, TPMS_SCHEME_ECDAA *v)
{
    v->hashAlg = tpm2l_rcur_u16(r);
    v->count = tpm2l_rcur_u16(r);
}

void tpm2l_marshal_TPMS_SCHEME_XOR(tpm2l_wcur *w, const TPMS_SCHEME_XOR *v)
{
    tpm2l_wcur_u16(w, v->hashAlg);
    tpm2l_wcur_u16(w, v->kdf);
}

void tpm2l_unmarshal_TPMS_SCHEME_XOR(tpm2l_rcur *r, TPMS_SCHEME_XOR *v)
{
    v->hashAlg = tpm2l_rcur_u16(r);
    v->kdf = tpm2l_rcur_u16(r);
}

void tpm2l_marshal_TPMU_SCHEME_KEYEDHASH(tpm2l_wcur *w, TPMI_ALG_KEYEDHASH_SCHEME sel,
                                         const TPMU_SCHEME_KEYEDHASH *v)
{
    switch (sel) {
    case TPM2_ALG_HMAC: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->hmac); break;
    case TPM2_ALG_XOR: tpm2l_marshal_TPMS_SCHEME_XOR(w, &v->exclusiveOr); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_SCHEME_KEYEDHASH(tpm2l_rcur *r, TPMI_ALG_KEYEDHASH_SCHEME sel,
                                           TPMU_SCHEME_KEYEDHASH *v)
{
    switch (sel) {
    case TPM2_ALG_HMAC: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->hmac); break;
    case TPM2_ALG_XOR: tpm2l_unmarshal_TPMS_SCHEME_XOR(r, &v->exclusiveOr); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMT_KEYEDHASH_SCHEME(tpm2l_wcur *w, const TPMT_KEYEDHASH_SCHEME *v)
{
    tpm2l_wcur_u16(w, v->scheme);
    tpm2l_marshal_TPMU_SCHEME_KEYEDHASH(w, v->scheme, &v->details);
}

void tpm2l_unmarshal_TPMT_KEYEDHASH_SCHEME(tpm2l_rcur *r, TPMT_KEYEDHASH_SCHEME *v)
{
    v->scheme = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_SCHEME_KEYEDHASH(r, v->scheme, &v->details);
}

void tpm2l_marshal_TPMU_SIG_SCHEME(tpm2l_wcur *w, TPMI_ALG_SIG_SCHEME sel, const TPMU_SIG_SCHEME *v)
{
    switch (sel) {
    case TPM2_ALG_RSASSA: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->rsassa); break;
    case TPM2_ALG_RSAPSS: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->rsapss); break;
    case TPM2_ALG_ECDSA: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->ecdsa); break;
    case TPM2_ALG_ECDAA: tpm2l_marshal_TPMS_SCHEME_ECDAA(w, &v->ecdaa); break;
    case TPM2_ALG_SM2: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->sm2); break;
    case TPM2_ALG_ECSCHNORR: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->ecschnorr); break;
    case TPM2_ALG_HMAC: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->hmac); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_SIG_SCHEME(tpm2l_rcur *r, TPMI_ALG_SIG_SCHEME sel, TPMU_SIG_SCHEME *v)
{
    switch (sel) {
    case TPM2_ALG_RSASSA: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->rsassa); break;
    case TPM2_ALG_RSAPSS: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->rsapss); break;
    case TPM2_ALG_ECDSA: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->ecdsa); break;
    case TPM2_ALG_ECDAA: tpm2l_unmarshal_TPMS_SCHEME_ECDAA(r, &v->ecdaa); break;
    case TPM2_ALG_SM2: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->sm2); break;
    case TPM2_ALG_ECSCHNORR: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->ecschnorr); break;
    case TPM2_ALG_HMAC: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->hmac); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMT_SIG_SCHEME(tpm2l_wcur *w, const TPMT_SIG_SCHEME *v)
{
    tpm2l_wcur_u16(w, v->scheme);
    tpm2l_marshal_TPMU_SIG_SCHEME(w, v->scheme, &v->details);
}

void tpm2l_unmarshal_TPMT_SIG_SCHEME(tpm2l_rcur *r, TPMT_SIG_SCHEME *v)
{
    v->scheme = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_SIG_SCHEME(r, v->scheme, &v->details);
}

void tpm2l_marshal_TPMU_KDF_SCHEME(tpm2l_wcur *w, TPMI_ALG_KDF sel, const TPMU_KDF_SCHEME *v)
{
    switch (sel) {
    case TPM2_ALG_MGF1: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->mgf1); break;
    case TPM2_ALG_KDF1_SP800_56A: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->kdf1_sp800_56a); break;
    case TPM2_ALG_KDF2: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->kdf2); break;
    case TPM2_ALG_KDF1_SP800_108: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->kdf1_sp800_108); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_KDF_SCHEME(tpm2l_rcur *r, TPMI_ALG_KDF sel, TPMU_KDF_SCHEME *v)
{
    switch (sel) {
    case TPM2_ALG_MGF1: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->mgf1); break;
    case TPM2_ALG_KDF1_SP800_56A: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->kdf1_sp800_56a); break;
    case TPM2_ALG_KDF2: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->kdf2); break;
    case TPM2_ALG_KDF1_SP800_108: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->kdf1_sp800_108); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMT_KDF_SCHEME(tpm2l_wcur *w, const TPMT_KDF_SCHEME *v)
{
    tpm2l_wcur_u16(w, v->scheme);
    tpm2l_marshal_TPMU_KDF_SCHEME(w, v->scheme, &v->details);
}

void tpm2l_unmarshal_TPMT_KDF_SCHEME(tpm2l_rcur *r, TPMT_KDF_SCHEME *v)
{
    v->scheme = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_KDF_SCHEME(r, v->scheme, &v->details);
}

/* One union serves TPMT_ASYM_SCHEME, TPMT_RSA_SCHEME, TPMT_RSA_DECRYPT and
 * TPMT_ECC_SCHEME; which arms a TPM accepts for which key is its business (it answers
 * TPM_RC_SCHEME), the encoding is the same. */
void tpm2l_marshal_TPMU_ASYM_SCHEME(tpm2l_wcur *w, TPMI_ALG_ASYM_SCHEME sel,
                                    const TPMU_ASYM_SCHEME *v)
{
    switch (sel) {
    case TPM2_ALG_ECDH: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->ecdh); break;
    case TPM2_ALG_ECMQV: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->ecmqv); break;
    case TPM2_ALG_RSASSA: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->rsassa); break;
    case TPM2_ALG_RSAPSS: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->rsapss); break;
    case TPM2_ALG_ECDSA: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->ecdsa); break;
    case TPM2_ALG_ECDAA: tpm2l_marshal_TPMS_SCHEME_ECDAA(w, &v->ecdaa); break;
    case TPM2_ALG_SM2: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->sm2); break;
    case TPM2_ALG_ECSCHNORR: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->ecschnorr); break;
    case TPM2_ALG_RSAES: tpm2l_marshal_TPMS_EMPTY(w, &v->rsaes); break;
    case TPM2_ALG_OAEP: tpm2l_marshal_TPMS_SCHEME_HASH(w, &v->oaep); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_ASYM_SCHEME(tpm2l_rcur *r, TPMI_ALG_ASYM_SCHEME sel, TPMU_ASYM_SCHEME *v)
{
    switch (sel) {
    case TPM2_ALG_ECDH: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->ecdh); break;
    case TPM2_ALG_ECMQV: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->ecmqv); break;
    case TPM2_ALG_RSASSA: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->rsassa); break;
    case TPM2_ALG_RSAPSS: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->rsapss); break;
    case TPM2_ALG_ECDSA: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->ecdsa); break;
    case TPM2_ALG_ECDAA: tpm2l_unmarshal_TPMS_SCHEME_ECDAA(r, &v->ecdaa); break;
    case TPM2_ALG_SM2: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->sm2); break;
    case TPM2_ALG_ECSCHNORR: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->ecschnorr); break;
    case TPM2_ALG_RSAES: tpm2l_unmarshal_TPMS_EMPTY(r, &v->rsaes); break;
    case TPM2_ALG_OAEP: tpm2l_unmarshal_TPMS_SCHEME_HASH(r, &v->oaep); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMT_ASYM_SCHEME(tpm2l_wcur *w, const TPMT_ASYM_SCHEME *v)
{
    tpm2l_wcur_u16(w, v->scheme);
    tpm2l_marshal_TPMU_ASYM_SCHEME(w, v->scheme, &v->details);
}

void tpm2l_unmarshal_TPMT_ASYM_SCHEME(tpm2l_rcur *r, TPMT_ASYM_SCHEME *v)
{
    v->scheme = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_ASYM_SCHEME(r, v->scheme, &v->details);
}

void tpm2l_marshal_TPMT_RSA_SCHEME(tpm2l_wcur *w, const TPMT_RSA_SCHEME *v)
{
    tpm2l_wcur_u16(w, v->scheme);
    tpm2l_marshal_TPMU_ASYM_SCHEME(w, v->scheme, &v->details);
}

void tpm2l_unmarshal_TPMT_RSA_SCHEME(tpm2l_rcur *r, TPMT_RSA_SCHEME *v)
{
    v->scheme = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_ASYM_SCHEME(r, v->scheme, &v->details);
}

void tpm2l_marshal_TPMT_RSA_DECRYPT(tpm2l_wcur *w, const TPMT_RSA_DECRYPT *v)
{
    tpm2l_wcur_u16(w, v->scheme);
    tpm2l_marshal_TPMU_ASYM_SCHEME(w, v->scheme, &v->details);
}

void tpm2l_unmarshal_TPMT_RSA_DECRYPT(tpm2l_rcur *r, TPMT_RSA_DECRYPT *v)
{
    v->scheme = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_ASYM_SCHEME(r, v->scheme, &v->details);
}

void tpm2l_marshal_TPMT_ECC_SCHEME(tpm2l_wcur *w, const TPMT_ECC_SCHEME *v)
{
    tpm2l_wcur_u16(w, v->scheme);
    tpm2l_marshal_TPMU_ASYM_SCHEME(w, v->scheme, &v->details);
}

void tpm2l_unmarshal_TPMT_ECC_SCHEME(tpm2l_rcur *r, TPMT_ECC_SCHEME *v)
{
    v->scheme = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_ASYM_SCHEME(r, v->scheme, &v->details);
}
