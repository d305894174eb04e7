/* cli_check.h - the two assertions every CLI test file makes about a tpm2lite run.
 *
 * They fill the run_result named R that the including file defines (static or shared),
 * so a failed check can print what the tool said.
 */
#ifndef TPM2LITE_TESTS_CLI_CHECK_H
#define TPM2LITE_TESTS_CLI_CHECK_H

#include <string.h>

#include "cli_run.h"

/* tpm2lite ARGS must exit 0. */
#define OK(...)                                                                              \
    do {                                                                                     \
        if (run_cli(&R, cli_tcti, __VA_ARGS__, NULL) != 0) {                                 \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("tpm2lite %s failed", #__VA_ARGS__);                                    \
        }                                                                                    \
    } while (0)

/* tpm2lite ARGS must exit with status and say text on stderr. */
#define FAILS(status, text, ...)                                                             \
    do {                                                                                     \
        if (run_cli(&R, cli_tcti, __VA_ARGS__, NULL) != (status) || !strstr(R.err, (text))) { \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("tpm2lite %s: want exit %d saying '%s'", #__VA_ARGS__, (status), (text)); \
        }                                                                                    \
    } while (0)

#endif
