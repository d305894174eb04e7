/* fault_harness.c - the swtpm the fault tests break, put back between runs, and asked
 * afterwards what was left loaded (see fault_harness.h). Test code. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fault_harness.h"

static int fail(fh_tpm *h, const char *what, const char *detail)
{
    snprintf(h->err, sizeof h->err, "%s: %s", what, detail);
    return -1;
}

static int state_path(const fh_tpm *h, const char *name, char *out, size_t cap)
{
    return snprintf(out, cap, "%s/%s", h->sim.dir, name) < (int)cap ? 0 : -1;
}

/* A control request on a connection of its own; the data connection is opened by the
 * swtpm transport at open, so nobody may hold it (swtpm serves one at a time). */
static int control(fh_tpm *h, uint32_t code, const uint8_t *payload, size_t n)
{
    static tpm2l_tcti_swtpm sw;
    TPM2_RC rc = tpm2l_tcti_swtpm_open_tcp(&sw, "127.0.0.1", h->sim.port);
    if (!rc)
        rc = tpm2l_tcti_swtpm_control(&sw, code, payload, n);
    if (rc)
        fail(h, "swtpm control", sw.base.err);
    tpm2l_tcti_close(&sw.base);
    return rc ? -1 : 0;
}

int fh_start(fh_tpm *h)
{
    memset(h, 0, sizeof *h);
    if (sim_start(SIM_CMD_SOCAT, &h->sim) != 0)
        return fail(h, "sim_start", h->sim.err);
    snprintf(h->swtpm_conf, sizeof h->swtpm_conf, "swtpm:host=127.0.0.1,port=%u",
             (unsigned)h->sim.port);
    /* Shut down orderly first: a state saved without TPM2_Shutdown makes the next
     * Startup report the clock unsafe (clockInfo.safe = NO), which the attestation
     * scenarios check. Then CMD_STOP makes swtpm let go of a stable state file. */
    static tpm2l_tcti_swtpm sw;
    static tpm2l_ctx c;
    static const tpm2l_Shutdown_in orderly = {.shutdownType = TPM2_SU_CLEAR};
    TPM2_RC rc = tpm2l_tcti_swtpm_open_tcp(&sw, "127.0.0.1", h->sim.port);
    if (!rc) {
        tpm2l_ctx_init(&c, &sw.base);
        rc = tpm2l_Shutdown(&c, &orderly);
        if (rc)
            fail(h, "Shutdown", tpm2l_ctx_error(&c));
        tpm2l_ctx_close(&c);
    } else {
        fail(h, "connect", sw.base.err);
    }
    tpm2l_tcti_close(&sw.base);
    if (rc)
        return -1;
    if (control(h, TPM2L_SWTPM_CMD_STOP, NULL, 0))
        return -1;
    char path[300];
    if (state_path(h, "tpm2-00.permall", path, sizeof path))
        return fail(h, "snapshot", "path too long");
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(h, "snapshot", "no tpm2-00.permall");
    h->snapshot_len = fread(h->snapshot, 1, sizeof h->snapshot, f);
    int bad = !feof(f) || h->snapshot_len == 0;
    fclose(f);
    if (bad)
        return fail(h, "snapshot", "tpm2-00.permall is empty or too large");
    return fh_restore(h);
}

int fh_restore(fh_tpm *h)
{
    static const uint8_t no_flags[4];
    char path[300];
    if (control(h, TPM2L_SWTPM_CMD_STOP, NULL, 0))
        return -1;
    if (state_path(h, "tpm2-00.volatilestate", path, sizeof path) == 0)
        unlink(path);
    if (state_path(h, "tpm2-00.permall", path, sizeof path))
        return fail(h, "restore", "path too long");
    FILE *f = fopen(path, "wb");
    if (!f)
        return fail(h, "restore", "cannot write tpm2-00.permall");
    size_t n = fwrite(h->snapshot, 1, h->snapshot_len, f);
    if (fclose(f) != 0 || n != h->snapshot_len)
        return fail(h, "restore", "short write of tpm2-00.permall");
    /* CMD_INIT reloads the permanent state from the file: a TPM just powered on. */
    return control(h, TPM2L_SWTPM_CMD_INIT, no_flags, sizeof no_flags);
}

void fh_stop(fh_tpm *h)
{
    sim_stop(&h->sim);
}

int fh_census(fh_tpm *h, fh_handles *out)
{
    static const uint32_t ranges[] = {TPM2_HR_TRANSIENT, 0x02000000u, 0x03000000u};
    static tpm2l_tcti_swtpm sw;
    static tpm2l_ctx ctx;
    static TPMS_CAPABILITY_DATA data;
    memset(out, 0, sizeof *out);
    TPM2_RC rc = tpm2l_tcti_swtpm_open_tcp(&sw, "127.0.0.1", h->sim.port);
    if (rc) {
        tpm2l_tcti_close(&sw.base);
        return fail(h, "census: connect", sw.base.err);
    }
    tpm2l_tcti_set_timeout(&sw.base, 10000);
    tpm2l_ctx_init(&ctx, &sw.base);
    int r = 0;
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0] && !r; i++) {
        rc = tpm2l_GetCapability_all(&ctx, TPM2_CAP_HANDLES, ranges[i], &data);
        if (rc == TPM2_RC_INITIALIZE)
            break; /* the run never got the TPM started: nothing can be loaded */
        if (rc) {
            r = fail(h, "census: GetCapability", tpm2l_ctx_error(&ctx));
            break;
        }
        for (uint32_t k = 0; k < data.data.handles.count && out->n < FH_MAX_HANDLES; k++)
            out->h[out->n++] = data.data.handles.handle[k];
    }
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&sw.base);
    return r;
}

/* ---- tracker ---- */

int fh_cc_creates(uint32_t cc)
{
    switch (cc) {
    case TPM2_CC_CreatePrimary:
    case TPM2_CC_Load:
    case TPM2_CC_LoadExternal:
    case TPM2_CC_ContextLoad:
    case TPM2_CC_StartAuthSession:
    case TPM2_CC_CreateLoaded:
    case TPM2_CC_HMAC_Start:
    case TPM2_CC_HashSequenceStart:
        return 1;
    default:
        return 0;
    }
}

int fh_handles_has(const fh_handles *s, TPM2_HANDLE h)
{
    for (uint32_t i = 0; i < s->n; i++)
        if (s->h[i] == h)
            return 1;
    return 0;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static TPM2_RC tr_transmit(tpm2l_tcti *b, const uint8_t *cmd, size_t len)
{
    fh_tracker *t = (fh_tracker *)b;
    t->cc = be32(cmd + 6);
    /* FlushContext has no handle area: flushHandle is its first parameter. */
    t->flush_target = t->cc == TPM2_CC_FlushContext && len >= 14 ? be32(cmd + 10) : 0;
    TPM2_RC rc = tpm2l_tcti_transmit(t->inner, cmd, len);
    if (rc)
        memcpy(b->err, t->inner->err, sizeof b->err);
    return rc;
}

static void forget(fh_handles *s, TPM2_HANDLE h)
{
    for (uint32_t i = 0; i < s->n; i++)
        if (s->h[i] == h) {
            s->h[i] = s->h[--s->n];
            return;
        }
}

static TPM2_RC tr_receive(tpm2l_tcti *b, uint8_t *buf, size_t cap, size_t *len)
{
    fh_tracker *t = (fh_tracker *)b;
    t->inner->timeout_ms = b->timeout_ms;
    TPM2_RC rc = tpm2l_tcti_receive(t->inner, buf, cap, len);
    if (rc) {
        memcpy(b->err, t->inner->err, sizeof b->err);
        return rc;
    }
    if (*len < 10 || be32(buf + 6) != 0)
        return TPM2_RC_SUCCESS;
    if (fh_cc_creates(t->cc) && *len >= 14 && t->known.n < FH_MAX_HANDLES &&
        !fh_handles_has(&t->known, be32(buf + 10)))
        t->known.h[t->known.n++] = be32(buf + 10);
    if (t->flush_target)
        forget(&t->known, t->flush_target);
    return TPM2_RC_SUCCESS;
}

static const struct tpm2l_tcti_ops tracker_ops = {
    .name = "tracker",
    .transmit = tr_transmit,
    .receive = tr_receive,
};

void fh_tracker_open(fh_tracker *t, tpm2l_tcti *inner)
{
    memset(t, 0, sizeof *t);
    t->base.ops = &tracker_ops;
    t->base.timeout_ms = inner->timeout_ms;
    t->inner = inner;
}
