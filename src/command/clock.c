/* clock.c - Part 3 §29: TPM2_ReadClock.
 *
 * Must never treat the values as trustworthy time: without an audit or attestation
 * they are unauthenticated.
 */
#include "src/command/exec.h"
#include "tpm2lite/marshal.h"

static const tpm2l_cmd_desc readclock_desc = {"ReadClock", TPM2_CC_ReadClock, 0, 0, 0, 0};

TPM2_RC tpm2l_ReadClock(tpm2l_ctx *ctx, tpm2l_ReadClock_out *out)
{
    tpm2l_cmd c;
    tpm2l_cmd_begin(ctx, &c, &readclock_desc);
    TPM2_RC rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPMS_TIME_INFO(&c.r, &out->currentTime);
    return tpm2l_cmd_end(&c);
}
