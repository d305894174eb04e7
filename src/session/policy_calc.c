/* policy_calc.c - policy digests in software: the same updates a TPM makes to a policy
 * session's policyDigest (Part 3 §23), without a TPM.
 *
 * Each update is one hash over old || commandCode || arguments, built in a stack buffer
 * (policies are public: nothing here is secret) and hashed with the session's hash.
 * Must never change p->digest when it fails, and never accept an argument that the TPM
 * would refuse or that makes a policy nobody can satisfy (an empty name, a branch or
 * hash of the wrong size): a wrong authPolicy is found only when it is too late.
 */
#include <string.h>

#include "tpm2lite/cursor.h"
#include "tpm2lite/marshal.h"
#include "tpm2lite/policy.h"

#define E_SESSION(reason) TPM2L_RC(TPM2L_LAYER_SESSION, (reason))

/* The largest update: old || CC || two names || a byte (PolicyDuplicationSelect), or
 * zeros || CC || 8 SHA-512 branches (PolicyOR), or a full TPML_PCR_SELECTION. */
#define UPDATE_MAX 1024

typedef struct {
    tpm2l_policy *p;
    tpm2l_wcur w;
    uint8_t buf[UPDATE_MAX];
} update;

static int valid(const tpm2l_policy *p)
{
    size_t n = tpm2l_hash_size(p->hashAlg);
    return n && p->digest.size == n;
}

/* Start H(base || cc || ...): base is the old digest, or zeros for the commands that
 * reset the policy first (PolicyOR, PolicyAuthorize, PolicyAuthorizeNV). */
static TPM2_RC begin(update *u, tpm2l_policy *p, TPM2_CC cc, int from_zeros)
{
    if (!p || !valid(p))
        return E_SESSION(TPM2L_E_BAD_ARG);
    u->p = p;
    tpm2l_wcur_init(&u->w, u->buf, sizeof u->buf);
    if (from_zeros) {
        static const uint8_t zeros[sizeof(TPMU_HA)];
        tpm2l_wcur_bytes(&u->w, zeros, p->digest.size);
    } else {
        tpm2l_wcur_bytes(&u->w, p->digest.buffer, p->digest.size);
    }
    tpm2l_wcur_u32(&u->w, cc);
    return TPM2_RC_SUCCESS;
}

/* Hash the buffer into out (hashAlg's size). */
static TPM2_RC finish_into(update *u, uint8_t *out)
{
    size_t len;
    TPM2_RC rc = tpm2l_wcur_finish(&u->w, &len);
    if (rc)
        return rc;
    return tpm2l_hash(u->p->crypto, u->p->hashAlg, u->buf, len, out, u->p->digest.size);
}

static TPM2_RC finish(update *u)
{
    uint8_t d[sizeof(TPMU_HA)];
    TPM2_RC rc = finish_into(u, d);
    if (rc)
        return rc;
    memcpy(u->p->digest.buffer, d, u->p->digest.size);
    return TPM2_RC_SUCCESS;
}

/* The second step of PolicySigned, PolicySecret and PolicyAuthorize (Part 3 §23.2.3,
 * PolicyUpdate()): H(H(old || CC || name) || policyRef), both steps done before the
 * digest changes so a failure leaves it untouched. */
static TPM2_RC finish_with_ref(update *u, const TPM2B_NONCE *policyRef)
{
    uint8_t step[sizeof(TPMU_HA) + sizeof policyRef->buffer];
    size_t n = u->p->digest.size, ref = policyRef ? policyRef->size : 0;
    if (ref > sizeof policyRef->buffer)
        return E_SESSION(TPM2L_E_BAD_ARG);
    TPM2_RC rc = finish_into(u, step);
    if (rc)
        return rc;
    if (ref)
        memcpy(step + n, policyRef->buffer, ref);
    rc = tpm2l_hash(u->p->crypto, u->p->hashAlg, step, n + ref, u->p->digest.buffer, n);
    return rc;
}

static int name_ok(const TPM2B_NAME *name)
{
    return name && name->size && name->size <= sizeof name->name;
}

static void put_name(update *u, const TPM2B_NAME *name)
{
    tpm2l_wcur_bytes(&u->w, name->name, name->size);
}

/* A digest argument that must have the policy hash's size. */
static int digest_ok(const tpm2l_policy *p, const TPM2B_DIGEST *d)
{
    return d && d->size == p->digest.size;
}

/* ---- state ---- */

TPM2_RC tpm2l_policy_init(tpm2l_policy *p, TPMI_ALG_HASH hashAlg)
{
    if (!p)
        return E_SESSION(TPM2L_E_BAD_ARG);
    size_t n = tpm2l_hash_size(hashAlg);
    if (!n)
        return E_SESSION(TPM2L_E_BAD_SELECTOR);
    memset(p, 0, sizeof *p);
    p->hashAlg = hashAlg;
    p->digest.size = (uint16_t)n;
    return TPM2_RC_SUCCESS;
}

void tpm2l_policy_restart(tpm2l_policy *p)
{
    if (p)
        memset(p->digest.buffer, 0, sizeof p->digest.buffer);
}

/* ---- PCRs ---- */

TPM2_RC tpm2l_policy_pcr(tpm2l_policy *p, const TPML_PCR_SELECTION *pcrs,
                         const TPM2B_DIGEST *pcrDigest)
{
    update u;
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyPCR, 0);
    if (rc)
        return rc;
    if (!pcrs || !digest_ok(p, pcrDigest))
        return E_SESSION(TPM2L_E_BAD_ARG);
    tpm2l_marshal_TPML_PCR_SELECTION(&u.w, pcrs);
    tpm2l_wcur_bytes(&u.w, pcrDigest->buffer, pcrDigest->size);
    return finish(&u);
}

TPM2_RC tpm2l_policy_pcr_digest(tpm2l_crypto *c, TPMI_ALG_HASH hashAlg,
                                const TPM2B_DIGEST *values, size_t n, TPM2B_DIGEST *pcrDigest)
{
    tpm2l_hash_state h;
    size_t size = tpm2l_hash_size(hashAlg);
    if (!size)
        return E_SESSION(TPM2L_E_BAD_SELECTOR);
    if (!pcrDigest || (n && !values))
        return E_SESSION(TPM2L_E_BAD_ARG);
    for (size_t i = 0; i < n; i++)
        if (values[i].size > sizeof values[i].buffer)
            return E_SESSION(TPM2L_E_BAD_ARG);
    TPM2_RC rc = tpm2l_hash_start(c, &h, hashAlg);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        tpm2l_hash_update(&h, values[i].buffer, values[i].size);
    rc = tpm2l_hash_finish(&h, pcrDigest->buffer, sizeof pcrDigest->buffer);
    if (rc)
        return rc;
    pcrDigest->size = (uint16_t)size;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_policy_pcr_values(tpm2l_policy *p, const TPML_PCR_SELECTION *pcrs,
                                const TPM2B_DIGEST *values, size_t n)
{
    TPM2B_DIGEST pcrDigest;
    size_t k = 0;

    if (!p || !valid(p) || !pcrs || pcrs->count > TPM2_NUM_PCR_BANKS)
        return E_SESSION(TPM2L_E_BAD_ARG);
    /* Each value must belong to a selected PCR of its bank: a value list that does not
     * match the selection gives a policy the TPM will never reproduce. */
    for (uint32_t b = 0; b < pcrs->count; b++) {
        const TPMS_PCR_SELECTION *s = &pcrs->pcrSelections[b];
        size_t size = tpm2l_hash_size(s->hash);
        if (!size || s->sizeofSelect > sizeof s->pcrSelect)
            return E_SESSION(TPM2L_E_BAD_ARG);
        for (unsigned i = 0; i < 8u * s->sizeofSelect; i++) {
            if (!(s->pcrSelect[i / 8] & (1u << (i % 8))))
                continue;
            if (k >= n || !values || values[k].size != size)
                return E_SESSION(TPM2L_E_BAD_ARG);
            k++;
        }
    }
    if (k != n)
        return E_SESSION(TPM2L_E_BAD_ARG);
    TPM2_RC rc = tpm2l_policy_pcr_digest(p->crypto, p->hashAlg, values, n, &pcrDigest);
    if (rc)
        return rc;
    return tpm2l_policy_pcr(p, pcrs, &pcrDigest);
}

/* ---- authValue, secrets, signatures ---- */

TPM2_RC tpm2l_policy_auth_value(tpm2l_policy *p)
{
    update u;
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyAuthValue, 0);
    if (rc)
        return rc;
    return finish(&u);
}

/* Part 3 §23.18: PolicyPassword deliberately records TPM_CC_PolicyAuthValue, so one
 * authPolicy serves both ways of showing the authValue. */
TPM2_RC tpm2l_policy_password(tpm2l_policy *p)
{
    return tpm2l_policy_auth_value(p);
}

static TPM2_RC name_then_ref(tpm2l_policy *p, TPM2_CC cc, int from_zeros,
                             const TPM2B_NAME *name, const TPM2B_NONCE *policyRef)
{
    update u;
    TPM2_RC rc = begin(&u, p, cc, from_zeros);
    if (rc)
        return rc;
    if (!name_ok(name))
        return E_SESSION(TPM2L_E_BAD_ARG);
    put_name(&u, name);
    return finish_with_ref(&u, policyRef);
}

TPM2_RC tpm2l_policy_secret(tpm2l_policy *p, const TPM2B_NAME *authName,
                            const TPM2B_NONCE *policyRef)
{
    return name_then_ref(p, TPM2_CC_PolicySecret, 0, authName, policyRef);
}

TPM2_RC tpm2l_policy_signed(tpm2l_policy *p, const TPM2B_NAME *keyName,
                            const TPM2B_NONCE *policyRef)
{
    return name_then_ref(p, TPM2_CC_PolicySigned, 0, keyName, policyRef);
}

/* Part 3 §23.16: the TPM resets policyDigest before the update, because what came
 * before is exactly what the signed approval replaces. */
TPM2_RC tpm2l_policy_authorize(tpm2l_policy *p, const TPM2B_NONCE *policyRef,
                               const TPM2B_NAME *keySign)
{
    return name_then_ref(p, TPM2_CC_PolicyAuthorize, 1, keySign, policyRef);
}

TPM2_RC tpm2l_policy_authorize_nv(tpm2l_policy *p, const TPM2B_NAME *nvIndexName)
{
    update u;
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyAuthorizeNV, 1);
    if (rc)
        return rc;
    if (!name_ok(nvIndexName))
        return E_SESSION(TPM2L_E_BAD_ARG);
    put_name(&u, nvIndexName);
    return finish(&u);
}

/* ---- OR ---- */

TPM2_RC tpm2l_policy_or(tpm2l_policy *p, const TPML_DIGEST *pHashList)
{
    update u;
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyOR, 1);
    if (rc)
        return rc;
    /* Part 3 §23.6: at least two branches (TPM_RC_SIZE otherwise), at most eight. */
    if (!pHashList || pHashList->count < 2 || pHashList->count > 8)
        return E_SESSION(TPM2L_E_BAD_ARG);
    for (uint32_t i = 0; i < pHashList->count; i++) {
        if (!digest_ok(p, &pHashList->digests[i]))
            return E_SESSION(TPM2L_E_BAD_ARG);
        tpm2l_wcur_bytes(&u.w, pHashList->digests[i].buffer, pHashList->digests[i].size);
    }
    return finish(&u);
}

/* ---- restrictions on the command authorised ---- */

TPM2_RC tpm2l_policy_command_code(tpm2l_policy *p, TPM2_CC code)
{
    update u;
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyCommandCode, 0);
    if (rc)
        return rc;
    tpm2l_wcur_u32(&u.w, code);
    return finish(&u);
}

static TPM2_RC one_digest(tpm2l_policy *p, TPM2_CC cc, const TPM2B_DIGEST *d)
{
    update u;
    TPM2_RC rc = begin(&u, p, cc, 0);
    if (rc)
        return rc;
    if (!digest_ok(p, d))
        return E_SESSION(TPM2L_E_BAD_ARG);
    tpm2l_wcur_bytes(&u.w, d->buffer, d->size);
    return finish(&u);
}

TPM2_RC tpm2l_policy_cp_hash(tpm2l_policy *p, const TPM2B_DIGEST *cpHashA)
{
    return one_digest(p, TPM2_CC_PolicyCpHash, cpHashA);
}

TPM2_RC tpm2l_policy_name_hash(tpm2l_policy *p, const TPM2B_DIGEST *nameHash)
{
    return one_digest(p, TPM2_CC_PolicyNameHash, nameHash);
}

TPM2_RC tpm2l_policy_template(tpm2l_policy *p, const TPM2B_DIGEST *templateHash)
{
    return one_digest(p, TPM2_CC_PolicyTemplate, templateHash);
}

TPM2_RC tpm2l_policy_locality(tpm2l_policy *p, TPMA_LOCALITY locality)
{
    update u;
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyLocality, 0);
    if (rc)
        return rc;
    /* Part 3 §23.8: locality zero selects nothing and is refused (TPM_RC_RANGE). */
    if (!locality)
        return E_SESSION(TPM2L_E_BAD_ARG);
    tpm2l_wcur_u8(&u.w, locality);
    return finish(&u);
}

TPM2_RC tpm2l_policy_physical_presence(tpm2l_policy *p)
{
    update u;
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyPhysicalPresence, 0);
    if (rc)
        return rc;
    return finish(&u);
}

TPM2_RC tpm2l_policy_nv_written(tpm2l_policy *p, TPMI_YES_NO writtenSet)
{
    update u;
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyNvWritten, 0);
    if (rc)
        return rc;
    if (writtenSet > 1)
        return E_SESSION(TPM2L_E_BAD_ARG);
    tpm2l_wcur_u8(&u.w, writtenSet);
    return finish(&u);
}

/* ---- NV and counters ---- */

/* args = H(operandB.buffer || offset || operation) (Part 3 §23.9, §23.10). */
static TPM2_RC operand_args(tpm2l_policy *p, const TPM2B_OPERAND *operandB, uint16_t offset,
                            TPM2_EO operation, uint8_t *args)
{
    uint8_t buf[sizeof operandB->buffer + 4];
    tpm2l_wcur w;
    size_t len;
    if (!operandB || operandB->size > sizeof operandB->buffer || operation > TPM2_EO_BITCLEAR)
        return E_SESSION(TPM2L_E_BAD_ARG);
    tpm2l_wcur_init(&w, buf, sizeof buf);
    tpm2l_wcur_bytes(&w, operandB->buffer, operandB->size);
    tpm2l_wcur_u16(&w, offset);
    tpm2l_wcur_u16(&w, operation);
    TPM2_RC rc = tpm2l_wcur_finish(&w, &len);
    if (rc)
        return rc;
    return tpm2l_hash(p->crypto, p->hashAlg, buf, len, args, p->digest.size);
}

TPM2_RC tpm2l_policy_nv(tpm2l_policy *p, const TPM2B_OPERAND *operandB, uint16_t offset,
                        TPM2_EO operation, const TPM2B_NAME *nvIndexName)
{
    update u;
    uint8_t args[sizeof(TPMU_HA)];
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyNV, 0);
    if (rc)
        return rc;
    if (!name_ok(nvIndexName))
        return E_SESSION(TPM2L_E_BAD_ARG);
    rc = operand_args(p, operandB, offset, operation, args);
    if (rc)
        return rc;
    tpm2l_wcur_bytes(&u.w, args, p->digest.size);
    put_name(&u, nvIndexName);
    return finish(&u);
}

TPM2_RC tpm2l_policy_counter_timer(tpm2l_policy *p, const TPM2B_OPERAND *operandB,
                                   uint16_t offset, TPM2_EO operation)
{
    update u;
    uint8_t args[sizeof(TPMU_HA)];
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyCounterTimer, 0);
    if (rc)
        return rc;
    rc = operand_args(p, operandB, offset, operation, args);
    if (rc)
        return rc;
    tpm2l_wcur_bytes(&u.w, args, p->digest.size);
    return finish(&u);
}

/* ---- duplication ---- */

TPM2_RC tpm2l_policy_duplication_select(tpm2l_policy *p, const TPM2B_NAME *objectName,
                                        const TPM2B_NAME *newParentName,
                                        TPMI_YES_NO includeObject)
{
    update u;
    TPM2_RC rc = begin(&u, p, TPM2_CC_PolicyDuplicationSelect, 0);
    if (rc)
        return rc;
    if (includeObject > 1 || !name_ok(newParentName) || (includeObject && !name_ok(objectName)))
        return E_SESSION(TPM2L_E_BAD_ARG);
    /* Part 3 §23.15: objectName is part of the digest only with includeObject, so one
     * policy can allow any object to move to that parent. */
    if (includeObject)
        put_name(&u, objectName);
    put_name(&u, newParentName);
    tpm2l_wcur_u8(&u.w, includeObject);
    return finish(&u);
}

/* ---- what authorities sign ---- */

static TPM2_RC hash_parts(tpm2l_crypto *c, TPMI_ALG_HASH alg, const TPM2B_DIGEST *const *parts,
                          size_t n, const uint8_t *mid, size_t mid_at, size_t mid_len,
                          TPM2B_DIGEST *out)
{
    tpm2l_hash_state h;
    size_t size = tpm2l_hash_size(alg);
    if (!size)
        return E_SESSION(TPM2L_E_BAD_SELECTOR);
    if (!out)
        return E_SESSION(TPM2L_E_BAD_ARG);
    for (size_t i = 0; i < n; i++)
        if (parts[i] && parts[i]->size > sizeof parts[i]->buffer)
            return E_SESSION(TPM2L_E_BAD_ARG);
    TPM2_RC rc = tpm2l_hash_start(c, &h, alg);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (mid && i == mid_at)
            tpm2l_hash_update(&h, mid, mid_len);
        if (parts[i])
            tpm2l_hash_update(&h, parts[i]->buffer, parts[i]->size);
    }
    rc = tpm2l_hash_finish(&h, out->buffer, sizeof out->buffer);
    if (rc)
        return rc;
    out->size = (uint16_t)size;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_policy_signed_ahash(tpm2l_crypto *c, TPMI_ALG_HASH hashAlg,
                                  const TPM2B_NONCE *nonceTPM, int32_t expiration,
                                  const TPM2B_DIGEST *cpHashA, const TPM2B_NONCE *policyRef,
                                  TPM2B_DIGEST *aHash)
{
    /* expiration is an INT32, big-endian, between nonceTPM and cpHashA. */
    uint32_t e = (uint32_t)expiration;
    uint8_t exp[4] = {(uint8_t)(e >> 24), (uint8_t)(e >> 16), (uint8_t)(e >> 8), (uint8_t)e};
    const TPM2B_DIGEST *parts[3] = {nonceTPM, cpHashA, policyRef};
    return hash_parts(c, hashAlg, parts, 3, exp, 1, sizeof exp, aHash);
}

TPM2_RC tpm2l_policy_authorize_ahash(tpm2l_crypto *c, TPMI_ALG_HASH hashAlg,
                                     const TPM2B_DIGEST *approvedPolicy,
                                     const TPM2B_NONCE *policyRef, TPM2B_DIGEST *aHash)
{
    const TPM2B_DIGEST *parts[2] = {approvedPolicy, policyRef};
    return hash_parts(c, hashAlg, parts, 2, NULL, 0, 0, aHash);
}
