/* test_cli_errors.c - tpm2lite's help, usage errors (exit 2) and failures (exit 1 with
 * the decoded response code or the transport's reason on stderr). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli_run.h"

static run_result R;

static void expect(int status, const char *err_has, const char *what)
{
    if (R.status != status || !strstr(R.err, err_has)) {
        run_dump(what, &R);
        fail_msg("%s: want exit %d and '%s' on stderr", what, status, err_has);
    }
}

static const char *const commands[] = {
    "getrandom", "getcap", "pcrread", "pcrextend", "pcrreset", "createprimary",
    "readpublic", "evictcontrol", "flushcontext", "startup", "shutdown", "selftest",
    "gettestresult", "readclock", "hierarchychangeauth", "clear",
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void test_global_help_lists_every_command(void **state)
{
    (void)state;
    assert_int_equal(run_cli(&R, NULL, "--help", NULL), 0);
    for (size_t i = 0; i < N_COMMANDS; i++) {
        char want[40];
        snprintf(want, sizeof want, "\n  %s ", commands[i]);
        if (!strstr(R.out, want))
            fail_msg("--help does not list %s", commands[i]);
    }
}

static void test_every_command_has_help_without_a_tpm(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_COMMANDS; i++) {
        char want[60];
        snprintf(want, sizeof want, "Usage: tpm2lite %s", commands[i]);
        /* An unreachable transport: --help must not need the TPM. */
        assert_int_equal(run_cli(&R, "swtpm:port=1", commands[i], "--help", NULL), 0);
        if (strncmp(R.out, want, strlen(want)) != 0)
            fail_msg("%s --help printed '%.60s'", commands[i], R.out);
        assert_int_equal(run_cli(&R, NULL, "help", commands[i], NULL), 0);
        assert_int_equal(strncmp(R.out, want, strlen(want)), 0);
        assert_int_equal(run_cli(&R, NULL, commands[i], "-h", NULL), 0);
    }
}

static void test_version_prints_the_version(void **state)
{
    (void)state;
    assert_int_equal(run_cli(&R, NULL, "--version", NULL), 0);
    assert_memory_equal(R.out, "tpm2lite ", 9);
}

static void test_unknown_command_is_a_usage_error(void **state)
{
    (void)state;
    run_cli(&R, cli_tcti, "frobnicate", NULL);
    expect(2, "unknown command 'frobnicate'", "frobnicate");
    run_cli(&R, NULL, NULL);
    expect(2, "no command given", "no command");
    run_cli(&R, NULL, "--bogus", "getrandom", "4", NULL);
    expect(2, "unknown option '--bogus'", "--bogus");
}

static void test_bad_arguments_are_usage_errors(void **state)
{
    (void)state;
    static const struct {
        const char *argv[6];
        const char *says;
    } bad[] = {
        {{"getrandom", NULL}, "how many bytes"},
        {{"getrandom", "12x", NULL}, "not a byte count"},
        {{"getrandom", "0", NULL}, "not a byte count"},
        {{"getrandom", "4", "--hex", "-o", "/tmp/x", NULL}, "choose one"},
        {{"getrandom", "4", "--nope", NULL}, "unknown option '--nope'"},
        {{"getrandom", "4", "-o", NULL}, "needs a value"},
        {{"getcap", NULL}, "which capability"},
        {{"getcap", "nope", NULL}, "unknown capability 'nope'"},
        {{"pcrread", "sha256:99", NULL}, "PCR 99 is past"},
        {{"pcrread", "sha257:1", NULL}, "unknown bank 'sha257'"},
        {{"pcrread", "sha256:0-7", NULL}, "ranges"},
        {{"pcrread", "sha1:1", "sha256:1", NULL}, "one selection"},
        {{"pcrextend", NULL}, "what to extend"},
        {{"pcrextend", "16:sha256=abcd", NULL}, "64 hex characters"},
        {{"pcrreset", "32", NULL}, "not a PCR number"},
        {{"createprimary", "-G", "dsa", NULL}, "-G: 'dsa'"},
        {{"createprimary", "-C", "x", NULL}, "-C: 'x'"},
        {{"createprimary", "-g", "md5", NULL}, "-g: 'md5'"},
        {{"createprimary", "-P", "hmac:abc", NULL}, "removed from tpm2-tools in 2019"},
        {{"createprimary", "-P", "nope:abc", NULL}, "unknown 'word:' prefix"},
        {{"createprimary", "-p", "hex:abc", NULL}, "even number"},
        {{"readpublic", NULL}, "which object"},
        {{"readpublic", "-c", "0xzz", NULL}, "not a handle"},
        {{"evictcontrol", NULL}, "which object"},
        {{"evictcontrol", "-C", "e", "-c", "0x81000000", NULL}, "-C: 'e'"},
        {{"evictcontrol", "-c", "0x81000000", "0x80000000", NULL}, "not a persistent handle"},
        {{"flushcontext", NULL}, "give one"},
        {{"flushcontext", "-t", "-l", NULL}, "give one"},
        {{"hierarchychangeauth", "-c", "o", NULL}, "new authorization"},
        {{"hierarchychangeauth", "x", NULL}, "which hierarchy"},
        {{"clear", "-c", "o", NULL}, "-c: 'o'"},
        {{"startup", "now", NULL}, "unexpected argument"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *argv[10] = {TPM2LITE_CLI_PATH, "--tcti", cli_tcti};
        size_t n = 3;
        for (size_t j = 0; bad[i].argv[j]; j++)
            argv[n++] = bad[i].argv[j];
        argv[n] = NULL;
        run_argv(&R, argv);
        expect(2, bad[i].says, bad[i].argv[0]);
        if (!strstr(R.err, "--help'"))
            fail_msg("%s: no hint to --help in '%s'", bad[i].argv[0], R.err);
    }
}

static void test_missing_handle_is_decoded_tpm_rc_handle(void **state)
{
    (void)state;
    run_cli(&R, cli_tcti, "readpublic", "-c", "0x81000999", NULL);
    expect(1, "TPM_RC_HANDLE", "readpublic 0x81000999");
    assert_non_null(strstr(R.err, "[0x0000018b]"));
    assert_string_equal(R.out, "");
    run_cli(&R, cli_tcti, "evictcontrol", "-c", "0x81000999", NULL);
    expect(1, "TPM_RC_HANDLE", "evictcontrol 0x81000999");
}

static void test_unreachable_transport_says_why(void **state)
{
    (void)state;
    run_cli(&R, "swtpm:host=127.0.0.1,port=1", "getrandom", "4", NULL);
    expect(1, "connection refused on 127.0.0.1:1", "swtpm port 1");
    assert_non_null(strstr(R.err, "cannot open the TPM transport 'swtpm:host=127.0.0.1,port=1'"));
    run_cli(&R, "nosuch", "getrandom", "4", NULL);
    expect(1, "unknown transport 'nosuch'", "nosuch");
    run_cli(&R, "device:/nonexistent/tpm", "getrandom", "4", NULL);
    expect(1, "/nonexistent/tpm", "device path");
}

static void test_environment_selects_the_transport(void **state)
{
    (void)state;
    setenv("TPM2LITE_TCTI", cli_tcti, 1);
    int st = run_cli(&R, NULL, "getrandom", "4", "--hex", NULL);
    setenv("TPM2LITE_TCTI", "swtpm:port=1", 1);
    run_cli(&R, NULL, "getrandom", "4", NULL);
    unsetenv("TPM2LITE_TCTI");
    assert_int_equal(st, 0);
    expect(1, "port=1", "TPM2LITE_TCTI unreachable");
}

static void test_pcr_past_the_tpms_count_is_an_error(void **state)
{
    (void)state;
    run_cli(&R, cli_tcti, "pcrread", "sha256:24", NULL);
    expect(1, "PCR 24 is past the 24 PCRs this TPM has", "sha256:24");
    assert_string_equal(R.out, "");
    run_cli(&R, cli_tcti, "pcrextend",
            "24:sha1=0000000000000000000000000000000000000000", NULL);
    expect(1, "PCR 24 is past the 24 PCRs this TPM has", "pcrextend 24");
}

static void test_bank_the_tpm_lacks_is_an_error(void **state)
{
    (void)state;
    run_cli(&R, cli_tcti, "pcrread", "sha3_256:0", NULL);
    expect(1, "bank sha3_256 is not allocated on this TPM", "sha3_256");
}

static void test_pcr_reset_of_a_fixed_pcr_is_decoded(void **state)
{
    (void)state;
    run_cli(&R, cli_tcti, "pcrreset", "0", NULL);
    expect(1, "TPM_RC_LOCALITY", "pcrreset 0");
}

static void test_bad_context_files_are_refused(void **state)
{
    (void)state;
    FILE *f = fopen(scratch("junk.ctx"), "wb");
    assert_non_null(f);
    fputs("this is not a context", f);
    fclose(f);
    run_cli(&R, cli_tcti, "readpublic", "-c", scratch("junk.ctx"), NULL);
    expect(1, "not a context file", "junk.ctx");
    run_cli(&R, cli_tcti, "readpublic", "-c", scratch("absent.ctx"), NULL);
    expect(1, "cannot open", "absent.ctx");
    f = fopen(scratch("short.ctx"), "wb");
    assert_non_null(f);
    fwrite("\xBA\xDC\xC0\xDE\0\0\0\1\x40\0\0\1\x80\0\0\0\0\0\0\0\0\0\0\1\x01\0\xAA", 1, 27, f);
    fclose(f);
    run_cli(&R, cli_tcti, "readpublic", "-c", scratch("short.ctx"), NULL);
    expect(1, "runs 255 bytes past the end of the file", "short.ctx");
}

static void test_flushing_a_saved_object_file_is_refused(void **state)
{
    (void)state;
    assert_int_equal(run_cli(&R, cli_tcti, "createprimary", "-G", "ecc", "-c",
                             scratch("obj.ctx"), NULL),
                     0);
    run_cli(&R, cli_tcti, "flushcontext", scratch("obj.ctx"), NULL);
    expect(1, "saved object", "flushcontext obj.ctx");
}

static void test_flushing_a_handle_that_is_not_loaded_is_decoded(void **state)
{
    (void)state;
    run_cli(&R, cli_tcti, "flushcontext", "0x80000007", NULL);
    expect(1, "TPM_RC_", "flushcontext 0x80000007");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_global_help_lists_every_command),
        cmocka_unit_test(test_every_command_has_help_without_a_tpm),
        cmocka_unit_test(test_version_prints_the_version),
        cmocka_unit_test(test_unknown_command_is_a_usage_error),
        cmocka_unit_test(test_bad_arguments_are_usage_errors),
        cmocka_unit_test(test_missing_handle_is_decoded_tpm_rc_handle),
        cmocka_unit_test(test_unreachable_transport_says_why),
        cmocka_unit_test(test_environment_selects_the_transport),
        cmocka_unit_test(test_pcr_past_the_tpms_count_is_an_error),
        cmocka_unit_test(test_bank_the_tpm_lacks_is_an_error),
        cmocka_unit_test(test_pcr_reset_of_a_fixed_pcr_is_decoded),
        cmocka_unit_test(test_bad_context_files_are_refused),
        cmocka_unit_test(test_flushing_a_saved_object_file_is_refused),
        cmocka_unit_test(test_flushing_a_handle_that_is_not_loaded_is_decoded),
    };
    return cmocka_run_group_tests(tests, cli_sim_start, cli_sim_stop);
}
