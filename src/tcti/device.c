/* device.c - the Linux TPM character devices, /dev/tpmrm0 and /dev/tpm0.
 *
 * The kernel's protocol: the whole command in one write(), the whole response in one
 * read() of at least 4096 bytes (older kernels discard what a short read leaves). A
 * user-space device (a pty in the tests, a vTPM proxy) may deliver a response in
 * pieces, so if the header announces more than one read returned, we keep reading;
 * the kernel never takes that path. Must never split a write or read into a buffer
 * smaller than TPM2L_MAX_MESSAGE.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "src/tcti/io.h"
#include "tpm2lite/tcti.h"

static TPM2_RC device_transmit(tpm2l_tcti *base, const uint8_t *cmd, size_t len)
{
    tpm2l_tcti_device *t = (tpm2l_tcti_device *)base;
    if (t->fd < 0)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE), "%s is closed",
                                t->path);
    if (t->pending)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "the previous command's response from %s was not read",
                                t->path);
    ssize_t k;
    do
        k = write(t->fd, cmd, len);
    while (k < 0 && errno == EINTR);
    if (k < 0) {
        int e = errno;
        if (e == EBUSY)
            return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BUSY),
                                    "%s refused the command: a response is still pending",
                                    t->path);
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_IO), "writing to %s failed: %s",
                                t->path, strerror(e));
    }
    /* The driver takes a command whole or not at all; a partial write means the
     * device is not a TPM device. */
    if ((size_t)k != len)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_IO),
                                "short write to %s: %zd of %zu bytes", t->path, k, len);
    t->pending = 1;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC device_receive(tpm2l_tcti *base, uint8_t *buf, size_t cap, size_t *len)
{
    tpm2l_tcti_device *t = (tpm2l_tcti_device *)base;
    if (t->fd < 0 || !t->pending)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "receive without a command sent to %s", t->path);
    uint8_t *dst = cap >= TPM2L_MAX_MESSAGE ? buf : t->rbuf;
    int64_t deadline = tcti_deadline(base->timeout_ms);
    size_t got = 0;
    uint32_t size = 0;
    TPM2_RC rc;
    for (;;) {
        rc = tcti_wait_readable(base, t->fd, deadline, t->path);
        if (rc) {
            /* Nothing consumed yet: the response may still be collected later. */
            if (got == 0 && rc == TPM2L_RC_TCTI(TPM2L_E_TIMEOUT))
                return rc;
            goto out;
        }
        ssize_t k = read(t->fd, dst + got, TPM2L_MAX_MESSAGE - got);
        if (k < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            rc = tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_IO), "reading from %s failed: %s",
                                  t->path, strerror(errno));
            goto out;
        }
        if (k == 0) {
            rc = tpm2l_tcti_error(base, TPM2L_RC_TCTI(got ? TPM2L_E_TRUNCATED : TPM2L_E_CLOSED),
                                  "%s returned end of file after %zu bytes of the response",
                                  t->path, got);
            goto out;
        }
        got += (size_t)k;
        if (got < TCTI_HEADER_SIZE)
            continue;
        rc = tcti_check_header(base, dst, cap < TPM2L_MAX_MESSAGE ? cap : TPM2L_MAX_MESSAGE,
                               &size, t->path);
        if (rc)
            goto out;
        if (got >= size)
            break;
    }
    if (got > size) {
        rc = tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                              "%s returned %zu bytes for a response whose header says %u",
                              t->path, got, (unsigned)size);
        goto out;
    }
    if (dst != buf)
        memcpy(buf, dst, size);
    *len = size;
out:
    t->pending = 0;
    return rc;
}

static void device_close(tpm2l_tcti *base)
{
    tpm2l_tcti_device *t = (tpm2l_tcti_device *)base;
    tcti_close_fd(&t->fd);
    t->pending = 0;
}

static const struct tpm2l_tcti_ops device_ops = {
    .name = "device",
    .transmit = device_transmit,
    .receive = device_receive,
    .set_locality = NULL, /* the kernel driver picks the locality */
    .cancel = NULL,
    .close = device_close,
};

static TPM2_RC open_error(tpm2l_tcti_device *t, int e)
{
    tpm2l_tcti *b = &t->base;
    switch (e) {
    case EACCES:
    case EPERM:
        return tpm2l_tcti_error(b, TPM2L_RC_TCTI(TPM2L_E_PERMISSION),
                                "permission denied opening %s: join the 'tss' group (the "
                                "distribution's udev rules give it access) or run as root",
                                t->path);
    case ENOENT:
    case ENODEV:
    case ENXIO:
        return tpm2l_tcti_error(b, TPM2L_RC_TCTI(TPM2L_E_NOT_FOUND),
                                "no TPM device at %s (no TPM, or its driver is not loaded)",
                                t->path);
    case EBUSY:
        return tpm2l_tcti_error(b, TPM2L_RC_TCTI(TPM2L_E_BUSY),
                                "%s is busy: /dev/tpm0 allows one open at a time (another "
                                "process, e.g. tpm2-abrmd, holds it); /dev/tpmrm0, the "
                                "kernel resource manager, can be shared",
                                t->path);
    default:
        return tpm2l_tcti_error(b, TPM2L_RC_TCTI(TPM2L_E_IO), "cannot open %s: %s", t->path,
                                strerror(e));
    }
}

static int open_path(const char *path)
{
    int fd;
    /* O_NOCTTY: a pty standing in for a device must not become our terminal. */
    do
        fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
    while (fd < 0 && errno == EINTR);
    return fd;
}

TPM2_RC tpm2l_tcti_device_open(tpm2l_tcti_device *t, const char *path)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    memset(&t->base, 0, sizeof t->base);
    t->base.ops = &device_ops;
    t->base.timeout_ms = TPM2L_TCTI_DEFAULT_TIMEOUT_MS;
    t->fd = -1;
    t->pending = 0;

    if (path && *path) {
        if (strlen(path) >= sizeof t->path) {
            t->path[0] = '\0';
            TPM2_RC rc = tpm2l_tcti_error(&t->base, TPM2L_RC(TPM2L_LAYER_PARSE,
                                                              TPM2L_E_BAD_CONFIG),
                                          "device path is longer than %zu characters",
                                          sizeof t->path - 1);
            t->base.ops = NULL;
            return rc;
        }
        memcpy(t->path, path, strlen(path) + 1);
        t->fd = open_path(t->path);
    } else {
        strcpy(t->path, "/dev/tpmrm0");
        t->fd = open_path(t->path);
        if (t->fd < 0 && errno == ENOENT) {
            strcpy(t->path, "/dev/tpm0");
            t->fd = open_path(t->path);
            if (t->fd < 0 && errno == ENOENT) {
                TPM2_RC rc = tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_NOT_FOUND),
                                              "no TPM device: neither /dev/tpmrm0 nor "
                                              "/dev/tpm0 exists (no TPM, or its driver is "
                                              "not loaded)");
                t->base.ops = NULL;
                return rc;
            }
        }
    }
    if (t->fd < 0) {
        TPM2_RC rc = open_error(t, errno);
        t->base.ops = NULL;
        return rc;
    }
    return TPM2_RC_SUCCESS;
}
