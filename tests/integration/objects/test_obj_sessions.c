/* test_obj_sessions.c - the objects and NV wrappers under HMAC, policy and audit
 * sessions against a real TPM over every simulator kind: parameter encryption where
 * the descriptors allow it, cpHash with an NV index's name before and after its first
 * write, the response HMAC of the ChangeAuth commands (under which authValue the TPM
 * answers), and GetSessionAuditDigest against the software audit digest. */
#include <string.h>

#include "tests/integration/objects/objects_util.h"
#include "tests/integration/secrets/wire_tap.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"

#define IDX 0x01000200u
#define RC_BAD_AUTH_S1 (TPM2_RC_BAD_AUTH | TPM2_RC_S | TPM2_RC_1)

static const char secret[] = "sealed under a salted session";

static tpm2l_CreatePrimary_out primary;
static tpm2l_session s;

static int setup(void **state)
{
    (void)state;
    create_primary(TPM2_ALG_ECC, &primary);
    memset(&s, 0, sizeof s);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (s.handle)
        tpm2l_session_flush(&ctx, &s);
    flush(primary.objectHandle.handle);
    return 0;
}

/* A session salted to the primary (so its key is secret and parameters can be
 * encrypted) with AES-128-CFB, or an unsalted one (salted 0). */
static void start(TPM2_SE type, int salted, TPMA_SESSION attrs)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = type;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    if (salted) {
        p.symmetric.algorithm = TPM2_ALG_AES;
        p.symmetric.keyBits.aes = 128;
        p.symmetric.mode.aes = TPM2_ALG_CFB;
        p.tpmKey = &primary.objectHandle;
    }
    p.attrs = attrs | TPMA_SESSION_CONTINUESESSION;
    OK(tpm2l_session_start(&ctx, &s, &p));
}

static tpm2l_auth_handle with_session(const tpm2l_handle *h, const char *auth)
{
    tpm2l_auth_handle ah = hierarchy(h->handle, auth);
    ah.name = h->name;
    ah.session = &s;
    return ah;
}

static void seal_with(tpm2l_auth_handle parent, const char *auth, tpm2l_Create_out *out)
{
    static tpm2l_Create_in in;
    memset(&in, 0, sizeof in);
    in.parentHandle = parent;
    OK(tpm2l_template_sealed(&in.inPublic.publicArea, TPM2_ALG_SHA256, NULL,
                             TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA));
    in.inSensitive.sensitive.data.size = sizeof secret - 1;
    memcpy(in.inSensitive.sensitive.data.buffer, secret, sizeof secret - 1);
    if (auth) {
        in.inSensitive.sensitive.userAuth.size = (uint16_t)strlen(auth);
        memcpy(in.inSensitive.sensitive.userAuth.buffer, auth, strlen(auth));
    }
    OK(tpm2l_Create(&ctx, &in, out));
}

static void test_create_sends_the_sealed_data_encrypted_under_a_decrypt_session(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    static wire_tap tap;
    /* control: with a password the data crosses the wire in clear */
    wire_tap_on(&tap, &ctx);
    seal_with(hierarchy(primary.objectHandle.handle, NULL), NULL, &cr);
    wire_tap_off(&tap, &ctx);
    assert_true(wire_tap_sent(&tap, secret, sizeof secret - 1));
    start(TPM2_SE_HMAC, 1, TPMA_SESSION_DECRYPT);
    wire_tap_on(&tap, &ctx);
    seal_with(with_session(&primary.objectHandle, NULL), NULL, &cr);
    wire_tap_off(&tap, &ctx);
    assert_false(wire_tap_sent(&tap, secret, sizeof secret - 1));
    assert_true(tap.cmd_len > 0);
}

static void test_seal_and_unseal_through_a_salted_session_with_parameter_encryption(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    static tpm2l_Load_in lin;
    static tpm2l_Load_out ld;
    static tpm2l_Unseal_in uin;
    static tpm2l_Unseal_out us;
    start(TPM2_SE_HMAC, 1, TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT);
    seal_with(with_session(&primary.objectHandle, NULL), "pw", &cr);
    lin.parentHandle = with_session(&primary.objectHandle, NULL);
    lin.inPrivate = cr.outPrivate;
    lin.inPublic = cr.outPublic;
    OK(tpm2l_Load(&ctx, &lin, &ld));
    uin.itemHandle = with_session(&ld.objectHandle, "pw");
    OK(tpm2l_Unseal(&ctx, &uin, &us));
    assert_int_equal(us.outData.size, sizeof secret - 1);
    assert_memory_equal(us.outData.buffer, secret, sizeof secret - 1);
    flush(ld.objectHandle.handle);
}

static void test_object_change_auth_is_answered_under_the_old_auth(void **state)
{
    (void)state;
    static tpm2l_Create_out cr;
    static tpm2l_Load_in lin;
    static tpm2l_Load_out ld;
    static tpm2l_ObjectChangeAuth_in in;
    static tpm2l_ObjectChangeAuth_out out;
    seal_with(hierarchy(primary.objectHandle.handle, NULL), "old", &cr);
    lin.parentHandle = hierarchy(primary.objectHandle.handle, NULL);
    lin.inPrivate = cr.outPrivate;
    lin.inPublic = cr.outPublic;
    OK(tpm2l_Load(&ctx, &lin, &ld));
    start(TPM2_SE_HMAC, 0, 0);
    in.objectHandle = with_session(&ld.objectHandle, "old");
    in.parentHandle = primary.objectHandle;
    in.newAuth.size = 3;
    memcpy(in.newAuth.buffer, "new", 3);
    /* a response HMAC keyed with the wrong value fails as TPM2L_E_RESPONSE_AUTH */
    OK(tpm2l_ObjectChangeAuth(&ctx, &in, &out));
    flush(ld.objectHandle.handle);
}

/* ---- NV ---- */

static TPMS_NV_PUBLIC pub;
static tpm2l_handle nv;

static void define(const char *auth, const TPM2B_DIGEST *policy)
{
    static tpm2l_NV_DefineSpace_in in;
    static tpm2l_NV_DefineSpace_out out;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.auth.size = (uint16_t)strlen(auth);
    memcpy(in.auth.buffer, auth, in.auth.size);
    memset(&pub, 0, sizeof pub);
    pub.nvIndex = IDX;
    pub.nameAlg = TPM2_ALG_SHA256;
    pub.attributes = TPMA_NV_AUTHWRITE | TPMA_NV_AUTHREAD | TPMA_NV_NO_DA;
    if (policy)
        pub.authPolicy = *policy;
    pub.dataSize = 16;
    in.publicInfo.nvPublic = pub;
    OK(tpm2l_NV_DefineSpace(&ctx, &in, &out));
    nv = out.nvIndex;
}

static void undefine(void)
{
    tpm2l_NV_UndefineSpace_in in;
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.nvIndex = nv;
    OK(tpm2l_NV_UndefineSpace(&ctx, &in));
}

static TPM2_RC nv_write(const char *auth, const char *data, int use_session)
{
    static tpm2l_NV_Write_in in;
    in.authHandle = with_session(&nv, auth);
    if (!use_session)
        in.authHandle.session = NULL;
    in.nvIndex = nv;
    in.data.size = (uint16_t)strlen(data);
    memcpy(in.data.buffer, data, in.data.size);
    in.offset = 0;
    return tpm2l_NV_Write(&ctx, &in);
}

static void test_nv_write_hmac_uses_the_name_after_the_first_write(void **state)
{
    (void)state;
    static tpm2l_NV_Read_in rin;
    static tpm2l_NV_Read_out rout;
    define("nv-pw", NULL);
    start(TPM2_SE_HMAC, 1, TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT);
    static wire_tap tap;
    wire_tap_on(&tap, &ctx);
    OK(nv_write("nv-pw", "first write.....", 1));
    wire_tap_off(&tap, &ctx);
    assert_false(wire_tap_sent(&tap, "first write", 11));
    /* the TPM's cpHash now uses the WRITTEN name: the stale one fails the HMAC */
    FAILS_WITH(nv_write("nv-pw", "second write....", 1), RC_BAD_AUTH_S1);
    OK(tpm2l_nv_mark_written(&pub, &nv.name));
    OK(nv_write("nv-pw", "second write....", 1));
    rin.authHandle = with_session(&nv, "nv-pw");
    rin.nvIndex = nv;
    rin.size = 16;
    OK(tpm2l_NV_Read(&ctx, &rin, &rout));
    assert_memory_equal(rout.data.buffer, "second write....", 16);
    undefine();
}

static void test_nv_change_auth_is_answered_under_the_new_auth(void **state)
{
    (void)state;
    tpm2l_policy calc;
    static tpm2l_NV_ChangeAuth_in in;
    static tpm2l_NV_Read_in rin;
    static tpm2l_NV_Read_out rout;
    OK(tpm2l_policy_init(&calc, TPM2_ALG_SHA256));
    OK(tpm2l_policy_command_code(&calc, TPM2_CC_NV_ChangeAuth));
    OK(tpm2l_policy_auth_value(&calc));
    define("old", &calc.digest);
    OK(nv_write("old", "0123456789abcdef", 0));
    OK(tpm2l_nv_mark_written(&pub, &nv.name));

    start(TPM2_SE_POLICY, 0, 0);
    tpm2l_PolicyCommandCode_in cc = {{&s, 0}, TPM2_CC_NV_ChangeAuth};
    OK(tpm2l_PolicyCommandCode(&ctx, &cc));
    tpm2l_PolicyAuthValue_in av = {{&s, 0}};
    OK(tpm2l_PolicyAuthValue(&ctx, &av));
    in.nvIndex = with_session(&nv, "old");
    in.newAuth.size = 3;
    memcpy(in.newAuth.buffer, "new", 3);
    /* keyed with "old" the response HMAC would fail: TPM2L_E_RESPONSE_AUTH */
    OK(tpm2l_NV_ChangeAuth(&ctx, &in));
    tpm2l_session_flush(&ctx, &s);

    rin.authHandle = hierarchy(nv.handle, "new");
    rin.authHandle.name = nv.name;
    rin.nvIndex = nv;
    rin.size = 16;
    OK(tpm2l_NV_Read(&ctx, &rin, &rout));
    undefine();
}

/* ---- audit ---- */

static void test_get_session_audit_digest_equals_the_software_audit_digest(void **state)
{
    (void)state;
    static tpm2l_GetSessionAuditDigest_in in;
    static tpm2l_GetSessionAuditDigest_out out;
    static tpm2l_GetRandom_out rnd;
    tpm2l_GetRandom_in rin = {16};
    start(TPM2_SE_HMAC, 0, TPMA_SESSION_AUDIT);
    for (int i = 0; i < 2; i++) {
        tpm2l_ctx_next_sessions(&ctx, &s, NULL);
        OK(tpm2l_GetRandom(&ctx, &rin, &rnd));
    }
    assert_true(s.audit_started);
    in.privacyAdminHandle = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    in.signHandle = hierarchy(TPM2_RH_NULL, NULL);
    in.sessionHandle = s.handle;
    in.inScheme.scheme = TPM2_ALG_NULL;
    OK(tpm2l_GetSessionAuditDigest(&ctx, &in, &out));
    assert_int_equal(out.signature.sigAlg, TPM2_ALG_NULL);
    const TPM2B_DIGEST *d = &out.attest.attested.sessionAudit.sessionDigest;
    assert_int_equal(d->size, s.audit_digest.size);
    assert_memory_equal(d->buffer, s.audit_digest.buffer, d->size);
}

static void test_no_session_object_or_index_is_left(void **state)
{
    (void)state;
    assert_int_equal(count_handles(TPM2_HR_HMAC_SESSION), 0);
    assert_int_equal(count_handles(TPM2_HR_POLICY_SESSION), 0);
    assert_int_equal(count_handles(TPM2_HR_NV_INDEX), 0);
    assert_no_transients();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_create_sends_the_sealed_data_encrypted_under_a_decrypt_session),
        T(test_seal_and_unseal_through_a_salted_session_with_parameter_encryption),
        T(test_object_change_auth_is_answered_under_the_old_auth),
        T(test_nv_write_hmac_uses_the_name_after_the_first_write),
        T(test_nv_change_auth_is_answered_under_the_new_auth),
        T(test_get_session_audit_digest_equals_the_software_audit_digest),
        cmocka_unit_test(test_no_session_object_or_index_is_left),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
