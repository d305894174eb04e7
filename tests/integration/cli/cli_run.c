/* cli_run.c - child processes for the CLI tests: fork, exec, read stdout and stderr
 * through two pipes until both close, and kill a child that outlives its deadline.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli_run.h"
#include "sim.h"

#ifndef TPM2LITE_CLI_PATH
#error "TPM2LITE_CLI_PATH must name the tpm2lite binary"
#endif

#define RUN_TIMEOUT_MS 120000
#define MAX_ARGS 64

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Append what fd has to buf (cap bytes, NUL kept); 0 at EOF, 1 while open. */
static int drain(int fd, char *buf, size_t cap, size_t *len)
{
    char tmp[4096];
    ssize_t n = read(fd, tmp, sizeof tmp);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 1 : 0;
    if (n == 0)
        return 0;
    size_t room = cap - 1 - *len;
    size_t take = (size_t)n < room ? (size_t)n : room;
    memcpy(buf + *len, tmp, take);
    *len += take;
    buf[*len] = '\0';
    return 1;
}

int run_argv(run_result *r, const char *const argv[])
{
    int out[2], err[2];
    r->status = -1;
    r->out_len = 0;
    r->out[0] = r->err[0] = '\0';
    if (pipe(out) || pipe(err))
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(out[0]);
        close(out[1]);
        close(err[0]);
        close(err[1]);
        /* execvp's prototype predates const; it does not write the strings. */
        char *args[MAX_ARGS + 1];
        size_t i = 0;
        for (; argv[i] && i < MAX_ARGS; i++)
            memcpy(&args[i], &argv[i], sizeof args[i]);
        args[i] = NULL;
        execvp(args[0], args);
        fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    size_t err_len = 0;
    int open_out = 1, open_err = 1, killed = 0;
    long long deadline = now_ms() + RUN_TIMEOUT_MS;
    while (open_out || open_err) {
        struct pollfd p[2] = {{open_out ? out[0] : -1, POLLIN, 0},
                              {open_err ? err[0] : -1, POLLIN, 0}};
        long long left = deadline - now_ms();
        if (left <= 0) {
            kill(pid, SIGKILL);
            killed = 1;
            break;
        }
        int n = poll(p, 2, (int)left);
        if (n < 0 && errno != EINTR)
            break;
        if (open_out && (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
            open_out = drain(out[0], r->out, sizeof r->out, &r->out_len);
        if (open_err && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
            open_err = drain(err[0], r->err, sizeof r->err, &err_len);
    }
    close(out[0]);
    close(err[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (!killed && WIFEXITED(st))
        r->status = WEXITSTATUS(st);
    /* A sanitizer report is a failure whatever the exit status says (ASan and UBSan
     * exit 1, which error-path tests expect for other reasons). */
    if (strstr(r->err, "Sanitizer") || strstr(r->err, "runtime error:"))
        r->status = -1;
    return r->status;
}

static int run_va(run_result *r, const char *first[], int n_first, va_list ap)
{
    const char *argv[MAX_ARGS + 1];
    int n = 0;
    for (int i = 0; i < n_first; i++)
        argv[n++] = first[i];
    const char *s;
    while ((s = va_arg(ap, const char *)) != NULL && n < MAX_ARGS)
        argv[n++] = s;
    argv[n] = NULL;
    return run_argv(r, argv);
}

int run_cli(run_result *r, const char *tcti, ...)
{
    const char *first[3] = {TPM2LITE_CLI_PATH, "--tcti", tcti};
    va_list ap;
    va_start(ap, tcti);
    int st = run_va(r, first, tcti ? 3 : 1, ap);
    va_end(ap);
    return st;
}

int run_vsh(run_result *r, const char *fmt, va_list ap)
{
    static char cmd[4096];
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    return run_argv(r, argv);
}

int run_sh(run_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int st = run_vsh(r, fmt, ap);
    va_end(ap);
    return st;
}

int run_tool(run_result *r, ...)
{
    va_list ap;
    va_start(ap, r);
    int st = run_va(r, NULL, 0, ap);
    va_end(ap);
    return st;
}

void run_dump(const char *what, const run_result *r)
{
    fprintf(stderr, "--- %s: exit %d\n--- stdout:\n%.4000s\n--- stderr:\n%s\n", what, r->status,
            r->out, r->err);
}

static char scratch_dir[64];

static void scratch_remove(void)
{
    static run_result r;
    const char *argv[] = {"rm", "-rf", scratch_dir, NULL};
    if (scratch_dir[0])
        run_argv(&r, argv);
}

const char *scratch(const char *name)
{
    /* A ring, so one call's arguments may name several files. */
    static char paths[8][256];
    static unsigned next;
    char *path = paths[next++ % 8];
    if (!scratch_dir[0]) {
        strcpy(scratch_dir, "/tmp/tpm2lite-cli-XXXXXX");
        if (!mkdtemp(scratch_dir)) {
            scratch_dir[0] = '\0';
            return "/nonexistent-scratch";
        }
        atexit(scratch_remove);
    }
    snprintf(path, sizeof paths[0], "%s/%s", scratch_dir, name);
    return path;
}

long file_read(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return (long)n;
}

int have_tpm2_tools(void)
{
    static run_result r;
    const char *argv[] = {"tpm2_createprimary", "--version", NULL};
    return run_argv(&r, argv) == 0;
}

const char *line_value(const char *out, const char *key, char *val, size_t cap)
{
    size_t k = strlen(key);
    for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, key, k) != 0)
            continue;
        const char *v = p + k, *end = strchr(v, '\n');
        size_t n = end ? (size_t)(end - v) : strlen(v);
        if (n >= cap)
            n = cap - 1;
        memcpy(val, v, n);
        val[n] = '\0';
        return val;
    }
    return NULL;
}

void hex_of(const unsigned char *p, size_t n, char *s)
{
    for (size_t i = 0; i < n; i++)
        snprintf(s + 2 * i, 3, "%02x", p[i]);
    s[2 * n] = '\0';
}

static sim_t sim;
const char *cli_tcti;

int cli_sim_start(void **state)
{
    (void)state;
    if (sim_start(SIM_SWTPM_TCP, &sim)) {
        fprintf(stderr, "swtpm did not start: %s\n", sim.err);
        return -1;
    }
    cli_tcti = sim.tcti;
    const char *tools = sim_tools_tcti(&sim);
    if (tools)
        setenv("TPM2TOOLS_TCTI", tools, 1);
    unsetenv("TPM2LITE_TCTI");
    unsetenv("TCTI");
    return 0;
}

int cli_sim_stop(void **state)
{
    (void)state;
    sim_stop(&sim);
    return 0;
}
