/* attest.h - attestation: the TPM commands that sign (Certify, Quote, GetTime, Sign)
 * and the software checks of what they return (signatures, TPMS_ATTEST, qualified
 * names).
 *
 * The software checks never trust the TPM or the transport: an attestation counts only
 * when its signature verifies under a key the caller already trusts AND every field the
 * caller relies on equals what the caller expected. A failure says which check failed,
 * both as a value (tpm2l_verify_result.failed) and as one line of text.
 */
#ifndef TPM2LITE_ATTEST_H
#define TPM2LITE_ATTEST_H

#include <stddef.h>
#include <stdint.h>

#include "command.h"
#include "crypto.h"
#include "rc.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== TPM commands (src/command/sign_attest.c) ==== */

/* Part 3 §18.2. objectHandle needs the ADMIN role (its authValue unless the object has
 * adminWithPolicy), signHandle the USER role. signHandle TPM2_RH_NULL gives an unsigned
 * attestation (signature.sigAlg TPM2_ALG_NULL). inScheme TPM2_ALG_NULL: the signing
 * key's own scheme (restricted keys always). certifyInfo is kept as received: it is
 * what the signature covers; check it with tpm2l_attest_verify. */
typedef struct {
    tpm2l_auth_handle objectHandle;
    tpm2l_auth_handle signHandle;
    TPM2B_DATA qualifyingData;
    TPMT_SIG_SCHEME inScheme;
} tpm2l_Certify_in;
typedef struct {
    TPM2B_ATTEST certifyInfo;
    TPMT_SIGNATURE signature;
} tpm2l_Certify_out;
TPM2_RC tpm2l_Certify(tpm2l_ctx *ctx, const tpm2l_Certify_in *in, tpm2l_Certify_out *out);

/* Part 3 §18.4. The PCR digest in quoted is H(selected PCR values), with the hash of
 * the signing scheme. */
typedef struct {
    tpm2l_auth_handle signHandle;
    TPM2B_DATA qualifyingData;
    TPMT_SIG_SCHEME inScheme;
    TPML_PCR_SELECTION PCRselect;
} tpm2l_Quote_in;
typedef struct {
    TPM2B_ATTEST quoted;
    TPMT_SIGNATURE signature;
} tpm2l_Quote_out;
TPM2_RC tpm2l_Quote(tpm2l_ctx *ctx, const tpm2l_Quote_in *in, tpm2l_Quote_out *out);

/* Part 3 §18.7. privacyAdminHandle is TPM2_RH_ENDORSEMENT. */
typedef struct {
    tpm2l_auth_handle privacyAdminHandle;
    tpm2l_auth_handle signHandle;
    TPM2B_DATA qualifyingData;
    TPMT_SIG_SCHEME inScheme;
} tpm2l_GetTime_in;
typedef struct {
    TPM2B_ATTEST timeInfo;
    TPMT_SIGNATURE signature;
} tpm2l_GetTime_out;
TPM2_RC tpm2l_GetTime(tpm2l_ctx *ctx, const tpm2l_GetTime_in *in, tpm2l_GetTime_out *out);

/* Part 3 §20.2. A restricted key signs a digest only with a ticket from the TPM's own
 * hashing (Hash / SequenceComplete) proving the data did not start with
 * TPM2_GENERATED_VALUE; an unrestricted key takes the NULL ticket
 * (tpm2l_ticket_hashcheck_null). */
typedef struct {
    tpm2l_auth_handle keyHandle;
    TPM2B_DIGEST digest;
    TPMT_SIG_SCHEME inScheme;
    TPMT_TK_HASHCHECK validation;
} tpm2l_Sign_in;
typedef struct {
    TPMT_SIGNATURE signature;
} tpm2l_Sign_out;
TPM2_RC tpm2l_Sign(tpm2l_ctx *ctx, const tpm2l_Sign_in *in, tpm2l_Sign_out *out);

/* {TPM2_ST_HASHCHECK, TPM2_RH_NULL, empty}: "no ticket" (Part 2 §10.7.6). */
void tpm2l_ticket_hashcheck_null(TPMT_TK_HASHCHECK *t);

/* VerifySignature (Part 3 §20.1) is in policy.h (tpm2l_VerifySignature). */

/* ==== software verification (src/crypto/signature.c, src/crypto/attest_verify.c) ====
 *
 * c may be NULL (fetch per call). Errors, all crypto layer unless noted:
 *   TPM2L_E_BAD_VALUE     a signature that does not verify, a field that differs
 *   TPM2L_E_NAME_MISMATCH a name or qualified name that differs
 *   TPM2L_E_BAD_SELECTOR  a key type, curve, scheme or hash we do not know
 *   TPM2L_E_NOT_SUPPORTED a scheme we know but do not verify (ECDAA, ECSCHNORR, SM2)
 *   TPM2L_E_BAD_ARG       NULL or inconsistent arguments
 *   marshal layer codes   an attestation that does not parse
 * res (may be NULL) receives which check failed and a line of detail. */

typedef enum {
    TPM2L_VERIFY_OK = 0,
    TPM2L_VERIFY_BAD_ARG,        /* the caller's arguments */
    TPM2L_VERIFY_KEY,            /* the public key is unusable (type, size, point) */
    TPM2L_VERIFY_SCHEME,         /* signature scheme/hash not the key's, or unknown */
    TPM2L_VERIFY_SIGNATURE,      /* the signature does not verify */
    TPM2L_VERIFY_PARSE,          /* the attestation does not parse */
    TPM2L_VERIFY_MAGIC,          /* magic is not TPM2_GENERATED_VALUE */
    TPM2L_VERIFY_TYPE,           /* not the expected TPMI_ST_ATTEST */
    TPM2L_VERIFY_EXTRA_DATA,     /* extraData is not the qualifying data sent */
    TPM2L_VERIFY_SIGNER,         /* qualifiedSigner is not the expected signer */
    TPM2L_VERIFY_NAME,           /* certify: the certified object's name */
    TPM2L_VERIFY_QUALIFIED_NAME, /* certify: its qualified name */
    TPM2L_VERIFY_PCR_SELECT,     /* quote: a different PCR selection */
    TPM2L_VERIFY_PCR_DIGEST,     /* quote: the digest of the expected PCR values differs */
} tpm2l_verify_check;

typedef struct {
    tpm2l_verify_check failed;
    char detail[200];
} tpm2l_verify_result;

/* Verify sig over digest (digest_len bytes, the size of the signature's hash) with
 * key's public part. RSA: RSASSA-PKCS1-v1_5 or RSASSA-PSS (any salt length: TPMs
 * differ, some use the digest size, some the largest the key allows);
 * ECC: ECDSA on NIST P-192..P-521 (r, s taken as received, each at most the order's
 * size). Hashes SHA-1, SHA-256, SHA-384, SHA-512. When key has a scheme (restricted
 * signing keys always do), sig must use exactly that scheme and hash
 * (TPM2L_VERIFY_SCHEME): a signature under another scheme is not what the key's owner
 * authorised. */
TPM2_RC tpm2l_signature_verify_digest(tpm2l_crypto *c, const TPMT_PUBLIC *key,
                                      const uint8_t *digest, size_t digest_len,
                                      const TPMT_SIGNATURE *sig, tpm2l_verify_result *res);

/* The same over data, hashed first with the signature's hash. */
TPM2_RC tpm2l_signature_verify(tpm2l_crypto *c, const TPMT_PUBLIC *key, const void *data,
                               size_t len, const TPMT_SIGNATURE *sig, tpm2l_verify_result *res);

/* Part 1 §16 (qualified names): out = nameAlg || H_nameAlg(parent_qn || name), nameAlg
 * being the one name starts with. The qualified name of a hierarchy (the parent of a
 * primary) is its handle: tpm2l_name_from_handle(TPM2_RH_ENDORSEMENT, &qn). */
TPM2_RC tpm2l_qualified_name(tpm2l_crypto *c, const TPM2B_NAME *parent_qn,
                             const TPM2B_NAME *name, TPM2B_NAME *out);

/* What the caller expects to find in an attestation. */
typedef struct {
    TPMI_ST_ATTEST type;             /* required: TPM2_ST_ATTEST_CERTIFY, _QUOTE, ... */
    const TPM2B_DATA *extraData;     /* required: the qualifyingData sent (may be empty,
                                        never NULL: freshness is not optional) */
    const TPM2B_NAME *qualifiedSigner; /* the signer's qualified name; NULL: not checked */
    /* TPM2_ST_ATTEST_CERTIFY */
    const TPM2B_NAME *name;          /* required: the certified object's name */
    const TPM2B_NAME *qualifiedName; /* its qualified name; NULL: not checked */
    /* TPM2_ST_ATTEST_QUOTE: both required. pcrValues: the expected digests concatenated
     * in selection order (bank by bank as listed, ascending PCR index within a bank:
     * the tpm2-tools pcr.dat layout); their count and sizes must match pcrSelect. */
    const TPML_PCR_SELECTION *pcrSelect;
    const uint8_t *pcrValues;
    size_t pcrValues_len;
    /* 0 (the default): the signer must be a restricted signing key. An unrestricted key
     * signs any digest with Sign, including the digest of a forged TPMS_ATTEST that
     * starts with TPM2_GENERATED_VALUE, so its attestations prove nothing (Part 1,
     * restricted signing keys). 1 accepts such a signer anyway. */
    int unrestricted_signer_ok;
} tpm2l_attest_expect;

/* Verify an attestation (Part 2 §10.12.12 TPMS_ATTEST), in this order:
 *   0. signer has sign and restricted set (TPM2L_VERIFY_KEY; see
 *      unrestricted_signer_ok);
 *   1. sig verifies over H_sigHash(attest's bytes as received) with signer
 *      (tpm2l_signature_verify rules); an unsigned (TPM2_ALG_NULL) one never passes;
 *   2. the bytes parse as exactly one TPMS_ATTEST;
 *   3. magic == TPM2_GENERATED_VALUE (the TPM made it, not Sign over chosen data);
 *   4. type == exp->type;
 *   5. extraData == *exp->extraData;
 *   6. qualifiedSigner == *exp->qualifiedSigner (if given);
 *   7. certify: name == *exp->name, qualifiedName == *exp->qualifiedName (if given);
 *      quote: pcrSelect equals exp->pcrSelect (same banks in order, same PCRs) and
 *      pcrDigest == H_sigHash(exp->pcrValues).
 * Other types (creation, time, audit, NV) get checks 1-6; inspect out for the rest.
 * out (may be NULL) receives the parsed attestation, also when a check after 2 fails
 * (so a caller can show what it was), but it is trustworthy only on success. */
TPM2_RC tpm2l_attest_verify(tpm2l_crypto *c, const TPMT_PUBLIC *signer,
                            const TPM2B_ATTEST *attest, const TPMT_SIGNATURE *sig,
                            const tpm2l_attest_expect *exp, TPMS_ATTEST *out,
                            tpm2l_verify_result *res);

/* "signature", "extraData", ... for a check; "?" for an unknown one. */
const char *tpm2l_verify_check_str(tpm2l_verify_check check);

#ifdef __cplusplus
}
#endif
#endif
