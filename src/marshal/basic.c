/* basic.c - small structures shared by many commands: digests with their algorithm,
 * tickets, clock and time, authorization entries, digest lists.
 *
 * Must never write a digest longer than its algorithm's size: TPMU_HA's arms are sized
 * by the selector alone, never by a field the peer controls.
 */
#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

/* Digest size of a hash this library can carry in TPMU_HA; 0 for anything else. */
static size_t ha_size(TPMI_ALG_HASH alg)
{
    switch (alg) {
    case TPM2_ALG_SHA1: return TPM2_SHA1_DIGEST_SIZE;
    case TPM2_ALG_SHA256: return TPM2_SHA256_DIGEST_SIZE;
    case TPM2_ALG_SHA384: return TPM2_SHA384_DIGEST_SIZE;
    case TPM2_ALG_SHA512: return TPM2_SHA512_DIGEST_SIZE;
    case TPM2_ALG_SM3_256: return TPM2_SM3_256_DIGEST_SIZE;
    case TPM2_ALG_SHA3_256: return TPM2_SHA3_256_DIGEST_SIZE;
    case TPM2_ALG_SHA3_384: return TPM2_SHA3_384_DIGEST_SIZE;
    case TPM2_ALG_SHA3_512: return TPM2_SHA3_512_DIGEST_SIZE;
    default: return 0;
    }
}

/* Every TPMU_HA arm starts at the union's first byte, so one byte array serves them
 * all once the selector has fixed the length. */
void tpm2l_marshal_TPMU_HA(tpm2l_wcur *w, TPMI_ALG_HASH sel, const TPMU_HA *v)
{
    if (sel == TPM2_ALG_NULL)
        return;
    size_t n = ha_size(sel);
    if (!n) {
        tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR);
        return;
    }
    tpm2l_wcur_bytes(w, v->sha512, n);
}

void tpm2l_unmarshal_TPMU_HA(tpm2l_rcur *r, TPMI_ALG_HASH sel, TPMU_HA *v)
{
    if (sel == TPM2_ALG_NULL)
        return;
    size_t n = ha_size(sel);
    if (!n) {
        tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR);
        return;
    }
    tpm2l_rcur_bytes(r, v->sha512, n);
}

void tpm2l_marshal_TPMS_EMPTY(tpm2l_wcur *w, const TPMS_EMPTY *v)
{
    (void)w;
    (void)v;
}

void tpm2l_unmarshal_TPMS_EMPTY(tpm2l_rcur *r, TPMS_EMPTY *v)
{
    (void)r;
    (void)v;
}

void tpm2l_marshal_TPMT_HA(tpm2l_wcur *w, const TPMT_HA *v)
{
    tpm2l_wcur_u16(w, v->hashAlg);
    tpm2l_marshal_TPMU_HA(w, v->hashAlg, &v->digest);
}

void tpm2l_unmarshal_TPMT_HA(tpm2l_rcur *r, TPMT_HA *v)
{
    v->hashAlg = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMU_HA(r, v->hashAlg, &v->digest);
}

/* The four tickets share one layout (Part 2 §10.7). */
void tpm2l_marshal_TPMT_TK_CREATION(tpm2l_wcur *w, const TPMT_TK_CREATION *v)
{
    tpm2l_wcur_u16(w, v->tag);
    tpm2l_wcur_u32(w, v->hierarchy);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->digest);
}

void tpm2l_unmarshal_TPMT_TK_CREATION(tpm2l_rcur *r, TPMT_TK_CREATION *v)
{
    v->tag = tpm2l_rcur_u16(r);
    v->hierarchy = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->digest);
}

void tpm2l_marshal_TPMT_TK_VERIFIED(tpm2l_wcur *w, const TPMT_TK_VERIFIED *v)
{
    tpm2l_wcur_u16(w, v->tag);
    tpm2l_wcur_u32(w, v->hierarchy);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->digest);
}

void tpm2l_unmarshal_TPMT_TK_VERIFIED(tpm2l_rcur *r, TPMT_TK_VERIFIED *v)
{
    v->tag = tpm2l_rcur_u16(r);
    v->hierarchy = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->digest);
}

void tpm2l_marshal_TPMT_TK_AUTH(tpm2l_wcur *w, const TPMT_TK_AUTH *v)
{
    tpm2l_wcur_u16(w, v->tag);
    tpm2l_wcur_u32(w, v->hierarchy);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->digest);
}

void tpm2l_unmarshal_TPMT_TK_AUTH(tpm2l_rcur *r, TPMT_TK_AUTH *v)
{
    v->tag = tpm2l_rcur_u16(r);
    v->hierarchy = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->digest);
}

void tpm2l_marshal_TPMT_TK_HASHCHECK(tpm2l_wcur *w, const TPMT_TK_HASHCHECK *v)
{
    tpm2l_wcur_u16(w, v->tag);
    tpm2l_wcur_u32(w, v->hierarchy);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->digest);
}

void tpm2l_unmarshal_TPMT_TK_HASHCHECK(tpm2l_rcur *r, TPMT_TK_HASHCHECK *v)
{
    v->tag = tpm2l_rcur_u16(r);
    v->hierarchy = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->digest);
}

void tpm2l_marshal_TPMS_CLOCK_INFO(tpm2l_wcur *w, const TPMS_CLOCK_INFO *v)
{
    tpm2l_wcur_u64(w, v->clock);
    tpm2l_wcur_u32(w, v->resetCount);
    tpm2l_wcur_u32(w, v->restartCount);
    tpm2l_wcur_u8(w, v->safe);
}

void tpm2l_unmarshal_TPMS_CLOCK_INFO(tpm2l_rcur *r, TPMS_CLOCK_INFO *v)
{
    v->clock = tpm2l_rcur_u64(r);
    v->resetCount = tpm2l_rcur_u32(r);
    v->restartCount = tpm2l_rcur_u32(r);
    v->safe = tpm2l_rcur_u8(r);
}

void tpm2l_marshal_TPMS_TIME_INFO(tpm2l_wcur *w, const TPMS_TIME_INFO *v)
{
    tpm2l_wcur_u64(w, v->time);
    tpm2l_marshal_TPMS_CLOCK_INFO(w, &v->clockInfo);
}

void tpm2l_unmarshal_TPMS_TIME_INFO(tpm2l_rcur *r, TPMS_TIME_INFO *v)
{
    v->time = tpm2l_rcur_u64(r);
    tpm2l_unmarshal_TPMS_CLOCK_INFO(r, &v->clockInfo);
}

void tpm2l_marshal_TPMS_TIME_ATTEST_INFO(tpm2l_wcur *w, const TPMS_TIME_ATTEST_INFO *v)
{
    tpm2l_marshal_TPMS_TIME_INFO(w, &v->time);
    tpm2l_wcur_u64(w, v->firmwareVersion);
}

void tpm2l_unmarshal_TPMS_TIME_ATTEST_INFO(tpm2l_rcur *r, TPMS_TIME_ATTEST_INFO *v)
{
    tpm2l_unmarshal_TPMS_TIME_INFO(r, &v->time);
    v->firmwareVersion = tpm2l_rcur_u64(r);
}

void tpm2l_marshal_TPMS_AUTH_COMMAND(tpm2l_wcur *w, const TPMS_AUTH_COMMAND *v)
{
    tpm2l_wcur_u32(w, v->sessionHandle);
    tpm2l_marshal_TPM2B_NONCE(w, &v->nonce);
    tpm2l_wcur_u8(w, v->sessionAttributes);
    tpm2l_marshal_TPM2B_AUTH(w, &v->hmac);
}

void tpm2l_unmarshal_TPMS_AUTH_COMMAND(tpm2l_rcur *r, TPMS_AUTH_COMMAND *v)
{
    v->sessionHandle = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPM2B_NONCE(r, &v->nonce);
    v->sessionAttributes = tpm2l_rcur_u8(r);
    tpm2l_unmarshal_TPM2B_AUTH(r, &v->hmac);
}

void tpm2l_marshal_TPMS_AUTH_RESPONSE(tpm2l_wcur *w, const TPMS_AUTH_RESPONSE *v)
{
    tpm2l_marshal_TPM2B_NONCE(w, &v->nonce);
    tpm2l_wcur_u8(w, v->sessionAttributes);
    tpm2l_marshal_TPM2B_AUTH(w, &v->hmac);
}

void tpm2l_unmarshal_TPMS_AUTH_RESPONSE(tpm2l_rcur *r, TPMS_AUTH_RESPONSE *v)
{
    tpm2l_unmarshal_TPM2B_NONCE(r, &v->nonce);
    v->sessionAttributes = tpm2l_rcur_u8(r);
    tpm2l_unmarshal_TPM2B_AUTH(r, &v->hmac);
}

void tpm2l_marshal_TPML_DIGEST(tpm2l_wcur *w, const TPML_DIGEST *v)
{
    size_t max = sizeof v->digests / sizeof v->digests[0];
    tpm2l_put_count(w, v->count, max);
    for (uint32_t i = 0; i < v->count && i < max && !w->err; i++)
        tpm2l_marshal_TPM2B_DIGEST(w, &v->digests[i]);
}

void tpm2l_unmarshal_TPML_DIGEST(tpm2l_rcur *r, TPML_DIGEST *v)
{
    v->count = tpm2l_get_count(r, sizeof v->digests / sizeof v->digests[0]);
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        tpm2l_unmarshal_TPM2B_DIGEST(r, &v->digests[i]);
}

void tpm2l_marshal_TPML_DIGEST_VALUES(tpm2l_wcur *w, const TPML_DIGEST_VALUES *v)
{
    size_t max = sizeof v->digests / sizeof v->digests[0];
    tpm2l_put_count(w, v->count, max);
    for (uint32_t i = 0; i < v->count && i < max && !w->err; i++)
        tpm2l_marshal_TPMT_HA(w, &v->digests[i]);
}

void tpm2l_unmarshal_TPML_DIGEST_VALUES(tpm2l_rcur *r, TPML_DIGEST_VALUES *v)
{
    v->count = tpm2l_get_count(r, sizeof v->digests / sizeof v->digests[0]);
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        tpm2l_unmarshal_TPMT_HA(r, &v->digests[i]);
}

void tpm2l_marshal_TPMS_DERIVE(tpm2l_wcur *w, const TPMS_DERIVE *v)
{
    tpm2l_marshal_TPM2B_LABEL(w, &v->label);
    tpm2l_marshal_TPM2B_LABEL(w, &v->context);
}

void tpm2l_unmarshal_TPMS_DERIVE(tpm2l_rcur *r, TPMS_DERIVE *v)
{
    tpm2l_unmarshal_TPM2B_LABEL(r, &v->label);
    tpm2l_unmarshal_TPM2B_LABEL(r, &v->context);
}

void tpm2l_marshal_TPMS_ID_OBJECT(tpm2l_wcur *w, const TPMS_ID_OBJECT *v)
{
    tpm2l_marshal_TPM2B_DIGEST(w, &v->integrityHMAC);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->encIdentity);
}

void tpm2l_unmarshal_TPMS_ID_OBJECT(tpm2l_rcur *r, TPMS_ID_OBJECT *v)
{
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->integrityHMAC);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->encIdentity);
}

void tpm2l_marshal_TPMS_NV_PIN_COUNTER_PARAMETERS(tpm2l_wcur *w,
                                                  const TPMS_NV_PIN_COUNTER_PARAMETERS *v)
{
    tpm2l_wcur_u32(w, v->pinCount);
    tpm2l_wcur_u32(w, v->pinLimit);
}

void tpm2l_unmarshal_TPMS_NV_PIN_COUNTER_PARAMETERS(tpm2l_rcur *r,
                                                    TPMS_NV_PIN_COUNTER_PARAMETERS *v)
{
    v->pinCount = tpm2l_rcur_u32(r);
    v->pinLimit = tpm2l_rcur_u32(r);
}
