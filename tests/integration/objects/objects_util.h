/* objects_util.h - helpers the objects integration tests share, on top of the
 * command harness (tests/integration/command/harness.h). */
#ifndef TPM2LITE_TESTS_INTEGRATION_OBJECTS_UTIL_H
#define TPM2LITE_TESTS_INTEGRATION_OBJECTS_UTIL_H

#include "tests/integration/command/harness.h"

/* call, repeated while the TPM answers TPM_RC_RETRY ("could not start the command"):
 * the reference TPM says so on the first DA-protected authorisation after start-up,
 * while it syncs its lockout state to NV. The executor does not retry. */
#define CHECK_RETRYING(call, want)                                                           \
    do {                                                                                     \
        TPM2_RC rc_;                                                                         \
        int n_ = 0;                                                                          \
        do                                                                                   \
            rc_ = (call);                                                                    \
        while (rc_ == TPM2_RC_RETRY && ++n_ < 10);                                           \
        check(rc_, (want), #call);                                                           \
    } while (0)
#define OK_R(call) CHECK_RETRYING(call, 0)
#define FAILS_WITH_R(call, want) CHECK_RETRYING(call, want)

/* Number of handles the TPM reports from first on (one handle type's range). */
size_t count_handles(TPM2_HANDLE first);
/* No transient object is left loaded: every test flushes what it loads. */
void assert_no_transients(void);

#endif
