/* test_tcti_swtpm.c - the swtpm transport's control channel against a real swtpm:
 * locality, cancel, CMD_INIT, and the UNIX control-socket naming. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sim.h"
#include "tcti_test.h"

static sim_t tcp, ux;
static tpm2l_tcti_any any;
static uint8_t rsp[TPM2L_MAX_MESSAGE];

static int group_setup(void **state)
{
    (void)state;
    if (sim_start(SIM_SWTPM_TCP, &tcp) != 0 || sim_start(SIM_SWTPM_UNIX, &ux) != 0) {
        print_error("sim_start: %s%s\n", tcp.err, ux.err);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    sim_stop(&tcp);
    sim_stop(&ux);
    return 0;
}

static int close_any(void **state)
{
    (void)state;
    tpm2l_tcti_close(&any.base);
    return 0;
}

static uint32_t code_of(const uint8_t *cmd, size_t len)
{
    size_t n = 0;
    TPM2_RC rc = exchange(&any.base, cmd, len, rsp, sizeof rsp, &n);
    if (rc)
        print_error("%s\n", any.base.err);
    assert_int_equal(rc, 0);
    return rsp_code(rsp);
}

static void test_locality_swtpm_rejects_is_reported_with_its_result(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&any, tcp.tcti), 0);
    char want[96];
    snprintf(want, sizeof want, "CMD_SET_LOCALITY on 127.0.0.1:%u failed with TPM result 0x3d",
             (unsigned)(tcp.port + 1));
    TPM2_RC rc = tpm2l_tcti_set_locality(&any.base, 7);
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE), want);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), 0); /* data path unharmed */
}

static void test_cancel_is_accepted_by_swtpm(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&any, tcp.tcti), 0);
    assert_int_equal(tpm2l_tcti_cancel(&any.base), 0);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), 0);
}

static void test_init_requires_startup_again(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&any, tcp.tcti), 0);
    TPM2_RC rc = tpm2l_tcti_swtpm_init(&any.swtpm, 0);
    if (rc)
        print_error("%s\n", any.base.err);
    assert_int_equal(rc, 0);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), TPM_RC_INITIALIZE);
    assert_int_equal(code_of(STARTUP_CLEAR, sizeof STARTUP_CLEAR), 0);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), 0);
}

static void test_unix_control_socket_defaults_to_path_dot_ctrl(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&any, ux.tcti), 0);
    assert_int_equal(tpm2l_tcti_set_locality(&any.base, 2), 0);
    assert_int_equal(code_of(PCR_RESET_20, sizeof PCR_RESET_20), 0);
    assert_int_equal(tpm2l_tcti_set_locality(&any.base, 0), 0);
}

static void test_unix_control_socket_can_be_named(void **state)
{
    (void)state;
    char conf[700];
    snprintf(conf, sizeof conf, "swtpm:path=%s/swtpm.sock,ctrl=%s/swtpm.sock.ctrl", ux.dir,
             ux.dir);
    assert_int_equal(tpm2l_tcti_open(&any, conf), 0);
    assert_int_equal(tpm2l_tcti_set_locality(&any.base, 0), 0);
    tpm2l_tcti_close(&any.base);

    snprintf(conf, sizeof conf, "swtpm:path=%s/swtpm.sock,ctrl=%s/nothing", ux.dir, ux.dir);
    assert_int_equal(tpm2l_tcti_open(&any, conf), 0);
    TPM2_RC rc = tpm2l_tcti_set_locality(&any.base, 0);
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_CONNECT), "/nothing");
}

static void test_control_on_a_transport_that_is_not_swtpm_is_refused(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&any, tcp.tcti), 0);
    tpm2l_tcti_close(&any.base);
    TPM2_RC rc = tpm2l_tcti_swtpm_control(&any.swtpm, TPM2L_SWTPM_CMD_CANCEL_TPM_CMD, NULL, 0);
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                      "not an open swtpm transport");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_locality_swtpm_rejects_is_reported_with_its_result,
                                  close_any),
        cmocka_unit_test_teardown(test_cancel_is_accepted_by_swtpm, close_any),
        cmocka_unit_test_teardown(test_init_requires_startup_again, close_any),
        cmocka_unit_test_teardown(test_unix_control_socket_defaults_to_path_dot_ctrl, close_any),
        cmocka_unit_test_teardown(test_unix_control_socket_can_be_named, close_any),
        cmocka_unit_test_teardown(test_control_on_a_transport_that_is_not_swtpm_is_refused,
                                  close_any),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
