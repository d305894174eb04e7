/* test_corpus_replay.c - the replay transport's checks: every difference in a command
 * is found and named, and a replay that ends early or runs long fails. The corpus is
 * recorded in setup through the canned fake inner transport (format tests only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tpm2lite/corpus.h"
#include "tests/unit/corpus/fake_inner.h"

static char *corpus; /* GetRandom, then PCR_Extend with an HMAC session */
static size_t corpus_len;
static uint8_t store[1 << 16];
static tpm2l_tcti_replay rp;

static TPM2_RC exchange(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    uint8_t buf[TPM2L_MAX_MESSAGE];
    size_t got;
    TPM2_RC rc = tpm2l_tcti_transmit(t, cmd, len);
    return rc ? rc : tpm2l_tcti_receive(t, buf, sizeof buf, &got);
}

static int record_corpus(void **state)
{
    (void)state;
    static const fake_msg rsp[] = {
        { fake_getrandom_rsp, sizeof fake_getrandom_rsp },
        { fake_extend_rsp, sizeof fake_extend_rsp },
    };
    static const uint8_t seed[1] = { 0x5a };
    const tpm2l_record_opts o = { .scenario = "replay-test", .seed = seed, .seed_len = 1 };
    fake_inner f;
    tpm2l_tcti_record rec;
    FILE *mem = open_memstream(&corpus, &corpus_len);
    fake_inner_open(&f, rsp, 2);
    if (!mem || tpm2l_tcti_record_open_stream(&rec, &f.base, mem, &o) ||
        exchange(&rec.base, fake_getrandom_cmd, sizeof fake_getrandom_cmd) ||
        exchange(&rec.base, fake_extend_cmd, fake_extend_cmd_len) ||
        tpm2l_tcti_record_finish(&rec))
        return -1;
    fclose(mem);
    return 0;
}

static int free_corpus(void **state)
{
    (void)state;
    free(corpus);
    return 0;
}

static int open_replay(void **state)
{
    (void)state;
    return tpm2l_tcti_replay_open_mem(&rp, corpus, corpus_len, store, sizeof store) ? -1 : 0;
}

static void test_replay_serves_recorded_responses_in_order(void **state)
{
    (void)state;
    uint8_t buf[TPM2L_MAX_MESSAGE];
    size_t got;
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_getrandom_cmd,
                                         sizeof fake_getrandom_cmd), 0);
    assert_int_equal(tpm2l_tcti_receive(&rp.base, buf, sizeof buf, &got), 0);
    assert_int_equal(got, sizeof fake_getrandom_rsp);
    assert_memory_equal(buf, fake_getrandom_rsp, got);
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_extend_cmd, fake_extend_cmd_len), 0);
    assert_int_equal(tpm2l_tcti_receive(&rp.base, buf, sizeof buf, &got), 0);
    assert_int_equal(got, sizeof fake_extend_rsp);
    assert_memory_equal(buf, fake_extend_rsp, got);
    assert_int_equal(tpm2l_tcti_replay_finish(&rp), TPM2_RC_SUCCESS);
}

/* Flip byte off of the second command and check what the replay reports. */
static void check_field(size_t off, const char *field)
{
    uint8_t cmd[sizeof fake_extend_cmd];
    char want[160];
    memcpy(cmd, fake_extend_cmd, sizeof cmd);
    cmd[off] ^= 0x40;
    assert_int_equal(exchange(&rp.base, fake_getrandom_cmd, sizeof fake_getrandom_cmd), 0);
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, cmd, sizeof cmd),
                     TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    assert_int_equal(rp.mismatch_exchange, 2);
    assert_int_equal(rp.mismatch_offset, off);
    assert_string_equal(rp.mismatch_field, field);
    snprintf(want, sizeof want,
             "exchange 2 (TPM2_CC_PCR_Extend, line %s): command differs at byte %zu (%s): "
             "sent 0x%02x, recorded 0x%02x",
             "9", off, field, cmd[off], fake_extend_cmd[off]);
    assert_non_null(strstr(rp.base.err, want));
}

#define FIELD_TEST(name, off, field) \
    static void test_mismatch_in_##name##_is_named(void **state) \
    { \
        (void)state; \
        check_field(off, field); \
    }
FIELD_TEST(tag, 1, "header.tag")
FIELD_TEST(command_code, 9, "header.commandCode")
FIELD_TEST(handle, 13, "handle area: handle 1")
FIELD_TEST(authorization_size, 17, "authorization area: authorizationSize")
FIELD_TEST(session_handle, 18, "authorization area: session 1 sessionHandle")
FIELD_TEST(nonce_size, 23, "authorization area: session 1 nonceCaller.size")
FIELD_TEST(nonce, 30, "authorization area: session 1 nonceCaller")
FIELD_TEST(session_attributes, 40, "authorization area: session 1 sessionAttributes")
FIELD_TEST(hmac_size, 42, "authorization area: session 1 hmac.size")
FIELD_TEST(hmac, 74, "authorization area: session 1 hmac")
FIELD_TEST(parameters, 75, "parameters")

static void test_longer_command_differs_first_in_command_size(void **state)
{
    (void)state;
    uint8_t cmd[sizeof fake_getrandom_cmd + 1];
    memcpy(cmd, fake_getrandom_cmd, sizeof fake_getrandom_cmd);
    cmd[5] = sizeof cmd;
    cmd[sizeof cmd - 1] = 0;
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, cmd, sizeof cmd),
                     TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    assert_int_equal(rp.mismatch_offset, 5);
    assert_string_equal(rp.mismatch_field, "header.commandSize");
}

/* tpm2l_tcti_transmit refuses a command whose size field disagrees with its length
 * before any transport sees it; the replay's own check, reached directly, reports a
 * matching prefix by length. */
static void test_transport_reports_a_shorter_command_by_length(void **state)
{
    (void)state;
    assert_int_equal(rp.base.ops->transmit(&rp.base, fake_getrandom_cmd, 11),
                     TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    assert_int_equal(rp.mismatch_offset, 11);
    assert_string_equal(rp.mismatch_field, "parameters");
    assert_non_null(strstr(rp.base.err, "sent 11 bytes, recorded 12"));
}

static void test_command_past_the_end_of_the_recording_fails(void **state)
{
    (void)state;
    assert_int_equal(exchange(&rp.base, fake_getrandom_cmd, sizeof fake_getrandom_cmd), 0);
    assert_int_equal(exchange(&rp.base, fake_extend_cmd, fake_extend_cmd_len), 0);
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_getrandom_cmd,
                                         sizeof fake_getrandom_cmd),
                     TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    assert_int_equal(rp.mismatch_exchange, 3);
    assert_non_null(strstr(rp.base.err, "'replay-test' ends after 2 exchanges"));
    assert_int_equal(tpm2l_tcti_replay_finish(&rp), TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
}

static void test_finish_fails_when_exchanges_are_unused(void **state)
{
    (void)state;
    assert_int_equal(exchange(&rp.base, fake_getrandom_cmd, sizeof fake_getrandom_cmd), 0);
    assert_int_equal(tpm2l_tcti_replay_finish(&rp), TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    assert_non_null(strstr(rp.base.err, "1 of 2 exchanges of 'replay-test' unused; the next "
                                        "is exchange 2 (TPM2_CC_PCR_Extend, line 9)"));
}

static void test_finish_fails_when_nothing_was_replayed(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_replay_finish(&rp), TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
}

static void test_first_failure_is_returned_by_every_later_call(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t got;
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_extend_cmd, fake_extend_cmd_len),
                     TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    char detail[sizeof rp.base.err];
    memcpy(detail, rp.base.err, sizeof detail);
    /* The right command now still fails: the replay is off the rails. */
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_getrandom_cmd,
                                         sizeof fake_getrandom_cmd),
                     TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    assert_int_equal(tpm2l_tcti_receive(&rp.base, buf, sizeof buf, &got),
                     TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    assert_int_equal(tpm2l_tcti_replay_finish(&rp), TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    assert_string_equal(rp.base.err, detail);
}

static void test_receive_without_transmit_fails(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t got;
    assert_int_equal(tpm2l_tcti_receive(&rp.base, buf, sizeof buf, &got),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE));
}

static void test_transmit_twice_without_receive_fails(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_getrandom_cmd,
                                         sizeof fake_getrandom_cmd), 0);
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_extend_cmd, fake_extend_cmd_len),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE));
}

static void test_receive_into_a_small_buffer_fails(void **state)
{
    (void)state;
    uint8_t buf[sizeof fake_getrandom_rsp - 1];
    size_t got;
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_getrandom_cmd,
                                         sizeof fake_getrandom_cmd), 0);
    assert_int_equal(tpm2l_tcti_receive(&rp.base, buf, sizeof buf, &got),
                     TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT));
}

static void test_overridden_response_shorter_than_a_header_is_truncated(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t got;
    tpm2l_tcti_replay_override_response(&rp, 1, fake_getrandom_rsp, 9);
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_getrandom_cmd,
                                         sizeof fake_getrandom_cmd), 0);
    assert_int_equal(tpm2l_tcti_receive(&rp.base, buf, sizeof buf, &got),
                     TPM2L_RC_TCTI(TPM2L_E_TRUNCATED));
}

static void test_overridden_response_with_a_lying_size_is_bad_response(void **state)
{
    (void)state;
    uint8_t buf[64], mutant[sizeof fake_getrandom_rsp];
    size_t got;
    memcpy(mutant, fake_getrandom_rsp, sizeof mutant);
    mutant[5]++;
    tpm2l_tcti_replay_override_response(&rp, 1, mutant, sizeof mutant);
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_getrandom_cmd,
                                         sizeof fake_getrandom_cmd), 0);
    assert_int_equal(tpm2l_tcti_receive(&rp.base, buf, sizeof buf, &got),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE));
    assert_non_null(strstr(rp.base.err, "size field says 29 bytes, 28 arrived"));
}

static void test_overridden_response_is_served_for_its_exchange_only(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t got;
    tpm2l_tcti_replay_override_response(&rp, 2, fake_error_rsp, sizeof fake_error_rsp);
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_getrandom_cmd,
                                         sizeof fake_getrandom_cmd), 0);
    assert_int_equal(tpm2l_tcti_receive(&rp.base, buf, sizeof buf, &got), 0);
    assert_memory_equal(buf, fake_getrandom_rsp, sizeof fake_getrandom_rsp);
    assert_int_equal(tpm2l_tcti_transmit(&rp.base, fake_extend_cmd, fake_extend_cmd_len), 0);
    assert_int_equal(tpm2l_tcti_receive(&rp.base, buf, sizeof buf, &got), 0);
    assert_int_equal(got, sizeof fake_error_rsp);
    assert_memory_equal(buf, fake_error_rsp, got);
}

static void test_exchange_accessor_returns_recorded_bytes(void **state)
{
    (void)state;
    const uint8_t *cmd, *rsp;
    size_t cmd_len, rsp_len;
    assert_int_equal(tpm2l_tcti_replay_exchange(&rp, 2, &cmd, &cmd_len, &rsp, &rsp_len), 0);
    assert_int_equal(cmd_len, fake_extend_cmd_len);
    assert_memory_equal(cmd, fake_extend_cmd, cmd_len);
    assert_int_equal(rsp_len, sizeof fake_extend_rsp);
    assert_int_equal(tpm2l_tcti_replay_exchange(&rp, 3, &cmd, &cmd_len, &rsp, &rsp_len),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_tcti_replay_exchange(&rp, 0, &cmd, &cmd_len, &rsp, &rsp_len),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
}

#define T(f) cmocka_unit_test_setup(f, open_replay)
int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_replay_serves_recorded_responses_in_order),
        T(test_mismatch_in_tag_is_named),
        T(test_mismatch_in_command_code_is_named),
        T(test_mismatch_in_handle_is_named),
        T(test_mismatch_in_authorization_size_is_named),
        T(test_mismatch_in_session_handle_is_named),
        T(test_mismatch_in_nonce_size_is_named),
        T(test_mismatch_in_nonce_is_named),
        T(test_mismatch_in_session_attributes_is_named),
        T(test_mismatch_in_hmac_size_is_named),
        T(test_mismatch_in_hmac_is_named),
        T(test_mismatch_in_parameters_is_named),
        T(test_longer_command_differs_first_in_command_size),
        T(test_transport_reports_a_shorter_command_by_length),
        T(test_command_past_the_end_of_the_recording_fails),
        T(test_finish_fails_when_exchanges_are_unused),
        T(test_finish_fails_when_nothing_was_replayed),
        T(test_first_failure_is_returned_by_every_later_call),
        T(test_receive_without_transmit_fails),
        T(test_transmit_twice_without_receive_fails),
        T(test_receive_into_a_small_buffer_fails),
        T(test_overridden_response_shorter_than_a_header_is_truncated),
        T(test_overridden_response_with_a_lying_size_is_bad_response),
        T(test_overridden_response_is_served_for_its_exchange_only),
        T(test_exchange_accessor_returns_recorded_bytes),
    };
    return cmocka_run_group_tests(tests, record_corpus, free_corpus);
}
