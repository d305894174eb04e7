/* fuzz_tcti.c - the response framing of the byte-stream transports: swtpm (plain
 * stream), mssim (u32 length, response, u32 zero), cmd (a child's stdout) and device
 * (reads of a character device), each through its real receive function reading the
 * fuzz input from a socketpair or pipe.
 *
 * Each transport is opened for real once (against a listening UNIX socket in a
 * private directory, /dev/null, or `exec cat`) only to learn its ops table; then for
 * every input a struct of that transport is pointed at a fresh socketpair or pipe,
 * a command is sent through its real transmit, the input is written to the other end
 * and that end is closed, so a short input is end of file, never a timeout.
 *
 * Input: byte 0 transport (0 swtpm, 1 mssim, 2 cmd, 3 device); byte 1 receive buffer
 * size (0: TPM2L_MAX_MESSAGE, else 8 + 16 * n), in a heap block of exactly that size;
 * byte 2 bit 0: a second exchange on the same stream; the rest is what the peer sends.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"
#include "tpm2lite/tcti.h"

static const struct tpm2l_tcti_ops *ops[4];
static char dir[64], sock_path[96];

static void cleanup(void)
{
    if (sock_path[0])
        unlink(sock_path);
    if (dir[0])
        rmdir(dir);
}

/* Learn each transport's ops from one real open. */
static int setup(void)
{
    static int done;
    if (done)
        return ops[0] && ops[1] && ops[2] && ops[3] ? 0 : -1;
    done = 1;
    signal(SIGPIPE, SIG_IGN);
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/fuzz-tcti-XXXXXX", tmp && strlen(tmp) < 32 ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        dir[0] = '\0';
        return -1;
    }
    atexit(cleanup);
    snprintf(sock_path, sizeof sock_path, "%s/s", dir);
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", sock_path);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 4))
        return -1;
    tpm2l_tcti_swtpm sw;
    if (tpm2l_tcti_swtpm_open_unix(&sw, sock_path, NULL) == TPM2_RC_SUCCESS) {
        ops[0] = sw.base.ops;
        tpm2l_tcti_close(&sw.base);
    }
    tpm2l_tcti_mssim *ms = malloc(sizeof *ms);
    if (ms && tpm2l_tcti_mssim_open_unix(ms, sock_path) == TPM2_RC_SUCCESS) {
        ops[1] = ms->base.ops;
        /* Its close says goodbye on the (unaccepted) socket: harmless. */
        tpm2l_tcti_close(&ms->base);
    }
    free(ms);
    close(l);
    tpm2l_tcti_cmd cm;
    if (tpm2l_tcti_cmd_open(&cm, "exec cat >/dev/null") == TPM2_RC_SUCCESS) {
        ops[2] = cm.base.ops;
        tpm2l_tcti_close(&cm.base);
    }
    tpm2l_tcti_device *dv = malloc(sizeof *dv);
    if (dv && tpm2l_tcti_device_open(dv, "/dev/null") == TPM2_RC_SUCCESS) {
        ops[3] = dv->base.ops;
        tpm2l_tcti_close(&dv->base);
    }
    free(dv);
    return ops[0] && ops[1] && ops[2] && ops[3] ? 0 : -1;
}

static const uint8_t get_random[] = {0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7b, 0, 16};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (setup() != 0 || size < 3)
        return 0;
    unsigned kind = data[0] % 4u;
    size_t cap = data[1] ? 8u + 16u * data[1] : TPM2L_MAX_MESSAGE;
    if (cap > TPM2L_MAX_MESSAGE)
        cap = TPM2L_MAX_MESSAGE;
    int two = data[2] & 1;
    data += 3;
    size -= 3;

    /* peer[0]: what the transport reads from; peer[1]: where the input goes in. */
    int sv[2] = {-1, -1}, out_pipe[2] = {-1, -1};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
        return 0;
    union {
        tpm2l_tcti base;
        tpm2l_tcti_swtpm sw;
        tpm2l_tcti_mssim ms;
        tpm2l_tcti_cmd cm;
        tpm2l_tcti_device dv;
    } *t = calloc(1, sizeof *t);
    uint8_t *buf = malloc(cap);
    if (!t || !buf)
        goto out;
    t->base.ops = ops[kind];
    t->base.timeout_ms = 2000;
    switch (kind) {
    case 0:
        t->sw.fd = sv[0];
        t->sw.is_unix = 1;
        snprintf(t->sw.data_ep, sizeof t->sw.data_ep, "fuzz");
        break;
    case 1:
        t->ms.cmd_fd = sv[0];
        t->ms.plat_fd = -1;
        t->ms.is_unix = 1;
        snprintf(t->ms.cmd_ep, sizeof t->ms.cmd_ep, "fuzz");
        break;
    case 2:
        /* The command goes into a pipe nobody reads (it holds 64 KiB). */
        if (pipe(out_pipe))
            goto out;
        t->cm.to_child = out_pipe[1];
        out_pipe[1] = -1;
        t->cm.from_child = sv[0];
        snprintf(t->cm.label, sizeof t->cm.label, "fuzz");
        break;
    default:
        t->dv.fd = sv[0];
        snprintf(t->dv.path, sizeof t->dv.path, "fuzz");
        break;
    }
    sv[0] = -1; /* the transport owns it now; its close releases it */
    /* Everything the peer says, then end of file. */
    size_t off = 0;
    while (off < size) {
        ssize_t k = write(sv[1], data + off, size - off);
        if (k <= 0)
            break;
        off += (size_t)k;
    }
    shutdown(sv[1], SHUT_WR);
    for (int round = 0; round < 1 + two; round++) {
        size_t len = 0;
        if (tpm2l_tcti_transmit(&t->base, get_random, sizeof get_random))
            break;
        TPM2_RC rc = tpm2l_tcti_receive(&t->base, buf, cap, &len);
        if (rc)
            break;
        if (len < 10 || len > cap)
            abort(); /* success must mean a whole message inside the buffer */
    }
    tpm2l_tcti_close(&t->base);
out:
    if (sv[0] >= 0)
        close(sv[0]);
    if (sv[1] >= 0)
        close(sv[1]);
    if (out_pipe[0] >= 0)
        close(out_pipe[0]);
    if (out_pipe[1] >= 0)
        close(out_pipe[1]);
    free(t);
    free(buf);
    return 0;
}
