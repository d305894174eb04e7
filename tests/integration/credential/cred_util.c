/* cred_util.c - what the credential integration tests share (cred_util.h). */
#include <string.h>

#include "tests/integration/credential/cred_util.h"

void start_policy(tpm2l_session *s)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_POLICY;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    OK(tpm2l_session_start(&ctx, s, &p));
}

void policy_secret_endorsement(tpm2l_session *s)
{
    static tpm2l_PolicySecret_in in;
    static tpm2l_PolicySecret_out out;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    in.policySession.session = s;
    in.nonceTPM = s->nonceTPM;
    OK(tpm2l_PolicySecret(&ctx, &in, &out));
}

/* Up to 64 handles in [first, end) into h (may be NULL); their count. */
static uint32_t list_handles(TPM2_HANDLE first, TPM2_HANDLE end, TPM2_HANDLE *h)
{
    static tpm2l_GetCapability_in in;
    static tpm2l_GetCapability_out out;
    in.capability = TPM2_CAP_HANDLES;
    in.property = first;
    in.propertyCount = 64;
    OK(tpm2l_GetCapability(&ctx, &in, &out));
    uint32_t n = 0;
    for (uint32_t i = 0; i < out.capabilityData.data.handles.count && n < 64; i++)
        if (out.capabilityData.data.handles.handle[i] < end) {
            if (h)
                h[n] = out.capabilityData.data.handles.handle[i];
            n++;
        }
    return n;
}

static uint32_t count_handles(TPM2_HANDLE first, TPM2_HANDLE end)
{
    return list_handles(first, end, NULL);
}

int cleanup_after(void **state)
{
    (void)state;
    static const TPM2_HANDLE ranges[][2] = {
        {TPM2_HR_TRANSIENT, 0xFFFFFFFFu},
        {TPM2_HR_HMAC_SESSION, TPM2_HR_POLICY_SESSION},
        {TPM2_HR_POLICY_SESSION, TPM2_HR_POLICY_SESSION + 0x01000000u},
    };
    TPM2_HANDLE h[64];
    for (size_t r = 0; r < 3; r++) {
        uint32_t n = list_handles(ranges[r][0], ranges[r][1], h);
        for (uint32_t i = 0; i < n; i++) {
            tpm2l_FlushContext_in in = {h[i]};
            (void)tpm2l_FlushContext(&ctx, &in);
        }
    }
    return 0;
}

void assert_no_leaks(TPM2_HANDLE nv_first)
{
    if (count_handles(TPM2_HR_TRANSIENT, 0xFFFFFFFFu))
        fail_msg("transient objects left loaded on %s", sim_kind_name(kind));
    /* The TPM lists one handle type per call: loaded HMAC and policy sessions apart. */
    if (count_handles(TPM2_HR_HMAC_SESSION, TPM2_HR_POLICY_SESSION) ||
        count_handles(TPM2_HR_POLICY_SESSION, TPM2_HR_POLICY_SESSION + 0x01000000u))
        fail_msg("sessions left loaded on %s", sim_kind_name(kind));
    if (nv_first && count_handles(nv_first, nv_first + 0x100))
        fail_msg("NV indices left defined on %s", sim_kind_name(kind));
}

void assert_rc_named(TPM2_RC rc, TPM2_RC want, const char *want_name)
{
    if (rc != want)
        fail_msg("got 0x%x (%s), want 0x%x on %s", (unsigned)rc, tpm2l_rc_str(rc).s,
                 (unsigned)want, sim_kind_name(kind));
    if (!strstr(tpm2l_rc_str(rc).s, want_name))
        fail_msg("\"%s\" does not name %s", tpm2l_rc_str(rc).s, want_name);
}
