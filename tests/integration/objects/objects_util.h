/* objects_util.h - helpers the objects integration tests share, on top of the
 * command harness (tests/integration/command/harness.h). */
#ifndef TPM2LITE_TESTS_INTEGRATION_OBJECTS_UTIL_H
#define TPM2LITE_TESTS_INTEGRATION_OBJECTS_UTIL_H

#include "tests/integration/command/harness.h"

/* Number of handles the TPM reports from first on (one handle type's range). */
size_t count_handles(TPM2_HANDLE first);
/* No transient object is left loaded: every test flushes what it loads. */
void assert_no_transients(void);

#endif
