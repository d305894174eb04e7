/* test_pcr_spec.c - the PCR selection and PCR digest string parsers (pcrspec.h):
 * what each form selects, that the TPM's allocation is enforced, and that every
 * malformed string is refused with a message rather than guessed at. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tpm2lite/pcrspec.h"

#define PARSE_ERR(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

static char err[200];

static void parse_ok(const char *spec, TPML_PCR_SELECTION *out)
{
    err[0] = '\0';
    TPM2_RC rc = tpm2l_pcr_spec_parse(spec, out, err, sizeof err);
    if (rc)
        fail_msg("'%s' refused: %s", spec, err);
}

static void parse_fails(const char *spec, TPM2_RC want, const char *text)
{
    TPML_PCR_SELECTION out;
    err[0] = '\0';
    TPM2_RC rc = tpm2l_pcr_spec_parse(spec, &out, err, sizeof err);
    if (rc != want)
        fail_msg("'%s': got 0x%x (%s), want 0x%x", spec, (unsigned)rc, err, (unsigned)want);
    if (!strstr(err, text))
        fail_msg("'%s': message '%s' does not say '%s'", spec, err, text);
}

/* A TPM with sha1 and sha256 banks of 24 PCRs each (what swtpm reports by default). */
static void two_banks(TPML_PCR_SELECTION *a)
{
    memset(a, 0, sizeof *a);
    a->count = 2;
    a->pcrSelections[0].hash = TPM2_ALG_SHA1;
    a->pcrSelections[1].hash = TPM2_ALG_SHA256;
    for (int i = 0; i < 2; i++) {
        a->pcrSelections[i].sizeofSelect = 3;
        memset(a->pcrSelections[i].pcrSelect, 0xFF, 3);
    }
}

static void test_list_selects_exactly_those_pcrs(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    parse_ok("sha256:0,1,2,16", &s);
    assert_int_equal(s.count, 1);
    assert_int_equal(s.pcrSelections[0].hash, TPM2_ALG_SHA256);
    assert_int_equal(s.pcrSelections[0].sizeofSelect, 3);
    assert_int_equal(s.pcrSelections[0].pcrSelect[0], 0x07);
    assert_int_equal(s.pcrSelections[0].pcrSelect[1], 0x00);
    assert_int_equal(s.pcrSelections[0].pcrSelect[2], 0x01);
}

static void test_banks_keep_the_order_given(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    parse_ok("sha256:3,1+sha1:0", &s);
    assert_int_equal(s.count, 2);
    assert_int_equal(s.pcrSelections[0].hash, TPM2_ALG_SHA256);
    assert_int_equal(s.pcrSelections[0].pcrSelect[0], 0x0A);
    assert_int_equal(s.pcrSelections[1].hash, TPM2_ALG_SHA1);
    assert_int_equal(s.pcrSelections[1].pcrSelect[0], 0x01);
}

static void test_bare_bank_selects_all_24(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    parse_ok("sha1", &s);
    assert_int_equal(s.count, 1);
    assert_int_equal(s.pcrSelections[0].sizeofSelect, 3);
    assert_int_equal(tpm2l_pcr_selection_count(&s), 24);
}

static void test_all_in_a_list_selects_all_24(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    parse_ok("sha384:all", &s);
    assert_int_equal(s.pcrSelections[0].hash, TPM2_ALG_SHA384);
    assert_int_equal(tpm2l_pcr_selection_count(&s), 24);
}

static void test_hex_pcr_numbers(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    parse_ok("sha256:0x10,0xA,0x0a", &s);
    assert_int_equal(s.pcrSelections[0].pcrSelect[1], 0x04);
    assert_int_equal(s.pcrSelections[0].pcrSelect[2], 0x01);
    assert_int_equal(tpm2l_pcr_selection_count(&s), 2);
}

static void test_bank_by_algorithm_number(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    parse_ok("0xb:1+4:0", &s);
    assert_int_equal(s.pcrSelections[0].hash, TPM2_ALG_SHA256);
    assert_int_equal(s.pcrSelections[1].hash, TPM2_ALG_SHA1);
}

static void test_bank_names_ignore_case(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    parse_ok("SHA256:1+Sm3_256:2", &s);
    assert_int_equal(s.pcrSelections[0].hash, TPM2_ALG_SHA256);
    assert_int_equal(s.pcrSelections[1].hash, TPM2_ALG_SM3_256);
}

static void test_pcr_named_twice_is_selected_once(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    parse_ok("sha256:16,16", &s);
    assert_int_equal(tpm2l_pcr_selection_count(&s), 1);
}

static void test_bank_named_twice_stays_two_entries(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    parse_ok("sha256:0+sha256:1", &s);
    assert_int_equal(s.count, 2);
    assert_int_equal(s.pcrSelections[0].pcrSelect[0], 0x01);
    assert_int_equal(s.pcrSelections[1].pcrSelect[0], 0x02);
}

static void test_pcr_above_23_widens_the_selection(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    parse_ok("sha256:31", &s);
    assert_int_equal(s.pcrSelections[0].sizeofSelect, 4);
    assert_int_equal(s.pcrSelections[0].pcrSelect[3], 0x80);
}

static void test_unknown_bank_is_named(void **state)
{
    (void)state;
    parse_fails("sha257:0", PARSE_ERR(TPM2L_E_BAD_VALUE), "unknown bank 'sha257'");
    parse_fails("0x99:0", PARSE_ERR(TPM2L_E_BAD_VALUE), "unknown bank '0x99'");
}

static void test_pcr_past_any_selection_is_refused(void **state)
{
    (void)state;
    parse_fails("sha256:99", PARSE_ERR(TPM2L_E_BAD_VALUE), "PCR 99 is past");
    parse_fails("sha256:32", PARSE_ERR(TPM2L_E_BAD_VALUE), "PCR 32 is past");
    parse_fails("sha256:0xFFFFFFFF", PARSE_ERR(TPM2L_E_BAD_VALUE), "PCR 4294967295 is past");
}

static void test_ranges_are_refused_with_a_hint(void **state)
{
    (void)state;
    parse_fails("sha256:0-3", PARSE_ERR(TPM2L_E_BAD_VALUE), "ranges are not part");
}

static void test_leading_zero_is_refused_not_read_as_octal(void **state)
{
    (void)state;
    parse_fails("sha256:010", PARSE_ERR(TPM2L_E_BAD_VALUE), "leading zero");
}

static void test_empty_parts_are_refused(void **state)
{
    (void)state;
    parse_fails("", PARSE_ERR(TPM2L_E_BAD_VALUE), "empty PCR selection");
    parse_fails("sha256:", PARSE_ERR(TPM2L_E_BAD_VALUE), "empty PCR list");
    parse_fails("sha256:1+", PARSE_ERR(TPM2L_E_BAD_VALUE), "empty bank");
    parse_fails("+sha1:0", PARSE_ERR(TPM2L_E_BAD_VALUE), "empty bank at offset 0");
    parse_fails("sha256:0,,1", PARSE_ERR(TPM2L_E_BAD_VALUE), "empty PCR number");
    parse_fails("sha256:0,", PARSE_ERR(TPM2L_E_BAD_VALUE), "empty PCR number");
}

static void test_malformed_numbers_are_refused(void **state)
{
    (void)state;
    parse_fails("sha256: 1", PARSE_ERR(TPM2L_E_BAD_VALUE), "not a PCR number");
    parse_fails("sha256:1 ", PARSE_ERR(TPM2L_E_BAD_VALUE), "not a PCR number");
    parse_fails("sha256:0x", PARSE_ERR(TPM2L_E_BAD_VALUE), "not a PCR number");
    parse_fails("sha256:1a", PARSE_ERR(TPM2L_E_BAD_VALUE), "not a PCR number");
    parse_fails("sha256:0x100000000", PARSE_ERR(TPM2L_E_BAD_VALUE), "not a PCR number");
    parse_fails("sha256:99999999999", PARSE_ERR(TPM2L_E_BAD_VALUE), "not a PCR number");
    parse_fails("sha256:0:1", PARSE_ERR(TPM2L_E_BAD_VALUE), "not a PCR number");
}

static void test_more_banks_than_a_list_holds_is_refused(void **state)
{
    (void)state;
    char spec[256] = "sha1:0";
    for (int i = 1; i <= TPM2_NUM_PCR_BANKS; i++)
        strcat(spec, "+sha1:0");
    parse_fails(spec, PARSE_ERR(TPM2L_E_INSUFFICIENT), "more than 16 banks");
}

static void test_errors_need_no_message_buffer(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    assert_int_equal(tpm2l_pcr_spec_parse("sha257:1", &s, NULL, 0),
                     PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_int_equal(tpm2l_pcr_spec_parse(NULL, &s, NULL, 0), PARSE_ERR(TPM2L_E_BAD_ARG));
}

static void test_message_is_cut_to_the_buffer(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    char small[8];
    memset(small, 'x', sizeof small);
    assert_int_not_equal(tpm2l_pcr_spec_parse("sha257:1", &s, small, sizeof small), 0);
    assert_int_equal(strlen(small), sizeof small - 1);
}

static void test_tpm_pcr_past_its_count_is_an_error(void **state)
{
    (void)state;
    TPML_PCR_SELECTION a, s;
    two_banks(&a);
    assert_int_equal(tpm2l_pcr_spec_parse_tpm("sha256:24", &a, &s, err, sizeof err),
                     PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_string_equal(err, "PCR 24 is past the 24 PCRs this TPM has");
}

static void test_tpm_bank_it_lacks_is_an_error(void **state)
{
    (void)state;
    TPML_PCR_SELECTION a, s;
    two_banks(&a);
    assert_int_equal(tpm2l_pcr_spec_parse_tpm("sha384:0", &a, &s, err, sizeof err),
                     PARSE_ERR(TPM2L_E_NOT_SUPPORTED));
    assert_string_equal(err, "bank sha384 is not allocated on this TPM (it has sha1, sha256)");
}

static void test_tpm_all_means_the_allocated_pcrs(void **state)
{
    (void)state;
    TPML_PCR_SELECTION a, s;
    two_banks(&a);
    a.pcrSelections[0].pcrSelect[2] = 0x00; /* sha1 has only PCRs 0..15 allocated */
    assert_int_equal(tpm2l_pcr_spec_parse_tpm("sha1:all", &a, &s, err, sizeof err), 0);
    assert_int_equal(tpm2l_pcr_selection_count(&s), 16);
    assert_int_equal(tpm2l_pcr_spec_parse_tpm("sha1:16", &a, &s, err, sizeof err),
                     PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_string_equal(err, "PCR 16 is not allocated in bank sha1 on this TPM");
}

static void test_tpm_selection_takes_the_tpm_size(void **state)
{
    (void)state;
    TPML_PCR_SELECTION a, s;
    two_banks(&a);
    a.pcrSelections[1].sizeofSelect = 4; /* a 32-PCR sha256 bank */
    a.pcrSelections[1].pcrSelect[3] = 0xFF;
    assert_int_equal(tpm2l_pcr_spec_parse_tpm("sha256:0+sha1:1", &a, &s, err, sizeof err), 0);
    assert_int_equal(s.pcrSelections[0].sizeofSelect, 4);
    assert_int_equal(s.pcrSelections[1].sizeofSelect, 3);
    assert_int_equal(tpm2l_pcr_spec_parse_tpm("sha256:31", &a, &s, err, sizeof err), 0);
}

static void test_check_resizes_to_the_tpm_and_refuses_extra_pcrs(void **state)
{
    (void)state;
    TPML_PCR_SELECTION a, s;
    two_banks(&a);
    parse_ok("sha256:1", &s);
    s.pcrSelections[0].sizeofSelect = 1;
    assert_int_equal(tpm2l_pcr_selection_check(&s, &a, err, sizeof err), 0);
    assert_int_equal(s.pcrSelections[0].sizeofSelect, 3);
    assert_int_equal(s.pcrSelections[0].pcrSelect[0], 0x02);
    parse_ok("sha256:25", &s);
    assert_int_equal(tpm2l_pcr_selection_check(&s, &a, err, sizeof err),
                     PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_string_equal(err, "PCR 25 is past the 24 PCRs this TPM has");
}

static void test_check_refuses_an_oversized_selection(void **state)
{
    (void)state;
    TPML_PCR_SELECTION a, s;
    two_banks(&a);
    parse_ok("sha256:1", &s);
    s.pcrSelections[0].sizeofSelect = TPM2_PCR_SELECT_MAX + 1;
    assert_int_equal(tpm2l_pcr_selection_check(&s, &a, err, sizeof err),
                     PARSE_ERR(TPM2L_E_BAD_VALUE));
}

static void test_format_round_trips(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s, t;
    char buf[128];
    parse_ok("sha256:0,1,2,16+sha1:23+sha512:31", &s);
    assert_int_equal(tpm2l_pcr_spec_format(&s, buf, sizeof buf), 0);
    assert_string_equal(buf, "sha256:0,1,2,16+sha1:23+sha512:31");
    parse_ok(buf, &t);
    assert_memory_equal(&s, &t, sizeof s);
}

static void test_format_refuses_a_small_buffer(void **state)
{
    (void)state;
    TPML_PCR_SELECTION s;
    char buf[10];
    parse_ok("sha256:0,1,2,16", &s);
    assert_int_equal(tpm2l_pcr_spec_format(&s, buf, sizeof buf), PARSE_ERR(TPM2L_E_INSUFFICIENT));
}

/* ---- PCR digest strings ---- */

#define H64 "7f85193790de75e46b70bfec3614098f47332a6993dabac6e38ad35f47df5da4"
#define H40 "11f6ad8ec52a2984abaafd7c3b516503785c2072"

static TPM2_RC digest(const char *spec, TPMI_DH_PCR *pcr, TPML_DIGEST_VALUES *d)
{
    err[0] = '\0';
    return tpm2l_pcr_digest_spec_parse(spec, pcr, d, err, sizeof err);
}

static void test_digest_one_bank(void **state)
{
    (void)state;
    TPMI_DH_PCR pcr;
    TPML_DIGEST_VALUES d;
    assert_int_equal(digest("16:sha256=" H64, &pcr, &d), 0);
    assert_int_equal(pcr, 16);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.digests[0].hashAlg, TPM2_ALG_SHA256);
    assert_int_equal(d.digests[0].digest.sha256[0], 0x7f);
    assert_int_equal(d.digests[0].digest.sha256[31], 0xa4);
}

static void test_digest_two_banks_in_order(void **state)
{
    (void)state;
    TPMI_DH_PCR pcr;
    TPML_DIGEST_VALUES d;
    assert_int_equal(digest("0x17:sha1=" H40 ",sha256=" H64, &pcr, &d), 0);
    assert_int_equal(pcr, 23);
    assert_int_equal(d.count, 2);
    assert_int_equal(d.digests[0].hashAlg, TPM2_ALG_SHA1);
    assert_int_equal(d.digests[1].hashAlg, TPM2_ALG_SHA256);
}

static void test_digest_of_the_wrong_length_is_refused(void **state)
{
    (void)state;
    TPMI_DH_PCR pcr;
    TPML_DIGEST_VALUES d;
    assert_int_equal(digest("16:sha1=" H64, &pcr, &d), PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_string_equal(err, "a sha1 digest is 40 hex characters, not 64");
}

static void test_digest_malformed_forms_are_refused(void **state)
{
    (void)state;
    TPMI_DH_PCR pcr;
    TPML_DIGEST_VALUES d;
    assert_int_equal(digest("sha256=" H64, &pcr, &d), PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_int_equal(digest("16:", &pcr, &d), PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_int_equal(digest("16:sha256", &pcr, &d), PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_int_equal(digest("32:sha1=" H40, &pcr, &d), PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_int_equal(digest("16:sha257=" H64, &pcr, &d), PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_int_equal(digest("16:sha1=" H40 ",", &pcr, &d), PARSE_ERR(TPM2L_E_BAD_VALUE));
}

static void test_digest_non_hex_is_refused(void **state)
{
    (void)state;
    TPMI_DH_PCR pcr;
    TPML_DIGEST_VALUES d;
    char spec[80] = "16:sha1=" H40;
    spec[strlen(spec) - 1] = 'g';
    assert_int_equal(digest(spec, &pcr, &d), PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_string_equal(err, "the sha1 digest is not hex");
}

static void test_digest_bank_given_twice_is_refused(void **state)
{
    (void)state;
    TPMI_DH_PCR pcr;
    TPML_DIGEST_VALUES d;
    assert_int_equal(digest("16:sha1=" H40 ",sha1=" H40, &pcr, &d), PARSE_ERR(TPM2L_E_BAD_VALUE));
    assert_string_equal(err, "sha1 is given twice");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_selects_exactly_those_pcrs),
        cmocka_unit_test(test_banks_keep_the_order_given),
        cmocka_unit_test(test_bare_bank_selects_all_24),
        cmocka_unit_test(test_all_in_a_list_selects_all_24),
        cmocka_unit_test(test_hex_pcr_numbers),
        cmocka_unit_test(test_bank_by_algorithm_number),
        cmocka_unit_test(test_bank_names_ignore_case),
        cmocka_unit_test(test_pcr_named_twice_is_selected_once),
        cmocka_unit_test(test_bank_named_twice_stays_two_entries),
        cmocka_unit_test(test_pcr_above_23_widens_the_selection),
        cmocka_unit_test(test_unknown_bank_is_named),
        cmocka_unit_test(test_pcr_past_any_selection_is_refused),
        cmocka_unit_test(test_ranges_are_refused_with_a_hint),
        cmocka_unit_test(test_leading_zero_is_refused_not_read_as_octal),
        cmocka_unit_test(test_empty_parts_are_refused),
        cmocka_unit_test(test_malformed_numbers_are_refused),
        cmocka_unit_test(test_more_banks_than_a_list_holds_is_refused),
        cmocka_unit_test(test_errors_need_no_message_buffer),
        cmocka_unit_test(test_message_is_cut_to_the_buffer),
        cmocka_unit_test(test_tpm_pcr_past_its_count_is_an_error),
        cmocka_unit_test(test_tpm_bank_it_lacks_is_an_error),
        cmocka_unit_test(test_tpm_all_means_the_allocated_pcrs),
        cmocka_unit_test(test_tpm_selection_takes_the_tpm_size),
        cmocka_unit_test(test_check_resizes_to_the_tpm_and_refuses_extra_pcrs),
        cmocka_unit_test(test_check_refuses_an_oversized_selection),
        cmocka_unit_test(test_format_round_trips),
        cmocka_unit_test(test_format_refuses_a_small_buffer),
        cmocka_unit_test(test_digest_one_bank),
        cmocka_unit_test(test_digest_two_banks_in_order),
        cmocka_unit_test(test_digest_of_the_wrong_length_is_refused),
        cmocka_unit_test(test_digest_malformed_forms_are_refused),
        cmocka_unit_test(test_digest_non_hex_is_refused),
        cmocka_unit_test(test_digest_bank_given_twice_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
