/* test_secrets.c - after every command, success or failure, no known secret byte
 * string is left in the library's memory: the tpm2l_ctx (command and response buffers
 * included), the transport structs, sessions after flush/wipe, and (normal build) the
 * stack the library's frames used.
 *
 * The secrets are distinctive strings (auth values of the owner hierarchy, a primary
 * key, a sealed object, an NV index; sealed data; NV data; a credential) plus the ones
 * the library makes: the salt and OAEP seed it draws (learned through a recording
 * random source), the sessionKey (recomputed here with tpm2l_kdfa from the salt and
 * the nonces, which proves we know the salt), random bytes the TPM returned encrypted.
 * The caller's own in/out structs are not scanned: command.h says the caller owns and
 * wipes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/helpers/sim.h"
#include "tests/integration/secrets/secrets_util.h"
#include "tpm2lite/credential.h"
#include "tpm2lite/session.h"
#include "tpm2lite/sessionfile.h"

static sim_t sim;
static tpm2l_tcti_any tcti;
static corrupt_tcti bad;
static tpm2l_ctx ctx;
static rec_rng rng = {.state = 0x5ec7e75ec7e75ec7ULL};
static tpm2l_session enc; /* salted, AES-128-CFB, decrypt + encrypt */
static tpm2l_auth_handle owner, primary, sealed;

static const char OWNER_AUTH[] = "OWNER-AUTH:7f3a91c2e4";
static const char PRIMARY_AUTH[] = "PRIMARY-AUTH:0b8d66f1";
static const char SEAL_AUTH[] = "SEAL-AUTH:c41e07a9d3";
static const char SEAL_DATA[] = "SEALED-DATA:9e2b5cd81047aa";
static const char NV_AUTH[] = "NV-AUTH:2fd0b6e8a115";
static const char NV_DATA[] = "NV-DATA:6a0c93e7f2b4d158";
static const char WRONG_AUTH[] = "WRONG-AUTH:d95a3e0c7b";
static const char CREDENTIAL[] = "CREDENTIAL:81f4c2a7e0935b";
#define NV_INDEX 0x01500123u

#define OK(call) check((call), 0, #call)
static void check(TPM2_RC rc, TPM2_RC want, const char *what)
{
    if (rc != want)
        fail_msg("%s: rc 0x%08x, want 0x%08x: %s", what, (unsigned)rc, (unsigned)want,
                 tpm2l_ctx_error(&ctx));
}

static void set_auth(TPM2B_AUTH *a, const char *s)
{
    a->size = (uint16_t)strlen(s);
    memcpy(a->buffer, s, a->size);
}

/* Everything the library owns outside the caller's structs. */
static void assert_library_clean(const char *when)
{
    size_t n = secrets_scan("tpm2l_ctx", &ctx, sizeof ctx);
    n += secrets_scan("transport (swtpm)", &tcti, sizeof tcti);
    n += secrets_scan("transport (wrapper)", &bad, sizeof bad);
    /* SECRETS_REPORT_ONLY=1 lists every finding of a run instead of stopping at one */
    if (n && !getenv("SECRETS_REPORT_ONLY"))
        fail_msg("%zu secret(s) left in library memory after %s", n, when);
    if (n)
        fprintf(stderr, "  ^ after %s\n", when);
}

/* ---- stack scan control ---- */

#ifndef NO_STACK_SCAN
/* The control: a callee that leaves a secret in its frame is seen by the probe. */
__attribute__((noinline)) static void leave_on_stack(const char *secret)
{
    volatile char buf[256];
    for (size_t i = 0; secret[i] && i < sizeof buf; i++)
        buf[i] = secret[i];
}
static void test_the_stack_probe_sees_what_a_callee_left(void **state)
{
    (void)state;
    leave_on_stack(WRONG_AUTH);
    stack_snapshot();
    assert_int_not_equal(stack_scan_count("stack (control, expected)"), 0);
}
#endif

/* ---- the world ---- */

static void learn_salt_from(size_t first_draw)
{
    /* session_cmd.c / encaps_rsa.c draw the salt, then the OAEP seed, then nonceCaller,
     * each through ctx's source: check that order against the session's nonce. */
    assert_true(rng.n >= first_draw + 3);
    assert_int_equal(rng.draw[first_draw + 2].len, enc.nonceCaller.size);
    assert_memory_equal(rng.draw[first_draw + 2].b, enc.nonceCaller.buffer, enc.nonceCaller.size);
    const uint8_t *salt = rng.draw[first_draw].b;
    size_t salt_len = rng.draw[first_draw].len;
    uint8_t key[32];
    OK(tpm2l_kdfa(NULL, TPM2_ALG_SHA256, salt, salt_len, "ATH", enc.nonceTPM.buffer,
                  enc.nonceTPM.size, enc.nonceCaller.buffer, enc.nonceCaller.size, 256, key,
                  sizeof key));
    assert_int_equal(enc.sessionKey.size, 32);
    assert_memory_equal(key, enc.sessionKey.buffer, 32); /* so the salt is the salt */
    secret_add("salt", salt, salt_len);
    secret_add("OAEP seed", rng.draw[first_draw + 1].b, rng.draw[first_draw + 1].len);
    secret_add("sessionKey", key, sizeof key);
    tpm2l_cleanse(key, sizeof key); /* our own copy must not count against the library */
}

static void start_enc(void)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_HMAC;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_AES;
    p.symmetric.keyBits.aes = 128;
    p.symmetric.mode.aes = TPM2_ALG_CFB;
    tpm2l_handle key = {primary.handle, primary.name};
    p.tpmKey = &key;
    p.attrs = TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT;
    size_t first = rng.n;
    OK(tpm2l_session_start(&ctx, &enc, &p));
    stack_snapshot();
    learn_salt_from(first);
    STACK_SCAN_LATER("tpm2l_session_start (salt, KDFa, sessionKey)");
}

static int setup(void **state)
{
    (void)state;
    static tpm2l_HierarchyChangeAuth_in hca;
    static tpm2l_CreatePrimary_in pin;
    static tpm2l_CreatePrimary_out pout;
    static tpm2l_Create_in cin;
    static tpm2l_Create_out cout;
    static tpm2l_Load_in lin;
    static tpm2l_Load_out lout;

    secret_add("owner auth", OWNER_AUTH, strlen(OWNER_AUTH));
    secret_add("primary auth", PRIMARY_AUTH, strlen(PRIMARY_AUTH));
    secret_add("sealed object auth", SEAL_AUTH, strlen(SEAL_AUTH));
    secret_add("sealed data", SEAL_DATA, strlen(SEAL_DATA));
    secret_add("NV auth", NV_AUTH, strlen(NV_AUTH));
    secret_add("NV data", NV_DATA, strlen(NV_DATA));
    secret_add("wrong auth", WRONG_AUTH, strlen(WRONG_AUTH));
    secret_add("credential", CREDENTIAL, strlen(CREDENTIAL));

    if (sim_start(SIM_SWTPM_TCP, &sim)) {
        fprintf(stderr, "sim_start: %s\n", sim.err);
        return -1;
    }
    if (tpm2l_tcti_open(&tcti, sim.tcti))
        return -1;
    tpm2l_tcti_set_timeout(&tcti.base, 60000);
    corrupt_tcti_init(&bad, &tcti.base);
    if (tpm2l_ctx_init(&ctx, &bad.base))
        return -1;
    tpm2l_ctx_set_rng(&ctx, rec_rng_fn, &rng);

    /* newAuth travels as a plain parameter under a password session */
    memset(&hca, 0, sizeof hca);
    OK(tpm2l_auth_handle_set(&hca.authHandle, TPM2_RH_OWNER, NULL, 0));
    set_auth(&hca.newAuth, OWNER_AUTH);
    OK(tpm2l_HierarchyChangeAuth(&ctx, &hca));
    OK(tpm2l_auth_handle_set(&owner, TPM2_RH_OWNER, OWNER_AUTH, strlen(OWNER_AUTH)));
    assert_library_clean("HierarchyChangeAuth");

    memset(&pin, 0, sizeof pin);
    pin.primaryHandle = owner;
    OK(tpm2l_template_primary(&pin.inPublic.publicArea, TPM2_ALG_RSA));
    pin.inPublic.publicArea.objectAttributes |= TPMA_OBJECT_NODA;
    set_auth(&pin.inSensitive.sensitive.userAuth, PRIMARY_AUTH);
    OK(tpm2l_CreatePrimary(&ctx, &pin, &pout));
    assert_library_clean("CreatePrimary under a password");
    primary.handle = pout.objectHandle.handle;
    primary.name = pout.objectHandle.name;
    set_auth(&primary.auth, PRIMARY_AUTH);

    start_enc();
    assert_library_clean("tpm2l_session_start (salted)");

    memset(&cin, 0, sizeof cin);
    cin.parentHandle = primary;
    cin.parentHandle.session = &enc;
    OK(tpm2l_template_sealed(&cin.inPublic.publicArea, TPM2_ALG_SHA256, NULL,
                             TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA));
    set_auth(&cin.inSensitive.sensitive.userAuth, SEAL_AUTH);
    cin.inSensitive.sensitive.data.size = (uint16_t)strlen(SEAL_DATA);
    memcpy(cin.inSensitive.sensitive.data.buffer, SEAL_DATA, strlen(SEAL_DATA));
    OK(tpm2l_Create(&ctx, &cin, &cout));
    STACK_CLEAN("Create (parameter encryption, command HMAC)");
    assert_library_clean("Create under an encrypting session");
    memset(&lin, 0, sizeof lin);
    lin.parentHandle = primary;
    lin.inPrivate = cout.outPrivate;
    lin.inPublic = cout.outPublic;
    OK(tpm2l_Load(&ctx, &lin, &lout));
    sealed.handle = lout.objectHandle.handle;
    sealed.name = lout.objectHandle.name;
    set_auth(&sealed.auth, SEAL_AUTH);
    assert_library_clean("Load");
    /* the caller's copies: wiped by the caller, as command.h asks */
    tpm2l_cleanse(&hca, sizeof hca);
    tpm2l_cleanse(&pin, sizeof pin);
    tpm2l_cleanse(&cin, sizeof cin);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tpm2l_session_flush(&ctx, &enc);
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tcti.base);
    sim_stop(&sim);
    return 0;
}

/* ---- success paths ---- */

static void test_unseal_through_an_encrypting_session_leaves_no_secret(void **state)
{
    (void)state;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    in.itemHandle = sealed;
    in.itemHandle.session = &enc;
    OK(tpm2l_Unseal(&ctx, &in, &out));
    assert_int_equal(out.outData.size, strlen(SEAL_DATA));
    assert_memory_equal(out.outData.buffer, SEAL_DATA, strlen(SEAL_DATA));
    STACK_CLEAN("Unseal (response decryption)");
    tpm2l_cleanse(&out, sizeof out);
    assert_library_clean("Unseal (encrypted response)");
}

static void test_unseal_under_a_password_leaves_no_secret(void **state)
{
    (void)state;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    in.itemHandle = sealed;
    OK(tpm2l_Unseal(&ctx, &in, &out));
    assert_memory_equal(out.outData.buffer, SEAL_DATA, strlen(SEAL_DATA));
    tpm2l_cleanse(&out, sizeof out);
    assert_library_clean("Unseal (password, data in clear in the response)");
}

static void test_nv_define_write_read_leave_no_secret(void **state)
{
    (void)state;
    static tpm2l_NV_DefineSpace_in din;
    static tpm2l_NV_DefineSpace_out dout;
    static tpm2l_NV_Write_in win;
    static tpm2l_NV_Read_in rin;
    static tpm2l_NV_Read_out rout;
    static tpm2l_NV_UndefineSpace_in uin;

    din.authHandle = owner;
    set_auth(&din.auth, NV_AUTH);
    din.publicInfo.nvPublic.nvIndex = NV_INDEX;
    din.publicInfo.nvPublic.nameAlg = TPM2_ALG_SHA256;
    din.publicInfo.nvPublic.attributes = TPMA_NV_AUTHWRITE | TPMA_NV_AUTHREAD | TPMA_NV_NO_DA |
                                         TPMA_NV_NT_SET(TPM2_NT_ORDINARY);
    din.publicInfo.nvPublic.dataSize = (uint16_t)strlen(NV_DATA);
    OK(tpm2l_NV_DefineSpace(&ctx, &din, &dout));
    assert_library_clean("NV_DefineSpace (auth as a plain parameter)");

    win.authHandle.handle = dout.nvIndex.handle;
    win.authHandle.name = dout.nvIndex.name;
    set_auth(&win.authHandle.auth, NV_AUTH);
    win.authHandle.session = &enc;
    win.nvIndex = dout.nvIndex;
    win.data.size = (uint16_t)strlen(NV_DATA);
    memcpy(win.data.buffer, NV_DATA, strlen(NV_DATA));
    OK(tpm2l_NV_Write(&ctx, &win));
    assert_library_clean("NV_Write (encrypted)");

    TPMS_NV_PUBLIC pub = din.publicInfo.nvPublic;
    rin.nvIndex = dout.nvIndex;
    OK(tpm2l_nv_mark_written(&pub, &rin.nvIndex.name));
    rin.authHandle = win.authHandle;
    rin.authHandle.name = rin.nvIndex.name;
    rin.size = (uint16_t)strlen(NV_DATA);
    OK(tpm2l_NV_Read(&ctx, &rin, &rout));
    STACK_CLEAN("NV_Read (encrypted)");
    assert_memory_equal(rout.data.buffer, NV_DATA, strlen(NV_DATA));
    assert_library_clean("NV_Read (encrypted)");
    rin.authHandle.session = NULL;
    OK(tpm2l_NV_Read(&ctx, &rin, &rout));
    assert_library_clean("NV_Read (password, data in clear)");

    uin.authHandle = owner;
    uin.nvIndex = rin.nvIndex;
    OK(tpm2l_NV_UndefineSpace(&ctx, &uin));
    tpm2l_cleanse(&rout, sizeof rout);
    tpm2l_cleanse(&win, sizeof win);
    tpm2l_cleanse(&rin, sizeof rin);
    tpm2l_cleanse(&din, sizeof din);
}

static void test_encrypted_random_bytes_are_not_left_behind(void **state)
{
    (void)state;
    tpm2l_GetRandom_in in = {32};
    tpm2l_GetRandom_out out;
    tpm2l_ctx_next_sessions(&ctx, &enc, NULL);
    OK(tpm2l_GetRandom(&ctx, &in, &out));
    assert_int_equal(out.randomBytes.size, 32);
    secret_add("random bytes", out.randomBytes.buffer, out.randomBytes.size);
    tpm2l_cleanse(&out, sizeof out);
    assert_library_clean("GetRandom (encrypted)");
}

static void test_credential_activation_leaves_no_secret(void **state)
{
    (void)state;
    static tpm2l_MakeCredential_in mk;
    static tpm2l_MakeCredential_out mkout;
    static tpm2l_ActivateCredential_in in;
    static tpm2l_ActivateCredential_out out;
    mk.handle.handle = primary.handle;
    mk.handle.name = primary.name;
    mk.credential.size = (uint16_t)strlen(CREDENTIAL);
    memcpy(mk.credential.buffer, CREDENTIAL, strlen(CREDENTIAL));
    mk.objectName = primary.name;
    tpm2l_ctx_next_sessions(&ctx, &enc, NULL); /* the credential goes out encrypted */
    OK(tpm2l_MakeCredential(&ctx, &mk, &mkout));
    assert_library_clean("MakeCredential");
    in.activateHandle = primary;
    in.keyHandle = primary;
    in.keyHandle.session = &enc;
    in.credentialBlob = mkout.credentialBlob;
    in.secret = mkout.secret;
    OK(tpm2l_ActivateCredential(&ctx, &in, &out));
    STACK_CLEAN("ActivateCredential (encrypted)");
    assert_memory_equal(out.certInfo.buffer, CREDENTIAL, strlen(CREDENTIAL));
    tpm2l_cleanse(&out, sizeof out);
    tpm2l_cleanse(&mk, sizeof mk);
    assert_library_clean("ActivateCredential (encrypted)");
}

/* ---- error paths ---- */

static void test_a_tpm_error_leaves_no_secret(void **state)
{
    (void)state;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    in.itemHandle = sealed;
    set_auth(&in.itemHandle.auth, WRONG_AUTH);
    /* a noDA object answers BAD_AUTH (Part 3 §5.6.4 of the reference, no lockout) */
    TPM2_RC rc = tpm2l_Unseal(&ctx, &in, &out);
    assert_int_equal(rc & ~(TPM2_RC)0xF00, TPM2_RC_BAD_AUTH);
    assert_library_clean("Unseal refused (wrong password)");

    /* the same with an HMAC under the wrong authValue: the session survives (session.h) */
    in.itemHandle.session = &enc;
    rc = tpm2l_Unseal(&ctx, &in, &out);
    assert_int_equal(rc & ~(TPM2_RC)0xF00, TPM2_RC_BAD_AUTH);
    assert_library_clean("Unseal refused (wrong HMAC)");
    tpm2l_cleanse(&in, sizeof in);
}

static void test_a_bad_response_hmac_leaves_no_secret(void **state)
{
    (void)state;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    in.itemHandle = sealed;
    in.itemHandle.session = &enc;
    bad.mode = CORRUPT_FLIP_LAST;
    check(tpm2l_Unseal(&ctx, &in, &out), TPM2L_RC_SESSION(TPM2L_E_RESPONSE_AUTH), "Unseal");
    STACK_CLEAN("a response HMAC that does not verify");
    assert_true(enc.unusable);
    assert_library_clean("a response whose HMAC does not verify");
    OK(tpm2l_session_flush(&ctx, &enc));
    start_enc(); /* a fresh one for the tests after this */
}

static void test_a_transport_error_leaves_no_secret(void **state)
{
    (void)state;
    static tpm2l_Unseal_in in;
    static tpm2l_Unseal_out out;
    static tpm2l_Create_in cin;
    static tpm2l_Create_out cout;

    /* the response carries the sealed data in clear and the transport "fails" */
    in.itemHandle = sealed;
    bad.mode = CORRUPT_FAIL_AFTER_READ;
    check(tpm2l_Unseal(&ctx, &in, &out), TPM2L_RC_TCTI(TPM2L_E_IO), "Unseal");
    assert_library_clean("a transport error after the response arrived");

    /* the command carries secrets in clear and the transport fails */
    cin.parentHandle = primary;
    OK(tpm2l_template_sealed(&cin.inPublic.publicArea, TPM2_ALG_SHA256, NULL,
                             TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA));
    set_auth(&cin.inSensitive.sensitive.userAuth, SEAL_AUTH);
    cin.inSensitive.sensitive.data.size = (uint16_t)strlen(SEAL_DATA);
    memcpy(cin.inSensitive.sensitive.data.buffer, SEAL_DATA, strlen(SEAL_DATA));
    bad.mode = CORRUPT_FAIL_AFTER_READ;
    check(tpm2l_Create(&ctx, &cin, &cout), TPM2L_RC_TCTI(TPM2L_E_IO), "Create");
    assert_library_clean("a transport error on a command with secrets in clear");
    tpm2l_cleanse(&cin, sizeof cin);
}

static void test_an_unsent_command_leaves_no_secret(void **state)
{
    (void)state;
    static tpm2l_Create_in cin;
    static tpm2l_Create_out cout;
    tpm2l_session dead = enc;
    /* a session that cannot be used fails the build after the parameters are written */
    dead.unusable = 1;
    cin.parentHandle = primary;
    cin.parentHandle.session = &dead;
    OK(tpm2l_template_sealed(&cin.inPublic.publicArea, TPM2_ALG_SHA256, NULL,
                             TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA));
    cin.inSensitive.sensitive.data.size = (uint16_t)strlen(SEAL_DATA);
    memcpy(cin.inSensitive.sensitive.data.buffer, SEAL_DATA, strlen(SEAL_DATA));
    check(tpm2l_Create(&ctx, &cin, &cout), TPM2L_RC_SESSION(TPM2L_E_BAD_SEQUENCE), "Create");
    tpm2l_session_wipe(&dead);
    assert_library_clean("a command refused before sending");
    tpm2l_cleanse(&cin, sizeof cin);
}

/* ---- sessions and the context at the end of their lives ---- */

static void assert_all_zero(const void *p, size_t n, const char *what)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            fail_msg("%s: byte %zu is 0x%02x after the wipe", what, i, b[i]);
}

static void test_session_flush_wipes_the_whole_session(void **state)
{
    (void)state;
    tpm2l_session copy = enc;
    assert_int_not_equal(secrets_scan("live session (expected)", &copy, sizeof copy), 0);
    OK(tpm2l_session_flush(&ctx, &enc));
    assert_all_zero(&enc, sizeof enc, "session after tpm2l_session_flush");
    tpm2l_session_wipe(&copy);
    assert_all_zero(&copy, sizeof copy, "session after tpm2l_session_wipe");
    assert_library_clean("FlushContext");
    start_enc();
}

/* The file holds the sessionKey in clear by design (sessionfile.h); the library's
 * buffers on the way to and from it must not. */
static void test_session_save_and_load_leave_no_secret(void **state)
{
    (void)state;
    char path[sizeof sim.dir + 16];
    snprintf(path, sizeof path, "%s/sess.ours", sim.dir);
    OK(tpm2l_session_save(&ctx, &enc, path));
    STACK_CLEAN("tpm2l_session_save");
    assert_all_zero(&enc, sizeof enc, "session after tpm2l_session_save");
    assert_library_clean("tpm2l_session_save");
    OK(tpm2l_session_load(&ctx, &enc, path));
    STACK_CLEAN("tpm2l_session_load");
    assert_library_clean("tpm2l_session_load");
    assert_int_not_equal(secrets_scan("loaded session (expected)", &enc, sizeof enc), 0);
    unlink(path);
}

static void test_ctx_close_leaves_no_secret(void **state)
{
    (void)state;
    tpm2l_ctx_close(&ctx);
    assert_library_clean("tpm2l_ctx_close");
    OK(tpm2l_ctx_init(&ctx, &bad.base)); /* teardown flushes through it */
    tpm2l_ctx_set_rng(&ctx, rec_rng_fn, &rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#ifndef NO_STACK_SCAN
        cmocka_unit_test(test_the_stack_probe_sees_what_a_callee_left),
#endif
        cmocka_unit_test(test_unseal_through_an_encrypting_session_leaves_no_secret),
        cmocka_unit_test(test_unseal_under_a_password_leaves_no_secret),
        cmocka_unit_test(test_nv_define_write_read_leave_no_secret),
        cmocka_unit_test(test_encrypted_random_bytes_are_not_left_behind),
        cmocka_unit_test(test_credential_activation_leaves_no_secret),
        cmocka_unit_test(test_a_tpm_error_leaves_no_secret),
        cmocka_unit_test(test_a_bad_response_hmac_leaves_no_secret),
        cmocka_unit_test(test_a_transport_error_leaves_no_secret),
        cmocka_unit_test(test_an_unsent_command_leaves_no_secret),
        cmocka_unit_test(test_session_flush_wipes_the_whole_session),
        cmocka_unit_test(test_session_save_and_load_leave_no_secret),
        cmocka_unit_test(test_ctx_close_leaves_no_secret),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
