/* test_threads.c - several threads, each with its own context, transport and swtpm,
 * run salted, encrypting HMAC sessions, GetRandom, PCR_Read and Create/Load/Unseal at
 * the same time. Built normally it checks the results; built with
 * -Db_sanitize=thread (see meson.build) ThreadSanitizer checks that nothing in the
 * library is shared between contexts (the rule in README's threading section: one
 * context per thread, transports not shared, libtpms in-process is process-wide).
 *
 * cmocka's asserts are not thread-safe: a worker records its first failure in its own
 * slot and main() asserts after joining.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/helpers/sim.h"
#include "tpm2lite/command.h"
#include "tpm2lite/session.h"

#define THREADS 3
#define ROUNDS 4

typedef struct {
    int id;
    sim_t sim;
    int started;
    int rounds_done;
    char fail[400]; /* first failure, "" if none */
} worker;

static worker workers[THREADS];

#define TRY(call)                                                                        \
    do {                                                                                 \
        TPM2_RC rc_ = (call);                                                            \
        if (rc_) {                                                                       \
            snprintf(w->fail, sizeof w->fail, "thread %d: %s: 0x%08x: %s", w->id, #call,  \
                     (unsigned)rc_, tpm2l_ctx_error(ctx));                               \
            goto out;                                                                    \
        }                                                                                \
    } while (0)
#define EXPECT(cond)                                                                     \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            snprintf(w->fail, sizeof w->fail, "thread %d: %s", w->id, #cond);            \
            goto out;                                                                    \
        }                                                                                \
    } while (0)

/* Everything a worker uses lives here, in its own allocation: no statics. */
typedef struct {
    tpm2l_tcti_any tcti;
    tpm2l_ctx ctx;
    tpm2l_session s;
    tpm2l_CreatePrimary_in pin;
    tpm2l_CreatePrimary_out pout;
    tpm2l_Create_in cin;
    tpm2l_Create_out cout;
    tpm2l_Load_in lin;
    tpm2l_Load_out lout;
    tpm2l_Unseal_in uin;
    tpm2l_Unseal_out uout;
    tpm2l_PCR_Read_in rin;
    tpm2l_PCR_Read_out rout;
} world;

static int round_trip(worker *w, world *x, int round)
{
    tpm2l_ctx *ctx = &x->ctx;
    char data[32];
    int n = snprintf(data, sizeof data, "thread %d round %d secret", w->id, round);
    tpm2l_session_params p;
    tpm2l_handle key = x->pout.objectHandle;
    tpm2l_auth_handle parent;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_HMAC;
    p.authHash = round % 2 ? TPM2_ALG_SHA384 : TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_AES;
    p.symmetric.keyBits.aes = 128;
    p.symmetric.mode.aes = TPM2_ALG_CFB;
    p.tpmKey = &key;
    p.attrs = TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT;
    TRY(tpm2l_session_start(ctx, &x->s, &p));

    tpm2l_GetRandom_in gin = {24};
    tpm2l_GetRandom_out gout;
    tpm2l_ctx_next_sessions(ctx, &x->s, NULL);
    TRY(tpm2l_GetRandom(ctx, &gin, &gout));
    EXPECT(gout.randomBytes.size == 24);

    memset(&x->rin, 0, sizeof x->rin);
    x->rin.pcrSelectionIn.count = 1;
    x->rin.pcrSelectionIn.pcrSelections[0].hash = TPM2_ALG_SHA256;
    x->rin.pcrSelectionIn.pcrSelections[0].sizeofSelect = 3;
    x->rin.pcrSelectionIn.pcrSelections[0].pcrSelect[0] = 0x03;
    TRY(tpm2l_PCR_Read(ctx, &x->rin, &x->rout));
    EXPECT(x->rout.pcrValues.count == 2);

    memset(&parent, 0, sizeof parent);
    parent.handle = key.handle;
    parent.name = key.name;
    parent.session = &x->s;
    memset(&x->cin, 0, sizeof x->cin);
    x->cin.parentHandle = parent;
    TRY(tpm2l_template_sealed(&x->cin.inPublic.publicArea, TPM2_ALG_SHA256, NULL,
                              TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA));
    x->cin.inSensitive.sensitive.data.size = (uint16_t)n;
    memcpy(x->cin.inSensitive.sensitive.data.buffer, data, (size_t)n);
    TRY(tpm2l_Create(ctx, &x->cin, &x->cout));
    memset(&x->lin, 0, sizeof x->lin);
    x->lin.parentHandle = parent;
    x->lin.inPrivate = x->cout.outPrivate;
    x->lin.inPublic = x->cout.outPublic;
    TRY(tpm2l_Load(ctx, &x->lin, &x->lout));
    memset(&x->uin, 0, sizeof x->uin);
    x->uin.itemHandle.handle = x->lout.objectHandle.handle;
    x->uin.itemHandle.name = x->lout.objectHandle.name;
    x->uin.itemHandle.session = &x->s;
    TRY(tpm2l_Unseal(ctx, &x->uin, &x->uout));
    EXPECT(x->uout.outData.size == (uint16_t)n &&
           memcmp(x->uout.outData.buffer, data, (size_t)n) == 0);
    tpm2l_FlushContext_in fin = {x->lout.objectHandle.handle};
    TRY(tpm2l_FlushContext(ctx, &fin));
    TRY(tpm2l_session_flush(ctx, &x->s));
    return 0;
out:
    return -1;
}

static void *run(void *arg)
{
    worker *w = arg;
    world *x = calloc(1, sizeof *x);
    tpm2l_ctx *ctx = NULL;
    if (!x) {
        snprintf(w->fail, sizeof w->fail, "thread %d: out of memory", w->id);
        return NULL;
    }
    if (tpm2l_tcti_open(&x->tcti, w->sim.tcti)) {
        snprintf(w->fail, sizeof w->fail, "thread %d: tcti_open: %s", w->id, x->tcti.base.err);
        free(x);
        return NULL;
    }
    tpm2l_tcti_set_timeout(&x->tcti.base, 60000);
    ctx = &x->ctx;
    TRY(tpm2l_ctx_init(ctx, &x->tcti.base));
    TRY(tpm2l_auth_handle_set(&x->pin.primaryHandle, TPM2_RH_OWNER, NULL, 0));
    /* ECC: the salt is ECDH in OpenSSL, so OpenSSL runs concurrently too */
    TRY(tpm2l_template_primary(&x->pin.inPublic.publicArea, TPM2_ALG_ECC));
    TRY(tpm2l_CreatePrimary(ctx, &x->pin, &x->pout));
    for (int r = 0; r < ROUNDS; r++)
        if (round_trip(w, x, r))
            goto out;
        else
            w->rounds_done++;
out:
    if (ctx)
        tpm2l_ctx_close(ctx);
    tpm2l_tcti_close(&x->tcti.base);
    tpm2l_cleanse(x, sizeof *x);
    free(x);
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    /* sim_start is not meant for concurrent use: start every swtpm first */
    for (int i = 0; i < THREADS; i++) {
        workers[i].id = i;
        if (sim_start(SIM_SWTPM_TCP, &workers[i].sim)) {
            fprintf(stderr, "sim_start: %s\n", workers[i].sim.err);
            return -1;
        }
        workers[i].started = 1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < THREADS; i++)
        if (workers[i].started)
            sim_stop(&workers[i].sim);
    return 0;
}

static void test_contexts_in_parallel_threads_do_not_interfere(void **state)
{
    (void)state;
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, run, &workers[i]), 0);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < THREADS; i++)
        if (workers[i].fail[0])
            fail_msg("%s", workers[i].fail);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(workers[i].rounds_done, ROUNDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contexts_in_parallel_threads_do_not_interfere),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
