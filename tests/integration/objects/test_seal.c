/* test_seal.c - sealed data objects against a real TPM over every simulator kind:
 * Create, Load, Unseal, ObjectChangeAuth with password authorisation, their error
 * codes, and the sealed-object template. Every test flushes what it loads; the last
 * one checks that nothing is left. */
#include <string.h>

#include "tests/integration/objects/objects_util.h"

#define RC_AUTH_FAIL_S1 (TPM2_RC_AUTH_FAIL | TPM2_RC_S | TPM2_RC_1)
#define RC_BAD_AUTH_S1 (TPM2_RC_BAD_AUTH | TPM2_RC_S | TPM2_RC_1)

static const char secret[] = "the launch codes are 0000";

static tpm2l_CreatePrimary_out primary;

static tpm2l_auth_handle object_auth(const tpm2l_handle *h, const char *auth)
{
    tpm2l_auth_handle ah = hierarchy(h->handle, auth);
    ah.name = h->name;
    return ah;
}

/* Seal secret under the primary with authValue auth (NULL: empty) and auth_attrs. */
static void seal(const char *auth, TPMA_OBJECT auth_attrs, tpm2l_Create_out *out)
{
    static tpm2l_Create_in in;
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(&primary.objectHandle, NULL);
    OK(tpm2l_template_sealed(&in.inPublic.publicArea, TPM2_ALG_SHA256, NULL, auth_attrs));
    in.inSensitive.sensitive.data.size = sizeof secret - 1;
    memcpy(in.inSensitive.sensitive.data.buffer, secret, sizeof secret - 1);
    if (auth) {
        in.inSensitive.sensitive.userAuth.size = (uint16_t)strlen(auth);
        memcpy(in.inSensitive.sensitive.userAuth.buffer, auth, strlen(auth));
    }
    OK(tpm2l_Create(&ctx, &in, out));
}

static void load(const TPM2B_PRIVATE *priv, const TPM2B_PUBLIC *pub, tpm2l_Load_out *out)
{
    static tpm2l_Load_in in;
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(&primary.objectHandle, NULL);
    in.inPrivate = *priv;
    in.inPublic = *pub;
    OK(tpm2l_Load(&ctx, &in, out));
}

static TPM2_RC unseal(const tpm2l_handle *h, const char *auth, tpm2l_Unseal_out *out)
{
    tpm2l_Unseal_in in;
    in.itemHandle = object_auth(h, auth);
    return tpm2l_Unseal(&ctx, &in, out);
}

static void assert_unsealed_secret(const tpm2l_Unseal_out *out)
{
    assert_int_equal(out->outData.size, sizeof secret - 1);
    assert_memory_equal(out->outData.buffer, secret, sizeof secret - 1);
}

static int setup(void **state)
{
    (void)state;
    create_primary(TPM2_ALG_ECC, &primary);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    flush(primary.objectHandle.handle);
    return 0;
}

static void test_seal_load_unseal_returns_the_secret(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    static tpm2l_Load_out ld;
    static tpm2l_Unseal_out us;
    seal(NULL, TPMA_OBJECT_USERWITHAUTH, &cr);
    load(&cr.outPrivate, &cr.outPublic, &ld);
    OK(unseal(&ld.objectHandle, NULL, &us));
    assert_unsealed_secret(&us);
    flush(ld.objectHandle.handle);
}

static void test_create_reports_the_name_load_verifies(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    static tpm2l_Load_out ld;
    static tpm2l_ReadPublic_in rin;
    static tpm2l_ReadPublic_out rout;
    seal(NULL, TPMA_OBJECT_USERWITHAUTH, &cr);
    assert_int_equal(cr.name.size, 34);
    /* keyedhash unique = H(seedValue || data): filled in by the TPM */
    assert_int_equal(cr.outPublic.publicArea.unique.keyedHash.size, 32);
    load(&cr.outPrivate, &cr.outPublic, &ld);
    assert_true(tpm2l_name_equal(&cr.name, &ld.name));
    assert_true(tpm2l_name_equal(&cr.name, &ld.objectHandle.name));
    rin.objectHandle = ld.objectHandle;
    OK(tpm2l_ReadPublic(&ctx, &rin, &rout));
    flush(ld.objectHandle.handle);
}

static void test_unseal_with_its_auth_value_returns_the_secret(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    static tpm2l_Load_out ld;
    static tpm2l_Unseal_out us;
    seal("sesame", TPMA_OBJECT_USERWITHAUTH, &cr);
    load(&cr.outPrivate, &cr.outPublic, &ld);
    OK(unseal(&ld.objectHandle, "sesame", &us));
    assert_unsealed_secret(&us);
    flush(ld.objectHandle.handle);
}

/* One DA failure per TPM: the default lockout threshold is not reached. */
static void test_unseal_with_a_wrong_password_is_TPM_RC_AUTH_FAIL(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    static tpm2l_Load_out ld;
    static tpm2l_Unseal_out us;
    seal("sesame", TPMA_OBJECT_USERWITHAUTH, &cr);
    load(&cr.outPrivate, &cr.outPublic, &ld);
    FAILS_WITH(unseal(&ld.objectHandle, "simsim", &us), RC_AUTH_FAIL_S1);
    assert_error_mentions("Unseal: TPM_RC_AUTH_FAIL");
    flush(ld.objectHandle.handle);
}

static void test_unseal_of_a_noda_object_with_a_wrong_password_is_TPM_RC_BAD_AUTH(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    static tpm2l_Load_out ld;
    static tpm2l_Unseal_out us;
    seal("sesame", TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA, &cr);
    load(&cr.outPrivate, &cr.outPublic, &ld);
    FAILS_WITH(unseal(&ld.objectHandle, "simsim", &us), RC_BAD_AUTH_S1);
    assert_error_mentions("TPM_RC_BAD_AUTH");
    flush(ld.objectHandle.handle);
}

static void test_object_change_auth_returns_a_private_with_the_new_auth(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    static tpm2l_Load_out ld, ld2;
    static tpm2l_ObjectChangeAuth_in in;
    static tpm2l_ObjectChangeAuth_out out;
    static tpm2l_Unseal_out us;
    seal("old", TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA, &cr);
    load(&cr.outPrivate, &cr.outPublic, &ld);
    in.objectHandle = object_auth(&ld.objectHandle, "old");
    in.parentHandle = primary.objectHandle;
    in.newAuth.size = 3;
    memcpy(in.newAuth.buffer, "new", 3);
    OK(tpm2l_ObjectChangeAuth(&ctx, &in, &out));
    /* the loaded object keeps the old value */
    OK(unseal(&ld.objectHandle, "old", &us));
    load(&out.outPrivate, &cr.outPublic, &ld2);
    FAILS_WITH(unseal(&ld2.objectHandle, "old", &us), RC_BAD_AUTH_S1);
    OK(unseal(&ld2.objectHandle, "new", &us));
    assert_unsealed_secret(&us);
    flush(ld.objectHandle.handle);
    flush(ld2.objectHandle.handle);
}

static void test_sealed_object_has_no_sensitive_data_origin(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    seal(NULL, TPMA_OBJECT_USERWITHAUTH, &cr);
    TPMA_OBJECT a = cr.outPublic.publicArea.objectAttributes;
    assert_int_equal(a, TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
                            TPMA_OBJECT_USERWITHAUTH);
    assert_int_equal(cr.outPublic.publicArea.type, TPM2_ALG_KEYEDHASH);
    assert_int_equal(cr.outPublic.publicArea.parameters.keyedHashDetail.scheme.scheme,
                     TPM2_ALG_NULL);
}

static void test_create_with_sensitive_data_origin_and_data_is_TPM_RC_ATTRIBUTES(void **state)
{
    (void)state;
    static tpm2l_Create_in in;
    static tpm2l_Create_out out;
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(&primary.objectHandle, NULL);
    OK(tpm2l_template_sealed(&in.inPublic.publicArea, TPM2_ALG_SHA256, NULL,
                             TPMA_OBJECT_USERWITHAUTH));
    in.inPublic.publicArea.objectAttributes |= TPMA_OBJECT_SENSITIVEDATAORIGIN;
    in.inSensitive.sensitive.data.size = 4;
    /* the TPM blames the template, inPublic: parameter 2 (Part 3 §12.1) */
    FAILS_WITH(tpm2l_Create(&ctx, &in, &out), TPM2_RC_ATTRIBUTES | TPM2_RC_P | TPM2_RC_2);
}

static void test_load_of_a_tampered_private_fails_and_loads_nothing(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    static tpm2l_Load_in in;
    static tpm2l_Load_out out;
    seal(NULL, TPMA_OBJECT_USERWITHAUTH, &cr);
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(&primary.objectHandle, NULL);
    in.inPrivate = cr.outPrivate;
    in.inPrivate.buffer[in.inPrivate.size - 1] ^= 1;
    in.inPublic = cr.outPublic;
    /* the integrity HMAC over the private is checked first: inPrivate, parameter 1 */
    FAILS_WITH(tpm2l_Load(&ctx, &in, &out), TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_1);
    assert_int_equal(count_handles(TPM2_HR_TRANSIENT), 1); /* the primary only */
}

static void test_template_sealed_refuses_what_nobody_could_use(void **state)
{
    (void)state;
    TPMT_PUBLIC t;
    TPM2B_DIGEST pol = {32, {0}};
    TPM2B_DIGEST short_pol = {20, {0}};
    const TPM2_RC bad = TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_BAD_ARG);
    assert_int_equal(tpm2l_template_sealed(&t, TPM2_ALG_SHA256, NULL, 0), bad);
    assert_int_equal(
        tpm2l_template_sealed(&t, TPM2_ALG_SHA256, NULL,
                              TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_ADMINWITHPOLICY),
        bad);
    assert_int_equal(tpm2l_template_sealed(&t, TPM2_ALG_SHA256, &short_pol, 0), bad);
    assert_int_equal(tpm2l_template_sealed(&t, TPM2_ALG_NULL, NULL, TPMA_OBJECT_USERWITHAUTH),
                     bad);
    assert_int_equal(tpm2l_template_sealed(&t, TPM2_ALG_SHA256, NULL,
                                           TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_SIGN_ENCRYPT),
                     bad);
    /* policy only: Unseal needs the policy, admin actions too */
    OK(tpm2l_template_sealed(&t, TPM2_ALG_SHA256, &pol, TPMA_OBJECT_ADMINWITHPOLICY));
    assert_int_equal(t.objectAttributes, TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
                                             TPMA_OBJECT_ADMINWITHPOLICY);
    assert_int_equal(t.authPolicy.size, 32);
}

static void test_a_policy_sealed_object_is_created_with_its_policy(void **state)
{
    (void)state;
    static tpm2l_Create_in in;
    static tpm2l_Create_out out;
    TPM2B_DIGEST pol = {32, {0}};
    memset(pol.buffer, 0x5a, 32);
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(&primary.objectHandle, NULL);
    OK(tpm2l_template_sealed(&in.inPublic.publicArea, TPM2_ALG_SHA256, &pol,
                             TPMA_OBJECT_ADMINWITHPOLICY));
    in.inSensitive.sensitive.data.size = 1;
    OK(tpm2l_Create(&ctx, &in, &out));
    assert_int_equal(out.outPublic.publicArea.authPolicy.size, 32);
    assert_memory_equal(out.outPublic.publicArea.authPolicy.buffer, pol.buffer, 32);
}

static void test_nothing_is_left_loaded(void **state)
{
    (void)state;
    assert_no_transients();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seal_load_unseal_returns_the_secret, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_create_reports_the_name_load_verifies, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unseal_with_its_auth_value_returns_the_secret,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_unseal_with_a_wrong_password_is_TPM_RC_AUTH_FAIL,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_unseal_of_a_noda_object_with_a_wrong_password_is_TPM_RC_BAD_AUTH, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_object_change_auth_returns_a_private_with_the_new_auth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sealed_object_has_no_sensitive_data_origin, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_create_with_sensitive_data_origin_and_data_is_TPM_RC_ATTRIBUTES, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_load_of_a_tampered_private_fails_and_loads_nothing,
                                        setup, teardown),
        cmocka_unit_test(test_template_sealed_refuses_what_nobody_could_use),
        cmocka_unit_test_setup_teardown(test_a_policy_sealed_object_is_created_with_its_policy,
                                        setup, teardown),
        cmocka_unit_test(test_nothing_is_left_loaded),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
