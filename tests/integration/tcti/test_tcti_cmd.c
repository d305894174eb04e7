/* test_tcti_cmd.c - the cmd transport's failure modes with real child processes: a
 * child that exits, is not found, prints a banner, answers short or never, dies while
 * we write (SIGPIPE), or will not exit at close. (A child that relays to a real TPM is
 * covered by test_tcti_sims cmd_socat.) */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "tcti_test.h"

static tpm2l_tcti_cmd T;
static uint8_t rsp[TPM2L_MAX_MESSAGE];

static void nap(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static TPM2_RC run(void)
{
    size_t n = 0;
    return exchange(&T.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n);
}

static int gone(pid_t pid)
{
    int st;
    return kill(pid, 0) == -1 && errno == ESRCH && waitpid(pid, &st, WNOHANG) == -1;
}

static void test_child_answering_a_response_works_twice(void **state)
{
    (void)state;
    /* A shell "TPM": reads each 12-byte command and prints a fixed 10-byte response. */
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "while head -c 12 >/dev/null; do "
                                             "printf '\\200\\001\\000\\000\\000\\012"
                                             "\\000\\000\\000\\000'; done"),
                     0);
    tpm2l_tcti_set_timeout(&T.base, 5000);
    for (int i = 0; i < 2; i++) {
        size_t n = 0;
        TPM2_RC rc = exchange(&T.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n);
        if (rc)
            print_error("%s\n", T.base.err);
        assert_int_equal(rc, 0);
        assert_int_equal(n, 10);
    }
    pid_t pid = T.pid;
    tpm2l_tcti_close(&T.base);
    assert_true(gone(pid));
}

static void test_child_that_exits_is_reported_with_its_status(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "exit 3"), 0);
    pid_t pid = T.pid;
    nap(100);
    TPM2_RC rc = run();
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_CHILD_EXITED),
                      "`exit 3` exited with status 3");
    assert_true(gone(pid)); /* reaped when the exit was noticed */
    tpm2l_tcti_close(&T.base);
}

static void test_missing_command_is_reported_as_not_found(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "/nonexistent/tpm-relay --flag"), 0);
    TPM2_RC rc = run();
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_CHILD_EXITED),
                      "status 127 (command not found?)");
    assert_non_null(strstr(T.base.err, "/nonexistent/tpm-relay"));
    tpm2l_tcti_close(&T.base);
}

static void test_banner_on_stdout_is_shown(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "echo 'SSH-2.0-OpenSSH_9.2p1'; cat >/dev/null"), 0);
    TPM2_RC rc = run();
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "printed \"SSH-2.0-Op\" instead of a TPM response");
    /* The stream is out of step now: refuse to go on. */
    assert_int_equal(tpm2l_tcti_transmit(&T.base, GETRANDOM8, sizeof GETRANDOM8),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE));
    tpm2l_tcti_close(&T.base);
}

static void test_short_response_then_exit_is_reported(void **state)
{
    (void)state;
    /* Header announces 20 bytes; 2 follow; then the child exits with status 0. */
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "head -c 12 >/dev/null; printf "
                                             "'\\200\\001\\000\\000\\000\\024\\000\\000\\000"
                                             "\\000\\000\\010'"),
                     0);
    TPM2_RC rc = run();
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_CHILD_EXITED),
                      "exited with status 0 before sending a whole response");
    tpm2l_tcti_close(&T.base);
}

static void test_oversized_response_is_refused_before_reading_it(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "head -c 12 >/dev/null; printf "
                                             "'\\200\\001\\000\\000\\047\\020\\000\\000\\000"
                                             "\\000'; sleep 5"),
                     0);
    TPM2_RC rc = run();
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT),
                      "announces 10000 bytes; the buffer holds 4096");
    tpm2l_tcti_close(&T.base);
}

static void test_silent_child_times_out(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "cat >/dev/null"), 0);
    tpm2l_tcti_set_timeout(&T.base, 200);
    TPM2_RC rc = run();
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_TIMEOUT), "within 200 ms");
    assert_non_null(strstr(T.base.err, "`cat >/dev/null`"));
    tpm2l_tcti_close(&T.base);
}

static void test_child_gone_before_we_write_does_not_kill_us(void **state)
{
    (void)state;
    /* Nobody ignores SIGPIPE here: the default action would end this process. */
    signal(SIGPIPE, SIG_DFL);
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "exec true"), 0);
    nap(200); /* the child has exited: its stdin's read end is closed */
    TPM2_RC rc = tpm2l_tcti_transmit(&T.base, GETRANDOM8, sizeof GETRANDOM8);
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_CHILD_EXITED),
                      "`exec true` exited with status 0 before reading the command");
    sigset_t pending;
    sigpending(&pending);
    assert_false(sigismember(&pending, SIGPIPE)); /* consumed, not left behind */
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
    assert_false(sigismember(&mask, SIGPIPE)); /* and our mask is as it was */
    tpm2l_tcti_close(&T.base);
}

static void test_close_reaps_a_child_that_exits_on_eof(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "cat >/dev/null"), 0);
    pid_t pid = T.pid;
    assert_true(pid > 0);
    tpm2l_tcti_close(&T.base);
    assert_true(gone(pid));
    tpm2l_tcti_close(&T.base); /* twice is harmless */
}

static void test_close_kills_a_child_that_ignores_eof_and_sigterm(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "trap '' TERM; exec sleep 30"), 0);
    pid_t pid = T.pid;
    nap(100); /* let the shell set its trap */
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    tpm2l_tcti_close(&T.base);
    clock_gettime(CLOCK_MONOTONIC, &b);
    assert_true(gone(pid));
    assert_true(b.tv_sec - a.tv_sec < 10);
}

static void test_child_does_not_inherit_our_descriptors(void **state)
{
    (void)state;
    /* Our ends of its pipes (CLOEXEC) must not be open in the child. */
    assert_int_equal(tpm2l_tcti_cmd_open(&T, "cat >/dev/null"), 0);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)T.pid, T.to_child);
    nap(50);
    assert_int_not_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)T.pid, T.from_child);
    assert_int_not_equal(access(path, F_OK), 0);
    tpm2l_tcti_close(&T.base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_child_answering_a_response_works_twice),
        cmocka_unit_test(test_child_that_exits_is_reported_with_its_status),
        cmocka_unit_test(test_missing_command_is_reported_as_not_found),
        cmocka_unit_test(test_banner_on_stdout_is_shown),
        cmocka_unit_test(test_short_response_then_exit_is_reported),
        cmocka_unit_test(test_oversized_response_is_refused_before_reading_it),
        cmocka_unit_test(test_silent_child_times_out),
        cmocka_unit_test(test_child_gone_before_we_write_does_not_kill_us),
        cmocka_unit_test(test_close_reaps_a_child_that_exits_on_eof),
        cmocka_unit_test(test_close_kills_a_child_that_ignores_eof_and_sigterm),
        cmocka_unit_test(test_child_does_not_inherit_our_descriptors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
