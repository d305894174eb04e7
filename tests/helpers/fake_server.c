/* fake_server.c - scripted socket peer for framing tests (see fake_server.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fake_server.h"

/* Wait for fd readable or the stop pipe; 1 = readable, 0 = stop. */
static int wait_or_stop(fake_server *f, int fd)
{
    struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = f->stop_pipe[0], .events = POLLIN}};
    for (;;) {
        int r = poll(p, 2, -1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return 0;
        /* Data (or EOF) before the stop request, so a client's last words are read. */
        return p[0].revents ? 1 : 0;
    }
}

static void *serve(void *arg)
{
    fake_server *f = arg;
    int max = f->max_conns > 0 ? f->max_conns : 1;
    for (int c = 0; c < max; c++) {
        if (!wait_or_stop(f, f->lfd))
            return NULL;
        int fd = accept4(f->lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0)
            return NULL;
        f->conns++;
        f->got_len = 0;
        f->held_len = 0;
        while (f->got_len < f->read_bytes && f->got_len < sizeof f->got) {
            if (!wait_or_stop(f, fd)) {
                close(fd);
                return NULL;
            }
            ssize_t k = read(fd, f->got + f->got_len, f->read_bytes - f->got_len);
            if (k <= 0)
                break;
            f->got_len += (size_t)k;
        }
        if (f->mode != FAKE_CLOSE_BEFORE_REPLY && f->reply_len)
            (void)!send(fd, f->reply, f->reply_len, MSG_NOSIGNAL);
        if (f->mode == FAKE_HOLD_AFTER_REPLY) {
            /* Hold until stopped (or the client hangs up). */
            while (wait_or_stop(f, fd)) {
                uint8_t b[256];
                ssize_t k = read(fd, b, sizeof b);
                if (k <= 0)
                    break;
                for (ssize_t i = 0; i < k && f->held_len < sizeof f->held; i++)
                    f->held[f->held_len++] = b[i];
            }
        }
        close(fd);
    }
    return NULL;
}

int fake_server_start(fake_server *f)
{
    f->conns = 0;
    f->got_len = 0;
    if (pipe2(f->stop_pipe, O_CLOEXEC) != 0)
        return -1;
    if (f->use_unix) {
        struct sockaddr_un a = {.sun_family = AF_UNIX};
        f->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        memcpy(a.sun_path, f->path, sizeof a.sun_path - 1); /* a is zeroed: NUL stays */
        unlink(f->path);
        if (bind(f->lfd, (struct sockaddr *)&a, sizeof a) != 0)
            return -1;
    } else {
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t al = sizeof a;
        f->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (bind(f->lfd, (struct sockaddr *)&a, sizeof a) != 0 ||
            getsockname(f->lfd, (struct sockaddr *)&a, &al) != 0)
            return -1;
        f->port = ntohs(a.sin_port);
    }
    if (listen(f->lfd, 8) != 0)
        return -1;
    return pthread_create(&f->thread, NULL, serve, f) == 0 ? 0 : -1;
}

void fake_server_stop(fake_server *f)
{
    (void)!write(f->stop_pipe[1], "x", 1);
    pthread_join(f->thread, NULL);
    close(f->lfd);
    close(f->stop_pipe[0]);
    close(f->stop_pipe[1]);
    if (f->use_unix)
        unlink(f->path);
}

int fake_refusing_port(uint16_t *port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &al) != 0)
        return -1;
    *port = ntohs(a.sin_port);
    return fd;
}
