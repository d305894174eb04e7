/* test_policy_real.c - real policy sessions on a real TPM: PolicySecret, PolicySigned
 * (an OpenSSL key's signature), PolicyAuthorize (a VerifySignature ticket), and a
 * sealed object whose authPolicy (PolicyPCR + PolicyPassword, computed in software)
 * unseals with PolicyPassword or PolicyAuthValue, fails with TPM_RC_POLICY_FAIL once
 * the PCR moved, and unseals again after PolicyRestart and a correct chain. */
#include <string.h>

#include "tests/integration/policy/policy_util.h"

#define RC_POLICY_FAIL_S1 (TPM2_RC_POLICY_FAIL | TPM2_RC_S | TPM2_RC_1)
#define TEST_PCR 16 /* the debug PCR: resettable from locality 0 */

static tpm2l_session s;
static tpm2l_CreatePrimary_out primary;
static const char secret[] = "policy-sealed secret";
static const char item_auth[] = "pw";

static int start_policy(void **state)
{
    (void)state;
    start_session(TPM2_SE_POLICY, &s);
    return 0;
}

static int end_policy(void **state)
{
    (void)state;
    end_session(&s);
    return 0;
}

#define REAL(f) cmocka_unit_test_setup_teardown(f, start_policy, end_policy)

static const uint8_t policy_a[32] = {
    0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xB3, 0xF8, 0x1A, 0x90, 0xCC,
    0x8D, 0x46, 0xA5, 0xD7, 0x24, 0xFD, 0x52, 0xD7, 0x6E, 0x06, 0x52,
    0x0B, 0x64, 0xF2, 0xA1, 0xDA, 0x1B, 0x33, 0x14, 0x69, 0xAA};

static void test_real_secret_on_endorsement_gives_policy_a(void **state)
{
    (void)state;
    static tpm2l_PolicySecret_in in;
    static tpm2l_PolicySecret_out out;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    in.policySession = ps(&s);
    in.nonceTPM = s.nonceTPM;
    OK(tpm2l_PolicySecret(&ctx, &in, &out));
    tpm2l_policy want = calc();
    memcpy(want.digest.buffer, policy_a, 32);
    assert_digests_agree(&s, &want);
}

static void test_real_secret_with_wrong_auth_fails_and_keeps_digest(void **state)
{
    (void)state;
    static tpm2l_PolicySecret_in in;
    static tpm2l_PolicySecret_out out;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_ENDORSEMENT, "not the endorsement auth");
    in.policySession = ps(&s);
    TPM2_RC rc = tpm2l_PolicySecret(&ctx, &in, &out);
    assert_int_not_equal(rc, 0);
    assert_rc_text(rc, "TPM_RC_BAD_AUTH");
    tpm2l_policy want = calc();
    assert_digests_agree(&s, &want);
}

/* The endorsement hierarchy's authorisation through an HMAC session: its cpHash
 * covers the policy session's name (its handle) as the second handle. */
static void test_real_secret_authorised_by_an_hmac_session(void **state)
{
    (void)state;
    static tpm2l_PolicySecret_in in;
    static tpm2l_PolicySecret_out out;
    tpm2l_session h;
    start_session(TPM2_SE_HMAC, &h);
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    in.authHandle.session = &h;
    in.policySession = ps(&s);
    in.nonceTPM = s.nonceTPM;
    in.expiration = -30; /* asks for a ticket */
    TPM2_RC rc = tpm2l_PolicySecret(&ctx, &in, &out);
    end_session(&h);
    OK(rc);
    assert_int_equal(out.policyTicket.tag, TPM2_ST_AUTH_SECRET);
    tpm2l_policy want = calc();
    memcpy(want.digest.buffer, policy_a, 32);
    assert_digests_agree(&s, &want);
}

/* PolicyNV against an index holding 00..07: a true comparison extends the digest, a
 * false one is TPM_RC_POLICY and moves nothing. */
static void test_real_nv_comparison_true_then_false(void **state)
{
    (void)state;
    static tpm2l_NV_DefineSpace_in def;
    static tpm2l_NV_Write_in wr;
    static tpm2l_PolicyNV_in in;
    tpm2l_NV_DefineSpace_out dout;
    tpm2l_NV_UndefineSpace_in undef;
    TPMS_NV_PUBLIC pub;
    tpm2l_policy want = calc();

    memset(&def, 0, sizeof def);
    def.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    pub.nvIndex = 0x01500A02;
    pub.nameAlg = TPM2_ALG_SHA256;
    pub.attributes = TPMA_NV_AUTHREAD | TPMA_NV_AUTHWRITE | TPMA_NV_NO_DA;
    pub.authPolicy.size = 0;
    pub.dataSize = 8;
    def.publicInfo.nvPublic = pub;
    OK(tpm2l_NV_DefineSpace(&ctx, &def, &dout));
    memset(&wr, 0, sizeof wr);
    wr.authHandle = hierarchy(pub.nvIndex, NULL);
    wr.authHandle.name = dout.nvIndex.name;
    wr.nvIndex = dout.nvIndex;
    wr.data.size = 8;
    memcpy(wr.data.buffer, "\x00\x01\x02\x03\x04\x05\x06\x07", 8);
    OK(tpm2l_NV_Write(&ctx, &wr));
    OK(tpm2l_nv_mark_written(&pub, &dout.nvIndex.name));

    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(pub.nvIndex, NULL);
    in.authHandle.name = dout.nvIndex.name;
    in.nvIndex = dout.nvIndex;
    in.policySession = ps(&s);
    in.operandB.size = 2;
    memcpy(in.operandB.buffer, "\x04\x05", 2);
    in.offset = 4;
    in.operation = TPM2_EO_EQ;
    TPM2_RC ok_rc = tpm2l_PolicyNV(&ctx, &in);
    in.operation = TPM2_EO_NEQ;
    TPM2_RC bad_rc = tpm2l_PolicyNV(&ctx, &in);
    undef.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    undef.nvIndex = dout.nvIndex;
    OK(tpm2l_NV_UndefineSpace(&ctx, &undef));

    OK(ok_rc);
    assert_int_not_equal(bad_rc, 0);
    assert_rc_text(bad_rc, "TPM_RC_POLICY");
    OK(tpm2l_policy_nv(&want, &in.operandB, 4, TPM2_EO_EQ, &dout.nvIndex.name));
    assert_digests_agree(&s, &want);
}

static void signed_request(const ext_key *k, tpm2l_PolicySigned_in *in)
{
    TPM2B_DIGEST aHash;
    memset(in, 0, sizeof *in);
    in->authObject = k->h;
    in->policySession = ps(&s);
    in->nonceTPM = s.nonceTPM;
    in->policyRef.size = 4;
    memcpy(in->policyRef.buffer, "sig1", 4);
    OK(tpm2l_policy_signed_ahash(NULL, TPM2_ALG_SHA256, &in->nonceTPM, 0, NULL, &in->policyRef,
                                 &aHash));
    ext_key_sign(k, &aHash, &in->auth);
}

static void test_real_signed_with_openssl_signature_matches_calculator(void **state)
{
    (void)state;
    static tpm2l_PolicySigned_in in;
    static tpm2l_PolicySigned_out out;
    ext_key k;
    tpm2l_policy want = calc();

    ext_key_load(&k, TPM2_RH_NULL);
    signed_request(&k, &in);
    TPM2_RC rc = tpm2l_PolicySigned(&ctx, &in, &out);
    OK(rc);
    OK(tpm2l_policy_signed(&want, &k.h.name, &in.policyRef));
    assert_digests_agree(&s, &want);
    ext_key_unload(&k);
}

static void test_real_signed_with_bad_signature_fails_and_keeps_digest(void **state)
{
    (void)state;
    static tpm2l_PolicySigned_in in;
    static tpm2l_PolicySigned_out out;
    ext_key k;

    ext_key_load(&k, TPM2_RH_NULL);
    signed_request(&k, &in);
    in.auth.signature.rsassa.sig.buffer[100] ^= 0x01;
    TPM2_RC rc = tpm2l_PolicySigned(&ctx, &in, &out);
    ext_key_unload(&k);
    assert_int_not_equal(rc, 0);
    assert_rc_text(rc, "TPM_RC_SIGNATURE");
    tpm2l_policy want = calc();
    assert_digests_agree(&s, &want);
}

static void test_real_authorize_with_verified_ticket_matches_calculator(void **state)
{
    (void)state;
    static tpm2l_VerifySignature_in vin;
    static tpm2l_VerifySignature_out vout;
    static tpm2l_PolicyAuthorize_in in;
    tpm2l_PolicyAuthValue_in av = {.policySession = ps(&s)};
    tpm2l_policy approved = calc(), want = calc();
    TPM2B_DIGEST aHash;
    ext_key k;

    ext_key_load(&k, TPM2_RH_OWNER); /* a NULL-hierarchy key gets NULL tickets */
    OK(tpm2l_policy_auth_value(&approved));
    memset(&in, 0, sizeof in);
    in.policySession = ps(&s);
    in.approvedPolicy = approved.digest;
    in.keySign = k.h.name;
    OK(tpm2l_policy_authorize_ahash(NULL, TPM2_ALG_SHA256, &in.approvedPolicy, &in.policyRef,
                                    &aHash));
    memset(&vin, 0, sizeof vin);
    vin.keyHandle = k.h;
    vin.digest = aHash;
    ext_key_sign(&k, &aHash, &vin.signature);
    OK(tpm2l_VerifySignature(&ctx, &vin, &vout));
    assert_int_equal(vout.validation.tag, TPM2_ST_VERIFIED);
    in.checkTicket = vout.validation;

    OK(tpm2l_PolicyAuthValue(&ctx, &av));
    TPM2_RC rc = tpm2l_PolicyAuthorize(&ctx, &in);
    ext_key_unload(&k);
    OK(rc);
    OK(tpm2l_policy_authorize(&want, &in.policyRef, &in.keySign));
    assert_digests_agree(&s, &want);
}

/* ---- a sealed object under PolicyPCR(TEST_PCR) + PolicyPassword ---- */

static TPML_PCR_SELECTION test_pcr(void)
{
    return one_pcr(TPM2_ALG_SHA256, TEST_PCR);
}

static void seal_under_pcr_policy(tpm2l_Load_out *loaded)
{
    static tpm2l_Create_in in;
    static tpm2l_Create_out out;
    static tpm2l_Load_in lin;
    TPML_PCR_SELECTION sel = test_pcr();
    TPM2B_DIGEST val;
    tpm2l_policy pol = calc();

    create_primary(TPM2_ALG_ECC, &primary);
    read_pcrs(&sel, &val, 1);
    OK(tpm2l_policy_pcr_values(&pol, &sel, &val, 1));
    OK(tpm2l_policy_password(&pol));

    memset(&in, 0, sizeof in);
    in.parentHandle = hierarchy(primary.objectHandle.handle, NULL);
    in.parentHandle.name = primary.objectHandle.name;
    OK(tpm2l_template_sealed(&in.inPublic.publicArea, TPM2_ALG_SHA256, &pol.digest,
                             TPMA_OBJECT_NODA));
    in.inSensitive.sensitive.data.size = sizeof secret - 1;
    memcpy(in.inSensitive.sensitive.data.buffer, secret, sizeof secret - 1);
    in.inSensitive.sensitive.userAuth.size = sizeof item_auth - 1;
    memcpy(in.inSensitive.sensitive.userAuth.buffer, item_auth, sizeof item_auth - 1);
    OK(tpm2l_Create(&ctx, &in, &out));

    memset(&lin, 0, sizeof lin);
    lin.parentHandle = in.parentHandle;
    lin.inPrivate = out.outPrivate;
    lin.inPublic = out.outPublic;
    OK(tpm2l_Load(&ctx, &lin, loaded));
}

static void satisfy_pcr_policy(int password)
{
    tpm2l_PolicyPCR_in pcr = {.policySession = ps(&s), .pcrs = test_pcr()};
    OK(tpm2l_PolicyPCR(&ctx, &pcr));
    if (password) {
        tpm2l_PolicyPassword_in pw = {.policySession = ps(&s)};
        OK(tpm2l_PolicyPassword(&ctx, &pw));
    } else {
        tpm2l_PolicyAuthValue_in av = {.policySession = ps(&s)};
        OK(tpm2l_PolicyAuthValue(&ctx, &av));
    }
}

static TPM2_RC unseal_with_policy(const tpm2l_Load_out *obj, tpm2l_Unseal_out *out)
{
    tpm2l_Unseal_in in;
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.itemHandle, obj->objectHandle.handle, item_auth,
                                           sizeof item_auth - 1), 0);
    in.itemHandle.name = obj->objectHandle.name;
    in.itemHandle.session = &s;
    return tpm2l_Unseal(&ctx, &in, out);
}

static void assert_secret(tpm2l_Unseal_out *out)
{
    assert_int_equal(out->outData.size, sizeof secret - 1);
    assert_memory_equal(out->outData.buffer, secret, sizeof secret - 1);
    tpm2l_cleanse(out, sizeof *out);
}

static void done_with(const tpm2l_Load_out *obj)
{
    flush(obj->objectHandle.handle);
    flush(primary.objectHandle.handle);
}

static void test_unseal_with_pcr_and_password_policy(void **state)
{
    (void)state;
    tpm2l_Load_out obj;
    tpm2l_Unseal_out out;
    seal_under_pcr_policy(&obj);
    satisfy_pcr_policy(1);
    TPM2_RC rc = unseal_with_policy(&obj, &out);
    done_with(&obj);
    OK(rc);
    assert_secret(&out);
}

/* PolicyPassword and PolicyAuthValue give one digest: the same object unseals with an
 * HMAC keyed by the authValue instead of the password in clear. */
static void test_unseal_with_pcr_and_auth_value_policy(void **state)
{
    (void)state;
    tpm2l_Load_out obj;
    tpm2l_Unseal_out out;
    seal_under_pcr_policy(&obj);
    satisfy_pcr_policy(0);
    TPM2_RC rc = unseal_with_policy(&obj, &out);
    done_with(&obj);
    OK(rc);
    assert_secret(&out);
}

static void test_unseal_after_pcr_change_fails_with_policy_fail(void **state)
{
    (void)state;
    static tpm2l_PCR_Extend_in ext;
    tpm2l_PCR_Reset_in reset;
    tpm2l_Load_out obj;
    tpm2l_Unseal_out out;

    seal_under_pcr_policy(&obj);
    memset(&ext, 0, sizeof ext);
    ext.pcrHandle = hierarchy(TEST_PCR, NULL);
    ext.digests.count = 1;
    ext.digests.digests[0].hashAlg = TPM2_ALG_SHA256;
    memset(ext.digests.digests[0].digest.sha256, 0x42, 32);
    OK(tpm2l_PCR_Extend(&ctx, &ext));
    satisfy_pcr_policy(1);
    TPM2_RC rc = unseal_with_policy(&obj, &out);
    reset.pcrHandle = hierarchy(TEST_PCR, NULL);
    OK(tpm2l_PCR_Reset(&ctx, &reset));
    done_with(&obj);
    FAILS_WITH(rc, RC_POLICY_FAIL_S1);
    assert_rc_text(rc, "TPM_RC_POLICY_FAIL");
}

static void test_restart_then_correct_chain_unseals(void **state)
{
    (void)state;
    tpm2l_PolicyCommandCode_in wrong = {.policySession = ps(&s), .code = TPM2_CC_NV_Read};
    tpm2l_PolicyRestart_in rs = {.sessionHandle = ps(&s)};
    tpm2l_Load_out obj;
    tpm2l_Unseal_out out;

    seal_under_pcr_policy(&obj);
    OK(tpm2l_PolicyCommandCode(&ctx, &wrong));
    OK(tpm2l_PolicyRestart(&ctx, &rs));
    tpm2l_policy zeros = calc();
    assert_digests_agree(&s, &zeros);
    satisfy_pcr_policy(1);
    TPM2_RC rc = unseal_with_policy(&obj, &out);
    done_with(&obj);
    OK(rc);
    assert_secret(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        REAL(test_real_secret_on_endorsement_gives_policy_a),
        REAL(test_real_secret_with_wrong_auth_fails_and_keeps_digest),
        REAL(test_real_secret_authorised_by_an_hmac_session),
        REAL(test_real_nv_comparison_true_then_false),
        REAL(test_real_signed_with_openssl_signature_matches_calculator),
        REAL(test_real_signed_with_bad_signature_fails_and_keeps_digest),
        REAL(test_real_authorize_with_verified_ticket_matches_calculator),
        REAL(test_unseal_with_pcr_and_password_policy),
        REAL(test_unseal_with_pcr_and_auth_value_policy),
        REAL(test_unseal_after_pcr_change_fails_with_policy_fail),
        REAL(test_restart_then_correct_chain_unseals),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
