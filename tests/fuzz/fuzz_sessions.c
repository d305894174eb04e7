/* fuzz_sessions.c - responses to commands carrying one, two or three HMAC or policy
 * sessions: response HMAC verification, nonce rolling, parameter decryption
 * (AES-128/256-CFB and XOR) and then the wrapper's parsing of the decrypted bytes.
 *
 * A fuzzer cannot forge an HMAC, so the harness plays the TPM: sessions have fixed,
 * known sessionKeys; the harness reads the command the executor sent (nonceCaller,
 * attributes), encrypts the first response parameter when the command asked for it,
 * and computes each response HMAC the way a TPM does, over the parameter bytes and
 * nonces the fuzzer chose. Flags let the fuzzer break one HMAC, drop continueSession
 * or choose the response attributes, so the failure paths run too.
 *
 * Input: byte 0 command (fuzz_cmds.c); byte 1 sessions: bits 0-1 count-1 (3 = three),
 * bits 2-3 authHash (SHA-1, SHA-256, SHA-384, SHA-512), bit 4 XOR instead of AES, bit 5
 * AES-256 instead of AES-128, bits 6-7 which session encrypts the response (0 none);
 * byte 2: bits 0-2 corrupt session i's HMAC, bit 3 policy session with PolicyAuthValue
 * as session 1, bit 4 response attributes from the input, bit 5 the command also asks
 * DECRYPT of the encrypting session, bit 6 AUDIT on the last session; then per session
 * one byte nonceTPM size (16 + n % 49) and, with bit 4, one byte attributes; then the
 * response handle (4 bytes, when the command has one) and the parameters, in clear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/session/session_int.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_cmds.h"

#define RS_PW 0x40000009u

typedef struct {
    fuzz_in in;
    size_t n_sess;
    tpm2l_session *sess;
    uint8_t corrupt, rsp_attrs_from_input;
    uint8_t nonce_len[3], attrs[3];
    tpm2l_crypto *crypto;
    const fuzz_cmd_info *info;
} plan;

static plan P;

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static tpm2l_session *by_handle(uint32_t h)
{
    for (size_t i = 0; i < P.n_sess; i++)
        if (P.sess[i].handle == h)
            return &P.sess[i];
    return NULL;
}

/* Slots of the command's authorisation area, as the executor wrote them. */
typedef struct {
    uint32_t handle;
    uint8_t attrs;
} slot;

static size_t read_slots(const fuzz_tcti *t, slot *out)
{
    size_t at = 10 + 4u * P.info->n_handles, n = 0;
    if (t->cmd_len < at + 4 || get32(t->cmd) >> 16 != TPM2_ST_SESSIONS)
        return 0;
    size_t end = at + 4 + get32(t->cmd + at);
    at += 4;
    while (at + 9 <= end && end <= t->cmd_len && n < 3) {
        out[n].handle = get32(t->cmd + at);
        size_t nl = (size_t)t->cmd[at + 4] << 8 | t->cmd[at + 5];
        out[n].attrs = t->cmd[at + 6 + nl];
        size_t hl = (size_t)t->cmd[at + 7 + nl] << 8 | t->cmd[at + 8 + nl];
        at += 9 + nl + hl;
        n++;
    }
    return n;
}

/* The nonceTPM the harness answers session slot i with. */
static void nonce_tpm(size_t i, uint8_t out[64])
{
    for (size_t k = 0; k < 64; k++)
        out[k] = (uint8_t)(0xA5 ^ (i * 29 + k * 7));
}

static size_t respond(fuzz_tcti *t, uint8_t *rsp, size_t cap)
{
    static const uint8_t auth_bytes[] = FUZZ_AUTH;
    TPM2B_AUTH auth;
    auth.size = sizeof auth_bytes - 1;
    memcpy(auth.buffer, auth_bytes, auth.size);
    slot sl[3];
    size_t n_slots = read_slots(t, sl);
    size_t at = 10;

    for (size_t i = 0; i < P.info->n_rsp_handles; i++, at += 4) {
        size_t got;
        const uint8_t *h = fuzz_take(&P.in, 4, &got);
        uint8_t hb[4] = {0x80, 0, 0, 1};
        memcpy(hb, h, got);
        memcpy(rsp + at, hb, 4);
    }
    size_t psize_at = at;
    at += 4;
    size_t room = cap - at - 3 * (2 + 64 + 1 + 2 + 64);
    size_t plen;
    const uint8_t *params = fuzz_take(&P.in, room, &plen);
    memcpy(rsp + at, params, plen);
    uint8_t *pbuf = rsp + at;
    at += plen;
    put32(rsp + psize_at, (uint32_t)plen);

    /* Nonces first: the encryption key stream depends on the new nonceTPM. */
    uint8_t nonces[3][64];
    for (size_t i = 0; i < n_slots; i++)
        nonce_tpm(i, nonces[i]);
    for (size_t i = 0; i < n_slots; i++) {
        tpm2l_session *s = by_handle(sl[i].handle);
        if (!s || !(sl[i].attrs & TPMA_SESSION_ENCRYPT) || plen < 2)
            continue;
        size_t n = (size_t)pbuf[0] << 8 | pbuf[1];
        if (n > plen - 2)
            continue;
        /* The TPM encrypts with newer = its new nonceTPM, older = nonceCaller: the
         * command direction of a session with the two nonces swapped. */
        tpm2l_session swapped = *s;
        swapped.nonceCaller.size = P.nonce_len[i];
        memcpy(swapped.nonceCaller.buffer, nonces[i], P.nonce_len[i]);
        swapped.nonceTPM = s->nonceCaller;
        (void)tpm2l_session_param_crypt(P.crypto, &swapped, i < P.info->n_auths ? &auth : NULL,
                                        1, pbuf + 2, n);
        tpm2l_cleanse(&swapped, sizeof swapped);
    }
    for (size_t i = 0; i < n_slots; i++) {
        tpm2l_session *s = by_handle(sl[i].handle);
        uint8_t attrs = P.rsp_attrs_from_input ? P.attrs[i] : sl[i].attrs;
        if (!s) {
            /* A password: empty nonce, continueSession, empty hmac. */
            memset(rsp + at, 0, 2);
            rsp[at + 2] = TPMA_SESSION_CONTINUESESSION;
            memset(rsp + at + 3, 0, 2);
            at += 5;
            continue;
        }
        TPM2B_DIGEST rp, hmac;
        /* Only a session that authorises a handle ever keys with the authValue. */
        int inc = i < P.info->n_auths && (s->type != TPM2_SE_POLICY || s->policy_auth_value);
        memset(&hmac, 0, sizeof hmac);
        if (tpm2l_rp_hash(P.crypto, s->authHash, get32(t->cmd + 6), pbuf, plen, &rp) == 0)
            (void)tpm2l_session_rsp_hmac(P.crypto, s, inc ? &auth : NULL, &rp, nonces[i],
                                         P.nonce_len[i], attrs, &hmac);
        if (P.corrupt >> i & 1u)
            hmac.buffer[hmac.size ? hmac.size - 1 : 0] ^= 0x01;
        rsp[at] = 0;
        rsp[at + 1] = P.nonce_len[i];
        memcpy(rsp + at + 2, nonces[i], P.nonce_len[i]);
        at += 2u + P.nonce_len[i];
        rsp[at++] = attrs;
        rsp[at] = (uint8_t)(hmac.size >> 8);
        rsp[at + 1] = (uint8_t)hmac.size;
        memcpy(rsp + at + 2, hmac.buffer, hmac.size);
        at += 2u + hmac.size;
    }
    rsp[0] = 0x80;
    rsp[1] = 0x02;
    put32(rsp + 2, (uint32_t)at);
    put32(rsp + 6, 0);
    return at;
}

static void bug(const char *what, size_t i)
{
    fprintf(stderr, "fuzz_sessions: %s (%s, session %zu of %zu)\n", what, P.info->name, i + 1,
            P.n_sess);
    abort();
}

/* What session.h promises, checked after every command that reached the TPM. */
static void check_outcome(TPM2_RC rc)
{
    for (size_t i = 0; i < P.n_sess; i++) {
        const tpm2l_session *s = &P.sess[i];
        if (!rc && (P.corrupt >> i & 1u))
            bug("a response whose HMAC was broken was accepted", i);
        if (!rc && s->handle) {
            /* Success: the nonce chain moved to the nonceTPM of this response. */
            uint8_t want[64];
            nonce_tpm(i, want);
            if (s->unusable || s->nonceTPM.size != P.nonce_len[i] ||
                memcmp(s->nonceTPM.buffer, want, P.nonce_len[i]))
                bug("after success the session does not hold the new nonceTPM", i);
        }
        if (rc == TPM2L_RC(TPM2L_LAYER_SESSION, TPM2L_E_RESPONSE_AUTH) && s->handle &&
            !s->unusable)
            bug("a response that failed verification left the session usable", i);
    }
}

static const TPM2_ALG_ID hashes[4] = {TPM2_ALG_SHA1, TPM2_ALG_SHA256, TPM2_ALG_SHA384,
                                      TPM2_ALG_SHA512};

static void make_session(tpm2l_session *s, size_t i, uint8_t cfg, uint8_t flags)
{
    memset(s, 0, sizeof *s);
    s->handle = 0x02000000u + (uint32_t)i;
    s->type = TPM2_SE_HMAC;
    if (i == 0 && (flags & 0x08)) {
        s->handle = 0x03000000u;
        s->type = TPM2_SE_POLICY;
        s->policy_auth_value = 1;
    }
    s->authHash = hashes[cfg >> 2 & 3];
    size_t h = tpm2l_hash_size(s->authHash);
    if (cfg & 0x10) {
        s->symmetric.algorithm = TPM2_ALG_XOR;
        s->symmetric.keyBits.exclusiveOr = s->authHash;
    } else {
        s->symmetric.algorithm = TPM2_ALG_AES;
        s->symmetric.keyBits.aes = cfg & 0x20 ? 256 : 128;
        s->symmetric.mode.aes = TPM2_ALG_CFB;
    }
    s->sessionKey.size = (uint16_t)h;
    for (size_t k = 0; k < h; k++)
        s->sessionKey.buffer[k] = (uint8_t)(0x30 + i * 17 + k);
    s->nonceCaller.size = 16;
    s->nonceTPM.size = (uint16_t)h;
    memset(s->nonceTPM.buffer, 0x5a, h);
    s->salted = 1;
    s->key_is_secret = 1;
    s->attrs = TPMA_SESSION_CONTINUESESSION;
    if ((cfg >> 6) == i + 1) {
        s->attrs |= TPMA_SESSION_ENCRYPT;
        if (flags & 0x20)
            s->attrs |= TPMA_SESSION_DECRYPT;
    }
    s->policy_digest.size = (uint16_t)h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tpm2l_ctx *ctx;
    static fuzz_tcti *tcti;
    static tpm2l_crypto *crypto;
    static tpm2l_session *sess;
    static uint8_t counter;
    if (!ctx) {
        ctx = malloc(sizeof *ctx);
        tcti = malloc(sizeof *tcti);
        crypto = malloc(sizeof *crypto);
        sess = malloc(3 * sizeof *sess);
        if (!ctx || !tcti || !crypto || !sess)
            return 0;
        fuzz_tcti_init(tcti, respond, NULL);
        tpm2l_ctx_init(ctx, &tcti->base);
        tpm2l_crypto_init(crypto);
    }
    fuzz_in in = {data, size};
    uint8_t which = fuzz_u8(&in), cfg = fuzz_u8(&in), flags = fuzz_u8(&in);
    memset(&P, 0, sizeof P);
    P.info = fuzz_cmd_info_of(which);
    if (P.info->changes_auth)
        return 0;
    P.n_sess = (cfg & 3u) + 1u;
    if (P.n_sess > 3)
        P.n_sess = 3;
    /* At most two sessions ride along without a handle (tpm2l_ctx_next_sessions). */
    if (P.n_sess > P.info->n_auths + 2u)
        P.n_sess = P.info->n_auths + 2u;
    P.sess = sess;
    P.crypto = crypto;
    P.corrupt = flags & 7u;
    P.rsp_attrs_from_input = (flags & 0x10) != 0;
    for (size_t i = 0; i < P.n_sess; i++) {
        make_session(&sess[i], i, cfg, flags);
        P.nonce_len[i] = (uint8_t)(16 + fuzz_u8(&in) % 49);
        if (P.rsp_attrs_from_input)
            P.attrs[i] = fuzz_u8(&in);
    }
    if (flags & 0x40)
        sess[P.n_sess - 1].attrs |= TPMA_SESSION_AUDIT;
    P.in = in;
    tcti->exchanges = 0;
    counter = 0;
    tpm2l_ctx_set_rng(ctx, fuzz_counter_rng, &counter);
    tpm2l_session *list[3] = {&sess[0], &sess[1], &sess[2]};
    TPM2_RC rc = fuzz_cmd_run(ctx, which, list, P.n_sess);
    if (tcti->exchanges)
        check_outcome(rc);
    for (size_t i = 0; i < 3; i++)
        tpm2l_session_wipe(&sess[i]);
    return 0;
}
