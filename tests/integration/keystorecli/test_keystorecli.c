/* test_keystorecli.c - the keystore workflow through the tpm2lite tool on swtpm: the
 * 2017 "TPM2 and Linux" walkthrough (a storage primary persisted at 0x81000001,
 * getcap, hierarchy passwords), importkey / loadkey / sign with openssl as the
 * verifier, and tpm2-openssl and tpm2-tools as peers in both directions. Bad input
 * is test_keystorecli_bad.c.
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

#include <cmocka.h>

#include "ks_helpers.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/tcti_impl.h"

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
    if (run_cli(&R, DEAD_TCTI, "importkey", "--importable", "--import",
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

static void test_sign_takes_a_persistent_handle(void **state)
{
    (void)state;
    import_sign_verify("ec.pem", 0, "81000001");
    char out[512], pub[520];
    snprintf(out, sizeof out, "%s.tss", scratch("ec.pem"));
    snprintf(pub, sizeof pub, "%s.pub", scratch("ec.pem"));
    OK("loadkey", "-c", scratch("p.ctx"), out);
    OK("evictcontrol", "-C", "o", "-c", scratch("p.ctx"), "0x81000010");
    int st = run_cli(&R, cli_tcti, "sign", "-c", "0x81000010", "-o", scratch("h.sig"),
                     message(), NULL);
    OK("evictcontrol", "-C", "o", "-c", "0x81000010");
    assert_int_equal(st, 0);
    assert_int_equal(openssl_verifies(pub, scratch("h.sig"), message(), ""), 0);
}

/* The owner's password goes to CreatePrimary of the derived parent, both when the key
 * is imported and when it is loaded to sign. */
static void test_owner_password_reaches_the_derived_parent(void **state)
{
    (void)state;
    const char *k = genkey("ec.pem", 0);
    OK("hierarchychangeauth", "-c", "o", "ownerpw");
    int st1 = run_cli(&R, cli_tcti, "importkey", "-b", "ownerpw", "-w", k, "-o",
                      scratch("opw.tss"), NULL);
    int st2 = st1 ? -1
                  : run_cli(&R, cli_tcti, "sign", "-c", scratch("opw.tss"), "-P", "ownerpw",
                            "-o", scratch("opw.sig"), message(), NULL);
    static run_result r2;
    int st3 = run_cli(&r2, cli_tcti, "sign", "-c", scratch("opw.tss"), "-o",
                      scratch("opw.sig"), message(), NULL);
    OK("hierarchychangeauth", "-c", "o", "-p", "ownerpw", "");
    assert_int_equal(st1, 0);
    assert_int_equal(st2, 0);
    assert_int_equal(st3, 1); /* without -P the owner refuses CreatePrimary */
    assert_non_null(strstr(r2.err, "deriving the ECC P-256 storage primary"));
}

/* ---- the parent a hierarchy handle stands for ---- */

/* tpm2l_tpmkey_parent_open derives, for parent 0x40000001, exactly the key
 * tpm2_createprimary makes from the template the key-file draft describes (ECC P-256,
 * or RSA 2048 with rsaParent; attributes 0x00030472, AES-128-CFB): same name. */
static void derived_parent_matches_tools(int rsa, const char *alg)
{
    static tpm2l_tcti_any tcti;
    static tpm2l_ctx ctx;
    static tpm2l_tpmkey_parent par;
    assert_int_equal(tpm2l_tcti_open(&tcti, cli_tcti), 0);
    assert_int_equal(tpm2l_ctx_init(&ctx, &tcti.base), 0);
    TPM2_RC rc = tpm2l_tpmkey_parent_open(&ctx, TPM2_RH_OWNER, rsa, NULL, &par);
    TPM2B_NAME ours = par.handle.name;
    int derived = par.derived;
    if (!rc)
        tpm2l_tpmkey_parent_close(&ctx, &par);
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tcti.base);
    assert_int_equal(rc, 0);
    assert_int_equal(derived, 1);
    SH("tpm2_createprimary -Q -C o -G %s -a "
       "'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt' "
       "-c '%s' && tpm2_readpublic -Q -c '%s' -n '%s'",
       alg, scratch("tp.ctx"), scratch("tp.ctx"), scratch("tp.name"));
    unsigned char theirs[80];
    long n = file_read(scratch("tp.name"), theirs, sizeof theirs);
    assert_int_equal(n, ours.size);
    assert_memory_equal(theirs, ours.name, ours.size);
}

static void test_owner_parent_is_the_ecc_h_storage_primary(void **state)
{
    (void)state;
    derived_parent_matches_tools(0, "ecc256:null:aes128cfb");
}

static void test_owner_parent_with_rsaparent_is_the_rsa2048_storage_primary(void **state)
{
    (void)state;
    derived_parent_matches_tools(1, "rsa2048:null:aes128cfb");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
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
        cmocka_unit_test(test_sign_takes_a_persistent_handle),
        cmocka_unit_test(test_owner_password_reaches_the_derived_parent),
        cmocka_unit_test(test_sign_takes_a_digest_with_d),
        cmocka_unit_test(test_tss_format_verifies_with_tpm2_verifysignature),
        cmocka_unit_test(test_owner_parent_is_the_ecc_h_storage_primary),
        cmocka_unit_test(test_owner_parent_with_rsaparent_is_the_rsa2048_storage_primary),
        cmocka_unit_test(test_tpm2_sign_uses_our_loadkey_context_file),
        cmocka_unit_test(test_our_key_signs_in_openssl_with_tpm2_openssl),
        cmocka_unit_test(test_tpm2_openssl_key_signs_in_ours),
    };
    return cmocka_run_group_tests(tests, keystore_setup, cli_sim_stop);
}
