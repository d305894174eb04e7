/* test_policy_ek.c - the TCG EK Credential Profile's high-range EK policy rebuilt on a
 * real TPM: the EK policy NV index 0x01C07F01 (authPolicy PolicyA, TPMA_NV 0x220F1008
 * once written, 34 bytes) is defined and written through a PolicyA policy session; its
 * name is then the published one, a trial PolicyAuthorizeNV over it gives PolicyC, and
 * a real session satisfies PolicyC (the policy stored in the index, then
 * PolicyAuthorizeNV) and then PolicyOR(PolicyA, PolicyC) = PolicyB, the authPolicy of
 * the H-1/H-2 EK templates. */
#include <string.h>

#include "tests/integration/policy/policy_util.h"

#define EK_POLICY_INDEX 0x01C07F01

static const uint8_t policy_a[32] = {
    0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xB3, 0xF8, 0x1A, 0x90, 0xCC,
    0x8D, 0x46, 0xA5, 0xD7, 0x24, 0xFD, 0x52, 0xD7, 0x6E, 0x06, 0x52,
    0x0B, 0x64, 0xF2, 0xA1, 0xDA, 0x1B, 0x33, 0x14, 0x69, 0xAA};
static const uint8_t policy_b[32] = {
    0xCA, 0x3D, 0x0A, 0x99, 0xA2, 0xB9, 0x39, 0x06, 0xF7, 0xA3, 0x34,
    0x24, 0x14, 0xEF, 0xCF, 0xB3, 0xA3, 0x85, 0xD4, 0x4C, 0xD1, 0xFD,
    0x45, 0x90, 0x89, 0xD1, 0x9B, 0x50, 0x71, 0xC0, 0xB7, 0xA0};
static const uint8_t policy_c[32] = {
    0x37, 0x67, 0xE2, 0xED, 0xD4, 0x3F, 0xF4, 0x5A, 0x3A, 0x7E, 0x1E,
    0xAE, 0xFC, 0xEF, 0x78, 0x64, 0x3D, 0xCA, 0x96, 0x46, 0x32, 0xE7,
    0xAA, 0xD8, 0x2C, 0x67, 0x3A, 0x30, 0xD8, 0x63, 0x3F, 0xDE};
/* The published name of the written index (TCG EK Credential Profile, Annex B). */
static const uint8_t ek_index_name[34] = {
    0x00, 0x0B, 0x0C, 0x9D, 0x71, 0x7E, 0x9C, 0x3F, 0xE6, 0x9F, 0xDA, 0x41,
    0x76, 0x94, 0x50, 0xBB, 0x14, 0x59, 0x57, 0xF8, 0xB3, 0x61, 0x0E, 0x08,
    0x4D, 0xBF, 0x65, 0x59, 0x1A, 0x5D, 0x11, 0xEC, 0xD8, 0x3F};

static TPMS_NV_PUBLIC ek_index;
static tpm2l_handle ek_nv;

/* PolicySecret(TPM_RH_ENDORSEMENT) in s: PolicyA. */
static void satisfy_policy_a(tpm2l_session *s)
{
    static tpm2l_PolicySecret_in in;
    static tpm2l_PolicySecret_out out;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    in.policySession = ps(s);
    in.nonceTPM = s->nonceTPM;
    OK(tpm2l_PolicySecret(&ctx, &in, &out));
    assert_memory_equal(s->policy_digest.buffer, policy_a, 32);
}

/* Define the index as the profile does (WRITTEN comes from the first write) and write
 * the policy it approves, TPMT_HA {SHA-256, approved}, under PolicyA. */
static int define_and_write(void **state)
{
    (void)state;
    static tpm2l_NV_DefineSpace_in def;
    static tpm2l_NV_Write_in wr;
    tpm2l_NV_DefineSpace_out dout;
    tpm2l_session s;
    tpm2l_policy approved = calc();

    memset(&def, 0, sizeof def);
    def.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    ek_index.nvIndex = EK_POLICY_INDEX;
    ek_index.nameAlg = TPM2_ALG_SHA256;
    ek_index.attributes = 0x220F1008u & ~TPMA_NV_WRITTEN;
    ek_index.authPolicy.size = 32;
    memcpy(ek_index.authPolicy.buffer, policy_a, 32);
    ek_index.dataSize = 0x22;
    def.publicInfo.nvPublic = ek_index;
    OK(tpm2l_NV_DefineSpace(&ctx, &def, &dout));
    ek_nv = dout.nvIndex;

    OK(tpm2l_policy_auth_value(&approved));
    start_session(TPM2_SE_POLICY, &s);
    satisfy_policy_a(&s);
    memset(&wr, 0, sizeof wr);
    wr.authHandle = hierarchy(EK_POLICY_INDEX, NULL);
    wr.authHandle.name = ek_nv.name;
    wr.authHandle.session = &s;
    wr.nvIndex = ek_nv;
    wr.data.size = 34;
    wr.data.buffer[0] = 0x00;
    wr.data.buffer[1] = 0x0B; /* TPM_ALG_SHA256 */
    memcpy(wr.data.buffer + 2, approved.digest.buffer, 32);
    OK(tpm2l_NV_Write(&ctx, &wr));
    end_session(&s);
    OK(tpm2l_nv_mark_written(&ek_index, &ek_nv.name));
    return 0;
}

static int undefine(void **state)
{
    (void)state;
    tpm2l_NV_UndefineSpace_in in;
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.nvIndex = ek_nv;
    OK(tpm2l_NV_UndefineSpace(&ctx, &in));
    return 0;
}

static void test_written_ek_policy_index_has_the_published_name(void **state)
{
    (void)state;
    tpm2l_NV_ReadPublic_in in = {.nvIndex = ek_nv};
    static tpm2l_NV_ReadPublic_out out;
    assert_int_equal(ek_nv.name.size, 34);
    assert_memory_equal(ek_nv.name.name, ek_index_name, 34);
    OK(tpm2l_NV_ReadPublic(&ctx, &in, &out)); /* the TPM agrees (checked inside) */
    assert_int_equal(out.nvPublic.nvPublic.attributes, 0x220F1008u);
}

static void test_trial_authorize_nv_on_the_ek_index_is_policy_c(void **state)
{
    (void)state;
    tpm2l_session s;
    tpm2l_PolicyAuthorizeNV_in in;
    tpm2l_policy want = calc();

    start_session(TPM2_SE_TRIAL, &s);
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.nvIndex = ek_nv;
    in.policySession = ps(&s);
    OK(tpm2l_PolicyAuthorizeNV(&ctx, &in));
    memcpy(want.digest.buffer, policy_c, 32);
    assert_digests_agree(&s, &want);
    end_session(&s);
}

/* A real session: the policy the index approves (PolicyAuthValue), PolicyAuthorizeNV
 * (which checks it against the index's contents) gives PolicyC, and PolicyOR accepts
 * it as a branch of PolicyB. */
static void test_real_session_satisfies_policy_c_then_policy_b(void **state)
{
    (void)state;
    tpm2l_session s;
    tpm2l_PolicyAuthValue_in av;
    tpm2l_PolicyAuthorizeNV_in in;
    tpm2l_PolicyOR_in or_in;
    tpm2l_policy want = calc();

    start_session(TPM2_SE_POLICY, &s);
    av.policySession = ps(&s);
    OK(tpm2l_PolicyAuthValue(&ctx, &av));
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.nvIndex = ek_nv;
    in.policySession = ps(&s);
    OK(tpm2l_PolicyAuthorizeNV(&ctx, &in));
    memcpy(want.digest.buffer, policy_c, 32);
    assert_digests_agree(&s, &want);

    memset(&or_in, 0, sizeof or_in);
    or_in.policySession = ps(&s);
    or_in.pHashList.count = 2;
    or_in.pHashList.digests[0].size = or_in.pHashList.digests[1].size = 32;
    memcpy(or_in.pHashList.digests[0].buffer, policy_a, 32);
    memcpy(or_in.pHashList.digests[1].buffer, policy_c, 32);
    OK(tpm2l_PolicyOR(&ctx, &or_in));
    memcpy(want.digest.buffer, policy_b, 32);
    assert_digests_agree(&s, &want);
    end_session(&s);
}

/* The index approves PolicyAuthValue only: another policy is refused by the TPM and
 * the digests stay where they were. */
static void test_real_authorize_nv_refuses_an_unapproved_policy(void **state)
{
    (void)state;
    tpm2l_session s;
    tpm2l_PolicyCommandCode_in cc;
    tpm2l_PolicyAuthorizeNV_in in;
    tpm2l_policy want = calc();

    start_session(TPM2_SE_POLICY, &s);
    cc.policySession = ps(&s);
    cc.code = TPM2_CC_Unseal;
    OK(tpm2l_PolicyCommandCode(&ctx, &cc));
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.nvIndex = ek_nv;
    in.policySession = ps(&s);
    TPM2_RC rc = tpm2l_PolicyAuthorizeNV(&ctx, &in);
    assert_int_not_equal(rc, 0);
    assert_false(TPM2L_RC_IS_LIB(rc));
    OK(tpm2l_policy_command_code(&want, TPM2_CC_Unseal));
    assert_digests_agree(&s, &want);
    end_session(&s);
}

#define EK(f) cmocka_unit_test_setup_teardown(f, define_and_write, undefine)

int main(void)
{
    const struct CMUnitTest tests[] = {
        EK(test_written_ek_policy_index_has_the_published_name),
        EK(test_trial_authorize_nv_on_the_ek_index_is_policy_c),
        EK(test_real_session_satisfies_policy_c_then_policy_b),
        EK(test_real_authorize_nv_refuses_an_unapproved_policy),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
