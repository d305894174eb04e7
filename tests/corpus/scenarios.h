/* scenarios.h - the corpus scenarios: the same code records tests/corpus/<name>.corpus
 * against swtpm (record_corpus.c) and replays it with no TPM (the corpus suite).
 *
 * A scenario is a fixed sequence of real library calls whose every result is checked
 * against what swtpm answers, TPM errors included, so that a replay (or a mutated
 * response) that changes any result makes the scenario fail.
 */
#ifndef TESTS_CORPUS_SCENARIOS_H
#define TESTS_CORPUS_SCENARIOS_H

#include "tpm2lite/command.h"
#include "tpm2lite/corpus.h"

typedef struct {
    tpm2l_ctx *ctx;
    tpm2l_tcti_record *rec; /* when recording: steps become comments; NULL on replay */
    const char *step;       /* the step running now */
    char why[1024];         /* what went wrong, if the scenario failed */
} scenario_run;

typedef struct {
    const char *name;       /* file name stem and RNG seed */
    const char *what;       /* one line for humans */
    TPM2_RC (*run)(scenario_run *s);
} scenario;

extern const scenario scenarios[];
extern const size_t scenario_count;

/* Returned when a TPM call succeeded where the recording says it failed. */
#define SCENARIO_UNEXPECTED_SUCCESS TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_GENERAL)

/* Run sc through ctx (already set up with its transport) with ctx's random source
 * seeded by seed (the recorder uses the scenario name; a replay the file's seed).
 * Returns the scenario's result; s->why says what failed. */
TPM2_RC scenario_execute(const scenario *sc, tpm2l_ctx *ctx, tpm2l_tcti_record *rec,
                         const uint8_t *seed, size_t seed_len, scenario_run *s);

const scenario *scenario_find(const char *name);

#endif
