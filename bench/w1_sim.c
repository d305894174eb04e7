/* w1_sim.c - the bench suite's smoke run: W1 once (small counts) against a swtpm this
 * program starts and stops itself. It must complete and every result must check out;
 * nothing is timed.
 */
#include <stdio.h>

#include "tests/helpers/sim.h"
#include "w1_core.h"

int main(void)
{
    static sim_t sim;
    static tpm2l_tcti_any tcti;
    static tpm2l_ctx ctx;
    static w1_opts o = {.n_rand = 10, .n_pcr = 10, .n_unseal = 3};
    if (sim_start(SIM_SWTPM_TCP, &sim)) {
        fprintf(stderr, "sim: %s\n", sim.err);
        return 1;
    }
    int st = 1;
    TPM2_RC rc = tpm2l_tcti_open(&tcti, sim.tcti);
    if (rc) {
        fprintf(stderr, "tcti: %s\n", tcti.base.err);
        goto out;
    }
    tpm2l_ctx_init(&ctx, &tcti.base);
    st = w1_run(&ctx, &o);
    if (st)
        fprintf(stderr, "W1: %s\n", o.err);
    else
        printf("ok: W1 on %s\n", sim_kind_name(sim.kind));
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tcti.base);
out:
    sim_stop(&sim);
    return st;
}
