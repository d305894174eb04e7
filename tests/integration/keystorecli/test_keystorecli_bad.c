/* test_keystorecli_bad.c - the keystore commands refuse what they cannot use, with a
 * message naming the problem: usage errors exit 2 without touching the TPM; a file
 * that is not a TSS2 key, bad base64, an unknown key-type OID, truncated DER, a
 * truncated context file, a key under the wrong parent (loadable and importable), a
 * parent that is not there, and input that is no private key exit 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ks_helpers.h"
#include "tpm2lite/keyfile.h"

/* ---- help and usage: no TPM needed ---- */

static void test_keystore_commands_have_help(void **state)
{
    (void)state;
    const char *cmds[] = {"importkey", "loadkey", "sign"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(run_cli(&R, DEAD_TCTI, cmds[i], "--help", NULL), 0);
        assert_non_null(strstr(R.out, "Usage: tpm2lite "));
        assert_non_null(strstr(R.out, cmds[i]));
    }
}

static void test_usage_errors_exit_2_without_the_tpm(void **state)
{
    (void)state;
    USAGE("needs -w KEY.pem and -o OUT.pem", "importkey", "-o", "x.tss");
    USAGE("unexpected argument", "importkey", "-w", "k", "-o", "x", "y");
    USAGE("persistent parent is what it is", "importkey", "-w", "k", "-o", "x", "-p",
          "81000001", "--rsa-parent");
    USAGE("not a parent handle", "importkey", "-w", "k", "-o", "x", "-p", "zz");
    USAGE("neither a hierarchy", "importkey", "-w", "k", "-o", "x", "-p", "01000001");
    USAGE("--import PUB.pem goes with --importable", "importkey", "-w", "k", "-o", "x",
          "--import", "p.pem");
    USAGE("unknown format", "sign", "-c", "k", "-o", "s", "-f", "xml", "m");
    USAGE("unknown scheme", "sign", "-c", "k", "-o", "s", "-s", "dsa", "m");
    USAGE("what to sign", "sign", "-c", "k", "-o", "s");
    USAGE("-c FILE", "loadkey", "k.tss");
}

/* ---- bad input ---- */

static void test_pem_without_a_tss2_key_is_named(void **state)
{
    (void)state;
    write_bytes(scratch("junk.pem"), "hello\n", 6);
    FAILS(1, "is not a TSS2 PRIVATE KEY file", "sign", "-c", scratch("junk.pem"), "-o",
          scratch("x.sig"), message());
}

static void test_bad_base64_is_named(void **state)
{
    (void)state;
    static const char pem[] = "-----BEGIN TSS2 PRIVATE KEY-----\nMII*AA==\n"
                              "-----END TSS2 PRIVATE KEY-----\n";
    write_bytes(scratch("b64.pem"), pem, sizeof pem - 1);
    FAILS(1, "base64", "sign", "-c", scratch("b64.pem"), "-o", scratch("x.sig"), message());
}

/* The DER of a key we import, for the tests that damage it. */

static void test_wrong_oid_is_named(void **state)
{
    (void)state;
    static uint8_t der[16384];
    size_t n = key_der(der, sizeof der);
    static const uint8_t loadable[] = {0x06, 0x06, 0x67, 0x81, 0x05, 0x0A, 0x01, 0x03};
    size_t at = 0;
    while (at + sizeof loadable <= n && memcmp(der + at, loadable, sizeof loadable) != 0)
        at++;
    assert_true(at + sizeof loadable <= n);
    der[at + sizeof loadable - 1] = 0x09; /* 2.23.133.10.1.9: no such key type */
    write_bytes(scratch("oid.der"), der, n);
    FAILS(1, "not a valid TSS2 PRIVATE KEY", "sign", "-c", scratch("oid.der"), "-o",
          scratch("x.sig"), message());
    assert_non_null(strstr(R.err, "not a TPM key OID"));
}

static void test_truncated_der_is_named(void **state)
{
    (void)state;
    static uint8_t der[16384];
    size_t n = key_der(der, sizeof der);
    write_bytes(scratch("cut.der"), der, n / 2);
    FAILS(1, "not a valid TSS2 PRIVATE KEY", "sign", "-c", scratch("cut.der"), "-o",
          scratch("x.sig"), message());
}

static void test_truncated_context_file_is_named(void **state)
{
    (void)state;
    static unsigned char ctx[8192];
    import_sign_verify("ec.pem", 0, "81000001");
    char out[512];
    snprintf(out, sizeof out, "%s.tss", scratch("ec.pem"));
    OK("loadkey", "-c", scratch("t.ctx"), out);
    long n = file_read(scratch("t.ctx"), ctx, sizeof ctx);
    assert_true(n > 40);
    write_bytes(scratch("t.ctx"), ctx, (size_t)n / 2);
    FAILS(1, "past the end of the file", "sign", "-c", scratch("t.ctx"), "-o",
          scratch("x.sig"), message());
}

/* A key file whose parent field names another storage key than the one it was
 * wrapped for. */

static void test_loadable_key_under_the_wrong_parent_is_named(void **state)
{
    (void)state;
    ensure_srk();
    const char *k = genkey("ec.pem", 0);
    OK("importkey", "-w", k, "-o", scratch("own.tss")); /* under the owner's ECC primary */
    reparent(scratch("own.tss"), 0x81000001, scratch("moved.tss"));
    FAILS(1, "wrapped for another parent", "sign", "-c", scratch("moved.tss"), "-o",
          scratch("x.sig"), message());
    assert_non_null(strstr(R.err, "TPM_RC_INTEGRITY"));
}

static void test_importable_key_under_the_wrong_parent_is_named(void **state)
{
    (void)state;
    ensure_srk();
    const char *k = genkey("ec.pem", 0);
    OK("importkey", "--importable", "-w", k, "-o", scratch("impown.tss"));
    reparent(scratch("impown.tss"), 0x81000001, scratch("impmoved.tss"));
    FAILS(1, "wrapped for another parent", "loadkey", "-c", scratch("x.ctx"),
          scratch("impmoved.tss"));
}

static void test_parent_that_is_not_in_the_tpm_is_named(void **state)
{
    (void)state;
    const char *k = genkey("ec.pem", 0);
    FAILS(1, "is not in the TPM", "importkey", "-p", "81000077", "-w", k, "-o",
          scratch("x.tss"));
}

static void test_non_key_input_to_importkey_is_named(void **state)
{
    (void)state;
    FAILS(1, "not a PEM or DER private key", "importkey", "-w", message(), "-o",
          scratch("x.tss"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keystore_commands_have_help),
        cmocka_unit_test(test_usage_errors_exit_2_without_the_tpm),
        cmocka_unit_test(test_pem_without_a_tss2_key_is_named),
        cmocka_unit_test(test_bad_base64_is_named),
        cmocka_unit_test(test_wrong_oid_is_named),
        cmocka_unit_test(test_truncated_der_is_named),
        cmocka_unit_test(test_truncated_context_file_is_named),
        cmocka_unit_test(test_loadable_key_under_the_wrong_parent_is_named),
        cmocka_unit_test(test_importable_key_under_the_wrong_parent_is_named),
        cmocka_unit_test(test_parent_that_is_not_in_the_tpm_is_named),
        cmocka_unit_test(test_non_key_input_to_importkey_is_named),
    };
    return cmocka_run_group_tests(tests, keystore_setup, cli_sim_stop);
}
