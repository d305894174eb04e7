/* verify_int.h - what signature.c and attest_verify.c share (internal). */
#ifndef TPM2LITE_SRC_CRYPTO_VERIFY_INT_H
#define TPM2LITE_SRC_CRYPTO_VERIFY_INT_H

#include "tpm2lite/attest.h"

/* Record check and a detail line in res (may be NULL); return rc. */
TPM2_RC tpm2l_verify_fail(tpm2l_verify_result *res, tpm2l_verify_check check, TPM2_RC rc,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
