/* test_roundtrip.c - every type in marshal.h, through generated values: marshal then
 * unmarshal gives the same value, a truncated encoding fails with TRUNCATED at every
 * length, a full encoding leaves trailing bytes alone, and a short output buffer fails
 * with INSUFFICIENT. One cmocka test per type and behaviour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "types_table.h"

#define ROUNDTRIP_SEEDS 300
#define TRUNCATE_SEEDS 12
#define BUF_CAP (1u << 17)

typedef struct {
    uint8_t *buf, *buf2;
    void *v, *v2;
} scratch;

static scratch s;

static int alloc_scratch(void)
{
    s.buf = malloc(BUF_CAP);
    s.buf2 = malloc(BUF_CAP);
    s.v = malloc(64 * 1024);
    s.v2 = malloc(64 * 1024);
    return s.buf && s.buf2 && s.v && s.v2 ? 0 : -1;
}

static size_t encode(const type_row *t, uint64_t seed, uint8_t *out)
{
    tpm2l_wcur w;
    size_t n = 0;
    memset(s.v, 0, t->size);
    t->gen(seed, s.v);
    tpm2l_wcur_init(&w, out, BUF_CAP);
    t->mar(&w, s.v);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), TPM2_RC_SUCCESS);
    return n;
}

static void test_roundtrip_preserves_value(void **state)
{
    const type_row *t = *state;
    for (uint64_t seed = 1; seed <= ROUNDTRIP_SEEDS; seed++) {
        size_t n = encode(t, seed, s.buf), n2 = 0;
        tpm2l_rcur r;
        tpm2l_wcur w;

        memset(s.v2, 0, t->size);
        tpm2l_rcur_init(&r, s.buf, n);
        t->unm(&r, s.v2);
        assert_int_equal(tpm2l_rcur_finish(&r), TPM2_RC_SUCCESS);
        if (memcmp(s.v, s.v2, t->size) != 0)
            fail_msg("%s seed %llu: unmarshalled value differs", t->name, (unsigned long long)seed);

        tpm2l_wcur_init(&w, s.buf2, BUF_CAP);
        t->mar(&w, s.v2);
        assert_int_equal(tpm2l_wcur_finish(&w, &n2), TPM2_RC_SUCCESS);
        assert_int_equal(n2, n);
        assert_memory_equal(s.buf, s.buf2, n);
    }
}

/* Every prefix for values up to 4 KiB; for bigger ones the first and last 300 lengths
 * and a stride between, which still crosses every field boundary of the headers. */
static void test_truncated_input_fails_with_truncated(void **state)
{
    const type_row *t = *state;
    for (uint64_t seed = 1; seed <= TRUNCATE_SEEDS; seed++) {
        size_t n = encode(t, seed, s.buf);
        for (size_t len = 0; len < n; len++) {
            if (n > 4096 && len > 300 && len + 300 < n && len % 97)
                continue;
            tpm2l_rcur r;
            memset(s.v2, 0, t->size);
            tpm2l_rcur_init(&r, s.buf, len);
            t->unm(&r, s.v2);
            if (r.err != TPM2L_RC_MARSHAL_TRUNCATED)
                fail_msg("%s seed %llu: %zu of %zu bytes gave 0x%x", t->name,
                         (unsigned long long)seed, len, n, (unsigned)r.err);
        }
    }
}

static void test_trailing_bytes_are_left_unread(void **state)
{
    const type_row *t = *state;
    for (uint64_t seed = 1; seed <= TRUNCATE_SEEDS; seed++) {
        size_t n = encode(t, seed, s.buf);
        tpm2l_rcur r;
        s.buf[n] = 0xA5;
        memset(s.v2, 0, t->size);
        tpm2l_rcur_init(&r, s.buf, n + 1);
        t->unm(&r, s.v2);
        assert_int_equal(r.err, TPM2_RC_SUCCESS);
        assert_int_equal(r.off, n);
        assert_int_equal(tpm2l_rcur_finish(&r), TPM2L_RC_MARSHAL_TRAILING);
    }
}

static void test_short_output_buffer_fails_with_insufficient(void **state)
{
    const type_row *t = *state;
    for (uint64_t seed = 1; seed <= TRUNCATE_SEEDS; seed++) {
        size_t n = encode(t, seed, s.buf);
        if (n == 0)
            continue; /* TPMS_EMPTY */
        size_t lens[] = { 0, n / 2, n - 1 };
        for (size_t i = 0; i < 3; i++) {
            tpm2l_wcur w;
            size_t got = 0;
            tpm2l_wcur_init(&w, s.buf2, lens[i]);
            t->mar(&w, s.v);
            assert_int_equal(tpm2l_wcur_finish(&w, &got), TPM2L_RC_MARSHAL_INSUFFICIENT);
            assert_true(w.off <= lens[i]);
        }
    }
}

static const struct {
    const char *what;
    CMUnitTestFunction fn;
} behaviours[] = {
    { "roundtrip_preserves_value", test_roundtrip_preserves_value },
    { "truncated_input_fails_with_truncated", test_truncated_input_fails_with_truncated },
    { "trailing_bytes_are_left_unread", test_trailing_bytes_are_left_unread },
    { "short_output_buffer_fails_with_insufficient",
      test_short_output_buffer_fails_with_insufficient },
};

int main(void)
{
    size_t nb = sizeof behaviours / sizeof behaviours[0];
    size_t n = type_rows_count * nb;
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    char (*names)[128] = calloc(n, sizeof *names);
    type_row *rows = malloc(type_rows_count * sizeof *rows);
    if (!tests || !names || !rows || alloc_scratch())
        return 1;
    memcpy(rows, type_rows, type_rows_count * sizeof *rows);
    for (size_t i = 0; i < type_rows_count; i++) {
        for (size_t b = 0; b < nb; b++) {
            size_t k = i * nb + b;
            snprintf(names[k], sizeof names[k], "%s_%s", type_rows[i].name, behaviours[b].what);
            tests[k].name = names[k];
            tests[k].test_func = behaviours[b].fn;
            tests[k].initial_state = &rows[i];
        }
    }
    int rc = _cmocka_run_group_tests("marshal_roundtrip", tests, n, NULL, NULL);
    free(tests);
    free(names);
    free(rows);
    return rc;
}
