/* test_wire.c - what sessions promise against someone on the wire, tested with real
 * TPMs (swtpm and libtpms) behind transports that tamper with or record the traffic:
 *   - one flipped byte anywhere in an authenticated response makes the command fail,
 *     and nothing from that response is handed out;
 *   - a ReadPublic answered with another key's public area is refused when salting;
 *   - with an encrypting session, sealed data and random bytes never appear on the
 *     wire; without one, they do (so the search would find them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/integration/session/sess_util.h"
#include "tpm2lite/corpus.h"

#define CONT TPMA_SESSION_CONTINUESESSION
#define DEC TPMA_SESSION_DECRYPT
#define ENC TPMA_SESSION_ENCRYPT

static tpm2l_session s1;
static const char secret[] = "wire-secret: 5f3a9c1e77";

/* ---- a transport that passes everything through, and can change one response ---- */

typedef struct {
    tpm2l_tcti base;
    tpm2l_tcti *inner;
    long flip_at;           /* >= 0: flip that byte of the next response, then disarm */
    const uint8_t *replace; /* not NULL: serve these bytes as the next response */
    size_t replace_len;
    size_t last_len;        /* length of the last response */
} tamper_tcti;

static TPM2_RC tamper_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    tamper_tcti *x = (tamper_tcti *)t;
    return tpm2l_tcti_transmit(x->inner, cmd, len);
}

static TPM2_RC tamper_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    tamper_tcti *x = (tamper_tcti *)t;
    TPM2_RC rc = tpm2l_tcti_receive(x->inner, buf, cap, len);
    if (rc)
        return rc;
    x->last_len = *len;
    if (x->flip_at >= 0 && (size_t)x->flip_at < *len)
        buf[x->flip_at] ^= 0x01;
    x->flip_at = -1;
    if (x->replace) {
        memcpy(buf, x->replace, x->replace_len);
        *len = x->replace_len;
        x->replace = NULL;
    }
    return 0;
}

static void tamper_close(tpm2l_tcti *t)
{
    (void)t;
}

static const struct tpm2l_tcti_ops tamper_ops = {"tamper", tamper_transmit, tamper_receive,
                                                 NULL, NULL, tamper_close};
static tamper_tcti tamper;

static int setup(void **state)
{
    (void)state;
    make_salt_keys();
    memset(&tamper, 0, sizeof tamper);
    tamper.base.ops = &tamper_ops;
    tamper.base.timeout_ms = ctx.tcti->timeout_ms;
    tamper.inner = ctx.tcti;
    tamper.flip_at = -1;
    ctx.tcti = &tamper.base;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ctx.tcti = tamper.inner;
    tpm2l_session_flush(&ctx, &s1);
    flush_stray_objects();
    flush_salt_keys();
    return 0;
}

static void test_one_flipped_byte_anywhere_in_the_response_fails_the_command(void **state)
{
    (void)state;
    static tpm2l_GetRandom_in in = {32};
    static tpm2l_GetRandom_out out;
    /* learn the response length once */
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_aes(128), &ecc_key.objectHandle, NULL,
                  CONT | ENC);
    tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
    OK(tpm2l_GetRandom(&ctx, &in, &out));
    size_t len = tamper.last_len;
    assert_true(len > 100);
    OK(tpm2l_session_flush(&ctx, &s1));

    for (size_t at = 0; at < len; at++) {
        start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_aes(128), &ecc_key.objectHandle,
                      NULL, CONT | ENC);
        memset(&out, 0xA5, sizeof out);
        tamper.flip_at = (long)at;
        tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
        TPM2_RC rc = tpm2l_GetRandom(&ctx, &in, &out);
        if (!rc)
            fail_msg("byte %zu of %zu flipped and GetRandom succeeded", at, len);
        assert_true(tpm2l_ctx_error(&ctx)[0] != '\0');
        assert_int_equal(out.randomBytes.size, 0xA5A5); /* nothing handed out */
        if (at >= 10) {
            /* past the header every byte is covered by the response HMAC (or framing) */
            if (!TPM2L_RC_IS_LIB(rc))
                fail_msg("byte %zu: TPM code 0x%x instead of a library error", at,
                         (unsigned)rc);
            assert_int_equal(s1.unusable, 1);
        }
        /* the responseCode bytes (6..9) are not authenticated: the library sees a TPM
         * error, which is why a failure's body is never trusted */
        OK(tpm2l_session_flush(&ctx, &s1));
    }
    assert_nothing_loaded();
}

static void test_salt_key_answered_with_another_keys_public_area_is_refused(void **state)
{
    (void)state;
    static uint8_t other_rsp[TPM2L_MAX_MESSAGE];
    /* The interposer's answer: the TPM's own ReadPublic response for the other key,
     * sent straight to the TPM below our transport. */
    {
        uint8_t cmd[14] = {0x80, 0x01, 0, 0, 0, 14, 0, 0, 0x01, 0x73, 0, 0, 0, 0};
        uint32_t h = ecc_key.objectHandle.handle;
        cmd[10] = (uint8_t)(h >> 24);
        cmd[11] = (uint8_t)(h >> 16);
        cmd[12] = (uint8_t)(h >> 8);
        cmd[13] = (uint8_t)h;
        size_t n = 0;
        OK(tpm2l_tcti_transmit(tamper.inner, cmd, sizeof cmd));
        OK(tpm2l_tcti_receive(tamper.inner, other_rsp, sizeof other_rsp, &n));
        tamper.replace_len = n;
    }
    for (int k = 0; k < 2; k++) {
        /* k = 0: swap during the salt key's ReadPublic; k = 1: pin the wrong name */
        tpm2l_session_params p;
        memset(&p, 0, sizeof p);
        p.sessionType = TPM2_SE_HMAC;
        p.authHash = TPM2_ALG_SHA256;
        p.symmetric = sym_aes(128);
        p.attrs = CONT | ENC;
        tpm2l_handle pinned = rsa_key.objectHandle;
        if (k == 0)
            tamper.replace = other_rsp;
        else
            pinned.name = ecc_key.objectHandle.name;
        p.tpmKey = &pinned;
        check(tpm2l_session_start(&ctx, &s1, &p), TPM2L_RC_COMMAND(TPM2L_E_NAME_MISMATCH),
              k ? "start with a wrong pinned name" : "start with a swapped public area");
        assert_int_equal(s1.handle, 0);
        assert_int_equal(s1.sessionKey.size, 0);
    }
    assert_nothing_loaded();
}

/* ---- proof on the wire, with the record transport ---- */

static tpm2l_tcti_record rec;
static char corpus_path[256];
static uint8_t store[1 << 20];

static void record_begin(void)
{
    snprintf(corpus_path, sizeof corpus_path, "%s/wire.corpus", sim.dir);
    tpm2l_record_opts o;
    memset(&o, 0, sizeof o);
    o.scenario = "wire";
    OK(tpm2l_tcti_record_open(&rec, &tamper.base, corpus_path, &o));
    ctx.tcti = &rec.base;
}

/* Whether needle (n bytes) occurs in any recorded command or response. */
static int record_end_and_find(const void *needle, size_t n)
{
    static tpm2l_tcti_replay rp;
    OK(tpm2l_tcti_record_finish(&rec));
    ctx.tcti = &tamper.base;
    OK(tpm2l_tcti_replay_open(&rp, corpus_path, store, sizeof store));
    int found = 0;
    for (size_t i = 1; i <= rp.n_exchanges; i++) {
        const uint8_t *c, *r;
        size_t cl, rl;
        OK(tpm2l_tcti_replay_exchange(&rp, i, &c, &cl, &r, &rl));
        for (size_t k = 0; k + n <= cl; k++)
            found |= memcmp(c + k, needle, n) == 0;
        for (size_t k = 0; k + n <= rl; k++)
            found |= memcmp(r + k, needle, n) == 0;
    }
    tpm2l_tcti_close(&rp.base);
    unlink(corpus_path);
    return found;
}

static void seal_unseal(int encrypt, uint8_t *unsealed, size_t *len)
{
    static tpm2l_Create_in cin;
    static tpm2l_Create_out cout;
    static tpm2l_Load_in lin;
    static tpm2l_Load_out lout;
    static tpm2l_Unseal_in uin;
    static tpm2l_Unseal_out uout;
    memset(&cin, 0, sizeof cin);
    cin.parentHandle = hierarchy(ecc_key.objectHandle.handle, NULL);
    cin.parentHandle.name = ecc_key.objectHandle.name;
    cin.parentHandle.session = encrypt ? &s1 : NULL;
    OK(tpm2l_template_sealed(&cin.inPublic.publicArea, TPM2_ALG_SHA256, NULL,
                             TPMA_OBJECT_USERWITHAUTH));
    cin.inSensitive.sensitive.data.size = sizeof secret - 1;
    memcpy(cin.inSensitive.sensitive.data.buffer, secret, sizeof secret - 1);
    OK(tpm2l_Create(&ctx, &cin, &cout));
    memset(&lin, 0, sizeof lin);
    lin.parentHandle = cin.parentHandle;
    lin.parentHandle.session = NULL;
    lin.inPrivate = cout.outPrivate;
    lin.inPublic = cout.outPublic;
    OK(tpm2l_Load(&ctx, &lin, &lout));
    memset(&uin, 0, sizeof uin);
    uin.itemHandle = hierarchy(lout.objectHandle.handle, NULL);
    uin.itemHandle.name = lout.objectHandle.name;
    uin.itemHandle.session = encrypt ? &s1 : NULL;
    OK(tpm2l_Unseal(&ctx, &uin, &uout));
    *len = uout.outData.size;
    memcpy(unsealed, uout.outData.buffer, uout.outData.size);
    flush(lout.objectHandle.handle);
}

static void test_sealed_secret_is_on_the_wire_only_without_encryption(void **state)
{
    (void)state;
    uint8_t got[64];
    size_t n;
    for (int encrypt = 0; encrypt < 2; encrypt++) {
        if (encrypt)
            start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_aes(128),
                          &rsa_key.objectHandle, NULL, CONT | DEC | ENC);
        record_begin();
        seal_unseal(encrypt, got, &n);
        int found = record_end_and_find(secret, sizeof secret - 1);
        assert_int_equal(n, sizeof secret - 1);
        assert_memory_equal(got, secret, n);
        assert_int_equal(found, !encrypt);
        if (encrypt)
            OK(tpm2l_session_flush(&ctx, &s1));
    }
    assert_nothing_loaded();
}

static void test_random_bytes_are_on_the_wire_only_without_encryption(void **state)
{
    (void)state;
    static tpm2l_GetRandom_in in = {32};
    static tpm2l_GetRandom_out out;
    const TPMT_SYM_DEF syms[2] = {sym_aes(256), sym_xor(TPM2_ALG_SHA256)};
    for (int encrypt = 0; encrypt < 3; encrypt++) {
        if (encrypt)
            start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, syms[encrypt - 1],
                          &ecc_key.objectHandle, NULL, CONT | ENC);
        record_begin();
        if (encrypt)
            tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
        OK(tpm2l_GetRandom(&ctx, &in, &out));
        assert_int_equal(out.randomBytes.size, 32);
        assert_int_equal(record_end_and_find(out.randomBytes.buffer, 32), !encrypt);
        if (encrypt)
            OK(tpm2l_session_flush(&ctx, &s1));
    }
    assert_nothing_loaded();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    if (!getenv("TPM2L_TEST_SIM_KINDS"))
        setenv("TPM2L_TEST_SIM_KINDS", "swtpm_tcp,libtpms", 1);
    const struct CMUnitTest tests[] = {
        T(test_one_flipped_byte_anywhere_in_the_response_fails_the_command),
        T(test_salt_key_answered_with_another_keys_public_area_is_refused),
        T(test_sealed_secret_is_on_the_wire_only_without_encryption),
        T(test_random_bytes_are_on_the_wire_only_without_encryption),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
