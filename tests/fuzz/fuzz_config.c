/* fuzz_config.c - the transport configuration-string parser (tpm2l_tcti_config_parse)
 * and its lookups. Opening a transport is not fuzzed here: "cmd:" would run a shell
 * and the others would connect somewhere; fuzz_tcti covers their read paths.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tpm2lite/tcti.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Configuration strings come from the environment: C strings of any length. */
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    tpm2l_tcti_config *cfg = malloc(sizeof *cfg);
    char err[96];
    if (cfg && tpm2l_tcti_config_parse(s, cfg, err, sizeof err) == TPM2_RC_SUCCESS) {
        static const char *const keys[] = {"host", "port", "path", "ctrl", "ctrlport",
                                           "poweron", "dir", "startup", ""};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            (void)tpm2l_tcti_config_get(cfg, keys[i]);
        for (size_t i = 0; i < cfg->n_kv && i < TPM2L_TCTI_KV_MAX; i++)
            if (tpm2l_tcti_config_get(cfg, cfg->kv[i].key) == NULL)
                abort(); /* a key the parser stored must be found again */
    }
    /* A tiny error buffer must be filled without running past it. */
    char tiny[4];
    if (cfg)
        (void)tpm2l_tcti_config_parse(s, cfg, tiny, sizeof tiny);
    free(cfg);
    free(s);
    return 0;
}
