/* test_matrix.c - the sessions issue's matrix on one swtpm: {HMAC, policy} x
 * {unbound, bound, salted RSA, salted ECC, salted+bound} x {no encryption, decrypt,
 * encrypt, both} x {AES-128-CFB, XOR} = 80 session configurations, each on the
 * commands that carry secrets (Create of a sealed object, Unseal, GetRandom,
 * NV_Write + NV_Read, HierarchyChangeAuth). Every cell must end as documented: it
 * works and the secret round-trips, or the library refuses the session (session.h:
 * encryption asked of a session whose sessionKey would be empty), or the TPM refuses
 * it by the specification (the exact code, with the rule cited). One cmocka test per
 * command loops over the cells and prints the whole table when any cell is wrong.
 *
 * The entities all have non-empty authValues and authPolicy = PolicyAuthValue, so
 * HMAC rows use the authValue through the HMAC key and policy rows (which run
 * PolicyAuthValue) do too. Bound rows bind to the authorised entity itself with
 * AES-128 (the "bound on its own entity" HMAC key rule) and to another entity with
 * XOR; salted+bound rows salt with RSA for "none"/"encrypt" and ECC for the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/session/matrix.h"

/* ---- the commands ---- */

static uint8_t wire_secret[64]; /* what the last run must hide, for the recorded cells */

static TPM2_RC verify_failed(char *why, size_t cap, const char *what)
{
    snprintf(why, cap, "%s (%s)", what, tpm2l_ctx_error(&ctx));
    return VERIFY_FAILED;
}

/* Create of a sealed object under the parent, authorised by s; then Load and Unseal
 * by password: the TPM got the data we meant and outPrivate came back intact. */
static TPM2_RC run_create(tpm2l_session *s, int cell, char *why, size_t cap)
{
    static tpm2l_Create_in in;
    static tpm2l_Create_out out;
    static tpm2l_Load_in lin;
    static tpm2l_Load_out lout;
    static tpm2l_Unseal_in uin;
    static tpm2l_Unseal_out uout;
    memset(&in, 0, sizeof in);
    in.parentHandle = parent;
    in.parentHandle.session = s;
    if (tpm2l_template_sealed(&in.inPublic.publicArea, TPM2_ALG_SHA256, &pav.digest,
                              TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA))
        return verify_failed(why, cap, "template");
    in.inSensitive.sensitive.userAuth.size = 6;
    memcpy(in.inSensitive.sensitive.userAuth.buffer, "obj-pw", 6);
    int n = snprintf((char *)in.inSensitive.sensitive.data.buffer, 64,
                     "created sealed secret, cell %02d", cell);
    in.inSensitive.sensitive.data.size = (uint16_t)n;
    memcpy(wire_secret, in.inSensitive.sensitive.data.buffer, (size_t)n);
    TPM2_RC rc = policy_prep(s);
    if (rc)
        return rc;
    rec_on();
    rc = tpm2l_Create(&ctx, &in, &out);
    rec_off();
    if (rc)
        return rc;
    memset(&lin, 0, sizeof lin);
    lin.parentHandle = parent;
    lin.inPrivate = out.outPrivate;
    lin.inPublic = out.outPublic;
    if (tpm2l_Load(&ctx, &lin, &lout))
        return verify_failed(why, cap, "Load of the created object");
    uin.itemHandle = entity(&lout.objectHandle, "obj-pw");
    rc = tpm2l_Unseal(&ctx, &uin, &uout);
    tpm2l_FlushContext_in fin = {lout.objectHandle.handle};
    (void)tpm2l_FlushContext(&ctx, &fin);
    if (rc)
        return verify_failed(why, cap, "Unseal of the created object");
    if (uout.outData.size != (uint16_t)n || memcmp(uout.outData.buffer, wire_secret, (size_t)n))
        return verify_failed(why, cap, "unsealed != sealed");
    return 0;
}

static TPM2_RC run_unseal(tpm2l_session *s, int cell, char *why, size_t cap)
{
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    (void)cell;
    in.itemHandle = sealed;
    in.itemHandle.session = s;
    TPM2_RC rc = policy_prep(s);
    if (rc)
        return rc;
    memset(&out, 0, sizeof out);
    rec_on();
    rc = tpm2l_Unseal(&ctx, &in, &out);
    rec_off();
    if (rc)
        return rc;
    if (out.outData.size != sizeof sealed_data - 1 ||
        memcmp(out.outData.buffer, sealed_data, sizeof sealed_data - 1))
        return verify_failed(why, cap, "unsealed != sealed");
    return 0;
}

/* s authorises nothing here: it rides along to encrypt the response. */
static TPM2_RC run_getrandom(tpm2l_session *s, int cell, char *why, size_t cap)
{
    static tpm2l_GetRandom_in in = {RAND_SIZE};
    static tpm2l_GetRandom_out out;
    (void)cell;
    memset(&out, 0, sizeof out);
    tpm2l_ctx_next_sessions(&ctx, s, NULL);
    rec_on();
    TPM2_RC rc = tpm2l_GetRandom(&ctx, &in, &out);
    rec_off();
    if (rc)
        return rc;
    if (out.randomBytes.size != RAND_SIZE)
        return verify_failed(why, cap, "wrong number of random bytes");
    memcpy(wire_secret, out.randomBytes.buffer, RAND_SIZE);
    return 0;
}

/* NV_Write then NV_Read of the whole index, both authorised by s. */
static TPM2_RC run_nv(tpm2l_session *s, int cell, char *why, size_t cap)
{
    static tpm2l_NV_Write_in win;
    static tpm2l_NV_Read_in rin;
    static tpm2l_NV_Read_out rout;
    char text[NV_SIZE + 1];
    snprintf(text, sizeof text, "nv secret of matrix cell #%02d...", cell);
    memset(&win, 0, sizeof win);
    win.authHandle = nv;
    win.authHandle.session = s;
    win.nvIndex.handle = nv.handle;
    win.nvIndex.name = nv.name;
    win.data.size = NV_SIZE;
    memcpy(win.data.buffer, text, NV_SIZE);
    memcpy(wire_secret, text, NV_SIZE);
    TPM2_RC rc = policy_prep(s);
    if (rc)
        return rc;
    rec_on();
    rc = tpm2l_NV_Write(&ctx, &win);
    if (!rc)
        rc = policy_prep(s);
    if (!rc) {
        memset(&rin, 0, sizeof rin);
        rin.authHandle = win.authHandle;
        rin.nvIndex = win.nvIndex;
        rin.size = NV_SIZE;
        memset(&rout, 0, sizeof rout);
        rc = tpm2l_NV_Read(&ctx, &rin, &rout);
    }
    rec_off();
    if (rc)
        return rc;
    if (rout.data.size != NV_SIZE || memcmp(rout.data.buffer, text, NV_SIZE))
        return verify_failed(why, cap, "NV_Read != written");
    return 0;
}

/* Owner auth owner-pw -> a new value under s; the new value then changes it back by
 * password, which proves the TPM decrypted the value we meant. */
static TPM2_RC run_change_auth(tpm2l_session *s, int cell, char *why, size_t cap)
{
    static tpm2l_HierarchyChangeAuth_in in, back;
    memset(&in, 0, sizeof in);
    in.authHandle = owner;
    in.authHandle.session = s;
    int n = snprintf((char *)in.newAuth.buffer, sizeof in.newAuth.buffer, "owner-%02d-new", cell);
    in.newAuth.size = (uint16_t)n;
    memcpy(wire_secret, in.newAuth.buffer, (size_t)n);
    TPM2_RC rc = policy_prep(s);
    if (rc)
        return rc;
    rec_on();
    rc = tpm2l_HierarchyChangeAuth(&ctx, &in);
    rec_off();
    if (rc)
        return rc;
    memset(&back, 0, sizeof back);
    back.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    back.authHandle.auth.size = (uint16_t)n;
    memcpy(back.authHandle.auth.buffer, wire_secret, (size_t)n);
    back.newAuth = owner.auth;
    if (tpm2l_HierarchyChangeAuth(&ctx, &back))
        return verify_failed(why, cap, "the new owner auth does not work");
    return 0;
}

/* GetRandom authorises nothing, so s is an extra session, and a session that is not
 * for authorisation must be for decrypt, encrypt or audit (TCG reference code, Part 4
 * SessionProcess.c ParseSessionBuffer(): TPM_RC_ATTRIBUTES + S + its index; swtpm's
 * libtpms answers 0x982 for session 1, checked here). With "none" it is
 * none of them; with "dec" neither, because GetRandom has no TPM2B command parameter:
 * the library leaves DECRYPT off (session.h) and, had it sent it, the TPM would refuse
 * it with the same code (Part 3 marks no encryptable command parameter). A policy
 * session is accepted as an encrypt-only session: the spec forbids policy sessions
 * only for audit. */
static TPM2_RC getrandom_refused(const cfg *c)
{
    return c->enc == E_NONE || c->enc == E_DEC ? TPM2_RC_ATTRIBUTES | TPM2_RC_S | TPM2_RC_1 : 0;
}

static command create_cmd = {"Create", &parent, &sealed, run_create, NULL, wire_secret, 0};
static command unseal_cmd = {"Unseal", &sealed, &parent, run_unseal, NULL,
                             (const uint8_t *)sealed_data, sizeof sealed_data - 1};
static command getrandom_cmd = {"GetRandom", NULL, &parent, run_getrandom, getrandom_refused,
                                wire_secret, RAND_SIZE};
static command nv_cmd = {"NV_Write+NV_Read", &nv, &parent, run_nv, NULL, wire_secret,
                         NV_SIZE};
static command change_auth_cmd = {"HierarchyChangeAuth", &owner, &parent, run_change_auth,
                                  NULL, wire_secret, 0};

static void test_create_of_a_sealed_object_over_the_matrix(void **state)
{
    (void)state;
    create_cmd.secret_len = strlen("created sealed secret, cell 00");
    run_matrix(&create_cmd);
}

static void test_unseal_over_the_matrix(void **state)
{
    (void)state;
    run_matrix(&unseal_cmd);
}

static void test_get_random_over_the_matrix(void **state)
{
    (void)state;
    run_matrix(&getrandom_cmd);
}

static void test_nv_write_and_read_over_the_matrix(void **state)
{
    (void)state;
    run_matrix(&nv_cmd);
}

/* Owner gets a non-empty authValue and authPolicy = PolicyAuthValue (SetPrimaryPolicy)
 * for this test only; both are emptied again after it. */
static void owner_policy(const char *auth, int set)
{
    static tpm2l_SetPrimaryPolicy_in in;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, auth);
    in.hashAlg = set ? TPM2_ALG_SHA256 : TPM2_ALG_NULL;
    if (set)
        in.authPolicy = pav.digest;
    OK(tpm2l_SetPrimaryPolicy(&ctx, &in));
}

static void test_set_primary_policy_refuses_a_digest_of_the_wrong_size(void **state)
{
    (void)state;
    static tpm2l_SetPrimaryPolicy_in in;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.hashAlg = TPM2_ALG_SHA256;
    in.authPolicy.size = 20;
    FAILS_WITH(tpm2l_SetPrimaryPolicy(&ctx, &in), TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG));
    assert_error_mentions("wants 32");
    in.hashAlg = TPM2_ALG_NULL; /* no policy: no digest either */
    FAILS_WITH(tpm2l_SetPrimaryPolicy(&ctx, &in), TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG));
    in.authPolicy.size = 0;
    OK(tpm2l_SetPrimaryPolicy(&ctx, &in));
}

static void test_hierarchy_change_auth_over_the_matrix(void **state)
{
    (void)state;
    static tpm2l_HierarchyChangeAuth_in in;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.newAuth = owner.auth;
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));
    owner_policy("owner-pw", 1);
    change_auth_cmd.secret_len = strlen("owner-00-new");
    run_matrix(&change_auth_cmd);
    owner_policy("owner-pw", 0);
    owner_auth_reset("owner-pw");
}

static int change_auth_teardown(void **state)
{
    /* after a failure: put the owner back to no policy, empty auth (best effort) */
    static tpm2l_SetPrimaryPolicy_in in;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, "owner-pw");
    in.hashAlg = TPM2_ALG_NULL;
    if (tpm2l_SetPrimaryPolicy(&ctx, &in) == 0) {
        static tpm2l_HierarchyChangeAuth_in back;
        memset(&back, 0, sizeof back);
        back.authHandle = in.authHandle;
        (void)tpm2l_HierarchyChangeAuth(&ctx, &back);
    }
    return matrix_teardown(state);
}

/* Everything the matrix made is gone, and nothing else is left: no session, no
 * transient or persistent object, no NV index beyond those the TPM started with. */
static void test_nothing_is_left_behind(void **state)
{
    (void)state;
    static tpm2l_NV_UndefineSpace_in uin;
    assert_int_equal(sessions_loaded(), 0);
    flush(sealed.handle);
    flush(parent.handle);
    persist(NULL, RSA_SALT_HANDLE, &rsa_salt);
    persist(NULL, ECC_SALT_HANDLE, &ecc_salt);
    uin.authHandle = hierarchy(TPM2_RH_OWNER, NULL); /* proves owner auth is empty again */
    uin.nvIndex.handle = nv.handle;
    uin.nvIndex.name = nv.name;
    OK(tpm2l_NV_UndefineSpace(&ctx, &uin));
    world_ready = 0;
    assert_int_equal(sessions_loaded(), 0);
    assert_int_equal(count_handles(TPM2_HR_TRANSIENT), 0);
    assert_int_equal(count_handles(TPM2_HR_NV_INDEX), nv_baseline);
    assert_int_equal(count_handles(TPM2_HR_PERSISTENT), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, matrix_setup, matrix_teardown)

int main(void)
{
    if (!getenv("TPM2L_TEST_SIM_KINDS"))
        setenv("TPM2L_TEST_SIM_KINDS", "swtpm_tcp", 1);
    const struct CMUnitTest tests[] = {
        T(test_create_of_a_sealed_object_over_the_matrix),
        T(test_unseal_over_the_matrix),
        T(test_get_random_over_the_matrix),
        T(test_nv_write_and_read_over_the_matrix),
        T(test_set_primary_policy_refuses_a_digest_of_the_wrong_size),
        cmocka_unit_test_setup_teardown(test_hierarchy_change_auth_over_the_matrix, matrix_setup,
                                        change_auth_teardown),
        T(test_nothing_is_left_behind),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}

