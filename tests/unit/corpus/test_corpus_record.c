/* test_corpus_record.c - the record transport: what it writes, and that what it
 * writes replays. The inner transport is a canned fake (format tests only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tpm2lite/corpus.h"
#include "tests/unit/corpus/fake_inner.h"

static const uint8_t seed[2] = { 0x01, 0x02 };

static const tpm2l_record_opts opts = {
    .scenario = "format-test",
    .seed = seed,
    .seed_len = sizeof seed,
    .tpm = "fake TPM\nsecond line",
};

static const fake_msg two_responses[] = {
    { fake_getrandom_rsp, sizeof fake_getrandom_rsp },
    { fake_error_rsp, sizeof fake_error_rsp },
};

static uint8_t store[1 << 16];

static void exchange(tpm2l_tcti *t, const uint8_t *cmd, size_t len, const uint8_t *want,
                     size_t want_len)
{
    uint8_t buf[TPM2L_MAX_MESSAGE];
    size_t got = 0;
    assert_int_equal(tpm2l_tcti_transmit(t, cmd, len), TPM2_RC_SUCCESS);
    assert_int_equal(tpm2l_tcti_receive(t, buf, sizeof buf, &got), TPM2_RC_SUCCESS);
    assert_int_equal(got, want_len);
    assert_memory_equal(buf, want, want_len);
}

/* Record into memory; returns a malloc'd NUL-terminated copy of the text. */
static char *record_two(void)
{
    fake_inner f;
    tpm2l_tcti_record rec;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    assert_non_null(mem);
    fake_inner_open(&f, two_responses, 2);
    assert_int_equal(tpm2l_tcti_record_open_stream(&rec, &f.base, mem, &opts), 0);
    exchange(&rec.base, fake_getrandom_cmd, sizeof fake_getrandom_cmd, fake_getrandom_rsp,
             sizeof fake_getrandom_rsp);
    exchange(&rec.base, fake_getrandom_cmd, sizeof fake_getrandom_cmd, fake_error_rsp,
             sizeof fake_error_rsp);
    assert_int_equal(tpm2l_tcti_record_finish(&rec), TPM2_RC_SUCCESS);
    tpm2l_tcti_close(&rec.base);
    fclose(mem);
    return text;
}

static void test_record_writes_header_and_annotated_exchanges(void **state)
{
    (void)state;
    char want[2048];
    snprintf(want, sizeof want,
             "# tpm2lite corpus v1\n"
             "# scenario: format-test\n"
             "# seed: 0102\n"
             "# tpm: fake TPM\n"
             "# tpm: second line\n"
             "\n"
             "> 8001 0000000c 0000017b  # TPM2_CC_GetRandom\n"
             "  0010\n"
             "< 8001 0000001c 00000000  # TPM_RC_SUCCESS\n"
             "  001000112233445566778899aabbccddeeff\n"
             "> 8001 0000000c 0000017b  # TPM2_CC_GetRandom\n"
             "  0010\n"
             "< 8001 0000000a 0000018b  # %s\n"
             "# end: 2 exchanges\n",
             tpm2l_rc_str(0x18b).s);
    char *text = record_two();
    assert_string_equal(text, want);
    free(text);
}

static void test_record_wraps_message_body_in_32_byte_lines(void **state)
{
    (void)state;
    fake_inner f;
    tpm2l_tcti_record rec;
    char *text = NULL;
    size_t len = 0;
    const fake_msg rsp[] = { { fake_extend_rsp, sizeof fake_extend_rsp } };
    FILE *mem = open_memstream(&text, &len);
    fake_inner_open(&f, rsp, 1);
    assert_int_equal(tpm2l_tcti_record_open_stream(&rec, &f.base, mem, &opts), 0);
    exchange(&rec.base, fake_extend_cmd, fake_extend_cmd_len, fake_extend_rsp,
             sizeof fake_extend_rsp);
    tpm2l_tcti_record_finish(&rec);
    fclose(mem);
    /* 103 body bytes after the header: 32 + 32 + 32 + 7. */
    const char *body = strstr(text, "> 8002 00000071 00000182  # TPM2_CC_PCR_Extend\n");
    assert_non_null(body);
    body = strchr(body, '\n') + 1;
    static const char first[] =
        "  00000010000000390200000000" "10a0a1a2a3a4a5a6a7a8a9aaabacadaeaf0100\n";
    assert_memory_equal(body, first, sizeof first - 1);
    int lines = 0;
    for (const char *l = body; *l == ' '; l = strchr(l, '\n') + 1)
        lines++;
    assert_int_equal(lines, 4);
    free(text);
}

static void test_recording_replays_byte_for_byte(void **state)
{
    (void)state;
    char *text = record_two();
    tpm2l_tcti_replay rp;
    assert_int_equal(tpm2l_tcti_replay_open_mem(&rp, text, strlen(text), store, sizeof store),
                     TPM2_RC_SUCCESS);
    assert_string_equal(rp.scenario, "format-test");
    const uint8_t *s;
    size_t slen;
    tpm2l_tcti_replay_seed(&rp, &s, &slen);
    assert_int_equal(slen, 2);
    assert_memory_equal(s, seed, 2);
    exchange(&rp.base, fake_getrandom_cmd, sizeof fake_getrandom_cmd, fake_getrandom_rsp,
             sizeof fake_getrandom_rsp);
    exchange(&rp.base, fake_getrandom_cmd, sizeof fake_getrandom_cmd, fake_error_rsp,
             sizeof fake_error_rsp);
    assert_int_equal(tpm2l_tcti_replay_finish(&rp), TPM2_RC_SUCCESS);
    tpm2l_tcti_close(&rp.base);
    free(text);
}

static void test_record_to_path_then_replay_from_path(void **state)
{
    (void)state;
    char path[] = "/tmp/tpm2l-corpus-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    fake_inner f;
    tpm2l_tcti_record rec;
    const fake_msg rsp[] = { { fake_extend_rsp, sizeof fake_extend_rsp } };
    fake_inner_open(&f, rsp, 1);
    assert_int_equal(tpm2l_tcti_record_open(&rec, &f.base, path, &opts), 0);
    assert_int_equal(tpm2l_tcti_record_comment(&rec, "step: extend PCR 16"), 0);
    exchange(&rec.base, fake_extend_cmd, fake_extend_cmd_len, fake_extend_rsp,
             sizeof fake_extend_rsp);
    tpm2l_tcti_close(&rec.base); /* close finishes */
    assert_int_equal(tpm2l_tcti_record_finish(&rec), TPM2_RC_SUCCESS);

    tpm2l_tcti_replay rp;
    assert_int_equal(tpm2l_tcti_replay_open(&rp, path, store, sizeof store), 0);
    assert_int_equal(rp.n_exchanges, 1);
    exchange(&rp.base, fake_extend_cmd, fake_extend_cmd_len, fake_extend_rsp,
             sizeof fake_extend_rsp);
    assert_int_equal(tpm2l_tcti_replay_finish(&rp), TPM2_RC_SUCCESS);
    unlink(path);
}

static void test_record_passes_inner_error_through_and_records_nothing(void **state)
{
    (void)state;
    fake_inner f;
    tpm2l_tcti_record rec;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    fake_inner_open(&f, two_responses, 2);
    f.fail_transmit = TPM2L_RC_TCTI(TPM2L_E_CLOSED);
    assert_int_equal(tpm2l_tcti_record_open_stream(&rec, &f.base, mem, &opts), 0);
    assert_int_equal(tpm2l_tcti_transmit(&rec.base, fake_getrandom_cmd,
                                         sizeof fake_getrandom_cmd),
                     TPM2L_RC_TCTI(TPM2L_E_CLOSED));
    assert_string_equal(rec.base.err, "tcti(fake): scripted failure");
    assert_int_equal(tpm2l_tcti_record_finish(&rec), TPM2_RC_SUCCESS);
    fclose(mem);
    assert_null(strstr(text, "\n> "));
    assert_non_null(strstr(text, "# end: 0 exchanges\n"));
    free(text);
}

static void test_record_rejects_bad_scenario_name(void **state)
{
    (void)state;
    fake_inner f;
    tpm2l_tcti_record rec;
    tpm2l_record_opts o = opts;
    o.scenario = "has space";
    fake_inner_open(&f, two_responses, 2);
    assert_int_equal(tpm2l_tcti_record_open_stream(&rec, &f.base, stdout, &o),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    assert_non_null(strstr(rec.base.err, "scenario name"));
}

static void test_record_rejects_oversized_seed(void **state)
{
    (void)state;
    fake_inner f;
    tpm2l_tcti_record rec;
    uint8_t big[TPM2L_CORPUS_SEED_MAX + 1] = { 0 };
    tpm2l_record_opts o = opts;
    o.seed = big;
    o.seed_len = sizeof big;
    fake_inner_open(&f, two_responses, 2);
    assert_int_equal(tpm2l_tcti_record_open_stream(&rec, &f.base, stdout, &o),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
}

static void test_record_reports_a_file_that_cannot_be_written(void **state)
{
    (void)state;
    fake_inner f;
    tpm2l_tcti_record rec;
    fake_inner_open(&f, two_responses, 2);
    /* /dev/full accepts open and fails every write with ENOSPC. */
    assert_int_equal(tpm2l_tcti_record_open(&rec, &f.base, "/dev/full", &opts),
                     TPM2L_RC_TCTI(TPM2L_E_IO));
    assert_non_null(strstr(rec.base.err, "cannot write"));
}

static void test_record_refuses_a_comment_that_would_read_as_the_trailer(void **state)
{
    (void)state;
    fake_inner f;
    tpm2l_tcti_record rec;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    fake_inner_open(&f, two_responses, 2);
    assert_int_equal(tpm2l_tcti_record_open_stream(&rec, &f.base, mem, &opts), 0);
    assert_int_equal(tpm2l_tcti_record_comment(&rec, "end: 3 exchanges"),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_tcti_record_comment(&rec, "two\nlines"),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    tpm2l_tcti_record_finish(&rec);
    fclose(mem);
    free(text);
}

static void test_record_forwards_locality_and_notes_it(void **state)
{
    (void)state;
    fake_inner f;
    tpm2l_tcti_record rec;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    fake_inner_open(&f, two_responses, 2);
    assert_int_equal(tpm2l_tcti_record_open_stream(&rec, &f.base, mem, &opts), 0);
    assert_int_equal(tpm2l_tcti_set_locality(&rec.base, 3), TPM2_RC_SUCCESS);
    assert_int_equal(f.locality, 3);
    tpm2l_tcti_record_finish(&rec);
    fclose(mem);
    assert_non_null(strstr(text, "\n# locality 3\n"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_writes_header_and_annotated_exchanges),
        cmocka_unit_test(test_record_wraps_message_body_in_32_byte_lines),
        cmocka_unit_test(test_recording_replays_byte_for_byte),
        cmocka_unit_test(test_record_to_path_then_replay_from_path),
        cmocka_unit_test(test_record_passes_inner_error_through_and_records_nothing),
        cmocka_unit_test(test_record_rejects_bad_scenario_name),
        cmocka_unit_test(test_record_rejects_oversized_seed),
        cmocka_unit_test(test_record_reports_a_file_that_cannot_be_written),
        cmocka_unit_test(test_record_refuses_a_comment_that_would_read_as_the_trailer),
        cmocka_unit_test(test_record_forwards_locality_and_notes_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
