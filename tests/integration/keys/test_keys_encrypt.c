/* test_keys_encrypt.c - the descriptor flags of the keys wrappers against real TPMs:
 * each command runs with a salted AES-CFB session asking for parameter encryption
 * both ways (or, for a command whose Part 3 first parameter is not a TPM2B in one
 * direction, only the other way). A tap on the transport checks that the secret
 * parameters never cross it in clear (the executor silently drops an encryption the
 * descriptor does not allow, so a missing flag shows only there); a flag set where
 * Part 3 has no TPM2B makes the TPM refuse the command (TPM_RC_ATTRIBUTES); a wrong
 * cipher direction gives garbage, which the comparisons catch. Every test flushes
 * what it loads. */
#include <string.h>

#include <openssl/evp.h>

#include "tests/integration/keys/keys_util.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"

#define BOTH (TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT)

static const char message[] = "sent and returned encrypted";
static tpm2l_session s;
static tpm2l_Create_out cr;
static tpm2l_Load_out ld;

/* ---- a transport tap: keeps the last command and response ---- */

typedef struct {
    tpm2l_tcti base;
    tpm2l_tcti *inner;
    uint8_t cmd[TPM2L_MAX_MESSAGE], rsp[TPM2L_MAX_MESSAGE];
    size_t cmd_len, rsp_len;
} tap_tcti;

static tap_tcti tap;

static TPM2_RC tap_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    tap_tcti *p = (tap_tcti *)t;
    memcpy(p->cmd, cmd, len);
    p->cmd_len = len;
    return tpm2l_tcti_transmit(p->inner, cmd, len);
}

static TPM2_RC tap_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    tap_tcti *p = (tap_tcti *)t;
    TPM2_RC rc = tpm2l_tcti_receive(p->inner, buf, cap, len);
    if (!rc) {
        memcpy(p->rsp, buf, *len);
        p->rsp_len = *len;
    }
    return rc;
}

static const struct tpm2l_tcti_ops tap_ops = {"tap", tap_transmit, tap_receive, NULL, NULL, NULL};

/* Route ctx through the tap for the next command(s), until tap_off(). */
static void tap_on(void)
{
    if (ctx.tcti == &tap.base) /* a failed test left it on */
        ctx.tcti = tap.inner;
    memset(&tap, 0, sizeof tap);
    tap.base.ops = &tap_ops;
    tap.base.timeout_ms = ctx.tcti->timeout_ms;
    tap.inner = ctx.tcti;
    ctx.tcti = &tap.base;
}

static void tap_off(void)
{
    ctx.tcti = tap.inner;
}

static int has(const uint8_t *buf, size_t n, const void *pat, size_t m)
{
    for (size_t i = 0; m && i + m <= n; i++)
        if (!memcmp(buf + i, pat, m))
            return 1;
    return 0;
}

/* pat (at least 8 bytes of it) crossed the transport neither way in clear. */
static void assert_hidden_in_cmd(const void *pat, size_t m)
{
    assert_true(tap.cmd_len > 0);
    assert_false(has(tap.cmd, tap.cmd_len, pat, m < 16 ? m : 16));
}

static void assert_hidden_in_rsp(const void *pat, size_t m)
{
    assert_true(tap.rsp_len > 0);
    assert_false(has(tap.rsp, tap.rsp_len, pat, m < 16 ? m : 16));
}

static int setup(void **state)
{
    keys_setup(state);
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_HMAC;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_AES;
    p.symmetric.keyBits.aes = 128;
    p.symmetric.mode.aes = TPM2_ALG_CFB;
    p.tpmKey = &primary.objectHandle;
    p.attrs = TPMA_SESSION_CONTINUESESSION;
    OK(tpm2l_session_start(&ctx, &s, &p));
    return 0;
}

static int teardown(void **state)
{
    if (ctx.tcti == &tap.base)
        tap_off();
    tpm2l_session_flush(&ctx, &s);
    return keys_teardown(state);
}

static tpm2l_auth_handle with_session(const tpm2l_handle *h, TPMA_SESSION attrs)
{
    tpm2l_auth_handle ah = object_auth(h, NULL);
    ah.session = &s;
    s.attrs = TPMA_SESSION_CONTINUESESSION | attrs;
    return ah;
}

/* For commands without an authorised handle: s as an extra session. */
static void extra(TPMA_SESSION attrs)
{
    s.attrs = TPMA_SESSION_CONTINUESESSION | attrs;
    tpm2l_ctx_next_sessions(&ctx, &s, NULL);
}

static void key(TPM2_ALG_ID type)
{
    TPMT_PUBLIC t;
    key_template(&t, type,
                 TPMA_OBJECT_DECRYPT | TPMA_OBJECT_USERWITHAUTH |
                     TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_FIXEDTPM |
                     TPMA_OBJECT_FIXEDPARENT);
    create_loaded(&t, NULL, NULL, 0, &cr, &ld);
}

static void test_rsa_encrypt_and_decrypt_with_parameter_encryption_round_trip(void **state)
{
    (void)state;
    static tpm2l_RSA_Encrypt_in ein;
    static tpm2l_RSA_Encrypt_out eout;
    static tpm2l_RSA_Decrypt_in din;
    static tpm2l_RSA_Decrypt_out dout;
    key(TPM2_ALG_RSA);
    memset(&ein, 0, sizeof ein);
    ein.keyHandle = ld.objectHandle;
    ein.message.size = sizeof message - 1;
    memcpy(ein.message.buffer, message, sizeof message - 1);
    ein.inScheme.scheme = TPM2_ALG_OAEP;
    ein.inScheme.details.oaep.hashAlg = TPM2_ALG_SHA256;
    extra(BOTH);
    tap_on();
    OK(tpm2l_RSA_Encrypt(&ctx, &ein, &eout));
    tap_off();
    assert_hidden_in_cmd(message, sizeof message - 1);
    assert_hidden_in_rsp(eout.outData.buffer, eout.outData.size);
    memset(&din, 0, sizeof din);
    din.keyHandle = with_session(&ld.objectHandle, BOTH);
    din.cipherText = eout.outData;
    din.inScheme = ein.inScheme;
    tap_on();
    OK(tpm2l_RSA_Decrypt(&ctx, &din, &dout));
    tap_off();
    assert_hidden_in_cmd(din.cipherText.buffer, din.cipherText.size);
    assert_hidden_in_rsp(message, sizeof message - 1);
    assert_int_equal(dout.message.size, sizeof message - 1);
    assert_memory_equal(dout.message.buffer, message, sizeof message - 1);
    flush(ld.objectHandle.handle);
}

/* ECDH_KeyGen has no command parameter: response encryption only. */
static void test_ecdh_keygen_and_zgen_with_parameter_encryption_agree(void **state)
{
    (void)state;
    static tpm2l_ECDH_KeyGen_in kin;
    static tpm2l_ECDH_KeyGen_out kout;
    static tpm2l_ECDH_ZGen_in zin;
    static tpm2l_ECDH_ZGen_out zout;
    key(TPM2_ALG_ECC);
    kin.keyHandle = ld.objectHandle;
    extra(TPMA_SESSION_ENCRYPT);
    tap_on();
    OK(tpm2l_ECDH_KeyGen(&ctx, &kin, &kout));
    tap_off();
    assert_hidden_in_rsp(kout.zPoint.point.x.buffer, kout.zPoint.point.x.size);
    zin.keyHandle = with_session(&ld.objectHandle, BOTH);
    zin.inPoint = kout.pubPoint;
    tap_on();
    OK(tpm2l_ECDH_ZGen(&ctx, &zin, &zout));
    tap_off();
    assert_hidden_in_cmd(zin.inPoint.point.x.buffer, zin.inPoint.point.x.size);
    assert_hidden_in_rsp(zout.outPoint.point.x.buffer, zout.outPoint.point.x.size);
    assert_int_equal(zout.outPoint.point.x.size, kout.zPoint.point.x.size);
    assert_memory_equal(zout.outPoint.point.x.buffer, kout.zPoint.point.x.buffer,
                        kout.zPoint.point.x.size);
    flush(ld.objectHandle.handle);
}

static void test_hash_with_parameter_encryption_equals_openssl_sha256(void **state)
{
    (void)state;
    static tpm2l_Hash_in in;
    static tpm2l_Hash_out out;
    uint8_t want[32];
    unsigned int n = 0;
    assert_int_equal(EVP_Digest(message, sizeof message - 1, want, &n, EVP_sha256(), NULL), 1);
    in.data.size = sizeof message - 1;
    memcpy(in.data.buffer, message, sizeof message - 1);
    in.hashAlg = TPM2_ALG_SHA256;
    in.hierarchy = TPM2_RH_OWNER;
    extra(BOTH);
    tap_on();
    OK(tpm2l_Hash(&ctx, &in, &out));
    tap_off();
    assert_hidden_in_cmd(message, sizeof message - 1);
    assert_hidden_in_rsp(out.outHash.buffer, out.outHash.size);
    assert_int_equal(out.outHash.size, 32);
    assert_memory_equal(out.outHash.buffer, want, 32);
}

/* HashSequenceStart returns only a handle: command encryption only (the auth it
 * carries is the secret). The sequence object's name is the Empty Buffer (Part 1; the
 * reference TPM's AllocateSequenceSlot), which the executor cannot yet tell from
 * "unknown", so SequenceUpdate / SequenceComplete take no session here: password. */
static void test_hash_sequence_start_with_command_encryption_keeps_its_auth(void **state)
{
    (void)state;
    static tpm2l_HashSequenceStart_in sin;
    static tpm2l_HashSequenceStart_out sout;
    static tpm2l_SequenceComplete_in cin;
    static tpm2l_SequenceComplete_out cout;
    uint8_t want[32];
    unsigned int n = 0;
    assert_int_equal(EVP_Digest(message, sizeof message - 1, want, &n, EVP_sha256(), NULL), 1);
    memset(&sin, 0, sizeof sin);
    sin.auth.size = 16;
    memcpy(sin.auth.buffer, "sequence-auth-16", 16);
    sin.hashAlg = TPM2_ALG_SHA256;
    extra(TPMA_SESSION_DECRYPT);
    tap_on();
    OK(tpm2l_HashSequenceStart(&ctx, &sin, &sout));
    tap_off();
    assert_hidden_in_cmd(sin.auth.buffer, sin.auth.size);
    /* the auth arrived intact: a garbled one would be TPM_RC_BAD_AUTH here */
    cin.sequenceHandle = object_auth(&sout.sequenceHandle, "sequence-auth-16");
    cin.buffer.size = sizeof message - 1;
    memcpy(cin.buffer.buffer, message, cin.buffer.size);
    cin.hierarchy = TPM2_RH_OWNER;
    OK(tpm2l_SequenceComplete(&ctx, &cin, &cout));
    assert_int_equal(cout.result.size, 32);
    assert_memory_equal(cout.result.buffer, want, 32);
}

/* Encrypted under the session, decrypted without one: the TPM saw our inData and we
 * saw its outData, both through the session's cipher. */
static void test_encrypt_decrypt2_with_parameter_encryption_round_trips(void **state)
{
    (void)state;
    static tpm2l_EncryptDecrypt2_in in;
    static tpm2l_EncryptDecrypt2_out enc, dec;
    static const uint8_t k[16] = "sixteen byte key";
    TPMT_PUBLIC t;
    key_template(&t, TPM2_ALG_SYMCIPHER,
                 TPMA_OBJECT_DECRYPT | TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_USERWITHAUTH |
                     TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT);
    create_loaded(&t, NULL, k, sizeof k, &cr, &ld);
    memset(&in, 0, sizeof in);
    in.keyHandle = with_session(&ld.objectHandle, BOTH);
    in.inData.size = sizeof message;
    memcpy(in.inData.buffer, message, sizeof message);
    in.mode = TPM2_ALG_CFB;
    in.ivIn.size = 16;
    tap_on();
    OK(tpm2l_EncryptDecrypt2(&ctx, &in, &enc));
    tap_off();
    assert_hidden_in_cmd(message, sizeof message);
    assert_hidden_in_rsp(enc.outData.buffer, enc.outData.size);
    assert_int_equal(enc.outData.size, sizeof message);
    assert_memory_not_equal(enc.outData.buffer, message, sizeof message);
    in.keyHandle = object_auth(&ld.objectHandle, NULL);
    in.inData = enc.outData;
    in.decrypt = 1;
    OK(tpm2l_EncryptDecrypt2(&ctx, &in, &dec));
    assert_memory_equal(dec.outData.buffer, message, sizeof message);
    flush(ld.objectHandle.handle);
}

/* qualifyingData goes in encrypted and must come back as extraData; certifyInfo
 * comes back encrypted and must verify. */
static void test_certify_creation_with_parameter_encryption_verifies(void **state)
{
    (void)state;
    static tpm2l_Create_out scr;
    static tpm2l_Load_out sld;
    static tpm2l_CertifyCreation_in in;
    static tpm2l_CertifyCreation_out out;
    TPM2B_DATA qd = {8, "qualify"};
    tpm2l_attest_expect exp;
    tpm2l_verify_result res;
    TPMT_PUBLIC t;
    key_template(&t, TPM2_ALG_ECC,
                 TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_USERWITHAUTH |
                     TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_FIXEDTPM |
                     TPMA_OBJECT_FIXEDPARENT);
    t.parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
    t.parameters.eccDetail.scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
    create_loaded(&t, NULL, NULL, 0, &scr, &sld);
    memset(&in, 0, sizeof in);
    in.signHandle = with_session(&sld.objectHandle, BOTH);
    in.objectHandle = sld.objectHandle; /* the signer certifies its own creation */
    in.qualifyingData = qd;
    in.creationHash = scr.creationHash;
    in.inScheme.scheme = TPM2_ALG_NULL;
    in.creationTicket = scr.creationTicket;
    tap_on();
    OK(tpm2l_CertifyCreation(&ctx, &in, &out));
    tap_off();
    assert_hidden_in_cmd(qd.buffer, qd.size);
    assert_hidden_in_rsp(out.certifyInfo.attestationData, out.certifyInfo.size);
    memset(&exp, 0, sizeof exp);
    exp.type = TPM2_ST_ATTEST_CREATION;
    exp.extraData = &qd;
    OK(tpm2l_attest_verify(NULL, &scr.outPublic.publicArea, &out.certifyInfo, &out.signature,
                           &exp, NULL, &res));
    flush(sld.objectHandle.handle);
}

static void test_hmac_with_parameter_encryption_equals_the_unencrypted_hmac(void **state)
{
    (void)state;
    static tpm2l_HMAC_in in;
    static tpm2l_HMAC_out plain, hidden;
    static const uint8_t k[32] = "thirty-two bytes of an HMAC key";
    TPMT_PUBLIC t;
    key_template(&t, TPM2_ALG_KEYEDHASH,
                 TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_FIXEDTPM |
                     TPMA_OBJECT_FIXEDPARENT);
    create_loaded(&t, NULL, k, sizeof k, &cr, &ld);
    in.handle = object_auth(&ld.objectHandle, NULL);
    in.buffer.size = sizeof message;
    memcpy(in.buffer.buffer, message, sizeof message);
    in.hashAlg = TPM2_ALG_SHA256;
    OK(tpm2l_HMAC(&ctx, &in, &plain));
    in.handle = with_session(&ld.objectHandle, BOTH);
    tap_on();
    OK(tpm2l_HMAC(&ctx, &in, &hidden));
    tap_off();
    assert_hidden_in_cmd(message, sizeof message);
    assert_hidden_in_rsp(hidden.outHMAC.buffer, hidden.outHMAC.size);
    assert_int_equal(hidden.outHMAC.size, 32);
    assert_memory_equal(hidden.outHMAC.buffer, plain.outHMAC.buffer, 32);
    flush(ld.objectHandle.handle);
}

/* The inner wrapper's key goes out encrypted in Duplicate and again in Import, whose
 * outPrivate comes back encrypted. The DUP role takes a policy session, so s rides
 * along as an extra session for Duplicate. */
static void test_duplicate_and_import_with_parameter_encryption_hide_the_inner_key(void **state)
{
    (void)state;
    static tpm2l_Duplicate_in din;
    static tpm2l_Duplicate_out dout;
    static tpm2l_Import_in iin;
    static tpm2l_Import_out iout;
    static tpm2l_Load_out ml;
    static tpm2l_Create_out moved;
    static const uint8_t inner[16] = "inner-wrap-key16";
    tpm2l_session ps;
    tpm2l_policy calc;
    TPMT_PUBLIC t;
    OK(tpm2l_policy_init(&calc, TPM2_ALG_SHA256));
    OK(tpm2l_policy_command_code(&calc, TPM2_CC_Duplicate));
    key_template(&t, TPM2_ALG_ECC, TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_USERWITHAUTH |
                                       TPMA_OBJECT_SENSITIVEDATAORIGIN);
    t.authPolicy = calc.digest;
    create_loaded(&t, NULL, NULL, 0, &cr, &ld);

    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_POLICY;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    OK(tpm2l_session_start(&ctx, &ps, &p));
    tpm2l_PolicyCommandCode_in cc = {{&ps, 0}, TPM2_CC_Duplicate};
    OK(tpm2l_PolicyCommandCode(&ctx, &cc));
    memset(&din, 0, sizeof din);
    din.objectHandle = object_auth(&ld.objectHandle, NULL);
    din.objectHandle.session = &ps;
    din.newParentHandle = primary.objectHandle;
    din.encryptionKeyIn.size = sizeof inner;
    memcpy(din.encryptionKeyIn.buffer, inner, sizeof inner);
    din.symmetricAlg.algorithm = TPM2_ALG_AES;
    din.symmetricAlg.keyBits.aes = 128;
    din.symmetricAlg.mode.aes = TPM2_ALG_CFB;
    extra(BOTH);
    tap_on();
    OK(tpm2l_Duplicate(&ctx, &din, &dout));
    tap_off();
    tpm2l_session_wipe(&ps); /* ended with the command (continueSession clear) */
    assert_hidden_in_cmd(inner, sizeof inner);
    flush(ld.objectHandle.handle);

    memset(&iin, 0, sizeof iin);
    iin.parentHandle = with_session(&primary.objectHandle, BOTH);
    iin.encryptionKey = din.encryptionKeyIn;
    iin.objectPublic = cr.outPublic;
    iin.duplicate = dout.duplicate;
    iin.inSymSeed = dout.outSymSeed;
    iin.symmetricAlg = din.symmetricAlg;
    tap_on();
    OK(tpm2l_Import(&ctx, &iin, &iout));
    tap_off();
    assert_hidden_in_cmd(inner, sizeof inner);
    assert_hidden_in_rsp(iout.outPrivate.buffer, iout.outPrivate.size);
    moved = cr;
    moved.outPrivate = iout.outPrivate;
    load_under(&primary.objectHandle, &moved, &ml);
    flush(ml.objectHandle.handle);
}

static void test_nothing_is_left_loaded(void **state)
{
    (void)state;
    assert_no_transients();
    assert_int_equal(count_handles(TPM2_HR_HMAC_SESSION), 0);
    assert_int_equal(count_handles(TPM2_HR_POLICY_SESSION), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_rsa_encrypt_and_decrypt_with_parameter_encryption_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ecdh_keygen_and_zgen_with_parameter_encryption_agree,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_with_parameter_encryption_equals_openssl_sha256,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_hash_sequence_start_with_command_encryption_keeps_its_auth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encrypt_decrypt2_with_parameter_encryption_round_trips,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_certify_creation_with_parameter_encryption_verifies,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_hmac_with_parameter_encryption_equals_the_unencrypted_hmac, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_duplicate_and_import_with_parameter_encryption_hide_the_inner_key, setup,
            teardown),
        cmocka_unit_test(test_nothing_is_left_loaded),
    };
    return run_over_kinds(tests, sizeof tests / sizeof tests[0]);
}
