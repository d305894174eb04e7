/* record.c - the record transport: forward every exchange to an inner transport and
 * append it to a corpus text file (format in include/tpm2lite/corpus.h) and/or a
 * pcapng capture.
 *
 * It must never change a byte in either direction, never hide an inner error (the
 * inner detail is passed up verbatim), and never allocate per exchange: the command
 * is kept in the transport struct until its response arrives, so that a command whose
 * response never comes is not written as if it were half an exchange.
 */
#include <stdarg.h>
#include <string.h>

#include "tpm2lite/corpus.h"
#include "src/tcti/io.h"

#define HEX_PER_LINE 32u /* bytes per continuation line */

static int scenario_name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n >= TPM2L_CORPUS_NAME_MAX)
        return 0;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

/* Record the first write failure; every later call reports it. */
static TPM2_RC write_failed(tpm2l_tcti_record *rec, const char *what)
{
    if (!rec->write_err)
        rec->write_err = tpm2l_tcti_error(&rec->base, TPM2L_RC_TCTI(TPM2L_E_IO),
                                          "tcti(record): cannot write the %s", what);
    return rec->write_err;
}

static TPM2_RC text(tpm2l_tcti_record *rec, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static TPM2_RC text(tpm2l_tcti_record *rec, const char *fmt, ...)
{
    if (rec->write_err)
        return rec->write_err;
    if (!rec->fp)
        return TPM2_RC_SUCCESS;
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(rec->fp, fmt, ap);
    va_end(ap);
    return n < 0 ? write_failed(rec, "corpus file") : TPM2_RC_SUCCESS;
}

static void hex(char *dst, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        dst[2 * i] = digits[p[i] >> 4];
        dst[2 * i + 1] = digits[p[i] & 15];
    }
    dst[2 * n] = '\0';
}


/* One message: the header fields on the first line with the annotation, the rest in
 * lines of HEX_PER_LINE bytes. A message shorter than a header (which only a broken
 * inner transport delivers) goes on one line, unannotated: the reader rejects it. */
static TPM2_RC write_message(tpm2l_tcti_record *rec, char dir, const uint8_t *m, size_t len)
{
    char h[2 * HEX_PER_LINE + 1];
    TPM2_RC rc;
    if (len < 10) {
        hex(h, m, len);
        return text(rec, "%c %s  # shorter than a header\n", dir, h);
    }
    char tag[5], size[9], code[9];
    hex(tag, m, 2);
    hex(size, m + 2, 4);
    hex(code, m + 6, 4);
    uint32_t v = tcti_be32(m + 6);
    if (dir == '>') {
        const char *name = tpm2l_cc_name(v);
        rc = name ? text(rec, "> %s %s %s  # %s\n", tag, size, code, name)
                  : text(rec, "> %s %s %s  # unknown command code\n", tag, size, code);
    } else {
        rc = v ? text(rec, "< %s %s %s  # %s\n", tag, size, code, tpm2l_rc_str(v).s)
               : text(rec, "< %s %s %s  # TPM_RC_SUCCESS\n", tag, size, code);
    }
    for (size_t off = 10; !rc && off < len; off += HEX_PER_LINE) {
        size_t n = len - off < HEX_PER_LINE ? len - off : HEX_PER_LINE;
        hex(h, m + off, n);
        rc = text(rec, "  %s\n", h);
    }
    return rc;
}

static TPM2_RC write_header(tpm2l_tcti_record *rec, const tpm2l_record_opts *o)
{
    char seed[2 * TPM2L_CORPUS_SEED_MAX + 1];
    hex(seed, o->seed, o->seed_len);
    TPM2_RC rc = text(rec, "# tpm2lite corpus v1\n# scenario: %s\n# seed:%s%s\n", o->scenario,
                      o->seed_len ? " " : "", seed);
    for (const char *t = o->tpm; !rc && t && *t;) {
        size_t n = strcspn(t, "\n");
        rc = text(rec, "# tpm: %.*s\n", (int)n, t);
        t += n + (t[n] == '\n');
    }
    /* A blank line ends the header, so later comments are never read as keys. */
    if (!rc)
        rc = text(rec, "\n");
    if (!rc && rec->fp && fflush(rec->fp) != 0)
        rc = write_failed(rec, "corpus file");
    return rc;
}

static TPM2_RC rec_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    tpm2l_tcti_record *rec = (tpm2l_tcti_record *)t;
    if (rec->write_err)
        return rec->write_err;
    if (len > sizeof rec->cmd)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT),
                                "tcti(record): command of %zu bytes exceeds %u", len,
                                TPM2L_MAX_MESSAGE);
    rec->cmd_len = 0;
    TPM2_RC rc = tpm2l_tcti_transmit(rec->inner, cmd, len);
    if (rc) {
        snprintf(t->err, sizeof t->err, "%s", rec->inner->err);
        return rc;
    }
    if (len)
        memcpy(rec->cmd, cmd, len);
    rec->cmd_len = len;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC rec_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    tpm2l_tcti_record *rec = (tpm2l_tcti_record *)t;
    if (rec->write_err)
        return rec->write_err;
    if (!rec->cmd_len)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "tcti(record): receive without a command sent");
    rec->inner->timeout_ms = t->timeout_ms;
    TPM2_RC rc = tpm2l_tcti_receive(rec->inner, buf, cap, len);
    if (rc) {
        snprintf(t->err, sizeof t->err, "%s", rec->inner->err);
        /* A timed-out receive may still be retried by the caller; keep the command. */
        if (rc != TPM2L_RC_TCTI(TPM2L_E_TIMEOUT))
            rec->cmd_len = 0;
        return rc;
    }
    rc = write_message(rec, '>', rec->cmd, rec->cmd_len);
    if (!rc)
        rc = write_message(rec, '<', buf, *len);
    if (!rc && rec->fp && fflush(rec->fp) != 0)
        rc = write_failed(rec, "corpus file");
    if (!rc && rec->have_pcap) {
        rc = tpm2l_pcapng_write(&rec->pcap, 1, rec->cmd, rec->cmd_len);
        if (!rc)
            rc = tpm2l_pcapng_write(&rec->pcap, 0, buf, *len);
        if (rc)
            rc = write_failed(rec, "pcapng file");
    }
    rec->cmd_len = 0;
    if (rc)
        return rc;
    rec->exchanges++;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC rec_set_locality(tpm2l_tcti *t, uint8_t locality)
{
    tpm2l_tcti_record *rec = (tpm2l_tcti_record *)t;
    TPM2_RC rc = tpm2l_tcti_set_locality(rec->inner, locality);
    if (rc) {
        snprintf(t->err, sizeof t->err, "%s", rec->inner->err);
        return rc;
    }
    return text(rec, "# locality %u\n", (unsigned)locality);
}

static TPM2_RC rec_cancel(tpm2l_tcti *t)
{
    tpm2l_tcti_record *rec = (tpm2l_tcti_record *)t;
    TPM2_RC rc = tpm2l_tcti_cancel(rec->inner);
    if (rc) {
        snprintf(t->err, sizeof t->err, "%s", rec->inner->err);
        return rc;
    }
    return text(rec, "# cancel\n");
}

TPM2_RC tpm2l_tcti_record_finish(tpm2l_tcti_record *rec)
{
    if (!rec)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    if (rec->finished)
        return rec->write_err;
    rec->finished = 1;
    if (rec->cmd_len)
        text(rec, "# a command of %zu bytes got no response\n", rec->cmd_len);
    text(rec, "# end: %zu exchanges\n", rec->exchanges);
    if (rec->fp) {
        int bad = fflush(rec->fp) != 0;
        if (rec->own_fp && fclose(rec->fp) != 0)
            bad = 1;
        rec->fp = NULL;
        if (bad)
            write_failed(rec, "corpus file");
    }
    if (rec->have_pcap && tpm2l_pcapng_close(&rec->pcap))
        write_failed(rec, "pcapng file");
    rec->have_pcap = 0;
    return rec->write_err;
}

static void rec_close(tpm2l_tcti *t)
{
    tpm2l_tcti_record_finish((tpm2l_tcti_record *)t);
}

static const struct tpm2l_tcti_ops record_ops = {
    .name = "record",
    .transmit = rec_transmit,
    .receive = rec_receive,
    .set_locality = rec_set_locality,
    .cancel = rec_cancel,
    .close = rec_close,
};

static TPM2_RC record_start(tpm2l_tcti_record *rec, tpm2l_tcti *inner, FILE *fp, int own_fp,
                            const tpm2l_record_opts *o)
{
    memset(rec, 0, sizeof *rec);
    rec->base.ops = &record_ops;
    rec->base.timeout_ms = inner->timeout_ms;
    rec->inner = inner;
    rec->fp = fp;
    rec->own_fp = own_fp;
    TPM2_RC rc = write_header(rec, o);
    if (!rc && o->pcapng_path) {
        rc = tpm2l_pcapng_open(&rec->pcap, o->pcapng_path);
        if (rc)
            rc = tpm2l_tcti_error(&rec->base, rc, "tcti(record): cannot create '%s'",
                                  o->pcapng_path);
        else
            rec->have_pcap = 1;
    }
    if (rc) {
        rec->finished = 1;
        if (rec->own_fp)
            fclose(rec->fp);
        rec->fp = NULL;
    }
    return rc;
}

static TPM2_RC check_args(tpm2l_tcti_record *rec, tpm2l_tcti *inner,
                          const tpm2l_record_opts *o)
{
    if (!rec)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    memset(rec, 0, sizeof *rec);
    if (!inner || !inner->ops || !o)
        return tpm2l_tcti_error(&rec->base, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "tcti(record): no inner transport or options");
    if (!scenario_name_ok(o->scenario))
        return tpm2l_tcti_error(&rec->base, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "tcti(record): scenario name must be 1..%u of "
                                "[A-Za-z0-9_.-]",
                                TPM2L_CORPUS_NAME_MAX - 1);
    if (o->seed_len > TPM2L_CORPUS_SEED_MAX || (o->seed_len && !o->seed))
        return tpm2l_tcti_error(&rec->base, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "tcti(record): seed must be 0..%u bytes",
                                TPM2L_CORPUS_SEED_MAX);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_record_open_stream(tpm2l_tcti_record *rec, tpm2l_tcti *inner, FILE *fp,
                                      const tpm2l_record_opts *opts)
{
    TPM2_RC rc = check_args(rec, inner, opts);
    if (rc)
        return rc;
    if (!fp && !opts->pcapng_path)
        return tpm2l_tcti_error(&rec->base, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "tcti(record): neither a corpus file nor a pcapng path");
    return record_start(rec, inner, fp, 0, opts);
}

TPM2_RC tpm2l_tcti_record_open(tpm2l_tcti_record *rec, tpm2l_tcti *inner, const char *path,
                               const tpm2l_record_opts *opts)
{
    TPM2_RC rc = check_args(rec, inner, opts);
    if (rc)
        return rc;
    if (!path)
        return tpm2l_tcti_record_open_stream(rec, inner, NULL, opts);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return tpm2l_tcti_error(&rec->base, TPM2L_RC_TCTI(TPM2L_E_IO),
                                "tcti(record): cannot create '%s'", path);
    return record_start(rec, inner, fp, 1, opts);
}

TPM2_RC tpm2l_tcti_record_comment(tpm2l_tcti_record *rec, const char *s)
{
    if (!rec || !s || strchr(s, '\n') || strncmp(s, "end:", 4) == 0)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    if (rec->finished)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE);
    return text(rec, "# %s\n", s);
}
