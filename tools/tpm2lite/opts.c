/* opts.c - option parsing and the small value parsers every command uses (numbers,
 * handles, hierarchies, authorisation strings), files in and out, error printing.
 *
 * Must never accept a value partly ("12abc" is not 12) and never truncate a secret
 * silently: an authorisation that does not fit is a usage error.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "tools/tpm2lite/cli.h"
#include "tpm2lite/authstr.h"

/* ---- messages ---- */

int cli_usage(const cli *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "tpm2lite %s: ", c->cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'tpm2lite %s --help'.\n", c->cmd->name);
    return CLI_USAGE;
}

int cli_error(const cli *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "tpm2lite %s: ", c->cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_FAIL;
}

int cli_fail(const cli *c, TPM2_RC rc, const char *what)
{
    tpm2l_rc_text t = tpm2l_rc_str(rc);
    const char *detail = c->connected ? tpm2l_ctx_error(&c->ctx) : "";
    /* The context's detail names the command and usually already carries the decoded
     * code ("ReadPublic: TPM_RC_HANDLE (handle 1): ..."): print it once. */
    if (detail[0] && strstr(detail, t.s))
        fprintf(stderr, "tpm2lite %s: %s [0x%08x]\n", c->cmd->name, detail, (unsigned)rc);
    else if (detail[0])
        fprintf(stderr, "tpm2lite %s: %s (%s) [0x%08x]\n", c->cmd->name, detail, t.s,
                (unsigned)rc);
    else
        fprintf(stderr, "tpm2lite %s: %s: %s [0x%08x]\n", c->cmd->name, what, t.s,
                (unsigned)rc);
    return CLI_FAIL;
}

/* ---- options ---- */

void cli_args_init(cli_args *a, cli *c, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->c = c;
    a->argc = argc;
    a->argv = argv;
    a->i = 1;
}

int cli_args_exit(int r)
{
    return r == CLI_HELP ? CLI_OK : CLI_USAGE;
}

static const cli_opt common_opts[] = {
    {'h', "help", 0, -100},
    {'T', "tcti", 1, -101},
    {0, NULL, 0, 0},
};

static const cli_opt *find_short(const cli_opt *opts, char ch)
{
    for (const cli_opt *o = opts; o->id; o++)
        if (o->short_name == ch)
            return o;
    for (const cli_opt *o = common_opts; o->id; o++)
        if (o->short_name == ch)
            return o;
    return NULL;
}

static const cli_opt *find_long(const cli_opt *opts, const char *name, size_t len)
{
    for (const cli_opt *o = opts; o->id; o++)
        if (o->long_name && strlen(o->long_name) == len && strncmp(o->long_name, name, len) == 0)
            return o;
    for (const cli_opt *o = common_opts; o->id; o++)
        if (o->long_name && strlen(o->long_name) == len && strncmp(o->long_name, name, len) == 0)
            return o;
    return NULL;
}

/* Act on a found option; returns its id, or CLI_HELP / CLI_ERROR, or 0 to go on. */
static int take(cli_args *a, const cli_opt *o, const char *arg, const char **out)
{
    if (o->id == -100) {
        fputs(a->c->cmd->help, stdout);
        return CLI_HELP;
    }
    if (o->id == -101) {
        a->c->tcti_conf = arg;
        return 0;
    }
    *out = arg;
    return o->id;
}

static int positional(cli_args *a, const char *s)
{
    if (a->npos >= CLI_MAX_POS) {
        cli_usage(a->c, "too many arguments");
        return CLI_ERROR;
    }
    a->pos[a->npos++] = s;
    return 0;
}

int cli_next(cli_args *a, const cli_opt *opts, const char **arg)
{
    *arg = NULL;
    for (;;) {
        if (a->rest && *a->rest) {
            /* The next letter of a cluster like "-ab", or "-Co" with its value. */
            char ch = *a->rest++;
            const cli_opt *o = find_short(opts, ch);
            if (!o) {
                cli_usage(a->c, "unknown option '-%c'", ch);
                return CLI_ERROR;
            }
            const char *v = NULL;
            if (o->has_arg) {
                if (*a->rest) {
                    v = a->rest;
                } else if (a->i < a->argc) {
                    v = a->argv[a->i++];
                } else {
                    cli_usage(a->c, "option '-%c' needs a value", ch);
                    return CLI_ERROR;
                }
                a->rest = NULL;
            }
            int r = take(a, o, v, arg);
            if (r)
                return r;
            continue;
        }
        a->rest = NULL;
        if (a->i >= a->argc)
            return CLI_END;
        const char *s = a->argv[a->i++];
        if (a->no_more_opts || s[0] != '-' || s[1] == '\0') {
            int r = positional(a, s);
            if (r)
                return r;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            a->no_more_opts = 1;
            continue;
        }
        if (s[1] != '-') {
            /* "-1" style negative numbers are not options of any command here. */
            a->rest = s + 1;
            continue;
        }
        const char *name = s + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const cli_opt *o = find_long(opts, name, len);
        if (!o) {
            cli_usage(a->c, "unknown option '--%.*s'", (int)len, name);
            return CLI_ERROR;
        }
        const char *v = NULL;
        if (o->has_arg) {
            if (eq) {
                v = eq + 1;
            } else if (a->i < a->argc) {
                v = a->argv[a->i++];
            } else {
                cli_usage(a->c, "option '--%s' needs a value", o->long_name);
                return CLI_ERROR;
            }
        } else if (eq) {
            cli_usage(a->c, "option '--%s' takes no value", o->long_name);
            return CLI_ERROR;
        }
        int r = take(a, o, v, arg);
        if (r)
            return r;
    }
}

/* ---- values ---- */

static int hexdigit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int cli_parse_u32(const char *s, uint32_t max, uint32_t *v)
{
    uint64_t x = 0;
    if (!s || !*s)
        return -1;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        if (!*s || strlen(s) > 8)
            return -1;
        for (; *s; s++) {
            int d = hexdigit((unsigned char)*s);
            if (d < 0)
                return -1;
            x = x * 16 + (uint64_t)d;
        }
    } else {
        if (strlen(s) > 10)
            return -1;
        for (; *s; s++) {
            if (*s < '0' || *s > '9')
                return -1;
            x = x * 10 + (uint64_t)(*s - '0');
        }
    }
    if (x > max)
        return -1;
    *v = (uint32_t)x;
    return 0;
}

int cli_parse_hierarchy(const char *s, const char *allowed, TPM2_HANDLE *h)
{
    static const struct {
        char letter;
        const char *word;
        TPM2_HANDLE handle;
    } table[] = {
        {'o', "owner", TPM2_RH_OWNER},           {'p', "platform", TPM2_RH_PLATFORM},
        {'e', "endorsement", TPM2_RH_ENDORSEMENT}, {'n', "null", TPM2_RH_NULL},
        {'l', "lockout", TPM2_RH_LOCKOUT},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (!strchr(allowed, table[i].letter))
            continue;
        if ((s[0] == table[i].letter && s[1] == '\0') || strcmp(s, table[i].word) == 0) {
            *h = table[i].handle;
            return 0;
        }
    }
    uint32_t v;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && cli_parse_u32(s, UINT32_MAX, &v) == 0) {
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
            if (table[i].handle == v && strchr(allowed, table[i].letter)) {
                *h = v;
                return 0;
            }
    }
    return -1;
}

int cli_parse_auth(const cli *c, const char *opt, const char *s, TPM2B_AUTH *out)
{
    static tpm2l_auth_spec spec;
    char err[300];
    memset(out, 0, sizeof *out);
    if (strcmp(s, "file:-") == 0 && isatty(STDIN_FILENO))
        fprintf(stderr, "Enter the authorization for %s: ", opt);
    TPM2_RC rc = tpm2l_auth_parse(s, &spec, err, sizeof err);
    if (rc)
        return cli_usage(c, "%s: %s", opt, err);
    if (spec.kind != TPM2L_AUTH_VALUE) {
        tpm2l_auth_spec_wipe(&spec);
        return cli_usage(c, "%s: a new authorization value is a value (plain, str:, hex:, "
                         "file:), not a session: or pcr: authorization",
                         opt);
    }
    *out = spec.value;
    tpm2l_auth_spec_wipe(&spec);
    return 0;
}

TPM2_ALG_ID cli_hash_alg(const char *s)
{
    TPM2_ALG_ID alg = tpm2l_pcr_bank_alg(s, strlen(s));
    return alg == TPM2_ALG_ERROR ? TPM2_ALG_NULL : alg;
}

/* ---- files ---- */

int cli_write_file(const cli *c, const char *path, const void *data, size_t n)
{
    int to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "wb");
    if (!f)
        return cli_error(c, "cannot create '%s': %s", path, strerror(errno));
    size_t w = n ? fwrite(data, 1, n, f) : 0;
    int e = w != n ? errno : 0;
    if ((to_stdout ? fflush(f) : fclose(f)) != 0 && !e)
        e = errno ? errno : EIO;
    if (w != n || e)
        return cli_error(c, "writing '%s' failed: %s", path, strerror(e ? e : EIO));
    return 0;
}

int cli_read_file(const cli *c, const char *path, uint8_t *buf, size_t cap, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cli_error(c, "cannot open '%s': %s", path, strerror(errno));
    size_t got = fread(buf, 1, cap, f);
    int more = fgetc(f) != EOF;
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return cli_error(c, "reading '%s' failed", path);
    if (more)
        return cli_error(c, "'%s' is larger than %zu bytes: not a file this command reads",
                         path, cap);
    *n = got;
    return 0;
}

void cli_print_hex(FILE *f, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%02x", p[i]);
}
