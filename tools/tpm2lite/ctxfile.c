/* ctxfile.c - tpm2-tools context files for the CLI: file I/O around the library's
 * codec (src/file/ctxfile.c), which reads both the plain layout and the ESAPI-wrapped
 * one tpm2-tools 5.x writes, and writes the ESAPI one so tpm2-tools reads our files.
 *
 * Must never trust a size field beyond the file or the destination (the codec checks).
 */
#include <string.h>

#include "tools/tpm2lite/cli.h"
#include "tpm2lite/keyfile.h"

int cli_ctxfile_write(const cli *c, const char *path, const TPMS_CONTEXT *ctx,
                      const TPM2B_NAME *name, const TPM2B_PUBLIC *pub)
{
    static uint8_t buf[TPM2L_CTXFILE_MAX];
    size_t len;
    TPM2_RC rc = tpm2l_ctxfile_write(ctx, name, pub, buf, sizeof buf, &len);
    if (rc)
        return cli_fail(c, rc, "writing the context file");
    return cli_write_file(c, path, buf, len);
}

int cli_ctxfile_read(const cli *c, const char *path, TPMS_CONTEXT *ctx, TPM2B_NAME *name)
{
    static uint8_t buf[TPM2L_CTXFILE_MAX + 1];
    static tpm2l_ctxfile f;
    size_t n;
    memset(ctx, 0, sizeof *ctx);
    memset(name, 0, sizeof *name);
    if (cli_read_file(c, path, buf, sizeof buf, &n))
        return CLI_FAIL;
    TPM2_RC rc = tpm2l_ctxfile_read(buf, n, &f);
    if (rc)
        return cli_error(c, "'%s': %s", path, f.why[0] ? f.why : tpm2l_rc_str(rc).s);
    *ctx = f.context;
    *name = f.name; /* empty for the plain form, which carries no name */
    return CLI_OK;
}
