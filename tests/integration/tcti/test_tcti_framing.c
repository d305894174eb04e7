/* test_tcti_framing.c - our framing code in the swtpm (raw) and mssim transports
 * against a scripted peer that sends what no real TPM would: lying size fields,
 * truncated and oversized responses, garbage, hang-ups, silence. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_server.h"
#include "tcti_test.h"

static fake_server F;
static tpm2l_tcti_any any;
static uint8_t rsp[TPM2L_MAX_MESSAGE];
static char ep[64];
static char sockdir[64];

/* A GetRandom(8) response, 20 bytes. */
static const uint8_t GOOD[20] = {0x80, 0x01, 0, 0, 0, 20, 0, 0, 0, 0,
                                 0, 8, 1, 2, 3, 4, 5, 6, 7, 8};

static int setup(void **state)
{
    (void)state;
    memset(&F, 0, sizeof F);
    memset(rsp, 0, sizeof rsp);
    return 0;
}

static void reply(const void *p, size_t n)
{
    memcpy(F.reply + F.reply_len, p, n);
    F.reply_len += n;
}

static void reply32(uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    reply(b, 4);
}

/* Start the fake as a swtpm data port and open our swtpm transport on it. */
static void start_swtpm(fake_mode mode)
{
    F.read_bytes = sizeof GETRANDOM8;
    F.mode = mode;
    assert_int_equal(fake_server_start(&F), 0);
    snprintf(ep, sizeof ep, "127.0.0.1:%u", (unsigned)F.port);
    assert_int_equal(tpm2l_tcti_swtpm_open_tcp(&any.swtpm, "127.0.0.1", F.port), 0);
    tpm2l_tcti_set_timeout(&any.base, 300);
}

/* The same for mssim: a frame is 9 bytes of envelope plus the command. */
static void start_mssim(fake_mode mode)
{
    F.read_bytes = 9 + sizeof GETRANDOM8;
    F.mode = mode;
    assert_int_equal(fake_server_start(&F), 0);
    snprintf(ep, sizeof ep, "127.0.0.1:%u", (unsigned)F.port);
    /* port+1 may be anything: platform operations are never sent unasked. */
    assert_int_equal(tpm2l_tcti_mssim_open_tcp(&any.mssim, "127.0.0.1", F.port), 0);
    tpm2l_tcti_set_timeout(&any.base, 300);
}

static TPM2_RC run(void)
{
    size_t n = 0;
    return exchange(&any.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n);
}

static void finish(void)
{
    tpm2l_tcti_close(&any.base);
    fake_server_stop(&F);
}

/* ---- swtpm: raw responses ---- */

static void test_swtpm_sends_the_command_unchanged_and_reads_the_response(void **state)
{
    (void)state;
    reply(GOOD, sizeof GOOD);
    start_swtpm(FAKE_HOLD_AFTER_REPLY);
    size_t n = 0;
    assert_int_equal(exchange(&any.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n), 0);
    assert_int_equal(n, sizeof GOOD);
    assert_memory_equal(rsp, GOOD, sizeof GOOD);
    assert_int_equal(F.got_len, sizeof GETRANDOM8);
    assert_memory_equal(F.got, GETRANDOM8, sizeof GETRANDOM8);
    finish();
}

static void test_swtpm_size_above_what_arrives_then_hangup_is_truncated(void **state)
{
    (void)state;
    reply(GOOD, 14); /* header says 20 */
    start_swtpm(FAKE_CLOSE_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_TRUNCATED),
                      "after 4 of 10 bytes of the response body");
    assert_non_null(strstr(any.base.err, ep));
    finish();
}

static void test_swtpm_size_above_what_arrives_then_silence_times_out(void **state)
{
    (void)state;
    reply(GOOD, 14);
    start_swtpm(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_TIMEOUT), "within 300 ms");
    assert_non_null(strstr(any.base.err, ep));
    finish();
}

static void test_swtpm_silent_peer_times_out(void **state)
{
    (void)state;
    start_swtpm(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_TIMEOUT), "no response from");
    finish();
}

static void test_swtpm_size_below_header_is_refused(void **state)
{
    (void)state;
    uint8_t r[10];
    memcpy(r, GOOD, 10);
    r[5] = 6;
    reply(r, sizeof r);
    start_swtpm(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "size field 6, smaller than the 10-byte header");
    finish();
}

static void test_swtpm_size_above_buffer_is_refused(void **state)
{
    (void)state;
    uint8_t r[10];
    memcpy(r, GOOD, 10);
    r[4] = 0x13;
    r[5] = 0x88; /* 5000 */
    reply(r, sizeof r);
    start_swtpm(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT),
                      "announces 5000 bytes; the buffer holds 4096");
    finish();
}

static void test_swtpm_bytes_beyond_size_are_refused(void **state)
{
    (void)state;
    uint8_t r[24];
    memcpy(r, GOOD, 20);
    memset(r + 20, 0xee, 4);
    reply(r, sizeof r); /* header says 20 */
    start_swtpm(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "4 bytes more than the 20");
    finish();
}

static void test_swtpm_hangup_before_reply_is_closed(void **state)
{
    (void)state;
    start_swtpm(FAKE_CLOSE_BEFORE_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_CLOSED),
                      "closed the connection before the response header");
    assert_non_null(strstr(any.base.err, ep));
    finish();
}

static void test_swtpm_garbage_is_not_a_response(void **state)
{
    (void)state;
    reply("HTTP/1.1 400 Bad Request\r\n", 26);
    start_swtpm(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "not a TPM response");
    finish();
}

static void test_swtpm_reconnects_after_a_broken_exchange(void **state)
{
    (void)state;
    reply(GOOD, 14);
    F.max_conns = 2;
    start_swtpm(FAKE_CLOSE_AFTER_REPLY);
    assert_int_equal(run(), TPM2L_RC_TCTI(TPM2L_E_TRUNCATED));
    F.reply_len = 0;
    reply(GOOD, sizeof GOOD);
    assert_int_equal(run(), 0);
    assert_memory_equal(rsp, GOOD, sizeof GOOD);
    assert_int_equal(F.conns, 2);
    finish();
}

static void test_swtpm_unreachable_endpoint_is_named(void **state)
{
    (void)state;
    uint16_t port;
    int fd = fake_refusing_port(&port);
    assert_true(fd >= 0);
    char want[64];
    snprintf(want, sizeof want, "tcti(swtpm): connection refused on 127.0.0.1:%u", port);
    TPM2_RC rc = tpm2l_tcti_swtpm_open_tcp(&any.swtpm, "127.0.0.1", port);
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_CONNECT), want);
    close(fd);
}

/* ---- mssim: framed responses ---- */

static void test_mssim_frame_carries_code_locality_length_and_command(void **state)
{
    (void)state;
    reply32(sizeof GOOD);
    reply(GOOD, sizeof GOOD);
    reply32(0);
    start_mssim(FAKE_HOLD_AFTER_REPLY);
    assert_int_equal(tpm2l_tcti_set_locality(&any.base, 3), 0);
    size_t n = 0;
    assert_int_equal(exchange(&any.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n), 0);
    assert_int_equal(n, sizeof GOOD);
    assert_memory_equal(rsp, GOOD, sizeof GOOD);
    static const uint8_t env[9] = {0, 0, 0, 8, 3, 0, 0, 0, 12};
    assert_int_equal(F.got_len, 9 + sizeof GETRANDOM8);
    assert_memory_equal(F.got, env, 9);
    assert_memory_equal(F.got + 9, GETRANDOM8, sizeof GETRANDOM8);
    tpm2l_tcti_close(&any.base);
    fake_server_stop(&F);
    /* Close says goodbye: SESSION_END (20). */
    static const uint8_t bye[4] = {0, 0, 0, 20};
    assert_int_equal(F.held_len, 4);
    assert_memory_equal(F.held, bye, 4);
}

static void test_mssim_empty_response_means_powered_off(void **state)
{
    (void)state;
    reply32(0);
    reply32(0);
    start_mssim(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE), "powered off");
    finish();
}

static void test_mssim_frame_length_disagreeing_with_header_is_refused(void **state)
{
    (void)state;
    reply32(24);
    reply(GOOD, sizeof GOOD);
    reply32(0);
    reply32(0);
    start_mssim(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "framed 24 bytes around a response whose header says 20");
    finish();
}

static void test_mssim_frame_length_below_header_is_refused(void **state)
{
    (void)state;
    reply32(4);
    reply(GOOD, 4);
    start_mssim(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "framed a response of 4 bytes");
    finish();
}

static void test_mssim_frame_above_buffer_is_refused(void **state)
{
    (void)state;
    reply32(5000);
    start_mssim(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT),
                      "framed a response of 5000 bytes; the buffer holds 4096");
    finish();
}

static void test_mssim_nonzero_end_marker_is_refused(void **state)
{
    (void)state;
    reply32(sizeof GOOD);
    reply(GOOD, sizeof GOOD);
    reply32(1);
    start_mssim(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "ended the response with 0x00000001");
    finish();
}

static void test_mssim_missing_end_marker_is_truncated(void **state)
{
    (void)state;
    reply32(sizeof GOOD);
    reply(GOOD, sizeof GOOD);
    start_mssim(FAKE_CLOSE_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_CLOSED),
                      "before the end-of-response marker");
    finish();
}

static void test_mssim_truncated_response_is_reported(void **state)
{
    (void)state;
    reply32(sizeof GOOD);
    reply(GOOD, 15);
    start_mssim(FAKE_CLOSE_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_TRUNCATED),
                      "after 15 of 20 bytes of the response");
    finish();
}

static void test_mssim_silence_times_out(void **state)
{
    (void)state;
    start_mssim(FAKE_HOLD_AFTER_REPLY);
    TPM2_RC rc = run();
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_TIMEOUT), "within 300 ms");
    finish();
}

/* UNIX sockets: PATH for commands, PATH.ctrl for the platform. */
static void test_mssim_platform_refusal_is_reported(void **state)
{
    (void)state;
    snprintf(sockdir, sizeof sockdir, "/tmp/tpm2lite-fake-XXXXXX");
    assert_non_null(mkdtemp(sockdir));
    static fake_server P;
    memset(&P, 0, sizeof P);
    F.use_unix = P.use_unix = 1;
    snprintf(F.path, sizeof F.path, "%s/sim", sockdir);
    snprintf(P.path, sizeof P.path, "%s/sim.ctrl", sockdir);
    F.mode = FAKE_HOLD_AFTER_REPLY;
    P.read_bytes = 4;
    P.mode = FAKE_HOLD_AFTER_REPLY;
    P.reply[3] = 1; /* "unknown code" */
    P.reply_len = 4;
    assert_int_equal(fake_server_start(&F), 0);
    assert_int_equal(fake_server_start(&P), 0);
    assert_int_equal(tpm2l_tcti_mssim_open_unix(&any.mssim, F.path), 0);
    TPM2_RC rc = tpm2l_tcti_mssim_platform(&any.mssim, TPM2L_MSSIM_POWER_ON);
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "answered POWER_ON (1) with 1 instead of 0");
    assert_non_null(strstr(any.base.err, "sim.ctrl"));
    static const uint8_t power_on[4] = {0, 0, 0, 1};
    assert_memory_equal(P.got, power_on, 4);
    tpm2l_tcti_close(&any.base);
    fake_server_stop(&P);
    fake_server_stop(&F);
    rmdir(sockdir);
}

static void test_mssim_missing_unix_socket_is_named(void **state)
{
    (void)state;
    TPM2_RC rc = tpm2l_tcti_mssim_open_unix(&any.mssim, "/nonexistent/mssim.sock");
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_CONNECT),
                      "tcti(mssim): no socket at /nonexistent/mssim.sock");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_swtpm_sends_the_command_unchanged_and_reads_the_response,
                               setup),
        cmocka_unit_test_setup(test_swtpm_size_above_what_arrives_then_hangup_is_truncated,
                               setup),
        cmocka_unit_test_setup(test_swtpm_size_above_what_arrives_then_silence_times_out, setup),
        cmocka_unit_test_setup(test_swtpm_silent_peer_times_out, setup),
        cmocka_unit_test_setup(test_swtpm_size_below_header_is_refused, setup),
        cmocka_unit_test_setup(test_swtpm_size_above_buffer_is_refused, setup),
        cmocka_unit_test_setup(test_swtpm_bytes_beyond_size_are_refused, setup),
        cmocka_unit_test_setup(test_swtpm_hangup_before_reply_is_closed, setup),
        cmocka_unit_test_setup(test_swtpm_garbage_is_not_a_response, setup),
        cmocka_unit_test_setup(test_swtpm_reconnects_after_a_broken_exchange, setup),
        cmocka_unit_test_setup(test_swtpm_unreachable_endpoint_is_named, setup),
        cmocka_unit_test_setup(test_mssim_frame_carries_code_locality_length_and_command, setup),
        cmocka_unit_test_setup(test_mssim_empty_response_means_powered_off, setup),
        cmocka_unit_test_setup(test_mssim_frame_length_disagreeing_with_header_is_refused,
                               setup),
        cmocka_unit_test_setup(test_mssim_frame_length_below_header_is_refused, setup),
        cmocka_unit_test_setup(test_mssim_frame_above_buffer_is_refused, setup),
        cmocka_unit_test_setup(test_mssim_nonzero_end_marker_is_refused, setup),
        cmocka_unit_test_setup(test_mssim_missing_end_marker_is_truncated, setup),
        cmocka_unit_test_setup(test_mssim_truncated_response_is_reported, setup),
        cmocka_unit_test_setup(test_mssim_silence_times_out, setup),
        cmocka_unit_test_setup(test_mssim_platform_refusal_is_reported, setup),
        cmocka_unit_test_setup(test_mssim_missing_unix_socket_is_named, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
