/* cmd.c - a TPM behind a spawned command: commands go to its stdin, responses come
 * from its stdout ("cmd:socat - TCP:host:2321", "cmd:ssh box tpm2_send ...").
 *
 * The child is "/bin/sh -c <line>" in its own process group, with our descriptors
 * closed (everything is CLOEXEC) and default signal dispositions; its stderr is ours.
 * Traps handled here: a child that dies must not kill us with SIGPIPE (the signal is
 * blocked in this thread around the write and a pending one consumed, so other
 * threads and the caller's handlers are untouched); a child that prints a banner or a
 * prompt is reported with what it printed; every child is reaped at close, killed if
 * it will not exit on EOF. Allocation happens only in posix_spawn at open.
 */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "src/tcti/io.h"
#include "tpm2lite/tcti.h"

extern char **environ;

#define EXIT_GRACE_MS 1000

static const struct tpm2l_tcti_ops cmd_ops;

static void sleep_ms(int ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Wait up to ms for the child to exit; 1 and *status if it did (it is then reaped). */
static int reap_within(tpm2l_tcti_cmd *t, int ms, int *status)
{
    int64_t end = tcti_now_ms() + ms;
    for (;;) {
        pid_t r = waitpid(t->pid, status, WNOHANG);
        if (r == t->pid)
            return 1;
        if (r < 0 && errno != EINTR) {
            /* ECHILD: the application reaps children itself (SIGCHLD ignored). */
            *status = -1;
            return 1;
        }
        if (tcti_now_ms() >= end)
            return 0;
        sleep_ms(5);
    }
}

static void describe_exit(int status, char *out, size_t cap)
{
    if (status == -1)
        snprintf(out, cap, "exited");
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        snprintf(out, cap, "exited with status 127 (command not found?)");
    else if (WIFEXITED(status))
        snprintf(out, cap, "exited with status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(out, cap, "was killed by signal %d", WTERMSIG(status));
    else
        snprintf(out, cap, "ended");
}

/* The peer went away: say whether the child exited and how. */
static TPM2_RC child_gone(tpm2l_tcti_cmd *t, TPM2_RC rc, const char *when)
{
    int status;
    t->broken = 1;
    if (t->pid > 0 && reap_within(t, 500, &status)) {
        char how[64];
        describe_exit(status, how, sizeof how);
        t->pid = 0;
        return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_CHILD_EXITED), "`%s` %s %s",
                                t->label, how, when);
    }
    return rc;
}

static TPM2_RC cmd_transmit(tpm2l_tcti *base, const uint8_t *cmd, size_t len)
{
    tpm2l_tcti_cmd *t = (tpm2l_tcti_cmd *)base;
    if (t->broken || t->to_child < 0)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "`%s` is unusable after an earlier error; close and reopen",
                                t->label);
    if (t->pending)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "the previous command's response was not received");

    /* Block SIGPIPE for this thread only; if the write raises it, it stays pending
     * and is taken back with sigtimedwait, unless it was already pending before (then
     * it belongs to someone else and is left alone). */
    sigset_t pipe_set, old, before;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    sigpending(&before);
    size_t done = 0;
    int err = 0;
    while (done < len) {
        ssize_t k = write(t->to_child, cmd + done, len - done);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            err = errno;
            break;
        }
        done += (size_t)k;
    }
    if (err == EPIPE && !sigismember(&before, SIGPIPE)) {
        static const struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    if (err == EPIPE)
        return child_gone(t, tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_CLOSED),
                                              "`%s` closed its stdin", t->label),
                          "before reading the command");
    if (err) {
        t->broken = 1;
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_IO),
                                "writing the command to `%s` failed: %s", t->label,
                                strerror(err));
    }
    t->pending = 1;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC cmd_receive(tpm2l_tcti *base, uint8_t *buf, size_t cap, size_t *len)
{
    tpm2l_tcti_cmd *t = (tpm2l_tcti_cmd *)base;
    if (t->broken || !t->pending)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                t->broken ? "`%s` is unusable after an earlier error"
                                          : "receive without a command sent to `%s`",
                                t->label);
    t->pending = 0;
    char ep[96];
    snprintf(ep, sizeof ep, "`%s`", t->label);
    int64_t deadline = tcti_deadline(base->timeout_ms);
    TPM2_RC rc = tcti_read_exact(base, t->from_child, buf, TCTI_HEADER_SIZE, deadline, ep,
                                 "response header");
    if (rc == TPM2L_RC_TCTI(TPM2L_E_CLOSED) || rc == TPM2L_RC_TCTI(TPM2L_E_TRUNCATED))
        return child_gone(t, rc, "before sending a whole response");
    if (rc) {
        t->broken = 1;
        return rc;
    }
    unsigned tag = (unsigned)buf[0] << 8 | buf[1];
    if (tag != TCTI_TAG_NO_SESSIONS && tag != TCTI_TAG_SESSIONS && tag != TCTI_TAG_RSP_COMMAND) {
        /* Most likely text: an ssh banner, a shell prompt, a usage message. */
        char shown[TCTI_HEADER_SIZE + 1];
        for (size_t i = 0; i < TCTI_HEADER_SIZE; i++)
            shown[i] = (buf[i] >= 0x20 && buf[i] < 0x7f) ? (char)buf[i] : '.';
        shown[TCTI_HEADER_SIZE] = '\0';
        t->broken = 1;
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                "`%s` printed \"%s\" instead of a TPM response (a banner or "
                                "prompt on stdout?)",
                                t->label, shown);
    }
    uint32_t size;
    rc = tcti_check_header(base, buf, cap, &size, ep);
    if (!rc)
        rc = tcti_read_exact(base, t->from_child, buf + TCTI_HEADER_SIZE,
                             size - TCTI_HEADER_SIZE, deadline, ep, "response body");
    if (rc == TPM2L_RC_TCTI(TPM2L_E_CLOSED) || rc == TPM2L_RC_TCTI(TPM2L_E_TRUNCATED))
        return child_gone(t, rc, "before sending a whole response");
    if (!rc)
        rc = tcti_check_no_excess(base, t->from_child, size, ep);
    if (rc) {
        t->broken = 1;
        return rc;
    }
    *len = size;
    return TPM2_RC_SUCCESS;
}

static void cmd_close(tpm2l_tcti *base)
{
    tpm2l_tcti_cmd *t = (tpm2l_tcti_cmd *)base;
    /* EOF on stdin is the polite way to ask a filter like socat or nc to finish. */
    tcti_close_fd(&t->to_child);
    if (t->pid > 0) {
        int status;
        pid_t pid = t->pid;
        if (!reap_within(t, EXIT_GRACE_MS, &status)) {
            kill(-pid, SIGTERM);
            if (!reap_within(t, EXIT_GRACE_MS, &status)) {
                kill(-pid, SIGKILL);
                while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
                }
            }
        }
        /* Anything the shell left behind in its group goes too. */
        kill(-pid, SIGTERM);
        t->pid = 0;
    }
    tcti_close_fd(&t->from_child);
    t->pending = 0;
}

static const struct tpm2l_tcti_ops cmd_ops = {
    .name = "cmd",
    .transmit = cmd_transmit,
    .receive = cmd_receive,
    .set_locality = NULL,
    .cancel = NULL,
    .close = cmd_close,
};

/* Keep our pipe ends above stdio, so that dup2 onto 0/1 in the child never meets a
 * descriptor that already is 0 or 1 (dup2(fd, fd) would keep its CLOEXEC). */
static int raise_fd(int fd)
{
    if (fd > 2)
        return fd;
    int n = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return n;
}

static TPM2_RC fail(tpm2l_tcti_cmd *t, TPM2_RC rc)
{
    cmd_close(&t->base);
    t->base.ops = NULL;
    return rc;
}

TPM2_RC tpm2l_tcti_cmd_open(tpm2l_tcti_cmd *t, const char *cmdline)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    memset(&t->base, 0, sizeof t->base);
    t->base.ops = &cmd_ops;
    t->base.timeout_ms = TPM2L_TCTI_DEFAULT_TIMEOUT_MS;
    t->pid = 0;
    t->to_child = t->from_child = -1;
    t->pending = t->broken = 0;
    t->cmdline[0] = t->label[0] = '\0';

    if (!cmdline || !*cmdline)
        return fail(t, tpm2l_tcti_error(&t->base, TPM2L_RC(TPM2L_LAYER_PARSE, TPM2L_E_BAD_CONFIG),
                                        "no command line (e.g. 'cmd:socat - "
                                        "TCP:127.0.0.1:2321')"));
    if (strlen(cmdline) >= sizeof t->cmdline)
        return fail(t, tpm2l_tcti_error(&t->base, TPM2L_RC(TPM2L_LAYER_PARSE, TPM2L_E_BAD_CONFIG),
                                        "command line is longer than %zu characters",
                                        sizeof t->cmdline - 1));
    memcpy(t->cmdline, cmdline, strlen(cmdline) + 1);
    if (strlen(cmdline) < sizeof t->label)
        memcpy(t->label, cmdline, strlen(cmdline) + 1);
    else
        snprintf(t->label, sizeof t->label, "%.*s...", (int)sizeof t->label - 4, cmdline);

    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0)
        return fail(t, tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_IO), "pipe: %s",
                                        strerror(errno)));
    if (pipe2(out, O_CLOEXEC) != 0) {
        int e = errno;
        close(in[0]);
        close(in[1]);
        return fail(t, tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_IO), "pipe: %s",
                                        strerror(e)));
    }
    for (int i = 0; i < 2; i++) {
        in[i] = raise_fd(in[i]);
        out[i] = raise_fd(out[i]);
    }
    t->to_child = in[1];
    t->from_child = out[0];
    if (in[0] < 0 || out[1] < 0 || in[1] < 0 || out[0] < 0) {
        if (in[0] >= 0)
            close(in[0]);
        if (out[1] >= 0)
            close(out[1]);
        return fail(t, tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_IO),
                                        "cannot move pipe descriptors: %s", strerror(errno)));
    }

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, deflt;
    sigemptyset(&none);
    sigemptyset(&deflt);
    sigaddset(&deflt, SIGPIPE);
    sigaddset(&deflt, SIGINT);
    sigaddset(&deflt, SIGTERM);
    sigaddset(&deflt, SIGHUP);
    sigaddset(&deflt, SIGCHLD);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &deflt);
    posix_spawnattr_setpgroup(&attr, 0);

    char arg0[] = "sh", arg1[] = "-c";
    char *argv[] = {arg0, arg1, t->cmdline, NULL};
    pid_t pid;
    int e = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(in[0]);
    close(out[1]);
    if (e != 0)
        return fail(t, tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_IO),
                                        "cannot start /bin/sh for `%s`: %s", t->label,
                                        strerror(e)));
    t->pid = pid;
    return TPM2_RC_SUCCESS;
}
