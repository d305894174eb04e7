/* cred_util.h - helpers of the credential, import, NV and DA integration tests, on the
 * command tests' harness and the attest tests' primaries (attest_util.h). */
#ifndef TPM2LITE_TESTS_INTEGRATION_CRED_UTIL_H
#define TPM2LITE_TESTS_INTEGRATION_CRED_UTIL_H

#include "tests/integration/attest/attest_util.h"
#include "tpm2lite/credential.h"
#include "tpm2lite/keys.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"

/* An unsalted, unbound SHA-256 policy session that ends with the command it authorises
 * (continueSession clear); flush it with tpm2l_session_flush whatever happened. */
void start_policy(tpm2l_session *s);
/* PolicySecret(TPM2_RH_ENDORSEMENT) in s: the TCG EK's PolicyA. */
void policy_secret_endorsement(tpm2l_session *s);
/* Fail unless the TPM holds no transient object, no session and no NV index in
 * [first, first + 0x100) (the tests' own range). */
void assert_no_leaks(TPM2_HANDLE nv_first);
/* cmocka teardown: flush every transient object and session a failed test left
 * behind, so one failure does not fill the TPM for the tests after it. */
int cleanup_after(void **state);
/* Fail unless rc is the TPM's rc and its text names want ("TPM_RC_INTEGRITY"). */
void assert_rc_named(TPM2_RC rc, TPM2_RC want, const char *want_name);

#endif
