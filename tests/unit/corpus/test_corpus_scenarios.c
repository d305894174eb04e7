/* test_corpus_scenarios.c - replay every recorded scenario in tests/corpus/ through
 * the same scenario code that recorded it, with no TPM: each must pass and use every
 * exchange. Also shows that a changed command is caught as a mismatch.
 * argv[1] is the corpus directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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

static void open_corpus(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.corpus", corpus_dir, name);
    TPM2_RC rc = tpm2l_tcti_replay_open(&rp, path, store, sizeof store);
    if (rc)
        fail_msg("%s: %s", path, rp.base.err);
    assert_string_equal(rp.scenario, name);
    assert_int_equal(tpm2l_ctx_init(&ctx, &rp.base), 0);
}

static void replay_scenario(void **state)
{
    const scenario *sc = *state;
    const uint8_t *seed;
    size_t seed_len;
    open_corpus(sc->name);
    tpm2l_tcti_replay_seed(&rp, &seed, &seed_len);
    TPM2_RC rc = scenario_execute(sc, &ctx, NULL, seed, seed_len, &run);
    if (rc)
        fail_msg("%s: %s", sc->name, run.why);
    if (tpm2l_tcti_replay_finish(&rp))
        fail_msg("%s: %s", sc->name, rp.base.err);
    tpm2l_ctx_close(&ctx);
}

/* The random scenario stirs 32 bytes drawn from the seeded source into the TPM: with
 * another seed those bytes, and so the command, differ. */
static void test_changed_command_is_reported_as_mismatch(void **state)
{
    (void)state;
    static const uint8_t other_seed[] = "not the recorded seed";
    open_corpus("random");
    TPM2_RC rc = scenario_execute(scenario_find("random"), &ctx, NULL, other_seed,
                                  sizeof other_seed - 1, &run);
    assert_int_equal(rc, TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    assert_non_null(strstr(tpm2l_ctx_error(&ctx), "TPM2_CC_StirRandom"));
    assert_string_equal(rp.mismatch_field, "parameters");
    assert_int_equal(rp.mismatch_offset, 12); /* header, inData.size, inData */
    assert_int_equal(tpm2l_tcti_replay_finish(&rp), TPM2L_RC_TCTI(TPM2L_E_MISMATCH));
    tpm2l_ctx_close(&ctx);
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
    for (size_t i = 0; i < scenario_count && n < 63; i++, n++) {
        tests[n].name = scenarios[i].name;
        tests[n].test_func = replay_scenario;
        tests[n].initial_state = (void *)(uintptr_t)&scenarios[i];
    }
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(
        test_changed_command_is_reported_as_mismatch);
    return _cmocka_run_group_tests("corpus scenarios", tests, n, NULL, NULL);
}
