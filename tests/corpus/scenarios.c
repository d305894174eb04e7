/* scenarios.c - what the corpus records: each scenario drives the real command
 * wrappers and checks every result against what swtpm answered when recorded.
 * Everything random the library draws comes from the seeded source, so the commands
 * are the same bytes on every run. */
#include <stdio.h>
#include <string.h>

#include "tests/corpus/scenarios.h"
#include "tpm2lite/session.h"

void scenario_step(scenario_run *s, const char *what)
{
    s->step = what;
    if (s->rec)
        tpm2l_tcti_record_comment(s->rec, what);
}

TPM2_RC scenario_expect(scenario_run *s, TPM2_RC got, TPM2_RC want)
{
    if (got == want)
        return TPM2_RC_SUCCESS;
    /* A helper that failed has said why; the caller's CHECK must not overwrite it. */
    if (!s->why[0])
        snprintf(s->why, sizeof s->why, "step '%s': expected %s, got %s; %s", s->step,
                 tpm2l_rc_str(want).s, tpm2l_rc_str(got).s, tpm2l_ctx_error(s->ctx));
    return got ? got : SCENARIO_UNEXPECTED_SUCCESS;
}

TPM2_RC scenario_unmet(scenario_run *s, const char *cond)
{
    snprintf(s->why, sizeof s->why, "step '%s': %s does not hold", s->step, cond);
    return SCENARIO_UNEXPECTED_SUCCESS;
}

TPM2_RC scenario_startup(scenario_run *s)
{
    const tpm2l_Startup_in clear = { .startupType = TPM2_SU_CLEAR };
    scenario_step(s, "Startup(CLEAR) on a TPM that was powered on");
    CHECK(s, tpm2l_Startup(s->ctx, &clear), TPM2_RC_SUCCESS);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_startup(scenario_run *s)
{
    const tpm2l_Startup_in clear = { .startupType = TPM2_SU_CLEAR };
    const tpm2l_SelfTest_in full = { .fullTest = 1 };
    tpm2l_GetTestResult_out result;
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "a second Startup is refused");
    CHECK(s, tpm2l_Startup(s->ctx, &clear), TPM2_RC_INITIALIZE);
    scenario_step(s, "SelfTest(fullTest=YES)");
    CHECK(s, tpm2l_SelfTest(s->ctx, &full), TPM2_RC_SUCCESS);
    scenario_step(s, "GetTestResult");
    CHECK(s, tpm2l_GetTestResult(s->ctx, &result), TPM2_RC_SUCCESS);
    REQUIRE(s, result.testResult == TPM2_RC_SUCCESS);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_capabilities(scenario_run *s)
{
    static const struct {
        TPM2_CAP cap;
        uint32_t property;
        const char *what;
    } kinds[] = {
        { TPM2_CAP_ALGS, 0, "GetCapability(ALGS)" },
        { TPM2_CAP_HANDLES, 0x40000000, "GetCapability(HANDLES, permanent)" },
        { TPM2_CAP_HANDLES, 0x00000000, "GetCapability(HANDLES, PCR)" },
        { TPM2_CAP_HANDLES, TPM2_PERSISTENT_FIRST, "GetCapability(HANDLES, persistent)" },
        { TPM2_CAP_HANDLES, TPM2_TRANSIENT_FIRST, "GetCapability(HANDLES, transient)" },
        { TPM2_CAP_COMMANDS, 0x11F, "GetCapability(COMMANDS)" },
        { TPM2_CAP_PP_COMMANDS, 0x11F, "GetCapability(PP_COMMANDS)" },
        { TPM2_CAP_AUDIT_COMMANDS, 0x11F, "GetCapability(AUDIT_COMMANDS)" },
        { TPM2_CAP_PCRS, 0, "GetCapability(PCRS)" },
        { TPM2_CAP_TPM_PROPERTIES, TPM2_PT_FIXED, "GetCapability(TPM_PROPERTIES, fixed)" },
        { TPM2_CAP_TPM_PROPERTIES, TPM2_PT_VAR, "GetCapability(TPM_PROPERTIES, variable)" },
        { TPM2_CAP_PCR_PROPERTIES, TPM2_PT_PCR_FIRST, "GetCapability(PCR_PROPERTIES)" },
        { TPM2_CAP_ECC_CURVES, 0, "GetCapability(ECC_CURVES)" },
        { TPM2_CAP_AUTH_POLICIES, 0x40000000, "GetCapability(AUTH_POLICIES)" },
        { TPM2_CAP_ACT, 0x40000110, "GetCapability(ACT)" },
    };
    static TPMS_CAPABILITY_DATA data;
    CHECK(s, scenario_startup(s), 0);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        scenario_step(s, kinds[i].what);
        CHECK(s, tpm2l_GetCapability_all(s->ctx, kinds[i].cap, kinds[i].property, &data), 0);
        REQUIRE(s, data.capability == kinds[i].cap);
    }
    scenario_step(s, "GetCapability of an undefined capability is refused");
    tpm2l_GetCapability_out out;
    const tpm2l_GetCapability_in bad = { .capability = 0x0B, .propertyCount = 1 };
    CHECK(s, tpm2l_GetCapability(s->ctx, &bad, &out), FMT1_P1(TPM2_RC_VALUE));
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_random(scenario_run *s)
{
    tpm2l_GetRandom_out out;
    tpm2l_StirRandom_in stir = { .inData = { .size = 32 } };
    static const uint16_t sizes[] = { 1, 16, 32, 48 };
    CHECK(s, scenario_startup(s), 0);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        const tpm2l_GetRandom_in in = { .bytesRequested = sizes[i] };
        scenario_step(s, "GetRandom");
        CHECK(s, tpm2l_GetRandom(s->ctx, &in, &out), 0);
        REQUIRE(s, out.randomBytes.size == sizes[i]);
    }
    scenario_step(s, "StirRandom with 32 bytes from the seeded source");
    CHECK(s, tpm2l_random(s->ctx, stir.inData.buffer, stir.inData.size), 0);
    CHECK(s, tpm2l_StirRandom(s->ctx, &stir), 0);
    return TPM2_RC_SUCCESS;
}

static void select_pcr(TPML_PCR_SELECTION *sel, unsigned pcr)
{
    memset(sel, 0, sizeof *sel);
    sel->count = 1;
    sel->pcrSelections[0].hash = TPM2_ALG_SHA256;
    sel->pcrSelections[0].sizeofSelect = 3;
    sel->pcrSelections[0].pcrSelect[pcr / 8] = (uint8_t)(1u << (pcr % 8));
}

static TPM2_RC read_pcr(scenario_run *s, unsigned pcr, uint8_t value[32])
{
    tpm2l_PCR_Read_in in;
    static tpm2l_PCR_Read_out out;
    select_pcr(&in.pcrSelectionIn, pcr);
    CHECK(s, tpm2l_PCR_Read(s->ctx, &in, &out), 0);
    REQUIRE(s, out.pcrValues.count == 1 && out.pcrValues.digests[0].size == 32);
    memcpy(value, out.pcrValues.digests[0].buffer, 32);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_pcr(scenario_run *s)
{
    static const uint8_t zero[32];
    uint8_t before[32], after[32];
    tpm2l_PCR_Extend_in ext;
    tpm2l_PCR_Reset_in reset;
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "PCR_Read SHA-256 PCR 16");
    CHECK(s, read_pcr(s, 16, before), 0);
    REQUIRE(s, memcmp(before, zero, 32) == 0);

    scenario_step(s, "PCR_Extend PCR 16 with a digest from the seeded source");
    memset(&ext, 0, sizeof ext);
    CHECK(s, tpm2l_auth_handle_set(&ext.pcrHandle, 16, NULL, 0), 0);
    ext.digests.count = 1;
    ext.digests.digests[0].hashAlg = TPM2_ALG_SHA256;
    CHECK(s, tpm2l_random(s->ctx, ext.digests.digests[0].digest.sha256, 32), 0);
    CHECK(s, tpm2l_PCR_Extend(s->ctx, &ext), 0);
    scenario_step(s, "PCR_Read PCR 16 after the extend");
    CHECK(s, read_pcr(s, 16, after), 0);
    REQUIRE(s, memcmp(after, zero, 32) != 0);

    scenario_step(s, "PCR_Reset PCR 16 (resettable from locality 0)");
    memset(&reset, 0, sizeof reset);
    CHECK(s, tpm2l_auth_handle_set(&reset.pcrHandle, 16, NULL, 0), 0);
    CHECK(s, tpm2l_PCR_Reset(s->ctx, &reset), 0);
    CHECK(s, read_pcr(s, 16, after), 0);
    REQUIRE(s, memcmp(after, zero, 32) == 0);

    scenario_step(s, "PCR_Reset PCR 0 is refused at locality 0");
    CHECK(s, tpm2l_auth_handle_set(&reset.pcrHandle, 0, NULL, 0), 0);
    CHECK(s, tpm2l_PCR_Reset(s->ctx, &reset), TPM2_RC_LOCALITY);
    return TPM2_RC_SUCCESS;
}

static void template_keyedhash(TPMT_PUBLIC *t)
{
    memset(t, 0, sizeof *t);
    t->type = TPM2_ALG_KEYEDHASH;
    t->nameAlg = TPM2_ALG_SHA256;
    t->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
                          TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH |
                          TPMA_OBJECT_SIGN_ENCRYPT;
    t->parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_HMAC;
    t->parameters.keyedHashDetail.scheme.details.hmac.hashAlg = TPM2_ALG_SHA256;
}

static void template_symcipher(TPMT_PUBLIC *t)
{
    memset(t, 0, sizeof *t);
    t->type = TPM2_ALG_SYMCIPHER;
    t->nameAlg = TPM2_ALG_SHA256;
    t->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
                          TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH |
                          TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
    t->parameters.symDetail.sym.algorithm = TPM2_ALG_AES;
    t->parameters.symDetail.sym.keyBits.aes = 128;
    t->parameters.symDetail.sym.mode.aes = TPM2_ALG_CFB;
}

/* CreatePrimary under hierarchy from tmpl, ReadPublic it by name, flush it. */
TPM2_RC scenario_primary(scenario_run *s, TPM2_HANDLE hierarchy, const TPMT_PUBLIC *tmpl,
                       tpm2l_handle *keep)
{
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    static tpm2l_ReadPublic_out pub;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.primaryHandle, hierarchy, NULL, 0), 0);
    in.inPublic.publicArea = *tmpl;
    CHECK(s, tpm2l_CreatePrimary(s->ctx, &in, &out), 0);
    REQUIRE(s, out.outPublic.publicArea.type == tmpl->type);
    const tpm2l_ReadPublic_in rp = { .objectHandle = out.objectHandle };
    CHECK(s, tpm2l_ReadPublic(s->ctx, &rp, &pub), 0);
    if (keep) {
        *keep = out.objectHandle;
        return TPM2_RC_SUCCESS;
    }
    const tpm2l_FlushContext_in fl = { .flushHandle = out.objectHandle.handle };
    CHECK(s, tpm2l_FlushContext(s->ctx, &fl), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_primaries(scenario_run *s)
{
    TPMT_PUBLIC t;
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "CreatePrimary RSA-2048 storage key under the owner hierarchy");
    CHECK(s, tpm2l_template_primary(&t, TPM2_ALG_RSA), 0);
    CHECK(s, scenario_primary(s, TPM2_RH_OWNER, &t, NULL), 0);
    scenario_step(s, "CreatePrimary ECC P-256 storage key under the owner hierarchy");
    CHECK(s, tpm2l_template_primary(&t, TPM2_ALG_ECC), 0);
    CHECK(s, scenario_primary(s, TPM2_RH_OWNER, &t, NULL), 0);
    scenario_step(s, "CreatePrimary ECC P-256 storage key under the endorsement hierarchy");
    CHECK(s, scenario_primary(s, TPM2_RH_ENDORSEMENT, &t, NULL), 0);
    scenario_step(s, "CreatePrimary ECC P-256 storage key under the null hierarchy");
    CHECK(s, scenario_primary(s, TPM2_RH_NULL, &t, NULL), 0);
    scenario_step(s, "CreatePrimary HMAC-SHA256 keyedhash key");
    template_keyedhash(&t);
    CHECK(s, scenario_primary(s, TPM2_RH_OWNER, &t, NULL), 0);
    scenario_step(s, "CreatePrimary AES-128-CFB symcipher key");
    template_symcipher(&t);
    CHECK(s, scenario_primary(s, TPM2_RH_OWNER, &t, NULL), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_context(scenario_run *s)
{
    TPMT_PUBLIC t;
    tpm2l_handle key;
    static tpm2l_ContextSave_out saved;
    static tpm2l_ContextLoad_in load;
    static tpm2l_ContextLoad_out loaded;
    static tpm2l_ReadPublic_out pub;
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "CreatePrimary ECC P-256");
    CHECK(s, tpm2l_template_primary(&t, TPM2_ALG_ECC), 0);
    CHECK(s, scenario_primary(s, TPM2_RH_OWNER, &t, &key), 0);
    scenario_step(s, "ContextSave the key");
    const tpm2l_ContextSave_in save = { .saveHandle = key };
    CHECK(s, tpm2l_ContextSave(s->ctx, &save, &saved), 0);
    scenario_step(s, "FlushContext the key");
    const tpm2l_FlushContext_in fl = { .flushHandle = key.handle };
    CHECK(s, tpm2l_FlushContext(s->ctx, &fl), 0);
    scenario_step(s, "ContextLoad it back and check its name");
    load.context = saved.context;
    load.name = key.name;
    CHECK(s, tpm2l_ContextLoad(s->ctx, &load, &loaded), 0);
    const tpm2l_ReadPublic_in rp = { .objectHandle = loaded.loadedHandle };
    CHECK(s, tpm2l_ReadPublic(s->ctx, &rp, &pub), 0);
    scenario_step(s, "FlushContext the loaded key; flushing it twice is refused");
    const tpm2l_FlushContext_in fl2 = { .flushHandle = loaded.loadedHandle.handle };
    CHECK(s, tpm2l_FlushContext(s->ctx, &fl2), 0);
    CHECK(s, tpm2l_FlushContext(s->ctx, &fl2), FMT1_P1(TPM2_RC_HANDLE));
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_evict(scenario_run *s)
{
    TPMT_PUBLIC t;
    tpm2l_handle key;
    static tpm2l_EvictControl_in ev;
    static tpm2l_EvictControl_out persisted;
    static tpm2l_ReadPublic_out pub;
    static TPMS_CAPABILITY_DATA handles;
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "CreatePrimary ECC P-256");
    CHECK(s, tpm2l_template_primary(&t, TPM2_ALG_ECC), 0);
    CHECK(s, scenario_primary(s, TPM2_RH_OWNER, &t, &key), 0);
    scenario_step(s, "EvictControl: persist it at 0x81000001");
    memset(&ev, 0, sizeof ev);
    CHECK(s, tpm2l_auth_handle_set(&ev.auth, TPM2_RH_OWNER, NULL, 0), 0);
    ev.objectHandle = key;
    ev.persistentHandle = 0x81000001;
    CHECK(s, tpm2l_EvictControl(s->ctx, &ev, &persisted), 0);
    scenario_step(s, "ReadPublic the persistent handle by the key's name");
    const tpm2l_ReadPublic_in rp = { .objectHandle = persisted.persistentHandle };
    CHECK(s, tpm2l_ReadPublic(s->ctx, &rp, &pub), 0);
    scenario_step(s, "GetCapability(HANDLES, persistent) lists it");
    CHECK(s, tpm2l_GetCapability_all(s->ctx, TPM2_CAP_HANDLES, TPM2_PERSISTENT_FIRST,
                                     &handles), 0);
    REQUIRE(s, handles.data.handles.count == 1 &&
                   handles.data.handles.handle[0] == 0x81000001);
    scenario_step(s, "EvictControl: persisting it again at the same handle is refused");
    CHECK(s, tpm2l_EvictControl(s->ctx, &ev, NULL), TPM2_RC_NV_DEFINED);
    scenario_step(s, "EvictControl: remove the persistent key");
    ev.objectHandle = persisted.persistentHandle;
    CHECK(s, tpm2l_EvictControl(s->ctx, &ev, NULL), 0);
    scenario_step(s, "FlushContext the transient key");
    const tpm2l_FlushContext_in fl = { .flushHandle = key.handle };
    CHECK(s, tpm2l_FlushContext(s->ctx, &fl), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC change_auth(scenario_run *s, TPM2_HANDLE h, const char *old, const char *new)
{
    static tpm2l_HierarchyChangeAuth_in in;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.authHandle, h, old, strlen(old)), 0);
    in.newAuth.size = (uint16_t)strlen(new);
    memcpy(in.newAuth.buffer, new, in.newAuth.size);
    return tpm2l_HierarchyChangeAuth(s->ctx, &in);
}

static TPM2_RC create_ecc_primary(scenario_run *s, const char *auth)
{
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.primaryHandle, TPM2_RH_OWNER, auth, strlen(auth)), 0);
    CHECK(s, tpm2l_template_primary(&in.inPublic.publicArea, TPM2_ALG_ECC), 0);
    TPM2_RC rc = tpm2l_CreatePrimary(s->ctx, &in, &out);
    if (rc)
        return rc;
    const tpm2l_FlushContext_in fl = { .flushHandle = out.objectHandle.handle };
    return tpm2l_FlushContext(s->ctx, &fl);
}

static TPM2_RC sc_hierarchy_auth(scenario_run *s)
{
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "HierarchyChangeAuth(OWNER) to 'owner-secret'");
    CHECK(s, change_auth(s, TPM2_RH_OWNER, "", "owner-secret"), 0);
    scenario_step(s, "CreatePrimary with the old, empty owner auth is refused");
    CHECK(s, create_ecc_primary(s, ""), FMT1_S1(TPM2_RC_BAD_AUTH));
    scenario_step(s, "CreatePrimary with the new owner auth");
    CHECK(s, create_ecc_primary(s, "owner-secret"), 0);
    scenario_step(s, "HierarchyChangeAuth(OWNER) back to empty");
    CHECK(s, change_auth(s, TPM2_RH_OWNER, "owner-secret", ""), 0);
    CHECK(s, create_ecc_primary(s, ""), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_errors(scenario_run *s)
{
    static tpm2l_ReadPublic_out pub;
    static tpm2l_TestParms_in parms;
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "ReadPublic of a transient handle that is not loaded");
    tpm2l_ReadPublic_in rp;
    memset(&rp, 0, sizeof rp);
    rp.objectHandle.handle = 0x80000005;
    CHECK(s, tpm2l_ReadPublic(s->ctx, &rp, &pub), FMT1_H1(TPM2_RC_VALUE));
    scenario_step(s, "ReadPublic of a persistent handle that does not exist");
    rp.objectHandle.handle = 0x81FFFFFF;
    CHECK(s, tpm2l_ReadPublic(s->ctx, &rp, &pub), FMT1_H1(TPM2_RC_HANDLE));
    scenario_step(s, "TestParms RSA-2048 is supported");
    memset(&parms, 0, sizeof parms);
    parms.parameters.type = TPM2_ALG_RSA;
    parms.parameters.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
    parms.parameters.parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
    parms.parameters.parameters.rsaDetail.keyBits = 2048;
    CHECK(s, tpm2l_TestParms(s->ctx, &parms), 0);
    scenario_step(s, "TestParms RSA-1000 is an unsupported key size");
    parms.parameters.parameters.rsaDetail.keyBits = 1000;
    CHECK(s, tpm2l_TestParms(s->ctx, &parms), FMT1_P1(TPM2_RC_VALUE));
    scenario_step(s, "TestParms ECC on a curve the TPM does not know (0x0099)");
    memset(&parms, 0, sizeof parms);
    parms.parameters.type = TPM2_ALG_ECC;
    parms.parameters.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
    parms.parameters.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
    parms.parameters.parameters.eccDetail.curveID = 0x0099;
    parms.parameters.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
    CHECK(s, tpm2l_TestParms(s->ctx, &parms), FMT1_P1(TPM2_RC_CURVE));
    scenario_step(s, "CreatePrimary with a wrong owner password");
    CHECK(s, create_ecc_primary(s, "wrong"), FMT1_S1(TPM2_RC_BAD_AUTH));
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_lockout(scenario_run *s)
{
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "HierarchyChangeAuth(LOCKOUT) with a wrong password");
    CHECK(s, change_auth(s, TPM2_RH_LOCKOUT, "wrong", "x"), FMT1_S1(TPM2_RC_AUTH_FAIL));
    scenario_step(s, "the lockout hierarchy is now locked out, even with the right password");
    CHECK(s, change_auth(s, TPM2_RH_LOCKOUT, "", "x"), TPM2_RC_LOCKOUT);
    return TPM2_RC_SUCCESS;
}

/* ---- sessions (session engineer): every nonce, salt and ephemeral key comes from
 * the seeded source, so a salted, encrypted session replays byte for byte ---- */

static TPM2_RC session_start(scenario_run *s, tpm2l_session *se, TPMI_ALG_HASH hash,
                             uint16_t aes_bits, const tpm2l_handle *salt,
                             const tpm2l_auth_handle *bind, TPMA_SESSION attrs)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_HMAC;
    p.authHash = hash;
    p.symmetric.algorithm = aes_bits ? TPM2_ALG_AES : TPM2_ALG_NULL;
    p.symmetric.keyBits.aes = aes_bits;
    p.symmetric.mode.aes = TPM2_ALG_CFB;
    p.tpmKey = salt;
    p.bind = bind;
    p.attrs = attrs;
    return tpm2l_session_start(s->ctx, se, &p);
}

static TPM2_RC sc_session_encrypt(scenario_run *s)
{
    static tpm2l_session se;
    static tpm2l_GetRandom_out out;
    const tpm2l_GetRandom_in in = { .bytesRequested = 24 };
    tpm2l_auth_handle bind;
    TPMT_PUBLIC t;
    tpm2l_handle key;
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "CreatePrimary ECC P-256 under the owner: the salt key");
    CHECK(s, tpm2l_template_primary(&t, TPM2_ALG_ECC), 0);
    CHECK(s, scenario_primary(s, TPM2_RH_OWNER, &t, &key), 0);
    scenario_step(s, "StartAuthSession salted to it (ECDH) and bound to the endorsement hierarchy");
    CHECK(s, tpm2l_auth_handle_set(&bind, TPM2_RH_ENDORSEMENT, NULL, 0), 0);
    CHECK(s, session_start(s, &se, TPM2_ALG_SHA256, 128, &key, &bind,
                           TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_ENCRYPT), 0);
    for (int i = 0; i < 2; i++) {
        scenario_step(s, "GetRandom(24), the response encrypted with AES-128-CFB");
        tpm2l_ctx_next_sessions(s->ctx, &se, NULL);
        CHECK(s, tpm2l_GetRandom(s->ctx, &in, &out), 0);
        REQUIRE(s, out.randomBytes.size == 24);
    }
    scenario_step(s, "FlushContext(session) and FlushContext(salt key)");
    CHECK(s, tpm2l_session_flush(s->ctx, &se), 0);
    const tpm2l_FlushContext_in fl = { .flushHandle = key.handle };
    CHECK(s, tpm2l_FlushContext(s->ctx, &fl), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_session_hmac_auth(scenario_run *s)
{
    static tpm2l_session a, b;
    static tpm2l_HierarchyChangeAuth_in in;
    tpm2l_auth_handle bind;
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "StartAuthSession HMAC SHA-256, unsalted, unbound");
    CHECK(s, session_start(s, &a, TPM2_ALG_SHA256, 0, NULL, NULL,
                           TPMA_SESSION_CONTINUESESSION), 0);
    scenario_step(s, "HierarchyChangeAuth(OWNER) to 'owner-secret' under the HMAC session");
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_OWNER, NULL, 0), 0);
    in.authHandle.session = &a;
    in.newAuth.size = 12;
    memcpy(in.newAuth.buffer, "owner-secret", 12);
    CHECK(s, tpm2l_HierarchyChangeAuth(s->ctx, &in), 0);
    scenario_step(s, "the same with a wrong auth value: TPM_RC_BAD_AUTH, the session stays");
    CHECK(s, tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_OWNER, "wrong", 5), 0);
    in.authHandle.session = &a;
    CHECK(s, tpm2l_HierarchyChangeAuth(s->ctx, &in), FMT1_S1(TPM2_RC_BAD_AUTH));
    scenario_step(s, "StartAuthSession SHA-384 bound to the owner, AES-256-CFB");
    CHECK(s, tpm2l_auth_handle_set(&bind, TPM2_RH_OWNER, "owner-secret", 12), 0);
    CHECK(s, session_start(s, &b, TPM2_ALG_SHA384, 256, NULL, &bind,
                           TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT), 0);
    scenario_step(s,
                  "HierarchyChangeAuth(OWNER) back to empty on the bind entity, newAuth encrypted");
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_OWNER, "owner-secret", 12), 0);
    in.authHandle.session = &b;
    in.newAuth.size = 0;
    CHECK(s, tpm2l_HierarchyChangeAuth(s->ctx, &in), 0);
    scenario_step(s, "FlushContext both sessions");
    CHECK(s, tpm2l_session_flush(s->ctx, &a), 0);
    CHECK(s, tpm2l_session_flush(s->ctx, &b), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC sc_session_audit(scenario_run *s)
{
    static tpm2l_session se;
    static tpm2l_GetRandom_out out;
    static tpm2l_GetSessionAuditDigest_in ain;
    static tpm2l_GetSessionAuditDigest_out aout;
    const tpm2l_GetRandom_in in = { .bytesRequested = 8 };
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "StartAuthSession HMAC SHA-256 for audit");
    CHECK(s, session_start(s, &se, TPM2_ALG_SHA256, 0, NULL, NULL,
                           TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_AUDIT), 0);
    for (int i = 0; i < 2; i++) {
        scenario_step(s, "GetRandom(8) audited");
        tpm2l_ctx_next_sessions(s->ctx, &se, NULL);
        CHECK(s, tpm2l_GetRandom(s->ctx, &in, &out), 0);
    }
    scenario_step(s, "GetSessionAuditDigest, unsigned: equals the digest kept in software");
    memset(&ain, 0, sizeof ain);
    CHECK(s, tpm2l_auth_handle_set(&ain.privacyAdminHandle, TPM2_RH_ENDORSEMENT, NULL, 0), 0);
    CHECK(s, tpm2l_auth_handle_set(&ain.signHandle, TPM2_RH_NULL, NULL, 0), 0);
    ain.sessionHandle = se.handle;
    ain.inScheme.scheme = TPM2_ALG_NULL;
    CHECK(s, tpm2l_GetSessionAuditDigest(s->ctx, &ain, &aout), 0);
    const TPM2B_DIGEST *d = &aout.attest.attested.sessionAudit.sessionDigest;
    REQUIRE(s, d->size == se.audit_digest.size &&
                   memcmp(d->buffer, se.audit_digest.buffer, d->size) == 0);
    scenario_step(s, "FlushContext(session)");
    CHECK(s, tpm2l_session_flush(s->ctx, &se), 0);
    return TPM2_RC_SUCCESS;
}

const scenario scenarios[] = {
    { "startup", "Startup, a refused second Startup, SelfTest, GetTestResult", sc_startup },
    { "capabilities", "GetCapability of every kind, and an undefined one", sc_capabilities },
    { "random", "GetRandom of several sizes and StirRandom", sc_random },
    { "pcr", "PCR_Read, PCR_Extend, PCR_Reset, a refused PCR_Reset", sc_pcr },
    { "primaries", "CreatePrimary of each template and hierarchy", sc_primaries },
    { "context", "ContextSave, FlushContext, ContextLoad", sc_context },
    { "evict", "EvictControl in and out, a refused duplicate", sc_evict },
    { "hierarchy_auth", "HierarchyChangeAuth and the old auth refused", sc_hierarchy_auth },
    { "errors", "bad handles, unsupported parameters, a wrong password", sc_errors },
    { "lockout", "a wrong lockout password locks the lockout hierarchy", sc_lockout },
    { "session_encrypt", "a salted, bound session encrypts GetRandom", sc_session_encrypt },
    { "session_hmac_auth", "HierarchyChangeAuth under HMAC sessions", sc_session_hmac_auth },
    { "session_audit", "an audit session and GetSessionAuditDigest", sc_session_audit },
    { "keystore", "a persistent storage key, handle lists, hierarchy passwords", sc_keystore },
    { "import", "a software key wrapped, imported, loaded, signing; its TSS2 PEM",
      sc_import },
    { "seal_pcr", "seal to PolicyPCR, unseal, refused after PCR_Extend", sc_seal_pcr },
    { "seal_pcr_password", "seal to PolicyPCR + PolicyPassword, unseal, refusals",
      sc_seal_pcr_password },
    { "nv", "NV indices of four types by password, HMAC and policy sessions", sc_nv },
    { "quote", "a restricted key quotes PCRs, verified in software", sc_quote },
    { "attest", "credential activation for the signing EK; it certifies primaries",
      sc_attest },
    { "keys_more", "Duplicate, Rewrap, RSA, ECDH, EncryptDecrypt2, HMAC, Hash, sequences",
      sc_keys_more },
    { "attest_more", "CertifyCreation, GetTime, NV_Certify, dictionary-attack commands",
      sc_attest_more },
};
const size_t scenario_count = sizeof scenarios / sizeof scenarios[0];

const scenario *scenario_find(const char *name)
{
    for (size_t i = 0; i < scenario_count; i++)
        if (strcmp(scenarios[i].name, name) == 0)
            return &scenarios[i];
    return NULL;
}

TPM2_RC scenario_execute(const scenario *sc, tpm2l_ctx *ctx, tpm2l_tcti_record *rec,
                         const uint8_t *seed, size_t seed_len, scenario_run *s)
{
    static tpm2l_seeded_rng rng;
    memset(s, 0, sizeof *s);
    s->ctx = ctx;
    s->rec = rec;
    s->step = "start";
    TPM2_RC rc = tpm2l_seeded_rng_init(&rng, seed, seed_len);
    if (rc) {
        snprintf(s->why, sizeof s->why, "bad seed");
        return rc;
    }
    tpm2l_ctx_set_rng(ctx, tpm2l_seeded_rng_fn, &rng);
    scenario_track_begin(s, ctx);
    rc = sc->run(s);
    /* Only on failure: a passing run's exchanges are the recorded ones, unchanged. */
    if (rc)
        scenario_cleanup(s);
    scenario_track_end(s);
    return rc;
}

TPM2_RC scenario_flush(scenario_run *s, TPM2_HANDLE h)
{
    const tpm2l_FlushContext_in fl = { .flushHandle = h };
    return tpm2l_FlushContext(s->ctx, &fl);
}

TPM2_RC scenario_nothing_loaded(scenario_run *s)
{
    static const TPM2_HANDLE firsts[] = { TPM2_TRANSIENT_FIRST, TPM2_HR_HMAC_SESSION,
                                          TPM2_HR_POLICY_SESSION };
    static TPMS_CAPABILITY_DATA data;
    for (size_t i = 0; i < sizeof firsts / sizeof firsts[0]; i++) {
        CHECK(s, tpm2l_GetCapability_all(s->ctx, TPM2_CAP_HANDLES, firsts[i], &data), 0);
        /* The TPM lists one handle type per call, so any handle here is of that type. */
        REQUIRE(s, data.data.handles.count == 0);
    }
    return TPM2_RC_SUCCESS;
}
