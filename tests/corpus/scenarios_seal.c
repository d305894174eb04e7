/* scenarios_seal.c - corpus scenarios of the sealing workflow: a secret sealed to
 * PolicyPCR(sha256:0,1,2,3) (and to PolicyPCR + PolicyPassword), unsealed through a
 * policy session, and refused after a PCR_Extend, with the exact code of each refusal.
 * The secret and the extended digest come from the seeded source. */
#include <stdio.h>
#include <string.h>

#include "tests/corpus/scenarios.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/pcrspec.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"

#define PCR_SPEC "sha256:0,1,2,3"

typedef struct {
    tpm2l_handle parent;
    tpm2l_handle sealed;
    TPML_PCR_SELECTION pcrs;
    TPM2B_DIGEST pcr_digest; /* H(PCR 0..3) when sealed */
    TPM2B_SENSITIVE_DATA secret;
    const char *password;    /* NULL: PolicyPCR alone */
} seal_state;

static TPM2_RC start_policy(scenario_run *s, tpm2l_session *se)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_POLICY;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    return tpm2l_session_start(s->ctx, se, &p);
}

/* PCR_Read of the selection; digest = H(values in selection order). */
static TPM2_RC pcr_digest(scenario_run *s, const TPML_PCR_SELECTION *pcrs, TPM2B_DIGEST *d)
{
    static tpm2l_PCR_Read_in in;
    static tpm2l_PCR_Read_out out;
    in.pcrSelectionIn = *pcrs;
    CHECK(s, tpm2l_PCR_Read(s->ctx, &in, &out), 0);
    REQUIRE(s, out.pcrValues.count == 4);
    CHECK(s, tpm2l_policy_pcr_digest(&s->ctx->crypto, TPM2_ALG_SHA256, out.pcrValues.digests,
                                     out.pcrValues.count, d), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC seal(scenario_run *s, seal_state *st)
{
    static tpm2l_Create_in cr;
    static tpm2l_Create_out co;
    static tpm2l_Load_in ld;
    static tpm2l_Load_out lo;
    tpm2l_policy calc;
    TPMT_PUBLIC t;
    char err[128];
    scenario_step(s, "CreatePrimary ECC P-256 storage key under the owner");
    CHECK(s, tpm2l_template_primary(&t, TPM2_ALG_ECC), 0);
    CHECK(s, scenario_primary(s, TPM2_RH_OWNER, &t, &st->parent), 0);

    scenario_step(s, "PCR_Read " PCR_SPEC "; the policy computed in software");
    CHECK(s, tpm2l_pcr_spec_parse(PCR_SPEC, &st->pcrs, err, sizeof err), 0);
    CHECK(s, pcr_digest(s, &st->pcrs, &st->pcr_digest), 0);
    CHECK(s, tpm2l_policy_init(&calc, TPM2_ALG_SHA256), 0);
    CHECK(s, tpm2l_policy_pcr(&calc, &st->pcrs, &st->pcr_digest), 0);
    if (st->password)
        CHECK(s, tpm2l_policy_password(&calc), 0);

    scenario_step(s, "Create a sealed data object with that authPolicy, Load it");
    memset(&cr, 0, sizeof cr);
    CHECK(s, tpm2l_auth_handle_set(&cr.parentHandle, st->parent.handle, NULL, 0), 0);
    cr.parentHandle.name = st->parent.name;
    /* noDA: the wrong password below must not count against the lockout. */
    CHECK(s, tpm2l_template_sealed(&cr.inPublic.publicArea, TPM2_ALG_SHA256, &calc.digest,
                                   TPMA_OBJECT_NODA), 0);
    st->secret.size = 32;
    CHECK(s, tpm2l_random(s->ctx, st->secret.buffer, 32), 0);
    cr.inSensitive.sensitive.data = st->secret;
    if (st->password) {
        cr.inSensitive.sensitive.userAuth.size = (uint16_t)strlen(st->password);
        memcpy(cr.inSensitive.sensitive.userAuth.buffer, st->password,
               cr.inSensitive.sensitive.userAuth.size);
    }
    CHECK(s, tpm2l_Create(s->ctx, &cr, &co), 0);
    memset(&ld, 0, sizeof ld);
    ld.parentHandle = cr.parentHandle;
    ld.inPrivate = co.outPrivate;
    ld.inPublic = co.outPublic;
    CHECK(s, tpm2l_Load(s->ctx, &ld, &lo), 0);
    st->sealed = lo.objectHandle;
    tpm2l_cleanse(&cr, sizeof cr);
    return TPM2_RC_SUCCESS;
}

/* Unseal through se with password pw (NULL: none). The TPM's answer; out->outData
 * holds the secret on success. */
static TPM2_RC unseal(scenario_run *s, const seal_state *st, tpm2l_session *se,
                      const char *pw, tpm2l_Unseal_out *out)
{
    tpm2l_Unseal_in in;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.itemHandle, st->sealed.handle, pw,
                                   pw ? strlen(pw) : 0), 0);
    in.itemHandle.name = st->sealed.name;
    in.itemHandle.session = se;
    TPM2_RC rc = tpm2l_Unseal(s->ctx, &in, out);
    tpm2l_cleanse(&in, sizeof in);
    return rc;
}

/* PolicyPCR with pcrDigest d (NULL: the TPM's current values), then PolicyPassword if
 * the object has a password. The TPM's answer to PolicyPCR. */
static TPM2_RC satisfy(scenario_run *s, const seal_state *st, tpm2l_session *se,
                       const TPM2B_DIGEST *d)
{
    static tpm2l_PolicyPCR_in pp;
    memset(&pp, 0, sizeof pp);
    pp.policySession.session = se;
    pp.pcrs = st->pcrs;
    if (d)
        pp.pcrDigest = *d;
    TPM2_RC rc = tpm2l_PolicyPCR(s->ctx, &pp);
    if (rc || !st->password)
        return rc;
    const tpm2l_PolicyPassword_in pw = { .policySession = { .session = se } };
    CHECK(s, tpm2l_PolicyPassword(s->ctx, &pw), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC seal_flow(scenario_run *s, const char *password)
{
    static seal_state st;
    static tpm2l_session se;
    static tpm2l_Unseal_out out;
    memset(&st, 0, sizeof st);
    st.password = password;
    CHECK(s, scenario_startup(s), 0);
    CHECK(s, seal(s, &st), 0);

    scenario_step(s, "policy session: PolicyPCR with the sealed values");
    CHECK(s, start_policy(s, &se), 0);
    CHECK(s, satisfy(s, &st, &se, &st.pcr_digest), 0);
    if (password) {
        scenario_step(s, "Unseal with a wrong password: TPM_RC_BAD_AUTH (noDA)");
        CHECK(s, unseal(s, &st, &se, "wrong", &out), FMT1_S1(TPM2_RC_BAD_AUTH));
    }
    scenario_step(s, "Unseal through the policy session gives the secret back");
    CHECK(s, unseal(s, &st, &se, password, &out), 0);
    REQUIRE(s, out.outData.size == st.secret.size &&
                   memcmp(out.outData.buffer, st.secret.buffer, st.secret.size) == 0);
    tpm2l_cleanse(&out, sizeof out);
    /* continueSession was clear: the TPM ended the session and the library wiped it. */
    REQUIRE(s, se.handle == 0);

    if (password) {
        scenario_step(s, "Unseal by password alone: no userWithAuth, refused");
        CHECK(s, unseal(s, &st, NULL, password, &out), TPM2_RC_AUTH_UNAVAILABLE);
    }

    scenario_step(s, "PCR_Extend PCR 1 with a digest from the seeded source");
    static tpm2l_PCR_Extend_in ext;
    memset(&ext, 0, sizeof ext);
    CHECK(s, tpm2l_auth_handle_set(&ext.pcrHandle, 1, NULL, 0), 0);
    ext.digests.count = 1;
    ext.digests.digests[0].hashAlg = TPM2_ALG_SHA256;
    CHECK(s, tpm2l_random(s->ctx, ext.digests.digests[0].digest.sha256, 32), 0);
    CHECK(s, tpm2l_PCR_Extend(s->ctx, &ext), 0);

    scenario_step(s, "PolicyPCR with the sealed (now stale) values: TPM_RC_VALUE");
    CHECK(s, start_policy(s, &se), 0);
    CHECK(s, satisfy(s, &st, &se, &st.pcr_digest), FMT1_P1(TPM2_RC_VALUE));
    CHECK(s, tpm2l_session_flush(s->ctx, &se), 0);

    scenario_step(s, "PolicyPCR on the current values, then Unseal: TPM_RC_POLICY_FAIL");
    CHECK(s, start_policy(s, &se), 0);
    CHECK(s, satisfy(s, &st, &se, NULL), 0);
    CHECK(s, unseal(s, &st, &se, password, &out), FMT1_S1(TPM2_RC_POLICY_FAIL));
    /* A refused command leaves the session loaded (session.h): flush it ourselves. */
    CHECK(s, tpm2l_session_flush(s->ctx, &se), 0);

    scenario_step(s, "FlushContext the sealed object and the primary; nothing left loaded");
    CHECK(s, scenario_flush(s, st.sealed.handle), 0);
    CHECK(s, scenario_flush(s, st.parent.handle), 0);
    CHECK(s, scenario_nothing_loaded(s), 0);
    tpm2l_cleanse(&st, sizeof st);
    return TPM2_RC_SUCCESS;
}

TPM2_RC sc_seal_pcr(scenario_run *s)
{
    return seal_flow(s, NULL);
}

TPM2_RC sc_seal_pcr_password(scenario_run *s)
{
    return seal_flow(s, "seal-pw");
}
