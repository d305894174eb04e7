/* test_attest_verify.c - software signature and attestation checks against keys and
 * signatures made here with OpenSSL (an independent signer), one failing check per
 * test, each expected to be reported as exactly that check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "tpm2lite/attest.h"
#include "tpm2lite/marshal.h"

typedef struct {
    EVP_PKEY *pkey;
    TPMT_PUBLIC pub;
} key_t_;

static key_t_ rsa, p256, p384;

static void to_public(key_t_ *k, TPM2_ECC_CURVE curve, size_t cs)
{
    memset(&k->pub, 0, sizeof k->pub);
    k->pub.nameAlg = TPM2_ALG_SHA256;
    k->pub.objectAttributes = TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_USERWITHAUTH;
    if (!curve) {
        BIGNUM *n = NULL;
        assert_int_equal(EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_N, &n), 1);
        k->pub.type = TPM2_ALG_RSA;
        k->pub.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
        k->pub.parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
        k->pub.parameters.rsaDetail.keyBits = 2048;
        k->pub.unique.rsa.size = 256;
        assert_int_equal(BN_bn2binpad(n, k->pub.unique.rsa.buffer, 256), 256);
        BN_free(n);
        return;
    }
    uint8_t pt[1 + 2 * 66];
    size_t len;
    assert_int_equal(EVP_PKEY_get_octet_string_param(k->pkey, OSSL_PKEY_PARAM_PUB_KEY, pt,
                                                     sizeof pt, &len),
                     1);
    assert_int_equal(len, 1 + 2 * cs);
    k->pub.type = TPM2_ALG_ECC;
    k->pub.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
    k->pub.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
    k->pub.parameters.eccDetail.curveID = curve;
    k->pub.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
    k->pub.unique.ecc.x.size = (uint16_t)cs;
    k->pub.unique.ecc.y.size = (uint16_t)cs;
    memcpy(k->pub.unique.ecc.x.buffer, pt + 1, cs);
    memcpy(k->pub.unique.ecc.y.buffer, pt + 1 + cs, cs);
}

static int setup(void **state)
{
    (void)state;
    rsa.pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    p256.pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    p384.pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
    if (!rsa.pkey || !p256.pkey || !p384.pkey)
        return -1;
    to_public(&rsa, 0, 0);
    to_public(&p256, TPM2_ECC_NIST_P256, 32);
    to_public(&p384, TPM2_ECC_NIST_P384, 48);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    EVP_PKEY_free(rsa.pkey);
    EVP_PKEY_free(p256.pkey);
    EVP_PKEY_free(p384.pkey);
    return 0;
}

static const char *md_name(TPM2_ALG_ID h)
{
    switch (h) {
    case TPM2_ALG_SHA1: return "SHA1";
    case TPM2_ALG_SHA256: return "SHA256";
    case TPM2_ALG_SHA384: return "SHA384";
    default: return "SHA512";
    }
}

/* sig = scheme(hash) signature by k over H_hash(data), made by OpenSSL. */
static void sign(const key_t_ *k, TPM2_ALG_ID scheme, TPM2_ALG_ID hash, const void *data,
                 size_t len, TPMT_SIGNATURE *sig)
{
    uint8_t d[64], out[600];
    size_t dl = tpm2l_hash_size(hash), ol = sizeof out;
    assert_int_equal(tpm2l_hash(NULL, hash, data, len, d, sizeof d), 0);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
    EVP_MD *md = EVP_MD_fetch(NULL, md_name(hash), NULL);
    assert_non_null(ctx);
    assert_non_null(md);
    assert_int_equal(EVP_PKEY_sign_init(ctx), 1);
    assert_int_equal(EVP_PKEY_CTX_set_signature_md(ctx, md), 1);
    if (scheme == TPM2_ALG_RSAPSS) {
        assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING), 1);
        assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST), 1);
    } else if (scheme == TPM2_ALG_RSASSA) {
        assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING), 1);
    }
    assert_int_equal(EVP_PKEY_sign(ctx, out, &ol, d, dl), 1);
    EVP_PKEY_CTX_free(ctx);
    EVP_MD_free(md);
    memset(sig, 0, sizeof *sig);
    sig->sigAlg = scheme;
    sig->signature.any.hashAlg = hash;
    if (scheme != TPM2_ALG_ECDSA) {
        sig->signature.rsassa.sig.size = (uint16_t)ol;
        memcpy(sig->signature.rsassa.sig.buffer, out, ol);
        return;
    }
    const uint8_t *p = out;
    ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)ol);
    assert_non_null(es);
    size_t cs = k->pub.unique.ecc.x.size;
    sig->signature.ecdsa.signatureR.size = (uint16_t)cs;
    sig->signature.ecdsa.signatureS.size = (uint16_t)cs;
    assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_r(es), sig->signature.ecdsa.signatureR.buffer,
                                  (int)cs),
                     (int)cs);
    assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_s(es), sig->signature.ecdsa.signatureS.buffer,
                                  (int)cs),
                     (int)cs);
    ECDSA_SIG_free(es);
}

static const char msg[] = "attested by libtpm2lite";

static void assert_verifies(const key_t_ *k, TPM2_ALG_ID scheme, TPM2_ALG_ID hash)
{
    TPMT_SIGNATURE sig;
    tpm2l_verify_result res;
    sign(k, scheme, hash, msg, sizeof msg, &sig);
    if (tpm2l_signature_verify(NULL, &k->pub, msg, sizeof msg, &sig, &res))
        fail_msg("scheme 0x%x hash 0x%x: %s", scheme, hash, res.detail);
}

static void test_rsassa_verifies_with_sha1_256_384_512(void **state)
{
    (void)state;
    assert_verifies(&rsa, TPM2_ALG_RSASSA, TPM2_ALG_SHA1);
    assert_verifies(&rsa, TPM2_ALG_RSASSA, TPM2_ALG_SHA256);
    assert_verifies(&rsa, TPM2_ALG_RSASSA, TPM2_ALG_SHA384);
    assert_verifies(&rsa, TPM2_ALG_RSASSA, TPM2_ALG_SHA512);
}

static void test_rsapss_verifies(void **state)
{
    (void)state;
    assert_verifies(&rsa, TPM2_ALG_RSAPSS, TPM2_ALG_SHA256);
    assert_verifies(&rsa, TPM2_ALG_RSAPSS, TPM2_ALG_SHA512);
}

static void test_ecdsa_verifies_on_p256_and_p384(void **state)
{
    (void)state;
    assert_verifies(&p256, TPM2_ALG_ECDSA, TPM2_ALG_SHA256);
    assert_verifies(&p256, TPM2_ALG_ECDSA, TPM2_ALG_SHA1);
    assert_verifies(&p384, TPM2_ALG_ECDSA, TPM2_ALG_SHA384);
}

static void expect_fail(TPM2_RC rc, const tpm2l_verify_result *res, TPM2_RC want_rc,
                        tpm2l_verify_check want)
{
    if (rc != want_rc || res->failed != want)
        fail_msg("got rc 0x%x check %s (%s), want rc 0x%x check %s", (unsigned)rc,
                 tpm2l_verify_check_str(res->failed), res->detail, (unsigned)want_rc,
                 tpm2l_verify_check_str(want));
    assert_true(res->detail[0] != '\0');
}

static void test_other_data_fails_the_signature_check(void **state)
{
    (void)state;
    TPMT_SIGNATURE sig;
    tpm2l_verify_result res;
    sign(&p256, TPM2_ALG_ECDSA, TPM2_ALG_SHA256, msg, sizeof msg, &sig);
    expect_fail(tpm2l_signature_verify(NULL, &p256.pub, msg, sizeof msg - 1, &sig, &res), &res,
                TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_SIGNATURE);
    sign(&rsa, TPM2_ALG_RSASSA, TPM2_ALG_SHA256, msg, sizeof msg, &sig);
    sig.signature.rsassa.sig.buffer[100] ^= 1;
    expect_fail(tpm2l_signature_verify(NULL, &rsa.pub, msg, sizeof msg, &sig, &res), &res,
                TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_SIGNATURE);
}

static void test_another_key_fails_the_signature_check(void **state)
{
    (void)state;
    TPMT_SIGNATURE sig;
    tpm2l_verify_result res;
    key_t_ other = {EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"), {0}};
    assert_non_null(other.pkey);
    to_public(&other, TPM2_ECC_NIST_P256, 32);
    sign(&other, TPM2_ALG_ECDSA, TPM2_ALG_SHA256, msg, sizeof msg, &sig);
    EVP_PKEY_free(other.pkey);
    expect_fail(tpm2l_signature_verify(NULL, &p256.pub, msg, sizeof msg, &sig, &res), &res,
                TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_SIGNATURE);
}

static void test_scheme_other_than_the_keys_is_refused(void **state)
{
    (void)state;
    TPMT_SIGNATURE sig;
    tpm2l_verify_result res;
    key_t_ k = rsa;
    k.pub.parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSASSA;
    k.pub.parameters.rsaDetail.scheme.details.rsassa.hashAlg = TPM2_ALG_SHA256;
    sign(&k, TPM2_ALG_RSAPSS, TPM2_ALG_SHA256, msg, sizeof msg, &sig);
    expect_fail(tpm2l_signature_verify(NULL, &k.pub, msg, sizeof msg, &sig, &res), &res,
                TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_SCHEME);
    sign(&k, TPM2_ALG_RSASSA, TPM2_ALG_SHA384, msg, sizeof msg, &sig);
    expect_fail(tpm2l_signature_verify(NULL, &k.pub, msg, sizeof msg, &sig, &res), &res,
                TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_SCHEME);
    sign(&k, TPM2_ALG_RSASSA, TPM2_ALG_SHA256, msg, sizeof msg, &sig);
    assert_int_equal(tpm2l_signature_verify(NULL, &k.pub, msg, sizeof msg, &sig, &res), 0);
}

static void test_null_signature_never_verifies(void **state)
{
    (void)state;
    TPMT_SIGNATURE sig;
    tpm2l_verify_result res;
    memset(&sig, 0, sizeof sig);
    sig.sigAlg = TPM2_ALG_NULL;
    expect_fail(tpm2l_signature_verify(NULL, &p256.pub, msg, sizeof msg, &sig, &res), &res,
                TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_SIGNATURE);
}

static void test_point_off_the_curve_is_a_key_error(void **state)
{
    (void)state;
    TPMT_SIGNATURE sig;
    tpm2l_verify_result res;
    key_t_ k = p256;
    k.pub.unique.ecc.y.buffer[31] ^= 1;
    sign(&p256, TPM2_ALG_ECDSA, TPM2_ALG_SHA256, msg, sizeof msg, &sig);
    expect_fail(tpm2l_signature_verify(NULL, &k.pub, msg, sizeof msg, &sig, &res), &res,
                TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_KEY);
}

static void test_wrong_digest_size_is_bad_arg(void **state)
{
    (void)state;
    TPMT_SIGNATURE sig;
    tpm2l_verify_result res;
    uint8_t d[20] = {0};
    sign(&p256, TPM2_ALG_ECDSA, TPM2_ALG_SHA256, msg, sizeof msg, &sig);
    expect_fail(tpm2l_signature_verify_digest(NULL, &p256.pub, d, sizeof d, &sig, &res), &res,
                TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG), TPM2L_VERIFY_BAD_ARG);
}

/* Part 1 §16: QN = nameAlg || H(parent QN || name); a primary's parent QN is the
 * hierarchy handle. */
static void test_qualified_name_hashes_parent_qn_then_name(void **state)
{
    (void)state;
    TPM2B_NAME parent, name, qn;
    uint8_t buf[4 + 34], want[32];
    assert_int_equal(tpm2l_name_from_handle(TPM2_RH_ENDORSEMENT, &parent), 0);
    assert_int_equal(tpm2l_name_from_public(&p256.pub, &name), 0);
    assert_int_equal(tpm2l_qualified_name(NULL, &parent, &name, &qn), 0);
    memcpy(buf, parent.name, 4);
    memcpy(buf + 4, name.name, 34);
    assert_int_equal(tpm2l_hash(NULL, TPM2_ALG_SHA256, buf, sizeof buf, want, sizeof want), 0);
    assert_int_equal(qn.size, 34);
    assert_int_equal(qn.name[0], 0x00);
    assert_int_equal(qn.name[1], 0x0b);
    assert_memory_equal(qn.name + 2, want, 32);
    name.size = 5;
    assert_int_equal(tpm2l_qualified_name(NULL, &parent, &name, &qn),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR));
}

/* ---- attestations built here, as the TPM would, and signed by OpenSSL ---- */

static TPMS_ATTEST att;
static TPM2B_ATTEST blob;
static TPMT_SIGNATURE asig;
static TPM2B_DATA nonce;
static TPM2B_NAME signer_qn, certified, certified_qn;
static TPML_PCR_SELECTION sel;
static uint8_t pcrs[64];

static void seal_attest(void)
{
    tpm2l_wcur w;
    size_t n;
    tpm2l_wcur_init(&w, blob.attestationData, sizeof blob.attestationData);
    tpm2l_marshal_TPMS_ATTEST(&w, &att);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), 0);
    blob.size = (uint16_t)n;
    sign(&p256, TPM2_ALG_ECDSA, TPM2_ALG_SHA256, blob.attestationData, n, &asig);
}

static void make_certify(void)
{
    memset(&att, 0, sizeof att);
    memset(&nonce, 0, sizeof nonce);
    nonce.size = 32;
    memset(nonce.buffer, 0x5a, 32);
    signer_qn.size = 34;
    memset(signer_qn.name, 0x11, 34);
    certified.size = 34;
    memset(certified.name, 0x22, 34);
    certified_qn.size = 34;
    memset(certified_qn.name, 0x33, 34);
    att.magic = TPM2_GENERATED_VALUE;
    att.type = TPM2_ST_ATTEST_CERTIFY;
    att.qualifiedSigner = signer_qn;
    memcpy(&att.extraData, &nonce, sizeof nonce);
    att.clockInfo.clock = 12345;
    att.attested.certify.name = certified;
    att.attested.certify.qualifiedName = certified_qn;
    seal_attest();
}

static tpm2l_attest_expect certify_expect(void)
{
    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_CERTIFY;
    e.extraData = &nonce;
    e.qualifiedSigner = &signer_qn;
    e.name = &certified;
    e.qualifiedName = &certified_qn;
    return e;
}

/* p256 as a restricted signing key, as an attestation key must be. */
static TPM2_RC verify(const tpm2l_attest_expect *e, tpm2l_verify_result *res)
{
    static TPMS_ATTEST out;
    TPMT_PUBLIC ak = p256.pub;
    ak.objectAttributes |= TPMA_OBJECT_RESTRICTED;
    return tpm2l_attest_verify(NULL, &ak, &blob, &asig, e, &out, res);
}

static void test_certify_with_every_field_as_expected_verifies(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_certify();
    tpm2l_attest_expect e = certify_expect();
    if (verify(&e, &res))
        fail_msg("%s", res.detail);
    assert_int_equal(res.failed, TPM2L_VERIFY_OK);
}

static void test_unrestricted_signer_is_refused_unless_allowed(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_certify();
    tpm2l_attest_expect e = certify_expect();
    expect_fail(tpm2l_attest_verify(NULL, &p256.pub, &blob, &asig, &e, NULL, &res), &res,
                TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_KEY);
    e.unrestricted_signer_ok = 1;
    assert_int_equal(tpm2l_attest_verify(NULL, &p256.pub, &blob, &asig, &e, NULL, &res), 0);
    TPMT_PUBLIC decrypt_only = p256.pub;
    decrypt_only.objectAttributes = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
    expect_fail(tpm2l_attest_verify(NULL, &decrypt_only, &blob, &asig, &e, NULL, &res), &res,
                TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_KEY);
}

static void test_flipped_attest_byte_fails_the_signature(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_certify();
    blob.attestationData[blob.size - 1] ^= 0x80;
    tpm2l_attest_expect e = certify_expect();
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                TPM2L_VERIFY_SIGNATURE);
}

static void test_flipped_signature_byte_fails_the_signature(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_certify();
    asig.signature.ecdsa.signatureS.buffer[5] ^= 1;
    tpm2l_attest_expect e = certify_expect();
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                TPM2L_VERIFY_SIGNATURE);
}

static void test_other_extra_data_is_reported_as_extra_data(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    TPM2B_DATA other;
    make_certify();
    memcpy(&other, &nonce, sizeof other);
    other.buffer[0] ^= 1;
    tpm2l_attest_expect e = certify_expect();
    e.extraData = &other;
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                TPM2L_VERIFY_EXTRA_DATA);
}

static void test_missing_extra_data_expectation_is_bad_arg(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_certify();
    tpm2l_attest_expect e = certify_expect();
    e.extraData = NULL;
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG), TPM2L_VERIFY_BAD_ARG);
}

static void test_other_certified_name_is_reported_as_name(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    TPM2B_NAME other = certified;
    make_certify();
    other.name[33] ^= 1;
    tpm2l_attest_expect e = certify_expect();
    e.name = &other;
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_NAME_MISMATCH),
                TPM2L_VERIFY_NAME);
    e = certify_expect();
    e.qualifiedName = &other;
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_NAME_MISMATCH),
                TPM2L_VERIFY_QUALIFIED_NAME);
}

static void test_other_signer_is_reported_as_qualified_signer(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    TPM2B_NAME other = signer_qn;
    make_certify();
    other.size = 33;
    tpm2l_attest_expect e = certify_expect();
    e.qualifiedSigner = &other;
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_NAME_MISMATCH),
                TPM2L_VERIFY_SIGNER);
}

static void test_other_type_is_reported_as_type(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_certify();
    tpm2l_attest_expect e = certify_expect();
    e.type = TPM2_ST_ATTEST_QUOTE;
    e.pcrSelect = &sel;
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_TYPE);
}

/* What Sign over attacker-chosen bytes would give: a valid signature, no magic. */
static void test_signed_data_without_the_magic_is_refused(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_certify();
    att.magic = 0x00544347;
    seal_attest();
    tpm2l_attest_expect e = certify_expect();
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE), TPM2L_VERIFY_MAGIC);
}

static void test_signed_trailing_bytes_do_not_parse(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_certify();
    blob.attestationData[blob.size++] = 0;
    sign(&p256, TPM2_ALG_ECDSA, TPM2_ALG_SHA256, blob.attestationData, blob.size, &asig);
    tpm2l_attest_expect e = certify_expect();
    expect_fail(verify(&e, &res), &res, TPM2L_RC_MARSHAL_TRAILING, TPM2L_VERIFY_PARSE);
}

static void test_signed_attestation_of_unknown_type_does_not_parse(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_certify();
    /* type is the 2 bytes after magic: 0x8017 -> 0x8099, which TPMU_ATTEST lacks */
    blob.attestationData[5] = 0x99;
    sign(&p256, TPM2_ALG_ECDSA, TPM2_ALG_SHA256, blob.attestationData, blob.size, &asig);
    tpm2l_attest_expect e = certify_expect();
    expect_fail(verify(&e, &res), &res, TPM2L_RC_MARSHAL_SELECTOR, TPM2L_VERIFY_PARSE);
    /* cut inside the certified qualified name */
    make_certify();
    blob.size -= 3;
    sign(&p256, TPM2_ALG_ECDSA, TPM2_ALG_SHA256, blob.attestationData, blob.size, &asig);
    expect_fail(verify(&e, &res), &res, TPM2L_RC_MARSHAL_TRUNCATED, TPM2L_VERIFY_PARSE);
}

static void make_quote(void)
{
    make_certify();
    memset(&sel, 0, sizeof sel);
    sel.count = 1;
    sel.pcrSelections[0].hash = TPM2_ALG_SHA256;
    sel.pcrSelections[0].sizeofSelect = 3;
    sel.pcrSelections[0].pcrSelect[0] = 0x01;  /* PCR 0 */
    sel.pcrSelections[0].pcrSelect[2] = 0x80;  /* PCR 23 */
    memset(pcrs, 0, 32);
    memset(pcrs + 32, 0xee, 32);
    att.type = TPM2_ST_ATTEST_QUOTE;
    memset(&att.attested, 0, sizeof att.attested);
    att.attested.quote.pcrSelect = sel;
    att.attested.quote.pcrDigest.size = 32;
    assert_int_equal(tpm2l_hash(NULL, TPM2_ALG_SHA256, pcrs, 64,
                                att.attested.quote.pcrDigest.buffer, 32),
                     0);
    seal_attest();
}

static tpm2l_attest_expect quote_expect(void)
{
    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_QUOTE;
    e.extraData = &nonce;
    e.qualifiedSigner = &signer_qn;
    e.pcrSelect = &sel;
    e.pcrValues = pcrs;
    e.pcrValues_len = 64;
    return e;
}

static void test_quote_of_the_expected_pcr_values_verifies(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_quote();
    tpm2l_attest_expect e = quote_expect();
    if (verify(&e, &res))
        fail_msg("%s", res.detail);
}

static void test_quote_of_other_pcr_values_is_reported_as_pcr_digest(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_quote();
    pcrs[40] ^= 1;
    tpm2l_attest_expect e = quote_expect();
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                TPM2L_VERIFY_PCR_DIGEST);
}

static void test_quote_of_another_selection_is_reported_as_pcr_select(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_quote();
    TPML_PCR_SELECTION other = sel;
    other.pcrSelections[0].pcrSelect[2] = 0x40;
    tpm2l_attest_expect e = quote_expect();
    e.pcrSelect = &other;
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE),
                TPM2L_VERIFY_PCR_SELECT);
    /* A shorter sizeofSelect with the same PCRs is the same selection. */
    other = sel;
    other.pcrSelections[0].sizeofSelect = 4;
    e.pcrSelect = &other;
    assert_int_equal(verify(&e, &res), 0);
}

static void test_quote_with_too_few_pcr_values_is_bad_arg(void **state)
{
    (void)state;
    tpm2l_verify_result res;
    make_quote();
    tpm2l_attest_expect e = quote_expect();
    e.pcrValues_len = 32;
    expect_fail(verify(&e, &res), &res, TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG), TPM2L_VERIFY_BAD_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsassa_verifies_with_sha1_256_384_512),
        cmocka_unit_test(test_rsapss_verifies),
        cmocka_unit_test(test_ecdsa_verifies_on_p256_and_p384),
        cmocka_unit_test(test_other_data_fails_the_signature_check),
        cmocka_unit_test(test_another_key_fails_the_signature_check),
        cmocka_unit_test(test_scheme_other_than_the_keys_is_refused),
        cmocka_unit_test(test_null_signature_never_verifies),
        cmocka_unit_test(test_point_off_the_curve_is_a_key_error),
        cmocka_unit_test(test_wrong_digest_size_is_bad_arg),
        cmocka_unit_test(test_qualified_name_hashes_parent_qn_then_name),
        cmocka_unit_test(test_certify_with_every_field_as_expected_verifies),
        cmocka_unit_test(test_unrestricted_signer_is_refused_unless_allowed),
        cmocka_unit_test(test_flipped_attest_byte_fails_the_signature),
        cmocka_unit_test(test_flipped_signature_byte_fails_the_signature),
        cmocka_unit_test(test_other_extra_data_is_reported_as_extra_data),
        cmocka_unit_test(test_missing_extra_data_expectation_is_bad_arg),
        cmocka_unit_test(test_other_certified_name_is_reported_as_name),
        cmocka_unit_test(test_other_signer_is_reported_as_qualified_signer),
        cmocka_unit_test(test_other_type_is_reported_as_type),
        cmocka_unit_test(test_signed_data_without_the_magic_is_refused),
        cmocka_unit_test(test_signed_trailing_bytes_do_not_parse),
        cmocka_unit_test(test_signed_attestation_of_unknown_type_does_not_parse),
        cmocka_unit_test(test_quote_of_the_expected_pcr_values_verifies),
        cmocka_unit_test(test_quote_of_other_pcr_values_is_reported_as_pcr_digest),
        cmocka_unit_test(test_quote_of_another_selection_is_reported_as_pcr_select),
        cmocka_unit_test(test_quote_with_too_few_pcr_values_is_bad_arg),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
