/* test_session_exec.c - the executor with HMAC and policy sessions, on a scripted
 * transport (no TPM): the bytes it sends are checked against a plain OpenSSL
 * computation (ref.c), the responses it accepts are built the same way, and every
 * failure leaves each session in the documented state (session.h). Covers the
 * regression list of sessions.md that needs no real TPM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "src/session/session_int.h"
#include "tests/unit/command/fake_tpm.h"
#include "tests/unit/session/ref.h"

#define CONT TPMA_SESSION_CONTINUESESSION
#define ENC TPMA_SESSION_ENCRYPT
#define DEC TPMA_SESSION_DECRYPT
#define RC_RESPONSE_AUTH TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_RESPONSE_AUTH)
#define RC_SEQUENCE TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_SEQUENCE)

static tpm2l_session s1, s2;
static uint8_t rng_next;

/* Deterministic nonces: 0x01, 0x02, ... */
static TPM2_RC counter_rng(void *arg, uint8_t *out, size_t n)
{
    (void)arg;
    for (size_t i = 0; i < n; i++)
        out[i] = ++rng_next;
    return 0;
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed + 13 * i);
}

static void mk_session(tpm2l_session *s, TPM2_HANDLE h, TPM2_SE type, TPMA_SESSION attrs,
                       uint8_t seed)
{
    memset(s, 0, sizeof *s);
    s->handle = h;
    s->type = type;
    s->authHash = TPM2_ALG_SHA256;
    s->symmetric.algorithm = TPM2_ALG_AES;
    s->symmetric.keyBits.aes = 128;
    s->symmetric.mode.aes = TPM2_ALG_CFB;
    s->sessionKey.size = 32;
    fill(s->sessionKey.buffer, 32, seed);
    s->nonceCaller.size = 32;
    s->nonceTPM.size = 32;
    fill(s->nonceTPM.buffer, 32, (uint8_t)(seed + 1));
    s->salted = 1;
    s->key_is_secret = 1;
    s->attrs = attrs;
}

static int setup(void **state)
{
    fake_setup(state);
    rng_next = 0;
    tpm2l_ctx_set_rng(&ctx, counter_rng, NULL);
    mk_session(&s1, 0x02000000, TPM2_SE_HMAC, CONT | ENC, 0x40);
    mk_session(&s2, 0x02000001, TPM2_SE_HMAC, CONT | ENC, 0x70);
    return 0;
}

/* sessionKey || trimmed auth, the way a test states it. */
static buf_t key_of(const tpm2l_session *s, const char *auth)
{
    buf_t k = {.n = 0};
    buf_add(&k, s->sessionKey.buffer, s->sessionKey.size);
    if (auth)
        buf_add(&k, auth, strlen(auth));
    return k;
}

static void ref_cfb(const buf_t *value, const TPM2B_NONCE *newer, const TPM2B_NONCE *older,
                    int encrypt, uint8_t *buf, size_t n)
{
    uint8_t kiv[32];
    ref_kdfa("SHA256", value->b, value->n, "CFB", newer->buffer, newer->size, older->buffer,
             older->size, 256, kiv);
    ref_aes_cfb(encrypt, kiv, 16, kiv + 16, buf, n);
}

/* One response session: nonce, attrs, HMAC(key, rpHash || nonce || nonceCaller || attrs). */
static void rsp_session(const tpm2l_session *s, const buf_t *key, const uint8_t *params,
                        size_t n, TPM2_CC cc, const uint8_t *nonce, uint8_t attrs, int corrupt)
{
    buf_t m = {.n = 0};
    uint8_t rp[32], mac[32];
    buf_u32(&m, 0);
    buf_u32(&m, cc);
    buf_add(&m, params, n);
    ref_hash("SHA256", m.b, m.n, rp);
    m.n = 0;
    buf_add(&m, rp, 32);
    buf_add(&m, nonce, 32);
    buf_add(&m, s->nonceCaller.buffer, s->nonceCaller.size);
    buf_u8(&m, attrs);
    ref_hmac("SHA256", key->b, key->n, m.b, m.n, mac);
    mac[5] ^= (uint8_t)corrupt;
    tpm2l_wcur_u16(&rsp_w, 32);
    tpm2l_wcur_bytes(&rsp_w, nonce, 32);
    tpm2l_wcur_u8(&rsp_w, attrs);
    tpm2l_wcur_u16(&rsp_w, 32);
    tpm2l_wcur_bytes(&rsp_w, mac, 32);
}

static const uint8_t secret[20] = "0123456789abcdefghij";

/* The GetRandom answer to a command that s1 encrypts, as the TPM makes it. */
static void queue_get_random_answer(const uint8_t *nonce_tpm, int corrupt)
{
    uint8_t params[2 + sizeof secret];
    TPM2B_NONCE newer;
    buf_t value = key_of(&s1, NULL);
    params[0] = 0;
    params[1] = sizeof secret;
    memcpy(params + 2, secret, sizeof secret);
    newer.size = 32;
    memcpy(newer.buffer, nonce_tpm, 32);
    ref_cfb(&value, &newer, &s1.nonceCaller, 1, params + 2, sizeof secret);
    rsp_begin(TPM2_ST_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, sizeof params);
    tpm2l_wcur_bytes(&rsp_w, params, sizeof params);
    rsp_session(&s1, &value, params, sizeof params, TPM2_CC_GetRandom, nonce_tpm, CONT | ENC,
                corrupt);
    rsp_queue();
}

static void test_encrypt_session_command_hmac_matches_reference(void **state)
{
    (void)state;
    static tpm2l_GetRandom_in in = {20};
    static tpm2l_GetRandom_out out;
    uint8_t nonce_tpm[32];
    TPM2B_NONCE old_tpm = s1.nonceTPM;
    fill(nonce_tpm, 32, 0xC0);
    /* The answer needs the nonceCaller the library will draw: 0x01..0x20. */
    s1.nonceCaller.size = 32;
    for (int i = 0; i < 32; i++)
        s1.nonceCaller.buffer[i] = (uint8_t)(i + 1);
    queue_get_random_answer(nonce_tpm, 0);

    tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out), 0);
    assert_int_equal(out.randomBytes.size, sizeof secret);
    assert_memory_equal(out.randomBytes.buffer, secret, sizeof secret);
    assert_memory_equal(s1.nonceTPM.buffer, nonce_tpm, 32); /* rolled */

    /* What went out: header, authSize, the session, then bytesRequested. */
    const uint8_t *c = fake.sent[0];
    assert_int_equal(fake.sent_len[0], 10 + 4 + 4 + 2 + 32 + 1 + 2 + 32 + 2);
    assert_int_equal(c[0] << 8 | c[1], TPM2_ST_SESSIONS);
    const uint8_t *slot = c + 14;
    assert_memory_equal(slot, "\x02\x00\x00\x00\x00\x20", 6);
    assert_memory_equal(slot + 6, s1.nonceCaller.buffer, 32);
    assert_int_equal(slot[38], CONT | ENC);
    buf_t m = {.n = 0};
    uint8_t cp[32], mac[32];
    buf_u32(&m, TPM2_CC_GetRandom);
    buf_add(&m, c + fake.sent_len[0] - 2, 2);
    ref_hash("SHA256", m.b, m.n, cp);
    m.n = 0;
    buf_add(&m, cp, 32);
    buf_add(&m, s1.nonceCaller.buffer, 32);
    buf_add(&m, old_tpm.buffer, 32);
    buf_u8(&m, CONT | ENC);
    buf_t key = key_of(&s1, NULL);
    ref_hmac("SHA256", key.b, key.n, m.b, m.n, mac);
    assert_memory_equal(slot + 41, mac, 32);
}

static void test_response_with_a_bad_hmac_is_refused_and_the_session_unusable(void **state)
{
    (void)state;
    static tpm2l_GetRandom_in in = {20};
    static tpm2l_GetRandom_out out;
    uint8_t nonce_tpm[32];
    fill(nonce_tpm, 32, 0xC0);
    for (int i = 0; i < 32; i++)
        s1.nonceCaller.buffer[i] = (uint8_t)(i + 1);
    queue_get_random_answer(nonce_tpm, 1);
    TPM2B_NONCE before = s1.nonceTPM;
    memset(&out, 0xEE, sizeof out);

    tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out), RC_RESPONSE_AUTH);
    assert_error_mentions("does not verify");
    assert_int_equal(out.randomBytes.size, 0xEEEE); /* nothing handed out */
    assert_memory_equal(s1.nonceTPM.buffer, before.buffer, 32);
    assert_int_equal(s1.unusable, 1);
    assert_int_equal(s1.handle, 0x02000000); /* still there: the caller flushes it */
    assert_int_equal(contains(ctx.rsp, sizeof ctx.rsp, secret, 8), 0);

    /* and it is refused before anything is sent */
    tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out), RC_SEQUENCE);
    assert_int_equal(fake.n_sent, 1);
    assert_error_mentions("flush it");
}

static void test_failing_response_carries_no_hmac_and_changes_no_session(void **state)
{
    (void)state;
    static tpm2l_GetRandom_in in = {20};
    static tpm2l_GetRandom_out out;
    TPM2B_NONCE before = s1.nonceTPM;
    /* TPM_RC_VALUE with a session tag and a body an interposer might add: never read. */
    fake_queue_hex(&fake, "8002 00000012 00000084 deadbeef 00000000");
    tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
    s1.attrs = ENC; /* continueSession clear: the TPM keeps it on failure anyway */
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out), 0x084);
    assert_int_equal(s1.handle, 0x02000000);
    assert_int_equal(s1.unusable, 0);
    assert_memory_equal(s1.nonceTPM.buffer, before.buffer, 32);
    /* the one-shot list is gone with the failed command */
    assert_null(ctx.next_sessions[0]);
}

static void test_transport_failure_makes_the_session_unusable(void **state)
{
    (void)state;
    static tpm2l_GetRandom_in in = {20};
    static tpm2l_GetRandom_out out;
    fake.rx_rc = TPM2L_RC(TPM2L_LAYER_TCTI, TPM2L_E_TIMEOUT);
    tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out), TPM2L_RC(TPM2L_LAYER_TCTI, TPM2L_E_TIMEOUT));
    assert_int_equal(s1.unusable, 1);
}

static void test_success_without_continue_session_forgets_the_session(void **state)
{
    (void)state;
    static tpm2l_GetRandom_in in = {20};
    static tpm2l_GetRandom_out out;
    uint8_t nonce_tpm[32];
    fill(nonce_tpm, 32, 0xC0);
    for (int i = 0; i < 32; i++)
        s1.nonceCaller.buffer[i] = (uint8_t)(i + 1);
    s1.attrs = ENC;
    /* the TPM echoes the attributes: no continueSession */
    uint8_t params[2 + sizeof secret] = {0, sizeof secret};
    memcpy(params + 2, secret, sizeof secret);
    TPM2B_NONCE newer = {.size = 32};
    memcpy(newer.buffer, nonce_tpm, 32);
    buf_t value = key_of(&s1, NULL);
    ref_cfb(&value, &newer, &s1.nonceCaller, 1, params + 2, sizeof secret);
    rsp_begin(TPM2_ST_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, sizeof params);
    tpm2l_wcur_bytes(&rsp_w, params, sizeof params);
    rsp_session(&s1, &value, params, sizeof params, TPM2_CC_GetRandom, nonce_tpm, ENC, 0);
    rsp_queue();
    tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out), 0);
    assert_memory_equal(out.randomBytes.buffer, secret, sizeof secret);
    static const tpm2l_session zero;
    assert_memory_equal(&s1, &zero, sizeof s1);
}

static void test_encryption_with_an_empty_session_key_is_refused_before_sending(void **state)
{
    (void)state;
    static tpm2l_GetRandom_in in = {20};
    static tpm2l_GetRandom_out out;
    s1.sessionKey.size = 0;
    s1.salted = 0;
    s1.key_is_secret = 0;
    tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
    assert_int_equal(tpm2l_GetRandom(&ctx, &in, &out),
                     TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG));
    assert_int_equal(fake.n_sent, 0);
    assert_error_mentions("neither salted nor bound");
}

/* Unseal(itemHandle under s1, HMAC) with s2 encrypting only: session 0's HMAC covers
 * s2's nonceTPM, and the response decrypts with s2's sessionKey alone. */
static void test_hmac_and_encrypt_sessions_together(void **state)
{
    (void)state;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    memset(&in, 0, sizeof in);
    in.itemHandle.handle = 0x80000001;
    in.itemHandle.name.size = 34;
    in.itemHandle.name.name[1] = 0x0B;
    fill(in.itemHandle.name.name + 2, 32, 0x11);
    in.itemHandle.auth.size = 4;
    memcpy(in.itemHandle.auth.buffer, "pw\0\0", 4);
    in.itemHandle.session = &s1;
    s1.attrs = CONT;
    s2.attrs = CONT | ENC;
    TPM2B_NONCE s1_tpm = s1.nonceTPM, s2_tpm = s2.nonceTPM;
    /* nonces the library will draw: s1 gets 1..32, s2 33..64 */
    for (int i = 0; i < 32; i++) {
        s1.nonceCaller.buffer[i] = (uint8_t)(i + 1);
        s2.nonceCaller.buffer[i] = (uint8_t)(i + 33);
    }
    uint8_t n1[32], n2[32];
    fill(n1, 32, 0x51);
    fill(n2, 32, 0x52);
    uint8_t params[2 + sizeof secret] = {0, sizeof secret};
    memcpy(params + 2, secret, sizeof secret);
    TPM2B_NONCE newer = {.size = 32};
    memcpy(newer.buffer, n2, 32);
    buf_t v2 = key_of(&s2, NULL), k1 = key_of(&s1, "pw");
    ref_cfb(&v2, &newer, &s2.nonceCaller, 1, params + 2, sizeof secret);
    rsp_begin(TPM2_ST_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, sizeof params);
    tpm2l_wcur_bytes(&rsp_w, params, sizeof params);
    rsp_session(&s1, &k1, params, sizeof params, TPM2_CC_Unseal, n1, CONT, 0);
    rsp_session(&s2, &v2, params, sizeof params, TPM2_CC_Unseal, n2, CONT | ENC, 0);
    rsp_queue();

    tpm2l_ctx_next_sessions(&ctx, &s2, NULL);
    assert_int_equal(tpm2l_Unseal(&ctx, &in, &out), 0);
    assert_int_equal(out.outData.size, sizeof secret);
    assert_memory_equal(out.outData.buffer, secret, sizeof secret);

    /* session 0's HMAC: cpHash || nonceCaller || nonceTPM || s2's nonceTPM || attrs */
    const uint8_t *c = fake.sent[0];
    buf_t m = {.n = 0};
    uint8_t cp[32], mac[32];
    buf_u32(&m, TPM2_CC_Unseal);
    buf_add(&m, in.itemHandle.name.name, 34);
    ref_hash("SHA256", m.b, m.n, cp);
    m.n = 0;
    buf_add(&m, cp, 32);
    buf_add(&m, s1.nonceCaller.buffer, 32);
    buf_add(&m, s1_tpm.buffer, 32);
    buf_add(&m, s2_tpm.buffer, 32);
    buf_u8(&m, CONT);
    ref_hmac("SHA256", k1.b, k1.n, m.b, m.n, mac);
    const uint8_t *slot1 = c + 10 + 4 + 4; /* header, handle, authSize */
    assert_memory_equal(slot1 + 41, mac, 32);
    /* session 1 (encrypt only): key sessionKey alone, no extra nonces */
    m.n = 0;
    buf_add(&m, cp, 32);
    buf_add(&m, s2.nonceCaller.buffer, 32);
    buf_add(&m, s2_tpm.buffer, 32);
    buf_u8(&m, CONT | ENC);
    ref_hmac("SHA256", v2.b, v2.n, m.b, m.n, mac);
    assert_memory_equal(slot1 + 73 + 41, mac, 32);
}

/* A policy session that also encrypts, used twice: the second exchange must key its
 * decryption with the nonceTPM of the first response, not the one from the start. */
static void test_policy_session_that_encrypts_rolls_its_nonce_tpm(void **state)
{
    (void)state;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    mk_session(&s1, 0x03000000, TPM2_SE_POLICY, CONT | ENC, 0x40);
    memset(&in, 0, sizeof in);
    in.itemHandle.handle = 0x80000001;
    in.itemHandle.name.size = 34;
    in.itemHandle.name.name[1] = 0x0B;
    in.itemHandle.auth.size = 2;
    memcpy(in.itemHandle.auth.buffer, "pw", 2);
    in.itemHandle.session = &s1;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 32; i++)
            s1.nonceCaller.buffer[i] = (uint8_t)(rng_next + i + 1);
        uint8_t nonce[32];
        fill(nonce, 32, (uint8_t)(0x90 + round));
        uint8_t params[2 + sizeof secret] = {0, sizeof secret};
        memcpy(params + 2, secret, sizeof secret);
        TPM2B_NONCE newer = {.size = 32};
        memcpy(newer.buffer, nonce, 32);
        /* encryption: sessionKey || authValue (it authorises an entity); HMAC: sessionKey
         * only (no PolicyAuthValue) */
        buf_t value = key_of(&s1, "pw"), key = key_of(&s1, NULL);
        ref_cfb(&value, &newer, &s1.nonceCaller, 1, params + 2, sizeof secret);
        rsp_begin(TPM2_ST_SESSIONS);
        tpm2l_wcur_u32(&rsp_w, sizeof params);
        tpm2l_wcur_bytes(&rsp_w, params, sizeof params);
        rsp_session(&s1, &key, params, sizeof params, TPM2_CC_Unseal, nonce, CONT | ENC, 0);
        rsp_queue();
        assert_int_equal(tpm2l_Unseal(&ctx, &in, &out), 0);
        assert_memory_equal(out.outData.buffer, secret, sizeof secret);
        assert_memory_equal(s1.nonceTPM.buffer, nonce, 32);
    }
}

static void test_policy_password_sends_the_trimmed_auth_and_takes_an_empty_hmac(void **state)
{
    (void)state;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    mk_session(&s1, 0x03000000, TPM2_SE_POLICY, CONT, 0x40);
    s1.policy_password = 1;
    memset(&in, 0, sizeof in);
    in.itemHandle.handle = 0x80000001;
    in.itemHandle.name.size = 34;
    in.itemHandle.auth.size = 4;
    memcpy(in.itemHandle.auth.buffer, "\x01\x00\x02\x00", 4);
    in.itemHandle.session = &s1;
    uint8_t nonce[32];
    fill(nonce, 32, 0x77);
    rsp_begin(TPM2_ST_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, 4);
    tpm2l_wcur_u16(&rsp_w, 2);
    tpm2l_wcur_bytes(&rsp_w, (const uint8_t *)"ok", 2);
    tpm2l_wcur_u16(&rsp_w, 32);
    tpm2l_wcur_bytes(&rsp_w, nonce, 32);
    tpm2l_wcur_u8(&rsp_w, CONT);
    tpm2l_wcur_u16(&rsp_w, 0);
    rsp_queue();
    assert_int_equal(tpm2l_Unseal(&ctx, &in, &out), 0);
    const uint8_t *slot = fake.sent[0] + 18;
    assert_int_equal(slot[39] << 8 | slot[40], 3);
    assert_memory_equal(slot + 41, "\x01\x00\x02", 3);
}

static void test_trial_session_cannot_authorise(void **state)
{
    (void)state;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    mk_session(&s1, 0x03000000, TPM2_SE_TRIAL, CONT, 0x40);
    memset(&in, 0, sizeof in);
    in.itemHandle.handle = 0x80000001;
    in.itemHandle.session = &s1;
    assert_int_equal(tpm2l_Unseal(&ctx, &in, &out), TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG));
    assert_int_equal(fake.n_sent, 0);
    assert_error_mentions("trial");
}

static void test_object_handle_without_a_name_is_refused_for_an_hmac(void **state)
{
    (void)state;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    memset(&in, 0, sizeof in);
    in.itemHandle.handle = 0x80000001; /* a transient object: its name is not its handle */
    in.itemHandle.session = &s1;
    s1.attrs = CONT;
    assert_int_equal(tpm2l_Unseal(&ctx, &in, &out), TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG));
    assert_int_equal(fake.n_sent, 0);
    assert_error_mentions("needs its name");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fake_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_encrypt_session_command_hmac_matches_reference),
        T(test_response_with_a_bad_hmac_is_refused_and_the_session_unusable),
        T(test_failing_response_carries_no_hmac_and_changes_no_session),
        T(test_transport_failure_makes_the_session_unusable),
        T(test_success_without_continue_session_forgets_the_session),
        T(test_encryption_with_an_empty_session_key_is_refused_before_sending),
        T(test_hmac_and_encrypt_sessions_together),
        T(test_policy_session_that_encrypts_rolls_its_nonce_tpm),
        T(test_policy_password_sends_the_trimmed_auth_and_takes_an_empty_hmac),
        T(test_trial_session_cannot_authorise),
        T(test_object_handle_without_a_name_is_refused_for_an_hmac),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
