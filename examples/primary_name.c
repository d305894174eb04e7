/* primary_name.c - the smallest useful libtpm2lite program, built out of tree:
 *
 *     cc primary_name.c $(pkg-config --cflags --libs tpm2lite) -o primary_name
 *     ./primary_name swtpm:host=127.0.0.1,port=2321     (or TPM2LITE_TCTI, TCTI, ...)
 *
 * It draws 16 random bytes, creates tpm2_createprimary's default ECC P-256 key under
 * the owner hierarchy (empty owner auth), prints its name - which the library has
 * already checked against the public area the TPM returned - and flushes it.
 */
#include <stdio.h>

#include <tpm2lite/tpm2lite.h>

static int fail(const char *what, TPM2_RC rc, const tpm2l_ctx *ctx)
{
    fprintf(stderr, "%s: %s\n", what, tpm2l_rc_str(rc).s);
    if (ctx && tpm2l_ctx_error(ctx)[0])
        fprintf(stderr, "  %s\n", tpm2l_ctx_error(ctx));
    return 1;
}

static void hex(const char *label, const uint8_t *p, size_t n)
{
    printf("%s: ", label);
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    /* Caller-owned storage: the transport and the context (two 4 KiB buffers) live
     * here; the large request/response structs are static to keep the stack small. */
    static tpm2l_tcti_any tcti;
    static tpm2l_ctx ctx;
    static tpm2l_CreatePrimary_in cp_in;
    static tpm2l_CreatePrimary_out cp_out;
    int status = 1;

    TPM2_RC rc = argc > 1 ? tpm2l_tcti_open(&tcti, argv[1]) : tpm2l_tcti_open_env(&tcti);
    if (rc) {
        fprintf(stderr, "%s\n", tcti.base.err[0] ? tcti.base.err : tpm2l_rc_str(rc).s);
        return 1;
    }
    tpm2l_ctx_init(&ctx, &tcti.base);

    tpm2l_GetRandom_in gr_in = {.bytesRequested = 16};
    tpm2l_GetRandom_out gr_out;
    rc = tpm2l_GetRandom(&ctx, &gr_in, &gr_out);
    if (rc) {
        status = fail("GetRandom", rc, &ctx);
        goto out;
    }
    hex("random", gr_out.randomBytes.buffer, gr_out.randomBytes.size);

    tpm2l_auth_handle_set(&cp_in.primaryHandle, TPM2_RH_OWNER, NULL, 0);
    rc = tpm2l_template_primary(&cp_in.inPublic.publicArea, TPM2_ALG_ECC);
    if (!rc)
        rc = tpm2l_CreatePrimary(&ctx, &cp_in, &cp_out);
    if (rc) {
        status = fail("CreatePrimary", rc, &ctx);
        goto out;
    }
    printf("handle: 0x%08x\n", (unsigned)cp_out.objectHandle.handle);
    hex("name", cp_out.name.name, cp_out.name.size);

    tpm2l_FlushContext_in fl = {.flushHandle = cp_out.objectHandle.handle};
    rc = tpm2l_FlushContext(&ctx, &fl);
    status = rc ? fail("FlushContext", rc, &ctx) : 0;
out:
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tcti.base);
    return status;
}
