/* w1_core.h - workload W1 (the twin of ../shared/peers/esys_w1.c) as a function, so the
 * benchmark program and the allocation-count test run exactly the same code.
 *
 * It never opens or closes the transport (the caller does), prints nothing but the
 * one-line failure detail it writes into err, and allocates nothing itself.
 */
#ifndef TPM2LITE_BENCH_W1_CORE_H
#define TPM2LITE_BENCH_W1_CORE_H

#include <stddef.h>

#include <tpm2lite/tpm2lite.h>
#include <tpm2lite/tcti_impl.h>

typedef struct {
    int n_rand, n_pcr, n_unseal;
    /* Called at the end of every phase with esys_w1's phase name (may be NULL). */
    void (*phase)(void *arg, const char *name);
    void *arg;
    char err[768]; /* why w1_run failed */
} w1_opts;

/* Run W1 on ctx (initialised on an open transport); 0 when every result checked out. */
int w1_run(tpm2l_ctx *ctx, w1_opts *o);

#endif
