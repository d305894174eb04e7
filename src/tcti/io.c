/* io.c - complete reads and writes, deadlines, connects and header checks for the
 * stream transports (mssim, swtpm, cmd, device).
 *
 * Every error names the endpoint and what was being moved, because "connection
 * closed" alone does not tell a user which of three sockets went away. Nothing here
 * allocates except getaddrinfo() at connect time, and nothing raises SIGPIPE on a
 * socket (MSG_NOSIGNAL); pipes are the cmd transport's business.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "src/tcti/io.h"

int64_t tcti_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t tcti_deadline(int timeout_ms)
{
    if (timeout_ms < 0)
        return -1;
    return tcti_now_ms() + timeout_ms;
}

static int remaining_ms(int64_t deadline)
{
    if (deadline < 0)
        return -1;
    int64_t left = deadline - tcti_now_ms();
    if (left <= 0)
        return 0;
    return left > 0x7fffffff ? 0x7fffffff : (int)left;
}

void tcti_close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

void tcti_endpoint_tcp(char *out, size_t cap, const char *host, uint16_t port)
{
    /* An IPv6 literal needs brackets to be readable next to a port. */
    if (strchr(host, ':'))
        snprintf(out, cap, "[%s]:%u", host, (unsigned)port);
    else
        snprintf(out, cap, "%s:%u", host, (unsigned)port);
}

TPM2_RC tcti_write_all(tpm2l_tcti *t, int fd, const uint8_t *p, size_t n, int flags,
                       const char *endpoint, const char *what)
{
    size_t done = 0;
    while (done < n) {
        ssize_t k;
        if (flags & TCTI_IO_SOCKET)
            k = send(fd, p + done, n - done, MSG_NOSIGNAL);
        else
            k = write(fd, p + done, n - done);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                struct pollfd pfd = {.fd = fd, .events = POLLOUT};
                (void)poll(&pfd, 1, 1000);
                continue;
            }
            int e = errno;
            if (e == EPIPE || e == ECONNRESET)
                return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_CLOSED),
                                        "%s closed the connection while we sent the %s",
                                        endpoint, what);
            return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_IO),
                                    "sending the %s to %s failed: %s", what, endpoint,
                                    strerror(e));
        }
        done += (size_t)k;
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tcti_wait_readable(tpm2l_tcti *t, int fd, int64_t deadline, const char *endpoint)
{
    for (;;) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int r = poll(&pfd, 1, remaining_ms(deadline));
        if (r > 0)
            return TPM2_RC_SUCCESS; /* readable, hung up or in error: read() says which */
        if (r == 0)
            return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_TIMEOUT),
                                    "no response from %s within %d ms", endpoint,
                                    t->timeout_ms);
        if (errno != EINTR)
            return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_IO), "poll on %s failed: %s",
                                    endpoint, strerror(errno));
    }
}

TPM2_RC tcti_read_exact(tpm2l_tcti *t, int fd, uint8_t *p, size_t n, int64_t deadline,
                        const char *endpoint, const char *what)
{
    size_t got = 0;
    while (got < n) {
        TPM2_RC rc = tcti_wait_readable(t, fd, deadline, endpoint);
        if (rc)
            return rc;
        ssize_t k = read(fd, p + got, n - got);
        if (k < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                continue;
            int e = errno;
            /* A pty whose other side went away reads as EIO. */
            if (e == ECONNRESET || e == EIO)
                goto closed;
            return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_IO),
                                    "reading the %s from %s failed: %s", what, endpoint,
                                    strerror(e));
        }
        if (k == 0)
            goto closed;
        got += (size_t)k;
    }
    return TPM2_RC_SUCCESS;
closed:
    if (got == 0)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_CLOSED),
                                "%s closed the connection before the %s", endpoint, what);
    return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_TRUNCATED),
                            "%s closed the connection after %zu of %zu bytes of the %s",
                            endpoint, got, n, what);
}

TPM2_RC tcti_check_header(tpm2l_tcti *t, const uint8_t *hdr, size_t cap, uint32_t *size,
                          const char *endpoint)
{
    unsigned tag = (unsigned)hdr[0] << 8 | hdr[1];
    uint32_t sz = tcti_be32(hdr + 2);
    if (tag != TCTI_TAG_NO_SESSIONS && tag != TCTI_TAG_SESSIONS && tag != TCTI_TAG_RSP_COMMAND)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                "%s sent bytes that are not a TPM response "
                                "(%02x %02x %02x %02x %02x %02x: tag 0x%04x)",
                                endpoint, hdr[0], hdr[1], hdr[2], hdr[3], hdr[4], hdr[5], tag);
    if (sz < TCTI_HEADER_SIZE)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                "response from %s has size field %u, smaller than the "
                                "10-byte header",
                                endpoint, (unsigned)sz);
    if (sz > cap)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT),
                                "response from %s announces %u bytes; the buffer holds %zu",
                                endpoint, (unsigned)sz, cap);
    *size = sz;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tcti_check_no_excess(tpm2l_tcti *t, int fd, uint32_t size, const char *endpoint)
{
    int pending = 0;
    /* FIONREAD works on sockets, pipes and ttys; where it does not, there is nothing
     * cheap to check and a later exchange will see the stray bytes as a bad header. */
    if (ioctl(fd, FIONREAD, &pending) != 0 || pending <= 0)
        return TPM2_RC_SUCCESS;
    return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                            "%s sent at least %d bytes more than the %u its response "
                            "header announced",
                            endpoint, pending, (unsigned)size);
}

TPM2_RC tcti_read_response(tpm2l_tcti *t, int fd, uint8_t *buf, size_t cap, size_t *len,
                           int64_t deadline, const char *endpoint)
{
    uint32_t size = 0;
    TPM2_RC rc = tcti_read_exact(t, fd, buf, TCTI_HEADER_SIZE, deadline, endpoint,
                                 "response header");
    if (rc)
        return rc;
    rc = tcti_check_header(t, buf, cap, &size, endpoint);
    if (rc)
        return rc;
    rc = tcti_read_exact(t, fd, buf + TCTI_HEADER_SIZE, size - TCTI_HEADER_SIZE, deadline,
                         endpoint, "response body");
    if (rc)
        return rc;
    *len = size;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC connect_error(tpm2l_tcti *t, int e, const char *endpoint)
{
    switch (e) {
    case ECONNREFUSED:
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_CONNECT),
                                "connection refused on %s (is the TPM simulator running?)",
                                endpoint);
    case ENOENT:
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_CONNECT),
                                "no socket at %s (is the TPM simulator running?)", endpoint);
    case EACCES:
    case EPERM:
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_PERMISSION),
                                "permission denied connecting to %s", endpoint);
    case ETIMEDOUT:
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_TIMEOUT),
                                "connecting to %s timed out", endpoint);
    default:
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_CONNECT), "cannot connect to %s: %s",
                                endpoint, strerror(e));
    }
}

/* Non-blocking connect so that an unreachable host gives up at the deadline instead
 * of after the kernel's two-minute SYN retry budget. */
static int connect_with_deadline(int fd, const struct sockaddr *sa, socklen_t salen,
                                 int64_t deadline)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return errno;
    int e = 0;
    if (connect(fd, sa, salen) != 0) {
        e = errno;
        if (e == EINPROGRESS || e == EINTR) {
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            int r;
            do
                r = poll(&pfd, 1, remaining_ms(deadline));
            while (r < 0 && errno == EINTR);
            if (r == 0) {
                e = ETIMEDOUT;
            } else {
                socklen_t el = sizeof e;
                if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) != 0)
                    e = errno;
            }
        }
    }
    if (e == 0 && fcntl(fd, F_SETFL, fl) < 0)
        e = errno;
    return e;
}

TPM2_RC tcti_connect_tcp(tpm2l_tcti *t, const char *host, uint16_t port, int64_t deadline,
                         int *fd)
{
    char endpoint[300], portstr[8];
    tcti_endpoint_tcp(endpoint, sizeof endpoint, host, port);
    snprintf(portstr, sizeof portstr, "%u", (unsigned)port);

    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int g = getaddrinfo(host, portstr, &hints, &res);
    if (g != 0)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_CONNECT),
                                "cannot resolve host '%s': %s", host, gai_strerror(g));

    int last = ECONNREFUSED;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        int s = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (s < 0) {
            last = errno;
            continue;
        }
        last = connect_with_deadline(s, ai->ai_addr, ai->ai_addrlen, deadline);
        if (last == 0) {
            int one = 1;
            /* Each frame is one write; Nagle would hold a command back waiting for
             * an ACK of the previous one and add ~40 ms per exchange. */
            (void)setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            freeaddrinfo(res);
            *fd = s;
            return TPM2_RC_SUCCESS;
        }
        close(s);
    }
    freeaddrinfo(res);
    return connect_error(t, last, endpoint);
}

TPM2_RC tcti_connect_unix(tpm2l_tcti *t, const char *path, int *fd)
{
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof sa.sun_path)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_CONFIG),
                                "UNIX socket path '%s' is empty or longer than %zu bytes",
                                path, sizeof sa.sun_path - 1);
    memcpy(sa.sun_path, path, n);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_IO), "socket(): %s", strerror(errno));
    int r;
    do
        r = connect(s, (const struct sockaddr *)&sa, sizeof sa);
    while (r != 0 && errno == EINTR);
    if (r != 0 && errno != EISCONN) {
        int e = errno;
        close(s);
        return connect_error(t, e, path);
    }
    *fd = s;
    return TPM2_RC_SUCCESS;
}
