/* mssim.c - the Microsoft/IBM TPM simulator protocol (ms-tpm-20-ref, ibmswtpm2).
 *
 * Command port: u32 SEND_COMMAND, u8 locality, u32 length, command -> u32 length,
 * response, u32 0. Platform port (command port + 1, or path.ctrl): one u32 code, one
 * u32 answer (0 = done). The command connection is opened once and kept; the platform
 * connection only when a platform operation is asked for, because the same framing
 * also reaches swtpm's data port, whose port+1 is swtpm's control channel, a
 * different protocol whose codes collide with these. Never writes a frame in pieces.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "src/tcti/config_util.h"
#include "src/tcti/io.h"
#include "tpm2lite/tcti.h"

#define CONNECT_TIMEOUT_MS 10000

static const struct tpm2l_tcti_ops mssim_ops;

static const char *code_name(uint32_t code)
{
    switch (code) {
    case TPM2L_MSSIM_POWER_ON: return "POWER_ON";
    case TPM2L_MSSIM_POWER_OFF: return "POWER_OFF";
    case TPM2L_MSSIM_PHYS_PRES_ON: return "PHYS_PRES_ON";
    case TPM2L_MSSIM_PHYS_PRES_OFF: return "PHYS_PRES_OFF";
    case TPM2L_MSSIM_CANCEL_ON: return "CANCEL_ON";
    case TPM2L_MSSIM_CANCEL_OFF: return "CANCEL_OFF";
    case TPM2L_MSSIM_NV_ON: return "NV_ON";
    case TPM2L_MSSIM_NV_OFF: return "NV_OFF";
    case TPM2L_MSSIM_RESET: return "RESET";
    case TPM2L_MSSIM_RESTART: return "RESTART";
    case TPM2L_MSSIM_SESSION_END: return "SESSION_END";
    case TPM2L_MSSIM_STOP: return "STOP";
    default: return "platform code";
    }
}

static TPM2_RC connect_cmd(tpm2l_tcti_mssim *t)
{
    if (t->is_unix)
        return tcti_connect_unix(&t->base, t->path, &t->cmd_fd);
    return tcti_connect_tcp(&t->base, t->host, t->port, tcti_deadline(CONNECT_TIMEOUT_MS),
                            &t->cmd_fd);
}

static TPM2_RC connect_plat(tpm2l_tcti_mssim *t)
{
    if (t->is_unix)
        return tcti_connect_unix(&t->base, t->plat_path, &t->plat_fd);
    return tcti_connect_tcp(&t->base, t->host, (uint16_t)(t->port + 1),
                            tcti_deadline(CONNECT_TIMEOUT_MS), &t->plat_fd);
}

/* After a framing or transport error the stream is out of step: drop the connection
 * so that the next command starts on a fresh one. */
static TPM2_RC drop(tpm2l_tcti_mssim *t, TPM2_RC rc)
{
    tcti_close_fd(&t->cmd_fd);
    t->pending = 0;
    return rc;
}

static TPM2_RC mssim_transmit(tpm2l_tcti *base, const uint8_t *cmd, size_t len)
{
    tpm2l_tcti_mssim *t = (tpm2l_tcti_mssim *)base;
    if (t->pending)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "the previous command's response was not received");
    if (len > TPM2L_MAX_MESSAGE) /* for callers of ops->transmit itself */
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "command of %zu bytes exceeds the frame buffer", len);
    if (t->cmd_fd < 0) {
        TPM2_RC rc = connect_cmd(t);
        if (rc)
            return rc;
    }
    tcti_put_be32(t->frame, TPM2L_MSSIM_SEND_COMMAND);
    t->frame[4] = t->locality;
    tcti_put_be32(t->frame + 5, (uint32_t)len);
    memcpy(t->frame + 9, cmd, len);
    TPM2_RC rc = tcti_write_all(base, t->cmd_fd, t->frame, 9 + len, TCTI_IO_SOCKET, t->cmd_ep,
                                "command");
    if (rc)
        return drop(t, rc);
    t->pending = 1;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC mssim_receive(tpm2l_tcti *base, uint8_t *buf, size_t cap, size_t *len)
{
    tpm2l_tcti_mssim *t = (tpm2l_tcti_mssim *)base;
    if (!t->pending || t->cmd_fd < 0)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "receive without a command sent");
    int64_t deadline = tcti_deadline(base->timeout_ms);
    uint8_t word[4];
    TPM2_RC rc = tcti_read_exact(base, t->cmd_fd, word, 4, deadline, t->cmd_ep,
                                 "response length");
    if (rc)
        return drop(t, rc);
    uint32_t flen = tcti_be32(word);
    if (flen == 0)
        /* The reference simulator's answer to a command while it is powered off. */
        return drop(t, tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                        "%s sent an empty response: the simulator is powered "
                                        "off (power it on: poweron=1)",
                                        t->cmd_ep));
    if (flen < TCTI_HEADER_SIZE)
        return drop(t, tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                        "%s framed a response of %u bytes, smaller than the "
                                        "10-byte header",
                                        t->cmd_ep, (unsigned)flen));
    if (flen > cap)
        return drop(t, tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT),
                                        "%s framed a response of %u bytes; the buffer holds "
                                        "%zu",
                                        t->cmd_ep, (unsigned)flen, cap));
    rc = tcti_read_exact(base, t->cmd_fd, buf, flen, deadline, t->cmd_ep, "response");
    if (rc)
        return drop(t, rc);
    uint32_t size;
    rc = tcti_check_header(base, buf, cap, &size, t->cmd_ep);
    if (rc)
        return drop(t, rc);
    if (size != flen)
        return drop(t, tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                        "%s framed %u bytes around a response whose header "
                                        "says %u",
                                        t->cmd_ep, (unsigned)flen, (unsigned)size));
    /* Every exchange ends with a u32 0 (TpmTcpProtocol.h: "for regularity"). */
    rc = tcti_read_exact(base, t->cmd_fd, word, 4, deadline, t->cmd_ep,
                         "end-of-response marker");
    if (rc)
        return drop(t, rc);
    if (tcti_be32(word) != 0)
        return drop(t, tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                        "%s ended the response with 0x%08x instead of 0",
                                        t->cmd_ep, (unsigned)tcti_be32(word)));
    rc = tcti_check_no_excess(base, t->cmd_fd, size, t->cmd_ep);
    if (rc)
        return drop(t, rc);
    t->pending = 0;
    *len = size;
    if (t->cancel_on) {
        /* Lower the cancel line raised for this command (CANCEL_ON ... CANCEL_OFF). */
        t->cancel_on = 0;
        rc = tpm2l_tcti_mssim_platform(t, TPM2L_MSSIM_CANCEL_OFF);
        if (rc)
            return rc;
    }
    return TPM2_RC_SUCCESS;
}

static TPM2_RC mssim_set_locality(tpm2l_tcti *base, uint8_t locality)
{
    /* The locality travels in the next SEND_COMMAND frame. */
    ((tpm2l_tcti_mssim *)base)->locality = locality;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC mssim_cancel(tpm2l_tcti *base)
{
    tpm2l_tcti_mssim *t = (tpm2l_tcti_mssim *)base;
    TPM2_RC rc = tpm2l_tcti_mssim_platform(t, TPM2L_MSSIM_CANCEL_ON);
    if (rc)
        return rc;
    t->cancel_on = 1;
    return TPM2_RC_SUCCESS;
}

static void say_goodbye(int *fd)
{
    if (*fd < 0)
        return;
    uint8_t word[4];
    tcti_put_be32(word, TPM2L_MSSIM_SESSION_END);
    /* Best effort: the simulator then waits for its next client instead of seeing
     * a connection reset. MSG_DONTWAIT so a wedged peer cannot block close(). */
    (void)!send(*fd, word, sizeof word, MSG_NOSIGNAL | MSG_DONTWAIT);
    tcti_close_fd(fd);
}

static void mssim_close(tpm2l_tcti *base)
{
    tpm2l_tcti_mssim *t = (tpm2l_tcti_mssim *)base;
    say_goodbye(&t->cmd_fd);
    say_goodbye(&t->plat_fd);
    t->pending = 0;
    t->cancel_on = 0;
}

static const struct tpm2l_tcti_ops mssim_ops = {
    .name = "mssim",
    .transmit = mssim_transmit,
    .receive = mssim_receive,
    .set_locality = mssim_set_locality,
    .cancel = mssim_cancel,
    .close = mssim_close,
};

TPM2_RC tpm2l_tcti_mssim_platform(tpm2l_tcti_mssim *t, uint32_t code)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    if (t->base.ops != &mssim_ops)
        return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "not an open mssim transport");
    TPM2_RC rc;
    if (t->plat_fd < 0) {
        rc = connect_plat(t);
        if (rc)
            return rc;
    }
    uint8_t word[4];
    tcti_put_be32(word, code);
    rc = tcti_write_all(&t->base, t->plat_fd, word, 4, TCTI_IO_SOCKET, t->plat_ep,
                        code_name(code));
    if (rc) {
        tcti_close_fd(&t->plat_fd);
        return rc;
    }
    /* The simulator answers every platform code except these two, after which it
     * closes the connection (SESSION_END) or exits (STOP). */
    if (code == TPM2L_MSSIM_SESSION_END || code == TPM2L_MSSIM_STOP) {
        tcti_close_fd(&t->plat_fd);
        if (code == TPM2L_MSSIM_STOP)
            tcti_close_fd(&t->cmd_fd);
        return TPM2_RC_SUCCESS;
    }
    int timeout = t->base.timeout_ms;
    rc = tcti_read_exact(&t->base, t->plat_fd, word, 4,
                         tcti_deadline(timeout < 0 || timeout > CONNECT_TIMEOUT_MS
                                           ? CONNECT_TIMEOUT_MS
                                           : timeout),
                         t->plat_ep, "platform answer");
    if (rc) {
        tcti_close_fd(&t->plat_fd);
        return rc;
    }
    uint32_t answer = tcti_be32(word);
    if (answer != 0)
        return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                "%s answered %s (%u) with %u instead of 0", t->plat_ep,
                                code_name(code), (unsigned)code, (unsigned)answer);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_mssim_power_on(tpm2l_tcti_mssim *t)
{
    TPM2_RC rc = tpm2l_tcti_mssim_platform(t, TPM2L_MSSIM_POWER_ON);
    if (rc)
        return rc;
    return tpm2l_tcti_mssim_platform(t, TPM2L_MSSIM_NV_ON);
}

static void init(tpm2l_tcti_mssim *t)
{
    memset(&t->base, 0, sizeof t->base);
    t->base.ops = &mssim_ops;
    t->base.timeout_ms = TPM2L_TCTI_DEFAULT_TIMEOUT_MS;
    t->cmd_fd = t->plat_fd = -1;
    t->locality = 0;
    t->pending = t->is_unix = t->cancel_on = 0;
    t->port = 0;
    t->host[0] = t->path[0] = t->plat_path[0] = t->cmd_ep[0] = t->plat_ep[0] = '\0';
}

static TPM2_RC fail(tpm2l_tcti_mssim *t, TPM2_RC rc)
{
    mssim_close(&t->base);
    t->base.ops = NULL;
    return rc;
}

static TPM2_RC connect_first(tpm2l_tcti_mssim *t)
{
    TPM2_RC rc = connect_cmd(t);
    return rc ? fail(t, rc) : TPM2_RC_SUCCESS;
}

static TPM2_RC setup_tcp(tpm2l_tcti_mssim *t, const char *host, uint16_t port)
{
    if (!host || !*host || strlen(host) >= sizeof t->host)
        return tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR, "host name is empty or too long");
    if (port == 0 || port == 65535)
        return tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                "port %u leaves no room for the platform port (port+1)",
                                (unsigned)port);
    memcpy(t->host, host, strlen(host) + 1);
    t->port = port;
    tcti_endpoint_tcp(t->cmd_ep, sizeof t->cmd_ep, host, port);
    tcti_endpoint_tcp(t->plat_ep, sizeof t->plat_ep, host, (uint16_t)(port + 1));
    return TPM2_RC_SUCCESS;
}

static TPM2_RC setup_unix(tpm2l_tcti_mssim *t, const char *path)
{
    /* path.ctrl must fit a sockaddr_un too. */
    if (!path || !*path || strlen(path) + 5 >= sizeof t->plat_path)
        return tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                "socket path is empty or longer than %zu characters",
                                sizeof t->plat_path - 6);
    t->is_unix = 1;
    size_t n = strlen(path);
    memcpy(t->path, path, n + 1);
    memcpy(t->plat_path, path, n);
    memcpy(t->plat_path + n, ".ctrl", 6);
    memcpy(t->cmd_ep, t->path, n + 1);
    memcpy(t->plat_ep, t->plat_path, n + 6);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_mssim_open_tcp(tpm2l_tcti_mssim *t, const char *host, uint16_t port)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    init(t);
    TPM2_RC rc = setup_tcp(t, host ? host : "127.0.0.1", port);
    return rc ? fail(t, rc) : connect_first(t);
}

TPM2_RC tpm2l_tcti_mssim_open_unix(tpm2l_tcti_mssim *t, const char *path)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    init(t);
    TPM2_RC rc = setup_unix(t, path);
    return rc ? fail(t, rc) : connect_first(t);
}

TPM2_RC tpm2l_tcti_mssim_open(tpm2l_tcti_mssim *t, const tpm2l_tcti_config *cfg)
{
    static const char *const known[] = {"host", "port", "path", "poweron", NULL};
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    init(t);
    TPM2_RC rc = tcti_config_check_keys(&t->base, cfg, known);
    if (rc)
        return fail(t, rc);
    const char *host = tpm2l_tcti_config_get(cfg, "host");
    const char *port_s = tpm2l_tcti_config_get(cfg, "port");
    const char *path = tpm2l_tcti_config_get(cfg, "path");
    const char *pw = tpm2l_tcti_config_get(cfg, "poweron");
    int poweron = 0;
    if (pw && (rc = tcti_config_bool(&t->base, "poweron", pw, &poweron)))
        return fail(t, rc);
    if (path) {
        if (host || port_s)
            return fail(t, tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                            "path= (UNIX socket) cannot be combined with "
                                            "host= or port="));
        rc = setup_unix(t, path);
    } else {
        uint16_t port = 2321;
        if (port_s && (rc = tcti_config_port(&t->base, "port", port_s, 65534, &port)))
            return fail(t, rc);
        if (host && !*host)
            return fail(t, tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR, "host is empty"));
        rc = setup_tcp(t, host ? host : "127.0.0.1", port);
    }
    if (rc)
        return fail(t, rc);
    rc = connect_first(t);
    if (rc)
        return rc;
    if (poweron && (rc = tpm2l_tcti_mssim_power_on(t)))
        return fail(t, rc);
    return TPM2_RC_SUCCESS;
}
