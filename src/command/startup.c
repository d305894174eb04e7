/* startup.c - Part 3 §9: TPM2_Startup and TPM2_Shutdown.
 *
 * Must never be sent with sessions: neither command takes an authorisation.
 */
#include "src/command/exec.h"

static const tpm2l_cmd_desc startup_desc = {"Startup", TPM2_CC_Startup, 0, 0, 0, 0};
static const tpm2l_cmd_desc shutdown_desc = {"Shutdown", TPM2_CC_Shutdown, 0, 0, 0, 0};

TPM2_RC tpm2l_Startup(tpm2l_ctx *ctx, const tpm2l_Startup_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &startup_desc);
    tpm2l_wcur_u16(tpm2l_cmd_params(&c), in->startupType);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_Shutdown(tpm2l_ctx *ctx, const tpm2l_Shutdown_in *in)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &shutdown_desc);
    tpm2l_wcur_u16(tpm2l_cmd_params(&c), in->shutdownType);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(&c);
}
