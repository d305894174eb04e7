/* test_cli_libtpms.c - tpm2lite with the TPM inside its own process (libtpms:dir=D):
 * what scripts/demo.sh runs works, and the state directory carries the TPM's seeds
 * (so its primary keys) from one process to the next. */
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
static char tcti[300];

#define OK(...)                                                                              \
    do {                                                                                     \
        if (run_cli(&R, tcti, __VA_ARGS__, NULL) != 0) {                                     \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("tpm2lite %s failed", #__VA_ARGS__);                                    \
        }                                                                                    \
    } while (0)

static int setup(void **state)
{
    (void)state;
    unsetenv("TPM2LITE_TCTI");
    snprintf(tcti, sizeof tcti, "libtpms:dir=%s", scratch(""));
    return 0;
}

static void test_demo_commands_succeed(void **state)
{
    (void)state;
    OK("getrandom", "16", "--hex");
    assert_int_equal(strlen(R.out), 33);
    OK("pcrread", "sha256:0,1,2,3");
    assert_non_null(strstr(R.out, "  sha256:\n    0 : 0x"));
    OK("createprimary", "-C", "o", "-G", "ecc256");
    assert_non_null(strstr(R.out, "\nname: 000b"));
    OK("createprimary", "-C", "o", "-G", "rsa2048");
    assert_non_null(strstr(R.out, "\nname: 000b"));
}

static void test_primary_name_is_the_same_in_the_next_process(void **state)
{
    (void)state;
    char a[200], b[200];
    OK("createprimary", "-G", "ecc256");
    assert_non_null(line_value(R.out, "name: ", a, sizeof a));
    OK("createprimary", "-G", "ecc256");
    assert_non_null(line_value(R.out, "name: ", b, sizeof b));
    assert_string_equal(a, b);
}

static void test_pcrextend_lasts_only_for_the_process(void **state)
{
    (void)state;
    /* The transport starts the TPM with Startup(CLEAR) in every process: PCRs begin at
     * zero again, while the seeds (and so the names above) persist in the directory. */
    OK("pcrextend", "16:sha1=f572d396fae9206628714fb2ce00f72e94f2258f");
    OK("pcrread", "sha1:16");
    assert_non_null(strstr(R.out, "    16: 0x0000000000000000000000000000000000000000\n"));
}

static void test_in_memory_tpm_works(void **state)
{
    (void)state;
    assert_int_equal(run_cli(&R, "libtpms", "getrandom", "8", "--hex", NULL), 0);
    assert_int_equal(strlen(R.out), 17);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_commands_succeed),
        cmocka_unit_test(test_primary_name_is_the_same_in_the_next_process),
        cmocka_unit_test(test_pcrextend_lasts_only_for_the_process),
        cmocka_unit_test(test_in_memory_tpm_works),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
