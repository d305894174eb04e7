/* fault.c - the fault transport: wraps another transport and breaks exactly the
 * exchange a seeded plan names, the way real links break (semantics in tcti_impl.h).
 *
 * It exists so that error paths can be tested against a real TPM: every fault must be
 * reproducible from the plan alone (the seed drives a private generator, never the
 * clock), must fire once, and must leave the inner transport either in step or really
 * closed (a drop closes the inner transport, so the peer sees the connection go, not
 * a simulation of it). Never allocates, prints or keeps global state.
 */
#define _GNU_SOURCE /* waitid's WNOWAIT, kill */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "src/tcti/io.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/tcti.h"

#define CHILD_EXIT_WAIT_MS 2000
#define DELAY_IF_NO_TIMEOUT_MS 1000

static const char *const kind_names[TPM2L_FAULT_KIND_COUNT] = {
    "none",  "drop_before_send", "drop_after_send", "short_read", "empty_read",
    "delay", "corrupt",          "duplicate",       "reorder",    "child_exit",
};

const char *tpm2l_fault_kind_name(tpm2l_fault_kind kind)
{
    return (unsigned)kind < TPM2L_FAULT_KIND_COUNT ? kind_names[kind] : "?";
}

/* splitmix64: small, seedable, and the same on every platform. */
static uint64_t next_random(tpm2l_tcti_fault *f)
{
    uint64_t z = (f->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Does the plan's fault hit exchange n now? Each plan fires once. */
static int fires(tpm2l_tcti_fault *f, tpm2l_fault_kind kind, uint32_t n)
{
    if (f->fired || f->plan.kind != kind || f->plan.exchange != n)
        return 0;
    f->fired = 1;
    return 1;
}

static void note_hit(tpm2l_tcti_fault *f, uint32_t n)
{
    if (f->n_hits < 2) {
        f->hit_exchange[f->n_hits] = n;
        f->hit_cc[f->n_hits] = f->cc;
        f->n_hits++;
    }
}

static TPM2_RC pass_error(tpm2l_tcti_fault *f, TPM2_RC rc)
{
    /* The inner detail already names its transport and endpoint: keep it verbatim. */
    memcpy(f->base.err, f->inner->err, sizeof f->base.err);
    f->base.err[sizeof f->base.err - 1] = '\0';
    return rc;
}

static void drop(tpm2l_tcti_fault *f)
{
    tpm2l_tcti_close(f->inner);
    f->dropped = 1;
    f->pending = 0;
    f->held_len = 0;
}

/* The plan terminates the cmd transport's child and waits, without reaping it (the
 * cmd transport must see the exit itself), until it is gone. */
static void end_child(tpm2l_tcti_fault *f)
{
    tpm2l_tcti_cmd *c = (tpm2l_tcti_cmd *)f->inner;
    pid_t pid = c->pid;
    if (pid <= 0)
        return;
    kill(-pid, SIGTERM); /* the child leads its own process group (cmd.c) */
    for (int waited = 0; waited < CHILD_EXIT_WAIT_MS; waited += 5) {
        siginfo_t info;
        memset(&info, 0, sizeof info);
        if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
            return; /* ECHILD: the application reaps children itself */
        if (info.si_pid == pid)
            return;
        sleep_ms(5);
    }
    kill(-pid, SIGKILL);
}

static TPM2_RC reopen(tpm2l_tcti_fault *f)
{
    if (!f->reopen_any)
        return tpm2l_tcti_error(&f->base, TPM2L_RC_TCTI(TPM2L_E_CLOSED),
                                "the connection was dropped (fault injected at exchange %u)",
                                (unsigned)f->plan.exchange);
    tpm2l_tcti_close(f->inner); /* a child that exited is still to be reaped */
    TPM2_RC rc = tpm2l_tcti_open(f->reopen_any, f->reopen_conf);
    if (rc)
        return pass_error(f, rc);
    f->dropped = 0;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC fault_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    tpm2l_tcti_fault *f = (tpm2l_tcti_fault *)t;
    if (f->dropped) {
        TPM2_RC rc = reopen(f);
        if (rc)
            return rc;
    }
    f->exchanges++;
    f->cc = tcti_be32(cmd + 6);
    f->pending = 0;
    if (f->plan.kind == TPM2L_FAULT_DELAY)
        f->held_len = 0; /* a late response nobody collected is gone with its command */
    uint32_t n = f->exchanges;
    if (fires(f, TPM2L_FAULT_DROP_BEFORE_SEND, n)) {
        note_hit(f, n);
        drop(f);
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_CLOSED),
                                "connection (%s) dropped before command %u was sent "
                                "(injected)",
                                f->inner->ops ? f->inner->ops->name : "inner", (unsigned)n);
    }
    /* Before the write, not after: a child killed after it may already have answered,
     * and a fault that sometimes does not happen is no test. */
    int child_ended = fires(f, TPM2L_FAULT_CHILD_EXIT, n);
    if (child_ended) {
        note_hit(f, n);
        end_child(f);
    }
    TPM2_RC rc = tpm2l_tcti_transmit(f->inner, cmd, len);
    if (rc) {
        if (child_ended)
            f->dropped = 1; /* respawned (reopened) by the next command */
        return pass_error(f, rc);
    }
    f->pending = 1;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC hand_up(tpm2l_tcti_fault *f, const uint8_t *m, size_t n, uint8_t *buf,
                       size_t cap, size_t *len)
{
    if (n > cap)
        return tpm2l_tcti_error(&f->base, TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT),
                                "response of %zu bytes does not fit in %zu", n, cap);
    if (n)
        memmove(buf, m, n);
    *len = n;
    return TPM2_RC_SUCCESS;
}

/* A retried receive after an injected DELAY: the late response arrives now. */
static TPM2_RC late_arrival(tpm2l_tcti_fault *f, uint8_t *buf, size_t cap, size_t *len)
{
    size_t n = f->held_len;
    f->held_len = 0;
    return hand_up(f, f->held, n, buf, cap, len);
}

static TPM2_RC delay(tpm2l_tcti_fault *f, uint32_t n)
{
    memcpy(f->held, f->rsp, f->rsp_len);
    f->held_len = f->rsp_len;
    int ms = f->base.timeout_ms < 0 ? DELAY_IF_NO_TIMEOUT_MS : f->base.timeout_ms;
    sleep_ms(ms);
    if (f->base.timeout_ms < 0)
        return late_arrival(f, f->rsp, sizeof f->rsp, &f->rsp_len);
    return tpm2l_tcti_error(&f->base, TPM2L_RC_TCTI(TPM2L_E_TIMEOUT),
                            "no response to command %u within %d ms (injected delay)",
                            (unsigned)n, ms);
}

static TPM2_RC fault_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    tpm2l_tcti_fault *f = (tpm2l_tcti_fault *)t;
    if (!f->pending) {
        if (f->plan.kind == TPM2L_FAULT_DELAY && f->held_len)
            return late_arrival(f, buf, cap, len);
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(f->dropped ? TPM2L_E_CLOSED
                                                             : TPM2L_E_BAD_SEQUENCE),
                                "receive without a command sent");
    }
    f->pending = 0;
    uint32_t n = f->exchanges;
    if (fires(f, TPM2L_FAULT_DROP_AFTER_SEND, n)) {
        note_hit(f, n);
        drop(f);
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_CLOSED),
                                "connection dropped after command %u was sent, before its "
                                "response (injected)",
                                (unsigned)n);
    }
    TPM2_RC rc = tpm2l_tcti_receive(f->inner, f->rsp, sizeof f->rsp, &f->rsp_len);
    if (rc) {
        if (f->plan.kind == TPM2L_FAULT_CHILD_EXIT && f->plan.exchange == n)
            f->dropped = 1; /* the child is gone: reopen (respawn) on the next command */
        return pass_error(f, rc);
    }
    const uint8_t *out = f->rsp;
    size_t out_len = f->rsp_len;
    uint8_t had_prev = f->prev_len != 0;

    if (fires(f, TPM2L_FAULT_SHORT_READ, n)) {
        note_hit(f, n);
        size_t keep = f->plan.offset == TPM2L_FAULT_SEEDED
                          ? (size_t)(next_random(f) % f->rsp_len)
                          : (f->plan.offset < f->rsp_len ? f->plan.offset : f->rsp_len - 1);
        memcpy(f->held, f->rsp, keep);
        if (keep >= 6)
            tcti_put_be32(f->held + 2, (uint32_t)keep);
        out = f->held;
        out_len = keep;
    } else if (fires(f, TPM2L_FAULT_EMPTY_READ, n)) {
        note_hit(f, n);
        out_len = 0;
    } else if (fires(f, TPM2L_FAULT_DELAY, n)) {
        note_hit(f, n);
        rc = delay(f, n);
        if (rc)
            return rc;
        out_len = f->rsp_len;
    } else if (fires(f, TPM2L_FAULT_CORRUPT, n)) {
        note_hit(f, n);
        size_t at = f->plan.offset == TPM2L_FAULT_SEEDED ? (size_t)(next_random(f) % f->rsp_len)
                                                          : f->plan.offset % f->rsp_len;
        uint8_t x = f->plan.value;
        while (!x)
            x = (uint8_t)next_random(f);
        memcpy(f->held, f->rsp, f->rsp_len);
        f->held[at] ^= x;
        out = f->held;
    } else if (had_prev && (f->plan.kind == TPM2L_FAULT_DUPLICATE ||
                            f->plan.kind == TPM2L_FAULT_REORDER) &&
               fires(f, f->plan.kind, n)) {
        note_hit(f, n);
        /* Response k-1 again; for REORDER, response k is kept for exchange k+1. */
        memcpy(f->held, f->rsp, f->rsp_len);
        f->held_len = f->plan.kind == TPM2L_FAULT_REORDER ? f->rsp_len : 0;
        out = f->prev;
        out_len = f->prev_len;
        rc = hand_up(f, out, out_len, buf, cap, len);
        memcpy(f->prev, f->rsp, f->rsp_len);
        f->prev_len = f->rsp_len;
        return rc;
    } else if (f->plan.kind == TPM2L_FAULT_REORDER && f->fired && f->held_len &&
               n == f->plan.exchange + 1) {
        note_hit(f, n);
        memcpy(f->prev, f->rsp, f->rsp_len);
        f->prev_len = f->rsp_len;
        size_t h = f->held_len;
        f->held_len = 0;
        return hand_up(f, f->held, h, buf, cap, len);
    }
    rc = hand_up(f, out, out_len, buf, cap, len);
    memcpy(f->prev, f->rsp, f->rsp_len);
    f->prev_len = f->rsp_len;
    return rc;
}

static TPM2_RC fault_set_locality(tpm2l_tcti *t, uint8_t locality)
{
    tpm2l_tcti_fault *f = (tpm2l_tcti_fault *)t;
    TPM2_RC rc = f->dropped ? reopen(f) : TPM2_RC_SUCCESS;
    if (!rc && (rc = tpm2l_tcti_set_locality(f->inner, locality)))
        return pass_error(f, rc);
    return rc;
}

static TPM2_RC fault_cancel(tpm2l_tcti *t)
{
    tpm2l_tcti_fault *f = (tpm2l_tcti_fault *)t;
    if (f->dropped)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_CLOSED),
                                "nothing to cancel: the connection was dropped");
    TPM2_RC rc = tpm2l_tcti_cancel(f->inner);
    return rc ? pass_error(f, rc) : TPM2_RC_SUCCESS;
}

static void fault_close(tpm2l_tcti *t)
{
    tpm2l_tcti_fault *f = (tpm2l_tcti_fault *)t;
    /* Responses may carry secrets (unsealed data, decrypted parameters). */
    tpm2l_cleanse(f->prev, sizeof f->prev);
    tpm2l_cleanse(f->held, sizeof f->held);
    tpm2l_cleanse(f->rsp, sizeof f->rsp);
    f->prev_len = f->held_len = f->rsp_len = 0;
    f->pending = 0;
}

static const struct tpm2l_tcti_ops fault_ops = {
    .name = "fault",
    .transmit = fault_transmit,
    .receive = fault_receive,
    .set_locality = fault_set_locality,
    .cancel = fault_cancel,
    .close = fault_close,
};

TPM2_RC tpm2l_tcti_fault_open(tpm2l_tcti_fault *f, tpm2l_tcti *inner,
                              const tpm2l_fault_plan *plan)
{
    if (!f)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    memset(f, 0, offsetof(tpm2l_tcti_fault, prev));
    f->prev_len = f->held_len = f->rsp_len = 0;
    f->base.ops = &fault_ops;
    f->base.timeout_ms = TPM2L_TCTI_DEFAULT_TIMEOUT_MS;
    TPM2_RC rc = TPM2_RC_SUCCESS;
    if (!inner || !inner->ops || !plan) {
        rc = tpm2l_tcti_error(&f->base, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                              "no open inner transport or no plan");
        f->base.ops = NULL;
        return rc;
    }
    if ((unsigned)plan->kind >= TPM2L_FAULT_KIND_COUNT)
        rc = tpm2l_tcti_error(&f->base, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                              "unknown fault kind %d", (int)plan->kind);
    else if (plan->kind == TPM2L_FAULT_CHILD_EXIT &&
             (!inner->ops->name || strcmp(inner->ops->name, "cmd") != 0))
        rc = tpm2l_tcti_error(&f->base, TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED),
                              "child_exit needs a cmd transport, not %s",
                              inner->ops->name ? inner->ops->name : "this one");
    if (rc) {
        f->base.ops = NULL;
        return rc;
    }
    f->inner = inner;
    f->plan = *plan;
    f->rng = plan->seed;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_fault_reopen_with(tpm2l_tcti_fault *f, tpm2l_tcti_any *any,
                                     const char *conf)
{
    if (!f || f->base.ops != &fault_ops || !any || &any->base != f->inner || !conf ||
        strlen(conf) >= sizeof f->reopen_conf)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    f->reopen_any = any;
    memcpy(f->reopen_conf, conf, strlen(conf) + 1);
    return TPM2_RC_SUCCESS;
}
