/* fake_server.h - a scripted socket peer in a thread, for testing OUR framing code
 * against responses no real TPM would send (lying sizes, truncation, garbage, a peer
 * that hangs up or never answers). The TPM itself is always real elsewhere.
 *
 * For each connection it accepts, the server reads `read_bytes` bytes (the command or
 * frame), then sends `reply` (reply_len bytes), then closes or holds the connection
 * open (recording what else the client sends) until the client hangs up or
 * fake_server_stop(). Several connections are served one after another.
 */
#ifndef TPM2LITE_TESTS_FAKE_SERVER_H
#define TPM2LITE_TESTS_FAKE_SERVER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    FAKE_CLOSE_AFTER_REPLY, /* send the reply, then hang up */
    FAKE_HOLD_AFTER_REPLY,  /* send the reply, keep the connection open (timeouts) */
    FAKE_CLOSE_BEFORE_REPLY /* read the command, hang up without a word */
} fake_mode;

typedef struct {
    /* script, set before fake_server_start */
    size_t read_bytes;
    uint8_t reply[8192];
    size_t reply_len;
    fake_mode mode;
    int max_conns; /* connections to serve (default 1) */
    /* results */
    uint16_t port;          /* TCP port the server listens on (127.0.0.1) */
    char path[108];         /* or the UNIX socket path when use_unix was set */
    int use_unix;
    uint8_t got[8192];      /* bytes read from the last connection */
    size_t got_len;
    int conns;              /* connections accepted so far */
    uint8_t held[256];      /* bytes the client sent after the reply (hold mode) */
    size_t held_len;
    /* internals */
    int lfd, stop_pipe[2];
    pthread_t thread;
} fake_server;

/* Listen (TCP 127.0.0.1:0, or UNIX at path if use_unix) and start the thread. */
int fake_server_start(fake_server *f);
/* Wake the thread, close everything, join. */
void fake_server_stop(fake_server *f);

/* A TCP port on 127.0.0.1 that refuses connections (bound, not listening); the
 * returned descriptor keeps it reserved until closed. */
int fake_refusing_port(uint16_t *port);

#endif
