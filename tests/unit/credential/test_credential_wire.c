/* test_credential_wire.c - the credential, NV and DA wrappers on the command unit
 * tests' scripted transport (no TPM): the bytes each sends (handle order, which handles
 * carry a session, parameter layout) and what each makes of a malformed answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/command/fake_tpm.h"
#include "tpm2lite/credential.h"

#define IDX 0x01500000u
#define RC_TRAILING TPM2L_RC(TPM2L_LAYER_MARSHAL, TPM2L_E_TRAILING)

/* A successful response without parameters to a command with n password sessions. */
static const char *const PW_OK[] = {
    "8002 00000013 00000000 00000000 0000 01 0000",
    "8002 00000018 00000000 00000000 0000 01 0000 0000 01 0000",
};

static tpm2l_auth_handle pw(TPM2_HANDLE h)
{
    tpm2l_auth_handle ah;
    assert_int_equal(tpm2l_auth_handle_set(&ah, h, NULL, 0), 0);
    return ah;
}

static void test_da_parameters_sends_three_u32_after_lockout_auth(void **state)
{
    (void)state;
    tpm2l_DictionaryAttackParameters_in in = {pw(TPM2_RH_LOCKOUT), 7, 1234, 56};
    fake_queue_hex(&fake, PW_OK[0]);
    assert_int_equal(tpm2l_DictionaryAttackParameters(&ctx, &in), 0);
    assert_sent(0, "8002 00000027 0000013a 4000000a 00000009 40000009 0000 00 0000 "
                   "00000007 000004d2 00000038");
}

static void test_da_lock_reset_sends_only_the_lockout_handle(void **state)
{
    (void)state;
    tpm2l_DictionaryAttackLockReset_in in = {pw(TPM2_RH_LOCKOUT)};
    fake_queue_hex(&fake, PW_OK[0]);
    assert_int_equal(tpm2l_DictionaryAttackLockReset(&ctx, &in), 0);
    assert_sent(0, "8002 0000001b 00000139 4000000a 00000009 40000009 0000 00 0000");
}

static void test_nv_set_bits_sends_a_u64(void **state)
{
    (void)state;
    tpm2l_NV_SetBits_in in;
    memset(&in, 0, sizeof in);
    in.authHandle = pw(TPM2_RH_OWNER);
    in.nvIndex.handle = IDX;
    in.bits = 0x0100000000008001ull;
    fake_queue_hex(&fake, PW_OK[0]);
    assert_int_equal(tpm2l_NV_SetBits(&ctx, &in), 0);
    assert_sent(0, "8002 00000027 00000135 40000001 01500000 00000009 40000009 0000 00 0000 "
                   "0100000000008001");
}

static void test_nv_locks_send_auth_and_index(void **state)
{
    (void)state;
    tpm2l_NV_WriteLock_in w;
    tpm2l_NV_ReadLock_in r;
    memset(&w, 0, sizeof w);
    w.authHandle = pw(TPM2_RH_OWNER);
    w.nvIndex.handle = IDX;
    memcpy(&r, &w, sizeof r);
    fake_queue_hex(&fake, PW_OK[0]);
    fake_queue_hex(&fake, PW_OK[0]);
    assert_int_equal(tpm2l_NV_WriteLock(&ctx, &w), 0);
    assert_int_equal(tpm2l_NV_ReadLock(&ctx, &r), 0);
    assert_sent(0, "8002 0000001f 00000138 40000001 01500000 00000009 40000009 0000 00 0000");
    assert_sent(1, "8002 0000001f 0000014f 40000001 01500000 00000009 40000009 0000 00 0000");
}

static void test_undefine_space_special_authorises_index_and_platform(void **state)
{
    (void)state;
    tpm2l_NV_UndefineSpaceSpecial_in in;
    memset(&in, 0, sizeof in);
    in.nvIndex = pw(IDX);
    in.platform = pw(TPM2_RH_PLATFORM);
    fake_queue_hex(&fake, PW_OK[1]);
    assert_int_equal(tpm2l_NV_UndefineSpaceSpecial(&ctx, &in), 0);
    assert_sent(0, "8002 00000028 0000011f 01500000 4000000c 00000012 "
                   "40000009 0000 00 0000 40000009 0000 00 0000");
}

static void test_nv_certify_sends_three_handles_two_sessions(void **state)
{
    (void)state;
    static tpm2l_NV_Certify_in in;
    static tpm2l_NV_Certify_out out;
    memset(&in, 0, sizeof in);
    in.signHandle = pw(0x80000001u);
    in.authHandle = pw(TPM2_RH_OWNER);
    in.nvIndex.handle = IDX;
    in.inScheme.scheme = TPM2_ALG_NULL;
    in.size = 8;
    in.offset = 2;
    /* certifyInfo 2 bytes, signature NULL */
    fake_queue_hex(&fake, "8002 0000001e 00000000 00000006 0002 ff54 0010 "
                          "0000 01 0000 0000 01 0000");
    assert_int_equal(tpm2l_NV_Certify(&ctx, &in, &out), 0);
    assert_sent(0, "8002 00000034 00000184 80000001 40000001 01500000 00000012 "
                   "40000009 0000 00 0000 40000009 0000 00 0000 0000 0010 0008 0002");
    assert_int_equal(out.certifyInfo.size, 2);
    assert_int_equal(out.signature.sigAlg, TPM2_ALG_NULL);
}

static void test_make_credential_needs_no_session(void **state)
{
    (void)state;
    static tpm2l_MakeCredential_in in;
    static tpm2l_MakeCredential_out out;
    memset(&in, 0, sizeof in);
    in.handle.handle = 0x80000001u;
    in.credential.size = 2;
    in.credential.buffer[0] = 0xab;
    in.credential.buffer[1] = 0xcd;
    assert_int_equal(tpm2l_name_from_handle(TPM2_RH_OWNER, &in.objectName), 0);
    fake_queue_hex(&fake, "8001 00000013 00000000 0003 010203 0002 0405");
    assert_int_equal(tpm2l_MakeCredential(&ctx, &in, &out), 0);
    assert_sent(0, "8001 00000018 00000168 80000001 0002 abcd 0004 40000001");
    assert_int_equal(out.credentialBlob.size, 3);
    assert_memory_equal(out.credentialBlob.credential, "\x01\x02\x03", 3);
    assert_int_equal(out.secret.size, 2);
    assert_memory_equal(out.secret.secret, "\x04\x05", 2);
}

static void test_activate_credential_wipes_certinfo_of_a_malformed_answer(void **state)
{
    (void)state;
    static tpm2l_ActivateCredential_in in;
    static tpm2l_ActivateCredential_out out;
    memset(&in, 0, sizeof in);
    in.activateHandle = pw(0x80000001u);
    in.keyHandle = pw(0x80000002u);
    in.credentialBlob.size = 1;
    in.secret.size = 1;
    /* certInfo "ABCD" and one byte too many inside parameterSize */
    fake_queue_hex(&fake, "8002 0000001f 00000000 00000007 0004 41424344 99 "
                          "0000 01 0000 0000 01 0000");
    assert_int_equal(tpm2l_ActivateCredential(&ctx, &in, &out), RC_TRAILING);
    assert_sent(0, "8002 0000002e 00000147 80000001 80000002 00000012 "
                   "40000009 0000 00 0000 40000009 0000 00 0000 0001 00 0001 00");
    assert_int_equal(out.certInfo.size, 0);
    assert_int_equal(out.certInfo.buffer[0], 0);
}

static void test_tpm_error_passes_through_unchanged(void **state)
{
    (void)state;
    static tpm2l_ActivateCredential_in in;
    static tpm2l_ActivateCredential_out out;
    memset(&in, 0, sizeof in);
    in.activateHandle = pw(0x80000001u);
    in.keyHandle = pw(0x80000002u);
    fake_queue_hex(&fake, "8001 0000000a 000001df"); /* TPM_RC_INTEGRITY, parameter 1 */
    assert_int_equal(tpm2l_ActivateCredential(&ctx, &in, &out),
                     TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)
    const struct CMUnitTest tests[] = {
        T(test_da_parameters_sends_three_u32_after_lockout_auth),
        T(test_da_lock_reset_sends_only_the_lockout_handle),
        T(test_nv_set_bits_sends_a_u64),
        T(test_nv_locks_send_auth_and_index),
        T(test_undefine_space_special_authorises_index_and_platform),
        T(test_nv_certify_sends_three_handles_two_sessions),
        T(test_make_credential_needs_no_session),
        T(test_activate_credential_wipes_certinfo_of_a_malformed_answer),
        T(test_tpm_error_passes_through_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
