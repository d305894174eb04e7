/* test_sealcli.c - the sealing workflow through the tpm2lite tool alone, on swtpm: a
 * secret sealed to PolicyPCR(sha256:0,1,2,3) (optionally with PolicyPassword) unseals
 * with `-p pcr:SPEC` or a policy session file (+password), a wrong password fails, and
 * after a pcrextend every form fails with exit 1 and the decoded TPM code, leaving no
 * session loaded. tpm2-tools appear only to flush between tests. Each test computes
 * its policy from the PCRs as they are then, because earlier tests extended them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli_check.h"

#define SPEC "sha256:0,1,2,3"
#define SECRET "sealed secret"

static run_result R;
static char arg[600];

/* FAILS, and nothing on stdout: a refused unseal must not print any secret. */
#define FAILS_SILENT(status, text, ...)                                                      \
    do {                                                                                     \
        FAILS(status, text, __VA_ARGS__);                                                    \
        assert_int_equal(R.out_len, 0);                                                      \
    } while (0)

static void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* Each test starts with nothing loaded (no resource manager in front of swtpm). */
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

/* Handles our getcap lists for which ("handles-loaded-session", ...). */
static int count_handles(const char *which)
{
    OK("getcap", which);
    int n = 0;
    for (const char *p = R.out; (p = strstr(p, "0x")) != NULL; p += 2)
        n++;
    return n;
}

/* Sessions in the TPM: loaded ones, and saved ones (a session file holds a saved
 * context, so a live session file shows up there, not as loaded). */
static int sessions(void)
{
    return count_handles("handles-loaded-session") + count_handles("handles-saved-session");
}

static void no_session_loaded(void)
{
    int n = sessions();
    if (n != 0)
        fail_msg("%d sessions left in the TPM", n);
}

/* The policy, from a trial session: PolicyPCR on the current values of SPEC, and
 * PolicyPassword when with_password. */
static void policy(int with_password)
{
    OK("startauthsession", "-S", scratch("trial.ctx"));
    if (with_password) {
        OK("policypcr", "-S", scratch("trial.ctx"), "-l", SPEC);
        OK("policypassword", "-S", scratch("trial.ctx"), "-L", scratch("pol.bin"));
    } else {
        OK("policypcr", "-S", scratch("trial.ctx"), "-l", SPEC, "-L", scratch("pol.bin"));
    }
    OK("flushcontext", scratch("trial.ctx"));
}

/* Seal SECRET under a fresh primary to the policy (password pw, or none; attrs for -a,
 * or NULL for create's default) and load it into obj.ctx; the PCR values sealed to go
 * to sealed.dat. */
static void seal_attrs(const char *pw, const char *attrs)
{
    const char *argv[24];
    size_t n = 0;
    OK("createprimary", "-C", "o", "-G", "ecc", "-c", scratch("prim.ctx"));
    OK("pcrread", SPEC, "-o", scratch("sealed.dat"));
    policy(pw != NULL);
    write_bytes(scratch("secret"), SECRET, strlen(SECRET));
    argv[n++] = TPM2LITE_CLI_PATH;
    argv[n++] = "--tcti";
    argv[n++] = cli_tcti;
    argv[n++] = "create";
    argv[n++] = "-C";
    argv[n++] = scratch("prim.ctx");
    argv[n++] = "-L";
    argv[n++] = scratch("pol.bin");
    argv[n++] = "-i";
    argv[n++] = scratch("secret");
    argv[n++] = "-u";
    argv[n++] = scratch("obj.pub");
    argv[n++] = "-r";
    argv[n++] = scratch("obj.priv");
    if (pw) {
        argv[n++] = "-p";
        argv[n++] = pw;
    }
    if (attrs) {
        argv[n++] = "-a";
        argv[n++] = attrs;
    }
    argv[n] = NULL;
    if (run_argv(&R, argv) != 0) {
        run_dump("create", &R);
        fail_msg("tpm2lite create failed");
    }
    OK("load", "-C", scratch("prim.ctx"), "-u", scratch("obj.pub"), "-r", scratch("obj.priv"),
       "-c", scratch("obj.ctx"));
}

/* PCR policy only; or PCR policy AND password: userwithauth left out, so the password
 * alone does not unseal. */
static void seal(const char *pw)
{
    seal_attrs(pw, pw ? "fixedtpm|fixedparent" : NULL);
}

/* A policy session file with PolicyPCR (current values, or those in values) and
 * PolicyPassword. */
static void policy_session(const char *file, const char *values)
{
    OK("startauthsession", "--policy-session", "-S", scratch(file));
    if (values)
        OK("policypcr", "-S", scratch(file), "-l", SPEC, "-f", values);
    else
        OK("policypcr", "-S", scratch(file), "-l", SPEC);
    OK("policypassword", "-S", scratch(file));
}

static const char *session_arg(const char *file, const char *pw)
{
    snprintf(arg, sizeof arg, "session:%s+%s", scratch(file), pw);
    return arg;
}

static const char *pcr_values_arg(void)
{
    snprintf(arg, sizeof arg, "pcr:%s=%s", SPEC, scratch("sealed.dat"));
    return arg;
}

static void extend_pcr(unsigned pcr)
{
    char spec[100];
    snprintf(spec, sizeof spec, "%u:sha256=%064x", pcr, pcr + 0x5ea1u);
    OK("pcrextend", spec);
}

static void unsealed_secret(void)
{
    if (R.out_len != strlen(SECRET) || memcmp(R.out, SECRET, R.out_len) != 0) {
        run_dump("unseal", &R);
        fail_msg("unseal did not give the secret back");
    }
}

static void test_pcr_sealed_secret_unseals_with_pcr_auth_string(void **state)
{
    (void)state;
    seal(NULL);
    OK("unseal", "-c", scratch("obj.ctx"), "-p", "pcr:" SPEC);
    unsealed_secret();
    OK("unseal", "-c", scratch("obj.ctx"), "-p", pcr_values_arg());
    unsealed_secret();
    no_session_loaded();
}

static void test_pcr_sealed_secret_unseals_with_policy_session_file(void **state)
{
    (void)state;
    seal(NULL);
    OK("startauthsession", "--policy-session", "-S", scratch("s.ctx"));
    OK("policypcr", "-S", scratch("s.ctx"), "-l", SPEC);
    snprintf(arg, sizeof arg, "session:%s", scratch("s.ctx"));
    OK("unseal", "-c", scratch("obj.ctx"), "-p", arg);
    unsealed_secret();
    OK("flushcontext", scratch("s.ctx"));
    no_session_loaded();
}

static void test_pcr_and_password_secret_unseals_with_session_file_and_password(void **state)
{
    (void)state;
    seal("pw-1234");
    policy_session("s.ctx", NULL);
    OK("unseal", "-c", scratch("obj.ctx"), "-p", session_arg("s.ctx", "pw-1234"));
    unsealed_secret();
    /* The session file is still live (the count below is not vacuous)... */
    assert_int_equal(sessions(), 1);
    /* ...until it is flushed. */
    OK("flushcontext", scratch("s.ctx"));
    no_session_loaded();
}

static void test_pcr_and_password_secret_refuses_a_wrong_password(void **state)
{
    (void)state;
    seal("pw-1234");
    policy_session("s.ctx", NULL);
    /* Not noDA: one failure counts against the lockout, far below swtpm's limit. */
    FAILS_SILENT(1, "TPM_RC_AUTH_FAIL", "unseal", "-c", scratch("obj.ctx"), "-p",
          session_arg("s.ctx", "pw-4321"));
    /* The session file was saved back and still works with the right password. */
    OK("unseal", "-c", scratch("obj.ctx"), "-p", session_arg("s.ctx", "pw-1234"));
    unsealed_secret();
    OK("flushcontext", scratch("s.ctx"));
    no_session_loaded();
}

static void test_password_alone_cannot_unseal_without_userwithauth(void **state)
{
    (void)state;
    seal("pw-1234");
    FAILS_SILENT(1, "TPM_RC_AUTH_UNAVAILABLE", "unseal", "-c", scratch("obj.ctx"), "-p", "pw-1234");
    no_session_loaded();
}

/* tpm2_create's default, kept for compatibility: -L with -p sets userwithauth, so the
 * password alone unseals whatever the PCRs say. The help says so; this pins it. */
static void test_default_attributes_let_the_password_alone_unseal(void **state)
{
    (void)state;
    seal_attrs("pw-1234", NULL);
    extend_pcr(1);
    OK("unseal", "-c", scratch("obj.ctx"), "-p", "pw-1234");
    unsealed_secret();
}

static void test_create_refuses_attributes_a_sealed_object_cannot_have(void **state)
{
    (void)state;
    write_bytes(scratch("secret"), SECRET, strlen(SECRET));
    FAILS_SILENT(2, "-a: 'fixedtpm|sign'", "create", "-C", "0x81000001", "-i", scratch("secret"),
          "-u", scratch("x.pub"), "-r", scratch("x.priv"), "-a", "fixedtpm|sign");
}

static void test_after_pcrextend_pcr_auth_string_fails_cleanly(void **state)
{
    (void)state;
    seal(NULL);
    extend_pcr(2);
    /* On the current values PolicyPCR passes, and Unseal finds the policy wrong. */
    FAILS_SILENT(1, "TPM_RC_POLICY_FAIL", "unseal", "-c", scratch("obj.ctx"), "-p", "pcr:" SPEC);
    no_session_loaded();
    /* On the values sealed to, PolicyPCR itself refuses them. */
    FAILS_SILENT(1, "PolicyPCR: TPM_RC_VALUE", "unseal", "-c", scratch("obj.ctx"), "-p",
          pcr_values_arg());
    no_session_loaded();
}

static void test_after_pcrextend_session_file_fails_cleanly(void **state)
{
    (void)state;
    seal("pw-1234");
    extend_pcr(3);
    policy_session("s.ctx", NULL);
    FAILS_SILENT(1, "TPM_RC_POLICY_FAIL", "unseal", "-c", scratch("obj.ctx"), "-p",
          session_arg("s.ctx", "pw-1234"));
    /* The saved session stays the caller's to flush, as tpm2-tools leaves it. */
    OK("flushcontext", scratch("s.ctx"));
    no_session_loaded();
    OK("startauthsession", "--policy-session", "-S", scratch("s2.ctx"));
    FAILS_SILENT(1, "TPM_RC_VALUE", "policypcr", "-S", scratch("s2.ctx"), "-l", SPEC, "-f",
          scratch("sealed.dat"));
    OK("flushcontext", scratch("s2.ctx"));
    no_session_loaded();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, clean)
    const struct CMUnitTest tests[] = {
        T(test_pcr_sealed_secret_unseals_with_pcr_auth_string),
        T(test_pcr_sealed_secret_unseals_with_policy_session_file),
        T(test_pcr_and_password_secret_unseals_with_session_file_and_password),
        T(test_pcr_and_password_secret_refuses_a_wrong_password),
        T(test_password_alone_cannot_unseal_without_userwithauth),
        T(test_default_attributes_let_the_password_alone_unseal),
        T(test_create_refuses_attributes_a_sealed_object_cannot_have),
        T(test_after_pcrextend_pcr_auth_string_fails_cleanly),
        T(test_after_pcrextend_session_file_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, cli_sim_start, cli_sim_stop);
}
