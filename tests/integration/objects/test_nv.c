/* test_nv.c - NV indices against a real TPM over every simulator kind: define, write,
 * read, undefine under owner and index authorisation, counters and extend indices,
 * the name that changes with the first write (checked against NV_ReadPublic and
 * tpm2_nvreadpublic), and GetSessionAuditDigest's argument errors. Every test removes
 * the indices it defines; the last one checks that none is left. */
#include <stdio.h>
#include <string.h>

#include "tests/integration/objects/objects_util.h"

#define IDX 0x01000100u
#define RC_BAD_AUTH_S1 (TPM2_RC_BAD_AUTH | TPM2_RC_S | TPM2_RC_1)
#define E_NAME_MISMATCH TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_NAME_MISMATCH)

static TPMS_NV_PUBLIC pub; /* the index the current test defined */
static tpm2l_handle nv;    /* its handle and current name */

static void define(TPM2_NT nt, TPMA_NV attrs, uint16_t size, const char *auth)
{
    static tpm2l_NV_DefineSpace_in in;
    static tpm2l_NV_DefineSpace_out out;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    if (auth) {
        in.auth.size = (uint16_t)strlen(auth);
        memcpy(in.auth.buffer, auth, in.auth.size);
    }
    memset(&pub, 0, sizeof pub);
    pub.nvIndex = IDX;
    pub.nameAlg = TPM2_ALG_SHA256;
    pub.attributes = attrs | TPMA_NV_NT_SET(nt);
    pub.dataSize = size;
    in.publicInfo.nvPublic = pub;
    OK(tpm2l_NV_DefineSpace(&ctx, &in, &out));
    nv = out.nvIndex;
}

static void undefine(void)
{
    tpm2l_NV_UndefineSpace_in in;
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.nvIndex = nv;
    OK(tpm2l_NV_UndefineSpace(&ctx, &in));
}

/* The index as its own authorisation, with its current name. */
static tpm2l_auth_handle index_auth(const char *auth)
{
    tpm2l_auth_handle ah = hierarchy(nv.handle, auth);
    ah.name = nv.name;
    return ah;
}

static TPM2_RC nv_write(tpm2l_auth_handle ah, const void *data, uint16_t len, uint16_t offset)
{
    static tpm2l_NV_Write_in in;
    in.authHandle = ah;
    in.nvIndex = nv;
    in.data.size = len;
    memcpy(in.data.buffer, data, len);
    in.offset = offset;
    return tpm2l_NV_Write(&ctx, &in);
}

static TPM2_RC nv_read(tpm2l_auth_handle ah, uint16_t size, uint16_t offset,
                       tpm2l_NV_Read_out *out)
{
    tpm2l_NV_Read_in in;
    in.authHandle = ah;
    in.nvIndex = nv;
    in.size = size;
    in.offset = offset;
    return tpm2l_NV_Read(&ctx, &in, out);
}

static TPM2_RC read_public(const TPM2B_NAME *expected, tpm2l_NV_ReadPublic_out *out)
{
    tpm2l_NV_ReadPublic_in in;
    in.nvIndex.handle = IDX;
    in.nvIndex.name.size = 0;
    if (expected)
        in.nvIndex.name = *expected;
    return tpm2l_NV_ReadPublic(&ctx, &in, out);
}

static void test_nv_define_write_read_undefine_under_owner_auth(void **state)
{
    (void)state;
    static tpm2l_NV_Read_out out;
    define(TPM2_NT_ORDINARY, TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD, 32, NULL);
    OK(nv_write(hierarchy(TPM2_RH_OWNER, NULL), "0123456789abcdef", 16, 8));
    OK(tpm2l_nv_mark_written(&pub, &nv.name));
    OK(nv_read(hierarchy(TPM2_RH_OWNER, NULL), 16, 8, &out));
    assert_int_equal(out.data.size, 16);
    assert_memory_equal(out.data.buffer, "0123456789abcdef", 16);
    undefine();
}

static void test_nv_write_read_with_the_index_auth_value(void **state)
{
    (void)state;
    static tpm2l_NV_Read_out out;
    define(TPM2_NT_ORDINARY, TPMA_NV_AUTHWRITE | TPMA_NV_AUTHREAD, 8, "nv-pass");
    OK(nv_write(index_auth("nv-pass"), "abcdefgh", 8, 0));
    OK(tpm2l_nv_mark_written(&pub, &nv.name));
    OK(nv_read(index_auth("nv-pass"), 8, 0, &out));
    assert_memory_equal(out.data.buffer, "abcdefgh", 8);
    undefine();
}

static void test_nv_write_with_a_wrong_index_password_is_TPM_RC_BAD_AUTH(void **state)
{
    (void)state;
    define(TPM2_NT_ORDINARY, TPMA_NV_AUTHWRITE | TPMA_NV_AUTHREAD | TPMA_NV_NO_DA, 8, "right");
    FAILS_WITH(nv_write(index_auth("wrong"), "abcdefgh", 8, 0), RC_BAD_AUTH_S1);
    assert_error_mentions("NV_Write: TPM_RC_BAD_AUTH");
    undefine();
}

static void test_nv_define_space_name_matches_nv_read_public(void **state)
{
    (void)state;
    static tpm2l_NV_ReadPublic_out out;
    define(TPM2_NT_ORDINARY, TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD, 8, NULL);
    assert_int_equal(nv.handle, IDX);
    assert_int_equal(nv.name.size, 34);
    OK(read_public(&nv.name, &out));
    assert_true(tpm2l_name_equal(&out.nvName, &nv.name));
    assert_int_equal(out.nvPublic.nvPublic.attributes, pub.attributes);
    undefine();
}

static void test_nv_name_changes_after_the_first_write(void **state)
{
    (void)state;
    static tpm2l_NV_ReadPublic_out out;
    define(TPM2_NT_ORDINARY, TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD, 8, NULL);
    TPM2B_NAME before = nv.name;
    OK(nv_write(hierarchy(TPM2_RH_OWNER, NULL), "x", 1, 0));
    /* the name we held is stale now, and NV_ReadPublic says so */
    FAILS_WITH(read_public(&before, &out), E_NAME_MISMATCH);
    assert_error_mentions("tpm2l_nv_mark_written");
    OK(tpm2l_nv_mark_written(&pub, &nv.name));
    assert_false(tpm2l_name_equal(&before, &nv.name));
    OK(read_public(&nv.name, &out));
    assert_true((out.nvPublic.nvPublic.attributes & TPMA_NV_WRITTEN) != 0);
    /* the undefine's name must be the new one */
    undefine();
}

static void test_nv_read_before_any_write_is_TPM_RC_NV_UNINITIALIZED(void **state)
{
    (void)state;
    static tpm2l_NV_Read_out out;
    define(TPM2_NT_ORDINARY, TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD, 8, NULL);
    FAILS_WITH(nv_read(hierarchy(TPM2_RH_OWNER, NULL), 8, 0, &out), TPM2_RC_NV_UNINITIALIZED);
    undefine();
}

static void test_nv_read_past_the_end_is_TPM_RC_NV_RANGE(void **state)
{
    (void)state;
    static tpm2l_NV_Read_out out;
    define(TPM2_NT_ORDINARY, TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD, 8, NULL);
    OK(nv_write(hierarchy(TPM2_RH_OWNER, NULL), "abcdefgh", 8, 0));
    FAILS_WITH(nv_read(hierarchy(TPM2_RH_OWNER, NULL), 8, 4, &out), TPM2_RC_NV_RANGE);
    OK(tpm2l_nv_mark_written(&pub, &nv.name));
    undefine();
}

static void test_nv_read_public_of_an_undefined_index_is_TPM_RC_HANDLE(void **state)
{
    (void)state;
    static tpm2l_NV_ReadPublic_out out;
    FAILS_WITH(read_public(NULL, &out), RC_HANDLE_1);
}

static uint64_t be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

static void test_nv_increment_counts_up_by_one(void **state)
{
    (void)state;
    static tpm2l_NV_Read_out out;
    tpm2l_NV_Increment_in in;
    define(TPM2_NT_COUNTER, TPMA_NV_AUTHWRITE | TPMA_NV_AUTHREAD, 8, NULL);
    in.authHandle = index_auth(NULL);
    in.nvIndex = nv;
    OK(tpm2l_NV_Increment(&ctx, &in));
    OK(tpm2l_nv_mark_written(&pub, &nv.name));
    OK(nv_read(index_auth(NULL), 8, 0, &out));
    uint64_t first = be64(out.data.buffer);
    in.authHandle = index_auth(NULL);
    in.nvIndex = nv;
    OK(tpm2l_NV_Increment(&ctx, &in));
    OK(nv_read(index_auth(NULL), 8, 0, &out));
    assert_int_equal(be64(out.data.buffer), first + 1);
    undefine();
}

static void test_nv_extend_hashes_into_the_index(void **state)
{
    (void)state;
    static tpm2l_NV_Read_out out;
    static tpm2l_NV_Extend_in in;
    uint8_t buf[32 + 5] = {0}, want[32];
    define(TPM2_NT_EXTEND, TPMA_NV_AUTHWRITE | TPMA_NV_AUTHREAD, 32, NULL);
    in.authHandle = index_auth(NULL);
    in.nvIndex = nv;
    in.data.size = 5;
    memcpy(in.data.buffer, "hello", 5);
    OK(tpm2l_NV_Extend(&ctx, &in));
    OK(tpm2l_nv_mark_written(&pub, &nv.name));
    OK(nv_read(index_auth(NULL), 32, 0, &out));
    memcpy(buf + 32, "hello", 5); /* new = H(old (zeros) || data) */
    OK(tpm2l_hash(NULL, TPM2_ALG_SHA256, buf, sizeof buf, want, sizeof want));
    assert_memory_equal(out.data.buffer, want, 32);
    undefine();
}

/* ---- tpm2-tools as an independent peer ---- */

static void test_nv_name_equals_tpm2_nvreadpublic_before_and_after_a_write(void **state)
{
    (void)state;
    const char *t = sim_tools_tcti(&sim);
    if (!t)
        skip(); /* no tpm2-tools TCTI reaches this kind (in-process libtpms) */
    define(TPM2_NT_ORDINARY, TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD, 8, NULL);
    for (int round = 0; round < 2; round++) {
        if (round == 1) {
            OK(nv_write(hierarchy(TPM2_RH_OWNER, NULL), "x", 1, 0));
            OK(tpm2l_nv_mark_written(&pub, &nv.name));
        }
        char cmd[1024], out[4096], want[80];
        snprintf(cmd, sizeof cmd, "tpm2_nvreadpublic -T '%s' 0x%x", t, IDX);
        const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
        close_tpm(); /* swtpm serves one connection at a time */
        int rc = sim_run(argv, out, sizeof out, 120000);
        assert_int_equal(open_tpm(), 0);
        if (rc)
            fail_msg("%s: exit %d: %s", cmd, rc, out);
        int n = snprintf(want, sizeof want, "name: ");
        for (size_t i = 0; i < nv.name.size; i++)
            n += snprintf(want + n, sizeof want - (size_t)n, "%02x", nv.name.name[i]);
        if (!strstr(out, want))
            fail_msg("round %d: \"%s\" not in tpm2_nvreadpublic's output:\n%s", round, want, out);
    }
    undefine();
}

/* ---- Part 3 §18.5 GetSessionAuditDigest: argument errors ---- */

static void audit_in(tpm2l_GetSessionAuditDigest_in *in, TPMI_SH_HMAC session)
{
    memset(in, 0, sizeof *in);
    in->privacyAdminHandle = hierarchy(TPM2_RH_ENDORSEMENT, NULL);
    in->signHandle = hierarchy(TPM2_RH_NULL, NULL);
    in->sessionHandle = session;
    in->inScheme.scheme = TPM2_ALG_NULL;
}

static void test_get_session_audit_digest_refuses_a_handle_that_is_no_hmac_session(void **state)
{
    (void)state;
    static tpm2l_GetSessionAuditDigest_in in;
    static tpm2l_GetSessionAuditDigest_out out;
    audit_in(&in, TPM2_RH_OWNER);
    FAILS_WITH(tpm2l_GetSessionAuditDigest(&ctx, &in, &out),
               TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_BAD_ARG));
    assert_error_mentions("not an HMAC session");
}

static void test_get_session_audit_digest_of_an_unloaded_session_is_TPM_RC_REFERENCE_H2(void **state)
{
    (void)state;
    static tpm2l_GetSessionAuditDigest_in in;
    static tpm2l_GetSessionAuditDigest_out out;
    audit_in(&in, TPM2_HR_HMAC_SESSION | 0x10);
    /* a warning, not a handle error: the session may exist, saved (Part 2 §6.6.3) */
    FAILS_WITH(tpm2l_GetSessionAuditDigest(&ctx, &in, &out), TPM2_RC_REFERENCE_H2);
    assert_error_mentions("handle 3");
}

static void test_get_session_audit_digest_needs_the_endorsement_hierarchy(void **state)
{
    (void)state;
    static tpm2l_GetSessionAuditDigest_in in;
    static tpm2l_GetSessionAuditDigest_out out;
    audit_in(&in, TPM2_HR_HMAC_SESSION | 0x10);
    in.privacyAdminHandle = hierarchy(TPM2_RH_OWNER, NULL);
    FAILS_WITH(tpm2l_GetSessionAuditDigest(&ctx, &in, &out),
               TPM2_RC_VALUE | TPM2_RC_H | TPM2_RC_1);
}

static void test_nothing_is_left_defined_or_loaded(void **state)
{
    (void)state;
    assert_int_equal(count_handles(TPM2_HR_NV_INDEX), 0);
    assert_no_transients();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nv_define_write_read_undefine_under_owner_auth),
        cmocka_unit_test(test_nv_write_read_with_the_index_auth_value),
        cmocka_unit_test(test_nv_write_with_a_wrong_index_password_is_TPM_RC_BAD_AUTH),
        cmocka_unit_test(test_nv_define_space_name_matches_nv_read_public),
        cmocka_unit_test(test_nv_name_changes_after_the_first_write),
        cmocka_unit_test(test_nv_read_before_any_write_is_TPM_RC_NV_UNINITIALIZED),
        cmocka_unit_test(test_nv_read_past_the_end_is_TPM_RC_NV_RANGE),
        cmocka_unit_test(test_nv_read_public_of_an_undefined_index_is_TPM_RC_HANDLE),
        cmocka_unit_test(test_nv_increment_counts_up_by_one),
        cmocka_unit_test(test_nv_extend_hashes_into_the_index),
        cmocka_unit_test(test_nv_name_equals_tpm2_nvreadpublic_before_and_after_a_write),
        cmocka_unit_test(test_get_session_audit_digest_refuses_a_handle_that_is_no_hmac_session),
        cmocka_unit_test(test_get_session_audit_digest_of_an_unloaded_session_is_TPM_RC_REFERENCE_H2),
        cmocka_unit_test(test_get_session_audit_digest_needs_the_endorsement_hierarchy),
        cmocka_unit_test(test_nothing_is_left_defined_or_loaded),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
