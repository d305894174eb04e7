/* test_tcti_device.c - the device transport: open errors (missing device, permission
 * denied, with their advice), and reading from a pty standing in for a TPM device
 * whose other end is scripted: a response in pieces, lying sizes, silence. (A pty
 * joined to a real swtpm is covered by test_tcti_sims device_pty.) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "tcti_test.h"

static tpm2l_tcti_device T;
static uint8_t rsp[TPM2L_MAX_MESSAGE];

static void nap(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- open errors ---- */

static void test_missing_device_is_not_found(void **state)
{
    (void)state;
    TPM2_RC rc = tpm2l_tcti_device_open(&T, "/nonexistent/tpmrm0");
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_NOT_FOUND),
                      "tcti(device): no TPM device at /nonexistent/tpmrm0");
    tpm2l_tcti_close(&T.base); /* harmless after a failed open */
}

static void test_permission_denied_mentions_the_tss_group(void **state)
{
    (void)state;
    char dir[] = "/tmp/tpm2lite-dev-XXXXXX";
    assert_non_null(mkdtemp(dir));
    chmod(dir, 0755);
    char path[64];
    snprintf(path, sizeof path, "%s/tpm0", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    assert_true(fd >= 0);
    close(fd);

    /* root opens anything: try as an unprivileged user in a child instead. */
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(2);
        static tpm2l_tcti_device d;
        TPM2_RC rc = tpm2l_tcti_device_open(&d, path);
        char out[256];
        int n = snprintf(out, sizeof out, "%08x %s", (unsigned)rc, d.base.err);
        (void)!write(p[1], out, (size_t)n);
        _exit(0);
    }
    close(p[1]);
    char got[256] = {0};
    ssize_t k = read(p[0], got, sizeof got - 1);
    close(p[0]);
    int st;
    waitpid(pid, &st, 0);
    unlink(path);
    rmdir(dir);
    assert_true(k > 0);
    char want[16];
    snprintf(want, sizeof want, "%08x", (unsigned)TPM2L_RC_TCTI(TPM2L_E_PERMISSION));
    if (strncmp(got, want, 8) != 0 || !strstr(got, "'tss' group"))
        print_error("got \"%s\"\n", got);
    assert_memory_equal(got, want, 8);
    assert_non_null(strstr(got, "permission denied opening"));
    assert_non_null(strstr(got, "'tss' group"));
}

/* ---- a scripted device on a pty ---- */

typedef struct {
    int master;
    uint8_t chunks[3][64];
    size_t chunk_len[3];
    int gap_ms;
    uint8_t got[64];
    size_t got_len;
} pty_script;

static pty_script P;
static pthread_t thr;

static void *pty_peer(void *arg)
{
    (void)arg;
    /* Read one command, then answer in the scripted pieces. */
    while (P.got_len < sizeof GETRANDOM8) {
        ssize_t k = read(P.master, P.got + P.got_len, sizeof GETRANDOM8 - P.got_len);
        if (k <= 0)
            return NULL;
        P.got_len += (size_t)k;
    }
    for (int i = 0; i < 3 && P.chunk_len[i]; i++) {
        if (i)
            nap(P.gap_ms);
        (void)!write(P.master, P.chunks[i], P.chunk_len[i]);
    }
    return NULL;
}

static int pty_setup(void **state)
{
    (void)state;
    memset(&P, 0, sizeof P);
    P.master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (P.master < 0 || grantpt(P.master) != 0 || unlockpt(P.master) != 0)
        return -1;
    /* Raw: no echo, no line discipline, bytes as they are. */
    struct termios tio;
    tcgetattr(P.master, &tio);
    tio.c_iflag = 0;
    tio.c_oflag = 0;
    tio.c_lflag = 0;
    tio.c_cflag = (tio.c_cflag & ~(tcflag_t)(CSIZE | PARENB)) | CS8;
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    tcsetattr(P.master, TCSANOW, &tio);
    return 0;
}

static int pty_teardown(void **state)
{
    (void)state;
    tpm2l_tcti_close(&T.base);
    close(P.master);
    return 0;
}

static void piece(int i, const uint8_t *p, size_t n)
{
    memcpy(P.chunks[i], p, n);
    P.chunk_len[i] = n;
}

static TPM2_RC run_pty(size_t cap)
{
    assert_int_equal(tpm2l_tcti_device_open(&T, ptsname(P.master)), 0);
    tpm2l_tcti_set_timeout(&T.base, 300);
    assert_int_equal(pthread_create(&thr, NULL, pty_peer, NULL), 0);
    size_t n = 0;
    TPM2_RC rc = exchange(&T.base, GETRANDOM8, sizeof GETRANDOM8, rsp, cap, &n);
    pthread_join(thr, NULL);
    return rc;
}

static const uint8_t GOOD[20] = {0x80, 0x01, 0, 0, 0, 20, 0, 0, 0, 0,
                                 0, 8, 1, 2, 3, 4, 5, 6, 7, 8};

static void test_response_in_pieces_is_read_until_complete(void **state)
{
    (void)state;
    piece(0, GOOD, 4);       /* not even a header */
    piece(1, GOOD + 4, 9);   /* header complete, body not */
    piece(2, GOOD + 13, 7);
    P.gap_ms = 40;
    TPM2_RC rc = run_pty(sizeof rsp);
    if (rc)
        print_error("%s\n", T.base.err);
    assert_int_equal(rc, 0);
    assert_memory_equal(rsp, GOOD, sizeof GOOD);
    assert_memory_equal(P.got, GETRANDOM8, sizeof GETRANDOM8);
}

static void test_small_caller_buffer_still_reads_into_4096_bytes(void **state)
{
    (void)state;
    piece(0, GOOD, sizeof GOOD);
    TPM2_RC rc = run_pty(32);
    assert_int_equal(rc, 0);
    assert_memory_equal(rsp, GOOD, sizeof GOOD);
}

static void test_size_above_what_arrives_times_out(void **state)
{
    (void)state;
    piece(0, GOOD, 14); /* header says 20 */
    TPM2_RC rc = run_pty(sizeof rsp);
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_TIMEOUT), "within 300 ms");
}

static void test_size_below_header_is_refused(void **state)
{
    (void)state;
    uint8_t r[10];
    memcpy(r, GOOD, 10);
    r[5] = 2;
    piece(0, r, sizeof r);
    TPM2_RC rc = run_pty(sizeof rsp);
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "size field 2, smaller than the 10-byte header");
}

static void test_size_above_caller_buffer_is_refused(void **state)
{
    (void)state;
    piece(0, GOOD, sizeof GOOD);
    TPM2_RC rc = run_pty(16);
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT),
                      "announces 20 bytes; the buffer holds 16");
}

static void test_more_bytes_than_the_size_field_are_refused(void **state)
{
    (void)state;
    uint8_t r[26];
    memcpy(r, GOOD, 20);
    memset(r + 20, 0xab, 6);
    piece(0, r, sizeof r);
    TPM2_RC rc = run_pty(sizeof rsp);
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                      "returned 26 bytes for a response whose header says 20");
}

static void test_second_command_before_reading_is_refused(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_device_open(&T, ptsname(P.master)), 0);
    assert_int_equal(tpm2l_tcti_transmit(&T.base, GETRANDOM8, sizeof GETRANDOM8), 0);
    TPM2_RC rc = tpm2l_tcti_transmit(&T.base, GETRANDOM8, sizeof GETRANDOM8);
    assert_tcti_error(&T.base, rc, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE), "was not read");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_device_is_not_found),
        cmocka_unit_test(test_permission_denied_mentions_the_tss_group),
        cmocka_unit_test_setup_teardown(test_response_in_pieces_is_read_until_complete,
                                        pty_setup, pty_teardown),
        cmocka_unit_test_setup_teardown(test_small_caller_buffer_still_reads_into_4096_bytes,
                                        pty_setup, pty_teardown),
        cmocka_unit_test_setup_teardown(test_size_above_what_arrives_times_out, pty_setup,
                                        pty_teardown),
        cmocka_unit_test_setup_teardown(test_size_below_header_is_refused, pty_setup,
                                        pty_teardown),
        cmocka_unit_test_setup_teardown(test_size_above_caller_buffer_is_refused, pty_setup,
                                        pty_teardown),
        cmocka_unit_test_setup_teardown(test_more_bytes_than_the_size_field_are_refused,
                                        pty_setup, pty_teardown),
        cmocka_unit_test_setup_teardown(test_second_command_before_reading_is_refused,
                                        pty_setup, pty_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
