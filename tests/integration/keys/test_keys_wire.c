/* test_keys_wire.c - the keys wrappers on the command unit tests' scripted transport
 * (no TPM): the exact bytes of commands whose handle and parameter order Part 3 fixes,
 * and the responses they refuse (oversized, truncated, trailing bytes), which only an
 * interposer or a broken TPM would send. Secrets read from a refused response are
 * wiped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/command/fake_tpm.h"
#include "tpm2lite/keys.h"
#include "tpm2lite/marshal.h"

#define KEY 0x80000001u

static void rsa_decrypt_in(tpm2l_RSA_Decrypt_in *in)
{
    memset(in, 0, sizeof *in);
    assert_int_equal(tpm2l_auth_handle_set(&in->keyHandle, KEY, NULL, 0), 0);
    in->cipherText.size = 2;
    in->cipherText.buffer[0] = 0xab;
    in->cipherText.buffer[1] = 0xcd;
    in->inScheme.scheme = TPM2_ALG_RSAES;
}

/* A sessions response: parameterSize, then the bytes body writes, then the password
 * session's answer. */
static void queue_session_rsp(const uint8_t *params, size_t n)
{
    rsp_begin(TPM2_ST_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, (uint32_t)n);
    tpm2l_wcur_bytes(&rsp_w, params, n);
    rsp_pw_session();
    rsp_queue();
}

static void test_rsa_decrypt_sends_handle_auth_then_ciphertext_scheme_label(void **state)
{
    (void)state;
    static tpm2l_RSA_Decrypt_in in;
    static tpm2l_RSA_Decrypt_out out;
    static const uint8_t msg[] = {0x00, 0x02, 0x68, 0x69};
    rsa_decrypt_in(&in);
    queue_session_rsp(msg, sizeof msg);
    assert_int_equal(tpm2l_RSA_Decrypt(&ctx, &in, &out), 0);
    assert_sent(0, "8002 00000023 00000159 80000001"
                   "00000009 40000009 0000 00 0000"
                   "0002 abcd 0015 0000");
    assert_int_equal(out.message.size, 2);
    assert_memory_equal(out.message.buffer, "hi", 2);
}

static void test_rsa_decrypt_refuses_a_message_larger_than_its_buffer_and_wipes_it(void **state)
{
    (void)state;
    static tpm2l_RSA_Decrypt_in in;
    static tpm2l_RSA_Decrypt_out out;
    static uint8_t big[2 + sizeof out.message.buffer + 1];
    big[0] = (uint8_t)((sizeof big - 2) >> 8);
    big[1] = (uint8_t)(sizeof big - 2);
    rsa_decrypt_in(&in);
    queue_session_rsp(big, sizeof big);
    assert_int_equal(tpm2l_RSA_Decrypt(&ctx, &in, &out), TPM2L_RC_MARSHAL_INSUFFICIENT);
    assert_error_mentions("RSA_Decrypt");
    assert_int_equal(out.message.size, 0);
}

static void test_ecdh_keygen_refuses_a_truncated_public_point_and_wipes_z(void **state)
{
    (void)state;
    static tpm2l_ECDH_KeyGen_in in;
    static tpm2l_ECDH_KeyGen_out out;
    /* zPoint (x = 1 byte, y = 1 byte), then pubPoint claiming 6 bytes with 2 present */
    static const uint8_t params[] = {0x00, 0x06, 0x00, 0x01, 0x11, 0x00, 0x01, 0x22,
                                     0x00, 0x06, 0x00, 0x01};
    in.keyHandle.handle = KEY;
    rsp_begin(TPM2_ST_NO_SESSIONS);
    tpm2l_wcur_bytes(&rsp_w, params, sizeof params);
    rsp_queue();
    assert_int_equal(tpm2l_ECDH_KeyGen(&ctx, &in, &out), TPM2L_RC_MARSHAL_TRUNCATED);
    assert_error_mentions("ECDH_KeyGen");
    assert_int_equal(out.zPoint.point.x.size, 0);
    assert_int_equal(out.zPoint.point.x.buffer[0], 0);
}

static void test_hash_sends_data_alg_hierarchy_without_sessions(void **state)
{
    (void)state;
    static tpm2l_Hash_in in;
    static tpm2l_Hash_out out;
    /* outHash (1 byte), validation {HASHCHECK, RH_NULL, empty} */
    static const uint8_t params[] = {0x00, 0x01, 0x5a, 0x80, 0x24, 0x40, 0x00,
                                     0x00, 0x07, 0x00, 0x00};
    in.data.size = 3;
    memcpy(in.data.buffer, "abc", 3);
    in.hashAlg = TPM2_ALG_SHA256;
    in.hierarchy = TPM2_RH_OWNER;
    rsp_begin(TPM2_ST_NO_SESSIONS);
    tpm2l_wcur_bytes(&rsp_w, params, sizeof params);
    rsp_queue();
    assert_int_equal(tpm2l_Hash(&ctx, &in, &out), 0);
    assert_sent(0, "8001 00000015 0000017d 0003 616263 000b 40000001");
    assert_int_equal(out.validation.hierarchy, TPM2_RH_NULL);
}

static void test_hash_refuses_trailing_bytes(void **state)
{
    (void)state;
    static tpm2l_Hash_in in;
    static tpm2l_Hash_out out;
    static const uint8_t params[] = {0x00, 0x01, 0x5a, 0x80, 0x24, 0x40, 0x00,
                                     0x00, 0x07, 0x00, 0x00, 0xee};
    in.hashAlg = TPM2_ALG_SHA256;
    in.hierarchy = TPM2_RH_NULL;
    rsp_begin(TPM2_ST_NO_SESSIONS);
    tpm2l_wcur_bytes(&rsp_w, params, sizeof params);
    rsp_queue();
    assert_int_equal(tpm2l_Hash(&ctx, &in, &out), TPM2L_RC_MARSHAL_TRAILING);
    assert_error_mentions("Hash");
}

static void test_hash_sequence_start_returns_the_handle_with_an_empty_name(void **state)
{
    (void)state;
    static tpm2l_HashSequenceStart_in in;
    static tpm2l_HashSequenceStart_out out;
    in.auth.size = 3;
    memcpy(in.auth.buffer, "seq", 3);
    in.hashAlg = TPM2_ALG_SHA256;
    rsp_begin(TPM2_ST_NO_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, 0x80000002u);
    rsp_queue();
    assert_int_equal(tpm2l_HashSequenceStart(&ctx, &in, &out), 0);
    assert_sent(0, "8001 00000011 00000186 0003 736571 000b");
    assert_int_equal(out.sequenceHandle.handle, 0x80000002u);
    assert_int_equal(out.sequenceHandle.name.size, 0);
}

/* CertifyCreation: signHandle (authorised) first, objectHandle second. */
static void test_certify_creation_sends_sign_handle_then_object_handle(void **state)
{
    (void)state;
    static tpm2l_CertifyCreation_in in;
    static tpm2l_CertifyCreation_out out;
    static const uint8_t params[] = {0x00, 0x00, 0x00, 0x10}; /* empty attest, sig NULL */
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.signHandle, KEY, NULL, 0), 0);
    in.objectHandle.handle = 0x80000002u;
    in.inScheme.scheme = TPM2_ALG_NULL;
    in.creationTicket.tag = TPM2_ST_CREATION;
    in.creationTicket.hierarchy = TPM2_RH_OWNER;
    queue_session_rsp(params, sizeof params);
    assert_int_equal(tpm2l_CertifyCreation(&ctx, &in, &out), 0);
    assert_sent(0, "8002 0000002d 0000014a 80000001 80000002"
                   "00000009 40000009 0000 00 0000"
                   "0000 0000 0010 8021 40000001 0000");
}

/* A public area that cannot be named is refused before anything is sent. */
static void test_import_refuses_an_unnameable_public_area_without_sending(void **state)
{
    (void)state;
    static tpm2l_Import_in in;
    static tpm2l_Import_out out;
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.parentHandle, KEY, NULL, 0), 0);
    in.objectPublic.publicArea.type = TPM2_ALG_ECC;
    in.objectPublic.publicArea.nameAlg = 0x7777;
    assert_int_not_equal(tpm2l_Import(&ctx, &in, &out), 0);
    assert_error_mentions("Import: computing the name of objectPublic");
    assert_int_equal(fake.n_sent, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_rsa_decrypt_sends_handle_auth_then_ciphertext_scheme_label, fake_setup,
            fake_teardown),
        cmocka_unit_test_setup_teardown(
            test_rsa_decrypt_refuses_a_message_larger_than_its_buffer_and_wipes_it, fake_setup,
            fake_teardown),
        cmocka_unit_test_setup_teardown(
            test_ecdh_keygen_refuses_a_truncated_public_point_and_wipes_z, fake_setup,
            fake_teardown),
        cmocka_unit_test_setup_teardown(test_hash_sends_data_alg_hierarchy_without_sessions,
                                        fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_hash_refuses_trailing_bytes, fake_setup,
                                        fake_teardown),
        cmocka_unit_test_setup_teardown(
            test_hash_sequence_start_returns_the_handle_with_an_empty_name, fake_setup,
            fake_teardown),
        cmocka_unit_test_setup_teardown(test_certify_creation_sends_sign_handle_then_object_handle,
                                        fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(
            test_import_refuses_an_unnameable_public_area_without_sending, fake_setup,
            fake_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
