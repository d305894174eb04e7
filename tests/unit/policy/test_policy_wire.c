/* test_policy_wire.c - the policy command wrappers on a scripted transport: the exact
 * bytes sent (Part 3 handle and parameter order), what happens to the session's
 * software digest and flags on success, on a TPM error and on a bad response, and
 * LoadExternal's name check. No TPM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/command/fake_tpm.h"
#include "tpm2lite/marshal.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"

#define POLICY_HANDLE 0x03000000u

static tpm2l_session s;

static int setup(void **state)
{
    int rc = fake_setup(state);
    memset(&s, 0, sizeof s);
    s.handle = POLICY_HANDLE;
    s.type = TPM2_SE_POLICY;
    s.authHash = TPM2_ALG_SHA256;
    s.policy_digest.size = 32;
    return rc;
}

static tpm2l_policy_session target(void)
{
    tpm2l_policy_session p = {.session = &s, .handle = 0};
    return p;
}

static void queue_empty_success(void)
{
    rsp_begin(TPM2_ST_NO_SESSIONS);
    rsp_queue();
}

static tpm2l_policy calc(void)
{
    tpm2l_policy p;
    assert_int_equal(tpm2l_policy_init(&p, TPM2_ALG_SHA256), 0);
    return p;
}

static void test_policy_pcr_sends_digest_then_selection(void **state)
{
    (void)state;
    tpm2l_PolicyPCR_in in = {.policySession = target(), .pcrDigest = {.size = 32}};
    tpm2l_policy want = calc();
    memset(in.pcrDigest.buffer, 0xAB, 32);
    in.pcrs.count = 1;
    in.pcrs.pcrSelections[0].hash = TPM2_ALG_SHA256;
    in.pcrs.pcrSelections[0].sizeofSelect = 3;
    in.pcrs.pcrSelections[0].pcrSelect[0] = 0x03;
    queue_empty_success();

    assert_int_equal(tpm2l_PolicyPCR(&ctx, &in), 0);
    assert_sent(0, "8001 0000003A 0000017F 03000000"
                   "0020 ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB"
                   "00000001 000B 03 030000");
    assert_int_equal(tpm2l_policy_pcr(&want, &in.pcrs, &in.pcrDigest), 0);
    assert_memory_equal(s.policy_digest.buffer, want.digest.buffer, 32);
}

static void test_policy_secret_puts_auth_handle_first_and_reads_ticket(void **state)
{
    (void)state;
    static tpm2l_PolicySecret_in in;
    static tpm2l_PolicySecret_out out;
    tpm2l_policy want = calc();
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_ENDORSEMENT, NULL, 0), 0);
    in.policySession = target();
    in.expiration = -1;

    rsp_begin(TPM2_ST_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, 2 + 8 + 2 + 4 + 2); /* parameterSize */
    tpm2l_wcur_u16(&rsp_w, 8);
    tpm2l_wcur_u64(&rsp_w, 0x1122334455667788u); /* timeout */
    tpm2l_wcur_u16(&rsp_w, TPM2_ST_AUTH_SECRET);
    tpm2l_wcur_u32(&rsp_w, TPM2_RH_ENDORSEMENT);
    tpm2l_wcur_u16(&rsp_w, 0);
    rsp_pw_session();
    rsp_queue();

    assert_int_equal(tpm2l_PolicySecret(&ctx, &in, &out), 0);
    assert_sent(0, "8002 00000029 00000151 4000000B 03000000"
                   "00000009 40000009 0000 00 0000"
                   "0000 0000 0000 FFFFFFFF");
    assert_int_equal(out.timeout.size, 8);
    assert_int_equal(out.policyTicket.tag, TPM2_ST_AUTH_SECRET);
    assert_int_equal(tpm2l_policy_secret(&want, &in.authHandle.name, NULL), 0);
    assert_memory_equal(s.policy_digest.buffer, want.digest.buffer, 32);
}

static void test_tpm_error_moves_neither_digest_nor_flags(void **state)
{
    (void)state;
    tpm2l_PolicyPassword_in in = {.policySession = target()};
    uint8_t rsp[10];
    size_t n = fake_unhex("8001 0000000A 0000098B", rsp, sizeof rsp); /* a handle error */
    fake_queue(&fake, rsp, n);
    s.policy_auth_value = 1;
    assert_int_equal(tpm2l_PolicyPassword(&ctx, &in), 0x98B);
    assert_int_equal(s.policy_auth_value, 1);
    assert_int_equal(s.policy_password, 0);
    static const uint8_t zeros[32];
    assert_memory_equal(s.policy_digest.buffer, zeros, 32);
}

static void test_password_then_auth_value_swap_the_flags(void **state)
{
    (void)state;
    tpm2l_PolicyPassword_in pw = {.policySession = target()};
    tpm2l_PolicyAuthValue_in av = {.policySession = target()};
    queue_empty_success();
    queue_empty_success();
    assert_int_equal(tpm2l_PolicyPassword(&ctx, &pw), 0);
    assert_int_equal(s.policy_password, 1);
    assert_int_equal(s.policy_auth_value, 0);
    assert_int_equal(tpm2l_PolicyAuthValue(&ctx, &av), 0);
    assert_int_equal(s.policy_password, 0);
    assert_int_equal(s.policy_auth_value, 1);
    assert_sent(0, "8001 0000000E 0000018C 03000000");
    assert_sent(1, "8001 0000000E 0000016B 03000000");
}

static void test_empty_pcr_digest_takes_the_digest_from_policygetdigest(void **state)
{
    (void)state;
    tpm2l_PolicyPCR_in in = {.policySession = target()};
    in.pcrs.count = 1;
    in.pcrs.pcrSelections[0].hash = TPM2_ALG_SHA256;
    in.pcrs.pcrSelections[0].sizeofSelect = 3;
    in.pcrs.pcrSelections[0].pcrSelect[2] = 0x80;
    queue_empty_success();
    rsp_begin(TPM2_ST_NO_SESSIONS);
    tpm2l_wcur_u16(&rsp_w, 32);
    for (int i = 0; i < 32; i++)
        tpm2l_wcur_u8(&rsp_w, 0x5A);
    rsp_queue();

    assert_int_equal(tpm2l_PolicyPCR(&ctx, &in), 0);
    assert_sent(1, "8001 0000000E 00000189 03000000");
    for (int i = 0; i < 32; i++)
        assert_int_equal(s.policy_digest.buffer[i], 0x5A);
}

static void test_empty_pcr_digest_with_wrong_sized_answer_is_bad_response(void **state)
{
    (void)state;
    tpm2l_PolicyPCR_in in = {.policySession = target()};
    in.pcrs.count = 1;
    in.pcrs.pcrSelections[0].hash = TPM2_ALG_SHA256;
    in.pcrs.pcrSelections[0].sizeofSelect = 3;
    queue_empty_success();
    rsp_begin(TPM2_ST_NO_SESSIONS);
    tpm2l_wcur_u16(&rsp_w, 20);
    for (int i = 0; i < 20; i++)
        tpm2l_wcur_u8(&rsp_w, 0x5A);
    rsp_queue();
    assert_int_equal(tpm2l_PolicyPCR(&ctx, &in), RC_BAD_RESPONSE);
    assert_error_mentions("PolicyGetDigest returned 20 bytes");
}

static void test_session_not_started_is_refused_before_sending(void **state)
{
    (void)state;
    tpm2l_PolicyAuthValue_in av = {.policySession = target()};
    s.handle = 0;
    assert_int_equal(tpm2l_PolicyAuthValue(&ctx, &av),
                     TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_BAD_SEQUENCE));
    assert_int_equal(fake.n_sent, 0);
}

static void test_bare_handle_that_is_not_a_policy_session_is_refused(void **state)
{
    (void)state;
    tpm2l_PolicyAuthValue_in av = {.policySession = {.session = NULL, .handle = 0x02000000}};
    assert_int_equal(tpm2l_PolicyAuthValue(&ctx, &av),
                     TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_BAD_ARG));
    assert_int_equal(fake.n_sent, 0);
}

static void test_policy_nv_without_index_name_is_refused(void **state)
{
    (void)state;
    static tpm2l_PolicyNV_in in;
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_OWNER, NULL, 0), 0);
    in.nvIndex.handle = 0x01500000;
    in.policySession = target();
    assert_int_equal(tpm2l_PolicyNV(&ctx, &in), TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_BAD_ARG));
    assert_error_mentions("nvIndex has no name");
    assert_int_equal(fake.n_sent, 0);
}

static void test_load_external_refuses_a_name_not_of_in_public(void **state)
{
    (void)state;
    static tpm2l_LoadExternal_in in;
    tpm2l_LoadExternal_out out;
    TPM2B_NAME other = {.size = 34};
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_template_primary(&in.inPublic.publicArea, TPM2_ALG_ECC), 0);
    in.hierarchy = TPM2_RH_NULL;
    other.name[1] = 0x0B;
    rsp_begin(TPM2_ST_NO_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, 0x80000001u);
    tpm2l_marshal_TPM2B_NAME(&rsp_w, &other);
    rsp_queue();
    assert_int_equal(tpm2l_LoadExternal(&ctx, &in, &out), RC_NAME_MISMATCH);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fake_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_policy_pcr_sends_digest_then_selection),
        T(test_policy_secret_puts_auth_handle_first_and_reads_ticket),
        T(test_tpm_error_moves_neither_digest_nor_flags),
        T(test_password_then_auth_value_swap_the_flags),
        T(test_empty_pcr_digest_takes_the_digest_from_policygetdigest),
        T(test_empty_pcr_digest_with_wrong_sized_answer_is_bad_response),
        T(test_session_not_started_is_refused_before_sending),
        T(test_bare_handle_that_is_not_a_policy_session_is_refused),
        T(test_policy_nv_without_index_name_is_refused),
        T(test_load_external_refuses_a_name_not_of_in_public),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
