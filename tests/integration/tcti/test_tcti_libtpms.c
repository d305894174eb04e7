/* test_tcti_libtpms.c - the in-process libtpms transport: one TPM per process, a
 * clean start after close, memory versus directory state, the startup choices. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim.h"
#include "tcti_test.h"

static tpm2l_tcti_any A, B;
static uint8_t rsp[TPM2L_MAX_MESSAGE];
static char dir[64];

/* TPM2_ReadClock: clockInfo.resetCount counts TPM Resets (Startup(CLEAR) after
 * _TPM_Init), so it shows whether state survived a close. */
static const uint8_t READCLOCK[] = {0x80, 0x01, 0, 0, 0, 0x0a, 0, 0, 0x01, 0x81};
/* TPM2_Shutdown(TPM_SU_STATE). */
static const uint8_t SHUTDOWN_STATE[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x45, 0, 1};

static int mkdir_setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/tpm2lite-libtpms-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int rmdir_teardown(void **state)
{
    (void)state;
    tpm2l_tcti_close(&A.base);
    tpm2l_tcti_close(&B.base);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static uint32_t reset_count(tpm2l_tcti *t)
{
    size_t n = 0;
    assert_int_equal(exchange(t, READCLOCK, sizeof READCLOCK, rsp, sizeof rsp, &n), 0);
    assert_int_equal(rsp_code(rsp), 0);
    assert_true(n >= 35);
    return (uint32_t)rsp[26] << 24 | (uint32_t)rsp[27] << 16 | (uint32_t)rsp[28] << 8 | rsp[29];
}

static uint32_t restart_count(void)
{
    return (uint32_t)rsp[30] << 24 | (uint32_t)rsp[31] << 16 | (uint32_t)rsp[32] << 8 | rsp[33];
}

static void test_second_open_in_one_process_is_refused(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&A, "libtpms:"), 0);
    TPM2_RC rc = tpm2l_tcti_open(&B, "libtpms:mem");
    assert_tcti_error(&B.base, rc, TPM2L_RC_TCTI(TPM2L_E_IN_USE), "one TPM per process");
    /* The first is untouched. */
    size_t n = 0;
    assert_int_equal(exchange(&A.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n), 0);
    assert_int_equal(rsp_code(rsp), 0);
    tpm2l_tcti_close(&B.base); /* closing the refused one must not release A's claim */
    assert_int_equal(tpm2l_tcti_open(&B, "libtpms:"), TPM2L_RC_TCTI(TPM2L_E_IN_USE));
}

static void test_close_releases_the_claim(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&A, "libtpms:"), 0);
    tpm2l_tcti_close(&A.base);
    tpm2l_tcti_close(&A.base);
    assert_int_equal(tpm2l_tcti_open(&B, "libtpms:"), 0);
    size_t n = 0;
    assert_int_equal(exchange(&B.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n), 0);
}

static void test_memory_state_starts_fresh_after_close(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&A, "libtpms:mem"), 0);
    uint32_t first = reset_count(&A.base);
    tpm2l_tcti_close(&A.base);
    assert_int_equal(tpm2l_tcti_open(&A, "libtpms:mem"), 0);
    assert_int_equal(reset_count(&A.base), first);
}

static void test_directory_state_survives_close(void **state)
{
    (void)state;
    char conf[128], file[128];
    snprintf(conf, sizeof conf, "libtpms:dir=%s", dir);
    assert_int_equal(tpm2l_tcti_open(&A, conf), 0);
    uint32_t first = reset_count(&A.base);
    tpm2l_tcti_close(&A.base);
    snprintf(file, sizeof file, "%s/tpm2lite.permall", dir);
    assert_int_equal(access(file, F_OK), 0);
    assert_int_equal(tpm2l_tcti_open(&A, conf), 0);
    assert_int_equal(reset_count(&A.base), first + 1);
}

static void test_saved_state_resumes_with_startup_state(void **state)
{
    (void)state;
    char conf[128];
    snprintf(conf, sizeof conf, "libtpms:dir=%s", dir);
    assert_int_equal(tpm2l_tcti_open(&A, conf), 0);
    uint32_t resets = reset_count(&A.base);
    uint32_t restarts = restart_count();
    size_t n = 0;
    assert_int_equal(exchange(&A.base, SHUTDOWN_STATE, sizeof SHUTDOWN_STATE, rsp, sizeof rsp,
                              &n), 0);
    assert_int_equal(rsp_code(rsp), 0);
    tpm2l_tcti_close(&A.base);
    snprintf(conf, sizeof conf, "libtpms:dir=%s,startup=state", dir);
    TPM2_RC rc = tpm2l_tcti_open(&A, conf);
    if (rc)
        print_error("%s\n", A.base.err);
    assert_int_equal(rc, 0);
    /* TPM Resume: same reset count, one more restart. */
    assert_int_equal(reset_count(&A.base), resets);
    assert_int_equal(restart_count(), restarts + 1);
}

static void test_startup_state_without_saved_state_fails_and_releases(void **state)
{
    (void)state;
    char conf[128];
    snprintf(conf, sizeof conf, "libtpms:dir=%s,startup=state", dir);
    TPM2_RC rc = tpm2l_tcti_open(&A, conf);
    assert_tcti_error(&A.base, rc, TPM2L_RC_TCTI(TPM2L_E_GENERAL), "TPM2_Startup(STATE)");
    assert_non_null(strstr(A.base.err, "no state saved"));
    assert_int_equal(tpm2l_tcti_open(&B, "libtpms:"), 0);
}

static void test_startup_none_leaves_startup_to_the_caller(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&A, "libtpms:startup=none"), 0);
    size_t n = 0;
    assert_int_equal(exchange(&A.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n), 0);
    assert_int_equal(rsp_code(rsp), TPM_RC_INITIALIZE);
    assert_int_equal(exchange(&A.base, STARTUP_CLEAR, sizeof STARTUP_CLEAR, rsp, sizeof rsp, &n),
                     0);
    assert_int_equal(rsp_code(rsp), 0);
    assert_int_equal(exchange(&A.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n), 0);
    assert_int_equal(rsp_code(rsp), 0);
}

static void test_missing_directory_is_not_found(void **state)
{
    (void)state;
    TPM2_RC rc = tpm2l_tcti_open(&A, "libtpms:dir=/nonexistent/state");
    assert_tcti_error(&A.base, rc, TPM2L_RC_TCTI(TPM2L_E_NOT_FOUND),
                      "state directory /nonexistent/state does not exist");
    assert_int_equal(tpm2l_tcti_open(&B, "libtpms:"), 0); /* no claim left behind */
}

static void test_physical_presence_and_cancel_need_an_open_tpm(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&A, "libtpms:"), 0);
    assert_int_equal(tpm2l_tcti_libtpms_set_physical_presence(&A.libtpms, 1), 0);
    assert_int_equal(tpm2l_tcti_cancel(&A.base), 0);
    tpm2l_tcti_close(&A.base);
    assert_int_equal(tpm2l_tcti_libtpms_set_physical_presence(&A.libtpms, 1),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_second_open_in_one_process_is_refused,
                                        mkdir_setup, rmdir_teardown),
        cmocka_unit_test_setup_teardown(test_close_releases_the_claim, mkdir_setup,
                                        rmdir_teardown),
        cmocka_unit_test_setup_teardown(test_memory_state_starts_fresh_after_close, mkdir_setup,
                                        rmdir_teardown),
        cmocka_unit_test_setup_teardown(test_directory_state_survives_close, mkdir_setup,
                                        rmdir_teardown),
        cmocka_unit_test_setup_teardown(test_saved_state_resumes_with_startup_state,
                                        mkdir_setup, rmdir_teardown),
        cmocka_unit_test_setup_teardown(test_startup_state_without_saved_state_fails_and_releases,
                                        mkdir_setup, rmdir_teardown),
        cmocka_unit_test_setup_teardown(test_startup_none_leaves_startup_to_the_caller,
                                        mkdir_setup, rmdir_teardown),
        cmocka_unit_test_setup_teardown(test_missing_directory_is_not_found, mkdir_setup,
                                        rmdir_teardown),
        cmocka_unit_test_setup_teardown(test_physical_presence_and_cancel_need_an_open_tpm,
                                        mkdir_setup, rmdir_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
