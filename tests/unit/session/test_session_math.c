/* test_session_math.c - the session layer's maths (src/session/) against a second,
 * plain implementation on OpenSSL (ref.c) and against the rules of sessions.md:
 * trimmed authValues, sessionKey, cpHash/rpHash, which key each HMAC uses, CFB and XOR
 * parameter encryption in both directions, and the audit digest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "src/session/session_int.h"
#include "tests/unit/session/ref.h"

static tpm2l_session s;

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed + 7 * i);
}

static TPM2B_AUTH auth_of(const uint8_t *p, size_t n)
{
    TPM2B_AUTH a;
    memset(&a, 0, sizeof a);
    a.size = (uint16_t)n;
    memcpy(a.buffer, p, n);
    return a;
}

/* An HMAC session with SHA-256, nonces and a sessionKey of recognisable bytes. */
static int setup(void **state)
{
    (void)state;
    memset(&s, 0, sizeof s);
    s.handle = 0x02000000;
    s.type = TPM2_SE_HMAC;
    s.authHash = TPM2_ALG_SHA256;
    s.nonceCaller.size = 32;
    fill(s.nonceCaller.buffer, 32, 0x10);
    s.nonceTPM.size = 32;
    fill(s.nonceTPM.buffer, 32, 0x80);
    s.sessionKey.size = 32;
    fill(s.sessionKey.buffer, 32, 0xA0);
    s.symmetric.algorithm = TPM2_ALG_AES;
    s.symmetric.keyBits.aes = 128;
    s.symmetric.mode.aes = TPM2_ALG_CFB;
    return 0;
}

static void test_auth_01_00_02_00_is_trimmed_to_01_00_02(void **state)
{
    (void)state;
    static const uint8_t a[] = {1, 0, 2, 0};
    assert_int_equal(tpm2l_auth_trimmed_len(a, 4), 3);
    static const uint8_t z[] = {0, 0, 0};
    assert_int_equal(tpm2l_auth_trimmed_len(z, 3), 0);
    assert_int_equal(tpm2l_auth_trimmed_len(a, 0), 0);
}

static void test_session_key_is_kdfa_of_trimmed_bind_auth_and_salt(void **state)
{
    (void)state;
    static const uint8_t bind[] = {1, 0, 2, 0, 0};
    uint8_t salt[32], key[64], want[32];
    fill(salt, sizeof salt, 0x33);
    s.bound = s.salted = 1;
    assert_int_equal(tpm2l_session_derive_key(NULL, &s, bind, sizeof bind, salt, sizeof salt), 0);
    memcpy(key, bind, 3); /* trimmed: 01 00 02 */
    memcpy(key + 3, salt, 32);
    /* nonceTPM first, then nonceCaller (Part 1 §19.6.11). */
    ref_kdfa("SHA256", key, 35, "ATH", s.nonceTPM.buffer, 32, s.nonceCaller.buffer, 32, 256,
             want);
    assert_int_equal(s.sessionKey.size, 32);
    assert_memory_equal(s.sessionKey.buffer, want, 32);
}

static void test_session_key_of_an_unbound_unsalted_session_is_empty(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_session_derive_key(NULL, &s, NULL, 0, NULL, 0), 0);
    assert_int_equal(s.sessionKey.size, 0);
}

static void test_session_key_bound_to_an_empty_auth_is_kdfa_of_an_empty_key(void **state)
{
    (void)state;
    uint8_t want[48];
    s.authHash = TPM2_ALG_SHA384;
    s.bound = 1;
    assert_int_equal(tpm2l_session_derive_key(NULL, &s, (const uint8_t *)"\0\0", 2, NULL, 0), 0);
    ref_kdfa("SHA384", "", 0, "ATH", s.nonceTPM.buffer, 32, s.nonceCaller.buffer, 32, 384, want);
    assert_int_equal(s.sessionKey.size, 48);
    assert_memory_equal(s.sessionKey.buffer, want, 48);
}

static void test_cp_hash_is_the_hash_of_cc_names_and_params(void **state)
{
    (void)state;
    TPM2B_NAME n1, n2;
    const TPM2B_NAME *names[2] = {&n1, &n2};
    uint8_t params[40], want[64];
    TPM2B_DIGEST got;
    assert_int_equal(tpm2l_name_from_handle(TPM2_RH_OWNER, &n1), 0);
    n2.size = 34;
    n2.name[0] = 0x00;
    n2.name[1] = 0x0B;
    fill(n2.name + 2, 32, 0x44);
    fill(params, sizeof params, 0x55);
    buf_t m = {.n = 0};
    buf_u32(&m, TPM2_CC_NV_Write);
    buf_add(&m, n1.name, n1.size); /* no size prefixes */
    buf_add(&m, n2.name, n2.size);
    buf_add(&m, params, sizeof params);
    static const struct {
        TPMI_ALG_HASH alg;
        const char *md;
    } algs[] = {{TPM2_ALG_SHA1, "SHA1"},
                {TPM2_ALG_SHA256, "SHA256"},
                {TPM2_ALG_SHA384, "SHA384"},
                {TPM2_ALG_SHA512, "SHA512"}};
    for (size_t i = 0; i < 4; i++) {
        size_t n = ref_hash(algs[i].md, m.b, m.n, want);
        assert_int_equal(tpm2l_cp_hash(NULL, algs[i].alg, TPM2_CC_NV_Write, names, 2, params,
                                       sizeof params, &got),
                         0);
        assert_int_equal(got.size, n);
        assert_memory_equal(got.buffer, want, n);
    }
}

static void test_rp_hash_starts_with_a_zero_response_code(void **state)
{
    (void)state;
    uint8_t params[10], want[32];
    TPM2B_DIGEST got;
    fill(params, sizeof params, 1);
    buf_t m = {.n = 0};
    buf_u32(&m, 0);
    buf_u32(&m, TPM2_CC_GetRandom);
    buf_add(&m, params, sizeof params);
    ref_hash("SHA256", m.b, m.n, want);
    assert_int_equal(tpm2l_rp_hash(NULL, TPM2_ALG_SHA256, TPM2_CC_GetRandom, params, 10, &got), 0);
    assert_memory_equal(got.buffer, want, 32);
}

/* The reference command HMAC: key sessionKey || key_tail, then the fields in order. */
static void ref_cmd_hmac(const uint8_t *key_tail, size_t tail_len, const TPM2B_DIGEST *cp,
                         const TPM2B_NONCE *dec, const TPM2B_NONCE *enc, uint8_t attrs,
                         uint8_t *out)
{
    buf_t k = {.n = 0}, m = {.n = 0};
    buf_add(&k, s.sessionKey.buffer, s.sessionKey.size);
    buf_add(&k, key_tail, tail_len);
    buf_add(&m, cp->buffer, cp->size);
    buf_add(&m, s.nonceCaller.buffer, s.nonceCaller.size);
    buf_add(&m, s.nonceTPM.buffer, s.nonceTPM.size);
    if (dec)
        buf_add(&m, dec->buffer, dec->size);
    if (enc)
        buf_add(&m, enc->buffer, enc->size);
    buf_u8(&m, attrs);
    ref_hmac("SHA256", k.b, k.n, m.b, m.n, out);
}

static void test_command_hmac_key_is_session_key_and_trimmed_auth(void **state)
{
    (void)state;
    static const uint8_t a[] = {1, 0, 2, 0};
    TPM2B_AUTH auth = auth_of(a, 4);
    TPM2B_DIGEST cp, got;
    uint8_t want[32];
    cp.size = 32;
    fill(cp.buffer, 32, 9);
    assert_int_equal(tpm2l_session_cmd_hmac(NULL, &s, &auth, &cp, NULL, NULL, 0x01, &got), 0);
    ref_cmd_hmac(a, 3, &cp, NULL, NULL, 0x01, want);
    assert_memory_equal(got.buffer, want, 32);
}

static void test_command_hmac_of_session_0_covers_other_sessions_nonces(void **state)
{
    (void)state;
    TPM2B_NONCE dec, enc;
    TPM2B_DIGEST cp, got;
    uint8_t want[32];
    cp.size = 32;
    fill(cp.buffer, 32, 9);
    dec.size = 20;
    fill(dec.buffer, 20, 0xD0);
    enc.size = 16;
    fill(enc.buffer, 16, 0xE0);
    assert_int_equal(tpm2l_session_cmd_hmac(NULL, &s, NULL, &cp, &dec, &enc, 0x61, &got), 0);
    ref_cmd_hmac(NULL, 0, &cp, &dec, &enc, 0x61, want);
    assert_memory_equal(got.buffer, want, 32);
}

static void test_response_hmac_has_new_nonce_tpm_first(void **state)
{
    (void)state;
    static const uint8_t a[] = {'p', 'w'};
    TPM2B_AUTH auth = auth_of(a, 2);
    TPM2B_DIGEST rp, got;
    uint8_t nonce[32], want[32];
    rp.size = 32;
    fill(rp.buffer, 32, 3);
    fill(nonce, 32, 0x99);
    assert_int_equal(tpm2l_session_rsp_hmac(NULL, &s, &auth, &rp, nonce, 32, 0x41, &got), 0);
    buf_t k = {.n = 0}, m = {.n = 0};
    buf_add(&k, s.sessionKey.buffer, 32);
    buf_add(&k, a, 2);
    buf_add(&m, rp.buffer, 32);
    buf_add(&m, nonce, 32);
    buf_add(&m, s.nonceCaller.buffer, 32);
    buf_u8(&m, 0x41);
    ref_hmac("SHA256", k.b, k.n, m.b, m.n, want);
    assert_memory_equal(got.buffer, want, 32);
}

static void test_bound_session_on_its_own_entity_leaves_the_auth_out(void **state)
{
    (void)state;
    static const uint8_t a[] = {'o', 'w', 'n', 0};
    TPM2B_AUTH auth = auth_of(a, 4), trimmed = auth_of(a, 3), other = auth_of(a, 2);
    TPM2B_NAME owner, endorsement;
    int inc = -1;
    tpm2l_name_from_handle(TPM2_RH_OWNER, &owner);
    tpm2l_name_from_handle(TPM2_RH_ENDORSEMENT, &endorsement);
    s.bound = 1;
    s.bind_name = owner;
    assert_int_equal(tpm2l_session_auth_digest(NULL, s.authHash, &auth, &s.bind_auth_digest), 0);

    assert_int_equal(tpm2l_session_includes_auth(NULL, &s, &owner, &trimmed, &inc), 0);
    assert_int_equal(inc, 0); /* same entity, same (trimmed) authValue */
    assert_int_equal(tpm2l_session_includes_auth(NULL, &s, &endorsement, &auth, &inc), 0);
    assert_int_equal(inc, 1); /* another entity */
    assert_int_equal(tpm2l_session_includes_auth(NULL, &s, &owner, &other, &inc), 0);
    assert_int_equal(inc, 1); /* the bind entity after its authValue changed */
    assert_int_equal(tpm2l_session_includes_auth(NULL, &s, NULL, NULL, &inc), 0);
    assert_int_equal(inc, 0); /* authorises nothing */
}

static void test_policy_session_includes_the_auth_only_after_auth_value_or_password(void **state)
{
    (void)state;
    static const uint8_t a[] = {'x', 0, 0};
    TPM2B_AUTH auth = auth_of(a, 3);
    TPM2B_NAME owner;
    int inc = -1;
    tpm2l_name_from_handle(TPM2_RH_OWNER, &owner);
    s.type = TPM2_SE_POLICY;
    assert_int_equal(tpm2l_session_includes_auth(NULL, &s, &owner, &auth, &inc), 0);
    assert_int_equal(inc, 0);
    assert_int_equal(tpm2l_session_hmac_len(&s, &auth), 32);
    s.policy_auth_value = 1;
    assert_int_equal(tpm2l_session_includes_auth(NULL, &s, &owner, &auth, &inc), 0);
    assert_int_equal(inc, 1);
    s.policy_auth_value = 0;
    s.policy_password = 1;
    assert_int_equal(tpm2l_session_includes_auth(NULL, &s, &owner, &auth, &inc), 0);
    assert_int_equal(inc, 1);
    assert_int_equal(tpm2l_session_hmac_len(&s, &auth), 1); /* the trimmed password */
}

/* CFB reference: KDFa(sessionValue, "CFB", newer, older, bits + 128). */
static void ref_cfb(const uint8_t *value, size_t value_len, const TPM2B_NONCE *newer,
                    const TPM2B_NONCE *older, size_t key_bytes, int encrypt, uint8_t *buf,
                    size_t n)
{
    uint8_t kiv[48];
    ref_kdfa("SHA256", value, value_len, "CFB", newer->buffer, newer->size, older->buffer,
             older->size, (uint32_t)(8 * key_bytes + 128), kiv);
    ref_aes_cfb(encrypt, kiv, key_bytes, kiv + key_bytes, buf, n);
}

static void test_cfb_key_comes_from_session_key_and_trimmed_auth(void **state)
{
    (void)state;
    static const uint8_t a[] = {1, 0, 2, 0};
    TPM2B_AUTH auth = auth_of(a, 4);
    uint8_t data[37], want[37], value[64];
    fill(data, sizeof data, 0x21);
    memcpy(want, data, sizeof data);
    assert_int_equal(tpm2l_session_param_crypt(NULL, &s, &auth, 1, data, sizeof data), 0);
    memcpy(value, s.sessionKey.buffer, 32);
    memcpy(value + 32, a, 3);
    /* command direction: newer = nonceCaller, older = nonceTPM */
    ref_cfb(value, 35, &s.nonceCaller, &s.nonceTPM, 16, 1, want, sizeof want);
    assert_memory_equal(data, want, sizeof data);
}

static void test_cfb_response_direction_uses_nonce_tpm_first_and_decrypts(void **state)
{
    (void)state;
    uint8_t plain[50], data[50];
    fill(plain, sizeof plain, 0x61);
    memcpy(data, plain, sizeof data);
    s.symmetric.keyBits.aes = 256;
    /* what the TPM does: encrypt with newer = nonceTPM, older = nonceCaller */
    ref_cfb(s.sessionKey.buffer, 32, &s.nonceTPM, &s.nonceCaller, 32, 1, data, sizeof data);
    assert_int_equal(tpm2l_session_param_crypt(NULL, &s, NULL, 0, data, sizeof data), 0);
    assert_memory_equal(data, plain, sizeof plain);
}

static void test_xor_mask_is_kdfa_over_the_whole_length(void **state)
{
    (void)state;
    static const size_t lens[] = {1, 31, 32, 33, 64, 65, 700};
    s.symmetric.algorithm = TPM2_ALG_XOR;
    s.symmetric.keyBits.exclusiveOr = TPM2_ALG_SHA256;
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        uint8_t data[700], mask[704];
        memset(data, 0, sizeof data);
        assert_int_equal(tpm2l_session_param_crypt(NULL, &s, NULL, 0, data, lens[i]), 0);
        ref_kdfa("SHA256", s.sessionKey.buffer, 32, "XOR", s.nonceTPM.buffer, 32,
                 s.nonceCaller.buffer, 32, (uint32_t)(8 * lens[i]), mask);
        assert_memory_equal(data, mask, lens[i]);
    }
}

static void test_audit_digest_starts_from_zeros_and_chains(void **state)
{
    (void)state;
    TPM2B_DIGEST cp, rp;
    uint8_t want[32];
    cp.size = rp.size = 32;
    fill(cp.buffer, 32, 1);
    fill(rp.buffer, 32, 2);
    assert_int_equal(tpm2l_session_audit_extend(NULL, &s, 0, &cp, &rp), 0);
    buf_t m = {.n = 0};
    uint8_t zeros[32] = {0};
    buf_add(&m, zeros, 32);
    buf_add(&m, cp.buffer, 32);
    buf_add(&m, rp.buffer, 32);
    ref_hash("SHA256", m.b, m.n, want);
    assert_memory_equal(s.audit_digest.buffer, want, 32);

    m.n = 0;
    buf_add(&m, want, 32);
    buf_add(&m, cp.buffer, 32);
    buf_add(&m, rp.buffer, 32);
    assert_int_equal(tpm2l_session_audit_extend(NULL, &s, 0, &cp, &rp), 0);
    ref_hash("SHA256", m.b, m.n, want);
    assert_memory_equal(s.audit_digest.buffer, want, 32);

    /* auditReset: back to zeros first */
    assert_int_equal(tpm2l_session_audit_extend(NULL, &s, 1, &cp, &rp), 0);
    m.n = 0;
    buf_add(&m, zeros, 32);
    buf_add(&m, cp.buffer, 32);
    buf_add(&m, rp.buffer, 32);
    ref_hash("SHA256", m.b, m.n, want);
    assert_memory_equal(s.audit_digest.buffer, want, 32);
}

static void test_session_wipe_clears_the_session_key(void **state)
{
    (void)state;
    tpm2l_session_wipe(&s);
    static const tpm2l_session zero;
    assert_memory_equal(&s, &zero, sizeof s);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_auth_01_00_02_00_is_trimmed_to_01_00_02),
        T(test_session_key_is_kdfa_of_trimmed_bind_auth_and_salt),
        T(test_session_key_of_an_unbound_unsalted_session_is_empty),
        T(test_session_key_bound_to_an_empty_auth_is_kdfa_of_an_empty_key),
        T(test_cp_hash_is_the_hash_of_cc_names_and_params),
        T(test_rp_hash_starts_with_a_zero_response_code),
        T(test_command_hmac_key_is_session_key_and_trimmed_auth),
        T(test_command_hmac_of_session_0_covers_other_sessions_nonces),
        T(test_response_hmac_has_new_nonce_tpm_first),
        T(test_bound_session_on_its_own_entity_leaves_the_auth_out),
        T(test_policy_session_includes_the_auth_only_after_auth_value_or_password),
        T(test_cfb_key_comes_from_session_key_and_trimmed_auth),
        T(test_cfb_response_direction_uses_nonce_tpm_first_and_decrypts),
        T(test_xor_mask_is_kdfa_over_the_whole_length),
        T(test_audit_digest_starts_from_zeros_and_chains),
        T(test_session_wipe_clears_the_session_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
