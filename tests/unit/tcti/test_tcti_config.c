/* test_tcti_config.c - the configuration-string parser, opening by name (errors only:
 * no TPM here) and the environment variables' order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tpm2lite/tcti.h"

#define PARSE_ERR TPM2L_RC(TPM2L_LAYER_PARSE, TPM2L_E_BAD_CONFIG)

static tpm2l_tcti_config cfg;
static char msg[256];
static tpm2l_tcti_any any;

static TPM2_RC parse(const char *s)
{
    return tpm2l_tcti_config_parse(s, &cfg, msg, sizeof msg);
}

static void expect_parse_error(const char *s, const char *needle)
{
    TPM2_RC rc = parse(s);
    if (rc != PARSE_ERR || !strstr(msg, needle))
        print_error("'%s': rc 0x%x msg \"%s\" (want \"%s\")\n", s, (unsigned)rc, msg, needle);
    assert_int_equal(rc, PARSE_ERR);
    assert_non_null(strstr(msg, needle));
}

static void expect_open_error(const char *s, TPM2_RC want, const char *needle)
{
    TPM2_RC rc = tpm2l_tcti_open(&any, s);
    if (rc != want || !strstr(any.base.err, needle))
        print_error("'%s': rc 0x%x err \"%s\" (want \"%s\")\n", s, (unsigned)rc, any.base.err,
                    needle);
    assert_int_equal(rc, want);
    assert_non_null(strstr(any.base.err, needle));
    assert_null(any.base.ops); /* nothing left open */
}

static void test_key_value_pairs_are_split(void **state)
{
    (void)state;
    assert_int_equal(parse("swtpm:host=127.0.0.1,port=2321"), 0);
    assert_string_equal(cfg.name, "swtpm");
    assert_string_equal(cfg.conf, "host=127.0.0.1,port=2321");
    assert_int_equal(cfg.n_kv, 2);
    assert_string_equal(tpm2l_tcti_config_get(&cfg, "host"), "127.0.0.1");
    assert_string_equal(tpm2l_tcti_config_get(&cfg, "port"), "2321");
    assert_null(tpm2l_tcti_config_get(&cfg, "path"));
}

static void test_name_alone_has_no_pairs(void **state)
{
    (void)state;
    assert_int_equal(parse("mssim"), 0);
    assert_string_equal(cfg.name, "mssim");
    assert_string_equal(cfg.conf, "");
    assert_int_equal(cfg.n_kv, 0);
    assert_int_equal(parse("mssim:"), 0);
    assert_int_equal(cfg.n_kv, 0);
}

static void test_value_may_contain_colons_and_equals(void **state)
{
    (void)state;
    assert_int_equal(parse("swtpm:host=::1,port=2321"), 0);
    assert_string_equal(tpm2l_tcti_config_get(&cfg, "host"), "::1");
    assert_int_equal(parse("libtpms:dir=/a=b"), 0);
    assert_string_equal(tpm2l_tcti_config_get(&cfg, "dir"), "/a=b");
}

static void test_cmd_and_device_take_free_text(void **state)
{
    (void)state;
    assert_int_equal(parse("cmd:socat - TCP:127.0.0.1:2321,nodelay"), 0);
    assert_string_equal(cfg.name, "cmd");
    assert_string_equal(cfg.conf, "socat - TCP:127.0.0.1:2321,nodelay");
    assert_int_equal(cfg.n_kv, 0);
    assert_int_equal(parse("device:/dev/tpmrm0"), 0);
    assert_string_equal(cfg.conf, "/dev/tpmrm0");
    assert_int_equal(cfg.n_kv, 0);
}

static void test_libtpms_mem_is_accepted(void **state)
{
    (void)state;
    assert_int_equal(parse("libtpms:mem"), 0);
    assert_int_equal(cfg.n_kv, 0);
}

static void test_tss_library_names_are_understood(void **state)
{
    (void)state;
    assert_int_equal(parse("libtss2-tcti-mssim.so.0:host=localhost,port=2321"), 0);
    assert_string_equal(cfg.name, "mssim");
    assert_int_equal(cfg.n_kv, 2);
    assert_int_equal(parse("libtss2-tcti-device.so:/dev/tpm0"), 0);
    assert_string_equal(cfg.name, "device");
}

static void test_empty_string_is_an_error(void **state)
{
    (void)state;
    expect_parse_error("", "empty transport name");
    expect_parse_error(":port=1", "empty transport name");
    assert_int_equal(tpm2l_tcti_config_parse(NULL, &cfg, msg, sizeof msg), PARSE_ERR);
}

static void test_pair_without_equals_is_an_error(void **state)
{
    (void)state;
    expect_parse_error("swtpm:host", "'host' is not key=value");
    expect_parse_error("swtpm:port=1,localhost", "'localhost' is not key=value");
}

static void test_empty_key_is_an_error(void **state)
{
    (void)state;
    expect_parse_error("swtpm:=2321", "missing key");
}

static void test_empty_and_trailing_pairs_are_errors(void **state)
{
    (void)state;
    expect_parse_error("swtpm:host=a,,port=1", "empty key=value pair");
    expect_parse_error("swtpm:port=1,", "trailing ','");
}

static void test_duplicate_key_is_an_error(void **state)
{
    (void)state;
    expect_parse_error("swtpm:port=1,port=2", "'port' is given twice");
}

static void test_overlong_pieces_are_errors(void **state)
{
    (void)state;
    char s[1200];
    memset(s, 0, sizeof s);
    strcpy(s, "swtpm:host=");
    memset(s + strlen(s), 'a', 300);
    expect_parse_error(s, "longer than 255");

    strcpy(s, "swtpm:");
    memset(s + 6, 'k', 40);
    strcpy(s + 46, "=1");
    expect_parse_error(s, "longer than 31");

    strcpy(s, "cmd:");
    memset(s + 4, 'x', 600);
    s[604] = '\0';
    expect_parse_error(s, "longer than 511");

    expect_parse_error("averyveryverylongname:x=1", "too long");
}

static void test_too_many_pairs_is_an_error(void **state)
{
    (void)state;
    expect_parse_error("swtpm:a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8,i=9", "more than 8");
}

static void test_bad_characters_are_errors(void **state)
{
    (void)state;
    expect_parse_error("sw tpm:port=1", "invalid character");
    expect_parse_error("swtpm:po rt=1", "invalid character");
}

static void test_unknown_transport_is_named(void **state)
{
    (void)state;
    expect_open_error("bogus:x=1", PARSE_ERR, "unknown transport 'bogus'");
}

static void test_tabrmd_is_refused_with_an_alternative(void **state)
{
    (void)state;
    expect_open_error("tabrmd:bus_name=com.intel.tss2.Tabrmd",
                      TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED), "device:/dev/tpmrm0");
}

static void test_unknown_key_is_named_with_the_known_ones(void **state)
{
    (void)state;
    expect_open_error("swtpm:hots=127.0.0.1", PARSE_ERR, "unknown key 'hots'");
    expect_open_error("mssim:prot=1", PARSE_ERR, "known: host, port, path, poweron");
    expect_open_error("libtpms:directory=/tmp", PARSE_ERR, "unknown key 'directory'");
}

static void test_bad_ports_are_errors(void **state)
{
    (void)state;
    expect_open_error("swtpm:port=0", PARSE_ERR, "port '0' is not a port number");
    expect_open_error("swtpm:port=65536", PARSE_ERR, "port '65536'");
    expect_open_error("swtpm:port=-1", PARSE_ERR, "port '-1'");
    expect_open_error("swtpm:port=23a", PARSE_ERR, "port '23a'");
    expect_open_error("swtpm:port= 23", PARSE_ERR, "port ' 23'");
    expect_open_error("swtpm:port=", PARSE_ERR, "port ''");
    expect_open_error("swtpm:port=0x10", PARSE_ERR, "port '0x10'");
    expect_open_error("swtpm:ctrlport=99999", PARSE_ERR, "ctrlport '99999'");
    /* mssim's platform port is port+1. */
    expect_open_error("mssim:port=65535", PARSE_ERR, "from 1 to 65534");
    expect_open_error("swtpm:port=65535", PARSE_ERR, "give ctrlport=");
}

static void test_conflicting_keys_are_errors(void **state)
{
    (void)state;
    expect_open_error("swtpm:path=/x.sock,port=2321", PARSE_ERR, "cannot be combined");
    expect_open_error("mssim:path=/x.sock,host=a", PARSE_ERR, "cannot be combined");
    expect_open_error("swtpm:ctrl=/x.ctrl", PARSE_ERR, "over TCP use ctrlport=");
}

static void test_bad_values_are_errors(void **state)
{
    (void)state;
    expect_open_error("mssim:poweron=maybe", PARSE_ERR, "poweron 'maybe'");
    expect_open_error("swtpm:host=", PARSE_ERR, "host is empty");
    expect_open_error("libtpms:startup=warm", PARSE_ERR, "startup 'warm'");
    expect_open_error("libtpms:dir=", PARSE_ERR, "dir is empty");
    expect_open_error("cmd:", PARSE_ERR, "no command line");
    char s[200] = "swtpm:path=/";
    memset(s + 12, 'p', 120);
    expect_open_error(s, PARSE_ERR, "socket path");
}

static void test_unreachable_endpoints_are_named(void **state)
{
    (void)state;
    /* Port 1 on loopback: nothing listens there in a test environment. */
    expect_open_error("swtpm:host=127.0.0.1,port=1", TPM2L_RC_TCTI(TPM2L_E_CONNECT),
                      "tcti(swtpm): connection refused on 127.0.0.1:1");
    expect_open_error("mssim:host=127.0.0.1,port=1", TPM2L_RC_TCTI(TPM2L_E_CONNECT),
                      "tcti(mssim): connection refused on 127.0.0.1:1");
    expect_open_error("swtpm:path=/nonexistent/tpm.sock", TPM2L_RC_TCTI(TPM2L_E_CONNECT),
                      "no socket at /nonexistent/tpm.sock");
    expect_open_error("device:/nonexistent/tpm0", TPM2L_RC_TCTI(TPM2L_E_NOT_FOUND),
                      "no TPM device at /nonexistent/tpm0");
}

/* ---- environment ---- */

static int clear_env(void **state)
{
    (void)state;
    unsetenv("TPM2LITE_TCTI");
    unsetenv("TPM2TOOLS_TCTI");
    unsetenv("TCTI");
    return 0;
}

static void test_env_prefers_our_variable(void **state)
{
    (void)state;
    setenv("TCTI", "swtpm:port=3", 1);
    setenv("TPM2TOOLS_TCTI", "swtpm:port=2", 1);
    setenv("TPM2LITE_TCTI", "swtpm:port=1", 1);
    assert_string_equal(tpm2l_tcti_env_string(), "swtpm:port=1");
}

static void test_env_then_tpm2_tools_variable(void **state)
{
    (void)state;
    setenv("TCTI", "swtpm:port=3", 1);
    setenv("TPM2TOOLS_TCTI", "swtpm:port=2", 1);
    assert_string_equal(tpm2l_tcti_env_string(), "swtpm:port=2");
}

static void test_env_then_tss_variable(void **state)
{
    (void)state;
    setenv("TCTI", "swtpm:port=3", 1);
    assert_string_equal(tpm2l_tcti_env_string(), "swtpm:port=3");
}

static void test_env_empty_values_are_skipped(void **state)
{
    (void)state;
    setenv("TPM2LITE_TCTI", "", 1);
    setenv("TPM2TOOLS_TCTI", "swtpm:port=2", 1);
    assert_string_equal(tpm2l_tcti_env_string(), "swtpm:port=2");
    unsetenv("TPM2TOOLS_TCTI");
    assert_null(tpm2l_tcti_env_string());
}

static void test_open_env_uses_the_selected_string(void **state)
{
    (void)state;
    setenv("TPM2TOOLS_TCTI", "wrong:x=1", 1);
    setenv("TPM2LITE_TCTI", "chosen:x=1", 1);
    TPM2_RC rc = tpm2l_tcti_open_env(&any);
    assert_int_equal(rc, PARSE_ERR);
    assert_non_null(strstr(any.base.err, "'chosen'"));
}

static void test_open_env_without_variables_tries_the_devices(void **state)
{
    (void)state;
    if (access("/dev/tpmrm0", F_OK) == 0 || access("/dev/tpm0", F_OK) == 0)
        skip(); /* a machine with a TPM: opening it is not this test's business */
    TPM2_RC rc = tpm2l_tcti_open_env(&any);
    assert_int_equal(rc, TPM2L_RC_TCTI(TPM2L_E_NOT_FOUND));
    assert_non_null(strstr(any.base.err, "neither /dev/tpmrm0 nor /dev/tpm0"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_value_pairs_are_split),
        cmocka_unit_test(test_name_alone_has_no_pairs),
        cmocka_unit_test(test_value_may_contain_colons_and_equals),
        cmocka_unit_test(test_cmd_and_device_take_free_text),
        cmocka_unit_test(test_libtpms_mem_is_accepted),
        cmocka_unit_test(test_tss_library_names_are_understood),
        cmocka_unit_test(test_empty_string_is_an_error),
        cmocka_unit_test(test_pair_without_equals_is_an_error),
        cmocka_unit_test(test_empty_key_is_an_error),
        cmocka_unit_test(test_empty_and_trailing_pairs_are_errors),
        cmocka_unit_test(test_duplicate_key_is_an_error),
        cmocka_unit_test(test_overlong_pieces_are_errors),
        cmocka_unit_test(test_too_many_pairs_is_an_error),
        cmocka_unit_test(test_bad_characters_are_errors),
        cmocka_unit_test(test_unknown_transport_is_named),
        cmocka_unit_test(test_tabrmd_is_refused_with_an_alternative),
        cmocka_unit_test(test_unknown_key_is_named_with_the_known_ones),
        cmocka_unit_test(test_bad_ports_are_errors),
        cmocka_unit_test(test_conflicting_keys_are_errors),
        cmocka_unit_test(test_bad_values_are_errors),
        cmocka_unit_test(test_unreachable_endpoints_are_named),
        cmocka_unit_test_setup(test_env_prefers_our_variable, clear_env),
        cmocka_unit_test_setup(test_env_then_tpm2_tools_variable, clear_env),
        cmocka_unit_test_setup(test_env_then_tss_variable, clear_env),
        cmocka_unit_test_setup(test_env_empty_values_are_skipped, clear_env),
        cmocka_unit_test_setup(test_open_env_uses_the_selected_string, clear_env),
        cmocka_unit_test_setup(test_open_env_without_variables_tries_the_devices, clear_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
