/* test_errors.c - the refusals marshal.h promises: sizes, counts and selections larger
 * than their arrays, unknown union selectors, and nested TPM2Bs whose size does not
 * match their contents. Each test is one rule, applied to every type it concerns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "types_table.h"

static uint8_t in[1 << 17], out[1 << 17];
static union {
    TPMS_CAPABILITY_DATA biggest; /* every tested type fits */
    uint8_t bytes[sizeof(TPMS_CAPABILITY_DATA)];
} dst;

static size_t put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
    return 2;
}

static size_t put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
    return 4;
}

static TPM2_RC unmarshal_rc(const type_row *t, const uint8_t *buf, size_t len)
{
    tpm2l_rcur r;
    memset(&dst, 0, t->size);
    tpm2l_rcur_init(&r, buf, len);
    t->unm(&r, &dst);
    return tpm2l_rcur_finish(&r);
}

static TPM2_RC marshal_rc(const type_row *t, const void *v, size_t *len)
{
    tpm2l_wcur w;
    tpm2l_wcur_init(&w, out, sizeof out);
    t->mar(&w, v);
    *len = w.off;
    return tpm2l_wcur_finish(&w, NULL);
}

static const type_row *row(const char *name)
{
    for (size_t i = 0; i < type_rows_count; i++)
        if (strcmp(type_rows[i].name, name) == 0)
            return &type_rows[i];
    fail_msg("no row %s", name);
    return NULL;
}

/* ---- byte TPM2Bs ---------------------------------------------------------------------- */

static void test_tpm2b_size_above_array_fails_unmarshal_with_insufficient(void **state)
{
    (void)state;
    for (size_t i = 0; i < type_rows_count; i++) {
        const type_row *t = &type_rows[i];
        if (t->kind != ROW_BYTES)
            continue;
        size_t cap = t->size - 2; /* { uint16_t size; uint8_t bytes[cap]; } */
        memset(in, 0x5A, cap + 3);
        put16(in, (uint16_t)cap);
        assert_int_equal(unmarshal_rc(t, in, cap + 2), TPM2_RC_SUCCESS);
        put16(in, (uint16_t)(cap + 1));
        if (unmarshal_rc(t, in, cap + 3) != TPM2L_RC_MARSHAL_INSUFFICIENT)
            fail_msg("%s accepted size %zu", t->name, cap + 1);
    }
}

static void test_tpm2b_size_above_array_fails_marshal_with_value(void **state)
{
    (void)state;
    for (size_t i = 0; i < type_rows_count; i++) {
        const type_row *t = &type_rows[i];
        if (t->kind != ROW_BYTES)
            continue;
        size_t cap = t->size - 2, len = 1;
        uint16_t size = (uint16_t)(cap + 1);
        memset(&dst, 0, t->size);
        memcpy(dst.bytes, &size, sizeof size);
        if (marshal_rc(t, &dst, &len) != TPM2L_RC_MARSHAL_VALUE || len != 0)
            fail_msg("%s marshalled size %zu", t->name, cap + 1);
    }
}

/* ---- lists ----------------------------------------------------------------------------- */

static const struct {
    const char *name;
    size_t max;
} lists[] = {
    { "TPML_DIGEST", 8 },
    { "TPML_DIGEST_VALUES", TPM2_NUM_PCR_BANKS },
    { "TPML_PCR_SELECTION", TPM2_NUM_PCR_BANKS },
    { "TPML_CC", TPM2_MAX_CAP_CC },
    { "TPML_CCA", TPM2_MAX_CAP_CC },
    { "TPML_ALG", TPM2_MAX_ALG_LIST_SIZE },
    { "TPML_HANDLE", TPM2_MAX_CAP_HANDLES },
    { "TPML_ALG_PROPERTY", TPM2_MAX_CAP_ALGS },
    { "TPML_TAGGED_TPM_PROPERTY", TPM2_MAX_TPM_PROPERTIES },
    { "TPML_TAGGED_PCR_PROPERTY", TPM2_MAX_PCR_PROPERTIES },
    { "TPML_ECC_CURVE", TPM2_MAX_ECC_CURVES },
    { "TPML_TAGGED_POLICY", TPM2_MAX_TAGGED_POLICIES },
    { "TPML_ACT_DATA", TPM2_MAX_ACT_DATA },
};

static void test_list_count_above_array_fails_unmarshal_with_insufficient(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const type_row *t = row(lists[i].name);
        memset(in, 0, sizeof in); /* plenty of zero elements after the count */
        put32(in, (uint32_t)(lists[i].max + 1));
        if (unmarshal_rc(t, in, sizeof in) != TPM2L_RC_MARSHAL_INSUFFICIENT)
            fail_msg("%s accepted count %zu", t->name, lists[i].max + 1);
        put32(in, 0xFFFFFFFFu);
        assert_int_equal(unmarshal_rc(t, in, sizeof in), TPM2L_RC_MARSHAL_INSUFFICIENT);
    }
}

static void test_list_count_above_array_fails_marshal_with_value(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const type_row *t = row(lists[i].name);
        size_t len = 1;
        uint32_t count = (uint32_t)(lists[i].max + 1);
        memset(&dst, 0, t->size);
        memcpy(dst.bytes, &count, sizeof count); /* every TPML starts with its count */
        if (marshal_rc(t, &dst, &len) != TPM2L_RC_MARSHAL_VALUE || len != 0)
            fail_msg("%s marshalled count %u", t->name, (unsigned)count);
    }
}

static void test_pcr_select_larger_than_array_is_refused_both_ways(void **state)
{
    (void)state;
    size_t len;
    /* TPMS_PCR_SELECTION: hash, sizeofSelect 5, five bytes */
    const uint8_t sel5[] = { 0x00, 0x0B, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
    assert_int_equal(unmarshal_rc(row("TPMS_PCR_SELECTION"), sel5, sizeof sel5),
                     TPM2L_RC_MARSHAL_INSUFFICIENT);
    assert_int_equal(unmarshal_rc(row("TPMS_PCR_SELECT"), sel5 + 2, sizeof sel5 - 2),
                     TPM2L_RC_MARSHAL_INSUFFICIENT);
    const uint8_t tagged5[] = { 0, 0, 0, 1, 0x05, 1, 2, 3, 4, 5 };
    assert_int_equal(unmarshal_rc(row("TPMS_TAGGED_PCR_SELECT"), tagged5, sizeof tagged5),
                     TPM2L_RC_MARSHAL_INSUFFICIENT);

    TPMS_PCR_SELECTION s = { .hash = TPM2_ALG_SHA256, .sizeofSelect = TPM2_PCR_SELECT_MAX + 1 };
    assert_int_equal(marshal_rc(row("TPMS_PCR_SELECTION"), &s, &len), TPM2L_RC_MARSHAL_VALUE);
    TPMS_PCR_SELECT p = { .sizeofSelect = TPM2_PCR_SELECT_MAX + 1 };
    assert_int_equal(marshal_rc(row("TPMS_PCR_SELECT"), &p, &len), TPM2L_RC_MARSHAL_VALUE);
    TPMS_TAGGED_PCR_SELECT tp = { .tag = 1, .sizeofSelect = TPM2_PCR_SELECT_MAX + 1 };
    assert_int_equal(marshal_rc(row("TPMS_TAGGED_PCR_SELECT"), &tp, &len),
                     TPM2L_RC_MARSHAL_VALUE);
}

/* ---- selectors -------------------------------------------------------------------------- */

/* Each container, with the offset of its selector and a value no arm answers to. */
static const struct {
    const char *name;
    size_t at;      /* offset of the selector in a valid encoding */
    uint16_t width; /* 2 or 4 bytes */
    uint32_t bad;
} selectors[] = {
    { "TPMT_HA", 0, 2, 0x0099 },
    { "TPMT_SYM_DEF", 0, 2, TPM2_ALG_RSA },
    { "TPMT_SYM_DEF_OBJECT", 0, 2, TPM2_ALG_XOR },
    { "TPMT_KEYEDHASH_SCHEME", 0, 2, TPM2_ALG_RSASSA },
    { "TPMT_SIG_SCHEME", 0, 2, TPM2_ALG_OAEP },
    { "TPMT_KDF_SCHEME", 0, 2, TPM2_ALG_SHA256 },
    { "TPMT_ASYM_SCHEME", 0, 2, TPM2_ALG_HMAC },
    { "TPMT_SIGNATURE", 0, 2, TPM2_ALG_RSAES },
    { "TPMT_PUBLIC_PARMS", 0, 2, TPM2_ALG_NULL },
    { "TPMT_PUBLIC", 0, 2, TPM2_ALG_NULL },
    { "TPMT_SENSITIVE", 0, 2, TPM2_ALG_AES },
    { "TPMS_ATTEST", 4, 2, TPM2_ST_ATTEST_NV_DIGEST + 1 },
    { "TPMS_CAPABILITY_DATA", 0, 4, TPM2_CAP_VENDOR_PROPERTY },
    { "TPMS_CAPABILITY_DATA", 0, 4, TPM2_CAP_LAST + 1 },
};

static void test_unknown_selector_fails_unmarshal_with_selector(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof selectors / sizeof selectors[0]; i++) {
        const type_row *t = row(selectors[i].name);
        tpm2l_wcur w;
        size_t n = 0;
        memset(&dst, 0, t->size);
        t->gen(7, &dst); /* a valid value: only its selector is then replaced */
        tpm2l_wcur_init(&w, in, sizeof in);
        t->mar(&w, &dst);
        assert_int_equal(tpm2l_wcur_finish(&w, &n), TPM2_RC_SUCCESS);
        if (selectors[i].width == 2)
            put16(in + selectors[i].at, (uint16_t)selectors[i].bad);
        else
            put32(in + selectors[i].at, selectors[i].bad);
        if (unmarshal_rc(t, in, n) != TPM2L_RC_MARSHAL_SELECTOR)
            fail_msg("%s accepted selector 0x%x", t->name, (unsigned)selectors[i].bad);
    }
}

static void test_unknown_selector_fails_marshal_with_selector(void **state)
{
    (void)state;
    tpm2l_wcur w;
    static union {
        TPMU_HA ha;
        TPMU_SYM_KEY_BITS kb;
        TPMU_SYM_MODE mode;
        TPMU_SCHEME_KEYEDHASH kh;
        TPMU_SIG_SCHEME sig;
        TPMU_KDF_SCHEME kdf;
        TPMU_ASYM_SCHEME asym;
        TPMU_SIGNATURE signature;
        TPMU_PUBLIC_PARMS parms;
        TPMU_PUBLIC_ID id;
        TPMU_SENSITIVE_COMPOSITE sens;
        TPMU_ATTEST attest;
        TPMU_CAPABILITIES caps;
    } u;
#define EXPECT_SELECTOR(call)                                                                \
    do {                                                                                     \
        tpm2l_wcur_init(&w, out, sizeof out);                                                \
        call;                                                                                \
        assert_int_equal(w.err, TPM2L_RC_MARSHAL_SELECTOR);                                  \
        assert_int_equal(w.off, 0);                                                          \
    } while (0)
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_HA(&w, TPM2_ALG_AES, &u.ha));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_SYM_KEY_BITS(&w, TPM2_ALG_SHA256, &u.kb));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_SYM_MODE(&w, TPM2_ALG_SHA256, &u.mode));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_SCHEME_KEYEDHASH(&w, TPM2_ALG_ECDSA, &u.kh));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_SIG_SCHEME(&w, TPM2_ALG_OAEP, &u.sig));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_KDF_SCHEME(&w, TPM2_ALG_HMAC, &u.kdf));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_ASYM_SCHEME(&w, TPM2_ALG_KDF2, &u.asym));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_SIGNATURE(&w, TPM2_ALG_OAEP, &u.signature));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_PUBLIC_PARMS(&w, TPM2_ALG_NULL, &u.parms));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_PUBLIC_ID(&w, TPM2_ALG_NULL, &u.id));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_SENSITIVE_COMPOSITE(&w, TPM2_ALG_NULL, &u.sens));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_ATTEST(&w, TPM2_ST_CREATION, &u.attest));
    EXPECT_SELECTOR(tpm2l_marshal_TPMU_CAPABILITIES(&w, TPM2_CAP_VENDOR_PROPERTY, &u.caps));
    TPMT_SYM_DEF_OBJECT xor_object = { .algorithm = TPM2_ALG_XOR };
    EXPECT_SELECTOR(tpm2l_marshal_TPMT_SYM_DEF_OBJECT(&w, &xor_object));
#undef EXPECT_SELECTOR
}

/* ---- nested TPM2Bs ----------------------------------------------------------------------- */

static size_t valid_nested(const type_row *t, uint64_t seed)
{
    tpm2l_wcur w;
    size_t n = 0;
    memset(&dst, 0, t->size);
    t->gen(seed, &dst);
    tpm2l_wcur_init(&w, in, sizeof in);
    t->mar(&w, &dst);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), TPM2_RC_SUCCESS);
    return n;
}

static void test_nested_size_zero_means_absent_and_zeroes_the_inner_structure(void **state)
{
    (void)state;
    const uint8_t zero[2] = { 0, 0 };
    for (size_t i = 0; i < type_rows_count; i++) {
        const type_row *t = &type_rows[i];
        if (t->kind != ROW_NESTED)
            continue;
        tpm2l_rcur r;
        memset(&dst, 0xAA, t->size);
        tpm2l_rcur_init(&r, zero, sizeof zero);
        t->unm(&r, &dst);
        assert_int_equal(tpm2l_rcur_finish(&r), TPM2_RC_SUCCESS);
        /* From byte 4 on everything is the inner structure (bytes 2..3 may be padding
         * before a 4-aligned one, which the library need not touch). */
        for (size_t b = 4; b < t->size; b++)
            if (dst.bytes[b] != 0)
                fail_msg("%s byte %zu not zeroed", t->name, b);
        assert_int_equal(dst.bytes[0] | dst.bytes[1], 0); /* size */
    }
}

static void test_nested_size_covering_extra_bytes_fails_with_trailing(void **state)
{
    (void)state;
    for (size_t i = 0; i < type_rows_count; i++) {
        const type_row *t = &type_rows[i];
        if (t->kind != ROW_NESTED)
            continue;
        for (uint64_t seed = 1; seed <= 20; seed++) {
            size_t n = valid_nested(t, seed);
            uint16_t size = (uint16_t)((in[0] << 8) | in[1]);
            put16(in, (uint16_t)(size + 1));
            in[n] = 0;
            if (unmarshal_rc(t, in, n + 1) != TPM2L_RC_MARSHAL_TRAILING)
                fail_msg("%s seed %llu: a byte of slack was accepted", t->name,
                         (unsigned long long)seed);
        }
    }
}

static void test_nested_size_shorter_than_contents_fails_with_truncated(void **state)
{
    (void)state;
    for (size_t i = 0; i < type_rows_count; i++) {
        const type_row *t = &type_rows[i];
        if (t->kind != ROW_NESTED)
            continue;
        for (uint64_t seed = 1; seed <= 20; seed++) {
            size_t n = valid_nested(t, seed);
            uint16_t size = (uint16_t)((in[0] << 8) | in[1]);
            put16(in, (uint16_t)(size - 1));
            /* the last byte now sits outside the structure: it must not be read */
            if (unmarshal_rc(t, in, n) != TPM2L_RC_MARSHAL_TRUNCATED)
                fail_msg("%s seed %llu: read past its own size", t->name,
                         (unsigned long long)seed);
        }
    }
}

static void test_nested_size_beyond_input_fails_with_truncated(void **state)
{
    (void)state;
    for (size_t i = 0; i < type_rows_count; i++) {
        const type_row *t = &type_rows[i];
        if (t->kind != ROW_NESTED)
            continue;
        size_t n = valid_nested(t, 3);
        assert_int_equal(unmarshal_rc(t, in, n - 1), TPM2L_RC_MARSHAL_TRUNCATED);
        put16(in, 0xFFFF);
        assert_int_equal(unmarshal_rc(t, in, n), TPM2L_RC_MARSHAL_TRUNCATED);
    }
}

static void test_nested_marshal_ignores_the_callers_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < type_rows_count; i++) {
        const type_row *t = &type_rows[i];
        if (t->kind != ROW_NESTED)
            continue;
        size_t n = valid_nested(t, 5), n2 = 0;
        uint16_t wrong = 7;
        memcpy(dst.bytes, &wrong, sizeof wrong); /* every nested TPM2B starts with size */
        tpm2l_wcur w;
        tpm2l_wcur_init(&w, out, sizeof out);
        t->mar(&w, &dst);
        assert_int_equal(tpm2l_wcur_finish(&w, &n2), TPM2_RC_SUCCESS);
        assert_int_equal(n2, n);
        assert_memory_equal(out, in, n);
    }
}

/* ---- the cursor's sticky error -------------------------------------------------------- */

static void test_unmarshal_on_a_failed_reader_reads_nothing(void **state)
{
    (void)state;
    for (size_t i = 0; i < type_rows_count; i++) {
        const type_row *t = &type_rows[i];
        tpm2l_rcur r;
        memset(in, 0x11, 64);
        tpm2l_rcur_init(&r, in, 64);
        tpm2l_rcur_fail(&r, TPM2L_RC_MARSHAL_VALUE);
        t->unm(&r, &dst);
        assert_int_equal(r.off, 0);
        assert_int_equal(r.err, TPM2L_RC_MARSHAL_VALUE);
    }
}

int main(void)
{
    for (size_t i = 0; i < type_rows_count; i++)
        if (type_rows[i].size > sizeof dst)
            return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tpm2b_size_above_array_fails_unmarshal_with_insufficient),
        cmocka_unit_test(test_tpm2b_size_above_array_fails_marshal_with_value),
        cmocka_unit_test(test_list_count_above_array_fails_unmarshal_with_insufficient),
        cmocka_unit_test(test_list_count_above_array_fails_marshal_with_value),
        cmocka_unit_test(test_pcr_select_larger_than_array_is_refused_both_ways),
        cmocka_unit_test(test_unknown_selector_fails_unmarshal_with_selector),
        cmocka_unit_test(test_unknown_selector_fails_marshal_with_selector),
        cmocka_unit_test(test_nested_size_zero_means_absent_and_zeroes_the_inner_structure),
        cmocka_unit_test(test_nested_size_covering_extra_bytes_fails_with_trailing),
        cmocka_unit_test(test_nested_size_shorter_than_contents_fails_with_truncated),
        cmocka_unit_test(test_nested_size_beyond_input_fails_with_truncated),
        cmocka_unit_test(test_nested_marshal_ignores_the_callers_size),
        cmocka_unit_test(test_unmarshal_on_a_failed_reader_reads_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
