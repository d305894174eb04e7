/* types.h - TPM 2.0 Part 2 constants and structures, with their specification names. */
#ifndef TPM2LITE_TYPES_H
#define TPM2LITE_TYPES_H
#include <stdint.h>
#include "rc.h"
typedef uint32_t TPM2_HANDLE;
#endif
