/* fuzz_response.c - the executor's response checks and every wrapper's response parser
 * (fuzz_cmds.c's table), with password sessions where the command has authorised
 * handles, on a scripted transport that answers with the fuzz input.
 *
 * Input: byte 0 picks the command; byte 1 bit 0 asks the harness to write a correct
 * header (tag as sent, size, success) in front of the rest, so the fuzzer spends its
 * time on handles, parameters and sessions; without it the rest is the whole response,
 * header included. A retried response (RETRY, YIELDED, TESTING) is answered the second
 * time with TPM_RC_FAILURE so one input costs one nanosleep at most.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_cmds.h"

static fuzz_in input;
static uint8_t fix_header;

static size_t respond(fuzz_tcti *t, uint8_t *rsp, size_t cap)
{
    if (t->exchanges > 1) {
        static const uint8_t failure[] = {0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x01};
        memcpy(rsp, failure, sizeof failure);
        return sizeof failure;
    }
    size_t at = 0;
    if (fix_header) {
        /* The tag the command was sent with: what a TPM answers success with. */
        rsp[0] = t->cmd[0];
        rsp[1] = t->cmd[1];
        memset(rsp + 2, 0, 8);
        at = 10;
    }
    size_t n = input.n < cap - at ? input.n : cap - at;
    memcpy(rsp + at, input.p, n);
    at += n;
    if (fix_header) {
        rsp[2] = (uint8_t)(at >> 24);
        rsp[3] = (uint8_t)(at >> 16);
        rsp[4] = (uint8_t)(at >> 8);
        rsp[5] = (uint8_t)at;
    }
    return at;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tpm2l_ctx *ctx;
    static fuzz_tcti *tcti;
    static uint8_t counter;
    if (!ctx) {
        /* One context for the process: tpm2l_ctx_init fetches hash methods once. */
        ctx = malloc(sizeof *ctx);
        tcti = malloc(sizeof *tcti);
        if (!ctx || !tcti)
            return 0;
        fuzz_tcti_init(tcti, respond, NULL);
        tpm2l_ctx_init(ctx, &tcti->base);
    }
    if (size < 2)
        return 0;
    input.p = data + 2;
    input.n = size - 2;
    fix_header = data[1] & 1u;
    tcti->exchanges = 0;
    counter = 0;
    tpm2l_ctx_set_rng(ctx, fuzz_counter_rng, &counter);
    (void)fuzz_cmd_run(ctx, data[0], NULL, 0);
    return 0;
}
