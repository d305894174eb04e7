/* test_attestcli_quote.c - tpm2lite createak, quote and checkquote on swtpm: a quote
 * by an ECC and an RSA attestation key verifies in software; the same quote checked
 * against the PCR values from before an extend, another nonce, or a flipped byte fails
 * naming the check; tpm2_checkquote accepts our files and we accept tpm2_quote's (made
 * with our context file); --help and usage errors need no TPM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli_check.h"

static run_result R;

#define NONCE "00112233445566778899aabbccddeeff"
#define PCRS "sha256:0,16,23"

static void createak_in(const char *hier, const char *alg)
{
    OK("createak", "-C", hier, "-G", alg, "-c", scratch("ak.ctx"), "-u", scratch("ak.pub"), "-f",
       scratch("ak.pem"), "-n", scratch("ak.name"));
    assert_non_null(strstr(R.out, "name: 000b"));
}

static void createak(const char *alg)
{
    createak_in("e", alg);
}

static void quote(const char *nonce, const char *prefix)
{
    char m[64], s[64], o[64];
    snprintf(m, sizeof m, "%s.msg", prefix);
    snprintf(s, sizeof s, "%s.sig", prefix);
    snprintf(o, sizeof o, "%s.pcrs", prefix);
    OK("quote", "-c", scratch("ak.ctx"), "-l", PCRS, "-q", nonce, "-m", scratch(m), "-s",
       scratch(s), "-o", scratch(o));
    assert_non_null(strstr(R.out, "pcrs: " PCRS));
}

static void quote_verifies(const char *hier, const char *alg)
{
    createak_in(hier, alg);
    quote(NONCE, "q");
    /* Both key forms: the PEM (vouched for) and the public area (checked restricted). */
    OK("checkquote", "-u", scratch("ak.pem"), "-m", scratch("q.msg"), "-s", scratch("q.sig"), "-f",
       scratch("q.pcrs"), "-q", NONCE);
    assert_non_null(strstr(R.out, "quote verified"));
    OK("checkquote", "-u", scratch("ak.pub"), "-m", scratch("q.msg"), "-s", scratch("q.sig"), "-f",
       scratch("q.pcrs"), "-q", NONCE, "-l", PCRS, "-g", "sha256");
}

static void test_ecc_ak_quote_verifies(void **state)
{
    (void)state;
    quote_verifies("e", "ecc");
}

static void test_rsa_ak_quote_verifies(void **state)
{
    (void)state;
    quote_verifies("o", "rsa");
}

/* As tpm2_createak makes them: a child of the EK, created and loaded through the EK's
 * policy; its saved context quotes after the EK is gone. */
static void test_ak_under_the_rsa_ek_quote_verifies(void **state)
{
    (void)state;
    quote_verifies("ek", "rsa");
}

static void test_ak_under_the_ecc_ek_quote_verifies(void **state)
{
    (void)state;
    quote_verifies("ek", "ecc");
}

static void test_quote_after_an_extend_fails_against_the_old_values(void **state)
{
    (void)state;
    createak("ecc");
    quote(NONCE, "old");
    OK("pcrextend",
       "16:sha256=0000000000000000000000000000000000000000000000000000000000000001");
    quote(NONCE, "new");
    FAILS(1, "failed the pcrDigest check", "checkquote", "-u", scratch("ak.pem"), "-m",
          scratch("new.msg"), "-s", scratch("new.sig"), "-f", scratch("old.pcrs"), "-q", NONCE);
    OK("checkquote", "-u", scratch("ak.pem"), "-m", scratch("new.msg"), "-s", scratch("new.sig"),
       "-f", scratch("new.pcrs"), "-q", NONCE);
}

static void test_quote_with_another_nonce_fails(void **state)
{
    (void)state;
    createak("ecc");
    quote(NONCE, "q");
    FAILS(1, "failed the extraData check", "checkquote", "-u", scratch("ak.pem"), "-m",
          scratch("q.msg"), "-s", scratch("q.sig"), "-f", scratch("q.pcrs"), "-q",
          "00112233445566778899aabbccddeefe");
    FAILS(2, "-q NONCE is needed", "checkquote", "-u", scratch("ak.pem"), "-m", scratch("q.msg"),
          "-s", scratch("q.sig"), "-f", scratch("q.pcrs"));
}

static void test_tampered_quote_fails_the_signature_check(void **state)
{
    (void)state;
    unsigned char msg[1024];
    createak("ecc");
    quote(NONCE, "q");
    long n = file_read(scratch("q.msg"), msg, sizeof msg);
    assert_true(n > 40);
    msg[n - 1] ^= 1; /* the last byte of the PCR digest */
    FILE *f = fopen(scratch("t.msg"), "wb");
    assert_non_null(f);
    fwrite(msg, 1, (size_t)n, f);
    fclose(f);
    FAILS(1, "failed the signature check", "checkquote", "-u", scratch("ak.pem"), "-m",
          scratch("t.msg"), "-s", scratch("q.sig"), "-f", scratch("q.pcrs"), "-q", NONCE);
}

static void test_a_different_pcr_selection_fails(void **state)
{
    (void)state;
    createak("ecc");
    quote(NONCE, "q");
    FAILS(1, "failed the pcrSelect check", "checkquote", "-u", scratch("ak.pem"), "-m",
          scratch("q.msg"), "-s", scratch("q.sig"), "-f", scratch("q.pcrs"), "-q", NONCE, "-l",
          "sha256:0,16");
}

static void test_tpm2_checkquote_accepts_our_quote(void **state)
{
    (void)state;
    createak("ecc");
    quote(NONCE, "q");
    if (run_sh(&R,
               "tpm2_checkquote -u '%s' -m '%s' -s '%s' -f '%s' -q " NONCE " -g sha256 -l " PCRS,
               scratch("ak.pem"), scratch("q.msg"), scratch("q.sig"), scratch("q.pcrs"))) {
        run_dump("tpm2_checkquote", &R);
        fail_msg("tpm2_checkquote refused our quote");
    }
    assert_int_not_equal(
        run_sh(&R, "tpm2_checkquote -u '%s' -m '%s' -s '%s' -f '%s' -q 00 -g sha256 -l " PCRS,
               scratch("ak.pem"), scratch("q.msg"), scratch("q.sig"), scratch("q.pcrs")),
        0);
}

static void test_our_checkquote_accepts_tpm2_quote(void **state)
{
    (void)state;
    createak("rsa");
    /* tpm2_quote loads our context file (the ESAPI form) and leaves it loaded. */
    int st = run_sh(&R,
                    "tpm2_quote -c '%s' -l " PCRS " -q " NONCE " -m '%s' -s '%s' -o '%s' -F values "
                    "-g sha256 >/dev/null; s=$?; tpm2_flushcontext -t; exit $s",
                    scratch("ak.ctx"), scratch("t.msg"), scratch("t.sig"), scratch("t.pcrs"));
    if (st) {
        run_dump("tpm2_quote", &R);
        fail_msg("tpm2_quote failed");
    }
    OK("checkquote", "-u", scratch("ak.pub"), "-m", scratch("t.msg"), "-s", scratch("t.sig"), "-f",
       scratch("t.pcrs"), "-q", NONCE, "-g", "sha256");
    FAILS(1, "failed the extraData check", "checkquote", "-u", scratch("ak.pub"), "-m",
          scratch("t.msg"), "-s", scratch("t.sig"), "-f", scratch("t.pcrs"), "-q", "0011");
}

static void test_help_and_usage_errors_need_no_tpm(void **state)
{
    (void)state;
    static const char *const nowhere = "swtpm:host=127.0.0.1,port=1";
    static const char *const cmds[] = {"createak", "quote", "checkquote"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(run_cli(&R, nowhere, cmds[i], "--help", NULL), 0);
        assert_non_null(strstr(R.out, "Usage: tpm2lite"));
    }
    struct {
        const char *args[7];
        const char *says;
    } bad[] = {
        {{"createak", NULL}, "-c FILE"},
        {{"createak", "-c", "x", "-G", "dsa", NULL}, "is not ecc or rsa"},
        {{"createak", "-c", "x", "-C", "q", NULL}, "is not e, o, n, p or ek"},
        {{"quote", "-l", PCRS, NULL}, "which signing key"},
        {{"quote", "-c", "x", NULL}, "which PCRs"},
        {{"quote", "-c", "x", "-l", "sha257:0", NULL}, "-l:"},
        {{"quote", "-c", "x", "-l", PCRS, "-q", "xyz"}, "is not hex"},
        {{"checkquote", "-u", "k", "-m", "m", NULL}, "are all needed"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *argv[11] = {TPM2LITE_CLI_PATH, "--tcti", nowhere};
        for (size_t k = 0; k < 7 && bad[i].args[k]; k++)
            argv[3 + k] = bad[i].args[k];
        if (run_argv(&R, argv) != 2 || !strstr(R.err, bad[i].says)) {
            run_dump(bad[i].args[0], &R);
            fail_msg("usage error %zu: want exit 2 saying '%s'", i, bad[i].says);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ecc_ak_quote_verifies),
        cmocka_unit_test(test_rsa_ak_quote_verifies),
        cmocka_unit_test(test_ak_under_the_rsa_ek_quote_verifies),
        cmocka_unit_test(test_ak_under_the_ecc_ek_quote_verifies),
        cmocka_unit_test(test_quote_after_an_extend_fails_against_the_old_values),
        cmocka_unit_test(test_quote_with_another_nonce_fails),
        cmocka_unit_test(test_tampered_quote_fails_the_signature_check),
        cmocka_unit_test(test_a_different_pcr_selection_fails),
        cmocka_unit_test(test_tpm2_checkquote_accepts_our_quote),
        cmocka_unit_test(test_our_checkquote_accepts_tpm2_quote),
        cmocka_unit_test(test_help_and_usage_errors_need_no_tpm),
    };
    return cmocka_run_group_tests(tests, cli_sim_start, cli_sim_stop);
}
