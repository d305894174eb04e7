/* test_sessionfile.c - the session file codec (sessionfile.h) without a TPM: files
 * tpm2_startauthsession wrote are read field by field and written back byte for byte,
 * our own format round-trips, and every truncation, wrong magic or version, and
 * inconsistent field is refused with a clear error and a wiped session. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixtures.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/sessionfile.h"

#define PARSE_ERR(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

static tpm2l_session s;
static TPMS_CONTEXT saved;
static uint8_t buf[TPM2L_SESSION_FILE_MAX], file[TPM2L_SESSION_FILE_MAX];
static char err[300];

static TPM2_RC decode(const uint8_t *p, size_t n, tpm2l_session_file_format *fmt)
{
    err[0] = '\0';
    return tpm2l_session_file_decode(p, n, &s, &saved, fmt, err, sizeof err);
}

static void decode_ok(const uint8_t *p, size_t n)
{
    tpm2l_session_file_format fmt = 0;
    TPM2_RC rc = decode(p, n, &fmt);
    if (rc)
        fail_msg("decode: 0x%x %s", (unsigned)rc, err);
}

static void decode_fails(const uint8_t *p, size_t n, TPM2_RC want, const char *text)
{
    TPM2_RC rc = decode(p, n, NULL);
    if (rc != want)
        fail_msg("got 0x%x (%s), want 0x%x", (unsigned)rc, err, (unsigned)want);
    if (!strstr(err, text))
        fail_msg("message '%s' does not say '%s'", err, text);
    assert_int_equal(s.handle, 0);
    assert_int_equal(s.sessionKey.size, 0);
}

static size_t encode(tpm2l_session_file_format fmt, const TPM2B_AUTH *bind_auth)
{
    size_t len = 0;
    TPM2_RC rc = tpm2l_session_file_encode(&s, &saved, fmt, bind_auth, buf, sizeof buf, &len);
    if (rc)
        fail_msg("encode: 0x%x", (unsigned)rc);
    return len;
}

static void test_tpm2_tools_policy_session_file_is_read_field_by_field(void **state)
{
    (void)state;
    tpm2l_session_file_format fmt = 0;
    assert_int_equal(decode(tools_s_pol, sizeof tools_s_pol, &fmt), 0);
    assert_int_equal(fmt, TPM2L_SESSION_FILE_TPM2_TOOLS);
    assert_int_equal(s.handle, 0x03000001);
    assert_int_equal(s.type, TPM2_SE_POLICY);
    assert_int_equal(s.authHash, TPM2_ALG_SHA256);
    assert_int_equal(s.symmetric.algorithm, TPM2_ALG_NULL);
    assert_int_equal(s.attrs, TPMA_SESSION_CONTINUESESSION);
    assert_int_equal(s.sessionKey.size, 0);
    assert_int_equal(s.key_is_secret, 0);
    assert_int_equal(s.nonceCaller.size, 32);
    assert_int_equal(s.nonceTPM.size, 32);
    assert_int_equal(s.bound, 0);
    assert_int_equal(s.policy_digest.size, 32);
    assert_int_equal(saved.savedHandle, 0x03000001);
    assert_int_equal(saved.hierarchy, TPM2_RH_NULL);
    assert_int_equal(saved.sequence, 5);
    assert_int_equal(saved.contextBlob.size, 386);
}

static void test_tpm2_tools_files_are_written_back_byte_for_byte(void **state)
{
    (void)state;
    decode_ok(tools_s_pol, sizeof tools_s_pol);
    size_t n = encode(TPM2L_SESSION_FILE_TPM2_TOOLS, NULL);
    assert_int_equal(n, sizeof tools_s_pol);
    assert_memory_equal(buf, tools_s_pol, n);
    decode_ok(tools_s_salt, sizeof tools_s_salt);
    n = encode(TPM2L_SESSION_FILE_TPM2_TOOLS, NULL);
    assert_int_equal(n, sizeof tools_s_salt);
    assert_memory_equal(buf, tools_s_salt, n);
}

static void test_salted_session_keeps_its_key_and_encryption_attributes(void **state)
{
    (void)state;
    decode_ok(tools_s_salt, sizeof tools_s_salt);
    assert_int_equal(s.type, TPM2_SE_HMAC);
    assert_int_equal(s.sessionKey.size, 32);
    assert_int_equal(s.key_is_secret, 1);
    assert_int_equal(s.attrs, TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT |
                                  TPMA_SESSION_ENCRYPT);
    assert_int_equal(s.symmetric.algorithm, TPM2_ALG_AES);
    assert_int_equal(s.symmetric.keyBits.aes, 128);
    assert_int_equal(s.symmetric.mode.aes, TPM2_ALG_CFB);
    /* bound to the primary: its 34-byte name, empty authValue */
    assert_int_equal(s.bound, 1);
    assert_int_equal(s.bind_name.size, 34);
    assert_int_equal(s.bind_name.name[1], 0x0B);
}

static void test_esapi_bind_marker_gives_name_and_auth_digest(void **state)
{
    (void)state;
    uint8_t d[32];
    decode_ok(tools_s_bind2, sizeof tools_s_bind2);
    assert_int_equal(s.bound, 1);
    assert_int_equal(s.bind_name.size, 34);
    assert_int_equal(tpm2l_hash(NULL, TPM2_ALG_SHA256, "abc", 3, d, sizeof d), 0);
    assert_int_equal(s.bind_auth_digest.size, 32);
    assert_memory_equal(s.bind_auth_digest.buffer, d, 32);
}

static void test_bound_session_needs_its_bind_auth_for_tpm2_tools_format(void **state)
{
    (void)state;
    TPM2B_AUTH abc = {3, {'a', 'b', 'c'}}, wrong = {3, {'x', 'y', 'z'}};
    size_t len;
    decode_ok(tools_s_bind2, sizeof tools_s_bind2);
    assert_int_equal(tpm2l_session_file_encode(&s, &saved, TPM2L_SESSION_FILE_TPM2_TOOLS, NULL,
                                               buf, sizeof buf, &len),
                     PARSE_ERR(TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_session_file_encode(&s, &saved, TPM2L_SESSION_FILE_TPM2_TOOLS,
                                               &wrong, buf, sizeof buf, &len),
                     PARSE_ERR(TPM2L_E_BAD_ARG));
    size_t n = encode(TPM2L_SESSION_FILE_TPM2_TOOLS, &abc);
    assert_int_equal(n, sizeof tools_s_bind2);
    assert_memory_equal(buf, tools_s_bind2, n);
}

static void test_our_format_round_trips_every_field(void **state)
{
    (void)state;
    static tpm2l_session a;
    static TPMS_CONTEXT ac;
    decode_ok(tools_s_salt, sizeof tools_s_salt);
    s.salted = 1;
    s.policy_auth_value = 1;
    s.audit_started = 1;
    s.audit_digest.size = 32;
    memset(s.audit_digest.buffer, 0x5A, 32);
    a = s;
    ac = saved;
    size_t n = encode(TPM2L_SESSION_FILE_OURS, NULL);
    assert_memory_equal(buf, "tpm2lite session file v1\n# SECRET:", 34);
    memcpy(file, buf, n);
    tpm2l_session_file_format fmt = 0;
    assert_int_equal(decode(file, n, &fmt), 0);
    assert_int_equal(fmt, TPM2L_SESSION_FILE_OURS);
    assert_memory_equal(&s, &a, sizeof s);
    assert_int_equal(saved.sequence, ac.sequence);
    assert_int_equal(saved.contextBlob.size, ac.contextBlob.size);
    assert_memory_equal(saved.contextBlob.buffer, ac.contextBlob.buffer, ac.contextBlob.size);
}

static void every_truncation_fails(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        TPM2_RC rc = decode(p, i, NULL);
        if (rc == 0)
            fail_msg("a file cut to %zu of %zu bytes was accepted", i, n);
        assert_int_equal(s.handle, 0);
    }
}

static void test_every_truncation_of_a_tpm2_tools_file_is_refused(void **state)
{
    (void)state;
    every_truncation_fails(tools_s_bind2, sizeof tools_s_bind2);
    decode_fails(tools_s_pol, sizeof tools_s_pol - 1, PARSE_ERR(TPM2L_E_TRUNCATED), "truncated");
}

static void test_every_truncation_of_our_file_is_refused(void **state)
{
    (void)state;
    decode_ok(tools_s_salt, sizeof tools_s_salt);
    size_t n = encode(TPM2L_SESSION_FILE_OURS, NULL);
    memcpy(file, buf, n);
    every_truncation_fails(file, n);
    decode_fails(file, n - 1, PARSE_ERR(TPM2L_E_TRUNCATED), "truncated");
}

static void test_bytes_after_the_end_are_refused(void **state)
{
    (void)state;
    decode_ok(tools_s_pol, sizeof tools_s_pol);
    size_t n = encode(TPM2L_SESSION_FILE_OURS, NULL);
    memcpy(file, buf, n);
    file[n] = 0;
    decode_fails(file, n + 1, PARSE_ERR(TPM2L_E_TRAILING), "after the end");
    memcpy(file, tools_s_pol, sizeof tools_s_pol);
    file[sizeof tools_s_pol] = 0;
    decode_fails(file, sizeof tools_s_pol + 1, PARSE_ERR(TPM2L_E_TRAILING), "after");
}

static void mutated(size_t at, uint8_t v, TPM2_RC want, const char *text)
{
    memcpy(file, tools_s_pol, sizeof tools_s_pol);
    file[at] = v;
    decode_fails(file, sizeof tools_s_pol, want, text);
}

static void test_wrong_magic_and_versions_are_refused(void **state)
{
    (void)state;
    mutated(0, 0xBB, PARSE_ERR(TPM2L_E_BAD_VALUE), "not a session file");
    mutated(7, 3, PARSE_ERR(TPM2L_E_BAD_VALUE), "version 3");
    mutated(7, 1, PARSE_ERR(TPM2L_E_BAD_VALUE), "context file (version 1)");
    mutated(18, 2, PARSE_ERR(TPM2L_E_BAD_VALUE), "want 0xBADCC0DE version 1");
    decode_fails((const uint8_t *)"tpm2lite session file v2\n", 25, PARSE_ERR(TPM2L_E_BAD_VALUE),
                 "version");
    decode_fails((const uint8_t *)"\xba\xdc", 2, PARSE_ERR(TPM2L_E_TRUNCATED), "too short");
}

static void test_header_disagreeing_with_the_record_is_refused(void **state)
{
    (void)state;
    mutated(8, 3, PARSE_ERR(TPM2L_E_BAD_VALUE), "disagrees");   /* TRIAL vs POLICY */
    mutated(10, 0x0C, PARSE_ERR(TPM2L_E_BAD_VALUE), "disagrees"); /* sha384 vs sha256 */
}

static void test_session_type_must_fit_its_handle(void **state)
{
    (void)state;
    decode_ok(tools_s_pol, sizeof tools_s_pol);
    s.type = TPM2_SE_HMAC; /* a policy handle (0x03...) */
    size_t len;
    assert_int_equal(tpm2l_session_file_encode(&s, &saved, TPM2L_SESSION_FILE_OURS, NULL, buf,
                                               sizeof buf, &len),
                     PARSE_ERR(TPM2L_E_BAD_ARG));
}

static void encode_refused(void)
{
    size_t len;
    assert_int_equal(tpm2l_session_file_encode(&s, &saved, TPM2L_SESSION_FILE_OURS, NULL, buf,
                                               sizeof buf, &len),
                     PARSE_ERR(TPM2L_E_BAD_ARG));
}

static void test_encoder_refuses_inconsistent_sessions(void **state)
{
    (void)state;
    decode_ok(tools_s_pol, sizeof tools_s_pol);
    s.nonceTPM.size = 8;
    encode_refused();
    decode_ok(tools_s_pol, sizeof tools_s_pol);
    s.attrs = 0x18; /* reserved bits */
    encode_refused();
    decode_ok(tools_s_pol, sizeof tools_s_pol);
    s.policy_digest.size = 20; /* not sha256's size */
    encode_refused();
}

static void test_decoder_refuses_a_short_nonce_and_unknown_flags(void **state)
{
    (void)state;
    decode_ok(tools_s_pol, sizeof tools_s_pol);
    size_t n = encode(TPM2L_SESSION_FILE_OURS, NULL);
    memcpy(file, buf, n);
    /* layout: 2 lines, u32 u32 u64, u16+blob, u8 type, u16 hash, u16 sym NULL, u8 attrs,
     * u8 flags, u16 sessionKey size (0), u16 nonceCaller size ... */
    static const char warning[] =
        "# SECRET: holds this session's sessionKey in clear; keep it private (mode 0600).\n";
    size_t at = 25 + strlen(warning) + 16 + 2 + saved.contextBlob.size + 1 + 2 + 2 + 1;
    assert_int_equal(file[at + 2], 0);        /* sessionKey size: empty */
    file[at] = 0x80;                          /* flags */
    decode_fails(file, n, PARSE_ERR(TPM2L_E_BAD_VALUE), "unknown flags");
    memcpy(file, buf, n);
    assert_int_equal(file[at + 4], 32);       /* nonceCaller size */
    file[at + 4] = 8; /* an 8-byte nonceCaller: drop the other 24 bytes */
    memmove(file + at + 5 + 8, file + at + 5 + 32, n - (at + 5 + 32));
    decode_fails(file, n - 24, PARSE_ERR(TPM2L_E_BAD_VALUE), "nonce");
}

static void test_unusable_or_unstarted_sessions_are_not_saved(void **state)
{
    (void)state;
    size_t len;
    decode_ok(tools_s_pol, sizeof tools_s_pol);
    s.unusable = 1;
    assert_int_equal(tpm2l_session_file_encode(&s, &saved, TPM2L_SESSION_FILE_OURS, NULL, buf,
                                               sizeof buf, &len),
                     PARSE_ERR(TPM2L_E_BAD_ARG));
    s.unusable = 0;
    s.handle = 0;
    assert_int_equal(tpm2l_session_file_encode(&s, &saved, TPM2L_SESSION_FILE_OURS, NULL, buf,
                                               sizeof buf, &len),
                     PARSE_ERR(TPM2L_E_BAD_ARG));
}

static void test_small_buffer_is_insufficient(void **state)
{
    (void)state;
    size_t len;
    decode_ok(tools_s_pol, sizeof tools_s_pol);
    assert_int_equal(tpm2l_session_file_encode(&s, &saved, TPM2L_SESSION_FILE_TPM2_TOOLS, NULL,
                                               buf, 100, &len),
                     PARSE_ERR(TPM2L_E_INSUFFICIENT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tpm2_tools_policy_session_file_is_read_field_by_field),
        cmocka_unit_test(test_tpm2_tools_files_are_written_back_byte_for_byte),
        cmocka_unit_test(test_salted_session_keeps_its_key_and_encryption_attributes),
        cmocka_unit_test(test_esapi_bind_marker_gives_name_and_auth_digest),
        cmocka_unit_test(test_bound_session_needs_its_bind_auth_for_tpm2_tools_format),
        cmocka_unit_test(test_our_format_round_trips_every_field),
        cmocka_unit_test(test_every_truncation_of_a_tpm2_tools_file_is_refused),
        cmocka_unit_test(test_every_truncation_of_our_file_is_refused),
        cmocka_unit_test(test_bytes_after_the_end_are_refused),
        cmocka_unit_test(test_wrong_magic_and_versions_are_refused),
        cmocka_unit_test(test_header_disagreeing_with_the_record_is_refused),
        cmocka_unit_test(test_session_type_must_fit_its_handle),
        cmocka_unit_test(test_encoder_refuses_inconsistent_sessions),
        cmocka_unit_test(test_decoder_refuses_a_short_nonce_and_unknown_flags),
        cmocka_unit_test(test_unusable_or_unstarted_sessions_are_not_saved),
        cmocka_unit_test(test_small_buffer_is_insufficient),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
