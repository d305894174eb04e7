/* test_rc_str.c - tpm2l_rc_str()/tpm2l_rc_name() describe every TPM response code
 * class and every library layer and reason in one non-empty line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tpm2lite/rc.h"

struct named {
    TPM2_RC rc;
    const char *name;
};

/* Every code Part 2 (rev 1.83) §6.6.3 defines, written out independently of rc_str.c. */
static const struct named defined[] = {
    {0x000, "TPM_RC_SUCCESS"}, {0x01E, "TPM_RC_BAD_TAG"},
    {0x100, "TPM_RC_INITIALIZE"}, {0x101, "TPM_RC_FAILURE"}, {0x103, "TPM_RC_SEQUENCE"},
    {0x10B, "TPM_RC_PRIVATE"}, {0x119, "TPM_RC_HMAC"}, {0x120, "TPM_RC_DISABLED"},
    {0x121, "TPM_RC_EXCLUSIVE"}, {0x124, "TPM_RC_AUTH_TYPE"}, {0x125, "TPM_RC_AUTH_MISSING"},
    {0x126, "TPM_RC_POLICY"}, {0x127, "TPM_RC_PCR"}, {0x128, "TPM_RC_PCR_CHANGED"},
    {0x12D, "TPM_RC_UPGRADE"}, {0x12E, "TPM_RC_TOO_MANY_CONTEXTS"},
    {0x12F, "TPM_RC_AUTH_UNAVAILABLE"}, {0x130, "TPM_RC_REBOOT"}, {0x131, "TPM_RC_UNBALANCED"},
    {0x142, "TPM_RC_COMMAND_SIZE"}, {0x143, "TPM_RC_COMMAND_CODE"}, {0x144, "TPM_RC_AUTHSIZE"},
    {0x145, "TPM_RC_AUTH_CONTEXT"}, {0x146, "TPM_RC_NV_RANGE"}, {0x147, "TPM_RC_NV_SIZE"},
    {0x148, "TPM_RC_NV_LOCKED"}, {0x149, "TPM_RC_NV_AUTHORIZATION"},
    {0x14A, "TPM_RC_NV_UNINITIALIZED"}, {0x14B, "TPM_RC_NV_SPACE"}, {0x14C, "TPM_RC_NV_DEFINED"},
    {0x150, "TPM_RC_BAD_CONTEXT"}, {0x151, "TPM_RC_CPHASH"}, {0x152, "TPM_RC_PARENT"},
    {0x153, "TPM_RC_NEEDS_TEST"}, {0x154, "TPM_RC_NO_RESULT"}, {0x155, "TPM_RC_SENSITIVE"},
    {0x156, "TPM_RC_READ_ONLY"},
    {0x081, "TPM_RC_ASYMMETRIC"}, {0x082, "TPM_RC_ATTRIBUTES"}, {0x083, "TPM_RC_HASH"},
    {0x084, "TPM_RC_VALUE"}, {0x085, "TPM_RC_HIERARCHY"}, {0x087, "TPM_RC_KEY_SIZE"},
    {0x088, "TPM_RC_MGF"}, {0x089, "TPM_RC_MODE"}, {0x08A, "TPM_RC_TYPE"},
    {0x08B, "TPM_RC_HANDLE"}, {0x08C, "TPM_RC_KDF"}, {0x08D, "TPM_RC_RANGE"},
    {0x08E, "TPM_RC_AUTH_FAIL"}, {0x08F, "TPM_RC_NONCE"}, {0x090, "TPM_RC_PP"},
    {0x092, "TPM_RC_SCHEME"}, {0x095, "TPM_RC_SIZE"}, {0x096, "TPM_RC_SYMMETRIC"},
    {0x097, "TPM_RC_TAG"}, {0x098, "TPM_RC_SELECTOR"}, {0x09A, "TPM_RC_INSUFFICIENT"},
    {0x09B, "TPM_RC_SIGNATURE"}, {0x09C, "TPM_RC_KEY"}, {0x09D, "TPM_RC_POLICY_FAIL"},
    {0x09F, "TPM_RC_INTEGRITY"}, {0x0A0, "TPM_RC_TICKET"}, {0x0A1, "TPM_RC_RESERVED_BITS"},
    {0x0A2, "TPM_RC_BAD_AUTH"}, {0x0A3, "TPM_RC_EXPIRED"}, {0x0A4, "TPM_RC_POLICY_CC"},
    {0x0A5, "TPM_RC_BINDING"}, {0x0A6, "TPM_RC_CURVE"}, {0x0A7, "TPM_RC_ECC_POINT"},
    {0x0A8, "TPM_RC_FW_LIMITED"}, {0x0A9, "TPM_RC_SVN_LIMITED"}, {0x0AA, "TPM_RC_PARMS"},
    {0x0AB, "TPM_RC_EXT_MU"}, {0x0AC, "TPM_RC_ONE_SHOT_SIGNATURE"},
    {0x0AD, "TPM_RC_SIGN_CONTEXT_KEY"}, {0x0B0, "TPM_RC_CHANNEL"}, {0x0B1, "TPM_RC_CHANNEL_KEY"},
    {0x901, "TPM_RC_CONTEXT_GAP"}, {0x902, "TPM_RC_OBJECT_MEMORY"},
    {0x903, "TPM_RC_SESSION_MEMORY"}, {0x904, "TPM_RC_MEMORY"},
    {0x905, "TPM_RC_SESSION_HANDLES"}, {0x906, "TPM_RC_OBJECT_HANDLES"},
    {0x907, "TPM_RC_LOCALITY"}, {0x908, "TPM_RC_YIELDED"}, {0x909, "TPM_RC_CANCELED"},
    {0x90A, "TPM_RC_TESTING"}, {0x910, "TPM_RC_REFERENCE_H0"}, {0x911, "TPM_RC_REFERENCE_H1"},
    {0x912, "TPM_RC_REFERENCE_H2"}, {0x913, "TPM_RC_REFERENCE_H3"},
    {0x914, "TPM_RC_REFERENCE_H4"}, {0x915, "TPM_RC_REFERENCE_H5"},
    {0x916, "TPM_RC_REFERENCE_H6"}, {0x918, "TPM_RC_REFERENCE_S0"},
    {0x919, "TPM_RC_REFERENCE_S1"}, {0x91A, "TPM_RC_REFERENCE_S2"},
    {0x91B, "TPM_RC_REFERENCE_S3"}, {0x91C, "TPM_RC_REFERENCE_S4"},
    {0x91D, "TPM_RC_REFERENCE_S5"}, {0x91E, "TPM_RC_REFERENCE_S6"}, {0x920, "TPM_RC_NV_RATE"},
    {0x921, "TPM_RC_LOCKOUT"}, {0x922, "TPM_RC_RETRY"}, {0x923, "TPM_RC_NV_UNAVAILABLE"},
    {0x97F, "TPM_RC_NOT_USED"},
};

/* A description is "name: meaning" with a meaning of real words. */
static void assert_described(TPM2_RC rc, const char *name)
{
    char s[sizeof(tpm2l_rc_text)];
    strcpy(s, tpm2l_rc_str(rc).s);
    const char *colon = strstr(s, ": ");
    assert_non_null(colon);
    assert_true(strlen(colon + 2) >= 6);
    assert_null(strstr(s, "unknown"));
    assert_null(strstr(s, "not defined"));
    assert_null(strstr(s, "undefined"));
    if (name)
        assert_memory_equal(s, name, strlen(name));
}

static void test_every_defined_tpm_code_has_name_and_meaning(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof defined / sizeof defined[0]; i++) {
        const char *n = tpm2l_rc_name(defined[i].rc);
        assert_non_null(n);
        assert_string_equal(n, defined[i].name);
        assert_described(defined[i].rc, defined[i].name);
    }
}

static void test_format_one_handle_number_is_decoded(void **state)
{
    (void)state;
    assert_string_equal(tpm2l_rc_str(0x18B).s,
                        "TPM_RC_HANDLE (handle 1): the handle is not correct for this use");
    assert_string_equal(tpm2l_rc_name(0x28B), "TPM_RC_HANDLE");
    assert_non_null(strstr(tpm2l_rc_str(0x78B).s, "(handle 7)"));
}

static void test_format_one_session_number_is_decoded(void **state)
{
    (void)state;
    assert_string_equal(tpm2l_rc_str(0x98E).s,
                        "TPM_RC_AUTH_FAIL (session 1): the authorization HMAC check failed");
    assert_non_null(strstr(tpm2l_rc_str(0xB8E).s, "(session 3)"));
}

static void test_format_one_parameter_number_is_decoded(void **state)
{
    (void)state;
    assert_non_null(strstr(tpm2l_rc_str(0x1C4).s, "TPM_RC_VALUE (parameter 1): "));
    assert_non_null(strstr(tpm2l_rc_str(0xFD5).s, "TPM_RC_SIZE (parameter 15): "));
    assert_string_equal(tpm2l_rc_name(0x2D5), "TPM_RC_SIZE");
}

static void test_format_one_without_number_has_no_position(void **state)
{
    (void)state;
    assert_null(strchr(tpm2l_rc_str(0x08B).s, '('));
    assert_null(strchr(tpm2l_rc_str(0x0C4).s, '(')); /* P set, parameter 0 */
    assert_null(strchr(tpm2l_rc_str(0x88E).s, '(')); /* S set, session 0 */
}

static void test_every_format_one_position_keeps_the_base_name(void **state)
{
    (void)state;
    for (TPM2_RC n = 0; n < 16; n++) {
        assert_string_equal(tpm2l_rc_name(0x08E | (n << 8)), "TPM_RC_AUTH_FAIL");
        assert_string_equal(tpm2l_rc_name(0x0C4 | (n << 8)), "TPM_RC_VALUE");
    }
}

static void test_warnings_are_named(void **state)
{
    (void)state;
    assert_string_equal(tpm2l_rc_name(0x922), "TPM_RC_RETRY");
    assert_non_null(strstr(tpm2l_rc_str(0x908).s, "TPM_RC_YIELDED: "));
}

static void test_vendor_codes_are_marked_vendor_specific(void **state)
{
    (void)state;
    assert_null(tpm2l_rc_name(0x501));
    assert_string_equal(tpm2l_rc_str(0x501).s, "TPM vendor-specific error 0x501");
    assert_string_equal(tpm2l_rc_str(0xD01).s, "TPM vendor-specific warning 0xd01");
}

static void test_tpm12_codes_are_marked_tpm12(void **state)
{
    (void)state;
    assert_null(tpm2l_rc_name(0x003));
    assert_non_null(strstr(tpm2l_rc_str(0x003).s, "TPM 1.2 response code 0x003"));
}

static void test_undefined_tpm_codes_still_give_their_number(void **state)
{
    (void)state;
    assert_null(tpm2l_rc_name(0x102));
    assert_non_null(strstr(tpm2l_rc_str(0x102).s, "0x102"));
    assert_null(tpm2l_rc_name(0x086));
    assert_non_null(strstr(tpm2l_rc_str(0x186).s, "0x086 (handle 1)"));
}

static const struct {
    TPM2_RC layer;
    const char *name;
} layers[] = {
    {TPM2L_LAYER_MARSHAL, "marshal"}, {TPM2L_LAYER_CRYPTO, "crypto"},
    {TPM2L_LAYER_SESSION, "session"}, {TPM2L_LAYER_COMMAND, "command"},
    {TPM2L_LAYER_TCTI, "tcti"},       {TPM2L_LAYER_PARSE, "parse"},
};

static void test_every_library_layer_and_reason_is_described(void **state)
{
    (void)state;
    for (size_t l = 0; l < sizeof layers / sizeof layers[0]; l++) {
        for (TPM2_RC r = 1; r <= TPM2L_E_MAX; r++) {
            TPM2_RC rc = TPM2L_RC(layers[l].layer, r);
            char prefix[32];
            snprintf(prefix, sizeof prefix, "%s: ", layers[l].name);
            assert_described(rc, prefix);
            assert_null(tpm2l_rc_name(rc));
        }
    }
}

static void test_library_reasons_read_as_documented(void **state)
{
    (void)state;
    assert_string_equal(tpm2l_rc_str(TPM2L_RC(TPM2L_LAYER_TCTI, TPM2L_E_CONNECT)).s,
                        "tcti: connection refused");
    assert_string_equal(tpm2l_rc_str(TPM2L_RC(TPM2L_LAYER_MARSHAL, TPM2L_E_TRUNCATED)).s,
                        "marshal: input ended early");
    assert_string_equal(tpm2l_rc_str(TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_NAME_MISMATCH)).s,
                        "command: name does not match the public area");
}

static void test_undefined_library_reason_gives_its_number(void **state)
{
    (void)state;
    assert_string_equal(tpm2l_rc_str(TPM2L_RC(TPM2L_LAYER_COMMAND, 153)).s,
                        "command: undefined reason 153");
}

static void test_foreign_codes_are_not_claimed(void **state)
{
    (void)state;
    /* A tpm2-tss ESAPI-layer code (layer 7) and a code with the top byte set. */
    assert_non_null(strstr(tpm2l_rc_str(0x0007000Bu).s, "0x0007000b: not a libtpm2lite"));
    assert_non_null(strstr(tpm2l_rc_str(0x01440001u).s, "not a libtpm2lite"));
    assert_null(tpm2l_rc_name(0x0007000Bu));
}

static void test_no_text_overflows_its_buffer(void **state)
{
    (void)state;
    for (TPM2_RC rc = 0; rc <= 0xFFF; rc++) {
        tpm2l_rc_text t = tpm2l_rc_str(rc);
        size_t n = strnlen(t.s, sizeof t.s);
        assert_true(n > 0 && n < sizeof t.s - 1); /* never truncated */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_defined_tpm_code_has_name_and_meaning),
        cmocka_unit_test(test_format_one_handle_number_is_decoded),
        cmocka_unit_test(test_format_one_session_number_is_decoded),
        cmocka_unit_test(test_format_one_parameter_number_is_decoded),
        cmocka_unit_test(test_format_one_without_number_has_no_position),
        cmocka_unit_test(test_every_format_one_position_keeps_the_base_name),
        cmocka_unit_test(test_warnings_are_named),
        cmocka_unit_test(test_vendor_codes_are_marked_vendor_specific),
        cmocka_unit_test(test_tpm12_codes_are_marked_tpm12),
        cmocka_unit_test(test_undefined_tpm_codes_still_give_their_number),
        cmocka_unit_test(test_every_library_layer_and_reason_is_described),
        cmocka_unit_test(test_library_reasons_read_as_documented),
        cmocka_unit_test(test_undefined_library_reason_gives_its_number),
        cmocka_unit_test(test_foreign_codes_are_not_claimed),
        cmocka_unit_test(test_no_text_overflows_its_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
