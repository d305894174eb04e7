/* test_nv_da.c - the NV commands beyond read and write and dictionary-attack control
 * against real TPMs: NV_SetBits ORs bits in; a write-locked index refuses writes and a
 * read-locked one reads, both with TPM_RC_NV_LOCKED; NV_Certify's attestation verifies
 * in software and carries the index's name and contents (also under parameter
 * encryption both ways); NV_UndefineSpaceSpecial
 * deletes a policy-delete index; DictionaryAttackParameters shows in GetCapability and
 * DictionaryAttackLockReset clears a counted failure. Every index is undefined and
 * every handle flushed. */
#include <string.h>

#include "tests/integration/credential/cred_util.h"
#include "tests/integration/secrets/wire_tap.h"

#define NV_FIRST 0x01500100u

static tpm2l_handle define(TPM2_HANDLE index, TPM2_HANDLE hierarchy_handle, TPMA_NV attrs,
                           uint16_t size, const TPM2B_DIGEST *policy, const char *auth)
{
    static tpm2l_NV_DefineSpace_in in;
    tpm2l_NV_DefineSpace_out out;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(hierarchy_handle, NULL);
    if (auth) {
        in.auth.size = (uint16_t)strlen(auth);
        memcpy(in.auth.buffer, auth, in.auth.size);
    }
    in.publicInfo.nvPublic.nvIndex = index;
    in.publicInfo.nvPublic.nameAlg = TPM2_ALG_SHA256;
    in.publicInfo.nvPublic.attributes = attrs;
    if (policy)
        in.publicInfo.nvPublic.authPolicy = *policy;
    in.publicInfo.nvPublic.dataSize = size;
    OK(tpm2l_NV_DefineSpace(&ctx, &in, &out));
    return out.nvIndex;
}

/* The index's current name and attributes (they change with writes and locks). */
static TPMA_NV refresh(tpm2l_handle *nv)
{
    static tpm2l_NV_ReadPublic_in in;
    static tpm2l_NV_ReadPublic_out out;
    in.nvIndex.handle = nv->handle;
    in.nvIndex.name.size = 0;
    OK(tpm2l_NV_ReadPublic(&ctx, &in, &out));
    nv->name = out.nvName;
    return out.nvPublic.nvPublic.attributes;
}

static void undefine(const tpm2l_handle *nv)
{
    static tpm2l_NV_UndefineSpace_in in;
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.nvIndex = *nv;
    OK(tpm2l_NV_UndefineSpace(&ctx, &in));
}

static tpm2l_auth_handle owner_for(const tpm2l_handle *nv)
{
    (void)nv;
    return hierarchy(TPM2_RH_OWNER, NULL);
}

static TPM2_RC nv_write(const tpm2l_handle *nv, const char *data)
{
    static tpm2l_NV_Write_in in;
    memset(&in, 0, sizeof in);
    in.authHandle = owner_for(nv);
    in.nvIndex = *nv;
    in.data.size = (uint16_t)strlen(data);
    memcpy(in.data.buffer, data, in.data.size);
    return tpm2l_NV_Write(&ctx, &in);
}

static TPM2_RC nv_read(const tpm2l_handle *nv, uint16_t size, TPM2B_MAX_NV_BUFFER *data)
{
    static tpm2l_NV_Read_in in;
    static tpm2l_NV_Read_out out;
    memset(&in, 0, sizeof in);
    in.authHandle = owner_for(nv);
    in.nvIndex = *nv;
    in.size = size;
    TPM2_RC rc = tpm2l_NV_Read(&ctx, &in, &out);
    *data = out.data;
    return rc;
}

static const TPMA_NV OWNER_RW = TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD;

static void test_set_bits_ors_bits_into_a_bits_index(void **state)
{
    (void)state;
    static tpm2l_NV_SetBits_in in;
    TPM2B_MAX_NV_BUFFER data;
    tpm2l_handle nv = define(NV_FIRST, TPM2_RH_OWNER, OWNER_RW | TPMA_NV_NT_SET(TPM2_NT_BITS),
                             8, NULL, NULL);
    assert_false(refresh(&nv) & TPMA_NV_WRITTEN);
    memset(&in, 0, sizeof in);
    in.authHandle = owner_for(&nv);
    in.nvIndex = nv;
    in.bits = 0x8001u;
    OK(tpm2l_NV_SetBits(&ctx, &in));
    assert_true(refresh(&nv) & TPMA_NV_WRITTEN);
    in.nvIndex = nv;
    in.bits = 0x0100000000000002ull;
    OK(tpm2l_NV_SetBits(&ctx, &in));
    OK(nv_read(&nv, 8, &data));
    static const uint8_t want[8] = {0x01, 0, 0, 0, 0, 0, 0x80, 0x03};
    assert_memory_equal(data.buffer, want, 8);
    undefine(&nv);
    assert_no_leaks(NV_FIRST);
}

static void test_write_locked_index_refuses_writes(void **state)
{
    (void)state;
    static tpm2l_NV_WriteLock_in in;
    TPM2B_MAX_NV_BUFFER data;
    tpm2l_handle nv = define(NV_FIRST + 1, TPM2_RH_OWNER, OWNER_RW | TPMA_NV_WRITE_STCLEAR, 8,
                             NULL, NULL);
    OK(nv_write(&nv, "before!!"));
    refresh(&nv);
    memset(&in, 0, sizeof in);
    in.authHandle = owner_for(&nv);
    in.nvIndex = nv;
    OK(tpm2l_NV_WriteLock(&ctx, &in));
    assert_true(refresh(&nv) & TPMA_NV_WRITELOCKED);
    assert_rc_named(nv_write(&nv, "after!!!"), TPM2_RC_NV_LOCKED, "TPM_RC_NV_LOCKED");
    OK(nv_read(&nv, 8, &data));
    assert_memory_equal(data.buffer, "before!!", 8);
    undefine(&nv);
    assert_no_leaks(NV_FIRST);
}

static void test_read_locked_index_refuses_reads(void **state)
{
    (void)state;
    static tpm2l_NV_ReadLock_in in;
    TPM2B_MAX_NV_BUFFER data;
    tpm2l_handle nv = define(NV_FIRST + 2, TPM2_RH_OWNER, OWNER_RW | TPMA_NV_READ_STCLEAR, 8,
                             NULL, NULL);
    OK(nv_write(&nv, "readable"));
    refresh(&nv);
    OK(nv_read(&nv, 8, &data));
    memset(&in, 0, sizeof in);
    in.authHandle = owner_for(&nv);
    in.nvIndex = nv;
    OK(tpm2l_NV_ReadLock(&ctx, &in));
    assert_true(refresh(&nv) & TPMA_NV_READLOCKED);
    assert_rc_named(nv_read(&nv, 8, &data), TPM2_RC_NV_LOCKED, "TPM_RC_NV_LOCKED");
    OK(nv_write(&nv, "writable")); /* a read lock does not stop writes */
    undefine(&nv);
    assert_no_leaks(NV_FIRST);
}

static void test_nv_certify_verifies_with_name_and_contents(void **state)
{
    (void)state;
    static tpm2l_NV_Certify_in in;
    static tpm2l_NV_Certify_out out;
    static TPMS_ATTEST parsed;
    tpm2l_verify_result res;
    primary_t sek;
    TPM2B_DATA nonce;
    tpm2l_handle nv = define(NV_FIRST + 3, TPM2_RH_OWNER, OWNER_RW, 16, NULL, NULL);
    OK(nv_write(&nv, "certify me, TPM."));
    refresh(&nv);
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, &sek);
    fresh_nonce(&nonce);
    memset(&in, 0, sizeof in);
    in.signHandle = use(&sek);
    in.authHandle = owner_for(&nv);
    in.nvIndex = nv;
    in.qualifyingData = nonce;
    in.inScheme.scheme = TPM2_ALG_NULL;
    in.size = 8;
    in.offset = 8;
    OK(tpm2l_NV_Certify(&ctx, &in, &out));
    flush(sek.out.objectHandle.handle);

    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_NV;
    e.extraData = &nonce;
    e.qualifiedSigner = &sek.qn;
    if (tpm2l_attest_verify(NULL, &sek.out.outPublic.publicArea, &out.certifyInfo,
                            &out.signature, &e, &parsed, &res))
        fail_msg("on %s: %s", sim_kind_name(kind), res.detail);
    assert_true(tpm2l_name_equal(&parsed.attested.nv.indexName, &nv.name));
    assert_int_equal(parsed.attested.nv.offset, 8);
    assert_int_equal(parsed.attested.nv.nvContents.size, 8);
    assert_memory_equal(parsed.attested.nv.nvContents.buffer, "me, TPM.", 8);

    /* Another nonce, or one flipped byte of the attestation, does not verify. */
    TPM2B_DATA other = nonce;
    other.buffer[0] ^= 1;
    e.extraData = &other;
    expect_failed(tpm2l_attest_verify(NULL, &sek.out.outPublic.publicArea, &out.certifyInfo,
                                      &out.signature, &e, &parsed, &res),
                  &res, TPM2L_VERIFY_EXTRA_DATA);
    e.extraData = &nonce;
    out.certifyInfo.attestationData[out.certifyInfo.size - 1] ^= 1;
    expect_failed(tpm2l_attest_verify(NULL, &sek.out.outPublic.publicArea, &out.certifyInfo,
                                      &out.signature, &e, &parsed, &res),
                  &res, TPM2L_VERIFY_SIGNATURE);
    undefine(&nv);
    assert_no_leaks(NV_FIRST);
}

/* NV_Certify's descriptor flags: qualifyingData goes encrypted (not in clear in the
 * command sent), certifyInfo comes back encrypted and still verifies. */
static void test_nv_certify_under_parameter_encryption(void **state)
{
    (void)state;
    static tpm2l_NV_Certify_in in;
    static tpm2l_NV_Certify_out out;
    tpm2l_verify_result res;
    tpm2l_session_params p;
    tpm2l_session enc;
    tpm2l_CreatePrimary_out salt;
    primary_t sek;
    TPM2B_DATA nonce;
    tpm2l_handle nv = define(NV_FIRST + 6, TPM2_RH_OWNER, OWNER_RW, 8, NULL, NULL);
    OK(nv_write(&nv, "8 bytes!"));
    refresh(&nv);
    create_primary(TPM2_ALG_ECC, &salt);
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, &sek);
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_HMAC;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_AES;
    p.symmetric.keyBits.aes = 128;
    p.symmetric.mode.aes = TPM2_ALG_CFB;
    p.tpmKey = &salt.objectHandle;
    p.attrs = TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT;
    OK(tpm2l_session_start(&ctx, &enc, &p));

    fresh_nonce(&nonce);
    memset(&in, 0, sizeof in);
    in.signHandle = use(&sek);
    in.authHandle = owner_for(&nv);
    in.nvIndex = nv;
    in.qualifyingData = nonce;
    in.inScheme.scheme = TPM2_ALG_NULL;
    in.size = 8;
    static wire_tap tap;
    tpm2l_ctx_next_sessions(&ctx, &enc, NULL);
    wire_tap_on(&tap, &ctx);
    OK(tpm2l_NV_Certify(&ctx, &in, &out));
    wire_tap_off(&tap, &ctx);
    if (wire_tap_sent(&tap, nonce.buffer, nonce.size))
        fail_msg("qualifyingData sent in clear");

    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_NV;
    e.extraData = &nonce;
    e.qualifiedSigner = &sek.qn;
    if (tpm2l_attest_verify(NULL, &sek.out.outPublic.publicArea, &out.certifyInfo,
                            &out.signature, &e, NULL, &res))
        fail_msg("on %s: %s", sim_kind_name(kind), res.detail);
    OK(tpm2l_session_flush(&ctx, &enc));
    flush(sek.out.objectHandle.handle);
    flush(salt.objectHandle.handle);
    undefine(&nv);
    assert_no_leaks(NV_FIRST);
}

static void test_undefine_space_special_deletes_a_policy_delete_index(void **state)
{
    (void)state;
    static tpm2l_NV_UndefineSpaceSpecial_in in;
    static tpm2l_PolicyCommandCode_in cc;
    static tpm2l_NV_ReadPublic_in rp;
    static tpm2l_NV_ReadPublic_out rpout;
    tpm2l_policy pol;
    tpm2l_session s;
    OK(tpm2l_policy_init(&pol, TPM2_ALG_SHA256));
    OK(tpm2l_policy_command_code(&pol, TPM2_CC_NV_UndefineSpaceSpecial));
    tpm2l_handle nv = define(NV_FIRST + 4, TPM2_RH_PLATFORM,
                             TPMA_NV_PPWRITE | TPMA_NV_PPREAD | TPMA_NV_POLICY_DELETE |
                                 TPMA_NV_PLATFORMCREATE,
                             8, &pol.digest, NULL);

    /* The platform alone cannot delete it. */
    static tpm2l_NV_UndefineSpace_in plain;
    plain.authHandle = hierarchy(TPM2_RH_PLATFORM, NULL);
    plain.nvIndex = nv;
    assert_int_not_equal(tpm2l_NV_UndefineSpace(&ctx, &plain), 0);

    start_policy(&s);
    memset(&cc, 0, sizeof cc);
    cc.policySession.session = &s;
    cc.code = TPM2_CC_NV_UndefineSpaceSpecial;
    OK(tpm2l_PolicyCommandCode(&ctx, &cc));
    assert_memory_equal(s.policy_digest.buffer, pol.digest.buffer, 32);
    memset(&in, 0, sizeof in);
    in.nvIndex = hierarchy(nv.handle, NULL);
    in.nvIndex.name = nv.name;
    in.nvIndex.session = &s;
    in.platform = hierarchy(TPM2_RH_PLATFORM, NULL);
    OK(tpm2l_NV_UndefineSpaceSpecial(&ctx, &in));
    OK(tpm2l_session_flush(&ctx, &s));
    rp.nvIndex.handle = nv.handle;
    rp.nvIndex.name.size = 0;
    assert_int_not_equal(tpm2l_NV_ReadPublic(&ctx, &rp, &rpout), 0);
    assert_no_leaks(NV_FIRST);
}

static void get_properties(TPM2_PT first, uint32_t n, uint32_t *values)
{
    static tpm2l_GetCapability_in in;
    static tpm2l_GetCapability_out out;
    in.capability = TPM2_CAP_TPM_PROPERTIES;
    in.property = first;
    in.propertyCount = n;
    OK(tpm2l_GetCapability(&ctx, &in, &out));
    const TPML_TAGGED_TPM_PROPERTY *l = &out.capabilityData.data.tpmProperties;
    assert_true(l->count >= n);
    for (uint32_t i = 0; i < n; i++) {
        assert_int_equal(l->tpmProperty[i].property, first + i);
        values[i] = l->tpmProperty[i].value;
    }
}

static void test_da_parameters_show_in_capabilities(void **state)
{
    (void)state;
    static tpm2l_DictionaryAttackParameters_in in;
    uint32_t v[3];
    memset(&in, 0, sizeof in);
    in.lockHandle = hierarchy(TPM2_RH_LOCKOUT, NULL);
    in.newMaxTries = 7;
    in.newRecoveryTime = 1234;
    in.lockoutRecovery = 56;
    OK(tpm2l_DictionaryAttackParameters(&ctx, &in));
    get_properties(TPM2_PT_MAX_AUTH_FAIL, 3, v);
    assert_int_equal(v[0], 7);
    assert_int_equal(v[1], 1234);
    assert_int_equal(v[2], 56);
    in.newMaxTries = 9;
    OK(tpm2l_DictionaryAttackParameters(&ctx, &in));
    get_properties(TPM2_PT_MAX_AUTH_FAIL, 1, v);
    assert_int_equal(v[0], 9);
    assert_no_leaks(0);
}

static void test_da_lock_reset_clears_a_counted_failure(void **state)
{
    (void)state;
    static tpm2l_NV_Read_in rd;
    static tpm2l_NV_Read_out rdout;
    static tpm2l_DictionaryAttackLockReset_in in;
    uint32_t counter;
    /* An index without NO_DA: a wrong authValue on it counts against the TPM. */
    tpm2l_handle nv = define(NV_FIRST + 5, TPM2_RH_OWNER,
                             OWNER_RW | TPMA_NV_AUTHREAD | TPMA_NV_AUTHWRITE, 8, NULL, "right");
    OK(nv_write(&nv, "counted!"));
    refresh(&nv);
    memset(&rd, 0, sizeof rd);
    rd.authHandle = hierarchy(nv.handle, "wrong");
    rd.authHandle.name = nv.name;
    rd.nvIndex = nv;
    rd.size = 8;
    assert_rc_named(tpm2l_NV_Read(&ctx, &rd, &rdout), TPM2_RC_AUTH_FAIL | TPM2_RC_S | TPM2_RC_1,
                    "TPM_RC_AUTH_FAIL");
    get_properties(TPM2_PT_LOCKOUT_COUNTER, 1, &counter);
    assert_true(counter >= 1);

    memset(&in, 0, sizeof in);
    in.lockHandle = hierarchy(TPM2_RH_LOCKOUT, NULL);
    OK(tpm2l_DictionaryAttackLockReset(&ctx, &in));
    get_properties(TPM2_PT_LOCKOUT_COUNTER, 1, &counter);
    assert_int_equal(counter, 0);

    rd.authHandle = hierarchy(nv.handle, "right");
    rd.authHandle.name = nv.name;
    OK(tpm2l_NV_Read(&ctx, &rd, &rdout));
    undefine(&nv);
    assert_no_leaks(NV_FIRST);
}

/* After a failed test: undefine what it left in the tests' range (owner indices by the
 * owner, the others by the platform; a policy-delete index stays), flush the rest. */
static int nv_cleanup_after(void **state)
{
    static tpm2l_GetCapability_in in;
    static tpm2l_GetCapability_out out;
    static tpm2l_NV_UndefineSpace_in un;
    in.capability = TPM2_CAP_HANDLES;
    in.property = NV_FIRST;
    in.propertyCount = 16;
    if (tpm2l_GetCapability(&ctx, &in, &out) == 0)
        for (uint32_t i = 0; i < out.capabilityData.data.handles.count; i++) {
            TPM2_HANDLE h = out.capabilityData.data.handles.handle[i];
            if (h >= NV_FIRST + 0x100)
                continue;
            memset(&un, 0, sizeof un);
            un.nvIndex.handle = h;
            un.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
            if (tpm2l_NV_UndefineSpace(&ctx, &un)) {
                un.authHandle = hierarchy(TPM2_RH_PLATFORM, NULL);
                (void)tpm2l_NV_UndefineSpace(&ctx, &un);
            }
        }
    return cleanup_after(state);
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, nv_cleanup_after)
    const struct CMUnitTest tests[] = {
        T(test_set_bits_ors_bits_into_a_bits_index),
        T(test_write_locked_index_refuses_writes),
        T(test_read_locked_index_refuses_reads),
        T(test_nv_certify_verifies_with_name_and_contents),
        T(test_nv_certify_under_parameter_encryption),
        T(test_undefine_space_special_deletes_a_policy_delete_index),
        T(test_da_parameters_show_in_capabilities),
        T(test_da_lock_reset_clears_a_counted_failure),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
