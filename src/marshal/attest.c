/* attest.c - attestation structures (TPMS_ATTEST and its eight TPMU_ATTEST arms) and
 * creation data (TPMS_CREATION_DATA, the structure creationHash covers).
 *
 * Parses what the TPM signed; must not check or "fix" anything (magic, type) that the
 * verifier has to see as it was: reporting bytes faithfully is this file's job.
 */
#include <string.h>

#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

void tpm2l_marshal_TPMS_CERTIFY_INFO(tpm2l_wcur *w, const TPMS_CERTIFY_INFO *v)
{
    tpm2l_marshal_TPM2B_NAME(w, &v->name);
    tpm2l_marshal_TPM2B_NAME(w, &v->qualifiedName);
}

void tpm2l_unmarshal_TPMS_CERTIFY_INFO(tpm2l_rcur *r, TPMS_CERTIFY_INFO *v)
{
    tpm2l_unmarshal_TPM2B_NAME(r, &v->name);
    tpm2l_unmarshal_TPM2B_NAME(r, &v->qualifiedName);
}

void tpm2l_marshal_TPMS_QUOTE_INFO(tpm2l_wcur *w, const TPMS_QUOTE_INFO *v)
{
    tpm2l_marshal_TPML_PCR_SELECTION(w, &v->pcrSelect);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->pcrDigest);
}

void tpm2l_unmarshal_TPMS_QUOTE_INFO(tpm2l_rcur *r, TPMS_QUOTE_INFO *v)
{
    tpm2l_unmarshal_TPML_PCR_SELECTION(r, &v->pcrSelect);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->pcrDigest);
}

void tpm2l_marshal_TPMS_COMMAND_AUDIT_INFO(tpm2l_wcur *w, const TPMS_COMMAND_AUDIT_INFO *v)
{
    tpm2l_wcur_u64(w, v->auditCounter);
    tpm2l_wcur_u16(w, v->digestAlg);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->auditDigest);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->commandDigest);
}

void tpm2l_unmarshal_TPMS_COMMAND_AUDIT_INFO(tpm2l_rcur *r, TPMS_COMMAND_AUDIT_INFO *v)
{
    v->auditCounter = tpm2l_rcur_u64(r);
    v->digestAlg = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->auditDigest);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->commandDigest);
}

void tpm2l_marshal_TPMS_SESSION_AUDIT_INFO(tpm2l_wcur *w, const TPMS_SESSION_AUDIT_INFO *v)
{
    tpm2l_wcur_u8(w, v->exclusiveSession);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->sessionDigest);
}

void tpm2l_unmarshal_TPMS_SESSION_AUDIT_INFO(tpm2l_rcur *r, TPMS_SESSION_AUDIT_INFO *v)
{
    v->exclusiveSession = tpm2l_rcur_u8(r);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->sessionDigest);
}

void tpm2l_marshal_TPMS_CREATION_INFO(tpm2l_wcur *w, const TPMS_CREATION_INFO *v)
{
    tpm2l_marshal_TPM2B_NAME(w, &v->objectName);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->creationHash);
}

void tpm2l_unmarshal_TPMS_CREATION_INFO(tpm2l_rcur *r, TPMS_CREATION_INFO *v)
{
    tpm2l_unmarshal_TPM2B_NAME(r, &v->objectName);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->creationHash);
}

void tpm2l_marshal_TPMS_NV_CERTIFY_INFO(tpm2l_wcur *w, const TPMS_NV_CERTIFY_INFO *v)
{
    tpm2l_marshal_TPM2B_NAME(w, &v->indexName);
    tpm2l_wcur_u16(w, v->offset);
    tpm2l_marshal_TPM2B_MAX_NV_BUFFER(w, &v->nvContents);
}

void tpm2l_unmarshal_TPMS_NV_CERTIFY_INFO(tpm2l_rcur *r, TPMS_NV_CERTIFY_INFO *v)
{
    tpm2l_unmarshal_TPM2B_NAME(r, &v->indexName);
    v->offset = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPM2B_MAX_NV_BUFFER(r, &v->nvContents);
}

void tpm2l_marshal_TPMS_NV_DIGEST_CERTIFY_INFO(tpm2l_wcur *w, const TPMS_NV_DIGEST_CERTIFY_INFO *v)
{
    tpm2l_marshal_TPM2B_NAME(w, &v->indexName);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->nvDigest);
}

void tpm2l_unmarshal_TPMS_NV_DIGEST_CERTIFY_INFO(tpm2l_rcur *r, TPMS_NV_DIGEST_CERTIFY_INFO *v)
{
    tpm2l_unmarshal_TPM2B_NAME(r, &v->indexName);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->nvDigest);
}

void tpm2l_marshal_TPMU_ATTEST(tpm2l_wcur *w, TPMI_ST_ATTEST sel, const TPMU_ATTEST *v)
{
    switch (sel) {
    case TPM2_ST_ATTEST_CERTIFY: tpm2l_marshal_TPMS_CERTIFY_INFO(w, &v->certify); break;
    case TPM2_ST_ATTEST_CREATION: tpm2l_marshal_TPMS_CREATION_INFO(w, &v->creation); break;
    case TPM2_ST_ATTEST_QUOTE: tpm2l_marshal_TPMS_QUOTE_INFO(w, &v->quote); break;
    case TPM2_ST_ATTEST_COMMAND_AUDIT:
        tpm2l_marshal_TPMS_COMMAND_AUDIT_INFO(w, &v->commandAudit);
        break;
    case TPM2_ST_ATTEST_SESSION_AUDIT:
        tpm2l_marshal_TPMS_SESSION_AUDIT_INFO(w, &v->sessionAudit);
        break;
    case TPM2_ST_ATTEST_TIME: tpm2l_marshal_TPMS_TIME_ATTEST_INFO(w, &v->time); break;
    case TPM2_ST_ATTEST_NV: tpm2l_marshal_TPMS_NV_CERTIFY_INFO(w, &v->nv); break;
    case TPM2_ST_ATTEST_NV_DIGEST:
        tpm2l_marshal_TPMS_NV_DIGEST_CERTIFY_INFO(w, &v->nvDigest);
        break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_ATTEST(tpm2l_rcur *r, TPMI_ST_ATTEST sel, TPMU_ATTEST *v)
{
    switch (sel) {
    case TPM2_ST_ATTEST_CERTIFY: tpm2l_unmarshal_TPMS_CERTIFY_INFO(r, &v->certify); break;
    case TPM2_ST_ATTEST_CREATION: tpm2l_unmarshal_TPMS_CREATION_INFO(r, &v->creation); break;
    case TPM2_ST_ATTEST_QUOTE: tpm2l_unmarshal_TPMS_QUOTE_INFO(r, &v->quote); break;
    case TPM2_ST_ATTEST_COMMAND_AUDIT:
        tpm2l_unmarshal_TPMS_COMMAND_AUDIT_INFO(r, &v->commandAudit);
        break;
    case TPM2_ST_ATTEST_SESSION_AUDIT:
        tpm2l_unmarshal_TPMS_SESSION_AUDIT_INFO(r, &v->sessionAudit);
        break;
    case TPM2_ST_ATTEST_TIME: tpm2l_unmarshal_TPMS_TIME_ATTEST_INFO(r, &v->time); break;
    case TPM2_ST_ATTEST_NV: tpm2l_unmarshal_TPMS_NV_CERTIFY_INFO(r, &v->nv); break;
    case TPM2_ST_ATTEST_NV_DIGEST:
        tpm2l_unmarshal_TPMS_NV_DIGEST_CERTIFY_INFO(r, &v->nvDigest);
        break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMS_ATTEST(tpm2l_wcur *w, const TPMS_ATTEST *v)
{
    tpm2l_wcur_u32(w, v->magic);
    tpm2l_wcur_u16(w, v->type);
    tpm2l_marshal_TPM2B_NAME(w, &v->qualifiedSigner);
    tpm2l_marshal_TPM2B_DATA(w, &v->extraData);
    tpm2l_marshal_TPMS_CLOCK_INFO(w, &v->clockInfo);
    tpm2l_wcur_u64(w, v->firmwareVersion);
    tpm2l_marshal_TPMU_ATTEST(w, v->type, &v->attested);
}

void tpm2l_unmarshal_TPMS_ATTEST(tpm2l_rcur *r, TPMS_ATTEST *v)
{
    v->magic = tpm2l_rcur_u32(r);
    v->type = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPM2B_NAME(r, &v->qualifiedSigner);
    tpm2l_unmarshal_TPM2B_DATA(r, &v->extraData);
    tpm2l_unmarshal_TPMS_CLOCK_INFO(r, &v->clockInfo);
    v->firmwareVersion = tpm2l_rcur_u64(r);
    tpm2l_unmarshal_TPMU_ATTEST(r, v->type, &v->attested);
}

void tpm2l_marshal_TPMS_CREATION_DATA(tpm2l_wcur *w, const TPMS_CREATION_DATA *v)
{
    tpm2l_marshal_TPML_PCR_SELECTION(w, &v->pcrSelect);
    tpm2l_marshal_TPM2B_DIGEST(w, &v->pcrDigest);
    tpm2l_wcur_u8(w, v->locality);
    tpm2l_wcur_u16(w, v->parentNameAlg);
    tpm2l_marshal_TPM2B_NAME(w, &v->parentName);
    tpm2l_marshal_TPM2B_NAME(w, &v->parentQualifiedName);
    tpm2l_marshal_TPM2B_DATA(w, &v->outsideInfo);
}

void tpm2l_unmarshal_TPMS_CREATION_DATA(tpm2l_rcur *r, TPMS_CREATION_DATA *v)
{
    tpm2l_unmarshal_TPML_PCR_SELECTION(r, &v->pcrSelect);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &v->pcrDigest);
    v->locality = tpm2l_rcur_u8(r);
    v->parentNameAlg = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPM2B_NAME(r, &v->parentName);
    tpm2l_unmarshal_TPM2B_NAME(r, &v->parentQualifiedName);
    tpm2l_unmarshal_TPM2B_DATA(r, &v->outsideInfo);
}

void tpm2l_marshal_TPM2B_CREATION_DATA(tpm2l_wcur *w, const TPM2B_CREATION_DATA *v)
{
    size_t at = tpm2l_wcur_size16_begin(w);
    tpm2l_marshal_TPMS_CREATION_DATA(w, &v->creationData);
    tpm2l_wcur_size16_end(w, at);
}

void tpm2l_unmarshal_TPM2B_CREATION_DATA(tpm2l_rcur *r, TPM2B_CREATION_DATA *v)
{
    tpm2l_rcur sub;
    v->size = tpm2l_nested_begin(r, &sub);
    if (v->size)
        tpm2l_unmarshal_TPMS_CREATION_DATA(&sub, &v->creationData);
    else
        memset(&v->creationData, 0, sizeof v->creationData);
    tpm2l_nested_end(r, &sub);
}
