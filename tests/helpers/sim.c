/* sim.c - start real TPMs for tests (see sim.h). Test code: it may allocate, print
 * and use global state (the list of running sims that atexit stops). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"
#include "sim_internal.h"
#include "tpm2lite/tcti.h"

#ifndef SIM_HAVE_LIBTPMS
#define SIM_HAVE_LIBTPMS 0
#endif
#ifndef MSSIM_SERVER_PATH
#define MSSIM_SERVER_PATH "mssim_server"
#endif

#define START_TIMEOUT_MS 20000
#define PORT_LOW 20000  /* below ip_local_port_range (32768+ by default), so clients' */
#define PORT_SPAN 12000 /* ephemeral ports never take ours */

static sim_t *live[16];

static const char *const names[SIM_KIND_COUNT] = {
    "swtpm_tcp", "swtpm_unix", "mssim_on_swtpm", "cmd_socat",
    "device_pty", "libtpms", "mssim_server",
};

const char *sim_kind_name(sim_kind kind)
{
    return (unsigned)kind < SIM_KIND_COUNT ? names[kind] : "?";
}

const char *sim_tools_tcti(const sim_t *s)
{
    return s->tools[0] ? s->tools : NULL;
}

const char *sim_mssim_server_path(void)
{
    return MSSIM_SERVER_PATH;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap(int ms)
{
    struct timespec ts = {0, (long)ms * 1000000L};
    nanosleep(&ts, NULL);
}

static int fail(sim_t *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(sim_t *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    return -1;
}

static void stop_all_at_exit(void)
{
    for (size_t i = 0; i < sizeof live / sizeof live[0]; i++)
        if (live[i])
            sim_stop(live[i]);
}

/* meson ends a test that runs over its time with SIGTERM, which skips atexit: kill
 * the sims' process groups (kill() is async-signal-safe), then die as asked. */
static void stop_all_on_signal(int sig)
{
    for (size_t i = 0; i < sizeof live / sizeof live[0]; i++)
        if (live[i] && live[i]->pgid > 0)
            kill(-live[i]->pgid, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void track(sim_t *s, int on)
{
    static int registered;
    if (!registered) {
        atexit(stop_all_at_exit);
        static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
            struct sigaction old;
            /* Only where nobody else handles the signal. */
            if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
                signal(sigs[i], stop_all_on_signal);
        }
        registered = 1;
    }
    for (size_t i = 0; i < sizeof live / sizeof live[0]; i++) {
        if (on && !live[i]) {
            live[i] = s;
            return;
        }
        if (!on && live[i] == s)
            live[i] = NULL;
    }
}

/* fork + exec in a new process group that dies with us. keep[] are descriptors to
 * pass as 3, 4, ... (-1 terminated). stdout/stderr go to DIR/<log>. */
static pid_t spawn(sim_t *s, const char *const argv[], const int *keep, const char *log)
{
    static argv_copy args;
    if (copy_argv(&args, argv) != 0)
        return -1;
    char logpath[300];
    snprintf(logpath, sizeof logpath, "%s/%s", s->dir, log);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(99);
        int lfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
        int nullfd = open("/dev/null", O_RDONLY);
        if (lfd >= 0) {
            dup2(lfd, 1);
            dup2(lfd, 2);
        }
        if (nullfd >= 0)
            dup2(nullfd, 0);
        int tmp[8], n = 0;
        for (; keep && keep[n] >= 0 && n < 8; n++)
            tmp[n] = fcntl(keep[n], F_DUPFD_CLOEXEC, 100);
        for (int i = 0; i < n; i++)
            dup2(tmp[i], 3 + i); /* dup2 clears CLOEXEC on the target only */
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        execvp(args.v[0], args.v);
        _exit(127);
    }
    setpgid(pid, pid); /* also from here, so it holds before we signal the group */
    return pid;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void sim_stop(sim_t *s)
{
    if (!s)
        return;
    if (s->pgid > 0) {
        kill(-s->pgid, SIGTERM);
        int64_t end = now_ms() + 3000;
        for (;;) {
            int status;
            pid_t r = waitpid(-s->pgid, &status, WNOHANG);
            if (r < 0 && errno == ECHILD)
                break; /* every child of ours in the group is reaped */
            if (r > 0)
                continue;
            if (now_ms() > end) {
                kill(-s->pgid, SIGKILL);
                while (waitpid(-s->pgid, &status, 0) > 0) {
                }
                break;
            }
            nap(10);
        }
        /* Grandchildren (socat's swtpm) are not ours to reap; make sure they end. */
        kill(-s->pgid, SIGKILL);
        s->pgid = 0;
    }
    if (s->dir[0]) {
        nftw(s->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        s->dir[0] = '\0';
    }
    track(s, 0);
}

/* Is a process of ours exited? (Reaps it if so.) */
static int exited(pid_t pid)
{
    int status;
    return waitpid(pid, &status, WNOHANG) == pid;
}

static uint16_t random_port(void)
{
    static unsigned seed;
    if (!seed)
        seed = (unsigned)getpid() ^ (unsigned)now_ms();
    return (uint16_t)(PORT_LOW + rand_r(&seed) % PORT_SPAN);
}

static int bind_port(uint16_t port, int do_listen)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd < 0)
        return -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || (do_listen && listen(fd, 16) != 0)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Does pid hold the listening TCP socket on 127.0.0.1:port? Checked through
 * /proc/net/tcp (socket inode) and /proc/pid/fd, so a port taken by another test's
 * process is never mistaken for ours. */
static int pid_listens_on(pid_t pid, uint16_t port)
{
    FILE *f = fopen("/proc/net/tcp", "r");
    if (!f)
        return 0;
    char line[512];
    unsigned long inode = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned lport, st;
        unsigned long ino;
        if (sscanf(line, " %*d: %*8x:%x %*8x:%*x %x %*s %*s %*s %*d %*d %lu", &lport, &st,
                   &ino) == 3 &&
            lport == port && st == 0x0A) {
            inode = ino;
            break;
        }
    }
    fclose(f);
    if (!inode)
        return 0;
    char dirpath[64], want[64];
    snprintf(dirpath, sizeof dirpath, "/proc/%d/fd", (int)pid);
    snprintf(want, sizeof want, "socket:[%lu]", inode);
    DIR *d = opendir(dirpath);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d))) {
        char p[340], target[64];
        snprintf(p, sizeof p, "%s/%s", dirpath, e->d_name);
        ssize_t n = readlink(p, target, sizeof target - 1);
        if (n > 0) {
            target[n] = '\0';
            found = strcmp(target, want) == 0;
        }
    }
    closedir(d);
    return found;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* One GetRandom(8) through our own transport: the sim is ready when this works. */
static int probe(sim_t *s)
{
    static const uint8_t cmd[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 8};
    static tpm2l_tcti_any any; /* ~9 KB: not on the stack */
    uint8_t rsp[TPM2L_MAX_MESSAGE];
    size_t n = 0;
    TPM2_RC rc = tpm2l_tcti_open(&any, s->tcti);
    if (!rc) {
        tpm2l_tcti_set_timeout(&any.base, 10000);
        rc = tpm2l_tcti_transmit(&any.base, cmd, sizeof cmd);
    }
    if (!rc)
        rc = tpm2l_tcti_receive(&any.base, rsp, sizeof rsp, &n);
    if (rc)
        snprintf(s->err, sizeof s->err, "probe of %.90s failed: %.190s", s->tcti,
                 any.base.err);
    tpm2l_tcti_close(&any.base);
    if (rc)
        return -1;
    if (n != 20 || rsp[6] || rsp[7] || rsp[8] || rsp[9])
        return fail(s, "probe of %.90s: GetRandom answered %zu bytes, rc %02x%02x%02x%02x",
                    s->tcti, n, rsp[6], rsp[7], rsp[8], rsp[9]);
    return 0;
}

static int start_swtpm_tcp(sim_t *s)
{
    for (int attempt = 0; attempt < 30; attempt++) {
        uint16_t p = random_port();
        int a = bind_port(p, 0), b = bind_port((uint16_t)(p + 1), 0);
        if (a >= 0)
            close(a);
        if (b >= 0)
            close(b);
        if (a < 0 || b < 0)
            continue;
        char state[260], server[64], ctrl[64], pidf[260];
        snprintf(state, sizeof state, "dir=%s", s->dir);
        snprintf(server, sizeof server, "type=tcp,port=%u", (unsigned)p);
        snprintf(ctrl, sizeof ctrl, "type=tcp,port=%u", (unsigned)(p + 1));
        snprintf(pidf, sizeof pidf, "file=%s/swtpm.pid", s->dir);
        const char *argv[] = {"swtpm", "socket", "--tpm2", "--tpmstate", state, "--server", server,
                        "--ctrl", ctrl, "--flags", "not-need-init,startup-clear", "--pid",
                        pidf, NULL};
        pid_t pid = spawn(s, argv, NULL, "swtpm.log");
        if (pid < 0)
            return fail(s, "fork: %s", strerror(errno));
        int64_t end = now_ms() + START_TIMEOUT_MS;
        int ok = 0, died = 0;
        while (now_ms() < end) {
            if (exited(pid)) {
                died = 1; /* most likely lost the port to someone: try another */
                break;
            }
            if (pid_listens_on(pid, p) && pid_listens_on(pid, (uint16_t)(p + 1))) {
                ok = 1;
                break;
            }
            nap(10);
        }
        if (died)
            continue;
        s->pgid = pid;
        if (!ok)
            return fail(s, "swtpm did not listen on %u within %d ms", p, START_TIMEOUT_MS);
        s->port = p;
        return 0;
    }
    return fail(s, "no free port pair for swtpm after 30 attempts");
}

static int start_swtpm_unix(sim_t *s)
{
    char state[260], server[300], ctrl[300], sock[260], pidf[260];
    snprintf(state, sizeof state, "dir=%s", s->dir);
    snprintf(sock, sizeof sock, "%s/swtpm.sock", s->dir);
    snprintf(server, sizeof server, "type=unixio,path=%s", sock);
    snprintf(ctrl, sizeof ctrl, "type=unixio,path=%s.ctrl", sock);
    snprintf(pidf, sizeof pidf, "file=%s/swtpm.pid", s->dir);
    const char *argv[] = {"swtpm", "socket", "--tpm2", "--tpmstate", state, "--server", server,
                    "--ctrl", ctrl, "--flags", "not-need-init,startup-clear", "--pid", pidf,
                    NULL};
    pid_t pid = spawn(s, argv, NULL, "swtpm.log");
    if (pid < 0)
        return fail(s, "fork: %s", strerror(errno));
    s->pgid = pid;
    char ctrlpath[270];
    snprintf(ctrlpath, sizeof ctrlpath, "%s.ctrl", sock);
    int64_t end = now_ms() + START_TIMEOUT_MS;
    while (!(exists(sock) && exists(ctrlpath))) {
        if (exited(pid))
            return fail(s, "swtpm exited at start (see %s/swtpm.log)", s->dir);
        if (now_ms() > end)
            return fail(s, "swtpm did not create %s", sock);
        nap(10);
    }
    snprintf(s->tcti, sizeof s->tcti, "swtpm:path=%s", sock);
    snprintf(s->tools, sizeof s->tools, "swtpm:path=%s", sock);
    return 0;
}

static int start_pty(sim_t *s)
{
    char link[300], sys[700];
    snprintf(link, sizeof link, "PTY,link=%s/tpm0,rawer", s->dir);
    /* socat splits addresses at ',': the flags' comma is escaped for it. */
    snprintf(sys, sizeof sys,
             "SYSTEM:exec swtpm chardev --tpm2 --fd 3 --tpmstate dir=%s "
             "--flags not-need-init\\,startup-clear 3<&0",
             s->dir);
    const char *argv[] = {"socat", link, sys, NULL};
    pid_t pid = spawn(s, argv, NULL, "socat.log");
    if (pid < 0)
        return fail(s, "fork: %s", strerror(errno));
    s->pgid = pid;
    char dev[260];
    snprintf(dev, sizeof dev, "%s/tpm0", s->dir);
    int64_t end = now_ms() + START_TIMEOUT_MS;
    while (!exists(dev)) {
        if (exited(pid))
            return fail(s, "socat exited at start (see %s/socat.log)", s->dir);
        if (now_ms() > end)
            return fail(s, "socat did not create %s", dev);
        nap(10);
    }
    snprintf(s->tcti, sizeof s->tcti, "device:%s", dev);
    snprintf(s->tools, sizeof s->tools, "device:%s", dev);
    return 0;
}

static int start_mssim_server(sim_t *s)
{
    if (!SIM_HAVE_LIBTPMS)
        return fail(s, "built without libtpms: no mssim_server");
    for (int attempt = 0; attempt < 30; attempt++) {
        uint16_t p = random_port();
        int fds[3] = {bind_port(p, 1), bind_port((uint16_t)(p + 1), 1), -1};
        if (fds[0] < 0 || fds[1] < 0) {
            if (fds[0] >= 0)
                close(fds[0]);
            if (fds[1] >= 0)
                close(fds[1]);
            continue;
        }
        /* The sockets are bound before the server starts: no race for the ports. */
        char path[300], dir[260];
        snprintf(path, sizeof path, "%s", MSSIM_SERVER_PATH);
        snprintf(dir, sizeof dir, "%s", s->dir);
        const char *argv[] = {path, "--dir", dir, "--fds", "3,4", NULL};
        pid_t pid = spawn(s, argv, fds, "mssim_server.log");
        close(fds[0]);
        close(fds[1]);
        if (pid < 0)
            return fail(s, "fork: %s", strerror(errno));
        s->pgid = pid;
        s->port = p;
        snprintf(s->tcti, sizeof s->tcti, "mssim:host=127.0.0.1,port=%u", (unsigned)p);
        snprintf(s->tools, sizeof s->tools, "mssim:host=127.0.0.1,port=%u", (unsigned)p);
        /* The simulator starts powered off: power on, NV on, TPM2_Startup(CLEAR). */
        static const uint8_t startup[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x44, 0, 0};
        static tpm2l_tcti_any any;
        char conf[640];
        snprintf(conf, sizeof conf, "%s,poweron=1", s->tcti);
        uint8_t rsp[64];
        size_t n = 0;
        TPM2_RC rc = tpm2l_tcti_open(&any, conf);
        if (!rc)
            rc = tpm2l_tcti_transmit(&any.base, startup, sizeof startup);
        if (!rc)
            rc = tpm2l_tcti_receive(&any.base, rsp, sizeof rsp, &n);
        if (rc)
            snprintf(s->err, sizeof s->err, "mssim_server power-on/startup: %.200s",
                     any.base.err);
        tpm2l_tcti_close(&any.base);
        if (rc)
            return -1;
        if (n != 10 || rsp[6] || rsp[7] || rsp[8] || rsp[9])
            return fail(s, "mssim_server: TPM2_Startup answered %02x%02x%02x%02x", rsp[6],
                        rsp[7], rsp[8], rsp[9]);
        return 0;
    }
    return fail(s, "no free port pair for mssim_server after 30 attempts");
}

int sim_start(sim_kind kind, sim_t *s)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp || strlen(tmp) > 60)
        tmp = "/tmp"; /* UNIX socket paths must stay under 108 bytes */
    snprintf(s->dir, sizeof s->dir, "%s/tpm2lite-sim-XXXXXX", tmp);
    if (!mkdtemp(s->dir)) {
        s->dir[0] = '\0';
        return fail(s, "mkdtemp: %s", strerror(errno));
    }
    track(s, 1);
    int r = 0;
    switch (kind) {
    case SIM_SWTPM_TCP:
    case SIM_MSSIM_ON_SWTPM:
    case SIM_CMD_SOCAT:
        r = start_swtpm_tcp(s);
        if (r)
            break;
        snprintf(s->tools, sizeof s->tools, "swtpm:host=127.0.0.1,port=%u", s->port);
        if (kind == SIM_SWTPM_TCP)
            snprintf(s->tcti, sizeof s->tcti, "swtpm:host=127.0.0.1,port=%u", s->port);
        else if (kind == SIM_MSSIM_ON_SWTPM)
            snprintf(s->tcti, sizeof s->tcti, "mssim:host=127.0.0.1,port=%u", s->port);
        else
            snprintf(s->tcti, sizeof s->tcti, "cmd:socat - TCP:127.0.0.1:%u", s->port);
        break;
    case SIM_SWTPM_UNIX:
        r = start_swtpm_unix(s);
        break;
    case SIM_DEVICE_PTY:
        r = start_pty(s);
        break;
    case SIM_LIBTPMS:
        if (!SIM_HAVE_LIBTPMS) {
            r = fail(s, "built without libtpms");
            break;
        }
        snprintf(s->tcti, sizeof s->tcti, "libtpms:dir=%s", s->dir);
        break;
    case SIM_MSSIM_SERVER:
        r = start_mssim_server(s);
        break;
    default:
        r = fail(s, "unknown sim kind %d", (int)kind);
    }
    if (!r)
        r = probe(s);
    if (r) {
        char why[sizeof s->err];
        memcpy(why, s->err, sizeof why);
        sim_stop(s);
        memcpy(s->err, why, sizeof why);
        return -1;
    }
    return 0;
}
