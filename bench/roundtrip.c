/* roundtrip.c - GetRandom(8) round-trip time per transport: for each kind it starts a
 * TPM with tests/helpers/sim.h, sends N GetRandom(8) (after a short warm-up) and prints
 * one line "kind median_us mean_us". bench/run.sh turns the lines into a table row.
 *
 *     bench_roundtrip [N=500]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tests/helpers/sim.h"
#include <tpm2lite/tpm2lite.h>
#include <tpm2lite/tcti_impl.h>

#define MAX_N 5000

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec * 1e-3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int one_kind(sim_kind kind, int n)
{
    static sim_t sim;
    static tpm2l_tcti_any tcti;
    static tpm2l_ctx ctx;
    static double t[MAX_N];
    if (sim_start(kind, &sim)) {
        printf("%s - - (%s)\n", sim_kind_name(kind), sim.err);
        return 1;
    }
    int st = 1;
    TPM2_RC rc = tpm2l_tcti_open(&tcti, sim.tcti);
    if (rc) {
        printf("%s - - (%s)\n", sim_kind_name(kind), tcti.base.err);
        goto out;
    }
    tpm2l_ctx_init(&ctx, &tcti.base);
    tpm2l_GetRandom_in in = {.bytesRequested = 8};
    tpm2l_GetRandom_out o;
    double sum = 0;
    for (int i = -20; i < n; i++) {
        double t0 = now_us();
        rc = tpm2l_GetRandom(&ctx, &in, &o);
        double dt = now_us() - t0;
        if (rc || o.randomBytes.size != 8) {
            printf("%s - - (GetRandom: %s)\n", sim_kind_name(kind), tpm2l_rc_str(rc).s);
            goto close;
        }
        if (i >= 0) {
            t[i] = dt;
            sum += dt;
        }
    }
    qsort(t, (size_t)n, sizeof t[0], cmp);
    printf("%s %.1f %.1f\n", sim_kind_name(kind), t[n / 2], sum / n);
    st = 0;
close:
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tcti.base);
out:
    sim_stop(&sim);
    return st;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 500;
    if (n < 1 || n > MAX_N)
        n = 500;
    /* Every transport: swtpm (TCP, UNIX), mssim (on swtpm's port and on our full mssim
     * server), cmd (socat), device (a pty socat joins to swtpm), libtpms in-process. */
    static const sim_kind kinds[] = {SIM_SWTPM_TCP,    SIM_SWTPM_UNIX, SIM_MSSIM_ON_SWTPM,
                                     SIM_MSSIM_SERVER, SIM_CMD_SOCAT,  SIM_DEVICE_PTY,
                                     SIM_LIBTPMS};
    int st = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        st |= one_kind(kinds[i], n);
    return st;
}
