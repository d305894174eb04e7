/* config_util.h - checks the transports' open-from-config functions share (config.c).
 * Each fills t->err with a message naming the key and returns a TPM2L_LAYER_PARSE
 * code; none of them allocates. */
#ifndef TPM2LITE_SRC_TCTI_CONFIG_UTIL_H
#define TPM2LITE_SRC_TCTI_CONFIG_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "tpm2lite/tcti.h"

#define TCTI_PARSE_ERR TPM2L_RC(TPM2L_LAYER_PARSE, TPM2L_E_BAD_CONFIG)

/* Fail on any key of cfg not in the NULL-terminated list known. cfg may be NULL. */
TPM2_RC tcti_config_check_keys(tpm2l_tcti *t, const tpm2l_tcti_config *cfg,
                               const char *const *known);
/* Decimal 1..max, nothing else (no sign, no spaces, no hex). */
TPM2_RC tcti_config_port(tpm2l_tcti *t, const char *key, const char *v, unsigned max,
                         uint16_t *port);
/* 1/yes/true/on or 0/no/false/off. */
TPM2_RC tcti_config_bool(tpm2l_tcti *t, const char *key, const char *v, int *out);
/* Copy a non-empty value that fits dst (cap bytes with the NUL). */
TPM2_RC tcti_config_copy(tpm2l_tcti *t, const char *key, const char *v, char *dst,
                         size_t cap);

#endif
