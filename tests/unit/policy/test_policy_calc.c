/* test_policy_calc.c - the software policy calculator against published values (TCG EK
 * Credential Profile PolicyA/B/C) and against chains computed here by hand, straight
 * from Part 3 §23's formulas with OpenSSL's SHA-256 and bytes written out in the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "tpm2lite/policy.h"

/* ---- the independent reference: a byte builder and one-shot SHA-256 ---- */

typedef struct {
    uint8_t b[2048];
    size_t n;
} bytes;

static void put(bytes *x, const void *p, size_t n)
{
    assert_true(x->n + n <= sizeof x->b);
    memcpy(x->b + x->n, p, n);
    x->n += n;
}

static void put32(bytes *x, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    put(x, b, 4);
}

static void put16(bytes *x, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    put(x, b, 2);
}

static void sha256(const bytes *x, uint8_t out[32])
{
    unsigned len = 0;
    assert_int_equal(EVP_Digest(x->b, x->n, out, &len, EVP_sha256(), NULL), 1);
    assert_int_equal(len, 32);
}

/* H(old || cc || extra) */
static void ref_update(uint8_t d[32], uint32_t cc, const void *extra, size_t n)
{
    bytes x = {.n = 0};
    put(&x, d, 32);
    put32(&x, cc);
    if (n)
        put(&x, extra, n);
    sha256(&x, d);
}

static void hex(const char *s, uint8_t *out, size_t n)
{
    assert_int_equal(strlen(s), 2 * n);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
        out[i] = (uint8_t)v;
    }
}

static void assert_digest(const tpm2l_policy *p, const uint8_t *want, size_t n)
{
    assert_int_equal(p->digest.size, n);
    assert_memory_equal(p->digest.buffer, want, n);
}

static void assert_digest_hex(const tpm2l_policy *p, const char *want)
{
    uint8_t w[64];
    size_t n = strlen(want) / 2;
    hex(want, w, n);
    assert_digest(p, w, n);
}

static tpm2l_policy fresh(void)
{
    tpm2l_policy p;
    assert_int_equal(tpm2l_policy_init(&p, TPM2_ALG_SHA256), 0);
    return p;
}

static TPM2B_NAME handle_name(TPM2_HANDLE h)
{
    TPM2B_NAME n;
    assert_int_equal(tpm2l_name_from_handle(h, &n), 0);
    return n;
}

static TPM2B_NAME fake_object_name(uint8_t fill)
{
    TPM2B_NAME n = {.size = 34};
    n.name[0] = 0x00;
    n.name[1] = 0x0B;
    memset(n.name + 2, fill, 32);
    return n;
}

static TPM2B_DIGEST digest_of(uint8_t fill)
{
    TPM2B_DIGEST d = {.size = 32};
    memset(d.buffer, fill, 32);
    return d;
}

#define POLICY_A "837197674484B3F81A90CC8D46A5D724FD52D76E06520B64F2A1DA1B331469AA"
#define POLICY_B "CA3D0A99A2B93906F7A3342414EFCFB3A385D44CD1FD459089D19B5071C0B7A0"
/* TCG EK Credential Profile 2.x, Annex B (computing PolicyB): PolicyC is
 * PolicyAuthorizeNV over the name of NV index 0x01C07F01 (SHA-256, TPMA_NV 0x220F1008,
 * authPolicy PolicyA, dataSize 0x22), and PolicyB = PolicyOR(PolicyA, PolicyC). */
#define POLICY_C "3767E2EDD43FF45A3A7E1EAEFCEF78643DCA964632E7AAD82C673A30D8633FDE"
#define EK_NV_NAME "000B0C9D717E9C3FE69FDA41769450BB145957F8B3610E084DBF65591A5D11ECD83F"

/* ---- state ---- */

static void test_init_gives_zeros_of_the_hash_size(void **state)
{
    (void)state;
    static const uint8_t zeros[48];
    tpm2l_policy p;
    assert_int_equal(tpm2l_policy_init(&p, TPM2_ALG_SHA384), 0);
    assert_digest(&p, zeros, 48);
    assert_int_equal(tpm2l_policy_init(&p, TPM2_ALG_NULL),
                     TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_SELECTOR));
}

static void test_restart_gives_zeros_again(void **state)
{
    (void)state;
    static const uint8_t zeros[32];
    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_auth_value(&p), 0);
    tpm2l_policy_restart(&p);
    assert_digest(&p, zeros, 32);
}

static void test_uninitialised_policy_is_refused(void **state)
{
    (void)state;
    tpm2l_policy p;
    memset(&p, 0, sizeof p);
    assert_int_equal(tpm2l_policy_auth_value(&p),
                     TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG));
}

/* ---- published values ---- */

static void test_policy_a_is_policysecret_of_the_endorsement_hierarchy(void **state)
{
    (void)state;
    tpm2l_policy p = fresh();
    TPM2B_NAME eh = handle_name(TPM2_RH_ENDORSEMENT);
    assert_int_equal(tpm2l_policy_secret(&p, &eh, NULL), 0);
    assert_digest_hex(&p, POLICY_A);
}

static void test_policy_a_sha384(void **state)
{
    (void)state;
    tpm2l_policy p;
    TPM2B_NAME eh = handle_name(TPM2_RH_ENDORSEMENT);
    assert_int_equal(tpm2l_policy_init(&p, TPM2_ALG_SHA384), 0);
    assert_int_equal(tpm2l_policy_secret(&p, &eh, NULL), 0);
    assert_digest_hex(&p, "8BBF2266537C171CB56E403C4DC1D4B64F432611DC386E6F"
                          "532050C3278C930E143E8BB1133824CCB431053871C6DB53");
}

static void test_policy_c_is_policyauthorizenv_of_the_ek_policy_index(void **state)
{
    (void)state;
    TPMS_NV_PUBLIC nv = {.nvIndex = 0x01C07F01, .nameAlg = TPM2_ALG_SHA256,
                         .attributes = 0x220F1008, .dataSize = 0x22};
    TPM2B_NAME name, want = {.size = 34};
    tpm2l_policy a = fresh(), p = fresh();
    TPM2B_NAME eh = handle_name(TPM2_RH_ENDORSEMENT);

    assert_int_equal(tpm2l_policy_secret(&a, &eh, NULL), 0);
    nv.authPolicy = a.digest;
    assert_int_equal(tpm2l_name_from_nv_public(&nv, &name), 0);
    hex(EK_NV_NAME, want.name, 34);
    assert_int_equal(name.size, 34);
    assert_memory_equal(name.name, want.name, 34);
    assert_int_equal(tpm2l_policy_authorize_nv(&p, &name), 0);
    assert_digest_hex(&p, POLICY_C);
}

static void test_policy_b_is_or_of_policy_a_and_policy_c(void **state)
{
    (void)state;
    TPML_DIGEST list = {.count = 2};
    tpm2l_policy p = fresh();
    list.digests[0].size = list.digests[1].size = 32;
    hex(POLICY_A, list.digests[0].buffer, 32);
    hex(POLICY_C, list.digests[1].buffer, 32);
    /* Something before the OR must not matter: PolicyOR starts from zeros. */
    assert_int_equal(tpm2l_policy_auth_value(&p), 0);
    assert_int_equal(tpm2l_policy_or(&p, &list), 0);
    assert_digest_hex(&p, POLICY_B);
}

/* ---- hand-checked chains ---- */

static TPML_PCR_SELECTION sel_sha256_0_1(void)
{
    TPML_PCR_SELECTION s = {.count = 1};
    s.pcrSelections[0].hash = TPM2_ALG_SHA256;
    s.pcrSelections[0].sizeofSelect = 3;
    s.pcrSelections[0].pcrSelect[0] = 0x03;
    return s;
}

static void test_pcr_then_password_matches_hand_computation(void **state)
{
    (void)state;
    TPML_PCR_SELECTION sel = sel_sha256_0_1();
    TPM2B_DIGEST vals[2] = {digest_of(0x00), digest_of(0x11)};
    uint8_t want[32] = {0}, pcrd[32];
    bytes x = {.n = 0};

    put(&x, vals[0].buffer, 32);
    put(&x, vals[1].buffer, 32);
    sha256(&x, pcrd);
    x.n = 0;
    put32(&x, 1);                      /* TPML_PCR_SELECTION.count */
    put16(&x, TPM2_ALG_SHA256);
    uint8_t s[4] = {3, 0x03, 0x00, 0x00}; /* sizeofSelect, pcrSelect[3] */
    put(&x, s, 4);
    put(&x, pcrd, 32);
    ref_update(want, TPM2_CC_PolicyPCR, x.b, x.n);
    ref_update(want, TPM2_CC_PolicyAuthValue, NULL, 0);

    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_pcr_values(&p, &sel, vals, 2), 0);
    assert_int_equal(tpm2l_policy_password(&p), 0);
    assert_digest(&p, want, 32);
}

static void test_pcr_values_and_pcr_digest_agree(void **state)
{
    (void)state;
    TPML_PCR_SELECTION sel = sel_sha256_0_1();
    TPM2B_DIGEST vals[2] = {digest_of(0x22), digest_of(0x33)}, pcrd;
    tpm2l_policy a = fresh(), b = fresh();
    assert_int_equal(tpm2l_policy_pcr_values(&a, &sel, vals, 2), 0);
    assert_int_equal(tpm2l_policy_pcr_digest(NULL, TPM2_ALG_SHA256, vals, 2, &pcrd), 0);
    assert_int_equal(tpm2l_policy_pcr(&b, &sel, &pcrd), 0);
    assert_memory_equal(a.digest.buffer, b.digest.buffer, 32);
}

static void test_pcr_values_not_matching_the_selection_are_refused(void **state)
{
    (void)state;
    TPML_PCR_SELECTION sel = sel_sha256_0_1();
    TPM2B_DIGEST vals[3] = {digest_of(1), digest_of(2), digest_of(3)};
    tpm2l_policy p = fresh();
    const TPM2_RC bad = TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG);
    assert_int_equal(tpm2l_policy_pcr_values(&p, &sel, vals, 1), bad);
    assert_int_equal(tpm2l_policy_pcr_values(&p, &sel, vals, 3), bad);
    vals[1].size = 20; /* a SHA-1 sized value in the SHA-256 bank */
    assert_int_equal(tpm2l_policy_pcr_values(&p, &sel, vals, 2), bad);
}

static void test_password_and_auth_value_give_the_same_digest(void **state)
{
    (void)state;
    tpm2l_policy a = fresh(), b = fresh();
    uint8_t want[32] = {0};
    ref_update(want, TPM2_CC_PolicyAuthValue, NULL, 0);
    assert_int_equal(tpm2l_policy_password(&a), 0);
    assert_int_equal(tpm2l_policy_auth_value(&b), 0);
    assert_digest(&a, want, 32);
    assert_digest(&b, want, 32);
}

static void test_or_of_two_branches_matches_hand_computation(void **state)
{
    (void)state;
    TPML_DIGEST list = {.count = 2, .digests = {digest_of(0xAA), digest_of(0xBB)}};
    uint8_t want[32] = {0};
    bytes x = {.n = 0};
    put(&x, list.digests[0].buffer, 32);
    put(&x, list.digests[1].buffer, 32);
    ref_update(want, TPM2_CC_PolicyOR, x.b, x.n);
    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_or(&p, &list), 0);
    assert_digest(&p, want, 32);
}

static void test_or_refuses_one_branch_nine_branches_and_wrong_sizes(void **state)
{
    (void)state;
    const TPM2_RC bad = TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG);
    TPML_DIGEST list = {.count = 1, .digests = {digest_of(1), digest_of(2)}};
    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_or(&p, &list), bad);
    list.count = 9;
    assert_int_equal(tpm2l_policy_or(&p, &list), bad);
    list.count = 2;
    list.digests[1].size = 20;
    assert_int_equal(tpm2l_policy_or(&p, &list), bad);
}

static void test_command_code_matches_hand_computation(void **state)
{
    (void)state;
    uint8_t want[32] = {0}, cc[4] = {0x00, 0x00, 0x01, 0x5E}; /* TPM_CC_Unseal */
    ref_update(want, TPM2_CC_PolicyCommandCode, cc, 4);
    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_command_code(&p, TPM2_CC_Unseal), 0);
    assert_digest(&p, want, 32);
}

static void test_locality_matches_hand_computation_and_refuses_zero(void **state)
{
    (void)state;
    uint8_t want[32] = {0}, loc = 0x03;
    ref_update(want, TPM2_CC_PolicyLocality, &loc, 1);
    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_locality(&p, 0),
                     TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_policy_locality(&p, 0x03), 0);
    assert_digest(&p, want, 32);
}

static void test_nv_matches_hand_computation(void **state)
{
    (void)state;
    TPM2B_OPERAND op = {.size = 4, .buffer = {0xDE, 0xAD, 0xBE, 0xEF}};
    TPM2B_NAME nv = fake_object_name(0x5A);
    uint8_t want[32] = {0}, args[32];
    bytes x = {.n = 0};
    put(&x, op.buffer, 4);
    put16(&x, 2);                   /* offset */
    put16(&x, TPM2_EO_UNSIGNED_GE); /* operation */
    sha256(&x, args);
    x.n = 0;
    put(&x, args, 32);
    put(&x, nv.name, nv.size);
    ref_update(want, TPM2_CC_PolicyNV, x.b, x.n);

    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_nv(&p, &op, 2, TPM2_EO_UNSIGNED_GE, &nv), 0);
    assert_digest(&p, want, 32);
}

static void test_authorize_resets_then_extends_key_name_and_policy_ref(void **state)
{
    (void)state;
    TPM2B_NAME key = fake_object_name(0x42);
    TPM2B_NONCE ref = {.size = 3, .buffer = {'r', 'e', 'f'}};
    uint8_t want[32] = {0};
    bytes x = {.n = 0};
    ref_update(want, TPM2_CC_PolicyAuthorize, key.name, key.size);
    put(&x, want, 32);
    put(&x, ref.buffer, 3);
    sha256(&x, want);

    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_command_code(&p, TPM2_CC_Unseal), 0); /* replaced */
    assert_int_equal(tpm2l_policy_authorize(&p, &ref, &key), 0);
    assert_digest(&p, want, 32);
}

static void test_secret_with_policy_ref_takes_the_second_step(void **state)
{
    (void)state;
    TPM2B_NAME owner = handle_name(TPM2_RH_OWNER);
    TPM2B_NONCE ref = {.size = 2, .buffer = {0x01, 0x02}};
    uint8_t want[32] = {0};
    bytes x = {.n = 0};
    ref_update(want, TPM2_CC_PolicySecret, owner.name, owner.size);
    put(&x, want, 32);
    put(&x, ref.buffer, 2);
    sha256(&x, want);
    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_secret(&p, &owner, &ref), 0);
    assert_digest(&p, want, 32);
}

static void test_signed_uses_policysigned_and_the_key_name(void **state)
{
    (void)state;
    TPM2B_NAME key = fake_object_name(0x77);
    uint8_t want[32] = {0};
    bytes x = {.n = 0};
    ref_update(want, TPM2_CC_PolicySigned, key.name, key.size);
    put(&x, want, 32);
    sha256(&x, want);
    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_signed(&p, &key, NULL), 0);
    assert_digest(&p, want, 32);
}

static void test_duplication_select_with_and_without_object(void **state)
{
    (void)state;
    TPM2B_NAME obj = fake_object_name(0x01), parent = fake_object_name(0x02);
    uint8_t with[32] = {0}, without[32] = {0};
    bytes x = {.n = 0};
    put(&x, obj.name, obj.size);
    put(&x, parent.name, parent.size);
    put(&x, (const uint8_t[]){1}, 1);
    ref_update(with, TPM2_CC_PolicyDuplicationSelect, x.b, x.n);
    x.n = 0;
    put(&x, parent.name, parent.size);
    put(&x, (const uint8_t[]){0}, 1);
    ref_update(without, TPM2_CC_PolicyDuplicationSelect, x.b, x.n);

    tpm2l_policy p = fresh(), q = fresh();
    assert_int_equal(tpm2l_policy_duplication_select(&p, &obj, &parent, 1), 0);
    assert_digest(&p, with, 32);
    assert_int_equal(tpm2l_policy_duplication_select(&q, NULL, &parent, 0), 0);
    assert_digest(&q, without, 32);
}

static void test_name_hash_and_cp_hash_match_hand_computation(void **state)
{
    (void)state;
    TPM2B_DIGEST nh = digest_of(0x61), cp = digest_of(0x62);
    uint8_t want_n[32] = {0}, want_c[32] = {0};
    ref_update(want_n, TPM2_CC_PolicyNameHash, nh.buffer, 32);
    ref_update(want_c, TPM2_CC_PolicyCpHash, cp.buffer, 32);
    tpm2l_policy p = fresh(), q = fresh();
    assert_int_equal(tpm2l_policy_name_hash(&p, &nh), 0);
    assert_digest(&p, want_n, 32);
    assert_int_equal(tpm2l_policy_cp_hash(&q, &cp), 0);
    assert_digest(&q, want_c, 32);
}

static void test_wrong_sized_cp_hash_is_refused_and_digest_unchanged(void **state)
{
    (void)state;
    TPM2B_DIGEST cp = digest_of(0x62);
    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_auth_value(&p), 0);
    tpm2l_policy before = p;
    cp.size = 20;
    assert_int_equal(tpm2l_policy_cp_hash(&p, &cp),
                     TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG));
    assert_memory_equal(&p.digest, &before.digest, sizeof p.digest);
}

static void test_empty_names_are_refused(void **state)
{
    (void)state;
    TPM2B_NAME empty = {.size = 0};
    tpm2l_policy p = fresh();
    const TPM2_RC bad = TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG);
    assert_int_equal(tpm2l_policy_secret(&p, &empty, NULL), bad);
    assert_int_equal(tpm2l_policy_authorize(&p, NULL, &empty), bad);
    assert_int_equal(tpm2l_policy_duplication_select(&p, NULL, &empty, 0), bad);
}

static void test_signed_ahash_matches_hand_computation(void **state)
{
    (void)state;
    TPM2B_NONCE nonce = digest_of(0x10), ref = {.size = 1, .buffer = {0x99}};
    TPM2B_DIGEST aHash;
    uint8_t want[32];
    bytes x = {.n = 0};
    put(&x, nonce.buffer, 32);
    put32(&x, (uint32_t)-60); /* expiration, INT32 big-endian */
    put(&x, ref.buffer, 1);   /* cpHashA empty */
    sha256(&x, want);
    assert_int_equal(tpm2l_policy_signed_ahash(NULL, TPM2_ALG_SHA256, &nonce, -60, NULL, &ref,
                                               &aHash), 0);
    assert_int_equal(aHash.size, 32);
    assert_memory_equal(aHash.buffer, want, 32);
}

static void test_authorize_ahash_matches_hand_computation(void **state)
{
    (void)state;
    TPM2B_DIGEST approved = digest_of(0x31), aHash;
    uint8_t want[32];
    bytes x = {.n = 0};
    put(&x, approved.buffer, 32);
    sha256(&x, want);
    assert_int_equal(tpm2l_policy_authorize_ahash(NULL, TPM2_ALG_SHA256, &approved, NULL,
                                                  &aHash), 0);
    assert_memory_equal(aHash.buffer, want, 32);
}

static void test_counter_timer_matches_hand_computation(void **state)
{
    (void)state;
    TPM2B_OPERAND op = {.size = 8, .buffer = {0, 0, 0, 0, 0, 0, 0x10, 0}};
    uint8_t want[32] = {0}, args[32];
    bytes x = {.n = 0};
    put(&x, op.buffer, 8);
    put16(&x, 8);
    put16(&x, TPM2_EO_UNSIGNED_LT);
    sha256(&x, args);
    ref_update(want, TPM2_CC_PolicyCounterTimer, args, 32);
    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_counter_timer(&p, &op, 8, TPM2_EO_UNSIGNED_LT), 0);
    assert_digest(&p, want, 32);
}

static void test_nv_written_template_physical_presence_match(void **state)
{
    (void)state;
    TPM2B_DIGEST th = digest_of(0x7E);
    uint8_t want[32] = {0}, yes = 1;
    ref_update(want, TPM2_CC_PolicyNvWritten, &yes, 1);
    ref_update(want, TPM2_CC_PolicyTemplate, th.buffer, 32);
    ref_update(want, TPM2_CC_PolicyPhysicalPresence, NULL, 0);
    tpm2l_policy p = fresh();
    assert_int_equal(tpm2l_policy_nv_written(&p, 1), 0);
    assert_int_equal(tpm2l_policy_template(&p, &th), 0);
    assert_int_equal(tpm2l_policy_physical_presence(&p), 0);
    assert_digest(&p, want, 32);
    assert_int_equal(tpm2l_policy_nv_written(&p, 2),
                     TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_BAD_ARG));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_gives_zeros_of_the_hash_size),
        cmocka_unit_test(test_restart_gives_zeros_again),
        cmocka_unit_test(test_uninitialised_policy_is_refused),
        cmocka_unit_test(test_policy_a_is_policysecret_of_the_endorsement_hierarchy),
        cmocka_unit_test(test_policy_a_sha384),
        cmocka_unit_test(test_policy_c_is_policyauthorizenv_of_the_ek_policy_index),
        cmocka_unit_test(test_policy_b_is_or_of_policy_a_and_policy_c),
        cmocka_unit_test(test_pcr_then_password_matches_hand_computation),
        cmocka_unit_test(test_pcr_values_and_pcr_digest_agree),
        cmocka_unit_test(test_pcr_values_not_matching_the_selection_are_refused),
        cmocka_unit_test(test_password_and_auth_value_give_the_same_digest),
        cmocka_unit_test(test_or_of_two_branches_matches_hand_computation),
        cmocka_unit_test(test_or_refuses_one_branch_nine_branches_and_wrong_sizes),
        cmocka_unit_test(test_command_code_matches_hand_computation),
        cmocka_unit_test(test_locality_matches_hand_computation_and_refuses_zero),
        cmocka_unit_test(test_nv_matches_hand_computation),
        cmocka_unit_test(test_authorize_resets_then_extends_key_name_and_policy_ref),
        cmocka_unit_test(test_secret_with_policy_ref_takes_the_second_step),
        cmocka_unit_test(test_signed_uses_policysigned_and_the_key_name),
        cmocka_unit_test(test_duplication_select_with_and_without_object),
        cmocka_unit_test(test_name_hash_and_cp_hash_match_hand_computation),
        cmocka_unit_test(test_wrong_sized_cp_hash_is_refused_and_digest_unchanged),
        cmocka_unit_test(test_empty_names_are_refused),
        cmocka_unit_test(test_signed_ahash_matches_hand_computation),
        cmocka_unit_test(test_authorize_ahash_matches_hand_computation),
        cmocka_unit_test(test_counter_timer_matches_hand_computation),
        cmocka_unit_test(test_nv_written_template_physical_presence_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
