/* test_tcti_sims.c - every transport against a real TPM: run once per sim kind
 * (argv[1] = sim_kind_name), each run its own meson test so they go in parallel. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim.h"
#include "tcti_test.h"

static sim_t sim;
static tpm2l_tcti_any any; /* large: static */
static uint8_t rsp[TPM2L_MAX_MESSAGE];

static int group_setup(void **state)
{
    (void)state;
    if (sim_start(sim.kind, &sim) != 0) {
        print_error("sim_start(%s): %s\n", sim_kind_name(sim.kind), sim.err);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    sim_stop(&sim);
    return 0;
}

static int open_sim(void **state)
{
    (void)state;
    TPM2_RC rc = tpm2l_tcti_open(&any, sim.tcti);
    if (rc)
        print_error("open %s: %s\n", sim.tcti, any.base.err);
    tpm2l_tcti_set_timeout(&any.base, 30000);
    return rc ? -1 : 0;
}

static int close_sim(void **state)
{
    (void)state;
    tpm2l_tcti_close(&any.base);
    return 0;
}

static void test_getrandom_answers_success_with_8_bytes(void **state)
{
    (void)state;
    size_t n = 0;
    TPM2_RC rc = exchange(&any.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n);
    if (rc)
        print_error("%s\n", any.base.err);
    assert_int_equal(rc, 0);
    assert_int_equal(n, 20);
    assert_int_equal(rsp[0], 0x80);
    assert_int_equal(rsp[1], 0x01);
    assert_int_equal(rsp_code(rsp), 0);
    assert_int_equal(rsp[10], 0);
    assert_int_equal(rsp[11], 8); /* TPM2B_DIGEST size */
}

/* The identity of the connection or child, to show it is kept across exchanges. */
static long connection_id(void)
{
    switch (sim.kind) {
    case SIM_SWTPM_TCP:
    case SIM_SWTPM_UNIX:
        return any.swtpm.fd;
    case SIM_MSSIM_ON_SWTPM:
    case SIM_MSSIM_SERVER:
        return any.mssim.cmd_fd;
    case SIM_CMD_SOCAT:
        return (long)any.cmd.pid;
    case SIM_DEVICE_PTY:
        return any.device.fd;
    default:
        return 0;
    }
}

static void test_many_exchanges_share_one_connection(void **state)
{
    (void)state;
    long id = connection_id();
    uint8_t prev[8] = {0};
    int differ = 0;
    for (int i = 0; i < 200; i++) {
        size_t n = 0;
        TPM2_RC rc = exchange(&any.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n);
        if (rc)
            print_error("exchange %d: %s\n", i, any.base.err);
        assert_int_equal(rc, 0);
        assert_int_equal(n, 20);
        assert_int_equal(rsp_code(rsp), 0);
        differ |= memcmp(prev, rsp + 12, 8) != 0;
        memcpy(prev, rsp + 12, 8);
    }
    assert_true(differ);
    assert_int_equal(connection_id(), id);
}

static void test_larger_response_arrives_whole(void **state)
{
    (void)state;
    size_t n = 0;
    TPM2_RC rc = exchange(&any.base, GETCAP_COMMANDS, sizeof GETCAP_COMMANDS, rsp, sizeof rsp,
                          &n);
    if (rc)
        print_error("%s\n", any.base.err);
    assert_int_equal(rc, 0);
    assert_int_equal(rsp_code(rsp), 0);
    assert_true(n > 300);
    assert_int_equal(n, (size_t)rsp[2] << 24 | (size_t)rsp[3] << 16 | (size_t)rsp[4] << 8 | rsp[5]);
}

static void test_receive_without_transmit_is_a_sequence_error(void **state)
{
    (void)state;
    size_t n = 0;
    TPM2_RC rc = tpm2l_tcti_receive(&any.base, rsp, sizeof rsp, &n);
    assert_int_equal(rc, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE));
}

static void test_response_larger_than_buffer_is_refused(void **state)
{
    (void)state;
    uint8_t small[16];
    size_t n = 0;
    TPM2_RC rc = exchange(&any.base, GETRANDOM8, sizeof GETRANDOM8, small, sizeof small, &n);
    assert_int_equal(rc, TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT));
    assert_non_null(strstr(any.base.err, "20"));
}

static void test_locality_2_reaches_the_tpm(void **state)
{
    (void)state;
    size_t n = 0;
    TPM2_RC rc = tpm2l_tcti_set_locality(&any.base, 0);
    if (sim.kind == SIM_CMD_SOCAT || sim.kind == SIM_DEVICE_PTY) {
        assert_int_equal(rc, TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED));
        return;
    }
    assert_int_equal(rc, 0);
    rc = exchange(&any.base, PCR_RESET_20, sizeof PCR_RESET_20, rsp, sizeof rsp, &n);
    assert_int_equal(rc, 0);
    assert_int_equal(rsp_code(rsp), TPM_RC_LOCALITY);

    rc = tpm2l_tcti_set_locality(&any.base, 2);
    if (rc)
        print_error("%s\n", any.base.err);
    assert_int_equal(rc, 0);
    rc = exchange(&any.base, PCR_RESET_20, sizeof PCR_RESET_20, rsp, sizeof rsp, &n);
    assert_int_equal(rc, 0);
    assert_int_equal(rsp_code(rsp), 0);
    assert_int_equal(tpm2l_tcti_set_locality(&any.base, 0), 0);
}

static void test_close_twice_then_transmit_fails_cleanly(void **state)
{
    (void)state;
    tpm2l_tcti_close(&any.base);
    tpm2l_tcti_close(&any.base);
    if (any.base.ops && any.base.ops->close)
        any.base.ops->close(&any.base); /* the transport's own close, again */
    TPM2_RC rc = tpm2l_tcti_transmit(&any.base, GETRANDOM8, sizeof GETRANDOM8);
    assert_int_equal(rc, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE));
}

static void test_reopen_after_close_works(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        size_t n = 0;
        assert_int_equal(tpm2l_tcti_open(&any, sim.tcti), 0);
        TPM2_RC rc = exchange(&any.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n);
        if (rc)
            print_error("%s\n", any.base.err);
        assert_int_equal(rc, 0);
        tpm2l_tcti_close(&any.base);
    }
}

static void test_tpm2_tools_reach_the_same_tpm(void **state)
{
    (void)state;
    const char *tools = sim_tools_tcti(&sim);
    if (!tools)
        skip(); /* in-process libtpms: no other process can reach it */
    const char *argv[] = {"tpm2_getrandom", "--tcti", tools, "--hex", "8", NULL};
    char out[512];
    int st = sim_run(argv, out, sizeof out, 30000);
    if (st != 0)
        print_error("tpm2_getrandom --tcti %s: status %d: %s\n", tools, st, out);
    assert_int_equal(st, 0);
    assert_int_equal(strlen(out), 16);
}

int main(int argc, char **argv)
{
    int kind = -1;
    for (int k = 0; argc > 1 && k < SIM_KIND_COUNT; k++)
        if (strcmp(argv[1], sim_kind_name((sim_kind)k)) == 0)
            kind = k;
    if (kind < 0) {
        fprintf(stderr, "usage: %s SIM_KIND\n", argv[0]);
        return 2;
    }
    sim.kind = (sim_kind)kind;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_getrandom_answers_success_with_8_bytes, open_sim,
                                        close_sim),
        cmocka_unit_test_setup_teardown(test_many_exchanges_share_one_connection, open_sim,
                                        close_sim),
        cmocka_unit_test_setup_teardown(test_larger_response_arrives_whole, open_sim,
                                        close_sim),
        cmocka_unit_test_setup_teardown(test_receive_without_transmit_is_a_sequence_error,
                                        open_sim, close_sim),
        cmocka_unit_test_setup_teardown(test_response_larger_than_buffer_is_refused, open_sim,
                                        close_sim),
        cmocka_unit_test_setup_teardown(test_locality_2_reaches_the_tpm, open_sim, close_sim),
        cmocka_unit_test_setup_teardown(test_close_twice_then_transmit_fails_cleanly, open_sim,
                                        close_sim),
        cmocka_unit_test(test_reopen_after_close_works),
        cmocka_unit_test(test_tpm2_tools_reach_the_same_tpm),
    };
    char name[64];
    snprintf(name, sizeof name, "tcti_sims/%s", sim_kind_name(sim.kind));
    return _cmocka_run_group_tests(name, tests, sizeof tests / sizeof tests[0], group_setup,
                                   group_teardown);
}
