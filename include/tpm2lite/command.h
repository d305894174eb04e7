/* command.h - the context and the typed TPM 2.0 commands.
 *
 * A tpm2l_ctx is caller-allocated (stack or static) and holds everything one command
 * exchange needs: the transport, the command and response buffers, the cryptographic
 * state (fetched hash methods, the random source) and the detail text of the last
 * failure. One context serves one thread at a time; nothing on the command path
 * allocates.
 *
 * Each Part 3 command is one function, spelled as in Part 3, with one request and one
 * response struct whose fields are named as in Part 3:
 *     TPM2_RC tpm2l_CreatePrimary(tpm2l_ctx *, const tpm2l_CreatePrimary_in *,
 *                                 tpm2l_CreatePrimary_out *);
 * A command without inputs or outputs omits that struct. Handles travel with their
 * names (tpm2l_handle) and, where Part 3 marks them "@", with their authorisation
 * (tpm2l_auth_handle). Every function returns TPM2_RC: the TPM's own response code
 * unchanged, or a library code (rc.h); on any failure tpm2l_ctx_error() says which
 * command failed and why. On failure the out struct's contents are unspecified.
 *
 * Names the TPM returns are recomputed from the public area it returns and compared;
 * a difference is TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_NAME_MISMATCH).
 */
#ifndef TPM2LITE_COMMAND_H
#define TPM2LITE_COMMAND_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "rc.h"
#include "tcti.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TPM2L_RC_COMMAND(reason) TPM2L_RC(TPM2L_LAYER_COMMAND, (reason))

/* ---- handles ---- */

struct tpm2l_session; /* session.h: HMAC, policy and trial sessions */

/* A handle with its name (Part 1, Names): nameAlg || H(public area) for objects and NV
 * indices, the 4-byte handle for PCRs, permanent handles and sessions. An empty name
 * means "not known". */
typedef struct {
    TPM2_HANDLE handle;
    TPM2B_NAME name;
} tpm2l_handle;

/* A handle Part 3 marks "@": it needs an authorisation. session NULL = a password
 * session (TPM2_RS_PW) carrying auth in clear. The caller owns auth and wipes it. */
typedef struct {
    TPM2_HANDLE handle;
    TPM2B_NAME name;
    TPM2B_AUTH auth;
    struct tpm2l_session *session;
} tpm2l_auth_handle;

/* h with its name: filled in when h is its own name (PCR, permanent, session), left
 * empty otherwise (objects, NV indices: use ReadPublic or the name you stored). */
void tpm2l_handle_set(tpm2l_handle *h, TPM2_HANDLE handle);
/* The same for an authorised handle with password auth (len bytes, at most
 * sizeof(TPM2B_AUTH.buffer): TPM2L_E_BAD_ARG otherwise) and no session. */
TPM2_RC tpm2l_auth_handle_set(tpm2l_auth_handle *ah, TPM2_HANDLE handle, const void *auth,
                              size_t len);

/* ---- the context ----
 *
 * Threads: a context, its transport and the sessions used through it belong to one
 * thread at a time (no locks inside); separate contexts on separate transports run in
 * parallel with no shared state (the library has no writable globals). libtpms
 * in-process is the exception: it is one TPM per process (TPM2L_E_IN_USE for a
 * second open), so give it one context and use that from one thread at a time.
 *
 * Secrets: what the library wipes, and what stays the caller's to wipe
 * (tests/integration/secrets checks all of this after success and each failure):
 *   - ctx->cmd is wiped as soon as the command has been sent, and when it fails to be
 *     built or sent: passwords, new authValues, sealed data, NV data and any parameter
 *     no session encrypted do not outlive the exchange. (To see what crossed the wire,
 *     a test wraps the transport: tests/integration/secrets/wire_tap.h.)
 *   - ctx->rsp is wiped once the response has been read into the out struct, and on
 *     every failure: TPM error, malformed response, response HMAC that does not verify,
 *     transport error (all 4 KiB then: a transport may fill it before failing).
 *   - session keys, HMAC keys and pads, KDF outputs, salts, CFB keys and IVs live on
 *     the library's stack and are wiped before the call returns; OpenSSL's digest state
 *     is reset (and so cleared) before an EVP_MD_CTX is parked in ctx->crypto.
 *   - tpm2l_ctx_close() wipes both buffers again.
 * The caller wipes (tpm2l_cleanse): the auth of every tpm2l_auth_handle it filled; in
 * structs holding secrets (inSensitive, newAuth, NV_DefineSpace auth, NV_Write data,
 * MakeCredential credential, Import/Duplicate keys); out structs that return secrets
 * (Unseal outData, NV_Read data, ActivateCredential certInfo, GetRandom bytes used as
 * keys, Duplicate/Create private parts if it treats them as such); sessions, with
 * tpm2l_session_flush() or tpm2l_session_wipe() (session.h). Transports that copy
 * traffic keep it by design: "record:" writes every byte to its file.
 */

typedef struct tpm2l_ctx {
    tpm2l_tcti *tcti;     /* borrowed: the caller opens and closes the transport */
    tpm2l_crypto crypto;  /* hash method cache and random source */
    size_t cmd_len;       /* bytes of the last command built */
    size_t rsp_len;       /* bytes of the last response received (wiped after use) */
    char err[256];        /* detail of the last failure, "" after a success */
    uint8_t cmd[TPM2L_MAX_MESSAGE];
    uint8_t rsp[TPM2L_MAX_MESSAGE];
    /* session.h tpm2l_ctx_next_sessions(): borrowed, for the next command only */
    struct tpm2l_session *next_sessions[2];
} tpm2l_ctx;

/* Prepare ctx to talk through tcti (not NULL). Never fails for valid arguments. */
TPM2_RC tpm2l_ctx_init(tpm2l_ctx *ctx, tpm2l_tcti *tcti);
/* Wipe both buffers and release cached crypto state. Does not close the transport. */
void tpm2l_ctx_close(tpm2l_ctx *ctx);
/* One line about the last failed call made with ctx ("GetRandom: tcti(swtpm):
 * connection refused on 127.0.0.1:2321"), or "" if the last call succeeded. */
const char *tpm2l_ctx_error(const tpm2l_ctx *ctx);
/* Use fn(arg, out, n) for every random byte the library draws through ctx (nonces,
 * salts); fn NULL restores OpenSSL's generator. */
void tpm2l_ctx_set_rng(tpm2l_ctx *ctx, tpm2l_rng_fn fn, void *arg);
/* n random bytes from ctx's source. */
TPM2_RC tpm2l_random(tpm2l_ctx *ctx, uint8_t *out, size_t n);

/* ---- Part 3 §9 Start-up ---- */

typedef struct {
    TPM2_SU startupType;
} tpm2l_Startup_in;
TPM2_RC tpm2l_Startup(tpm2l_ctx *ctx, const tpm2l_Startup_in *in);

typedef struct {
    TPM2_SU shutdownType;
} tpm2l_Shutdown_in;
TPM2_RC tpm2l_Shutdown(tpm2l_ctx *ctx, const tpm2l_Shutdown_in *in);

/* ---- Part 3 §10 Testing ---- */

typedef struct {
    TPMI_YES_NO fullTest;
} tpm2l_SelfTest_in;
TPM2_RC tpm2l_SelfTest(tpm2l_ctx *ctx, const tpm2l_SelfTest_in *in);

typedef struct {
    TPM2B_MAX_BUFFER outData;
    TPM2_RC testResult;
} tpm2l_GetTestResult_out;
TPM2_RC tpm2l_GetTestResult(tpm2l_ctx *ctx, tpm2l_GetTestResult_out *out);

/* Succeeds if the TPM supports parameters; the TPM's "no" is its response code. */
typedef struct {
    TPMT_PUBLIC_PARMS parameters;
} tpm2l_TestParms_in;
TPM2_RC tpm2l_TestParms(tpm2l_ctx *ctx, const tpm2l_TestParms_in *in);

/* ---- Part 3 §12 Object Commands ---- */

/* objectHandle.name, if not empty, is the name the caller expects: a different one
 * from the TPM is TPM2L_E_NAME_MISMATCH. name is always checked against outPublic. */
typedef struct {
    tpm2l_handle objectHandle;
} tpm2l_ReadPublic_in;
typedef struct {
    TPM2B_PUBLIC outPublic;
    TPM2B_NAME name;
    TPM2B_NAME qualifiedName;
} tpm2l_ReadPublic_out;
TPM2_RC tpm2l_ReadPublic(tpm2l_ctx *ctx, const tpm2l_ReadPublic_in *in, tpm2l_ReadPublic_out *out);

/* ---- Part 3 §16 Random Number Generator ---- */

typedef struct {
    uint16_t bytesRequested;
} tpm2l_GetRandom_in;
typedef struct {
    TPM2B_DIGEST randomBytes; /* may be shorter than requested: the TPM caps it */
} tpm2l_GetRandom_out;
TPM2_RC tpm2l_GetRandom(tpm2l_ctx *ctx, const tpm2l_GetRandom_in *in, tpm2l_GetRandom_out *out);

typedef struct {
    TPM2B_SENSITIVE_DATA inData;
} tpm2l_StirRandom_in;
TPM2_RC tpm2l_StirRandom(tpm2l_ctx *ctx, const tpm2l_StirRandom_in *in);

/* ---- Part 3 §22 Integrity Collection (PCR) ---- */

typedef struct {
    tpm2l_auth_handle pcrHandle;
    TPML_DIGEST_VALUES digests;
} tpm2l_PCR_Extend_in;
TPM2_RC tpm2l_PCR_Extend(tpm2l_ctx *ctx, const tpm2l_PCR_Extend_in *in);

typedef struct {
    TPML_PCR_SELECTION pcrSelectionIn;
} tpm2l_PCR_Read_in;
typedef struct {
    uint32_t pcrUpdateCounter;
    TPML_PCR_SELECTION pcrSelectionOut; /* what pcrValues holds: may be less than asked */
    TPML_DIGEST pcrValues;
} tpm2l_PCR_Read_out;
TPM2_RC tpm2l_PCR_Read(tpm2l_ctx *ctx, const tpm2l_PCR_Read_in *in, tpm2l_PCR_Read_out *out);

typedef struct {
    tpm2l_auth_handle pcrHandle;
} tpm2l_PCR_Reset_in;
TPM2_RC tpm2l_PCR_Reset(tpm2l_ctx *ctx, const tpm2l_PCR_Reset_in *in);

/* ---- Part 3 §24 Hierarchy Commands ---- */

typedef struct {
    tpm2l_auth_handle primaryHandle;
    TPM2B_SENSITIVE_CREATE inSensitive;
    TPM2B_PUBLIC inPublic;
    TPM2B_DATA outsideInfo;
    TPML_PCR_SELECTION creationPCR;
} tpm2l_CreatePrimary_in;
typedef struct {
    tpm2l_handle objectHandle; /* with name, checked against outPublic */
    TPM2B_PUBLIC outPublic;
    TPM2B_CREATION_DATA creationData;
    TPM2B_DIGEST creationHash;
    TPMT_TK_CREATION creationTicket;
    TPM2B_NAME name;
} tpm2l_CreatePrimary_out;
TPM2_RC tpm2l_CreatePrimary(tpm2l_ctx *ctx, const tpm2l_CreatePrimary_in *in,
                            tpm2l_CreatePrimary_out *out);

typedef struct {
    tpm2l_auth_handle authHandle; /* TPM2_RH_LOCKOUT or TPM2_RH_PLATFORM */
} tpm2l_Clear_in;
TPM2_RC tpm2l_Clear(tpm2l_ctx *ctx, const tpm2l_Clear_in *in);

typedef struct {
    tpm2l_auth_handle auth; /* TPM2_RH_LOCKOUT or TPM2_RH_PLATFORM */
    TPMI_YES_NO disable;
} tpm2l_ClearControl_in;
TPM2_RC tpm2l_ClearControl(tpm2l_ctx *ctx, const tpm2l_ClearControl_in *in);

/* On success the hierarchy's authValue is newAuth: put it into your auth handle. */
typedef struct {
    tpm2l_auth_handle authHandle;
    TPM2B_AUTH newAuth;
} tpm2l_HierarchyChangeAuth_in;
TPM2_RC tpm2l_HierarchyChangeAuth(tpm2l_ctx *ctx, const tpm2l_HierarchyChangeAuth_in *in);

/* The tpm2_createprimary default templates, so a key made here is the key tpm2-tools
 * makes: nameAlg SHA-256, attributes 0x00030072 (fixedTPM, fixedParent,
 * sensitiveDataOrigin, userWithAuth, restricted, decrypt), AES-128-CFB, scheme NULL,
 * empty authPolicy and unique. type TPM2_ALG_RSA: 2048 bits, exponent 0 (65537);
 * TPM2_ALG_ECC: NIST P-256, kdf NULL. Another type is TPM2L_E_BAD_ARG. */
TPM2_RC tpm2l_template_primary(TPMT_PUBLIC *out, TPM2_ALG_ID type);

/* ---- Part 3 §28 Context Management ---- */

typedef struct {
    tpm2l_handle saveHandle;
} tpm2l_ContextSave_in;
typedef struct {
    TPMS_CONTEXT context;
} tpm2l_ContextSave_out;
TPM2_RC tpm2l_ContextSave(tpm2l_ctx *ctx, const tpm2l_ContextSave_in *in,
                          tpm2l_ContextSave_out *out);

/* name is a library addition: the saved entity's name (the TPM returns none), carried
 * into loadedHandle.name unchecked; ReadPublic with it as the expected name verifies
 * it. Leave it empty if unknown. Sessions are named by their handle regardless. */
typedef struct {
    TPMS_CONTEXT context;
    TPM2B_NAME name;
} tpm2l_ContextLoad_in;
typedef struct {
    tpm2l_handle loadedHandle;
} tpm2l_ContextLoad_out;
TPM2_RC tpm2l_ContextLoad(tpm2l_ctx *ctx, const tpm2l_ContextLoad_in *in,
                          tpm2l_ContextLoad_out *out);

typedef struct {
    TPMI_DH_CONTEXT flushHandle;
} tpm2l_FlushContext_in;
TPM2_RC tpm2l_FlushContext(tpm2l_ctx *ctx, const tpm2l_FlushContext_in *in);

/* Part 3 returns nothing; out (may be NULL) is a library addition: when a transient
 * object is made persistent, persistentHandle carries objectHandle's name (the same
 * object, so the same name). */
typedef struct {
    tpm2l_auth_handle auth; /* TPM2_RH_OWNER or TPM2_RH_PLATFORM */
    tpm2l_handle objectHandle;
    TPMI_DH_PERSISTENT persistentHandle;
} tpm2l_EvictControl_in;
typedef struct {
    tpm2l_handle persistentHandle;
} tpm2l_EvictControl_out;
TPM2_RC tpm2l_EvictControl(tpm2l_ctx *ctx, const tpm2l_EvictControl_in *in,
                           tpm2l_EvictControl_out *out);

/* ---- Part 3 §29 Clocks and Timers ---- */

typedef struct {
    TPMS_TIME_INFO currentTime;
} tpm2l_ReadClock_out;
TPM2_RC tpm2l_ReadClock(tpm2l_ctx *ctx, tpm2l_ReadClock_out *out);

/* ---- Part 3 §30 Capability Commands ---- */

typedef struct {
    TPM2_CAP capability;
    uint32_t property;
    uint32_t propertyCount;
} tpm2l_GetCapability_in;
typedef struct {
    TPMI_YES_NO moreData;
    TPMS_CAPABILITY_DATA capabilityData;
} tpm2l_GetCapability_out;
TPM2_RC tpm2l_GetCapability(tpm2l_ctx *ctx, const tpm2l_GetCapability_in *in,
                            tpm2l_GetCapability_out *out);

/* GetCapability from property on, repeated while the TPM says moreData, gathering
 * every entry of capability into out (one list, as if one call returned them all).
 * A list that outgrows its TPML is TPM2L_E_INSUFFICIENT; a TPM that does not advance
 * is TPM2L_E_BAD_RESPONSE (both command layer). TPM2_CAP_PCRS is a single call.
 * For TPM2_CAP_TPM_PROPERTIES the reference TPM stops at the end of the starting
 * property's group: gather from TPM2_PT_FIXED and from TPM2_PT_VAR separately. */
TPM2_RC tpm2l_GetCapability_all(tpm2l_ctx *ctx, TPM2_CAP capability, uint32_t property,
                                TPMS_CAPABILITY_DATA *out);

/* ==== objects, sealing, NV and session audit (objects engineer; appended) ==== */

/* ---- Part 3 §12 Object Commands: Create, Load, Unseal, ObjectChangeAuth ---- */

/* outPublic is checked to be inPublic with only unique filled in; name is a library
 * addition: the name of outPublic, as Load will report it. */
typedef struct {
    tpm2l_auth_handle parentHandle;
    TPM2B_SENSITIVE_CREATE inSensitive; /* the secret to seal goes in sensitive.data */
    TPM2B_PUBLIC inPublic;
    TPM2B_DATA outsideInfo;
    TPML_PCR_SELECTION creationPCR;
} tpm2l_Create_in;
typedef struct {
    TPM2B_PRIVATE outPrivate;
    TPM2B_PUBLIC outPublic;
    TPM2B_CREATION_DATA creationData;
    TPM2B_DIGEST creationHash;
    TPMT_TK_CREATION creationTicket;
    TPM2B_NAME name; /* library addition: computed from outPublic */
} tpm2l_Create_out;
TPM2_RC tpm2l_Create(tpm2l_ctx *ctx, const tpm2l_Create_in *in, tpm2l_Create_out *out);

/* The name the TPM returns must be the name of inPublic: otherwise
 * TPM2L_E_NAME_MISMATCH, and whatever the TPM loaded has already been flushed. */
typedef struct {
    tpm2l_auth_handle parentHandle;
    TPM2B_PRIVATE inPrivate;
    TPM2B_PUBLIC inPublic;
} tpm2l_Load_in;
typedef struct {
    tpm2l_handle objectHandle; /* with its verified name */
    TPM2B_NAME name;
} tpm2l_Load_out;
TPM2_RC tpm2l_Load(tpm2l_ctx *ctx, const tpm2l_Load_in *in, tpm2l_Load_out *out);

/* outData is the secret: the caller wipes it (tpm2l_cleanse). */
typedef struct {
    tpm2l_auth_handle itemHandle;
} tpm2l_Unseal_in;
typedef struct {
    TPM2B_SENSITIVE_DATA outData;
} tpm2l_Unseal_out;
TPM2_RC tpm2l_Unseal(tpm2l_ctx *ctx, const tpm2l_Unseal_in *in, tpm2l_Unseal_out *out);

/* The loaded object keeps its old authValue (its response is answered under it):
 * Load outPrivate with the same public area to use newAuth. objectHandle needs the
 * ADMIN role: with adminWithPolicy set, a policy session. */
typedef struct {
    tpm2l_auth_handle objectHandle;
    tpm2l_handle parentHandle;
    TPM2B_AUTH newAuth;
} tpm2l_ObjectChangeAuth_in;
typedef struct {
    TPM2B_PRIVATE outPrivate;
} tpm2l_ObjectChangeAuth_out;
TPM2_RC tpm2l_ObjectChangeAuth(tpm2l_ctx *ctx, const tpm2l_ObjectChangeAuth_in *in,
                               tpm2l_ObjectChangeAuth_out *out);

/* A sealed data object template for Create (Part 1, sealed data objects): keyedhash,
 * scheme NULL, fixedTPM | fixedParent, no sensitiveDataOrigin (the caller supplies the
 * data), empty unique. nameAlg is a supported hash (TPM2_ALG_SHA256 usually).
 * authPolicy may be NULL (empty) or a digest of nameAlg's size. auth_attrs picks who
 * may use it, any of TPMA_OBJECT_USERWITHAUTH (the authValue, by password or HMAC,
 * unseals), TPMA_OBJECT_ADMINWITHPOLICY (admin actions need the policy) and
 * TPMA_OBJECT_NODA. TPM2L_E_BAD_ARG for other bits, a wrong-sized authPolicy, an
 * unknown nameAlg, or an object nobody could unseal (no userWithAuth and no policy)
 * or administer (adminWithPolicy and no policy). */
TPM2_RC tpm2l_template_sealed(TPMT_PUBLIC *out, TPM2_ALG_ID nameAlg, const TPM2B_DIGEST *authPolicy,
                              TPMA_OBJECT auth_attrs);

/* ---- Part 3 §31 Non-volatile Storage ----
 *
 * An NV index's name is nameAlg || H(TPMS_NV_PUBLIC), and the public area includes
 * TPMA_NV_WRITTEN, which the TPM sets on the first successful write (NV_Write,
 * NV_Increment, NV_Extend, NV_SetBits): from then on the index has a NEW name, and a
 * session's cpHash must use it. After that first write call tpm2l_nv_mark_written()
 * on your copy of the public area, or NV_ReadPublic (with an empty expected name) and
 * take nvName. */

/* Set TPMA_NV_WRITTEN in pub and put the resulting name into name (may be NULL). */
TPM2_RC tpm2l_nv_mark_written(TPMS_NV_PUBLIC *pub, TPM2B_NAME *name);

/* out may be NULL; out->nvIndex is a library addition: the index's handle with the
 * name computed from publicInfo (valid until the first write). */
typedef struct {
    tpm2l_auth_handle authHandle; /* TPM2_RH_OWNER or TPM2_RH_PLATFORM */
    TPM2B_AUTH auth;
    TPM2B_NV_PUBLIC publicInfo;
} tpm2l_NV_DefineSpace_in;
typedef struct {
    tpm2l_handle nvIndex;
} tpm2l_NV_DefineSpace_out;
TPM2_RC tpm2l_NV_DefineSpace(tpm2l_ctx *ctx, const tpm2l_NV_DefineSpace_in *in,
                             tpm2l_NV_DefineSpace_out *out);

typedef struct {
    tpm2l_auth_handle authHandle; /* TPM2_RH_OWNER or TPM2_RH_PLATFORM */
    tpm2l_handle nvIndex;
} tpm2l_NV_UndefineSpace_in;
TPM2_RC tpm2l_NV_UndefineSpace(tpm2l_ctx *ctx, const tpm2l_NV_UndefineSpace_in *in);

/* nvName is checked against nvPublic, nvPublic.nvIndex against nvIndex.handle, and,
 * if nvIndex.name is not empty, nvName against it (TPM2L_E_NAME_MISMATCH): pass an
 * empty name to learn the current one (after a first write, say). */
typedef struct {
    tpm2l_handle nvIndex;
} tpm2l_NV_ReadPublic_in;
typedef struct {
    TPM2B_NV_PUBLIC nvPublic;
    TPM2B_NAME nvName;
} tpm2l_NV_ReadPublic_out;
TPM2_RC tpm2l_NV_ReadPublic(tpm2l_ctx *ctx, const tpm2l_NV_ReadPublic_in *in,
                            tpm2l_NV_ReadPublic_out *out);

/* authHandle is the index itself (its authValue or policy), TPM2_RH_OWNER or
 * TPM2_RH_PLATFORM, as the index's attributes allow. Give the index's name in both
 * when they are the same handle. */
typedef struct {
    tpm2l_auth_handle authHandle;
    tpm2l_handle nvIndex;
    TPM2B_MAX_NV_BUFFER data;
    uint16_t offset;
} tpm2l_NV_Write_in;
TPM2_RC tpm2l_NV_Write(tpm2l_ctx *ctx, const tpm2l_NV_Write_in *in);

/* data holds exactly size bytes (anything else from the TPM is TPM2L_E_BAD_RESPONSE). */
typedef struct {
    tpm2l_auth_handle authHandle;
    tpm2l_handle nvIndex;
    uint16_t size;
    uint16_t offset;
} tpm2l_NV_Read_in;
typedef struct {
    TPM2B_MAX_NV_BUFFER data;
} tpm2l_NV_Read_out;
TPM2_RC tpm2l_NV_Read(tpm2l_ctx *ctx, const tpm2l_NV_Read_in *in, tpm2l_NV_Read_out *out);

typedef struct {
    tpm2l_auth_handle authHandle;
    tpm2l_handle nvIndex;
} tpm2l_NV_Increment_in;
TPM2_RC tpm2l_NV_Increment(tpm2l_ctx *ctx, const tpm2l_NV_Increment_in *in);

typedef struct {
    tpm2l_auth_handle authHandle;
    tpm2l_handle nvIndex;
    TPM2B_MAX_NV_BUFFER data;
} tpm2l_NV_Extend_in;
TPM2_RC tpm2l_NV_Extend(tpm2l_ctx *ctx, const tpm2l_NV_Extend_in *in);

/* The index's authValue changes in place, so the response is answered under newAuth
 * (checked against libtpms with a policy session: tests/integration/objects).
 * nvIndex needs the ADMIN role, which for an NV index is always a policy session
 * (Part 3 §31.12): a password is refused by the TPM. */
typedef struct {
    tpm2l_auth_handle nvIndex;
    TPM2B_AUTH newAuth;
} tpm2l_NV_ChangeAuth_in;
TPM2_RC tpm2l_NV_ChangeAuth(tpm2l_ctx *ctx, const tpm2l_NV_ChangeAuth_in *in);

/* ---- Part 3 §18 Attestation: GetSessionAuditDigest ---- */

/* signHandle may be TPM2_RH_NULL (still authorised, with an empty password): then the
 * signature's sigAlg is TPM2_ALG_NULL. sessionHandle is named by its handle. attest
 * is a library addition: auditInfo parsed, checked to be TPM2_GENERATED_VALUE and
 * TPM2_ST_ATTEST_SESSION_AUDIT (TPM2L_E_BAD_RESPONSE otherwise); auditInfo keeps the
 * bytes the signature covers. */
typedef struct {
    tpm2l_auth_handle privacyAdminHandle; /* TPM2_RH_ENDORSEMENT */
    tpm2l_auth_handle signHandle;
    TPMI_SH_HMAC sessionHandle;
    TPM2B_DATA qualifyingData;
    TPMT_SIG_SCHEME inScheme;
} tpm2l_GetSessionAuditDigest_in;
typedef struct {
    TPM2B_ATTEST auditInfo;
    TPMT_SIGNATURE signature;
    TPMS_ATTEST attest;
} tpm2l_GetSessionAuditDigest_out;
TPM2_RC tpm2l_GetSessionAuditDigest(tpm2l_ctx *ctx, const tpm2l_GetSessionAuditDigest_in *in,
                                    tpm2l_GetSessionAuditDigest_out *out);

/* ==== end of the objects engineer's section ==== */

/* ==== hierarchy policy (session test engineer; appended) ==== */

/* Part 3 §24.3. authHandle: TPM2_RH_OWNER, _ENDORSEMENT, _PLATFORM or _LOCKOUT.
 * authPolicy empty with hashAlg TPM2_ALG_NULL removes the policy; otherwise its size
 * must be hashAlg's digest size (TPM2L_E_BAD_ARG, nothing sent). */
typedef struct {
    tpm2l_auth_handle authHandle;
    TPM2B_DIGEST authPolicy;
    TPMI_ALG_HASH hashAlg;
} tpm2l_SetPrimaryPolicy_in;
TPM2_RC tpm2l_SetPrimaryPolicy(tpm2l_ctx *ctx, const tpm2l_SetPrimaryPolicy_in *in);

/* ==== end of the hierarchy policy section ==== */

#ifdef __cplusplus
}
#endif
#endif
