/* session_file.c - session files: libtpm2lite's format and tpm2-tools' (ESAPI's
 * IESYS_CONTEXT_DATA wrapping), encoded and decoded with bounds-checked cursors, and
 * written 0600 through a temporary file. The layouts are documented in sessionfile.h.
 *
 * Input files are untrusted: every size is checked against the file and the
 * destination, every enumerated field against its allowed values, and nothing is
 * accepted after the last field. The sessionKey passes through local buffers that
 * are wiped on every path out. Never prints.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tpm2lite/cursor.h"
#include "tpm2lite/marshal.h"
#include "src/command/session_file_int.h"
#include "tpm2lite/sessionfile.h"

#define PERR(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

static const char OURS_MAGIC[] = "tpm2lite session file v1\n";
static const char OURS_PREFIX[] = "tpm2lite session file v";
static const char OURS_WARNING[] =
    "# SECRET: holds this session's sessionKey in clear; keep it private (mode 0600).\n";

#define TOOLS_MAGIC 0xBADCC0DEu
#define TOOLS_SESSION_VERSION 2u
#define TOOLS_CONTEXT_VERSION 1u
#define ESYS_SESSION_RSRC 3u
#define ESYS_BOUND_SIZE 68u /* sizeof(TPMU_NAME): ESAPI pads the bind marker to it */

#define F_SALTED 0x01u
#define F_BOUND 0x02u
#define F_KEY_SECRET 0x04u
#define F_POLICY_AUTH 0x08u
#define F_POLICY_PASSWORD 0x10u
#define F_AUDIT 0x20u
#define F_ALL 0x3Fu

static TPM2_RC fail(TPM2_RC rc, char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static TPM2_RC fail(TPM2_RC rc, char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* Part 1 §19.6.4: an authValue is used without its trailing zero bytes. */
static size_t trimmed(const uint8_t *p, size_t n)
{
    while (n && p[n - 1] == 0)
        n--;
    return n;
}

/* H_alg(trimmed authValue): how the session remembers its bind entity's authValue. */
static TPM2_RC auth_digest(TPMI_ALG_HASH alg, const TPM2B_AUTH *auth, TPM2B_DIGEST *d)
{
    if (auth->size > sizeof auth->buffer)
        return PERR(TPM2L_E_BAD_ARG);
    TPM2_RC rc = tpm2l_hash(NULL, alg, auth->buffer, trimmed(auth->buffer, auth->size),
                            d->buffer, sizeof d->buffer);
    d->size = rc ? 0 : (uint16_t)tpm2l_hash_size(alg);
    return rc;
}

/* ---- checks shared by both formats ---- */

static int type_matches_handle(TPM2_SE type, TPM2_HANDLE h)
{
    TPM2_HANDLE range = h & TPM2_HR_RANGE_MASK;
    if (type == TPM2_SE_HMAC)
        return range == TPM2_HR_HMAC_SESSION;
    if (type == TPM2_SE_POLICY || type == TPM2_SE_TRIAL)
        return range == TPM2_HR_POLICY_SESSION;
    return 0;
}

/* A digest field: empty or exactly the hash's size. */
static int digest_ok(const TPM2B_DIGEST *d, size_t hlen)
{
    return d->size == 0 || d->size == hlen;
}

static int nonce_ok(const TPM2B_NONCE *n)
{
    return n->size >= 16 && n->size <= 64;
}

static TPM2_RC check_session(const tpm2l_session *s, char *err, size_t errlen)
{
    size_t hlen = tpm2l_hash_size(s->authHash);
    if (!hlen)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "unknown authHash 0x%04x",
                    (unsigned)s->authHash);
    if (!type_matches_handle(s->type, s->handle))
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "session type %u does not fit handle 0x%08x", (unsigned)s->type,
                    (unsigned)s->handle);
    if (s->attrs & ~TPM2L_SESSION_ATTRS_ALLOWED)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "reserved session attributes 0x%02x",
                    (unsigned)s->attrs);
    if (!digest_ok(&s->sessionKey, hlen) || !digest_ok(&s->bind_auth_digest, hlen) ||
        !digest_ok(&s->policy_digest, hlen) || !digest_ok(&s->audit_digest, hlen))
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "a digest is neither empty nor %zu bytes (authHash's size)", hlen);
    if (!nonce_ok(&s->nonceCaller) || !nonce_ok(&s->nonceTPM))
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "a nonce is not 16 to 64 bytes");
    return TPM2_RC_SUCCESS;
}

/* ---- libtpm2lite's format ---- */

static void encode_ours(tpm2l_wcur *w, const tpm2l_session *s, const TPMS_CONTEXT *saved)
{
    uint8_t flags = (uint8_t)((s->salted ? F_SALTED : 0) | (s->bound ? F_BOUND : 0) |
                              (s->key_is_secret ? F_KEY_SECRET : 0) |
                              (s->policy_auth_value ? F_POLICY_AUTH : 0) |
                              (s->policy_password ? F_POLICY_PASSWORD : 0) |
                              (s->audit_started ? F_AUDIT : 0));
    tpm2l_wcur_bytes(w, (const uint8_t *)OURS_MAGIC, sizeof OURS_MAGIC - 1);
    tpm2l_wcur_bytes(w, (const uint8_t *)OURS_WARNING, sizeof OURS_WARNING - 1);
    tpm2l_wcur_u32(w, saved->savedHandle);
    tpm2l_wcur_u32(w, saved->hierarchy);
    tpm2l_wcur_u64(w, saved->sequence);
    tpm2l_marshal_TPM2B_CONTEXT_DATA(w, &saved->contextBlob);
    tpm2l_wcur_u8(w, s->type);
    tpm2l_wcur_u16(w, s->authHash);
    tpm2l_marshal_TPMT_SYM_DEF(w, &s->symmetric);
    tpm2l_wcur_u8(w, s->attrs);
    tpm2l_wcur_u8(w, flags);
    tpm2l_marshal_TPM2B_DIGEST(w, &s->sessionKey);
    tpm2l_marshal_TPM2B_DIGEST(w, &s->nonceCaller);
    tpm2l_marshal_TPM2B_DIGEST(w, &s->nonceTPM);
    tpm2l_marshal_TPM2B_NAME(w, &s->bind_name);
    tpm2l_marshal_TPM2B_DIGEST(w, &s->bind_auth_digest);
    tpm2l_marshal_TPM2B_DIGEST(w, &s->policy_digest);
    tpm2l_marshal_TPM2B_DIGEST(w, &s->audit_digest);
}

static TPM2_RC decode_ours(tpm2l_rcur *r, tpm2l_session *s, TPMS_CONTEXT *saved, char *err,
                           size_t errlen)
{
    tpm2l_rcur_take(r, sizeof OURS_MAGIC - 1);
    const uint8_t *warn = tpm2l_rcur_take(r, sizeof OURS_WARNING - 1);
    if (!warn || memcmp(warn, OURS_WARNING, sizeof OURS_WARNING - 1) != 0)
        return fail(r->err ? PERR(TPM2L_E_TRUNCATED) : PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "the second line of a tpm2lite session file is missing or changed");
    saved->savedHandle = tpm2l_rcur_u32(r);
    saved->hierarchy = tpm2l_rcur_u32(r);
    saved->sequence = tpm2l_rcur_u64(r);
    tpm2l_unmarshal_TPM2B_CONTEXT_DATA(r, &saved->contextBlob);
    s->handle = saved->savedHandle;
    s->type = tpm2l_rcur_u8(r);
    s->authHash = tpm2l_rcur_u16(r);
    tpm2l_unmarshal_TPMT_SYM_DEF(r, &s->symmetric);
    s->attrs = tpm2l_rcur_u8(r);
    uint8_t flags = tpm2l_rcur_u8(r);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &s->sessionKey);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &s->nonceCaller);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &s->nonceTPM);
    tpm2l_unmarshal_TPM2B_NAME(r, &s->bind_name);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &s->bind_auth_digest);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &s->policy_digest);
    tpm2l_unmarshal_TPM2B_DIGEST(r, &s->audit_digest);
    if (r->err == TPM2L_RC_MARSHAL_TRUNCATED)
        return fail(PERR(TPM2L_E_TRUNCATED), err, errlen,
                    "the tpm2lite session file ends early (truncated)");
    if (r->err)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "a field of the tpm2lite session file is malformed (%s)",
                    tpm2l_rc_str(r->err).s);
    if (flags & ~F_ALL)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "unknown flags 0x%02x",
                    (unsigned)flags);
    s->salted = !!(flags & F_SALTED);
    s->bound = !!(flags & F_BOUND);
    s->key_is_secret = !!(flags & F_KEY_SECRET);
    s->policy_auth_value = !!(flags & F_POLICY_AUTH);
    s->policy_password = !!(flags & F_POLICY_PASSWORD);
    s->audit_started = !!(flags & F_AUDIT);
    return TPM2_RC_SUCCESS;
}

/* ---- tpm2-tools' format ---- */

static void esys_bound_entity(const tpm2l_session *s, const TPM2B_AUTH *bind_auth,
                              TPM2B_NAME *out)
{
    memset(out, 0, sizeof *out);
    if (!s->bound || !s->bind_name.size)
        return;
    memcpy(out->name, s->bind_name.name, s->bind_name.size);
    if (bind_auth) {
        size_t n = bind_auth->size <= sizeof bind_auth->buffer
                       ? trimmed(bind_auth->buffer, bind_auth->size)
                       : 0;
        for (size_t i = 0; i < n; i++)
            out->name[ESYS_BOUND_SIZE - n + i] ^= bind_auth->buffer[i];
    }
    out->size = ESYS_BOUND_SIZE;
}

static void encode_tools(tpm2l_wcur *w, const tpm2l_session *s, const TPMS_CONTEXT *saved,
                         const TPM2B_NAME *bound)
{
    TPM2B_NAME name;
    (void)tpm2l_name_from_handle(s->handle, &name);
    tpm2l_wcur_u32(w, TOOLS_MAGIC);
    tpm2l_wcur_u32(w, TOOLS_SESSION_VERSION);
    tpm2l_wcur_u8(w, s->type);
    tpm2l_wcur_u16(w, s->authHash);
    tpm2l_wcur_u32(w, TOOLS_MAGIC);
    tpm2l_wcur_u32(w, TOOLS_CONTEXT_VERSION);
    tpm2l_wcur_u32(w, saved->hierarchy);
    tpm2l_wcur_u32(w, saved->savedHandle);
    tpm2l_wcur_u64(w, saved->sequence);
    size_t at = tpm2l_wcur_size16_begin(w);
    tpm2l_wcur_u32(w, 0); /* IESYS_CONTEXT_DATA.reserved */
    tpm2l_marshal_TPM2B_CONTEXT_DATA(w, &saved->contextBlob);
    tpm2l_wcur_u16(w, 0); /* metadata size: 0, as ESAPI writes it */
    tpm2l_wcur_u32(w, s->handle);
    tpm2l_marshal_TPM2B_NAME(w, &name);
    tpm2l_wcur_u32(w, ESYS_SESSION_RSRC);
    tpm2l_marshal_TPM2B_NAME(w, bound);
    tpm2l_wcur_u16(w, 0); /* encryptedSalt */
    tpm2l_wcur_u16(w, 0); /* salt */
    tpm2l_marshal_TPMT_SYM_DEF(w, &s->symmetric);
    tpm2l_wcur_u16(w, s->authHash);
    tpm2l_marshal_TPM2B_DIGEST(w, &s->sessionKey);
    tpm2l_wcur_u8(w, s->type);
    tpm2l_wcur_u8(w, s->attrs);
    tpm2l_marshal_TPM2B_DIGEST(w, &s->nonceCaller);
    tpm2l_marshal_TPM2B_DIGEST(w, &s->nonceTPM);
    tpm2l_wcur_u32(w, 0); /* encrypt */
    tpm2l_wcur_u32(w, 0); /* decrypt */
    tpm2l_wcur_u32(w, s->policy_password ? 2u : s->policy_auth_value ? 1u : 0u);
    tpm2l_wcur_u16(w, 0); /* sizeSessionValue: no copy of the key */
    tpm2l_wcur_u16(w, 0); /* sizeHmacValue */
    tpm2l_wcur_size16_end(w, at);
}

/* ESAPI's bind marker back into a name and the digest of the authValue in its tail. */
static TPM2_RC decode_bound(tpm2l_session *s, const TPM2B_NAME *b, TPM2B_AUTH *auth_out,
                            char *err, size_t errlen)
{
    if (b->size == 0)
        return TPM2_RC_SUCCESS;
    if (b->size < 4)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "ESAPI bind marker of %u bytes",
                    (unsigned)b->size);
    TPM2_ALG_ID alg = (TPM2_ALG_ID)(b->name[0] << 8 | b->name[1]);
    size_t hl = tpm2l_hash_size(alg), n = 4;
    if (hl && 2 + hl <= b->size)
        n = 2 + hl;
    memcpy(s->bind_name.name, b->name, n);
    s->bind_name.size = (uint16_t)n;
    TPM2B_AUTH auth;
    memset(&auth, 0, sizeof auth);
    size_t i = n;
    while (i < b->size && b->name[i] == 0)
        i++;
    if (b->size - i > sizeof auth.buffer)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "ESAPI bind marker is malformed");
    memcpy(auth.buffer, b->name + i, b->size - i);
    auth.size = (uint16_t)(b->size - i);
    TPM2_RC rc = auth_digest(s->authHash, &auth, &s->bind_auth_digest);
    if (!rc && auth_out)
        *auth_out = auth;
    tpm2l_cleanse(&auth, sizeof auth);
    if (rc)
        return rc;
    s->bound = 1;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC decode_tools(tpm2l_rcur *r, tpm2l_session *s, TPMS_CONTEXT *saved,
                            TPM2B_AUTH *bind_auth, char *err, size_t errlen)
{
    TPM2_RC rc;
    (void)tpm2l_rcur_u32(r); /* magic, checked by the caller */
    uint32_t version = tpm2l_rcur_u32(r);
    if (!r->err && version != TOOLS_SESSION_VERSION)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    version == TOOLS_CONTEXT_VERSION
                        ? "a tpm2-tools context file (version 1), not a session file (version 2)"
                        : "a tpm2-tools session file of version %u; this reads version 2",
                    (unsigned)version);
    uint8_t htype = tpm2l_rcur_u8(r);
    uint16_t hhash = tpm2l_rcur_u16(r);
    uint32_t magic = tpm2l_rcur_u32(r);
    uint32_t cversion = tpm2l_rcur_u32(r);
    if (!r->err && (magic != TOOLS_MAGIC || cversion != TOOLS_CONTEXT_VERSION))
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "the context inside the tpm2-tools session file has magic 0x%08x version "
                    "%u; want 0xBADCC0DE version 1",
                    (unsigned)magic, (unsigned)cversion);
    saved->hierarchy = tpm2l_rcur_u32(r);
    saved->savedHandle = tpm2l_rcur_u32(r);
    saved->sequence = tpm2l_rcur_u64(r);
    tpm2l_rcur blob;
    tpm2l_rcur_sub(r, tpm2l_rcur_u16(r), &blob);
    if (r->err)
        return fail(PERR(TPM2L_E_TRUNCATED), err, errlen,
                    "the tpm2-tools session file ends early (truncated)");
    if (tpm2l_rcur_left(r))
        return fail(PERR(TPM2L_E_TRAILING), err, errlen,
                    "%zu bytes after the tpm2-tools session file's context", tpm2l_rcur_left(r));
    if (tpm2l_rcur_u32(&blob) != 0)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "the context is not ESAPI's (no session record): not a tpm2-tools 4+ "
                    "session file");
    tpm2l_unmarshal_TPM2B_CONTEXT_DATA(&blob, &saved->contextBlob);
    (void)tpm2l_rcur_u16(&blob); /* metadata size: ESAPI writes 0 */
    uint32_t esys_handle = tpm2l_rcur_u32(&blob);
    TPM2B_NAME name, bound;
    tpm2l_unmarshal_TPM2B_NAME(&blob, &name);
    uint32_t rtype = tpm2l_rcur_u32(&blob);
    if (!blob.err && rtype != ESYS_SESSION_RSRC)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "the ESAPI record is of resource type %u, not a session (3)",
                    (unsigned)rtype);
    tpm2l_unmarshal_TPM2B_NAME(&blob, &bound);
    TPM2B_ENCRYPTED_SECRET esalt;
    TPM2B_DATA salt;
    tpm2l_unmarshal_TPM2B_ENCRYPTED_SECRET(&blob, &esalt);
    tpm2l_unmarshal_TPM2B_DATA(&blob, &salt);
    tpm2l_unmarshal_TPMT_SYM_DEF(&blob, &s->symmetric);
    s->authHash = tpm2l_rcur_u16(&blob);
    tpm2l_unmarshal_TPM2B_DIGEST(&blob, &s->sessionKey);
    s->type = tpm2l_rcur_u8(&blob);
    s->attrs = tpm2l_rcur_u8(&blob);
    tpm2l_unmarshal_TPM2B_DIGEST(&blob, &s->nonceCaller);
    tpm2l_unmarshal_TPM2B_DIGEST(&blob, &s->nonceTPM);
    (void)tpm2l_rcur_u32(&blob); /* encrypt */
    (void)tpm2l_rcur_u32(&blob); /* decrypt */
    uint32_t policy = tpm2l_rcur_u32(&blob);
    uint16_t sv = tpm2l_rcur_u16(&blob);
    const uint8_t *svp = tpm2l_rcur_take(&blob, sv);
    (void)svp; /* sessionKey || authValue, a cache of what we derive ourselves */
    (void)tpm2l_rcur_u16(&blob);
    /* The salt is secret; ESAPI leaves it empty, but wipe whatever a file held. */
    tpm2l_cleanse(&salt, sizeof salt);
    if (blob.err == TPM2L_RC_MARSHAL_TRUNCATED)
        return fail(PERR(TPM2L_E_TRUNCATED), err, errlen,
                    "the ESAPI session record ends early (truncated)");
    if (blob.err)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "a field of the ESAPI session record is malformed (%s)",
                    tpm2l_rc_str(blob.err).s);
    if (tpm2l_rcur_left(&blob))
        return fail(PERR(TPM2L_E_TRAILING), err, errlen,
                    "%zu bytes after the ESAPI session record (a newer ESAPI layout?)",
                    tpm2l_rcur_left(&blob));
    if (esys_handle != saved->savedHandle)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "ESAPI's handle 0x%08x is not the saved handle 0x%08x",
                    (unsigned)esys_handle, (unsigned)saved->savedHandle);
    if (htype != s->type || hhash != s->authHash)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "the header (type %u, hash 0x%04x) disagrees with the session record "
                    "(type %u, hash 0x%04x)",
                    (unsigned)htype, (unsigned)hhash, (unsigned)s->type,
                    (unsigned)s->authHash);
    if (policy > 2)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "unknown ESAPI policy marker %u",
                    (unsigned)policy);
    s->handle = saved->savedHandle;
    s->policy_auth_value = policy == 1;
    s->policy_password = policy == 2;
    s->key_is_secret = s->sessionKey.size != 0;
    size_t hlen = tpm2l_hash_size(s->authHash);
    if (!hlen)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "unknown authHash 0x%04x",
                    (unsigned)s->authHash);
    rc = decode_bound(s, &bound, bind_auth, err, errlen);
    if (rc)
        return rc;
    if (s->type != TPM2_SE_HMAC) {
        /* The TPM holds the real digest; zeros are our best prediction's start. */
        memset(s->policy_digest.buffer, 0, hlen);
        s->policy_digest.size = (uint16_t)hlen;
    }
    return TPM2_RC_SUCCESS;
}

/* ---- entry points ---- */

TPM2_RC tpm2l_session_file_encode(const tpm2l_session *s, const TPMS_CONTEXT *saved,
                                  tpm2l_session_file_format fmt, const TPM2B_AUTH *bind_auth,
                                  uint8_t *buf, size_t cap, size_t *len)
{
    if (!s || !saved || !buf || !len)
        return PERR(TPM2L_E_BAD_ARG);
    if (!s->handle || s->unusable)
        return PERR(TPM2L_E_BAD_ARG);
    TPM2_RC rc = check_session(s, NULL, 0);
    if (rc)
        return PERR(TPM2L_E_BAD_ARG);
    tpm2l_wcur w;
    tpm2l_wcur_init(&w, buf, cap);
    if (fmt == TPM2L_SESSION_FILE_OURS) {
        encode_ours(&w, s, saved);
    } else if (fmt == TPM2L_SESSION_FILE_TPM2_TOOLS) {
        if (s->bound && s->bind_name.size) {
            /* ESAPI recognises the bind entity by name XOR authValue: without the
             * right authValue tpm2-tools would compute the wrong HMAC key on it. */
            static const TPM2B_AUTH empty;
            TPM2B_DIGEST d;
            rc = auth_digest(s->authHash, bind_auth ? bind_auth : &empty, &d);
            if (rc)
                return rc;
            int same = d.size == s->bind_auth_digest.size &&
                       tpm2l_ct_equal(d.buffer, s->bind_auth_digest.buffer, d.size);
            tpm2l_cleanse(&d, sizeof d);
            if (!same)
                return PERR(TPM2L_E_BAD_ARG);
        }
        TPM2B_NAME bound;
        esys_bound_entity(s, bind_auth, &bound);
        encode_tools(&w, s, saved, &bound);
        tpm2l_cleanse(&bound, sizeof bound);
    } else {
        return PERR(TPM2L_E_BAD_ARG);
    }
    rc = tpm2l_wcur_finish(&w, len);
    if (rc) {
        tpm2l_cleanse(buf, cap);
        return rc == TPM2L_RC_MARSHAL_INSUFFICIENT ? PERR(TPM2L_E_INSUFFICIENT) : rc;
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_session_file_decode(const uint8_t *buf, size_t len, tpm2l_session *s,
                                  TPMS_CONTEXT *saved, tpm2l_session_file_format *fmt,
                                  char *err, size_t errlen)
{
    return tpm2l_session_file_decode_bind(buf, len, s, saved, fmt, NULL, err, errlen);
}

TPM2_RC tpm2l_session_file_decode_bind(const uint8_t *buf, size_t len, tpm2l_session *s,
                                       TPMS_CONTEXT *saved, tpm2l_session_file_format *fmt,
                                       TPM2B_AUTH *bind_auth, char *err, size_t errlen)
{
    if (bind_auth)
        memset(bind_auth, 0, sizeof *bind_auth);
    TPM2_RC rc;
    tpm2l_session_file_format f = TPM2L_SESSION_FILE_OURS;
    if (err && errlen)
        err[0] = '\0';
    if (!buf || !s || !saved)
        return fail(PERR(TPM2L_E_BAD_ARG), err, errlen, "no buffer or destination");
    memset(s, 0, sizeof *s);
    memset(saved, 0, sizeof *saved);
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, buf, len);
    size_t ml = sizeof OURS_MAGIC - 1, pl = sizeof OURS_PREFIX - 1;
    if (len >= ml && memcmp(buf, OURS_MAGIC, ml) == 0) {
        f = TPM2L_SESSION_FILE_OURS;
        rc = decode_ours(&r, s, saved, err, errlen);
        if (!rc && tpm2l_rcur_left(&r))
            rc = fail(PERR(TPM2L_E_TRAILING), err, errlen,
                      "%zu bytes after the end of the tpm2lite session file",
                      tpm2l_rcur_left(&r));
    } else if (len >= pl && memcmp(buf, OURS_PREFIX, pl) == 0) {
        rc = fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                  "a tpm2lite session file of a version this library does not read "
                  "(it reads v1)");
    } else if (len >= 4 && buf[0] == 0xBA && buf[1] == 0xDC && buf[2] == 0xC0 &&
               buf[3] == 0xDE) {
        f = TPM2L_SESSION_FILE_TPM2_TOOLS;
        rc = decode_tools(&r, s, saved, bind_auth, err, errlen);
    } else if (len < 4) {
        rc = fail(PERR(TPM2L_E_TRUNCATED), err, errlen,
                  "%zu bytes: too short to be a session file", len);
    } else {
        rc = fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                  "not a session file (neither \"tpm2lite session file\" nor the "
                  "tpm2-tools magic 0xBADCC0DE)");
    }
    if (!rc)
        rc = check_session(s, err, errlen);
    if (!rc && saved->contextBlob.size == 0)
        rc = fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "the saved context blob is empty");
    if (rc) {
        tpm2l_cleanse(s, sizeof *s);
        memset(saved, 0, sizeof *saved);
        if (bind_auth)
            tpm2l_cleanse(bind_auth, sizeof *bind_auth);
        return rc;
    }
    if (fmt)
        *fmt = f;
    return TPM2_RC_SUCCESS;
}
