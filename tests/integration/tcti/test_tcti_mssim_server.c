/* test_tcti_mssim_server.c - our mssim test server checked against tpm2-tools' own
 * mssim transport, then our mssim transport against it: power, reset, platform
 * signals, the other command-port codes, UNIX sockets, STOP. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim.h"
#include "tcti_test.h"

extern char **environ;

static sim_t sim;
static tpm2l_tcti_any any;
static uint8_t rsp[TPM2L_MAX_MESSAGE];

static int group_setup(void **state)
{
    (void)state;
    if (sim_start(SIM_MSSIM_SERVER, &sim) != 0) {
        print_error("sim_start: %s\n", sim.err);
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

static int open_ours(void **state)
{
    (void)state;
    TPM2_RC rc = tpm2l_tcti_open(&any, sim.tcti);
    if (rc)
        print_error("%s\n", any.base.err);
    tpm2l_tcti_set_timeout(&any.base, 10000);
    return rc ? -1 : 0;
}

static int close_ours(void **state)
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

static void platform(uint32_t code)
{
    TPM2_RC rc = tpm2l_tcti_mssim_platform(&any.mssim, code);
    if (rc)
        print_error("%s\n", any.base.err);
    assert_int_equal(rc, 0);
}

/* ---- tpm2-tools' mssim transport as the independent peer ---- */

static void test_tpm2_tools_power_on_start_up_and_get_random(void **state)
{
    (void)state;
    /* Power the simulator off with our transport, then let the tools bring it up:
     * their mssim TCTI sends POWER_ON and NV_ON on the platform port itself. */
    assert_int_equal(open_ours(NULL), 0);
    platform(TPM2L_MSSIM_POWER_OFF);
    tpm2l_tcti_close(&any.base);

    char out[512];
    const char *up[] = {"tpm2_startup", "-c", "--tcti", sim.tools, NULL};
    int st = sim_run(up, out, sizeof out, 30000);
    if (st != 0)
        print_error("tpm2_startup: %d: %s\n", st, out);
    assert_int_equal(st, 0);
    const char *rnd[] = {"tpm2_getrandom", "--tcti", sim.tools, "--hex", "8", NULL};
    st = sim_run(rnd, out, sizeof out, 30000);
    if (st != 0)
        print_error("tpm2_getrandom: %d: %s\n", st, out);
    assert_int_equal(st, 0);
    assert_int_equal(strlen(out), 16);
}

/* ---- our mssim transport ---- */

static void test_powered_off_simulator_answers_empty_until_powered_on(void **state)
{
    (void)state;
    platform(TPM2L_MSSIM_POWER_OFF);
    size_t n = 0;
    TPM2_RC rc = exchange(&any.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n);
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE), "powered off");
    assert_int_equal(tpm2l_tcti_mssim_power_on(&any.mssim), 0);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), TPM_RC_INITIALIZE);
    assert_int_equal(code_of(STARTUP_CLEAR, sizeof STARTUP_CLEAR), 0);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), 0);
}

static void test_poweron_key_powers_on_at_open(void **state)
{
    (void)state;
    platform(TPM2L_MSSIM_POWER_OFF);
    tpm2l_tcti_close(&any.base);
    char conf[700];
    snprintf(conf, sizeof conf, "%s,poweron=1", sim.tcti);
    assert_int_equal(tpm2l_tcti_open(&any, conf), 0);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), TPM_RC_INITIALIZE);
    assert_int_equal(code_of(STARTUP_CLEAR, sizeof STARTUP_CLEAR), 0);
}

static void test_reset_and_restart_need_startup_again(void **state)
{
    (void)state;
    platform(TPM2L_MSSIM_RESET);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), TPM_RC_INITIALIZE);
    assert_int_equal(code_of(STARTUP_CLEAR, sizeof STARTUP_CLEAR), 0);
    platform(TPM2L_MSSIM_RESTART);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), TPM_RC_INITIALIZE);
    assert_int_equal(code_of(STARTUP_CLEAR, sizeof STARTUP_CLEAR), 0);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), 0);
}

static void test_platform_signals_are_acknowledged(void **state)
{
    (void)state;
    static const uint32_t codes[] = {TPM2L_MSSIM_PHYS_PRES_ON, TPM2L_MSSIM_PHYS_PRES_OFF,
                                     TPM2L_MSSIM_CANCEL_ON,    TPM2L_MSSIM_CANCEL_OFF,
                                     TPM2L_MSSIM_NV_OFF,       TPM2L_MSSIM_NV_ON,
                                     13 /* KEY_CACHE_ON */,    14 /* KEY_CACHE_OFF */};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        platform(codes[i]);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), 0);
}

static void test_unknown_platform_code_is_refused(void **state)
{
    (void)state;
    TPM2_RC rc = tpm2l_tcti_mssim_platform(&any.mssim, 99);
    assert_tcti_error(&any.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "answered platform code (99) with 1 instead of 0");
    /* The platform connection was dropped by the server; the next one reconnects. */
    tpm2l_tcti_close(&any.base);
    assert_int_equal(open_ours(NULL), 0);
    platform(TPM2L_MSSIM_NV_ON);
}

static void test_cancel_is_raised_and_lowered_around_a_command(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_cancel(&any.base), 0);
    assert_int_equal(any.mssim.cancel_on, 1);
    assert_int_equal(code_of(GETRANDOM8, sizeof GETRANDOM8), 0);
    assert_int_equal(any.mssim.cancel_on, 0);
}

static void test_locality_travels_in_the_frame(void **state)
{
    (void)state;
    assert_int_equal(code_of(PCR_RESET_20, sizeof PCR_RESET_20), TPM_RC_LOCALITY);
    assert_int_equal(tpm2l_tcti_set_locality(&any.base, 2), 0);
    assert_int_equal(code_of(PCR_RESET_20, sizeof PCR_RESET_20), 0);
}

/* ---- command-port codes other than SEND_COMMAND, on a raw socket ---- */

static int raw_connect(uint16_t port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static void send32(int fd, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    assert_int_equal(send(fd, b, 4, MSG_NOSIGNAL), 4);
}

static uint32_t recv32(int fd)
{
    uint8_t b[4];
    size_t got = 0;
    while (got < 4) {
        ssize_t k = recv(fd, b + got, 4 - got, 0);
        assert_true(k > 0);
        got += (size_t)k;
    }
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void test_remote_handshake_reports_version_and_capabilities(void **state)
{
    (void)state;
    int fd = raw_connect(sim.port);
    send32(fd, TPM2L_MSSIM_REMOTE_HANDSHAKE);
    send32(fd, 1);
    assert_int_equal(recv32(fd), 1);    /* server version */
    assert_int_equal(recv32(fd), 0x0d); /* raw mode | platform available | PP */
    assert_int_equal(recv32(fd), 0);
    send32(fd, TPM2L_MSSIM_SESSION_END);
    char c;
    assert_int_equal(recv(fd, &c, 1, 0), 0); /* the server hangs up, no answer */
    close(fd);
}

static void test_hash_signals_and_alternative_result_are_acknowledged(void **state)
{
    (void)state;
    int fd = raw_connect(sim.port);
    send32(fd, 5); /* HASH_START */
    assert_int_equal(recv32(fd), 0);
    send32(fd, 6); /* HASH_DATA, u32 length + bytes */
    send32(fd, 3);
    assert_int_equal(send(fd, "abc", 3, MSG_NOSIGNAL), 3);
    assert_int_equal(recv32(fd), 0);
    send32(fd, 7); /* HASH_END */
    assert_int_equal(recv32(fd), 0);
    send32(fd, 16); /* SET_ALTERNATIVE_RESULT, u32 */
    send32(fd, 0);
    assert_int_equal(recv32(fd), 0);
    send32(fd, TPM2L_MSSIM_SESSION_END);
    close(fd);
}

static void test_command_response_sizes_are_reported(void **state)
{
    (void)state;
    int fd = raw_connect((uint16_t)(sim.port + 1));
    send32(fd, 25); /* GET_COMMAND_RESPONSE_SIZES */
    assert_int_equal(recv32(fd), 16);
    uint32_t largest_cmd = recv32(fd);
    (void)recv32(fd);
    uint32_t largest_rsp = recv32(fd);
    (void)recv32(fd);
    assert_true(largest_cmd >= 10);
    assert_true(largest_rsp >= 10);
    assert_int_equal(recv32(fd), 0);
    send32(fd, TPM2L_MSSIM_SESSION_END);
    close(fd);
}

/* ---- UNIX sockets and STOP, on a server of its own ---- */

static void test_unix_sockets_power_on_start_up_and_stop(void **state)
{
    (void)state;
    char dir[] = "/tmp/tpm2lite-mssim-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sock[64], conf[128];
    snprintf(sock, sizeof sock, "%s/sim", dir);
    char *argv[] = {(char *)(uintptr_t)sim_mssim_server_path(), (char *)(uintptr_t)"--dir", dir,
                    (char *)(uintptr_t)"--unix", sock, NULL};
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, argv[0], NULL, NULL, argv, environ), 0);
    char ctrl[80];
    snprintf(ctrl, sizeof ctrl, "%s.ctrl", sock);
    for (int i = 0; i < 500 && access(ctrl, F_OK) != 0; i++) {
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    snprintf(conf, sizeof conf, "mssim:path=%s,poweron=1", sock);
    static tpm2l_tcti_any u;
    TPM2_RC rc = tpm2l_tcti_open(&u, conf);
    if (rc)
        print_error("%s\n", u.base.err);
    assert_int_equal(rc, 0);
    size_t n = 0;
    assert_int_equal(exchange(&u.base, STARTUP_CLEAR, sizeof STARTUP_CLEAR, rsp, sizeof rsp, &n),
                     0);
    assert_int_equal(rsp_code(rsp), 0);
    assert_int_equal(exchange(&u.base, GETRANDOM8, sizeof GETRANDOM8, rsp, sizeof rsp, &n), 0);
    assert_int_equal(rsp_code(rsp), 0);
    assert_int_equal(tpm2l_tcti_mssim_platform(&u.mssim, TPM2L_MSSIM_STOP), 0);
    tpm2l_tcti_close(&u.base);
    int st = 0;
    pid_t r = 0;
    for (int i = 0; i < 300 && r == 0; i++) {
        r = waitpid(pid, &st, WNOHANG);
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    if (r == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
    }
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(r, pid); /* STOP ended the server */
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tpm2_tools_power_on_start_up_and_get_random),
        cmocka_unit_test_setup_teardown(test_powered_off_simulator_answers_empty_until_powered_on,
                                        open_ours, close_ours),
        cmocka_unit_test_setup_teardown(test_poweron_key_powers_on_at_open, open_ours,
                                        close_ours),
        cmocka_unit_test_setup_teardown(test_reset_and_restart_need_startup_again, open_ours,
                                        close_ours),
        cmocka_unit_test_setup_teardown(test_platform_signals_are_acknowledged, open_ours,
                                        close_ours),
        cmocka_unit_test_setup_teardown(test_unknown_platform_code_is_refused, open_ours,
                                        close_ours),
        cmocka_unit_test_setup_teardown(test_cancel_is_raised_and_lowered_around_a_command,
                                        open_ours, close_ours),
        cmocka_unit_test_setup_teardown(test_locality_travels_in_the_frame, open_ours,
                                        close_ours),
        cmocka_unit_test(test_remote_handshake_reports_version_and_capabilities),
        cmocka_unit_test(test_hash_signals_and_alternative_result_are_acknowledged),
        cmocka_unit_test(test_command_response_sizes_are_reported),
        cmocka_unit_test(test_unix_sockets_power_on_start_up_and_stop),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
