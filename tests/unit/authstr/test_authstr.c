/* test_authstr.c - the authorization string parser (authstr.h): every form tpm2-tools
 * users type, the limits tpm2-tools has, and that malformed strings, retired prefixes
 * and bad files are refused with a message that never quotes the secret. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tpm2lite/authstr.h"

#define PARSE_ERR(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

static char err[300];
static tpm2l_auth_spec spec;
static char dir[64];

static void parse_ok(const char *s)
{
    err[0] = '\0';
    TPM2_RC rc = tpm2l_auth_parse(s, &spec, err, sizeof err);
    if (rc)
        fail_msg("'%s' refused: 0x%x %s", s, (unsigned)rc, err);
}

static void parse_fails(const char *s, TPM2_RC want, const char *text)
{
    err[0] = '\0';
    TPM2_RC rc = tpm2l_auth_parse(s, &spec, err, sizeof err);
    if (rc != want)
        fail_msg("'%s': got 0x%x (%s), want 0x%x", s, (unsigned)rc, err, (unsigned)want);
    if (!strstr(err, text))
        fail_msg("'%s': message '%s' does not say '%s'", s, err, text);
    /* A failure leaves nothing behind. */
    assert_int_equal(spec.kind, 0);
    assert_int_equal(spec.value.size, 0);
}

static void value_is(const void *bytes, size_t n)
{
    assert_int_equal(spec.kind, TPM2L_AUTH_VALUE);
    assert_int_equal(spec.value.size, n);
    if (n)
        assert_memory_equal(spec.value.buffer, bytes, n);
}

static const char *path_of(const char *name)
{
    static char p[4][200];
    static unsigned i;
    char *s = p[i++ % 4];
    snprintf(s, sizeof p[0], "%s/%s", dir, name);
    return s;
}

static void write_file(const char *name, const void *data, size_t n)
{
    FILE *f = fopen(path_of(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static char arg[8400];

static const char *file_arg(const char *name)
{
    snprintf(arg, sizeof arg, "file:%s", path_of(name));
    return arg;
}

/* ---- values ---- */

static void test_bare_text_is_its_bytes(void **state)
{
    (void)state;
    parse_ok("abc");
    value_is("abc", 3);
}

static void test_empty_string_is_empty_auth(void **state)
{
    (void)state;
    parse_ok("");
    value_is("", 0);
}

static void test_str_prefix_is_dropped(void **state)
{
    (void)state;
    parse_ok("str:secret");
    value_is("secret", 6);
}

static void test_str_keeps_a_later_colon_and_a_retired_prefix(void **state)
{
    (void)state;
    parse_ok("str:hmac:abc");
    value_is("hmac:abc", 8);
}

static void test_text_that_is_not_a_prefix_keeps_its_colon(void **state)
{
    (void)state;
    parse_ok("P@ss:word");
    value_is("P@ss:word", 9);
    parse_ok("Abc:def");
    value_is("Abc:def", 7);
}

static void test_text_of_63_characters_fits(void **state)
{
    (void)state;
    char s[80];
    memset(s, 'x', 63);
    s[63] = '\0';
    parse_ok(s);
    value_is(s, 63);
}

static void test_text_of_64_characters_is_refused_as_tpm2_tools_does(void **state)
{
    (void)state;
    char s[80];
    memcpy(s, "str:", 4);
    memset(s + 4, 'y', 64);
    s[68] = '\0';
    parse_fails(s, PARSE_ERR(TPM2L_E_BAD_VALUE), "at most 63");
    assert_null(strstr(err, "yyyy"));
    parse_fails(s + 4, PARSE_ERR(TPM2L_E_BAD_VALUE), "at most 63");
}

static void test_hex_gives_bytes(void **state)
{
    (void)state;
    parse_ok("hex:0100ff7A");
    value_is("\x01\x00\xff\x7a", 4);
}

static void test_empty_hex_is_empty_auth(void **state)
{
    (void)state;
    parse_ok("hex:");
    value_is("", 0);
}

static void test_hex_of_64_bytes_fits_and_65_is_refused(void **state)
{
    (void)state;
    char s[200] = "hex:";
    memset(s + 4, 'a', 128);
    s[132] = '\0';
    parse_ok(s);
    assert_int_equal(spec.value.size, 64);
    strcat(s, "bb");
    parse_fails(s, PARSE_ERR(TPM2L_E_BAD_VALUE), "at most 64");
}

static void test_hex_with_odd_digits_is_refused(void **state)
{
    (void)state;
    parse_fails("hex:abc", PARSE_ERR(TPM2L_E_BAD_VALUE), "even number");
}

static void test_hex_with_a_non_digit_is_refused_without_quoting_it(void **state)
{
    (void)state;
    parse_fails("hex:s3cr", PARSE_ERR(TPM2L_E_BAD_VALUE), "not a hex digit");
    assert_null(strstr(err, "s3cr"));
}

static void test_hmac_prefix_is_refused_as_retired(void **state)
{
    (void)state;
    parse_fails("hmac:abc", PARSE_ERR(TPM2L_E_BAD_VALUE), "removed from tpm2-tools in 2019");
}

static void test_unknown_prefix_is_refused_without_quoting_it(void **state)
{
    (void)state;
    parse_fails("mypass:w0rd", PARSE_ERR(TPM2L_E_BAD_VALUE), "unknown 'word:' prefix");
    assert_null(strstr(err, "mypass"));
    assert_null(strstr(err, "w0rd"));
}

static void test_null_string_is_a_bad_argument(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_auth_parse(NULL, &spec, err, sizeof err), PARSE_ERR(TPM2L_E_BAD_ARG));
}

static void test_err_may_be_null(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_auth_parse("hex:z", &spec, NULL, 0), PARSE_ERR(TPM2L_E_BAD_VALUE));
}

/* ---- file: ---- */

static void test_file_contents_lose_trailing_crlf(void **state)
{
    (void)state;
    write_file("pw", "secret\r\n\n", 9);
    parse_ok(file_arg("pw"));
    value_is("secret", 6);
}

static void test_file_contents_are_parsed_again(void **state)
{
    (void)state;
    write_file("hexpw", "hex:0a0b\n", 9);
    parse_ok(file_arg("hexpw"));
    value_is("\x0a\x0b", 2);
}

static void test_file_may_name_a_session(void **state)
{
    (void)state;
    write_file("sess", "session:/tmp/s.ctx+str:pw", 25);
    parse_ok(file_arg("sess"));
    assert_int_equal(spec.kind, TPM2L_AUTH_SESSION);
    assert_string_equal(spec.path, "/tmp/s.ctx");
    assert_int_equal(spec.value.size, 2);
}

static void test_file_inside_file_is_followed(void **state)
{
    (void)state;
    char inner[300];
    int n = snprintf(inner, sizeof inner, "file:%s", path_of("pw2"));
    write_file("pw2", "deep", 4);
    write_file("outer", inner, (size_t)n);
    parse_ok(file_arg("outer"));
    value_is("deep", 4);
}

static void test_file_naming_itself_is_refused(void **state)
{
    (void)state;
    char self[300];
    int n = snprintf(self, sizeof self, "file:%s", path_of("loop"));
    write_file("loop", self, (size_t)n);
    parse_fails(file_arg("loop"), PARSE_ERR(TPM2L_E_BAD_VALUE), "nest more than");
}

static void test_missing_file_is_not_found(void **state)
{
    (void)state;
    parse_fails(file_arg("nope"), PARSE_ERR(TPM2L_E_NOT_FOUND), "No such file");
}

static void test_file_with_a_nul_byte_is_refused(void **state)
{
    (void)state;
    write_file("bin", "ab\0cd", 5);
    parse_fails(file_arg("bin"), PARSE_ERR(TPM2L_E_BAD_VALUE), "NUL byte");
}

static void test_file_larger_than_the_limit_is_refused(void **state)
{
    (void)state;
    static char big[TPM2L_AUTH_MAX_FILE + 10];
    memset(big, 'a', sizeof big);
    write_file("big", big, sizeof big);
    parse_fails(file_arg("big"), PARSE_ERR(TPM2L_E_BAD_VALUE), "more than");
}

static void test_file_with_a_long_password_is_refused(void **state)
{
    (void)state;
    char s[100];
    memset(s, 'z', 70);
    write_file("long", s, 70);
    parse_fails(file_arg("long"), PARSE_ERR(TPM2L_E_BAD_VALUE), "at most 63");
}

static void test_file_without_a_name_is_refused(void **state)
{
    (void)state;
    parse_fails("file:", PARSE_ERR(TPM2L_E_BAD_VALUE), "needs a file name");
}

static void test_file_dash_reads_standard_input(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "hex:c0ffee\n", 11), 11);
    close(p[1]);
    int saved = dup(0);
    assert_true(saved >= 0);
    assert_int_equal(dup2(p[0], 0), 0);
    close(p[0]);
    TPM2_RC rc = tpm2l_auth_parse("file:-", &spec, err, sizeof err);
    assert_int_equal(dup2(saved, 0), 0);
    close(saved);
    assert_int_equal(rc, 0);
    value_is("\xc0\xff\xee", 3);
}

/* ---- session: ---- */

static void test_session_without_auth(void **state)
{
    (void)state;
    parse_ok("session:s.ctx");
    assert_int_equal(spec.kind, TPM2L_AUTH_SESSION);
    assert_string_equal(spec.path, "s.ctx");
    assert_int_equal(spec.value.size, 0);
}

static void test_session_auth_follows_the_first_plus(void **state)
{
    (void)state;
    parse_ok("session:s.ctx+a+b");
    assert_string_equal(spec.path, "s.ctx");
    assert_int_equal(spec.value.size, 3);
    assert_memory_equal(spec.value.buffer, "a+b", 3);
    parse_ok("session:s.ctx+hex:0102");
    assert_int_equal(spec.value.size, 2);
}

static void test_session_without_a_file_is_refused(void **state)
{
    (void)state;
    parse_fails("session:", PARSE_ERR(TPM2L_E_BAD_VALUE), "needs a file name");
    parse_fails("session:+pw", PARSE_ERR(TPM2L_E_BAD_VALUE), "needs a file name");
}

static void test_session_with_bad_auth_is_refused(void **state)
{
    (void)state;
    parse_fails("session:s.ctx+hex:0", PARSE_ERR(TPM2L_E_BAD_VALUE), "after '+'");
}

/* ---- pcr: ---- */

static void test_pcr_spec_selects_pcrs(void **state)
{
    (void)state;
    parse_ok("pcr:sha256:0,1,16");
    assert_int_equal(spec.kind, TPM2L_AUTH_PCR);
    assert_int_equal(spec.pcrs.count, 1);
    assert_int_equal(spec.pcrs.pcrSelections[0].hash, TPM2_ALG_SHA256);
    assert_int_equal(spec.pcrs.pcrSelections[0].pcrSelect[0], 0x03);
    assert_int_equal(spec.pcrs.pcrSelections[0].pcrSelect[2], 0x01);
    assert_string_equal(spec.path, "");
}

static void test_pcr_spec_with_a_values_file(void **state)
{
    (void)state;
    parse_ok("pcr:sha1:0+sha256:1=pcr.dat");
    assert_int_equal(spec.pcrs.count, 2);
    assert_string_equal(spec.path, "pcr.dat");
}

static void test_pcr_bad_spec_is_refused_with_the_parser_message(void **state)
{
    (void)state;
    parse_fails("pcr:sha257:0", PARSE_ERR(TPM2L_E_BAD_VALUE), "sha257");
}

static void test_pcr_empty_spec_and_empty_file_are_refused(void **state)
{
    (void)state;
    parse_fails("pcr:", PARSE_ERR(TPM2L_E_BAD_VALUE), "needs a PCR selection");
    parse_fails("pcr:=x", PARSE_ERR(TPM2L_E_BAD_VALUE), "needs a PCR selection");
    parse_fails("pcr:sha256:0=", PARSE_ERR(TPM2L_E_BAD_VALUE), "needs a file name");
}

static void test_wipe_clears_the_secret(void **state)
{
    (void)state;
    parse_ok("hunter2");
    tpm2l_auth_spec_wipe(&spec);
    static const tpm2l_auth_spec zero;
    assert_memory_equal(&spec, &zero, sizeof spec);
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/authstr-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[120];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bare_text_is_its_bytes),
        cmocka_unit_test(test_empty_string_is_empty_auth),
        cmocka_unit_test(test_str_prefix_is_dropped),
        cmocka_unit_test(test_str_keeps_a_later_colon_and_a_retired_prefix),
        cmocka_unit_test(test_text_that_is_not_a_prefix_keeps_its_colon),
        cmocka_unit_test(test_text_of_63_characters_fits),
        cmocka_unit_test(test_text_of_64_characters_is_refused_as_tpm2_tools_does),
        cmocka_unit_test(test_hex_gives_bytes),
        cmocka_unit_test(test_empty_hex_is_empty_auth),
        cmocka_unit_test(test_hex_of_64_bytes_fits_and_65_is_refused),
        cmocka_unit_test(test_hex_with_odd_digits_is_refused),
        cmocka_unit_test(test_hex_with_a_non_digit_is_refused_without_quoting_it),
        cmocka_unit_test(test_hmac_prefix_is_refused_as_retired),
        cmocka_unit_test(test_unknown_prefix_is_refused_without_quoting_it),
        cmocka_unit_test(test_null_string_is_a_bad_argument),
        cmocka_unit_test(test_err_may_be_null),
        cmocka_unit_test(test_file_contents_lose_trailing_crlf),
        cmocka_unit_test(test_file_contents_are_parsed_again),
        cmocka_unit_test(test_file_may_name_a_session),
        cmocka_unit_test(test_file_inside_file_is_followed),
        cmocka_unit_test(test_file_naming_itself_is_refused),
        cmocka_unit_test(test_missing_file_is_not_found),
        cmocka_unit_test(test_file_with_a_nul_byte_is_refused),
        cmocka_unit_test(test_file_larger_than_the_limit_is_refused),
        cmocka_unit_test(test_file_with_a_long_password_is_refused),
        cmocka_unit_test(test_file_without_a_name_is_refused),
        cmocka_unit_test(test_file_dash_reads_standard_input),
        cmocka_unit_test(test_session_without_auth),
        cmocka_unit_test(test_session_auth_follows_the_first_plus),
        cmocka_unit_test(test_session_without_a_file_is_refused),
        cmocka_unit_test(test_session_with_bad_auth_is_refused),
        cmocka_unit_test(test_pcr_spec_selects_pcrs),
        cmocka_unit_test(test_pcr_spec_with_a_values_file),
        cmocka_unit_test(test_pcr_bad_spec_is_refused_with_the_parser_message),
        cmocka_unit_test(test_pcr_empty_spec_and_empty_file_are_refused),
        cmocka_unit_test(test_wipe_clears_the_secret),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
