/* capability.c - GetCapability's answer: the element types, their lists and the
 * TPMU_CAPABILITIES union for every TPM2_CAP_* kind Part 2 defines.
 *
 * Must never trust a list count: each is checked against its array before any element
 * is read (INSUFFICIENT) or written (VALUE).
 */
#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

void tpm2l_marshal_TPMS_ALG_PROPERTY(tpm2l_wcur *w, const TPMS_ALG_PROPERTY *v)
{
    tpm2l_wcur_u16(w, v->alg);
    tpm2l_wcur_u32(w, v->algProperties);
}

void tpm2l_unmarshal_TPMS_ALG_PROPERTY(tpm2l_rcur *r, TPMS_ALG_PROPERTY *v)
{
    v->alg = tpm2l_rcur_u16(r);
    v->algProperties = tpm2l_rcur_u32(r);
}

void tpm2l_marshal_TPMS_TAGGED_PROPERTY(tpm2l_wcur *w, const TPMS_TAGGED_PROPERTY *v)
{
    tpm2l_wcur_u32(w, v->property);
    tpm2l_wcur_u32(w, v->value);
}

void tpm2l_unmarshal_TPMS_TAGGED_PROPERTY(tpm2l_rcur *r, TPMS_TAGGED_PROPERTY *v)
{
    v->property = tpm2l_rcur_u32(r);
    v->value = tpm2l_rcur_u32(r);
}

void tpm2l_marshal_TPMS_TAGGED_POLICY(tpm2l_wcur *w, const TPMS_TAGGED_POLICY *v)
{
    tpm2l_wcur_u32(w, v->handle);
    tpm2l_marshal_TPMT_HA(w, &v->policyHash);
}

void tpm2l_unmarshal_TPMS_TAGGED_POLICY(tpm2l_rcur *r, TPMS_TAGGED_POLICY *v)
{
    v->handle = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPMT_HA(r, &v->policyHash);
}

void tpm2l_marshal_TPMS_ACT_DATA(tpm2l_wcur *w, const TPMS_ACT_DATA *v)
{
    tpm2l_wcur_u32(w, v->handle);
    tpm2l_wcur_u32(w, v->timeout);
    tpm2l_wcur_u32(w, v->attributes);
}

void tpm2l_unmarshal_TPMS_ACT_DATA(tpm2l_rcur *r, TPMS_ACT_DATA *v)
{
    v->handle = tpm2l_rcur_u32(r);
    v->timeout = tpm2l_rcur_u32(r);
    v->attributes = tpm2l_rcur_u32(r);
}

void tpm2l_marshal_TPML_CC(tpm2l_wcur *w, const TPML_CC *v)
{
    tpm2l_put_count(w, v->count, COUNT_OF(v->commandCodes));
    for (uint32_t i = 0; i < v->count && i < COUNT_OF(v->commandCodes) && !w->err; i++)
        tpm2l_wcur_u32(w, v->commandCodes[i]);
}

void tpm2l_unmarshal_TPML_CC(tpm2l_rcur *r, TPML_CC *v)
{
    v->count = tpm2l_get_count(r, COUNT_OF(v->commandCodes));
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        v->commandCodes[i] = tpm2l_rcur_u32(r);
}

void tpm2l_marshal_TPML_CCA(tpm2l_wcur *w, const TPML_CCA *v)
{
    tpm2l_put_count(w, v->count, COUNT_OF(v->commandAttributes));
    for (uint32_t i = 0; i < v->count && i < COUNT_OF(v->commandAttributes) && !w->err; i++)
        tpm2l_wcur_u32(w, v->commandAttributes[i]);
}

void tpm2l_unmarshal_TPML_CCA(tpm2l_rcur *r, TPML_CCA *v)
{
    v->count = tpm2l_get_count(r, COUNT_OF(v->commandAttributes));
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        v->commandAttributes[i] = tpm2l_rcur_u32(r);
}

void tpm2l_marshal_TPML_ALG(tpm2l_wcur *w, const TPML_ALG *v)
{
    tpm2l_put_count(w, v->count, COUNT_OF(v->algorithms));
    for (uint32_t i = 0; i < v->count && i < COUNT_OF(v->algorithms) && !w->err; i++)
        tpm2l_wcur_u16(w, v->algorithms[i]);
}

void tpm2l_unmarshal_TPML_ALG(tpm2l_rcur *r, TPML_ALG *v)
{
    v->count = tpm2l_get_count(r, COUNT_OF(v->algorithms));
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        v->algorithms[i] = tpm2l_rcur_u16(r);
}

void tpm2l_marshal_TPML_HANDLE(tpm2l_wcur *w, const TPML_HANDLE *v)
{
    tpm2l_put_count(w, v->count, COUNT_OF(v->handle));
    for (uint32_t i = 0; i < v->count && i < COUNT_OF(v->handle) && !w->err; i++)
        tpm2l_wcur_u32(w, v->handle[i]);
}

void tpm2l_unmarshal_TPML_HANDLE(tpm2l_rcur *r, TPML_HANDLE *v)
{
    v->count = tpm2l_get_count(r, COUNT_OF(v->handle));
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        v->handle[i] = tpm2l_rcur_u32(r);
}

void tpm2l_marshal_TPML_ALG_PROPERTY(tpm2l_wcur *w, const TPML_ALG_PROPERTY *v)
{
    tpm2l_put_count(w, v->count, COUNT_OF(v->algProperties));
    for (uint32_t i = 0; i < v->count && i < COUNT_OF(v->algProperties) && !w->err; i++)
        tpm2l_marshal_TPMS_ALG_PROPERTY(w, &v->algProperties[i]);
}

void tpm2l_unmarshal_TPML_ALG_PROPERTY(tpm2l_rcur *r, TPML_ALG_PROPERTY *v)
{
    v->count = tpm2l_get_count(r, COUNT_OF(v->algProperties));
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        tpm2l_unmarshal_TPMS_ALG_PROPERTY(r, &v->algProperties[i]);
}

void tpm2l_marshal_TPML_TAGGED_TPM_PROPERTY(tpm2l_wcur *w, const TPML_TAGGED_TPM_PROPERTY *v)
{
    tpm2l_put_count(w, v->count, COUNT_OF(v->tpmProperty));
    for (uint32_t i = 0; i < v->count && i < COUNT_OF(v->tpmProperty) && !w->err; i++)
        tpm2l_marshal_TPMS_TAGGED_PROPERTY(w, &v->tpmProperty[i]);
}

void tpm2l_unmarshal_TPML_TAGGED_TPM_PROPERTY(tpm2l_rcur *r, TPML_TAGGED_TPM_PROPERTY *v)
{
    v->count = tpm2l_get_count(r, COUNT_OF(v->tpmProperty));
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        tpm2l_unmarshal_TPMS_TAGGED_PROPERTY(r, &v->tpmProperty[i]);
}

void tpm2l_marshal_TPML_TAGGED_PCR_PROPERTY(tpm2l_wcur *w, const TPML_TAGGED_PCR_PROPERTY *v)
{
    tpm2l_put_count(w, v->count, COUNT_OF(v->pcrProperty));
    for (uint32_t i = 0; i < v->count && i < COUNT_OF(v->pcrProperty) && !w->err; i++)
        tpm2l_marshal_TPMS_TAGGED_PCR_SELECT(w, &v->pcrProperty[i]);
}

void tpm2l_unmarshal_TPML_TAGGED_PCR_PROPERTY(tpm2l_rcur *r, TPML_TAGGED_PCR_PROPERTY *v)
{
    v->count = tpm2l_get_count(r, COUNT_OF(v->pcrProperty));
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        tpm2l_unmarshal_TPMS_TAGGED_PCR_SELECT(r, &v->pcrProperty[i]);
}

void tpm2l_marshal_TPML_ECC_CURVE(tpm2l_wcur *w, const TPML_ECC_CURVE *v)
{
    tpm2l_put_count(w, v->count, COUNT_OF(v->eccCurves));
    for (uint32_t i = 0; i < v->count && i < COUNT_OF(v->eccCurves) && !w->err; i++)
        tpm2l_wcur_u16(w, v->eccCurves[i]);
}

void tpm2l_unmarshal_TPML_ECC_CURVE(tpm2l_rcur *r, TPML_ECC_CURVE *v)
{
    v->count = tpm2l_get_count(r, COUNT_OF(v->eccCurves));
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        v->eccCurves[i] = tpm2l_rcur_u16(r);
}

void tpm2l_marshal_TPML_TAGGED_POLICY(tpm2l_wcur *w, const TPML_TAGGED_POLICY *v)
{
    tpm2l_put_count(w, v->count, COUNT_OF(v->policies));
    for (uint32_t i = 0; i < v->count && i < COUNT_OF(v->policies) && !w->err; i++)
        tpm2l_marshal_TPMS_TAGGED_POLICY(w, &v->policies[i]);
}

void tpm2l_unmarshal_TPML_TAGGED_POLICY(tpm2l_rcur *r, TPML_TAGGED_POLICY *v)
{
    v->count = tpm2l_get_count(r, COUNT_OF(v->policies));
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        tpm2l_unmarshal_TPMS_TAGGED_POLICY(r, &v->policies[i]);
}

void tpm2l_marshal_TPML_ACT_DATA(tpm2l_wcur *w, const TPML_ACT_DATA *v)
{
    tpm2l_put_count(w, v->count, COUNT_OF(v->actData));
    for (uint32_t i = 0; i < v->count && i < COUNT_OF(v->actData) && !w->err; i++)
        tpm2l_marshal_TPMS_ACT_DATA(w, &v->actData[i]);
}

void tpm2l_unmarshal_TPML_ACT_DATA(tpm2l_rcur *r, TPML_ACT_DATA *v)
{
    v->count = tpm2l_get_count(r, COUNT_OF(v->actData));
    for (uint32_t i = 0; i < v->count && !r->err; i++)
        tpm2l_unmarshal_TPMS_ACT_DATA(r, &v->actData[i]);
}

void tpm2l_marshal_TPMU_CAPABILITIES(tpm2l_wcur *w, TPM2_CAP sel, const TPMU_CAPABILITIES *v)
{
    switch (sel) {
    case TPM2_CAP_ALGS: tpm2l_marshal_TPML_ALG_PROPERTY(w, &v->algorithms); break;
    case TPM2_CAP_HANDLES: tpm2l_marshal_TPML_HANDLE(w, &v->handles); break;
    case TPM2_CAP_COMMANDS: tpm2l_marshal_TPML_CCA(w, &v->command); break;
    case TPM2_CAP_PP_COMMANDS: tpm2l_marshal_TPML_CC(w, &v->ppCommands); break;
    case TPM2_CAP_AUDIT_COMMANDS: tpm2l_marshal_TPML_CC(w, &v->auditCommands); break;
    case TPM2_CAP_PCRS: tpm2l_marshal_TPML_PCR_SELECTION(w, &v->assignedPCR); break;
    case TPM2_CAP_TPM_PROPERTIES:
        tpm2l_marshal_TPML_TAGGED_TPM_PROPERTY(w, &v->tpmProperties);
        break;
    case TPM2_CAP_PCR_PROPERTIES:
        tpm2l_marshal_TPML_TAGGED_PCR_PROPERTY(w, &v->pcrProperties);
        break;
    case TPM2_CAP_ECC_CURVES: tpm2l_marshal_TPML_ECC_CURVE(w, &v->eccCurves); break;
    case TPM2_CAP_AUTH_POLICIES: tpm2l_marshal_TPML_TAGGED_POLICY(w, &v->authPolicies); break;
    case TPM2_CAP_ACT: tpm2l_marshal_TPML_ACT_DATA(w, &v->actData); break;
    default: tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_unmarshal_TPMU_CAPABILITIES(tpm2l_rcur *r, TPM2_CAP sel, TPMU_CAPABILITIES *v)
{
    switch (sel) {
    case TPM2_CAP_ALGS: tpm2l_unmarshal_TPML_ALG_PROPERTY(r, &v->algorithms); break;
    case TPM2_CAP_HANDLES: tpm2l_unmarshal_TPML_HANDLE(r, &v->handles); break;
    case TPM2_CAP_COMMANDS: tpm2l_unmarshal_TPML_CCA(r, &v->command); break;
    case TPM2_CAP_PP_COMMANDS: tpm2l_unmarshal_TPML_CC(r, &v->ppCommands); break;
    case TPM2_CAP_AUDIT_COMMANDS: tpm2l_unmarshal_TPML_CC(r, &v->auditCommands); break;
    case TPM2_CAP_PCRS: tpm2l_unmarshal_TPML_PCR_SELECTION(r, &v->assignedPCR); break;
    case TPM2_CAP_TPM_PROPERTIES:
        tpm2l_unmarshal_TPML_TAGGED_TPM_PROPERTY(r, &v->tpmProperties);
        break;
    case TPM2_CAP_PCR_PROPERTIES:
        tpm2l_unmarshal_TPML_TAGGED_PCR_PROPERTY(r, &v->pcrProperties);
        break;
    case TPM2_CAP_ECC_CURVES: tpm2l_unmarshal_TPML_ECC_CURVE(r, &v->eccCurves); break;
    case TPM2_CAP_AUTH_POLICIES: tpm2l_unmarshal_TPML_TAGGED_POLICY(r, &v->authPolicies); break;
    case TPM2_CAP_ACT: tpm2l_unmarshal_TPML_ACT_DATA(r, &v->actData); break;
    default: tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_SELECTOR); break;
    }
}

void tpm2l_marshal_TPMS_CAPABILITY_DATA(tpm2l_wcur *w, const TPMS_CAPABILITY_DATA *v)
{
    tpm2l_wcur_u32(w, v->capability);
    tpm2l_marshal_TPMU_CAPABILITIES(w, v->capability, &v->data);
}

void tpm2l_unmarshal_TPMS_CAPABILITY_DATA(tpm2l_rcur *r, TPMS_CAPABILITY_DATA *v)
{
    v->capability = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPMU_CAPABILITIES(r, v->capability, &v->data);
}
