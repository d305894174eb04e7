/* fuzz_cmds.c - the wrapper table and scripted transport of fuzz_cmds.h.
 *
 * Arguments are the smallest valid ones: a wrapper that refuses to build its command
 * would hide its response parser from the fuzzer. Every output struct is a heap block
 * of exactly its size, so a parser writing past it is caught by ASan.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz_cmds.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/credential.h"
#include "tpm2lite/keys.h"
#include "tpm2lite/policy.h"

#define OBJ 0x80000001u
#define OBJ2 0x80000002u
#define NV 0x01000001u

/* nameAlg SHA-256 and a fixed digest: what ReadPublic would have given. */
static void obj_name(TPM2B_NAME *n, uint8_t seed)
{
    n->size = 34;
    n->name[0] = 0x00;
    n->name[1] = 0x0b;
    for (int i = 2; i < 34; i++)
        n->name[i] = (uint8_t)(seed + i);
}

static void handle(tpm2l_handle *h, TPM2_HANDLE v)
{
    tpm2l_handle_set(h, v);
    if (!h->name.size)
        obj_name(&h->name, (uint8_t)v);
}

static tpm2l_session *const *g_sess;
static size_t g_n, g_used;

/* The next authorised handle: a session from the list if one is left, else a password. */
static void auth(tpm2l_auth_handle *ah, TPM2_HANDLE v)
{
    (void)tpm2l_auth_handle_set(ah, v, FUZZ_AUTH, sizeof FUZZ_AUTH - 1);
    if (!ah->name.size)
        obj_name(&ah->name, (uint8_t)v);
    ah->session = g_used < g_n ? g_sess[g_used++] : NULL;
}

#define IO(T)                                                                      \
    T##_in *in = calloc(1, sizeof *in);                                            \
    T##_out *out = malloc(sizeof *out);                                            \
    TPM2_RC rc = TPM2L_RC_COMMAND(TPM2L_E_NO_MEMORY);                              \
    if (!in || !out)                                                               \
        goto done;
#define DONE                                                                       \
    done:                                                                          \
    free(in);                                                                      \
    free(out);                                                                     \
    return rc;

static TPM2_RC c_GetRandom(tpm2l_ctx *ctx)
{
    IO(tpm2l_GetRandom) in->bytesRequested = 32;
    rc = tpm2l_GetRandom(ctx, in, out);
    DONE
}
static TPM2_RC c_Unseal(tpm2l_ctx *ctx)
{
    IO(tpm2l_Unseal) auth(&in->itemHandle, OBJ);
    rc = tpm2l_Unseal(ctx, in, out);
    DONE
}
static TPM2_RC c_NV_Read(tpm2l_ctx *ctx)
{
    IO(tpm2l_NV_Read) auth(&in->authHandle, NV);
    handle(&in->nvIndex, NV);
    in->size = 64;
    rc = tpm2l_NV_Read(ctx, in, out);
    DONE
}
static TPM2_RC c_Create(tpm2l_ctx *ctx)
{
    IO(tpm2l_Create) auth(&in->parentHandle, OBJ);
    TPMT_PUBLIC pub;
    rc = tpm2l_template_sealed(&pub, TPM2_ALG_SHA256, NULL, TPMA_OBJECT_USERWITHAUTH);
    if (rc)
        goto done;
    in->inPublic.publicArea = pub;
    in->inSensitive.sensitive.data.size = 4;
    memcpy(in->inSensitive.sensitive.data.buffer, "data", 4);
    rc = tpm2l_Create(ctx, in, out);
    DONE
}
static TPM2_RC c_CreatePrimary(tpm2l_ctx *ctx)
{
    IO(tpm2l_CreatePrimary) auth(&in->primaryHandle, TPM2_RH_OWNER);
    rc = tpm2l_template_primary(&in->inPublic.publicArea, TPM2_ALG_ECC);
    if (!rc)
        rc = tpm2l_CreatePrimary(ctx, in, out);
    DONE
}
static TPM2_RC c_Load(tpm2l_ctx *ctx)
{
    IO(tpm2l_Load) auth(&in->parentHandle, OBJ);
    rc = tpm2l_template_primary(&in->inPublic.publicArea, TPM2_ALG_RSA);
    in->inPrivate.size = 8;
    if (!rc)
        rc = tpm2l_Load(ctx, in, out);
    DONE
}
static TPM2_RC c_ReadPublic(tpm2l_ctx *ctx)
{
    IO(tpm2l_ReadPublic) handle(&in->objectHandle, OBJ);
    rc = tpm2l_ReadPublic(ctx, in, out);
    DONE
}
static TPM2_RC c_NV_ReadPublic(tpm2l_ctx *ctx)
{
    IO(tpm2l_NV_ReadPublic) handle(&in->nvIndex, NV);
    rc = tpm2l_NV_ReadPublic(ctx, in, out);
    DONE
}
static TPM2_RC c_PCR_Read(tpm2l_ctx *ctx)
{
    IO(tpm2l_PCR_Read) in->pcrSelectionIn.count = 2;
    in->pcrSelectionIn.pcrSelections[0].hash = TPM2_ALG_SHA256;
    in->pcrSelectionIn.pcrSelections[0].sizeofSelect = 3;
    in->pcrSelectionIn.pcrSelections[0].pcrSelect[0] = 0xff;
    in->pcrSelectionIn.pcrSelections[1].hash = TPM2_ALG_SHA1;
    in->pcrSelectionIn.pcrSelections[1].sizeofSelect = 3;
    in->pcrSelectionIn.pcrSelections[1].pcrSelect[2] = 0x81;
    rc = tpm2l_PCR_Read(ctx, in, out);
    DONE
}
static TPM2_RC c_GetCapability(tpm2l_ctx *ctx)
{
    IO(tpm2l_GetCapability) in->capability = TPM2_CAP_TPM_PROPERTIES;
    in->property = TPM2_PT_FIXED;
    in->propertyCount = 8;
    rc = tpm2l_GetCapability(ctx, in, out);
    DONE
}
static TPM2_RC c_ContextSave(tpm2l_ctx *ctx)
{
    IO(tpm2l_ContextSave) handle(&in->saveHandle, OBJ);
    rc = tpm2l_ContextSave(ctx, in, out);
    DONE
}
static TPM2_RC c_ContextLoad(tpm2l_ctx *ctx)
{
    IO(tpm2l_ContextLoad) in->context.savedHandle = OBJ;
    in->context.hierarchy = TPM2_RH_OWNER;
    in->context.contextBlob.size = 16;
    rc = tpm2l_ContextLoad(ctx, in, out);
    DONE
}
static TPM2_RC c_ReadClock(tpm2l_ctx *ctx)
{
    tpm2l_ReadClock_out *out = malloc(sizeof *out);
    TPM2_RC rc = out ? tpm2l_ReadClock(ctx, out) : 0;
    free(out);
    return rc;
}
static TPM2_RC c_GetTestResult(tpm2l_ctx *ctx)
{
    tpm2l_GetTestResult_out *out = malloc(sizeof *out);
    TPM2_RC rc = out ? tpm2l_GetTestResult(ctx, out) : 0;
    free(out);
    return rc;
}
static TPM2_RC c_ObjectChangeAuth(tpm2l_ctx *ctx)
{
    IO(tpm2l_ObjectChangeAuth) auth(&in->objectHandle, OBJ);
    handle(&in->parentHandle, OBJ2);
    in->newAuth.size = 3;
    rc = tpm2l_ObjectChangeAuth(ctx, in, out);
    DONE
}
static TPM2_RC c_Quote(tpm2l_ctx *ctx)
{
    IO(tpm2l_Quote) auth(&in->signHandle, OBJ);
    in->inScheme.scheme = TPM2_ALG_NULL;
    in->PCRselect.count = 1;
    in->PCRselect.pcrSelections[0].hash = TPM2_ALG_SHA256;
    in->PCRselect.pcrSelections[0].sizeofSelect = 3;
    in->PCRselect.pcrSelections[0].pcrSelect[0] = 1;
    rc = tpm2l_Quote(ctx, in, out);
    DONE
}
static TPM2_RC c_Certify(tpm2l_ctx *ctx)
{
    IO(tpm2l_Certify) auth(&in->objectHandle, OBJ);
    auth(&in->signHandle, OBJ2);
    in->inScheme.scheme = TPM2_ALG_NULL;
    rc = tpm2l_Certify(ctx, in, out);
    DONE
}
static TPM2_RC c_GetTime(tpm2l_ctx *ctx)
{
    IO(tpm2l_GetTime) auth(&in->privacyAdminHandle, TPM2_RH_ENDORSEMENT);
    auth(&in->signHandle, OBJ);
    in->inScheme.scheme = TPM2_ALG_NULL;
    rc = tpm2l_GetTime(ctx, in, out);
    DONE
}
static TPM2_RC c_Sign(tpm2l_ctx *ctx)
{
    IO(tpm2l_Sign) auth(&in->keyHandle, OBJ);
    in->digest.size = 32;
    in->inScheme.scheme = TPM2_ALG_NULL;
    in->validation.tag = TPM2_ST_HASHCHECK;
    in->validation.hierarchy = TPM2_RH_NULL;
    rc = tpm2l_Sign(ctx, in, out);
    DONE
}
static TPM2_RC c_GetSessionAuditDigest(tpm2l_ctx *ctx)
{
    IO(tpm2l_GetSessionAuditDigest) auth(&in->privacyAdminHandle, TPM2_RH_ENDORSEMENT);
    auth(&in->signHandle, OBJ);
    in->sessionHandle = 0x02000010u;
    in->inScheme.scheme = TPM2_ALG_NULL;
    rc = tpm2l_GetSessionAuditDigest(ctx, in, out);
    DONE
}
static TPM2_RC c_RSA_Decrypt(tpm2l_ctx *ctx)
{
    IO(tpm2l_RSA_Decrypt) auth(&in->keyHandle, OBJ);
    in->cipherText.size = 256;
    in->inScheme.scheme = TPM2_ALG_NULL;
    rc = tpm2l_RSA_Decrypt(ctx, in, out);
    DONE
}
static TPM2_RC c_ECDH_KeyGen(tpm2l_ctx *ctx)
{
    IO(tpm2l_ECDH_KeyGen) handle(&in->keyHandle, OBJ);
    rc = tpm2l_ECDH_KeyGen(ctx, in, out);
    DONE
}
static TPM2_RC c_EncryptDecrypt2(tpm2l_ctx *ctx)
{
    IO(tpm2l_EncryptDecrypt2) auth(&in->keyHandle, OBJ);
    in->inData.size = 16;
    in->mode = TPM2_ALG_CFB;
    in->ivIn.size = 16;
    rc = tpm2l_EncryptDecrypt2(ctx, in, out);
    DONE
}
static TPM2_RC c_HMAC(tpm2l_ctx *ctx)
{
    IO(tpm2l_HMAC) auth(&in->handle, OBJ);
    in->buffer.size = 5;
    in->hashAlg = TPM2_ALG_SHA256;
    rc = tpm2l_HMAC(ctx, in, out);
    DONE
}
static TPM2_RC c_Hash(tpm2l_ctx *ctx)
{
    IO(tpm2l_Hash) in->data.size = 5;
    in->hashAlg = TPM2_ALG_SHA256;
    in->hierarchy = TPM2_RH_OWNER;
    rc = tpm2l_Hash(ctx, in, out);
    DONE
}
static TPM2_RC c_PolicyGetDigest(tpm2l_ctx *ctx)
{
    IO(tpm2l_PolicyGetDigest) in->policySession.handle = 0x03000020u;
    rc = tpm2l_PolicyGetDigest(ctx, in, out);
    DONE
}
static TPM2_RC c_PolicySecret(tpm2l_ctx *ctx)
{
    IO(tpm2l_PolicySecret) auth(&in->authHandle, TPM2_RH_OWNER);
    in->policySession.handle = 0x03000020u;
    in->expiration = -10;
    rc = tpm2l_PolicySecret(ctx, in, out);
    DONE
}
static TPM2_RC c_ActivateCredential(tpm2l_ctx *ctx)
{
    IO(tpm2l_ActivateCredential) auth(&in->activateHandle, OBJ);
    auth(&in->keyHandle, OBJ2);
    in->credentialBlob.size = 8;
    in->secret.size = 8;
    rc = tpm2l_ActivateCredential(ctx, in, out);
    DONE
}
static TPM2_RC c_NV_Certify(tpm2l_ctx *ctx)
{
    IO(tpm2l_NV_Certify) auth(&in->signHandle, OBJ);
    auth(&in->authHandle, NV);
    handle(&in->nvIndex, NV);
    in->inScheme.scheme = TPM2_ALG_NULL;
    in->size = 8;
    rc = tpm2l_NV_Certify(ctx, in, out);
    DONE
}
static TPM2_RC c_Duplicate(tpm2l_ctx *ctx)
{
    IO(tpm2l_Duplicate) auth(&in->objectHandle, OBJ);
    handle(&in->newParentHandle, OBJ2);
    in->symmetricAlg.algorithm = TPM2_ALG_NULL;
    rc = tpm2l_Duplicate(ctx, in, out);
    DONE
}
static TPM2_RC c_Import(tpm2l_ctx *ctx)
{
    IO(tpm2l_Import) auth(&in->parentHandle, OBJ);
    rc = tpm2l_template_primary(&in->objectPublic.publicArea, TPM2_ALG_ECC);
    in->duplicate.size = 8;
    in->inSymSeed.size = 8;
    in->symmetricAlg.algorithm = TPM2_ALG_NULL;
    if (!rc)
        rc = tpm2l_Import(ctx, in, out);
    DONE
}
static TPM2_RC c_LoadExternal(tpm2l_ctx *ctx)
{
    IO(tpm2l_LoadExternal) in->hierarchy = TPM2_RH_NULL;
    rc = tpm2l_template_primary(&in->inPublic.publicArea, TPM2_ALG_ECC);
    if (!rc)
        rc = tpm2l_LoadExternal(ctx, in, out);
    DONE
}
static TPM2_RC c_StartAuthSession(tpm2l_ctx *ctx)
{
    IO(tpm2l_StartAuthSession) handle(&in->tpmKey, TPM2_RH_NULL);
    handle(&in->bind, TPM2_RH_NULL);
    in->nonceCaller.size = 32;
    in->sessionType = TPM2_SE_HMAC;
    in->symmetric.algorithm = TPM2_ALG_NULL;
    in->authHash = TPM2_ALG_SHA256;
    rc = tpm2l_StartAuthSession(ctx, in, out);
    DONE
}
static TPM2_RC c_EvictControl(tpm2l_ctx *ctx)
{
    IO(tpm2l_EvictControl) auth(&in->auth, TPM2_RH_OWNER);
    handle(&in->objectHandle, OBJ);
    in->persistentHandle = 0x81000001u;
    rc = tpm2l_EvictControl(ctx, in, out);
    DONE
}
static TPM2_RC c_NV_DefineSpace(tpm2l_ctx *ctx)
{
    IO(tpm2l_NV_DefineSpace) auth(&in->authHandle, TPM2_RH_OWNER);
    in->publicInfo.nvPublic.nvIndex = NV;
    in->publicInfo.nvPublic.nameAlg = TPM2_ALG_SHA256;
    in->publicInfo.nvPublic.attributes = TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD;
    in->publicInfo.nvPublic.dataSize = 32;
    rc = tpm2l_NV_DefineSpace(ctx, in, out);
    DONE
}

static TPM2_RC c_GetCapability_all(tpm2l_ctx *ctx)
{
    /* Pages through moreData: several responses (the transport repeats itself). */
    TPMS_CAPABILITY_DATA *out = malloc(sizeof *out);
    TPM2_RC rc = out ? tpm2l_GetCapability_all(ctx, TPM2_CAP_HANDLES, 0x80000000u, out) : 0;
    free(out);
    return rc;
}
static TPM2_RC c_MakeCredential(tpm2l_ctx *ctx)
{
    IO(tpm2l_MakeCredential) handle(&in->handle, OBJ);
    in->credential.size = 16;
    obj_name(&in->objectName, 7);
    rc = tpm2l_MakeCredential(ctx, in, out);
    DONE
}
static TPM2_RC c_RSA_Encrypt(tpm2l_ctx *ctx)
{
    IO(tpm2l_RSA_Encrypt) handle(&in->keyHandle, OBJ);
    in->message.size = 16;
    in->inScheme.scheme = TPM2_ALG_NULL;
    rc = tpm2l_RSA_Encrypt(ctx, in, out);
    DONE
}
static TPM2_RC c_ECDH_ZGen(tpm2l_ctx *ctx)
{
    IO(tpm2l_ECDH_ZGen) auth(&in->keyHandle, OBJ);
    in->inPoint.point.x.size = 32;
    in->inPoint.point.y.size = 32;
    rc = tpm2l_ECDH_ZGen(ctx, in, out);
    DONE
}
static TPM2_RC c_HashSequenceStart(tpm2l_ctx *ctx)
{
    IO(tpm2l_HashSequenceStart) in->hashAlg = TPM2_ALG_SHA256;
    rc = tpm2l_HashSequenceStart(ctx, in, out);
    DONE
}
static TPM2_RC c_SequenceComplete(tpm2l_ctx *ctx)
{
    IO(tpm2l_SequenceComplete) auth(&in->sequenceHandle, OBJ);
    in->buffer.size = 3;
    in->hierarchy = TPM2_RH_OWNER;
    rc = tpm2l_SequenceComplete(ctx, in, out);
    DONE
}
static TPM2_RC c_CertifyCreation(tpm2l_ctx *ctx)
{
    IO(tpm2l_CertifyCreation) auth(&in->signHandle, OBJ);
    handle(&in->objectHandle, OBJ2);
    in->creationHash.size = 32;
    in->inScheme.scheme = TPM2_ALG_NULL;
    in->creationTicket.tag = TPM2_ST_CREATION;
    in->creationTicket.hierarchy = TPM2_RH_OWNER;
    rc = tpm2l_CertifyCreation(ctx, in, out);
    DONE
}
static TPM2_RC c_VerifySignature(tpm2l_ctx *ctx)
{
    IO(tpm2l_VerifySignature) handle(&in->keyHandle, OBJ);
    in->digest.size = 32;
    in->signature.sigAlg = TPM2_ALG_ECDSA;
    in->signature.signature.ecdsa.hash = TPM2_ALG_SHA256;
    in->signature.signature.ecdsa.signatureR.size = 32;
    in->signature.signature.ecdsa.signatureS.size = 32;
    rc = tpm2l_VerifySignature(ctx, in, out);
    DONE
}
static TPM2_RC c_PolicySigned(tpm2l_ctx *ctx)
{
    IO(tpm2l_PolicySigned) handle(&in->authObject, OBJ);
    in->policySession.handle = 0x03000020u;
    in->auth.sigAlg = TPM2_ALG_ECDSA;
    in->auth.signature.ecdsa.hash = TPM2_ALG_SHA256;
    in->auth.signature.ecdsa.signatureR.size = 32;
    in->auth.signature.ecdsa.signatureS.size = 32;
    in->expiration = -10;
    rc = tpm2l_PolicySigned(ctx, in, out);
    DONE
}
static TPM2_RC c_Rewrap(tpm2l_ctx *ctx)
{
    IO(tpm2l_Rewrap) auth(&in->oldParent, OBJ);
    handle(&in->newParent, OBJ2);
    in->inDuplicate.size = 8;
    obj_name(&in->name, 9);
    in->inSymSeed.size = 8;
    rc = tpm2l_Rewrap(ctx, in, out);
    DONE
}
static TPM2_RC c_session_start(tpm2l_ctx *ctx)
{
    /* The library's own use of StartAuthSession: nonce checks and key derivation. */
    tpm2l_session *s = malloc(sizeof *s);
    if (!s)
        return 0;
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_POLICY;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    p.attrs = TPMA_SESSION_CONTINUESESSION;
    TPM2_RC rc = tpm2l_session_start(ctx, s, &p);
    tpm2l_session_wipe(s);
    free(s);
    return rc;
}

typedef struct {
    fuzz_cmd_info info;
    TPM2_RC (*run)(tpm2l_ctx *ctx);
} entry;

#define E(name, h, a, rh, ch) {{#name, h, a, rh, ch}, c_##name}
static const entry table[] = {
    E(GetRandom, 0, 0, 0, 0),       E(Unseal, 1, 1, 0, 0),
    E(NV_Read, 2, 1, 0, 0),         E(Create, 1, 1, 0, 0),
    E(CreatePrimary, 1, 1, 1, 0),   E(Load, 1, 1, 1, 0),
    E(ReadPublic, 1, 0, 0, 0),      E(NV_ReadPublic, 1, 0, 0, 0),
    E(PCR_Read, 0, 0, 0, 0),        E(GetCapability, 0, 0, 0, 0),
    E(ContextSave, 1, 0, 0, 0),     E(ContextLoad, 0, 0, 1, 0),
    E(ReadClock, 0, 0, 0, 0),       E(GetTestResult, 0, 0, 0, 0),
    E(ObjectChangeAuth, 2, 1, 0, 0), E(Quote, 1, 1, 0, 0),
    E(Certify, 2, 2, 0, 0),         E(GetTime, 2, 2, 0, 0),
    E(Sign, 1, 1, 0, 0),            E(GetSessionAuditDigest, 3, 2, 0, 0),
    E(RSA_Decrypt, 1, 1, 0, 0),     E(ECDH_KeyGen, 1, 0, 0, 0),
    E(EncryptDecrypt2, 1, 1, 0, 0), E(HMAC, 1, 1, 0, 0),
    E(Hash, 0, 0, 0, 0),            E(PolicyGetDigest, 1, 0, 0, 0),
    E(PolicySecret, 2, 1, 0, 0),    E(ActivateCredential, 2, 2, 0, 0),
    E(NV_Certify, 3, 2, 0, 0),      E(Duplicate, 2, 1, 0, 0),
    E(Import, 1, 1, 0, 0),          E(LoadExternal, 0, 0, 1, 0),
    E(StartAuthSession, 2, 0, 1, 0), E(EvictControl, 2, 1, 0, 0),
    E(NV_DefineSpace, 1, 1, 0, 0),
    /* Added after the first runs: new entries go last so seeds keep their meaning. */
    E(GetCapability_all, 0, 0, 0, 0), E(MakeCredential, 1, 0, 0, 0),
    E(RSA_Encrypt, 1, 0, 0, 0),     E(ECDH_ZGen, 1, 1, 0, 0),
    E(HashSequenceStart, 0, 0, 1, 0), E(SequenceComplete, 1, 1, 0, 0),
    E(CertifyCreation, 2, 1, 0, 0), E(VerifySignature, 1, 0, 0, 0),
    E(PolicySigned, 2, 0, 0, 0),    E(Rewrap, 2, 1, 0, 0),
    E(session_start, 2, 0, 1, 0),
};

size_t fuzz_cmd_count(void)
{
    return sizeof table / sizeof table[0];
}

const fuzz_cmd_info *fuzz_cmd_info_of(size_t i)
{
    return &table[i % fuzz_cmd_count()].info;
}

TPM2_RC fuzz_cmd_run(tpm2l_ctx *ctx, size_t i, tpm2l_session *const *sess, size_t n)
{
    const entry *e = &table[i % fuzz_cmd_count()];
    size_t a = e->info.n_auths < n ? e->info.n_auths : n;
    g_sess = sess;
    g_n = a;
    g_used = 0;
    /* Sessions past the authorised handles authorise nothing (audit, encrypt). */
    tpm2l_ctx_next_sessions(ctx, n > a ? sess[a] : NULL, n > a + 1 ? sess[a + 1] : NULL);
    TPM2_RC rc = e->run(ctx);
    g_sess = NULL;
    g_n = g_used = 0;
    return rc;
}

/* ---- the scripted transport ---- */

static TPM2_RC t_transmit(tpm2l_tcti *base, const uint8_t *cmd, size_t len)
{
    fuzz_tcti *t = (fuzz_tcti *)base;
    if (len > sizeof t->cmd)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    memcpy(t->cmd, cmd, len);
    t->cmd_len = len;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC t_receive(tpm2l_tcti *base, uint8_t *buf, size_t cap, size_t *len)
{
    fuzz_tcti *t = (fuzz_tcti *)base;
    t->exchanges++;
    *len = t->respond(t, buf, cap);
    return TPM2_RC_SUCCESS;
}

static void t_close(tpm2l_tcti *base)
{
    (void)base;
}

static const struct tpm2l_tcti_ops fuzz_ops = {
    .name = "fuzz", .transmit = t_transmit, .receive = t_receive, .close = t_close,
};

void fuzz_tcti_init(fuzz_tcti *t, size_t (*respond)(fuzz_tcti *, uint8_t *, size_t), void *arg)
{
    memset(t, 0, sizeof *t);
    t->base.ops = &fuzz_ops;
    t->base.timeout_ms = 1000;
    t->respond = respond;
    t->arg = arg;
}

TPM2_RC fuzz_counter_rng(void *arg, uint8_t *out, size_t n)
{
    uint8_t *counter = arg;
    for (size_t i = 0; i < n; i++)
        out[i] = ++*counter;
    return TPM2_RC_SUCCESS;
}
