/* keys.h - using keys: duplication (Duplicate, Rewrap, Import), asymmetric primitives
 * (RSA_Encrypt, RSA_Decrypt, ECDH_KeyGen, ECDH_ZGen), symmetric and hash primitives
 * (EncryptDecrypt2, HMAC, Hash, the hash sequences) and CertifyCreation.
 *
 * Same conventions as command.h: one request and one response struct per Part 3
 * command, fields named as in Part 3, TPM response codes returned unchanged, the
 * detail of a failure in tpm2l_ctx_error(). Outputs that are secrets (a decrypted
 * message, a shared point Z, plaintext, an HMAC key's result) are the caller's to
 * wipe (tpm2l_cleanse). None of these commands returns a public area, so no name is
 * recomputed here; Import's name field is a library addition computed from
 * objectPublic, the name Load will report.
 */
#ifndef TPM2LITE_KEYS_H
#define TPM2LITE_KEYS_H

#include "command.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Part 3 §13 Duplication Commands (src/command/duplication.c) ---- */

/* objectHandle needs the DUP role: always a policy session (Part 3 §13.1), whose
 * policy includes PolicyCommandCode(TPM2_CC_Duplicate). newParentHandle TPM2_RH_NULL
 * gives no outer wrapper. encryptionKeyIn empty with symmetricAlg not NULL: the TPM
 * picks the inner key and returns it in encryptionKeyOut (a secret). */
typedef struct {
    tpm2l_auth_handle objectHandle;
    tpm2l_handle newParentHandle;
    TPM2B_DATA encryptionKeyIn;
    TPMT_SYM_DEF_OBJECT symmetricAlg;
} tpm2l_Duplicate_in;
typedef struct {
    TPM2B_DATA encryptionKeyOut;
    TPM2B_PRIVATE duplicate;
    TPM2B_ENCRYPTED_SECRET outSymSeed;
} tpm2l_Duplicate_out;
TPM2_RC tpm2l_Duplicate(tpm2l_ctx *ctx, const tpm2l_Duplicate_in *in, tpm2l_Duplicate_out *out);

/* name is the duplicated object's name (it keys the outer integrity HMAC). */
typedef struct {
    tpm2l_auth_handle oldParent;
    tpm2l_handle newParent;
    TPM2B_PRIVATE inDuplicate;
    TPM2B_NAME name;
    TPM2B_ENCRYPTED_SECRET inSymSeed;
} tpm2l_Rewrap_in;
typedef struct {
    TPM2B_PRIVATE outDuplicate;
    TPM2B_ENCRYPTED_SECRET outSymSeed;
} tpm2l_Rewrap_out;
TPM2_RC tpm2l_Rewrap(tpm2l_ctx *ctx, const tpm2l_Rewrap_in *in, tpm2l_Rewrap_out *out);

/* outPrivate goes to Load with objectPublic under parentHandle. name is a library
 * addition: the name of objectPublic, computed before anything is sent (a public area
 * that cannot be named is refused without talking to the TPM). */
typedef struct {
    tpm2l_auth_handle parentHandle;
    TPM2B_DATA encryptionKey;
    TPM2B_PUBLIC objectPublic;
    TPM2B_PRIVATE duplicate;
    TPM2B_ENCRYPTED_SECRET inSymSeed;
    TPMT_SYM_DEF_OBJECT symmetricAlg;
} tpm2l_Import_in;
typedef struct {
    TPM2B_PRIVATE outPrivate;
    TPM2B_NAME name; /* library addition */
} tpm2l_Import_out;
TPM2_RC tpm2l_Import(tpm2l_ctx *ctx, const tpm2l_Import_in *in, tpm2l_Import_out *out);

/* ---- Part 3 §14 Asymmetric Primitives (src/command/asym.c) ---- */

/* inScheme TPM2_ALG_NULL: the key's own scheme. label: for OAEP, with its terminating
 * zero byte if the label is a string (Part 1 §B.4: the TPM adds none). */
typedef struct {
    tpm2l_handle keyHandle;
    TPM2B_PUBLIC_KEY_RSA message;
    TPMT_RSA_DECRYPT inScheme;
    TPM2B_DATA label;
} tpm2l_RSA_Encrypt_in;
typedef struct {
    TPM2B_PUBLIC_KEY_RSA outData;
} tpm2l_RSA_Encrypt_out;
TPM2_RC tpm2l_RSA_Encrypt(tpm2l_ctx *ctx, const tpm2l_RSA_Encrypt_in *in,
                          tpm2l_RSA_Encrypt_out *out);

/* message is the plaintext: the caller wipes it. */
typedef struct {
    tpm2l_auth_handle keyHandle;
    TPM2B_PUBLIC_KEY_RSA cipherText;
    TPMT_RSA_DECRYPT inScheme;
    TPM2B_DATA label;
} tpm2l_RSA_Decrypt_in;
typedef struct {
    TPM2B_PUBLIC_KEY_RSA message;
} tpm2l_RSA_Decrypt_out;
TPM2_RC tpm2l_RSA_Decrypt(tpm2l_ctx *ctx, const tpm2l_RSA_Decrypt_in *in,
                          tpm2l_RSA_Decrypt_out *out);

/* An ephemeral key pair on keyHandle's curve: pubPoint is its public point, zPoint the
 * shared point with keyHandle's public key (a secret: wipe it). */
typedef struct {
    tpm2l_handle keyHandle;
} tpm2l_ECDH_KeyGen_in;
typedef struct {
    TPM2B_ECC_POINT zPoint;
    TPM2B_ECC_POINT pubPoint;
} tpm2l_ECDH_KeyGen_out;
TPM2_RC tpm2l_ECDH_KeyGen(tpm2l_ctx *ctx, const tpm2l_ECDH_KeyGen_in *in,
                          tpm2l_ECDH_KeyGen_out *out);

/* outPoint = d_keyHandle * inPoint (a secret: wipe it). */
typedef struct {
    tpm2l_auth_handle keyHandle;
    TPM2B_ECC_POINT inPoint;
} tpm2l_ECDH_ZGen_in;
typedef struct {
    TPM2B_ECC_POINT outPoint;
} tpm2l_ECDH_ZGen_out;
TPM2_RC tpm2l_ECDH_ZGen(tpm2l_ctx *ctx, const tpm2l_ECDH_ZGen_in *in, tpm2l_ECDH_ZGen_out *out);

/* ---- Part 3 §15 Symmetric Primitives, §17 Hash/HMAC/Event Sequences
 * (src/command/sym_hash.c) ---- */

/* Part 3 §15.3. mode TPM2_ALG_NULL: the key's own mode. ivIn must have the cipher's
 * block size for modes with an IV (ECB: empty); ivOut chains the next call. */
typedef struct {
    tpm2l_auth_handle keyHandle;
    TPM2B_MAX_BUFFER inData;
    TPMI_YES_NO decrypt;
    TPMI_ALG_CIPHER_MODE mode;
    TPM2B_IV ivIn;
} tpm2l_EncryptDecrypt2_in;
typedef struct {
    TPM2B_MAX_BUFFER outData;
    TPM2B_IV ivOut;
} tpm2l_EncryptDecrypt2_out;
TPM2_RC tpm2l_EncryptDecrypt2(tpm2l_ctx *ctx, const tpm2l_EncryptDecrypt2_in *in,
                              tpm2l_EncryptDecrypt2_out *out);

/* Part 3 §15.5: handle is a keyedhash HMAC key (sign set). hashAlg TPM2_ALG_NULL: the
 * key's scheme's hash. */
typedef struct {
    tpm2l_auth_handle handle;
    TPM2B_MAX_BUFFER buffer;
    TPMI_ALG_HASH hashAlg;
} tpm2l_HMAC_in;
typedef struct {
    TPM2B_DIGEST outHMAC;
} tpm2l_HMAC_out;
TPM2_RC tpm2l_HMAC(tpm2l_ctx *ctx, const tpm2l_HMAC_in *in, tpm2l_HMAC_out *out);

/* Part 3 §15.4. hierarchy TPM2_RH_NULL: a NULL ticket. Otherwise validation is a
 * hashcheck ticket (for Sign with a restricted key) unless data starts with
 * TPM2_GENERATED_VALUE, when it is a NULL ticket. */
typedef struct {
    TPM2B_MAX_BUFFER data;
    TPMI_ALG_HASH hashAlg;
    TPMI_RH_HIERARCHY hierarchy;
} tpm2l_Hash_in;
typedef struct {
    TPM2B_DIGEST outHash;
    TPMT_TK_HASHCHECK validation;
} tpm2l_Hash_out;
TPM2_RC tpm2l_Hash(tpm2l_ctx *ctx, const tpm2l_Hash_in *in, tpm2l_Hash_out *out);

/* Part 3 §17.3. A sequence object's name is the Empty Buffer (Part 1; nameAlg is
 * TPM2_ALG_NULL), so sequenceHandle.name is left empty. The executor reads an empty
 * name as "unknown" and refuses to compute a cpHash with it, so SequenceUpdate and
 * SequenceComplete can take no HMAC or policy session (not even an extra one):
 * authorise the sequence by password. Sequence objects are DA-exempt: a wrong
 * password is TPM_RC_BAD_AUTH. */
typedef struct {
    TPM2B_AUTH auth;
    TPMI_ALG_HASH hashAlg;
} tpm2l_HashSequenceStart_in;
typedef struct {
    tpm2l_handle sequenceHandle;
} tpm2l_HashSequenceStart_out;
TPM2_RC tpm2l_HashSequenceStart(tpm2l_ctx *ctx, const tpm2l_HashSequenceStart_in *in,
                                tpm2l_HashSequenceStart_out *out);

/* Part 3 §17.4. */
typedef struct {
    tpm2l_auth_handle sequenceHandle;
    TPM2B_MAX_BUFFER buffer;
} tpm2l_SequenceUpdate_in;
TPM2_RC tpm2l_SequenceUpdate(tpm2l_ctx *ctx, const tpm2l_SequenceUpdate_in *in);

/* Part 3 §17.5: the sequence object is flushed by the TPM on success. */
typedef struct {
    tpm2l_auth_handle sequenceHandle;
    TPM2B_MAX_BUFFER buffer;
    TPMI_RH_HIERARCHY hierarchy;
} tpm2l_SequenceComplete_in;
typedef struct {
    TPM2B_DIGEST result;
    TPMT_TK_HASHCHECK validation;
} tpm2l_SequenceComplete_out;
TPM2_RC tpm2l_SequenceComplete(tpm2l_ctx *ctx, const tpm2l_SequenceComplete_in *in,
                               tpm2l_SequenceComplete_out *out);

/* ---- Part 3 §18.3 CertifyCreation (src/command/certify_creation.c) ---- */

/* objectHandle is the object Create / CreatePrimary made, creationHash and
 * creationTicket what that command returned. certifyInfo is kept as received (the
 * signature covers it): check it with tpm2l_attest_verify, type
 * TPM2_ST_ATTEST_CREATION, then attested.creation.objectName / creationHash. */
typedef struct {
    tpm2l_auth_handle signHandle;
    tpm2l_handle objectHandle;
    TPM2B_DATA qualifyingData;
    TPM2B_DIGEST creationHash;
    TPMT_SIG_SCHEME inScheme;
    TPMT_TK_CREATION creationTicket;
} tpm2l_CertifyCreation_in;
typedef struct {
    TPM2B_ATTEST certifyInfo;
    TPMT_SIGNATURE signature;
} tpm2l_CertifyCreation_out;
TPM2_RC tpm2l_CertifyCreation(tpm2l_ctx *ctx, const tpm2l_CertifyCreation_in *in,
                              tpm2l_CertifyCreation_out *out);

#ifdef __cplusplus
}
#endif
#endif
