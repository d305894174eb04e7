/* test_fault_matrix.c - every corpus scenario (tests/corpus/scenarios.c), under every
 * fault kind, at every exchange, against a live swtpm through the fault transport.
 *
 * What "clean" means for one run:
 *   - it ends within RUN_LIMIT_MS (no hang), without a crash (ASan/valgrind runs of
 *     this test also catch leaks and bad memory);
 *   - a scenario that fails says why (tpm2l_ctx_error detail in s.why), and a fault
 *     that breaks the link (drop, delay, empty read, child exit) ends it with a library
 *     error code, not a TPM code or a success;
 *   - a fault that did not fire (the exchange is past the end, or DUPLICATE/REORDER at
 *     exchange 1) leaves the scenario passing;
 *   - afterwards a fresh connection asks the TPM what is loaded. A handle whose
 *     creation the client saw (the tracker learnt it from the responses) and that is
 *     still loaded fails the test: a failing scenario flushes what it created
 *     (scenario_cleanup.c), so nothing the client knew of may stay. Any other loaded
 *     handle must come from a creating command whose response the fault took away
 *     (the client cannot know it without a resource manager): those orphans are
 *     counted and printed, and more of them than lost creating responses is a leak
 *     by the library and fails the test.
 * Time: scenarios that generate RSA keys cost swtpm up to a second per run, so each
 * scenario gets a budget per fault kind (TPM2LITE_FAULT_BUDGET_MS, default 2000; 0 =
 * no limit, every exchange): a scenario whose baseline run times its exchanges exceeds
 * it runs every stride-th exchange, the offset turning with the kind so that the kinds
 * together still reach every exchange. The budget follows the measured speed, so a
 * valgrind run samples more thinly by itself. TPM2LITE_FAULT_SEED=X changes the
 * CORRUPT and SHORT_READ bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fault_harness.h"
#include "tests/corpus/scenarios.h"

#define MAX_SCENARIOS 64
#define RUN_LIMIT_MS 30000 /* generous: valgrind; a hang is what it must catch */
#define FAULT_TIMEOUT_MS 40 /* what DELAY has to exceed; kept small so runs stay quick */

static fh_tpm tpm;
static char cmd_conf[600];
static uint32_t counts[MAX_SCENARIOS];
static int64_t base_ms[MAX_SCENARIOS];
static unsigned budget_ms = 2000;
static uint64_t seed_base = 0x7e57f4a17ull;

typedef struct {
    unsigned runs, fired, passed, failed, scenario_left, orphans, cleaned, max_ms, total_ms;
} tally;

/* The first run that left a known handle loaded; the kind fails after its summary. */
static char first_left[1200];

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct {
    TPM2_RC rc;
    char why[1024];
    uint32_t exchanges;
    int fired;
    unsigned creates_lost; /* creating commands whose response the fault took */
    fh_handles known, left;
    unsigned cleaned; /* handles the scenario's failure path flushed */
    int64_t ms;
} outcome;

static void run_one(const scenario *sc, tpm2l_fault_kind kind, uint32_t k, uint64_t seed,
                    outcome *o)
{
    static tpm2l_tcti_any inner;
    static tpm2l_tcti_fault f;
    static fh_tracker tr;
    static tpm2l_ctx ctx;
    static scenario_run s;
    memset(o, 0, sizeof *o);
    if (fh_restore(&tpm) != 0)
        fail_msg("restore: %s", tpm.err);
    const char *conf = kind == TPM2L_FAULT_CHILD_EXIT ? cmd_conf : tpm.swtpm_conf;
    TPM2_RC rc = tpm2l_tcti_open(&inner, conf);
    if (rc)
        fail_msg("open %s: %s", conf, inner.base.err);
    const tpm2l_fault_plan plan = {kind, k, TPM2L_FAULT_SEEDED, 0, seed};
    rc = tpm2l_tcti_fault_open(&f, &inner.base, &plan);
    if (!rc)
        rc = tpm2l_tcti_fault_reopen_with(&f, &inner, conf);
    if (rc)
        fail_msg("fault open: %s", f.base.err);
    fh_tracker_open(&tr, &f.base);
    tpm2l_tcti_set_timeout(&tr.base, FAULT_TIMEOUT_MS);
    tpm2l_ctx_init(&ctx, &tr.base);
    int64_t t0 = now_ms();
    o->rc = scenario_execute(sc, &ctx, NULL, (const uint8_t *)sc->name, strlen(sc->name), &s);
    o->ms = now_ms() - t0;
    memcpy(o->why, s.why, sizeof o->why);
    o->cleaned = s.cleaned;
    o->exchanges = f.exchanges;
    o->fired = f.fired;
    for (unsigned i = 0; i < f.n_hits; i++)
        if (fh_cc_creates(f.hit_cc[i]) && kind != TPM2L_FAULT_DROP_BEFORE_SEND)
            o->creates_lost++;
    o->known = tr.known;
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tr.base);
    tpm2l_tcti_close(&f.base);
    tpm2l_tcti_close(&inner.base);
    if (fh_census(&tpm, &o->left) != 0)
        fail_msg("census after %s/%s@%u: %s", sc->name, tpm2l_fault_kind_name(kind),
                 (unsigned)k, tpm.err);
}

static int breaks_link(tpm2l_fault_kind kind)
{
    return kind == TPM2L_FAULT_DROP_BEFORE_SEND || kind == TPM2L_FAULT_DROP_AFTER_SEND ||
           kind == TPM2L_FAULT_DELAY || kind == TPM2L_FAULT_EMPTY_READ ||
           kind == TPM2L_FAULT_CHILD_EXIT;
}

/* Check one run against the rules at the top; count it in t. */
static void judge(const scenario *sc, tpm2l_fault_kind kind, uint32_t k, const outcome *o,
                  tally *t)
{
    const char *kn = tpm2l_fault_kind_name(kind);
    t->runs++;
    t->fired += o->fired != 0;
    t->total_ms += (unsigned)o->ms;
    if (o->ms > t->max_ms)
        t->max_ms = (unsigned)o->ms;
    if (o->ms > RUN_LIMIT_MS)
        fail_msg("%s/%s@%u took %lld ms", sc->name, kn, (unsigned)k, (long long)o->ms);
    if (o->rc == 0) {
        t->passed++;
        if (!o->fired || !breaks_link(kind))
            ; /* a fault that changed nothing the scenario checks: a correct result */
        else
            fail_msg("%s/%s@%u: the scenario passed although the link broke", sc->name, kn,
                     (unsigned)k);
    } else {
        t->failed++;
        if (!o->fired)
            fail_msg("%s/%s@%u: no fault fired but the scenario failed: %s", sc->name, kn,
                     (unsigned)k, o->why);
        if (!o->why[0])
            fail_msg("%s/%s@%u: failed with %s and no detail", sc->name, kn, (unsigned)k,
                     tpm2l_rc_str(o->rc).s);
        if (breaks_link(kind) && !TPM2L_RC_IS_LIB(o->rc))
            fail_msg("%s/%s@%u: a broken link ended in TPM code %s: %s", sc->name, kn,
                     (unsigned)k, tpm2l_rc_str(o->rc).s, o->why);
    }
    unsigned orphans = 0;
    t->cleaned += o->cleaned;
    for (uint32_t i = 0; i < o->left.n; i++) {
        if (!fh_handles_has(&o->known, o->left.h[i])) {
            orphans++;
            continue;
        }
        t->scenario_left++;
        if (!first_left[0])
            snprintf(first_left, sizeof first_left,
                     "%s/%s@%u: handle 0x%08x, whose creation the client saw, is still "
                     "loaded after the run: %s",
                     sc->name, kn, (unsigned)k, (unsigned)o->left.h[i], o->why);
    }
    t->orphans += orphans;
    if (orphans > o->creates_lost)
        fail_msg("%s/%s@%u: %u handle(s) left loaded that the client never learnt of "
                 "(first 0x%08x), only %u creating response(s) were lost: %s",
                 sc->name, kn, (unsigned)k, orphans, (unsigned)o->left.h[0], o->creates_lost,
                 o->why);
}

static uint64_t run_seed(size_t si, tpm2l_fault_kind kind, uint32_t k)
{
    return seed_base ^ ((uint64_t)si << 40) ^ ((uint64_t)kind << 32) ^ k;
}

static void matrix(tpm2l_fault_kind kind)
{
    tally all = {0};
    first_left[0] = 0;
    for (size_t si = 0; si < scenario_count && si < MAX_SCENARIOS; si++) {
        const scenario *sc = &scenarios[si];
        tally t = {0};
        int64_t want = base_ms[si] * (counts[si] + 1);
        uint32_t stride = budget_ms && want > budget_ms ? (uint32_t)(want / budget_ms) + 1 : 1;
        /* Every exchange, and one past the end: the plan that never fires. */
        for (uint32_t k = 1; k <= counts[si] + 1; k++) {
            if ((k + (uint32_t)kind) % stride != 0)
                continue;
            outcome o;
            run_one(sc, kind, k, run_seed(si, kind, k), &o);
            judge(sc, kind, k, &o, &t);
        }
        printf("# %-11s %-18s exchanges %2u stride %2u: runs %3u fired %3u passed %3u failed %3u "
               "left-known %3u orphaned %u cleaned %3u max %u ms total %u ms\n",
               tpm2l_fault_kind_name(kind), sc->name, (unsigned)counts[si], (unsigned)stride,
               t.runs, t.fired, t.passed, t.failed, t.scenario_left, t.orphans, t.cleaned,
               t.max_ms, t.total_ms);
        all.runs += t.runs;
        all.fired += t.fired;
        all.scenario_left += t.scenario_left;
        all.orphans += t.orphans;
        all.cleaned += t.cleaned;
    }
    printf("# %s total: %u runs, %u fired, %u known handles left loaded, %u orphaned by "
           "lost responses, %u flushed by the scenarios' failure path\n",
           tpm2l_fault_kind_name(kind), all.runs, all.fired, all.scenario_left, all.orphans,
           all.cleaned);
    if (all.scenario_left)
        fail_msg("%u known handle(s) left loaded; first: %s", all.scenario_left, first_left);
}

/* One cmocka test per fault kind; the kind travels as the test's initial state. */
static const struct {
    tpm2l_fault_kind kind;
    const char *test_name;
} kinds[] = {
    {TPM2L_FAULT_DROP_BEFORE_SEND, "drop_before_send_ends_in_a_transport_error"},
    {TPM2L_FAULT_DROP_AFTER_SEND, "drop_after_send_ends_in_a_transport_error"},
    {TPM2L_FAULT_SHORT_READ, "short_read_is_an_error_or_a_correct_result"},
    {TPM2L_FAULT_EMPTY_READ, "empty_read_ends_in_a_transport_error"},
    {TPM2L_FAULT_DELAY, "delay_past_the_timeout_ends_in_a_timeout"},
    {TPM2L_FAULT_CORRUPT, "corrupt_byte_is_an_error_or_a_correct_result"},
    {TPM2L_FAULT_DUPLICATE, "duplicate_response_is_an_error_or_a_correct_result"},
    {TPM2L_FAULT_REORDER, "reordered_response_is_an_error_or_a_correct_result"},
    {TPM2L_FAULT_CHILD_EXIT, "cmd_child_exit_ends_in_a_transport_error"},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

static void kind_test(void **state)
{
    matrix(*(const tpm2l_fault_kind *)*state);
}

/* The pass-through plan: every scenario passes and leaves nothing loaded; this also
 * counts each scenario's exchanges for the matrix. */
static void every_scenario_passes_through_an_idle_fault_transport(void **state)
{
    (void)state;
    for (size_t si = 0; si < scenario_count && si < MAX_SCENARIOS; si++) {
        outcome o;
        run_one(&scenarios[si], TPM2L_FAULT_NONE, 0, 0, &o);
        if (o.rc)
            fail_msg("%s: %s", scenarios[si].name, o.why);
        assert_int_equal(o.left.n, 0);
        assert_true(o.exchanges > 0);
        counts[si] = o.exchanges;
        base_ms[si] = o.ms + 5; /* + restore and census, roughly */
    }
}

static int setup(void **state)
{
    (void)state;
    const char *e = getenv("TPM2LITE_FAULT_BUDGET_MS");
    if (e && *e)
        budget_ms = (unsigned)strtoul(e, NULL, 10);
    e = getenv("TPM2LITE_FAULT_SEED");
    if (e && *e)
        seed_base = strtoull(e, NULL, 0);
    if (fh_start(&tpm) != 0) {
        fprintf(stderr, "fault harness: %s\n", tpm.err);
        return -1;
    }
    snprintf(cmd_conf, sizeof cmd_conf, "cmd:socat - TCP:127.0.0.1:%u", (unsigned)tpm.sim.port);
    printf("# fault matrix: budget %u ms per scenario and kind, seed 0x%llx\n", budget_ms,
           (unsigned long long)seed_base);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fh_stop(&tpm);
    return 0;
}

/* argv[1], if given, is one fault kind's name (meson runs the kinds as separate tests,
 * in parallel); without it every kind runs. */
int main(int argc, char **argv)
{
    static struct CMUnitTest tests[1 + N_KINDS];
    size_t n = 0;
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(
        every_scenario_passes_through_an_idle_fault_transport);
    for (size_t i = 0; i < N_KINDS; i++) {
        if (argc > 1 && strcmp(argv[1], tpm2l_fault_kind_name(kinds[i].kind)) != 0)
            continue;
        tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(kind_test, NULL);
        tests[n].name = kinds[i].test_name;
        tests[n].initial_state = (void *)(uintptr_t)&kinds[i].kind;
        n++;
    }
    if (argc > 1 && n == 1) {
        fprintf(stderr, "unknown fault kind '%s'\n", argv[1]);
        return 2;
    }
    return _cmocka_run_group_tests("fault_matrix", tests, n, setup, teardown);
}
