/* auth_string.c - the tpm2-tools authorization string grammar of authstr.h.
 *
 * Input is untrusted text (command lines, files, standard input, later fuzzers). Every
 * read is bounded by the string's end or the file's size, every write by the
 * destination's array; a value that does not fit is an error, never truncated, and
 * no message ever quotes a secret. Files are followed iteratively through one
 * bounded buffer (no recursion, no allocation) that is wiped before return.
 * Never prints, never keeps state.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tpm2lite/authstr.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/pcrspec.h"

#define PERR(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

static TPM2_RC fail(TPM2_RC rc, char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static TPM2_RC fail(TPM2_RC rc, char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

void tpm2l_auth_spec_wipe(tpm2l_auth_spec *out)
{
    tpm2l_cleanse(out, sizeof *out);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Length of a "word:" prefix at s (letters, digits, '_', starting with a lowercase
 * letter), 0 if s does not start with one. */
static size_t prefix_len(const char *s)
{
    size_t i = 0;
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    while (i < 16 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
                      s[i] == '_'))
        i++;
    return s[i] == ':' ? i + 1 : 0;
}

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* value = text | "str:" text | "hex:" hexbytes, the first n bytes of s. what names the
 * place in messages ("the authorization", "the auth after '+'"). */
static TPM2_RC parse_value(const char *s, size_t n, TPM2B_AUTH *v, const char *what, char *err,
                           size_t errlen)
{
    memset(v, 0, sizeof *v);
    if (n >= 4 && memcmp(s, "hex:", 4) == 0) {
        const char *h = s + 4;
        size_t hn = n - 4;
        if (hn % 2)
            return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                        "%s: hex: needs an even number of hex digits", what);
        if (hn / 2 > sizeof v->buffer)
            return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                        "%s: hex: holds %zu bytes; at most %zu", what, hn / 2, sizeof v->buffer);
        for (size_t i = 0; i < hn / 2; i++) {
            int hi = hexval((unsigned char)h[2 * i]), lo = hexval((unsigned char)h[2 * i + 1]);
            if (hi < 0 || lo < 0) {
                tpm2l_cleanse(v, sizeof *v);
                return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                            "%s: hex: has a character that is not a hex digit", what);
            }
            v->buffer[i] = (uint8_t)(hi << 4 | lo);
        }
        v->size = (uint16_t)(hn / 2);
        return TPM2_RC_SUCCESS;
    }
    if (n >= 4 && memcmp(s, "str:", 4) == 0) {
        s += 4;
        n -= 4;
    } else {
        size_t p = prefix_len(s);
        if (p && p <= n) {
            if (p == 5 && memcmp(s, "hmac:", 5) == 0)
                return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                            "%s: 'hmac:' was removed from tpm2-tools in 2019; give the key as "
                            "str: or hex:",
                            what);
            /* Not quoted: it may be the start of a password. */
            return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                        "%s starts with an unknown 'word:' prefix (known: str:, hex:, file:, "
                        "session:, pcr:); a password that starts that way needs str: in front",
                        what);
        }
    }
    if (memchr(s, '\0', n))
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "%s: holds a NUL byte", what);
    if (n > TPM2L_AUTH_MAX_STR)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "%s: %zu characters; at most %u (as tpm2-tools)", what, n,
                    TPM2L_AUTH_MAX_STR);
    memcpy(v->buffer, s, n);
    v->size = (uint16_t)n;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC copy_path(char *dst, const char *s, size_t n, const char *what, char *err,
                         size_t errlen)
{
    if (n == 0)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "%s needs a file name", what);
    if (n >= TPM2L_AUTH_MAX_PATH)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "%s: the file name is too long",
                    what);
    if (memchr(s, '\0', n))
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "%s: the file name holds a NUL",
                    what);
    memcpy(dst, s, n);
    dst[n] = '\0';
    return TPM2_RC_SUCCESS;
}

static TPM2_RC errno_rc(int e)
{
    if (e == ENOENT || e == ENOTDIR)
        return PERR(TPM2L_E_NOT_FOUND);
    if (e == EACCES || e == EPERM)
        return PERR(TPM2L_E_PERMISSION);
    return PERR(TPM2L_E_IO);
}

/* Read fd into buf (cap bytes), *n = bytes. On a terminal, one line with echo off. */
static TPM2_RC read_fd(int fd, int tty, uint8_t *buf, size_t cap, size_t *n, const char *name,
                       char *err, size_t errlen)
{
    struct termios old, quiet;
    int restore = 0;
    TPM2_RC rc = TPM2_RC_SUCCESS;
    *n = 0;
    if (tty && tcgetattr(fd, &old) == 0) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
        quiet.c_lflag |= ICANON;
        restore = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
    }
    for (;;) {
        if (*n == cap) {
            rc = fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                      "%s holds more than %u bytes: not an authorization", name,
                      TPM2L_AUTH_MAX_FILE);
            break;
        }
        ssize_t got = read(fd, buf + *n, cap - *n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            rc = fail(errno_rc(e), err, errlen, "reading %s failed: %s", name, strerror(e));
            break;
        }
        if (got == 0)
            break;
        *n += (size_t)got;
        if (tty && memchr(buf, '\n', *n))
            break; /* a terminal gives one line: the user pressed Enter */
    }
    if (restore)
        tcsetattr(fd, TCSAFLUSH, &old);
    return rc;
}

/* The contents of path ("-" = standard input) into buf as a C string, trailing CR/LF
 * removed. cap includes the terminator. */
static TPM2_RC read_source(const char *path, char *buf, size_t cap, char *err, size_t errlen)
{
    size_t n = 0;
    TPM2_RC rc;
    buf[0] = '\0';
    if (strcmp(path, "-") == 0) {
        rc = read_fd(STDIN_FILENO, isatty(STDIN_FILENO), (uint8_t *)buf, cap - 1, &n,
                     "standard input", err, errlen);
    } else {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            int e = errno;
            return fail(errno_rc(e), err, errlen, "file:%s: %s", path, strerror(e));
        }
        char name[80];
        snprintf(name, sizeof name, "file:%.60s", path);
        rc = read_fd(fd, 0, (uint8_t *)buf, cap - 1, &n, name, err, errlen);
        close(fd);
    }
    if (rc)
        return rc;
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    if (memchr(buf, '\0', n))
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "file:%s holds a NUL byte: binary authorizations go in as hex:",
                    strcmp(path, "-") ? path : "-");
    buf[n] = '\0';
    return TPM2_RC_SUCCESS;
}

static TPM2_RC parse_session(const char *s, tpm2l_auth_spec *out, char *err, size_t errlen)
{
    const char *plus = strchr(s, '+');
    size_t n = plus ? (size_t)(plus - s) : strlen(s);
    TPM2_RC rc = copy_path(out->path, s, n, "session:", err, errlen);
    if (rc)
        return rc;
    out->kind = TPM2L_AUTH_SESSION;
    if (plus)
        return parse_value(plus + 1, strlen(plus + 1), &out->value, "the auth after '+'", err,
                           errlen);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC parse_pcr(const char *s, tpm2l_auth_spec *out, char *err, size_t errlen)
{
    char spec[512];
    const char *eq = strchr(s, '=');
    size_t n = eq ? (size_t)(eq - s) : strlen(s);
    if (n == 0)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "pcr: needs a PCR selection (pcr:sha256:0,1,2)");
    if (n >= sizeof spec)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "pcr: the PCR selection is too long");
    memcpy(spec, s, n);
    spec[n] = '\0';
    char perr[160] = "";
    TPM2_RC rc = tpm2l_pcr_spec_parse(spec, &out->pcrs, perr, sizeof perr);
    if (rc)
        return fail(rc, err, errlen, "pcr:%s: %s", spec, perr);
    if (eq) {
        rc = copy_path(out->path, eq + 1, strlen(eq + 1), "pcr:SPEC=", err, errlen);
        if (rc)
            return rc;
    }
    out->kind = TPM2L_AUTH_PCR;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_auth_parse(const char *s, tpm2l_auth_spec *out, char *err, size_t errlen)
{
    static const char what[] = "the authorization";
    char buf[TPM2L_AUTH_MAX_FILE + 1] = {0};
    TPM2_RC rc = TPM2_RC_SUCCESS;
    if (err && errlen)
        err[0] = '\0';
    if (!out)
        return fail(PERR(TPM2L_E_BAD_ARG), err, errlen, "no destination");
    memset(out, 0, sizeof *out);
    if (!s)
        return fail(PERR(TPM2L_E_BAD_ARG), err, errlen, "no authorization string");

    const char *cur = s;
    for (unsigned depth = 0; has_prefix(cur, "file:"); depth++) {
        if (depth == TPM2L_AUTH_MAX_DEPTH) {
            rc = fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                      "file: references nest more than %u deep (a file naming itself?)",
                      TPM2L_AUTH_MAX_DEPTH);
            goto out;
        }
        /* The path leaves cur before buf is overwritten (cur may point into buf). */
        rc = copy_path(out->path, cur + 5, strlen(cur + 5), "file:", err, errlen);
        if (!rc)
            rc = read_source(out->path, buf, sizeof buf, err, errlen);
        if (rc)
            goto out;
        cur = buf;
    }
    memset(out->path, 0, sizeof out->path);

    if (has_prefix(cur, "session:"))
        rc = parse_session(cur + 8, out, err, errlen);
    else if (has_prefix(cur, "pcr:"))
        rc = parse_pcr(cur + 4, out, err, errlen);
    else {
        rc = parse_value(cur, strlen(cur), &out->value, what, err, errlen);
        if (!rc)
            out->kind = TPM2L_AUTH_VALUE;
    }
out:
    tpm2l_cleanse(buf, sizeof buf);
    if (rc)
        tpm2l_auth_spec_wipe(out);
    return rc;
}
