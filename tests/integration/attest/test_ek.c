/* test_ek.c - the template catalogue on real TPMs: every template the TPM supports makes
 * a primary, tpm2_createek's EKs get the names of our L-1, L-2, H-3 and H-6 (kinds with a
 * tpm2-tools TCTI only), and the EK from the Low Range NV template and nonce indices is
 * the key the profile describes. */
#include <stdio.h>
#include <string.h>

#include "tests/integration/attest/attest_util.h"

/* Every catalogue template is one the TPM accepts as a primary where it supports the
 * algorithms (TestParms decides: SM2 and RSA 4096 are often missing). At least the
 * L, H-1..H-3, NULL-key, signing-EK and storage templates must be supported. */
static void test_every_supported_catalogue_template_makes_a_primary(void **state)
{
    (void)state;
    int made = 0;
    for (int i = 0; i < TPM2L_TPL_COUNT; i++) {
        static tpm2l_TestParms_in tp;
        TPMT_PUBLIC t;
        primary_t p;
        assert_int_equal(tpm2l_template_get((tpm2l_template_id)i, &t), 0);
        tp.parameters.type = t.type;
        tp.parameters.parameters = t.parameters;
        if (tpm2l_TestParms(&ctx, &tp) != TPM2_RC_SUCCESS) {
            assert_true(i == TPM2L_TPL_EK_H4 || i == TPM2L_TPL_EK_H5 || i == TPM2L_TPL_EK_H6 ||
                        i == TPM2L_TPL_EK_H7);
            continue;
        }
        create(i == TPM2L_TPL_NULL_KEY ? TPM2_RH_NULL : TPM2_RH_ENDORSEMENT, &t, &p);
        flush(p.out.objectHandle.handle);
        assert_int_equal(p.out.outPublic.publicArea.objectAttributes, t.objectAttributes);
        made++;
    }
    assert_true(made >= 9);
}

/* ---- tpm2_createek cross-checks ---- */

static void createek_name_equals_ours(const char *alg, tpm2l_template_id id)
{
    const char *t = sim_tools_tcti(&sim);
    if (!t) {
        skip(); /* no tpm2-tools TCTI reaches this kind (in-process libtpms) */
    }
    close_tpm(); /* swtpm serves one connection at a time */
    run("tpm2_createek -T '%s' -G %s -u '%s/ek.pub' -c '%s/ek.ctx' && "
        "tpm2_readpublic -T '%s' -Q -c '%s/ek.ctx' -n '%s/ek.name' && "
        "tpm2_flushcontext -T '%s' -t",
        t, alg, sim.dir, sim.dir, t, sim.dir, sim.dir, t);
    assert_int_equal(open_tpm(), 0);
    char path[512];
    TPM2B_NAME theirs;
    snprintf(path, sizeof path, "%s/ek.name", sim.dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    theirs.size = (uint16_t)fread(theirs.name, 1, sizeof theirs.name, f);
    fclose(f);
    primary_t ours;
    create_id(TPM2_RH_ENDORSEMENT, id, &ours);
    flush(ours.out.objectHandle.handle);
    if (!tpm2l_name_equal(&ours.out.name, &theirs))
        fail_msg("%s: tpm2_createek -G %s made another key", tpm2l_template_id_str(id), alg);
}

static void test_createek_rsa_is_our_ek_l1(void **state)
{
    (void)state;
    createek_name_equals_ours("rsa", TPM2L_TPL_EK_L1);
}

static void test_createek_ecc_is_our_ek_l2(void **state)
{
    (void)state;
    createek_name_equals_ours("ecc", TPM2L_TPL_EK_L2);
}

static void test_createek_ecc384_is_our_ek_h3(void **state)
{
    (void)state;
    createek_name_equals_ours("ecc384", TPM2L_TPL_EK_H3);
}

static void test_createek_rsa3072_is_our_ek_h6(void **state)
{
    (void)state;
    createek_name_equals_ours("rsa3072", TPM2L_TPL_EK_H6);
}

/* [EKP] §2.2.1.4: a template and a nonce in the RSA Low Range NV indices make another
 * EK. Written with NV_DefineSpace/NV_Write, read back with NV_Read, turned into a template
 * by tpm2l_template_ek_from_nv: the TPM must derive the key of the template built by
 * hand (H-1's fields, unique = nonce || zeros to 256 bytes), and not L-1.
 * tpm2_createek -t cannot be the peer here: tpm2-tools 5.4 copies the address of its
 * nonce buffer instead of the nonce (fixed in later releases). */
static void define_and_write(TPM2_HANDLE index, const uint8_t *p, size_t n)
{
    static tpm2l_NV_DefineSpace_in din;
    static tpm2l_NV_DefineSpace_out dout;
    static tpm2l_NV_Write_in win;
    memset(&din, 0, sizeof din);
    din.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    din.publicInfo.nvPublic.nvIndex = index;
    din.publicInfo.nvPublic.nameAlg = TPM2_ALG_SHA256;
    din.publicInfo.nvPublic.attributes = TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD | TPMA_NV_NO_DA;
    din.publicInfo.nvPublic.dataSize = (uint16_t)n;
    OK(tpm2l_NV_DefineSpace(&ctx, &din, &dout));
    memset(&win, 0, sizeof win);
    win.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    win.nvIndex = dout.nvIndex;
    win.data.size = (uint16_t)n;
    memcpy(win.data.buffer, p, n);
    OK(tpm2l_NV_Write(&ctx, &win));
}

static void undefine(TPM2_HANDLE index)
{
    static tpm2l_NV_ReadPublic_in pin;
    static tpm2l_NV_ReadPublic_out pout;
    static tpm2l_NV_UndefineSpace_in in;
    memset(&pin, 0, sizeof pin);
    pin.nvIndex.handle = index;
    OK(tpm2l_NV_ReadPublic(&ctx, &pin, &pout));
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.nvIndex.handle = index;
    in.nvIndex.name = pout.nvName;
    OK(tpm2l_NV_UndefineSpace(&ctx, &in));
}

static void read_nv(TPM2_HANDLE index, uint8_t *buf, size_t *len)
{
    static tpm2l_NV_ReadPublic_in pin;
    static tpm2l_NV_ReadPublic_out pout;
    static tpm2l_NV_Read_in in;
    static tpm2l_NV_Read_out out;
    memset(&pin, 0, sizeof pin);
    pin.nvIndex.handle = index;
    OK(tpm2l_NV_ReadPublic(&ctx, &pin, &pout));
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    in.nvIndex.handle = index;
    in.nvIndex.name = pout.nvName;
    in.size = pout.nvPublic.nvPublic.dataSize;
    OK(tpm2l_NV_Read(&ctx, &in, &out));
    memcpy(buf, out.data.buffer, out.data.size);
    *len = out.data.size;
}

static void test_ek_from_nv_template_and_nonce_is_the_profiles_key(void **state)
{
    (void)state;
    static uint8_t tmpl[1024], got_tmpl[1024];
    const uint8_t ek_nonce[16] = {0x4e, 0x6f, 0x6e, 0x63, 0x65, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    uint8_t got_nonce[64];
    size_t tl, gtl, gnl;
    TPMT_PUBLIC h1, by_hand, from_nv;
    tpm2l_wcur w;

    assert_int_equal(tpm2l_template_get(TPM2L_TPL_EK_H1, &h1), 0);
    tpm2l_wcur_init(&w, tmpl, sizeof tmpl);
    tpm2l_marshal_TPMT_PUBLIC(&w, &h1);
    assert_int_equal(tpm2l_wcur_finish(&w, &tl), 0);
    define_and_write(TPM2L_NV_EK_TEMPLATE_RSA, tmpl, tl);
    define_and_write(TPM2L_NV_EK_NONCE_RSA, ek_nonce, sizeof ek_nonce);
    read_nv(TPM2L_NV_EK_TEMPLATE_RSA, got_tmpl, &gtl);
    read_nv(TPM2L_NV_EK_NONCE_RSA, got_nonce, &gnl);
    undefine(TPM2L_NV_EK_TEMPLATE_RSA);
    undefine(TPM2L_NV_EK_NONCE_RSA);
    OK(tpm2l_template_ek_from_nv(TPM2_ALG_RSA, got_tmpl, gtl, got_nonce, gnl, &from_nv));

    by_hand = h1;
    by_hand.unique.rsa.size = 256;
    memcpy(by_hand.unique.rsa.buffer, ek_nonce, sizeof ek_nonce);
    primary_t a, b, l1;
    create(TPM2_RH_ENDORSEMENT, &from_nv, &a);
    flush(a.out.objectHandle.handle);
    create(TPM2_RH_ENDORSEMENT, &by_hand, &b);
    flush(b.out.objectHandle.handle);
    create_id(TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_L1, &l1);
    flush(l1.out.objectHandle.handle);
    assert_true(tpm2l_name_equal(&a.out.name, &b.out.name));
    assert_false(tpm2l_name_equal(&a.out.name, &l1.out.name));
    /* The nonce changed the key: the same template without it is another key. */
    create(TPM2_RH_ENDORSEMENT, &h1, &b);
    flush(b.out.objectHandle.handle);
    assert_false(tpm2l_name_equal(&a.out.name, &b.out.name));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_supported_catalogue_template_makes_a_primary),
        cmocka_unit_test(test_createek_rsa_is_our_ek_l1),
        cmocka_unit_test(test_createek_ecc_is_our_ek_l2),
        cmocka_unit_test(test_createek_ecc384_is_our_ek_h3),
        cmocka_unit_test(test_createek_rsa3072_is_our_ek_h6),
        cmocka_unit_test(test_ek_from_nv_template_and_nonce_is_the_profiles_key),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
