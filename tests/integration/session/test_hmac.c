/* test_hmac.c - HMAC sessions against real TPMs (swtpm and in-process libtpms):
 * unbound, bound, salted (RSA, ECC), salted+bound, with SHA-1/256/384, authorising
 * HierarchyChangeAuth and encrypting GetRandom. Every test leaves no session loaded. */
#include <stdlib.h>
#include <string.h>

#include "tests/integration/session/sess_util.h"
#include "tpm2lite/policy.h"

#define CONT TPMA_SESSION_CONTINUESESSION
#define DEC TPMA_SESSION_DECRYPT
#define ENC TPMA_SESSION_ENCRYPT
#define RC_BAD_AUTH_S1 (TPM2_RC_BAD_AUTH | TPM2_RC_S | TPM2_RC_1) /* hierarchies: no DA */
#define NV_INDEX 0x01500020u

static const char secret[] = "sealed: 0123456789";

static tpm2l_session s1, s2, s3;

static int setup(void **state)
{
    (void)state;
    make_salt_keys();
    return 0;
}

/* Sessions a failed test left behind are flushed here; a passing test has flushed its
 * own and checked that nothing is loaded. */
static int teardown(void **state)
{
    (void)state;
    tpm2l_session_flush(&ctx, &s1);
    tpm2l_session_flush(&ctx, &s2);
    tpm2l_session_flush(&ctx, &s3);
    flush_stray_objects();
    flush_salt_keys();
    return 0;
}




/* HierarchyChangeAuth(owner) from old to new under session s, then back with a
 * password: the TPM accepted our HMAC and we accepted its response HMAC (keyed with
 * the new value). */
static void change_owner_auth_with(tpm2l_session *s, const char *old, const char *new_auth)
{
    static tpm2l_HierarchyChangeAuth_in in;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, old);
    in.authHandle.session = s;
    in.newAuth.size = (uint16_t)strlen(new_auth);
    memcpy(in.newAuth.buffer, new_auth, in.newAuth.size);
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));
    owner_auth_reset(new_auth);
}

static void test_unbound_unsalted_hmac_authorises_change_auth(void **state)
{
    (void)state;
    static const TPMI_ALG_HASH hashes[] = {TPM2_ALG_SHA1, TPM2_ALG_SHA256, TPM2_ALG_SHA384,
                                           TPM2_ALG_SHA512};
    for (size_t i = 0; i < 4; i++) {
        start_session(&s1, TPM2_SE_HMAC, hashes[i], sym_null(), NULL, NULL, CONT);
        change_owner_auth_with(&s1, NULL, "new owner");
        OK(tpm2l_session_flush(&ctx, &s1));
    }
    assert_nothing_loaded();
}


static void test_bound_session_changes_its_own_entity_auth_then_still_authorises_it(void **state)
{
    (void)state;
    static tpm2l_HierarchyChangeAuth_in in;
    tpm2l_auth_handle bind = hierarchy(TPM2_RH_OWNER, "ownerpw");
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.newAuth.size = 7;
    memcpy(in.newAuth.buffer, "ownerpw", 7);
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));

    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_null(), NULL, &bind, CONT);
    /* on its own bind entity: HMAC keyed with the sessionKey alone; the response
     * comes back under... the TPM decided at command time: sessionKey alone too */
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, "ownerpw");
    in.authHandle.session = &s1;
    in.newAuth.size = 3;
    memcpy(in.newAuth.buffer, "two", 3);
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));
    /* now owner's auth differs from the bind auth: no longer "its own entity" */
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, "two");
    in.authHandle.session = &s1;
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in)); /* back to empty */
    /* and on another entity */
    tpm2l_HierarchyChangeAuth_in e;
    memset(&e, 0, sizeof e);
    e.authHandle = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    e.authHandle.session = &s1;
    e.newAuth.size = 1;
    e.newAuth.buffer[0] = 'e';
    OK(tpm2l_HierarchyChangeAuth(&ctx, &e));
    memset(&e, 0, sizeof e);
    e.authHandle = hierarchy(TPM2_RH_ENDORSEMENT, "e");
    e.authHandle.session = &s1;
    OK(tpm2l_HierarchyChangeAuth(&ctx, &e));
    OK(tpm2l_session_flush(&ctx, &s1));
    assert_nothing_loaded();
}

static void test_bind_to_rh_null_is_an_unbound_session(void **state)
{
    (void)state;
    tpm2l_auth_handle bind = hierarchy(TPM2_RH_NULL, "ignored");
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_null(), NULL, &bind, CONT);
    assert_int_equal(s1.bound, 0);
    assert_int_equal(s1.sessionKey.size, 0);
    change_owner_auth_with(&s1, NULL, "null-bound");
    OK(tpm2l_session_flush(&ctx, &s1));
    assert_nothing_loaded();
}

/* The new authValue travels encrypted; the TPM decrypted it right iff a password
 * session with the value we meant then works. */
static void test_salted_sessions_decrypt_the_new_auth_of_change_auth(void **state)
{
    (void)state;
    const tpm2l_handle *keys[2] = {&rsa_key.objectHandle, &ecc_key.objectHandle};
    const TPMT_SYM_DEF syms[3] = {sym_aes(128), sym_aes(256), sym_xor(TPM2_ALG_SHA256)};
    static const TPMI_ALG_HASH hashes[] = {TPM2_ALG_SHA1, TPM2_ALG_SHA256, TPM2_ALG_SHA384};
    for (size_t k = 0; k < 2; k++)
        for (size_t y = 0; y < 3; y++)
            for (size_t h = 0; h < 3; h++) {
                start_session(&s1, TPM2_SE_HMAC, hashes[h], syms[y], keys[k], NULL, CONT | DEC);
                assert_int_equal(s1.salted, 1);
                change_owner_auth_with(&s1, NULL, "encrypted new auth");
                OK(tpm2l_session_flush(&ctx, &s1));
            }
    assert_nothing_loaded();
}

static void test_salted_and_bound_sessions_encrypt_get_random(void **state)
{
    (void)state;
    static tpm2l_GetRandom_in in = {32};
    static tpm2l_GetRandom_out out;
    const tpm2l_handle *keys[2] = {&rsa_key.objectHandle, &ecc_key.objectHandle};
    tpm2l_auth_handle bind = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    for (size_t k = 0; k < 2; k++) {
        start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_aes(128), keys[k], &bind,
                      CONT | ENC);
        assert_int_equal(s1.salted & s1.bound, 1);
        for (int i = 0; i < 3; i++) {
            tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
            OK(tpm2l_GetRandom(&ctx, &in, &out));
            assert_int_equal(out.randomBytes.size, 32);
        }
        OK(tpm2l_session_flush(&ctx, &s1));
    }
    assert_nothing_loaded();
}

static tpm2l_auth_handle object_auth(const tpm2l_handle *h, const char *auth,
                                     tpm2l_session *s)
{
    tpm2l_auth_handle ah = hierarchy(h->handle, auth);
    ah.name = h->name;
    ah.session = s;
    return ah;
}

/* Create a sealed object under ecc_key (parent authorised by pa) and load it. */
static void seal_and_load(tpm2l_session *pa, const char *auth, const TPM2B_DIGEST *policy,
                          tpm2l_handle *loaded)
{
    static tpm2l_Create_in in;
    static tpm2l_Create_out out;
    static tpm2l_Load_in lin;
    static tpm2l_Load_out lout;
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(&ecc_key.objectHandle, NULL, pa);
    OK(tpm2l_template_sealed(&in.inPublic.publicArea, TPM2_ALG_SHA256, policy,
                             policy ? 0 : TPMA_OBJECT_USERWITHAUTH));
    in.inSensitive.sensitive.data.size = sizeof secret - 1;
    memcpy(in.inSensitive.sensitive.data.buffer, secret, sizeof secret - 1);
    if (auth) {
        in.inSensitive.sensitive.userAuth.size = (uint16_t)strlen(auth);
        memcpy(in.inSensitive.sensitive.userAuth.buffer, auth, strlen(auth));
    }
    OK(tpm2l_Create(&ctx, &in, &out));
    memset(&lin, 0, sizeof lin);
    lin.parentHandle = object_auth(&ecc_key.objectHandle, NULL, NULL);
    lin.inPrivate = out.outPrivate;
    lin.inPublic = out.outPublic;
    OK(tpm2l_Load(&ctx, &lin, &lout));
    *loaded = lout.objectHandle;
}

static void assert_unseals(const tpm2l_handle *h, const char *auth, tpm2l_session *s)
{
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    in.itemHandle = object_auth(h, auth, s);
    OK(tpm2l_Unseal(&ctx, &in, &out));
    assert_int_equal(out.outData.size, sizeof secret - 1);
    assert_memory_equal(out.outData.buffer, secret, sizeof secret - 1);
}

static void test_create_with_decrypt_and_unseal_with_encrypt(void **state)
{
    (void)state;
    tpm2l_handle obj;
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_aes(128), &ecc_key.objectHandle, NULL,
                  CONT | DEC | ENC);
    seal_and_load(&s1, "objpw\0", NULL, &obj);
    assert_unseals(&obj, "objpw", &s1);
    assert_unseals(&obj, "objpw\0\0", &s1); /* trailing zeros never count */
    flush(obj.handle);
    OK(tpm2l_session_flush(&ctx, &s1));
    assert_nothing_loaded();
}

static void test_nv_write_with_decrypt_and_nv_read_with_encrypt(void **state)
{
    (void)state;
    static tpm2l_NV_DefineSpace_in din;
    static tpm2l_NV_DefineSpace_out dout;
    static tpm2l_NV_Write_in win;
    static tpm2l_NV_Read_in rin;
    static tpm2l_NV_Read_out rout;
    memset(&din, 0, sizeof din);
    din.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    din.auth.size = 4;
    memcpy(din.auth.buffer, "nvpw", 4);
    din.publicInfo.nvPublic.nvIndex = NV_INDEX;
    din.publicInfo.nvPublic.nameAlg = TPM2_ALG_SHA256;
    din.publicInfo.nvPublic.attributes = TPMA_NV_AUTHWRITE | TPMA_NV_AUTHREAD |
                                         TPMA_NV_NO_DA | TPMA_NV_NT_SET(TPM2_NT_ORDINARY);
    din.publicInfo.nvPublic.dataSize = 32;
    OK(tpm2l_NV_DefineSpace(&ctx, &din, &dout));

    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA384, sym_aes(256), &rsa_key.objectHandle, NULL,
                  CONT | DEC | ENC);
    memset(&win, 0, sizeof win);
    win.authHandle = object_auth(&dout.nvIndex, "nvpw", &s1);
    win.nvIndex = dout.nvIndex;
    win.data.size = sizeof secret - 1;
    memcpy(win.data.buffer, secret, sizeof secret - 1);
    OK(tpm2l_NV_Write(&ctx, &win));
    /* written: the index has a new name */
    TPMS_NV_PUBLIC pub = din.publicInfo.nvPublic;
    tpm2l_handle nv = dout.nvIndex;
    OK(tpm2l_nv_mark_written(&pub, &nv.name));

    memset(&rin, 0, sizeof rin);
    rin.authHandle = object_auth(&nv, "nvpw", &s1);
    rin.nvIndex = nv;
    rin.size = sizeof secret - 1;
    OK(tpm2l_NV_Read(&ctx, &rin, &rout));
    assert_int_equal(rout.data.size, sizeof secret - 1);
    assert_memory_equal(rout.data.buffer, secret, sizeof secret - 1);
    OK(tpm2l_session_flush(&ctx, &s1));

    tpm2l_NV_UndefineSpace_in uin;
    uin.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    uin.nvIndex = nv;
    OK(tpm2l_NV_UndefineSpace(&ctx, &uin));
    assert_nothing_loaded();
}

/* An unsalted HMAC session authorises, a salted one only encrypts, a third audits. */
static void test_three_sessions_on_one_command(void **state)
{
    (void)state;
    tpm2l_handle obj;
    seal_and_load(NULL, "pw", NULL, &obj);
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_null(), NULL, NULL, CONT);
    start_session(&s2, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_aes(128), &rsa_key.objectHandle, NULL,
                  CONT | ENC);
    start_session(&s3, TPM2_SE_HMAC, TPM2_ALG_SHA1, sym_null(), NULL, NULL,
                  CONT | TPMA_SESSION_AUDIT);
    for (int i = 0; i < 2; i++) {
        tpm2l_ctx_next_sessions(&ctx, &s2, &s3);
        assert_unseals(&obj, "pw", &s1);
    }
    assert_int_equal(s3.audit_started, 1);
    flush(obj.handle);
    OK(tpm2l_session_flush(&ctx, &s1));
    OK(tpm2l_session_flush(&ctx, &s2));
    OK(tpm2l_session_flush(&ctx, &s3));
    assert_nothing_loaded();
}

static void test_policy_sessions_with_auth_value_or_password_unseal(void **state)
{
    (void)state;
    tpm2l_policy calc;
    tpm2l_handle obj;
    OK(tpm2l_policy_init(&calc, TPM2_ALG_SHA256));
    OK(tpm2l_policy_auth_value(&calc)); /* PolicyPassword extends the same */
    seal_and_load(NULL, "polpw", &calc.digest, &obj);
    for (int password = 0; password < 2; password++) {
        /* salted and encrypting: its nonceTPM must roll for the second Unseal */
        start_session(&s1, TPM2_SE_POLICY, TPM2_ALG_SHA256, sym_aes(128),
                      &ecc_key.objectHandle, NULL, CONT | ENC);
        for (int round = 0; round < 2; round++) {
            if (password) {
                tpm2l_PolicyPassword_in pin = {{&s1, 0}};
                OK(tpm2l_PolicyPassword(&ctx, &pin));
                assert_int_equal(s1.policy_password, 1);
            } else {
                tpm2l_PolicyAuthValue_in pin = {{&s1, 0}};
                OK(tpm2l_PolicyAuthValue(&ctx, &pin));
                assert_int_equal(s1.policy_auth_value, 1);
            }
            assert_unseals(&obj, "polpw", &s1);
            tpm2l_PolicyRestart_in rin = {{&s1, 0}};
            OK(tpm2l_PolicyRestart(&ctx, &rin));
        }
        OK(tpm2l_session_flush(&ctx, &s1));
    }
    flush(obj.handle);
    assert_nothing_loaded();
}

static void test_unsalted_unbound_session_is_refused_for_encryption(void **state)
{
    (void)state;
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_HMAC;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric = sym_aes(128);
    p.attrs = CONT | ENC;
    check(tpm2l_session_start(&ctx, &s1, &p), TPM2L_RC_SESSION(TPM2L_E_BAD_ARG), "start");
    assert_error_mentions("sessionKey would be empty");
    assert_int_equal(s1.handle, 0);
    /* a salt key without its name is refused too */
    tpm2l_handle nameless = {rsa_key.objectHandle.handle, {0}};
    p.tpmKey = &nameless;
    check(tpm2l_session_start(&ctx, &s1, &p), TPM2L_RC_SESSION(TPM2L_E_BAD_ARG), "start");
    assert_error_mentions("name");
    assert_nothing_loaded();
}

static void test_salt_is_not_reused_by_a_later_unsalted_session(void **state)
{
    (void)state;
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_aes(128), &rsa_key.objectHandle, NULL,
                  CONT);
    assert_int_not_equal(s1.sessionKey.size, 0);
    OK(tpm2l_session_flush(&ctx, &s1));
    /* the same struct, started again without salt */
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_aes(128), NULL, NULL, CONT);
    assert_int_equal(s1.salted, 0);
    assert_int_equal(s1.sessionKey.size, 0);
    change_owner_auth_with(&s1, NULL, "after salt"); /* the TPM agrees: no salt */
    OK(tpm2l_session_flush(&ctx, &s1));
    assert_nothing_loaded();
}

static void test_failed_command_keeps_the_session_loaded_and_usable(void **state)
{
    (void)state;
    static tpm2l_HierarchyChangeAuth_in in;
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_null(), NULL, NULL, 0);
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, "wrong");
    in.authHandle.session = &s1;
    check(tpm2l_HierarchyChangeAuth(&ctx, &in), RC_BAD_AUTH_S1, "wrong auth");
    /* no continueSession, but a failed command does not end a session */
    assert_int_not_equal(s1.handle, 0);
    assert_int_equal(s1.unusable, 0);
    assert_int_equal(count_loaded_sessions(), 1);
    /* same nonces: it still works */
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.authHandle.session = &s1;
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));
    /* that success ended it, in the TPM and here */
    assert_int_equal(s1.handle, 0);
    assert_nothing_loaded();
}


/* Session 0's HMAC covers the nonceTPM of a separate decrypt session and of a separate
 * encrypt session (Part 1 §19.6.5): the TPM checks it, so Create succeeding proves
 * both were included, in that order. */
static void test_separate_decrypt_and_encrypt_sessions_after_the_authorising_one(void **state)
{
    (void)state;
    tpm2l_handle obj;
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_null(), NULL, NULL, CONT);
    start_session(&s2, TPM2_SE_HMAC, TPM2_ALG_SHA1, sym_aes(128), &rsa_key.objectHandle, NULL,
                  CONT | DEC);
    start_session(&s3, TPM2_SE_HMAC, TPM2_ALG_SHA384, sym_xor(TPM2_ALG_SHA256),
                  &ecc_key.objectHandle, NULL, CONT | ENC);
    tpm2l_ctx_next_sessions(&ctx, &s2, &s3);
    seal_and_load(&s1, "sep", NULL, &obj);
    tpm2l_ctx_next_sessions(&ctx, &s3, NULL);
    assert_unseals(&obj, "sep", &s1);
    flush(obj.handle);
    OK(tpm2l_session_flush(&ctx, &s1));
    OK(tpm2l_session_flush(&ctx, &s2));
    OK(tpm2l_session_flush(&ctx, &s3));
    assert_nothing_loaded();
}

/* A policy session without PolicyAuthValue/PolicyPassword: HMACs keyed with the
 * sessionKey alone, the response verified all the same; the response is still
 * encrypted under sessionKey || the object's authValue (Part 1 §21.1: sessionValue
 * includes it whenever the session authorises an entity), so the auth must be right
 * for the plaintext to be. */
static void test_policy_session_without_auth_value_unseals_encrypted(void **state)
{
    (void)state;
    tpm2l_policy calc;
    tpm2l_handle obj;
    OK(tpm2l_policy_init(&calc, TPM2_ALG_SHA256));
    OK(tpm2l_policy_command_code(&calc, TPM2_CC_Unseal));
    seal_and_load(NULL, "unused", &calc.digest, &obj);
    start_session(&s1, TPM2_SE_POLICY, TPM2_ALG_SHA256, sym_aes(128), &rsa_key.objectHandle,
                  NULL, CONT | ENC);
    for (int round = 0; round < 2; round++) {
        tpm2l_PolicyCommandCode_in pcc = {{&s1, 0}, TPM2_CC_Unseal};
        OK(tpm2l_PolicyCommandCode(&ctx, &pcc));
        assert_unseals(&obj, "unused", &s1);
        tpm2l_PolicyRestart_in rin = {{&s1, 0}};
        OK(tpm2l_PolicyRestart(&ctx, &rin));
    }
    OK(tpm2l_session_flush(&ctx, &s1));
    flush(obj.handle);
    assert_nothing_loaded();
}

/* Clear resets the lockout authValue it was authorised with: the TPM answers under the
 * empty value, and the executor verifies it so. */
static void test_clear_under_an_hmac_session_is_verified_under_the_empty_auth(void **state)
{
    (void)state;
    static tpm2l_HierarchyChangeAuth_in in;
    static tpm2l_Clear_in cin;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_LOCKOUT, NULL);
    in.newAuth.size = 2;
    memcpy(in.newAuth.buffer, "lk", 2);
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_null(), NULL, NULL, CONT);
    memset(&cin, 0, sizeof cin);
    cin.authHandle = hierarchy(TPM2_RH_LOCKOUT, "lk");
    cin.authHandle.session = &s1;
    OK(tpm2l_Clear(&ctx, &cin));
    OK(tpm2l_session_flush(&ctx, &s1));
    /* Clear flushed the owner's salt keys: make them again for the teardown */
    memset(&rsa_key, 0, sizeof rsa_key);
    memset(&ecc_key, 0, sizeof ecc_key);
    make_salt_keys();
    assert_nothing_loaded();
}

/* NV_ChangeAuth changes the index's authValue in place: the TPM keys the response
 * HMAC with the new value (the policy session includes it after PolicyAuthValue). */
static void test_nv_change_auth_response_is_keyed_with_the_new_auth(void **state)
{
    (void)state;
    static tpm2l_NV_DefineSpace_in din;
    static tpm2l_NV_DefineSpace_out dout;
    static tpm2l_NV_ChangeAuth_in cin;
    static tpm2l_NV_Read_in rin;
    static tpm2l_NV_Read_out rout;
    tpm2l_policy calc;
    OK(tpm2l_policy_init(&calc, TPM2_ALG_SHA256));
    OK(tpm2l_policy_command_code(&calc, TPM2_CC_NV_ChangeAuth));
    OK(tpm2l_policy_auth_value(&calc));
    memset(&din, 0, sizeof din);
    din.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    din.auth.size = 3;
    memcpy(din.auth.buffer, "old", 3);
    din.publicInfo.nvPublic.nvIndex = NV_INDEX;
    din.publicInfo.nvPublic.nameAlg = TPM2_ALG_SHA256;
    din.publicInfo.nvPublic.attributes =
        TPMA_NV_AUTHREAD | TPMA_NV_AUTHWRITE | TPMA_NV_NO_DA | TPMA_NV_NT_SET(TPM2_NT_ORDINARY);
    din.publicInfo.nvPublic.authPolicy = calc.digest;
    din.publicInfo.nvPublic.dataSize = 8;
    OK(tpm2l_NV_DefineSpace(&ctx, &din, &dout));

    start_session(&s1, TPM2_SE_POLICY, TPM2_ALG_SHA256, sym_aes(128), &ecc_key.objectHandle,
                  NULL, CONT | DEC);
    tpm2l_PolicyCommandCode_in pcc = {{&s1, 0}, TPM2_CC_NV_ChangeAuth};
    OK(tpm2l_PolicyCommandCode(&ctx, &pcc));
    tpm2l_PolicyAuthValue_in pav = {{&s1, 0}};
    OK(tpm2l_PolicyAuthValue(&ctx, &pav));
    memset(&cin, 0, sizeof cin);
    cin.nvIndex = object_auth(&dout.nvIndex, "old", &s1);
    cin.newAuth.size = 4;
    memcpy(cin.newAuth.buffer, "new!", 4); /* encrypted: the session decrypts */
    OK(tpm2l_NV_ChangeAuth(&ctx, &cin));
    OK(tpm2l_session_flush(&ctx, &s1));

    /* the new value works by password (the index was never written: read fails with
     * NV_UNINITIALIZED only after the auth check passed) */
    memset(&rin, 0, sizeof rin);
    rin.authHandle = object_auth(&dout.nvIndex, "new!", NULL);
    rin.nvIndex = dout.nvIndex;
    rin.size = 8;
    check(tpm2l_NV_Read(&ctx, &rin, &rout), TPM2_RC_NV_UNINITIALIZED, "NV_Read with new auth");

    tpm2l_NV_UndefineSpace_in uin;
    uin.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    uin.nvIndex = dout.nvIndex;
    OK(tpm2l_NV_UndefineSpace(&ctx, &uin));
    assert_nothing_loaded();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    if (!getenv("TPM2L_TEST_SIM_KINDS"))
        setenv("TPM2L_TEST_SIM_KINDS", "swtpm_tcp,libtpms", 1);
    const struct CMUnitTest tests[] = {
        T(test_unbound_unsalted_hmac_authorises_change_auth),
        T(test_bound_session_changes_its_own_entity_auth_then_still_authorises_it),
        T(test_bind_to_rh_null_is_an_unbound_session),
        T(test_salted_sessions_decrypt_the_new_auth_of_change_auth),
        T(test_salted_and_bound_sessions_encrypt_get_random),
        T(test_create_with_decrypt_and_unseal_with_encrypt),
        T(test_nv_write_with_decrypt_and_nv_read_with_encrypt),
        T(test_three_sessions_on_one_command),
        T(test_separate_decrypt_and_encrypt_sessions_after_the_authorising_one),
        T(test_policy_session_without_auth_value_unseals_encrypted),
        T(test_policy_sessions_with_auth_value_or_password_unseal),
        T(test_unsalted_unbound_session_is_refused_for_encryption),
        T(test_salt_is_not_reused_by_a_later_unsalted_session),
        T(test_failed_command_keeps_the_session_loaded_and_usable),
        T(test_nv_change_auth_response_is_keyed_with_the_new_auth),
        T(test_clear_under_an_hmac_session_is_verified_under_the_empty_auth),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
