/* test_corpus_parse.c - corrupt corpus files fail at open with a PARSE error that
 * names the line, and a good one loads. The texts are written here by hand because
 * they are about the file format, not about any TPM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tpm2lite/corpus.h"

#define HEAD "# tpm2lite corpus v1\n# scenario: t\n# seed: 00\n\n"
#define GETRANDOM_CMD "> 8001 0000000c 0000017b  # TPM2_CC_GetRandom\n  0010\n"
#define GETRANDOM_RSP "< 8001 0000000e 00000000\n  0002 abcd\n"
#define ONE_EXCHANGE GETRANDOM_CMD GETRANDOM_RSP
#define END1 "# end: 1 exchanges\n"

static uint8_t store[1 << 14];

static TPM2_RC load(const char *text, tpm2l_tcti_replay *rp)
{
    return tpm2l_tcti_replay_open_mem(rp, text, strlen(text), store, sizeof store);
}

/* text must fail with reason, and the detail must name the line. */
static void expect_error(const char *text, uint32_t reason, const char *detail)
{
    tpm2l_tcti_replay rp;
    assert_int_equal(load(text, &rp), TPM2L_RC(TPM2L_LAYER_PARSE, reason));
    if (!strstr(rp.base.err, detail))
        fail_msg("detail \"%s\" lacks \"%s\"", rp.base.err, detail);
    /* An unusable replay refuses to serve anything. */
    assert_int_not_equal(tpm2l_tcti_transmit(&rp.base, (const uint8_t *)"x", 1), 0);
}

static void test_good_file_loads(void **state)
{
    (void)state;
    tpm2l_tcti_replay rp;
    assert_int_equal(load(HEAD "# tpm: x\n" ONE_EXCHANGE "# a comment\n" END1 "\n", &rp), 0);
    assert_int_equal(rp.n_exchanges, 1);
    assert_string_equal(rp.scenario, "t");
}

static void test_crlf_line_ends_and_upper_case_hex_load(void **state)
{
    (void)state;
    tpm2l_tcti_replay rp;
    assert_int_equal(load("# tpm2lite corpus v1\r\n# scenario: t\r\n# seed: AB\r\n\r\n"
                          "> 8001 0000000C 0000017B\r\n  0010\r\n"
                          "< 8001 0000000E 00000000 0002ABCD\r\n# end: 1 exchanges\r\n",
                          &rp),
                     0);
    assert_int_equal(rp.seed[0], 0xab);
}

static void test_empty_file_is_not_a_corpus(void **state)
{
    (void)state;
    expect_error("", TPM2L_E_BAD_VALUE, "corpus line 1: not a corpus");
}

static void test_wrong_first_line_is_not_a_corpus(void **state)
{
    (void)state;
    expect_error("# tpm2lite corpus v2\n", TPM2L_E_BAD_VALUE, "corpus line 1: not a corpus");
}

static void test_bad_hex_digit_names_line_and_column(void **state)
{
    (void)state;
    expect_error(HEAD "> 8001 0000000c 0000017b\n  00g0\n" GETRANDOM_RSP END1,
                 TPM2L_E_BAD_VALUE, "corpus line 6: 'g' (column 5) is not a hex digit");
}

static void test_odd_number_of_hex_digits_is_truncated(void **state)
{
    (void)state;
    expect_error(HEAD "> 8001 0000000c 0000017b\n  001\n" GETRANDOM_RSP END1,
                 TPM2L_E_TRUNCATED, "corpus line 6: odd number of hex digits");
}

static void test_size_field_that_lies_is_rejected(void **state)
{
    (void)state;
    expect_error(HEAD "> 8001 0000000d 0000017b\n  0010\n" GETRANDOM_RSP END1,
                 TPM2L_E_BAD_VALUE, "corpus line 5: header size field says 13 bytes, the "
                                    "message has 12");
}

static void test_message_shorter_than_a_header_is_truncated(void **state)
{
    (void)state;
    expect_error(HEAD "> 8001 0000000c 0001\n" GETRANDOM_RSP END1, TPM2L_E_TRUNCATED,
                 "corpus line 5: message of 8 bytes is shorter");
}

static void test_missing_response_line_is_truncated(void **state)
{
    (void)state;
    expect_error(HEAD GETRANDOM_CMD GETRANDOM_CMD GETRANDOM_RSP "# end: 2 exchanges\n",
                 TPM2L_E_TRUNCATED, "corpus line 7: the command at line 5 has no response");
}

static void test_file_ending_after_a_command_is_truncated(void **state)
{
    (void)state;
    expect_error(HEAD ONE_EXCHANGE GETRANDOM_CMD, TPM2L_E_TRUNCATED,
                 "the command at line 9 has no response");
}

static void test_response_without_command_is_out_of_sequence(void **state)
{
    (void)state;
    expect_error(HEAD GETRANDOM_RSP END1, TPM2L_E_BAD_SEQUENCE,
                 "corpus line 5: a response without a command");
}

static void test_missing_trailer_means_cut_short(void **state)
{
    (void)state;
    expect_error(HEAD ONE_EXCHANGE, TPM2L_E_TRUNCATED, "corpus line 8: the file ends without");
}

static void test_trailer_with_wrong_count_is_rejected(void **state)
{
    (void)state;
    expect_error(HEAD ONE_EXCHANGE "# end: 2 exchanges\n", TPM2L_E_BAD_VALUE,
                 "corpus line 9: end line says 2 exchanges, the file has 1");
}

static void test_text_after_the_trailer_is_rejected(void **state)
{
    (void)state;
    expect_error(HEAD ONE_EXCHANGE END1 "\n# more\n", TPM2L_E_BAD_VALUE,
                 "corpus line 11: text after the end line");
}

static void test_malformed_trailer_is_rejected(void **state)
{
    (void)state;
    expect_error(HEAD ONE_EXCHANGE "# end: one exchange\n", TPM2L_E_BAD_VALUE,
                 "corpus line 9: end line is not");
}

static void test_header_without_scenario_is_rejected(void **state)
{
    (void)state;
    expect_error("# tpm2lite corpus v1\n# seed: 00\n\n" ONE_EXCHANGE END1, TPM2L_E_BAD_VALUE,
                 "corpus line 3: the header has no '# scenario: NAME' line");
}

static void test_header_without_seed_is_rejected(void **state)
{
    (void)state;
    expect_error("# tpm2lite corpus v1\n# scenario: t\n" ONE_EXCHANGE END1, TPM2L_E_BAD_VALUE,
                 "corpus line 3: the header has no '# seed: HEX' line");
}

static void test_seed_that_is_not_hex_is_rejected(void **state)
{
    (void)state;
    expect_error("# tpm2lite corpus v1\n# scenario: t\n# seed: 0x\n", TPM2L_E_BAD_VALUE,
                 "corpus line 3: seed is not hex");
}

static void test_continuation_outside_a_message_is_rejected(void **state)
{
    (void)state;
    expect_error(HEAD "  0010\n", TPM2L_E_BAD_SEQUENCE,
                 "corpus line 5: continuation line outside a message");
}

static void test_unknown_line_start_is_rejected(void **state)
{
    (void)state;
    expect_error(HEAD "x\n", TPM2L_E_BAD_VALUE, "corpus line 5: a line may not start with 'x'");
}

static void test_overlong_line_is_rejected(void **state)
{
    (void)state;
    static char text[TPM2L_CORPUS_LINE_MAX + 200];
    snprintf(text, sizeof text, HEAD "# ");
    size_t n = strlen(text);
    memset(text + n, 'a', TPM2L_CORPUS_LINE_MAX);
    text[n + TPM2L_CORPUS_LINE_MAX] = '\0';
    expect_error(text, TPM2L_E_BAD_VALUE, "corpus line 5: line longer than 1023 characters");
}

static void test_nul_byte_is_rejected(void **state)
{
    (void)state;
    static const char text[] = HEAD "# a\0b\n";
    tpm2l_tcti_replay rp;
    assert_int_equal(tpm2l_tcti_replay_open_mem(&rp, text, sizeof text - 1, store,
                                                sizeof store),
                     TPM2L_RC(TPM2L_LAYER_PARSE, TPM2L_E_BAD_VALUE));
    assert_non_null(strstr(rp.base.err, "corpus line 5: NUL byte"));
}

static void test_message_longer_than_the_maximum_is_rejected(void **state)
{
    (void)state;
    /* 4097 bytes: one more than TPM2L_MAX_MESSAGE. */
    static char text[16384];
    size_t n = (size_t)snprintf(text, sizeof text, HEAD "> 8001 00001001 0000017b\n");
    for (int line = 0; line < 129; line++) {
        text[n++] = ' ';
        for (int i = 0; i < 64; i++)
            text[n++] = '0';
        text[n++] = '\n';
    }
    text[n] = '\0';
    expect_error(text, TPM2L_E_BAD_VALUE, "message longer than 4096 bytes");
}

static void test_store_too_small_is_insufficient(void **state)
{
    (void)state;
    static const char text[] = HEAD ONE_EXCHANGE END1;
    tpm2l_tcti_replay rp;
    assert_int_equal(tpm2l_tcti_replay_open_mem(&rp, text, sizeof text - 1, store, 20),
                     TPM2L_RC(TPM2L_LAYER_PARSE, TPM2L_E_INSUFFICIENT));
    assert_non_null(strstr(rp.base.err, "replay store of 20 bytes is too small"));
}

static void test_missing_file_is_not_found(void **state)
{
    (void)state;
    tpm2l_tcti_replay rp;
    assert_int_equal(tpm2l_tcti_replay_open(&rp, "/nonexistent/x.corpus", store,
                                            sizeof store),
                     TPM2L_RC(TPM2L_LAYER_PARSE, TPM2L_E_NOT_FOUND));
    assert_non_null(strstr(rp.base.err, "/nonexistent/x.corpus"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file_loads),
        cmocka_unit_test(test_crlf_line_ends_and_upper_case_hex_load),
        cmocka_unit_test(test_empty_file_is_not_a_corpus),
        cmocka_unit_test(test_wrong_first_line_is_not_a_corpus),
        cmocka_unit_test(test_bad_hex_digit_names_line_and_column),
        cmocka_unit_test(test_odd_number_of_hex_digits_is_truncated),
        cmocka_unit_test(test_size_field_that_lies_is_rejected),
        cmocka_unit_test(test_message_shorter_than_a_header_is_truncated),
        cmocka_unit_test(test_missing_response_line_is_truncated),
        cmocka_unit_test(test_file_ending_after_a_command_is_truncated),
        cmocka_unit_test(test_response_without_command_is_out_of_sequence),
        cmocka_unit_test(test_missing_trailer_means_cut_short),
        cmocka_unit_test(test_trailer_with_wrong_count_is_rejected),
        cmocka_unit_test(test_text_after_the_trailer_is_rejected),
        cmocka_unit_test(test_malformed_trailer_is_rejected),
        cmocka_unit_test(test_header_without_scenario_is_rejected),
        cmocka_unit_test(test_header_without_seed_is_rejected),
        cmocka_unit_test(test_seed_that_is_not_hex_is_rejected),
        cmocka_unit_test(test_continuation_outside_a_message_is_rejected),
        cmocka_unit_test(test_unknown_line_start_is_rejected),
        cmocka_unit_test(test_overlong_line_is_rejected),
        cmocka_unit_test(test_nul_byte_is_rejected),
        cmocka_unit_test(test_message_longer_than_the_maximum_is_rejected),
        cmocka_unit_test(test_store_too_small_is_insufficient),
        cmocka_unit_test(test_missing_file_is_not_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
