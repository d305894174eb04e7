/* capability.c - Part 3 §30.2: TPM2_GetCapability, and a helper that follows moreData
 * until a capability's whole list has been gathered.
 *
 * Must never loop forever on a TPM that keeps saying moreData without advancing, never
 * append past a list's array, and never keep a second TPMS_CAPABILITY_DATA (tens of KB)
 * on the stack: batches are unmarshalled straight onto the end of the caller's list.
 */
#include <string.h>

#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc getcap_desc = {"GetCapability", TPM2_CC_GetCapability, 0, 0, 0, 0};

static void put_request(tpm2l_cmd *c, TPM2_CAP cap, uint32_t property, uint32_t count)
{
    tpm2l_wcur *w = tpm2l_cmd_params(c);
    tpm2l_wcur_u32(w, cap);
    tpm2l_wcur_u32(w, property);
    tpm2l_wcur_u32(w, count);
}

TPM2_RC tpm2l_GetCapability(tpm2l_ctx *ctx, const tpm2l_GetCapability_in *in,
                            tpm2l_GetCapability_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &getcap_desc);
    put_request(&c, in->capability, in->property, in->propertyCount);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    out->moreData = tpm2l_rcur_u8(&c.r);
    tpm2l_unmarshal_TPMS_CAPABILITY_DATA(&c.r, &out->capabilityData);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    if (out->capabilityData.capability != in->capability)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), "GetCapability",
                              "asked for capability %u, got %u", (unsigned)in->capability,
                              (unsigned)out->capabilityData.capability);
    return TPM2_RC_SUCCESS;
}

/* Where the gathered list of one capability lives in out, and how big it may grow. */
struct list {
    uint32_t *count;
    uint32_t cap;
};

static int list_of(TPM2_CAP cap, TPMU_CAPABILITIES *u, struct list *l)
{
#define LIST(member, array)                                                                   \
    do {                                                                                      \
        l->count = &u->member.count;                                                          \
        l->cap = (uint32_t)(sizeof u->member.array / sizeof u->member.array[0]);             \
    } while (0)
    switch (cap) {
    case TPM2_CAP_ALGS: LIST(algorithms, algProperties); return 1;
    case TPM2_CAP_HANDLES: LIST(handles, handle); return 1;
    case TPM2_CAP_COMMANDS: LIST(command, commandAttributes); return 1;
    case TPM2_CAP_PP_COMMANDS: LIST(ppCommands, commandCodes); return 1;
    case TPM2_CAP_AUDIT_COMMANDS: LIST(auditCommands, commandCodes); return 1;
    case TPM2_CAP_TPM_PROPERTIES: LIST(tpmProperties, tpmProperty); return 1;
    case TPM2_CAP_PCR_PROPERTIES: LIST(pcrProperties, pcrProperty); return 1;
    case TPM2_CAP_ECC_CURVES: LIST(eccCurves, eccCurves); return 1;
    case TPM2_CAP_AUTH_POLICIES: LIST(authPolicies, policies); return 1;
    case TPM2_CAP_ACT: LIST(actData, actData); return 1;
    default: return 0;
    }
#undef LIST
}

/* Read one element of capability cap into slot i of u; return the property value the
 * next request must start after (Part 3 §30.2: property is the first value wanted). */
static uint32_t read_one(tpm2l_rcur *r, TPM2_CAP cap, TPMU_CAPABILITIES *u, uint32_t i)
{
    switch (cap) {
    case TPM2_CAP_ALGS:
        tpm2l_unmarshal_TPMS_ALG_PROPERTY(r, &u->algorithms.algProperties[i]);
        return u->algorithms.algProperties[i].alg;
    case TPM2_CAP_HANDLES:
        return u->handles.handle[i] = tpm2l_rcur_u32(r);
    case TPM2_CAP_COMMANDS: {
        TPMA_CC a = u->command.commandAttributes[i] = tpm2l_rcur_u32(r);
        /* The command code is commandIndex plus the vendor bit, at its TPM_CC place. */
        return (a & TPMA_CC_COMMANDINDEX_MASK) | ((a & TPMA_CC_V) ? 0x20000000u : 0);
    }
    case TPM2_CAP_PP_COMMANDS:
        return u->ppCommands.commandCodes[i] = tpm2l_rcur_u32(r);
    case TPM2_CAP_AUDIT_COMMANDS:
        return u->auditCommands.commandCodes[i] = tpm2l_rcur_u32(r);
    case TPM2_CAP_TPM_PROPERTIES:
        tpm2l_unmarshal_TPMS_TAGGED_PROPERTY(r, &u->tpmProperties.tpmProperty[i]);
        return u->tpmProperties.tpmProperty[i].property;
    case TPM2_CAP_PCR_PROPERTIES:
        tpm2l_unmarshal_TPMS_TAGGED_PCR_SELECT(r, &u->pcrProperties.pcrProperty[i]);
        return u->pcrProperties.pcrProperty[i].tag;
    case TPM2_CAP_ECC_CURVES:
        return u->eccCurves.eccCurves[i] = tpm2l_rcur_u16(r);
    case TPM2_CAP_AUTH_POLICIES:
        tpm2l_unmarshal_TPMS_TAGGED_POLICY(r, &u->authPolicies.policies[i]);
        return u->authPolicies.policies[i].handle;
    default: /* TPM2_CAP_ACT; list_of() admitted nothing else */
        tpm2l_unmarshal_TPMS_ACT_DATA(r, &u->actData.actData[i]);
        return u->actData.actData[i].handle;
    }
}

/* One GetCapability round appended to out. *next is where the next round starts. */
static TPM2_RC gather_round(tpm2l_ctx *ctx, TPM2_CAP cap, uint32_t property,
                            TPMS_CAPABILITY_DATA *out, struct list *l, TPMI_YES_NO *more,
                            uint32_t *next)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &getcap_desc);
    put_request(&c, cap, property, l->cap - *l->count);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    *more = tpm2l_rcur_u8(&c.r);
    TPM2_CAP got = tpm2l_rcur_u32(&c.r);
    uint32_t n = tpm2l_rcur_u32(&c.r);
    if (c.r.err)
        return tpm2l_cmd_end(&c);
    if (got != cap)
        return tpm2l_cmd_fail(&c, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE),
                              "asked for capability %u, got %u", (unsigned)cap, (unsigned)got);
    if (n > l->cap - *l->count)
        return tpm2l_cmd_fail(&c, TPM2L_RC_COMMAND(TPM2L_E_INSUFFICIENT),
                              "%u more entries do not fit the %u left in the list", (unsigned)n,
                              (unsigned)(l->cap - *l->count));
    uint32_t last = property;
    for (uint32_t i = 0; i < n && !c.r.err; i++)
        last = read_one(&c.r, cap, &out->data, (*l->count)++);
    rc = tpm2l_cmd_end(&c);
    if (rc)
        return rc;
    if (*more && (!n || last < property || last == UINT32_MAX))
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), "GetCapability",
                              "moreData set but the list does not advance past 0x%08x",
                              (unsigned)property);
    *next = last + 1;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_GetCapability_all(tpm2l_ctx *ctx, TPM2_CAP capability, uint32_t property,
                                TPMS_CAPABILITY_DATA *out)
{
    struct list l;
    out->capability = capability;
    if (capability == TPM2_CAP_PCRS) {
        /* One TPML_PCR_SELECTION describes every bank; there is nothing to continue. */
        tpm2l_GetCapability_in in = {capability, property, 1};
        tpm2l_cmd c;
        tpm2l_cmd_begin(ctx, &c, &getcap_desc);
        put_request(&c, in.capability, in.property, in.propertyCount);
        TPM2_RC rc = tpm2l_cmd_run(&c);
        if (rc)
            return rc;
        (void)tpm2l_rcur_u8(&c.r);
        tpm2l_unmarshal_TPMS_CAPABILITY_DATA(&c.r, out);
        rc = tpm2l_cmd_end(&c);
        if (!rc && out->capability != capability)
            rc = tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), "GetCapability",
                                "asked for capability %u, got %u", (unsigned)capability,
                                (unsigned)out->capability);
        return rc;
    }
    if (!list_of(capability, &out->data, &l))
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), "GetCapability",
                              "capability %u has no list to gather", (unsigned)capability);
    *l.count = 0;
    for (;;) {
        TPMI_YES_NO more = TPM2_NO;
        uint32_t next = property;
        TPM2_RC rc = gather_round(ctx, capability, property, out, &l, &more, &next);
        if (rc)
            return rc;
        if (!more)
            return TPM2_RC_SUCCESS;
        if (*l.count == l.cap)
            return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_INSUFFICIENT), "GetCapability",
                                  "the TPM has more than %u entries", (unsigned)l.cap);
        property = next;
    }
}
