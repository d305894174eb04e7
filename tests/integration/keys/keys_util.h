/* keys_util.h - helpers the keys integration tests share, on top of the command
 * harness (tests/integration/command/harness.h) and the objects helpers. */
#ifndef TPM2LITE_TESTS_INTEGRATION_KEYS_UTIL_H
#define TPM2LITE_TESTS_INTEGRATION_KEYS_UTIL_H

#include "tests/integration/objects/objects_util.h"
#include "tpm2lite/keys.h"

#define RC_AUTH_FAIL_S1 (TPM2_RC_AUTH_FAIL | TPM2_RC_S | TPM2_RC_1)

/* The ECC storage primary every test's keys live under (setup / teardown). */
extern tpm2l_CreatePrimary_out primary;
int keys_setup(void **state);
int keys_teardown(void **state);

/* h with password auth (NULL: empty) and h's name. */
tpm2l_auth_handle object_auth(const tpm2l_handle *h, const char *auth);

/* A template: type, SHA-256 name, attrs; RSA 2048 / ECC P-256 / AES-128-CFB /
 * keyedhash HMAC-SHA256 parameters, every scheme NULL except the keyedhash one. */
void key_template(TPMT_PUBLIC *t, TPM2_ALG_ID type, TPMA_OBJECT attrs);

/* Create pub under parent (auth empty) with authValue auth (NULL: empty) and data (the
 * key bits, for symcipher and keyedhash without sensitiveDataOrigin; NULL: none). */
void create_under(const tpm2l_handle *parent, const TPMT_PUBLIC *pub, const char *auth,
                  const uint8_t *data, size_t len, tpm2l_Create_out *out);
/* Load cr under parent (auth empty). */
void load_under(const tpm2l_handle *parent, const tpm2l_Create_out *cr, tpm2l_Load_out *out);
/* Create then Load under primary. */
void create_loaded(const TPMT_PUBLIC *pub, const char *auth, const uint8_t *data, size_t len,
                   tpm2l_Create_out *cr, tpm2l_Load_out *out);

#endif
