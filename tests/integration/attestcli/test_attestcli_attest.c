/* test_attestcli_attest.c - tpm2lite attest (attest_tpm2_primary) on swtpm: --eksign
 * prints the name the library derives, every time; --attest accepts openssl-made EK
 * certificates for swtpm's RSA, ECC and P-384 EKs (tpm2_createek made the keys: an
 * independent derivation) and an EK from the NV template/nonce override, and refuses a
 * certificate for another key and a wrong name file; --certify proves each hierarchy's
 * storage primary, refuses wrong name files, writes a PEM openssl reads, prints the
 * name with -o, and names the check a tampered attestation fails; usage errors need no
 * TPM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli_check.h"
#include "tpm2lite/tpm2lite.h"
#include "tpm2lite/tcti_impl.h"

static run_result R;

/* A shell command line (openssl, tpm2-tools); fails the test if it fails. */
static void sh(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static void sh(const char *fmt, ...)
{
    static char cmd[4096];
    static run_result r;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (run_sh(&r, "%s", cmd) != 0) {
        run_dump(cmd, &r);
        fail_msg("%s failed", cmd);
    }
}

/* ---- the library on the same swtpm (closed again before the tool runs) ---- */

static tpm2l_tcti_any tcti;
static tpm2l_ctx ctx;

static void lib_open(void)
{
    assert_int_equal(tpm2l_tcti_open(&tcti, cli_tcti), 0);
    assert_int_equal(tpm2l_ctx_init(&ctx, &tcti.base), 0);
}

static void lib_close(void)
{
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tcti.base);
}

/* CreatePrimary(tmpl) in hier, flushed again; its public area and hex name. */
static void lib_primary(TPM2_HANDLE hier, const TPMT_PUBLIC *tmpl, TPM2B_PUBLIC *pub, char *hex)
{
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.primaryHandle, hier, NULL, 0), 0);
    in.inPublic.publicArea = *tmpl;
    lib_open();
    TPM2_RC rc = tpm2l_CreatePrimary(&ctx, &in, &out);
    if (!rc) {
        tpm2l_FlushContext_in f = {out.objectHandle.handle};
        rc = tpm2l_FlushContext(&ctx, &f);
    }
    lib_close();
    if (rc)
        fail_msg("CreatePrimary: %s", tpm2l_rc_str(rc).s);
    if (pub)
        *pub = out.outPublic;
    if (hex)
        hex_of(out.name.name, out.name.size, hex);
}

static void lib_primary_id(TPM2_HANDLE hier, tpm2l_template_id id, char *hex)
{
    TPMT_PUBLIC t;
    assert_int_equal(tpm2l_template_get(id, &t), 0);
    lib_primary(hier, &t, NULL, hex);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The signing EK's name file, as attest_tpm2_primary users keep it (hex + newline). */
static const char *eksign_name_file(void)
{
    char hex[200], line[210];
    lib_primary_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, hex);
    snprintf(line, sizeof line, "%s\n", hex);
    write_text(scratch("eksign.name"), line);
    return scratch("eksign.name");
}

/* An EK certificate signed by the test CA for the public key in pem_name. */
static const char *make_cert(const char *pem_name, const char *crt_name)
{
    sh("openssl x509 -new -force_pubkey '%s' -subj /CN=ek -CA '%s' -CAkey '%s' -days 2 "
       "-out '%s' 2>&1",
       scratch(pem_name), scratch("ca.crt"), scratch("ca.key"), scratch(crt_name));
    return scratch(crt_name);
}

/* tpm2_createek -G alg: the EK's public key as PEM, the EK flushed again. */
static const char *createek_pem(const char *alg, const char *pem_name)
{
    sh("tpm2_createek -G %s -f pem -u '%s' -c '%s' >/dev/null && tpm2_flushcontext -t", alg,
       scratch(pem_name), scratch("ek.ctx"));
    return scratch(pem_name);
}

static int setup(void **state)
{
    if (cli_sim_start(state))
        return -1;
    static char cmd[1024];
    static run_result r;
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout '%s' "
             "-out '%s' -subj '/CN=tpm2lite test EK CA' -days 2 2>&1",
             scratch("ca.key"), scratch("ca.crt"));
    if (run_sh(&r, "%s", cmd) != 0) {
        run_dump(cmd, &r);
        return -1;
    }
    return 0;
}

/* ---- --eksign ---- */

static void test_eksign_prints_the_library_name_every_time(void **state)
{
    (void)state;
    char want[200], first[200];
    lib_primary_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, want);
    OK("attest", "--eksign");
    size_t n = strlen(R.out);
    assert_true(n < sizeof first);
    memcpy(first, R.out, n + 1);
    assert_string_equal(first, strcat(want, "\n"));
    OK("attest", "-E");
    assert_string_equal(R.out, first);
}

static void test_eksign_checks_a_name_file(void **state)
{
    (void)state;
    const char *nf = eksign_name_file();
    OK("attest", "--eksign", "-n", nf, "-f", scratch("eksign.pem"));
    assert_string_equal(R.out, "");
    sh("openssl pkey -pubin -in '%s' -noout", scratch("eksign.pem"));
    write_text(scratch("other.name"), "000b0123456789abcdef\n");
    FAILS(1, "signing EK's name does not match", "attest", "--eksign", "-n", scratch("other.name"));
}

/* ---- --attest ---- */

static void test_attest_accepts_a_certificate_for_the_rsa_ek(void **state)
{
    (void)state;
    createek_pem("rsa", "ek_rsa.pem");
    OK("attest", "--attest", make_cert("ek_rsa.pem", "ek_rsa.crt"), "--name", eksign_name_file());
    assert_non_null(strstr(R.out, "Attestation of signing EK successful (EK from EK L-1"));
}

static void test_attest_accepts_a_certificate_for_the_ecc_ek(void **state)
{
    (void)state;
    createek_pem("ecc", "ek_ecc.pem");
    OK("attest", "--attest", make_cert("ek_ecc.pem", "ek_ecc.crt"), "--name", eksign_name_file(),
       "-f", scratch("sek.pem"));
    assert_non_null(strstr(R.out, "(EK from EK L-2"));
    sh("openssl pkey -pubin -in '%s' -noout", scratch("sek.pem"));
}

/* No L template makes a P-384 key: the H-3 EK (PolicyB: PolicySecret, then PolicyOR). */
static void test_attest_finds_the_h3_ek_of_a_p384_certificate(void **state)
{
    (void)state;
    createek_pem("ecc384", "ek_384.pem");
    OK("attest", "--attest", make_cert("ek_384.pem", "ek_384.crt"));
    assert_non_null(strstr(R.out, "(EK from EK H-3"));
}

/* An H-2 EK (PolicyB) for a P-256 certificate: L-2 is tried first and does not match. */
static void test_attest_tries_l_then_h_for_a_p256_certificate(void **state)
{
    (void)state;
    static TPM2B_PUBLIC ek;
    static char pem[4096];
    TPMT_PUBLIC h2;
    size_t pl;
    assert_int_equal(tpm2l_template_get(TPM2L_TPL_EK_H2, &h2), 0);
    lib_primary(TPM2_RH_ENDORSEMENT, &h2, &ek, NULL);
    assert_int_equal(tpm2l_pubkey_to_pem(NULL, &ek.publicArea, pem, sizeof pem, &pl), 0);
    write_text(scratch("ek_h2.pem"), pem);
    OK("attest", "--attest", make_cert("ek_h2.pem", "ek_h2.crt"), "-n", eksign_name_file());
    assert_non_null(strstr(R.out, "(EK from EK H-2"));
}

static void test_attest_refuses_a_certificate_for_another_key(void **state)
{
    (void)state;
    sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | "
       "openssl pkey -pubout -out '%s'", scratch("stranger.pem"));
    FAILS(1, "is not for this TPM's EK", "attest", "--attest",
          make_cert("stranger.pem", "stranger.crt"), "-n", eksign_name_file());
    assert_non_null(strstr(R.err, "EK L-1 (RSA 2048) and EK H-1"));
}

static void test_attest_refuses_a_wrong_name_file(void **state)
{
    (void)state;
    createek_pem("rsa", "ek_rsa.pem");
    char other[200];
    lib_primary_id(TPM2_RH_OWNER, TPM2L_TPL_EK_SIGNING, other); /* a real name, not the EK's */
    write_text(scratch("owner.name"), other);
    FAILS(1, "signing EK's name does not match", "attest", "--attest",
          make_cert("ek_rsa.pem", "ek_rsa.crt"), "-n", scratch("owner.name"));
}

static void test_attest_refuses_a_file_that_is_not_a_certificate(void **state)
{
    (void)state;
    /* Read before any TPM is opened: no swtpm listens on port 1. */
    if (run_cli(&R, "swtpm:host=127.0.0.1,port=1", "attest", "--attest", scratch("ca.key"),
                NULL) != 1 ||
        !strstr(R.err, "is not an X.509 certificate")) {
        run_dump("attest --attest ca.key", &R);
        fail_msg("a key file was taken for a certificate");
    }
}

/* [EKP] §2.2.1.4: a template (H-1's) and a nonce in the RSA Low Range indices make
 * the EK; the tool must read them (PolicyB again, as H-1 carries it). */
static void define_and_write(TPM2_HANDLE index, const uint8_t *p, size_t n)
{
    static tpm2l_NV_DefineSpace_in din;
    static tpm2l_NV_DefineSpace_out dout;
    static tpm2l_NV_Write_in win;
    memset(&din, 0, sizeof din);
    assert_int_equal(tpm2l_auth_handle_set(&din.authHandle, TPM2_RH_OWNER, NULL, 0), 0);
    din.publicInfo.nvPublic.nvIndex = index;
    din.publicInfo.nvPublic.nameAlg = TPM2_ALG_SHA256;
    din.publicInfo.nvPublic.attributes =
        TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD | TPMA_NV_AUTHREAD | TPMA_NV_NO_DA;
    din.publicInfo.nvPublic.dataSize = (uint16_t)n;
    assert_int_equal(tpm2l_NV_DefineSpace(&ctx, &din, &dout), 0);
    memset(&win, 0, sizeof win);
    assert_int_equal(tpm2l_auth_handle_set(&win.authHandle, TPM2_RH_OWNER, NULL, 0), 0);
    win.nvIndex = dout.nvIndex;
    win.data.size = (uint16_t)n;
    memcpy(win.data.buffer, p, n);
    assert_int_equal(tpm2l_NV_Write(&ctx, &win), 0);
}

static void undefine(TPM2_HANDLE index)
{
    static tpm2l_NV_ReadPublic_in pin;
    static tpm2l_NV_ReadPublic_out pout;
    static tpm2l_NV_UndefineSpace_in in;
    memset(&pin, 0, sizeof pin);
    pin.nvIndex.handle = index;
    assert_int_equal(tpm2l_NV_ReadPublic(&ctx, &pin, &pout), 0);
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_OWNER, NULL, 0), 0);
    in.nvIndex.handle = index;
    in.nvIndex.name = pout.nvName;
    assert_int_equal(tpm2l_NV_UndefineSpace(&ctx, &in), 0);
}

static void test_attest_uses_the_nv_ek_template_and_nonce(void **state)
{
    (void)state;
    static uint8_t tmpl[1024];
    static const uint8_t nonce[16] = "tpm2lite-nonce!";
    static TPM2B_PUBLIC ek;
    static char pem[4096];
    TPMT_PUBLIC h1, by_hand;
    tpm2l_wcur w;
    size_t tl, pl;

    assert_int_equal(tpm2l_template_get(TPM2L_TPL_EK_H1, &h1), 0);
    tpm2l_wcur_init(&w, tmpl, sizeof tmpl);
    tpm2l_marshal_TPMT_PUBLIC(&w, &h1);
    assert_int_equal(tpm2l_wcur_finish(&w, &tl), 0);
    by_hand = h1;
    by_hand.unique.rsa.size = 256;
    memcpy(by_hand.unique.rsa.buffer, nonce, sizeof nonce);
    lib_primary(TPM2_RH_ENDORSEMENT, &by_hand, &ek, NULL);
    assert_int_equal(tpm2l_pubkey_to_pem(NULL, &ek.publicArea, pem, sizeof pem, &pl), 0);
    write_text(scratch("ek_nv.pem"), pem);
    const char *crt = make_cert("ek_nv.pem", "ek_nv.crt");

    /* Without the indices no template gives that key. */
    FAILS(1, "is not for this TPM's EK", "attest", "--attest", crt);
    lib_open();
    define_and_write(TPM2L_NV_EK_TEMPLATE_RSA, tmpl, tl);
    define_and_write(TPM2L_NV_EK_NONCE_RSA, nonce, sizeof nonce);
    lib_close();
    int st = run_cli(&R, cli_tcti, "attest", "--attest", crt, "-n", eksign_name_file(), NULL);
    lib_open();
    undefine(TPM2L_NV_EK_TEMPLATE_RSA);
    undefine(TPM2L_NV_EK_NONCE_RSA);
    lib_close();
    if (st != 0 || !strstr(R.out, "(EK from the TPM's NV EK template)")) {
        run_dump("attest --attest (NV template)", &R);
        fail_msg("the NV EK template was not honoured");
    }
}

/* ---- --certify ---- */

static void certify_hierarchy(const char *word, TPM2_HANDLE h)
{
    char want[200];
    lib_primary_id(h, TPM2L_TPL_NULL_KEY, want);
    write_text(scratch("h.name"), want);
    OK("attest", "--certify", word, "--name", eksign_name_file(), scratch("h.name"), "-o", "-f",
       scratch("h.pem"));
    assert_string_equal(R.out, strcat(want, "\n"));
    sh("openssl pkey -pubin -in '%s' -noout -text | grep -q 'NIST CURVE: P-256'", scratch("h.pem"));
    /* The name file of another hierarchy's key. */
    char other[200];
    lib_primary_id(h == TPM2_RH_OWNER ? TPM2_RH_PLATFORM : TPM2_RH_OWNER, TPM2L_TPL_NULL_KEY, other);
    write_text(scratch("other.name"), other);
    FAILS(1, "storage primary's name does not match", "attest", "--certify", word, "-n",
          eksign_name_file(), scratch("other.name"));
}

static void test_certify_null(void **state)
{
    (void)state;
    certify_hierarchy("null", TPM2_RH_NULL);
    OK("attest", "--certify", "null", "-n", eksign_name_file());
    assert_non_null(strstr(R.out, "Good certification from TPM at clock"));
}

static void test_certify_owner(void **state)
{
    (void)state;
    certify_hierarchy("owner", TPM2_RH_OWNER);
}

static void test_certify_endorsement(void **state)
{
    (void)state;
    certify_hierarchy("endorsement", TPM2_RH_ENDORSEMENT);
}

static void test_certify_platform(void **state)
{
    (void)state;
    certify_hierarchy("platform", TPM2_RH_PLATFORM);
}

static void test_certify_refuses_a_wrong_signing_ek_name_file(void **state)
{
    (void)state;
    char other[200];
    lib_primary_id(TPM2_RH_OWNER, TPM2L_TPL_EK_SIGNING, other);
    write_text(scratch("owner.name"), other);
    FAILS(1, "signing EK's name does not match", "attest", "--certify", "owner", "-n",
          scratch("owner.name"));
}

static void test_tampered_certification_names_the_failed_check(void **state)
{
    (void)state;
    const char *nf = eksign_name_file();
    setenv("TPM2LITE_TEST_TAMPER", "attest:40", 1);
    int st = run_cli(&R, cli_tcti, "attest", "--certify", "null", "-n", nf, NULL);
    setenv("TPM2LITE_TEST_TAMPER", "sig", 1);
    static run_result sig;
    int st2 = run_cli(&sig, cli_tcti, "attest", "--certify", "null", "-n", nf, NULL);
    unsetenv("TPM2LITE_TEST_TAMPER");
    if (st != 1 || !strstr(R.err, "failed the signature check")) {
        run_dump("tampered attestation", &R);
        fail_msg("a flipped attestation byte passed");
    }
    if (st2 != 1 || !strstr(sig.err, "failed the signature check")) {
        run_dump("tampered signature", &sig);
        fail_msg("a flipped signature bit passed");
    }
    /* And nothing was left loaded by the failures. */
    OK("attest", "--certify", "null", "-n", nf);
}

/* ---- no TPM needed ---- */

static void test_help_and_usage_errors_need_no_tpm(void **state)
{
    (void)state;
    static const char *const nowhere = "swtpm:host=127.0.0.1,port=1";
    assert_int_equal(run_cli(&R, nowhere, "attest", "--help", NULL), 0);
    assert_non_null(strstr(R.out, "--certify"));
    struct {
        const char *args[5];
        const char *says;
    } bad[] = {
        {{"attest", NULL}, "exactly one of"},
        {{"attest", "--eksign", "--certify", "null", NULL}, "exactly one of"},
        {{"attest", "--certify", "nowhere", "-n", "x"}, "is not null, owner"},
        {{"attest", "--certify", "null", NULL}, "name file"},
        {{"attest", "--eksign", "-o", NULL}, "goes with --certify"},
        {{"attest", "--eksign", "extra", NULL}, "unexpected argument"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *argv[10] = {TPM2LITE_CLI_PATH, "--tcti", nowhere};
        for (size_t k = 0; k < 5 && bad[i].args[k]; k++)
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
        cmocka_unit_test(test_eksign_prints_the_library_name_every_time),
        cmocka_unit_test(test_eksign_checks_a_name_file),
        cmocka_unit_test(test_attest_accepts_a_certificate_for_the_rsa_ek),
        cmocka_unit_test(test_attest_accepts_a_certificate_for_the_ecc_ek),
        cmocka_unit_test(test_attest_finds_the_h3_ek_of_a_p384_certificate),
        cmocka_unit_test(test_attest_tries_l_then_h_for_a_p256_certificate),
        cmocka_unit_test(test_attest_refuses_a_certificate_for_another_key),
        cmocka_unit_test(test_attest_refuses_a_wrong_name_file),
        cmocka_unit_test(test_attest_refuses_a_file_that_is_not_a_certificate),
        cmocka_unit_test(test_attest_uses_the_nv_ek_template_and_nonce),
        cmocka_unit_test(test_certify_null),
        cmocka_unit_test(test_certify_owner),
        cmocka_unit_test(test_certify_endorsement),
        cmocka_unit_test(test_certify_platform),
        cmocka_unit_test(test_certify_refuses_a_wrong_signing_ek_name_file),
        cmocka_unit_test(test_tampered_certification_names_the_failed_check),
        cmocka_unit_test(test_help_and_usage_errors_need_no_tpm),
    };
    return cmocka_run_group_tests(tests, setup, cli_sim_stop);
}
