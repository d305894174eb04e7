/* test_cmd_objects.c - primary keys, ReadPublic, context management and hierarchy
 * commands against a real TPM over every simulator kind, with their error paths.
 * The hierarchy-wide tests (Clear, Shutdown) run last. */
#include <stdio.h>
#include <string.h>

#include "tests/integration/command/harness.h"

/* ---- Part 3 §24 CreatePrimary and §12 ReadPublic ---- */

static void test_create_primary_rsa_and_ecc_names_match_read_public(void **state)
{
    (void)state;
    static const TPM2_ALG_ID types[] = {TPM2_ALG_RSA, TPM2_ALG_ECC};
    for (size_t i = 0; i < 2; i++) {
        static tpm2l_CreatePrimary_out out;
        static tpm2l_ReadPublic_in in;
        static tpm2l_ReadPublic_out rp;
        create_primary(types[i], &out);
        assert_int_equal(out.objectHandle.name.size, 34);
        in.objectHandle = out.objectHandle;
        OK(tpm2l_ReadPublic(&ctx, &in, &rp));
        assert_true(tpm2l_name_equal(&rp.name, &out.name));
        flush(out.objectHandle.handle);
    }
}

static void test_create_primary_is_deterministic_per_seed(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_out a, b;
    create_primary(TPM2_ALG_ECC, &a);
    create_primary(TPM2_ALG_ECC, &b);
    assert_true(tpm2l_name_equal(&a.name, &b.name));
    assert_int_not_equal(a.objectHandle.handle, b.objectHandle.handle);
    flush(a.objectHandle.handle);
    flush(b.objectHandle.handle);
}

static void test_create_primary_under_a_bad_hierarchy_is_a_handle_error(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    in.primaryHandle = hierarchy(TPM2_RH_LOCKOUT, NULL);
    assert_int_equal(tpm2l_template_primary(&in.inPublic.publicArea, TPM2_ALG_ECC), 0);
    FAILS_WITH(tpm2l_CreatePrimary(&ctx, &in, &out), TPM2_RC_VALUE | TPM2_RC_H | TPM2_RC_1);
}

static void test_create_primary_with_bad_template_is_a_parameter_error(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    in.primaryHandle = hierarchy(TPM2_RH_OWNER, NULL);
    assert_int_equal(tpm2l_template_primary(&in.inPublic.publicArea, TPM2_ALG_ECC), 0);
    in.inPublic.publicArea.parameters.eccDetail.curveID = 0x0099;
    /* inPublic is parameter 2 */
    FAILS_WITH(tpm2l_CreatePrimary(&ctx, &in, &out), TPM2_RC_CURVE | TPM2_RC_P | TPM2_RC_2);
}

static void test_read_public_of_a_missing_persistent_handle_is_TPM_RC_HANDLE(void **state)
{
    (void)state;
    static tpm2l_ReadPublic_in in;
    static tpm2l_ReadPublic_out out;
    tpm2l_handle_set(&in.objectHandle, 0x81FFFFF0);
    FAILS_WITH(tpm2l_ReadPublic(&ctx, &in, &out), RC_HANDLE_1);
    assert_error_mentions("ReadPublic: TPM_RC_HANDLE (handle 1)");
}

static void test_read_public_refuses_an_unexpected_object(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_out a, b;
    static tpm2l_ReadPublic_in in;
    static tpm2l_ReadPublic_out out;
    create_primary(TPM2_ALG_ECC, &a);
    create_primary(TPM2_ALG_RSA, &b);
    in.objectHandle.handle = a.objectHandle.handle;
    in.objectHandle.name = b.name; /* the caller believes the RSA key is there */
    FAILS_WITH(tpm2l_ReadPublic(&ctx, &in, &out),
               TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_NAME_MISMATCH));
    flush(a.objectHandle.handle);
    flush(b.objectHandle.handle);
}

/* ---- Part 3 §28 Context management ---- */

static void test_context_save_flush_load_keeps_the_object(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_out cp;
    static tpm2l_ContextSave_in sin;
    static tpm2l_ContextSave_out sout;
    static tpm2l_ContextLoad_in lin;
    static tpm2l_ContextLoad_out lout;
    static tpm2l_ReadPublic_in rin;
    static tpm2l_ReadPublic_out rout;
    create_primary(TPM2_ALG_ECC, &cp);
    sin.saveHandle = cp.objectHandle;
    OK(tpm2l_ContextSave(&ctx, &sin, &sout));
    flush(cp.objectHandle.handle);
    lin.context = sout.context;
    lin.name = cp.name;
    OK(tpm2l_ContextLoad(&ctx, &lin, &lout));
    rin.objectHandle = lout.loadedHandle; /* carries the name: ReadPublic verifies it */
    OK(tpm2l_ReadPublic(&ctx, &rin, &rout));
    flush(lout.loadedHandle.handle);
}

static void test_context_load_of_a_tampered_blob_is_TPM_RC_INTEGRITY(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_out cp;
    static tpm2l_ContextSave_in sin;
    static tpm2l_ContextSave_out sout;
    static tpm2l_ContextLoad_in lin;
    static tpm2l_ContextLoad_out lout;
    create_primary(TPM2_ALG_ECC, &cp);
    sin.saveHandle = cp.objectHandle;
    OK(tpm2l_ContextSave(&ctx, &sin, &sout));
    flush(cp.objectHandle.handle);
    lin.context = sout.context;
    lin.context.contextBlob.buffer[lin.context.contextBlob.size - 1] ^= 1;
    FAILS_WITH(tpm2l_ContextLoad(&ctx, &lin, &lout), TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_1);
}

/* A transient handle that was flushed: its slot exists but holds nothing. */
static TPM2_HANDLE flushed_handle(void)
{
    static tpm2l_CreatePrimary_out cp;
    create_primary(TPM2_ALG_ECC, &cp);
    flush(cp.objectHandle.handle);
    return cp.objectHandle.handle;
}

static void test_context_save_of_a_flushed_object_fails(void **state)
{
    (void)state;
    static tpm2l_ContextSave_in in;
    static tpm2l_ContextSave_out out;
    in.saveHandle.handle = flushed_handle();
    FAILS_WITH(tpm2l_ContextSave(&ctx, &in, &out), TPM2_RC_REFERENCE_H0);
}

static void test_flush_of_a_flushed_object_is_a_parameter_error(void **state)
{
    (void)state;
    tpm2l_FlushContext_in in = {flushed_handle()};
    FAILS_WITH(tpm2l_FlushContext(&ctx, &in), TPM2_RC_HANDLE | TPM2_RC_P | TPM2_RC_1);
    assert_error_mentions("FlushContext: TPM_RC_HANDLE (parameter 1)");
}

static void test_flush_of_a_handle_out_of_range_is_a_parameter_error(void **state)
{
    (void)state;
    tpm2l_FlushContext_in in = {0x80FFFFF0};
    FAILS_WITH(tpm2l_FlushContext(&ctx, &in), TPM2_RC_VALUE | TPM2_RC_P | TPM2_RC_1);
}

static void test_evict_control_persists_and_removes_with_the_same_name(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_out cp;
    static tpm2l_EvictControl_in in;
    static tpm2l_EvictControl_out out;
    static tpm2l_ReadPublic_in rin;
    static tpm2l_ReadPublic_out rout;
    create_primary(TPM2_ALG_ECC, &cp);
    in.auth = hierarchy(TPM2_RH_OWNER, NULL);
    in.objectHandle = cp.objectHandle;
    in.persistentHandle = 0x81000123;
    OK(tpm2l_EvictControl(&ctx, &in, &out));
    flush(cp.objectHandle.handle);
    rin.objectHandle = out.persistentHandle;
    OK(tpm2l_ReadPublic(&ctx, &rin, &rout));
    /* Persisting twice: the slot is taken. */
    create_primary(TPM2_ALG_ECC, &cp);
    in.objectHandle = cp.objectHandle;
    FAILS_WITH(tpm2l_EvictControl(&ctx, &in, &out), TPM2_RC_NV_DEFINED);
    flush(cp.objectHandle.handle);
    /* Removing: objectHandle is the persistent handle itself. */
    in.objectHandle = out.persistentHandle;
    OK(tpm2l_EvictControl(&ctx, &in, NULL));
    FAILS_WITH(tpm2l_ReadPublic(&ctx, &rin, &rout), RC_HANDLE_1);
}

static void test_evict_control_of_a_missing_object_is_a_handle_error(void **state)
{
    (void)state;
    static tpm2l_EvictControl_in in;
    in.auth = hierarchy(TPM2_RH_OWNER, NULL);
    tpm2l_handle_set(&in.objectHandle, 0x81FFFFF0);
    in.persistentHandle = 0x81000124;
    FAILS_WITH(tpm2l_EvictControl(&ctx, &in, NULL), TPM2_RC_HANDLE | TPM2_RC_H | TPM2_RC_2);
    assert_error_mentions("(handle 2)");
}

/* ---- Part 3 §24 hierarchy authorisation ---- */

static void test_hierarchy_change_auth_takes_effect_and_reverts(void **state)
{
    (void)state;
    static tpm2l_HierarchyChangeAuth_in in;
    static tpm2l_CreatePrimary_in cin;
    static tpm2l_CreatePrimary_out cout;
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.newAuth.size = 6;
    memcpy(in.newAuth.buffer, "secret", 6);
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));

    cin.primaryHandle = hierarchy(TPM2_RH_OWNER, NULL);
    assert_int_equal(tpm2l_template_primary(&cin.inPublic.publicArea, TPM2_ALG_ECC), 0);
    FAILS_WITH(tpm2l_CreatePrimary(&ctx, &cin, &cout), TPM2_RC_BAD_AUTH | TPM2_RC_S | TPM2_RC_1);
    assert_error_mentions("TPM_RC_BAD_AUTH (session 1)");
    cin.primaryHandle = hierarchy(TPM2_RH_OWNER, "secret");
    OK(tpm2l_CreatePrimary(&ctx, &cin, &cout));
    flush(cout.objectHandle.handle);

    in.authHandle = hierarchy(TPM2_RH_OWNER, "secret");
    in.newAuth.size = 0;
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));
}

static void test_hierarchy_change_auth_with_wrong_auth_is_refused(void **state)
{
    (void)state;
    static tpm2l_HierarchyChangeAuth_in in;
    in.authHandle = hierarchy(TPM2_RH_ENDORSEMENT, "wrong");
    FAILS_WITH(tpm2l_HierarchyChangeAuth(&ctx, &in), TPM2_RC_BAD_AUTH | TPM2_RC_S | TPM2_RC_1);
}

static void test_clear_control_disables_clear_until_platform_enables_it(void **state)
{
    (void)state;
    static tpm2l_ClearControl_in cc;
    static tpm2l_Clear_in cl;
    cc.auth = hierarchy(TPM2_RH_LOCKOUT, NULL);
    cc.disable = TPM2_YES;
    OK(tpm2l_ClearControl(&ctx, &cc));
    cl.authHandle = hierarchy(TPM2_RH_LOCKOUT, NULL);
    FAILS_WITH(tpm2l_Clear(&ctx, &cl), TPM2_RC_DISABLED);
    cc.auth = hierarchy(TPM2_RH_PLATFORM, NULL);
    cc.disable = TPM2_NO;
    OK(tpm2l_ClearControl(&ctx, &cc));
}

static void test_clear_control_by_owner_is_a_handle_error(void **state)
{
    (void)state;
    static tpm2l_ClearControl_in cc;
    cc.auth = hierarchy(TPM2_RH_OWNER, NULL);
    FAILS_WITH(tpm2l_ClearControl(&ctx, &cc), TPM2_RC_VALUE | TPM2_RC_H | TPM2_RC_1);
}

static void test_clear_resets_owner_auth_and_removes_persistent_objects(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_out cp;
    static tpm2l_EvictControl_in ev;
    static tpm2l_HierarchyChangeAuth_in ca;
    static tpm2l_Clear_in cl;
    static tpm2l_ReadPublic_in rin;
    static tpm2l_ReadPublic_out rout;
    create_primary(TPM2_ALG_ECC, &cp);
    ev.auth = hierarchy(TPM2_RH_OWNER, NULL);
    ev.objectHandle = cp.objectHandle;
    ev.persistentHandle = 0x81000125;
    OK(tpm2l_EvictControl(&ctx, &ev, NULL));
    flush(cp.objectHandle.handle);
    ca.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    ca.newAuth.size = 3;
    memcpy(ca.newAuth.buffer, "own", 3);
    OK(tpm2l_HierarchyChangeAuth(&ctx, &ca));

    cl.authHandle = hierarchy(TPM2_RH_LOCKOUT, NULL);
    OK(tpm2l_Clear(&ctx, &cl));
    tpm2l_handle_set(&rin.objectHandle, 0x81000125);
    FAILS_WITH(tpm2l_ReadPublic(&ctx, &rin, &rout), RC_HANDLE_1);
    create_primary(TPM2_ALG_ECC, &cp); /* empty owner auth works again */
    flush(cp.objectHandle.handle);
}

static void test_clear_by_owner_is_a_handle_error(void **state)
{
    (void)state;
    static tpm2l_Clear_in cl;
    cl.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    FAILS_WITH(tpm2l_Clear(&ctx, &cl), TPM2_RC_VALUE | TPM2_RC_H | TPM2_RC_1);
}

static void test_startup_state_resumes_after_shutdown_state(void **state)
{
    (void)state;
    tpm2l_Shutdown_in sd = {TPM2_SU_STATE};
    tpm2l_Startup_in su = {TPM2_SU_STATE};
    tpm2l_GetRandom_out r;
    OK(tpm2l_Shutdown(&ctx, &sd));
    if (tpm_reinit())
        skip(); /* only swtpm's control channel can power-cycle the TPM from here */
    FAILS_WITH(tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){8}, &r), TPM2_RC_INITIALIZE);
    OK(tpm2l_Startup(&ctx, &su));
    OK(tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){8}, &r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_primary_rsa_and_ecc_names_match_read_public),
        cmocka_unit_test(test_create_primary_is_deterministic_per_seed),
        cmocka_unit_test(test_create_primary_under_a_bad_hierarchy_is_a_handle_error),
        cmocka_unit_test(test_create_primary_with_bad_template_is_a_parameter_error),
        cmocka_unit_test(test_read_public_of_a_missing_persistent_handle_is_TPM_RC_HANDLE),
        cmocka_unit_test(test_read_public_refuses_an_unexpected_object),
        cmocka_unit_test(test_context_save_flush_load_keeps_the_object),
        cmocka_unit_test(test_context_load_of_a_tampered_blob_is_TPM_RC_INTEGRITY),
        cmocka_unit_test(test_context_save_of_a_flushed_object_fails),
        cmocka_unit_test(test_flush_of_a_flushed_object_is_a_parameter_error),
        cmocka_unit_test(test_flush_of_a_handle_out_of_range_is_a_parameter_error),
        cmocka_unit_test(test_evict_control_persists_and_removes_with_the_same_name),
        cmocka_unit_test(test_evict_control_of_a_missing_object_is_a_handle_error),
        cmocka_unit_test(test_hierarchy_change_auth_takes_effect_and_reverts),
        cmocka_unit_test(test_hierarchy_change_auth_with_wrong_auth_is_refused),
        cmocka_unit_test(test_clear_control_disables_clear_until_platform_enables_it),
        cmocka_unit_test(test_clear_control_by_owner_is_a_handle_error),
        cmocka_unit_test(test_clear_resets_owner_auth_and_removes_persistent_objects),
        cmocka_unit_test(test_clear_by_owner_is_a_handle_error),
        cmocka_unit_test(test_startup_state_resumes_after_shutdown_state),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
