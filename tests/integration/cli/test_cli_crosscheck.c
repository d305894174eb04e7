/* test_cli_crosscheck.c - tpm2lite and tpm2-tools on the same swtpm agree: the same
 * primary key names, PCR values and pcr.dat bytes, and the same persistent handles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli_run.h"

static run_result R;

#define CLI_OK(...)                                                                          \
    do {                                                                                     \
        if (run_cli(&R, cli_tcti, __VA_ARGS__, NULL) != 0) {                                 \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("tpm2lite %s failed", #__VA_ARGS__);                                    \
        }                                                                                    \
    } while (0)

#define TOOL_OK(...)                                                                         \
    do {                                                                                     \
        if (run_tool(&R, __VA_ARGS__, NULL) != 0) {                                          \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("%s failed", #__VA_ARGS__);                                             \
        }                                                                                    \
    } while (0)

/* Our name for a primary, then tpm2-tools' for the same hierarchy and algorithm. */
static void same_primary_name(const char *hier, const char *alg)
{
    char ours[200], theirs[200];
    unsigned char name[80];
    CLI_OK("createprimary", "-C", hier, "-G", alg);
    assert_non_null(line_value(R.out, "name: ", ours, sizeof ours));
    TOOL_OK("tpm2_createprimary", "-C", hier, "-G", alg, "-c", scratch("tools.ctx"));
    TOOL_OK("tpm2_readpublic", "-c", scratch("tools.ctx"), "-n", scratch("tools.name"));
    long n = file_read(scratch("tools.name"), name, sizeof name);
    assert_int_equal(n, 34);
    hex_of(name, (size_t)n, theirs);
    /* tpm2-tools leaves its objects loaded on a TPM without a resource manager. */
    TOOL_OK("tpm2_flushcontext", "-t");
    assert_string_equal(ours, theirs);
}

static void test_rsa2048_owner_primary_has_tpm2_tools_name(void **state)
{
    (void)state;
    same_primary_name("o", "rsa2048");
}

static void test_ecc256_owner_primary_has_tpm2_tools_name(void **state)
{
    (void)state;
    same_primary_name("o", "ecc256");
}

static void test_rsa2048_endorsement_primary_has_tpm2_tools_name(void **state)
{
    (void)state;
    same_primary_name("e", "rsa2048");
}

static void test_ecc256_endorsement_primary_has_tpm2_tools_name(void **state)
{
    (void)state;
    same_primary_name("e", "ecc256");
}

static void test_readpublic_reads_a_tpm2_tools_context_file(void **state)
{
    (void)state;
    char ours[200], theirs[200];
    TOOL_OK("tpm2_createprimary", "-C", "o", "-G", "ecc256", "-c", scratch("t.ctx"));
    TOOL_OK("tpm2_readpublic", "-c", scratch("t.ctx"));
    assert_non_null(line_value(R.out, "name: ", theirs, sizeof theirs));
    TOOL_OK("tpm2_flushcontext", "-t");
    CLI_OK("readpublic", "-c", scratch("t.ctx"));
    assert_non_null(line_value(R.out, "name: ", ours, sizeof ours));
    assert_string_equal(ours, theirs);
}

static void test_tpm2_tools_reads_our_context_file(void **state)
{
    (void)state;
    char ours[200], theirs[200];
    CLI_OK("createprimary", "-C", "o", "-G", "ecc256", "-c", scratch("ours.ctx"));
    assert_non_null(line_value(R.out, "name: ", ours, sizeof ours));
    TOOL_OK("tpm2_readpublic", "-c", scratch("ours.ctx"));
    assert_non_null(line_value(R.out, "name: ", theirs, sizeof theirs));
    TOOL_OK("tpm2_flushcontext", "-t");
    assert_string_equal(ours, theirs);
}

static void test_pcrread_equals_tpm2_pcrread_after_tpm2_pcrextend(void **state)
{
    (void)state;
    static char theirs[sizeof R.out];
    TOOL_OK("tpm2_pcrreset", "16");
    TOOL_OK("tpm2_pcrextend",
            "16:sha256=b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c");
    TOOL_OK("tpm2_pcrread", "sha256:0,1,2,3,16");
    strcpy(theirs, R.out);
    CLI_OK("pcrread", "sha256:0,1,2,3,16");
    assert_string_equal(R.out, theirs);
}

static void test_pcrextend_is_seen_by_tpm2_pcrread(void **state)
{
    (void)state;
    static char theirs[sizeof R.out];
    CLI_OK("pcrreset", "16");
    CLI_OK("pcrextend", "16:sha1=f572d396fae9206628714fb2ce00f72e94f2258f,sha256="
                        "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c");
    TOOL_OK("tpm2_pcrread", "sha1:16+sha256:16");
    strcpy(theirs, R.out);
    CLI_OK("pcrread", "sha1:16+sha256:16");
    assert_string_equal(R.out, theirs);
}

static void test_pcrread_default_equals_tpm2_pcrread(void **state)
{
    (void)state;
    static char theirs[sizeof R.out];
    TOOL_OK("tpm2_pcrread");
    strcpy(theirs, R.out);
    CLI_OK("pcrread");
    assert_string_equal(R.out, theirs);
}

static void test_pcrread_file_equals_tpm2_pcrread_file(void **state)
{
    (void)state;
    static unsigned char a[4096], b[4096];
    const char *spec = "sha256:0,1,16,23+sha1:3,16+sha512:7";
    TOOL_OK("tpm2_pcrextend", "23:sha1=f572d396fae9206628714fb2ce00f72e94f2258f");
    TOOL_OK("tpm2_pcrread", spec, "-o", scratch("tools.dat"));
    CLI_OK("pcrread", spec, "-o", scratch("ours.dat"));
    long na = file_read(scratch("tools.dat"), a, sizeof a);
    long nb = file_read(scratch("ours.dat"), b, sizeof b);
    assert_int_equal(na, 4 * 32 + 2 * 20 + 64);
    assert_int_equal(nb, na);
    assert_memory_equal(a, b, (size_t)na);
}

static void test_getcap_handles_persistent_agrees_after_evictcontrol(void **state)
{
    (void)state;
    static char theirs[sizeof R.out];
    CLI_OK("createprimary", "-G", "ecc256", "-c", scratch("e.ctx"));
    CLI_OK("evictcontrol", "-C", "o", "-c", scratch("e.ctx"), "0x81000010");
    TOOL_OK("tpm2_createprimary", "-C", "o", "-G", "rsa2048", "-c", scratch("r.ctx"));
    TOOL_OK("tpm2_evictcontrol", "-C", "o", "-c", scratch("r.ctx"), "0x81000020");
    TOOL_OK("tpm2_flushcontext", "-t");
    TOOL_OK("tpm2_getcap", "handles-persistent");
    strcpy(theirs, R.out);
    CLI_OK("getcap", "handles-persistent");
    assert_string_equal(R.out, theirs);
    assert_string_equal(R.out, "- 0x81000010\n- 0x81000020\n");
    /* And each tool removes what the other made. */
    TOOL_OK("tpm2_evictcontrol", "-C", "o", "-c", "0x81000010");
    CLI_OK("evictcontrol", "-C", "o", "-c", "0x81000020");
    TOOL_OK("tpm2_getcap", "handles-persistent");
    assert_string_equal(R.out, "");
}

static void test_flushcontext_flushes_what_tpm2_tools_left_loaded(void **state)
{
    (void)state;
    TOOL_OK("tpm2_createprimary", "-C", "o", "-G", "ecc256", "-c", scratch("l1.ctx"));
    TOOL_OK("tpm2_createprimary", "-C", "e", "-G", "ecc256", "-c", scratch("l2.ctx"));
    CLI_OK("getcap", "handles-transient");
    assert_true(strlen(R.out) > 0);
    CLI_OK("flushcontext", "-t");
    TOOL_OK("tpm2_getcap", "handles-transient");
    assert_string_equal(R.out, "");
}

static void test_getcap_listings_equal_tpm2_getcap(void **state)
{
    (void)state;
    static char theirs[sizeof R.out];
    static const char *const names[] = {"pcrs",      "ecc-curves",          "algorithms",
                                        "handles-permanent", "handles-pcr",
                                        "properties-variable"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        TOOL_OK("tpm2_getcap", names[i]);
        strcpy(theirs, R.out);
        CLI_OK("getcap", names[i]);
        if (strcmp(R.out, theirs) != 0)
            fail_msg("getcap %s differs:\nours:\n%s\ntheirs:\n%s", names[i], R.out, theirs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsa2048_owner_primary_has_tpm2_tools_name),
        cmocka_unit_test(test_ecc256_owner_primary_has_tpm2_tools_name),
        cmocka_unit_test(test_rsa2048_endorsement_primary_has_tpm2_tools_name),
        cmocka_unit_test(test_ecc256_endorsement_primary_has_tpm2_tools_name),
        cmocka_unit_test(test_readpublic_reads_a_tpm2_tools_context_file),
        cmocka_unit_test(test_tpm2_tools_reads_our_context_file),
        cmocka_unit_test(test_pcrread_equals_tpm2_pcrread_after_tpm2_pcrextend),
        cmocka_unit_test(test_pcrextend_is_seen_by_tpm2_pcrread),
        cmocka_unit_test(test_pcrread_default_equals_tpm2_pcrread),
        cmocka_unit_test(test_pcrread_file_equals_tpm2_pcrread_file),
        cmocka_unit_test(test_getcap_handles_persistent_agrees_after_evictcontrol),
        cmocka_unit_test(test_flushcontext_flushes_what_tpm2_tools_left_loaded),
        cmocka_unit_test(test_getcap_listings_equal_tpm2_getcap),
    };
    if (!have_tpm2_tools()) {
        fprintf(stderr, "tpm2-tools not found: cross-checks skipped\n");
        return 77; /* meson: skipped */
    }
    return cmocka_run_group_tests(tests, cli_sim_start, cli_sim_stop);
}
