/* test_ctxfile.c - tpm2-tools context files: a real tpm2_createprimary file read field by
 * field and rewritten byte for byte, the plain form round-tripped, and every
 * truncation, a bad magic or version, a wrong name, an unknown record type and
 * trailing bytes refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/file/vectors.h"
#include "tpm2lite/keyfile.h"

#define RC_PARSE(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

/* Offsets in tools_ctx (see ctxfile.c's top comment). */
#define OFF_BLOB_SIZE 24
#define OFF_META 1272
#define OFF_NAME 1280
#define OFF_TYPE 1314

static tpm2l_ctxfile f, g;
static uint8_t buf[TPM2L_CTXFILE_MAX];

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void test_tools_file_reads_field_by_field(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_ctxfile_read(tools_ctx, sizeof tools_ctx, &f), 0);
    assert_int_equal(f.form, TPM2L_CTXFILE_ESAPI);
    assert_int_equal(f.context.hierarchy, TPM2_RH_OWNER);
    assert_int_equal(f.context.savedHandle, 0x80000000u);
    assert_int_equal(f.context.sequence, 1);
    assert_int_equal(f.context.contextBlob.size, 1240);
    assert_memory_equal(f.context.contextBlob.buffer, tools_ctx + 32, 1240);
    assert_true(f.has_record);
    assert_int_equal(f.esys_handle, 0x80000000u);
    assert_int_equal(f.rsrc_type, TPM2L_ESYS_RSRC_KEY);
    assert_int_equal(f.name.size, sizeof tools_ctx_name);
    assert_memory_equal(f.name.name, tools_ctx_name, sizeof tools_ctx_name);
    assert_int_equal(f.pub.publicArea.type, TPM2_ALG_RSA);
    assert_int_equal(f.pub.publicArea.objectAttributes, 0x00030072);
}

static void test_rewriting_tools_file_is_byte_identical(void **state)
{
    (void)state;
    size_t n;
    assert_int_equal(tpm2l_ctxfile_read(tools_ctx, sizeof tools_ctx, &f), 0);
    assert_int_equal(tpm2l_ctxfile_write(&f.context, &f.name, &f.pub, buf, sizeof buf, &n), 0);
    assert_int_equal(n, sizeof tools_ctx);
    assert_memory_equal(buf, tools_ctx, n);
    /* Without a name: computed from the public area, same bytes. */
    assert_int_equal(tpm2l_ctxfile_write(&f.context, NULL, &f.pub, buf, sizeof buf, &n), 0);
    assert_memory_equal(buf, tools_ctx, n);
}

static void test_every_truncation_of_tools_file_fails(void **state)
{
    (void)state;
    for (size_t len = 0; len < sizeof tools_ctx; len++) {
        TPM2_RC rc = tpm2l_ctxfile_read(tools_ctx, len, &f);
        assert_int_not_equal(rc, 0);
        assert_int_equal(rc & TPM2L_LAYER_MASK, TPM2L_LAYER_PARSE);
        assert_true(f.why[0] != 0);
        assert_int_equal(f.context.contextBlob.size, 0); /* zeroed on error */
    }
}

static void test_every_inner_truncation_fails(void **state)
{
    (void)state;
    /* The header's blob size agrees with the cut: the ESAPI structure itself ends early.
     * Cuts right after the TPM blob (no metadata) are valid: nothing but the context. */
    for (size_t len = 27; len < sizeof tools_ctx; len++) {
        memcpy(buf, tools_ctx, len);
        put16(buf + OFF_BLOB_SIZE, (unsigned)(len - 26));
        TPM2_RC rc = tpm2l_ctxfile_read(buf, len, &f);
        if (len == OFF_META) {
            assert_int_equal(rc, 0);
            assert_false(f.has_record);
            continue;
        }
        if (rc == 0)
            fail_msg("a %zu-byte cut was accepted", len);
        assert_int_equal(rc & TPM2L_LAYER_MASK, TPM2L_LAYER_PARSE);
    }
}

static void test_plain_form_round_trips(void **state)
{
    (void)state;
    size_t n, m;
    assert_int_equal(tpm2l_ctxfile_read(tools_ctx, sizeof tools_ctx, &f), 0);
    assert_int_equal(tpm2l_ctxfile_write_plain(&f.context, buf, sizeof buf, &n), 0);
    assert_int_equal(n, 26 + 1240);
    assert_int_equal(tpm2l_ctxfile_read(buf, n, &g), 0);
    assert_int_equal(g.form, TPM2L_CTXFILE_PLAIN);
    assert_false(g.has_record);
    assert_int_equal(g.name.size, 0);
    assert_memory_equal(&g.context, &f.context, sizeof f.context);
    for (m = 0; m < n; m++)
        assert_int_not_equal(tpm2l_ctxfile_read(buf, m, &g), 0);
}

static void test_bad_magic_and_session_version_are_refused(void **state)
{
    (void)state;
    memcpy(buf, tools_ctx, sizeof tools_ctx);
    buf[0] = 0xBB;
    assert_int_equal(tpm2l_ctxfile_read(buf, sizeof tools_ctx, &f), RC_PARSE(TPM2L_E_BAD_VALUE));
    assert_non_null(strstr(f.why, "magic"));
    buf[0] = 0xBA;
    buf[7] = 2;
    assert_int_equal(tpm2l_ctxfile_read(buf, sizeof tools_ctx, &f), RC_PARSE(TPM2L_E_BAD_VALUE));
    assert_non_null(strstr(f.why, "session file"));
}

static void test_trailing_bytes_are_refused(void **state)
{
    (void)state;
    memcpy(buf, tools_ctx, sizeof tools_ctx);
    buf[sizeof tools_ctx] = 0;
    assert_int_equal(tpm2l_ctxfile_read(buf, sizeof tools_ctx + 1, &f),
                     RC_PARSE(TPM2L_E_TRAILING));
    /* Inside the blob, after the record. */
    put16(buf + OFF_BLOB_SIZE, sizeof tools_ctx - 26 + 1);
    assert_int_equal(tpm2l_ctxfile_read(buf, sizeof tools_ctx + 1, &f),
                     RC_PARSE(TPM2L_E_TRAILING));
    assert_non_null(strstr(f.why, "after the ESAPI resource record"));
}

static void test_name_not_matching_public_is_refused(void **state)
{
    (void)state;
    memcpy(buf, tools_ctx, sizeof tools_ctx);
    buf[OFF_NAME + 5] ^= 1;
    assert_int_equal(tpm2l_ctxfile_read(buf, sizeof tools_ctx, &f),
                     RC_PARSE(TPM2L_E_NAME_MISMATCH));
}

static void test_unknown_record_type_is_refused(void **state)
{
    (void)state;
    memcpy(buf, tools_ctx, sizeof tools_ctx);
    buf[OFF_TYPE + 3] = 7;
    assert_int_equal(tpm2l_ctxfile_read(buf, sizeof tools_ctx, &f),
                     RC_PARSE(TPM2L_E_BAD_SELECTOR));
}

static void test_session_record_is_not_copied(void **state)
{
    (void)state;
    memcpy(buf, tools_ctx, sizeof tools_ctx);
    buf[OFF_TYPE + 3] = 3;
    assert_int_equal(tpm2l_ctxfile_read(buf, sizeof tools_ctx, &f), 0);
    assert_int_equal(f.rsrc_type, TPM2L_ESYS_RSRC_SESSION);
    assert_int_equal(f.pub.size, 0);
    assert_int_equal(f.context.contextBlob.size, 1240);
}

static void test_record_without_public_reads(void **state)
{
    (void)state;
    memcpy(buf, tools_ctx, OFF_TYPE + 4);
    buf[OFF_TYPE + 3] = 0;
    put16(buf + OFF_BLOB_SIZE, OFF_TYPE + 4 - 26);
    assert_int_equal(tpm2l_ctxfile_read(buf, OFF_TYPE + 4, &f), 0);
    assert_int_equal(f.rsrc_type, TPM2L_ESYS_RSRC_NONE);
    assert_int_equal(f.name.size, 34);
}

static void test_writer_reports_small_buffer_at_every_size(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_ctxfile_read(tools_ctx, sizeof tools_ctx, &f), 0);
    for (size_t cap = 0; cap < sizeof tools_ctx; cap++) {
        uint8_t *small = test_malloc(cap ? cap : 1);
        size_t n;
        assert_int_equal(tpm2l_ctxfile_write(&f.context, NULL, &f.pub, small, cap, &n),
                         RC_PARSE(TPM2L_E_INSUFFICIENT));
        test_free(small);
    }
}

static void test_writer_refuses_wrong_name_and_empty_public(void **state)
{
    (void)state;
    size_t n;
    assert_int_equal(tpm2l_ctxfile_read(tools_ctx, sizeof tools_ctx, &f), 0);
    TPM2B_NAME wrong = f.name;
    wrong.name[3] ^= 1;
    assert_int_equal(tpm2l_ctxfile_write(&f.context, &wrong, &f.pub, buf, sizeof buf, &n),
                     RC_PARSE(TPM2L_E_NAME_MISMATCH));
    TPM2B_PUBLIC empty;
    memset(&empty, 0, sizeof empty);
    assert_int_equal(tpm2l_ctxfile_write(&f.context, NULL, &empty, buf, sizeof buf, &n),
                     RC_PARSE(TPM2L_E_BAD_ARG));
}

/* Every byte outside the TPM's opaque blob changed four ways: a context or a
 * parse-layer error (a public area off its name is NAME_MISMATCH), never a crash. */
static void test_every_mutation_is_parsed_or_refused(void **state)
{
    (void)state;
    static const uint8_t how[] = {0x00, 0x01, 0x80, 0xFF};
    for (size_t i = 0; i < sizeof tools_ctx; i++) {
        if (i >= 34 && i < OFF_META)
            continue; /* inside the TPM's blob: opaque, any value reads */
        for (size_t k = 0; k < sizeof how; k++) {
            memcpy(buf, tools_ctx, sizeof tools_ctx);
            buf[i] ^= how[k] ? how[k] : buf[i];
            TPM2_RC rc = tpm2l_ctxfile_read(buf, sizeof tools_ctx, &f);
            if (rc) {
                assert_int_equal(rc & TPM2L_LAYER_MASK, TPM2L_LAYER_PARSE);
                assert_true(f.why[0] != 0);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tools_file_reads_field_by_field),
        cmocka_unit_test(test_rewriting_tools_file_is_byte_identical),
        cmocka_unit_test(test_every_truncation_of_tools_file_fails),
        cmocka_unit_test(test_every_inner_truncation_fails),
        cmocka_unit_test(test_plain_form_round_trips),
        cmocka_unit_test(test_bad_magic_and_session_version_are_refused),
        cmocka_unit_test(test_trailing_bytes_are_refused),
        cmocka_unit_test(test_name_not_matching_public_is_refused),
        cmocka_unit_test(test_unknown_record_type_is_refused),
        cmocka_unit_test(test_session_record_is_not_copied),
        cmocka_unit_test(test_record_without_public_reads),
        cmocka_unit_test(test_writer_reports_small_buffer_at_every_size),
        cmocka_unit_test(test_writer_refuses_wrong_name_and_empty_public),
        cmocka_unit_test(test_every_mutation_is_parsed_or_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
