/* corpus_parse.c - load a corpus text file (format: include/tpm2lite/corpus.h) into
 * the replay transport's store, checking all of it before anything is replayed.
 *
 * The input is untrusted text: every line has a fixed maximum, every byte written goes
 * through one capacity check, and every failure names its line. It must never accept
 * a file that was cut short (the trailer counts the exchanges) and never clamp.
 */
#include <stdarg.h>
#include <string.h>

#include "src/tcti/corpus_store.h"

#define MAGIC "# tpm2lite corpus v1"
#define PERR(r) TPM2L_RC(TPM2L_LAYER_PARSE, (r))

typedef struct {
    FILE *fp;
    const char *mem;
    size_t mem_len, mem_pos;
    unsigned long line; /* number of the line last read */
} source;

typedef struct {
    tpm2l_tcti_replay *rp;
    size_t cap;
    int in_header;      /* still in the comment lines that follow line 1 */
    int have_scenario, have_seed;
    int ended;          /* the trailer was seen */
    int open;           /* a message is being collected */
    char dir;           /* its direction, '>' or '<' */
    unsigned long start_line;
    size_t start;       /* its offset in the store */
    size_t len;         /* its bytes so far */
    int want_response;  /* the last complete message was a command */
    unsigned long cmd_line;
} parser;

static TPM2_RC err(parser *p, TPM2_RC reason, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static TPM2_RC err(parser *p, TPM2_RC reason, unsigned long line, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tpm2l_tcti_error(&p->rp->base, PERR(reason), "corpus line %lu: %s", line, msg);
}

static int next_char(source *s)
{
    if (s->fp)
        return getc(s->fp);
    return s->mem_pos < s->mem_len ? (unsigned char)s->mem[s->mem_pos++] : EOF;
}

/* Read one line without its '\n' and trailing blanks. *got = 0 at end of input. */
static TPM2_RC read_line(parser *p, source *s, char *buf, size_t cap, int *got)
{
    size_t n = 0;
    int c = next_char(s);
    buf[0] = '\0';
    *got = 1;
    if (c == EOF) {
        *got = 0;
        return s->fp && ferror(s->fp) ? err(p, TPM2L_E_IO, s->line + 1, "read error")
                                      : TPM2_RC_SUCCESS;
    }
    s->line++;
    for (; c != EOF && c != '\n'; c = next_char(s)) {
        if (c == '\0')
            return err(p, TPM2L_E_BAD_VALUE, s->line, "NUL byte in a text file");
        if (n + 1 >= cap)
            return err(p, TPM2L_E_BAD_VALUE, s->line, "line longer than %zu characters",
                       cap - 1);
        buf[n++] = (char)c;
    }
    while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\r'))
        n--;
    buf[n] = '\0';
    *got = 1;
    return TPM2_RC_SUCCESS;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void put_be(uint8_t *d, uint32_t v, size_t n)
{
    for (size_t i = n; i-- > 0; v >>= 8)
        d[i] = (uint8_t)v;
}

static uint32_t get_be(const uint8_t *s, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | s[i];
    return v;
}

/* Append the hex data of line s from column skip + 1 (up to a '#') to the open
 * message. */
static TPM2_RC add_hex(parser *p, const char *s, size_t skip, unsigned long line)
{
    uint8_t *store = p->rp->store;
    for (const char *c = s + skip; *c && *c != '#';) {
        if (*c == ' ' || *c == '\t') {
            c++;
            continue;
        }
        const char *g = c;
        while (hexval(*c) >= 0)
            c++;
        if (*c && *c != ' ' && *c != '\t' && *c != '#')
            return err(p, TPM2L_E_BAD_VALUE, line, "'%c' (column %zu) is not a hex digit",
                       *c, (size_t)(c - s) + 1);
        if ((c - g) % 2)
            return err(p, TPM2L_E_TRUNCATED, line,
                       "odd number of hex digits in the group at column %zu",
                       (size_t)(g - s) + 1);
        for (; g < c; g += 2) {
            if (p->len >= TPM2L_MAX_MESSAGE)
                return err(p, TPM2L_E_BAD_VALUE, line, "message longer than %u bytes",
                           TPM2L_MAX_MESSAGE);
            size_t at = p->start + CORPUS_MSG_HDR + p->len;
            if (at >= p->cap)
                return err(p, TPM2L_E_INSUFFICIENT, line,
                           "replay store of %zu bytes is too small", p->cap);
            store[at] = (uint8_t)(hexval(g[0]) << 4 | hexval(g[1]));
            p->len++;
        }
    }
    return TPM2_RC_SUCCESS;
}

/* The open message is complete: check it against its own header and keep it. */
static TPM2_RC close_message(parser *p)
{
    if (!p->open)
        return TPM2_RC_SUCCESS;
    p->open = 0;
    tpm2l_tcti_replay *rp = p->rp;
    const uint8_t *m = rp->store + p->start + CORPUS_MSG_HDR;
    if (p->len < 10)
        return err(p, TPM2L_E_TRUNCATED, p->start_line,
                   "message of %zu bytes is shorter than the 10-byte header", p->len);
    uint32_t size = get_be(m + 2, 4);
    if (size != p->len)
        return err(p, TPM2L_E_BAD_VALUE, p->start_line,
                   "header size field says %lu bytes, the message has %zu",
                   (unsigned long)size, p->len);
    put_be(rp->store + p->start, (uint32_t)p->start_line, 4);
    put_be(rp->store + p->start + 4, (uint32_t)p->len, 2);
    rp->store_len = p->start + CORPUS_MSG_HDR + p->len;
    if (p->dir == '>') {
        p->want_response = 1;
        p->cmd_line = p->start_line;
    } else {
        p->want_response = 0;
        rp->n_exchanges++;
    }
    return TPM2_RC_SUCCESS;
}

static TPM2_RC end_header(parser *p, unsigned long line)
{
    if (!p->in_header)
        return TPM2_RC_SUCCESS;
    p->in_header = 0;
    if (!p->have_scenario)
        return err(p, TPM2L_E_BAD_VALUE, line, "the header has no '# scenario: NAME' line");
    if (!p->have_seed)
        return err(p, TPM2L_E_BAD_VALUE, line, "the header has no '# seed: HEX' line");
    return TPM2_RC_SUCCESS;
}

static TPM2_RC header_key(parser *p, const char *s, unsigned long line)
{
    tpm2l_tcti_replay *rp = p->rp;
    if (strncmp(s, "# scenario:", 11) == 0) {
        const char *v = s + 11 + strspn(s + 11, " ");
        size_t n = strlen(v);
        if (p->have_scenario)
            return err(p, TPM2L_E_BAD_VALUE, line, "a second scenario line");
        if (n == 0 || n >= sizeof rp->scenario || strspn(v, "abcdefghijklmnopqrstuvwxyz"
                                                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                            "0123456789_.-") != n)
            return err(p, TPM2L_E_BAD_VALUE, line,
                       "scenario name must be 1..%zu of [A-Za-z0-9_.-]",
                       sizeof rp->scenario - 1);
        memcpy(rp->scenario, v, n + 1);
        p->have_scenario = 1;
    } else if (strncmp(s, "# seed:", 7) == 0) {
        const char *v = s + 7 + strspn(s + 7, " ");
        size_t n = strlen(v);
        if (p->have_seed)
            return err(p, TPM2L_E_BAD_VALUE, line, "a second seed line");
        if (n % 2 || n / 2 > sizeof rp->seed)
            return err(p, TPM2L_E_BAD_VALUE, line, "seed must be an even number of hex "
                       "digits, at most %zu bytes", sizeof rp->seed);
        for (size_t i = 0; i < n; i += 2) {
            int hi = hexval(v[i]), lo = hexval(v[i + 1]);
            if (hi < 0 || lo < 0)
                return err(p, TPM2L_E_BAD_VALUE, line, "seed is not hex");
            rp->seed[i / 2] = (uint8_t)(hi << 4 | lo);
        }
        rp->seed_len = n / 2;
        p->have_seed = 1;
    }
    return TPM2_RC_SUCCESS;
}

static TPM2_RC trailer(parser *p, const char *s, unsigned long line)
{
    const char *v = s + 6 + strspn(s + 6, " ");
    size_t digits = strspn(v, "0123456789");
    if (digits == 0 || digits > 9 || strcmp(v + digits, " exchanges") != 0)
        return err(p, TPM2L_E_BAD_VALUE, line, "end line is not '# end: N exchanges'");
    unsigned long n = 0;
    for (size_t i = 0; i < digits; i++)
        n = n * 10 + (unsigned long)(v[i] - '0');
    if (p->want_response)
        return err(p, TPM2L_E_TRUNCATED, line, "the command at line %lu has no response",
                   p->cmd_line);
    if (n != p->rp->n_exchanges)
        return err(p, TPM2L_E_BAD_VALUE, line, "end line says %lu exchanges, the file has %zu",
                   n, p->rp->n_exchanges);
    p->ended = 1;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC start_message(parser *p, const char *s, unsigned long line)
{
    char dir = s[0];
    if (s[1] != ' ' && s[1] != '\0')
        return err(p, TPM2L_E_BAD_VALUE, line, "'%c' must be followed by a space", dir);
    if (dir == '>' && p->want_response)
        return err(p, TPM2L_E_TRUNCATED, line, "the command at line %lu has no response",
                   p->cmd_line);
    if (dir == '<' && !p->want_response)
        return err(p, TPM2L_E_BAD_SEQUENCE, line, "a response without a command");
    size_t start = p->rp->store_len;
    if (p->cap - start < CORPUS_MSG_HDR)
        return err(p, TPM2L_E_INSUFFICIENT, line, "replay store of %zu bytes is too small",
                   p->cap);
    p->open = 1;
    p->dir = dir;
    p->start_line = line;
    p->start = start;
    p->len = 0;
    return add_hex(p, s, 1, line);
}

static TPM2_RC parse_line(parser *p, const char *s, unsigned long line)
{
    TPM2_RC rc;
    if (p->ended) {
        return s[0] ? err(p, TPM2L_E_BAD_VALUE, line, "text after the end line")
                    : TPM2_RC_SUCCESS;
    }
    if (s[0] == ' ' || s[0] == '\t') {
        if (!p->open)
            return err(p, TPM2L_E_BAD_SEQUENCE, line, "continuation line outside a message");
        return add_hex(p, s, 0, line);
    }
    rc = close_message(p);
    if (rc)
        return rc;
    if (s[0] == '\0') {
        return end_header(p, line);
    }
    if (strncmp(s, "# end:", 6) == 0) {
        rc = end_header(p, line);
        return rc ? rc : trailer(p, s, line);
    }
    if (s[0] == '#')
        return p->in_header ? header_key(p, s, line) : TPM2_RC_SUCCESS;
    if (s[0] == '>' || s[0] == '<') {
        rc = end_header(p, line);
        return rc ? rc : start_message(p, s, line);
    }
    return err(p, TPM2L_E_BAD_VALUE, line, "a line may not start with '%c'", s[0]);
}

TPM2_RC tpm2l_corpus_load(tpm2l_tcti_replay *rp, FILE *fp, const char *text, size_t len,
                          size_t cap)
{
    char line[TPM2L_CORPUS_LINE_MAX] = {0};
    source src = { .fp = fp, .mem = text, .mem_len = len };
    parser p = { .rp = rp, .cap = cap, .in_header = 1 };
    int got = 0;

    TPM2_RC rc = read_line(&p, &src, line, sizeof line, &got);
    if (rc)
        return rc;
    if (!got || strcmp(line, MAGIC) != 0)
        return err(&p, TPM2L_E_BAD_VALUE, 1, "not a corpus: the first line must be '%s'",
                   MAGIC);
    for (;;) {
        rc = read_line(&p, &src, line, sizeof line, &got);
        if (rc)
            return rc;
        if (!got)
            break;
        rc = parse_line(&p, line, src.line);
        if (rc)
            return rc;
    }
    rc = close_message(&p);
    if (!rc)
        rc = end_header(&p, src.line);
    if (rc)
        return rc;
    if (p.want_response)
        return err(&p, TPM2L_E_TRUNCATED, src.line,
                   "the file ends; the command at line %lu has no response", p.cmd_line);
    if (!p.ended)
        return err(&p, TPM2L_E_TRUNCATED, src.line,
                   "the file ends without '# end: N exchanges' (cut short?)");
    return TPM2_RC_SUCCESS;
}

int tpm2l_corpus_msg(const uint8_t *store, size_t store_len, size_t *pos, corpus_msg *m)
{
    size_t at = *pos;
    if (at > store_len || store_len - at < CORPUS_MSG_HDR)
        return -1;
    m->line = get_be(store + at, 4);
    m->len = get_be(store + at + 4, 2);
    if (store_len - at - CORPUS_MSG_HDR < m->len)
        return -1;
    m->bytes = store + at + CORPUS_MSG_HDR;
    *pos = at + CORPUS_MSG_HDR + m->len;
    return 0;
}
