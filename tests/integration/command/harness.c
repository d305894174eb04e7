/* harness.c - the simulator loop and helpers of the command integration tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/command/harness.h"

sim_t sim;
sim_kind kind;
tpm2l_ctx ctx;
static tpm2l_tcti_any tcti;

void check(TPM2_RC rc, TPM2_RC want, const char *what)
{
    if (rc != want)
        fail_msg("%s on %s: got 0x%x, want 0x%x (%s)", what, sim_kind_name(kind),
                 (unsigned)rc, (unsigned)want, tpm2l_ctx_error(&ctx));
}

void assert_error_mentions(const char *s)
{
    if (!strstr(tpm2l_ctx_error(&ctx), s))
        fail_msg("error \"%s\" lacks \"%s\"", tpm2l_ctx_error(&ctx), s);
}

int open_tpm(void)
{
    if (tpm2l_tcti_open(&tcti, sim.tcti)) {
        fprintf(stderr, "tcti_open(%s): %s\n", sim.tcti, tcti.base.err);
        return -1;
    }
    tpm2l_tcti_set_timeout(&tcti.base, 60000);
    return tpm2l_ctx_init(&ctx, &tcti.base) ? -1 : 0;
}

void close_tpm(void)
{
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tcti.base);
}

static int group_setup(void **state)
{
    (void)state;
    if (sim_start(kind, &sim)) {
        fprintf(stderr, "sim_start(%s): %s\n", sim_kind_name(kind), sim.err);
        return -1;
    }
    if (open_tpm()) {
        sim_stop(&sim);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    close_tpm();
    sim_stop(&sim);
    return 0;
}

int tpm_reinit(void)
{
    if (!tcti.base.ops || strcmp(tcti.base.ops->name, "swtpm") != 0)
        return -1;
    return tpm2l_tcti_swtpm_init(&tcti.swtpm, 0) ? -1 : 0;
}

tpm2l_auth_handle hierarchy(TPM2_HANDLE h, const char *auth)
{
    tpm2l_auth_handle ah;
    assert_int_equal(tpm2l_auth_handle_set(&ah, h, auth, auth ? strlen(auth) : 0), 0);
    return ah;
}

void create_primary(TPM2_ALG_ID type, tpm2l_CreatePrimary_out *out)
{
    static tpm2l_CreatePrimary_in in;
    memset(&in, 0, sizeof in);
    in.primaryHandle = hierarchy(TPM2_RH_OWNER, NULL);
    assert_int_equal(tpm2l_template_primary(&in.inPublic.publicArea, type), 0);
    OK(tpm2l_CreatePrimary(&ctx, &in, out));
}

void flush(TPM2_HANDLE h)
{
    tpm2l_FlushContext_in in = {h};
    OK(tpm2l_FlushContext(&ctx, &in));
}

TPML_PCR_SELECTION one_pcr(TPM2_ALG_ID bank, unsigned pcr)
{
    TPML_PCR_SELECTION s;
    memset(&s, 0, sizeof s);
    s.count = 1;
    s.pcrSelections[0].hash = bank;
    s.pcrSelections[0].sizeofSelect = 3;
    s.pcrSelections[0].pcrSelect[pcr / 8] = (uint8_t)(1u << (pcr % 8));
    return s;
}

void read_pcr(TPM2_ALG_ID bank, unsigned pcr, TPM2B_DIGEST *value)
{
    static tpm2l_PCR_Read_in in;
    static tpm2l_PCR_Read_out out;
    in.pcrSelectionIn = one_pcr(bank, pcr);
    OK(tpm2l_PCR_Read(&ctx, &in, &out));
    assert_int_equal(out.pcrValues.count, 1);
    *value = out.pcrValues.digests[0];
}

static int kind_listed(const char *list, sim_kind k)
{
    const char *name = sim_kind_name(k);
    size_t n = strlen(name);
    for (const char *p = strstr(list, name); p; p = strstr(p + 1, name))
        if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

static int kind_selected(sim_kind k)
{
    const char *only = getenv("TPM2L_TEST_SIM_KINDS");
    return !only || !*only || kind_listed(only, k);
}

/* TPM2L_TEST_SIM_SKIP applies on top of any selection, including a test's own default:
 * CI's valgrind pass skips in-process libtpms, whose RSA key generation under valgrind
 * was most of that pass and exercises none of our code. */
static int kind_skipped(sim_kind k)
{
    const char *skip = getenv("TPM2L_TEST_SIM_SKIP");
    return skip && *skip && kind_listed(skip, k);
}

int run_over_kinds(const struct CMUnitTest *tests, size_t n)
{
    int failed = 0, ran = 0, skipped = 0;
    for (int k = 0; k < SIM_KIND_COUNT; k++) {
        kind = (sim_kind)k;
        if (!kind_selected(kind))
            continue;
        if (kind_skipped(kind)) {
            skipped++;
            continue;
        }
        ran++;
        failed += _cmocka_run_group_tests(sim_kind_name(kind), tests, n, group_setup,
                                          group_teardown);
    }
    if (!ran && skipped) {
        fprintf(stderr, "TPM2L_TEST_SIM_SKIP=%s skips every selected kind\n",
                getenv("TPM2L_TEST_SIM_SKIP"));
        return 77; /* meson's SKIP: deliberately not run, not passed */
    }
    if (!ran) {
        /* A misspelt selection must not pass by running nothing. */
        fprintf(stderr, "TPM2L_TEST_SIM_KINDS=%s selects no simulator kind\n",
                getenv("TPM2L_TEST_SIM_KINDS"));
        return 1;
    }
    return failed ? 1 : 0;
}
