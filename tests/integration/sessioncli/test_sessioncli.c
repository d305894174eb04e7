/* test_sessioncli.c - session files and policies through the tpm2lite tool on swtpm,
 * against tpm2-tools as the peer: the same policy digests, sessions started by one
 * tool authorising the other's commands in both directions, objects sealed by one
 * and unsealed by the other (with a salted, bound, encrypting session), every
 * authorization-string form, files written 0600, and bad session files refused with
 * clear messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "cli_check.h"

static run_result R;

/* tpm2-tools leave what they load in the TPM (no resource manager here): flush
 * transient objects after each one that loads something. */
#define TOOL(...)                                                                            \
    do {                                                                                     \
        if (run_tool(&R, __VA_ARGS__, NULL) != 0) {                                          \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("%s failed", #__VA_ARGS__);                                             \
        }                                                                                    \
        flush_transient();                                                                   \
    } while (0)

static void flush_transient(void)
{
    static run_result f;
    const char *argv[] = {"tpm2_flushcontext", "-t", NULL};
    run_argv(&f, argv);
}

static char line[8192];

/* The first line of the last run's stdout. */
static const char *out_line(void)
{
    size_t n = strcspn(R.out, "\n");
    memcpy(line, R.out, n);
    line[n] = '\0';
    return line;
}

static unsigned file_mode(const char *path)
{
    struct stat st;
    return stat(path, &st) ? 0u : (unsigned)(st.st_mode & 0777);
}

static void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void same_file(const char *a, const char *b)
{
    static unsigned char x[4096], y[4096];
    long na = file_read(a, x, sizeof x), nb = file_read(b, y, sizeof y);
    assert_true(na > 0);
    assert_int_equal(na, nb);
    assert_memory_equal(x, y, (size_t)na);
}

/* No session or object left behind by a test (each test starts clean). */
static int clean(void **state)
{
    (void)state;
    static run_result f;
    const char *t[] = {"tpm2_flushcontext", "-t", NULL};
    const char *l[] = {"tpm2_flushcontext", "-l", NULL};
    const char *s[] = {"tpm2_flushcontext", "-s", NULL};
    run_argv(&f, t);
    run_argv(&f, l);
    run_argv(&f, s);
    return 0;
}

static void count_sessions(const char *which, int want)
{
    TOOL("tpm2_getcap", which);
    int n = 0;
    for (const char *p = R.out; (p = strstr(p, "- 0x")) != NULL; p++)
        n++;
    if (n != want) {
        run_dump(which, &R);
        fail_msg("%d %s, want %d", n, which, want);
    }
}

/* A primary made by tpm2-tools (its context file carries the name, so ours can pin
 * it as a salt key) and the PolicyPCR(sha256:0,1)+PolicyPassword digest. */
static void primary_and_policy(void)
{
    TOOL("tpm2_createprimary", "-Q", "-C", "o", "-G", "ecc256", "-c", scratch("prim.ctx"));
    TOOL("tpm2_startauthsession", "-S", scratch("trial.ctx"));
    TOOL("tpm2_policypcr", "-Q", "-S", scratch("trial.ctx"), "-l", "sha256:0,1");
    TOOL("tpm2_policypassword", "-Q", "-S", scratch("trial.ctx"), "-L", scratch("pol.bin"));
    TOOL("tpm2_flushcontext", scratch("trial.ctx"));
}

/* ---- startauthsession and its files ---- */

static void test_startauthsession_writes_a_0600_tpm2_tools_trial_file(void **state)
{
    (void)state;
    unsigned char b[16];
    OK("startauthsession", "-S", scratch("t.ctx"));
    assert_int_equal(file_mode(scratch("t.ctx")), 0600);
    assert_int_equal(file_read(scratch("t.ctx"), b, sizeof b), sizeof b);
    /* magic, version 2, TRIAL, sha256, then the context file's magic */
    static const unsigned char head[] = {0xBA, 0xDC, 0xC0, 0xDE, 0, 0, 0, 2, 3, 0, 0x0B,
                                         0xBA, 0xDC, 0xC0, 0xDE};
    assert_memory_equal(b, head, sizeof head);
    OK("flushcontext", scratch("t.ctx"));
}

static void test_startauthsession_session_types_are_in_the_header(void **state)
{
    (void)state;
    unsigned char b[16];
    OK("startauthsession", "--policy-session", "-S", scratch("p.ctx"));
    assert_int_equal(file_read(scratch("p.ctx"), b, sizeof b), sizeof b);
    assert_int_equal(b[8], 1);
    OK("startauthsession", "--hmac-session", "-S", scratch("h.ctx"));
    assert_int_equal(file_read(scratch("h.ctx"), b, sizeof b), sizeof b);
    assert_int_equal(b[8], 0);
    OK("startauthsession", "--policy-session", "-g", "sha1", "-S", scratch("s1.ctx"));
    assert_int_equal(file_read(scratch("s1.ctx"), b, sizeof b), sizeof b);
    assert_int_equal(b[10], 0x04);
}

static void test_audit_session_has_the_audit_attribute(void **state)
{
    (void)state;
    static unsigned char b[2048];
    OK("startauthsession", "--audit-session", "-S", scratch("a.ctx"));
    long n = file_read(scratch("a.ctx"), b, sizeof b);
    assert_true(n > 100);
    /* ESAPI's record ends: attrs, nonceCaller (2+32), nonceTPM (2+32), 16 bytes */
    assert_int_equal(b[n - 16 - 68 - 1], 0x81); /* continueSession | audit */
    assert_int_equal(b[8], 0);                  /* an HMAC session */
    OK("flushcontext", scratch("a.ctx"));
}

static void test_format_ours_says_it_holds_secrets_and_is_0600(void **state)
{
    (void)state;
    unsigned char b[200];
    OK("startauthsession", "--policy-session", "--format", "ours", "-S", scratch("o.ctx"));
    assert_int_equal(file_mode(scratch("o.ctx")), 0600);
    long n = file_read(scratch("o.ctx"), b, sizeof b - 1);
    assert_true(n > 100);
    b[n] = 0;
    assert_memory_equal(b, "tpm2lite session file v1\n# SECRET:", 34);
}

static void test_rewriting_a_world_readable_session_file_makes_it_0600(void **state)
{
    (void)state;
    write_bytes(scratch("w.ctx"), "x", 1);
    chmod(scratch("w.ctx"), 0644);
    OK("startauthsession", "--policy-session", "-S", scratch("w.ctx"));
    assert_int_equal(file_mode(scratch("w.ctx")), 0600);
    OK("policypassword", "-S", scratch("w.ctx"));
    assert_int_equal(file_mode(scratch("w.ctx")), 0600);
}

static void test_flushcontext_of_a_session_file_removes_the_session(void **state)
{
    (void)state;
    OK("startauthsession", "--hmac-session", "-S", scratch("f.ctx"));
    count_sessions("handles-saved-session", 1);
    OK("flushcontext", scratch("f.ctx"));
    count_sessions("handles-saved-session", 0);
    count_sessions("handles-loaded-session", 0);
}

static void test_flushcontext_of_a_tpm2_tools_session_file(void **state)
{
    (void)state;
    TOOL("tpm2_startauthsession", "--policy-session", "-S", scratch("tf.ctx"));
    OK("flushcontext", scratch("tf.ctx"));
    count_sessions("handles-saved-session", 0);
}

static void test_salt_key_with_another_name_is_refused(void **state)
{
    (void)state;
    TOOL("tpm2_createprimary", "-Q", "-C", "o", "-G", "ecc256", "-c", scratch("k.ctx"));
    write_bytes(scratch("wrong.name"),
                "000b0000000000000000000000000000000000000000000000000000000000000000\n", 69);
    FAILS(1, "name does not match", "startauthsession", "--hmac-session", "--tpmkey-context",
          scratch("k.ctx"), "--name", scratch("wrong.name"), "-S", scratch("x.ctx"));
    count_sessions("handles-loaded-session", 0);
}

static void test_salt_key_with_its_pinned_name_is_accepted(void **state)
{
    (void)state;
    TOOL("tpm2_createprimary", "-Q", "-C", "o", "-G", "rsa2048", "-c", scratch("k2.ctx"));
    TOOL("tpm2_readpublic", "-c", scratch("k2.ctx"), "-n", scratch("k2.name"));
    OK("startauthsession", "--hmac-session", "--tpmkey-context", scratch("k2.ctx"), "--name",
       scratch("k2.name"), "-S", scratch("k2s.ctx"));
    assert_null(strstr(R.err, "warning"));
    OK("flushcontext", scratch("k2s.ctx"));
    /* the same name as hex text with a newline, as /sys/class/tpm/tpm0/null_name */
    unsigned char name[80];
    char hex[200];
    long n = file_read(scratch("k2.name"), name, sizeof name);
    assert_int_equal(n, 34);
    hex_of(name, (size_t)n, hex);
    strcat(hex, "\n");
    write_bytes(scratch("k2.hex"), hex, strlen(hex));
    OK("startauthsession", "--hmac-session", "--tpmkey-context", scratch("k2.ctx"), "--name",
       scratch("k2.hex"), "-S", scratch("k2s.ctx"));
    OK("flushcontext", scratch("k2s.ctx"));
}

/* ---- policy digests agree with tpm2-tools ---- */

static void test_policypcr_and_policypassword_digest_equals_tpm2_tools(void **state)
{
    (void)state;
    primary_and_policy();
    OK("startauthsession", "-S", scratch("ot.ctx"));
    OK("policypcr", "-S", scratch("ot.ctx"), "-l", "sha256:0,1");
    OK("policypassword", "-S", scratch("ot.ctx"), "-L", scratch("ours.bin"));
    same_file(scratch("ours.bin"), scratch("pol.bin"));
    OK("policygetdigest", "-S", scratch("ot.ctx"));
    char theirs[200];
    unsigned char d[64];
    assert_int_equal(file_read(scratch("pol.bin"), d, sizeof d), 32);
    hex_of(d, 32, theirs);
    assert_string_equal(out_line(), theirs);
    OK("flushcontext", scratch("ot.ctx"));
}

static void test_policypcr_with_a_values_file_equals_tpm2_tools(void **state)
{
    (void)state;
    TOOL("tpm2_pcrread", "sha256:0,1,16", "-o", scratch("pcrs.dat"));
    TOOL("tpm2_startauthsession", "-S", scratch("tt.ctx"));
    TOOL("tpm2_policypcr", "-Q", "-S", scratch("tt.ctx"), "-l", "sha256:0,1,16", "-f",
         scratch("pcrs.dat"), "-L", scratch("tp.bin"));
    TOOL("tpm2_flushcontext", scratch("tt.ctx"));
    OK("startauthsession", "-S", scratch("ot.ctx"));
    OK("policypcr", "-S", scratch("ot.ctx"), "-l", "sha256:0,1,16", "-f", scratch("pcrs.dat"),
       "-L", scratch("op.bin"));
    same_file(scratch("op.bin"), scratch("tp.bin"));
    OK("flushcontext", scratch("ot.ctx"));
}

static void test_policyauthvalue_and_commandcode_digest_equals_tpm2_tools(void **state)
{
    (void)state;
    TOOL("tpm2_startauthsession", "-S", scratch("tt.ctx"));
    TOOL("tpm2_policyauthvalue", "-Q", "-S", scratch("tt.ctx"));
    TOOL("tpm2_policycommandcode", "-Q", "-S", scratch("tt.ctx"), "-L", scratch("tc.bin"),
         "TPM2_CC_Unseal");
    TOOL("tpm2_flushcontext", scratch("tt.ctx"));
    OK("startauthsession", "-S", scratch("ot.ctx"));
    OK("policyauthvalue", "-S", scratch("ot.ctx"));
    OK("policycommandcode", "-S", scratch("ot.ctx"), "-L", scratch("oc.bin"), "unseal");
    same_file(scratch("oc.bin"), scratch("tc.bin"));
    OK("flushcontext", scratch("ot.ctx"));
}

static void test_policysecret_on_owner_digest_equals_tpm2_tools(void **state)
{
    (void)state;
    TOOL("tpm2_startauthsession", "-S", scratch("tt.ctx"));
    TOOL("tpm2_policysecret", "-Q", "-S", scratch("tt.ctx"), "-c", "o", "-L", scratch("ts.bin"));
    TOOL("tpm2_flushcontext", scratch("tt.ctx"));
    OK("startauthsession", "--policy-session", "-S", scratch("ot.ctx"));
    OK("policysecret", "-S", scratch("ot.ctx"), "-c", "o", "-L", scratch("os.bin"));
    same_file(scratch("os.bin"), scratch("ts.bin"));
    OK("flushcontext", scratch("ot.ctx"));
}

static void test_policyor_of_two_branches_equals_tpm2_tools(void **state)
{
    (void)state;
    primary_and_policy();
    TOOL("tpm2_startauthsession", "-S", scratch("tt.ctx"));
    TOOL("tpm2_policysecret", "-Q", "-S", scratch("tt.ctx"), "-c", "o", "-L", scratch("b.bin"));
    TOOL("tpm2_flushcontext", scratch("tt.ctx"));
    char list[600];
    snprintf(list, sizeof list, "sha256:%s,%s", scratch("pol.bin"), scratch("b.bin"));
    TOOL("tpm2_startauthsession", "-S", scratch("tt.ctx"));
    TOOL("tpm2_policyor", "-Q", "-S", scratch("tt.ctx"), "-l", list, "-L", scratch("tor.bin"));
    TOOL("tpm2_flushcontext", scratch("tt.ctx"));
    OK("startauthsession", "-S", scratch("ot.ctx"));
    OK("policyor", "-S", scratch("ot.ctx"), "-l", list, "-L", scratch("oor.bin"));
    same_file(scratch("oor.bin"), scratch("tor.bin"));
    OK("flushcontext", scratch("ot.ctx"));
}

static void test_policyor_with_one_branch_is_a_usage_error(void **state)
{
    (void)state;
    write_bytes(scratch("one.bin"), "01234567890123456789012345678901", 32);
    FAILS(2, "2 to 8 branches", "policyor", "-S", scratch("none.ctx"), "-l", scratch("one.bin"));
}

/* ---- sessions across tools ---- */

static char sess_arg[600];

static const char *session_auth(const char *file, const char *auth)
{
    snprintf(sess_arg, sizeof sess_arg, "session:%s%s%s", scratch(file), auth ? "+" : "",
             auth ? auth : "");
    return sess_arg;
}

static void seal_with_tpm2_tools(const char *auth)
{
    write_bytes(scratch("data"), "top secret", 10);
    TOOL("tpm2_create", "-Q", "-C", scratch("prim.ctx"), "-L", scratch("pol.bin"), "-p", auth,
         "-i", scratch("data"), "-u", scratch("obj.pub"), "-r", scratch("obj.priv"));
    TOOL("tpm2_load", "-Q", "-C", scratch("prim.ctx"), "-u", scratch("obj.pub"), "-r",
         scratch("obj.priv"), "-c", scratch("obj.ctx"));
}

static void test_tpm2_tools_sealed_object_unseals_with_our_salted_encrypted_session(void **state)
{
    (void)state;
    primary_and_policy();
    seal_with_tpm2_tools("pw123");
    OK("startauthsession", "--policy-session", "-c", scratch("prim.ctx"), "-S", scratch("s.ctx"));
    assert_null(strstr(R.err, "warning")); /* the context file pinned the salt key */
    OK("policypcr", "-S", scratch("s.ctx"), "-l", "sha256:0,1");
    OK("policypassword", "-S", scratch("s.ctx"));
    OK("unseal", "-c", scratch("obj.ctx"), "-p", session_auth("s.ctx", "pw123"));
    assert_int_equal(R.out_len, 10);
    assert_memory_equal(R.out, "top secret", 10);
    OK("flushcontext", scratch("s.ctx"));
}

static void test_tpm2_tools_policy_session_authorises_our_unseal(void **state)
{
    (void)state;
    primary_and_policy();
    seal_with_tpm2_tools("pw123");
    TOOL("tpm2_startauthsession", "--policy-session", "-S", scratch("ts.ctx"));
    TOOL("tpm2_policypcr", "-Q", "-S", scratch("ts.ctx"), "-l", "sha256:0,1");
    TOOL("tpm2_policypassword", "-Q", "-S", scratch("ts.ctx"));
    OK("unseal", "-c", scratch("obj.ctx"), "-p", session_auth("ts.ctx", "pw123"));
    assert_memory_equal(R.out, "top secret", 10);
    /* saved back in tpm2-tools' format: tpm2-tools can still flush it */
    TOOL("tpm2_flushcontext", scratch("ts.ctx"));
    count_sessions("handles-saved-session", 0);
}

static void test_our_policy_session_authorises_tpm2_unseal(void **state)
{
    (void)state;
    primary_and_policy();
    seal_with_tpm2_tools("pw123");
    OK("startauthsession", "--policy-session", "-S", scratch("os.ctx"));
    OK("policypcr", "-S", scratch("os.ctx"), "-l", "sha256:0,1");
    OK("policypassword", "-S", scratch("os.ctx"));
    TOOL("tpm2_unseal", "-c", scratch("obj.ctx"), "-p", session_auth("os.ctx", "pw123"));
    assert_memory_equal(R.out, "top secret", 10);
    TOOL("tpm2_flushcontext", scratch("os.ctx"));
}

static void test_our_salted_session_authorises_tpm2_unseal(void **state)
{
    (void)state;
    primary_and_policy();
    seal_with_tpm2_tools("pw123");
    OK("startauthsession", "--policy-session", "-c", scratch("prim.ctx"), "-S", scratch("os.ctx"));
    OK("policypcr", "-S", scratch("os.ctx"), "-l", "sha256:0,1");
    /* PolicyAuthValue, not PolicyPassword (the same policy digest): ESAPI 3.2 decrypts
     * an encrypted response of a PolicyPassword session with the wrong key and
     * tpm2_unseal prints garbage even with its own sessions (tpm2-tss issue #2574). */
    OK("policyauthvalue", "-S", scratch("os.ctx"));
    TOOL("tpm2_unseal", "-c", scratch("obj.ctx"), "-p", session_auth("os.ctx", "pw123"));
    assert_memory_equal(R.out, "top secret", 10);
    TOOL("tpm2_flushcontext", scratch("os.ctx"));
}

static void test_our_sealed_object_unseals_with_tpm2_tools(void **state)
{
    (void)state;
    primary_and_policy();
    write_bytes(scratch("data2"), "ours", 4);
    OK("create", "-C", scratch("prim.ctx"), "-L", scratch("pol.bin"), "-p", "pw456", "-i",
       scratch("data2"), "-u", scratch("o2.pub"), "-r", scratch("o2.priv"));
    TOOL("tpm2_load", "-Q", "-C", scratch("prim.ctx"), "-u", scratch("o2.pub"), "-r",
         scratch("o2.priv"), "-c", scratch("o2t.ctx"));
    TOOL("tpm2_startauthsession", "--policy-session", "-S", scratch("ts.ctx"));
    TOOL("tpm2_policypcr", "-Q", "-S", scratch("ts.ctx"), "-l", "sha256:0,1");
    TOOL("tpm2_policypassword", "-Q", "-S", scratch("ts.ctx"));
    TOOL("tpm2_unseal", "-c", scratch("o2t.ctx"), "-p", session_auth("ts.ctx", "pw456"));
    assert_int_equal(R.out_len, 4);
    assert_memory_equal(R.out, "ours", 4);
    TOOL("tpm2_flushcontext", scratch("ts.ctx"));
}

static void test_our_format_session_authorises_our_load_and_unseal(void **state)
{
    (void)state;
    primary_and_policy();
    write_bytes(scratch("data3"), "mine", 4);
    OK("create", "-C", scratch("prim.ctx"), "-L", scratch("pol.bin"), "-p", "hex:01020300",
       "-i", scratch("data3"), "-u", scratch("o3.pub"), "-r", scratch("o3.priv"));
    OK("load", "-C", scratch("prim.ctx"), "-u", scratch("o3.pub"), "-r", scratch("o3.priv"),
       "-c", scratch("o3.ctx"));
    OK("startauthsession", "--policy-session", "--format", "ours", "-S", scratch("our.ctx"));
    OK("policypcr", "-S", scratch("our.ctx"), "-l", "sha256:0,1");
    OK("policypassword", "-S", scratch("our.ctx"));
    /* trailing zero bytes of an authValue do not count (Part 1 §19.6.4) */
    OK("unseal", "-c", scratch("o3.ctx"), "-p", session_auth("our.ctx", "hex:010203"));
    assert_memory_equal(R.out, "mine", 4);
    OK("flushcontext", scratch("our.ctx"));
}

static void test_failed_unseal_keeps_the_session_file_usable(void **state)
{
    (void)state;
    primary_and_policy();
    seal_with_tpm2_tools("right");
    OK("startauthsession", "--policy-session", "-S", scratch("fs.ctx"));
    OK("policypcr", "-S", scratch("fs.ctx"), "-l", "sha256:0,1");
    OK("policypassword", "-S", scratch("fs.ctx"));
    FAILS(1, "AUTH_FAIL", "unseal", "-c", scratch("obj.ctx"), "-p", session_auth("fs.ctx", "wrong"));
    OK("unseal", "-c", scratch("obj.ctx"), "-p", session_auth("fs.ctx", "right"));
    assert_memory_equal(R.out, "top secret", 10);
    OK("flushcontext", scratch("fs.ctx"));
}

static void test_hmac_session_file_with_auth_unseals_a_password_object(void **state)
{
    (void)state;
    TOOL("tpm2_createprimary", "-Q", "-C", "o", "-G", "ecc256", "-c", scratch("prim.ctx"));
    write_bytes(scratch("data4"), "hmac", 4);
    OK("create", "-C", scratch("prim.ctx"), "-p", "str:s3cret", "-i", scratch("data4"), "-u",
       scratch("o4.pub"), "-r", scratch("o4.priv"));
    OK("load", "-C", scratch("prim.ctx"), "-u", scratch("o4.pub"), "-r", scratch("o4.priv"),
       "-c", scratch("o4.ctx"));
    OK("startauthsession", "--hmac-session", "-c", scratch("prim.ctx"), "-S", scratch("hs.ctx"));
    OK("unseal", "-c", scratch("o4.ctx"), "-p", session_auth("hs.ctx", "s3cret"));
    assert_memory_equal(R.out, "hmac", 4);
    /* the same session, saved back, authorises again */
    OK("unseal", "-c", scratch("o4.ctx"), "-p", session_auth("hs.ctx", "s3cret"));
    assert_memory_equal(R.out, "hmac", 4);
    OK("flushcontext", scratch("hs.ctx"));
}

static void test_bound_tpm2_tools_session_goes_back_to_tpm2_tools_intact(void **state)
{
    (void)state;
    TOOL("tpm2_createprimary", "-Q", "-C", "o", "-G", "ecc256", "-c", scratch("prim.ctx"));
    write_bytes(scratch("data7"), "bound", 5);
    TOOL("tpm2_create", "-Q", "-C", scratch("prim.ctx"), "-p", "pw9", "-i", scratch("data7"),
         "-u", scratch("b.pub"), "-r", scratch("b.priv"));
    TOOL("tpm2_load", "-Q", "-C", scratch("prim.ctx"), "-u", scratch("b.pub"), "-r",
         scratch("b.priv"), "-c", scratch("b.ctx"));
    /* bound to the object it then authorises: the HMAC key leaves the authValue out */
    TOOL("tpm2_startauthsession", "--hmac-session", "--bind-context", scratch("b.ctx"),
         "--bind-auth", "pw9", "-S", scratch("bs.ctx"));
    OK("unseal", "-c", scratch("b.ctx"), "-p", session_auth("bs.ctx", "pw9"));
    assert_memory_equal(R.out, "bound", 5);
    /* saved back with ESAPI's bind marker intact, or tpm2-tools' HMAC key would differ */
    TOOL("tpm2_unseal", "-c", scratch("b.ctx"), "-p", session_auth("bs.ctx", "pw9"));
    assert_memory_equal(R.out, "bound", 5);
    TOOL("tpm2_flushcontext", scratch("bs.ctx"));
}

/* ---- pcr: and file: authorizations ---- */

static void pcr_only_object(void)
{
    TOOL("tpm2_createprimary", "-Q", "-C", "o", "-G", "ecc256", "-c", scratch("prim.ctx"));
    OK("startauthsession", "-S", scratch("pt.ctx"));
    OK("policypcr", "-S", scratch("pt.ctx"), "-l", "sha256:0,1", "-L", scratch("pcr.bin"));
    OK("flushcontext", scratch("pt.ctx"));
    write_bytes(scratch("data5"), "pcr-bound", 9);
    OK("create", "-C", scratch("prim.ctx"), "-L", scratch("pcr.bin"), "-i", scratch("data5"),
       "-u", scratch("o5.pub"), "-r", scratch("o5.priv"));
    OK("load", "-C", scratch("prim.ctx"), "-u", scratch("o5.pub"), "-r", scratch("o5.priv"),
       "-c", scratch("o5.ctx"));
}

static void test_pcr_auth_string_unseals_and_leaves_no_session(void **state)
{
    (void)state;
    pcr_only_object();
    OK("unseal", "-c", scratch("o5.ctx"), "-p", "pcr:sha256:0,1");
    assert_memory_equal(R.out, "pcr-bound", 9);
    count_sessions("handles-loaded-session", 0);
    count_sessions("handles-saved-session", 0);
}

static void test_pcr_auth_string_with_values_file_unseals(void **state)
{
    (void)state;
    pcr_only_object();
    OK("pcrread", "sha256:0,1", "-o", scratch("v.dat"));
    char a[400];
    snprintf(a, sizeof a, "pcr:sha256:0,1=%s", scratch("v.dat"));
    OK("unseal", "-c", scratch("o5.ctx"), "-p", a);
    assert_memory_equal(R.out, "pcr-bound", 9);
}

static void test_pcr_auth_with_wrong_values_is_refused_by_policypcr(void **state)
{
    (void)state;
    pcr_only_object();
    unsigned char wrong[64];
    memset(wrong, 0xA5, sizeof wrong); /* swtpm's PCRs 0 and 1 start as zeros */
    write_bytes(scratch("z.dat"), wrong, 64);
    char a[400];
    snprintf(a, sizeof a, "pcr:sha256:0,1=%s", scratch("z.dat"));
    FAILS(1, "PolicyPCR: TPM_RC_VALUE", "unseal", "-c", scratch("o5.ctx"), "-p", a);
    count_sessions("handles-loaded-session", 0);
}

static void test_file_auth_string_supplies_the_password(void **state)
{
    (void)state;
    TOOL("tpm2_createprimary", "-Q", "-C", "o", "-G", "ecc256", "-c", scratch("prim.ctx"));
    write_bytes(scratch("data6"), "filed", 5);
    write_bytes(scratch("pw.txt"), "hex:c0ffee\n", 11);
    char a[400];
    snprintf(a, sizeof a, "file:%s", scratch("pw.txt"));
    OK("create", "-C", scratch("prim.ctx"), "-p", a, "-i", scratch("data6"), "-u",
       scratch("o6.pub"), "-r", scratch("o6.priv"));
    OK("load", "-C", scratch("prim.ctx"), "-u", scratch("o6.pub"), "-r", scratch("o6.priv"),
       "-c", scratch("o6.ctx"));
    OK("unseal", "-c", scratch("o6.ctx"), "-p", "hex:c0ffee");
    assert_memory_equal(R.out, "filed", 5);
    OK("unseal", "-c", scratch("o6.ctx"), "-p", a);
    assert_memory_equal(R.out, "filed", 5);
}

static void test_hmac_prefix_is_refused_before_the_tpm_is_touched(void **state)
{
    (void)state;
    FAILS(2, "removed from tpm2-tools in 2019", "unseal", "-c", "0x81000001", "-p", "hmac:x");
}

static void test_hierarchy_auth_changes_through_a_salted_encrypting_session(void **state)
{
    (void)state;
    TOOL("tpm2_createprimary", "-Q", "-C", "o", "-G", "ecc256", "-c", scratch("prim.ctx"));
    OK("startauthsession", "--hmac-session", "-c", scratch("prim.ctx"), "-S", scratch("hc.ctx"));
    /* newAuth, the first parameter, goes encrypted */
    OK("hierarchychangeauth", "-c", "o", "-p", session_auth("hc.ctx", NULL), "str:owner9");
    FAILS(1, "BAD_AUTH", "createprimary", "-C", "o", "-G", "ecc256");
    OK("createprimary", "-C", "o", "-G", "ecc256", "-P", "owner9");
    OK("evictcontrol", "-C", "o", "-c", scratch("prim.ctx"), "-P",
       session_auth("hc.ctx", "owner9"), "0x81000042");
    OK("evictcontrol", "-C", "o", "-c", "0x81000042", "-P", "owner9");
    OK("hierarchychangeauth", "-c", "o", "-p", session_auth("hc.ctx", "owner9"), "");
    OK("createprimary", "-C", "o", "-G", "ecc256");
    OK("flushcontext", scratch("hc.ctx"));
}

/* ---- bad session files ---- */

static void bad_file_says(const void *bytes, size_t n, const char *text)
{
    write_bytes(scratch("bad.ctx"), bytes, n);
    FAILS(1, text, "policypassword", "-S", scratch("bad.ctx"));
}

static void test_truncated_tpm2_tools_session_file_is_refused(void **state)
{
    (void)state;
    static unsigned char b[2048];
    OK("startauthsession", "--policy-session", "-S", scratch("full.ctx"));
    long n = file_read(scratch("full.ctx"), b, sizeof b);
    assert_true(n > 400);
    bad_file_says(b, (size_t)n - 20, "truncated");
    bad_file_says(b, 30, "truncated");
    OK("flushcontext", scratch("full.ctx"));
}

static void test_truncated_ours_session_file_is_refused(void **state)
{
    (void)state;
    static unsigned char b[2048];
    OK("startauthsession", "--policy-session", "--format", "ours", "-S", scratch("full.ctx"));
    long n = file_read(scratch("full.ctx"), b, sizeof b);
    assert_true(n > 400);
    bad_file_says(b, (size_t)n - 5, "truncated");
    bad_file_says(b, 60, "second line");
    OK("flushcontext", scratch("full.ctx"));
}

static void test_wrong_magic_is_refused(void **state)
{
    (void)state;
    bad_file_says("NOTASESSIONFILE!", 16, "not a session file");
}

static void test_wrong_versions_are_refused(void **state)
{
    (void)state;
    static const unsigned char v3[] = {0xBA, 0xDC, 0xC0, 0xDE, 0, 0, 0, 3, 1, 0, 0x0B};
    bad_file_says(v3, sizeof v3, "version 3");
    bad_file_says("tpm2lite session file v2\n", 25, "version");
}

static void test_a_context_file_is_not_a_session_file(void **state)
{
    (void)state;
    TOOL("tpm2_createprimary", "-Q", "-C", "o", "-G", "ecc256", "-c", scratch("k.ctx"));
    FAILS(1, "context file (version 1)", "policypassword", "-S", scratch("k.ctx"));
}

static void test_trailing_bytes_after_a_session_file_are_refused(void **state)
{
    (void)state;
    static unsigned char b[2048];
    OK("startauthsession", "--policy-session", "--format", "ours", "-S", scratch("full.ctx"));
    long n = file_read(scratch("full.ctx"), b, sizeof b - 4);
    assert_true(n > 400);
    memcpy(b + n, "junk", 4);
    bad_file_says(b, (size_t)n + 4, "after the end");
    OK("flushcontext", scratch("full.ctx"));
}

static void test_missing_session_file_is_named(void **state)
{
    (void)state;
    FAILS(1, "No such file", "policypassword", "-S", scratch("nope.ctx"));
}

static void test_usage_errors_of_the_session_commands_need_no_tpm(void **state)
{
    (void)state;
    static const struct {
        const char *argv[14];
        const char *says;
    } bad[] = {
        {{"startauthsession", NULL}, "-S FILE"},
        {{"startauthsession", "-S", "x", "--format", "esapi", NULL}, "--format: 'esapi'"},
        {{"startauthsession", "-S", "x", "--policy-session", "--hmac-session", NULL},
         "choose one"},
        {{"startauthsession", "-S", "x", "-g", "md5", NULL}, "-g: 'md5'"},
        {{"startauthsession", "-S", "x", "--name", "n", NULL}, "salt key's name"},
        {{"startauthsession", "-S", "x", "--bind-context", "o", "--bind-auth", "hmac:k", NULL},
         "removed from tpm2-tools"},
        {{"policypcr", "-S", "x", NULL}, "which PCRs"},
        {{"policypcr", "-S", "x", "-l", "sha257:0", NULL}, "sha257"},
        {{"policycommandcode", "-S", "x", "NoSuchCommand", NULL}, "not a command code"},
        {{"policysecret", "-S", "x", NULL}, "-c OBJECT"},
        {{"policysecret", "-S", "x", "-c", "o", "nope:x", NULL}, "unknown 'word:' prefix"},
        {{"policypassword", NULL}, "-S FILE"},
        {{"create", "-C", "0x81000001", NULL}, "needs -C PARENT"},
        {{"load", "-C", "0x81000001", NULL}, "needs -C PARENT"},
        {{"unseal", NULL}, "which object"},
        {{"unseal", "-c", "0x81000001", "-p", "pcr:", NULL}, "needs a PCR selection"},
        {{"unseal", "-c", "0x81000001", "-p", "session:", NULL}, "needs a file name"},
        {{"create", "-C", "p", "-i", "d", "-u", "u", "-r", "r", "-p", "session:s.ctx", NULL},
         "not a session: or pcr:"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        /* a TCTI that cannot connect: a usage error must come before any TPM use */
        const char *argv[20] = {TPM2LITE_CLI_PATH, "--tcti", "swtpm:host=127.0.0.1,port=1"};
        size_t n = 3;
        for (size_t j = 0; bad[i].argv[j]; j++)
            argv[n++] = bad[i].argv[j];
        argv[n] = NULL;
        run_argv(&R, argv);
        if (R.status != 2 || !strstr(R.err, bad[i].says)) {
            run_dump(bad[i].argv[0], &R);
            fail_msg("%s: want exit 2 saying '%s'", bad[i].argv[0], bad[i].says);
        }
    }
}

static void test_every_session_command_has_help(void **state)
{
    (void)state;
    static const char *cmds[] = {"startauthsession", "policypcr",        "policypassword",
                                 "policyauthvalue",  "policysecret",     "policyor",
                                 "policycommandcode", "policygetdigest", "create",
                                 "load",             "unseal"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (run_cli(&R, NULL, cmds[i], "--help", NULL) != 0 || !strstr(R.out, "Usage: tpm2lite"))
            fail_msg("%s --help", cmds[i]);
    }
    assert_int_equal(run_cli(&R, NULL, "--help", NULL), 0);
    assert_non_null(strstr(R.out, "startauthsession"));
}

/* Whatever happened, the owner's authValue goes back to empty. */
static int clean_owner(void **state)
{
    static run_result f;
    const char *argv[] = {"tpm2_changeauth", "-c", "o", "-p", "owner9", NULL};
    run_argv(&f, argv);
    return clean(state);
}

#define T(f) cmocka_unit_test_teardown(f, clean)

int main(void)
{
    if (!have_tpm2_tools()) {
        fprintf(stderr, "tpm2-tools not installed: skipped\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        T(test_startauthsession_writes_a_0600_tpm2_tools_trial_file),
        T(test_startauthsession_session_types_are_in_the_header),
        T(test_audit_session_has_the_audit_attribute),
        T(test_format_ours_says_it_holds_secrets_and_is_0600),
        T(test_rewriting_a_world_readable_session_file_makes_it_0600),
        T(test_flushcontext_of_a_session_file_removes_the_session),
        T(test_flushcontext_of_a_tpm2_tools_session_file),
        T(test_salt_key_with_another_name_is_refused),
        T(test_salt_key_with_its_pinned_name_is_accepted),
        T(test_policypcr_and_policypassword_digest_equals_tpm2_tools),
        T(test_policypcr_with_a_values_file_equals_tpm2_tools),
        T(test_policyauthvalue_and_commandcode_digest_equals_tpm2_tools),
        T(test_policysecret_on_owner_digest_equals_tpm2_tools),
        T(test_policyor_of_two_branches_equals_tpm2_tools),
        T(test_policyor_with_one_branch_is_a_usage_error),
        T(test_tpm2_tools_sealed_object_unseals_with_our_salted_encrypted_session),
        T(test_tpm2_tools_policy_session_authorises_our_unseal),
        T(test_our_policy_session_authorises_tpm2_unseal),
        T(test_our_salted_session_authorises_tpm2_unseal),
        T(test_our_sealed_object_unseals_with_tpm2_tools),
        T(test_our_format_session_authorises_our_load_and_unseal),
        T(test_failed_unseal_keeps_the_session_file_usable),
        T(test_hmac_session_file_with_auth_unseals_a_password_object),
        T(test_bound_tpm2_tools_session_goes_back_to_tpm2_tools_intact),
        T(test_pcr_auth_string_unseals_and_leaves_no_session),
        T(test_pcr_auth_string_with_values_file_unseals),
        T(test_pcr_auth_with_wrong_values_is_refused_by_policypcr),
        T(test_file_auth_string_supplies_the_password),
        T(test_hmac_prefix_is_refused_before_the_tpm_is_touched),
        cmocka_unit_test_teardown(test_hierarchy_auth_changes_through_a_salted_encrypting_session,
                                  clean_owner),
        T(test_truncated_tpm2_tools_session_file_is_refused),
        T(test_truncated_ours_session_file_is_refused),
        T(test_wrong_magic_is_refused),
        T(test_wrong_versions_are_refused),
        T(test_a_context_file_is_not_a_session_file),
        T(test_trailing_bytes_after_a_session_file_are_refused),
        T(test_missing_session_file_is_named),
        T(test_usage_errors_of_the_session_commands_need_no_tpm),
        T(test_every_session_command_has_help),
    };
    return cmocka_run_group_tests(tests, cli_sim_start, cli_sim_stop);
}
