/* test_vectors.c - known encodings written out by hand from Part 2's tables, so the
 * expected bytes do not come from the code under test: the usual storage-key templates,
 * a sealed-data template, a PCR selection, signatures, and a GetCapability body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "tpm2lite/marshal.h"

static uint8_t out[4096];

#define STORAGE_ATTRS                                                                        \
    (TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |      \
     TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT)

static void expect_public(const TPMT_PUBLIC *p, const uint8_t *want, size_t want_len)
{
    tpm2l_wcur w;
    size_t n = 0;
    TPM2B_PUBLIC outer = { .size = 0, .publicArea = *p }, back;

    tpm2l_wcur_init(&w, out, sizeof out);
    tpm2l_marshal_TPM2B_PUBLIC(&w, &outer);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), TPM2_RC_SUCCESS);
    assert_int_equal(n, want_len + 2);
    assert_int_equal((out[0] << 8) | out[1], want_len);
    assert_memory_equal(out + 2, want, want_len);

    tpm2l_rcur r;
    memset(&back, 0, sizeof back);
    tpm2l_rcur_init(&r, out, n);
    tpm2l_unmarshal_TPM2B_PUBLIC(&r, &back);
    assert_int_equal(tpm2l_rcur_finish(&r), TPM2_RC_SUCCESS);
    assert_int_equal(back.size, want_len);
    assert_int_equal(back.publicArea.type, p->type);
    assert_int_equal(back.publicArea.objectAttributes, p->objectAttributes);
}

static void test_rsa2048_storage_template_encodes_as_part2_says(void **state)
{
    (void)state;
    TPMT_PUBLIC p;
    memset(&p, 0, sizeof p);
    p.type = TPM2_ALG_RSA;
    p.nameAlg = TPM2_ALG_SHA256;
    p.objectAttributes = STORAGE_ATTRS;
    p.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_AES;
    p.parameters.rsaDetail.symmetric.keyBits.aes = 128;
    p.parameters.rsaDetail.symmetric.mode.aes = TPM2_ALG_CFB;
    p.parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
    p.parameters.rsaDetail.keyBits = 2048;
    p.parameters.rsaDetail.exponent = 0;
    const uint8_t want[] = {
        0x00, 0x01,             /* type RSA */
        0x00, 0x0B,             /* nameAlg SHA256 */
        0x00, 0x03, 0x00, 0x72, /* objectAttributes */
        0x00, 0x00,             /* authPolicy: empty */
        0x00, 0x06, 0x00, 0x80, 0x00, 0x43, /* AES-128-CFB */
        0x00, 0x10,             /* scheme NULL */
        0x08, 0x00,             /* keyBits 2048 */
        0x00, 0x00, 0x00, 0x00, /* exponent: default */
        0x00, 0x00,             /* unique.rsa: empty */
    };
    expect_public(&p, want, sizeof want);
}

static void test_eccp256_storage_template_encodes_as_part2_says(void **state)
{
    (void)state;
    TPMT_PUBLIC p;
    memset(&p, 0, sizeof p);
    p.type = TPM2_ALG_ECC;
    p.nameAlg = TPM2_ALG_SHA256;
    p.objectAttributes = STORAGE_ATTRS;
    p.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
    p.parameters.eccDetail.symmetric.keyBits.aes = 128;
    p.parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
    p.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
    p.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
    p.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
    const uint8_t want[] = {
        0x00, 0x23, 0x00, 0x0B, 0x00, 0x03, 0x00, 0x72, 0x00, 0x00,
        0x00, 0x06, 0x00, 0x80, 0x00, 0x43, /* AES-128-CFB */
        0x00, 0x10,                         /* scheme NULL */
        0x00, 0x03,                         /* curve NIST P-256 */
        0x00, 0x10,                         /* kdf NULL */
        0x00, 0x00, 0x00, 0x00,             /* unique.ecc: empty x, empty y */
    };
    expect_public(&p, want, sizeof want);
}

static void test_sealed_data_template_with_policy_encodes_as_part2_says(void **state)
{
    (void)state;
    TPMT_PUBLIC p;
    memset(&p, 0, sizeof p);
    p.type = TPM2_ALG_KEYEDHASH;
    p.nameAlg = TPM2_ALG_SHA256;
    p.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT;
    p.authPolicy.size = 4;
    memcpy(p.authPolicy.buffer, "\xDE\xAD\xBE\xEF", 4);
    p.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
    const uint8_t want[] = {
        0x00, 0x08, 0x00, 0x0B, 0x00, 0x00, 0x00, 0x12,
        0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF, /* authPolicy */
        0x00, 0x10,                         /* scheme NULL */
        0x00, 0x00,                         /* unique.keyedHash: empty */
    };
    expect_public(&p, want, sizeof want);
}

static void test_pcr_selection_of_sha256_pcrs_0_to_7_encodes_as_part2_says(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    tpm2l_wcur w;
    size_t n = 0;
    memset(&s, 0, sizeof s);
    s.count = 1;
    s.pcrSelections[0].hash = TPM2_ALG_SHA256;
    s.pcrSelections[0].sizeofSelect = 3;
    s.pcrSelections[0].pcrSelect[0] = 0xFF;
    tpm2l_wcur_init(&w, out, sizeof out);
    tpm2l_marshal_TPML_PCR_SELECTION(&w, &s);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), TPM2_RC_SUCCESS);
    const uint8_t want[] = { 0, 0, 0, 1, 0x00, 0x0B, 0x03, 0xFF, 0x00, 0x00 };
    assert_int_equal(n, sizeof want);
    assert_memory_equal(out, want, sizeof want);
}

static void test_ecdsa_and_hmac_signatures_decode_from_part2_layout(void **state)
{
    (void)state;
    const uint8_t ecdsa[] = { 0x00, 0x18, 0x00, 0x0B, 0x00, 0x02, 0x01, 0x02,
                              0x00, 0x03, 0x0A, 0x0B, 0x0C };
    TPMT_SIGNATURE sig;
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, ecdsa, sizeof ecdsa);
    tpm2l_unmarshal_TPMT_SIGNATURE(&r, &sig);
    assert_int_equal(tpm2l_rcur_finish(&r), TPM2_RC_SUCCESS);
    assert_int_equal(sig.sigAlg, TPM2_ALG_ECDSA);
    assert_int_equal(sig.signature.ecdsa.hash, TPM2_ALG_SHA256);
    assert_int_equal(sig.signature.ecdsa.signatureR.size, 2);
    assert_int_equal(sig.signature.ecdsa.signatureS.size, 3);
    assert_int_equal(sig.signature.ecdsa.signatureS.buffer[2], 0x0C);

    uint8_t hmac[4 + 32] = { 0x00, 0x05, 0x00, 0x0B };
    hmac[4 + 31] = 0x77;
    tpm2l_rcur_init(&r, hmac, sizeof hmac);
    tpm2l_unmarshal_TPMT_SIGNATURE(&r, &sig);
    assert_int_equal(tpm2l_rcur_finish(&r), TPM2_RC_SUCCESS);
    assert_int_equal(sig.signature.hmac.hashAlg, TPM2_ALG_SHA256);
    assert_int_equal(sig.signature.hmac.digest.sha256[31], 0x77);
}

static void test_null_arms_encode_as_the_selector_alone(void **state)
{
    (void)state;
    TPMT_SIGNATURE sig = { .sigAlg = TPM2_ALG_NULL };
    TPMT_SYM_DEF sym = { .algorithm = TPM2_ALG_NULL };
    TPMT_HA ha = { .hashAlg = TPM2_ALG_NULL };
    TPMT_RSA_DECRYPT rsaes = { .scheme = TPM2_ALG_RSAES };
    tpm2l_wcur w;
    size_t n = 0;
    tpm2l_wcur_init(&w, out, sizeof out);
    tpm2l_marshal_TPMT_SIGNATURE(&w, &sig);
    tpm2l_marshal_TPMT_SYM_DEF(&w, &sym);
    tpm2l_marshal_TPMT_HA(&w, &ha);
    tpm2l_marshal_TPMT_RSA_DECRYPT(&w, &rsaes);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), TPM2_RC_SUCCESS);
    const uint8_t want[] = { 0x00, 0x10, 0x00, 0x10, 0x00, 0x10, 0x00, 0x15 };
    assert_int_equal(n, sizeof want);
    assert_memory_equal(out, want, sizeof want);
}

static void test_xor_symmetric_definition_carries_a_hash_and_no_mode(void **state)
{
    (void)state;
    TPMT_SYM_DEF sym = { .algorithm = TPM2_ALG_XOR, .keyBits.exclusiveOr = TPM2_ALG_SHA256 };
    tpm2l_wcur w;
    size_t n = 0;
    tpm2l_wcur_init(&w, out, sizeof out);
    tpm2l_marshal_TPMT_SYM_DEF(&w, &sym);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), TPM2_RC_SUCCESS);
    const uint8_t want[] = { 0x00, 0x0A, 0x00, 0x0B };
    assert_int_equal(n, sizeof want);
    assert_memory_equal(out, want, sizeof want);
}

static void test_capability_handles_body_decodes_from_part2_layout(void **state)
{
    (void)state;
    const uint8_t body[] = { 0x00, 0x00, 0x00, 0x01, /* TPM2_CAP_HANDLES */
                             0x00, 0x00, 0x00, 0x02, /* count */
                             0x81, 0x00, 0x00, 0x01, 0x81, 0x01, 0x00, 0x01 };
    static TPMS_CAPABILITY_DATA cap;
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, body, sizeof body);
    tpm2l_unmarshal_TPMS_CAPABILITY_DATA(&r, &cap);
    assert_int_equal(tpm2l_rcur_finish(&r), TPM2_RC_SUCCESS);
    assert_int_equal(cap.capability, TPM2_CAP_HANDLES);
    assert_int_equal(cap.data.handles.count, 2);
    assert_int_equal(cap.data.handles.handle[0], TPM2_PERSISTENT_FIRST + 1);
    assert_int_equal(cap.data.handles.handle[1], 0x81010001);
}

static void test_quote_attestation_decodes_from_part2_layout(void **state)
{
    (void)state;
    const uint8_t att[] = {
        0xFF, 0x54, 0x43, 0x47, /* magic */
        0x80, 0x18,             /* ATTEST_QUOTE */
        0x00, 0x04, 0x40, 0x00, 0x00, 0x07, /* qualifiedSigner: TPM2_RH_NULL */
        0x00, 0x01, 0x5A,       /* extraData */
        0, 0, 0, 0, 0, 0, 0x10, 0x00, /* clock */
        0, 0, 0, 3, 0, 0, 0, 4, 1, /* resetCount, restartCount, safe */
        0, 0, 0, 0, 0, 0, 0, 9, /* firmwareVersion */
        0, 0, 0, 1, 0x00, 0x0B, 0x03, 0x01, 0x00, 0x00, /* pcrSelect: sha256 PCR0 */
        0x00, 0x02, 0xAB, 0xCD, /* pcrDigest */
    };
    TPMS_ATTEST a;
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, att, sizeof att);
    tpm2l_unmarshal_TPMS_ATTEST(&r, &a);
    assert_int_equal(tpm2l_rcur_finish(&r), TPM2_RC_SUCCESS);
    assert_int_equal(a.magic, TPM2_GENERATED_VALUE);
    assert_int_equal(a.type, TPM2_ST_ATTEST_QUOTE);
    assert_int_equal(a.qualifiedSigner.size, 4);
    assert_int_equal(a.clockInfo.clock, 0x1000);
    assert_int_equal(a.clockInfo.resetCount, 3);
    assert_int_equal(a.clockInfo.restartCount, 4);
    assert_int_equal(a.clockInfo.safe, 1);
    assert_int_equal(a.firmwareVersion, 9);
    assert_int_equal(a.attested.quote.pcrSelect.count, 1);
    assert_int_equal(a.attested.quote.pcrSelect.pcrSelections[0].pcrSelect[0], 1);
    assert_int_equal(a.attested.quote.pcrDigest.buffer[1], 0xCD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsa2048_storage_template_encodes_as_part2_says),
        cmocka_unit_test(test_eccp256_storage_template_encodes_as_part2_says),
        cmocka_unit_test(test_sealed_data_template_with_policy_encodes_as_part2_says),
        cmocka_unit_test(test_pcr_selection_of_sha256_pcrs_0_to_7_encodes_as_part2_says),
        cmocka_unit_test(test_ecdsa_and_hmac_signatures_decode_from_part2_layout),
        cmocka_unit_test(test_null_arms_encode_as_the_selector_alone),
        cmocka_unit_test(test_xor_symmetric_definition_carries_a_hash_and_no_mode),
        cmocka_unit_test(test_capability_handles_body_decodes_from_part2_layout),
        cmocka_unit_test(test_quote_attestation_decodes_from_part2_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
