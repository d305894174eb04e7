/* test_cmd_tools.c - cross-checks with tpm2-tools on the same TPM: the default RSA and
 * ECC primaries get the same names as tpm2_createprimary's, and PCR_Read the same values
 * as tpm2_pcrread's. Kinds with no tpm2-tools TCTI (in-process libtpms) are skipped. */
#include <stdio.h>
#include <string.h>

#include "tests/integration/command/harness.h"

/* Run a shell command line (tpm2-tools) with a time limit; fail the test with its
 * output if it fails. */
static void run(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static void run(const char *fmt, ...)
{
    char cmd[2048], out[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    int rc = sim_run(argv, out, sizeof out, 120000);
    if (rc)
        fail_msg("%s: exit %d: %s", cmd, rc, out);
}

static size_t read_file(const char *name, uint8_t *buf, size_t cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", sim.dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* swtpm serves one connection at a time: ours is closed while the tools run and
 * reopened after (the TPM and its state stay). */
static const char *tools_begin(void)
{
    const char *t = sim_tools_tcti(&sim);
    if (t)
        close_tpm();
    return t;
}

static void tools_end(void)
{
    assert_int_equal(open_tpm(), 0);
}

static void cross_check_primary(const char *alg, TPM2_ALG_ID type)
{
    const char *t = tools_begin();
    if (!t) {
        skip(); /* no tpm2-tools TCTI reaches this kind (in-process libtpms) */
    }
    run("tpm2_createprimary -T '%s' -Q -C o -G %s -c '%s/p.ctx' && "
        "tpm2_readpublic -T '%s' -Q -c '%s/p.ctx' -n '%s/p.name' && "
        "tpm2_flushcontext -T '%s' -t",
        t, alg, sim.dir, t, sim.dir, sim.dir, t);
    tools_end();
    static tpm2l_CreatePrimary_out ours;
    TPM2B_NAME theirs;
    theirs.size = (uint16_t)read_file("p.name", theirs.name, sizeof theirs.name);
    create_primary(type, &ours);
    flush(ours.objectHandle.handle);
    assert_int_equal(ours.name.size, theirs.size);
    assert_memory_equal(ours.name.name, theirs.name, theirs.size);
}

static void test_rsa_primary_name_equals_tpm2_createprimary(void **state)
{
    (void)state;
    cross_check_primary("rsa2048", TPM2_ALG_RSA);
}

static void test_ecc_primary_name_equals_tpm2_createprimary(void **state)
{
    (void)state;
    cross_check_primary("ecc", TPM2_ALG_ECC);
}

static void test_pcr_values_equal_tpm2_pcrread(void **state)
{
    (void)state;
    static tpm2l_PCR_Extend_in in;
    in.pcrHandle = hierarchy(23, NULL);
    in.digests.count = 2;
    in.digests.digests[0].hashAlg = TPM2_ALG_SHA256;
    memset(in.digests.digests[0].digest.sha256, 0xa5, 32);
    in.digests.digests[1].hashAlg = TPM2_ALG_SHA1;
    memset(in.digests.digests[1].digest.sha1, 0x3c, 20);
    OK(tpm2l_PCR_Extend(&ctx, &in));
    TPM2B_DIGEST s256, s1;
    read_pcr(TPM2_ALG_SHA256, 23, &s256);
    read_pcr(TPM2_ALG_SHA1, 23, &s1);

    const char *t = tools_begin();
    if (!t) {
        skip(); /* no tpm2-tools TCTI reaches this kind (in-process libtpms) */
    }
    run("tpm2_pcrread -T '%s' -Q sha256:23+sha1:23 -o '%s/pcr.dat'", t, sim.dir);
    tools_end();
    uint8_t dat[64];
    /* pcr.dat: the digests bank by bank in the order asked (templates-and-files.md). */
    assert_int_equal(read_file("pcr.dat", dat, sizeof dat), 52);
    assert_memory_equal(dat, s256.buffer, 32);
    assert_memory_equal(dat + 32, s1.buffer, 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsa_primary_name_equals_tpm2_createprimary),
        cmocka_unit_test(test_ecc_primary_name_equals_tpm2_createprimary),
        cmocka_unit_test(test_pcr_values_equal_tpm2_pcrread),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
