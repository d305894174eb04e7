/* test_keystorecli.c - the keystore workflow through the tpm2lite tool on swtpm: the
 * 2017 "TPM2 and Linux" walkthrough (a storage primary persisted at 0x81000001,
 * getcap, hierarchy passwords), importkey / loadkey / sign with openssl as the
 * verifier, tpm2-openssl and tpm2-tools as peers in both directions, and bad input
 * (malformed PEM, bad base64, a wrong OID, truncated DER and context files, a wrong
 * parent) refused with a message naming the problem.
 *
 * Keys are made with `openssl genpkey` in the scratch directory; tpm2-openssl tests
 * skip when the provider is not installed (Debian tpm2-openssl). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "cli_run.h"
#include "tpm2lite/keyfile.h"

static run_result R;

#define OK(...)                                                                              \
    do {                                                                                     \
        if (run_cli(&R, cli_tcti, __VA_ARGS__, NULL) != 0) {                                 \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("tpm2lite %s failed", #__VA_ARGS__);                                    \
        }                                                                                    \
    } while (0)

#define FAILS(status, text, ...)                                                             \
    do {                                                                                     \
        if (run_cli(&R, cli_tcti, __VA_ARGS__, NULL) != (status) || !strstr(R.err, (text))) { \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("tpm2lite %s: want exit %d saying '%s'", #__VA_ARGS__, (status), (text)); \
        }                                                                                    \
    } while (0)

/* A transport nobody listens on: a command that touched the TPM would exit 1. */
static const char *dead_tcti = "swtpm:host=127.0.0.1,port=1";
#define USAGE(text, ...)                                                                     \
    do {                                                                                     \
        if (run_cli(&R, dead_tcti, __VA_ARGS__, NULL) != 2 || !strstr(R.err, (text))) {     \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("tpm2lite %s: want usage error saying '%s'", #__VA_ARGS__, (text));     \
        }                                                                                    \
    } while (0)

/* Peers (openssl, tpm2-tools): with no resource manager what they load stays loaded,
 * so transients are flushed after each. */
static void flush_transient(void)
{
    static run_result f;
    const char *argv[] = {"tpm2_flushcontext", "-t", NULL};
    run_argv(&f, argv);
}

static int sh(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    int st = run_argv(&R, argv);
    flush_transient();
    return st;
}

#define SH(...)                                                                              \
    do {                                                                                     \
        if (sh(__VA_ARGS__) != 0) {                                                          \
            run_dump("sh", &R);                                                              \
            fail_msg("shell command failed");                                                \
        }                                                                                    \
    } while (0)

static int have_provider(void)
{
    return sh("openssl list -providers -provider tpm2 2>&1 | grep -qi tpm2") == 0;
}

static void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* The storage primary of the walkthrough at 0x81000001 (tpm2_createprimary's ECC
 * template), made once and kept. */
static void ensure_srk(void)
{
    static run_result q;
    if (run_cli(&q, cli_tcti, "readpublic", "-c", "0x81000001", NULL) == 0)
        return;
    OK("createprimary", "-C", "o", "-G", "ecc", "-c", scratch("srk.ctx"));
    OK("evictcontrol", "-C", "o", "-c", scratch("srk.ctx"), "0x81000001");
    OK("flushcontext", "-t");
}

/* name.pem (openssl genpkey) and name.pub.pem, once per run. */
static const char *genkey(const char *name, int rsa)
{
    static char path[512];
    snprintf(path, sizeof path, "%s", scratch(name));
    struct stat st;
    if (stat(path, &st) != 0) {
        if (rsa)
            SH("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '%s' && "
               "openssl pkey -in '%s' -pubout -out '%s.pub'",
               path, path, path);
        else
            SH("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out '%s' && "
               "openssl pkey -in '%s' -pubout -out '%s.pub'",
               path, path, path);
    }
    return path;
}

static const char *message(void)
{
    const char *m = scratch("msg.txt");
    write_bytes(m, "attack at dawn\n", 15);
    return m;
}

static int openssl_verifies(const char *pubpem, const char *sig, const char *msg,
                            const char *extra)
{
    return sh("openssl dgst -sha256 %s -verify '%s' -signature '%s' '%s'", extra, pubpem, sig,
              msg);
}

/* ---- help and usage: no TPM needed ---- */

static void test_keystore_commands_have_help(void **state)
{
    (void)state;
    const char *cmds[] = {"importkey", "loadkey", "sign"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(run_cli(&R, dead_tcti, cmds[i], "--help", NULL), 0);
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

/* ---- the walkthrough ---- */

static void test_walkthrough_persists_a_storage_primary_and_getcap_lists_it(void **state)
{
    (void)state;
    static run_result q;
    if (run_cli(&q, cli_tcti, "readpublic", "-c", "0x81000001", NULL) == 0)
        OK("evictcontrol", "-C", "o", "-c", "0x81000001");
    OK("createprimary", "-C", "o", "-G", "ecc", "-c", scratch("srk.ctx"));
    OK("evictcontrol", "-C", "o", "-c", scratch("srk.ctx"), "0x81000001");
    OK("flushcontext", "-t");
    OK("getcap", "properties-fixed");
    assert_non_null(strstr(R.out, "TPM2_PT_HR_TRANSIENT_MIN"));
    OK("getcap", "handles-persistent");
    assert_non_null(strstr(R.out, "0x81000001"));
    OK("getcap", "handles-transient");
    assert_null(strstr(R.out, "0x80"));
}

static void change_back_and_forth(const char *h)
{
    OK("hierarchychangeauth", "-c", h, "first");
    OK("hierarchychangeauth", "-c", h, "-p", "first", "second");
    OK("hierarchychangeauth", "-c", h, "-p", "second", "");
}

static void test_hierarchychangeauth_sets_and_clears_owner_endorsement_lockout(void **state)
{
    (void)state;
    change_back_and_forth("o");
    change_back_and_forth("e");
    change_back_and_forth("l");
    OK("createprimary", "-C", "o", "-G", "ecc", "-c", scratch("after.ctx"));
    OK("flushcontext", "-t");
}

/* Owner only: a wrong lockout password would lock lockout out (DA), the owner's is
 * not dictionary-attack protected. */
static void test_hierarchychangeauth_refuses_the_old_owner_password(void **state)
{
    (void)state;
    OK("hierarchychangeauth", "-c", "o", "first");
    OK("hierarchychangeauth", "-c", "o", "-p", "first", "second");
    int st = run_cli(&R, cli_tcti, "hierarchychangeauth", "-c", "o", "-p", "first", "third",
                     NULL);
    int said = strstr(R.err, "TPM_RC_BAD_AUTH") || strstr(R.err, "TPM_RC_AUTH_FAIL");
    OK("hierarchychangeauth", "-c", "o", "-p", "second", "");
    assert_int_equal(st, 1);
    assert_true(said);
}

/* ---- importkey and sign ---- */

static void import_sign_verify(const char *name, int rsa, const char *parent)
{
    ensure_srk();
    const char *k = genkey(name, rsa);
    char out[512], sig[512], pub[520];
    snprintf(out, sizeof out, "%s.tss", k);
    snprintf(sig, sizeof sig, "%s.sig", k);
    snprintf(pub, sizeof pub, "%s.pub", k);
    OK("importkey", "-p", parent, "-w", k, "-o", out);
    assert_non_null(strstr(R.out, "type: loadable"));
    OK("sign", "-c", out, "-o", sig, message());
    assert_int_equal(openssl_verifies(pub, sig, message(), ""), 0);
}

static void test_importkey_ecc_under_81000001_signs_and_openssl_verifies(void **state)
{
    (void)state;
    import_sign_verify("ec.pem", 0, "81000001");
}

static void test_importkey_rsa_under_owner_signs_and_openssl_verifies(void **state)
{
    (void)state;
    import_sign_verify("rsa.pem", 1, "owner");
}

static void test_signature_fails_to_verify_on_a_changed_message(void **state)
{
    (void)state;
    import_sign_verify("ec.pem", 0, "81000001");
    const char *k = scratch("ec.pem");
    char sig[512], pub[520];
    snprintf(sig, sizeof sig, "%s.sig", k);
    snprintf(pub, sizeof pub, "%s.pub", k);
    const char *m2 = scratch("msg2.txt");
    write_bytes(m2, "attack at dusk\n", 15);
    assert_int_not_equal(openssl_verifies(pub, sig, m2, ""), 0);
}

static void test_rsapss_signature_verifies_with_openssl(void **state)
{
    (void)state;
    import_sign_verify("rsa.pem", 1, "owner");
    const char *k = scratch("rsa.pem");
    char out[512], pub[520];
    snprintf(out, sizeof out, "%s.tss", k);
    snprintf(pub, sizeof pub, "%s.pub", k);
    OK("sign", "-c", out, "-s", "rsapss", "-o", scratch("pss.sig"), message());
    assert_int_equal(openssl_verifies(pub, scratch("pss.sig"), message(),
                                      "-sigopt rsa_padding_mode:pss -sigopt "
                                      "rsa_pss_saltlen:auto"),
                     0);
}

static void test_key_with_a_password_needs_it(void **state)
{
    (void)state;
    ensure_srk();
    const char *k = genkey("ec.pem", 0);
    OK("importkey", "-p", "81000001", "-k", "sesame", "-w", k, "-o", scratch("pw.tss"));
    FAILS(1, "give it with -p", "sign", "-c", scratch("pw.tss"), "-o", scratch("pw.sig"),
          message());
    OK("sign", "-c", scratch("pw.tss"), "-p", "sesame", "-o", scratch("pw.sig"), message());
    char pub[520];
    snprintf(pub, sizeof pub, "%s.pub", k);
    assert_int_equal(openssl_verifies(pub, scratch("pw.sig"), message(), ""), 0);
}

static void test_importable_key_is_imported_when_used(void **state)
{
    (void)state;
    const char *k = genkey("rsa.pem", 1);
    OK("importkey", "--importable", "-w", k, "-o", scratch("imp.tss"));
    assert_non_null(strstr(R.out, "type: importable"));
    OK("sign", "-c", scratch("imp.tss"), "-o", scratch("imp.sig"), message());
    char pub[520];
    snprintf(pub, sizeof pub, "%s.pub", k);
    assert_int_equal(openssl_verifies(pub, scratch("imp.sig"), message(), ""), 0);
}

static void test_importable_key_from_the_parents_public_key_needs_no_tpm(void **state)
{
    (void)state;
    ensure_srk();
    const char *k = genkey("ec.pem", 0);
    SH("tpm2_readpublic -c 0x81000001 -f pem -o '%s' >/dev/null", scratch("srk.pub.pem"));
    if (run_cli(&R, dead_tcti, "importkey", "--importable", "--import",
                scratch("srk.pub.pem"), "-p", "81000001", "-w", k, "-o", scratch("off.tss"),
                NULL) != 0) {
        run_dump("importkey --import", &R);
        fail_msg("importkey --import touched the TPM or failed");
    }
    OK("sign", "-c", scratch("off.tss"), "-o", scratch("off.sig"), message());
    char pub[520];
    snprintf(pub, sizeof pub, "%s.pub", k);
    assert_int_equal(openssl_verifies(pub, scratch("off.sig"), message(), ""), 0);
}


static void test_rsa_parent_flag_picks_the_owners_rsa_primary(void **state)
{
    (void)state;
    const char *k = genkey("ec.pem", 0);
    OK("importkey", "--rsa-parent", "-w", k, scratch("rp.tss")); /* create_tpm2_key style */
    OK("sign", "-c", scratch("rp.tss"), "-o", scratch("rp.sig"), message());
    char pub[520];
    snprintf(pub, sizeof pub, "%s.pub", k);
    assert_int_equal(openssl_verifies(pub, scratch("rp.sig"), message(), ""), 0);
    /* The same key file claiming the ECC primary does not load: the flag matters. */
    static tpm2l_tpmkey key;
    static uint8_t buf[16384], sb[16384];
    static char pem[16384];
    long n = file_read(scratch("rp.tss"), buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(tpm2l_tpmkey_read(buf, (size_t)n, sb, sizeof sb, &key), 0);
    assert_int_equal(key.rsaParent, 1);
    key.rsaParent = 0;
    size_t len;
    assert_int_equal(tpm2l_tpmkey_to_pem(&key, pem, sizeof pem, &len), 0);
    write_bytes(scratch("rp0.tss"), pem, len);
    FAILS(1, "wrapped for another parent", "sign", "-c", scratch("rp0.tss"), "-o",
          scratch("x.sig"), message());
}

static void test_sign_takes_a_digest_with_d(void **state)
{
    (void)state;
    import_sign_verify("ec.pem", 0, "81000001");
    char out[512], pub[520];
    snprintf(out, sizeof out, "%s.tss", scratch("ec.pem"));
    snprintf(pub, sizeof pub, "%s.pub", scratch("ec.pem"));
    SH("openssl dgst -sha256 -binary -out '%s' '%s'", scratch("msg.dgst"), message());
    OK("sign", "-c", out, "-d", "-o", scratch("d.sig"), scratch("msg.dgst"));
    assert_int_equal(openssl_verifies(pub, scratch("d.sig"), message(), ""), 0);
    FAILS(1, "a sha256 digest is 32", "sign", "-c", out, "-d", "-o", scratch("d.sig"),
          message());
}

static void test_tss_format_verifies_with_tpm2_verifysignature(void **state)
{
    (void)state;
    import_sign_verify("rsa.pem", 1, "owner");
    char out[512];
    snprintf(out, sizeof out, "%s.tss", scratch("rsa.pem"));
    OK("sign", "-c", out, "-f", "tss", "-o", scratch("t.sig"), message());
    OK("loadkey", "-c", scratch("rsa.ctx"), out);
    SH("tpm2_verifysignature -c '%s' -g sha256 -m '%s' -s '%s'", scratch("rsa.ctx"),
       message(), scratch("t.sig"));
}

/* create_tpm2_key's default: noda, unless --da asks for dictionary-attack protection. */
static void test_imported_key_is_noda_unless_da(void **state)
{
    (void)state;
    ensure_srk();
    const char *k = genkey("ec.pem", 0);
    OK("importkey", "-p", "81000001", "-w", k, "-o", scratch("nd.tss"), "-c",
       scratch("nd.ctx"));
    OK("readpublic", "-c", scratch("nd.ctx"));
    assert_non_null(strstr(R.out, "noda"));
    OK("importkey", "-p", "81000001", "-d", "-w", k, "-o", scratch("da.tss"), "-c",
       scratch("da.ctx"));
    OK("readpublic", "-c", scratch("da.ctx"));
    assert_null(strstr(R.out, "noda"));
    assert_non_null(strstr(R.out, "sign"));
}

/* ---- peers ---- */

static void test_tpm2_sign_uses_our_loadkey_context_file(void **state)
{
    (void)state;
    import_sign_verify("ec.pem", 0, "81000001");
    const char *k = scratch("ec.pem");
    char out[512], pub[520];
    snprintf(out, sizeof out, "%s.tss", k);
    snprintf(pub, sizeof pub, "%s.pub", k);
    OK("loadkey", "-c", scratch("ec.ctx"), out);
    SH("tpm2_sign -c '%s' -g sha256 -f plain -o '%s' '%s'", scratch("ec.ctx"),
       scratch("tools.sig"), message());
    assert_int_equal(openssl_verifies(pub, scratch("tools.sig"), message(), ""), 0);
}

static void test_our_key_signs_in_openssl_with_tpm2_openssl(void **state)
{
    (void)state;
    if (!have_provider())
        skip();
    import_sign_verify("rsa.pem", 1, "owner");
    const char *k = scratch("rsa.pem");
    char out[512], pub[520];
    snprintf(out, sizeof out, "%s.tss", k);
    snprintf(pub, sizeof pub, "%s.pub", k);
    SH("openssl pkeyutl -provider tpm2 -provider default -sign -inkey '%s' -rawin -digest "
       "sha256 -in '%s' -out '%s'",
       out, message(), scratch("prov.sig"));
    assert_int_equal(openssl_verifies(pub, scratch("prov.sig"), message(), ""), 0);
}

static void test_tpm2_openssl_key_signs_in_ours(void **state)
{
    (void)state;
    if (!have_provider())
        skip();
    const char *k = scratch("prov.pem");
    SH("openssl genpkey -provider tpm2 -algorithm EC -pkeyopt group:P-256 -out '%s' && "
       "openssl pkey -provider tpm2 -provider default -in '%s' -pubout -out '%s.pub'",
       k, k, k);
    OK("sign", "-c", k, "-o", scratch("theirs.sig"), message());
    char pub[520];
    snprintf(pub, sizeof pub, "%s.pub", k);
    assert_int_equal(openssl_verifies(pub, scratch("theirs.sig"), message(), ""), 0);
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
static size_t key_der(uint8_t *der, size_t cap)
{
    static tpm2l_tpmkey key;
    static uint8_t buf[16384], scratch_buf[16384];
    ensure_srk();
    const char *k = genkey("ec.pem", 0);
    OK("importkey", "-p", "81000001", "-w", k, "-o", scratch("d.tss"));
    long n = file_read(scratch("d.tss"), buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(tpm2l_tpmkey_read(buf, (size_t)n, scratch_buf, sizeof scratch_buf, &key), 0);
    size_t len;
    assert_int_equal(tpm2l_tpmkey_to_der(&key, der, cap, &len), 0);
    return len;
}

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
static void reparent(const char *in, uint32_t parent, const char *out)
{
    static tpm2l_tpmkey key;
    static uint8_t buf[16384], sb[16384];
    static char pem[16384];
    long n = file_read(in, buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(tpm2l_tpmkey_read(buf, (size_t)n, sb, sizeof sb, &key), 0);
    key.parent = parent;
    size_t len;
    assert_int_equal(tpm2l_tpmkey_to_pem(&key, pem, sizeof pem, &len), 0);
    write_bytes(out, pem, len);
}

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

/* swtpm for the whole file, and tpm2-openssl pointed at it too. */
static int keystore_setup(void **state)
{
    if (cli_sim_start(state))
        return -1;
    const char *t = getenv("TPM2TOOLS_TCTI");
    if (t)
        setenv("TPM2OPENSSL_TCTI", t, 1);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keystore_commands_have_help),
        cmocka_unit_test(test_usage_errors_exit_2_without_the_tpm),
        cmocka_unit_test(test_walkthrough_persists_a_storage_primary_and_getcap_lists_it),
        cmocka_unit_test(test_hierarchychangeauth_sets_and_clears_owner_endorsement_lockout),
        cmocka_unit_test(test_hierarchychangeauth_refuses_the_old_owner_password),
        cmocka_unit_test(test_importkey_ecc_under_81000001_signs_and_openssl_verifies),
        cmocka_unit_test(test_importkey_rsa_under_owner_signs_and_openssl_verifies),
        cmocka_unit_test(test_signature_fails_to_verify_on_a_changed_message),
        cmocka_unit_test(test_rsapss_signature_verifies_with_openssl),
        cmocka_unit_test(test_key_with_a_password_needs_it),
        cmocka_unit_test(test_importable_key_is_imported_when_used),
        cmocka_unit_test(test_importable_key_from_the_parents_public_key_needs_no_tpm),
        cmocka_unit_test(test_imported_key_is_noda_unless_da),
        cmocka_unit_test(test_rsa_parent_flag_picks_the_owners_rsa_primary),
        cmocka_unit_test(test_sign_takes_a_digest_with_d),
        cmocka_unit_test(test_tss_format_verifies_with_tpm2_verifysignature),
        cmocka_unit_test(test_tpm2_sign_uses_our_loadkey_context_file),
        cmocka_unit_test(test_our_key_signs_in_openssl_with_tpm2_openssl),
        cmocka_unit_test(test_tpm2_openssl_key_signs_in_ours),
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
