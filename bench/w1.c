/* w1.c - workload W1 on libtpm2lite, the twin of ../shared/peers/esys_w1.c (same steps,
 * same checks, same options, same phase names), so the two can be timed side by side.
 *
 *     bench_w1 [-T tcti] [-g n] [-p n] [-u n] [-v]
 *
 * TCTI: -T conf, else $TPM2LITE_TCTI, $TCTI, $TPM2TOOLS_TCTI (as the CLI). -v prints
 * per-phase wall times to stderr. The work itself is in w1_core.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "w1_core.h"

static int verbose;
static double t_phase;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void phase(void *arg, const char *name)
{
    (void)arg;
    double t = now();
    if (verbose && name)
        fprintf(stderr, "  %-28s %8.2f ms\n", name, (t - t_phase) * 1e3);
    t_phase = t;
}

int main(int argc, char **argv)
{
    static tpm2l_tcti_any tcti;
    static tpm2l_ctx ctx;
    static w1_opts o = {.n_rand = 200, .n_pcr = 200, .n_unseal = 50, .phase = phase};
    const char *conf = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "T:g:p:u:v")) != -1) {
        switch (opt) {
        case 'T': conf = optarg; break;
        case 'g': o.n_rand = atoi(optarg); break;
        case 'p': o.n_pcr = atoi(optarg); break;
        case 'u': o.n_unseal = atoi(optarg); break;
        case 'v': verbose = 1; break;
        default:
            fprintf(stderr, "usage: %s [-T tcti] [-g n] [-p n] [-u n] [-v]\n", argv[0]);
            return 2;
        }
    }

    double t0 = now();
    t_phase = t0;
    TPM2_RC rc = conf ? tpm2l_tcti_open(&tcti, conf) : tpm2l_tcti_open_env(&tcti);
    if (rc) {
        fprintf(stderr, "tcti: %s\n", tcti.base.err[0] ? tcti.base.err : tpm2l_rc_str(rc).s);
        return 2;
    }
    tpm2l_ctx_init(&ctx, &tcti.base);
    phase(NULL, "init tcti+esys");

    int st = w1_run(&ctx, &o);
    if (st)
        fprintf(stderr, "%s\n", o.err);
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tcti.base);
    if (st)
        return 1;
    phase(NULL, "(g) flush+finalize");
    if (verbose)
        fprintf(stderr, "  %-28s %8.2f ms\n", "total", (now() - t0) * 1e3);
    printf("ok: %d getrandom, %d pcr_read, %d unseal\n", o.n_rand, o.n_pcr, o.n_unseal);
    return 0;
}
