/* test_policy_trial.c - for each policy command, a TRIAL session on a real TPM ends
 * with the digest the software calculator computes independently (PolicyGetDigest ==
 * the session's tracked digest == a fresh tpm2l_policy), including the published EK
 * policies PolicyA and PolicyB computed by the TPM itself. */
#include <string.h>

#include "tests/integration/policy/policy_util.h"

static tpm2l_session s;

static int start_trial(void **state)
{
    (void)state;
    start_session(TPM2_SE_TRIAL, &s);
    return 0;
}

static int end_trial(void **state)
{
    (void)state;
    end_session(&s);
    return 0;
}

#define TRIAL(f) cmocka_unit_test_setup_teardown(f, start_trial, end_trial)

static const char policy_a[] =
    "\x83\x71\x97\x67\x44\x84\xB3\xF8\x1A\x90\xCC\x8D\x46\xA5\xD7\x24"
    "\xFD\x52\xD7\x6E\x06\x52\x0B\x64\xF2\xA1\xDA\x1B\x33\x14\x69\xAA";
static const char policy_b[] =
    "\xCA\x3D\x0A\x99\xA2\xB9\x39\x06\xF7\xA3\x34\x24\x14\xEF\xCF\xB3"
    "\xA3\x85\xD4\x4C\xD1\xFD\x45\x90\x89\xD1\x9B\x50\x71\xC0\xB7\xA0";
/* TCG EK Credential Profile, PolicyC: PolicyAuthorizeNV(EK policy index 0x01C07F01). */
static const char policy_c[] =
    "\x37\x67\xE2\xED\xD4\x3F\xF4\x5A\x3A\x7E\x1E\xAE\xFC\xEF\x78\x64"
    "\x3D\xCA\x96\x46\x32\xE7\xAA\xD8\x2C\x67\x3A\x30\xD8\x63\x3F\xDE";

static void test_fresh_trial_session_has_zero_digest(void **state)
{
    (void)state;
    tpm2l_policy want = calc();
    assert_digests_agree(&s, &want);
}

static void test_trial_pcr_with_digest_matches_calculator(void **state)
{
    (void)state;
    TPML_PCR_SELECTION sel = pcrs_0_1();
    TPM2B_DIGEST vals[2];
    tpm2l_PolicyPCR_in in = {.policySession = ps(&s), .pcrs = sel};
    tpm2l_policy want = calc();

    read_pcrs(&sel, vals, 2);
    OK(tpm2l_policy_pcr_digest(NULL, TPM2_ALG_SHA256, vals, 2, &in.pcrDigest));
    OK(tpm2l_PolicyPCR(&ctx, &in));
    OK(tpm2l_policy_pcr_values(&want, &sel, vals, 2));
    assert_digests_agree(&s, &want);
}

/* With an empty pcrDigest the TPM hashes the current PCR values itself: this checks
 * the calculator's pcrDigest formula against the TPM's. */
static void test_trial_pcr_without_digest_matches_current_values(void **state)
{
    (void)state;
    TPML_PCR_SELECTION sel = pcrs_0_1();
    TPM2B_DIGEST vals[2];
    tpm2l_PolicyPCR_in in = {.policySession = ps(&s), .pcrs = sel};
    tpm2l_policy want = calc();

    read_pcrs(&sel, vals, 2);
    OK(tpm2l_PolicyPCR(&ctx, &in));
    OK(tpm2l_policy_pcr_values(&want, &sel, vals, 2));
    assert_digests_agree(&s, &want);
}

static void test_trial_password_and_auth_value_match_calculator(void **state)
{
    (void)state;
    tpm2l_PolicyPassword_in pw = {.policySession = ps(&s)};
    tpm2l_PolicyAuthValue_in av = {.policySession = ps(&s)};
    tpm2l_policy want = calc();

    OK(tpm2l_PolicyPassword(&ctx, &pw));
    assert_true(s.policy_password);
    assert_false(s.policy_auth_value);
    OK(tpm2l_PolicyAuthValue(&ctx, &av));
    assert_false(s.policy_password);
    assert_true(s.policy_auth_value);
    OK(tpm2l_policy_password(&want));
    OK(tpm2l_policy_auth_value(&want));
    assert_digests_agree(&s, &want);
}

static void test_trial_secret_on_endorsement_is_policy_a(void **state)
{
    (void)state;
    static tpm2l_PolicySecret_in in;
    static tpm2l_PolicySecret_out out;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    in.policySession = ps(&s);
    OK(tpm2l_PolicySecret(&ctx, &in, &out));
    tpm2l_policy want = calc();
    memcpy(want.digest.buffer, policy_a, 32);
    assert_digests_agree(&s, &want);
}

static void test_trial_or_of_policy_a_and_policy_c_is_policy_b(void **state)
{
    (void)state;
    tpm2l_PolicyOR_in in = {.policySession = ps(&s)};
    in.pHashList.count = 2;
    in.pHashList.digests[0].size = in.pHashList.digests[1].size = 32;
    memcpy(in.pHashList.digests[0].buffer, policy_a, 32);
    memcpy(in.pHashList.digests[1].buffer, policy_c, 32);
    OK(tpm2l_PolicyOR(&ctx, &in));
    tpm2l_policy want = calc();
    memcpy(want.digest.buffer, policy_b, 32);
    assert_digests_agree(&s, &want);
}

static void test_trial_command_code_cp_hash_locality_match(void **state)
{
    (void)state;
    tpm2l_PolicyCommandCode_in cc = {.policySession = ps(&s), .code = TPM2_CC_Unseal};
    tpm2l_PolicyCpHash_in cp = {.policySession = ps(&s), .cpHashA = {.size = 32}};
    tpm2l_PolicyLocality_in loc = {.policySession = ps(&s), .locality = 0x01};
    tpm2l_policy want = calc();
    memset(cp.cpHashA.buffer, 0xC1, 32);

    OK(tpm2l_PolicyCommandCode(&ctx, &cc));
    OK(tpm2l_PolicyCpHash(&ctx, &cp));
    OK(tpm2l_PolicyLocality(&ctx, &loc));
    OK(tpm2l_policy_command_code(&want, TPM2_CC_Unseal));
    OK(tpm2l_policy_cp_hash(&want, &cp.cpHashA));
    OK(tpm2l_policy_locality(&want, 0x01));
    assert_digests_agree(&s, &want);
}

/* Its own session: cpHash and nameHash exclude each other (Part 3 §23.14). */
static void test_trial_name_hash_matches(void **state)
{
    (void)state;
    tpm2l_PolicyNameHash_in nh = {.policySession = ps(&s), .nameHash = {.size = 32}};
    tpm2l_policy want = calc();
    memset(nh.nameHash.buffer, 0x5E, 32);
    OK(tpm2l_PolicyNameHash(&ctx, &nh));
    OK(tpm2l_policy_name_hash(&want, &nh.nameHash));
    assert_digests_agree(&s, &want);
}

static void test_trial_duplication_select_with_and_without_object(void **state)
{
    (void)state;
    tpm2l_PolicyDuplicationSelect_in in = {.policySession = ps(&s)};
    tpm2l_PolicyRestart_in rs = {.sessionHandle = ps(&s)};
    tpm2l_policy want = calc();
    in.objectName.size = in.newParentName.size = 34;
    in.objectName.name[1] = in.newParentName.name[1] = 0x0B; /* SHA-256 names */
    memset(in.objectName.name + 2, 0x0B, 32);
    memset(in.newParentName.name + 2, 0x9A, 32);

    in.includeObject = 1;
    OK(tpm2l_PolicyDuplicationSelect(&ctx, &in));
    OK(tpm2l_policy_duplication_select(&want, &in.objectName, &in.newParentName, 1));
    assert_digests_agree(&s, &want);

    OK(tpm2l_PolicyRestart(&ctx, &rs));
    want = calc();
    in.includeObject = 0;
    OK(tpm2l_PolicyDuplicationSelect(&ctx, &in));
    OK(tpm2l_policy_duplication_select(&want, NULL, &in.newParentName, 0));
    assert_digests_agree(&s, &want);
}

static void test_trial_nv_matches_calculator(void **state)
{
    (void)state;
    static tpm2l_NV_DefineSpace_in def;
    tpm2l_NV_DefineSpace_out dout;
    tpm2l_NV_UndefineSpace_in undef;
    static tpm2l_PolicyNV_in in;
    tpm2l_policy want = calc();

    memset(&def, 0, sizeof def);
    def.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    def.publicInfo.nvPublic.nvIndex = 0x01500A01;
    def.publicInfo.nvPublic.nameAlg = TPM2_ALG_SHA256;
    def.publicInfo.nvPublic.attributes = TPMA_NV_AUTHREAD | TPMA_NV_AUTHWRITE | TPMA_NV_NO_DA;
    def.publicInfo.nvPublic.dataSize = 8;
    OK(tpm2l_NV_DefineSpace(&ctx, &def, &dout));

    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(dout.nvIndex.handle, NULL);
    in.authHandle.name = dout.nvIndex.name;
    in.nvIndex = dout.nvIndex;
    in.policySession = ps(&s);
    in.operandB.size = 4;
    memcpy(in.operandB.buffer, "\x00\x00\x00\x07", 4);
    in.offset = 4;
    in.operation = TPM2_EO_UNSIGNED_LE;
    TPM2_RC rc = tpm2l_PolicyNV(&ctx, &in);

    undef.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    undef.nvIndex = dout.nvIndex;
    OK(tpm2l_NV_UndefineSpace(&ctx, &undef));
    OK(rc);
    OK(tpm2l_policy_nv(&want, &in.operandB, 4, TPM2_EO_UNSIGNED_LE, &dout.nvIndex.name));
    assert_digests_agree(&s, &want);
}

static void test_trial_authorize_resets_and_matches_calculator(void **state)
{
    (void)state;
    static tpm2l_PolicyAuthorize_in in;
    tpm2l_PolicyAuthValue_in av = {.policySession = ps(&s)};
    ext_key k;
    tpm2l_policy want = calc();

    ext_key_load(&k, TPM2_RH_NULL);
    memset(&in, 0, sizeof in);
    in.policySession = ps(&s);
    in.approvedPolicy.size = 32;
    in.policyRef.size = 5;
    memcpy(in.policyRef.buffer, "ref-1", 5);
    in.keySign = k.h.name;
    /* A trial session does not check the ticket (Part 3 §23.16): a NULL ticket. */
    in.checkTicket.tag = TPM2_ST_VERIFIED;
    in.checkTicket.hierarchy = TPM2_RH_NULL;
    OK(tpm2l_PolicyAuthValue(&ctx, &av)); /* replaced by the authorisation */
    TPM2_RC rc = tpm2l_PolicyAuthorize(&ctx, &in);
    ext_key_unload(&k);
    OK(rc);
    OK(tpm2l_policy_authorize(&want, &in.policyRef, &in.keySign));
    assert_digests_agree(&s, &want);
}

static void test_trial_restart_gives_zeros_and_clears_flags(void **state)
{
    (void)state;
    tpm2l_PolicyAuthValue_in av = {.policySession = ps(&s)};
    tpm2l_PolicyRestart_in rs = {.sessionHandle = ps(&s)};
    OK(tpm2l_PolicyAuthValue(&ctx, &av));
    OK(tpm2l_PolicyRestart(&ctx, &rs));
    assert_false(s.policy_auth_value);
    tpm2l_policy want = calc();
    assert_digests_agree(&s, &want);
}

static void test_calculator_refusal_sends_nothing_and_keeps_digest(void **state)
{
    (void)state;
    tpm2l_PolicyOR_in in = {.policySession = ps(&s)};
    tpm2l_PolicyAuthValue_in av = {.policySession = ps(&s)};
    tpm2l_policy want = calc();
    OK(tpm2l_PolicyAuthValue(&ctx, &av));
    in.pHashList.count = 1; /* the TPM wants two at least */
    in.pHashList.digests[0].size = 32;
    FAILS_WITH(tpm2l_PolicyOR(&ctx, &in), TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG));
    assert_error_mentions("refused before sending");
    OK(tpm2l_policy_auth_value(&want));
    assert_digests_agree(&s, &want);
}

static void test_hmac_session_is_refused_as_a_policy_session(void **state)
{
    (void)state;
    tpm2l_session h;
    tpm2l_PolicyAuthValue_in av;
    start_session(TPM2_SE_HMAC, &h);
    av.policySession = ps(&h);
    FAILS_WITH(tpm2l_PolicyAuthValue(&ctx, &av), TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG));
    end_session(&h);
}

static void test_bare_handle_works_without_tracking(void **state)
{
    (void)state;
    tpm2l_PolicyAuthValue_in av = {.policySession = {.session = NULL, .handle = s.handle}};
    tpm2l_policy want = calc();
    OK(tpm2l_PolicyAuthValue(&ctx, &av));
    /* The TPM moved; the untracked software digest did not. */
    TPM2B_DIGEST d;
    tpm_digest(&s, &d);
    OK(tpm2l_policy_auth_value(&want));
    assert_memory_equal(d.buffer, want.digest.buffer, 32);
    assert_memory_not_equal(s.policy_digest.buffer, want.digest.buffer, 32);
}

static void test_trial_counter_timer_nv_written_physical_presence_match(void **state)
{
    (void)state;
    tpm2l_PolicyCounterTimer_in ct = {.policySession = ps(&s), .offset = 0,
                                      .operation = TPM2_EO_UNSIGNED_GE};
    tpm2l_PolicyNvWritten_in nw = {.policySession = ps(&s), .writtenSet = 1};
    tpm2l_PolicyPhysicalPresence_in pp = {.policySession = ps(&s)};
    tpm2l_policy want = calc();
    ct.operandB.size = 8;
    ct.operandB.buffer[7] = 0x10;

    OK(tpm2l_PolicyCounterTimer(&ctx, &ct));
    OK(tpm2l_PolicyNvWritten(&ctx, &nw));
    OK(tpm2l_PolicyPhysicalPresence(&ctx, &pp));
    OK(tpm2l_policy_counter_timer(&want, &ct.operandB, 0, TPM2_EO_UNSIGNED_GE));
    OK(tpm2l_policy_nv_written(&want, 1));
    OK(tpm2l_policy_physical_presence(&want));
    assert_digests_agree(&s, &want);
}

static void test_trial_template_matches(void **state)
{
    (void)state;
    tpm2l_PolicyTemplate_in in = {.policySession = ps(&s), .templateHash = {.size = 32}};
    tpm2l_policy want = calc();
    memset(in.templateHash.buffer, 0x7E, 32);
    OK(tpm2l_PolicyTemplate(&ctx, &in));
    OK(tpm2l_policy_template(&want, &in.templateHash));
    assert_digests_agree(&s, &want);
}

/* The TPM refuses (no such session): the copy's digest and flags stay as they were. */
static void test_tpm_failure_leaves_digest_and_flags_unchanged(void **state)
{
    (void)state;
    tpm2l_session ghost = s;
    tpm2l_PolicyPassword_in pw = {.policySession = ps(&ghost)};
    ghost.handle = 0x03FFFFFEu;
    ghost.policy_auth_value = 1;
    memset(ghost.policy_digest.buffer, 0xEE, 32);
    TPM2_RC rc = tpm2l_PolicyPassword(&ctx, &pw);
    assert_int_not_equal(rc, 0);
    assert_false(TPM2L_RC_IS_LIB(rc));
    assert_true(ghost.policy_auth_value);
    assert_false(ghost.policy_password);
    for (size_t i = 0; i < 32; i++)
        assert_int_equal(ghost.policy_digest.buffer[i], 0xEE);
    tpm2l_cleanse(&ghost, sizeof ghost);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TRIAL(test_fresh_trial_session_has_zero_digest),
        TRIAL(test_trial_pcr_with_digest_matches_calculator),
        TRIAL(test_trial_pcr_without_digest_matches_current_values),
        TRIAL(test_trial_password_and_auth_value_match_calculator),
        TRIAL(test_trial_secret_on_endorsement_is_policy_a),
        TRIAL(test_trial_or_of_policy_a_and_policy_c_is_policy_b),
        TRIAL(test_trial_command_code_cp_hash_locality_match),
        TRIAL(test_trial_name_hash_matches),
        TRIAL(test_trial_duplication_select_with_and_without_object),
        TRIAL(test_trial_nv_matches_calculator),
        TRIAL(test_trial_authorize_resets_and_matches_calculator),
        TRIAL(test_trial_restart_gives_zeros_and_clears_flags),
        TRIAL(test_calculator_refusal_sends_nothing_and_keeps_digest),
        cmocka_unit_test(test_hmac_session_is_refused_as_a_policy_session),
        TRIAL(test_bare_handle_works_without_tracking),
        TRIAL(test_trial_counter_timer_nv_written_physical_presence_match),
        TRIAL(test_trial_template_matches),
        TRIAL(test_tpm_failure_leaves_digest_and_flags_unchanged),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
