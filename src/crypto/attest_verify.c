/* attest_verify.c - check a TPMS_ATTEST in software: signature first, then every field
 * the caller relies on (Part 2 §10.12.12), plus qualified names (Part 1 §16).
 *
 * Must never look at a field before the signature over the bytes as received has
 * verified, never re-encode the attestation before hashing it (the bytes are what was
 * signed), and never let a missing expectation pass as a match: what must be checked
 * is required, and what is optional is said so in attest.h.
 */
#include <string.h>

#include "src/crypto/verify_int.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/cursor.h"
#include "tpm2lite/marshal.h"

const char *tpm2l_verify_check_str(tpm2l_verify_check check)
{
    switch (check) {
    case TPM2L_VERIFY_OK: return "ok";
    case TPM2L_VERIFY_BAD_ARG: return "arguments";
    case TPM2L_VERIFY_KEY: return "key";
    case TPM2L_VERIFY_SCHEME: return "scheme";
    case TPM2L_VERIFY_SIGNATURE: return "signature";
    case TPM2L_VERIFY_PARSE: return "parse";
    case TPM2L_VERIFY_MAGIC: return "magic";
    case TPM2L_VERIFY_TYPE: return "type";
    case TPM2L_VERIFY_EXTRA_DATA: return "extraData";
    case TPM2L_VERIFY_SIGNER: return "qualifiedSigner";
    case TPM2L_VERIFY_NAME: return "name";
    case TPM2L_VERIFY_QUALIFIED_NAME: return "qualifiedName";
    case TPM2L_VERIFY_PCR_SELECT: return "pcrSelect";
    case TPM2L_VERIFY_PCR_DIGEST: return "pcrDigest";
    default: return "?";
    }
}

TPM2_RC tpm2l_qualified_name(tpm2l_crypto *c, const TPM2B_NAME *parent_qn,
                             const TPM2B_NAME *name, TPM2B_NAME *out)
{
    tpm2l_hash_state h;

    if (!parent_qn || !name || !out || name->size < 2 || name->size > sizeof name->name ||
        parent_qn->size > sizeof parent_qn->name)
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    TPM2_ALG_ID alg = (TPM2_ALG_ID)((name->name[0] << 8) | name->name[1]);
    size_t dsize = tpm2l_hash_size(alg);
    if (!dsize || name->size != 2 + dsize)
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR);
    TPM2B_NAME q;
    memset(&q, 0, sizeof q);
    TPM2_RC rc = tpm2l_hash_start(c, &h, alg);
    if (rc)
        return rc;
    tpm2l_hash_update(&h, parent_qn->name, parent_qn->size);
    tpm2l_hash_update(&h, name->name, name->size);
    rc = tpm2l_hash_finish(&h, q.name + 2, sizeof q.name - 2);
    if (rc)
        return rc;
    q.name[0] = name->name[0];
    q.name[1] = name->name[1];
    q.size = (uint16_t)(2 + dsize);
    *out = q;
    return TPM2_RC_SUCCESS;
}

static int data_equal(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    return an == bn && tpm2l_ct_equal(a, b, an);
}

/* Same banks in the same order with the same PCRs; select bytes past sizeofSelect count
 * as zero, so a TPM that answers with another sizeofSelect still matches. */
static int selection_equal(const TPML_PCR_SELECTION *a, const TPML_PCR_SELECTION *b,
                           size_t *npcrs, size_t *nbytes)
{
    *npcrs = 0;
    *nbytes = 0;
    if (a->count != b->count || a->count > TPM2_NUM_PCR_BANKS)
        return 0;
    for (uint32_t i = 0; i < a->count; i++) {
        const TPMS_PCR_SELECTION *x = &a->pcrSelections[i], *y = &b->pcrSelections[i];
        if (x->hash != y->hash || x->sizeofSelect > TPM2_PCR_SELECT_MAX ||
            y->sizeofSelect > TPM2_PCR_SELECT_MAX)
            return 0;
        for (size_t j = 0; j < TPM2_PCR_SELECT_MAX; j++) {
            uint8_t xb = j < x->sizeofSelect ? x->pcrSelect[j] : 0;
            uint8_t yb = j < y->sizeofSelect ? y->pcrSelect[j] : 0;
            if (xb != yb)
                return 0;
            for (unsigned bit = 0; bit < 8; bit++)
                if (xb & (1u << bit)) {
                    (*npcrs)++;
                    *nbytes += tpm2l_hash_size(x->hash);
                }
        }
    }
    return 1;
}

static TPM2_RC check_certify(const TPMS_CERTIFY_INFO *ci, const tpm2l_attest_expect *exp,
                             tpm2l_verify_result *res)
{
    if (!tpm2l_name_equal(&ci->name, exp->name))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_NAME, TPM2L_RC_CRYPTO(TPM2L_E_NAME_MISMATCH),
                                 "the certified object's name is not the expected name");
    if (exp->qualifiedName && !tpm2l_name_equal(&ci->qualifiedName, exp->qualifiedName))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_QUALIFIED_NAME,
                                 TPM2L_RC_CRYPTO(TPM2L_E_NAME_MISMATCH),
                                 "the certified object's qualified name is not the expected "
                                 "one (another parent or hierarchy)");
    return TPM2_RC_SUCCESS;
}

static TPM2_RC check_quote(tpm2l_crypto *c, const TPMS_QUOTE_INFO *qi, TPM2_ALG_ID hash,
                           const tpm2l_attest_expect *exp, tpm2l_verify_result *res)
{
    size_t npcrs, nbytes;
    uint8_t d[64];

    if (!selection_equal(&qi->pcrSelect, exp->pcrSelect, &npcrs, &nbytes))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_PCR_SELECT, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                 "the quote covers a different PCR selection than expected");
    if (exp->pcrValues_len != nbytes)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_BAD_ARG, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG),
                                 "%zu bytes of expected PCR values for %zu selected PCRs "
                                 "(%zu bytes)",
                                 exp->pcrValues_len, npcrs, nbytes);
    /* Part 3 §18.4: pcrDigest uses the hash of the signing scheme. */
    TPM2_RC rc = tpm2l_hash(c, hash, nbytes ? (const void *)exp->pcrValues : "", nbytes, d,
                            sizeof d);
    if (rc)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_PCR_DIGEST, rc, "hashing the PCR values failed");
    if (!data_equal(qi->pcrDigest.buffer, qi->pcrDigest.size, d, tpm2l_hash_size(hash)))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_PCR_DIGEST, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                 "pcrDigest is not the digest of the expected PCR values");
    return TPM2_RC_SUCCESS;
}

static TPM2_RC check_args(const TPMT_PUBLIC *signer, const TPM2B_ATTEST *attest,
                          const TPMT_SIGNATURE *sig, const tpm2l_attest_expect *exp,
                          tpm2l_verify_result *res)
{
    if (!signer || !attest || !sig || !exp)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_BAD_ARG, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG),
                                 "signer, attestation, signature and expectations are required");
    if (attest->size > sizeof attest->attestationData)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_BAD_ARG, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG),
                                 "attestation size %u exceeds its buffer", attest->size);
    if (!(signer->objectAttributes & TPMA_OBJECT_SIGN_ENCRYPT) ||
        (!(signer->objectAttributes & TPMA_OBJECT_RESTRICTED) && !exp->unrestricted_signer_ok))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_KEY, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                 "the signer is not a restricted signing key (attributes "
                                 "0x%08x): it could have signed a forged attestation",
                                 (unsigned)signer->objectAttributes);
    if (!exp->extraData)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_BAD_ARG, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG),
                                 "the expected extraData (the qualifying data sent) is required");
    if (exp->type == TPM2_ST_ATTEST_CERTIFY && !exp->name)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_BAD_ARG, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG),
                                 "a certification needs the expected name");
    if (exp->type == TPM2_ST_ATTEST_QUOTE &&
        (!exp->pcrSelect || (!exp->pcrValues && exp->pcrValues_len)))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_BAD_ARG, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG),
                                 "a quote needs the expected PCR selection and values");
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_attest_verify(tpm2l_crypto *c, const TPMT_PUBLIC *signer,
                            const TPM2B_ATTEST *attest, const TPMT_SIGNATURE *sig,
                            const tpm2l_attest_expect *exp, TPMS_ATTEST *out,
                            tpm2l_verify_result *res)
{
    /* Large (a TPMS_ATTEST can hold an NV buffer): the caller's, or zeroed scratch. */
    static const TPMS_ATTEST zero;
    TPMS_ATTEST *a = out;
    TPMS_ATTEST local;
    tpm2l_rcur r;

    if (res)
        memset(res, 0, sizeof *res);
    if (!a)
        a = &local;
    *a = zero;
    TPM2_RC rc = check_args(signer, attest, sig, exp, res);
    if (rc)
        return rc;
    rc = tpm2l_signature_verify(c, signer, attest->attestationData, attest->size, sig, res);
    if (rc)
        return rc;
    tpm2l_rcur_init(&r, attest->attestationData, attest->size);
    tpm2l_unmarshal_TPMS_ATTEST(&r, a);
    rc = tpm2l_rcur_finish(&r);
    if (rc)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_PARSE, rc,
                                 "the signed attestation does not parse as one TPMS_ATTEST");
    /* Sign over caller-chosen data cannot start with this value (Part 1: restricted keys
     * refuse to sign digests of such data), so it marks what the TPM itself produced. */
    if (a->magic != TPM2_GENERATED_VALUE)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_MAGIC, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                 "magic is 0x%08x, not TPM2_GENERATED_VALUE", (unsigned)a->magic);
    if (a->type != exp->type)
        return tpm2l_verify_fail(res, TPM2L_VERIFY_TYPE, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                 "type is 0x%04x, expected 0x%04x", (unsigned)a->type,
                                 (unsigned)exp->type);
    if (!data_equal(a->extraData.buffer, a->extraData.size, exp->extraData->buffer,
                    exp->extraData->size))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_EXTRA_DATA, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                                 "extraData is not the qualifying data sent (a replay or "
                                 "another request)");
    if (exp->qualifiedSigner && !tpm2l_name_equal(&a->qualifiedSigner, exp->qualifiedSigner))
        return tpm2l_verify_fail(res, TPM2L_VERIFY_SIGNER, TPM2L_RC_CRYPTO(TPM2L_E_NAME_MISMATCH),
                                 "qualifiedSigner is not the expected signer's qualified name");
    if (a->type == TPM2_ST_ATTEST_CERTIFY)
        return check_certify(&a->attested.certify, exp, res);
    if (a->type == TPM2_ST_ATTEST_QUOTE)
        return check_quote(c, &a->attested.quote, sig->signature.any.hashAlg, exp, res);
    return TPM2_RC_SUCCESS;
}
