/* test_credential.c - credentials and imports against real TPMs: the attest_tpm2_primary
 * --attest flow (a software MakeCredential for the TCG EK, RSA L-1 and ECC L-2, naming
 * the signing EK, activated by the TPM; an H-2 EK by its password), the TPM's own
 * MakeCredential activated (also under parameter encryption both ways), a
 * credential for another name refused with TPM_RC_INTEGRITY, and OpenSSL keys (RSA
 * 2048, P-256) wrapped in software, imported, loaded, and signing what OpenSSL
 * verifies with the original public key. */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "tests/integration/credential/cred_util.h"
#include "tests/integration/secrets/wire_tap.h"

#define RC_INTEGRITY_P1 (TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_1)

static TPM2B_DIGEST challenge(void)
{
    TPM2B_DIGEST d;
    memset(&d, 0, sizeof d);
    d.size = 32;
    OK(tpm2l_random(&ctx, d.buffer, 32));
    return d;
}

/* ActivateCredential(signing EK, EK) through PolicyA; the TPM's rc. */
static TPM2_RC activate(const primary_t *sek, const primary_t *ek, const TPM2B_ID_OBJECT *blob,
                        const TPM2B_ENCRYPTED_SECRET *secret, TPM2B_DIGEST *got)
{
    static tpm2l_ActivateCredential_in in;
    static tpm2l_ActivateCredential_out out;
    tpm2l_session s;
    start_policy(&s);
    policy_secret_endorsement(&s);
    memset(&in, 0, sizeof in);
    in.activateHandle = use(sek);
    in.keyHandle = use(ek);
    in.keyHandle.session = &s;
    in.credentialBlob = *blob;
    in.secret = *secret;
    TPM2_RC rc = tpm2l_ActivateCredential(&ctx, &in, &out);
    OK(tpm2l_session_flush(&ctx, &s));
    *got = out.certInfo;
    tpm2l_cleanse(&out, sizeof out);
    return rc;
}

static void software_credential_activates(tpm2l_template_id ek_id)
{
    primary_t sek, ek;
    TPM2B_ID_OBJECT blob;
    TPM2B_ENCRYPTED_SECRET secret;
    TPM2B_DIGEST got;
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, &sek);
    create_id(TPM2_RH_ENDORSEMENT, ek_id, &ek);
    TPM2B_DIGEST cred = challenge();
    OK(tpm2l_make_credential(&ctx.crypto, &ek.out.outPublic.publicArea, &cred, &sek.out.name,
                             &blob, &secret));
    OK(activate(&sek, &ek, &blob, &secret, &got));
    assert_int_equal(got.size, cred.size);
    assert_memory_equal(got.buffer, cred.buffer, cred.size);
    flush(ek.out.objectHandle.handle);
    flush(sek.out.objectHandle.handle);
    assert_no_leaks(0);
}

static void test_software_credential_for_rsa_ek_activates(void **state)
{
    (void)state;
    software_credential_activates(TPM2L_TPL_EK_L1);
}

static void test_software_credential_for_ecc_ek_activates(void **state)
{
    (void)state;
    software_credential_activates(TPM2L_TPL_EK_L2);
}

static void test_tpm_credential_activates(void **state)
{
    (void)state;
    static tpm2l_MakeCredential_in in;
    static tpm2l_MakeCredential_out out;
    primary_t sek, ek;
    TPM2B_DIGEST got;
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, &sek);
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_L2, &ek);
    memset(&in, 0, sizeof in);
    in.handle = ek.out.objectHandle;
    in.credential = challenge();
    in.objectName = sek.out.name;
    OK(tpm2l_MakeCredential(&ctx, &in, &out));
    OK(activate(&sek, &ek, &out.credentialBlob, &out.secret, &got));
    assert_int_equal(got.size, in.credential.size);
    assert_memory_equal(got.buffer, in.credential.buffer, got.size);
    flush(ek.out.objectHandle.handle);
    flush(sek.out.objectHandle.handle);
    assert_no_leaks(0);
}

static void test_credential_for_another_name_fails_integrity(void **state)
{
    (void)state;
    primary_t sek, ek;
    TPM2B_ID_OBJECT blob;
    TPM2B_ENCRYPTED_SECRET secret;
    TPM2B_DIGEST got;
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, &sek);
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_L1, &ek);
    TPM2B_DIGEST cred = challenge();
    /* Made for the EK's own name, activated as the signing EK. */
    OK(tpm2l_make_credential(&ctx.crypto, &ek.out.outPublic.publicArea, &cred, &ek.out.name,
                             &blob, &secret));
    assert_rc_named(activate(&sek, &ek, &blob, &secret, &got), RC_INTEGRITY_P1,
                    "TPM_RC_INTEGRITY");
    /* The right name, one bit of the blob flipped. */
    OK(tpm2l_make_credential(&ctx.crypto, &ek.out.outPublic.publicArea, &cred, &sek.out.name,
                             &blob, &secret));
    blob.credential[blob.size - 1] ^= 1;
    assert_rc_named(activate(&sek, &ek, &blob, &secret, &got), RC_INTEGRITY_P1,
                    "TPM_RC_INTEGRITY");
    flush(ek.out.objectHandle.handle);
    flush(sek.out.objectHandle.handle);
    assert_no_leaks(0);
}

/* An H template EK (userWithAuth) is used by its empty password instead of PolicyB. */
static void test_software_credential_for_h2_ek_activates_by_password(void **state)
{
    (void)state;
    static tpm2l_ActivateCredential_in in;
    static tpm2l_ActivateCredential_out out;
    primary_t sek, ek;
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, &sek);
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_H2, &ek);
    TPM2B_DIGEST cred = challenge();
    memset(&in, 0, sizeof in);
    OK(tpm2l_make_credential(&ctx.crypto, &ek.out.outPublic.publicArea, &cred, &sek.out.name,
                             &in.credentialBlob, &in.secret));
    in.activateHandle = use(&sek);
    in.keyHandle = use(&ek);
    OK(tpm2l_ActivateCredential(&ctx, &in, &out));
    assert_int_equal(out.certInfo.size, cred.size);
    assert_memory_equal(out.certInfo.buffer, cred.buffer, cred.size);
    flush(ek.out.objectHandle.handle);
    flush(sek.out.objectHandle.handle);
    assert_no_leaks(0);
}

/* The first len bytes at p do not appear in the last command sent through the tap
 * (the executor wipes ctx.cmd once sent, so the tap keeps the wire image). */
static wire_tap tap;
static void assert_not_sent_in_clear(const uint8_t *p, size_t len)
{
    wire_tap_off(&tap, &ctx);
    assert_true(tap.cmd_len > 0);
    if (wire_tap_sent(&tap, p, len))
        fail_msg("sent in clear");
}

/* The descriptor flags against the TPM: both commands with a salted session encrypting
 * the first parameter each way. A flag where Part 3 has no TPM2B is refused by the
 * TPM, a wrong cipher direction garbles the challenge or the blob, and a missing
 * command flag leaves the first parameter in clear on the wire (checked). A missing
 * response flag goes unseen here: the TPM then answers in clear and all still works. */
static void test_credential_round_trips_under_parameter_encryption(void **state)
{
    (void)state;
    static tpm2l_MakeCredential_in mk;
    static tpm2l_MakeCredential_out mkout;
    static tpm2l_ActivateCredential_in in;
    static tpm2l_ActivateCredential_out out;
    tpm2l_session enc, pol;
    tpm2l_session_params p;
    primary_t sek, ek;
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, &sek);
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_L2, &ek);
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_HMAC;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_AES;
    p.symmetric.keyBits.aes = 128;
    p.symmetric.mode.aes = TPM2_ALG_CFB;
    p.tpmKey = &ek.out.objectHandle;
    p.attrs = TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT;
    OK(tpm2l_session_start(&ctx, &enc, &p));

    memset(&mk, 0, sizeof mk);
    mk.handle = ek.out.objectHandle;
    mk.credential = challenge();
    mk.objectName = sek.out.name;
    tpm2l_ctx_next_sessions(&ctx, &enc, NULL);
    wire_tap_on(&tap, &ctx);
    OK(tpm2l_MakeCredential(&ctx, &mk, &mkout));
    assert_not_sent_in_clear(mk.credential.buffer, mk.credential.size);

    start_policy(&pol);
    policy_secret_endorsement(&pol);
    memset(&in, 0, sizeof in);
    in.activateHandle = use(&sek);
    in.keyHandle = use(&ek);
    in.keyHandle.session = &pol;
    in.credentialBlob = mkout.credentialBlob;
    in.secret = mkout.secret;
    tpm2l_ctx_next_sessions(&ctx, &enc, NULL);
    wire_tap_on(&tap, &ctx);
    OK(tpm2l_ActivateCredential(&ctx, &in, &out));
    assert_not_sent_in_clear(in.credentialBlob.credential, in.credentialBlob.size);
    assert_int_equal(out.certInfo.size, mk.credential.size);
    assert_memory_equal(out.certInfo.buffer, mk.credential.buffer, out.certInfo.size);
    OK(tpm2l_session_flush(&ctx, &pol));
    OK(tpm2l_session_flush(&ctx, &enc));
    flush(ek.out.objectHandle.handle);
    flush(sek.out.objectHandle.handle);
    assert_no_leaks(0);
}

/* ---- importing OpenSSL keys ---- */

static void openssl_verify(EVP_PKEY *pkey, const uint8_t *digest, const TPMT_SIGNATURE *sig)
{
    uint8_t der[160];
    const uint8_t *sigp;
    size_t siglen;
    if (sig->sigAlg == TPM2_ALG_RSASSA) {
        sigp = sig->signature.rsassa.sig.buffer;
        siglen = sig->signature.rsassa.sig.size;
    } else {
        assert_int_equal(sig->sigAlg, TPM2_ALG_ECDSA);
        ECDSA_SIG *es = ECDSA_SIG_new();
        BIGNUM *r = BN_bin2bn(sig->signature.ecdsa.signatureR.buffer,
                              sig->signature.ecdsa.signatureR.size, NULL);
        BIGNUM *s = BN_bin2bn(sig->signature.ecdsa.signatureS.buffer,
                              sig->signature.ecdsa.signatureS.size, NULL);
        assert_non_null(es);
        assert_int_equal(ECDSA_SIG_set0(es, r, s), 1);
        uint8_t *p = der;
        int n = i2d_ECDSA_SIG(es, NULL);
        assert_true(n > 0 && (size_t)n <= sizeof der);
        n = i2d_ECDSA_SIG(es, &p);
        ECDSA_SIG_free(es);
        sigp = der;
        siglen = (size_t)n;
    }
    EVP_PKEY_CTX *vc = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    assert_non_null(vc);
    assert_int_equal(EVP_PKEY_verify_init(vc), 1);
    if (sig->sigAlg == TPM2_ALG_RSASSA)
        assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(vc, RSA_PKCS1_PADDING), 1);
    assert_int_equal(EVP_PKEY_CTX_set_signature_md(vc, EVP_sha256()), 1);
    int ok = EVP_PKEY_verify(vc, sigp, siglen, digest, 32);
    EVP_PKEY_CTX_free(vc);
    assert_int_equal(ok, 1);
}

static void import_sign_verify(EVP_PKEY *pkey, TPM2_ALG_ID sig_scheme)
{
    static tpm2l_Import_in imp;
    static tpm2l_Import_out impout;
    static tpm2l_Load_in ld;
    static tpm2l_Load_out ldout;
    static tpm2l_Sign_in sg;
    static tpm2l_Sign_out sgout;
    static TPMT_SENSITIVE sens;
    tpm2l_CreatePrimary_out parent;
    TPMT_PUBLIC pub;
    TPM2B_AUTH auth = {4, {'k', 'e', 'y', '!'}};

    create_primary(TPM2_ALG_RSA, &parent);
    OK(tpm2l_key_from_evp(pkey, TPM2_ALG_SHA256,
                          TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_NODA,
                          &auth, &pub, &sens));
    memset(&imp, 0, sizeof imp);
    imp.parentHandle = hierarchy(parent.objectHandle.handle, NULL);
    imp.parentHandle.name = parent.name;
    imp.objectPublic.publicArea = pub;
    imp.symmetricAlg.algorithm = TPM2_ALG_NULL;
    OK(tpm2l_wrap_for_import(&ctx.crypto, &parent.outPublic.publicArea, &sens, &pub,
                             &imp.duplicate, &imp.inSymSeed));
    tpm2l_cleanse(&sens, sizeof sens);
    OK(tpm2l_Import(&ctx, &imp, &impout));

    memset(&ld, 0, sizeof ld);
    ld.parentHandle = imp.parentHandle;
    ld.inPrivate = impout.outPrivate;
    ld.inPublic.publicArea = pub;
    OK(tpm2l_Load(&ctx, &ld, &ldout));
    flush(parent.objectHandle.handle);

    uint8_t digest[32];
    OK(tpm2l_hash(NULL, TPM2_ALG_SHA256, "imported", 8, digest, sizeof digest));
    memset(&sg, 0, sizeof sg);
    assert_int_equal(tpm2l_auth_handle_set(&sg.keyHandle, ldout.objectHandle.handle,
                                           auth.buffer, auth.size),
                     0);
    sg.keyHandle.name = ldout.name;
    sg.digest.size = 32;
    memcpy(sg.digest.buffer, digest, 32);
    sg.inScheme.scheme = sig_scheme;
    sg.inScheme.details.any.hashAlg = TPM2_ALG_SHA256;
    tpm2l_ticket_hashcheck_null(&sg.validation);
    OK(tpm2l_Sign(&ctx, &sg, &sgout));
    flush(ldout.objectHandle.handle);
    openssl_verify(pkey, digest, &sgout.signature);
    assert_no_leaks(0);
}

static void test_openssl_rsa_key_imports_and_signs(void **state)
{
    (void)state;
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    assert_non_null(pkey);
    import_sign_verify(pkey, TPM2_ALG_RSASSA);
    EVP_PKEY_free(pkey);
}

static void test_openssl_p256_key_imports_and_signs(void **state)
{
    (void)state;
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    assert_non_null(pkey);
    import_sign_verify(pkey, TPM2_ALG_ECDSA);
    EVP_PKEY_free(pkey);
}

static void test_tampered_import_fails_integrity(void **state)
{
    (void)state;
    static tpm2l_Import_in imp;
    static tpm2l_Import_out impout;
    static TPMT_SENSITIVE sens;
    tpm2l_CreatePrimary_out ecc_parent;
    TPMT_PUBLIC pub;
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    assert_non_null(pkey);
    create_primary(TPM2_ALG_ECC, &ecc_parent);
    OK(tpm2l_key_from_evp(pkey, TPM2_ALG_SHA256,
                          TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_SIGN_ENCRYPT, NULL, &pub,
                          &sens));
    EVP_PKEY_free(pkey);
    memset(&imp, 0, sizeof imp);
    imp.objectPublic.publicArea = pub;
    imp.symmetricAlg.algorithm = TPM2_ALG_NULL;
    /* Wrapped for an ECC parent (ECDH seed): the TPM takes it ... */
    OK(tpm2l_wrap_for_import(&ctx.crypto, &ecc_parent.outPublic.publicArea, &sens, &pub,
                             &imp.duplicate, &imp.inSymSeed));
    tpm2l_cleanse(&sens, sizeof sens);
    imp.parentHandle = hierarchy(ecc_parent.objectHandle.handle, NULL);
    imp.parentHandle.name = ecc_parent.name;
    OK(tpm2l_Import(&ctx, &imp, &impout));
    /* ... and refuses it with one bit of the ciphertext flipped (the outer HMAC). */
    imp.duplicate.buffer[imp.duplicate.size - 1] ^= 1;
    TPM2_RC rc = tpm2l_Import(&ctx, &imp, &impout);
    assert_rc_named(rc, TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_3, "TPM_RC_INTEGRITY");
    flush(ecc_parent.objectHandle.handle);
    assert_no_leaks(0);
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, cleanup_after)
    const struct CMUnitTest tests[] = {
        T(test_software_credential_for_rsa_ek_activates),
        T(test_software_credential_for_ecc_ek_activates),
        T(test_tpm_credential_activates),
        T(test_credential_for_another_name_fails_integrity),
        T(test_software_credential_for_h2_ek_activates_by_password),
        T(test_credential_round_trips_under_parameter_encryption),
        T(test_openssl_rsa_key_imports_and_signs),
        T(test_openssl_p256_key_imports_and_signs),
        T(test_tampered_import_fails_integrity),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
