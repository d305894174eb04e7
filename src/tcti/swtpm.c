/* swtpm.c - swtpm's socket interface: a data channel carrying raw TPM commands and a
 * control channel with swtpm's own protocol (u32 code + payload -> u32 result).
 *
 * The data connection is opened once and kept (swtpm serves one data client at a
 * time, and a connect per command costs more than the command). The control
 * connection lasts one request, so tools sharing the same swtpm can use it too.
 * Control codes collide with mssim's platform codes: never send one protocol's codes
 * to the other's port.
 */
#include <string.h>
#include <sys/socket.h>

#include "src/tcti/config_util.h"
#include "src/tcti/io.h"
#include "tpm2lite/tcti.h"

#define CONNECT_TIMEOUT_MS 10000
#define CTRL_PAYLOAD_MAX 64u

static const struct tpm2l_tcti_ops swtpm_ops;

static const char *ctrl_name(uint32_t code)
{
    switch (code) {
    case TPM2L_SWTPM_CMD_INIT: return "CMD_INIT";
    case TPM2L_SWTPM_CMD_SHUTDOWN: return "CMD_SHUTDOWN";
    case TPM2L_SWTPM_CMD_SET_LOCALITY: return "CMD_SET_LOCALITY";
    case TPM2L_SWTPM_CMD_CANCEL_TPM_CMD: return "CMD_CANCEL_TPM_CMD";
    case TPM2L_SWTPM_CMD_STOP: return "CMD_STOP";
    default: return "control command";
    }
}

static TPM2_RC connect_data(tpm2l_tcti_swtpm *t)
{
    if (t->is_unix)
        return tcti_connect_unix(&t->base, t->path, &t->fd);
    return tcti_connect_tcp(&t->base, t->host, t->port, tcti_deadline(CONNECT_TIMEOUT_MS),
                            &t->fd);
}

static TPM2_RC drop(tpm2l_tcti_swtpm *t, TPM2_RC rc)
{
    /* The stream is out of step after a transport error; the next command reconnects. */
    tcti_close_fd(&t->fd);
    t->pending = 0;
    return rc;
}

static TPM2_RC swtpm_transmit(tpm2l_tcti *base, const uint8_t *cmd, size_t len)
{
    tpm2l_tcti_swtpm *t = (tpm2l_tcti_swtpm *)base;
    if (t->pending)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "the previous command's response was not received");
    if (t->fd < 0) {
        TPM2_RC rc = connect_data(t);
        if (rc)
            return rc;
    }
    TPM2_RC rc = tcti_write_all(base, t->fd, cmd, len, TCTI_IO_SOCKET, t->data_ep, "command");
    if (rc)
        return drop(t, rc);
    t->pending = 1;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC swtpm_receive(tpm2l_tcti *base, uint8_t *buf, size_t cap, size_t *len)
{
    tpm2l_tcti_swtpm *t = (tpm2l_tcti_swtpm *)base;
    if (!t->pending || t->fd < 0)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "receive without a command sent");
    size_t n = 0;
    TPM2_RC rc = tcti_read_response(base, t->fd, buf, cap, &n,
                                    tcti_deadline(base->timeout_ms), t->data_ep);
    if (!rc)
        rc = tcti_check_no_excess(base, t->fd, (uint32_t)n, t->data_ep);
    if (rc)
        return drop(t, rc);
    t->pending = 0;
    *len = n;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC swtpm_set_locality(tpm2l_tcti *base, uint8_t locality)
{
    tpm2l_tcti_swtpm *t = (tpm2l_tcti_swtpm *)base;
    /* swtpm keeps the locality as instance state until it is set again. */
    TPM2_RC rc = tpm2l_tcti_swtpm_control(t, TPM2L_SWTPM_CMD_SET_LOCALITY, &locality, 1);
    if (rc)
        return rc;
    t->locality = locality;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC swtpm_cancel(tpm2l_tcti *base)
{
    return tpm2l_tcti_swtpm_control((tpm2l_tcti_swtpm *)base, TPM2L_SWTPM_CMD_CANCEL_TPM_CMD,
                                    NULL, 0);
}

static void swtpm_close(tpm2l_tcti *base)
{
    tpm2l_tcti_swtpm *t = (tpm2l_tcti_swtpm *)base;
    tcti_close_fd(&t->fd);
    t->pending = 0;
}

static const struct tpm2l_tcti_ops swtpm_ops = {
    .name = "swtpm",
    .transmit = swtpm_transmit,
    .receive = swtpm_receive,
    .set_locality = swtpm_set_locality,
    .cancel = swtpm_cancel,
    .close = swtpm_close,
};

TPM2_RC tpm2l_tcti_swtpm_control(tpm2l_tcti_swtpm *t, uint32_t code, const uint8_t *payload,
                                 size_t n)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    if (t->base.ops != &swtpm_ops)
        return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "not an open swtpm transport");
    if (n > CTRL_PAYLOAD_MAX || (n && !payload))
        return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "control payload of %zu bytes", n);
    int fd = -1;
    TPM2_RC rc;
    if (t->is_unix)
        rc = tcti_connect_unix(&t->base, t->ctrl_path, &fd);
    else
        rc = tcti_connect_tcp(&t->base, t->host, t->ctrl_port,
                              tcti_deadline(CONNECT_TIMEOUT_MS), &fd);
    if (rc)
        return rc;
    uint8_t req[4 + CTRL_PAYLOAD_MAX], word[4];
    tcti_put_be32(req, code);
    if (n)
        memcpy(req + 4, payload, n);
    rc = tcti_write_all(&t->base, fd, req, 4 + n, TCTI_IO_SOCKET, t->ctrl_ep, ctrl_name(code));
    if (!rc) {
        int timeout = t->base.timeout_ms;
        rc = tcti_read_exact(&t->base, fd, word, 4,
                             tcti_deadline(timeout < 0 || timeout > CONNECT_TIMEOUT_MS
                                               ? CONNECT_TIMEOUT_MS
                                               : timeout),
                             t->ctrl_ep, "control result");
    }
    tcti_close_fd(&fd);
    if (rc)
        return rc;
    uint32_t result = tcti_be32(word);
    if (result != 0)
        return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                "%s on %s failed with TPM result 0x%x", ctrl_name(code),
                                t->ctrl_ep, (unsigned)result);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_swtpm_init(tpm2l_tcti_swtpm *t, uint32_t flags)
{
    uint8_t p[4];
    tcti_put_be32(p, flags);
    return tpm2l_tcti_swtpm_control(t, TPM2L_SWTPM_CMD_INIT, p, sizeof p);
}

static void init(tpm2l_tcti_swtpm *t)
{
    memset(&t->base, 0, sizeof t->base);
    t->base.ops = &swtpm_ops;
    t->base.timeout_ms = TPM2L_TCTI_DEFAULT_TIMEOUT_MS;
    t->fd = -1;
    t->locality = t->pending = t->is_unix = 0;
    t->port = t->ctrl_port = 0;
    t->host[0] = t->path[0] = t->ctrl_path[0] = t->data_ep[0] = t->ctrl_ep[0] = '\0';
}

static TPM2_RC fail(tpm2l_tcti_swtpm *t, TPM2_RC rc)
{
    swtpm_close(&t->base);
    t->base.ops = NULL;
    return rc;
}

static TPM2_RC setup_tcp(tpm2l_tcti_swtpm *t, const char *host, uint16_t port,
                         uint16_t ctrl_port)
{
    if (!host || !*host || strlen(host) >= sizeof t->host)
        return tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR, "host name is empty or too long");
    if (port == 0)
        return tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR, "port 0 is not a port");
    if (ctrl_port == 0) {
        if (port == 65535)
            return tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                    "port 65535 leaves no room for the control port "
                                    "(port+1); give ctrlport=");
        ctrl_port = (uint16_t)(port + 1);
    }
    memcpy(t->host, host, strlen(host) + 1);
    t->port = port;
    t->ctrl_port = ctrl_port;
    tcti_endpoint_tcp(t->data_ep, sizeof t->data_ep, host, port);
    tcti_endpoint_tcp(t->ctrl_ep, sizeof t->ctrl_ep, host, ctrl_port);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC setup_unix(tpm2l_tcti_swtpm *t, const char *path, const char *ctrl)
{
    size_t max = sizeof t->path - 1;
    if (!path || !*path || strlen(path) > max)
        return tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                "socket path is empty or longer than %zu characters", max);
    if (ctrl && (!*ctrl || strlen(ctrl) > max))
        return tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                "control socket path is empty or longer than %zu characters",
                                max);
    if (!ctrl && strlen(path) + 5 > max)
        return tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                "socket path is too long to add \".ctrl\"; give ctrl=");
    t->is_unix = 1;
    size_t n = strlen(path);
    memcpy(t->path, path, n + 1);
    if (ctrl) {
        memcpy(t->ctrl_path, ctrl, strlen(ctrl) + 1);
    } else {
        /* tpm2-tss's swtpm TCTI uses the same convention. */
        memcpy(t->ctrl_path, path, n);
        memcpy(t->ctrl_path + n, ".ctrl", 6);
    }
    memcpy(t->data_ep, t->path, n + 1);
    memcpy(t->ctrl_ep, t->ctrl_path, strlen(t->ctrl_path) + 1);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC connect_first(tpm2l_tcti_swtpm *t)
{
    TPM2_RC rc = connect_data(t);
    return rc ? fail(t, rc) : TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_swtpm_open_tcp(tpm2l_tcti_swtpm *t, const char *host, uint16_t port)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    init(t);
    TPM2_RC rc = setup_tcp(t, host ? host : "127.0.0.1", port, 0);
    return rc ? fail(t, rc) : connect_first(t);
}

TPM2_RC tpm2l_tcti_swtpm_open_unix(tpm2l_tcti_swtpm *t, const char *path, const char *ctrl_path)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    init(t);
    TPM2_RC rc = setup_unix(t, path, ctrl_path);
    return rc ? fail(t, rc) : connect_first(t);
}

TPM2_RC tpm2l_tcti_swtpm_open(tpm2l_tcti_swtpm *t, const tpm2l_tcti_config *cfg)
{
    static const char *const known[] = {"host", "port", "ctrlport", "path", "ctrl", NULL};
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    init(t);
    TPM2_RC rc = tcti_config_check_keys(&t->base, cfg, known);
    if (rc)
        return fail(t, rc);
    const char *host = tpm2l_tcti_config_get(cfg, "host");
    const char *port_s = tpm2l_tcti_config_get(cfg, "port");
    const char *ctrlport_s = tpm2l_tcti_config_get(cfg, "ctrlport");
    const char *path = tpm2l_tcti_config_get(cfg, "path");
    const char *ctrl = tpm2l_tcti_config_get(cfg, "ctrl");
    if (path) {
        if (host || port_s || ctrlport_s)
            return fail(t, tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                            "path= (UNIX socket) cannot be combined with "
                                            "host=, port= or ctrlport="));
        rc = setup_unix(t, path, ctrl);
    } else {
        if (ctrl)
            return fail(t, tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                            "ctrl= is the UNIX control socket; over TCP use "
                                            "ctrlport="));
        uint16_t port = 2321, ctrl_port = 0;
        if (port_s && (rc = tcti_config_port(&t->base, "port", port_s, 65535, &port)))
            return fail(t, rc);
        if (ctrlport_s &&
            (rc = tcti_config_port(&t->base, "ctrlport", ctrlport_s, 65535, &ctrl_port)))
            return fail(t, rc);
        if (host && !*host)
            return fail(t, tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR, "host is empty"));
        rc = setup_tcp(t, host ? host : "127.0.0.1", port, ctrl_port);
    }
    if (rc)
        return fail(t, rc);
    return connect_first(t);
}
