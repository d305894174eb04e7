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

/* The handles a run created and has not flushed, learnt from the responses the client
 * received (scenario_cleanup.c): what scenario_execute flushes when a scenario fails
 * part-way, so that a failed run leaves nothing loaded that the client knew of. */
#define SCENARIO_MAX_TRACKED 32
typedef struct {
    tpm2l_tcti base;
    tpm2l_tcti *inner;      /* the context's own transport, put back after the run */
    uint32_t cc;            /* the command in flight */
    TPM2_HANDLE gone;       /* what it frees if it succeeds (FlushContext, SequenceComplete) */
    uint32_t n;
    TPM2_HANDLE h[SCENARIO_MAX_TRACKED];
} scenario_tracker;

typedef struct {
    tpm2l_ctx *ctx;
    tpm2l_tcti_record *rec; /* when recording: steps become comments; NULL on replay */
    const char *step;       /* the step running now */
    char why[1024];         /* what went wrong, if the scenario failed */
    scenario_tracker tracked;
    unsigned cleaned;       /* handles the failure path flushed */
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

/* scenario_cleanup.c: put the tracker between ctx and its transport (a pass-through:
 * not one byte of the exchanges changes), and take it out again. */
void scenario_track_begin(scenario_run *s, tpm2l_ctx *ctx);
void scenario_track_end(scenario_run *s);
/* Best effort: FlushContext every tracked handle, newest first, ignoring the answers. */
void scenario_cleanup(scenario_run *s);

/* ---- shared by the scenario files (scenarios*.c) ---- */

/* Name the step that runs now (a comment in the recording). */
void scenario_step(scenario_run *s, const char *what);
/* 0 if got == want; otherwise s->why says so and a non-zero code is returned. */
TPM2_RC scenario_expect(scenario_run *s, TPM2_RC got, TPM2_RC want);
/* s->why = "cond does not hold"; returns SCENARIO_UNEXPECTED_SUCCESS. */
TPM2_RC scenario_unmet(scenario_run *s, const char *cond);
/* Startup(CLEAR) on a TPM that was powered on. */
TPM2_RC scenario_startup(scenario_run *s);
/* CreatePrimary under hierarchy from tmpl and ReadPublic it; keep it loaded in *keep,
 * or flush it when keep is NULL. */
TPM2_RC scenario_primary(scenario_run *s, TPM2_HANDLE hierarchy, const TPMT_PUBLIC *tmpl,
                         tpm2l_handle *keep);

/* FlushContext(h); the TPM's answer. */
TPM2_RC scenario_flush(scenario_run *s, TPM2_HANDLE h);
/* GetCapability(HANDLES) finds no transient object, HMAC or policy session. */
TPM2_RC scenario_nothing_loaded(scenario_run *s);

#define CHECK(s, call, want) \
    do { \
        TPM2_RC r_ = scenario_expect((s), (call), (want)); \
        if (r_) \
            return r_; \
    } while (0)

/* A result value that must hold (the replay serves the recorded one). */
#define REQUIRE(s, cond) \
    do { \
        if (!(cond)) \
            return scenario_unmet((s), #cond); \
    } while (0)

#define FMT1_H1(rc) ((rc) | TPM2_RC_H | TPM2_RC_1)
#define FMT1_S1(rc) ((rc) | TPM2_RC_S | TPM2_RC_1)
#define FMT1_P1(rc) ((rc) | TPM2_RC_P | TPM2_RC_1)

/* The keys, NV and attestation workflows (scenarios_keys.c, scenarios_seal.c,
 * scenarios_nv.c, scenarios_attest.c, scenarios_more.c). */
TPM2_RC sc_keystore(scenario_run *s);
TPM2_RC sc_import(scenario_run *s);
TPM2_RC sc_seal_pcr(scenario_run *s);
TPM2_RC sc_seal_pcr_password(scenario_run *s);
TPM2_RC sc_nv(scenario_run *s);
TPM2_RC sc_quote(scenario_run *s);
TPM2_RC sc_attest(scenario_run *s);
TPM2_RC sc_keys_more(scenario_run *s);
TPM2_RC sc_attest_more(scenario_run *s);

#endif
