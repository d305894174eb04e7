/* test_tcti_generic.c - the generic transport calls (tcti.c): argument and framing
 * checks before dispatch, the check of what a transport hands back, optional
 * operations, close, and the error-detail prefix. A scripted in-memory transport
 * stands in for a real one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "tpm2lite/tcti.h"

typedef struct {
    tpm2l_tcti base;
    int transmits, closes;
    uint8_t reply[64];
    size_t reply_len; /* what receive claims to have received */
} scripted;

static TPM2_RC s_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    (void)cmd;
    (void)len;
    ((scripted *)t)->transmits++;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC s_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    scripted *s = (scripted *)t;
    memcpy(buf, s->reply, cap < sizeof s->reply ? cap : sizeof s->reply);
    *len = s->reply_len;
    return TPM2_RC_SUCCESS;
}

static void s_close(tpm2l_tcti *t)
{
    ((scripted *)t)->closes++;
}

static const struct tpm2l_tcti_ops s_ops = {
    .name = "scripted", .transmit = s_transmit, .receive = s_receive, .close = s_close};

static scripted S;
static const uint8_t CMD[12] = {0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7b, 0, 8};

static int setup(void **state)
{
    (void)state;
    memset(&S, 0, sizeof S);
    S.base.ops = &s_ops;
    static const uint8_t rsp[10] = {0x80, 0x01, 0, 0, 0, 10, 0, 0, 0, 0};
    memcpy(S.reply, rsp, sizeof rsp);
    S.reply_len = 10;
    return 0;
}

static void test_whole_command_is_passed_on(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_transmit(&S.base, CMD, sizeof CMD), 0);
    assert_int_equal(S.transmits, 1);
}

static void test_command_shorter_than_header_is_refused(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_transmit(&S.base, CMD, 9), TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    assert_non_null(strstr(S.base.err, "tcti(scripted): command of 9 bytes"));
    assert_int_equal(S.transmits, 0);
}

static void test_command_whose_size_field_disagrees_is_refused(void **state)
{
    (void)state;
    uint8_t c[13];
    memcpy(c, CMD, sizeof CMD);
    c[12] = 0;
    assert_int_equal(tpm2l_tcti_transmit(&S.base, c, sizeof c), TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    assert_non_null(strstr(S.base.err, "header says 12 bytes but 13"));
    assert_int_equal(S.transmits, 0);
}

static void test_command_over_maximum_is_refused(void **state)
{
    (void)state;
    static uint8_t big[TPM2L_MAX_MESSAGE + 1];
    big[0] = 0x80;
    big[1] = 0x01;
    big[4] = (TPM2L_MAX_MESSAGE + 1) >> 8;
    big[5] = (TPM2L_MAX_MESSAGE + 1) & 0xff;
    assert_int_equal(tpm2l_tcti_transmit(&S.base, big, sizeof big),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    assert_int_equal(S.transmits, 0);
}

static void test_null_arguments_are_refused(void **state)
{
    (void)state;
    size_t n;
    uint8_t buf[16];
    assert_int_equal(tpm2l_tcti_transmit(NULL, CMD, sizeof CMD), TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_tcti_transmit(&S.base, NULL, 12), TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_tcti_receive(&S.base, NULL, 16, &n), TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_tcti_receive(&S.base, buf, 16, NULL), TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
}

static void test_receive_buffer_below_header_is_refused(void **state)
{
    (void)state;
    uint8_t buf[9];
    size_t n = 99;
    assert_int_equal(tpm2l_tcti_receive(&S.base, buf, sizeof buf, &n),
                     TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT));
    assert_int_equal(n, 0);
}

static void test_well_formed_response_is_returned(void **state)
{
    (void)state;
    uint8_t buf[32];
    size_t n = 0;
    assert_int_equal(tpm2l_tcti_receive(&S.base, buf, sizeof buf, &n), 0);
    assert_int_equal(n, 10);
}

static void test_transport_returning_a_malformed_response_is_caught(void **state)
{
    (void)state;
    uint8_t buf[32];
    size_t n = 0;
    S.reply_len = 12; /* header says 10 */
    assert_int_equal(tpm2l_tcti_receive(&S.base, buf, sizeof buf, &n),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE));
    assert_int_equal(n, 0);
    S.reply_len = 40; /* more than the buffer */
    assert_int_equal(tpm2l_tcti_receive(&S.base, buf, sizeof buf, &n),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE));
    S.reply_len = 4;
    assert_int_equal(tpm2l_tcti_receive(&S.base, buf, sizeof buf, &n),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE));
}

static void test_missing_optional_operations_are_not_supported(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_set_locality(&S.base, 3), TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED));
    assert_non_null(strstr(S.base.err, "locality"));
    assert_int_equal(tpm2l_tcti_cancel(&S.base), TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED));
}

static void test_close_runs_once_and_later_calls_fail(void **state)
{
    (void)state;
    tpm2l_tcti_close(&S.base);
    tpm2l_tcti_close(&S.base);
    tpm2l_tcti_close(NULL);
    assert_int_equal(S.closes, 1);
    assert_int_equal(tpm2l_tcti_transmit(&S.base, CMD, sizeof CMD),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE));
    assert_non_null(strstr(S.base.err, "not open"));
}

static void test_timeout_is_stored_and_negative_means_forever(void **state)
{
    (void)state;
    tpm2l_tcti_set_timeout(&S.base, 1500);
    assert_int_equal(S.base.timeout_ms, 1500);
    tpm2l_tcti_set_timeout(&S.base, -7);
    assert_int_equal(S.base.timeout_ms, -1);
}

static void test_error_detail_is_prefixed_once_and_bounded(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_error(&S.base, 5, "x=%d", 42), 5);
    assert_string_equal(S.base.err, "tcti(scripted): x=42");
    /* A message already carrying a prefix (from a wrapped transport) keeps it alone. */
    tpm2l_tcti_error(&S.base, 5, "tcti(swtpm): connection refused on %s", "127.0.0.1:1");
    assert_string_equal(S.base.err, "tcti(swtpm): connection refused on 127.0.0.1:1");
    char longmsg[400];
    memset(longmsg, 'z', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = '\0';
    tpm2l_tcti_error(&S.base, 5, "%s", longmsg);
    assert_int_equal(strlen(S.base.err), sizeof S.base.err - 1);
    S.base.ops = NULL;
    tpm2l_tcti_error(&S.base, 5, "no ops");
    assert_string_equal(S.base.err, "tcti: no ops");
    assert_int_equal(tpm2l_tcti_error(NULL, 7, "ignored"), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_whole_command_is_passed_on, setup),
        cmocka_unit_test_setup(test_command_shorter_than_header_is_refused, setup),
        cmocka_unit_test_setup(test_command_whose_size_field_disagrees_is_refused, setup),
        cmocka_unit_test_setup(test_command_over_maximum_is_refused, setup),
        cmocka_unit_test_setup(test_null_arguments_are_refused, setup),
        cmocka_unit_test_setup(test_receive_buffer_below_header_is_refused, setup),
        cmocka_unit_test_setup(test_well_formed_response_is_returned, setup),
        cmocka_unit_test_setup(test_transport_returning_a_malformed_response_is_caught, setup),
        cmocka_unit_test_setup(test_missing_optional_operations_are_not_supported, setup),
        cmocka_unit_test_setup(test_close_runs_once_and_later_calls_fail, setup),
        cmocka_unit_test_setup(test_timeout_is_stored_and_negative_means_forever, setup),
        cmocka_unit_test_setup(test_error_detail_is_prefixed_once_and_bounded, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
