/* test_hmac.c - HMAC sessions against real TPMs (swtpm and in-process libtpms):
 * unbound, bound, salted (RSA, ECC), salted+bound, with SHA-1/256/384, authorising
 * HierarchyChangeAuth and encrypting GetRandom. Every test leaves no session loaded. */
#include <stdlib.h>
#include <string.h>

#include "tests/integration/session/sess_util.h"

#define CONT TPMA_SESSION_CONTINUESESSION

static tpm2l_session s1, s2, s3;

static int setup(void **state)
{
    (void)state;
    make_salt_keys();
    return 0;
}

/* Sessions a failed test left behind are flushed here; a passing test has flushed its
 * own and checked that nothing is loaded. */
static int teardown(void **state)
{
    (void)state;
    tpm2l_session_flush(&ctx, &s1);
    tpm2l_session_flush(&ctx, &s2);
    tpm2l_session_flush(&ctx, &s3);
    flush_salt_keys();
    return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* HierarchyChangeAuth(owner) from old to new under session s, then back with a
 * password: the TPM accepted our HMAC and we accepted its response HMAC (keyed with
 * the new value). */
static void change_owner_auth_with(tpm2l_session *s, const char *old, const char *new_auth)
{
    static tpm2l_HierarchyChangeAuth_in in;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, old);
    in.authHandle.session = s;
    in.newAuth.size = (uint16_t)strlen(new_auth);
    memcpy(in.newAuth.buffer, new_auth, in.newAuth.size);
    OK_R(tpm2l_HierarchyChangeAuth(&ctx, &in));
    owner_auth_reset(new_auth);
}

static void test_unbound_unsalted_hmac_authorises_change_auth(void **state)
{
    (void)state;
    static const TPMI_ALG_HASH hashes[] = {TPM2_ALG_SHA1, TPM2_ALG_SHA256, TPM2_ALG_SHA384};
    for (size_t i = 0; i < 3; i++) {
        start_session(&s1, TPM2_SE_HMAC, hashes[i], sym_null(), NULL, NULL, CONT);
        change_owner_auth_with(&s1, NULL, "new owner");
        OK(tpm2l_session_flush(&ctx, &s1));
    }
    assert_nothing_loaded();
}

static void test_salted_rsa_session_encrypts_get_random(void **state)
{
    (void)state;
    static tpm2l_GetRandom_in in = {32};
    static tpm2l_GetRandom_out out;
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_aes(128), &rsa_key.objectHandle, NULL,
                  CONT | TPMA_SESSION_ENCRYPT);
    tpm2l_ctx_next_sessions(&ctx, &s1, NULL);
    OK(tpm2l_GetRandom(&ctx, &in, &out));
    assert_int_equal(out.randomBytes.size, 32);
    OK(tpm2l_session_flush(&ctx, &s1));
    assert_nothing_loaded();
}

int main(void)
{
    if (!getenv("TPM2L_TEST_SIM_KINDS"))
        setenv("TPM2L_TEST_SIM_KINDS", "swtpm_tcp,libtpms", 1);
    const struct CMUnitTest tests[] = {
        T(test_unbound_unsalted_hmac_authorises_change_auth),
        T(test_salted_rsa_session_encrypts_get_random),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
