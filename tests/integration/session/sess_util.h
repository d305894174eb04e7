/* sess_util.h - what the session integration tests share, on the command harness. */
#ifndef TPM2LITE_TESTS_INTEGRATION_SESSION_UTIL_H
#define TPM2LITE_TESTS_INTEGRATION_SESSION_UTIL_H

#include "tests/integration/command/harness.h"
#include "tpm2lite/session.h"

/* TPMT_SYM_DEF helpers. */
TPMT_SYM_DEF sym_aes(uint16_t bits);
TPMT_SYM_DEF sym_xor(TPMI_ALG_HASH hash);
TPMT_SYM_DEF sym_null(void);

/* Start s: type HMAC unless told, authHash, symmetric, salt key (NULL) and bind
 * (NULL), attrs. Fails the test on error. */
void start_session(tpm2l_session *s, TPM2_SE type, TPMI_ALG_HASH hash, TPMT_SYM_DEF sym,
                   const tpm2l_handle *salt_key, const tpm2l_auth_handle *bind,
                   TPMA_SESSION attrs);

/* Number of loaded sessions (HMAC + policy) the TPM reports. */
size_t count_loaded_sessions(void);
/* Fail unless no session and no transient object is loaded. */
void assert_nothing_loaded(void);

/* The salt keys (primaries under the owner, empty auth), made once per TPM. */
extern tpm2l_CreatePrimary_out rsa_key, ecc_key;
void make_salt_keys(void);
void flush_salt_keys(void);
/* Teardown: flush transient objects a failed test left (not the salt keys). */
void flush_stray_objects(void);

/* Set the owner hierarchy's auth from old to new (password session); NULL = empty. */
void owner_auth_reset(const char *old_auth);

#endif
