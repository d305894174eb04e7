/* replay.c - the replay transport: serve a recorded corpus (loaded by
 * corpus_parse.c into the caller's store) and check each command byte-for-byte.
 *
 * It must never serve a response to a command that differs from the recording, never
 * let a test pass that stopped early (tpm2l_tcti_replay_finish), and never continue
 * after its first failure: every later call returns that same error. Replaying does
 * no I/O and no allocation.
 */
#include <string.h>

#include "src/tcti/corpus_store.h"
#include "src/tcti/io.h"

#define TERR(r) TPM2L_RC_TCTI(r)


static const char *cc_text(const uint8_t *cmd)
{
    const char *n = tpm2l_cc_name(tcti_be32(cmd + 6));
    return n ? n : "unknown command code";
}

/* The exchange at rp->pos: its command and response. The loader checked the store,
 * so a failure here means the struct was tampered with. */
static int current(const tpm2l_tcti_replay *rp, corpus_msg *cmd, corpus_msg *rsp,
                   size_t *after)
{
    size_t pos = rp->pos;
    if (tpm2l_corpus_msg(rp->store, rp->store_len, &pos, cmd) ||
        tpm2l_corpus_msg(rp->store, rp->store_len, &pos, rsp))
        return -1;
    if (after)
        *after = pos;
    return 0;
}

/* Fail now and on every later call with the same code and detail. */
static TPM2_RC fail(tpm2l_tcti_replay *rp, TPM2_RC rc)
{
    rp->failed = rc;
    return rc;
}

static TPM2_RC mismatch(tpm2l_tcti_replay *rp, const corpus_msg *rec, const uint8_t *cmd,
                        size_t len)
{
    size_t n = len < rec->len ? len : rec->len, off = 0;
    while (off < n && cmd[off] == rec->bytes[off])
        off++;
    rp->mismatch_exchange = rp->next + 1;
    rp->mismatch_offset = off;
    if (off < rec->len)
        tpm2l_corpus_field(rec->bytes, rec->len, off, rp->mismatch_field,
                           sizeof rp->mismatch_field);
    else
        tpm2l_corpus_field(cmd, len, off, rp->mismatch_field, sizeof rp->mismatch_field);
    if (off < n)
        tpm2l_tcti_error(&rp->base, TERR(TPM2L_E_MISMATCH),
                         "tcti(replay): exchange %zu (%s, line %lu): command differs at "
                         "byte %zu (%s): sent 0x%02x, recorded 0x%02x",
                         rp->next + 1, cc_text(rec->bytes), (unsigned long)rec->line, off,
                         rp->mismatch_field, cmd[off], rec->bytes[off]);
    else
        tpm2l_tcti_error(&rp->base, TERR(TPM2L_E_MISMATCH),
                         "tcti(replay): exchange %zu (%s, line %lu): command differs at "
                         "byte %zu (%s): sent %zu bytes, recorded %zu",
                         rp->next + 1, cc_text(rec->bytes), (unsigned long)rec->line, off,
                         rp->mismatch_field, len, rec->len);
    return fail(rp, TERR(TPM2L_E_MISMATCH));
}

static TPM2_RC rp_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    tpm2l_tcti_replay *rp = (tpm2l_tcti_replay *)t;
    corpus_msg rc_cmd, rc_rsp;
    if (rp->failed)
        return rp->failed;
    if (!cmd) /* even an empty command needs a buffer: memcmp takes no NULL */
        return TERR(TPM2L_E_BAD_ARG);
    if (rp->awaiting_receive)
        return fail(rp, tpm2l_tcti_error(t, TERR(TPM2L_E_BAD_SEQUENCE),
                                         "tcti(replay): exchange %zu: a second command "
                                         "before the response was read",
                                         rp->next + 1));
    if (rp->next >= rp->n_exchanges) {
        rp->mismatch_exchange = rp->next + 1;
        rp->mismatch_offset = 0;
        snprintf(rp->mismatch_field, sizeof rp->mismatch_field, "beyond the recording");
        return fail(rp, tpm2l_tcti_error(t, TERR(TPM2L_E_MISMATCH),
                                         "tcti(replay): exchange %zu (%s): the recording "
                                         "'%s' ends after %zu exchanges",
                                         rp->next + 1,
                                         len >= 10 ? cc_text(cmd) : "short command",
                                         rp->scenario, rp->n_exchanges));
    }
    if (current(rp, &rc_cmd, &rc_rsp, NULL))
        return fail(rp, tpm2l_tcti_error(t, TERR(TPM2L_E_GENERAL),
                                         "tcti(replay): the store is corrupt"));
    if (len != rc_cmd.len || memcmp(cmd, rc_cmd.bytes, len) != 0)
        return mismatch(rp, &rc_cmd, cmd, len);
    rp->awaiting_receive = 1;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC rp_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    tpm2l_tcti_replay *rp = (tpm2l_tcti_replay *)t;
    corpus_msg rc_cmd, rsp;
    size_t after;
    if (rp->failed)
        return rp->failed;
    if (!len || (!buf && cap))
        return TERR(TPM2L_E_BAD_ARG);
    if (!rp->awaiting_receive)
        return fail(rp, tpm2l_tcti_error(t, TERR(TPM2L_E_BAD_SEQUENCE),
                                         "tcti(replay): receive without a command sent"));
    if (current(rp, &rc_cmd, &rsp, &after))
        return fail(rp, tpm2l_tcti_error(t, TERR(TPM2L_E_GENERAL),
                                         "tcti(replay): the store is corrupt"));
    if (rp->override_exchange == rp->next + 1) {
        rsp.bytes = rp->override_rsp;
        rsp.len = rp->override_len;
    }
    /* The checks every transport makes on what arrives (tcti.h). */
    if (rsp.len < 10)
        return fail(rp, tpm2l_tcti_error(t, TERR(TPM2L_E_TRUNCATED),
                                         "tcti(replay): exchange %zu: response of %zu "
                                         "bytes is shorter than a header",
                                         rp->next + 1, rsp.len));
    if (tcti_be32(rsp.bytes + 2) != rsp.len)
        return fail(rp, tpm2l_tcti_error(t, TERR(TPM2L_E_BAD_RESPONSE),
                                         "tcti(replay): exchange %zu: response size field "
                                         "says %lu bytes, %zu arrived",
                                         rp->next + 1,
                                         (unsigned long)tcti_be32(rsp.bytes + 2), rsp.len));
    if (rsp.len > cap)
        return fail(rp, tpm2l_tcti_error(t, TERR(TPM2L_E_INSUFFICIENT),
                                         "tcti(replay): exchange %zu: response of %zu "
                                         "bytes, buffer of %zu",
                                         rp->next + 1, rsp.len, cap));
    memcpy(buf, rsp.bytes, rsp.len);
    *len = rsp.len;
    rp->awaiting_receive = 0;
    rp->next++;
    rp->pos = after;
    return TPM2_RC_SUCCESS;
}

/* Locality is not part of the recording (the record transport notes it only as a
 * comment), so accepting it keeps replay and recording on the same path. */
static TPM2_RC rp_set_locality(tpm2l_tcti *t, uint8_t locality)
{
    (void)t;
    (void)locality;
    return TPM2_RC_SUCCESS;
}

static void rp_close(tpm2l_tcti *t)
{
    (void)t; /* the store belongs to the caller; nothing to release */
}

static const struct tpm2l_tcti_ops replay_ops = {
    .name = "replay",
    .transmit = rp_transmit,
    .receive = rp_receive,
    .set_locality = rp_set_locality,
    .cancel = NULL,
    .close = rp_close,
};

static void reset(tpm2l_tcti_replay *rp)
{
    memset(rp, 0, sizeof *rp);
    rp->base.ops = &replay_ops;
    rp->base.timeout_ms = TPM2L_TCTI_DEFAULT_TIMEOUT_MS;
}

/* Load, or leave the transport refusing every exchange with the load error (its
 * detail stays in rp->base.err). */
static TPM2_RC load(tpm2l_tcti_replay *rp, FILE *fp, const char *text, size_t len,
                    uint8_t *store, size_t cap)
{
    rp->store = store;
    TPM2_RC rc = tpm2l_corpus_load(rp, fp, text, len, cap);
    if (rc) {
        rp->failed = rc;
        rp->n_exchanges = 0;
        rp->store_len = 0;
    }
    return rc;
}

TPM2_RC tpm2l_tcti_replay_open_mem(tpm2l_tcti_replay *rp, const char *text, size_t len,
                                   uint8_t *store, size_t cap)
{
    if (!rp)
        return TERR(TPM2L_E_BAD_ARG);
    reset(rp);
    if (!store || (!text && len))
        return rp->failed = tpm2l_tcti_error(&rp->base, TERR(TPM2L_E_BAD_ARG),
                                             "tcti(replay): no text or no store");
    return load(rp, NULL, text ? text : "", len, store, cap);
}

TPM2_RC tpm2l_tcti_replay_open(tpm2l_tcti_replay *rp, const char *path, uint8_t *store,
                               size_t cap)
{
    if (!rp)
        return TERR(TPM2L_E_BAD_ARG);
    reset(rp);
    if (!path || !store)
        return rp->failed = tpm2l_tcti_error(&rp->base, TERR(TPM2L_E_BAD_ARG),
                                             "tcti(replay): no path or no store");
    FILE *fp = fopen(path, "r");
    if (!fp)
        return rp->failed = tpm2l_tcti_error(&rp->base,
                                             TPM2L_RC(TPM2L_LAYER_PARSE, TPM2L_E_NOT_FOUND),
                                             "corpus: cannot open '%s'", path);
    TPM2_RC rc = load(rp, fp, NULL, 0, store, cap);
    fclose(fp);
    return rc;
}

void tpm2l_tcti_replay_seed(const tpm2l_tcti_replay *rp, const uint8_t **seed,
                            size_t *seed_len)
{
    *seed = rp->seed;
    *seed_len = rp->seed_len;
}

TPM2_RC tpm2l_tcti_replay_finish(tpm2l_tcti_replay *rp)
{
    corpus_msg cmd, rsp;
    if (!rp)
        return TERR(TPM2L_E_BAD_ARG);
    if (rp->failed)
        return rp->failed;
    if (rp->awaiting_receive)
        return tpm2l_tcti_error(&rp->base, TERR(TPM2L_E_BAD_SEQUENCE),
                                "tcti(replay): exchange %zu: its response was never read",
                                rp->next + 1);
    if (rp->next == rp->n_exchanges)
        return TPM2_RC_SUCCESS;
    if (current(rp, &cmd, &rsp, NULL))
        return tpm2l_tcti_error(&rp->base, TERR(TPM2L_E_GENERAL),
                                "tcti(replay): the store is corrupt");
    return tpm2l_tcti_error(&rp->base, TERR(TPM2L_E_MISMATCH),
                            "tcti(replay): %zu of %zu exchanges of '%s' unused; the next "
                            "is exchange %zu (%s, line %lu)",
                            rp->n_exchanges - rp->next, rp->n_exchanges, rp->scenario,
                            rp->next + 1, cc_text(cmd.bytes), (unsigned long)cmd.line);
}

TPM2_RC tpm2l_tcti_replay_exchange(const tpm2l_tcti_replay *rp, size_t n,
                                   const uint8_t **cmd, size_t *cmd_len,
                                   const uint8_t **rsp, size_t *rsp_len)
{
    corpus_msg c, r;
    size_t pos = 0;
    if (!rp || n == 0 || n > rp->n_exchanges)
        return TERR(TPM2L_E_BAD_ARG);
    for (size_t i = 1; i <= n; i++) {
        if (tpm2l_corpus_msg(rp->store, rp->store_len, &pos, &c) ||
            tpm2l_corpus_msg(rp->store, rp->store_len, &pos, &r))
            return TERR(TPM2L_E_GENERAL);
    }
    if (cmd)
        *cmd = c.bytes;
    if (cmd_len)
        *cmd_len = c.len;
    if (rsp)
        *rsp = r.bytes;
    if (rsp_len)
        *rsp_len = r.len;
    return TPM2_RC_SUCCESS;
}

void tpm2l_tcti_replay_override_response(tpm2l_tcti_replay *rp, size_t n,
                                         const uint8_t *rsp, size_t len)
{
    if (!rp)
        return;
    rp->override_exchange = rsp || !len ? n : 0;
    rp->override_rsp = rsp;
    rp->override_len = len;
}
