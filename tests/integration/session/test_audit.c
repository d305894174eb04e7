/* test_audit.c - session audit against real TPMs (swtpm and libtpms): the digest the
 * library keeps in software (s->audit_digest) equals the one the TPM reports in
 * GetSessionAuditDigest's auditInfo (unsigned: signHandle TPM_RH_NULL), for audit-only
 * sessions, audit sessions that also authorise or encrypt, SHA-1/256/384, and after
 * auditReset. */
#include <stdlib.h>
#include <string.h>

#include "tests/integration/session/sess_util.h"

#define CONT TPMA_SESSION_CONTINUESESSION
#define ENC TPMA_SESSION_ENCRYPT
#define AUDIT TPMA_SESSION_AUDIT

static tpm2l_session s1, s2;

static int setup(void **state)
{
    (void)state;
    make_salt_keys();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tpm2l_session_flush(&ctx, &s1);
    tpm2l_session_flush(&ctx, &s2);
    flush_stray_objects();
    flush_salt_keys();
    return 0;
}

/* The TPM's audit digest of s, as GetSessionAuditDigest reports it. */
static void assert_tpm_agrees(const tpm2l_session *s)
{
    static tpm2l_GetSessionAuditDigest_in in;
    static tpm2l_GetSessionAuditDigest_out out;
    memset(&in, 0, sizeof in);
    in.privacyAdminHandle = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    in.signHandle = hierarchy(TPM2_RH_NULL, NULL);
    in.sessionHandle = s->handle;
    in.inScheme.scheme = TPM2_ALG_NULL;
    OK(tpm2l_GetSessionAuditDigest(&ctx, &in, &out));
    const TPM2B_DIGEST *d = &out.attest.attested.sessionAudit.sessionDigest;
    assert_int_equal(s->audit_digest.size, d->size);
    assert_memory_equal(s->audit_digest.buffer, d->buffer, d->size);
}

static void get_random_with(tpm2l_session *extra)
{
    static tpm2l_GetRandom_in in = {16};
    static tpm2l_GetRandom_out out;
    tpm2l_ctx_next_sessions(&ctx, extra, NULL);
    OK(tpm2l_GetRandom(&ctx, &in, &out));
}

static void test_audit_only_session_digest_matches_the_tpm(void **state)
{
    (void)state;
    static const TPMI_ALG_HASH hashes[] = {TPM2_ALG_SHA1, TPM2_ALG_SHA256, TPM2_ALG_SHA384};
    for (size_t h = 0; h < 3; h++) {
        start_session(&s1, TPM2_SE_HMAC, hashes[h], sym_null(), NULL, NULL, CONT | AUDIT);
        for (int i = 0; i < 3; i++)
            get_random_with(&s1);
        assert_int_equal(s1.audit_started, 1);
        assert_tpm_agrees(&s1);
        OK(tpm2l_session_flush(&ctx, &s1));
    }
    assert_nothing_loaded();
}

static void test_audit_session_that_authorises_and_encrypts_matches_the_tpm(void **state)
{
    (void)state;
    static tpm2l_HierarchyChangeAuth_in in;
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_aes(128), &rsa_key.objectHandle, NULL,
                  CONT | AUDIT | ENC);
    get_random_with(&s1); /* audited, response encrypted: rpHash is over the ciphertext */
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.authHandle.session = &s1;
    in.newAuth.size = 2;
    memcpy(in.newAuth.buffer, "au", 2);
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));
    owner_auth_reset("au");
    assert_tpm_agrees(&s1);
    OK(tpm2l_session_flush(&ctx, &s1));
    assert_nothing_loaded();
}

static void test_audit_reset_restarts_the_digest_in_both(void **state)
{
    (void)state;
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_null(), NULL, NULL, CONT | AUDIT);
    get_random_with(&s1);
    get_random_with(&s1);
    s1.attrs |= TPMA_SESSION_AUDITRESET;
    get_random_with(&s1);
    assert_int_equal(s1.attrs & TPMA_SESSION_AUDITRESET, 0); /* one-shot */
    assert_tpm_agrees(&s1);
    get_random_with(&s1);
    assert_tpm_agrees(&s1);
    OK(tpm2l_session_flush(&ctx, &s1));
    assert_nothing_loaded();
}

static void test_audit_with_an_authorising_session_as_session_two(void **state)
{
    (void)state;
    static tpm2l_HierarchyChangeAuth_in in;
    start_session(&s1, TPM2_SE_HMAC, TPM2_ALG_SHA256, sym_null(), NULL, NULL, CONT);
    start_session(&s2, TPM2_SE_HMAC, TPM2_ALG_SHA384, sym_null(), NULL, NULL, CONT | AUDIT);
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.authHandle.session = &s1;
    in.newAuth.size = 3;
    memcpy(in.newAuth.buffer, "aud", 3);
    tpm2l_ctx_next_sessions(&ctx, &s2, NULL);
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));
    owner_auth_reset("aud");
    assert_tpm_agrees(&s2);
    OK(tpm2l_session_flush(&ctx, &s1));
    OK(tpm2l_session_flush(&ctx, &s2));
    assert_nothing_loaded();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    if (!getenv("TPM2L_TEST_SIM_KINDS"))
        setenv("TPM2L_TEST_SIM_KINDS", "swtpm_tcp,libtpms", 1);
    const struct CMUnitTest tests[] = {
        T(test_audit_only_session_digest_matches_the_tpm),
        T(test_audit_session_that_authorises_and_encrypts_matches_the_tpm),
        T(test_audit_reset_restarts_the_digest_in_both),
        T(test_audit_with_an_authorising_session_as_session_two),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
