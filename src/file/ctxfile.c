/* ctxfile.c - tpm2-tools context files, plain and ESAPI-wrapped (layout in keyfile.h).
 *
 * The ESAPI layout was confirmed on a file tpm2_createprimary -c (tpm2-tools 5.4,
 * tpm2-tss 3.2.1) wrote against swtpm: header (26 bytes, blob size 1576), u32 0, u16
 * 1240 + TPM blob, u16 0, u32 0x80000000, u16 34 + name, u32 1, u16 282 + public.
 * Must never trust a size field beyond the file or the destination, and never copy
 * ESAPI's session record (it holds the session key in clear).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src/file/der.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/cursor.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/marshal.h"

#define CTX_MAGIC 0xBADCC0DEu
#define CTX_VERSION 1u

static TPM2_RC fail(tpm2l_ctxfile *out, TPM2_RC rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static TPM2_RC fail(tpm2l_ctxfile *out, TPM2_RC rc, const char *fmt, ...)
{
    char why[sizeof out->why];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    memset(out, 0, sizeof *out);
    memcpy(out->why, why, sizeof why);
    return rc;
}

/* The TPM's blob is integrity (a TPM2B_DIGEST, never empty) then the encrypted
 * context (reference implementation, ContextSave): refuse anything that cannot be. */
static int blob_plausible(const TPM2B_CONTEXT_DATA *b)
{
    if (b->size < 2)
        return 0;
    size_t integrity = ((size_t)b->buffer[0] << 8) | b->buffer[1];
    return integrity != 0 && integrity <= sizeof(TPMU_HA) && 2 + integrity < b->size;
}

static TPM2_RC read_record(tpm2l_rcur *r, tpm2l_ctxfile *out)
{
    out->has_record = 1;
    out->esys_handle = tpm2l_rcur_u32(r);
    tpm2l_unmarshal_TPM2B_NAME(r, &out->name);
    out->rsrc_type = tpm2l_rcur_u32(r);
    if (r->err)
        return fail(out, der_parse_rc(r->err), "the ESAPI resource record is cut short");
    TPM2B_NAME want;
    TPM2_RC rc;
    switch (out->rsrc_type) {
    case TPM2L_ESYS_RSRC_NONE:
        break;
    case TPM2L_ESYS_RSRC_KEY:
        tpm2l_unmarshal_TPM2B_PUBLIC(r, &out->pub);
        if (r->err)
            return fail(out, der_parse_rc(r->err), "the public area in the ESAPI record: %s",
                        tpm2l_rc_str(r->err).s);
        rc = tpm2l_name_from_public(&out->pub.publicArea, &want);
        if (rc) /* a nameAlg we cannot hash: the record cannot be checked */
            return fail(out, TPM2L_RC_PARSE(TPM2L_E_BAD_SELECTOR),
                        "the public area's nameAlg 0x%04x is not one we can hash (%s)",
                        (unsigned)out->pub.publicArea.nameAlg, tpm2l_rc_str(rc).s);
        if (!tpm2l_name_equal(&want, &out->name))
            return fail(out, TPM2L_RC_PARSE(TPM2L_E_NAME_MISMATCH),
                        "the ESAPI record's name is not its public area's");
        break;
    case TPM2L_ESYS_RSRC_NV:
        tpm2l_unmarshal_TPM2B_NV_PUBLIC(r, &out->nv_pub);
        if (r->err)
            return fail(out, der_parse_rc(r->err), "the NV public area in the ESAPI record: %s",
                        tpm2l_rc_str(r->err).s);
        rc = tpm2l_name_from_nv_public(&out->nv_pub.nvPublic, &want);
        if (rc)
            return fail(out, TPM2L_RC_PARSE(TPM2L_E_BAD_SELECTOR),
                        "the NV public area's nameAlg 0x%04x is not one we can hash (%s)",
                        (unsigned)out->nv_pub.nvPublic.nameAlg, tpm2l_rc_str(rc).s);
        if (!tpm2l_name_equal(&want, &out->name))
            return fail(out, TPM2L_RC_PARSE(TPM2L_E_NAME_MISMATCH),
                        "the ESAPI record's name is not its NV public area's");
        break;
    case TPM2L_ESYS_RSRC_SESSION:
        /* Not parsed: it holds sessionKey in clear and we want no copy of it. */
        return 0;
    default:
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_BAD_SELECTOR),
                    "unknown ESAPI resource type %u", (unsigned)out->rsrc_type);
    }
    if (tpm2l_rcur_left(r))
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_TRAILING),
                    "%zu bytes after the ESAPI resource record", tpm2l_rcur_left(r));
    return 0;
}

static TPM2_RC read_esapi(tpm2l_rcur *r, tpm2l_ctxfile *out)
{
    out->form = TPM2L_CTXFILE_ESAPI;
    (void)tpm2l_rcur_u32(r); /* reserved, 0 */
    tpm2l_unmarshal_TPM2B_CONTEXT_DATA(r, &out->context.contextBlob);
    if (r->err)
        return fail(out, der_parse_rc(r->err), "the TPM context inside the ESAPI blob: %s",
                    tpm2l_rc_str(r->err).s);
    if (!blob_plausible(&out->context.contextBlob))
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_BAD_VALUE),
                    "the TPM context blob does not start with its integrity digest");
    if (tpm2l_rcur_left(r) == 0)
        return 0; /* no metadata: nothing to offer but the context */
    /* ESAPI writes 0 here and ignores the value when it reads; so do we. */
    (void)tpm2l_rcur_u16(r);
    if (r->err)
        return fail(out, der_parse_rc(r->err), "the ESAPI metadata size is cut short");
    return read_record(r, out);
}

TPM2_RC tpm2l_ctxfile_read(const uint8_t *buf, size_t len, tpm2l_ctxfile *out)
{
    if (!out)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    memset(out, 0, sizeof *out);
    if (!buf && len)
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_BAD_ARG), "no buffer");
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, buf, len);
    uint32_t magic = tpm2l_rcur_u32(&r);
    if (r.err || magic != CTX_MAGIC)
        return fail(out, TPM2L_RC_PARSE(r.err ? TPM2L_E_TRUNCATED : TPM2L_E_BAD_VALUE),
                    "not a context file (no 0xBADCC0DE magic)");
    uint32_t version = tpm2l_rcur_u32(&r);
    if (r.err)
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_TRUNCATED), "the file ends in its header");
    if (version != CTX_VERSION)
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_BAD_VALUE),
                    "version %u context file; this reads version 1%s", (unsigned)version,
                    version == 2 ? " (version 2 is a tpm2-tools session file)" : "");
    out->context.hierarchy = tpm2l_rcur_u32(&r);
    out->context.savedHandle = tpm2l_rcur_u32(&r);
    out->context.sequence = tpm2l_rcur_u64(&r);
    uint16_t blob_len = tpm2l_rcur_u16(&r);
    if (r.err)
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_TRUNCATED), "the file ends in its header");
    tpm2l_rcur blob;
    tpm2l_rcur_sub(&r, blob_len, &blob);
    if (r.err)
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_TRUNCATED),
                    "the %u-byte context blob runs %zu bytes past the end of the file",
                    (unsigned)blob_len, (size_t)blob_len - (len - 26));
    if (tpm2l_rcur_left(&r))
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_TRAILING), "%zu bytes after the context blob",
                    tpm2l_rcur_left(&r));
    if (blob_len >= 4 && memcmp(blob.buf, "\0\0\0\0", 4) == 0)
        return read_esapi(&blob, out);
    out->form = TPM2L_CTXFILE_PLAIN;
    if (blob_len > sizeof out->context.contextBlob.buffer)
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT),
                    "a %u-byte context blob is larger than any TPM's", (unsigned)blob_len);
    tpm2l_rcur_bytes(&blob, out->context.contextBlob.buffer, blob_len);
    out->context.contextBlob.size = blob_len;
    if (!blob_plausible(&out->context.contextBlob))
        return fail(out, TPM2L_RC_PARSE(TPM2L_E_BAD_VALUE),
                    "the context blob does not start with its integrity digest");
    return 0;
}

static void header(tpm2l_wcur *w, const TPMS_CONTEXT *ctx)
{
    tpm2l_wcur_u32(w, CTX_MAGIC);
    tpm2l_wcur_u32(w, CTX_VERSION);
    tpm2l_wcur_u32(w, ctx->hierarchy);
    tpm2l_wcur_u32(w, ctx->savedHandle);
    tpm2l_wcur_u64(w, ctx->sequence);
}

static TPM2_RC finish(tpm2l_wcur *w, size_t *len)
{
    TPM2_RC rc = tpm2l_wcur_finish(w, len);
    if (rc == TPM2L_RC_MARSHAL_INSUFFICIENT)
        return TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT);
    return rc;
}

TPM2_RC tpm2l_ctxfile_write(const TPMS_CONTEXT *ctx, const TPM2B_NAME *name,
                            const TPM2B_PUBLIC *pub, uint8_t *buf, size_t cap, size_t *len)
{
    if (!ctx || !pub || !buf || !len || pub->size == 0 || ctx->contextBlob.size == 0 ||
        ctx->contextBlob.size > sizeof ctx->contextBlob.buffer)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    TPM2B_NAME computed;
    TPM2_RC rc = tpm2l_name_from_public(&pub->publicArea, &computed);
    if (rc)
        return rc;
    if (name && name->size && !tpm2l_name_equal(name, &computed))
        return TPM2L_RC_PARSE(TPM2L_E_NAME_MISMATCH);
    tpm2l_wcur w;
    tpm2l_wcur_init(&w, buf, cap);
    header(&w, ctx);
    size_t at = tpm2l_wcur_size16_begin(&w);
    tpm2l_wcur_u32(&w, 0); /* IESYS_CONTEXT_DATA.reserved */
    tpm2l_marshal_TPM2B_CONTEXT_DATA(&w, &ctx->contextBlob);
    /* IESYS_METADATA.size: ESAPI leaves it 0; writing the same keeps our files
     * byte-identical to tpm2-tools'. */
    tpm2l_wcur_u16(&w, 0);
    tpm2l_wcur_u32(&w, ctx->savedHandle); /* ESAPI records the TPM handle */
    tpm2l_marshal_TPM2B_NAME(&w, &computed);
    tpm2l_wcur_u32(&w, TPM2L_ESYS_RSRC_KEY);
    tpm2l_marshal_TPM2B_PUBLIC(&w, pub);
    tpm2l_wcur_size16_end(&w, at);
    return finish(&w, len);
}

TPM2_RC tpm2l_ctxfile_write_plain(const TPMS_CONTEXT *ctx, uint8_t *buf, size_t cap,
                                  size_t *len)
{
    if (!ctx || !buf || !len || ctx->contextBlob.size == 0 ||
        ctx->contextBlob.size > sizeof ctx->contextBlob.buffer)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    tpm2l_wcur w;
    tpm2l_wcur_init(&w, buf, cap);
    header(&w, ctx);
    tpm2l_marshal_TPM2B_CONTEXT_DATA(&w, &ctx->contextBlob);
    return finish(&w, len);
}
