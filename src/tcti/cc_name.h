/* cc_name.h - internal: what the corpus code needs to know about each command code. */
#ifndef TPM2LITE_SRC_TCTI_CC_NAME_H
#define TPM2LITE_SRC_TCTI_CC_NAME_H

#include <stdint.h>

/* Number of handles in the command's handle area (Part 3, each command's "Handle"
 * rows; a handle passed as a parameter, like FlushContext's, does not count), or -1
 * for a code Part 2 does not define. */
int tpm2l_cc_handles(uint32_t cc);

#endif
