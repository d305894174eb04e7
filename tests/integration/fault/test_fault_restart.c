/* test_fault_restart.c - swtpm killed (SIGKILL) in the middle of a workload, then
 * restarted on the same state directory and ports: the library reports the loss as a
 * transport error naming the endpoint, and a fresh context on the restarted swtpm
 * finds the persistent object made before the kill.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim.h"
#include "tpm2lite/command.h"
#include "tpm2lite/templates.h"

#define PERSISTENT 0x81000002u

static sim_t sim;

static void nap_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void kill_swtpm(void)
{
    int status;
    assert_true(sim.pgid > 0);
    kill(-sim.pgid, SIGKILL);
    while (waitpid(sim.pgid, &status, 0) < 0 && errno == EINTR) {
    }
}

/* The same command line sim.c uses, on the same directory and ports; registered in
 * sim.pgid so that sim_stop() ends it. */
static void restart_swtpm(void)
{
    char state[260], server[64], ctrl[64];
    snprintf(state, sizeof state, "dir=%s", sim.dir);
    snprintf(server, sizeof server, "type=tcp,port=%u", (unsigned)sim.port);
    snprintf(ctrl, sizeof ctrl, "type=tcp,port=%u", (unsigned)sim.port + 1);
    pid_t parent = getpid();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(99);
        execlp("swtpm", "swtpm", "socket", "--tpm2", "--tpmstate", state, "--server", server,
               "--ctrl", ctrl, "--flags", "not-need-init,startup-clear", (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    sim.pgid = pid;
}

static TPM2_RC get_random(tpm2l_ctx *ctx)
{
    static tpm2l_GetRandom_out out;
    const tpm2l_GetRandom_in in = {.bytesRequested = 16};
    return tpm2l_GetRandom(ctx, &in, &out);
}

static void killed_swtpm_is_reported_and_a_restart_recovers(void **state)
{
    (void)state;
    static tpm2l_tcti_any any;
    static tpm2l_ctx ctx;
    static tpm2l_CreatePrimary_in cp;
    static tpm2l_CreatePrimary_out key;
    static tpm2l_EvictControl_in ev;
    static tpm2l_ReadPublic_out pub;
    char endpoint[64];
    snprintf(endpoint, sizeof endpoint, "127.0.0.1:%u", (unsigned)sim.port);

    assert_int_equal(tpm2l_tcti_open(&any, sim.tcti), 0);
    tpm2l_tcti_set_timeout(&any.base, 10000);
    tpm2l_ctx_init(&ctx, &any.base);
    memset(&cp, 0, sizeof cp);
    assert_int_equal(tpm2l_auth_handle_set(&cp.primaryHandle, TPM2_RH_OWNER, NULL, 0), 0);
    assert_int_equal(tpm2l_template_primary(&cp.inPublic.publicArea, TPM2_ALG_ECC), 0);
    assert_int_equal(tpm2l_CreatePrimary(&ctx, &cp, &key), 0);
    memset(&ev, 0, sizeof ev);
    assert_int_equal(tpm2l_auth_handle_set(&ev.auth, TPM2_RH_OWNER, NULL, 0), 0);
    ev.objectHandle = key.objectHandle;
    ev.persistentHandle = PERSISTENT;
    assert_int_equal(tpm2l_EvictControl(&ctx, &ev, NULL), 0);

    /* Mid-workload: a command is out when swtpm dies. */
    static const uint8_t cmd[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 8};
    uint8_t rsp[64];
    size_t n = 0;
    for (int i = 0; i < 3; i++)
        assert_int_equal(get_random(&ctx), 0);
    /* Stopped first, so the command is surely still unanswered when swtpm dies. */
    kill(-sim.pgid, SIGSTOP);
    assert_int_equal(tpm2l_tcti_transmit(&any.base, cmd, sizeof cmd), 0);
    kill_swtpm();
    TPM2_RC rc = tpm2l_tcti_receive(&any.base, rsp, sizeof rsp, &n);
    assert_int_equal(rc & TPM2L_LAYER_MASK, TPM2L_LAYER_TCTI);
    assert_non_null(strstr(any.base.err, endpoint));
    printf("# in flight: %s\n", any.base.err);

    /* The next library call: nobody listens any more. */
    rc = get_random(&ctx);
    assert_int_equal(rc, TPM2L_RC_TCTI(TPM2L_E_CONNECT));
    assert_non_null(strstr(tpm2l_ctx_error(&ctx), endpoint));
    printf("# after the kill: %s\n", tpm2l_ctx_error(&ctx));

    restart_swtpm();
    static tpm2l_tcti_any fresh;
    static tpm2l_ctx fctx;
    rc = 1;
    for (int i = 0; i < 500 && rc; i++) {
        rc = tpm2l_tcti_open(&fresh, sim.tcti);
        if (rc)
            nap_ms(20);
    }
    assert_int_equal(rc, 0);
    /* The old transport was disconnected by its error: close it before swtpm, which
     * serves one connection at a time, is asked through the new one. */
    tpm2l_tcti_close(&any.base);
    tpm2l_tcti_set_timeout(&fresh.base, 10000);
    tpm2l_ctx_init(&fctx, &fresh.base);
    const tpm2l_ReadPublic_in rp = {.objectHandle = {.handle = PERSISTENT}};
    rc = tpm2l_ReadPublic(&fctx, &rp, &pub);
    if (rc)
        fail_msg("ReadPublic after restart: %s", tpm2l_ctx_error(&fctx));
    assert_int_equal(pub.name.size, key.name.size);
    assert_memory_equal(pub.name.name, key.name.name, key.name.size);
    assert_int_equal(get_random(&fctx), 0);
    ev.objectHandle.handle = PERSISTENT;
    ev.objectHandle.name = pub.name;
    assert_int_equal(tpm2l_EvictControl(&fctx, &ev, NULL), 0);
    tpm2l_ctx_close(&fctx);
    tpm2l_tcti_close(&fresh.base);
    tpm2l_ctx_close(&ctx);
}

static int setup(void **state)
{
    (void)state;
    if (sim_start(SIM_SWTPM_TCP, &sim) != 0) {
        fprintf(stderr, "sim_start: %s\n", sim.err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sim_stop(&sim);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(killed_swtpm_is_reported_and_a_restart_recovers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
