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

/* ---- the policy commands (src/command/policy.c, policy_auth.c, policy_sig.c) ----
 *
 * One request and one response struct per Part 3 command, fields as in Part 3. The
 * policy session is named by tpm2l_policy_session: give the session struct
 * (session.h; a TPM2_SE_POLICY or TPM2_SE_TRIAL session) and the wrapper uses its
 * handle, checks the arguments with the calculator above BEFORE sending (so nothing
 * the TPM would refuse, or that would leave the software digest behind, is sent), and
 * after the TPM's success updates s->policy_digest (and, for PolicyAuthValue,
 * PolicyPassword and PolicyRestart, the flags the HMAC code reads). Or give only the
 * handle (session NULL): the command is sent as is and nothing is tracked.
 * A failing command changes neither the TPM's digest nor the software one.
 */

typedef struct {
    struct tpm2l_session *session; /* NULL: use handle, track nothing */
    TPMI_SH_POLICY handle;         /* used only when session is NULL */
} tpm2l_policy_session;

/* Part 3 §23.7. pcrDigest empty: the TPM uses the PCRs' current values, which the
 * library cannot know without reading them, so s->policy_digest is then taken from
 * one PolicyGetDigest right after (the only case where it comes from the TPM). */
typedef struct {
    tpm2l_policy_session policySession;
    TPM2B_DIGEST pcrDigest;
    TPML_PCR_SELECTION pcrs;
} tpm2l_PolicyPCR_in;
TPM2_RC tpm2l_PolicyPCR(tpm2l_ctx *ctx, const tpm2l_PolicyPCR_in *in);

/* Part 3 §23.18 / §23.17. After PolicyPassword the session shows the authValue in
 * clear in the command's hmac field; after PolicyAuthValue it keys the HMAC with it.
 * Each clears the other's flag, as the TPM does. */
typedef struct {
    tpm2l_policy_session policySession;
} tpm2l_PolicyPassword_in;
TPM2_RC tpm2l_PolicyPassword(tpm2l_ctx *ctx, const tpm2l_PolicyPassword_in *in);
typedef struct {
    tpm2l_policy_session policySession;
} tpm2l_PolicyAuthValue_in;
TPM2_RC tpm2l_PolicyAuthValue(tpm2l_ctx *ctx, const tpm2l_PolicyAuthValue_in *in);

/* Part 3 §23.4. authHandle is authorised as any "@" handle (password or session) and
 * its name must be set (tpm2l_auth_handle_set fills it for hierarchies). */
typedef struct {
    tpm2l_auth_handle authHandle;
    tpm2l_policy_session policySession;
    TPM2B_NONCE nonceTPM; /* empty, or the policy session's nonceTPM */
    TPM2B_DIGEST cpHashA;
    TPM2B_NONCE policyRef;
    int32_t expiration;
} tpm2l_PolicySecret_in;
typedef struct {
    TPM2B_TIMEOUT timeout;
    TPMT_TK_AUTH policyTicket;
} tpm2l_PolicySecret_out;
TPM2_RC tpm2l_PolicySecret(tpm2l_ctx *ctx, const tpm2l_PolicySecret_in *in,
                           tpm2l_PolicySecret_out *out);

/* Part 3 §23.3. auth is the authority's signature over tpm2l_policy_signed_ahash();
 * authObject is the loaded verification key with its name (required). */
typedef struct {
    tpm2l_handle authObject;
    tpm2l_policy_session policySession;
    TPM2B_NONCE nonceTPM;
    TPM2B_DIGEST cpHashA;
    TPM2B_NONCE policyRef;
    int32_t expiration;
    TPMT_SIGNATURE auth;
} tpm2l_PolicySigned_in;
typedef struct {
    TPM2B_TIMEOUT timeout;
    TPMT_TK_AUTH policyTicket;
} tpm2l_PolicySigned_out;
TPM2_RC tpm2l_PolicySigned(tpm2l_ctx *ctx, const tpm2l_PolicySigned_in *in,
                           tpm2l_PolicySigned_out *out);

/* Part 3 §23.6: 2..8 branches. */
typedef struct {
    tpm2l_policy_session policySession;
    TPML_DIGEST pHashList;
} tpm2l_PolicyOR_in;
TPM2_RC tpm2l_PolicyOR(tpm2l_ctx *ctx, const tpm2l_PolicyOR_in *in);

/* Part 3 §23.11. */
typedef struct {
    tpm2l_policy_session policySession;
    TPM2_CC code;
} tpm2l_PolicyCommandCode_in;
TPM2_RC tpm2l_PolicyCommandCode(tpm2l_ctx *ctx, const tpm2l_PolicyCommandCode_in *in);

/* Part 3 §23.13 (tpm2l_cp_hash in session.h computes a cpHash). */
typedef struct {
    tpm2l_policy_session policySession;
    TPM2B_DIGEST cpHashA;
} tpm2l_PolicyCpHash_in;
TPM2_RC tpm2l_PolicyCpHash(tpm2l_ctx *ctx, const tpm2l_PolicyCpHash_in *in);

/* Part 3 §23.14: nameHash = H_authHash(names of the authorised command's handles). */
typedef struct {
    tpm2l_policy_session policySession;
    TPM2B_DIGEST nameHash;
} tpm2l_PolicyNameHash_in;
TPM2_RC tpm2l_PolicyNameHash(tpm2l_ctx *ctx, const tpm2l_PolicyNameHash_in *in);

/* Part 3 §23.8. */
typedef struct {
    tpm2l_policy_session policySession;
    TPMA_LOCALITY locality;
} tpm2l_PolicyLocality_in;
TPM2_RC tpm2l_PolicyLocality(tpm2l_ctx *ctx, const tpm2l_PolicyLocality_in *in);

/* Part 3 §23.9. authHandle: the index itself, TPM2_RH_OWNER or TPM2_RH_PLATFORM, as
 * its attributes allow; nvIndex's name is required (it is in the digest; remember it
 * changes on the index's first write). */
typedef struct {
    tpm2l_auth_handle authHandle;
    tpm2l_handle nvIndex;
    tpm2l_policy_session policySession;
    TPM2B_OPERAND operandB;
    uint16_t offset;
    TPM2_EO operation;
} tpm2l_PolicyNV_in;
TPM2_RC tpm2l_PolicyNV(tpm2l_ctx *ctx, const tpm2l_PolicyNV_in *in);

/* Part 3 §23.16. checkTicket comes from tpm2l_VerifySignature over
 * tpm2l_policy_authorize_ahash() with the key named keySign (a trial session ignores
 * it: pass a NULL ticket, tag TPM2_ST_VERIFIED, hierarchy TPM2_RH_NULL). */
typedef struct {
    tpm2l_policy_session policySession;
    TPM2B_DIGEST approvedPolicy;
    TPM2B_NONCE policyRef;
    TPM2B_NAME keySign;
    TPMT_TK_VERIFIED checkTicket;
} tpm2l_PolicyAuthorize_in;
TPM2_RC tpm2l_PolicyAuthorize(tpm2l_ctx *ctx, const tpm2l_PolicyAuthorize_in *in);

/* Part 3 §23.22. nvIndex's name is required. */
typedef struct {
    tpm2l_auth_handle authHandle;
    tpm2l_handle nvIndex;
    tpm2l_policy_session policySession;
} tpm2l_PolicyAuthorizeNV_in;
TPM2_RC tpm2l_PolicyAuthorizeNV(tpm2l_ctx *ctx, const tpm2l_PolicyAuthorizeNV_in *in);

/* Part 3 §23.15. objectName may be empty when includeObject is NO. */
typedef struct {
    tpm2l_policy_session policySession;
    TPM2B_NAME objectName;
    TPM2B_NAME newParentName;
    TPMI_YES_NO includeObject;
} tpm2l_PolicyDuplicationSelect_in;
TPM2_RC tpm2l_PolicyDuplicationSelect(tpm2l_ctx *ctx, const tpm2l_PolicyDuplicationSelect_in *in);

/* Part 3 §23.10: a comparison with TPMS_TIME_INFO at offset. */
typedef struct {
    tpm2l_policy_session policySession;
    TPM2B_OPERAND operandB;
    uint16_t offset;
    TPM2_EO operation;
} tpm2l_PolicyCounterTimer_in;
TPM2_RC tpm2l_PolicyCounterTimer(tpm2l_ctx *ctx, const tpm2l_PolicyCounterTimer_in *in);

/* Part 3 §23.12. */
typedef struct {
    tpm2l_policy_session policySession;
} tpm2l_PolicyPhysicalPresence_in;
TPM2_RC tpm2l_PolicyPhysicalPresence(tpm2l_ctx *ctx, const tpm2l_PolicyPhysicalPresence_in *in);

/* Part 3 §23.20. */
typedef struct {
    tpm2l_policy_session policySession;
    TPMI_YES_NO writtenSet;
} tpm2l_PolicyNvWritten_in;
TPM2_RC tpm2l_PolicyNvWritten(tpm2l_ctx *ctx, const tpm2l_PolicyNvWritten_in *in);

/* Part 3 §23.21: templateHash = H_authHash(the marshalled TPMT_PUBLIC template). */
typedef struct {
    tpm2l_policy_session policySession;
    TPM2B_DIGEST templateHash;
} tpm2l_PolicyTemplate_in;
TPM2_RC tpm2l_PolicyTemplate(tpm2l_ctx *ctx, const tpm2l_PolicyTemplate_in *in);

/* Part 3 §23.19. The TPM's digest; compare it with s->policy_digest as you need. */
typedef struct {
    tpm2l_policy_session policySession;
} tpm2l_PolicyGetDigest_in;
typedef struct {
    TPM2B_DIGEST policyDigest;
} tpm2l_PolicyGetDigest_out;
TPM2_RC tpm2l_PolicyGetDigest(tpm2l_ctx *ctx, const tpm2l_PolicyGetDigest_in *in,
                              tpm2l_PolicyGetDigest_out *out);

/* Part 3 §11.2: back to zeros, flags cleared. */
typedef struct {
    tpm2l_policy_session sessionHandle;
} tpm2l_PolicyRestart_in;
TPM2_RC tpm2l_PolicyRestart(tpm2l_ctx *ctx, const tpm2l_PolicyRestart_in *in);

/* ---- what PolicySigned and PolicyAuthorize need (src/command/policy_sig.c) ---- */

/* Part 3 §12.3. inPrivate.size 0 loads the public part only (the usual case: a
 * verification key). The returned name must be the name of inPublic
 * (TPM2L_E_NAME_MISMATCH). A key in TPM2_RH_NULL gives NULL tickets from
 * VerifySignature, which PolicyAuthorize refuses: use TPM2_RH_OWNER for those. */
typedef struct {
    TPM2B_SENSITIVE inPrivate;
    TPM2B_PUBLIC inPublic;
    TPMI_RH_HIERARCHY hierarchy;
} tpm2l_LoadExternal_in;
typedef struct {
    tpm2l_handle objectHandle; /* with its verified name */
    TPM2B_NAME name;
} tpm2l_LoadExternal_out;
TPM2_RC tpm2l_LoadExternal(tpm2l_ctx *ctx, const tpm2l_LoadExternal_in *in,
                           tpm2l_LoadExternal_out *out);

/* Part 3 §20.1. */
typedef struct {
    tpm2l_handle keyHandle;
    TPM2B_DIGEST digest;
    TPMT_SIGNATURE signature;
} tpm2l_VerifySignature_in;
typedef struct {
    TPMT_TK_VERIFIED validation;
} tpm2l_VerifySignature_out;
TPM2_RC tpm2l_VerifySignature(tpm2l_ctx *ctx, const tpm2l_VerifySignature_in *in,
                              tpm2l_VerifySignature_out *out);

#ifdef __cplusplus
}
#endif
#endif
