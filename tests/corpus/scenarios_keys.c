/* scenarios_keys.c - corpus scenarios of the keystore and import workflows: a
 * persistent storage key and the hierarchy passwords, then a software key wrapped for
 * Import under it, loaded, signing what software verifies, and carried in a TSS2 key
 * file. Never a key generated at run time: the software key is the fixed PEM below, and
 * the wrapping seed comes from the scenario's seeded source, so replay is byte-exact. */
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "tests/corpus/scenarios.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/credential.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/keys.h"

#define PERSISTENT 0x81000001u

/* A P-256 key made once with `openssl genpkey` for this corpus only: its bytes are in
 * the recording (wrapped), so it must never change. */
static const char fixed_key_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZjMuUVSg707kyvzD\n"
    "aEVNNRVkyhq/TRebbAYhWIjKsHqhRANCAAQHnWH+sBFiOz6MsgcnX5i+utC9kxyQ\n"
    "1gTSW+2vEpiSSGsqcH2TAh5CbPuxKHxsf2dKPxrzFxLlAL0WhB8iB6GP\n"
    "-----END PRIVATE KEY-----\n";

/* The ECC storage primary persisted at PERSISTENT, the transient copy flushed; *key is
 * the persistent handle with its name. */
static TPM2_RC persist_storage_key(scenario_run *s, tpm2l_handle *key, TPMT_PUBLIC *pub)
{
    static tpm2l_EvictControl_in ev;
    static tpm2l_EvictControl_out out;
    static tpm2l_ReadPublic_out rp;
    TPMT_PUBLIC t;
    tpm2l_handle transient;
    scenario_step(s, "CreatePrimary ECC P-256 storage key under the owner");
    CHECK(s, tpm2l_template_primary(&t, TPM2_ALG_ECC), 0);
    CHECK(s, scenario_primary(s, TPM2_RH_OWNER, &t, &transient), 0);
    scenario_step(s, "EvictControl: persist it at 0x81000001");
    memset(&ev, 0, sizeof ev);
    CHECK(s, tpm2l_auth_handle_set(&ev.auth, TPM2_RH_OWNER, NULL, 0), 0);
    ev.objectHandle = transient;
    ev.persistentHandle = PERSISTENT;
    CHECK(s, tpm2l_EvictControl(s->ctx, &ev, &out), 0);
    scenario_step(s, "FlushContext the transient copy");
    CHECK(s, scenario_flush(s, transient.handle), 0);
    scenario_step(s, "ReadPublic 0x81000001: the same name as the transient key had");
    const tpm2l_ReadPublic_in in = { .objectHandle = out.persistentHandle };
    CHECK(s, tpm2l_ReadPublic(s->ctx, &in, &rp), 0);
    REQUIRE(s, rp.name.size == transient.name.size &&
                   memcmp(rp.name.name, transient.name.name, rp.name.size) == 0);
    *key = out.persistentHandle;
    if (pub)
        *pub = rp.outPublic.publicArea;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC handles(scenario_run *s, TPM2_HANDLE first, TPML_HANDLE *out)
{
    static TPMS_CAPABILITY_DATA data;
    CHECK(s, tpm2l_GetCapability_all(s->ctx, TPM2_CAP_HANDLES, first, &data), 0);
    *out = data.data.handles;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC change(scenario_run *s, TPM2_HANDLE h, const char *old, const char *new)
{
    static tpm2l_HierarchyChangeAuth_in in;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.authHandle, h, old, strlen(old)), 0);
    in.newAuth.size = (uint16_t)strlen(new);
    memcpy(in.newAuth.buffer, new, in.newAuth.size);
    return tpm2l_HierarchyChangeAuth(s->ctx, &in);
}

/* CreatePrimary ECC under h with password auth, flushed again; the TPM's answer. */
static TPM2_RC primary_with(scenario_run *s, TPM2_HANDLE h, const char *auth)
{
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.primaryHandle, h, auth, strlen(auth)), 0);
    CHECK(s, tpm2l_template_primary(&in.inPublic.publicArea, TPM2_ALG_ECC), 0);
    TPM2_RC rc = tpm2l_CreatePrimary(s->ctx, &in, &out);
    if (rc)
        return rc;
    return scenario_flush(s, out.objectHandle.handle);
}

static TPM2_RC da_reset(scenario_run *s, const char *auth)
{
    tpm2l_DictionaryAttackLockReset_in in;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.lockHandle, TPM2_RH_LOCKOUT, auth, strlen(auth)), 0);
    return tpm2l_DictionaryAttackLockReset(s->ctx, &in);
}

TPM2_RC sc_keystore(scenario_run *s)
{
    static TPMS_CAPABILITY_DATA props;
    static TPML_HANDLE list;
    tpm2l_handle key;
    CHECK(s, scenario_startup(s), 0);
    CHECK(s, persist_storage_key(s, &key, NULL), 0);
    scenario_step(s, "GetCapability(TPM_PROPERTIES, TPM_PT_HR_TRANSIENT_MIN)");
    CHECK(s, tpm2l_GetCapability_all(s->ctx, TPM2_CAP_TPM_PROPERTIES,
                                     TPM2_PT_HR_TRANSIENT_MIN, &props), 0);
    REQUIRE(s, props.data.tpmProperties.count >= 1 &&
                   props.data.tpmProperties.tpmProperty[0].property ==
                       TPM2_PT_HR_TRANSIENT_MIN &&
                   props.data.tpmProperties.tpmProperty[0].value >= 3);
    scenario_step(s, "GetCapability(HANDLES, persistent) lists 0x81000001 alone");
    CHECK(s, handles(s, TPM2_PERSISTENT_FIRST, &list), 0);
    REQUIRE(s, list.count == 1 && list.handle[0] == PERSISTENT);
    scenario_step(s, "GetCapability(HANDLES, transient) is empty after the flush");
    CHECK(s, handles(s, TPM2_TRANSIENT_FIRST, &list), 0);
    REQUIRE(s, list.count == 0);

    scenario_step(s, "HierarchyChangeAuth(OWNER) to 'owner-pw'");
    CHECK(s, change(s, TPM2_RH_OWNER, "", "owner-pw"), 0);
    scenario_step(s, "the empty owner password is refused");
    CHECK(s, primary_with(s, TPM2_RH_OWNER, ""), FMT1_S1(TPM2_RC_BAD_AUTH));
    scenario_step(s, "CreatePrimary with 'owner-pw'");
    CHECK(s, primary_with(s, TPM2_RH_OWNER, "owner-pw"), 0);
    scenario_step(s, "HierarchyChangeAuth(ENDORSEMENT) to 'endorsement-pw'");
    CHECK(s, change(s, TPM2_RH_ENDORSEMENT, "", "endorsement-pw"), 0);
    CHECK(s, primary_with(s, TPM2_RH_ENDORSEMENT, ""), FMT1_S1(TPM2_RC_BAD_AUTH));
    CHECK(s, primary_with(s, TPM2_RH_ENDORSEMENT, "endorsement-pw"), 0);
    /* Only the right lockout password is ever tried: a wrong one locks lockout out. */
    scenario_step(s, "HierarchyChangeAuth(LOCKOUT) to 'lockout-pw'; DA reset with it");
    CHECK(s, change(s, TPM2_RH_LOCKOUT, "", "lockout-pw"), 0);
    CHECK(s, da_reset(s, "lockout-pw"), 0);
    scenario_step(s, "all three back to empty");
    CHECK(s, change(s, TPM2_RH_OWNER, "owner-pw", ""), 0);
    CHECK(s, change(s, TPM2_RH_ENDORSEMENT, "endorsement-pw", ""), 0);
    CHECK(s, change(s, TPM2_RH_LOCKOUT, "lockout-pw", ""), 0);
    CHECK(s, da_reset(s, ""), 0);
    CHECK(s, primary_with(s, TPM2_RH_OWNER, ""), 0);

    scenario_step(s, "EvictControl: remove 0x81000001; no persistent handle left");
    static tpm2l_EvictControl_in ev;
    memset(&ev, 0, sizeof ev);
    CHECK(s, tpm2l_auth_handle_set(&ev.auth, TPM2_RH_OWNER, NULL, 0), 0);
    ev.objectHandle = key;
    ev.persistentHandle = PERSISTENT;
    CHECK(s, tpm2l_EvictControl(s->ctx, &ev, NULL), 0);
    CHECK(s, handles(s, TPM2_PERSISTENT_FIRST, &list), 0);
    REQUIRE(s, list.count == 0);
    return TPM2_RC_SUCCESS;
}

/* The fixed key as TPM areas: a signing key with authValue "key!". */
static TPM2_RC fixed_key(scenario_run *s, TPMT_PUBLIC *pub, TPMT_SENSITIVE *sens)
{
    static const TPM2B_AUTH auth = { 4, { 'k', 'e', 'y', '!' } };
    BIO *b = BIO_new_mem_buf(fixed_key_pem, (int)sizeof fixed_key_pem - 1);
    EVP_PKEY *pkey = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    REQUIRE(s, pkey != NULL);
    TPM2_RC rc = tpm2l_key_from_evp(pkey, TPM2_ALG_SHA256,
                                    TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_SIGN_ENCRYPT |
                                        TPMA_OBJECT_NODA,
                                    &auth, pub, sens);
    EVP_PKEY_free(pkey);
    CHECK(s, rc, 0);
    return TPM2_RC_SUCCESS;
}

/* Load (parent, pub, priv) and sign H("imported") with ECDSA-SHA256; software verifies
 * the signature with pub. */
static TPM2_RC load_sign_verify(scenario_run *s, const tpm2l_handle *parent,
                                const TPM2B_PUBLIC *pub, const TPM2B_PRIVATE *priv)
{
    static tpm2l_Load_in ld;
    static tpm2l_Load_out lo;
    static tpm2l_Sign_in sg;
    static tpm2l_Sign_out so;
    tpm2l_verify_result res;
    memset(&ld, 0, sizeof ld);
    CHECK(s, tpm2l_auth_handle_set(&ld.parentHandle, parent->handle, NULL, 0), 0);
    ld.parentHandle.name = parent->name;
    ld.inPublic = *pub;
    ld.inPrivate = *priv;
    CHECK(s, tpm2l_Load(s->ctx, &ld, &lo), 0);
    memset(&sg, 0, sizeof sg);
    CHECK(s, tpm2l_auth_handle_set(&sg.keyHandle, lo.objectHandle.handle, "key!", 4), 0);
    sg.keyHandle.name = lo.name;
    sg.digest.size = 32;
    CHECK(s, tpm2l_hash(&s->ctx->crypto, TPM2_ALG_SHA256, "imported", 8, sg.digest.buffer,
                        32), 0);
    sg.inScheme.scheme = TPM2_ALG_ECDSA;
    sg.inScheme.details.any.hashAlg = TPM2_ALG_SHA256;
    tpm2l_ticket_hashcheck_null(&sg.validation);
    CHECK(s, tpm2l_Sign(s->ctx, &sg, &so), 0);
    CHECK(s, tpm2l_signature_verify_digest(&s->ctx->crypto, &pub->publicArea,
                                           sg.digest.buffer, 32, &so.signature, &res), 0);
    /* A signature over another digest must not verify: the check is not vacuous. */
    sg.digest.buffer[0] ^= 1;
    CHECK(s, tpm2l_signature_verify_digest(&s->ctx->crypto, &pub->publicArea,
                                           sg.digest.buffer, 32, &so.signature, &res),
          TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    CHECK(s, scenario_flush(s, lo.objectHandle.handle), 0);
    return TPM2_RC_SUCCESS;
}

TPM2_RC sc_import(scenario_run *s)
{
    static tpm2l_Import_in imp;
    static tpm2l_Import_out io;
    static TPMT_SENSITIVE sens;
    static tpm2l_tpmkey file, back;
    static char pem[8192];
    static uint8_t scratch[8192];
    TPMT_PUBLIC parent_pub, pub;
    tpm2l_handle parent;
    size_t pem_len;
    CHECK(s, scenario_startup(s), 0);
    CHECK(s, persist_storage_key(s, &parent, &parent_pub), 0);

    scenario_step(s, "wrap the fixed P-256 key for 0x81000001 in software; Import it");
    CHECK(s, fixed_key(s, &pub, &sens), 0);
    memset(&imp, 0, sizeof imp);
    CHECK(s, tpm2l_auth_handle_set(&imp.parentHandle, parent.handle, NULL, 0), 0);
    imp.parentHandle.name = parent.name;
    imp.objectPublic.publicArea = pub;
    imp.symmetricAlg.algorithm = TPM2_ALG_NULL;
    TPM2_RC rc = tpm2l_wrap_for_import(&s->ctx->crypto, &parent_pub, &sens, &pub,
                                       &imp.duplicate, &imp.inSymSeed);
    tpm2l_cleanse(&sens, sizeof sens);
    CHECK(s, rc, 0);
    CHECK(s, tpm2l_Import(s->ctx, &imp, &io), 0);

    scenario_step(s, "Load the imported key, Sign, verify in software");
    CHECK(s, load_sign_verify(s, &parent, &imp.objectPublic, &io.outPrivate), 0);

    scenario_step(s, "a duplicate with one bit flipped is refused by Import");
    imp.duplicate.buffer[imp.duplicate.size - 1] ^= 1;
    CHECK(s, tpm2l_Import(s->ctx, &imp, &io), TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_3);

    scenario_step(s, "TSS2 PRIVATE KEY PEM of the key: written, read back, loaded, signs");
    memset(&file, 0, sizeof file);
    file.type = TPM2L_TPMKEY_LOADABLE;
    file.parent = PERSISTENT;
    file.pub = imp.objectPublic;
    /* size 0 means "no public area" to the writer; the real size is computed there. */
    file.pub.size = 1;
    file.priv = io.outPrivate;
    CHECK(s, tpm2l_tpmkey_to_pem(&file, pem, sizeof pem, &pem_len), 0);
    REQUIRE(s, strncmp(pem, "-----BEGIN TSS2 PRIVATE KEY-----\n", 33) == 0);
    CHECK(s, tpm2l_tpmkey_read((const uint8_t *)pem, pem_len, scratch, sizeof scratch, &back),
          0);
    REQUIRE(s, back.type == TPM2L_TPMKEY_LOADABLE && back.parent == PERSISTENT &&
                   back.emptyAuth == 0 && back.priv.size == io.outPrivate.size &&
                   memcmp(back.priv.buffer, io.outPrivate.buffer, back.priv.size) == 0);
    CHECK(s, load_sign_verify(s, &parent, &back.pub, &back.priv), 0);
    return TPM2_RC_SUCCESS;
}
