/* test_fault_kinds.c - each fault kind does what tcti_impl.h says, one command at a
 * time against a live swtpm, and the library's own error paths leave nothing loaded
 * when a creating command's response fails the library's checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fault_harness.h"
#include "tpm2lite/session.h"
#include "tpm2lite/templates.h"

static fh_tpm tpm;
static char cmd_conf[600];
static tpm2l_tcti_any inner;
static tpm2l_tcti_fault f;
static tpm2l_ctx ctx;

static void open_plan(tpm2l_fault_kind kind, uint32_t k, uint32_t offset, uint8_t value,
                      int reopen)
{
    const char *conf = kind == TPM2L_FAULT_CHILD_EXIT ? cmd_conf : tpm.swtpm_conf;
    TPM2_RC rc = tpm2l_tcti_open(&inner, conf);
    if (rc)
        fail_msg("open: %s", inner.base.err);
    const tpm2l_fault_plan plan = {kind, k, offset, value, 1};
    rc = tpm2l_tcti_fault_open(&f, &inner.base, &plan);
    if (!rc && reopen)
        rc = tpm2l_tcti_fault_reopen_with(&f, &inner, conf);
    if (rc)
        fail_msg("fault open: %s", f.base.err);
    tpm2l_tcti_set_timeout(&f.base, 200);
    tpm2l_ctx_init(&ctx, &f.base);
}

static void close_all(void)
{
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&f.base);
    tpm2l_tcti_close(&inner.base);
}

static TPM2_RC get_random(void)
{
    static tpm2l_GetRandom_out out;
    const tpm2l_GetRandom_in in = {.bytesRequested = 8};
    return tpm2l_GetRandom(&ctx, &in, &out);
}

static int setup(void **state)
{
    (void)state;
    if (fh_start(&tpm) != 0) {
        fprintf(stderr, "fault harness: %s\n", tpm.err);
        return -1;
    }
    snprintf(cmd_conf, sizeof cmd_conf, "cmd:socat - TCP:127.0.0.1:%u", (unsigned)tpm.sim.port);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fh_stop(&tpm);
    return 0;
}

/* Each test starts on a TPM that was just started (Startup done by us). */
static int fresh(void **state)
{
    (void)state;
    static const tpm2l_Startup_in clear = {.startupType = TPM2_SU_CLEAR};
    if (fh_restore(&tpm) != 0)
        return -1;
    static tpm2l_tcti_any a;
    static tpm2l_ctx c;
    if (tpm2l_tcti_open(&a, tpm.swtpm_conf))
        return -1;
    tpm2l_ctx_init(&c, &a.base);
    TPM2_RC rc = tpm2l_Startup(&c, &clear);
    tpm2l_ctx_close(&c);
    tpm2l_tcti_close(&a.base);
    return rc ? -1 : 0;
}

static void drop_before_send_is_closed_and_the_next_command_reconnects(void **state)
{
    (void)state;
    open_plan(TPM2L_FAULT_DROP_BEFORE_SEND, 2, 0, 0, 1);
    assert_int_equal(get_random(), 0);
    assert_int_equal(get_random(), TPM2L_RC_TCTI(TPM2L_E_CLOSED));
    assert_non_null(strstr(tpm2l_ctx_error(&ctx), "dropped before command 2"));
    assert_int_equal(get_random(), 0);
    assert_int_equal(f.exchanges, 3);
    close_all();
}

static void drop_without_reopen_stays_closed(void **state)
{
    (void)state;
    open_plan(TPM2L_FAULT_DROP_AFTER_SEND, 1, 0, 0, 0);
    assert_int_equal(get_random(), TPM2L_RC_TCTI(TPM2L_E_CLOSED));
    assert_int_equal(get_random(), TPM2L_RC_TCTI(TPM2L_E_CLOSED));
    assert_non_null(strstr(tpm2l_ctx_error(&ctx), "dropped"));
    close_all();
}

static void empty_read_is_a_bad_response_from_the_transport(void **state)
{
    (void)state;
    open_plan(TPM2L_FAULT_EMPTY_READ, 1, 0, 0, 1);
    assert_int_equal(get_random(), TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE));
    assert_int_equal(get_random(), 0);
    close_all();
}

static void short_read_is_caught_by_the_command_layer(void **state)
{
    (void)state;
    open_plan(TPM2L_FAULT_SHORT_READ, 1, 15, 0, 1); /* header + 5 of 10 body bytes */
    TPM2_RC rc = get_random();
    assert_true(rc != 0 && (rc & TPM2L_LAYER_MASK) != TPM2L_LAYER_TCTI);
    assert_true(TPM2L_RC_IS_LIB(rc));
    assert_int_equal(get_random(), 0);
    close_all();
}

static void delay_times_out_after_the_timeout_and_a_retry_gets_it_late(void **state)
{
    (void)state;
    static uint8_t rsp[TPM2L_MAX_MESSAGE];
    static const uint8_t cmd[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 8};
    size_t n = 0;
    open_plan(TPM2L_FAULT_DELAY, 1, 0, 0, 1);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(tpm2l_tcti_transmit(&f.base, cmd, sizeof cmd), 0);
    assert_int_equal(tpm2l_tcti_receive(&f.base, rsp, sizeof rsp, &n),
                     TPM2L_RC_TCTI(TPM2L_E_TIMEOUT));
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    assert_true(ms >= 200 && ms < 5000);
    assert_int_equal(tpm2l_tcti_receive(&f.base, rsp, sizeof rsp, &n), 0);
    assert_int_equal(n, 20); /* the GetRandom(8) answer, late */
    close_all();
}

static void corrupt_flips_exactly_the_planned_byte(void **state)
{
    (void)state;
    static uint8_t rsp[TPM2L_MAX_MESSAGE];
    static const uint8_t cmd[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 8};
    size_t n = 0;
    open_plan(TPM2L_FAULT_CORRUPT, 1, 9, 0x44, 1); /* the low byte of the response code */
    assert_int_equal(tpm2l_tcti_transmit(&f.base, cmd, sizeof cmd), 0);
    assert_int_equal(tpm2l_tcti_receive(&f.base, rsp, sizeof rsp, &n), 0);
    assert_int_equal(n, 20);
    assert_int_equal(rsp[9], 0x44);
    close_all();
}

static void duplicate_serves_the_previous_response_once(void **state)
{
    (void)state;
    static tpm2l_GetRandom_out out;
    const tpm2l_GetRandom_in in4 = {.bytesRequested = 4}, in8 = {.bytesRequested = 8};
    open_plan(TPM2L_FAULT_DUPLICATE, 2, 0, 0, 1);
    assert_int_equal(tpm2l_GetRandom(&ctx, &in4, &out), 0);
    assert_int_equal(tpm2l_GetRandom(&ctx, &in8, &out), 0);
    assert_int_equal(out.randomBytes.size, 4); /* the stale answer, undetectable here */
    assert_int_equal(tpm2l_GetRandom(&ctx, &in8, &out), 0);
    assert_int_equal(out.randomBytes.size, 8);
    close_all();
}

static void reorder_shifts_two_responses_then_resyncs(void **state)
{
    (void)state;
    static tpm2l_GetRandom_out out;
    const tpm2l_GetRandom_in in[] = {{1}, {2}, {3}, {4}};
    open_plan(TPM2L_FAULT_REORDER, 2, 0, 0, 1);
    static const uint16_t want[] = {1, 1, 2, 4};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(tpm2l_GetRandom(&ctx, &in[i], &out), 0);
        assert_int_equal(out.randomBytes.size, want[i]);
    }
    close_all();
}

static void child_exit_is_reported_and_the_child_respawned(void **state)
{
    (void)state;
    open_plan(TPM2L_FAULT_CHILD_EXIT, 1, 0, 0, 1);
    assert_int_equal(get_random(), TPM2L_RC_TCTI(TPM2L_E_CHILD_EXITED));
    assert_non_null(strstr(tpm2l_ctx_error(&ctx), "socat"));
    assert_int_equal(get_random(), 0);
    close_all();
}

static void child_exit_needs_a_cmd_transport(void **state)
{
    (void)state;
    assert_int_equal(tpm2l_tcti_open(&inner, tpm.swtpm_conf), 0);
    const tpm2l_fault_plan plan = {TPM2L_FAULT_CHILD_EXIT, 1, 0, 0, 0};
    assert_int_equal(tpm2l_tcti_fault_open(&f, &inner.base, &plan),
                     TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED));
    tpm2l_tcti_close(&inner.base);
}

static void same_seed_same_corruption(void **state)
{
    (void)state;
    static uint8_t a[TPM2L_MAX_MESSAGE], b[TPM2L_MAX_MESSAGE];
    static const uint8_t cmd[] = {0x80, 0x01, 0, 0, 0, 0x0a, 0, 0, 0x01, 0x7c}; /* GetTestResult */
    size_t na = 0, nb = 0;
    for (int i = 0; i < 2; i++) {
        open_plan(TPM2L_FAULT_CORRUPT, 1, TPM2L_FAULT_SEEDED, 0, 1);
        assert_int_equal(tpm2l_tcti_transmit(&f.base, cmd, sizeof cmd), 0);
        f.base.ops->receive(&f.base, i ? b : a, TPM2L_MAX_MESSAGE, i ? &nb : &na);
        close_all();
    }
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
}

/* ---- the library's own error paths after a creating command ---- */

static unsigned loaded(void)
{
    fh_handles h;
    if (fh_census(&tpm, &h) != 0)
        fail_msg("census: %s", tpm.err);
    return h.n;
}

/* outPublic.objectAttributes of the answer no longer match the template: CreatePrimary
 * fails its own check, so the caller never gets the handle; the object must not stay
 * loaded. Response: header 10, handle 4, parameterSize 4, TPM2B_PUBLIC size 2, type 2,
 * nameAlg 2, objectAttributes 4: its low byte is at 27. */
static void createprimary_failing_its_check_leaves_nothing_loaded(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.primaryHandle, TPM2_RH_OWNER, NULL, 0), 0);
    assert_int_equal(tpm2l_template_primary(&in.inPublic.publicArea, TPM2_ALG_ECC), 0);
    open_plan(TPM2L_FAULT_CORRUPT, 1, 27, 0x02, 1);
    TPM2_RC rc = tpm2l_CreatePrimary(&ctx, &in, &out);
    close_all();
    assert_true(TPM2L_RC_IS_LIB(rc));
    assert_int_equal(loaded(), 0);
}

/* A StartAuthSession answer whose nonceTPM size is wrong fails to parse after the
 * handle: the session must not stay loaded. Response: header 10, handle 4, nonce size
 * at 14 (no sessions on StartAuthSession). */
static void session_start_with_a_bad_answer_leaves_nothing_loaded(void **state)
{
    (void)state;
    static tpm2l_session se;
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_HMAC;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    open_plan(TPM2L_FAULT_CORRUPT, 1, 15, 0x01, 1);
    TPM2_RC rc = tpm2l_session_start(&ctx, &se, &p);
    close_all();
    assert_true(TPM2L_RC_IS_LIB(rc));
    assert_int_equal(loaded(), 0);
}

/* ---- library calls that run several commands, broken at each of their exchanges ----
 * The caller flushes only what a call handed back on success (as any application
 * would); afterwards nothing may be loaded but objects whose creating response the
 * fault took away (nobody can know their handles). */

static tpm2l_handle salt_key;

typedef TPM2_RC (*call_fn)(fh_handles *got);

static TPM2_RC call_create_primary(fh_handles *got)
{
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    memset(&in, 0, sizeof in);
    tpm2l_auth_handle_set(&in.primaryHandle, TPM2_RH_OWNER, NULL, 0);
    tpm2l_template_primary(&in.inPublic.publicArea, TPM2_ALG_ECC);
    TPM2_RC rc = tpm2l_CreatePrimary(&ctx, &in, &out);
    if (!rc)
        got->h[got->n++] = out.objectHandle.handle;
    return rc;
}

/* Salted (ReadPublic of the salt key, then StartAuthSession), bound, encrypting; then
 * one use and the flush the session API asks for after any failure. */
static TPM2_RC call_session_use_flush(fh_handles *got)
{
    (void)got;
    static tpm2l_session se;
    static tpm2l_GetRandom_out out;
    const tpm2l_GetRandom_in in = {.bytesRequested = 16};
    tpm2l_auth_handle bind;
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    tpm2l_auth_handle_set(&bind, TPM2_RH_ENDORSEMENT, NULL, 0);
    p.sessionType = TPM2_SE_HMAC;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_AES;
    p.symmetric.keyBits.aes = 128;
    p.symmetric.mode.aes = TPM2_ALG_CFB;
    p.tpmKey = &salt_key;
    p.bind = &bind;
    p.attrs = TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_ENCRYPT;
    TPM2_RC rc = tpm2l_session_start(&ctx, &se, &p);
    if (rc)
        return rc;
    tpm2l_ctx_next_sessions(&ctx, &se, NULL);
    rc = tpm2l_GetRandom(&ctx, &in, &out);
    TPM2_RC rf = tpm2l_session_flush(&ctx, &se);
    if ((rf & TPM2L_LAYER_MASK) == TPM2L_LAYER_TCTI)
        (void)tpm2l_session_flush(&ctx, &se); /* as session.h says: once more */
    return rc ? rc : rf;
}

static const struct {
    const char *name;
    call_fn fn;
    int needs_salt_key;
} calls[] = {
    {"CreatePrimary", call_create_primary, 0},
    {"session start+use+flush", call_session_use_flush, 1},
};

static void make_salt_key(void)
{
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    static tpm2l_tcti_any a;
    static tpm2l_ctx c;
    memset(&in, 0, sizeof in);
    tpm2l_auth_handle_set(&in.primaryHandle, TPM2_RH_OWNER, NULL, 0);
    tpm2l_template_primary(&in.inPublic.publicArea, TPM2_ALG_ECC);
    assert_int_equal(tpm2l_tcti_open(&a, tpm.swtpm_conf), 0);
    tpm2l_ctx_init(&c, &a.base);
    assert_int_equal(tpm2l_CreatePrimary(&c, &in, &out), 0);
    salt_key = out.objectHandle;
    tpm2l_ctx_close(&c);
    tpm2l_tcti_close(&a.base);
}

static void flush_all(const fh_handles *h)
{
    static tpm2l_tcti_any a;
    static tpm2l_ctx c;
    assert_int_equal(tpm2l_tcti_open(&a, tpm.swtpm_conf), 0);
    tpm2l_ctx_init(&c, &a.base);
    for (uint32_t i = 0; i < h->n; i++) {
        const tpm2l_FlushContext_in fl = {h->h[i]};
        (void)tpm2l_FlushContext(&c, &fl);
    }
    tpm2l_ctx_close(&c);
    tpm2l_tcti_close(&a.base);
}

static void multi_command_calls_leak_nothing_on_any_fault(void **state)
{
    (void)state;
    unsigned runs = 0;
    for (size_t ci = 0; ci < sizeof calls / sizeof calls[0]; ci++) {
        uint32_t count = 0;
        for (int kind = TPM2L_FAULT_NONE; kind < TPM2L_FAULT_KIND_COUNT; kind++) {
            if (kind == TPM2L_FAULT_CHILD_EXIT)
                continue; /* the same as a drop before sending, for this purpose */
            uint32_t last = kind == TPM2L_FAULT_NONE ? 0 : count + 1;
            for (uint32_t k = kind == TPM2L_FAULT_NONE ? 0 : 1; k <= last; k++) {
                assert_int_equal(fresh(NULL), 0);
                if (calls[ci].needs_salt_key)
                    make_salt_key();
                fh_handles got = {0}, left;
                open_plan((tpm2l_fault_kind)kind, k, TPM2L_FAULT_SEEDED, 0, 1);
                TPM2_RC rc = calls[ci].fn(&got);
                if (kind == TPM2L_FAULT_NONE) {
                    if (rc)
                        fail_msg("%s: %s", calls[ci].name, tpm2l_ctx_error(&ctx));
                    count = f.exchanges;
                }
                unsigned lost = 0;
                for (unsigned i = 0; i < f.n_hits; i++)
                    lost += fh_cc_creates(f.hit_cc[i]) && kind != TPM2L_FAULT_DROP_BEFORE_SEND;
                char why[256];
                snprintf(why, sizeof why, "%s", tpm2l_ctx_error(&ctx));
                close_all();
                if (calls[ci].needs_salt_key)
                    got.h[got.n++] = salt_key.handle;
                flush_all(&got);
                assert_int_equal(fh_census(&tpm, &left), 0);
                if (left.n > lost)
                    fail_msg("%s under %s at exchange %u: %u handle(s) left (first 0x%08x), "
                             "%u creating response(s) lost; rc %s: %s",
                             calls[ci].name, tpm2l_fault_kind_name((tpm2l_fault_kind)kind),
                             (unsigned)k, (unsigned)left.n, (unsigned)left.h[0], lost,
                             tpm2l_rc_str(rc).s, why);
                runs++;
            }
        }
    }
    printf("# %u runs of multi-command calls under faults\n", runs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(drop_before_send_is_closed_and_the_next_command_reconnects,
                               fresh),
        cmocka_unit_test_setup(drop_without_reopen_stays_closed, fresh),
        cmocka_unit_test_setup(empty_read_is_a_bad_response_from_the_transport, fresh),
        cmocka_unit_test_setup(short_read_is_caught_by_the_command_layer, fresh),
        cmocka_unit_test_setup(delay_times_out_after_the_timeout_and_a_retry_gets_it_late,
                               fresh),
        cmocka_unit_test_setup(corrupt_flips_exactly_the_planned_byte, fresh),
        cmocka_unit_test_setup(duplicate_serves_the_previous_response_once, fresh),
        cmocka_unit_test_setup(reorder_shifts_two_responses_then_resyncs, fresh),
        cmocka_unit_test_setup(child_exit_is_reported_and_the_child_respawned, fresh),
        cmocka_unit_test_setup(child_exit_needs_a_cmd_transport, fresh),
        cmocka_unit_test_setup(same_seed_same_corruption, fresh),
        cmocka_unit_test_setup(createprimary_failing_its_check_leaves_nothing_loaded, fresh),
        cmocka_unit_test_setup(session_start_with_a_bad_answer_leaves_nothing_loaded, fresh),
        cmocka_unit_test(multi_command_calls_leak_nothing_on_any_fault),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
