/* startauth.c - tpm2lite startauthsession: TPM2_StartAuthSession with
 * tpm2_startauthsession's options, the session saved to a file (tpm2-tools' format by
 * default, so tpm2_* tools can use it; or ours).
 *
 * A salt key's name is pinned (--name, or the name a tpm2-tools context file carries);
 * an unpinned one is said so on stderr. The bind authValue is wiped on every path out,
 * and a session that could not be saved is flushed, never left behind.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tools/tpm2lite/cli.h"

const char help_startauthsession[] =
    "Usage: tpm2lite startauthsession -S FILE [--policy-session | --hmac-session |\n"
    "                                 --audit-session] [-g HASH] [-c KEY]\n"
    "                                 [--tpmkey-context KEY] [--name FILE]\n"
    "                                 [--bind-context OBJ] [--bind-auth AUTH]\n"
    "                                 [--format tpm2-tools|ours]\n"
    "\n"
    "TPM2_StartAuthSession, saved to FILE for later commands (policy*, -p session:FILE).\n"
    "A trial policy session unless told otherwise. FILE holds the session key in clear:\n"
    "it is written with mode 0600; keep it private.\n"
    "\n"
    "  --policy-session         a policy session\n"
    "  --hmac-session           an HMAC session\n"
    "  --audit-session          an HMAC session with the audit attribute\n"
    "  -g, --hash-algorithm H   the session's hash: sha256 (default), sha1, sha384, sha512\n"
    "  -c, --key-context KEY    salt with KEY and bind to it; parameter encryption on\n"
    "                           (AES-128-CFB) both ways\n"
    "  --tpmkey-context KEY     salt with KEY (a handle or a context file)\n"
    "  --name FILE              the salt key's expected name (hex, as\n"
    "                           /sys/class/tpm/tpm0/null_name, or binary): a key with\n"
    "                           another name is refused\n"
    "  --bind-context OBJ       bind to OBJ (o, p, e, n, l, a handle or a context file)\n"
    "  --bind-auth AUTH         the bind object's authorization (plain, str:, hex:, file:)\n"
    "  --format F               tpm2-tools (default: tpm2_* tools can use it) or ours\n"
    "  -S, --session FILE       where to save the session\n"
    "  -T, --tcti S             the TPM to use (see tpm2lite --help)\n";

/* A name file: lowercase or uppercase hex text (as /sys/class/tpm/tpm0/null_name, a
 * trailing newline allowed) or the binary name (as tpm2_readpublic -n writes it). The
 * binary form is taken as is: its last byte may well be 0x0a or 0x20. */
static int read_name_file(cli *c, const char *path, TPM2B_NAME *name)
{
    static uint8_t buf[2 * sizeof name->name + 8];
    size_t n, t;
    if (cli_read_file(c, path, buf, sizeof buf, &n))
        return CLI_FAIL;
    t = n;
    while (t && isspace(buf[t - 1]))
        t--;
    size_t i = 0;
    while (i < t && isxdigit(buf[i]))
        i++;
    if (t && i == t && t % 2 == 0 && t / 2 <= sizeof name->name) {
        for (i = 0; i < t / 2; i++) {
            char hx[3] = {(char)buf[2 * i], (char)buf[2 * i + 1], 0};
            name->name[i] = (uint8_t)strtoul(hx, NULL, 16);
        }
        name->size = (uint16_t)(t / 2);
        return CLI_OK;
    }
    if (n > sizeof name->name || n < 4)
        return cli_error(c, "'%s' holds no name (hex or binary, 4 to %zu bytes)", path,
                         sizeof name->name);
    memcpy(name->name, buf, n);
    name->size = (uint16_t)n;
    return CLI_OK;
}

int cmd_startauthsession(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {0, "policy-session", 0, 1}, {0, "hmac-session", 0, 2},   {0, "audit-session", 0, 3},
        {'g', "hash-algorithm", 1, 4}, {'c', "key-context", 1, 5}, {0, "tpmkey-context", 1, 6},
        {0, "bind-context", 1, 7},   {0, "bind-auth", 1, 8},      {0, "name", 1, 9},
        {'S', "session", 1, 10},     {0, "format", 1, 11},        {0, NULL, 0, 0},
    };
    const char *arg, *path = NULL, *key = NULL, *bind = NULL, *bind_auth = NULL,
                     *name_file = NULL, *hash = "sha256", *format = "tpm2-tools";
    int o, kind = 0, both = 0;
    cli_args a;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        switch (o) {
        case 1: case 2: case 3:
            if (kind && kind != o)
                return cli_usage(c, "choose one of --policy-session, --hmac-session, "
                                 "--audit-session");
            kind = o;
            break;
        case 4: hash = arg; break;
        case 5: key = bind = arg; both = 1; break;
        case 6: key = arg; break;
        case 7: bind = arg; break;
        case 8: bind_auth = arg; break;
        case 9: name_file = arg; break;
        case 10: path = arg; break;
        default: format = arg; break;
        }
    }
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!path)
        return cli_usage(c, "where to save the session? (-S FILE)");
    if (name_file && !key)
        return cli_usage(c, "--name is the salt key's name: give the key (-c or --tpmkey-context)");
    tpm2l_session_file_format fmt;
    if (strcmp(format, "tpm2-tools") == 0)
        fmt = TPM2L_SESSION_FILE_TPM2_TOOLS;
    else if (strcmp(format, "ours") == 0 || strcmp(format, "tpm2lite") == 0)
        fmt = TPM2L_SESSION_FILE_OURS;
    else
        return cli_usage(c, "--format: '%s' is not tpm2-tools or ours", format);
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.authHash = cli_hash_alg(hash);
    if (!tpm2l_hash_size(p.authHash) || p.authHash == TPM2_ALG_SM3_256)
        return cli_usage(c, "-g: '%s' is not sha1, sha256, sha384 or sha512", hash);
    p.sessionType = kind == 1 ? TPM2_SE_POLICY : kind >= 2 ? TPM2_SE_HMAC : TPM2_SE_TRIAL;
    p.attrs = TPMA_SESSION_CONTINUESESSION;
    if (kind == 3)
        p.attrs |= TPMA_SESSION_AUDIT;
    if (both)
        p.attrs |= TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT;
    /* As tpm2_startauthsession: AES-128-CFB for HMAC and salted or bound sessions. */
    if (p.sessionType == TPM2_SE_HMAC || key || bind) {
        p.symmetric.algorithm = TPM2_ALG_AES;
        p.symmetric.keyBits.aes = 128;
        p.symmetric.mode.aes = TPM2_ALG_CFB;
    } else {
        p.symmetric.algorithm = TPM2_ALG_NULL;
    }
    static tpm2l_auth_handle bind_ah;
    memset(&bind_ah, 0, sizeof bind_ah);
    if (bind_auth && cli_parse_auth(c, "--bind-auth", bind_auth, &bind_ah.auth))
        return CLI_USAGE;
    TPM2B_NAME expected = {0};
    if (name_file && read_name_file(c, name_file, &expected))
        return CLI_FAIL;

    cli_object ko = {0}, bo = {0};
    tpm2l_handle salt;
    static tpm2l_session s;
    int status = CLI_OK, pinned = 0;
    if (key) {
        status = cli_entity_open(c, key, &ko);
        if (!status)
            status = cli_object_name(c, &ko, &pinned);
        if (status)
            goto out;
        salt.handle = ko.handle;
        salt.name = expected.size ? expected : ko.name;
        if (!expected.size && !pinned)
            fprintf(stderr, "tpm2lite startauthsession: warning: the salt key's name is the "
                    "TPM's own answer (give --name FILE to pin it)\n");
        p.tpmKey = &salt;
    }
    if (bind) {
        if (both) {
            bo = ko;
            bo.loaded = 0; /* one object: flushed once, as ko */
        } else {
            status = cli_entity_open(c, bind, &bo);
            if (!status)
                status = cli_object_name(c, &bo, &pinned);
            if (status)
                goto out;
        }
        bind_ah.handle = bo.handle;
        bind_ah.name = bo.name;
        p.bind = &bind_ah;
    }
    status = cli_connect(c);
    if (status)
        goto out;
    TPM2_RC rc = tpm2l_session_start(&c->ctx, &s, &p);
    if (rc) {
        status = cli_fail(c, rc, "StartAuthSession");
        goto out;
    }
    rc = tpm2l_session_save_format(&c->ctx, &s, path, fmt, bind ? &bind_ah.auth : NULL);
    if (rc) {
        status = cli_fail(c, rc, "saving the session");
        (void)tpm2l_session_flush(&c->ctx, &s);
    }
out:
    cli_object_done(c, &bo);
    cli_object_done(c, &ko);
    tpm2l_session_wipe(&s);
    tpm2l_cleanse(&bind_ah, sizeof bind_ah);
    return status;
}
