/* test_cli_commands.c - every tpm2lite command against a real swtpm: it succeeds and
 * prints what it should, and what it leaves in the TPM is what it says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli_check.h"
#include "tpm2lite/crypto.h"

static run_result R;

#define HAS(text)                                                                            \
    do {                                                                                     \
        if (!strstr(R.out, (text))) {                                                        \
            run_dump("output", &R);                                                          \
            fail_msg("output lacks '%s'", (text));                                           \
        }                                                                                    \
    } while (0)

static size_t count_lines(const char *s, const char *prefix)
{
    size_t n = 0, k = strlen(prefix);
    for (const char *p = s; *p;) {
        if (strncmp(p, prefix, k) == 0)
            n++;
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    return n;
}

static void test_getrandom_hex_prints_the_bytes_asked_for(void **state)
{
    (void)state;
    OK("getrandom", "16", "--hex");
    assert_int_equal(strlen(R.out), 33);
    assert_int_equal(R.out[32], '\n');
    assert_int_equal(strspn(R.out, "0123456789abcdef"), 32);
}

static void test_getrandom_raw_loops_past_one_digest(void **state)
{
    (void)state;
    OK("getrandom", "300");
    assert_int_equal(R.out_len, 300);
}

static void test_getrandom_output_file_holds_the_bytes(void **state)
{
    (void)state;
    unsigned char buf[200];
    OK("getrandom", "100", "-o", scratch("rand.bin"));
    assert_int_equal(R.out_len, 0);
    assert_int_equal(file_read(scratch("rand.bin"), buf, sizeof buf), 100);
}

static void test_getcap_list_names_every_capability(void **state)
{
    (void)state;
    OK("getcap", "-l");
    assert_int_equal(count_lines(R.out, "- "), 13);
    HAS("- handles-saved-session\n");
}

static void test_getcap_every_capability_succeeds(void **state)
{
    (void)state;
    static const char *const names[] = {
        "algorithms", "commands", "pcrs", "properties-fixed", "properties-variable",
        "ecc-curves", "handles-transient", "handles-persistent", "handles-permanent",
        "handles-pcr", "handles-nv-index", "handles-loaded-session", "handles-saved-session",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        OK("getcap", names[i]);
}

static void test_getcap_properties_fixed_names_the_manufacturer(void **state)
{
    (void)state;
    OK("getcap", "properties-fixed");
    HAS("TPM2_PT_MANUFACTURER:\n  raw: 0x49424D00\n  value: \"IBM\"\n");
    HAS("TPM2_PT_PCR_COUNT:\n  raw: 0x18\n");
}

static void test_getcap_commands_are_named(void **state)
{
    (void)state;
    OK("getcap", "commands");
    HAS("TPM2_CC_CreatePrimary:\n  value: 0x");
    HAS("TPM2_CC_GetRandom:\n");
}

static void test_getcap_handles_pcr_lists_24(void **state)
{
    (void)state;
    OK("getcap", "handles-pcr");
    assert_int_equal(count_lines(R.out, "- 0x"), 24);
}

static void test_pcrread_default_reads_every_pcr_of_every_bank(void **state)
{
    (void)state;
    OK("getcap", "pcrs");
    size_t banks = count_lines(R.out, "  - ");
    assert_true(banks >= 1);
    OK("pcrread");
    assert_int_equal(count_lines(R.out, "  sha"), banks);
    assert_int_equal(count_lines(R.out, "    "), 24 * banks);
}

static void test_pcrread_prints_tpm2_tools_layout(void **state)
{
    (void)state;
    OK("pcrreset", "16");
    OK("pcrread", "sha256:16,0x1");
    assert_string_equal(R.out, "  sha256:\n"
                               "    1 : 0x0000000000000000000000000000000000000000000000000000000000000000\n"
                               "    16: 0x0000000000000000000000000000000000000000000000000000000000000000\n");
}

static void test_pcrextend_then_pcrread_shows_the_extended_value(void **state)
{
    (void)state;
    unsigned char d[32], both[64], want[32];
    char dhex[65], whex[65], spec[80], line[100];
    for (int i = 0; i < 32; i++)
        d[i] = (unsigned char)(i * 7 + 1);
    hex_of(d, 32, dhex);
    OK("pcrreset", "16");
    snprintf(spec, sizeof spec, "16:sha256=%s", dhex);
    OK("pcrextend", spec);
    /* Part 1: PCR_new = H(PCR_old || digest), PCR_old all zeros after the reset. */
    memset(both, 0, 32);
    memcpy(both + 32, d, 32);
    assert_int_equal(tpm2l_hash(NULL, TPM2_ALG_SHA256, both, 64, want, sizeof want), 0);
    hex_of(want, 32, whex);
    for (char *p = whex; *p; p++)
        if (*p >= 'a')
            *p = (char)(*p - 'a' + 'A');
    OK("pcrread", "sha256:16");
    assert_non_null(line_value(R.out, "    16: 0x", line, sizeof line));
    assert_string_equal(line, whex);
}

static void test_pcrread_output_file_is_the_digests_in_order(void **state)
{
    (void)state;
    unsigned char buf[256];
    OK("pcrread", "sha256:0,16+sha1:3", "-o", scratch("pcrs.dat"));
    assert_int_equal(file_read(scratch("pcrs.dat"), buf, sizeof buf), 32 + 32 + 20);
}

static void test_pcrreset_returns_pcr16_to_zero(void **state)
{
    (void)state;
    OK("pcrextend", "16:sha1=0000000000000000000000000000000000000001");
    OK("pcrreset", "16", "23");
    OK("pcrread", "sha1:16");
    HAS("    16: 0x0000000000000000000000000000000000000000\n");
}

static void test_createprimary_prints_handle_and_name_and_flushes(void **state)
{
    (void)state;
    char name[200];
    OK("createprimary", "-C", "o", "-G", "ecc256");
    assert_non_null(line_value(R.out, "handle: 0x80", name, sizeof name));
    assert_non_null(line_value(R.out, "name: ", name, sizeof name));
    assert_int_equal(strlen(name), 68);
    assert_memory_equal(name, "000b", 4);
    HAS("attributes:\n  value: fixedtpm|fixedparent|sensitivedataorigin|userwithauth|"
        "restricted|decrypt\n  raw: 0x30072\n");
    OK("getcap", "handles-transient");
    assert_string_equal(R.out, "");
}

static void test_createprimary_is_deterministic(void **state)
{
    (void)state;
    char a[200], b[200];
    OK("createprimary", "-G", "rsa");
    assert_non_null(line_value(R.out, "name: ", a, sizeof a));
    OK("createprimary", "-C", "owner", "-G", "rsa2048", "-g", "sha256");
    assert_non_null(line_value(R.out, "name: ", b, sizeof b));
    assert_string_equal(a, b);
}

static void test_createprimary_name_alg_option_changes_the_name(void **state)
{
    (void)state;
    char name[200];
    OK("createprimary", "-G", "ecc", "-g", "sha384");
    assert_non_null(line_value(R.out, "name: ", name, sizeof name));
    assert_memory_equal(name, "000c", 4);
    assert_int_equal(strlen(name), 4 + 96);
}

static void test_createprimary_context_file_reloads_in_readpublic(void **state)
{
    (void)state;
    char a[200], b[200];
    unsigned char head[8];
    OK("createprimary", "-C", "e", "-G", "ecc256", "-c", scratch("ek.ctx"));
    assert_non_null(line_value(R.out, "name: ", a, sizeof a));
    assert_int_equal(file_read(scratch("ek.ctx"), head, sizeof head), 8);
    assert_memory_equal(head, "\xBA\xDC\xC0\xDE\x00\x00\x00\x01", 8);
    OK("readpublic", "-c", scratch("ek.ctx"));
    assert_non_null(line_value(R.out, "name: ", b, sizeof b));
    assert_string_equal(a, b);
    OK("getcap", "handles-transient");
    assert_string_equal(R.out, "");
}

static void test_readpublic_writes_the_name_and_public_files(void **state)
{
    (void)state;
    char name[200], fromfile[200];
    unsigned char buf[1024];
    OK("createprimary", "-G", "ecc256", "-c", scratch("k.ctx"));
    OK("readpublic", "-c", scratch("k.ctx"), "-n", scratch("k.name"), "-o", scratch("k.pub"));
    assert_non_null(line_value(R.out, "name: ", name, sizeof name));
    long n = file_read(scratch("k.name"), buf, sizeof buf);
    assert_int_equal(n, 34);
    hex_of(buf, (size_t)n, fromfile);
    assert_string_equal(name, fromfile);
    n = file_read(scratch("k.pub"), buf, sizeof buf);
    assert_true(n > 2);
    assert_int_equal((buf[0] << 8 | buf[1]) + 2, n); /* a TPM2B_PUBLIC: its size, then it */
}

static void test_evictcontrol_persists_at_the_first_free_handle_and_removes(void **state)
{
    (void)state;
    char name[200], again[200];
    OK("createprimary", "-G", "ecc256", "-c", scratch("p.ctx"));
    assert_non_null(line_value(R.out, "name: ", name, sizeof name));
    OK("evictcontrol", "-C", "o", "-c", scratch("p.ctx"));
    assert_string_equal(R.out, "persistent-handle: 0x81000000\naction: persisted\n");
    OK("evictcontrol", "-c", scratch("p.ctx"));
    assert_string_equal(R.out, "persistent-handle: 0x81000001\naction: persisted\n");
    OK("getcap", "handles-persistent");
    assert_string_equal(R.out, "- 0x81000000\n- 0x81000001\n");
    OK("readpublic", "-c", "0x81000001");
    assert_non_null(line_value(R.out, "name: ", again, sizeof again));
    assert_string_equal(name, again);
    OK("evictcontrol", "-C", "o", "-c", "0x81000000");
    assert_string_equal(R.out, "persistent-handle: 0x81000000\naction: evicted\n");
    OK("evictcontrol", "-c", "0x81000001", "0x81000001");
    OK("getcap", "handles-persistent");
    assert_string_equal(R.out, "");
}

static void test_evictcontrol_takes_the_handle_given(void **state)
{
    (void)state;
    OK("createprimary", "-G", "ecc256", "-c", scratch("q.ctx"));
    OK("evictcontrol", "-c", scratch("q.ctx"), "0x81000123");
    assert_string_equal(R.out, "persistent-handle: 0x81000123\naction: persisted\n");
    OK("evictcontrol", "-c", "0x81000123");
}

static void test_flushcontext_with_nothing_loaded_succeeds(void **state)
{
    (void)state;
    OK("flushcontext", "-t");
    OK("flushcontext", "-l");
    OK("flushcontext", "-s");
}

static void test_startup_on_a_started_tpm_says_so_and_succeeds(void **state)
{
    (void)state;
    OK("startup", "-c");
    assert_non_null(strstr(R.err, "already started"));
    OK("startup");
}

static void test_shutdown_succeeds_and_the_tpm_still_answers(void **state)
{
    (void)state;
    OK("shutdown", "-c");
    OK("shutdown");
    OK("getrandom", "4", "--hex");
}

static void test_selftest_and_gettestresult(void **state)
{
    (void)state;
    OK("selftest");
    OK("selftest", "--full");
    OK("selftest", "-f");
    OK("gettestresult");
    assert_string_equal(R.out, "status: success\n");
}

static void test_readclock_prints_time_and_clock_info(void **state)
{
    (void)state;
    char v[64];
    OK("readclock");
    assert_non_null(line_value(R.out, "time: ", v, sizeof v));
    assert_non_null(line_value(R.out, "  clock: ", v, sizeof v));
    assert_non_null(line_value(R.out, "  reset_count: ", v, sizeof v));
    assert_non_null(line_value(R.out, "  restart_count: ", v, sizeof v));
    assert_non_null(line_value(R.out, "  safe: ", v, sizeof v));
}

static void test_hierarchychangeauth_guards_the_owner_hierarchy(void **state)
{
    (void)state;
    OK("hierarchychangeauth", "-c", "o", "pass1");
    assert_int_equal(run_cli(&R, cli_tcti, "createprimary", "-G", "ecc256", NULL), 1);
    assert_non_null(strstr(R.err, "TPM_RC_"));
    OK("createprimary", "-G", "ecc256", "-P", "pass1");
    OK("hierarchychangeauth", "-c", "owner", "-p", "str:pass1", "hex:00ff10");
    OK("createprimary", "-G", "ecc256", "-P", "hex:00ff10");
    OK("hierarchychangeauth", "-c", "o", "-p", "hex:00FF10", "");
    OK("createprimary", "-G", "ecc256");
}

static void test_clear_removes_persistent_objects(void **state)
{
    (void)state;
    OK("createprimary", "-G", "ecc256", "-c", scratch("c.ctx"));
    OK("evictcontrol", "-c", scratch("c.ctx"), "0x81000042");
    OK("clear");
    OK("getcap", "handles-persistent");
    assert_string_equal(R.out, "");
    OK("clear", "-c", "p");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_getrandom_hex_prints_the_bytes_asked_for),
        cmocka_unit_test(test_getrandom_raw_loops_past_one_digest),
        cmocka_unit_test(test_getrandom_output_file_holds_the_bytes),
        cmocka_unit_test(test_getcap_list_names_every_capability),
        cmocka_unit_test(test_getcap_every_capability_succeeds),
        cmocka_unit_test(test_getcap_properties_fixed_names_the_manufacturer),
        cmocka_unit_test(test_getcap_commands_are_named),
        cmocka_unit_test(test_getcap_handles_pcr_lists_24),
        cmocka_unit_test(test_pcrread_default_reads_every_pcr_of_every_bank),
        cmocka_unit_test(test_pcrread_prints_tpm2_tools_layout),
        cmocka_unit_test(test_pcrextend_then_pcrread_shows_the_extended_value),
        cmocka_unit_test(test_pcrread_output_file_is_the_digests_in_order),
        cmocka_unit_test(test_pcrreset_returns_pcr16_to_zero),
        cmocka_unit_test(test_createprimary_prints_handle_and_name_and_flushes),
        cmocka_unit_test(test_createprimary_is_deterministic),
        cmocka_unit_test(test_createprimary_name_alg_option_changes_the_name),
        cmocka_unit_test(test_createprimary_context_file_reloads_in_readpublic),
        cmocka_unit_test(test_readpublic_writes_the_name_and_public_files),
        cmocka_unit_test(test_evictcontrol_persists_at_the_first_free_handle_and_removes),
        cmocka_unit_test(test_evictcontrol_takes_the_handle_given),
        cmocka_unit_test(test_flushcontext_with_nothing_loaded_succeeds),
        cmocka_unit_test(test_startup_on_a_started_tpm_says_so_and_succeeds),
        cmocka_unit_test(test_shutdown_succeeds_and_the_tpm_still_answers),
        cmocka_unit_test(test_selftest_and_gettestresult),
        cmocka_unit_test(test_readclock_prints_time_and_clock_info),
        cmocka_unit_test(test_hierarchychangeauth_guards_the_owner_hierarchy),
        cmocka_unit_test(test_clear_removes_persistent_objects),
    };
    return cmocka_run_group_tests(tests, cli_sim_start, cli_sim_stop);
}
