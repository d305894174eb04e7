/* test_policy_tools.c - tpm2-tools trial sessions on the same TPM as an independent
 * peer: tpm2_policypcr and tpm2_policycommandcode write the digests our calculator and
 * our trial sessions compute. Kinds with no tpm2-tools TCTI (in-process libtpms) skip. */
#include <stdio.h>
#include <string.h>

#include "tests/integration/policy/policy_util.h"

static void run(const char *cmd)
{
    char out[2048];
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    int rc = sim_run(argv, out, sizeof out, 120000);
    if (rc)
        fail_msg("%s: exit %d: %s", cmd, rc, out);
}

static void read_policy_file(const char *name, TPM2B_DIGEST *d)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", sim.dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    d->size = (uint16_t)fread(d->buffer, 1, sizeof d->buffer, f);
    fclose(f);
    assert_int_equal(d->size, 32);
}

/* Run one tool policy in a trial session of its own: swtpm serves one connection at a
 * time, so ours is closed meanwhile. */
static int tools_policy(const char *policy_cmd, const char *file, TPM2B_DIGEST *d)
{
    char cmd[2048];
    const char *t = sim_tools_tcti(&sim);
    if (!t)
        return -1;
    close_tpm();
    snprintf(cmd, sizeof cmd,
             "cd '%s' && export TPM2TOOLS_TCTI='%s' && tpm2_startauthsession -S s.ctx && "
             "%s -S s.ctx -L %s && tpm2_flushcontext s.ctx",
             sim.dir, t, policy_cmd, file);
    run(cmd);
    assert_int_equal(open_tpm(), 0);
    read_policy_file(file, d);
    return 0;
}

static void test_tools_policypcr_matches_calculator_and_trial(void **state)
{
    (void)state;
    TPML_PCR_SELECTION sel = pcrs_0_1();
    TPM2B_DIGEST vals[2], tools;
    tpm2l_policy want = calc();
    tpm2l_session s;

    if (tools_policy("tpm2_policypcr -l sha256:0,1", "pcr.pol", &tools))
        skip(); /* no tpm2-tools TCTI reaches this kind */
    read_pcrs(&sel, vals, 2);
    OK(tpm2l_policy_pcr_values(&want, &sel, vals, 2));
    assert_memory_equal(tools.buffer, want.digest.buffer, 32);

    tpm2l_PolicyPCR_in in = {.pcrs = sel};
    start_session(TPM2_SE_TRIAL, &s);
    in.policySession = ps(&s);
    OK(tpm2l_PolicyPCR(&ctx, &in));
    assert_digests_agree(&s, &want);
    end_session(&s);
}

static void test_tools_policycommandcode_matches_calculator_and_trial(void **state)
{
    (void)state;
    TPM2B_DIGEST tools;
    tpm2l_policy want = calc();
    tpm2l_session s;

    if (tools_policy("tpm2_policycommandcode TPM2_CC_Unseal", "cc.pol", &tools))
        skip();
    OK(tpm2l_policy_command_code(&want, TPM2_CC_Unseal));
    assert_memory_equal(tools.buffer, want.digest.buffer, 32);

    tpm2l_PolicyCommandCode_in in = {.code = TPM2_CC_Unseal};
    start_session(TPM2_SE_TRIAL, &s);
    in.policySession = ps(&s);
    OK(tpm2l_PolicyCommandCode(&ctx, &in));
    assert_digests_agree(&s, &want);
    end_session(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tools_policypcr_matches_calculator_and_trial),
        cmocka_unit_test(test_tools_policycommandcode_matches_calculator_and_trial),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
