/* test_exec.c - the executor on a scripted transport: exact command bytes (against a
 * tpm2-tools capture), the password session, and every way a response frame can be
 * refused before a wrapper reads it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/command/fake_tpm.h"
#include "tpm2lite/marshal.h"
#include "tpm2lite/session.h"

/* ---- command bytes ---- */

/* TPMT_PUBLIC parameters of tpm2_createprimary -C o -G rsa2048 (tpm2-tools 5.4), captured
 * from its CreatePrimary on swtpm with the pcap TCTI: inSensitive (empty), inPublic,
 * outsideInfo, creationPCR. tpm2-tools sent them under an HMAC session; the parameter
 * bytes do not depend on the session. */
static const char tools_rsa_params[] = "0004 0000 0000"
                                       "001a 0001 000b 00030072 0000 0006 0080 0043 0010 0800 "
                                       "00000000 0000"
                                       "0000"
                                       "00000000";

static void default_rsa_in(tpm2l_CreatePrimary_in *in)
{
    memset(in, 0, sizeof *in);
    assert_int_equal(tpm2l_auth_handle_set(&in->primaryHandle, TPM2_RH_OWNER, NULL, 0), 0);
    assert_int_equal(tpm2l_template_primary(&in->inPublic.publicArea, TPM2_ALG_RSA), 0);
}

static void test_create_primary_with_password_session_is_byte_exact(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    default_rsa_in(&in);
    fake_queue_hex(&fake, "8001 0000000a 0000098e");
    assert_int_equal(tpm2l_CreatePrimary(&ctx, &in, &out), 0x98e);
    /* Part 1 command structure: header, handle, authorizationSize, TPMS_AUTH_COMMAND for TPM_RS_PW
     * (empty nonce, attributes 0 as tpm2-tools sends them, empty password), parameters. */
    char want[512];
    snprintf(want, sizeof want, "8002 00000043 00000131 40000001 00000009 40000009 0000 00 0000 %s",
             tools_rsa_params);
    assert_sent(0, want);
}

static void test_password_is_sent_in_the_hmac_field_and_then_wiped(void **state)
{
    (void)state;
    static tpm2l_PCR_Reset_in in;
    assert_int_equal(tpm2l_auth_handle_set(&in.pcrHandle, 16, "pw", 2), 0);
    fake_queue_hex(&fake, "8001 0000000a 00000149");
    assert_int_equal(tpm2l_PCR_Reset(&ctx, &in), 0x149);
    assert_sent(0, "8002 0000001d 0000013d 00000010 0000000b 40000009 0000 00 0002 7077");
    assert_false(contains(ctx.cmd, sizeof ctx.cmd, "pw", 2));
}

static void test_command_without_authorisation_has_no_auth_area(void **state)
{
    (void)state;
    tpm2l_GetRandom_in in = {16};
    tpm2l_GetRandom_out out;
    fake_queue_hex(&fake, "8001 0000000c 00000000 0000");
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out), 0);
    assert_sent(0, "8001 0000000c 0000017b 0010");
    assert_int_equal(out.randomBytes.size, 0);
}

static void test_retry_warning_resends_the_same_bytes_until_success(void **state)
{
    (void)state;
    static tpm2l_PCR_Reset_in in;
    assert_int_equal(tpm2l_auth_handle_set(&in.pcrHandle, 16, "pw", 2), 0);
    fake_queue_hex(&fake, "8001 0000000a 00000922"); /* TPM_RC_RETRY */
    fake_queue_hex(&fake, "8001 0000000a 00000908"); /* TPM_RC_YIELDED */
    fake_queue_hex(&fake, "8002 00000013 00000000 00000000 0000 01 0000");
    assert_int_equal(tpm2l_PCR_Reset(&ctx, &in), 0);
    assert_int_equal(fake.n_sent, 3);
    for (size_t i = 0; i < 3; i++)
        assert_sent(i, "8002 0000001d 0000013d 00000010 0000000b 40000009 0000 00 0002 7077");
    /* the password still leaves the buffer once the exchange is over */
    assert_false(contains(ctx.cmd, sizeof ctx.cmd, "pw", 2));
}

static void test_retry_warning_is_returned_after_the_last_attempt(void **state)
{
    (void)state;
    tpm2l_GetRandom_in in = {8};
    tpm2l_GetRandom_out out;
    for (size_t i = 0; i < FAKE_MAX; i++)
        fake_queue_hex(&fake, "8001 0000000a 00000922");
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out), TPM2_RC_RETRY);
    assert_int_equal(fake.n_sent, FAKE_MAX); /* bounded: the executor stops at 8 */
}

static void test_other_errors_are_not_retried(void **state)
{
    (void)state;
    tpm2l_GetRandom_in in = {8};
    tpm2l_GetRandom_out out;
    fake_queue_hex(&fake, "8001 0000000a 00000921"); /* TPM_RC_LOCKOUT: final */
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out), TPM2_RC_WARN + 0x021);
    assert_int_equal(fake.n_sent, 1);
}

static void test_flush_context_puts_its_handle_in_the_parameters(void **state)
{
    (void)state;
    tpm2l_FlushContext_in in = {0x80000001};
    fake_queue_hex(&fake, "8001 0000000a 00000000");
    assert_int_equal(tpm2l_FlushContext(&ctx, &in), 0);
    assert_sent(0, "8001 0000000e 00000165 80000001");
}

static void test_evict_control_has_two_handles_and_one_session(void **state)
{
    (void)state;
    static tpm2l_EvictControl_in in;
    tpm2l_EvictControl_out out;
    assert_int_equal(tpm2l_auth_handle_set(&in.auth, TPM2_RH_OWNER, NULL, 0), 0);
    in.objectHandle.handle = 0x80000000;
    in.objectHandle.name.size = 3;
    memcpy(in.objectHandle.name.name, "abc", 3);
    in.persistentHandle = 0x81000001;
    fake_queue_hex(&fake, "8002 00000013 00000000 00000000 0000 01 0000");
    assert_int_equal(tpm2l_EvictControl(&ctx, &in, &out), 0);
    assert_sent(0, "8002 00000023 00000120 40000001 80000000 00000009 40000009 0000 00 0000 "
                   "81000001");
    assert_int_equal(out.persistentHandle.handle, 0x81000001);
    assert_true(tpm2l_name_equal(&out.persistentHandle.name, &in.objectHandle.name));
}

static void test_session_not_started_is_refused_before_sending(void **state)
{
    (void)state;
    static tpm2l_PCR_Reset_in in;
    static tpm2l_session s; /* all zero: never started */
    assert_int_equal(tpm2l_auth_handle_set(&in.pcrHandle, 16, NULL, 0), 0);
    in.pcrHandle.session = &s;
    assert_int_equal(tpm2l_PCR_Reset(&ctx, &in),
                     TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_SEQUENCE));
    assert_int_equal(fake.n_sent, 0);
    assert_error_mentions("PCR_Reset: session 1 is not started");
}

static void test_oversized_parameters_fail_before_sending(void **state)
{
    (void)state;
    static tpm2l_StirRandom_in in;
    in.inData.size = sizeof in.inData.buffer + 1; /* a size the struct cannot hold */
    assert_int_equal(tpm2l_StirRandom(&ctx, &in), TPM2L_RC_MARSHAL_VALUE);
    assert_int_equal(fake.n_sent, 0);
    assert_error_mentions("StirRandom: building the command: marshal:");
}

/* ---- transport errors ---- */

static void test_transport_error_names_command_and_transport_detail(void **state)
{
    (void)state;
    tpm2l_GetRandom_in in = {8};
    tpm2l_GetRandom_out out;
    fake.tx_rc = TPM2L_RC_TCTI(TPM2L_E_CONNECT);
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out), TPM2L_RC_TCTI(TPM2L_E_CONNECT));
    assert_string_equal(tpm2l_ctx_error(&ctx),
                        "GetRandom: tcti(fake): connection refused on nowhere:1");
}

static void test_receive_error_is_returned_unchanged(void **state)
{
    (void)state;
    fake.rx_rc = TPM2L_RC_TCTI(TPM2L_E_TIMEOUT);
    assert_int_equal(tpm2l_ReadClock(&ctx, &(tpm2l_ReadClock_out){0}),
                     TPM2L_RC_TCTI(TPM2L_E_TIMEOUT));
    assert_error_mentions("ReadClock: tcti(fake): no answer");
}

/* ---- response frames ---- */

static void test_tpm_error_is_returned_unchanged_with_its_position(void **state)
{
    (void)state;
    static tpm2l_ReadPublic_in in;
    static tpm2l_ReadPublic_out out;
    in.objectHandle.handle = 0x80000005;
    /* A failure's body is never parsed: trailing garbage must not matter. */
    fake_queue_hex(&fake, "8001 0000000e 0000018b deadbeef");
    assert_int_equal(tpm2l_ReadPublic(&ctx, &in, &out), 0x18b);
    assert_string_equal(tpm2l_ctx_error(&ctx),
                        "ReadPublic: TPM_RC_HANDLE (handle 1): the handle is not correct for "
                        "this use");
}

static void test_tpm_error_may_echo_the_sessions_tag(void **state)
{
    (void)state;
    static tpm2l_PCR_Reset_in in;
    assert_int_equal(tpm2l_auth_handle_set(&in.pcrHandle, 16, NULL, 0), 0);
    fake_queue_hex(&fake, "8002 0000000a 0000098e");
    assert_int_equal(tpm2l_PCR_Reset(&ctx, &in), 0x98e);
    assert_error_mentions("TPM_RC_AUTH_FAIL (session 1)");
}

static void test_tpm12_style_error_tag_is_accepted_for_errors(void **state)
{
    (void)state;
    fake_queue_hex(&fake, "00c4 0000000a 0000001e");
    assert_int_equal(tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){8}, &(tpm2l_GetRandom_out){0}),
                     0x01e);
}

static void test_error_with_foreign_tag_is_refused(void **state)
{
    (void)state;
    fake_queue_hex(&fake, "1234 0000000a 00000101");
    assert_int_equal(tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){8}, &(tpm2l_GetRandom_out){0}),
                     RC_BAD_RESPONSE);
    assert_error_mentions("error 0x101 came with tag 0x1234");
}

static void test_wrong_tag_on_success_is_refused(void **state)
{
    (void)state;
    fake_queue_hex(&fake, "8002 0000000c 00000000 0000");
    assert_int_equal(tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){8}, &(tpm2l_GetRandom_out){0}),
                     RC_BAD_RESPONSE);
    assert_error_mentions("GetRandom: response tag 0x8002 answers a command sent with tag 0x8001");
}

static void test_success_without_sessions_to_a_session_command_is_refused(void **state)
{
    (void)state;
    static tpm2l_PCR_Reset_in in;
    assert_int_equal(tpm2l_auth_handle_set(&in.pcrHandle, 16, NULL, 0), 0);
    fake_queue_hex(&fake, "8001 0000000a 00000000");
    assert_int_equal(tpm2l_PCR_Reset(&ctx, &in), RC_BAD_RESPONSE);
    assert_error_mentions("tag 0x8001 answers a command sent with tag 0x8002");
}

/* The transport's generic receive checks the header too (tcti.c); whichever layer sees
 * it first, the frame is refused as malformed and the command is named. */
static void assert_frame_refused(TPM2_RC rc)
{
    assert_true(TPM2L_RC_IS_LIB(rc));
    assert_int_equal(rc & 0xFFFFu, TPM2L_E_BAD_RESPONSE);
    assert_error_mentions("GetRandom: ");
}

static void test_size_field_larger_than_received_is_refused(void **state)
{
    (void)state;
    fake_queue_hex(&fake, "8001 00000014 00000000 0002 abcd");
    assert_frame_refused(
        tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){8}, &(tpm2l_GetRandom_out){0}));
}

static void test_size_field_smaller_than_received_is_refused(void **state)
{
    (void)state;
    fake_queue_hex(&fake, "8001 0000000a 00000000 0002 abcd");
    assert_frame_refused(
        tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){8}, &(tpm2l_GetRandom_out){0}));
}

static void test_response_shorter_than_a_header_is_refused(void **state)
{
    (void)state;
    fake_queue_hex(&fake, "8001 00000009 000000");
    assert_frame_refused(
        tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){8}, &(tpm2l_GetRandom_out){0}));
}

static void test_truncated_parameters_are_a_marshal_error(void **state)
{
    (void)state;
    fake_queue_hex(&fake, "8001 00000010 00000000 0008 01020304");
    assert_int_equal(tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){8}, &(tpm2l_GetRandom_out){0}),
                     TPM2L_RC_MARSHAL_TRUNCATED);
    assert_error_mentions("GetRandom: response parameters: marshal: input ended early");
}

static void test_bytes_after_the_parameters_are_refused(void **state)
{
    (void)state;
    fake_queue_hex(&fake, "8001 0000000f 00000000 0002 0102 ff");
    assert_int_equal(tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){8}, &(tpm2l_GetRandom_out){0}),
                     TPM2L_RC_MARSHAL_TRAILING);
    assert_error_mentions("response parameters: marshal: unexpected bytes left over");
}

static void test_more_random_bytes_than_requested_are_refused(void **state)
{
    (void)state;
    fake_queue_hex(&fake, "8001 00000010 00000000 0004 01020304");
    assert_int_equal(tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){2}, &(tpm2l_GetRandom_out){0}),
                     RC_BAD_RESPONSE);
    assert_error_mentions("4 bytes returned for 2 requested");
}

static void session_cmd(const char *rsp_hex, TPM2_RC want)
{
    static tpm2l_PCR_Reset_in in;
    assert_int_equal(tpm2l_auth_handle_set(&in.pcrHandle, 16, NULL, 0), 0);
    fake_queue_hex(&fake, rsp_hex);
    assert_int_equal(tpm2l_PCR_Reset(&ctx, &in), want);
}

static void test_password_response_session_is_accepted(void **state)
{
    (void)state;
    session_cmd("8002 00000013 00000000 00000000 0000 01 0000", 0);
    assert_string_equal(tpm2l_ctx_error(&ctx), "");
}

static void test_parameter_size_past_the_end_is_refused(void **state)
{
    (void)state;
    session_cmd("8002 00000013 00000000 00000006 0000 01 0000", RC_BAD_RESPONSE);
    assert_error_mentions("parameterSize 6 exceeds the 5 bytes left");
}

static void test_missing_response_session_is_refused(void **state)
{
    (void)state;
    session_cmd("8002 0000000e 00000000 00000000", RC_BAD_RESPONSE);
    assert_error_mentions("response session 1 is truncated");
}

static void test_password_response_with_hmac_is_refused(void **state)
{
    (void)state;
    session_cmd("8002 00000015 00000000 00000000 0000 01 0002 abcd", RC_BAD_RESPONSE);
    assert_error_mentions("a 0-byte nonce, a 2-byte hmac");
}

static void test_password_response_with_nonce_is_refused(void **state)
{
    (void)state;
    session_cmd("8002 00000015 00000000 00000000 0002 abcd 01 0000", RC_BAD_RESPONSE);
    assert_error_mentions("a 2-byte nonce");
}

static void test_password_response_with_encrypt_attribute_is_refused(void **state)
{
    (void)state;
    session_cmd("8002 00000013 00000000 00000000 0000 41 0000", RC_BAD_RESPONSE);
    assert_error_mentions("attributes 0x41");
}

static void test_bytes_after_the_response_sessions_are_refused(void **state)
{
    (void)state;
    session_cmd("8002 00000014 00000000 00000000 0000 01 0000 00", RC_BAD_RESPONSE);
    assert_error_mentions("1 bytes follow the last response session");
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_create_primary_with_password_session_is_byte_exact),
        T(test_password_is_sent_in_the_hmac_field_and_then_wiped),
        T(test_command_without_authorisation_has_no_auth_area),
        T(test_retry_warning_resends_the_same_bytes_until_success),
        T(test_retry_warning_is_returned_after_the_last_attempt),
        T(test_other_errors_are_not_retried),
        T(test_flush_context_puts_its_handle_in_the_parameters),
        T(test_evict_control_has_two_handles_and_one_session),
        T(test_session_not_started_is_refused_before_sending),
        T(test_oversized_parameters_fail_before_sending),
        T(test_transport_error_names_command_and_transport_detail),
        T(test_receive_error_is_returned_unchanged),
        T(test_tpm_error_is_returned_unchanged_with_its_position),
        T(test_tpm_error_may_echo_the_sessions_tag),
        T(test_tpm12_style_error_tag_is_accepted_for_errors),
        T(test_error_with_foreign_tag_is_refused),
        T(test_wrong_tag_on_success_is_refused),
        T(test_success_without_sessions_to_a_session_command_is_refused),
        T(test_size_field_larger_than_received_is_refused),
        T(test_size_field_smaller_than_received_is_refused),
        T(test_response_shorter_than_a_header_is_refused),
        T(test_truncated_parameters_are_a_marshal_error),
        T(test_bytes_after_the_parameters_are_refused),
        T(test_more_random_bytes_than_requested_are_refused),
        T(test_password_response_session_is_accepted),
        T(test_parameter_size_past_the_end_is_refused),
        T(test_missing_response_session_is_refused),
        T(test_password_response_with_hmac_is_refused),
        T(test_password_response_with_nonce_is_refused),
        T(test_password_response_with_encrypt_attribute_is_refused),
        T(test_bytes_after_the_response_sessions_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
