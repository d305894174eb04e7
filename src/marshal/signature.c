/* signature.c - signatures (every TPMU_SIGNATURE arm, HMAC included) and the ECC
 * points and curve parameters that signing and key exchange carry.
 *
 * Must refuse signature algorithms it does not know rather than guess their layout.
 */
#include <string.h>

#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

void tpm2l_marshal_TPMS_SIGNATURE_RSA(tpm2l_wcur *w, const TPMS_SIGNATURE_RSA *v)
{
    tpm2l_wcur_u16(w, v->hash);
    tpm2l_marshal_TPM2B_PUBLIC_KEY_RSA(w, &v->sig);
}

void tpm2l_unmarshal_TPMS_SIGNATURE_RSA(tpm2l_rcur *r, TPMS_SIGNATURE_RSA *v)
{
    v->hash = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPM2B_PUBLIC_KEY_RSA(r, &v->sig);
}

void tpm2l_marshal_TPMS_SIGNATURE_ECC(tpm2l_wcur *w, const TPMS_SIGNATURE_ECC *v)
{
    tpm2l_wcur_u16(w, v->hash);
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->signatureR);
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->signatureS);
}

void tpm2l_unmarshal_TPMS_SIGNATURE_ECC(tpm2l_rcur *r, TPMS_SIGNATURE_ECC *v)
{
    v->hash = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->signatureR);
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->signatureS);
}

void tpm2l_marshal_TPMU_SIGNATURE(tpm2l_wcur *w, TPMI_ALG_SIG_SCHEME sel, const TPMU_SIGNATURE *v)
{
    switch (sel) {
    case TPM2_ALG_RSASSA: tpm2l_marshal_TPMS_SIGNATURE_RSA(w, &v->rsassa); break;
    case TPM2_ALG_RSAPSS: tpm2l_marshal_TPMS_SIGNATURE_RSA(w, &v->rsapss); break;
    case TPM2_ALG_ECDSA: tpm2l_marshal_TPMS_SIGNATURE_ECC(w, &v->ecdsa); break;
    case TPM2_ALG_ECDAA: tpm2l_marshal_TPMS_SIGNATURE_ECC(w, &v->ecdaa); break;
    case TPM2_ALG_SM2: tpm2l_marshal_TPMS_SIGNATURE_ECC(w, &v->sm2); break;
    case TPM2_ALG_ECSCHNORR: tpm2l_marshal_TPMS_SIGNATURE_ECC(w, &v->ecschnorr); break;
    case TPM2_ALG_HMAC: tpm2l_marshal_TPMT_HA(w, &v->hmac); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_SIGNATURE(tpm2l_rcur *r, TPMI_ALG_SIG_SCHEME sel, TPMU_SIGNATURE *v)
{
    switch (sel) {
    case TPM2_ALG_RSASSA: tpm2l_unmarshal_TPMS_SIGNATURE_RSA(r, &v->rsassa); break;
    case TPM2_ALG_RSAPSS: tpm2l_unmarshal_TPMS_SIGNATURE_RSA(r, &v->rsapss); break;
    case TPM2_ALG_ECDSA: tpm2l_unmarshal_TPMS_SIGNATURE_ECC(r, &v->ecdsa); break;
    case TPM2_ALG_ECDAA: tpm2l_unmarshal_TPMS_SIGNATURE_ECC(r, &v->ecdaa); break;
    case TPM2_ALG_SM2: tpm2l_unmarshal_TPMS_SIGNATURE_ECC(r, &v->sm2); break;
    case TPM2_ALG_ECSCHNORR: tpm2l_unmarshal_TPMS_SIGNATURE_ECC(r, &v->ecschnorr); break;
    case TPM2_ALG_HMAC: tpm2l_unmarshal_TPMT_HA(r, &v->hmac); break;
    case TPM2_ALG_NULL: break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMT_SIGNATURE(tpm2l_wcur *w, const TPMT_SIGNATURE *v)
{
    tpm2l_wcur_u16(w, v->sigAlg);
    tpm2l_marshal_TPMU_SIGNATURE(w, v->sigAlg, &v->signature);
}

void tpm2l_unmarshal_TPMT_SIGNATURE(tpm2l_rcur *r, TPMT_SIGNATURE *v)
{
    v->sigAlg = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_SIGNATURE(r, v->sigAlg, &v->signature);
}

void tpm2l_marshal_TPMS_ECC_POINT(tpm2l_wcur *w, const TPMS_ECC_POINT *v)
{
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->x);
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->y);
}

void tpm2l_unmarshal_TPMS_ECC_POINT(tpm2l_rcur *r, TPMS_ECC_POINT *v)
{
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->x);
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->y);
}

void tpm2l_marshal_TPM2B_ECC_POINT(tpm2l_wcur *w, const TPM2B_ECC_POINT *v)
{
    size_t at = tpm2l_wcur_size16_begin(w);
    tpm2l_marshal_TPMS_ECC_POINT(w, &v->point);
    tpm2l_wcur_size16_end(w, at);
}

void tpm2l_unmarshal_TPM2B_ECC_POINT(tpm2l_rcur *r, TPM2B_ECC_POINT *v)
{
    tpm2l_rcur sub;
    v->size = tpm2l_nested_begin(r, &sub);
    if (v->size)
        tpm2l_unmarshal_TPMS_ECC_POINT(&sub, &v->point);
    else
        memset(&v->point, 0, sizeof v->point);
    tpm2l_nested_end(r, &sub);
}

void tpm2l_marshal_TPMS_ALGORITHM_DETAIL_ECC(tpm2l_wcur *w, const TPMS_ALGORITHM_DETAIL_ECC *v)
{
    tpm2l_wcur_u16(w, v->curveID);
    tpm2l_wcur_u16(w, v->keySize);
    tpm2l_marshal_TPMT_KDF_SCHEME(w, &v->kdf);
    tpm2l_marshal_TPMT_ECC_SCHEME(w, &v->sign);
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->p);
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->a);
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->b);
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->gX);
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->gY);
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->n);
    tpm2l_marshal_TPM2B_ECC_PARAMETER(w, &v->h);
}

void tpm2l_unmarshal_TPMS_ALGORITHM_DETAIL_ECC(tpm2l_rcur *r, TPMS_ALGORITHM_DETAIL_ECC *v)
{
    v->curveID = tpm2l_rcur_u16(r);
    v->keySize = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMT_KDF_SCHEME(r, &v->kdf);
    tpm2l_unmarshal_TPMT_ECC_SCHEME(r, &v->sign);
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->p);
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->a);
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->b);
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->gX);
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->gY);
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->n);
    tpm2l_unmarshal_TPM2B_ECC_PARAMETER(r, &v->h);
}
