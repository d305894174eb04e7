/* scenario_cleanup.c - the error path of a scenario run: a pass-through transport that
 * learns, from the responses the client received, which transient objects, sequences
 * and sessions the run created and has not flushed, and a best-effort flush of them
 * when the scenario fails part-way (a fault, a mutant, a TPM that answers otherwise).
 *
 * It must never change an exchange of a run that succeeds: the recorded corpus replays
 * byte for byte, so the tracker only looks, and the flush runs only on failure.
 * Learning on the wire rather than in each scenario helper hooks every creating call
 * (CreatePrimary, Load, StartAuthSession, ContextLoad, sequences, ...) in one place,
 * including those that happen inside library workflows the scenarios call.
 */
#include <string.h>

#include "tests/corpus/scenarios.h"
#include "tpm2lite/session.h"

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Part 3: the commands whose first response handle is a new transient object,
 * sequence or session. */
static int creates(uint32_t cc)
{
    switch (cc) {
    case TPM2_CC_CreatePrimary:
    case TPM2_CC_Load:
    case TPM2_CC_LoadExternal:
    case TPM2_CC_ContextLoad:
    case TPM2_CC_StartAuthSession:
    case TPM2_CC_CreateLoaded:
    case TPM2_CC_HMAC_Start: /* same code as MAC_Start */
    case TPM2_CC_HashSequenceStart:
        return 1;
    default:
        return 0;
    }
}

/* The handle a command frees when it succeeds. FlushContext carries it as its first
 * parameter (it has no handle area); SequenceComplete ends the sequence in handle 1,
 * EventSequenceComplete in handle 2 (handle 1 is the PCR). */
static TPM2_HANDLE frees(uint32_t cc, const uint8_t *cmd, size_t len)
{
    if ((cc == TPM2_CC_FlushContext || cc == TPM2_CC_SequenceComplete) && len >= 14)
        return be32(cmd + 10);
    if (cc == TPM2_CC_EventSequenceComplete && len >= 18)
        return be32(cmd + 14);
    return 0;
}

static void forget(scenario_tracker *t, TPM2_HANDLE h)
{
    for (uint32_t i = 0; i < t->n; i++)
        if (t->h[i] == h) {
            /* Keep the order: the cleanup flushes newest first. */
            memmove(&t->h[i], &t->h[i + 1], (t->n - i - 1) * sizeof t->h[0]);
            t->n--;
            return;
        }
}

static TPM2_RC tk_transmit(tpm2l_tcti *b, const uint8_t *cmd, size_t len)
{
    scenario_tracker *t = (scenario_tracker *)b;
    t->cc = len >= 10 ? be32(cmd + 6) : 0;
    t->gone = frees(t->cc, cmd, len);
    t->inner->timeout_ms = b->timeout_ms;
    TPM2_RC rc = tpm2l_tcti_transmit(t->inner, cmd, len);
    if (rc)
        memcpy(b->err, t->inner->err, sizeof b->err);
    return rc;
}

static TPM2_RC tk_receive(tpm2l_tcti *b, uint8_t *buf, size_t cap, size_t *len)
{
    scenario_tracker *t = (scenario_tracker *)b;
    t->inner->timeout_ms = b->timeout_ms;
    TPM2_RC rc = tpm2l_tcti_receive(t->inner, buf, cap, len);
    if (rc) {
        memcpy(b->err, t->inner->err, sizeof b->err);
        return rc;
    }
    if (*len < 10 || be32(buf + 6) != TPM2_RC_SUCCESS)
        return TPM2_RC_SUCCESS;
    if (t->gone)
        forget(t, t->gone);
    if (creates(t->cc) && *len >= 14) {
        TPM2_HANDLE h = be32(buf + 10);
        forget(t, h); /* a reused handle number moves to the newest place */
        if (t->n < SCENARIO_MAX_TRACKED)
            t->h[t->n++] = h;
    }
    return TPM2_RC_SUCCESS;
}

static TPM2_RC tk_set_locality(tpm2l_tcti *b, uint8_t locality)
{
    scenario_tracker *t = (scenario_tracker *)b;
    TPM2_RC rc = tpm2l_tcti_set_locality(t->inner, locality);
    if (rc)
        memcpy(b->err, t->inner->err, sizeof b->err);
    return rc;
}

static TPM2_RC tk_cancel(tpm2l_tcti *b)
{
    scenario_tracker *t = (scenario_tracker *)b;
    TPM2_RC rc = tpm2l_tcti_cancel(t->inner);
    if (rc)
        memcpy(b->err, t->inner->err, sizeof b->err);
    return rc;
}

static const struct tpm2l_tcti_ops tracker_ops = {
    .name = "scenario-tracker",
    .transmit = tk_transmit,
    .receive = tk_receive,
    .set_locality = tk_set_locality,
    .cancel = tk_cancel,
};

void scenario_track_begin(scenario_run *s, tpm2l_ctx *ctx)
{
    scenario_tracker *t = &s->tracked;
    memset(t, 0, sizeof *t);
    t->base.ops = &tracker_ops;
    t->base.timeout_ms = ctx->tcti->timeout_ms;
    t->inner = ctx->tcti;
    ctx->tcti = &t->base;
}

void scenario_track_end(scenario_run *s)
{
    if (s->ctx->tcti == &s->tracked.base)
        s->ctx->tcti = s->tracked.inner;
}

void scenario_cleanup(scenario_run *s)
{
    scenario_tracker *t = &s->tracked;
    /* A replay has no TPM to leave anything in, and a flush that happens to equal the
     * next recorded command would be served and move the replay past the failure. */
    if (strcmp(t->inner->ops->name, "replay") == 0)
        return;
    /* Sessions set for a command that never ran must not ride on the flushes. */
    tpm2l_ctx_next_sessions(s->ctx, NULL, NULL);
    /* Newest first; each FlushContext that succeeds takes its handle off the list. A
     * link broken by the fault is reopened by the transport on the next command; an
     * answer that goes astray (a duplicated or reordered response) is ignored. */
    for (uint32_t i = t->n; i-- > 0;) {
        if (i >= t->n)
            continue;
        const tpm2l_FlushContext_in fl = { .flushHandle = t->h[i] };
        if (tpm2l_FlushContext(s->ctx, &fl) == TPM2_RC_SUCCESS)
            s->cleaned++;
    }
}
