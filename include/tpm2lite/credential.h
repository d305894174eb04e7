/* credential.h - credentials (MakeCredential / ActivateCredential), importing keys people
 * already have, the NV commands beyond read and write (bits, locks, certification,
 * special deletion), and dictionary-attack control.
 *
 * The software halves (src/crypto/credential_sw.c) build exactly what the TPM builds:
 * a credential for an EK whose private part never leaves its TPM, and the outer
 * wrapper of a duplicate so a key made elsewhere (OpenSSL) can be imported under a
 * TPM storage key. Both follow Part 1 §24 ("Protected storage hierarchy", the
 * integrity and symmetric keys of an outer wrapper) and Part 3 §12.6 / §13.3.
 */
#ifndef TPM2LITE_CREDENTIAL_H
#define TPM2LITE_CREDENTIAL_H

#include <stddef.h>
#include <stdint.h>

#include "command.h"
#include "crypto.h"
#include "rc.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== TPM commands (src/command/credential.c, nv_more.c, da.c) ==== */

/* Part 3 §12.6. handle is a loaded public key (an EK, usually loaded with
 * LoadExternal, or the EK itself); no authorisation. */
typedef struct {
    tpm2l_handle handle;
    TPM2B_DIGEST credential;
    TPM2B_NAME objectName;
} tpm2l_MakeCredential_in;
typedef struct {
    TPM2B_ID_OBJECT credentialBlob;
    TPM2B_ENCRYPTED_SECRET secret;
} tpm2l_MakeCredential_out;
TPM2_RC tpm2l_MakeCredential(tpm2l_ctx *ctx, const tpm2l_MakeCredential_in *in,
                             tpm2l_MakeCredential_out *out);

/* Part 3 §12.5. activateHandle (the object named in the credential) needs the ADMIN
 * role; keyHandle (the EK) the USER role: for a TCG EK a policy session that has run
 * PolicySecret(TPM2_RH_ENDORSEMENT). A blob made for another name, or tampered with,
 * is the TPM's TPM2_RC_INTEGRITY (with parameter number 1). certInfo is the secret:
 * the caller wipes it. */
typedef struct {
    tpm2l_auth_handle activateHandle;
    tpm2l_auth_handle keyHandle;
    TPM2B_ID_OBJECT credentialBlob;
    TPM2B_ENCRYPTED_SECRET secret;
} tpm2l_ActivateCredential_in;
typedef struct {
    TPM2B_DIGEST certInfo;
} tpm2l_ActivateCredential_out;
TPM2_RC tpm2l_ActivateCredential(tpm2l_ctx *ctx, const tpm2l_ActivateCredential_in *in,
                                 tpm2l_ActivateCredential_out *out);

/* Part 3 §31.9. nvIndex needs the ADMIN role, always a policy session for an NV index
 * (the index must have TPMA_NV_POLICY_DELETE, so it was defined by the platform);
 * platform is TPM2_RH_PLATFORM with its USER role (its authValue). */
typedef struct {
    tpm2l_auth_handle nvIndex;
    tpm2l_auth_handle platform;
} tpm2l_NV_UndefineSpaceSpecial_in;
TPM2_RC tpm2l_NV_UndefineSpaceSpecial(tpm2l_ctx *ctx, const tpm2l_NV_UndefineSpaceSpecial_in *in);

/* Part 3 §31.8, a TPM2_NT_BITS index: ORs bits into it. The first one writes it, so
 * the index's name changes (tpm2l_nv_mark_written). */
typedef struct {
    tpm2l_auth_handle authHandle;
    tpm2l_handle nvIndex;
    uint64_t bits;
} tpm2l_NV_SetBits_in;
TPM2_RC tpm2l_NV_SetBits(tpm2l_ctx *ctx, const tpm2l_NV_SetBits_in *in);

/* Part 3 §31.11 / §31.14: until the next TPM Reset or Restart (WRITE_STCLEAR /
 * READ_STCLEAR), or for good once written (WRITEDEFINE). A locked index then refuses
 * writes / reads with TPM2_RC_NV_LOCKED. Locking sets TPMA_NV_WRITELOCKED /
 * TPMA_NV_READLOCKED: the index's name changes again (NV_ReadPublic). */
typedef struct {
    tpm2l_auth_handle authHandle;
    tpm2l_handle nvIndex;
} tpm2l_NV_WriteLock_in;
TPM2_RC tpm2l_NV_WriteLock(tpm2l_ctx *ctx, const tpm2l_NV_WriteLock_in *in);
typedef struct {
    tpm2l_auth_handle authHandle;
    tpm2l_handle nvIndex;
} tpm2l_NV_ReadLock_in;
TPM2_RC tpm2l_NV_ReadLock(tpm2l_ctx *ctx, const tpm2l_NV_ReadLock_in *in);

/* Part 3 §31.16. signHandle signs (USER role; TPM2_RH_NULL: unsigned), authHandle
 * authorises reading the index (as NV_Read). certifyInfo is kept as received; check it
 * with tpm2l_attest_verify (type TPM2_ST_ATTEST_NV) and then out's nv fields. */
typedef struct {
    tpm2l_auth_handle signHandle;
    tpm2l_auth_handle authHandle;
    tpm2l_handle nvIndex;
    TPM2B_DATA qualifyingData;
    TPMT_SIG_SCHEME inScheme;
    uint16_t size;
    uint16_t offset;
} tpm2l_NV_Certify_in;
typedef struct {
    TPM2B_ATTEST certifyInfo;
    TPMT_SIGNATURE signature;
} tpm2l_NV_Certify_out;
TPM2_RC tpm2l_NV_Certify(tpm2l_ctx *ctx, const tpm2l_NV_Certify_in *in, tpm2l_NV_Certify_out *out);

/* Part 3 §25.2 / §25.3. lockHandle is TPM2_RH_LOCKOUT (its authValue: a failed
 * attempt here locks lockout auth out for lockoutRecovery seconds). */
typedef struct {
    tpm2l_auth_handle lockHandle;
} tpm2l_DictionaryAttackLockReset_in;
TPM2_RC tpm2l_DictionaryAttackLockReset(tpm2l_ctx *ctx,
                                        const tpm2l_DictionaryAttackLockReset_in *in);
typedef struct {
    tpm2l_auth_handle lockHandle;
    uint32_t newMaxTries;
    uint32_t newRecoveryTime;
    uint32_t lockoutRecovery;
} tpm2l_DictionaryAttackParameters_in;
TPM2_RC tpm2l_DictionaryAttackParameters(tpm2l_ctx *ctx,
                                         const tpm2l_DictionaryAttackParameters_in *in);

/* ==== software (src/crypto/credential_sw.c) ====
 *
 * Errors are crypto layer: BAD_ARG for NULL, BAD_SELECTOR / NOT_SUPPORTED for a
 * protector whose type, nameAlg or symmetric algorithm we cannot use (the protector
 * must be a storage-style key: RSA or ECC with AES-CFB), INSUFFICIENT when a result
 * does not fit its TPM2B, and the errors of tpm2l_encaps. Every random byte comes from
 * c's source (c may be NULL: OpenSSL's generator). Seeds and derived keys are wiped. */

/* MakeCredential in software (Part 1 §24.6 and Part 3 §12.6): seed =
 * encaps(ekPub, "IDENTITY"); symKey = KDFa(ekPub.nameAlg, seed, "STORAGE", objectName,
 * empty, ekPub's symmetric keyBits); hmacKey = KDFa(nameAlg, seed, "INTEGRITY", empty,
 * empty, digest bits); encIdentity = AES-CFB(symKey, zero IV, marshalled TPM2B_DIGEST
 * credential); credentialBlob = TPM2B(HMAC(hmacKey, encIdentity || objectName)) ||
 * encIdentity. credential must be non-empty and no longer than ekPub's nameAlg digest
 * (the TPM refuses longer ones: TPM2L_E_BAD_ARG); objectName must be a digest name
 * (u16 alg || digest). */
TPM2_RC tpm2l_make_credential(tpm2l_crypto *c, const TPMT_PUBLIC *ekPub,
                              const TPM2B_DIGEST *credential, const TPM2B_NAME *objectName,
                              TPM2B_ID_OBJECT *credentialBlob, TPM2B_ENCRYPTED_SECRET *secret);

/* The outer wrapper of a duplicate for Import (Part 1 §24.5, no inner wrapper):
 * seed = encaps(parentPub, "DUPLICATE"), symKey/hmacKey as above with parentPub's
 * nameAlg and symmetric key size and the name of objectPublic, duplicate =
 * TPM2B(outerHMAC) || AES-CFB(marshalled TPM2B_SENSITIVE). Import it (keys.h
 * tpm2l_Import) with encryptionKey empty and symmetricAlg TPM2_ALG_NULL.
 * objectPublic must not have fixedTPM or fixedParent (the TPM refuses to import
 * those: BAD_ARG here). */
TPM2_RC tpm2l_wrap_for_import(tpm2l_crypto *c, const TPMT_PUBLIC *parentPub,
                              const TPMT_SENSITIVE *sensitive, const TPMT_PUBLIC *objectPublic,
                              TPM2B_PRIVATE *duplicate, TPM2B_ENCRYPTED_SECRET *inSymSeed);

struct evp_pkey_st; /* EVP_PKEY */
/* An OpenSSL key pair (RSA 1024..4096 with a 32-bit exponent; ECC NIST P-256/384/521)
 * as TPM areas for tpm2l_wrap_for_import: pub gets type, parameters and unique from
 * the key (scheme and symmetric NULL, as tpm2l_pubkey_from_evp), nameAlg and
 * objectAttributes as given, empty authPolicy; sens gets the private part (RSA: the
 * prime p, keyBits/16 bytes; ECC: the scalar d, padded to the curve size), auth (may
 * be NULL: empty; at most a nameAlg digest, else BAD_ARG) and an empty seedValue.
 * A key without its private part is BAD_VALUE. sens is a secret: wipe it. */
TPM2_RC tpm2l_key_from_evp(const struct evp_pkey_st *pkey, TPM2_ALG_ID nameAlg,
                           TPMA_OBJECT objectAttributes, const TPM2B_AUTH *auth,
                           TPMT_PUBLIC *pub, TPMT_SENSITIVE *sens);

#ifdef __cplusplus
}
#endif
#endif
