/* test_cmd_basic.c - the commands that touch no objects, against a real TPM over every
 * simulator kind: Startup/Shutdown errors, testing, random, capabilities, PCRs, clock.
 * Each command's TPM error path is checked with its decoded position. */
#include <stdio.h>
#include <string.h>

#include "tests/integration/command/harness.h"

/* ---- Part 3 §9 Start-up ---- */

static void test_startup_when_started_is_TPM_RC_INITIALIZE(void **state)
{
    (void)state;
    tpm2l_Startup_in in = {TPM2_SU_CLEAR};
    FAILS_WITH(tpm2l_Startup(&ctx, &in), TPM2_RC_INITIALIZE);
    assert_error_mentions("Startup: TPM_RC_INITIALIZE");
}

static void test_shutdown_with_bad_type_is_a_parameter_error(void **state)
{
    (void)state;
    tpm2l_Shutdown_in in = {0x55};
    FAILS_WITH(tpm2l_Shutdown(&ctx, &in), TPM2_RC_VALUE | TPM2_RC_P | TPM2_RC_1);
    assert_error_mentions("TPM_RC_VALUE (parameter 1)");
}

/* ---- Part 3 §10 Testing ---- */

static void test_self_test_then_test_result_is_success(void **state)
{
    (void)state;
    static tpm2l_GetTestResult_out out;
    tpm2l_SelfTest_in in = {TPM2_YES};
    OK(tpm2l_SelfTest(&ctx, &in));
    OK(tpm2l_GetTestResult(&ctx, &out));
    assert_int_equal(out.testResult, TPM2_RC_SUCCESS);
}

static void test_test_parms_accepts_rsa_2048_and_refuses_rsa_1000(void **state)
{
    (void)state;
    static tpm2l_TestParms_in in;
    TPMT_PUBLIC t;
    assert_int_equal(tpm2l_template_primary(&t, TPM2_ALG_RSA), 0);
    in.parameters.type = t.type;
    in.parameters.parameters = t.parameters;
    OK(tpm2l_TestParms(&ctx, &in));
    in.parameters.parameters.rsaDetail.keyBits = 1000;
    TPM2_RC rc = tpm2l_TestParms(&ctx, &in);
    assert_true(rc == (TPM2_RC_VALUE | TPM2_RC_P | TPM2_RC_1) ||
                rc == (TPM2_RC_KEY_SIZE | TPM2_RC_P | TPM2_RC_1));
    assert_error_mentions("(parameter 1)");
}

/* ---- Part 3 §16 Random ---- */

static void test_get_random_returns_what_was_asked(void **state)
{
    (void)state;
    tpm2l_GetRandom_in in = {16};
    tpm2l_GetRandom_out a, b;
    OK(tpm2l_GetRandom(&ctx, &in, &a));
    OK(tpm2l_GetRandom(&ctx, &in, &b));
    assert_int_equal(a.randomBytes.size, 16);
    assert_memory_not_equal(a.randomBytes.buffer, b.randomBytes.buffer, 16);
}

static void test_get_random_large_request_is_capped_not_refused(void **state)
{
    (void)state;
    tpm2l_GetRandom_in in = {1000};
    tpm2l_GetRandom_out out;
    OK(tpm2l_GetRandom(&ctx, &in, &out));
    assert_true(out.randomBytes.size > 0 && out.randomBytes.size <= 64);
}

static void test_stir_random_takes_128_bytes_and_refuses_more(void **state)
{
    (void)state;
    static tpm2l_StirRandom_in in;
    in.inData.size = 128;
    OK(tpm2l_StirRandom(&ctx, &in));
    in.inData.size = 129;
    FAILS_WITH(tpm2l_StirRandom(&ctx, &in), TPM2_RC_SIZE | TPM2_RC_P | TPM2_RC_1);
}

/* ---- Part 3 §30 Capability ---- */

static void test_get_capability_reads_a_fixed_property(void **state)
{
    (void)state;
    static tpm2l_GetCapability_out out;
    tpm2l_GetCapability_in in = {TPM2_CAP_TPM_PROPERTIES, TPM2_PT_FAMILY_INDICATOR, 1};
    OK(tpm2l_GetCapability(&ctx, &in, &out));
    const TPML_TAGGED_TPM_PROPERTY *p = &out.capabilityData.data.tpmProperties;
    assert_int_equal(p->count, 1);
    assert_int_equal(p->tpmProperty[0].property, TPM2_PT_FAMILY_INDICATOR);
    assert_int_equal(p->tpmProperty[0].value, TPM2_SPEC_FAMILY);
    assert_int_equal(out.moreData, TPM2_YES);
}

static void test_get_capability_of_unknown_kind_is_a_parameter_error(void **state)
{
    (void)state;
    static tpm2l_GetCapability_out out;
    tpm2l_GetCapability_in in = {0x42, 0, 1};
    FAILS_WITH(tpm2l_GetCapability(&ctx, &in, &out), TPM2_RC_VALUE | TPM2_RC_P | TPM2_RC_1);
}

static TPMS_CAPABILITY_DATA all;

static void test_capability_all_gathers_every_algorithm(void **state)
{
    (void)state;
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_ALGS, 0, &all));
    int sha256 = 0, rsa = 0;
    for (uint32_t i = 0; i < all.data.algorithms.count; i++) {
        sha256 |= all.data.algorithms.algProperties[i].alg == TPM2_ALG_SHA256;
        rsa |= all.data.algorithms.algProperties[i].alg == TPM2_ALG_RSA;
    }
    assert_true(sha256 && rsa);
}

static void test_capability_all_gathers_every_command(void **state)
{
    (void)state;
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_COMMANDS, TPM2_CC_FIRST, &all));
    int found = 0;
    for (uint32_t i = 0; i < all.data.command.count; i++)
        found |= (all.data.command.commandAttributes[i] & TPMA_CC_COMMANDINDEX_MASK) ==
                 TPM2_CC_CreatePrimary;
    assert_true(all.data.command.count > 50);
    assert_true(found);
}

/* The reference TPM ends a TPM_PROPERTIES answer at the end of the starting
 * property's group, so fixed and variable properties are gathered separately. */
static void test_capability_all_gathers_fixed_and_variable_properties(void **state)
{
    (void)state;
    int fixed = 0, var = 0;
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_TPM_PROPERTIES, TPM2_PT_FIXED, &all));
    assert_true(all.data.tpmProperties.count > 30);
    for (uint32_t i = 0; i < all.data.tpmProperties.count; i++)
        fixed |= all.data.tpmProperties.tpmProperty[i].property == TPM2_PT_MAX_COMMAND_SIZE;
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_TPM_PROPERTIES, TPM2_PT_VAR, &all));
    for (uint32_t i = 0; i < all.data.tpmProperties.count; i++)
        var |= all.data.tpmProperties.tpmProperty[i].property == TPM2_PT_PERMANENT;
    assert_true(fixed && var);
}

static void test_capability_all_gathers_every_loaded_handle(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_out a, b;
    create_primary(TPM2_ALG_ECC, &a);
    create_primary(TPM2_ALG_ECC, &b);
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_HANDLES, TPM2_TRANSIENT_FIRST, &all));
    int seen = 0;
    for (uint32_t i = 0; i < all.data.handles.count; i++)
        seen += all.data.handles.handle[i] == a.objectHandle.handle ||
                all.data.handles.handle[i] == b.objectHandle.handle;
    assert_int_equal(seen, 2);
    flush(a.objectHandle.handle);
    flush(b.objectHandle.handle);
}

static void test_capability_all_reads_the_other_kinds(void **state)
{
    (void)state;
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_PCRS, 0, &all));
    assert_true(all.data.assignedPCR.count >= 1);
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_PCR_PROPERTIES, 0, &all));
    assert_true(all.data.pcrProperties.count >= 1);
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_ECC_CURVES, 0, &all));
    int p256 = 0;
    for (uint32_t i = 0; i < all.data.eccCurves.count; i++)
        p256 |= all.data.eccCurves.eccCurves[i] == TPM2_ECC_NIST_P256;
    assert_true(p256);
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_PP_COMMANDS, 0, &all));
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_AUDIT_COMMANDS, 0, &all));
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_AUTH_POLICIES, TPM2_RH_FIRST, &all));
    /* ACT is optional (Part 2 §6.12): a TPM without it refuses the capability. */
    TPM2_RC rc = tpm2l_GetCapability_all(&ctx, TPM2_CAP_ACT, TPM2_RH_ACT_0, &all);
    assert_true(rc == 0 || rc == (TPM2_RC_VALUE | TPM2_RC_P | TPM2_RC_1));
}

/* ---- Part 3 §22 PCR ---- */

static void test_pcr_extend_adds_to_the_bank_as_hash_of_old_and_new(void **state)
{
    (void)state;
    static tpm2l_PCR_Extend_in in;
    TPM2B_DIGEST before, after;
    uint8_t cat[64], want[32];
    read_pcr(TPM2_ALG_SHA256, 16, &before);
    in.pcrHandle = hierarchy(16, NULL);
    in.digests.count = 1;
    in.digests.digests[0].hashAlg = TPM2_ALG_SHA256;
    memset(in.digests.digests[0].digest.sha256, 0x5a, 32);
    OK(tpm2l_PCR_Extend(&ctx, &in));
    read_pcr(TPM2_ALG_SHA256, 16, &after);
    /* PCR extend (Part 1): new = H(old || digest). */
    memcpy(cat, before.buffer, 32);
    memset(cat + 32, 0x5a, 32);
    assert_int_equal(tpm2l_hash(NULL, TPM2_ALG_SHA256, cat, 64, want, 32), 0);
    assert_memory_equal(after.buffer, want, 32);
}

static void test_pcr_reset_zeroes_a_debug_pcr(void **state)
{
    (void)state;
    static tpm2l_PCR_Reset_in in;
    TPM2B_DIGEST v;
    uint8_t zero[32] = {0};
    in.pcrHandle = hierarchy(16, NULL);
    OK(tpm2l_PCR_Reset(&ctx, &in));
    read_pcr(TPM2_ALG_SHA256, 16, &v);
    assert_memory_equal(v.buffer, zero, 32);
}

static void test_pcr_reset_of_pcr0_at_locality0_is_TPM_RC_LOCALITY(void **state)
{
    (void)state;
    static tpm2l_PCR_Reset_in in;
    in.pcrHandle = hierarchy(0, NULL);
    FAILS_WITH(tpm2l_PCR_Reset(&ctx, &in), TPM2_RC_LOCALITY);
}

static void test_pcr_extend_of_a_missing_pcr_is_a_handle_error(void **state)
{
    (void)state;
    static tpm2l_PCR_Extend_in in;
    in.pcrHandle = hierarchy(99, NULL);
    in.digests.count = 1;
    in.digests.digests[0].hashAlg = TPM2_ALG_SHA256;
    FAILS_WITH(tpm2l_PCR_Extend(&ctx, &in), TPM2_RC_VALUE | TPM2_RC_H | TPM2_RC_1);
    assert_error_mentions("PCR_Extend: TPM_RC_VALUE (handle 1)");
}

/* A bank the TPM does not implement fails to unmarshal as a TPMI_ALG_HASH. */
static void test_pcr_read_of_an_unimplemented_bank_is_TPM_RC_HASH(void **state)
{
    (void)state;
    static tpm2l_PCR_Read_in in;
    static tpm2l_PCR_Read_out out;
    in.pcrSelectionIn = one_pcr(TPM2_ALG_SHA3_512, 0);
    FAILS_WITH(tpm2l_PCR_Read(&ctx, &in, &out), TPM2_RC_HASH | TPM2_RC_P | TPM2_RC_1);
}

/* ---- Part 3 §29 Clock ---- */

static void test_read_clock_moves_forward(void **state)
{
    (void)state;
    tpm2l_ReadClock_out a, b;
    OK(tpm2l_ReadClock(&ctx, &a));
    OK(tpm2l_ReadClock(&ctx, &b));
    assert_true(b.currentTime.time >= a.currentTime.time);
    assert_true(b.currentTime.clockInfo.clock >= a.currentTime.clockInfo.clock);
    assert_int_equal(b.currentTime.clockInfo.resetCount, a.currentTime.clockInfo.resetCount);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_startup_when_started_is_TPM_RC_INITIALIZE),
        cmocka_unit_test(test_shutdown_with_bad_type_is_a_parameter_error),
        cmocka_unit_test(test_self_test_then_test_result_is_success),
        cmocka_unit_test(test_test_parms_accepts_rsa_2048_and_refuses_rsa_1000),
        cmocka_unit_test(test_get_random_returns_what_was_asked),
        cmocka_unit_test(test_get_random_large_request_is_capped_not_refused),
        cmocka_unit_test(test_stir_random_takes_128_bytes_and_refuses_more),
        cmocka_unit_test(test_get_capability_reads_a_fixed_property),
        cmocka_unit_test(test_get_capability_of_unknown_kind_is_a_parameter_error),
        cmocka_unit_test(test_capability_all_gathers_every_algorithm),
        cmocka_unit_test(test_capability_all_gathers_every_command),
        cmocka_unit_test(test_capability_all_gathers_fixed_and_variable_properties),
        cmocka_unit_test(test_capability_all_gathers_every_loaded_handle),
        cmocka_unit_test(test_capability_all_reads_the_other_kinds),
        cmocka_unit_test(test_pcr_extend_adds_to_the_bank_as_hash_of_old_and_new),
        cmocka_unit_test(test_pcr_reset_zeroes_a_debug_pcr),
        cmocka_unit_test(test_pcr_reset_of_pcr0_at_locality0_is_TPM_RC_LOCALITY),
        cmocka_unit_test(test_pcr_extend_of_a_missing_pcr_is_a_handle_error),
        cmocka_unit_test(test_pcr_read_of_an_unimplemented_bank_is_TPM_RC_HASH),
        cmocka_unit_test(test_read_clock_moves_forward),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
