/* policy_util.h - what the policy integration tests share, on the command tests'
 * harness (tests/integration/command/harness.h): starting policy and trial sessions,
 * reading PCRs, an OpenSSL signing key loaded into the TPM, and digest checks. */
#ifndef TPM2LITE_TESTS_INTEGRATION_POLICY_UTIL_H
#define TPM2LITE_TESTS_INTEGRATION_POLICY_UTIL_H

#include "tests/integration/command/harness.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"

/* Start a TPM2_SE_TRIAL or TPM2_SE_POLICY session with SHA-256, unsalted, unbound. */
void start_session(TPM2_SE type, tpm2l_session *s);
void end_session(tpm2l_session *s);

/* A tpm2l_policy_session naming s. */
tpm2l_policy_session ps(tpm2l_session *s);

/* The TPM's policyDigest of s (PolicyGetDigest). */
void tpm_digest(tpm2l_session *s, TPM2B_DIGEST *d);
/* PolicyGetDigest == s->policy_digest == want->digest. */
void assert_digests_agree(tpm2l_session *s, const tpm2l_policy *want);
tpm2l_policy calc(void); /* a SHA-256 calculator at zeros */

/* SHA-256 PCRs 0 and 1 (or one PCR), and their current values in that order. */
TPML_PCR_SELECTION pcrs_0_1(void);
void read_pcrs(const TPML_PCR_SELECTION *sel, TPM2B_DIGEST *values, size_t n);

/* An RSA-2048 key made with OpenSSL, its public part loaded with LoadExternal into
 * hierarchy (TPM2_RH_OWNER for real VerifySignature tickets). */
typedef struct {
    void *pkey; /* EVP_PKEY */
    tpm2l_handle h;
} ext_key;
void ext_key_load(ext_key *k, TPMI_RH_HIERARCHY hierarchy);
void ext_key_unload(ext_key *k);
/* RSASSA-PKCS1-v1_5 with SHA-256 over the digest d, as a TPMT_SIGNATURE. */
void ext_key_sign(const ext_key *k, const TPM2B_DIGEST *d, TPMT_SIGNATURE *sig);

/* rc's text (tpm2l_rc_str) contains s. */
void assert_rc_text(TPM2_RC rc, const char *s);

#endif
