/* tpmkey.c - TSS2 PRIVATE KEY (draft-bottomley-tpm2-keys) DER to struct and back.
 *
 * The ASN.1 is in keyfile.h; every tag there is EXPLICIT (openssl_tpm2_engine's
 * tpm2-asn.h, which tpm2-openssl and the kernel's trusted keys follow). DER throughout,
 * except that a BOOLEAN TRUE may be any non-zero byte (der.h). Must never
 * accept a field in the wrong order, a length past its range, or trailing bytes,
 * and never copy more than a destination holds.
 */
#include <string.h>

#include "src/file/der.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/marshal.h"

/* 2.23.133.10.1 (TCG) followed by the key type arc. */
static const uint8_t oid_prefix[] = {0x67, 0x81, 0x05, 0x0A, 0x01};

static TPM2_RC get_octets(der_reader *d, uint8_t tag, der_reader *c, const char *what)
{
    return der_get(d, tag, c, what);
}

/* A UTF8String into a NUL-terminated buffer of cap bytes (cap - 1 usable). */
static TPM2_RC get_utf8(der_reader *d, char *dst, size_t cap, const char *what)
{
    der_reader c;
    TPM2_RC rc = der_get(d, DER_UTF8STRING, &c, what);
    if (rc)
        return rc;
    if (c.len >= cap)
        return der_fail(d, TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT),
                        "%s at byte %zu: %zu bytes, at most %zu kept", what, c.abs, c.len,
                        cap - 1);
    if (c.len && memchr(c.buf, 0, c.len))
        return der_fail(d, TPM2L_RC_PARSE(TPM2L_E_BAD_VALUE), "%s at byte %zu: contains NUL",
                        what, c.abs);
    memcpy(dst, c.buf, c.len);
    dst[c.len] = 0;
    return 0;
}

/* A marshalled TPM structure in an OCTET STRING, held to exactly its length. */
typedef void (*unmarshal_fn)(tpm2l_rcur *r, void *v);

static TPM2_RC get_tpm(der_reader *d, void *v, unmarshal_fn fn, const char *what)
{
    der_reader c;
    TPM2_RC rc = get_octets(d, DER_OCTET_STRING, &c, what);
    if (rc)
        return rc;
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, c.buf, c.len);
    fn(&r, v);
    rc = tpm2l_rcur_finish(&r);
    if (rc)
        return der_fail(d, der_parse_rc(rc), "%s at byte %zu: the TPM structure does not parse (%s)",
                        what, c.abs, tpm2l_rc_str(rc).s);
    return 0;
}

static void un_public(tpm2l_rcur *r, void *v)
{
    tpm2l_unmarshal_TPM2B_PUBLIC(r, v);
}
static void un_private(tpm2l_rcur *r, void *v)
{
    tpm2l_unmarshal_TPM2B_PRIVATE(r, v);
}
static void un_secret(tpm2l_rcur *r, void *v)
{
    tpm2l_unmarshal_TPM2B_ENCRYPTED_SECRET(r, v);
}

/* SEQUENCE OF TPMPolicy */
static TPM2_RC get_policies(der_reader *d, tpm2l_tpmkey_policy *pol, size_t max, size_t *count,
                            const char *what)
{
    der_reader seq;
    TPM2_RC rc = der_get(d, DER_SEQUENCE, &seq, what);
    if (rc)
        return rc;
    size_t n = 0;
    while (!der_at_end(&seq)) {
        if (n == max)
            return der_fail(d, TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT),
                            "%s: more than %zu policy steps", what, max);
        der_reader p, t, o;
        if ((rc = der_get(&seq, DER_SEQUENCE, &p, "TPMPolicy")) ||
            (rc = der_get(&p, DER_CTX(0), &t, "TPMPolicy.commandCode")) ||
            (rc = der_get_u32(&t, &pol[n].commandCode, "TPMPolicy.commandCode")) ||
            (rc = der_end(&t, "TPMPolicy.commandCode")) ||
            (rc = der_get(&p, DER_CTX(1), &t, "TPMPolicy.commandPolicy")) ||
            (rc = der_get(&t, DER_OCTET_STRING, &o, "TPMPolicy.commandPolicy")) ||
            (rc = der_end(&t, "TPMPolicy.commandPolicy")) ||
            (rc = der_end(&p, "TPMPolicy")))
            return rc;
        if (o.len > sizeof pol[n].commandPolicy)
            return der_fail(d, TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT),
                            "policy step at byte %zu: %zu parameter bytes, at most %zu", o.abs,
                            o.len, sizeof pol[n].commandPolicy);
        pol[n].size = (uint16_t)o.len;
        if (o.len)
            memcpy(pol[n].commandPolicy, o.buf, o.len);
        n++;
    }
    *count = n;
    return 0;
}

static TPM2_RC get_auth_policies(der_reader *d, tpm2l_tpmkey *key)
{
    der_reader seq;
    TPM2_RC rc = der_get(d, DER_SEQUENCE, &seq, "authPolicy");
    if (rc)
        return rc;
    size_t n = 0;
    while (!der_at_end(&seq)) {
        if (n == TPM2L_TPMKEY_MAX_AUTH_POLICY)
            return der_fail(d, TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT),
                            "more than %d authPolicy entries", TPM2L_TPMKEY_MAX_AUTH_POLICY);
        tpm2l_tpmkey_auth_policy *ap = &key->auth_policy[n];
        der_reader a, t;
        if ((rc = der_get(&seq, DER_SEQUENCE, &a, "TPMAuthPolicy")))
            return rc;
        if (der_peek(&a) == DER_CTX(0)) {
            if ((rc = der_get(&a, DER_CTX(0), &t, "TPMAuthPolicy.name")) ||
                (rc = get_utf8(&t, ap->name, sizeof ap->name, "TPMAuthPolicy.name")) ||
                (rc = der_end(&t, "TPMAuthPolicy.name")))
                return rc;
        }
        if ((rc = der_get(&a, DER_CTX(1), &t, "TPMAuthPolicy.policy")) ||
            (rc = get_policies(&t, ap->policy, TPM2L_TPMKEY_MAX_POLICY, &ap->count,
                               "TPMAuthPolicy.policy")) ||
            (rc = der_end(&t, "TPMAuthPolicy.policy")) || (rc = der_end(&a, "TPMAuthPolicy")))
            return rc;
        n++;
    }
    key->auth_policy_count = n;
    return 0;
}

static TPM2_RC get_type(der_reader *d, tpm2l_tpmkey *key)
{
    der_reader o;
    TPM2_RC rc = der_get(d, DER_OID, &o, "type");
    if (rc)
        return rc;
    if (o.len != sizeof oid_prefix + 1 || memcmp(o.buf, oid_prefix, sizeof oid_prefix) != 0 ||
        o.buf[sizeof oid_prefix] < 3 || o.buf[sizeof oid_prefix] > 5)
        return der_fail(d, TPM2L_RC_PARSE(TPM2L_E_BAD_SELECTOR),
                        "type at byte %zu: not a TPM key OID (2.23.133.10.1.3, .4 or .5)",
                        o.abs);
    key->type = (tpm2l_tpmkey_type)o.buf[sizeof oid_prefix];
    return 0;
}

/* [n] EXPLICIT around one field, present when the next tag is [n]. */
static TPM2_RC open_opt(der_reader *d, int n, der_reader *inner, int *present, const char *what)
{
    *present = der_peek(d) == DER_CTX(n);
    if (!*present)
        return 0;
    return der_get(d, (uint8_t)DER_CTX(n), inner, what);
}

static TPM2_RC parse(der_reader *top, tpm2l_tpmkey *key)
{
    der_reader d, t;
    int present;
    TPM2_RC rc;
    if ((rc = der_get(top, DER_SEQUENCE, &d, "TPMKey")) || (rc = der_end(top, "the file")) ||
        (rc = get_type(&d, key)))
        return rc;
    if ((rc = open_opt(&d, 0, &t, &present, "emptyAuth")))
        return rc;
    if (present && ((rc = der_get_bool(&t, &key->emptyAuth, "emptyAuth")) ||
                    (rc = der_end(&t, "emptyAuth"))))
        return rc;
    if ((rc = open_opt(&d, 1, &t, &present, "policy")))
        return rc;
    if (present && ((rc = get_policies(&t, key->policy, TPM2L_TPMKEY_MAX_POLICY,
                                       &key->policy_count, "policy")) ||
                    (rc = der_end(&t, "policy"))))
        return rc;
    if ((rc = open_opt(&d, 2, &t, &present, "secret")))
        return rc;
    if (present && ((rc = get_tpm(&t, &key->secret, un_secret, "secret")) ||
                    (rc = der_end(&t, "secret"))))
        return rc;
    if ((rc = open_opt(&d, 3, &t, &present, "authPolicy")))
        return rc;
    if (present && ((rc = get_auth_policies(&t, key)) || (rc = der_end(&t, "authPolicy"))))
        return rc;
    if ((rc = open_opt(&d, 4, &t, &present, "description")))
        return rc;
    if (present && ((rc = get_utf8(&t, key->description, sizeof key->description,
                                   "description")) ||
                    (rc = der_end(&t, "description"))))
        return rc;
    if ((rc = open_opt(&d, 5, &t, &present, "rsaParent")))
        return rc;
    if (present && ((rc = der_get_bool(&t, &key->rsaParent, "rsaParent")) ||
                    (rc = der_end(&t, "rsaParent"))))
        return rc;
    if ((rc = der_get_u32(&d, &key->parent, "parent")) ||
        (rc = get_tpm(&d, &key->pub, un_public, "pubkey")) ||
        (rc = get_tpm(&d, &key->priv, un_private, "privkey")) || (rc = der_end(&d, "TPMKey")))
        return rc;
    if (key->pub.size == 0)
        return der_fail(&d, TPM2L_RC_PARSE(TPM2L_E_BAD_VALUE), "pubkey is empty");
    if (key->type != TPM2L_TPMKEY_IMPORTABLE && key->priv.size == 0)
        return der_fail(&d, TPM2L_RC_PARSE(TPM2L_E_BAD_VALUE), "privkey is empty");
    if (key->type == TPM2L_TPMKEY_IMPORTABLE && key->secret.size == 0)
        return der_fail(&d, TPM2L_RC_PARSE(TPM2L_E_BAD_VALUE),
                        "an importable key without its encrypted seed (secret)");
    return 0;
}

TPM2_RC tpm2l_tpmkey_from_der(const uint8_t *der, size_t len, tpm2l_tpmkey *key)
{
    if (!key)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    memset(key, 0, sizeof *key);
    if (!der && len)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    der_reader top;
    der_reader_init(&top, der, len, key->why, sizeof key->why);
    TPM2_RC rc = parse(&top, key);
    if (rc) {
        char why[sizeof key->why];
        memcpy(why, key->why, sizeof why);
        memset(key, 0, sizeof *key);
        memcpy(key->why, why, sizeof why);
    }
    return rc;
}

/* ---- writing ---- */

typedef void (*marshal_fn)(tpm2l_wcur *w, const void *v);

static void put_tpm(der_writer *w, const void *v, marshal_fn fn)
{
    size_t m = der_open(w, DER_OCTET_STRING);
    if (w->err)
        return;
    tpm2l_wcur c;
    tpm2l_wcur_init(&c, w->buf + w->off, w->cap - w->off);
    fn(&c, v);
    size_t n;
    TPM2_RC rc = tpm2l_wcur_finish(&c, &n);
    if (rc) {
        w->err = rc == TPM2L_RC_MARSHAL_INSUFFICIENT ? TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT) : rc;
        return;
    }
    w->off += n;
    der_close(w, m);
}

static void m_public(tpm2l_wcur *w, const void *v)
{
    tpm2l_marshal_TPM2B_PUBLIC(w, v);
}
static void m_private(tpm2l_wcur *w, const void *v)
{
    tpm2l_marshal_TPM2B_PRIVATE(w, v);
}
static void m_secret(tpm2l_wcur *w, const void *v)
{
    tpm2l_marshal_TPM2B_ENCRYPTED_SECRET(w, v);
}

static void put_policies(der_writer *w, const tpm2l_tpmkey_policy *pol, size_t n)
{
    size_t seq = der_open(w, DER_SEQUENCE);
    for (size_t i = 0; i < n; i++) {
        size_t p = der_open(w, DER_SEQUENCE);
        size_t t = der_open(w, DER_CTX(0));
        der_put_u32(w, pol[i].commandCode);
        der_close(w, t);
        t = der_open(w, DER_CTX(1));
        der_put(w, DER_OCTET_STRING, pol[i].commandPolicy, pol[i].size);
        der_close(w, t);
        der_close(w, p);
    }
    der_close(w, seq);
}

static int policies_ok(const tpm2l_tpmkey_policy *pol, size_t n)
{
    if (n > TPM2L_TPMKEY_MAX_POLICY)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (pol[i].size > sizeof pol[i].commandPolicy)
            return 0;
    return 1;
}

static int key_ok(const tpm2l_tpmkey *key)
{
    /* The TPM2B_PUBLIC marshaller writes the structure whatever size says, so an
     * unset public area would go out as garbage: refuse it. */
    if (key->type < TPM2L_TPMKEY_LOADABLE || key->type > TPM2L_TPMKEY_SEALED ||
        key->pub.size == 0 ||
        !policies_ok(key->policy, key->policy_count) ||
        key->auth_policy_count > TPM2L_TPMKEY_MAX_AUTH_POLICY ||
        key->secret.size > sizeof key->secret.secret ||
        key->priv.size > sizeof key->priv.buffer ||
        !memchr(key->description, 0, sizeof key->description))
        return 0;
    for (size_t i = 0; i < key->auth_policy_count; i++) {
        const tpm2l_tpmkey_auth_policy *ap = &key->auth_policy[i];
        if (!policies_ok(ap->policy, ap->count) || !memchr(ap->name, 0, sizeof ap->name))
            return 0;
    }
    return 1;
}

TPM2_RC tpm2l_tpmkey_to_der(const tpm2l_tpmkey *key, uint8_t *buf, size_t cap, size_t *len)
{
    if (!key || !buf || !len || !key_ok(key))
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    der_writer w;
    der_writer_init(&w, buf, cap);
    size_t top = der_open(&w, DER_SEQUENCE);
    uint8_t oid[sizeof oid_prefix + 1];
    memcpy(oid, oid_prefix, sizeof oid_prefix);
    oid[sizeof oid_prefix] = (uint8_t)key->type;
    der_put(&w, DER_OID, oid, sizeof oid);
    size_t t;
    if (key->emptyAuth) {
        t = der_open(&w, DER_CTX(0));
        der_put_bool(&w, 1);
        der_close(&w, t);
    }
    if (key->policy_count) {
        t = der_open(&w, DER_CTX(1));
        put_policies(&w, key->policy, key->policy_count);
        der_close(&w, t);
    }
    if (key->secret.size) {
        t = der_open(&w, DER_CTX(2));
        put_tpm(&w, &key->secret, m_secret);
        der_close(&w, t);
    }
    if (key->auth_policy_count) {
        t = der_open(&w, DER_CTX(3));
        size_t seq = der_open(&w, DER_SEQUENCE);
        for (size_t i = 0; i < key->auth_policy_count; i++) {
            const tpm2l_tpmkey_auth_policy *ap = &key->auth_policy[i];
            size_t a = der_open(&w, DER_SEQUENCE);
            if (ap->name[0]) {
                size_t n = der_open(&w, DER_CTX(0));
                der_put(&w, DER_UTF8STRING, (const uint8_t *)ap->name, strlen(ap->name));
                der_close(&w, n);
            }
            size_t p = der_open(&w, DER_CTX(1));
            put_policies(&w, ap->policy, ap->count);
            der_close(&w, p);
            der_close(&w, a);
        }
        der_close(&w, seq);
        der_close(&w, t);
    }
    if (key->description[0]) {
        t = der_open(&w, DER_CTX(4));
        der_put(&w, DER_UTF8STRING, (const uint8_t *)key->description,
                strlen(key->description));
        der_close(&w, t);
    }
    if (key->rsaParent) {
        t = der_open(&w, DER_CTX(5));
        der_put_bool(&w, 1);
        der_close(&w, t);
    }
    der_put_u32(&w, key->parent);
    put_tpm(&w, &key->pub, m_public);
    put_tpm(&w, &key->priv, m_private);
    der_close(&w, top);
    if (w.err)
        return w.err;
    *len = w.off;
    return 0;
}
