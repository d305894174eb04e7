/* matrix.c - the session matrix's engine: shared entities, cells, table, recording.
 * A cell never stops the loop on failure (no cmocka assert inside a cell): its result
 * goes into the table, printed whole when any cell is not as documented. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tests/integration/session/matrix.h"
#include "tpm2lite/corpus.h"

static const char *const type_name[] = {"hmac", "policy"};
static const char *const bind_name[] = {"unbound", "bound", "salt-rsa", "salt-ecc",
                                        "salt+bound"};
static const char *const enc_name[] = {"none", "dec", "enc", "both"};
static const char outcome_char[] = {'W', 'L', 'T'};

/* ---- the shared world: salt keys, a storage parent, a sealed object, an NV index ---- */

static tpm2l_session s1;
tpm2l_policy pav;
tpm2l_auth_handle parent, sealed, nv, owner;
const char sealed_data[24] = "matrix sealed: 0c7e41d2";
int world_ready;
size_t nv_baseline;
/* The salt keys, made persistent: swtpm has three object slots, and a cell may need
 * the parent, the sealed object and a freshly created object at once. */
tpm2l_handle rsa_salt, ecc_salt;

size_t count_handles(TPM2_HANDLE first)
{
    static tpm2l_GetCapability_in in;
    static tpm2l_GetCapability_out out;
    in.capability = TPM2_CAP_HANDLES;
    in.property = first;
    in.propertyCount = 64;
    if (tpm2l_GetCapability(&ctx, &in, &out))
        return 999;
    size_t n = 0;
    for (uint32_t i = 0; i < out.capabilityData.data.handles.count; i++)
        n += (out.capabilityData.data.handles.handle[i] & TPM2_HR_RANGE_MASK) == first;
    return n;
}

size_t sessions_loaded(void)
{
    return count_handles(TPM2_HR_HMAC_SESSION) + count_handles(TPM2_HR_POLICY_SESSION);
}

tpm2l_auth_handle entity(const tpm2l_handle *h, const char *auth)
{
    tpm2l_auth_handle ah = hierarchy(h->handle, auth);
    ah.name = h->name;
    return ah;
}

void persist(const tpm2l_handle *obj, TPM2_HANDLE p, tpm2l_handle *out)
{
    static tpm2l_EvictControl_in in;
    static tpm2l_EvictControl_out eout;
    memset(&in, 0, sizeof in);
    in.auth = hierarchy(TPM2_RH_OWNER, NULL);
    in.objectHandle = obj ? *obj : *out;
    in.persistentHandle = p;
    OK(tpm2l_EvictControl(&ctx, &in, &eout));
    if (obj) {
        *out = eout.persistentHandle;
        assert_int_equal(out->handle, p);
        assert_int_not_equal(out->name.size, 0);
    }
}

static void make_world(void)
{
    static tpm2l_CreatePrimary_in pin;
    static tpm2l_CreatePrimary_out pout;
    static tpm2l_Create_in cin;
    static tpm2l_Create_out cout;
    static tpm2l_Load_in lin;
    static tpm2l_Load_out lout;
    static tpm2l_NV_DefineSpace_in din;
    static tpm2l_NV_DefineSpace_out dout;
    static tpm2l_NV_Write_in win;

    make_salt_keys();
    persist(&rsa_key.objectHandle, RSA_SALT_HANDLE, &rsa_salt);
    persist(&ecc_key.objectHandle, ECC_SALT_HANDLE, &ecc_salt);
    flush_salt_keys();
    nv_baseline = count_handles(TPM2_HR_NV_INDEX);
    OK(tpm2l_policy_init(&pav, TPM2_ALG_SHA256));
    OK(tpm2l_policy_auth_value(&pav));

    /* storage parent: userWithAuth stays set so HMAC sessions work too */
    memset(&pin, 0, sizeof pin);
    pin.primaryHandle = hierarchy(TPM2_RH_OWNER, NULL);
    OK(tpm2l_template_primary(&pin.inPublic.publicArea, TPM2_ALG_ECC));
    pin.inPublic.publicArea.objectAttributes |= TPMA_OBJECT_NODA;
    pin.inPublic.publicArea.authPolicy = pav.digest;
    pin.inSensitive.sensitive.userAuth.size = 9;
    memcpy(pin.inSensitive.sensitive.userAuth.buffer, "parent-pw", 9);
    OK(tpm2l_CreatePrimary(&ctx, &pin, &pout));
    parent = entity(&pout.objectHandle, "parent-pw");

    memset(&cin, 0, sizeof cin);
    cin.parentHandle = parent;
    OK(tpm2l_template_sealed(&cin.inPublic.publicArea, TPM2_ALG_SHA256, &pav.digest,
                             TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA));
    cin.inSensitive.sensitive.userAuth.size = 7;
    memcpy(cin.inSensitive.sensitive.userAuth.buffer, "seal-pw", 7);
    cin.inSensitive.sensitive.data.size = sizeof sealed_data - 1;
    memcpy(cin.inSensitive.sensitive.data.buffer, sealed_data, sizeof sealed_data - 1);
    OK(tpm2l_Create(&ctx, &cin, &cout));
    memset(&lin, 0, sizeof lin);
    lin.parentHandle = parent;
    lin.inPrivate = cout.outPrivate;
    lin.inPublic = cout.outPublic;
    OK(tpm2l_Load(&ctx, &lin, &lout));
    sealed = entity(&lout.objectHandle, "seal-pw");

    memset(&din, 0, sizeof din);
    din.authHandle = hierarchy(TPM2_RH_OWNER, NULL);
    din.auth.size = 5;
    memcpy(din.auth.buffer, "nv-pw", 5);
    din.publicInfo.nvPublic.nvIndex = NV_INDEX;
    din.publicInfo.nvPublic.nameAlg = TPM2_ALG_SHA256;
    din.publicInfo.nvPublic.attributes = TPMA_NV_AUTHWRITE | TPMA_NV_AUTHREAD |
                                         TPMA_NV_POLICYWRITE | TPMA_NV_POLICYREAD |
                                         TPMA_NV_NO_DA | TPMA_NV_NT_SET(TPM2_NT_ORDINARY);
    din.publicInfo.nvPublic.authPolicy = pav.digest;
    din.publicInfo.nvPublic.dataSize = NV_SIZE;
    OK(tpm2l_NV_DefineSpace(&ctx, &din, &dout));
    /* written once now, so its name (TPMA_NV_WRITTEN) is fixed for every cell */
    memset(&win, 0, sizeof win);
    win.authHandle = entity(&dout.nvIndex, "nv-pw");
    win.nvIndex = dout.nvIndex;
    win.data.size = NV_SIZE;
    OK(tpm2l_NV_Write(&ctx, &win));
    TPMS_NV_PUBLIC pub = din.publicInfo.nvPublic;
    tpm2l_handle h = dout.nvIndex;
    OK(tpm2l_nv_mark_written(&pub, &h.name));
    nv = entity(&h, "nv-pw");
    owner = hierarchy(TPM2_RH_OWNER, "owner-pw");
    world_ready = 1;
}

int matrix_setup(void **state)
{
    (void)state;
    if (!world_ready)
        make_world();
    return 0;
}

static void record_abandon(void);

int matrix_teardown(void **state)
{
    (void)state;
    record_abandon();
    tpm2l_session_flush(&ctx, &s1);
    return 0;
}

/* ---- one cell ---- */

static cfg cell_cfg(int cell)
{
    cfg c = {cell / 40, (cell / 8) % 5, (cell / 2) % 4, cell % 2};
    return c;
}

static int salted(const cfg *c)
{
    return c->bind == B_RSA || c->bind == B_ECC || c->bind == B_SALT_BOUND;
}

static int bound(const cfg *c)
{
    return c->bind == B_BOUND || c->bind == B_SALT_BOUND;
}

/* The documented outcome of a cell, before the command decides. */
static outcome expected(const command *cmd, const cfg *c, TPM2_RC *rc)
{
    /* session.h, tpm2l_session_start: DECRYPT or ENCRYPT on a session neither salted
     * nor bound to a non-empty authValue is refused, whatever the command. */
    if (!salted(c) && !bound(c) && c->enc != E_NONE) {
        *rc = RC_LIB_EMPTY_KEY;
        return LIB_REFUSED;
    }
    *rc = cmd->tpm_refuses ? cmd->tpm_refuses(c) : 0;
    return *rc ? TPM_REFUSED : WORKED;
}

TPM2_RC policy_prep(tpm2l_session *s)
{
    if (s->type != TPM2_SE_POLICY)
        return 0;
    /* the TPM resets a policy session after each use (Part 1 §19.7.1): satisfy it
     * again before every authorisation */
    tpm2l_PolicyAuthValue_in in = {{s, 0}};
    return tpm2l_PolicyAuthValue(&ctx, &in);
}

static void run_cell(const command *cmd, int cell, cell_result *r)
{
    cfg c = cell_cfg(cell);
    memset(r, 0, sizeof *r);
    r->want = expected(cmd, &c, &r->want_rc);

    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = c.type == T_POLICY ? TPM2_SE_POLICY : TPM2_SE_HMAC;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric = c.sym == Y_XOR ? sym_xor(TPM2_ALG_SHA256) : sym_aes(128);
    if (c.bind == B_RSA || (c.bind == B_SALT_BOUND && c.enc % 2 == 0))
        p.tpmKey = &rsa_salt;
    else if (salted(&c))
        p.tpmKey = &ecc_salt;
    if (bound(&c))
        p.bind = c.sym == Y_AES && cmd->own ? cmd->own : cmd->other;
    p.attrs = CONT | (c.enc & 1 ? DEC : 0) | (c.enc & 2 ? ENC : 0);

    /* fault: wrong even when the outcome is the documented one */
    int fault = 0;
    TPM2_RC rc = tpm2l_session_start(&ctx, &s1, &p);
    if (rc) {
        r->got = TPM2L_RC_IS_LIB(rc) ? LIB_REFUSED : TPM_REFUSED;
        r->rc = rc;
        fault = rc == RC_LIB_EMPTY_KEY &&
                !strstr(tpm2l_ctx_error(&ctx), "sessionKey would be empty");
        snprintf(r->why, sizeof r->why, "start: %s", tpm2l_ctx_error(&ctx));
    } else {
        rc = cmd->run(&s1, cell, r->why, sizeof r->why);
        r->rc = rc;
        r->got = rc == 0 || rc == VERIFY_FAILED ? WORKED : TPM2L_RC_IS_LIB(rc) ? LIB_REFUSED
                                                                          : TPM_REFUSED;
        fault = rc == VERIFY_FAILED;
        if (rc && !r->why[0])
            snprintf(r->why, sizeof r->why, "%s", tpm2l_ctx_error(&ctx));
        TPM2_RC frc = tpm2l_session_flush(&ctx, &s1);
        if (frc) {
            fault = 1;
            snprintf(r->why, sizeof r->why, "flush: 0x%x", (unsigned)frc);
        }
    }
    size_t left = sessions_loaded();
    if (left) {
        fault = 1;
        snprintf(r->why, sizeof r->why, "%zu session(s) left loaded", left);
    }
    r->ok = !fault && r->got == r->want && r->rc == r->want_rc;
}

static void print_table(const command *cmd, const cell_result *res)
{
    print_message("%s: W worked, L refused by the library, T refused by the TPM, "
                  "! not as documented\n%-18s", cmd->name, "");
    for (int e = 0; e < 4; e++)
        print_message("%-12s", enc_name[e]);
    print_message("\n%-18s", "");
    for (int e = 0; e < 4; e++)
        print_message("%-6s%-6s", "AES", "XOR");
    print_message("\n");
    for (int row = 0; row < 10; row++) {
        print_message("%-7s%-11s", type_name[row / 5], bind_name[row % 5]);
        for (int col = 0; col < 8; col++) {
            const cell_result *r = &res[row * 8 + col];
            print_message("%c%-5s", outcome_char[r->got], r->ok ? "" : "!");
        }
        print_message("\n");
    }
    for (int i = 0; i < N_CELLS; i++) {
        if (res[i].ok)
            continue;
        cfg c = cell_cfg(i);
        print_message("  cell %d %s/%s/%s/%s: got %c 0x%x, want %c 0x%x: %s\n", i,
                      type_name[c.type], bind_name[c.bind], enc_name[c.enc],
                      c.sym ? "XOR" : "AES", outcome_char[res[i].got], (unsigned)res[i].rc,
                      outcome_char[res[i].want], (unsigned)res[i].want_rc, res[i].why);
    }
}

/* ---- the record transport: is the secret on the wire? ---- */

static tpm2l_tcti_record rec;
static tpm2l_tcti *plain;
static char corpus_path[256];
static int recording;

static void record_begin(void)
{
    snprintf(corpus_path, sizeof corpus_path, "%s/matrix.corpus", sim.dir);
    tpm2l_record_opts o;
    memset(&o, 0, sizeof o);
    o.scenario = "matrix";
    OK(tpm2l_tcti_record_open(&rec, ctx.tcti, corpus_path, &o));
    plain = ctx.tcti;
    ctx.tcti = &rec.base;
    recording = 1;
}

static int record_end_and_find(const uint8_t *needle, size_t n)
{
    static tpm2l_tcti_replay rp;
    static uint8_t store[1 << 18];
    ctx.tcti = plain;
    recording = 0;
    OK(tpm2l_tcti_record_finish(&rec));
    OK(tpm2l_tcti_replay_open(&rp, corpus_path, store, sizeof store));
    int found = 0;
    size_t exchanges = rp.n_exchanges;
    for (size_t i = 1; i <= rp.n_exchanges; i++) {
        const uint8_t *c, *r;
        size_t cl, rl;
        OK(tpm2l_tcti_replay_exchange(&rp, i, &c, &cl, &r, &rl));
        for (size_t k = 0; k + n <= cl; k++)
            found |= memcmp(c + k, needle, n) == 0;
        for (size_t k = 0; k + n <= rl; k++)
            found |= memcmp(r + k, needle, n) == 0;
    }
    tpm2l_tcti_close(&rp.base);
    tpm2l_tcti_close(&rec.base);
    unlink(corpus_path);
    assert_true(exchanges > 0);
    return found;
}

/* The representative cell (HMAC, salted ECC, AES-128, both ways) hides the secret;
 * the same session without encryption shows it, so the search can find it. Only
 * the command under test is recorded (cmd->run brackets it with rec_on/rec_off). */
static void assert_secret_only_in_clear(const command *cmd)
{
    static const int cells[2] = {3 * 8 + E_BOTH * 2 + Y_AES, 3 * 8 + E_NONE * 2 + Y_AES};
    for (int k = 0; k < 2; k++) {
        cell_result r;
        recording = -1; /* armed: run turns it on around the command */
        run_cell(cmd, cells[k], &r);
        if (recording == 1)
            fail_msg("%s: recording left on", cmd->name);
        if (!r.ok)
            fail_msg("%s recorded cell %d: %s", cmd->name, cells[k], r.why);
        if (recording != 2)
            fail_msg("%s recorded cell %d: the command was never sent", cmd->name, cells[k]);
        if (r.want != WORKED) {
            /* a control the TPM refuses shows nothing; test_wire.c has one */
            (void)record_end_and_find(cmd->secret, 1);
            continue;
        }
        int found = record_end_and_find(cmd->secret, cmd->secret_len);
        if (found != (k == 1))
            fail_msg("%s: secret %s on the wire with encryption %s", cmd->name,
                     found ? "found" : "not found", k ? "off" : "on");
    }
}

/* After a failure inside a recorded cell: back to the plain transport. */
static void record_abandon(void)
{
    if (recording == 1 || recording == 2) {
        ctx.tcti = plain;
        tpm2l_tcti_close(&rec.base);
        unlink(corpus_path);
    }
    recording = 0;
}

void rec_on(void)
{
    if (recording == -1)
        record_begin();
}

void rec_off(void)
{
    if (recording == 1) {
        ctx.tcti = plain;
        recording = 2; /* finished by record_end_and_find */
    }
}

void run_matrix(const command *cmd)
{
    static cell_result res[N_CELLS];
    int bad = 0, n[3] = {0, 0, 0};
    for (int i = 0; i < N_CELLS; i++) {
        run_cell(cmd, i, &res[i]);
        bad += !res[i].ok;
        n[res[i].got]++;
    }
    print_message("%s: %d worked, %d refused by the library, %d refused by the TPM\n",
                  cmd->name, n[WORKED], n[LIB_REFUSED], n[TPM_REFUSED]);
    if (bad) {
        print_table(cmd, res);
        fail_msg("%s: %d of %d cells not as documented", cmd->name, bad, N_CELLS);
    }
    assert_secret_only_in_clear(cmd);
}

