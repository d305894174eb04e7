/* test_encaps.c - labeled encapsulation (salts, credential and duplication seeds)
 * against every go-tpm RSA and ECC vector: with a random source that replays the
 * vector's draws, encaps must produce exactly its ciphertext and secret, and decaps
 * with its private part must recover the secret. Then the failures: wrong label,
 * tampered ciphertext, off-curve points, unsupported curves and key types.
 * argv[1] is the vectors directory (tests/vectors). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/crypto/vectors.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/cursor.h"
#include "tpm2lite/marshal.h"

static const char *vec_dir;
static vec_file vf;

/* A random source that hands out a script of bytes and fails when it runs out. */
typedef struct {
    uint8_t buf[256];
    size_t len, used;
} script_rng;

static TPM2_RC script_fn(void *arg, uint8_t *out, size_t n)
{
    script_rng *s = arg;
    if (n > s->len - s->used)
        return TPM2L_RC_CRYPTO(TPM2L_E_GENERAL);
    memcpy(out, s->buf + s->used, n);
    s->used += n;
    return TPM2_RC_SUCCESS;
}

typedef struct {
    TPMT_PUBLIC pub;
    TPMT_SENSITIVE priv;
    char label[32];
    uint8_t secret[64];
    size_t secret_len;
    TPM2B_ENCRYPTED_SECRET ct;
    script_rng rng;
} kat;

static void parse_kat(const vec_t *v, int rsa, kat *k)
{
    static uint8_t bytes[2048];
    tpm2l_rcur r;
    memset(k, 0, sizeof *k);
    size_t n = vec_hex(v, "PublicKey", bytes, sizeof bytes);
    tpm2l_rcur_init(&r, bytes, n);
    tpm2l_unmarshal_TPMT_PUBLIC(&r, &k->pub);
    assert_int_equal(tpm2l_rcur_finish(&r), 0);
    n = vec_hex(v, "PrivateKey", bytes, sizeof bytes);
    tpm2l_rcur_init(&r, bytes, n);
    tpm2l_unmarshal_TPMT_SENSITIVE(&r, &k->priv);
    assert_int_equal(tpm2l_rcur_finish(&r), 0);
    assert_true(strlen(vec_get(v, "Label")) < sizeof k->label);
    strcpy(k->label, vec_get(v, "Label"));
    k->secret_len = vec_hex(v, "Secret", k->secret, sizeof k->secret);
    k->ct.size = (uint16_t)vec_hex(v, "Ciphertext", k->ct.secret, sizeof k->ct.secret);
    /* The draws encaps makes, in its documented order. */
    if (rsa) {
        memcpy(k->rng.buf, k->secret, k->secret_len);
        k->rng.len = k->secret_len;
        k->rng.len += vec_hex(v, "OAEPSalt", k->rng.buf + k->rng.len,
                              sizeof k->rng.buf - k->rng.len);
    } else {
        k->rng.len = vec_hex(v, "EphemeralPrivate", k->rng.buf, sizeof k->rng.buf);
    }
}

static void run_kat_file(const char *file, int rsa)
{
    static kat k;
    tpm2l_crypto c;
    int passed = 0;
    vec_load(&vf, vec_dir, file);
    for (int i = 0; i < vf.n; i++) {
        const char *name = vec_get(&vf.v[i], "Name");
        uint8_t secret[64];
        size_t secret_len = 0;
        TPM2B_ENCRYPTED_SECRET out;
        parse_kat(&vf.v[i], rsa, &k);

        tpm2l_crypto_init(&c);
        c.rng = script_fn;
        c.rng_arg = &k.rng;
        TPM2_RC rc = tpm2l_encaps(&c, &k.pub, k.label, secret, sizeof secret, &secret_len, &out);
        if (rc)
            fail_msg("%s %s: encaps rc 0x%x", file, name, rc);
        if (secret_len != k.secret_len || memcmp(secret, k.secret, secret_len))
            fail_msg("%s %s: encaps secret differs", file, name);
        if (out.size != k.ct.size || memcmp(out.secret, k.ct.secret, out.size))
            fail_msg("%s %s: encaps ciphertext differs", file, name);
        assert_int_equal(k.rng.used, k.rng.len); /* drew exactly the vector's bytes */

        memset(secret, 0, sizeof secret);
        rc = tpm2l_decaps(&c, &k.pub, &k.priv, k.label, &k.ct, secret, sizeof secret,
                          &secret_len);
        if (rc || secret_len != k.secret_len || memcmp(secret, k.secret, secret_len))
            fail_msg("%s %s: decaps rc 0x%x or wrong secret", file, name, rc);
        tpm2l_crypto_release(&c);
        passed++;
    }
    print_message("%s: %d/%d vectors (encaps and decaps)\n", file, passed, vf.n);
    vec_free(&vf);
}

static void test_rsa_encaps_and_decaps_match_every_go_tpm_vector(void **state)
{
    (void)state;
    run_kat_file("rsa_labeled_encaps.json", 1);
}

static void test_ecc_encaps_and_decaps_match_every_go_tpm_vector(void **state)
{
    (void)state;
    run_kat_file("ecc_labeled_encaps.json", 0);
}

/* The first vector of file whose Name contains part. */
static void load_one(const char *file, const char *part, int rsa, kat *k)
{
    vec_load(&vf, vec_dir, file);
    for (int i = 0; i < vf.n; i++)
        if (strstr(vec_get(&vf.v[i], "Name"), part)) {
            parse_kat(&vf.v[i], rsa, k);
            vec_free(&vf);
            return;
        }
    vec_free(&vf);
    fail_msg("no vector %s in %s", part, file);
}

static TPM2_RC decaps(const kat *k, const char *label, const TPM2B_ENCRYPTED_SECRET *ct,
                      uint8_t *secret, size_t *len)
{
    memset(secret, 0x77, 64);
    *len = 99;
    return tpm2l_decaps(NULL, &k->pub, &k->priv, label, ct, secret, 64, len);
}

static void assert_wiped(const uint8_t *secret, size_t len)
{
    assert_int_equal(len, 0);
    for (size_t i = 0; i < 64; i++)
        assert_int_equal(secret[i], 0);
}

static TPM2_RC encaps_with(kat *k, script_rng *rng, uint8_t *secret, size_t *len,
                           TPM2B_ENCRYPTED_SECRET *out)
{
    tpm2l_crypto c;
    tpm2l_crypto_init(&c);
    c.rng = script_fn;
    c.rng_arg = rng;
    memset(secret, 0x77, 64);
    *len = 99;
    TPM2_RC rc = tpm2l_encaps(&c, &k->pub, k->label, secret, 64, len, out);
    tpm2l_crypto_release(&c);
    return rc;
}

static void test_rsa_decaps_with_the_wrong_label_fails(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len;
    load_one("rsa_labeled_encaps.json", "00_R_2048_SHA1_128", 1, &k);
    assert_string_equal(k.label, "DUPLICATE");
    assert_int_equal(decaps(&k, "DUPLICATE", &k.ct, secret, &len), 0);
    assert_int_equal(decaps(&k, "IDENTITY", &k.ct, secret, &len),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    assert_wiped(secret, len);
    /* The NUL is part of the label: "DUPLICATE" is not "DUPLICATE" without it, and an
     * extra character is not ignored either. */
    assert_int_equal(decaps(&k, "DUPLICATEX", &k.ct, secret, &len),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
}

static void test_ecc_decaps_with_the_wrong_label_gives_another_secret(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len;
    /* ECDH+KDFe has no integrity of its own (the TPM finds out later, through the HMAC
     * or integrity value keyed by the secret): a wrong label is a wrong secret. */
    load_one("ecc_labeled_encaps.json", "04_R_P256_SHA256_128", 0, &k);
    assert_string_equal(k.label, "SECRET");
    assert_int_equal(decaps(&k, "IDENTITY", &k.ct, secret, &len), 0);
    assert_int_equal(len, k.secret_len);
    assert_memory_not_equal(secret, k.secret, k.secret_len);
}

static void test_rsa_decaps_refuses_a_tampered_ciphertext(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len;
    TPM2B_ENCRYPTED_SECRET ct;
    load_one("rsa_labeled_encaps.json", "10_R_2048_SHA256_128", 1, &k);
    for (size_t at = 0; at < k.ct.size; at += 37) {
        ct = k.ct;
        ct.secret[at] ^= 0x10;
        assert_int_equal(decaps(&k, k.label, &ct, secret, &len),
                         TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
        assert_wiped(secret, len);
    }
    ct = k.ct;
    ct.size--; /* not the modulus size */
    assert_int_equal(decaps(&k, k.label, &ct, secret, &len), TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    memset(ct.secret, 0xFF, k.ct.size); /* >= n */
    ct.size = k.ct.size;
    assert_int_equal(decaps(&k, k.label, &ct, secret, &len), TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
}

static void test_ecc_decaps_refuses_a_tampered_or_malformed_point(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len;
    TPM2B_ENCRYPTED_SECRET ct;
    load_one("ecc_labeled_encaps.json", "22_R_P384_SHA384_128", 0, &k);
    assert_int_equal(decaps(&k, k.label, &k.ct, secret, &len), 0);
    /* A flipped bit in x or y leaves the point off the curve. */
    for (size_t at = 2; at < k.ct.size; at += 11) {
        if (at == 2 + 48 || at == 2 + 48 + 1)
            continue; /* y's size field: that is a framing error, tested below */
        ct = k.ct;
        ct.secret[at] ^= 0x01;
        assert_int_equal(decaps(&k, k.label, &ct, secret, &len),
                         TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
        assert_wiped(secret, len);
    }
    ct = k.ct;
    ct.secret[ct.size++] = 0; /* trailing byte */
    assert_int_equal(decaps(&k, k.label, &ct, secret, &len), TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    ct = k.ct;
    ct.size -= 1; /* truncated */
    assert_int_equal(decaps(&k, k.label, &ct, secret, &len), TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    ct.size = 0;
    assert_int_equal(decaps(&k, k.label, &ct, secret, &len), TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
}

static void test_ecc_encaps_refuses_a_key_point_off_the_curve(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len;
    TPM2B_ENCRYPTED_SECRET out;
    load_one("ecc_labeled_encaps.json", "04_R_P256_SHA256_128", 0, &k);
    k.pub.unique.ecc.y.buffer[31] ^= 1;
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    assert_wiped(secret, len);
    assert_int_equal(out.size, 0);
    assert_int_equal(k.rng.used, 0); /* refused before drawing anything */
    /* x + p (one byte longer than a coordinate) must not be reduced into a valid x. */
    k.pub.unique.ecc.y.buffer[31] ^= 1;
    k.pub.unique.ecc.x.size = 33;
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    /* The point at infinity has no affine encoding; all-zero coordinates are off P-256. */
    memset(&k.pub.unique.ecc, 0, sizeof k.pub.unique.ecc);
    k.pub.unique.ecc.x.size = k.pub.unique.ecc.y.size = 32;
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
}

static void test_ecc_encaps_refuses_a_coordinate_not_below_the_field_prime(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len;
    TPM2B_ENCRYPTED_SECRET out;
    load_one("ecc_labeled_encaps.json", "04_R_P256_SHA256_128", 0, &k);
    memset(k.pub.unique.ecc.x.buffer, 0xFF, 32); /* > p256 */
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
}

static void test_ecc_encaps_redraws_a_zero_or_too_large_scalar(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len;
    TPM2B_ENCRYPTED_SECRET out;
    script_rng rng;
    load_one("ecc_labeled_encaps.json", "04_R_P256_SHA256_128", 0, &k);
    memset(&rng, 0, sizeof rng);
    memset(rng.buf, 0xFF, 32);      /* >= the order: rejected */
    memset(rng.buf + 32, 0x00, 32); /* zero: rejected */
    memcpy(rng.buf + 64, k.rng.buf, k.rng.len);
    rng.len = 64 + k.rng.len;
    assert_int_equal(encaps_with(&k, &rng, secret, &len, &out), 0);
    assert_int_equal(rng.used, rng.len);
    assert_int_equal(out.size, k.ct.size);
    assert_memory_equal(out.secret, k.ct.secret, k.ct.size);
    assert_memory_equal(secret, k.secret, k.secret_len);
}

static void test_encaps_fails_cleanly_when_the_random_source_fails(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len;
    TPM2B_ENCRYPTED_SECRET out;
    load_one("rsa_labeled_encaps.json", "10_R_2048_SHA256_128", 1, &k);
    k.rng.len = 40; /* the secret, then only 8 of the seed's 32 bytes */
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_GENERAL));
    assert_wiped(secret, len);
    assert_int_equal(out.size, 0);
}

static void test_unsupported_curves_schemes_and_types_are_clear_errors(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len;
    TPM2B_ENCRYPTED_SECRET out;

    load_one("ecc_labeled_encaps.json", "04_R_P256_SHA256_128", 0, &k);
    k.pub.parameters.eccDetail.curveID = TPM2_ECC_BN_P256; /* OpenSSL has no BN curves */
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_NOT_SUPPORTED));
    k.pub.parameters.eccDetail.curveID = 0x0099; /* no such curve */
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR));
    k.pub.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
    k.pub.nameAlg = 0x0099;
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR));
    k.pub.type = TPM2_ALG_KEYEDHASH;
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR));

    load_one("rsa_labeled_encaps.json", "10_R_2048_SHA256_128", 1, &k);
    k.pub.parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSASSA;
    k.pub.parameters.rsaDetail.scheme.details.anySig.hashAlg = TPM2_ALG_SHA256;
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR));
    assert_int_equal(k.rng.used, 0);
    /* A public whose keyBits disagree with its modulus is malformed. */
    load_one("rsa_labeled_encaps.json", "10_R_2048_SHA256_128", 1, &k);
    k.pub.parameters.rsaDetail.keyBits = 3072;
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    /* The private part must belong to the public's type... */
    load_one("rsa_labeled_encaps.json", "10_R_2048_SHA256_128", 1, &k);
    k.priv.sensitiveType = TPM2_ALG_ECC;
    assert_int_equal(decaps(&k, k.label, &k.ct, secret, &len), TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG));
    /* ... and an RSA prime must divide the modulus. */
    k.priv.sensitiveType = TPM2_ALG_RSA;
    k.priv.sensitive.rsa.buffer[k.priv.sensitive.rsa.size - 1] ^= 2;
    assert_int_equal(decaps(&k, k.label, &k.ct, secret, &len), TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
}

static void test_encaps_refuses_a_secret_buffer_smaller_than_the_digest(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len = 5;
    TPM2B_ENCRYPTED_SECRET out;
    load_one("ecc_labeled_encaps.json", "04_R_P256_SHA256_128", 0, &k);
    assert_int_equal(tpm2l_encaps(NULL, &k.pub, k.label, secret, 31, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_INSUFFICIENT));
    assert_int_equal(len, 0);
    assert_int_equal(tpm2l_encaps(NULL, &k.pub, NULL, secret, sizeof secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG));
}

static void test_sizes_larger_than_their_buffers_are_refused_not_read(void **state)
{
    (void)state;
    static kat k;
    uint8_t secret[64];
    size_t len;
    TPM2B_ENCRYPTED_SECRET out;
    load_one("rsa_labeled_encaps.json", "10_R_2048_SHA256_128", 1, &k);
    k.priv.sensitive.rsa.size = 0xFFFF;
    assert_int_equal(decaps(&k, k.label, &k.ct, secret, &len), TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    k.pub.unique.rsa.size = 0xFFFF;
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    load_one("ecc_labeled_encaps.json", "04_R_P256_SHA256_128", 0, &k);
    k.ct.size = 0xFFFF;
    assert_int_equal(decaps(&k, k.label, &k.ct, secret, &len), TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    load_one("ecc_labeled_encaps.json", "04_R_P256_SHA256_128", 0, &k);
    k.priv.sensitive.ecc.size = 0xFFFF;
    assert_int_equal(decaps(&k, k.label, &k.ct, secret, &len), TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
    k.pub.unique.ecc.x.size = 0xFFFF;
    assert_int_equal(encaps_with(&k, &k.rng, secret, &len, &out),
                     TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE));
}

static void test_round_trip_with_openssl_randomness(void **state)
{
    (void)state;
    static kat k;
    static const char *const files[2] = {"rsa_labeled_encaps.json", "ecc_labeled_encaps.json"};
    static const char *const names[2] = {"98_U_4096_SHA512_SHA384", "30_R_P521_SHA1_128"};
    for (int i = 0; i < 2; i++) {
        uint8_t a[64], b[64];
        size_t alen, blen;
        TPM2B_ENCRYPTED_SECRET out;
        load_one(files[i], names[i], i == 0, &k);
        assert_int_equal(tpm2l_encaps(NULL, &k.pub, "SECRET", a, sizeof a, &alen, &out), 0);
        assert_int_equal(decaps(&k, "SECRET", &out, b, &blen), 0);
        assert_int_equal(alen, blen);
        assert_memory_equal(a, b, alen);
        assert_memory_not_equal(a, k.secret, alen); /* fresh, not the vector's */
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s VECTOR_DIR\n", argv[0]);
        return 2;
    }
    vec_dir = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsa_encaps_and_decaps_match_every_go_tpm_vector),
        cmocka_unit_test(test_ecc_encaps_and_decaps_match_every_go_tpm_vector),
        cmocka_unit_test(test_rsa_decaps_with_the_wrong_label_fails),
        cmocka_unit_test(test_ecc_decaps_with_the_wrong_label_gives_another_secret),
        cmocka_unit_test(test_rsa_decaps_refuses_a_tampered_ciphertext),
        cmocka_unit_test(test_ecc_decaps_refuses_a_tampered_or_malformed_point),
        cmocka_unit_test(test_ecc_encaps_refuses_a_key_point_off_the_curve),
        cmocka_unit_test(test_ecc_encaps_refuses_a_coordinate_not_below_the_field_prime),
        cmocka_unit_test(test_ecc_encaps_redraws_a_zero_or_too_large_scalar),
        cmocka_unit_test(test_encaps_fails_cleanly_when_the_random_source_fails),
        cmocka_unit_test(test_unsupported_curves_schemes_and_types_are_clear_errors),
        cmocka_unit_test(test_encaps_refuses_a_secret_buffer_smaller_than_the_digest),
        cmocka_unit_test(test_sizes_larger_than_their_buffers_are_refused_not_read),
        cmocka_unit_test(test_round_trip_with_openssl_randomness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
