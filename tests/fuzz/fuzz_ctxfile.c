/* fuzz_ctxfile.c - tpm2-tools context files (keyfile.h, ctxfile.c) in both forms.
 *
 * Beyond "no crash": a plain file must write back to exactly its bytes; a file with a
 * KEY record that reads must write again (ESAPI form, from its context and public
 * area) and read back with the same context and name; any file that reads must write
 * in the plain form and read back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tpm2lite/keyfile.h"

static void bug(const char *what, const char *why)
{
    fprintf(stderr, "fuzz_ctxfile: %s: %s\n", what, why);
    abort();
}

static int same_context(const TPMS_CONTEXT *a, const TPMS_CONTEXT *b)
{
    return a->sequence == b->sequence && a->savedHandle == b->savedHandle &&
           a->hierarchy == b->hierarchy && a->contextBlob.size == b->contextBlob.size &&
           !memcmp(a->contextBlob.buffer, b->contextBlob.buffer, a->contextBlob.size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tpm2l_ctxfile *f = malloc(sizeof *f), *g = malloc(sizeof *g);
    uint8_t *buf = malloc(TPM2L_CTXFILE_MAX);
    if (!f || !g || !buf)
        goto out;
    if (tpm2l_ctxfile_read(data, size, f))
        goto out;
    size_t len = 0;
    if (tpm2l_ctxfile_write_plain(&f->context, buf, TPM2L_CTXFILE_MAX, &len))
        bug("a context that read does not write (plain)", "");
    if (f->form == TPM2L_CTXFILE_PLAIN && (len != size || memcmp(buf, data, size)))
        bug("a plain file does not write back to the same bytes", "");
    if (tpm2l_ctxfile_read(buf, len, g))
        bug("our plain file does not read", g->why);
    if (!same_context(&f->context, &g->context))
        bug("plain round trip changed the context", "");
    if (f->has_record && f->rsrc_type == TPM2L_ESYS_RSRC_KEY && f->pub.size) {
        if (tpm2l_ctxfile_write(&f->context, &f->name, &f->pub, buf, TPM2L_CTXFILE_MAX, &len))
            bug("a KEY record that read does not write", "");
        if (tpm2l_ctxfile_read(buf, len, g))
            bug("our ESAPI file does not read", g->why);
        if (!same_context(&f->context, &g->context) || g->name.size != f->name.size ||
            memcmp(g->name.name, f->name.name, f->name.size))
            bug("ESAPI round trip changed the context or name", "");
    }
out:
    free(f);
    free(g);
    free(buf);
    return 0;
}
