/* sim_run.c - run a program (a tpm2-tools command, in tests) with its output
 * captured and a time limit; see sim.h. Test code. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"
#include "sim_internal.h"

int copy_argv(argv_copy *c, const char *const argv[])
{
    size_t used = 0;
    int n = 0;
    for (; argv[n]; n++) {
        size_t len = strlen(argv[n]) + 1;
        if (n + 1 >= 32 || used + len > sizeof c->buf)
            return -1;
        memcpy(c->buf + used, argv[n], len);
        c->v[n] = c->buf + used;
        used += len;
    }
    c->v[n] = NULL;
    return 0;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int sim_run(const char *const argv[], char *out, size_t cap, int timeout_ms)
{
    static argv_copy args;
    if (copy_argv(&args, argv) != 0)
        return -1;
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) != 0)
        return -1;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(pfd[0]);
        close(pfd[1]);
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(99);
        dup2(pfd[1], 1);
        dup2(pfd[1], 2);
        signal(SIGPIPE, SIG_DFL);
        execvp(args.v[0], args.v);
        _exit(127);
    }
    close(pfd[1]);
    size_t got = 0;
    int64_t end = now_ms() + timeout_ms;
    for (;;) {
        int left = (int)(end - now_ms());
        struct pollfd p = {.fd = pfd[0], .events = POLLIN};
        if (left <= 0 || poll(&p, 1, left) == 0) {
            kill(-pid, SIGKILL);
            break;
        }
        char buf[512];
        ssize_t k = read(pfd[0], buf, sizeof buf);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        for (ssize_t i = 0; i < k && cap && got + 1 < cap; i++)
            out[got++] = buf[i];
    }
    if (cap)
        out[got] = '\0';
    close(pfd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
