/* libtpms_none.c - the libtpms transport's entry points in a build without libtpms:
 * each fails with TPM2L_E_NOT_SUPPORTED and says how to get it, so callers link the
 * same way whether or not the build found libtpms. */
#include <string.h>

#include "tpm2lite/tcti.h"

static TPM2_RC not_built(tpm2l_tcti_libtpms *t)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    memset(&t->base, 0, sizeof t->base);
    return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED),
                            "tcti(libtpms): this build has no libtpms (install libtpms-dev "
                            "and rebuild with -Dlibtpms=enabled)");
}

TPM2_RC tpm2l_tcti_libtpms_open(tpm2l_tcti_libtpms *t, const char *dir,
                                tpm2l_libtpms_startup startup)
{
    (void)dir;
    (void)startup;
    return not_built(t);
}

TPM2_RC tpm2l_tcti_libtpms_open_config(tpm2l_tcti_libtpms *t, const tpm2l_tcti_config *cfg)
{
    (void)cfg;
    return not_built(t);
}

TPM2_RC tpm2l_tcti_libtpms_set_physical_presence(tpm2l_tcti_libtpms *t, int asserted)
{
    (void)asserted;
    return not_built(t);
}
