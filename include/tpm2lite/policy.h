/* policy.h - policy digests computed in software (no TPM), and the policy commands.
 *
 * A policy is the digest a TPM accumulates in a policy session, one update per policy
 * command (Part 3 §23): policyDigest_new = H(policyDigest_old || TPM_CC_PolicyX || args).
 * The calculator below makes the same updates in software, so a caller can compute an
 * object's authPolicy without a TPM and can predict what PolicyGetDigest will say.
 * The policy command wrappers (command layer) keep a session's software digest in step
 * with the TPM's through the same functions.
 *
 * Everything here is public data: nothing is secret, nothing allocates, nothing prints.
 * Every function returns TPM2_RC: 0, or a session-layer error (TPM2L_E_BAD_ARG for an
 * argument the TPM would refuse or that could never be satisfied, TPM2L_E_BAD_SELECTOR
 * for an unknown hash). On failure p->digest is unchanged.
 */
#ifndef TPM2LITE_POLICY_H
#define TPM2LITE_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "command.h"
#include "crypto.h"
#include "rc.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the software calculator (src/session/policy_calc.c) ---- */

typedef struct {
    TPMI_ALG_HASH hashAlg; /* the policy session's authHash */
    TPM2B_DIGEST digest;   /* policyDigest: hashAlg's size */
    tpm2l_crypto *crypto;  /* borrowed; NULL fetches the hash per call */
} tpm2l_policy;

/* digest = zeros of hashAlg's size, as a freshly started session (Part 3 §11.1). */
TPM2_RC tpm2l_policy_init(tpm2l_policy *p, TPMI_ALG_HASH hashAlg);
/* PolicyRestart: digest back to zeros. */
void tpm2l_policy_restart(tpm2l_policy *p);

/* PolicyPCR (§23.7): H(old || CC || pcrs || pcrDigest). pcrDigest is what the TPM
 * computes as H_hashAlg(selected PCR values concatenated, bank by bank in the order of
 * pcrs, ascending index within a bank); it must have hashAlg's size. */
TPM2_RC tpm2l_policy_pcr(tpm2l_policy *p, const TPML_PCR_SELECTION *pcrs,
                         const TPM2B_DIGEST *pcrDigest);
/* The same from the PCR values themselves (n of them, in the order above): n must equal
 * the number of PCRs pcrs selects and each value must have its bank's digest size. */
TPM2_RC tpm2l_policy_pcr_values(tpm2l_policy *p, const TPML_PCR_SELECTION *pcrs,
                                const TPM2B_DIGEST *values, size_t n);
/* pcrDigest = H_hashAlg(values[0] || ... || values[n-1]). */
TPM2_RC tpm2l_policy_pcr_digest(tpm2l_crypto *c, TPMI_ALG_HASH hashAlg,
                                const TPM2B_DIGEST *values, size_t n, TPM2B_DIGEST *pcrDigest);

/* PolicyPassword and PolicyAuthValue (§23.18, §23.17) both extend with
 * TPM_CC_PolicyAuthValue: the policy does not say how the authValue is shown. */
TPM2_RC tpm2l_policy_password(tpm2l_policy *p);
TPM2_RC tpm2l_policy_auth_value(tpm2l_policy *p);

/* PolicySecret (§23.4) / PolicySigned (§23.3): H(old || CC || name), then
 * H(that || policyRef) (policyRef NULL = empty; the second step happens anyway).
 * authName: the name of the entity whose authValue is shown (a hierarchy's name is its
 * handle, tpm2l_name_from_handle); keyName: the signing key's name. */
TPM2_RC tpm2l_policy_secret(tpm2l_policy *p, const TPM2B_NAME *authName,
                            const TPM2B_NONCE *policyRef);
TPM2_RC tpm2l_policy_signed(tpm2l_policy *p, const TPM2B_NAME *keyName,
                            const TPM2B_NONCE *policyRef);

/* PolicyOR (§23.6): zeros, then H(zeros || CC || digests concatenated). 2..8 branches,
 * each of hashAlg's size. */
TPM2_RC tpm2l_policy_or(tpm2l_policy *p, const TPML_DIGEST *pHashList);

/* PolicyCommandCode (§23.11): H(old || CC || code). */
TPM2_RC tpm2l_policy_command_code(tpm2l_policy *p, TPM2_CC code);
/* PolicyCpHash (§23.13) / PolicyNameHash (§23.14): H(old || CC || hash); the hash must
 * have hashAlg's size (the TPM refuses any other with TPM_RC_SIZE). */
TPM2_RC tpm2l_policy_cp_hash(tpm2l_policy *p, const TPM2B_DIGEST *cpHashA);
TPM2_RC tpm2l_policy_name_hash(tpm2l_policy *p, const TPM2B_DIGEST *nameHash);
/* PolicyLocality (§23.8): H(old || CC || locality). */
TPM2_RC tpm2l_policy_locality(tpm2l_policy *p, TPMA_LOCALITY locality);
/* PolicyNV (§23.9): args = H(operandB || offset || operation);
 * H(old || CC || args || nvIndexName). */
TPM2_RC tpm2l_policy_nv(tpm2l_policy *p, const TPM2B_OPERAND *operandB, uint16_t offset,
                        TPM2_EO operation, const TPM2B_NAME *nvIndexName);
/* PolicyCounterTimer (§23.10): args as PolicyNV; H(old || CC || args). */
TPM2_RC tpm2l_policy_counter_timer(tpm2l_policy *p, const TPM2B_OPERAND *operandB,
                                   uint16_t offset, TPM2_EO operation);
/* PolicyAuthorize (§23.16): zeros, H(zeros || CC || keySign), then H(that || policyRef).
 * keySign: the name of the key that signs approved policies. */
TPM2_RC tpm2l_policy_authorize(tpm2l_policy *p, const TPM2B_NONCE *policyRef,
                               const TPM2B_NAME *keySign);
/* PolicyAuthorizeNV (§23.22): zeros, then H(zeros || CC || nvIndexName). */
TPM2_RC tpm2l_policy_authorize_nv(tpm2l_policy *p, const TPM2B_NAME *nvIndexName);
/* PolicyDuplicationSelect (§23.15): H(old || CC || [objectName] || newParentName ||
 * includeObject); objectName only when includeObject is YES (it may be NULL otherwise). */
TPM2_RC tpm2l_policy_duplication_select(tpm2l_policy *p, const TPM2B_NAME *objectName,
                                        const TPM2B_NAME *newParentName,
                                        TPMI_YES_NO includeObject);
/* PolicyPhysicalPresence (§23.12): H(old || CC). */
TPM2_RC tpm2l_policy_physical_presence(tpm2l_policy *p);
/* PolicyNvWritten (§23.20): H(old || CC || writtenSet). */
TPM2_RC tpm2l_policy_nv_written(tpm2l_policy *p, TPMI_YES_NO writtenSet);
/* PolicyTemplate (§23.21): H(old || CC || templateHash), templateHash of hashAlg's size. */
TPM2_RC tpm2l_policy_template(tpm2l_policy *p, const TPM2B_DIGEST *templateHash);

/* What an authority signs for PolicySigned (§23.3):
 * aHash = H_hashAlg(nonceTPM || expiration || cpHashA || policyRef), hashAlg being the
 * hash of the signature scheme. Any of the TPM2B arguments may be NULL (empty). */
TPM2_RC tpm2l_policy_signed_ahash(tpm2l_crypto *c, TPMI_ALG_HASH hashAlg,
                                  const TPM2B_NONCE *nonceTPM, int32_t expiration,
                                  const TPM2B_DIGEST *cpHashA, const TPM2B_NONCE *policyRef,
                                  TPM2B_DIGEST *aHash);
/* What an authority signs to approve a policy for PolicyAuthorize (§23.16):
 * aHash = H_hashAlg(approvedPolicy || policyRef), hashAlg = the nameAlg of keySign (the
 * TPM computes the VerifySignature ticket it checks over that digest). */
TPM2_RC tpm2l_policy_authorize_ahash(tpm2l_crypto *c, TPMI_ALG_HASH hashAlg,
                                     const TPM2B_DIGEST *approvedPolicy,
                                     const TPM2B_NONCE *policyRef, TPM2B_DIGEST *aHash);

#ifdef __cplusplus
}
#endif
#endif
