/* scenarios_nv.c - corpus scenario of the NV workflow: an ordinary, a counter, an
 * extend and a policy index defined, written, read, incremented, extended and
 * undefined, authorised by password, by an HMAC session and by a policy session.
 * Every index has noDA so the wrong passwords tried here cannot lock anything out; the
 * data written comes from the seeded source. */
#include <stdio.h>
#include <string.h>

#include "tests/corpus/scenarios.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"

#define NV_ORDINARY 0x01500010u
#define NV_COUNTER 0x01500011u
#define NV_EXTEND 0x01500012u
#define NV_POLICY 0x01500013u

typedef struct {
    TPMS_NV_PUBLIC pub;
    tpm2l_handle h; /* with its current name (it changes on the first write) */
    const char *pw;
} nv_index;

static TPM2_RC define(scenario_run *s, nv_index *nv, TPM2_HANDLE index, TPMA_NV attrs,
                      uint16_t size, const char *pw, const TPM2B_DIGEST *policy)
{
    static tpm2l_NV_DefineSpace_in in;
    static tpm2l_NV_DefineSpace_out out;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_OWNER, NULL, 0), 0);
    in.auth.size = (uint16_t)strlen(pw);
    memcpy(in.auth.buffer, pw, in.auth.size);
    in.publicInfo.nvPublic.nvIndex = index;
    in.publicInfo.nvPublic.nameAlg = TPM2_ALG_SHA256;
    in.publicInfo.nvPublic.attributes = attrs | TPMA_NV_NO_DA;
    if (policy)
        in.publicInfo.nvPublic.authPolicy = *policy;
    in.publicInfo.nvPublic.dataSize = size;
    CHECK(s, tpm2l_NV_DefineSpace(s->ctx, &in, &out), 0);
    nv->pub = in.publicInfo.nvPublic;
    nv->h = out.nvIndex;
    nv->pw = pw;
    return TPM2_RC_SUCCESS;
}

/* The index as its own authorising handle, by password pw or through se. */
static TPM2_RC auth(scenario_run *s, const nv_index *nv, const char *pw, tpm2l_session *se,
                    tpm2l_auth_handle *ah)
{
    CHECK(s, tpm2l_auth_handle_set(ah, nv->h.handle, pw, strlen(pw)), 0);
    ah->name = nv->h.name;
    ah->session = se;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC written(scenario_run *s, nv_index *nv)
{
    CHECK(s, tpm2l_nv_mark_written(&nv->pub, &nv->h.name), 0);
    static tpm2l_NV_ReadPublic_out out;
    const tpm2l_NV_ReadPublic_in in = { .nvIndex = nv->h };
    /* The TPM's name must be the one computed with TPMA_NV_WRITTEN set. */
    CHECK(s, tpm2l_NV_ReadPublic(s->ctx, &in, &out), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC nv_write(scenario_run *s, const nv_index *nv, const char *pw, tpm2l_session *se,
                        const uint8_t *data, uint16_t len, uint16_t offset)
{
    static tpm2l_NV_Write_in in;
    memset(&in, 0, sizeof in);
    CHECK(s, auth(s, nv, pw, se, &in.authHandle), 0);
    in.nvIndex = nv->h;
    in.data.size = len;
    memcpy(in.data.buffer, data, len);
    in.offset = offset;
    return tpm2l_NV_Write(s->ctx, &in);
}

static TPM2_RC nv_read(scenario_run *s, const nv_index *nv, const char *pw, tpm2l_session *se,
                       uint16_t len, uint8_t *out)
{
    static tpm2l_NV_Read_in in;
    static tpm2l_NV_Read_out ro;
    memset(&in, 0, sizeof in);
    CHECK(s, auth(s, nv, pw, se, &in.authHandle), 0);
    in.nvIndex = nv->h;
    in.size = len;
    TPM2_RC rc = tpm2l_NV_Read(s->ctx, &in, &ro);
    if (rc)
        return rc;
    REQUIRE(s, ro.data.size == len);
    memcpy(out, ro.data.buffer, len);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC undefine(scenario_run *s, const nv_index *nv)
{
    tpm2l_NV_UndefineSpace_in in;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_OWNER, NULL, 0), 0);
    in.nvIndex = nv->h;
    return tpm2l_NV_UndefineSpace(s->ctx, &in);
}

static uint64_t be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

static TPM2_RC start(scenario_run *s, tpm2l_session *se, TPM2_SE type)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = type;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    p.attrs = TPMA_SESSION_CONTINUESESSION;
    return tpm2l_session_start(s->ctx, se, &p);
}

static TPM2_RC ordinary(scenario_run *s, nv_index *nv, tpm2l_session *hmac)
{
    uint8_t data[32], got[32];
    scenario_step(s, "NV_DefineSpace ordinary 32 bytes, authRead | authWrite");
    CHECK(s, define(s, nv, NV_ORDINARY, TPMA_NV_AUTHREAD | TPMA_NV_AUTHWRITE, 32, "nv-pw",
                    NULL), 0);
    scenario_step(s, "NV_Read before any write: TPM_RC_NV_UNINITIALIZED");
    CHECK(s, nv_read(s, nv, "nv-pw", NULL, 32, got), TPM2_RC_NV_UNINITIALIZED);
    scenario_step(s, "NV_Write 16 bytes by password, then its name has WRITTEN");
    CHECK(s, tpm2l_random(s->ctx, data, sizeof data), 0);
    CHECK(s, nv_write(s, nv, "nv-pw", NULL, data, 16, 0), 0);
    CHECK(s, written(s, nv), 0);
    scenario_step(s, "NV_Write the other 16 bytes through the HMAC session");
    CHECK(s, nv_write(s, nv, "nv-pw", hmac, data + 16, 16, 16), 0);
    scenario_step(s, "NV_Read by password and through the HMAC session");
    CHECK(s, nv_read(s, nv, "nv-pw", NULL, 32, got), 0);
    REQUIRE(s, memcmp(got, data, 32) == 0);
    memset(got, 0, sizeof got);
    CHECK(s, nv_read(s, nv, "nv-pw", hmac, 32, got), 0);
    REQUIRE(s, memcmp(got, data, 32) == 0);
    scenario_step(s, "NV_Read with a wrong password, and through the HMAC session");
    CHECK(s, nv_read(s, nv, "wrong", NULL, 32, got), FMT1_S1(TPM2_RC_BAD_AUTH));
    CHECK(s, nv_read(s, nv, "wrong", hmac, 32, got), FMT1_S1(TPM2_RC_BAD_AUTH));
    return TPM2_RC_SUCCESS;
}

static TPM2_RC counter(scenario_run *s, nv_index *nv, tpm2l_session *hmac)
{
    static tpm2l_NV_Increment_in inc;
    uint8_t v1[8], v2[8];
    scenario_step(s, "NV_DefineSpace counter, authRead | authWrite");
    CHECK(s, define(s, nv, NV_COUNTER,
                    TPMA_NV_AUTHREAD | TPMA_NV_AUTHWRITE | TPMA_NV_NT_SET(TPM2_NT_COUNTER), 8,
                    "ctr-pw", NULL), 0);
    scenario_step(s, "NV_Increment by password; NV_Read the count");
    memset(&inc, 0, sizeof inc);
    CHECK(s, auth(s, nv, "ctr-pw", NULL, &inc.authHandle), 0);
    inc.nvIndex = nv->h;
    CHECK(s, tpm2l_NV_Increment(s->ctx, &inc), 0);
    CHECK(s, written(s, nv), 0);
    CHECK(s, nv_read(s, nv, "ctr-pw", NULL, 8, v1), 0);
    scenario_step(s, "NV_Increment through the HMAC session: the count grows by one");
    CHECK(s, auth(s, nv, "ctr-pw", hmac, &inc.authHandle), 0);
    inc.nvIndex = nv->h;
    CHECK(s, tpm2l_NV_Increment(s->ctx, &inc), 0);
    CHECK(s, nv_read(s, nv, "ctr-pw", hmac, 8, v2), 0);
    REQUIRE(s, be64(v2) == be64(v1) + 1);
    scenario_step(s, "NV_Write to a counter is refused");
    CHECK(s, nv_write(s, nv, "ctr-pw", NULL, v1, 8, 0), TPM2_RC_ATTRIBUTES);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC extend(scenario_run *s, nv_index *nv, tpm2l_session *hmac)
{
    static tpm2l_NV_Extend_in ext;
    uint8_t buf[64], want[32], got[32];
    scenario_step(s, "NV_DefineSpace extend (SHA-256), authRead | authWrite");
    CHECK(s, define(s, nv, NV_EXTEND,
                    TPMA_NV_AUTHREAD | TPMA_NV_AUTHWRITE | TPMA_NV_NT_SET(TPM2_NT_EXTEND), 32,
                    "ext-pw", NULL), 0);
    scenario_step(s, "NV_Extend through the HMAC session: H(zeros || data)");
    memset(&ext, 0, sizeof ext);
    CHECK(s, auth(s, nv, "ext-pw", hmac, &ext.authHandle), 0);
    ext.nvIndex = nv->h;
    ext.data.size = 32;
    CHECK(s, tpm2l_random(s->ctx, ext.data.buffer, 32), 0);
    CHECK(s, tpm2l_NV_Extend(s->ctx, &ext), 0);
    CHECK(s, written(s, nv), 0);
    memset(buf, 0, 32);
    memcpy(buf + 32, ext.data.buffer, 32);
    CHECK(s, tpm2l_hash(&s->ctx->crypto, TPM2_ALG_SHA256, buf, 64, want, sizeof want), 0);
    CHECK(s, nv_read(s, nv, "ext-pw", NULL, 32, got), 0);
    REQUIRE(s, memcmp(got, want, 32) == 0);
    scenario_step(s, "NV_Extend again by password: H(previous || data)");
    CHECK(s, auth(s, nv, "ext-pw", NULL, &ext.authHandle), 0);
    ext.nvIndex = nv->h;
    CHECK(s, tpm2l_NV_Extend(s->ctx, &ext), 0);
    memcpy(buf, want, 32);
    CHECK(s, tpm2l_hash(&s->ctx->crypto, TPM2_ALG_SHA256, buf, 64, want, sizeof want), 0);
    CHECK(s, nv_read(s, nv, "ext-pw", hmac, 32, got), 0);
    REQUIRE(s, memcmp(got, want, 32) == 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC policy_password(scenario_run *s, tpm2l_session *se)
{
    CHECK(s, start(s, se, TPM2_SE_POLICY), 0);
    const tpm2l_PolicyPassword_in in = { .policySession = { .session = se } };
    CHECK(s, tpm2l_PolicyPassword(s->ctx, &in), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC policy(scenario_run *s, nv_index *nv)
{
    static tpm2l_session se;
    tpm2l_policy calc;
    uint8_t data[16], got[16];
    scenario_step(s, "NV_DefineSpace policyRead | policyWrite, authPolicy PolicyPassword");
    CHECK(s, tpm2l_policy_init(&calc, TPM2_ALG_SHA256), 0);
    CHECK(s, tpm2l_policy_password(&calc), 0);
    CHECK(s, define(s, nv, NV_POLICY, TPMA_NV_POLICYREAD | TPMA_NV_POLICYWRITE, 16, "pol-pw",
                    &calc.digest), 0);
    scenario_step(s, "NV_Write by password alone: no authWrite, refused");
    CHECK(s, tpm2l_random(s->ctx, data, sizeof data), 0);
    CHECK(s, nv_write(s, nv, "pol-pw", NULL, data, 16, 0), TPM2_RC_AUTH_UNAVAILABLE);
    scenario_step(s, "NV_Write through a policy session (PolicyPassword)");
    CHECK(s, policy_password(s, &se), 0);
    CHECK(s, nv_write(s, nv, "pol-pw", &se, data, 16, 0), 0);
    CHECK(s, written(s, nv), 0);
    scenario_step(s, "NV_Read through the same session, the policy run again");
    const tpm2l_PolicyPassword_in again = { .policySession = { .session = &se } };
    CHECK(s, tpm2l_PolicyPassword(s->ctx, &again), 0);
    CHECK(s, nv_read(s, nv, "pol-pw", &se, 16, got), 0);
    REQUIRE(s, memcmp(got, data, 16) == 0);
    scenario_step(s, "NV_Read through a session whose policy was not run: POLICY_FAIL");
    static const tpm2l_PolicyRestart_in restart = { .sessionHandle = { .session = &se } };
    CHECK(s, tpm2l_PolicyRestart(s->ctx, &restart), 0);
    CHECK(s, nv_read(s, nv, "pol-pw", &se, 16, got), FMT1_S1(TPM2_RC_POLICY_FAIL));
    CHECK(s, tpm2l_session_flush(s->ctx, &se), 0);
    return TPM2_RC_SUCCESS;
}

TPM2_RC sc_nv(scenario_run *s)
{
    static nv_index nv[4];
    static tpm2l_session hmac;
    static TPMS_CAPABILITY_DATA list;
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "StartAuthSession HMAC SHA-256, unbound, unsalted");
    CHECK(s, start(s, &hmac, TPM2_SE_HMAC), 0);
    CHECK(s, ordinary(s, &nv[0], &hmac), 0);
    CHECK(s, counter(s, &nv[1], &hmac), 0);
    CHECK(s, extend(s, &nv[2], &hmac), 0);
    CHECK(s, policy(s, &nv[3]), 0);
    scenario_step(s, "FlushContext the HMAC session; NV_UndefineSpace all four");
    CHECK(s, tpm2l_session_flush(s->ctx, &hmac), 0);
    for (size_t i = 0; i < 4; i++)
        CHECK(s, undefine(s, &nv[i]), 0);
    scenario_step(s, "GetCapability(HANDLES, NV) lists none; nothing left loaded");
    CHECK(s, tpm2l_GetCapability_all(s->ctx, TPM2_CAP_HANDLES, TPM2_NV_INDEX_FIRST, &list), 0);
    REQUIRE(s, list.data.handles.count == 0);
    CHECK(s, scenario_nothing_loaded(s), 0);
    return TPM2_RC_SUCCESS;
}
