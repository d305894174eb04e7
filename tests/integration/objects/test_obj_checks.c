/* test_obj_checks.c - what the objects, NV and audit wrappers refuse in a response, on
 * the command unit tests' scripted transport (no TPM): answers only an interposer (or
 * a broken TPM) would give. Also the exact bytes of an NV_Write, whose handle and
 * parameter order Part 3 fixes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/command/fake_tpm.h"
#include "tpm2lite/marshal.h"

#define IDX 0x01000300u

static void sealed_public(TPM2B_PUBLIC *pub)
{
    memset(pub, 0, sizeof *pub);
    assert_int_equal(tpm2l_template_sealed(&pub->publicArea, TPM2_ALG_SHA256, NULL,
                                           TPMA_OBJECT_USERWITHAUTH),
                     0);
    pub->publicArea.unique.keyedHash.size = 32;
    memset(pub->publicArea.unique.keyedHash.buffer, 0x11, 32);
}

/* ---- Load ---- */

static void queue_load_answer(const TPM2B_NAME *name)
{
    rsp_begin(TPM2_ST_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, 0x80000001);
    size_t at = tpm2l_wcur_size32_begin(&rsp_w);
    tpm2l_marshal_TPM2B_NAME(&rsp_w, name);
    tpm2l_wcur_size32_end(&rsp_w, at);
    rsp_pw_session();
    rsp_queue();
}

static void load_in(tpm2l_Load_in *in)
{
    memset(in, 0, sizeof *in);
    assert_int_equal(tpm2l_auth_handle_set(&in->parentHandle, 0x80000000, NULL, 0), 0);
    in->inPrivate.size = 4;
    sealed_public(&in->inPublic);
}

static void test_load_returns_the_verified_name(void **state)
{
    (void)state;
    static tpm2l_Load_in in;
    static tpm2l_Load_out out;
    TPM2B_NAME name;
    load_in(&in);
    assert_int_equal(tpm2l_name_from_public(&in.inPublic.publicArea, &name), 0);
    queue_load_answer(&name);
    assert_int_equal(tpm2l_Load(&ctx, &in, &out), 0);
    assert_int_equal(out.objectHandle.handle, 0x80000001);
    assert_true(tpm2l_name_equal(&out.objectHandle.name, &name));
}

static void test_load_refuses_another_name_and_flushes_what_was_loaded(void **state)
{
    (void)state;
    static tpm2l_Load_in in;
    static tpm2l_Load_out out;
    TPM2B_NAME name;
    load_in(&in);
    assert_int_equal(tpm2l_name_from_public(&in.inPublic.publicArea, &name), 0);
    name.name[10] ^= 1;
    queue_load_answer(&name);
    fake_queue_hex(&fake, "8001 0000000a 00000000"); /* FlushContext's answer */
    assert_int_equal(tpm2l_Load(&ctx, &in, &out), RC_NAME_MISMATCH);
    assert_error_mentions("Load: the name returned for 0x80000001");
    assert_int_equal(fake.n_sent, 2);
    assert_sent(1, "8001 0000000e 00000165 80000001");
}

/* ---- Create ---- */

static void queue_create_answer(const TPM2B_PUBLIC *pub)
{
    TPM2B_CREATION_DATA cd;
    memset(&cd, 0, sizeof cd);
    cd.creationData.parentNameAlg = TPM2_ALG_SHA256;
    TPM2B_DIGEST hash = {32, {0}};
    TPMT_TK_CREATION tk = {TPM2_ST_CREATION, TPM2_RH_OWNER, {0, {0}}};
    TPM2B_PRIVATE priv = {4, {1, 2, 3, 4}};
    rsp_begin(TPM2_ST_SESSIONS);
    size_t at = tpm2l_wcur_size32_begin(&rsp_w);
    tpm2l_marshal_TPM2B_PRIVATE(&rsp_w, &priv);
    if (pub)
        tpm2l_marshal_TPM2B_PUBLIC(&rsp_w, pub);
    else
        tpm2l_wcur_u16(&rsp_w, 0);
    tpm2l_marshal_TPM2B_CREATION_DATA(&rsp_w, &cd);
    tpm2l_marshal_TPM2B_DIGEST(&rsp_w, &hash);
    tpm2l_marshal_TPMT_TK_CREATION(&rsp_w, &tk);
    tpm2l_wcur_size32_end(&rsp_w, at);
    rsp_pw_session();
    rsp_queue();
}

static void create_in(tpm2l_Create_in *in)
{
    memset(in, 0, sizeof *in);
    assert_int_equal(tpm2l_auth_handle_set(&in->parentHandle, 0x80000000, NULL, 0), 0);
    sealed_public(&in->inPublic);
    in->inPublic.publicArea.unique.keyedHash.size = 0;
}

static void test_create_names_the_public_area_it_returns(void **state)
{
    (void)state;
    static tpm2l_Create_in in;
    static tpm2l_Create_out out;
    static TPM2B_PUBLIC pub;
    TPM2B_NAME name;
    create_in(&in);
    sealed_public(&pub);
    queue_create_answer(&pub);
    assert_int_equal(tpm2l_Create(&ctx, &in, &out), 0);
    assert_int_equal(tpm2l_name_from_public(&pub.publicArea, &name), 0);
    assert_true(tpm2l_name_equal(&out.name, &name));
}

static void test_create_refuses_a_public_area_other_than_the_template(void **state)
{
    (void)state;
    static tpm2l_Create_in in;
    static tpm2l_Create_out out;
    static TPM2B_PUBLIC pub;
    create_in(&in);
    sealed_public(&pub);
    pub.publicArea.objectAttributes &= ~TPMA_OBJECT_FIXEDTPM; /* duplicable */
    queue_create_answer(&pub);
    assert_int_equal(tpm2l_Create(&ctx, &in, &out), RC_BAD_RESPONSE);
    assert_error_mentions("not the requested template");
}

static void test_create_refuses_an_empty_public_area(void **state)
{
    (void)state;
    static tpm2l_Create_in in;
    static tpm2l_Create_out out;
    create_in(&in);
    queue_create_answer(NULL);
    assert_int_equal(tpm2l_Create(&ctx, &in, &out), RC_BAD_RESPONSE);
    assert_error_mentions("outPublic is empty");
}

/* ---- NV ---- */

static void nv_public(TPMS_NV_PUBLIC *p)
{
    memset(p, 0, sizeof *p);
    p->nvIndex = IDX;
    p->nameAlg = TPM2_ALG_SHA256;
    p->attributes = TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD;
    p->dataSize = 8;
}

static void queue_nv_read_public_answer(const TPMS_NV_PUBLIC *p, const TPM2B_NAME *name)
{
    TPM2B_NV_PUBLIC b = {0, *p};
    rsp_begin(TPM2_ST_NO_SESSIONS);
    tpm2l_marshal_TPM2B_NV_PUBLIC(&rsp_w, &b);
    tpm2l_marshal_TPM2B_NAME(&rsp_w, name);
    rsp_queue();
}

static void test_nv_read_public_refuses_a_name_that_is_not_the_public_areas(void **state)
{
    (void)state;
    static tpm2l_NV_ReadPublic_out out;
    tpm2l_NV_ReadPublic_in in = {{IDX, {0, {0}}}};
    TPMS_NV_PUBLIC p;
    TPM2B_NAME name;
    nv_public(&p);
    assert_int_equal(tpm2l_name_from_nv_public(&p, &name), 0);
    name.name[33] ^= 0x80;
    queue_nv_read_public_answer(&p, &name);
    assert_int_equal(tpm2l_NV_ReadPublic(&ctx, &in, &out), RC_NAME_MISMATCH);
    assert_error_mentions("not the name of nvPublic");
}

static void test_nv_read_public_refuses_the_public_area_of_another_index(void **state)
{
    (void)state;
    static tpm2l_NV_ReadPublic_out out;
    tpm2l_NV_ReadPublic_in in = {{IDX, {0, {0}}}};
    TPMS_NV_PUBLIC p;
    TPM2B_NAME name;
    nv_public(&p);
    p.nvIndex = IDX + 1;
    assert_int_equal(tpm2l_name_from_nv_public(&p, &name), 0);
    queue_nv_read_public_answer(&p, &name);
    assert_int_equal(tpm2l_NV_ReadPublic(&ctx, &in, &out), RC_NAME_MISMATCH);
    assert_error_mentions("nvPublic describes 0x01000301");
}

static void test_nv_mark_written_gives_the_name_the_tpm_reports_after_a_write(void **state)
{
    (void)state;
    static tpm2l_NV_ReadPublic_out out;
    static tpm2l_NV_ReadPublic_in in;
    TPMS_NV_PUBLIC p, tpm;
    TPM2B_NAME before, after;
    nv_public(&p);
    assert_int_equal(tpm2l_name_from_nv_public(&p, &before), 0);
    tpm = p;
    tpm.attributes |= TPMA_NV_WRITTEN;
    assert_int_equal(tpm2l_name_from_nv_public(&tpm, &after), 0);
    queue_nv_read_public_answer(&tpm, &after);
    in.nvIndex.handle = IDX;
    in.nvIndex.name = before; /* stale */
    assert_int_equal(tpm2l_NV_ReadPublic(&ctx, &in, &out), RC_NAME_MISMATCH);
    assert_int_equal(tpm2l_nv_mark_written(&p, &in.nvIndex.name), 0);
    assert_true(tpm2l_name_equal(&in.nvIndex.name, &after));
    queue_nv_read_public_answer(&tpm, &after);
    assert_int_equal(tpm2l_NV_ReadPublic(&ctx, &in, &out), 0);
}

static void test_nv_read_refuses_a_short_answer_and_wipes_it(void **state)
{
    (void)state;
    static tpm2l_NV_Read_out out;
    tpm2l_NV_Read_in in;
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_OWNER, NULL, 0), 0);
    in.nvIndex.handle = IDX;
    in.size = 8;
    rsp_begin(TPM2_ST_SESSIONS);
    tpm2l_wcur_u32(&rsp_w, 6);
    tpm2l_wcur_u16(&rsp_w, 4);
    tpm2l_wcur_u32(&rsp_w, 0x41424344);
    rsp_pw_session();
    rsp_queue();
    assert_int_equal(tpm2l_NV_Read(&ctx, &in, &out), RC_BAD_RESPONSE);
    assert_error_mentions("asked for 8 bytes, got 4");
    assert_int_equal(out.data.size, 0);
    assert_int_equal(out.data.buffer[0], 0);
}

static void test_nv_write_sends_auth_handle_index_data_offset(void **state)
{
    (void)state;
    static tpm2l_NV_Write_in in;
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_OWNER, "pw", 2), 0);
    in.nvIndex.handle = IDX;
    in.data.size = 3;
    memcpy(in.data.buffer, "abc", 3);
    in.offset = 5;
    fake_queue_hex(&fake, "8002 00000013 00000000 00000000 0000 01 0000");
    assert_int_equal(tpm2l_NV_Write(&ctx, &in), 0);
    assert_sent(0, "8002 00000028 00000137 40000001 01000300 0000000b 40000009 0000 00 0002 "
                   "7077 0003 616263 0005");
}

static void test_nv_define_space_names_the_index_it_defined(void **state)
{
    (void)state;
    static tpm2l_NV_DefineSpace_in in;
    static tpm2l_NV_DefineSpace_out out;
    TPM2B_NAME name;
    memset(&in, 0, sizeof in);
    assert_int_equal(tpm2l_auth_handle_set(&in.authHandle, TPM2_RH_OWNER, NULL, 0), 0);
    nv_public(&in.publicInfo.nvPublic);
    fake_queue_hex(&fake, "8002 00000013 00000000 00000000 0000 01 0000");
    assert_int_equal(tpm2l_NV_DefineSpace(&ctx, &in, &out), 0);
    assert_int_equal(tpm2l_name_from_nv_public(&in.publicInfo.nvPublic, &name), 0);
    assert_int_equal(out.nvIndex.handle, IDX);
    assert_true(tpm2l_name_equal(&out.nvIndex.name, &name));
    /* out is optional */
    fake_queue_hex(&fake, "8002 00000013 00000000 00000000 0000 01 0000");
    assert_int_equal(tpm2l_NV_DefineSpace(&ctx, &in, NULL), 0);
}

/* ---- GetSessionAuditDigest ---- */

static void queue_audit_answer(TPMI_ST_ATTEST type)
{
    static TPMS_ATTEST a;
    uint8_t buf[512];
    size_t n;
    tpm2l_wcur w;
    memset(&a, 0, sizeof a);
    a.magic = TPM2_GENERATED_VALUE;
    a.type = type;
    a.attested.sessionAudit.sessionDigest.size = 32;
    tpm2l_wcur_init(&w, buf, sizeof buf);
    tpm2l_marshal_TPMS_ATTEST(&w, &a);
    assert_int_equal(tpm2l_wcur_finish(&w, &n), 0);
    rsp_begin(TPM2_ST_SESSIONS);
    size_t at = tpm2l_wcur_size32_begin(&rsp_w);
    tpm2l_wcur_u16(&rsp_w, (uint16_t)n);
    tpm2l_wcur_bytes(&rsp_w, buf, n);
    tpm2l_wcur_u16(&rsp_w, TPM2_ALG_NULL);
    tpm2l_wcur_size32_end(&rsp_w, at);
    rsp_pw_session();
    rsp_pw_session();
    rsp_queue();
}

static void audit_in(tpm2l_GetSessionAuditDigest_in *in)
{
    memset(in, 0, sizeof *in);
    assert_int_equal(tpm2l_auth_handle_set(&in->privacyAdminHandle, TPM2_RH_ENDORSEMENT, NULL, 0),
                     0);
    assert_int_equal(tpm2l_auth_handle_set(&in->signHandle, TPM2_RH_NULL, NULL, 0), 0);
    in->sessionHandle = 0x02000000;
    in->inScheme.scheme = TPM2_ALG_NULL;
}

static void test_get_session_audit_digest_parses_a_session_audit(void **state)
{
    (void)state;
    static tpm2l_GetSessionAuditDigest_in in;
    static tpm2l_GetSessionAuditDigest_out out;
    audit_in(&in);
    queue_audit_answer(TPM2_ST_ATTEST_SESSION_AUDIT);
    assert_int_equal(tpm2l_GetSessionAuditDigest(&ctx, &in, &out), 0);
    assert_int_equal(out.attest.attested.sessionAudit.sessionDigest.size, 32);
}

static void test_get_session_audit_digest_refuses_another_attestation(void **state)
{
    (void)state;
    static tpm2l_GetSessionAuditDigest_in in;
    static tpm2l_GetSessionAuditDigest_out out;
    audit_in(&in);
    queue_audit_answer(TPM2_ST_ATTEST_COMMAND_AUDIT);
    assert_int_equal(tpm2l_GetSessionAuditDigest(&ctx, &in, &out), RC_BAD_RESPONSE);
    assert_error_mentions("not a session audit");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)
    const struct CMUnitTest tests[] = {
        T(test_load_returns_the_verified_name),
        T(test_load_refuses_another_name_and_flushes_what_was_loaded),
        T(test_create_names_the_public_area_it_returns),
        T(test_create_refuses_a_public_area_other_than_the_template),
        T(test_create_refuses_an_empty_public_area),
        T(test_nv_read_public_refuses_a_name_that_is_not_the_public_areas),
        T(test_nv_read_public_refuses_the_public_area_of_another_index),
        T(test_nv_mark_written_gives_the_name_the_tpm_reports_after_a_write),
        T(test_nv_read_refuses_a_short_answer_and_wipes_it),
        T(test_nv_write_sends_auth_handle_index_data_offset),
        T(test_nv_define_space_names_the_index_it_defined),
        T(test_get_session_audit_digest_parses_a_session_audit),
        T(test_get_session_audit_digest_refuses_another_attestation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
