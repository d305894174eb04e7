/* io.h - descriptor and socket helpers shared by the byte-stream transports.
 *
 * Complete reads and writes (EINTR, short counts), deadlines enforced with poll(),
 * TCP and UNIX connects with clear messages, and the 10-byte response header check.
 * Every failure fills t->err naming the endpoint. Internal to src/tcti/: never
 * allocates after open, never prints, never raises SIGPIPE on a socket.
 */
#ifndef TPM2LITE_SRC_TCTI_IO_H
#define TPM2LITE_SRC_TCTI_IO_H

#include <stddef.h>
#include <stdint.h>
#include "tpm2lite/tcti.h"

#define TCTI_HEADER_SIZE 10u

/* TPM2_ST_NO_SESSIONS, TPM2_ST_SESSIONS, and TPM_ST_RSP_COMMAND: the tag a TPM 2.0
 * answers a TPM 1.2-shaped or badly tagged command with (Part 1 §18.9). */
#define TCTI_TAG_NO_SESSIONS 0x8001u
#define TCTI_TAG_SESSIONS 0x8002u
#define TCTI_TAG_RSP_COMMAND 0x00C4u

static inline uint32_t tcti_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void tcti_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Monotonic milliseconds; a deadline of -1 means "never". */
int64_t tcti_now_ms(void);
int64_t tcti_deadline(int timeout_ms);

/* Flags for tcti_write_all. */
#define TCTI_IO_SOCKET 1 /* use send(MSG_NOSIGNAL) so a closed peer is EPIPE, not SIGPIPE */

/* Write all n bytes (normally in one system call). what names the data in messages. */
TPM2_RC tcti_write_all(tpm2l_tcti *t, int fd, const uint8_t *p, size_t n, int flags,
                       const char *endpoint, const char *what);

/* Read exactly n bytes before the deadline. A peer that closes first is
 * TPM2L_E_CLOSED (no byte read) or TPM2L_E_TRUNCATED (some read), naming what and how
 * many bytes arrived. */
TPM2_RC tcti_read_exact(tpm2l_tcti *t, int fd, uint8_t *p, size_t n, int64_t deadline,
                        const char *endpoint, const char *what);

/* Wait until fd is readable or the deadline passes (TPM2L_E_TIMEOUT). */
TPM2_RC tcti_wait_readable(tpm2l_tcti *t, int fd, int64_t deadline, const char *endpoint);

/* Check a response header: a known tag, 10 <= size <= cap. *size = the size field. */
TPM2_RC tcti_check_header(tpm2l_tcti *t, const uint8_t *hdr, size_t cap, uint32_t *size,
                          const char *endpoint);

/* After a whole response: fail if the peer already sent more bytes than the size field
 * announced (the stream would be out of step for the next exchange). */
TPM2_RC tcti_check_no_excess(tpm2l_tcti *t, int fd, uint32_t size, const char *endpoint);

/* Read one response (header, then size-10 bytes) from a stream. */
TPM2_RC tcti_read_response(tpm2l_tcti *t, int fd, uint8_t *buf, size_t cap, size_t *len,
                           int64_t deadline, const char *endpoint);

/* Connect to host:port (any address family getaddrinfo offers), TCP_NODELAY, CLOEXEC.
 * Connecting gives up at the deadline. */
TPM2_RC tcti_connect_tcp(tpm2l_tcti *t, const char *host, uint16_t port, int64_t deadline,
                         int *fd);
/* Connect to a UNIX stream socket, CLOEXEC. */
TPM2_RC tcti_connect_unix(tpm2l_tcti *t, const char *path, int *fd);

/* close() that leaves -1 behind and ignores EINTR (Linux releases the fd anyway). */
void tcti_close_fd(int *fd);

/* A "host:port" or path for messages. */
void tcti_endpoint_tcp(char *out, size_t cap, const char *host, uint16_t port);

#endif
