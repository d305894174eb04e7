/* test_corpus_mutants.c - robustness: for every recorded response of every scenario,
 * replay the scenario with that response mutated, and require a clean error (never a
 * crash, never a silent success; run it under ASan+UBSan). Mutants per response:
 *  - cut at every length (size field left as recorded: the transport must refuse);
 *  - cut at every length from 10 on with the size field fixed up (the command layer
 *    must find the missing bytes);
 *  - each bit of the 10-byte header flipped;
 *  - each bit of parameterSize flipped, for responses with sessions;
 *  - the size field grown by 1, by 256, and to 0xFFFFFFFF.
 * CI replays every mutant under valgrind and ASan, so deterministic sampling keeps it
 * affordable: cuts are sampled in long responses (cut_sampled), and the longer
 * scenarios replay one mutant in `stride`, by position (those doing software
 * cryptography on every replay, wrapping, credentials, signature checks, the most:
 * they cost milliseconds per replay under valgrind). TPM2L_MUTANT_STRIDE=N multiplies
 * every stride by N for slow runners (N=1, the default, changes nothing).
 * argv[1] is the corpus directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/corpus/scenarios.h"

static const char *corpus_dir;
static uint8_t store[1 << 20];
static tpm2l_tcti_replay rp;
static tpm2l_ctx ctx;
static scenario_run run;
static uint8_t mutant[TPM2L_MAX_MESSAGE];
static unsigned long mutants_run;
static unsigned long stride, tick; /* replay mutant number tick only if tick % stride == 0 */

static const struct {
    const char *name;
    unsigned long stride;
} sampled[] = {
    { "keystore", 2 }, { "seal_pcr", 2 }, { "seal_pcr_password", 2 }, { "nv", 2 },
    { "import", 8 },   { "quote", 8 },    { "attest", 8 },            { "keys_more", 8 },
    { "attest_more", 8 },
};
static unsigned long stride_factor = 1;

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Replay sc with exchange n's response replaced by mutant[0..len); it must fail. */
static void replay_mutant(const scenario *sc, size_t n, size_t len, const char *what)
{
    char path[512];
    const uint8_t *seed;
    size_t seed_len;
    if (tick++ % stride)
        return;
    snprintf(path, sizeof path, "%s/%s.corpus", corpus_dir, sc->name);
    if (tpm2l_tcti_replay_open(&rp, path, store, sizeof store))
        fail_msg("%s", rp.base.err);
    tpm2l_tcti_replay_override_response(&rp, n, mutant, len);
    tpm2l_ctx_init(&ctx, &rp.base);
    tpm2l_tcti_replay_seed(&rp, &seed, &seed_len);
    TPM2_RC rc = scenario_execute(sc, &ctx, NULL, seed, seed_len, &run);
    tpm2l_ctx_close(&ctx);
    mutants_run++;
    if (rc == TPM2_RC_SUCCESS)
        fail_msg("%s exchange %zu, %s: the scenario still passed", sc->name, n, what);
    /* A mutant of exchange n must be noticed at exchange n, not later. */
    if (rp.next > n)
        fail_msg("%s exchange %zu, %s: accepted, failed only at exchange %zu (%s)", sc->name,
                 n, what, rp.next + 1, run.why);
}

/* Response handles per command (Part 3): where parameterSize sits. */
static size_t response_handles(uint32_t cc)
{
    switch (cc) {
    case 0x131: /* CreatePrimary */
    case 0x157: /* Load */
    case 0x161: /* ContextLoad */
    case 0x167: /* LoadExternal */
    case 0x176: /* StartAuthSession */
    case 0x15B: /* HMAC_Start */
    case 0x186: /* HashSequenceStart */
    case 0x191: /* CreateLoaded */
        return 1;
    default:
        return 0;
    }
}

/* Every cut of the first 128 bytes (header, handles, sizes of the first parameters) and
 * of the last 16 (the end of the last parameter and of the response sessions); between
 * them one length in step, a fixed choice so every run replays the same mutants. */
static int cut_sampled(size_t cut, size_t len)
{
    if (cut < 128 || cut + 16 >= len)
        return 1;
    size_t step = (len - 144) / 48 + 1;
    return (cut - 128) % step == 0;
}

static void mutate_scenario(void **state)
{
    const scenario *sc = *state;
    char path[512], what[96];
    static tpm2l_tcti_replay index;
    static uint8_t index_store[1 << 20];
    stride = 1;
    tick = 0;
    for (size_t i = 0; i < sizeof sampled / sizeof sampled[0]; i++)
        if (strcmp(sc->name, sampled[i].name) == 0)
            stride = sampled[i].stride;
    stride *= stride_factor;
    snprintf(path, sizeof path, "%s/%s.corpus", corpus_dir, sc->name);
    if (tpm2l_tcti_replay_open(&index, path, index_store, sizeof index_store))
        fail_msg("%s", index.base.err);
    for (size_t n = 1; n <= index.n_exchanges; n++) {
        const uint8_t *cmd, *rsp;
        size_t cmd_len, len;
        assert_int_equal(tpm2l_tcti_replay_exchange(&index, n, &cmd, &cmd_len, &rsp, &len), 0);
        for (size_t cut = 0; cut < len; cut++) {
            if (!cut_sampled(cut, len))
                continue;
            memcpy(mutant, rsp, cut);
            snprintf(what, sizeof what, "cut to %zu of %zu bytes", cut, len);
            replay_mutant(sc, n, cut, what);
            if (cut >= 10) {
                put32(mutant + 2, (uint32_t)cut);
                snprintf(what, sizeof what, "cut to %zu of %zu bytes, size fixed", cut, len);
                replay_mutant(sc, n, cut, what);
            }
        }
        for (size_t bit = 0; bit < 80; bit++) {
            memcpy(mutant, rsp, len);
            mutant[bit / 8] ^= (uint8_t)(0x80u >> (bit % 8));
            snprintf(what, sizeof what, "header bit %zu flipped", bit);
            replay_mutant(sc, n, len, what);
        }
        size_t ps = 10 + 4 * response_handles(get32(cmd + 6));
        if (get32(rsp + 6) == 0 && rsp[1] == 0x02 && len >= ps + 4) {
            for (size_t bit = 0; bit < 32; bit++) {
                memcpy(mutant, rsp, len);
                mutant[ps + bit / 8] ^= (uint8_t)(0x80u >> (bit % 8));
                snprintf(what, sizeof what, "parameterSize bit %zu flipped", bit);
                replay_mutant(sc, n, len, what);
            }
        }
        static const uint32_t grow[] = { 1, 256, 0 };
        for (size_t g = 0; g < 3; g++) {
            memcpy(mutant, rsp, len);
            put32(mutant + 2, grow[g] ? (uint32_t)len + grow[g] : 0xFFFFFFFFu);
            snprintf(what, sizeof what, "size field grown to 0x%08lx",
                     (unsigned long)get32(mutant + 2));
            replay_mutant(sc, n, len, what);
        }
    }
}

int main(int argc, char **argv)
{
    static struct CMUnitTest tests[64];
    size_t n = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    corpus_dir = argv[1];
    const char *f = getenv("TPM2L_MUTANT_STRIDE");
    if (f && *f) {
        char *end;
        unsigned long v = strtoul(f, &end, 10);
        if (*end || v == 0 || v > 1000) {
            fprintf(stderr, "TPM2L_MUTANT_STRIDE: '%s' is not a number 1..1000\n", f);
            return 2;
        }
        stride_factor = v;
    }
    for (size_t i = 0; i < scenario_count && n < 64; i++, n++) {
        tests[n].name = scenarios[i].name;
        tests[n].test_func = mutate_scenario;
        tests[n].initial_state = (void *)(uintptr_t)&scenarios[i];
    }
    int failed = _cmocka_run_group_tests("corpus mutants", tests, n, NULL, NULL);
    printf("# %lu mutants replayed\n", mutants_run);
    return failed;
}
