/* test_wrappers.c - what the wrappers check beyond the frame, on a scripted transport:
 * names recomputed from public areas, templates equal to tpm2-tools' defaults, PCR value
 * counts, GetCapability's moreData loop, handles and names after ContextLoad. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/command/fake_tpm.h"
#include "tpm2lite/marshal.h"

/* ---- names and templates ---- */

/* tpm2_createprimary -C o -G ecc on swtpm; tpm2_readpublic -o pub -n name -f tss. */
static const char tools_ecc_pub[] =
    "005a0023000b00030072000000060080004300100003001000203c89bdcacd05cd83e433d72082275f9b"
    "bf7ca43324bc5fd3e4b32c98532575d10020d66db83e254de88d974614cb88df5ee71dda8d5f32e54c06"
    "2a51102f72d3cba6";
static const char tools_ecc_name[] =
    "000b462870cc949677ff19634e037fb5edaa485183a5f500bbbf62b6578f02b1f6df";

static void load_tools_ecc(TPM2B_PUBLIC *pub, TPM2B_NAME *name)
{
    uint8_t buf[256];
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, buf, fake_unhex(tools_ecc_pub, buf, sizeof buf));
    tpm2l_unmarshal_TPM2B_PUBLIC(&r, pub);
    assert_int_equal(tpm2l_rcur_finish(&r), 0);
    name->size = (uint16_t)fake_unhex(tools_ecc_name, name->name, sizeof name->name);
}

static void test_rsa_template_is_tpm2_tools_default(void **state)
{
    (void)state;
    TPM2B_PUBLIC pub = {0};
    uint8_t got[128], want[128];
    size_t n;
    tpm2l_wcur w;
    assert_int_equal(tpm2l_template_primary(&pub.publicArea, TPM2_ALG_RSA), 0);
    tpm2l_wcur_init(&w, got, sizeof got);
    tpm2l_marshal_TPM2B_PUBLIC(&w, &pub);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), 0);
    size_t wn = fake_unhex("001a 0001 000b 00030072 0000 0006 0080 0043 0010 0800 00000000 0000",
                           want, sizeof want);
    assert_int_equal(n, wn);
    assert_memory_equal(got, want, n);
}

static void test_ecc_template_is_tpm2_tools_default(void **state)
{
    (void)state;
    TPM2B_PUBLIC tools, ours = {0};
    TPM2B_NAME name;
    uint8_t a[256], b[256];
    size_t na, nb;
    tpm2l_wcur w;
    load_tools_ecc(&tools, &name);
    tools.publicArea.unique.ecc.x.size = 0;
    tools.publicArea.unique.ecc.y.size = 0;
    assert_int_equal(tpm2l_template_primary(&ours.publicArea, TPM2_ALG_ECC), 0);
    tpm2l_wcur_init(&w, a, sizeof a);
    tpm2l_marshal_TPMT_PUBLIC(&w, &tools.publicArea);
    assert_int_equal(tpm2l_wcur_finish(&w, &na), 0);
    tpm2l_wcur_init(&w, b, sizeof b);
    tpm2l_marshal_TPMT_PUBLIC(&w, &ours.publicArea);
    assert_int_equal(tpm2l_wcur_finish(&w, &nb), 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
}

static void test_template_refuses_other_types(void **state)
{
    (void)state;
    TPMT_PUBLIC p;
    assert_int_equal(tpm2l_template_primary(&p, TPM2_ALG_KEYEDHASH),
                     TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_BAD_ARG));
}

/* A CreatePrimary answer carrying outPublic and name, under the password session. */
static void queue_create_primary_answer(const TPM2B_PUBLIC *pub, const TPM2B_NAME *name)
{
    static TPM2B_CREATION_DATA cd;
    TPM2B_DIGEST hash = {32, {0}};
    TPMT_TK_CREATION tk = {TPM2_ST_CREATION, TPM2_RH_OWNER, {0, {0}}};
    rsp_begin(TPM2_ST_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, 0x80000000);
    size_t at = tpm2l_wcur_size32_begin(&rsp_w);
    tpm2l_marshal_TPM2B_PUBLIC(&rsp_w, pub);
    tpm2l_marshal_TPM2B_CREATION_DATA(&rsp_w, &cd);
    tpm2l_marshal_TPM2B_DIGEST(&rsp_w, &hash);
    tpm2l_marshal_TPMT_TK_CREATION(&rsp_w, &tk);
    tpm2l_marshal_TPM2B_NAME(&rsp_w, name);
    tpm2l_wcur_size32_end(&rsp_w, at);
    rsp_pw_session();
    rsp_queue();
}

static void ecc_in(tpm2l_CreatePrimary_in *in)
{
    memset(in, 0, sizeof *in);
    assert_int_equal(tpm2l_auth_handle_set(&in->primaryHandle, TPM2_RH_OWNER, NULL, 0), 0);
    assert_int_equal(tpm2l_template_primary(&in->inPublic.publicArea, TPM2_ALG_ECC), 0);
}

static void test_create_primary_returns_handle_with_verified_name(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    static TPM2B_PUBLIC pub;
    TPM2B_NAME name;
    load_tools_ecc(&pub, &name);
    ecc_in(&in);
    queue_create_primary_answer(&pub, &name);
    assert_int_equal(tpm2l_CreatePrimary(&ctx, &in, &out), 0);
    assert_int_equal(out.objectHandle.handle, 0x80000000);
    assert_true(tpm2l_name_equal(&out.objectHandle.name, &name));
}

static void test_create_primary_name_not_matching_public_is_refused(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    static TPM2B_PUBLIC pub;
    TPM2B_NAME name;
    load_tools_ecc(&pub, &name);
    name.name[33] ^= 0x80;
    ecc_in(&in);
    queue_create_primary_answer(&pub, &name);
    fake_queue_hex(&fake, "8001 0000000a 00000000");
    assert_int_equal(tpm2l_CreatePrimary(&ctx, &in, &out), RC_NAME_MISMATCH);
    assert_error_mentions("CreatePrimary: the name returned is not the name of outPublic");
    /* The caller never gets the handle: the library flushes the object itself. */
    assert_sent(1, "8001 0000000e 00000165 80000000");
}

static void test_create_primary_public_not_matching_template_is_refused(void **state)
{
    (void)state;
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    static TPM2B_PUBLIC pub;
    TPM2B_NAME name;
    load_tools_ecc(&pub, &name);
    ecc_in(&in);
    in.inPublic.publicArea.objectAttributes |= TPMA_OBJECT_NODA; /* asked for another key */
    queue_create_primary_answer(&pub, &name);
    fake_queue_hex(&fake, "8001 0000000a 00000000");
    assert_int_equal(tpm2l_CreatePrimary(&ctx, &in, &out), RC_BAD_RESPONSE);
    assert_error_mentions("not the requested template");
    assert_sent(1, "8001 0000000e 00000165 80000000");
}

static void queue_read_public_answer(const TPM2B_PUBLIC *pub, const TPM2B_NAME *name)
{
    rsp_begin(TPM2_ST_NO_SESSIONS);
    tpm2l_marshal_TPM2B_PUBLIC(&rsp_w, pub);
    tpm2l_marshal_TPM2B_NAME(&rsp_w, name);
    tpm2l_marshal_TPM2B_NAME(&rsp_w, name);
    rsp_queue();
}

static void test_read_public_checks_name_against_public(void **state)
{
    (void)state;
    static tpm2l_ReadPublic_in in;
    static tpm2l_ReadPublic_out out;
    static TPM2B_PUBLIC pub;
    TPM2B_NAME name;
    load_tools_ecc(&pub, &name);
    in.objectHandle.handle = 0x81000001;
    queue_read_public_answer(&pub, &name);
    assert_int_equal(tpm2l_ReadPublic(&ctx, &in, &out), 0);
    name.name[2] ^= 1;
    queue_read_public_answer(&pub, &name);
    assert_int_equal(tpm2l_ReadPublic(&ctx, &in, &out), RC_NAME_MISMATCH);
    assert_error_mentions("is not the name of outPublic");
}

static void test_read_public_checks_the_expected_name(void **state)
{
    (void)state;
    static tpm2l_ReadPublic_in in;
    static tpm2l_ReadPublic_out out;
    static TPM2B_PUBLIC pub;
    TPM2B_NAME name;
    load_tools_ecc(&pub, &name);
    in.objectHandle.handle = 0x81000001;
    in.objectHandle.name = name;
    queue_read_public_answer(&pub, &name);
    assert_int_equal(tpm2l_ReadPublic(&ctx, &in, &out), 0);
    in.objectHandle.name.name[5] ^= 1;
    queue_read_public_answer(&pub, &name);
    assert_int_equal(tpm2l_ReadPublic(&ctx, &in, &out), RC_NAME_MISMATCH);
    assert_error_mentions("0x81000001 holds a different object");
}

/* ---- multi-round and cross-field checks ---- */

static void test_pcr_read_value_count_must_match_selection(void **state)
{
    (void)state;
    static tpm2l_PCR_Read_in in;
    static tpm2l_PCR_Read_out out;
    /* counter 5, one sha256 bank selecting PCRs 0 and 1, but one digest only */
    fake_queue_hex(&fake, "8001 0000002e 00000000 00000005 00000001 000b 03 030000 "
                          "00000001 0010 00000000000000000000000000000000");
    assert_int_equal(tpm2l_PCR_Read(&ctx, &in, &out), RC_BAD_RESPONSE);
    assert_error_mentions("2 PCRs selected in pcrSelectionOut but 1 values returned");
}

static void test_capability_helper_follows_more_data(void **state)
{
    (void)state;
    static TPMS_CAPABILITY_DATA all;
    fake_queue_hex(&fake, "8001 0000001b 00000000 01 00000001 00000002 81000001 81000002");
    fake_queue_hex(&fake, "8001 00000017 00000000 00 00000001 00000001 81000005");
    assert_int_equal(tpm2l_GetCapability_all(&ctx, TPM2_CAP_HANDLES, 0x81000000, &all), 0);
    assert_int_equal(all.data.handles.count, 3);
    assert_int_equal(all.data.handles.handle[2], 0x81000005);
    /* The second request starts after the last handle returned. */
    assert_memory_equal(fake.sent[1] + 10, "\x00\x00\x00\x01\x81\x00\x00\x03", 8);
}

static void test_capability_helper_refuses_a_tpm_that_does_not_advance(void **state)
{
    (void)state;
    static TPMS_CAPABILITY_DATA all;
    fake_queue_hex(&fake, "8001 00000013 00000000 01 00000001 00000000");
    assert_int_equal(tpm2l_GetCapability_all(&ctx, TPM2_CAP_HANDLES, 0x81000000, &all),
                     RC_BAD_RESPONSE);
    assert_error_mentions("does not advance");
}

static void test_capability_answer_for_another_capability_is_refused(void **state)
{
    (void)state;
    static tpm2l_GetCapability_out out;
    tpm2l_GetCapability_in in = {TPM2_CAP_HANDLES, 0x81000000, 1};
    fake_queue_hex(&fake, "8001 00000013 00000000 00 00000008 00000000");
    assert_int_equal(tpm2l_GetCapability(&ctx, &in, &out), RC_BAD_RESPONSE);
    assert_error_mentions("asked for capability 1, got 8");
}

static void test_context_load_names_a_session_by_its_handle(void **state)
{
    (void)state;
    static tpm2l_ContextLoad_in in;
    static tpm2l_ContextLoad_out out;
    in.name.size = 2; /* ignored for sessions */
    fake_queue_hex(&fake, "8001 0000000e 00000000 02000000");
    assert_int_equal(tpm2l_ContextLoad(&ctx, &in, &out), 0);
    assert_int_equal(out.loadedHandle.handle, 0x02000000);
    assert_int_equal(out.loadedHandle.name.size, 4);
}

static void test_context_load_carries_the_callers_object_name(void **state)
{
    (void)state;
    static tpm2l_ContextLoad_in in;
    static tpm2l_ContextLoad_out out;
    in.name.size = 3;
    memcpy(in.name.name, "xyz", 3);
    fake_queue_hex(&fake, "8001 0000000e 00000000 80000002");
    assert_int_equal(tpm2l_ContextLoad(&ctx, &in, &out), 0);
    assert_true(tpm2l_name_equal(&out.loadedHandle.name, &in.name));
}

static void test_response_is_wiped_after_parsing(void **state)
{
    (void)state;
    fake_queue_hex(&fake, "8001 00000010 00000000 0004 5ec7e75e");
    tpm2l_GetRandom_out out;
    assert_int_equal(tpm2l_GetRandom(&ctx, &(tpm2l_GetRandom_in){4}, &out), 0);
    assert_memory_equal(out.randomBytes.buffer, "\x5e\xc7\xe7\x5e", 4);
    assert_false(contains(ctx.rsp, sizeof ctx.rsp, "\x5e\xc7\xe7\x5e", 4));
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_rsa_template_is_tpm2_tools_default),
        T(test_ecc_template_is_tpm2_tools_default),
        T(test_template_refuses_other_types),
        T(test_create_primary_returns_handle_with_verified_name),
        T(test_create_primary_name_not_matching_public_is_refused),
        T(test_create_primary_public_not_matching_template_is_refused),
        T(test_read_public_checks_name_against_public),
        T(test_read_public_checks_the_expected_name),
        T(test_pcr_read_value_count_must_match_selection),
        T(test_capability_helper_follows_more_data),
        T(test_capability_helper_refuses_a_tpm_that_does_not_advance),
        T(test_capability_answer_for_another_capability_is_refused),
        T(test_context_load_names_a_session_by_its_handle),
        T(test_context_load_carries_the_callers_object_name),
        T(test_response_is_wiped_after_parsing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
