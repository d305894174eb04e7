/* test_keys_dup.c - Duplicate, Rewrap, Import and CertifyCreation against real TPMs.
 * A duplicable signing key (authPolicy = PolicyCommandCode(TPM2_CC_Duplicate), no
 * fixedTPM / fixedParent) moves to a second parent with only the outer wrapper, is
 * imported and loaded there, and its signature verifies in software under the public
 * area we kept; CertifyCreation's attestation goes through tpm2l_attest_verify. Every
 * test flushes what it loads; the last one checks that nothing is left. */
#include <string.h>

#include "tests/integration/keys/keys_util.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"

static tpm2l_CreatePrimary_out parent2; /* the new parent: RSA storage primary */
static tpm2l_Create_out cr;
static tpm2l_Load_out ld;
static tpm2l_session s;

static int setup(void **state)
{
    keys_setup(state);
    create_primary(TPM2_ALG_RSA, &parent2);
    return 0;
}

static int teardown(void **state)
{
    flush(parent2.objectHandle.handle);
    return keys_teardown(state);
}

static void signing_template(TPMT_PUBLIC *t, TPMA_OBJECT attrs)
{
    key_template(t, TPM2_ALG_ECC, TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_USERWITHAUTH |
                                      TPMA_OBJECT_SENSITIVEDATAORIGIN | attrs);
    t->parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
    t->parameters.eccDetail.scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
}

/* A duplicable signing key under primary, loaded. */
static void duplicable_key(void)
{
    tpm2l_policy calc;
    TPMT_PUBLIC t;
    OK(tpm2l_policy_init(&calc, TPM2_ALG_SHA256));
    OK(tpm2l_policy_command_code(&calc, TPM2_CC_Duplicate));
    signing_template(&t, 0);
    t.authPolicy = calc.digest;
    create_loaded(&t, NULL, NULL, 0, &cr, &ld);
}

static void dup_session(void)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_POLICY;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    OK(tpm2l_session_start(&ctx, &s, &p));
    tpm2l_PolicyCommandCode_in cc = {{&s, 0}, TPM2_CC_Duplicate};
    OK(tpm2l_PolicyCommandCode(&ctx, &cc));
}

static TPMT_SYM_DEF_OBJECT aes128cfb(void)
{
    TPMT_SYM_DEF_OBJECT d;
    memset(&d, 0, sizeof d);
    d.algorithm = TPM2_ALG_AES;
    d.keyBits.aes = 128;
    d.mode.aes = TPM2_ALG_CFB;
    return d;
}

/* Duplicate ld to new_parent with an inner wrapper (the TPM picks its key) or none. */
static void duplicate_inner(const tpm2l_handle *new_parent, int inner, tpm2l_Duplicate_out *out)
{
    static tpm2l_Duplicate_in in;
    memset(&in, 0, sizeof in);
    dup_session();
    in.objectHandle = object_auth(&ld.objectHandle, NULL);
    in.objectHandle.session = &s;
    in.newParentHandle = *new_parent;
    in.symmetricAlg.algorithm = TPM2_ALG_NULL;
    if (inner)
        in.symmetricAlg = aes128cfb();
    OK(tpm2l_Duplicate(&ctx, &in, out));
    /* the session ends with the command (continueSession clear) */
    tpm2l_session_wipe(&s);
    assert_int_equal(out->encryptionKeyOut.size, inner ? 16 : 0);
    assert_true(out->outSymSeed.size > 0);
    flush(ld.objectHandle.handle);
}

static void duplicate_to(const tpm2l_handle *new_parent, tpm2l_Duplicate_out *out)
{
    duplicate_inner(new_parent, 0, out);
}

static void import_under(const tpm2l_handle *parent, const TPM2B_PRIVATE *dup,
                         const TPM2B_ENCRYPTED_SECRET *seed, tpm2l_Import_out *out)
{
    static tpm2l_Import_in in;
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(parent, NULL);
    in.objectPublic = cr.outPublic;
    in.duplicate = *dup;
    in.inSymSeed = *seed;
    in.symmetricAlg.algorithm = TPM2_ALG_NULL;
    OK(tpm2l_Import(&ctx, &in, out));
    assert_true(tpm2l_name_equal(&out->name, &cr.name));
}

/* Load outPrivate under parent and check the key signs as the public area says. */
static void load_and_sign(const tpm2l_handle *parent, const TPM2B_PRIVATE *priv)
{
    static tpm2l_Create_out moved;
    static tpm2l_Load_out ml;
    static tpm2l_Sign_in in;
    static tpm2l_Sign_out out;
    tpm2l_verify_result res;
    moved = cr;
    moved.outPrivate = *priv;
    load_under(parent, &moved, &ml);
    assert_true(tpm2l_name_equal(&ml.name, &cr.name));
    memset(&in, 0, sizeof in);
    in.keyHandle = object_auth(&ml.objectHandle, NULL);
    in.digest.size = 32;
    memset(in.digest.buffer, 0x5a, 32);
    in.inScheme.scheme = TPM2_ALG_NULL;
    tpm2l_ticket_hashcheck_null(&in.validation);
    OK(tpm2l_Sign(&ctx, &in, &out));
    OK(tpm2l_signature_verify_digest(NULL, &cr.outPublic.publicArea, in.digest.buffer, 32,
                                     &out.signature, &res));
    flush(ml.objectHandle.handle);
}

static void test_duplicate_import_load_gives_a_key_that_signs(void **state)
{
    (void)state;
    static tpm2l_Duplicate_out dup;
    static tpm2l_Import_out imp;
    duplicable_key();
    duplicate_to(&parent2.objectHandle, &dup);
    import_under(&parent2.objectHandle, &dup.duplicate, &dup.outSymSeed, &imp);
    load_and_sign(&parent2.objectHandle, &imp.outPrivate);
}

static void test_duplicate_with_an_inner_wrapper_imports_with_the_key_the_tpm_chose(void **state)
{
    (void)state;
    static tpm2l_Duplicate_out dup;
    static tpm2l_Import_in in;
    static tpm2l_Import_out imp;
    duplicable_key();
    duplicate_inner(&parent2.objectHandle, 1, &dup);
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(&parent2.objectHandle, NULL);
    in.encryptionKey = dup.encryptionKeyOut;
    in.objectPublic = cr.outPublic;
    in.duplicate = dup.duplicate;
    in.inSymSeed = dup.outSymSeed;
    in.symmetricAlg = aes128cfb();
    OK(tpm2l_Import(&ctx, &in, &imp));
    load_and_sign(&parent2.objectHandle, &imp.outPrivate);
    tpm2l_cleanse(&dup.encryptionKeyOut, sizeof dup.encryptionKeyOut);
}

static void test_rewrap_moves_a_duplicate_to_another_parent(void **state)
{
    (void)state;
    static tpm2l_Duplicate_out dup;
    static tpm2l_Rewrap_in rin;
    static tpm2l_Rewrap_out rout;
    static tpm2l_Import_out imp;
    duplicable_key();
    duplicate_to(&primary.objectHandle, &dup);
    memset(&rin, 0, sizeof rin);
    rin.oldParent = object_auth(&primary.objectHandle, NULL);
    rin.newParent = parent2.objectHandle;
    rin.inDuplicate = dup.duplicate;
    rin.name = cr.name;
    rin.inSymSeed = dup.outSymSeed;
    OK(tpm2l_Rewrap(&ctx, &rin, &rout));
    import_under(&parent2.objectHandle, &rout.outDuplicate, &rout.outSymSeed, &imp);
    load_and_sign(&parent2.objectHandle, &imp.outPrivate);
}

/* The DUP role is a policy session only (Part 3 §13.1). */
static void test_duplicate_with_a_password_is_TPM_RC_AUTH_TYPE(void **state)
{
    (void)state;
    static tpm2l_Duplicate_in in;
    static tpm2l_Duplicate_out out;
    duplicable_key();
    memset(&in, 0, sizeof in);
    in.objectHandle = object_auth(&ld.objectHandle, NULL);
    in.newParentHandle = parent2.objectHandle;
    in.symmetricAlg.algorithm = TPM2_ALG_NULL;
    FAILS_WITH(tpm2l_Duplicate(&ctx, &in, &out), TPM2_RC_AUTH_TYPE);
    assert_error_mentions("Duplicate: TPM_RC_AUTH_TYPE");
    flush(ld.objectHandle.handle);
}

static void test_import_of_a_tampered_duplicate_fails(void **state)
{
    (void)state;
    static tpm2l_Duplicate_out dup;
    static tpm2l_Import_in in;
    static tpm2l_Import_out out;
    duplicable_key();
    duplicate_to(&parent2.objectHandle, &dup);
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(&parent2.objectHandle, NULL);
    in.objectPublic = cr.outPublic;
    in.duplicate = dup.duplicate;
    in.duplicate.buffer[in.duplicate.size - 1] ^= 1;
    in.inSymSeed = dup.outSymSeed;
    in.symmetricAlg.algorithm = TPM2_ALG_NULL;
    FAILS_WITH(tpm2l_Import(&ctx, &in, &out), TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_3);
    assert_error_mentions("Import: TPM_RC_INTEGRITY");
}

/* A restricted ECDSA signer and an object made by Create, both under primary. */
static tpm2l_Create_out signer_cr, obj_cr;
static tpm2l_Load_out signer_ld, obj_ld;

static void certify_creation(const TPM2B_DATA *qd, const TPM2B_DIGEST *hash,
                             tpm2l_CertifyCreation_out *out, TPM2_RC want)
{
    static tpm2l_CertifyCreation_in in;
    memset(&in, 0, sizeof in);
    in.signHandle = object_auth(&signer_ld.objectHandle, NULL);
    in.objectHandle = obj_ld.objectHandle;
    in.qualifyingData = *qd;
    in.creationHash = *hash;
    in.inScheme.scheme = TPM2_ALG_NULL;
    in.creationTicket = obj_cr.creationTicket;
    FAILS_WITH(tpm2l_CertifyCreation(&ctx, &in, out), want);
}

static void signer_and_object(void)
{
    TPMT_PUBLIC t;
    signing_template(&t, TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_FIXEDTPM |
                             TPMA_OBJECT_FIXEDPARENT);
    create_loaded(&t, NULL, NULL, 0, &signer_cr, &signer_ld);
    signing_template(&t, TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT);
    create_loaded(&t, NULL, NULL, 0, &obj_cr, &obj_ld);
}

static void test_certify_creation_verifies_and_names_the_object_and_its_creation(void **state)
{
    (void)state;
    static tpm2l_CertifyCreation_out out;
    static TPMS_ATTEST att;
    TPM2B_DATA qd = {6, "fresh"};
    tpm2l_verify_result res;
    tpm2l_attest_expect exp;
    signer_and_object();
    certify_creation(&qd, &obj_cr.creationHash, &out, 0);

    memset(&exp, 0, sizeof exp);
    exp.type = TPM2_ST_ATTEST_CREATION;
    exp.extraData = &qd;
    OK(tpm2l_attest_verify(NULL, &signer_cr.outPublic.publicArea, &out.certifyInfo,
                           &out.signature, &exp, &att, &res));
    assert_true(tpm2l_name_equal(&att.attested.creation.objectName, &obj_ld.name));
    assert_int_equal(att.attested.creation.creationHash.size, obj_cr.creationHash.size);
    assert_memory_equal(att.attested.creation.creationHash.buffer, obj_cr.creationHash.buffer,
                        obj_cr.creationHash.size);

    /* a changed byte of the attestation no longer verifies */
    out.certifyInfo.attestationData[out.certifyInfo.size - 1] ^= 1;
    assert_int_not_equal(tpm2l_attest_verify(NULL, &signer_cr.outPublic.publicArea,
                                             &out.certifyInfo, &out.signature, &exp, NULL,
                                             &res),
                         0);
    assert_int_equal(res.failed, TPM2L_VERIFY_SIGNATURE);
    flush(obj_ld.objectHandle.handle);
    flush(signer_ld.objectHandle.handle);
}

/* The ticket binds creationHash to the object: another hash is TPM_RC_TICKET. */
static void test_certify_creation_of_another_creation_hash_is_TPM_RC_TICKET(void **state)
{
    (void)state;
    static tpm2l_CertifyCreation_out out;
    TPM2B_DATA qd = {0, {0}};
    TPM2B_DIGEST other;
    signer_and_object();
    other = obj_cr.creationHash;
    other.buffer[0] ^= 1;
    certify_creation(&qd, &other, &out, TPM2_RC_TICKET | TPM2_RC_P | TPM2_RC_4);
    assert_error_mentions("CertifyCreation: TPM_RC_TICKET");
    flush(obj_ld.objectHandle.handle);
    flush(signer_ld.objectHandle.handle);
}

static void test_nothing_is_left_loaded(void **state)
{
    (void)state;
    assert_no_transients();
    assert_int_equal(count_handles(TPM2_HR_POLICY_SESSION), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_duplicate_import_load_gives_a_key_that_signs,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_duplicate_with_an_inner_wrapper_imports_with_the_key_the_tpm_chose, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_rewrap_moves_a_duplicate_to_another_parent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_with_a_password_is_TPM_RC_AUTH_TYPE,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_of_a_tampered_duplicate_fails, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_certify_creation_verifies_and_names_the_object_and_its_creation, keys_setup,
            keys_teardown),
        cmocka_unit_test_setup_teardown(
            test_certify_creation_of_another_creation_hash_is_TPM_RC_TICKET, keys_setup,
            keys_teardown),
        cmocka_unit_test(test_nothing_is_left_loaded),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
