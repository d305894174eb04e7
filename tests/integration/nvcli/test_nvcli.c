/* test_nvcli.c - the tpm2lite NV commands on swtpm, with tpm2-tools as the peer:
 * define, write, read (offsets, more than one NV buffer), counters, extend and bit
 * indices, locks, undefine; authorised by password, by an HMAC session file, by a
 * policy session file and by pcr:; the same names, public areas and data seen by
 * both tools; TPM refusals decoded with exit 1 and usage errors exit 2 with no TPM.
 *
 * Indices that do not test dictionary-attack protection are no_da, so a wrong
 * password never locks the TPM out for the tests after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "cli_check.h"

static run_result R;

#define TOOL(...)                                                                            \
    do {                                                                                     \
        if (run_tool(&R, __VA_ARGS__, NULL) != 0) {                                          \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("%s failed", #__VA_ARGS__);                                             \
        }                                                                                    \
    } while (0)

/* A transport nothing listens on: a usage error must exit before it is tried. */
#define NO_TPM "swtpm:host=127.0.0.1,port=1"

#define USAGE(...)                                                                           \
    do {                                                                                     \
        if (run_cli(&R, NO_TPM, __VA_ARGS__, NULL) != 2) {                                   \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("tpm2lite %s: want usage error (exit 2)", #__VA_ARGS__);                \
        }                                                                                    \
    } while (0)

static void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* Bytes that differ at every offset, so a chunk written at the wrong place shows. */
static void pattern(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)((i * 7 + seed + (i >> 8)) & 0xFF);
}

/* ---- define and readpublic ---- */

static void test_nvdefine_without_index_takes_the_first_free_one(void **state)
{
    (void)state;
    char idx[32];
    OK("nvdefine", "-s", "8", "-a", "ownerread|ownerwrite|no_da");
    assert_non_null(line_value(R.out, "nv-index: ", idx, sizeof idx));
    assert_string_equal(idx, "0x1000000");
    OK("nvdefine", "-s", "8", "-a", "ownerread|ownerwrite|no_da");
    assert_non_null(line_value(R.out, "nv-index: ", idx, sizeof idx));
    assert_string_equal(idx, "0x1000001");
    OK("nvundefine", "0x1000000");
    OK("nvundefine", "1");
}

static void test_nvreadpublic_prints_what_tpm2_nvreadpublic_prints(void **state)
{
    (void)state;
    static char ours[4096];
    unsigned char pol[32];
    pattern(pol, sizeof pol, 3);
    write_bytes(scratch("p32.bin"), pol, sizeof pol);
    OK("nvdefine", "0x150001a", "-s", "40", "-L", scratch("p32.bin"), "-a",
       "ownerread|policywrite|authread|no_da|orderly");
    assert_string_equal(R.out, "nv-index: 0x150001a\n"); /* lowercase, as tpm2-tools */
    OK("nvreadpublic", "0x150001a");
    strcpy(ours, R.out);
    TOOL("tpm2_nvreadpublic", "0x150001a");
    assert_string_equal(ours, R.out);
    assert_non_null(strstr(ours, "size: 40\n"));
    assert_non_null(strstr(ours, "friendly: policywrite|ownerread|authread|no_da|orderly\n"));
    OK("nvundefine", "0x150001a");
}

static void test_default_attributes_are_tpm2_nvdefines(void **state)
{
    (void)state;
    unsigned char pol[32] = {0};
    write_bytes(scratch("z32.bin"), pol, sizeof pol);
    OK("nvdefine", "0x1500011", "-s", "4", "-p", "x");
    OK("nvreadpublic", "0x1500011");
    assert_non_null(strstr(R.out, "value: 0x60006\n")); /* owner and auth read/write */
    OK("nvdefine", "0x1500012", "-s", "4", "-L", scratch("z32.bin"));
    OK("nvreadpublic", "0x1500012");
    assert_non_null(strstr(R.out, "value: 0xA000A\n")); /* owner and policy read/write */
    OK("nvundefine", "0x1500011");
    OK("nvundefine", "0x1500012");
}

/* ---- ordinary indices: data in and out ---- */

static void test_password_write_then_read_back(void **state)
{
    (void)state;
    OK("nvdefine", "0x1500020", "-s", "32", "-p", "pw", "-a",
       "authread|authwrite|ownerread|ownerwrite|no_da");
    write_bytes(scratch("hello"), "hello, nv", 9);
    OK("nvwrite", "0x1500020", "-P", "pw", "-i", scratch("hello"));
    OK("nvread", "0x1500020", "-P", "pw", "-s", "9");
    assert_int_equal(R.out_len, 9);
    assert_memory_equal(R.out, "hello, nv", 9);
    /* The owner reads it too (ownerread), and all 32 bytes without -s. */
    OK("nvread", "0x1500020", "-C", "o", "-o", scratch("all"));
    unsigned char all[64];
    assert_int_equal(file_read(scratch("all"), all, sizeof all), 32);
    assert_memory_equal(all, "hello, nv", 9);
    OK("nvundefine", "0x1500020");
}

static void test_offsets_write_and_read_the_middle_of_an_index(void **state)
{
    (void)state;
    OK("nvdefine", "0x1500021", "-s", "64", "-p", "pw", "-a", "authread|authwrite|no_da");
    unsigned char a[64], b[10];
    pattern(a, sizeof a, 1);
    pattern(b, sizeof b, 99);
    write_bytes(scratch("a64"), a, sizeof a);
    write_bytes(scratch("b10"), b, sizeof b);
    OK("nvwrite", "0x1500021", "-P", "pw", "-i", scratch("a64"));
    OK("nvwrite", "0x1500021", "-P", "pw", "-i", scratch("b10"), "--offset", "20");
    memcpy(a + 20, b, sizeof b);
    OK("nvread", "0x1500021", "-P", "pw", "--offset", "16", "-s", "20");
    assert_int_equal(R.out_len, 20);
    assert_memory_equal(R.out, a + 16, 20);
    /* Without -s: from the offset to the end. */
    OK("nvread", "0x1500021", "-P", "pw", "--offset", "60");
    assert_int_equal(R.out_len, 4);
    assert_memory_equal(R.out, a + 60, 4);
    /* Past the end: refused whole, before any chunk is written; a read past the end
     * is the TPM's NV_RANGE, decoded. */
    FAILS(1, "run past the index's 64 bytes", "nvwrite", "0x1500021", "-P", "pw", "-i",
          scratch("b10"), "--offset", "60");
    FAILS(1, "TPM_RC_NV_RANGE", "nvread", "0x1500021", "-P", "pw", "-s", "10", "--offset", "60");
    OK("nvread", "0x1500021", "-P", "pw");
    assert_int_equal(R.out_len, 64);
    assert_memory_equal(R.out, a, 64);
    OK("nvundefine", "0x1500021");
}

static void test_write_larger_than_one_nv_buffer_reads_back_whole(void **state)
{
    (void)state;
    static unsigned char big[2048];
    char max[32];
    TOOL("tpm2_getcap", "properties-fixed");
    const char *p = strstr(R.out, "TPM2_PT_NV_BUFFER_MAX:");
    assert_non_null(p);
    assert_non_null(line_value(p, "  raw: ", max, sizeof max));
    unsigned long bufmax = strtoul(max, NULL, 0);
    assert_true(bufmax > 0 && bufmax < 1500); /* else this test proves nothing */
    pattern(big, sizeof big, 5);
    write_bytes(scratch("big"), big, 1500);
    OK("nvdefine", "0x1500022", "-s", "2048", "-p", "pw", "-a", "authread|authwrite|no_da");
    OK("nvwrite", "0x1500022", "-P", "pw", "-i", scratch("big"), "--offset", "100");
    OK("nvread", "0x1500022", "-P", "pw", "-s", "1500", "--offset", "100");
    assert_int_equal(R.out_len, 1500);
    assert_memory_equal(R.out, big, 1500);
    /* tpm2-tools read the same bytes. */
    TOOL("tpm2_nvread", "-C", "0x1500022", "-P", "pw", "-s", "1500", "--offset", "100",
         "0x1500022");
    assert_int_equal(R.out_len, 1500);
    assert_memory_equal(R.out, big, 1500);
    OK("nvundefine", "0x1500022");
}

static void test_data_comes_from_standard_input_with_dash(void **state)
{
    (void)state;
    char cmd[1024];
    OK("nvdefine", "0x1500023", "-s", "8", "-p", "pw", "-a", "authread|authwrite|no_da");
    snprintf(cmd, sizeof cmd, "printf piped | '%s' --tcti '%s' nvwrite 0x1500023 -P pw -i -",
             TPM2LITE_CLI_PATH, cli_tcti);
    const char *argv[] = {"sh", "-c", cmd, NULL};
    if (run_argv(&R, argv) != 0) {
        run_dump(cmd, &R);
        fail_msg("piped nvwrite failed");
    }
    OK("nvread", "0x1500023", "-P", "pw", "-s", "5");
    assert_int_equal(R.out_len, 5);
    assert_memory_equal(R.out, "piped", 5);
    OK("nvundefine", "0x1500023");
}

/* ---- sessions ---- */

static void test_hmac_session_file_authorises_write_and_read(void **state)
{
    (void)state;
    static unsigned char d[1200];
    pattern(d, sizeof d, 9);
    write_bytes(scratch("d1200"), d, sizeof d);
    OK("nvdefine", "0x1500030", "-s", "1200", "-p", "pw", "-a", "authread|authwrite|no_da");
    OK("startauthsession", "--hmac-session", "-S", scratch("h.ses"));
    char spec[600];
    snprintf(spec, sizeof spec, "session:%s+pw", scratch("h.ses"));
    /* Two chunks: the second names the index after its first write changed its name
     * (TPMA_NV_WRITTEN), or the session's cpHash would be wrong. */
    OK("nvwrite", "0x1500030", "-P", spec, "-i", scratch("d1200"));
    OK("nvread", "0x1500030", "-P", spec);
    assert_int_equal(R.out_len, sizeof d);
    assert_memory_equal(R.out, d, sizeof d);
    snprintf(spec, sizeof spec, "session:%s+wrong", scratch("h.ses"));
    FAILS(1, "TPM_RC_BAD_AUTH", "nvread", "0x1500030", "-P", spec, "-s", "4");
    OK("flushcontext", scratch("h.ses"));
    /* A tpm2-tools HMAC session file serves as well. */
    TOOL("tpm2_startauthsession", "--hmac-session", "-S", scratch("th.ses"));
    snprintf(spec, sizeof spec, "session:%s+pw", scratch("th.ses"));
    OK("nvread", "0x1500030", "-P", spec, "-s", "100", "--offset", "1100");
    assert_int_equal(R.out_len, 100);
    assert_memory_equal(R.out, d + 1100, 100);
    TOOL("tpm2_flushcontext", scratch("th.ses"));
    OK("nvundefine", "0x1500030");
}

static void test_policy_session_file_authorises_write_and_a_wrong_policy_is_refused(void **state)
{
    (void)state;
    char spec[600];
    OK("startauthsession", "-S", scratch("trial.ses"));
    OK("policycommandcode", "-S", scratch("trial.ses"), "-L", scratch("cc.pol"),
       "TPM2_CC_NV_Write");
    OK("flushcontext", scratch("trial.ses"));
    OK("nvdefine", "0x1500031", "-s", "16", "-L", scratch("cc.pol"), "-p", "rd", "-a",
       "policywrite|authread|no_da");
    write_bytes(scratch("pd"), "by policy", 9);
    OK("startauthsession", "--policy-session", "-S", scratch("p.ses"));
    OK("policycommandcode", "-S", scratch("p.ses"), "NV_Write");
    snprintf(spec, sizeof spec, "session:%s", scratch("p.ses"));
    OK("nvwrite", "0x1500031", "-P", spec, "-i", scratch("pd"));
    OK("nvread", "0x1500031", "-P", "rd", "-s", "9");
    assert_memory_equal(R.out, "by policy", 9);
    /* The policy was spent by that write; a session that ran another command code
     * does not match the index's authPolicy. */
    OK("policycommandcode", "-S", scratch("p.ses"), "NV_Read");
    FAILS(1, "TPM_RC_POLICY_FAIL", "nvwrite", "0x1500031", "-P", spec, "-i", scratch("pd"));
    /* A password is no way in: the index has no authwrite. */
    FAILS(1, "TPM_RC_AUTH_UNAVAILABLE", "nvwrite", "0x1500031", "-P", "rd", "-i", scratch("pd"));
    OK("flushcontext", scratch("p.ses"));
    OK("nvundefine", "0x1500031");
}

static void test_pcr_policy_index_is_used_with_pcr_auth_until_the_pcr_changes(void **state)
{
    (void)state;
    OK("startauthsession", "-S", scratch("trial.ses"));
    OK("policypcr", "-S", scratch("trial.ses"), "-l", "sha256:16", "-L", scratch("pcr.pol"));
    OK("flushcontext", scratch("trial.ses"));
    OK("nvdefine", "0x1500032", "-s", "8", "-L", scratch("pcr.pol"), "-a",
       "policywrite|policyread|no_da");
    write_bytes(scratch("p8"), "pcr-gate", 8);
    OK("nvwrite", "0x1500032", "-P", "pcr:sha256:16", "-i", scratch("p8"));
    OK("nvread", "0x1500032", "-P", "pcr:sha256:16");
    assert_int_equal(R.out_len, 8);
    assert_memory_equal(R.out, "pcr-gate", 8);
    TOOL("tpm2_pcrextend",
         "16:sha256=0000000000000000000000000000000000000000000000000000000000000001");
    FAILS(1, "TPM_RC_POLICY_FAIL", "nvread", "0x1500032", "-P", "pcr:sha256:16");
    TOOL("tpm2_pcrreset", "16");
    OK("nvread", "0x1500032", "-P", "pcr:sha256:16");
    OK("nvundefine", "0x1500032");
    /* A policy session is spent by one command: more than one NV buffer is refused
     * before anything is written. */
    static unsigned char big[1500];
    pattern(big, sizeof big, 11);
    write_bytes(scratch("big"), big, sizeof big);
    OK("nvdefine", "0x1500033", "-s", "1500", "-L", scratch("pcr.pol"), "-a",
       "policywrite|policyread|no_da");
    FAILS(1, "authorises one NV_Write", "nvwrite", "0x1500033", "-P", "pcr:sha256:16", "-i",
          scratch("big"));
    OK("nvreadpublic", "0x1500033");
    assert_null(strstr(R.out, "written"));
    FAILS(1, "authorises one NV_Read", "nvread", "0x1500033", "-P", "pcr:sha256:16");
    OK("nvundefine", "0x1500033");
}

/* ---- counter, extend and bit indices, locks ---- */

static void test_counter_incremented_twice_reads_two(void **state)
{
    (void)state;
    static const unsigned char two[8] = {0, 0, 0, 0, 0, 0, 0, 2};
    OK("nvdefine", "0x1500040", "-p", "c", "-a", "authread|authwrite|nt=counter|no_da");
    FAILS(1, "TPM_RC_NV_UNINITIALIZED", "nvread", "0x1500040", "-P", "c");
    OK("nvincrement", "0x1500040", "-P", "c");
    OK("nvincrement", "0x1500040", "-P", "c");
    /* A new counter starts at the largest value any counter of this TPM has held
     * (Part 1 §37.2.3): 0 on this fresh swtpm, which has had no other counter. */
    OK("nvread", "0x1500040", "-P", "c");
    assert_int_equal(R.out_len, 8);
    assert_memory_equal(R.out, two, 8);
    TOOL("tpm2_nvread", "-C", "0x1500040", "-P", "c", "0x1500040");
    assert_int_equal(R.out_len, 8);
    assert_memory_equal(R.out, two, 8);
    OK("nvreadpublic", "0x1500040");
    assert_non_null(strstr(R.out, "friendly: authwrite|nt=0x1|authread|no_da|written\n"));
    OK("nvundefine", "0x1500040");
}

static void test_extend_index_equals_the_software_hash(void **state)
{
    (void)state;
    unsigned char want[64] = {0}, buf[64];
    unsigned int len = 0;
    OK("nvdefine", "0x1500041", "-p", "e", "-a", "authread|authwrite|nt=extend|no_da");
    OK("nvreadpublic", "0x1500041");
    assert_non_null(strstr(R.out, "size: 32\n"));
    static const char *parts[] = {"first", "second part"};
    for (int i = 0; i < 2; i++) {
        write_bytes(scratch("ext"), parts[i], strlen(parts[i]));
        OK("nvextend", "0x1500041", "-P", "e", "-i", scratch("ext"));
        /* Part 3 §31.7: new = H_nameAlg(old || data), old starting as zeros. */
        memcpy(buf, want, 32);
        memcpy(buf + 32, parts[i], strlen(parts[i]));
        assert_int_equal(EVP_Digest(buf, 32 + strlen(parts[i]), want, &len, EVP_sha256(), NULL),
                         1);
    }
    OK("nvread", "0x1500041", "-P", "e");
    assert_int_equal(R.out_len, 32);
    assert_memory_equal(R.out, want, 32);
    OK("nvundefine", "0x1500041");
}

static void test_setbits_ors_and_writelock_refuses_writes(void **state)
{
    (void)state;
    static const unsigned char bits[8] = {0, 0, 0, 0, 0, 0, 0, 0x07};
    OK("nvdefine", "0x1500042", "-a", "ownerread|ownerwrite|nt=bits|no_da|write_stclear");
    OK("nvsetbits", "0x1500042", "-C", "o", "-i", "0x5");
    OK("nvsetbits", "0x1500042", "-C", "o", "-i", "2");
    OK("nvread", "0x1500042", "-C", "o");
    assert_int_equal(R.out_len, 8);
    assert_memory_equal(R.out, bits, 8);
    OK("nvwritelock", "0x1500042", "-C", "o");
    FAILS(1, "TPM_RC_NV_LOCKED", "nvsetbits", "0x1500042", "-C", "o", "-i", "8");
    OK("nvreadpublic", "0x1500042");
    assert_non_null(strstr(R.out, "writelocked"));
    OK("nvundefine", "0x1500042");
}

static void test_readlock_refuses_reads(void **state)
{
    (void)state;
    OK("nvdefine", "0x1500043", "-s", "4", "-p", "r",
       "-a", "authread|authwrite|no_da|read_stclear");
    write_bytes(scratch("r4"), "abcd", 4);
    OK("nvwrite", "0x1500043", "-P", "r", "-i", scratch("r4"));
    OK("nvreadlock", "0x1500043", "-P", "r");
    FAILS(1, "TPM_RC_NV_LOCKED", "nvread", "0x1500043", "-P", "r");
    OK("nvundefine", "0x1500043");
}

static void test_changeauth_with_the_index_policy_changes_the_password(void **state)
{
    (void)state;
    char spec[600];
    OK("startauthsession", "-S", scratch("trial.ses"));
    OK("policycommandcode", "-S", scratch("trial.ses"), "-L", scratch("ca.pol"),
       "TPM2_CC_NV_ChangeAuth");
    OK("flushcontext", scratch("trial.ses"));
    OK("nvdefine", "0x1500044", "-s", "4", "-p", "old", "-L", scratch("ca.pol"), "-a",
       "authread|authwrite|no_da");
    write_bytes(scratch("c4"), "keep", 4);
    OK("nvwrite", "0x1500044", "-P", "old", "-i", scratch("c4"));
    /* The ADMIN role of an index is its policy only (Part 3 §31.12). */
    USAGE("nvchangeauth", "-c", "0x1500044", "-p", "old", "new");
    OK("startauthsession", "--policy-session", "-S", scratch("ca.ses"));
    OK("policycommandcode", "-S", scratch("ca.ses"), "NV_ChangeAuth");
    snprintf(spec, sizeof spec, "session:%s", scratch("ca.ses"));
    OK("nvchangeauth", "-c", "0x1500044", "-p", spec, "new");
    OK("nvread", "0x1500044", "-P", "new");
    assert_memory_equal(R.out, "keep", 4);
    FAILS(1, "TPM_RC_BAD_AUTH", "nvread", "0x1500044", "-P", "old");
    OK("flushcontext", scratch("ca.ses"));
    OK("nvundefine", "0x1500044");
}

/* ---- undefine ---- */

static void test_undefined_index_is_gone_for_readpublic(void **state)
{
    (void)state;
    OK("nvdefine", "0x1500050", "-s", "4", "-a", "ownerread|ownerwrite|no_da");
    OK("nvundefine", "0x1500050", "-C", "o");
    FAILS(1, "TPM_RC_HANDLE", "nvreadpublic", "0x1500050");
    FAILS(1, "TPM_RC_HANDLE", "nvundefine", "0x1500050");
}

static void test_policydelete_index_goes_with_undefinespacespecial(void **state)
{
    (void)state;
    OK("startauthsession", "-S", scratch("trial.ses"));
    /* TPM2_CC_NV_UndefineSpaceSpecial */
    OK("policycommandcode", "-S", scratch("trial.ses"), "-L", scratch("del.pol"), "0x11F");
    OK("flushcontext", scratch("trial.ses"));
    OK("nvdefine", "0x1500051", "-C", "p", "-s", "4", "-L", scratch("del.pol"), "-a",
       "ppread|ppwrite|platformcreate|policydelete|no_da");
    /* Without the special form the TPM refuses (Part 3 §31.4). */
    FAILS(1, "TPM_RC_ATTRIBUTES", "nvundefine", "0x1500051", "-C", "p");
    OK("startauthsession", "--policy-session", "-S", scratch("d.ses"));
    OK("policycommandcode", "-S", scratch("d.ses"), "0x11F");
    OK("nvundefine", "0x1500051", "-C", "p", "-S", scratch("d.ses"));
    FAILS(1, "TPM_RC_HANDLE", "nvreadpublic", "0x1500051");
    OK("flushcontext", scratch("d.ses"));
}

/* ---- tpm2-tools as the peer ---- */

static void test_tpm2_tools_index_is_read_and_written_by_tpm2lite(void **state)
{
    (void)state;
    static char theirs[4096];
    TOOL("tpm2_nvdefine", "-C", "o", "-s", "24", "-a", "ownerread|ownerwrite|authread|authwrite|no_da",
         "-p", "tp", "0x1500060");
    TOOL("tpm2_nvreadpublic", "0x1500060");
    strcpy(theirs, R.out);
    OK("nvreadpublic", "0x1500060");
    assert_string_equal(R.out, theirs);
    write_bytes(scratch("t24"), "written by tpm2-tools", 21);
    TOOL("tpm2_nvwrite", "-C", "0x1500060", "-P", "tp", "-i", scratch("t24"), "0x1500060");
    OK("nvread", "0x1500060", "-P", "tp", "-s", "21");
    assert_memory_equal(R.out, "written by tpm2-tools", 21);
    /* After a write the name changed; both still agree on it. */
    TOOL("tpm2_nvreadpublic", "0x1500060");
    strcpy(theirs, R.out);
    OK("nvreadpublic", "0x1500060");
    assert_string_equal(R.out, theirs);
    OK("nvundefine", "0x1500060");
}

static void test_tpm2lite_index_is_read_and_written_by_tpm2_tools(void **state)
{
    (void)state;
    static char ours[4096];
    OK("nvdefine", "0x1500061", "-s", "24", "-p", "hex:a1b2", "-a",
       "ownerread|ownerwrite|authread|authwrite|no_da");
    write_bytes(scratch("o24"), "written by tpm2lite", 19);
    OK("nvwrite", "0x1500061", "-P", "hex:a1b2", "-i", scratch("o24"));
    TOOL("tpm2_nvread", "-C", "0x1500061", "-P", "hex:a1b2", "-s", "19", "0x1500061");
    assert_int_equal(R.out_len, 19);
    assert_memory_equal(R.out, "written by tpm2lite", 19);
    OK("nvreadpublic", "0x1500061");
    strcpy(ours, R.out);
    TOOL("tpm2_nvreadpublic", "0x1500061");
    assert_string_equal(ours, R.out);
    TOOL("tpm2_nvundefine", "-C", "o", "0x1500061");
    FAILS(1, "TPM_RC_HANDLE", "nvreadpublic", "0x1500061");
}

/* ---- refusals ---- */

static void test_wrong_password_on_a_no_da_index_is_bad_auth(void **state)
{
    (void)state;
    OK("nvdefine", "0x1500070", "-s", "4", "-p", "right", "-a", "authread|authwrite|no_da");
    FAILS(1, "TPM_RC_BAD_AUTH", "nvread", "0x1500070", "-P", "wrong");
    OK("nvundefine", "0x1500070");
}

static void test_wrong_password_on_a_da_index_is_auth_fail(void **state)
{
    (void)state;
    OK("nvdefine", "0x1500071", "-s", "4", "-p", "right", "-a", "authread|authwrite");
    write_bytes(scratch("w4"), "data", 4);
    FAILS(1, "TPM_RC_AUTH_FAIL", "nvwrite", "0x1500071", "-P", "wrong", "-i", scratch("w4"));
    /* One failure counts against the lockout: clear it for the tests after this one. */
    TOOL("tpm2_dictionarylockout", "-c");
    OK("nvundefine", "0x1500071");
}

static void test_usage_errors_exit_2_without_a_tpm(void **state)
{
    (void)state;
    USAGE("nvwrite", "-P", "pw");                         /* no index */
    USAGE("nvwrite", "0x1500080", "0x1500081");           /* two */
    USAGE("nvwrite", "0x81000001");                       /* not an NV handle */
    USAGE("nvwrite", "1", "--offset", "70000");
    USAGE("nvwrite", "1", "-C", "e");
    USAGE("nvwrite", "1", "-C", "0x1000002");             /* another index */
    USAGE("nvwrite", "1", "-P", "hmac:x");                /* a retired form */
    USAGE("nvread", "1", "-s", "ten");
    USAGE("nvread", "1", "--bogus");
    USAGE("nvdefine", "-a", "ownerread|bogus");
    USAGE("nvdefine", "-a", "nt=sideways");
    USAGE("nvdefine", "-C", "e");
    USAGE("nvdefine", "-s", "65536");
    USAGE("nvdefine", "-g", "md5");
    USAGE("nvdefine", "-p", "session:x.ses");             /* a new value is a value */
    USAGE("nvundefine");
    USAGE("nvundefine", "1", "-C", "o", "-S", "x.ses");
    USAGE("nvextend", "1");                               /* no -i */
    USAGE("nvsetbits", "1", "-i", "0x10000000000000000"); /* 65 bits */
    USAGE("nvincrement", "1", "2");
    USAGE("nvreadpublic", "1", "2");
    USAGE("nvwritelock");
    USAGE("nvreadlock", "-P");
    USAGE("nvchangeauth", "-c", "1", "-p", "session:x.ses");     /* no NEWAUTH */
    USAGE("nvchangeauth", "-p", "session:x.ses", "new");         /* no -c */
}

static void test_every_nv_command_has_help(void **state)
{
    (void)state;
    static const char *cmds[] = {"nvdefine",  "nvundefine",  "nvreadpublic", "nvwrite",
                                 "nvread",    "nvincrement", "nvextend",     "nvsetbits",
                                 "nvwritelock", "nvreadlock", "nvchangeauth"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        assert_int_equal(run_cli(&R, NO_TPM, cmds[i], "--help", NULL), 0);
        assert_non_null(strstr(R.out, "Usage: tpm2lite "));
        assert_non_null(strstr(R.out, cmds[i]));
    }
}

static int clean(void **state)
{
    (void)state;
    static run_result f;
    const char *s[] = {"tpm2_flushcontext", "-s", NULL};
    run_argv(&f, s);
    return 0;
}

#define T(f) cmocka_unit_test_teardown(f, clean)

int main(void)
{
    if (!have_tpm2_tools()) {
        fprintf(stderr, "tpm2-tools not installed: skipped\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        T(test_nvdefine_without_index_takes_the_first_free_one),
        T(test_nvreadpublic_prints_what_tpm2_nvreadpublic_prints),
        T(test_default_attributes_are_tpm2_nvdefines),
        T(test_password_write_then_read_back),
        T(test_offsets_write_and_read_the_middle_of_an_index),
        T(test_write_larger_than_one_nv_buffer_reads_back_whole),
        T(test_data_comes_from_standard_input_with_dash),
        T(test_hmac_session_file_authorises_write_and_read),
        T(test_policy_session_file_authorises_write_and_a_wrong_policy_is_refused),
        T(test_pcr_policy_index_is_used_with_pcr_auth_until_the_pcr_changes),
        T(test_counter_incremented_twice_reads_two),
        T(test_extend_index_equals_the_software_hash),
        T(test_setbits_ors_and_writelock_refuses_writes),
        T(test_readlock_refuses_reads),
        T(test_changeauth_with_the_index_policy_changes_the_password),
        T(test_undefined_index_is_gone_for_readpublic),
        T(test_policydelete_index_goes_with_undefinespacespecial),
        T(test_tpm2_tools_index_is_read_and_written_by_tpm2lite),
        T(test_tpm2lite_index_is_read_and_written_by_tpm2_tools),
        T(test_wrong_password_on_a_no_da_index_is_bad_auth),
        T(test_wrong_password_on_a_da_index_is_auth_fail),
        T(test_usage_errors_exit_2_without_a_tpm),
        T(test_every_nv_command_has_help),
    };
    return cmocka_run_group_tests(tests, cli_sim_start, cli_sim_stop);
}
