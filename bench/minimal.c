/* minimal.c - the smallest realistic static link, to measure the library's footprint
 * with --gc-sections: device transport, a salted HMAC session, GetRandom, PCR_Read,
 * CreatePrimary and FlushContext. bench/run.sh links it against libtpm2lite.a built
 * with -ffunction-sections and reports its .text; it is also runnable (-T not needed:
 * argv[1] is the device path).
 */
#include <stdio.h>

#include <tpm2lite/tpm2lite.h>
#include <tpm2lite/tcti_impl.h>

int main(int argc, char **argv)
{
    static tpm2l_tcti_device dev;
    static tpm2l_ctx ctx;
    static tpm2l_CreatePrimary_in cp_in;
    static tpm2l_CreatePrimary_out cp_out;
    static tpm2l_session s;
    static tpm2l_PCR_Read_in pr_in;
    static tpm2l_PCR_Read_out pr_out;
    TPM2_RC rc = tpm2l_tcti_device_open(&dev, argc > 1 ? argv[1] : "/dev/tpmrm0");
    if (rc)
        return 1;
    tpm2l_ctx_init(&ctx, &dev.base);
    tpm2l_auth_handle_set(&cp_in.primaryHandle, TPM2_RH_OWNER, NULL, 0);
    rc = tpm2l_template_primary(&cp_in.inPublic.publicArea, TPM2_ALG_ECC);
    if (!rc)
        rc = tpm2l_CreatePrimary(&ctx, &cp_in, &cp_out);
    if (!rc) {
        tpm2l_session_params p = {
            .sessionType = TPM2_SE_HMAC,
            .authHash = TPM2_ALG_SHA256,
            .symmetric = {.algorithm = TPM2_ALG_AES, .keyBits.aes = 128, .mode.aes = TPM2_ALG_CFB},
            .tpmKey = &cp_out.objectHandle,
            .attrs = TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_ENCRYPT,
        };
        rc = tpm2l_session_start(&ctx, &s, &p);
    }
    if (!rc) {
        tpm2l_GetRandom_in in = {.bytesRequested = 16};
        tpm2l_GetRandom_out out;
        tpm2l_ctx_next_sessions(&ctx, &s, NULL);
        rc = tpm2l_GetRandom(&ctx, &in, &out);
    }
    if (!rc) {
        pr_in.pcrSelectionIn.count = 1;
        pr_in.pcrSelectionIn.pcrSelections[0].hash = TPM2_ALG_SHA256;
        pr_in.pcrSelectionIn.pcrSelections[0].sizeofSelect = 3;
        pr_in.pcrSelectionIn.pcrSelections[0].pcrSelect[0] = 1;
        rc = tpm2l_PCR_Read(&ctx, &pr_in, &pr_out);
    }
    tpm2l_session_flush(&ctx, &s);
    tpm2l_FlushContext_in fl = {.flushHandle = cp_out.objectHandle.handle};
    if (cp_out.objectHandle.handle)
        tpm2l_FlushContext(&ctx, &fl);
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&dev.base);
    if (rc)
        fprintf(stderr, "%s\n", tpm2l_rc_str(rc).s);
    return rc ? 1 : 0;
}
