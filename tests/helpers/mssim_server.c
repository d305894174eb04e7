/* mssim_server.c - a TPM simulator speaking the Microsoft/IBM simulator protocol on
 * top of libtpms, for the tests (Debian ships no mssim server).
 *
 * Usage: mssim_server --dir STATE (--fds CMD,PLAT | --port P | --unix PATH)
 *   (it works inside STATE: give --unix an absolute path)
 *   --fds: listening sockets inherited from the parent (no port race in tests);
 *   --port: bind 127.0.0.1:P and P+1; --unix: PATH and PATH.ctrl.
 * Behaviour follows the reference simulator's TcpServer.c / TPMCmdp.c: it starts
 * powered off with NV off; every command-port request is answered and followed by a
 * u32 0, except SESSION_END (the connection ends) and STOP (the server exits);
 * platform codes answer one u32 (0, or 1 then hang-up for an unknown code); with the
 * power off a command gets an empty response and signals are ignored. One client per
 * port at a time, others wait in the backlog, as in the reference.
 * libtpms has no NV-availability or key-cache input: NV_ON/NV_OFF and KEY_CACHE_* are
 * acknowledged and recorded only. RESET and RESTART both re-run _TPM_Init
 * (TPMLIB_Terminate + TPMLIB_MainInit, state kept in STATE). Test code: it may print
 * to stderr and exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <unistd.h>

#include <libtpms/tpm_error.h>
#include <libtpms/tpm_library.h>
#include <libtpms/tpm_memory.h>
#include <libtpms/tpm_tis.h>
#include <libtpms/tpm_types.h>

enum {
    POWER_ON = 1, POWER_OFF = 2, PHYS_PRES_ON = 3, PHYS_PRES_OFF = 4, HASH_START = 5,
    HASH_DATA = 6, HASH_END = 7, SEND_COMMAND = 8, CANCEL_ON = 9, CANCEL_OFF = 10,
    NV_ON = 11, NV_OFF = 12, KEY_CACHE_ON = 13, KEY_CACHE_OFF = 14, REMOTE_HANDSHAKE = 15,
    SET_ALTERNATIVE_RESULT = 16, RESET = 17, RESTART = 18, SESSION_END = 20, STOP = 21,
    GET_COMMAND_RESPONSE_SIZES = 25,
};
/* REMOTE_HANDSHAKE endpoint flags (TpmTcpProtocol.h). */
#define TPM_PLATFORM_AVAILABLE 0x01u
#define TPM_IN_RAW_MODE 0x04u
#define TPM_SUPPORTS_PP 0x08u

#define MAX_COMMAND 65536u
#define IO_TIMEOUT_MS 30000

static struct {
    int powered, nv_on, pp, cancel;
    uint8_t locality;
    unsigned char *resp;
    uint32_t resp_len, resp_cap;
    uint32_t largest_cmd, largest_cmd_cc, largest_resp, largest_resp_rc;
} S;

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* 0 on success; -1 when the client went away or stalled. */
static int read_all(int fd, void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int r = poll(&pfd, 1, IO_TIMEOUT_MS);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const uint8_t *p = buf;
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int write32(int fd, uint32_t v)
{
    uint8_t b[4];
    put32(b, v);
    return write_all(fd, b, 4);
}

static TPM_RESULT cb_io_init(void)
{
    return TPM_SUCCESS;
}

static TPM_RESULT cb_locality(TPM_MODIFIER_INDICATOR *loc, uint32_t n)
{
    (void)n;
    *loc = S.locality;
    return TPM_SUCCESS;
}

static TPM_RESULT cb_pp(TPM_BOOL *pp, uint32_t n)
{
    (void)n;
    *pp = (TPM_BOOL)S.pp;
    return TPM_SUCCESS;
}

static void power_on(void)
{
    if (S.powered)
        return;
    struct libtpms_callbacks cbs = {
        .sizeOfStruct = sizeof cbs,
        .tpm_io_init = cb_io_init,
        .tpm_io_getlocality = cb_locality,
        .tpm_io_getphysicalpresence = cb_pp,
    };
    if (TPMLIB_ChooseTPMVersion(TPMLIB_TPM_VERSION_2) != TPM_SUCCESS ||
        TPMLIB_RegisterCallbacks(&cbs) != TPM_SUCCESS || TPMLIB_MainInit() != TPM_SUCCESS) {
        fprintf(stderr, "mssim_server: libtpms failed to start\n");
        exit(3);
    }
    S.powered = 1;
}

static void power_off(void)
{
    if (!S.powered)
        return;
    TPMLIB_Terminate();
    S.powered = 0;
    S.cancel = 0;
}

/* Returns 1 to keep the connection, 0 to close it, -1 to stop the server. */
static int command_port(int fd)
{
    uint8_t w[4];
    if (read_all(fd, w, 4))
        return 0;
    uint32_t code = get32(w);
    switch (code) {
    case SEND_COMMAND: {
        static uint8_t cmd[MAX_COMMAND];
        uint8_t loc;
        if (read_all(fd, &loc, 1) || read_all(fd, w, 4))
            return 0;
        uint32_t len = get32(w);
        if (len > MAX_COMMAND || read_all(fd, cmd, len))
            return 0;
        uint32_t rlen = 0;
        if (S.powered) {
            S.locality = loc;
            if (TPMLIB_Process(&S.resp, &S.resp_len, &S.resp_cap, cmd, len) != TPM_SUCCESS)
                return 0;
            rlen = S.resp_len;
            if (len > S.largest_cmd && len >= 10) {
                S.largest_cmd = len;
                S.largest_cmd_cc = get32(cmd + 6);
            }
            if (rlen > S.largest_resp && rlen >= 10) {
                S.largest_resp = rlen;
                S.largest_resp_rc = get32(S.resp + 6);
            }
        }
        /* One write: length, response, trailing 0. */
        static uint8_t out[8 + MAX_COMMAND];
        if (rlen > MAX_COMMAND)
            return 0;
        put32(out, rlen);
        if (rlen)
            memcpy(out + 4, S.resp, rlen);
        put32(out + 4 + rlen, 0);
        return write_all(fd, out, 8 + rlen) ? 0 : 1;
    }
    case HASH_START:
        if (S.powered)
            TPM_IO_Hash_Start();
        break;
    case HASH_DATA: {
        static uint8_t data[MAX_COMMAND];
        if (read_all(fd, w, 4))
            return 0;
        uint32_t len = get32(w);
        if (len > MAX_COMMAND || read_all(fd, data, len))
            return 0;
        if (S.powered)
            TPM_IO_Hash_Data(data, len);
        break;
    }
    case HASH_END:
        if (S.powered)
            TPM_IO_Hash_End();
        break;
    case REMOTE_HANDSHAKE: {
        if (read_all(fd, w, 4))
            return 0;
        if (get32(w) == 0)
            return 0; /* client version 0 is refused by hanging up */
        uint8_t out[8];
        put32(out, 1);
        put32(out + 4, TPM_IN_RAW_MODE | TPM_PLATFORM_AVAILABLE | TPM_SUPPORTS_PP);
        if (write_all(fd, out, 8))
            return 0;
        break;
    }
    case SET_ALTERNATIVE_RESULT:
        if (read_all(fd, w, 4))
            return 0;
        break;
    case SESSION_END:
        return 0;
    case STOP:
        return -1;
    default:
        fprintf(stderr, "mssim_server: unknown command-port code %u\n", (unsigned)code);
        return 0;
    }
    return write32(fd, 0) ? 0 : 1;
}

static int platform_port(int fd)
{
    uint8_t w[4];
    if (read_all(fd, w, 4))
        return 0;
    uint32_t code = get32(w);
    switch (code) {
    case POWER_ON:
        power_on();
        break;
    case POWER_OFF:
        power_off();
        break;
    case RESET:
    case RESTART:
        /* Reset when off does nothing (TPMCmdp.c); otherwise a fresh _TPM_Init. */
        if (S.powered) {
            power_off();
            power_on();
        }
        break;
    case PHYS_PRES_ON:
    case PHYS_PRES_OFF:
        if (S.powered)
            S.pp = code == PHYS_PRES_ON;
        break;
    case CANCEL_ON:
    case CANCEL_OFF:
        if (S.powered) {
            S.cancel = code == CANCEL_ON;
            if (S.cancel)
                TPMLIB_CancelCommand();
        }
        break;
    case NV_ON:
    case NV_OFF:
        S.nv_on = code == NV_ON;
        break;
    case KEY_CACHE_ON:
    case KEY_CACHE_OFF:
        break;
    case GET_COMMAND_RESPONSE_SIZES: {
        uint8_t out[4 + 16];
        put32(out, 16);
        put32(out + 4, S.largest_cmd);
        put32(out + 8, S.largest_cmd_cc);
        put32(out + 12, S.largest_resp);
        put32(out + 16, S.largest_resp_rc);
        S.largest_cmd = S.largest_cmd_cc = S.largest_resp = S.largest_resp_rc = 0;
        if (write_all(fd, out, sizeof out))
            return 0;
        break;
    }
    case SESSION_END:
        return 0;
    case STOP:
        return -1;
    default:
        fprintf(stderr, "mssim_server: unknown platform code %u\n", (unsigned)code);
        (void)write32(fd, 1);
        return 0;
    }
    return write32(fd, 0) ? 0 : 1;
}

static int listen_tcp(uint16_t port)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 8) != 0) {
        fprintf(stderr, "mssim_server: cannot listen on port %u: %s\n", port, strerror(errno));
        exit(2);
    }
    return s;
}

/* The socket file appears at bind() but connects are refused until listen(): clients
 * (tests) wait for the file, so it is bound under a temporary name and renamed into
 * place only once it listens. Without this, a loaded machine let a test connect in
 * between and fail with "connection refused". */
static int listen_unix(const char *path)
{
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) + 4 >= sizeof a.sun_path) {
        fprintf(stderr, "mssim_server: path too long\n");
        exit(2);
    }
    snprintf(a.sun_path, sizeof a.sun_path, "%s.new", path);
    unlink(a.sun_path);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 8) != 0 ||
        rename(a.sun_path, path) != 0) {
        fprintf(stderr, "mssim_server: cannot listen on %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return s;
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    int lfd[2] = {-1, -1};
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--dir")) {
            dir = argv[i + 1];
        } else if (!strcmp(argv[i], "--fds")) {
            if (sscanf(argv[i + 1], "%d,%d", &lfd[0], &lfd[1]) != 2)
                return 1;
        } else if (!strcmp(argv[i], "--port")) {
            int p = atoi(argv[i + 1]);
            if (p <= 0 || p >= 65535)
                return 1;
            lfd[0] = listen_tcp((uint16_t)p);
            lfd[1] = listen_tcp((uint16_t)(p + 1));
        } else if (!strcmp(argv[i], "--unix")) {
            char ctrl[200];
            snprintf(ctrl, sizeof ctrl, "%s.ctrl", argv[i + 1]);
            lfd[0] = listen_unix(argv[i + 1]);
            lfd[1] = listen_unix(ctrl);
        } else {
            fprintf(stderr, "usage: %s --dir STATE (--fds C,P | --port P | --unix PATH)\n",
                    argv[0]);
            return 1;
        }
    }
    if (!dir || lfd[0] < 0 || lfd[1] < 0) {
        fprintf(stderr, "usage: %s --dir STATE (--fds C,P | --port P | --unix PATH)\n",
                argv[0]);
        return 1;
    }
    /* Without NVRAM callbacks libtpms keeps a TPM 2 state in the file "NVChip" in the
     * current directory (TPM_PATH is only read by its TPM 1.2 code): work in the
     * state directory so that parallel servers never share one. */
    if (chdir(dir) != 0 || setenv("TPM_PATH", dir, 1) != 0) {
        fprintf(stderr, "mssim_server: cannot use state directory %s\n", dir);
        return 1;
    }

    int conn[2] = {-1, -1};
    for (;;) {
        struct pollfd pfd[2];
        for (int i = 0; i < 2; i++) {
            pfd[i].fd = conn[i] >= 0 ? conn[i] : lfd[i];
            pfd[i].events = POLLIN;
            pfd[i].revents = 0;
        }
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        for (int i = 0; i < 2; i++) {
            if (!pfd[i].revents)
                continue;
            if (conn[i] < 0) {
                conn[i] = accept4(lfd[i], NULL, NULL, SOCK_CLOEXEC);
                continue;
            }
            int r = i == 0 ? command_port(conn[i]) : platform_port(conn[i]);
            if (r <= 0) {
                close(conn[i]);
                conn[i] = -1;
            }
            if (r < 0) {
                power_off();
                if (S.resp)
                    TPM_Free(S.resp);
                return 0;
            }
        }
    }
}
