/* ctxfile.c - tpm2-tools context files (tpm2_createprimary -c and friends).
 *
 * Layout, big-endian: u32 magic 0xBADCC0DE, u32 version 1, u32 hierarchy,
 * u32 savedHandle, u64 sequence, u16 size, then size bytes of blob. tpm2lite writes the
 * TPM's own context blob there. tpm2-tools 5.x writes ESAPI's wrapping of it instead:
 * u32 0, TPM2B_CONTEXT_DATA (the TPM's blob), u16 metadata size, then ESAPI's resource
 * record (u32 handle, TPM2B_NAME, u32 type, ...). Both are read; a TPM blob never
 * starts with four zero bytes (it starts with the integrity digest's non-zero size),
 * which tells them apart.
 *
 * Must never trust a size field beyond the file or the destination.
 */
#include <string.h>

#include "tools/tpm2lite/cli.h"
#include "tpm2lite/cursor.h"

#define CTX_MAGIC 0xBADCC0DEu
#define CTX_VERSION 1u
#define HEADER_LEN (4 + 4 + 4 + 4 + 8 + 2)

int cli_ctxfile_write(const cli *c, const char *path, const TPMS_CONTEXT *ctx)
{
    static uint8_t buf[HEADER_LEN + sizeof ctx->contextBlob.buffer];
    tpm2l_wcur w;
    size_t len;
    tpm2l_wcur_init(&w, buf, sizeof buf);
    tpm2l_wcur_u32(&w, CTX_MAGIC);
    tpm2l_wcur_u32(&w, CTX_VERSION);
    tpm2l_wcur_u32(&w, ctx->hierarchy);
    tpm2l_wcur_u32(&w, ctx->savedHandle);
    tpm2l_wcur_u64(&w, ctx->sequence);
    tpm2l_wcur_u16(&w, ctx->contextBlob.size);
    tpm2l_wcur_bytes(&w, ctx->contextBlob.buffer, ctx->contextBlob.size);
    TPM2_RC rc = tpm2l_wcur_finish(&w, &len);
    if (rc)
        return cli_fail(c, rc, "writing the context file");
    return cli_write_file(c, path, buf, len);
}

/* The TPM's blob out of ESAPI's wrapping, and the name ESAPI kept with it. */
static int unwrap_esapi(const cli *c, const char *path, tpm2l_rcur *r, TPMS_CONTEXT *ctx,
                        TPM2B_NAME *name)
{
    (void)tpm2l_rcur_u32(r); /* reserved, 0 */
    ctx->contextBlob.size =
        tpm2l_rcur_sized16(r, ctx->contextBlob.buffer, sizeof ctx->contextBlob.buffer);
    (void)tpm2l_rcur_u16(r); /* metadata size: ESAPI writes 0 whatever follows */
    if (r->err)
        return cli_error(c, "'%s': the tpm2-tools context blob is malformed", path);
    if (tpm2l_rcur_left(r) < 4)
        return CLI_OK; /* no resource record: no name to offer */
    (void)tpm2l_rcur_u32(r); /* the ESAPI handle, meaningless outside that process */
    name->size = tpm2l_rcur_sized16(r, name->name, sizeof name->name);
    if (r->err) {
        memset(name, 0, sizeof *name);
        return cli_error(c, "'%s': the name in the tpm2-tools context blob is malformed", path);
    }
    return CLI_OK;
}

int cli_ctxfile_read(const cli *c, const char *path, TPMS_CONTEXT *ctx, TPM2B_NAME *name)
{
    static uint8_t buf[HEADER_LEN + 0xFFFF];
    size_t n;
    memset(ctx, 0, sizeof *ctx);
    memset(name, 0, sizeof *name);
    if (cli_read_file(c, path, buf, sizeof buf, &n))
        return CLI_FAIL;
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, buf, n);
    uint32_t magic = tpm2l_rcur_u32(&r);
    uint32_t version = tpm2l_rcur_u32(&r);
    if (r.err || magic != CTX_MAGIC)
        return cli_error(c, "'%s' is not a context file (no 0xBADCC0DE magic)", path);
    if (version != CTX_VERSION)
        return cli_error(c, "'%s' is a version %u context file; this reads version 1%s", path,
                         (unsigned)version,
                         version == 2 ? " (version 2 is a tpm2-tools session file)" : "");
    ctx->hierarchy = tpm2l_rcur_u32(&r);
    ctx->savedHandle = tpm2l_rcur_u32(&r);
    ctx->sequence = tpm2l_rcur_u64(&r);
    uint16_t blob_len = tpm2l_rcur_u16(&r);
    tpm2l_rcur blob;
    tpm2l_rcur_sub(&r, blob_len, &blob);
    if (r.err)
        return cli_error(c, "'%s' ends inside its context blob", path);
    if (tpm2l_rcur_left(&r))
        return cli_error(c, "'%s' has %zu bytes after its context blob", path,
                         tpm2l_rcur_left(&r));
    if (blob_len >= 4 && memcmp(blob.buf, "\0\0\0\0", 4) == 0)
        return unwrap_esapi(c, path, &blob, ctx, name);
    if (blob_len > sizeof ctx->contextBlob.buffer)
        return cli_error(c, "'%s': a %u-byte context blob is larger than any TPM's", path,
                         (unsigned)blob_len);
    tpm2l_rcur_bytes(&blob, ctx->contextBlob.buffer, blob_len);
    ctx->contextBlob.size = blob_len;
    return CLI_OK;
}
