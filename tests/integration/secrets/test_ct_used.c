/* test_ct_used.c - the comparisons that decide authenticity go through the constant-
 * time compare, tpm2l_ct_equal (src/crypto/ct.c, CRYPTO_memcmp): this binary is linked
 * with -Wl,--wrap=tpm2l_ct_equal, so every call from another object file of the
 * library lands in __wrap_tpm2l_ct_equal, which counts it and remembers its length.
 * For each check (response HMAC, object name, bind authValue digest, attestation
 * extraData and PCR digest) the test provokes a mismatch and asserts both that the
 * library refused AND that the refusing compare was a counted, ct one of the right
 * length. (A check done with memcmp would refuse too, but count nothing.)
 * Tickets are not compared by the library at all (only the TPM verifies them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/helpers/sim.h"
#include "tests/integration/secrets/secrets_util.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/session.h"
#include "tpm2lite/templates.h"

int __real_tpm2l_ct_equal(const void *a, const void *b, size_t n);
int __wrap_tpm2l_ct_equal(const void *a, const void *b, size_t n);

static size_t ct_calls, ct_unequal, ct_last_n;

int __wrap_tpm2l_ct_equal(const void *a, const void *b, size_t n)
{
    int eq = __real_tpm2l_ct_equal(a, b, n);
    ct_calls++;
    ct_unequal += !eq;
    ct_last_n = n;
    return eq;
}

static void ct_reset(void)
{
    ct_calls = ct_unequal = ct_last_n = 0;
}

static sim_t sim;
static tpm2l_tcti_any tcti;
static corrupt_tcti bad;
static tpm2l_ctx ctx;
static tpm2l_CreatePrimary_out ak; /* restricted ECC signing key, owner hierarchy */

#define OK(call) check((call), 0, #call)
static void check(TPM2_RC rc, TPM2_RC want, const char *what)
{
    if (rc != want)
        fail_msg("%s: rc 0x%08x, want 0x%08x: %s", what, (unsigned)rc, (unsigned)want,
                 tpm2l_ctx_error(&ctx));
}

static int setup(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_in in;
    if (sim_start(SIM_SWTPM_TCP, &sim)) {
        fprintf(stderr, "sim_start: %s\n", sim.err);
        return -1;
    }
    if (tpm2l_tcti_open(&tcti, sim.tcti))
        return -1;
    tpm2l_tcti_set_timeout(&tcti.base, 60000);
    corrupt_tcti_init(&bad, &tcti.base);
    if (tpm2l_ctx_init(&ctx, &bad.base))
        return -1;
    OK(tpm2l_auth_handle_set(&in.primaryHandle, TPM2_RH_OWNER, NULL, 0));
    OK(tpm2l_template_get(TPM2L_TPL_EK_SIGNING, &in.inPublic.publicArea));
    OK(tpm2l_CreatePrimary(&ctx, &in, &ak));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tpm2l_FlushContext_in f = {ak.objectHandle.handle};
    (void)tpm2l_FlushContext(&ctx, &f);
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tcti.base);
    sim_stop(&sim);
    return 0;
}

static void start_hmac(tpm2l_session *s, const tpm2l_auth_handle *bind)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_HMAC;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    p.bind = bind;
    p.attrs = TPMA_SESSION_CONTINUESESSION;
    OK(tpm2l_session_start(&ctx, s, &p));
}

static void test_the_response_hmac_is_compared_in_constant_time(void **state)
{
    (void)state;
    tpm2l_session s;
    tpm2l_GetRandom_in in = {16};
    tpm2l_GetRandom_out out;
    start_hmac(&s, NULL);
    s.attrs |= TPMA_SESSION_AUDIT; /* an extra session needs a role: audit */

    ct_reset();
    tpm2l_ctx_next_sessions(&ctx, &s, NULL);
    OK(tpm2l_GetRandom(&ctx, &in, &out));
    assert_int_equal(ct_calls, 1);
    assert_int_equal(ct_unequal, 0);
    assert_int_equal(ct_last_n, 32);

    ct_reset();
    bad.mode = CORRUPT_FLIP_LAST; /* the last byte of the response HMAC */
    tpm2l_ctx_next_sessions(&ctx, &s, NULL);
    check(tpm2l_GetRandom(&ctx, &in, &out), TPM2L_RC_SESSION(TPM2L_E_RESPONSE_AUTH),
          "GetRandom");
    assert_int_equal(ct_calls, 1);
    assert_int_equal(ct_unequal, 1);
    assert_int_equal(ct_last_n, 32);
    OK(tpm2l_session_flush(&ctx, &s));
}

static void test_a_returned_name_is_compared_in_constant_time(void **state)
{
    (void)state;
    tpm2l_ReadPublic_in in;
    tpm2l_ReadPublic_out out;
    in.objectHandle = ak.objectHandle;
    ct_reset();
    OK(tpm2l_ReadPublic(&ctx, &in, &out));
    assert_true(ct_calls >= 2); /* recomputed name, and the caller's expected name */
    assert_int_equal(ct_unequal, 0);

    in.objectHandle.name.name[in.objectHandle.name.size - 1] ^= 1;
    ct_reset();
    check(tpm2l_ReadPublic(&ctx, &in, &out), TPM2L_RC_COMMAND(TPM2L_E_NAME_MISMATCH),
          "ReadPublic");
    assert_int_equal(ct_unequal, 1);
    assert_int_equal(ct_last_n, in.objectHandle.name.size);
}

static void test_the_bind_authvalue_digest_is_compared_in_constant_time(void **state)
{
    (void)state;
    tpm2l_session s;
    tpm2l_auth_handle owner;
    OK(tpm2l_auth_handle_set(&owner, TPM2_RH_OWNER, NULL, 0));
    start_hmac(&s, &owner);
    /* an owner command that changes nothing: SetPrimaryPolicy removing no policy */
    static tpm2l_SetPrimaryPolicy_in sp;
    sp.authHandle = owner;
    sp.authHandle.session = &s;
    sp.hashAlg = TPM2_ALG_NULL;
    ct_reset();
    OK(tpm2l_SetPrimaryPolicy(&ctx, &sp));
    /* name (4-byte handle) then H(authValue) (32 bytes) against the bind record,
     * then the response HMAC */
    assert_int_equal(ct_calls, 3);
    assert_int_equal(ct_unequal, 0);

    /* a different authValue is a different entity to the TPM: the digest compare
     * fails (counted), the HMAC includes the authValue, and the TPM refuses */
    OK(tpm2l_auth_handle_set(&sp.authHandle, TPM2_RH_OWNER, "x", 1));
    sp.authHandle.session = &s;
    ct_reset();
    TPM2_RC rc = tpm2l_SetPrimaryPolicy(&ctx, &sp);
    assert_int_not_equal(rc, 0);
    assert_int_equal(ct_calls, 2);
    assert_int_equal(ct_unequal, 1);
    assert_int_equal(ct_last_n, 32);
    tpm2l_session_flush(&ctx, &s);
}

static void test_attestation_checks_compare_in_constant_time(void **state)
{
    (void)state;
    static tpm2l_Quote_in in;
    static tpm2l_Quote_out out;
    static tpm2l_PCR_Read_in rin;
    static tpm2l_PCR_Read_out rout;
    tpm2l_verify_result res;

    memset(&in, 0, sizeof in);
    OK(tpm2l_auth_handle_set(&in.signHandle, ak.objectHandle.handle, NULL, 0));
    in.signHandle.name = ak.objectHandle.name;
    in.qualifyingData.size = 16;
    memcpy(in.qualifyingData.buffer, "fresh-nonce-0001", 16);
    in.inScheme.scheme = TPM2_ALG_NULL;
    in.PCRselect.count = 1;
    in.PCRselect.pcrSelections[0].hash = TPM2_ALG_SHA256;
    in.PCRselect.pcrSelections[0].sizeofSelect = 3;
    in.PCRselect.pcrSelections[0].pcrSelect[0] = 1;
    OK(tpm2l_Quote(&ctx, &in, &out));
    rin.pcrSelectionIn = in.PCRselect;
    OK(tpm2l_PCR_Read(&ctx, &rin, &rout));

    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_QUOTE;
    e.extraData = &in.qualifyingData;
    e.pcrSelect = &in.PCRselect;
    e.pcrValues = rout.pcrValues.digests[0].buffer;
    e.pcrValues_len = 32;
    ct_reset();
    OK(tpm2l_attest_verify(NULL, &ak.outPublic.publicArea, &out.quoted, &out.signature, &e,
                           NULL, &res));
    assert_true(ct_calls >= 2); /* extraData, pcrDigest */
    assert_int_equal(ct_unequal, 0);

    TPM2B_DATA other = in.qualifyingData;
    other.buffer[0] ^= 1;
    e.extraData = &other;
    ct_reset();
    assert_int_not_equal(tpm2l_attest_verify(NULL, &ak.outPublic.publicArea, &out.quoted,
                                             &out.signature, &e, NULL, &res), 0);
    assert_int_equal(ct_unequal, 1);
    assert_int_equal(ct_last_n, 16);

    e.extraData = &in.qualifyingData;
    uint8_t pcr[32];
    memcpy(pcr, rout.pcrValues.digests[0].buffer, 32);
    pcr[5] ^= 1;
    e.pcrValues = pcr;
    ct_reset();
    assert_int_not_equal(tpm2l_attest_verify(NULL, &ak.outPublic.publicArea, &out.quoted,
                                             &out.signature, &e, NULL, &res), 0);
    assert_int_equal(ct_unequal, 1);
    assert_int_equal(ct_last_n, 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_response_hmac_is_compared_in_constant_time),
        cmocka_unit_test(test_a_returned_name_is_compared_in_constant_time),
        cmocka_unit_test(test_the_bind_authvalue_digest_is_compared_in_constant_time),
        cmocka_unit_test(test_attestation_checks_compare_in_constant_time),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
