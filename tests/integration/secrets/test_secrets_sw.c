/* test_secrets_sw.c - the library's software secret handling leaves nothing behind on
 * the stack or in the tpm2l_crypto it ran on: credential seeds and derived keys
 * (tpm2l_make_credential), duplication seeds and the private key being wrapped
 * (tpm2l_wrap_for_import), and auth strings (tpm2l_auth_parse, success and errors,
 * whose error text must not quote the secret either). No TPM needed.
 *
 * The seeds are learned through a recording random source on the tpm2l_crypto: the
 * first draw of an RSA encapsulation is the seed (encaps_rsa.c), the second its OAEP
 * seed. The derived keys are recomputed here with tpm2l_kdfa from the seed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "tests/integration/secrets/secrets_util.h"
#include "tpm2lite/authstr.h"
#include "tpm2lite/credential.h"

static rec_rng rng = {.state = 0x0123456789abcdefULL};
static tpm2l_crypto crypto;
static TPMT_PUBLIC storage_pub; /* an RSA-2048 storage-style public area, AES-128-CFB */

#define OK(call) assert_int_equal((call), 0)

static int setup(void **state)
{
    (void)state;
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    TPMT_SENSITIVE sens;
    if (!pkey)
        return -1;
    TPM2_RC rc = tpm2l_key_from_evp(pkey, TPM2_ALG_SHA256,
                                    TPMA_OBJECT_DECRYPT | TPMA_OBJECT_RESTRICTED, NULL,
                                    &storage_pub, &sens);
    EVP_PKEY_free(pkey);
    tpm2l_cleanse(&sens, sizeof sens);
    if (rc)
        return -1;
    storage_pub.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_AES;
    storage_pub.parameters.rsaDetail.symmetric.keyBits.aes = 128;
    storage_pub.parameters.rsaDetail.symmetric.mode.aes = TPM2_ALG_CFB;
    tpm2l_crypto_init(&crypto);
    crypto.rng = rec_rng_fn;
    crypto.rng_arg = &rng;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tpm2l_crypto_release(&crypto);
    return 0;
}

static void assert_crypto_clean(const char *when)
{
    if (secrets_scan("tpm2l_crypto", &crypto, sizeof crypto))
        fail_msg("secret left in the tpm2l_crypto after %s", when);
}

/* symKey and hmacKey of Part 1 §24 from a learned seed, as secrets to look for. The
 * outer HMAC of blob (TPM2B(HMAC) || encrypted part) must verify under that hmacKey:
 * proof that the seed was learned right, so the scan looks for the real bytes. */
static void add_derived(const uint8_t *seed, size_t seed_len, const TPM2B_NAME *name,
                        const uint8_t *blob, size_t blob_len)
{
    uint8_t sym[16], hmac[32], mac[32];
    tpm2l_hmac_state h;
    OK(tpm2l_kdfa(NULL, TPM2_ALG_SHA256, seed, seed_len, "STORAGE", name->name, name->size,
                  NULL, 0, 128, sym, sizeof sym));
    OK(tpm2l_kdfa(NULL, TPM2_ALG_SHA256, seed, seed_len, "INTEGRITY", NULL, 0, NULL, 0, 256,
                  hmac, sizeof hmac));
    assert_true(blob_len > 34 && blob[0] == 0 && blob[1] == 32);
    OK(tpm2l_hmac_start(NULL, &h, TPM2_ALG_SHA256, hmac, sizeof hmac));
    tpm2l_hmac_update(&h, blob + 34, blob_len - 34);
    tpm2l_hmac_update(&h, name->name, name->size);
    OK(tpm2l_hmac_finish(&h, mac, sizeof mac));
    assert_memory_equal(mac, blob + 2, 32);
    secret_add("symKey", sym, sizeof sym);
    secret_add("hmacKey", hmac, sizeof hmac);
    tpm2l_cleanse(sym, sizeof sym);
    tpm2l_cleanse(hmac, sizeof hmac);
}

static void test_make_credential_leaves_no_seed_or_key(void **state)
{
    (void)state;
    static const char cred[] = "CREDENTIAL-SW:5d1e0a77c3";
    TPM2B_DIGEST credential;
    TPM2B_NAME name;
    TPM2B_ID_OBJECT blob;
    TPM2B_ENCRYPTED_SECRET secret;
    credential.size = (uint16_t)strlen(cred);
    memcpy(credential.buffer, cred, credential.size);
    OK(tpm2l_name_from_public(&storage_pub, &name));

    secrets_clear();
    secret_add("credential", cred, strlen(cred));
    size_t first = rng.n;
    OK(tpm2l_make_credential(&crypto, &storage_pub, &credential, &name, &blob, &secret));
    stack_snapshot();
    assert_true(rng.n >= first + 2);
    secret_add("credential seed", rng.draw[first].b, rng.draw[first].len);
    secret_add("OAEP seed", rng.draw[first + 1].b, rng.draw[first + 1].len);
    add_derived(rng.draw[first].b, rng.draw[first].len, &name, blob.credential, blob.size);
    STACK_SCAN_LATER("tpm2l_make_credential");
    assert_crypto_clean("tpm2l_make_credential");
    tpm2l_cleanse(&credential, sizeof credential);
}

static void test_wrap_for_import_leaves_no_seed_or_private_key(void **state)
{
    (void)state;
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    TPMT_PUBLIC pub;
    TPMT_SENSITIVE sens;
    TPM2B_AUTH auth;
    TPM2B_PRIVATE dup;
    TPM2B_ENCRYPTED_SECRET seed;
    TPM2B_NAME name;
    static const char pw[] = "IMPORTED-KEY-AUTH:9c04";
    assert_non_null(pkey);
    auth.size = (uint16_t)strlen(pw);
    memcpy(auth.buffer, pw, auth.size);
    OK(tpm2l_key_from_evp(pkey, TPM2_ALG_SHA256, TPMA_OBJECT_SIGN_ENCRYPT |
                          TPMA_OBJECT_USERWITHAUTH, &auth, &pub, &sens));
    EVP_PKEY_free(pkey);
    OK(tpm2l_name_from_public(&pub, &name));

    secrets_clear();
    secret_add("imported key auth", pw, strlen(pw));
    secret_add("private scalar", sens.sensitive.ecc.buffer, sens.sensitive.ecc.size);
    size_t first = rng.n;
    OK(tpm2l_wrap_for_import(&crypto, &storage_pub, &sens, &pub, &dup, &seed));
    stack_snapshot();
    assert_true(rng.n >= first + 2);
    secret_add("duplication seed", rng.draw[first].b, rng.draw[first].len);
    secret_add("OAEP seed", rng.draw[first + 1].b, rng.draw[first + 1].len);
    add_derived(rng.draw[first].b, rng.draw[first].len, &name, dup.buffer, dup.size);
    STACK_SCAN_LATER("tpm2l_wrap_for_import");
    assert_crypto_clean("tpm2l_wrap_for_import");
    tpm2l_cleanse(&sens, sizeof sens);
    tpm2l_cleanse(&auth, sizeof auth);
}

static void test_auth_strings_leave_no_secret_not_even_in_errors(void **state)
{
    (void)state;
    static tpm2l_auth_spec spec;
    char err[256];
    static const char text[] = "AUTH-STRING:4be1f00d";
    static const char hex_bytes[] = "\x8a\x31\x5c\xe2\x07\x9b\x44\xd0\x6f\x13\xa8\x52";

    secrets_clear();
    secret_add("str: auth", text, strlen(text));
    secret_add("hex: auth", hex_bytes, sizeof hex_bytes - 1);

    OK(tpm2l_auth_parse("str:AUTH-STRING:4be1f00d", &spec, err, sizeof err));
    STACK_CLEAN("tpm2l_auth_parse(str:)");
    assert_memory_equal(spec.value.buffer, text, strlen(text));
    tpm2l_auth_spec_wipe(&spec);
    assert_int_equal(secrets_scan("auth spec after tpm2l_auth_spec_wipe", &spec, sizeof spec), 0);

    OK(tpm2l_auth_parse("hex:8a315ce2079b44d06f13a852", &spec, err, sizeof err));
    STACK_CLEAN("tpm2l_auth_parse(hex:)");
    assert_memory_equal(spec.value.buffer, hex_bytes, sizeof hex_bytes - 1);
    tpm2l_auth_spec_wipe(&spec);

    /* a bad digit at the end: the error must say where, not what the secret was */
    assert_int_not_equal(tpm2l_auth_parse("hex:8a315ce2079b44d06f13a85z", &spec, err,
                                          sizeof err), 0);
    STACK_CLEAN("tpm2l_auth_parse(hex:, refused)");
    secret_add("hex: digits", "8a315ce2079b44d0", 16);
    if (secrets_scan("error text", err, sizeof err))
        fail_msg("the error text quotes the secret: %s", err);
    tpm2l_auth_spec_wipe(&spec);

    /* too long: the same */
    char longpw[80];
    memset(longpw, 'Q', sizeof longpw - 1);
    longpw[sizeof longpw - 1] = '\0';
    memcpy(longpw, "TOO-LONG-SECRET:", 16);
    secret_add("long auth", longpw, 32);
    assert_int_not_equal(tpm2l_auth_parse(longpw, &spec, err, sizeof err), 0);
    if (secrets_scan("error text", err, sizeof err))
        fail_msg("the error text quotes the secret: %s", err);
    tpm2l_auth_spec_wipe(&spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_make_credential_leaves_no_seed_or_key),
        cmocka_unit_test(test_wrap_for_import_leaves_no_seed_or_private_key),
        cmocka_unit_test(test_auth_strings_leave_no_secret_not_even_in_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
