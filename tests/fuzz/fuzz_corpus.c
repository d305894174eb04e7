/* fuzz_corpus.c - the corpus file reader (corpus.h, tpm2l_tcti_replay_open_mem) and the
 * replay transport serving what it read.
 *
 * Corpus files are test inputs that people edit by hand and share, so the reader must
 * survive anything. The store is exactly the input's size, the bound corpus.h
 * promises, in its own heap block. A recording that opens is then replayed against
 * itself (each recorded command sent back, each response received), which must work
 * to the end: the reader accepted it, so the transport must serve it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tpm2lite/corpus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tpm2l_tcti_replay *rp = malloc(sizeof *rp);
    uint8_t *store = malloc(size ? size : 1);
    uint8_t *cmd = malloc(TPM2L_MAX_MESSAGE), *rsp = malloc(TPM2L_MAX_MESSAGE);
    if (!rp || !store || !cmd || !rsp)
        goto out;
    if (tpm2l_tcti_replay_open_mem(rp, (const char *)data, size, store, size))
        goto out;
    for (size_t n = 1; n <= rp->n_exchanges; n++) {
        const uint8_t *c, *r;
        size_t clen, rlen, got = 0;
        if (tpm2l_tcti_replay_exchange(rp, n, &c, &clen, &r, &rlen))
            abort(); /* an exchange it counted must be there */
        memcpy(cmd, c, clen);
        if (tpm2l_tcti_transmit(&rp->base, cmd, clen) ||
            tpm2l_tcti_receive(&rp->base, rsp, TPM2L_MAX_MESSAGE, &got) || got != rlen ||
            memcmp(rsp, r, rlen)) {
            fprintf(stderr, "fuzz_corpus: exchange %zu does not replay: %s\n", n,
                    rp->base.err);
            abort();
        }
    }
    if (tpm2l_tcti_replay_finish(rp))
        abort();
    tpm2l_tcti_close(&rp->base);
out:
    free(rp);
    free(store);
    free(cmd);
    free(rsp);
    return 0;
}
