/* test_attest.c - attestation against real TPMs: the attest_tpm2_primary --certify flow
 * (signing EK certifies the NULL-hierarchy "H" storage key), quotes by restricted ECC and
 * RSA keys, Sign with an unrestricted key, GetTime; each verified in software, and each
 * tampering reported as the check it breaks; and a quote made by tpm2_quote verified by
 * the same checks (kinds with a tpm2-tools TCTI only). */
#include <stdio.h>
#include <string.h>

#include "tests/integration/attest/attest_util.h"

/* ---- Certify: attest_tpm2_primary --certify null ---- */

static primary_t ek, nullkey;
static TPM2B_DATA nonce;
static tpm2l_Certify_out cert;

static void certify_null_key(void)
{
    static tpm2l_Certify_in in;
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, &ek);
    create_id(TPM2_RH_NULL, TPM2L_TPL_NULL_KEY, &nullkey);
    fresh_nonce(&nonce);
    memset(&in, 0, sizeof in);
    in.objectHandle = use(&nullkey);
    in.signHandle = use(&ek);
    in.qualifyingData = nonce;
    in.inScheme.scheme = TPM2_ALG_NULL; /* restricted: the key's own ECDSA-SHA256 */
    OK(tpm2l_Certify(&ctx, &in, &cert));
    flush(nullkey.out.objectHandle.handle);
    flush(ek.out.objectHandle.handle);
}

static tpm2l_attest_expect certify_expect(void)
{
    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_CERTIFY;
    e.extraData = &nonce;
    e.qualifiedSigner = &ek.qn;
    e.name = &nullkey.out.name;
    e.qualifiedName = &nullkey.qn;
    return e;
}

static TPM2_RC verify_cert(const tpm2l_attest_expect *e, tpm2l_verify_result *res)
{
    static TPMS_ATTEST parsed;
    return tpm2l_attest_verify(NULL, &ek.out.outPublic.publicArea, &cert.certifyInfo,
                               &cert.signature, e, &parsed, res);
}

static void test_signing_ek_certifies_the_null_key(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    certify_null_key();
    assert_int_equal(cert.signature.sigAlg, TPM2_ALG_ECDSA);
    tpm2l_attest_expect e = certify_expect();
    if (verify_cert(&e, &res))
        fail_msg("on %s: %s", sim_kind_name(kind), res.detail);
}

static void test_tampered_certification_fails_the_check_it_breaks(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    certify_null_key();
    tpm2l_attest_expect e = certify_expect();

    cert.certifyInfo.attestationData[10] ^= 1;
    expect_failed(verify_cert(&e, &res), &res, TPM2L_VERIFY_SIGNATURE);
    cert.certifyInfo.attestationData[10] ^= 1;

    cert.signature.signature.ecdsa.signatureR.buffer[0] ^= 0x40;
    expect_failed(verify_cert(&e, &res), &res, TPM2L_VERIFY_SIGNATURE);
    cert.signature.signature.ecdsa.signatureR.buffer[0] ^= 0x40;

    TPM2B_DATA other = nonce;
    other.buffer[31] ^= 1;
    e.extraData = &other;
    expect_failed(verify_cert(&e, &res), &res, TPM2L_VERIFY_EXTRA_DATA);
    assert_non_null(strstr(res.detail, "extraData"));

    /* The owner's storage key from the same template is another key, another name. */
    primary_t owner_key;
    create_id(TPM2_RH_OWNER, TPM2L_TPL_NULL_KEY, &owner_key);
    flush(owner_key.out.objectHandle.handle);
    e = certify_expect();
    e.name = &owner_key.out.name;
    expect_failed(verify_cert(&e, &res), &res, TPM2L_VERIFY_NAME);

    /* The right signer key but the wrong hierarchy in its qualified name. */
    TPM2B_NAME owner_qn, owner_handle;
    assert_int_equal(tpm2l_name_from_handle(TPM2_RH_OWNER, &owner_handle), 0);
    assert_int_equal(tpm2l_qualified_name(NULL, &owner_handle, &ek.out.name, &owner_qn), 0);
    e = certify_expect();
    e.qualifiedSigner = &owner_qn;
    expect_failed(verify_cert(&e, &res), &res, TPM2L_VERIFY_SIGNER);

    e = certify_expect();
    assert_int_equal(verify_cert(&e, &res), 0);
}

/* ---- Quote ---- */

static void rsa_ak_template(TPMT_PUBLIC *t)
{
    memset(t, 0, sizeof *t);
    t->type = TPM2_ALG_RSA;
    t->nameAlg = TPM2_ALG_SHA256;
    t->objectAttributes = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT |
                          TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
                          TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH;
    t->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
    t->parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSASSA;
    t->parameters.rsaDetail.scheme.details.rsassa.hashAlg = TPM2_ALG_SHA256;
    t->parameters.rsaDetail.keyBits = 2048;
}

static TPML_PCR_SELECTION three_pcrs(void)
{
    TPML_PCR_SELECTION s = one_pcr(TPM2_ALG_SHA256, 0);
    s.pcrSelections[0].pcrSelect[2] |= 0x01 | 0x80; /* PCRs 16 and 23 */
    return s;
}

static void quote_and_verify(const TPMT_PUBLIC *tmpl)
{
    static tpm2l_Quote_in in;
    static tpm2l_Quote_out out;
    static tpm2l_PCR_Read_in rin;
    static tpm2l_PCR_Read_out rout;
    static tpm2l_PCR_Extend_in ext;
    uint8_t values[3 * 32];
    tpm2l_verify_result res;
    primary_t ak;

    memset(&ext, 0, sizeof ext);
    ext.pcrHandle = hierarchy(16, NULL);
    ext.digests.count = 1;
    ext.digests.digests[0].hashAlg = TPM2_ALG_SHA256;
    OK(tpm2l_random(&ctx, ext.digests.digests[0].digest.sha256, 32));
    OK(tpm2l_PCR_Extend(&ctx, &ext));

    create(TPM2_RH_OWNER, tmpl, &ak);
    memset(&in, 0, sizeof in);
    in.signHandle = use(&ak);
    fresh_nonce(&in.qualifyingData);
    in.inScheme.scheme = TPM2_ALG_NULL;
    in.PCRselect = three_pcrs();
    OK(tpm2l_Quote(&ctx, &in, &out));
    flush(ak.out.objectHandle.handle);

    rin.pcrSelectionIn = three_pcrs();
    OK(tpm2l_PCR_Read(&ctx, &rin, &rout));
    assert_int_equal(rout.pcrValues.count, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(rout.pcrValues.digests[i].size, 32);
        memcpy(values + 32 * i, rout.pcrValues.digests[i].buffer, 32);
    }

    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_QUOTE;
    e.extraData = &in.qualifyingData;
    e.qualifiedSigner = &ak.qn;
    e.pcrSelect = &in.PCRselect;
    e.pcrValues = values;
    e.pcrValues_len = sizeof values;
    TPMT_PUBLIC *pub = &ak.out.outPublic.publicArea;
    if (tpm2l_attest_verify(NULL, pub, &out.quoted, &out.signature, &e, NULL, &res))
        fail_msg("on %s: %s", sim_kind_name(kind), res.detail);

    values[40] ^= 1; /* PCR 16 as it was before the extend, say */
    expect_failed(tpm2l_attest_verify(NULL, pub, &out.quoted, &out.signature, &e, NULL, &res),
                 &res, TPM2L_VERIFY_PCR_DIGEST);
    values[40] ^= 1;
    TPML_PCR_SELECTION fewer = one_pcr(TPM2_ALG_SHA256, 0);
    e.pcrSelect = &fewer;
    e.pcrValues_len = 32;
    expect_failed(tpm2l_attest_verify(NULL, pub, &out.quoted, &out.signature, &e, NULL, &res),
                 &res, TPM2L_VERIFY_PCR_SELECT);
}

static void test_restricted_ecc_key_quotes_pcrs(void **state)
{
    (void)state;
    TPMT_PUBLIC t;
    assert_int_equal(tpm2l_template_get(TPM2L_TPL_EK_SIGNING, &t), 0);
    quote_and_verify(&t);
}

static void test_restricted_rsa_key_quotes_pcrs(void **state)
{
    (void)state;
    TPMT_PUBLIC t;
    rsa_ak_template(&t);
    quote_and_verify(&t);
}

/* ---- Sign, GetTime ---- */

static void test_unrestricted_key_signs_a_digest_that_verifies(void **state)
{
    (void)state;
    static tpm2l_Sign_in in;
    static tpm2l_Sign_out out;
    tpm2l_verify_result res;
    TPMT_PUBLIC t;
    primary_t k;
    static const char data[] = "signed by the TPM, checked by OpenSSL";

    assert_int_equal(tpm2l_template_get(TPM2L_TPL_EK_SIGNING, &t), 0);
    t.objectAttributes &= ~TPMA_OBJECT_RESTRICTED;
    t.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL; /* any scheme, chosen per Sign */
    create(TPM2_RH_OWNER, &t, &k);
    memset(&in, 0, sizeof in);
    in.keyHandle = use(&k);
    in.digest.size = 32;
    assert_int_equal(tpm2l_hash(NULL, TPM2_ALG_SHA256, data, sizeof data, in.digest.buffer, 32), 0);
    in.inScheme.scheme = TPM2_ALG_ECDSA;
    in.inScheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
    tpm2l_ticket_hashcheck_null(&in.validation);
    OK(tpm2l_Sign(&ctx, &in, &out));
    flush(k.out.objectHandle.handle);
    const TPMT_PUBLIC *pub = &k.out.outPublic.publicArea;
    if (tpm2l_signature_verify(NULL, pub, data, sizeof data, &out.signature, &res))
        fail_msg("on %s: %s", sim_kind_name(kind), res.detail);
    expect_failed(tpm2l_signature_verify(NULL, pub, data, sizeof data - 1, &out.signature, &res),
                 &res, TPM2L_VERIFY_SIGNATURE);
}

static void test_get_time_is_signed_by_the_signing_ek(void **state)
{
    (void)state;
    static tpm2l_GetTime_in in;
    static tpm2l_GetTime_out out;
    static TPMS_ATTEST parsed;
    tpm2l_verify_result res;
    primary_t k;

    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, &k);
    memset(&in, 0, sizeof in);
    in.privacyAdminHandle = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    in.signHandle = use(&k);
    fresh_nonce(&in.qualifyingData);
    in.inScheme.scheme = TPM2_ALG_NULL;
    OK(tpm2l_GetTime(&ctx, &in, &out));
    flush(k.out.objectHandle.handle);
    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_TIME;
    e.extraData = &in.qualifyingData;
    e.qualifiedSigner = &k.qn;
    if (tpm2l_attest_verify(NULL, &k.out.outPublic.publicArea, &out.timeInfo, &out.signature, &e,
                            &parsed, &res))
        fail_msg("on %s: %s", sim_kind_name(kind), res.detail);
    assert_int_equal(parsed.attested.time.time.clockInfo.clock, parsed.clockInfo.clock);
}

/* A quote made and saved by tpm2-tools (an independent producer) passes our checks, and
 * fails them with another nonce. */
static void test_tpm2_quote_output_verifies(void **state)
{
    (void)state;
    const char *t = sim_tools_tcti(&sim);
    if (!t) {
        skip(); /* no tpm2-tools TCTI reaches this kind (in-process libtpms) */
    }
    static uint8_t buf[4096];
    static TPM2B_PUBLIC pub;
    static TPM2B_ATTEST quoted;
    static TPMT_SIGNATURE sig;
    static tpm2l_PCR_Read_in rin;
    static tpm2l_PCR_Read_out rout;
    TPM2B_DATA qd;
    tpm2l_rcur r;
    size_t n;

    memset(&qd, 0, sizeof qd);
    qd.size = 8;
    memcpy(qd.buffer, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
    close_tpm();
    run("tpm2_createprimary -T '%s' -Q -C e -G ecc256:ecdsa-sha256:null -a "
        "'restricted|sign|fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda' "
        "-c '%s/ak.ctx' && tpm2_readpublic -T '%s' -Q -c '%s/ak.ctx' -o '%s/ak.pub' && "
        "tpm2_quote -T '%s' -Q -c '%s/ak.ctx' -l sha256:0,16,23 -q 0123456789abcdef "
        "-m '%s/q.msg' -s '%s/q.sig' -g sha256 && tpm2_flushcontext -T '%s' -t",
        t, sim.dir, t, sim.dir, sim.dir, t, sim.dir, sim.dir, sim.dir, t);
    assert_int_equal(open_tpm(), 0);

    n = slurp("ak.pub", buf, sizeof buf);
    tpm2l_rcur_init(&r, buf, n);
    tpm2l_unmarshal_TPM2B_PUBLIC(&r, &pub);
    assert_int_equal(tpm2l_rcur_finish(&r), 0);
    n = slurp("q.sig", buf, sizeof buf);
    tpm2l_rcur_init(&r, buf, n);
    tpm2l_unmarshal_TPMT_SIGNATURE(&r, &sig);
    assert_int_equal(tpm2l_rcur_finish(&r), 0);
    quoted.size = (uint16_t)slurp("q.msg", quoted.attestationData, sizeof quoted.attestationData);

    rin.pcrSelectionIn = three_pcrs();
    OK(tpm2l_PCR_Read(&ctx, &rin, &rout));
    uint8_t values[3 * 32];
    for (int i = 0; i < 3; i++)
        memcpy(values + 32 * i, rout.pcrValues.digests[i].buffer, 32);

    TPM2B_NAME name, e_qn, qn;
    assert_int_equal(tpm2l_name_from_public(&pub.publicArea, &name), 0);
    assert_int_equal(tpm2l_name_from_handle(TPM2_RH_ENDORSEMENT, &e_qn), 0);
    assert_int_equal(tpm2l_qualified_name(NULL, &e_qn, &name, &qn), 0);
    TPML_PCR_SELECTION sel = three_pcrs();
    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_QUOTE;
    e.extraData = &qd;
    e.qualifiedSigner = &qn;
    e.pcrSelect = &sel;
    e.pcrValues = values;
    e.pcrValues_len = sizeof values;
    tpm2l_verify_result res;
    if (tpm2l_attest_verify(NULL, &pub.publicArea, &quoted, &sig, &e, NULL, &res))
        fail_msg("tpm2_quote's quote: %s", res.detail);
    qd.buffer[7] ^= 1;
    expect_failed(tpm2l_attest_verify(NULL, &pub.publicArea, &quoted, &sig, &e, NULL, &res),
                  &res, TPM2L_VERIFY_EXTRA_DATA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signing_ek_certifies_the_null_key),
        cmocka_unit_test(test_tampered_certification_fails_the_check_it_breaks),
        cmocka_unit_test(test_restricted_ecc_key_quotes_pcrs),
        cmocka_unit_test(test_restricted_rsa_key_quotes_pcrs),
        cmocka_unit_test(test_unrestricted_key_signs_a_digest_that_verifies),
        cmocka_unit_test(test_get_time_is_signed_by_the_signing_ek),
        cmocka_unit_test(test_tpm2_quote_output_verifies),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
